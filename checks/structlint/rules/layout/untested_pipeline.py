"""SL503 untested-pipeline: a pipeline package without tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from structlint.rules.layout._common import (
    PIPELINE_DEFINITION,
    Place,
    finding,
    is_pipeline_folder,
)
from structlint.rules.rule import Example, ProjectRule

if TYPE_CHECKING:
    from structlint.core.findings import Finding
    from structlint.project.model import Project

_CREATE_PIPELINE = re.compile(r"^(?:async\s+)?def\s+create_pipeline\b", re.MULTILINE)


def pipeline_packages(project: Project) -> dict[str, list[str]]:
    """`pipelines/<name>/` folders that hold a pipeline (`is_pipeline_folder`), by name, with
    their Python files. Folders of shared helpers are not pipelines."""
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
    python = set(project.files.python)
    return {
        name: sorted(paths)
        for name, paths in files.items()
        if is_pipeline_folder(f"{prefix}{name}", python.__contains__, project.read_text)
    }


def is_test_module(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py"))


# `import pkg.pipelines.x`, `from pkg.pipelines.x[.y] import ...`, `from pkg.pipelines import
# x, y` (also in parentheses over several lines).
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+([\w.]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]*)|import[ \t]+([^\n#]+))",
    re.MULTILINE,
)


def _imported_pipelines(text: str, prefix: str) -> set[str]:
    """Names `x` of the `<prefix>.x` (prefix `pkg.pipelines`) that a module imports."""
    out: set[str] = set()
    if prefix not in text:
        return out
    for m in _IMPORT.finditer(text):
        module, names, plain = m.group(1), m.group(2), m.group(3)
        modules = [module] if module else [p.split(" as ")[0].strip() for p in plain.split(",")]
        for mod in modules:
            if mod.startswith(prefix + "."):
                out.add(mod[len(prefix) + 1 :].split(".", 1)[0])
            elif mod == prefix and names:
                for part in names.strip("()").split(","):
                    name = part.split(" as ")[0].strip()
                    if name.isidentifier():
                        out.add(name)
    return out


def tested_pipelines(project: Project) -> set[str]:
    """Names of pipelines with a test module under `tests/pipelines/<name>/` (at any depth,
    also under `src/tests/`, the layout of older Kedro projects), a
    `tests/pipelines/test_<name>.py`, or a test module elsewhere under `tests/` (not in the
    tests of another pipeline) that imports the pipeline's package
    (`from <package>.pipelines.<name>.nodes import ...`)."""
    out: set[str] = set()
    prefix = f"{project.package_name}.pipelines"
    names: set[str] | None = None
    for path in project.files.python:
        if not is_test_module(path):
            continue
        parts = PurePosixPath(path).parts
        if "tests" not in parts[:-1]:
            continue
        after = parts[parts.index("tests") + 1 :]
        if "pipelines" not in after[:-1]:
            # Named after nothing: it tests what it imports.
            out |= _imported_pipelines(project.read_text(path) or "", prefix)
            continue
        rest = after[after.index("pipelines") + 1 :]
        if len(rest) >= 2:
            out.add(rest[0])  # its place says whose test it is, whatever it imports
            continue
        stem = PurePosixPath(rest[0]).stem.removeprefix("test_").removesuffix("_test")
        if names is None:
            names = set(pipeline_packages(project))
        if stem in names:
            out.add(stem)  # tests/pipelines/test_<name>.py
        else:  # tests/pipelines/test_helpers.py: it tests what it imports
            out |= _imported_pipelines(project.read_text(path) or "", prefix)
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
    explanation = f"""
`kedro pipeline create <name>` writes the pipeline and its tests side by side:
`src/<package>/pipelines/<name>/` and `tests/pipelines/<name>/test_pipeline.py`. A pipeline
without tests is one whose nodes nobody has run on a small, known input: the first sign of a
broken node is then a failed (or, worse, a silently wrong) production run. Node functions are
pure functions of their inputs, which makes them the easiest code of the project to test.

{PIPELINE_DEFINITION}

A pipeline counts as tested when a test module (`test_*.py` or `*_test.py`) exists under
`tests/pipelines/<name>/` (at any depth; also `src/tests/pipelines/<name>/` of older Kedro
projects and `tests/<package>/pipelines/<name>/`), when `tests/pipelines/test_<name>.py`
exists, or when a test module under a `tests/` folder that its place does not give to another
pipeline, whatever its name (`tests/test_storage.py`, `tests/pipelines/test_helpers.py`),
imports the pipeline's package (`from <package>.pipelines.<name>.nodes import clean`, `import
<package>.pipelines.<name>`, `from <package>.pipelines import <name>`): that module tests it.
A module under `tests/pipelines/<other>/` is `<other>`'s test, whatever it imports.
The finding is on the pipeline's `def create_pipeline`.

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
