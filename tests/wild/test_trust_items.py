"""Trust items of issue 11's review: what the rules say must match what Kedro and git do."""

from __future__ import annotations

from pathlib import Path

import pytest
from kedro.pipeline import Pipeline, node
from kedro.pipeline.pipeline import OutputNotUniqueError

from tests.helpers import run, write_project

_REGISTRY = """\
    from kedro.pipeline import Pipeline, node


    def split(trips):
        return trips, trips


    def register_pipelines():
        return {{"__default__": Pipeline([node(split, "trips", {outputs}, name="split")])}}
    """


def _split(trips):
    return trips, trips


def _sl407(tmp_path: Path, outputs: str) -> list[str]:
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/pipeline_registry.py": _REGISTRY.format(outputs=outputs),
        },
    )
    return [f.message for f in run(tmp_path, select=["SL407"]).findings if f.code == "SL407"]


def test_sl407_an_output_listed_twice_in_one_node_names_kedros_error(tmp_path: Path) -> None:
    # What Kedro itself raises: the node cannot even be made.
    with pytest.raises(ValueError, match="due to duplicate output") as raised:
        node(_split, "trips", ["clean", "clean"], name="split")
    assert not isinstance(raised.value, OutputNotUniqueError)
    (message,) = _sl407(tmp_path, '["clean", "clean"]')
    assert "node `split` lists `clean` twice" in message
    assert "ValueError" in message and "OutputNotUniqueError" not in message
    assert "due to duplicate output(s) {'clean'}. Node outputs must be unique." in message
    assert "Node outputs must be unique." in str(raised.value)


def test_sl407_transcoded_twins_from_one_node_fail_when_the_pipeline_is_built(
    tmp_path: Path,
) -> None:
    made = node(_split, "trips", ["clean@pandas", "clean@spark"], name="split")  # accepted
    with pytest.raises(OutputNotUniqueError):
        Pipeline([made])
    (message,) = _sl407(tmp_path, '["clean@pandas", "clean@spark"]')
    assert "`clean@pandas` and `clean@spark`" in message
    assert "(OutputNotUniqueError)" in message


def test_sl407_two_nodes_keep_the_pipeline_message(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/pipeline_registry.py": """\
                from kedro.pipeline import Pipeline, node


                def clean(x):
                    return x


                def register_pipelines():
                    return {"__default__": Pipeline([
                        node(clean, "a", "out", name="one"),
                        node(clean, "b", "out", name="two"),
                    ])}
                """,
        },
    )
    (finding,) = [f for f in run(tmp_path, select=["SL407"]).findings if f.code == "SL407"]
    assert "produced by node `two` and by node `one`" in finding.message
    assert "(OutputNotUniqueError)" in finding.message
