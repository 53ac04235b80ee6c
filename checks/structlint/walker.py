"""One walk per file that dispatches every node to every enabled rule.

libcst's own `visit()` rebuilds each node's children as it goes, and costs several times a plain
walk; here children are read straight from the dataclass fields, and whitespace and
punctuation fields, which no rule reads, are never entered.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import libcst as cst

from structlint.context import FileContext, NodeFunction, param_names
from structlint.node_index import is_node_factory, node_callable, unwrap_partial

_SKIPPED_FIELDS = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "comma",
        "semicolon",
        "colon",
        "dot",
        "equal",
        "header",
        "footer",
        "leading_lines",
        "lines_after_decorators",
        "newline",
        "operator",
        "asynchronous",
        "trailing_whitespace",
        "at",
        "star_tok",
    }
)
_FIELDS: dict[type, tuple[str, ...]] = {}

Callback = Callable[[Any], Any]


def _fields_of(tp: type) -> tuple[str, ...]:
    names = tuple(
        f.name
        for f in dataclasses.fields(tp)
        if f.name not in _SKIPPED_FIELDS and "whitespace" not in f.name
    )
    _FIELDS[tp] = names
    return names


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The children the walk enters (no whitespace or punctuation): a cheap `node.children`
    for rules that look below the node they visit."""
    tp = type(node)
    fields = _FIELDS.get(tp) or _fields_of(tp)
    out: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif type(value) is tuple or type(value) is list:
            out.extend(item for item in value if isinstance(item, cst.CSTNode))
    return out


def _hooks_of(obj: object, prefix: str) -> dict[type, Callback]:
    out: dict[type, Callback] = {}
    for attr in dir(type(obj)):
        if attr.startswith(prefix):
            node_type = getattr(cst, attr[len(prefix) :], None)
            if isinstance(node_type, type):
                out[node_type] = getattr(obj, attr)
    return out


class _EngineHooks:
    """What the walk itself keeps track of for the rules: imports, node functions."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.saved: list[NodeFunction | None] = []

    def visit_Import(self, node: cst.Import) -> None:
        self.ctx.imports.add(node)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.ctx.imports.add(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        ctx = self.ctx
        self.saved.append(ctx.node_function)
        if (
            ctx.node_function is None
            and isinstance(ctx.parent, cst.Module)
            and ctx.is_node_function_name(node.name.value)
        ):
            ctx.node_function = NodeFunction(node.name.value, param_names(node.params), node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.ctx.node_function = self.saved.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if is_node_factory(node.func, self.ctx.imports):
            target = node_callable(node)
            if target is not None:
                target = unwrap_partial(target, self.ctx.imports)
                if isinstance(target, cst.Lambda):
                    self.ctx.node_lambdas.add(id(target))

    def visit_Lambda(self, node: cst.Lambda) -> None:
        ctx = self.ctx
        self.saved.append(ctx.node_function)
        if ctx.node_function is None and id(node) in ctx.node_lambdas:
            ctx.node_function = NodeFunction("<lambda>", param_names(node.params), node)

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self.ctx.node_function = self.saved.pop()


class RuleCrash(Exception):
    def __init__(self, code: str, error: BaseException) -> None:
        super().__init__(code)
        self.code = code
        self.error = error


def walk(
    module: cst.Module,
    ctx: FileContext,
    rules: list[Any],
    on_crash: Callable[[str, BaseException], None],
) -> None:
    """Walk `module` once, calling each rule's visit_/leave_ hooks. A rule that raises is
    reported through `on_crash` and dropped for the rest of this file."""
    engine = _EngineHooks(ctx)
    live = list(rules)

    def build() -> tuple[
        dict[type, list[tuple[Any, Callback]]], dict[type, list[tuple[Any, Callback]]]
    ]:
        visits: dict[type, list[tuple[Any, Callback]]] = {}
        leaves: dict[type, list[tuple[Any, Callback]]] = {}
        for owner in (engine, *live):
            for tp, fn in _hooks_of(owner, "visit_").items():
                visits.setdefault(tp, []).append((owner, fn))
        for owner in (*live, engine):
            for tp, fn in _hooks_of(owner, "leave_").items():
                leaves.setdefault(tp, []).append((owner, fn))
        return visits, leaves

    visits, leaves = build()
    stack = ctx.stack
    fields_cache = _FIELDS
    node_base = cst.CSTNode

    def call(entries: list[tuple[Any, Callback]], node: cst.CSTNode) -> bool:
        nonlocal visits, leaves
        descend = True
        for owner, fn in entries:
            try:
                if fn(node) is False:
                    descend = False
            except Exception as exc:
                if owner is engine:
                    raise
                code = getattr(owner, "code", "?")
                on_crash(code, exc)
                live.remove(owner)
                visits, leaves = build()
        return descend

    def visit(node: cst.CSTNode) -> None:
        tp = type(node)
        entries = visits.get(tp)
        if entries is None or call(entries, node):
            fields = fields_cache.get(tp) or _fields_of(tp)
            stack.append(node)
            for name in fields:
                value = getattr(node, name)
                if isinstance(value, node_base):
                    visit(value)
                elif type(value) is tuple or type(value) is list:
                    for item in value:
                        if isinstance(item, node_base):
                            visit(item)
            stack.pop()
        entries = leaves.get(tp)
        if entries is not None:
            call(entries, node)

    visit(module)
