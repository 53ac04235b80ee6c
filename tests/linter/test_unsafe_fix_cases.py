"""The unsafe cross-file fixes (structlint.fixes) on the cases their rule examples do not
show: where entries go, how names are chosen when they clash, and when there is no fix."""

from __future__ import annotations

from pathlib import Path

import yaml

from structlint.api import Project
from structlint.fixer import FixPolicy, fix_project
from structlint.fixes.yaml_insert import insert_key
from tests.helpers import write_project

REGISTRY = """\
from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values(), Pipeline([]))
    return pipelines
"""


INIT = 'from .pipeline import create_pipeline\n\n__all__ = ["create_pipeline"]\n'


def _pipeline(funcs: str, nodes: str) -> str:
    return (
        "from kedro.pipeline import Pipeline, node\n\n"
        f"from .nodes import {funcs}\n\n\n"
        "def create_pipeline(**kwargs) -> Pipeline:\n"
        f"    return Pipeline(\n        [\n{nodes}        ]\n    )\n"
    )


def _fix(root: Path, *codes: str):
    project = Project.open(root)
    policy = FixPolicy.from_settings(project.settings.values, unsafe=True)
    return fix_project(
        project, codes=project.codes(list(codes)), policy=policy, jobs=1, use_cache=False
    )


def _project(tmp: Path, files: dict[str, str]) -> Path:
    base = {
        "src/demo/__init__.py": "",
        "src/demo/settings.py": "",
        "src/demo/pipeline_registry.py": REGISTRY,
        "src/demo/pipelines/__init__.py": "",
    }
    return write_project(tmp, {**base, **files})


def test_parameters_go_to_the_pipelines_own_file_and_clashing_knobs_are_grouped(
    tmp_path: Path,
) -> None:
    root = _project(
        tmp_path,
        {
            "src/demo/pipelines/model/__init__.py": INIT,
            "src/demo/pipelines/model/nodes.py": """\
                from sklearn.model_selection import train_test_split


                def split(table):
                    return train_test_split(table, test_size=0.2, random_state=1)


                def resplit(table):
                    return train_test_split(table, test_size=0.3, random_state=1)
                """,
            "src/demo/pipelines/model/pipeline.py": _pipeline(
                "resplit, split",
                '            node(split, "table", ["a", "b"]),\n'
                '            node(resplit, "a", ["c", "d"]),\n',
            ),
            # The project keeps one parameters file per pipeline.
            "conf/base/parameters_other.yml": "# other\nalpha: 1\n",
            "conf/base/catalog.yml": (
                "table:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/t.csv\n"
            ),
        },
    )
    outcome = _fix(root, "SL302")
    assert not outcome.messages
    assert [f for f in outcome.result.findings if f.code == "SL302"] == []
    params = yaml.safe_load((root / "conf/base/parameters_model.yml").read_text())
    # Both functions want `test_size` and `random_state`: each gets its own group.
    assert params == {
        "split": {"test_size": 0.2, "random_state": 1},
        "resplit": {"test_size": 0.3, "random_state": 1},
    }
    pipeline = (root / "src/demo/pipelines/model/pipeline.py").read_text()
    assert '"params:split.test_size"' in pipeline and '"params:resplit.random_state"' in pipeline
    assert (root / "conf/base/parameters_other.yml").read_text() == "# other\nalpha: 1\n"
    # Nothing of the graph rules fires on the fixed project.
    result = Project.open(root).check(codes=["SL304", "SL406", "SL401", "SL303"], use_cache=False)
    assert result.findings == []


def test_a_function_wired_twice_gets_the_input_in_both_nodes(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "src/demo/pipelines/clean/__init__.py": INIT,
            "src/demo/pipelines/clean/nodes.py": """\
                def trim(table):
                    return table.sample(frac=0.5, random_state=7)
                """,
            "src/demo/pipelines/clean/pipeline.py": _pipeline(
                "trim",
                '            node(trim, "a", "b", name="trim_a"),\n'
                '            node(trim, ("c",), "d", name="trim_c"),\n',
            ),
            "conf/base/parameters.yml": "# knobs\nfrac_all: 1\n",
        },
    )
    outcome = _fix(root, "SL302")
    assert not outcome.messages
    pipeline = (root / "src/demo/pipelines/clean/pipeline.py").read_text()
    assert 'node(trim, ["a", "params:frac", "params:random_state"], "b", name="trim_a")' in pipeline
    assert 'node(trim, ("c", "params:frac", "params:random_state"), "d", name="trim_c")' in pipeline
    assert (
        "def trim(table, frac, random_state):"
        in (root / "src/demo/pipelines/clean/nodes.py").read_text()
    )
    assert (root / "conf/base/parameters.yml").read_text().startswith("# knobs\nfrac_all: 1\n")


def test_no_fix_for_a_helper_or_a_signature_with_defaults(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "src/demo/pipelines/p/__init__.py": INIT,
            "src/demo/pipelines/p/nodes.py": """\
                from sklearn.ensemble import RandomForestRegressor


                def train(x, y, depth=3):
                    return RandomForestRegressor(n_estimators=10, max_depth=depth).fit(x, y)


                def fit(x, y):
                    return _model().fit(x, y)


                def _model():
                    return RandomForestRegressor(n_estimators=20)
                """,
            "src/demo/pipelines/p/pipeline.py": _pipeline(
                "fit, train",
                '            node(train, ["x", "y"], "m"),\n'
                '            node(fit, ["x", "y"], "n"),\n',
            ),
        },
    )
    project = Project.open(root)
    result = project.check(codes=["SL302"], use_cache=False, project_fixes=True)
    assert len(result.findings) == 2
    assert all(f.fix is None for f in result.findings)


def test_a_write_in_the_middle_of_a_node_has_no_fix_and_says_why(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        {
            "src/demo/pipelines/r/__init__.py": INIT,
            "src/demo/pipelines/r/nodes.py": """\
                def report(table):
                    table.to_csv("data/08_reporting/report.csv")
                    summary = table.describe()
                    return summary
                """,
            "src/demo/pipelines/r/pipeline.py": _pipeline(
                "report", '            node(report, "table", "summary"),\n'
            ),
        },
    )
    result = Project.open(root).check(codes=["SL201"], use_cache=False, project_fixes=True)
    (f,) = result.findings
    assert f.fix is None
    assert "No automatic fix: the write is not a statement of its own at the end" in f.message


def test_a_read_of_a_file_the_catalog_has_reuses_its_entry(tmp_path: Path) -> None:
    catalog = "# data\nregions:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/regions.csv\n"
    root = _project(
        tmp_path,
        {
            "src/demo/pipelines/r/__init__.py": INIT,
            "src/demo/pipelines/r/nodes.py": """\
                import pandas as pd


                def join(table):
                    return table.merge(pd.read_csv("data/01_raw/regions.csv"), on="r")
                """,
            "src/demo/pipelines/r/pipeline.py": _pipeline(
                "join", '            node(join, "table", "joined"),\n'
            ),
            "conf/base/catalog.yml": catalog,
        },
    )
    outcome = _fix(root, "SL201")
    assert not outcome.messages
    assert (root / "conf/base/catalog.yml").read_text() == catalog
    nodes = (root / "src/demo/pipelines/r/nodes.py").read_text()
    assert nodes == 'def join(table, regions):\n    return table.merge(regions, on="r")\n'
    assert '["table", "regions"]' in (root / "src/demo/pipelines/r/pipeline.py").read_text()


def test_yaml_insertion_keeps_comments_and_order() -> None:
    text = "# top\nb: 1  # keep\n\nns:\n  # inner\n  x: 1\n\n# tail\nz: {}\n"
    new = insert_key(text, ["ns", "y"], [1, 2])
    assert (
        new
        == "# top\nb: 1  # keep\n\nns:\n  # inner\n  x: 1\n  y:\n  - 1\n  - 2\n\n# tail\nz: {}\n"
    )
    # A key that is there, or below a flow mapping with content, is not touched.
    assert insert_key(text, ["b"], 2) is None
    assert insert_key("a: {x: 1}\n", ["a", "y"], 2) is None
    # The empty `{}` of a new project's file is replaced by the first key.
    assert insert_key("# c\n{}\n", ["seed"], 42) == "# c\nseed: 42\n"
