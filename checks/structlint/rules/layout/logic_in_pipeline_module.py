"""SL506 logic-in-pipeline-module: node logic in pipeline.py, or classes as node callables."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from structlint.findings import Related
from structlint.names import resolve_relative
from structlint.node_index import NODE_FACTORIES, PARTIALS, may_call_node
from structlint.rule import Example, ProjectRule
from structlint.rules.layout._common import Place, finding

if TYPE_CHECKING:
    from structlint.findings import Finding
    from structlint.project.model import Project

# Calls that build a pipeline: a function that makes them is pipeline construction, not logic.
_BUILDERS = frozenset({"pipeline", "Pipeline", "node", "Node"})


@dataclass
class _Module:
    path: str
    name: str | None
    tree: ast.Module
    lines: list[str]
    imports: dict[str, str] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)


def _imports(tree: ast.Module, module: str | None, is_init: bool) -> dict[str, str]:
    """Local name -> qualified name, from every import of the module (scope ignored, as the
    engine's import table does)."""
    out: dict[str, str] = {}
    for stmt in ast.walk(tree):
        if isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    head = a.name.split(".", 1)[0]
                    out[head] = head
        elif isinstance(stmt, ast.ImportFrom):
            base = resolve_relative(module, is_init, stmt.level, stmt.module)
            for a in stmt.names:
                if a.name != "*":
                    out[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
    return out


def _dotted(expr: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def _qualify(expr: ast.expr, mod: _Module) -> str | None:
    name = _dotted(expr)
    if name is None:
        return None
    head, _, rest = name.partition(".")
    if head in mod.imports:
        full = mod.imports[head]
        return f"{full}.{rest}" if rest else full
    # Not imported: defined in this very module.
    return f"{mod.name}.{name}" if mod.name else name


def _is_node_factory(func: ast.expr, mod: _Module) -> bool:
    name = _dotted(func)
    if name is None:
        return False
    head = name.partition(".")[0]
    if head in mod.imports:
        return _qualify(func, mod) in NODE_FACTORIES
    # `from kedro.pipeline import *`
    return name in ("node", "Node") and any(v.startswith("kedro") for v in mod.imports.values())


def _node_callable(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "func":
            return kw.value
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return None


def _callable_target(expr: ast.expr, mod: _Module) -> ast.expr:
    """What a node's callable is made from: `partial(f, ...)` -> f, `Cls(...)` -> Cls,
    `Cls(...).method` -> Cls."""
    for _ in range(8):
        if isinstance(expr, ast.Call):
            partial = _qualify(expr.func, mod) in PARTIALS and expr.args
            expr = expr.args[0] if partial else expr.func
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Call):
            expr = expr.value
        else:
            break
    return expr


def _name_place(
    path: str, lines: list[str], node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
) -> Place:
    line = node.lineno
    text = lines[line - 1] if line - 1 < len(lines) else ""
    col = text.find(node.name, node.col_offset)
    col = node.col_offset if col < 0 else col
    return Place(path, line, col + 1, line, col + len(node.name) + 1)


def _builds_pipeline(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A helper that makes pipelines or nodes (`return pipeline([...])`, annotated
    `-> Pipeline`): pipeline construction, which belongs in pipeline.py."""
    if func.returns is not None and "Pipeline" in ast.unparse(func.returns):
        return True
    for sub in ast.walk(func):
        if isinstance(sub, ast.Call):
            name = _dotted(sub.func)
            if name is not None and name.rpartition(".")[2] in _BUILDERS:
                return True
    return False


def _is_nodes_module(path: str) -> bool:
    p = PurePosixPath(path)
    return p.name == "nodes.py" or "nodes" in p.parts[:-1]


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
        pkg = project.package_dir
        if not pkg:
            return
        package_files = [p for p in project.files.python if p.startswith(pkg + "/")]
        by_module: dict[str, str] = {}
        for path in package_files:
            name, _ = project.module_of(path)
            if name:
                by_module[name] = path
        parsed: dict[str, _Module | None] = {}

        def load(path: str) -> _Module | None:
            if path not in parsed:
                parsed[path] = None
                text = project.read_text(path)
                if text is None:
                    return None
                try:
                    tree = ast.parse(text)
                except (SyntaxError, ValueError):  # SL001's business
                    return None
                name, is_init = project.module_of(path)
                mod = _Module(path, name, tree, text.splitlines())
                mod.imports = _imports(tree, name, is_init)
                mod.classes = {s.name: s for s in tree.body if isinstance(s, ast.ClassDef)}
                parsed[path] = mod
            return parsed[path]

        node_callables: dict[str, set[str]] = {}  # path -> local function names used by node()
        class_uses: dict[tuple[str, str], list[Related]] = {}
        for path in package_files:
            text = project.read_text(path)
            if not text or not may_call_node(text):
                continue
            mod = load(path)
            if mod is None:
                continue
            for call, expr in self._node_calls(mod):
                target = _callable_target(expr, mod)
                full = _qualify(target, mod)
                if full is None:
                    continue
                if isinstance(target, ast.Name) and target.id not in mod.imports:
                    node_callables.setdefault(path, set()).add(target.id)
                hit = self._class_of(full, by_module, load)
                if hit is not None:
                    class_uses.setdefault(hit, []).append(
                        Related(path, call.lineno, call.col_offset + 1, "used as a node here")
                    )
        for (cpath, cname), uses in sorted(class_uses.items()):
            mod = load(cpath)
            assert mod is not None
            where = "nodes.py" if _is_nodes_module(cpath) else PurePosixPath(cpath).name
            yield finding(
                self.code,
                f"class `{cname}` of {where} is used as a node's callable: make the node a "
                f"function in nodes.py that takes its settings as `params:` inputs (the class "
                "may stay as a helper it calls).",
                _name_place(cpath, mod.lines, mod.classes[cname]),
                tuple(uses),
            )
        for path in package_files:
            if PurePosixPath(path).name != "pipeline.py":
                continue
            mod = load(path)
            if mod is None:
                continue
            used = node_callables.get(path, set())
            for func in self._logic_functions(mod.tree.body, used, top=True):
                yield finding(
                    self.code,
                    f"function `{func.name}` is defined in pipeline.py, which should only wire "
                    f"nodes in `create_pipeline()`: move `{func.name}` to nodes.py and import "
                    "it from there.",
                    _name_place(path, mod.lines, func),
                )

    @staticmethod
    def _node_calls(mod: _Module) -> Iterator[tuple[ast.Call, ast.expr]]:
        for sub in ast.walk(mod.tree):
            if isinstance(sub, ast.Call) and _is_node_factory(sub.func, mod):
                expr = _node_callable(sub)
                if expr is not None:
                    yield sub, expr

    @staticmethod
    def _class_of(full: str, by_module: dict[str, str], load) -> tuple[str, str] | None:
        """(path, class name) when `full` names a top-level class of a package module
        (`pkg.pipelines.x.nodes.Scaler` or `...Scaler.fit`) that is a nodes or pipeline
        module."""
        parts = full.split(".")
        for i in range(len(parts) - 1, 0, -1):
            path = by_module.get(".".join(parts[:i]))
            if path is None:
                continue
            if not (_is_nodes_module(path) or PurePosixPath(path).name == "pipeline.py"):
                return None
            mod = load(path)
            if mod is not None and parts[i] in mod.classes:
                return path, parts[i]
            return None
        return None

    def _logic_functions(
        self, body: list[ast.stmt], used: set[str], top: bool
    ) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
        for stmt in body:
            if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                # Functions under `if`/`try` at this level count too; classes are left alone.
                if isinstance(stmt, ast.If | ast.Try | ast.With):
                    for block in (
                        getattr(stmt, "body", []),
                        getattr(stmt, "orelse", []),
                        getattr(stmt, "finalbody", []),
                    ):
                        yield from self._logic_functions(block, used, top)
                continue
            is_entry = top and stmt.name == "create_pipeline"
            if stmt.name in used or not (is_entry or _builds_pipeline(stmt)):
                yield stmt
            else:
                yield from self._logic_functions(stmt.body, used, top=False)


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
