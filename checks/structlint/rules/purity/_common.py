"""What several purity rules share: the names an assignment or a call changes, and how an
expression is rendered for a message."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from structlint.sources.names import ATTRIBUTE, NAME

if TYPE_CHECKING:
    pass


# Methods that change their receiver in place (list, dict, set, DataFrame/Series, ndarray).
# `pop` is here although it also returns the value: `y = df.pop("target")` still removes the
# column from the caller's frame. `add` is not (`DataFrame.add` returns a new frame).
MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "pop",
        "popitem",
        "remove",
        "clear",
        "update",
        "setdefault",
        "sort",
        "reverse",
    }
)


_RENDER = cst.Module(body=[])


# Exact type tests, as for `structlint.sources.names.NAME` and the others there.
_Subscript = cst.Subscript


_SEQUENCES = frozenset({cst.Tuple, cst.List})


_Starred = cst.StarredElement


def root_name(expr: cst.BaseExpression) -> cst.Name | None:
    """The name at the root of an attribute/subscript chain: `df.loc[m, "c"]` -> `df`.
    None when the chain passes through a call (`df.copy()["c"]`) or starts elsewhere."""
    tp = type(expr)
    while tp is ATTRIBUTE or tp is _Subscript:
        expr = expr.value  # type: ignore[attr-defined]
        tp = type(expr)
    return expr if tp is NAME else None  # type: ignore[return-value]


def target_names(target: cst.BaseExpression) -> list[str]:
    """Names that an assignment target binds: `a`, `a, (b, *c)`; not `a[0]` or `a.b`."""
    tp = type(target)
    if tp is NAME:
        return [target.value]  # type: ignore[attr-defined]
    if tp in _SEQUENCES:
        out: list[str] = []
        for el in target.elements:  # type: ignore[attr-defined]
            out.extend(target_names(el.value))
        return out
    if tp is _Starred:
        return target_names(target.value)  # type: ignore[attr-defined]
    return []


def render(node: cst.CSTNode, limit: int = 48) -> str:
    text = " ".join(_RENDER.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
