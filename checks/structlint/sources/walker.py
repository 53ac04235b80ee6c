"""One walk per file that dispatches every node to every enabled rule.

libcst's own `visit()` rebuilds each node's children as it goes, and costs several times a plain
walk; here children are read straight from the dataclass fields, and whitespace and
punctuation fields, which no rule reads, are never entered.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from typing import Any

import libcst as cst
from libcst import MaybeSentinel

from structlint.sources.astnames import NODE_FACTORIES
from structlint.sources.context import FileContext, NodeFunction, param_names
from structlint.sources.node_calls import is_node_factory, node_callable, unwrap_partial

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
# type -> whether its instances are nodes: a dict lookup is much cheaper than an `isinstance`
# against libcst's abstract base class.
_IS_NODE: dict[type, bool] = {}

Callback = Callable[[Any], Any]


def _may_hold_nodes(annotation: Any) -> bool:
    """False for a field typed as text or a flag (`Name.value`, `Param.star`): never a node."""
    if annotation is str or annotation is bool:
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return False
    if origin is typing.Union:
        return any(
            a is not MaybeSentinel and _may_hold_nodes(a) for a in typing.get_args(annotation)
        )
    return True


def _fields_of(tp: type) -> tuple[str, ...]:
    names = tuple(
        f.name
        for f in dataclasses.fields(tp)
        if f.name not in _SKIPPED_FIELDS and "whitespace" not in f.name and _may_hold_nodes(f.type)
    )
    _FIELDS[tp] = names
    return names


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The children the walk enters (no whitespace or punctuation): a cheap `node.children`
    for rules that look below the node they visit."""
    tp = type(node)
    fields = _FIELDS.get(tp)
    if fields is None:
        fields = _fields_of(tp)
    out: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(node, name)
        if isinstance(value, cst.CSTNode):
            out.append(value)
        elif type(value) is tuple or type(value) is list:
            out.extend(item for item in value if isinstance(item, cst.CSTNode))
    return out


_FACTORY_LAST_NAMES = frozenset(
    {name.rpartition(".")[2] for name in NODE_FACTORIES} | {"node", "Node"}
)
_HOOK_NAMES: dict[tuple[type, str], tuple[tuple[type, str], ...]] = {}


def _hook_names(cls: type, prefix: str) -> tuple[tuple[type, str], ...]:
    """(node type, method name) of a class's hooks: computed once per class."""
    key = (cls, prefix)
    found = _HOOK_NAMES.get(key)
    if found is None:
        out = []
        for attr in dir(cls):
            if attr.startswith(prefix):
                node_type = getattr(cst, attr[len(prefix) :], None)
                if isinstance(node_type, type):
                    out.append((node_type, attr))
        found = _HOOK_NAMES[key] = tuple(out)
    return found


def _hooks_of(obj: object, prefix: str) -> dict[type, Callback]:
    """The object's hooks; a rule switches one off for its file by setting it to None on
    the instance (`self.visit_Name = None` in `__init__`): the walk then never calls it."""
    out = {}
    for tp, attr in _hook_names(type(obj), prefix):
        fn = getattr(obj, attr)
        if fn is not None:
            out[tp] = fn
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
        if ctx.node_function is None and isinstance(ctx.parent, cst.Module):
            name = node.name.value
            if ctx.is_node_function_name(name):
                ctx.node_function = NodeFunction(name, param_names(node.params), node)
            elif name in ctx.helpers:  # a helper that node functions call: checked as theirs
                nodes, inputs = ctx.helpers[name]
                params = param_names(node.params)
                ctx.node_function = NodeFunction(name, params, node, nodes, inputs)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.ctx.node_function = self.saved.pop()

    def visit_Call(self, node: cst.Call) -> None:
        # Every node factory's qualified name ends in `node` or `Node`: test that cheaply first.
        func = node.func
        last = self.ctx.last_name(func)
        if last is None:
            return
        if last not in _FACTORY_LAST_NAMES:
            return
        if is_node_factory(func, self.ctx.imports):
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


def _walked(node: cst.CSTNode) -> None:
    """What `walk`'s own `visit` is rebound to once the walk is over."""


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
    push, pop = stack.append, stack.pop
    fields_cache = _FIELDS
    is_node = _IS_NODE
    node_base = cst.CSTNode

    def crashed(owner: Any, exc: Exception) -> None:
        nonlocal visits, leaves
        if owner is engine:
            raise exc
        on_crash(getattr(owner, "code", "?"), exc)
        live.remove(owner)
        visits, leaves = build()

    def visit(node: cst.CSTNode) -> None:
        tp = type(node)
        entries = visits.get(tp)
        descend = True
        if entries is not None:
            for owner, fn in entries:
                try:
                    if fn(node) is False:
                        descend = False
                except Exception as exc:
                    crashed(owner, exc)
        fields = fields_cache.get(tp)
        if fields is None:
            fields = _fields_of(tp)
        if descend and fields:
            push(node)
            for name in fields:
                value = getattr(node, name)
                vt = type(value)
                if vt is tuple or vt is list:
                    for item in value:
                        it = type(item)
                        kind = is_node.get(it)
                        if kind is None:
                            kind = is_node[it] = issubclass(it, node_base)
                        if kind:
                            visit(item)
                else:
                    kind = is_node.get(vt)
                    if kind is None:
                        kind = is_node[vt] = issubclass(vt, node_base)
                    if kind:
                        visit(value)
            pop()
        entries = leaves.get(tp)
        if entries is not None:
            for owner, fn in entries:
                try:
                    fn(node)
                except Exception as exc:
                    crashed(owner, exc)

    try:
        visit(module)
    finally:
        # `visit` refers to itself through its closure: break that cycle so the file's tree
        # and rules are freed by reference counting, with the collector paused.
        visit = _walked
