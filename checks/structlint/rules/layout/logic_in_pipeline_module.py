"""SL506 logic-in-pipeline-module: node logic in pipeline.py, or classes as node callables."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from structlint.findings import Related
from structlint.node_index import may_call_node
from structlint.rule import Example, ProjectRule
from structlint.rules.layout._common import Place, finding

if TYPE_CHECKING:
    from structlint.findings import Finding
    from structlint.project.model import Project


def _is_nodes_module(path: str) -> bool:
    *folders, name = path.split("/")
    return name == "nodes.py" or "nodes" in folders


def _may_hold_node_classes(path: str) -> bool:
    return _is_nodes_module(path) or path.rsplit("/", 1)[-1] == "pipeline.py"


class LogicInPipelineModule(ProjectRule):
    code = "SL506"
    name = "logic-in-pipeline-module"
    summary = "Node logic in `pipeline.py`, or a class in `nodes.py` used as a node's callable."
    explanation = """
Kedro splits a pipeline in two: `nodes.py` holds the node functions, plain functions of their
inputs that are easy to read and to test; `pipeline.py` holds `create_pipeline()`, which only
wires those functions to datasets. Node logic written in `pipeline.py` is hidden from the
place where readers and tests look for it, and a test that imports it imports the wiring too.
A class used as a node's callable (`node(Scaler(0.5), ...)`, `node(Model().fit, ...)`) hides
state and configuration in an object that neither the catalog nor the parameters see, and
kedro-viz shows an opaque callable instead of a function.

The rule reports:

- in a `pipeline.py` of the package, every function other than `create_pipeline`, also one
  defined inside it; functions that build pipelines or nodes (annotated `-> Pipeline`, or
  calling `pipeline()`, `Pipeline()`, `node()`) are pipeline construction and are fine,
  unless a node uses them as its callable;
- in a `nodes.py` (or a `nodes/` package), every class that some `node()` / `Node()` of the
  package uses as its callable: the class itself, an instance, or a method of an instance. The
  finding is on the class and points at the node. Classes used inside node functions (a model,
  a dataclass) are fine. A class in `pipeline.py` used as a callable is reported the same way.

What to do: move node logic into `nodes.py` as functions and import them in `pipeline.py`.
Turn a callable class into a function whose settings come in as `params:` inputs
(`def scale(df, factor)` with `node(scale, ["df", "params:factor"], ...)`); keep the class, if it
is worth keeping, as a helper the function uses.
"""

    def check(self, project: Project) -> Iterable[Finding]:
        # What each file holds comes from its cached ast summary (`project.summary`): the
        # package is parsed at most once per run, and not at all when nothing changed.
        pkg = project.package_dir
        if not pkg:
            return
        summaries = project.summaries
        assert summaries is not None
        package_files = [p for p in project.files.python if p.startswith(pkg + "/")]
        by_module: dict[str, str] = {}
        for path in package_files:
            name, _ = project.module_of(path)
            if name:
                by_module[name] = path

        class_uses: dict[tuple[str, str], list[Related]] = {}
        for path in package_files:
            text = project.read_text(path)
            if not text or not may_call_node(text):
                continue
            facts = summaries.get(path)
            if facts is None:
                continue
            for full, _local, line, col in facts["sn"]:
                hit = _class_of(full, by_module, summaries.get)
                if hit is not None:
                    class_uses.setdefault(hit, []).append(
                        Related(path, line, col, "used as a node here")
                    )
        for (cpath, cname), uses in sorted(class_uses.items()):
            facts = summaries.get(cpath)
            assert facts is not None
            where = "nodes.py" if _is_nodes_module(cpath) else PurePosixPath(cpath).name
            yield finding(
                self.code,
                f"class `{cname}` of {where} is used as a node's callable: make the node a "
                f"function in nodes.py that takes its settings as `params:` inputs (the class "
                "may stay as a helper it calls).",
                Place(cpath, *facts["sc"][cname]),
                tuple(uses),
            )
        for path in package_files:
            if PurePosixPath(path).name != "pipeline.py":
                continue
            facts = summaries.get(path)
            if facts is None:
                continue
            for name, *place in facts["sl"]:
                yield finding(
                    self.code,
                    f"function `{name}` is defined in pipeline.py, which should only wire "
                    f"nodes in `create_pipeline()`: move `{name}` to nodes.py and import "
                    "it from there.",
                    Place(path, *place),
                )


def _class_of(full: str, by_module: dict[str, str], load) -> tuple[str, str] | None:
    """(path, class name) when `full` names a top-level class of a package module
    (`pkg.pipelines.x.nodes.Scaler` or `...Scaler.fit`) that is a nodes or pipeline
    module."""
    parts = full.split(".")
    for i in range(len(parts) - 1, 0, -1):
        path = by_module.get(".".join(parts[:i]))
        if path is None:
            continue
        if not _may_hold_node_classes(path):
            return None
        facts = load(path)
        if facts is not None and parts[i] in facts["sc"]:
            return path, parts[i]
        return None
    return None


_PIPELINE_BAD = """\
from kedro.pipeline import Pipeline, node

from .nodes import Scaler


def drop_missing(companies):  # expect: SL506
    return companies.dropna()


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(drop_missing, "companies", "clean_companies"),
            node(Scaler(0.5), "clean_companies", "scaled_companies"),
        ]
    )
"""
_NODES_BAD = """\
class Scaler:  # expect: SL506
    def __init__(self, factor):
        self.factor = factor

    def __call__(self, df):
        return df * self.factor
"""
_PIPELINE_GOOD = """\
from kedro.pipeline import Pipeline, node, pipeline

from .nodes import drop_missing, scale


def _cleaning() -> Pipeline:
    return pipeline([node(drop_missing, "companies", "clean_companies")])


def create_pipeline(**kwargs) -> Pipeline:
    return _cleaning() + Pipeline(
        [node(scale, ["clean_companies", "params:factor"], "scaled_companies")]
    )
"""
_NODES_GOOD = """\
from dataclasses import dataclass


@dataclass
class Summary:
    rows: int


def drop_missing(companies):
    return companies.dropna()


def scale(df, factor):
    return df * factor
"""

LogicInPipelineModule.bad = (
    Example(
        _PIPELINE_BAD,
        path="src/demo/pipelines/demo/pipeline.py",
        files={"src/demo/pipelines/demo/nodes.py": _NODES_BAD},
    ),
)
LogicInPipelineModule.good = (
    Example(
        _PIPELINE_GOOD,
        path="src/demo/pipelines/demo/pipeline.py",
        files={"src/demo/pipelines/demo/nodes.py": _NODES_GOOD},
    ),
)
