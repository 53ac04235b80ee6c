"""Which functions are node functions: those passed to Kedro's `node()` / `Node()` anywhere in
the package, resolved through imports, aliases and `functools.partial`, plus every top-level
function of a module that `node-modules` names. Built once per run from the pipeline modules'
syntax; nothing is imported."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pathspec

from structlint.sources.astnames import (
    NODE_FACTORIES,
    PARTIALS,
    ImportNames,
    dotted_ast,
    node_callable_ast,
    resolve_relative,
)

if TYPE_CHECKING:  # the index itself reads `ast`: a warm run imports it and no libcst
    import libcst as cst

    from structlint.project.reach import Reach
    from structlint.sources.names import ImportTable

# `ode` first: a literal prefix the regex engine finds fast; the `n`/`N` and the word
# boundary before it are checked by hand (same as `\b(?:node|Node)\s*\(`).
_ODE_CALL = re.compile(r"ode\s*\(")


def may_call_node(text: str) -> bool:
    # `from kedro.pipeline import node as make_node` hides the name: any kedro.pipeline
    # import makes the module worth a (cheap, cached) look.
    if "kedro.pipeline" in text or "Node(" in text or "outputs=" in text:
        # (`ArgoNode(...)`, `Step(f, outputs=...)`: a call of a `Node` subclass may be one)
        return True
    for m in _ODE_CALL.finditer(text):
        i = m.start()
        if i >= 1 and text[i - 1] in "nN":
            before = text[i - 2] if i >= 2 else ""
            if not (before.isalnum() or before == "_"):
                return True
    return False


def is_node_factory(func: cst.BaseExpression, imports: ImportTable) -> bool:
    return _is_factory_name(imports.qualify(func), imports)


def _is_factory_name(name: str | None, imports: ImportNames) -> bool:
    if name in NODE_FACTORIES:
        return True
    # `from kedro.pipeline import *`: the bare name is Kedro's when nothing else defines it.
    return (
        name in ("node", "Node")
        and name not in imports.names
        and any(v.startswith("kedro") for v in imports.names.values())
    )


def node_callable(call: cst.Call) -> cst.BaseExpression | None:
    """The expression passed as the node's function: first positional argument or `func=`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "func":
            return arg.value
    if call.args and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0].value
    return None


def unwrap_partial(expr: cst.BaseExpression, imports: ImportTable) -> cst.BaseExpression:
    """`partial(f, ...)` -> `f`, repeatedly."""
    import libcst as cst

    while (
        isinstance(expr, cst.Call)
        and imports.qualify(expr.func) in PARTIALS
        and expr.args
        and expr.args[0].keyword is None
    ):
        expr = expr.args[0].value
    return expr


class NodeIndex:
    """relative path -> names of its node functions; and the helpers that node functions
    reach (`structlint.project.reach`): relative path -> helper -> (labels of the nodes that call it,
    its parameters that carry a node's own argument)."""

    def __init__(
        self,
        by_path: dict[str, frozenset[str]],
        helpers: dict[str, Reach] | None = None,
    ) -> None:
        self.by_path = by_path
        self.helpers = helpers or {}

    def names_for(self, path: str) -> frozenset[str]:
        return self.by_path.get(path, frozenset())

    def helpers_for(self, path: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
        """The file's reached helpers as (name, node labels, input parameters), sorted: part
        of the file's cache key, so a finding that a node elsewhere causes goes with it."""
        found = self.helpers.get(path)
        if not found:
            return ()
        return tuple((name, *found[name]) for name in sorted(found))


# What the index needs of one module, small enough to cache by content:
# "f": top-level function names, "i": import table, "r": what its node() calls pass, as
# "local:<name>" (a function of this module) or a qualified name.
Summary = dict[str, Any]


_CALLED_NAME = re.compile(r"(?<![.\w])([A-Za-z_]\w*)\s*\(")


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without entering expressions."""
    for stmt in body:
        yield stmt
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                yield from _statements(inner)
        for handler in getattr(stmt, "handlers", ()):
            yield from _statements(handler.body)


def index_facts(
    tree: ast.Module,
    module_name: str | None,
    is_init: bool,
    text: str | None = None,
    walked: list[ast.AST] | None = None,
) -> Summary:
    """What the index needs of one parsed module (part of `project.summary`'s summary).

    With the module's text, the expensive walks are skipped where they cannot find anything:
    only a module that may call `node()` has its expressions walked, and helpers are found
    from the names the text calls. `walked`: every node of the tree, when the caller has
    listed them already (a module that may call `node()`)."""
    table = ImportNames(module_name, is_init)
    calls: list[ast.Call] = []
    stars: list[str] = []  # modules of `from <m> import *`
    if walked is not None:
        nodes: Iterable[ast.AST] = walked
    elif text is None or may_call_node(text):
        nodes = ast.walk(tree)
    else:
        nodes = _statements(tree.body)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                head = alias.name.split(".", 1)[0]
                table.names[alias.asname or head] = alias.name if alias.asname else head
        elif isinstance(node, ast.ImportFrom):
            base = resolve_relative(module_name, is_init, node.level, node.module)
            for alias in node.names:
                if alias.name != "*":
                    full = f"{base}.{alias.name}" if base else alias.name
                    table.names[alias.asname or alias.name] = full
                elif base:
                    stars.append(base)
        elif isinstance(node, ast.Call):
            calls.append(node)
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    refs: list[str] = []
    lambdas: list[ast.Lambda] = []  # node(lambda ...): the helpers they call are followed
    for call in calls:
        if not _is_factory_name(_qualify_ast(call.func, table), table):
            continue
        target = node_callable_ast(call)
        while (
            isinstance(target, ast.Call)
            and _qualify_ast(target.func, table) in PARTIALS
            and target.args
        ):
            target = target.args[0]
        if isinstance(target, ast.Name) and target.id in functions:
            refs.append(f"local:{target.id}")
            continue
        if isinstance(target, ast.Lambda):
            lambdas.append(target)
            continue
        name = dotted_ast(target) if target is not None else None
        if name is None:
            continue
        full = table.qualify_dotted(name)
        if full == name and "." not in name:
            # `from .nodes import *`: the name may come from any star-imported module; the
            # index marks it only in a module that defines (or re-exports) it.
            refs.extend(f"{star}.{name}" for star in stars)
            continue
        refs.append(full)
    # Functions that other top-level functions of the module call: helpers, not nodes-to-be.
    helpers: set[str] = set()
    if text is not None:
        # A name called anywhere besides its own `def` line (a recursive function, or a call
        # at module level, counts too: both make it a helper, which only silences).
        calls_by_name: dict[str, int] = {}
        for m in _CALLED_NAME.finditer(text):
            name = m.group(1)
            if name in functions:
                calls_by_name[name] = calls_by_name.get(name, 0) + 1
        helpers = {f for f, n in calls_by_name.items() if n >= 2}
        return _with_calls(tree, table, functions, module_name, text, refs, helpers, lambdas)
    for fn in tree.body:
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for sub in ast.walk(fn):
                if (
                    isinstance(sub, ast.Call)
                    and isinstance(sub.func, ast.Name)
                    and sub.func.id in functions
                    and sub.func.id != fn.name
                ):
                    helpers.add(sub.func.id)
    return _with_calls(tree, table, functions, module_name, text, refs, helpers, lambdas)


def _with_calls(
    tree: ast.Module,
    table: ImportNames,
    functions: set[str],
    module_name: str | None,
    text: str | None,
    refs: list[str],
    helpers: set[str],
    lambdas: list[ast.Lambda],
) -> Summary:
    from structlint.project.reach import call_facts

    # "c": what each function calls in the package, for the helpers that nodes reach.
    calls = call_facts(tree, table.names, functions, module_name, text, lambdas)
    return {"f": sorted(functions), "i": table.names, "r": refs, "h": sorted(helpers), "c": calls}


def _qualify_ast(expr: ast.expr, table: ImportNames) -> str | None:
    name = dotted_ast(expr)
    return table.qualify_dotted(name) if name is not None else None


def build_node_index(
    python_files: tuple[str, ...],
    module_names: dict[str, tuple[str | None, bool]],
    read_text: Callable[[str], str | None],
    node_module_globs: list[str],
    package_paths: set[str],
    cache: Any = None,
    summaries: Any = None,
) -> NodeIndex:
    """`module_names`: relative path -> (dotted module, is __init__), for package files.
    `summaries` (a `project.summary.Summaries`) gives each module's summary, parsed once per
    run and kept between runs by `cache` (a ResultCache) when it makes its own."""
    from structlint.project.node_classes import class_node_refs
    from structlint.project.reach import LAMBDA, reached_helpers
    from structlint.project.summary import Summaries

    by_path: dict[str, set[str]] = {}
    spec = pathspec.GitIgnoreSpec.from_lines(node_module_globs)
    node_modules = [p for p in python_files if p in package_paths and spec.match_file(p)]
    path_of_module = {mod: path for path, (mod, _) in module_names.items() if mod}
    if summaries is None:
        summaries = Summaries(read_text, lambda p: module_names.get(p, (None, False)), cache)

    def load(path: str) -> Summary | None:
        return summaries.get(path)

    def summary_of(module: str) -> Summary | None:
        path = path_of_module.get(module)
        return load(path) if path is not None else None

    def mark(module_name: str, func: str, hops: int = 0) -> None:
        path = path_of_module.get(module_name)
        target = load(path) if path is not None else None
        if path is None or target is None:
            return
        if func in target["f"]:
            by_path.setdefault(path, set()).add(func)
        elif func in target["i"] and hops < 4:
            # Re-exported (`from .nodes import f` in an __init__): follow it.
            mod, _, name = target["i"][func].rpartition(".")
            mark(mod, name, hops + 1)

    lambda_paths: set[str] = set()  # modules whose node() calls pass lambdas that call helpers
    for path in python_files:
        if path not in package_paths:
            continue
        text = read_text(path)
        if text is None or not may_call_node(text):
            continue
        here = load(path)
        if here is None:
            continue
        if LAMBDA in here.get("c", ()):
            lambda_paths.add(path)
        mod_name = module_names.get(path, (None, False))[0]
        # With the functions handed to the project's `Node` subclasses (`ArgoNode(func=f)`).
        for ref in [*here["r"], *class_node_refs(here, summary_of)]:
            if ref.startswith("local:"):
                by_path.setdefault(path, set()).add(ref[6:])
                continue
            mod, _, func = ref.rpartition(".")
            if mod:
                mark(mod, func)
            elif mod_name:
                mark(mod_name, func)
    # A node module's functions count as nodes even before a pipeline wires them, so a
    # half-built pipeline is still checked. Its private (`_name`) functions and those that
    # its other functions call are not nodes-to-be (unless a pipeline wires them too): they
    # are checked as the helpers of whichever nodes reach them (below), naming those nodes.
    for path in node_modules:
        summary = load(path)
        if summary is None:
            continue
        helpers = set(summary.get("h", ()))
        unwired = {f for f in summary["f"] if not f.startswith("_") and f not in helpers}
        if unwired:
            by_path.setdefault(path, set()).update(unwired)
    helpers = reached_helpers(
        by_path,
        load,
        path_of_module,
        lambda p: module_names.get(p, (None, False))[0],
        lambda_paths,
    )
    return NodeIndex({p: frozenset(n) for p, n in by_path.items()}, helpers)
