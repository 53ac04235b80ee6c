"""What the node index needs of one module (`index_facts`, part of `project.summary`'s
summary of it): its imports, the functions its `node()` calls pass, the helpers its functions
call. Made from the module's `ast`, once per content (the summaries are cached)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import Any

from structlint.sources.astnames import (
    PARTIALS,
    ImportNames,
    dotted_ast,
    node_callable_ast,
    resolve_relative,
)
from structlint.sources.node_calls import is_factory_name, may_call_node

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
        if not is_factory_name(_qualify_ast(call.func, table), table):
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
