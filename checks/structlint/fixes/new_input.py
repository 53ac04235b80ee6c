"""The part every "make it an input" fix shares: a node function gets a new last parameter,
something inside it is rewritten to use that parameter, and every `node()` that wires the
function gets the new input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from structlint.core.fixes_model import Edit
from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.node_wiring import (
    add_param,
    drop_unused_imports,
    edits_for,
    free_name,
    names_in,
    names_of,
    plain_positional,
    rewrite,
    wire_input,
)
from structlint.project.pipelines import NodeInst


@dataclass
class NodeOf:
    """The node function that holds a finding, and every registered node that runs it."""

    fn: cst.FunctionDef
    nodes: list[NodeInst]

    @property
    def name(self) -> str:
        return self.fn.name.value

    @property
    def namespaces(self) -> set[str | None]:
        return {n.namespace for n in self.nodes}


def node_of(ctx: FixContext, parsed: Parsed, target: cst.CSTNode) -> NodeOf | None:
    """The function around `target` when a new input can be added to it: a top-level
    function of plain positional parameters, wired by registered nodes (in another file)
    whose inputs bind one by one."""
    fn = parsed.enclosing_function(target)
    if fn is None or not plain_positional(fn):
        return None
    nodes = ctx.wiring(parsed.path, fn.name.value)
    if nodes is None or any(n.site.path == parsed.path for n in nodes):
        return None
    arity = len(fn.params.params)
    for n in nodes:
        if n.input_kind in ("list", "str", "none") and len(n.inputs) != arity:
            return None
    return NodeOf(fn, nodes)


def module_names(parsed: Parsed) -> set[str]:
    out: set[str] = set()
    for stmt in parsed.module.body:
        if isinstance(stmt, cst.FunctionDef | cst.ClassDef):
            out.add(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            out |= names_in(stmt)
    return out


def add_input(
    ctx: FixContext,
    parsed: Parsed,
    owner: NodeOf,
    target: cst.CSTNode,
    change: Callable[[cst.CSTNode, str], cst.CSTNode],
    dataset: str,
    wanted: str,
    removed: set[str] | None = None,
    assigned: cst.SimpleStatementLine | None = None,
) -> list[Edit] | None:
    """Edits of the node's module and of its pipeline files: `owner` takes a parameter
    named `wanted` (or a free variant of it), `target` becomes `change(target, param)`, and
    each node gets `dataset` as its new last input. `removed`: imported names the change
    may leave unused (their imports go then). `assigned`: the statement `x = target` that
    the parameter `x` replaces (its name is `wanted`)."""
    changes: dict[cst.CSTNode, Callable] = {}
    if assigned is not None:
        param = wanted
        changes[assigned] = lambda s: cst.RemoveFromParent()
    else:
        param = free_name(wanted, names_in(owner.fn) | module_names(parsed))
        changes[target] = lambda t: change(t, param)
    changes[owner.fn] = lambda f: add_param(f, param)
    if removed:
        changes[parsed.module] = lambda m: drop_unused_imports(m, removed, names_of(parsed))
    new_code = rewrite(parsed, changes)
    code = edits_for(parsed, new_code)
    if code is None:
        return None
    wiring = wire_input(ctx, owner.nodes, dataset, param)
    if wiring is None:
        return None
    return [*code, *wiring]
