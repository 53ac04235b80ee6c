"""SL503 untested-pipeline through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.util import engine_findings, make, where

CODE = "SL503"
PIPELINE = (
    "from kedro.pipeline import Pipeline, node\n\n"
    "from .nodes import clean\n\n\n"
    "def create_pipeline(**kwargs) -> Pipeline:\n"
    '    return Pipeline([node(clean, "a", "b")])\n'
)
CREATE_LINE = 6
NODES = "def clean(a):\n    return a\n"
TEST = "def test_clean():\n    assert True\n"


def pipeline(name: str) -> dict[str, str]:
    base = f"src/demo/pipelines/{name}"
    return {
        f"{base}/__init__.py": "",
        f"{base}/nodes.py": NODES,
        f"{base}/pipeline.py": PIPELINE,
    }


def test_untested_pipeline_fires_on_create_pipeline(tmp_path: Path) -> None:
    make(tmp_path, pipeline("reporting"))
    (finding,) = engine_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column) == (
        "src/demo/pipelines/reporting/pipeline.py",
        CREATE_LINE,
        1,
    )
    assert "tests/pipelines/reporting/test_nodes.py" in finding.message


@pytest.mark.parametrize(
    "test_path",
    [
        "tests/pipelines/reporting/test_nodes.py",
        "tests/pipelines/reporting/test_pipeline.py",
        "tests/pipelines/reporting/nodes_test.py",
        "tests/pipelines/reporting/unit/test_scale.py",
        "tests/pipelines/test_reporting.py",
        "src/tests/pipelines/reporting/test_pipeline.py",
        "tests/demo/pipelines/reporting/test_nodes.py",
    ],
)
def test_a_test_module_counts(tmp_path: Path, test_path: str) -> None:
    make(tmp_path, {**pipeline("reporting"), test_path: TEST})
    assert engine_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "test_path",
    [
        "tests/pipelines/reporting/__init__.py",
        "tests/pipelines/reporting/conftest.py",
        "tests/pipelines/reporting/helpers.py",
        "tests/pipelines/data_processing/test_nodes.py",
        "tests/test_run.py",
    ],
)
def test_what_does_not_count_as_a_test_of_the_pipeline(tmp_path: Path, test_path: str) -> None:
    make(tmp_path, {**pipeline("reporting"), test_path: TEST})
    assert where(engine_findings(tmp_path, CODE)) == {
        ("src/demo/pipelines/reporting/pipeline.py", CREATE_LINE)
    }


def test_one_finding_per_untested_pipeline(tmp_path: Path) -> None:
    files = {**pipeline("a"), **pipeline("b"), **pipeline("c")}
    make(tmp_path, {**files, "tests/pipelines/b/test_nodes.py": TEST})
    assert where(engine_findings(tmp_path, CODE)) == {
        ("src/demo/pipelines/a/pipeline.py", CREATE_LINE),
        ("src/demo/pipelines/c/pipeline.py", CREATE_LINE),
    }


def test_helper_folder_is_not_a_pipeline(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "src/demo/pipelines/shared/__init__.py": "",
            "src/demo/pipelines/shared/helpers.py": NODES,
        },
    )
    assert engine_findings(tmp_path, CODE) == []


def test_pipeline_defined_in_package_init(tmp_path: Path) -> None:
    init = "src/demo/pipelines/reporting/__init__.py"
    make(tmp_path, {init: '"""Reporting."""\n\n' + PIPELINE.replace(".nodes", ".steps")})
    (finding,) = engine_findings(tmp_path, CODE)
    assert (finding.path, finding.line) == (init, CREATE_LINE + 2)


def test_pipeline_without_create_pipeline_is_reported_on_line_one(tmp_path: Path) -> None:
    path = "src/demo/pipelines/reporting/pipeline.py"
    make(tmp_path, {path: "from kedro.pipeline import Pipeline\n"})
    assert where(engine_findings(tmp_path, CODE)) == {(path, 1)}


def test_silent_without_tool_kedro(tmp_path: Path) -> None:
    files = {"pyproject.toml": '[project]\nname = "x"\n', **pipeline("reporting")}
    make(tmp_path, files)
    assert engine_findings(tmp_path, CODE) == []


def test_gitignored_test_does_not_count(tmp_path: Path) -> None:
    files = {
        **pipeline("reporting"),
        "tests/pipelines/reporting/test_nodes.py": TEST,
        ".gitignore": "tests/pipelines/reporting/\n",
    }
    make(tmp_path, files)
    assert len(engine_findings(tmp_path, CODE)) == 1


def test_noqa_on_create_pipeline_suppresses(tmp_path: Path) -> None:
    files = pipeline("reporting")
    path = "src/demo/pipelines/reporting/pipeline.py"
    files[path] = files[path].replace(
        "Pipeline:\n", "Pipeline:  # noqa: SL503 - exploratory, tested in #12\n", 1
    )
    make(tmp_path, files)
    assert engine_findings(tmp_path, CODE) == []


def test_only_reported_when_the_pipeline_file_is_a_target(tmp_path: Path) -> None:
    make(tmp_path, pipeline("reporting"))
    nodes = tmp_path / "src/demo/pipelines/reporting/nodes.py"
    pipe = tmp_path / "src/demo/pipelines/reporting/pipeline.py"
    assert engine_findings(tmp_path, CODE, paths=[nodes]) == []
    assert len(engine_findings(tmp_path, CODE, paths=[pipe])) == 1
