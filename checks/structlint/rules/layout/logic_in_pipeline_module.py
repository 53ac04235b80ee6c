"""SL506 logic-in-pipeline-module: node logic in pipeline.py, or classes as node callables."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from structlint.core.findings import Related
from structlint.project.node_index import may_call_node
from structlint.rules.layout._common import Place, finding
from structlint.rules.rule import Example, ProjectRule

if TYPE_CHECKING:
    from structlint.core.findings import Finding
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
  unless a node uses them as its callable. So is a small wiring helper that only builds the
  dataset names a node is wired with (`inputs=_inputs("model")`): a function that the module
  calls (and no node uses as its callable), whose statements are only assignments, `if`, `for`
  and `return`, that calls nothing but container and string builders (`dict`, `list`, `zip`,
  `range`, `sorted`, `.format`, `.join`, `.items`, `.update`, ...) or functions of the
  project's `settings` module (`settings.DYNAMIC_PIPELINES_MAPPING()`, the configuration that
  generated pipelines are wired from), and returns a dict, list,
  tuple, set, comprehension or string of names. A function that transforms data calls
  something else (`df.dropna()`) and is still reported;
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
            logic = facts["sl"]
            if logic:
                callables = {local for _full, local, _l, _c in facts["sn"] if local}
                wiring = _wiring_helpers(summaries.tree(path), callables)
                logic = [row for row in logic if (row[0], row[1]) not in wiring]
            for name, *place in logic:
                yield finding(
                    self.code,
                    f"function `{name}` is defined in pipeline.py, which should only wire "
                    f"nodes in `create_pipeline()`: move `{name}` to nodes.py and import "
                    "it from there.",
                    Place(path, *place),
                )


# What a wiring helper may call: builders of containers and strings, and their methods.
_WIRING_CALLS = frozenset(
    {"dict", "list", "tuple", "set", "frozenset", "zip", "range", "enumerate", "sorted", "str"}
    | {"format", "join", "replace", "lower", "upper", "strip", "removeprefix", "removesuffix"}
    | {"items", "keys", "values", "get", "update", "append", "extend", "copy", "setdefault"}
)
_WIRING_STATEMENTS = (
    ast.Assign,
    ast.AnnAssign,
    ast.AugAssign,
    ast.Return,
    ast.If,
    ast.For,
    ast.Pass,
    ast.Expr,
)
_CONTAINERS = (
    ast.Dict,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.ListComp,
    ast.DictComp,
    ast.SetComp,
    ast.JoinedStr,
)


def _wiring_helpers(tree: ast.Module | None, callables: set[str]) -> set[tuple[str, int]]:
    """(name, line) of the functions of a pipeline.py that only build the names a node is
    wired with, and that the module calls (not uses as a node's callable): see
    `_only_builds_names`."""
    if tree is None:
        return set()
    called: dict[str, list[int]] = {}
    defs: list[ast.FunctionDef | ast.AsyncFunctionDef] = []
    for sub in ast.walk(tree):
        if isinstance(sub, ast.FunctionDef | ast.AsyncFunctionDef):
            defs.append(sub)
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
            called.setdefault(sub.func.id, []).append(sub.lineno)
    out: set[tuple[str, int]] = set()
    for f in defs:
        end = f.end_lineno or f.lineno
        outside = [line for line in called.get(f.name, []) if not f.lineno <= line <= end]
        if f.name not in callables and outside and _only_builds_names(f):
            out.add((f.name, f.lineno))
    return out


def _only_builds_names(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Whether a function only builds dataset names: its statements are assignments, `if`,
    `for` and `return`; it calls nothing but container and string builders (`dict`, `zip`,
    `.format`, `.items`, ...); and what it returns is a dict, list, tuple, set, comprehension or
    string (directly, or through a local name bound to one). Data is transformed by calling
    something else (`df.dropna()`, `pd.merge`), so node logic does not pass."""
    built: set[str] = set()
    returns: list[ast.expr | None] = []
    for stmt in ast.walk(func):
        if stmt is func:
            continue
        if isinstance(stmt, ast.stmt):
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                return False
            if not isinstance(stmt, _WIRING_STATEMENTS):
                return False
            if isinstance(stmt, ast.Return):
                returns.append(stmt.value)
            elif isinstance(stmt, ast.Assign) and _is_names(stmt.value, built):
                built.update(t.id for t in stmt.targets if isinstance(t, ast.Name))
            elif (
                isinstance(stmt, ast.AnnAssign)
                and stmt.value is not None
                and isinstance(stmt.target, ast.Name)
                and _is_names(stmt.value, built)
            ):
                built.add(stmt.target.id)
        elif isinstance(stmt, ast.Call):
            callee = stmt.func
            last = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
            if last not in _WIRING_CALLS and not _reads_settings(callee):
                return False
        elif isinstance(stmt, ast.Lambda | ast.Await | ast.Yield | ast.YieldFrom):
            return False
    return bool(returns) and all(v is not None and _is_names(v, built) for v in returns)


def _reads_settings(callee: ast.expr) -> bool:
    """`settings.DYNAMIC_PIPELINES_MAPPING()`: the project's `settings` module (imported as
    `settings`) is configuration that Kedro itself reads; wiring may read it too."""
    return (
        isinstance(callee, ast.Attribute)
        and isinstance(callee.value, ast.Name)
        and callee.value.id == "settings"
    )


def _is_names(expr: ast.expr, built: set[str]) -> bool:
    """A value of dataset names: a container or string display, `dict(...)` / `list(...)`, a
    string concatenation, or a local name bound to one of them."""
    if isinstance(expr, _CONTAINERS):
        return True
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, ast.Name):
        return expr.id in built
    if isinstance(expr, ast.Call):
        callee = expr.func
        last = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
        return last in _WIRING_CALLS
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add | ast.Mod):
        return _is_names(expr.left, built) or _is_names(expr.right, built)
    if isinstance(expr, ast.IfExp):  # `patch if is_patch else patch + full`
        return _is_names(expr.body, built) and _is_names(expr.orelse, built)
    return False


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


def _scale_inputs(name: str) -> list[str]:
    return [f"clean_{name}", "params:factor"]


def create_pipeline(**kwargs) -> Pipeline:
    return _cleaning() + Pipeline(
        [node(scale, _scale_inputs("companies"), "scaled_companies")]
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
