"""Whether a wall-clock reading in a function only measures a duration for a message:
`start = time.time(); ...; logger.info("took %.1fs", time.time() - start)`.

A cold path: SL204 asks only for a clock call it would otherwise report, and the answer
looks at that one function (a parent map of it, made once per function).
"""

from __future__ import annotations

from collections.abc import Callable

import libcst as cst

from structlint.context import FileContext
from structlint.names import ATTRIBUTE, CALL, NAME
from structlint.rules.locations._common import is_message_call
from structlint.walker import child_nodes

# Calls that turn a duration into a number or text without using it otherwise.
_CONVERSIONS = frozenset(
    {"round", "int", "float", "str", "abs", "format", "datetime.timedelta", "timedelta"}
)
# Expressions whose value carries the duration on unchanged in kind: arithmetic, `%`, an
# f-string, a tuple of `%` arguments, an argument.
_PASS_THROUGH = frozenset(
    {
        cst.BinaryOperation,
        cst.FormattedStringExpression,
        cst.FormattedString,
        cst.Arg,
        cst.Element,
        cst.Tuple,
    }
)
_MAX_HOPS = 3  # `elapsed = end - start; minutes = elapsed / 60; logger.info(..., minutes)`


class Durations:
    """Answers `only_timed(call)` for the clock calls of one function."""

    def __init__(
        self, ctx: FileContext, fn: cst.CSTNode, is_clock: Callable[[cst.Call], bool]
    ) -> None:
        self.ctx = ctx
        self.is_clock = is_clock
        self.parents: dict[int, cst.CSTNode] = {}
        self.loads: dict[str, list[cst.Name]] = {}
        todo: list[cst.CSTNode] = [fn]
        while todo:
            node = todo.pop()
            for child in child_nodes(node):
                self.parents[id(child)] = node
                todo.append(child)
                if type(child) is NAME and not _is_store(node, child):
                    self.loads.setdefault(child.value, []).append(child)  # type: ignore[union-attr]

    def only_timed(self, call: cst.Call) -> bool:
        """True when the reading is only subtracted from another reading and the difference
        only reaches messages."""
        name = self._assigned_name(call)
        if name is None:
            return self._subtracted_for_text(call)
        uses = self.loads.get(name, [])
        return bool(uses) and all(self._subtracted_for_text(u) for u in uses)

    def _assigned_name(self, value: cst.CSTNode) -> str | None:
        """`start` for `start = <value>` (one plain name as the only target)."""
        parent = self.parents.get(id(value))
        if type(parent) is cst.Assign and len(parent.targets) == 1:  # type: ignore[union-attr]
            target = parent.targets[0].target  # type: ignore[union-attr]
            if type(target) is NAME:
                return target.value  # type: ignore[no-any-return]
        return None

    def _subtracted_for_text(self, node: cst.CSTNode) -> bool:
        parent = self.parents.get(id(node))
        if type(parent) is not cst.BinaryOperation or type(parent.operator) is not cst.Subtract:  # type: ignore[union-attr]
            return False
        other = parent.right if parent.left is node else parent.left  # type: ignore[union-attr]
        if not (type(other) is NAME or (type(other) is CALL and self.is_clock(other))):  # type: ignore[arg-type]
            return False
        return self._to_text(parent, 0)

    def _to_text(self, node: cst.CSTNode, hops: int) -> bool:
        """The value of `node` reaches only messages: through arithmetic, f-strings,
        `%`/`.format`, conversions and names bound to it."""
        while True:
            parent = self.parents.get(id(node))
            tp = type(parent)
            if tp in _PASS_THROUGH:
                node = parent  # type: ignore[assignment]
            elif tp is CALL:
                call: cst.Call = parent  # type: ignore[assignment]
                if type(node) is not cst.Arg:
                    return False  # the duration is called or its attribute is
                if is_message_call(self.ctx, call):
                    return True
                if not self._converts(call):
                    return False
                node = call
            elif tp is cst.Assign:
                name = self._assigned_name(node)
                if name is None or hops >= _MAX_HOPS:
                    return False
                uses = self.loads.get(name, [])
                return bool(uses) and all(self._to_text(u, hops + 1) for u in uses)
            else:
                return False

    def _converts(self, call: cst.Call) -> bool:
        func = call.func
        if type(func) is ATTRIBUTE and func.attr.value == "format":
            return True  # `"took {:.1f}s".format(...)`
        return (self.ctx.qualified_name(func) or "") in _CONVERSIONS


def _is_store(parent: cst.CSTNode, child: cst.CSTNode) -> bool:
    """The name is being bound, not read: an assignment target, a `for` target."""
    tp = type(parent)
    if tp is cst.AssignTarget or tp is cst.AnnAssign or tp is cst.AugAssign:
        return parent.target is child  # type: ignore[attr-defined,no-any-return]
    if tp is cst.For or tp is cst.CompFor:
        return parent.target is child  # type: ignore[attr-defined,no-any-return]
    return False
