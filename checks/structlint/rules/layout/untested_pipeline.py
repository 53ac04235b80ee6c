"""SL503 untested-pipeline: a pipeline package without tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from structlint.rule import Example, ProjectRule
from structlint.rules.layout._common import Place, finding

if TYPE_CHECKING:
    from structlint.findings import Finding
    from structlint.project.model import Project

_CREATE_PIPELINE = re.compile(r"^(?:async\s+)?def\s+create_pipeline\b", re.MULTILINE)


def pipeline_packages(project: Project) -> dict[str, list[str]]:
    """`pipelines/<name>/` folders that hold a pipeline (a `pipeline.py`, or a `create_pipeline`
    in `__init__.py`), by name, with their Python files. Folders of shared helpers are not
    pipelines."""
    pkg = project.package_dir
    if not pkg:
        return {}
    prefix = f"{pkg}/pipelines/"
    files: dict[str, list[str]] = {}
    for path in project.files.python:
        if path.startswith(prefix):
            rest = path[len(prefix) :].split("/")
            if len(rest) >= 2 and rest[0].isidentifier():
                files.setdefault(rest[0], []).append(path)
    out = {}
    for name, paths in files.items():
        init = f"{prefix}{name}/__init__.py"
        text = project.read_text(init) if init in paths else None
        if f"{prefix}{name}/pipeline.py" in paths or (text and "create_pipeline" in text):
            out[name] = sorted(paths)
    return out


def is_test_module(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


def tested_pipelines(project: Project) -> set[str]:
    """Names of pipelines with a test module under `tests/pipelines/<name>/` (at any depth,
    also under `src/tests/`, the layout of older Kedro projects), or a
    `tests/pipelines/test_<name>.py`."""
    out: set[str] = set()
    for path in project.files.python:
        if not is_test_module(path):
            continue
        parts = PurePosixPath(path).parts
        if "tests" not in parts[:-1]:
            continue
        after = parts[parts.index("tests") + 1 :]
        if "pipelines" not in after[:-1]:
            continue
        rest = after[after.index("pipelines") + 1 :]
        if len(rest) >= 2:
            out.add(rest[0])
        else:
            stem = PurePosixPath(rest[0]).stem
            out.add(stem.removeprefix("test_").removesuffix("_test"))
    return out


def _place(project: Project, name: str, paths: list[str]) -> Place:
    """The `def create_pipeline` line of the pipeline, else the first line of its module."""
    pkg = project.package_dir
    for rel in (f"{pkg}/pipelines/{name}/pipeline.py", f"{pkg}/pipelines/{name}/__init__.py"):
        if rel not in paths:
            continue
        text = project.read_text(rel) or ""
        m = _CREATE_PIPELINE.search(text)
        if m:
            line = text.count("\n", 0, m.start()) + 1
            return Place(rel, line, 1, line, m.end() - m.start() + 1)
        return Place(rel, 1, 1, 1, 1)
    return Place(paths[0], 1, 1, 1, 1)


class UntestedPipeline(ProjectRule):
    code = "SL503"
    name = "untested-pipeline"
    summary = "A pipeline `pipelines/<name>/` has no test module under `tests/pipelines/<name>/`."
    explanation = """
`kedro pipeline create <name>` writes the pipeline and its tests side by side:
`src/<package>/pipelines/<name>/` and `tests/pipelines/<name>/test_pipeline.py`. A pipeline
without tests is one whose nodes nobody has run on a small, known input: the first sign of a
broken node is then a failed (or, worse, a silently wrong) production run. Node functions are
pure functions of their inputs, which makes them the easiest code of the project to test.

A pipeline is a folder `src/<package>/pipelines/<name>/` with a `pipeline.py`, or a
`create_pipeline` in its `__init__.py`; a folder of shared helpers is not one. It counts as
tested when a test module (`test_*.py` or `*_test.py`) exists under `tests/pipelines/<name>/`
(at any depth; also `src/tests/pipelines/<name>/` of older Kedro projects and
`tests/<package>/pipelines/<name>/`), or when `tests/pipelines/test_<name>.py` exists. The
finding is on the pipeline's `def create_pipeline`.

What to do: add `tests/pipelines/<name>/test_nodes.py` with a test per node function (a small
DataFrame in, the expected one out), and a `test_pipeline.py` that runs the pipeline with a
`SequentialRunner` on an in-memory catalog.
"""

    def check(self, project: Project) -> Iterable[Finding]:
        if not project.package_name:
            return
        tested = tested_pipelines(project)
        for name, paths in sorted(pipeline_packages(project).items()):
            if name in tested:
                continue
            yield finding(
                self.code,
                f"pipeline `{name}` has no tests: add `tests/pipelines/{name}/test_nodes.py` "
                f"(and an empty `tests/pipelines/{name}/__init__.py`) that runs its node "
                "functions on a small known input.",
                _place(project, name, paths),
            )


_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:{marker}
    return Pipeline([node(clean, "companies", "clean_companies")])
"""
_NODES = "def clean(companies):\n    return companies.dropna()\n"
_TEST = (
    "import pandas as pd\n\n"
    "from demo.pipelines.{name}.nodes import clean\n\n\n"
    "def test_clean_drops_missing_rows():\n"
    '    assert len(clean(pd.DataFrame({{"a": [1, None]}}))) == 1\n'
)

UntestedPipeline.bad = (
    Example(
        _PIPELINE.format(marker="  # expect: SL503"),
        path="src/demo/pipelines/reporting/pipeline.py",
        files={
            "src/demo/pipelines/reporting/__init__.py": "",
            "src/demo/pipelines/reporting/nodes.py": _NODES,
            "src/demo/pipelines/cleaning/__init__.py": "",
            "src/demo/pipelines/cleaning/nodes.py": _NODES,
            "src/demo/pipelines/cleaning/pipeline.py": _PIPELINE.format(marker=""),
            "tests/pipelines/cleaning/__init__.py": "",
            "tests/pipelines/cleaning/test_nodes.py": _TEST.format(name="cleaning"),
        },
    ),
)
UntestedPipeline.good = (
    Example(
        _PIPELINE.format(marker=""),
        path="src/demo/pipelines/reporting/pipeline.py",
        files={
            "src/demo/pipelines/reporting/__init__.py": "",
            "src/demo/pipelines/reporting/nodes.py": _NODES,
            "src/demo/pipelines/shared/__init__.py": "",
            "src/demo/pipelines/shared/helpers.py": "def tidy(df):\n    return df\n",
            "tests/pipelines/reporting/__init__.py": "",
            "tests/pipelines/reporting/test_nodes.py": _TEST.format(name="reporting"),
        },
    ),
)
