"""SL506 logic-in-pipeline-module through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.util import engine_findings, make, where

CODE = "SL506"
PIPE = "src/demo/pipelines/demo/pipeline.py"
NODES = "src/demo/pipelines/demo/nodes.py"
HEAD = "from kedro.pipeline import Pipeline, node, pipeline\n\n"
CREATE = (
    '\n\ndef create_pipeline(**kwargs) -> Pipeline:\n    return pipeline([node(clean, "a", "b")])\n'
)
NODES_OK = "def clean(a):\n    return a\n"


def run(tmp_path: Path, pipe: str, nodes: str = NODES_OK, **extra: str) -> set[tuple[str, int]]:
    make(tmp_path, {PIPE: pipe, NODES: nodes, "src/demo/pipelines/demo/__init__.py": "", **extra})
    return where(engine_findings(tmp_path, CODE))


def test_create_pipeline_alone_is_fine(tmp_path: Path) -> None:
    assert run(tmp_path, HEAD + "from .nodes import clean\n" + CREATE) == set()


def test_node_function_in_pipeline_py_fires(tmp_path: Path) -> None:
    source = HEAD + "\ndef clean(a):\n    return a.dropna()\n" + CREATE
    make(tmp_path, {PIPE: source})
    (finding,) = engine_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column, finding.end_column) == (PIPE, 4, 5, 10)
    assert "`clean`" in finding.message and "nodes.py" in finding.message


def test_unused_helper_in_pipeline_py_fires(tmp_path: Path) -> None:
    source = HEAD + "from .nodes import clean\n\n\ndef _tags():\n    return ['x']\n" + CREATE
    assert run(tmp_path, source) == {(PIPE, 6)}


def test_async_and_decorated_functions_fire(tmp_path: Path) -> None:
    source = (
        HEAD + "import functools\n\nfrom .nodes import clean\n\n\n"
        "@functools.cache\ndef a(x):\n    return x\n\n\nasync def b(x):\n    return x\n" + CREATE
    )
    assert run(tmp_path, source) == {(PIPE, 9), (PIPE, 13)}


def test_nested_function_inside_create_pipeline_fires(tmp_path: Path) -> None:
    source = (
        HEAD + "\n\ndef create_pipeline(**kwargs) -> Pipeline:\n"
        "    def identity(x):\n        return x\n\n"
        '    return pipeline([node(identity, "a", "b")])\n'
    )
    assert run(tmp_path, source) == {(PIPE, 6)}


@pytest.mark.parametrize(
    "helper",
    [
        'def _base() -> Pipeline:\n    return Pipeline([node(clean, "a", "b")])\n',
        'def _base():\n    return pipeline([node(clean, "a", "b")])\n',
        'def _nodes():\n    return [node(clean, "a", "b")]\n',
        "def _variant(ns: str) -> Pipeline:\n    return pipeline(_base(), namespace=ns)\n",
    ],
    ids=["annotated", "calls-pipeline", "calls-node", "namespaced-variant"],
)
def test_pipeline_building_helpers_are_fine(tmp_path: Path, helper: str) -> None:
    source = HEAD + "from .nodes import clean\n\n\n" + helper + CREATE
    assert run(tmp_path, source) == set()


def test_a_builder_used_as_node_callable_still_fires(tmp_path: Path) -> None:
    source = (
        HEAD + "\n\ndef build(a) -> Pipeline:\n    return pipeline([])\n\n\n"
        "def create_pipeline(**kwargs) -> Pipeline:\n"
        '    return pipeline([node(build, "a", "b")])\n'
    )
    assert run(tmp_path, source) == {(PIPE, 5)}


def test_functions_in_other_modules_are_not_this_rules(tmp_path: Path) -> None:
    extra = {"src/demo/pipelines/demo/helpers.py": "def tidy(x):\n    return x\n"}
    assert run(tmp_path, HEAD + "from .nodes import clean\n" + CREATE, **extra) == set()


def test_top_level_pipeline_py_of_simplified_starters(tmp_path: Path) -> None:
    path = "src/demo/pipeline.py"
    source = HEAD + "\ndef clean(a):\n    return a\n" + CREATE
    make(tmp_path, {path: source})
    assert where(engine_findings(tmp_path, CODE)) == {(path, 4)}


SCALER = (
    "class Scaler:\n"
    "    def __init__(self, factor):\n        self.factor = factor\n\n"
    "    def __call__(self, df):\n        return df * self.factor\n\n"
    "    def fit(self, df):\n        return df\n"
)


@pytest.mark.parametrize(
    "use",
    [
        "from .nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5), "a", "b")])\n',
        "from .nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler, "a", "b")])\n',
        "from .nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5).fit, "a", "b")])\n',
        "from . import nodes\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(func=nodes.Scaler(0.5), inputs="a", outputs="b")])\n',
        "from demo.pipelines.demo.nodes import Scaler as S\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(S(2), "a", "b")])\n',
        "from functools import partial\n\nfrom .nodes import Scaler\n\n\n"
        "def create_pipeline(**kwargs):\n"
        '    return pipeline([node(partial(Scaler(2), extra=1), "a", "b")])\n',
    ],
    ids=["instance", "class", "bound-method", "module-attribute", "alias", "partial"],
)
def test_class_in_nodes_used_as_callable_fires_on_the_class(tmp_path: Path, use: str) -> None:
    make(tmp_path, {PIPE: HEAD + use, NODES: SCALER})
    (finding,) = engine_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column, finding.end_column) == (NODES, 1, 7, 13)
    assert "`Scaler`" in finding.message
    (related,) = finding.related
    assert related.path == PIPE


def test_class_used_by_two_nodes_is_one_finding_pointing_at_both(tmp_path: Path) -> None:
    use = (
        "from .nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(1), "a", "b"), node(Scaler(2), "b", "c")])\n'
    )
    make(tmp_path, {PIPE: HEAD + use, NODES: SCALER})
    (finding,) = engine_findings(tmp_path, CODE)
    assert len(finding.related) == 2


def test_class_used_from_another_pipeline_module(tmp_path: Path) -> None:
    other = "src/demo/pipelines/other/pipeline.py"
    use = (
        "from demo.pipelines.demo.nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(1), "a", "b")])\n'
    )
    make(
        tmp_path,
        {
            PIPE: HEAD + "from .nodes import clean\n" + CREATE,
            NODES: NODES_OK + "\n\n" + SCALER,
            other: HEAD + use,
        },
    )
    assert where(engine_findings(tmp_path, CODE)) == {(NODES, 5)}


@pytest.mark.parametrize(
    ("nodes", "use"),
    [
        (
            "from dataclasses import dataclass\n\n\n@dataclass\nclass Summary:\n    rows: int\n\n\n"
            "def summarise(df):\n    return Summary(len(df))\n",
            "from .nodes import summarise\n\n\ndef create_pipeline(**kwargs):\n"
            '    return pipeline([node(summarise, "a", "b")])\n',
        ),
        (
            "def make_scaler(factor):\n    def scale(df):\n        return df * factor\n\n"
            "    return scale\n",
            "from .nodes import make_scaler\n\n\ndef create_pipeline(**kwargs):\n"
            '    return pipeline([node(make_scaler(2), "a", "b")])\n',
        ),
        (
            SCALER,
            "def create_pipeline(**kwargs):\n"
            '    return pipeline([node(lambda df: df * 2, "a", "b")])\n',
        ),
    ],
    ids=["class-used-inside-a-node", "factory-function", "lambda"],
)
def test_what_is_not_a_class_as_callable(tmp_path: Path, nodes: str, use: str) -> None:
    make(tmp_path, {PIPE: HEAD + use, NODES: nodes})
    assert engine_findings(tmp_path, CODE) == []


def test_class_of_a_helper_module_is_not_reported(tmp_path: Path) -> None:
    helpers = "src/demo/pipelines/demo/models.py"
    use = (
        "from .models import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5), "a", "b")])\n'
    )
    make(tmp_path, {PIPE: HEAD + use, NODES: NODES_OK, helpers: SCALER})
    assert engine_findings(tmp_path, CODE) == []


def test_class_in_a_nodes_package(tmp_path: Path) -> None:
    module = "src/demo/pipelines/demo/nodes/scaling.py"
    use = (
        "from .nodes.scaling import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5), "a", "b")])\n'
    )
    make(
        tmp_path,
        {PIPE: HEAD + use, "src/demo/pipelines/demo/nodes/__init__.py": "", module: SCALER},
    )
    assert where(engine_findings(tmp_path, CODE)) == {(module, 1)}


def test_class_in_pipeline_py_used_as_callable(tmp_path: Path) -> None:
    use = (
        SCALER + "\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5), "a", "b")])\n'
    )
    make(tmp_path, {PIPE: HEAD + use})
    assert where(engine_findings(tmp_path, CODE)) == {(PIPE, 3)}


def test_broken_pipeline_module_is_skipped(tmp_path: Path) -> None:
    make(tmp_path, {PIPE: "def create_pipeline(:\n", NODES: SCALER})
    assert engine_findings(tmp_path, CODE) == []


def test_noqa_on_the_class_line(tmp_path: Path) -> None:
    use = (
        "from .nodes import Scaler\n\n\ndef create_pipeline(**kwargs):\n"
        '    return pipeline([node(Scaler(0.5), "a", "b")])\n'
    )
    nodes = SCALER.replace("class Scaler:", "class Scaler:  # noqa: SL506 - legacy, see #3")
    make(tmp_path, {PIPE: HEAD + use, NODES: nodes})
    assert engine_findings(tmp_path, CODE) == []


def test_silent_without_tool_kedro(tmp_path: Path) -> None:
    source = HEAD + "\ndef clean(a):\n    return a\n" + CREATE
    make(tmp_path, {PIPE: source, "pyproject.toml": '[project]\nname = "x"\n'})
    assert engine_findings(tmp_path, CODE) == []
