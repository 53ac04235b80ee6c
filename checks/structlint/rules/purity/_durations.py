"""Whether a wall-clock reading in a function only reaches messages: a logged duration
(`start = time.time(); ...; logger.info("took %.1fs", time.time() - start)`), a printed
time (`print(f"done at {datetime.today()}")`), a duration that only paces the run
(`time.sleep(max(time.time() - start, 0.1))`), or a time that only goes into a record the
node writes of its own run (`conn.execute(query, {"ended_at": ended_at})`).

A cold path: SL204 asks only for a clock call it would otherwise report, and the answer
looks at that one function (a parent map of it, made once per function).
"""

from __future__ import annotations

import libcst as cst

from structlint.rules.locations._common import is_message_call
from structlint.sources.context import FileContext
from structlint.sources.names import ATTRIBUTE, CALL, NAME
from structlint.sources.walker import child_nodes

# Calls that turn a duration into a number or text without using it otherwise.
_CONVERSIONS = frozenset(
    {"round", "int", "float", "str", "abs", "format", "datetime.timedelta", "timedelta"}
    | {"max", "min"}  # `max(elapsed, 0.1)`: a bound on the duration, still a duration
)
# Calls where a duration ends without reaching the output: it only paces the run (waiting as
# long as the last request took before the next one).
_PACING = frozenset({"time.sleep", "asyncio.sleep"})
# Writes of a side-effect record: when the time goes only into what the node writes out as a
# record of its own run (`json.dump({"status": s, "time": now}, f)`, a session row's
# `ended_at` through `conn.execute(query, {...})`), the record is what holds the wall clock,
# on purpose; the write itself is I/O, SL201's business where the rule sees it.
_RECORD_WRITERS = frozenset({"json.dump"})
_RECORD_METHODS = frozenset({"execute", "executemany"})
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
        cst.DictElement,  # `{"ended_at": ended_at}`: on to where the dict goes
        cst.Dict,
    }
)
# Methods of a time or a duration that give text or a number for a message.
_TEXT_METHODS = frozenset(
    {"strftime", "isoformat", "ctime", "total_seconds", "timestamp", "date", "time"}
)
_MAX_HOPS = 3  # `elapsed = end - start; minutes = elapsed / 60; logger.info(..., minutes)`


class Durations:
    """Answers `only_for_messages(call)` for the clock calls of one function."""

    def __init__(self, ctx: FileContext, fn: cst.CSTNode) -> None:
        self.ctx = ctx
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

    def only_for_messages(self, call: cst.Call) -> bool:
        """True when the reading (or a name bound to it) only reaches messages: a logged
        duration (`time.time() - start`) or a printed time (`print(f"at {datetime.now()}")`)."""
        name = self._assigned_name(call)
        if name is None:
            return self._to_text(call, 0)
        uses = self.loads.get(name, [])
        return bool(uses) and all(self._to_text(u, 0) for u in uses)

    def _assigned_name(self, value: cst.CSTNode) -> str | None:
        """`start` for `start = <value>` (one plain name as the only target)."""
        parent = self.parents.get(id(value))
        if type(parent) is cst.Assign and len(parent.targets) == 1:  # type: ignore[union-attr]
            target = parent.targets[0].target  # type: ignore[union-attr]
            if type(target) is NAME:
                return target.value  # type: ignore[no-any-return]
        return None

    def _to_text(self, node: cst.CSTNode, hops: int) -> bool:
        """The value of `node` reaches only messages: through arithmetic, f-strings,
        `%`/`.format`, conversions and names bound to it."""
        while True:
            parent = self.parents.get(id(node))
            tp = type(parent)
            if tp in _PASS_THROUGH:
                node = parent  # type: ignore[assignment]
            elif tp is ATTRIBUTE and parent.attr.value in _TEXT_METHODS:  # type: ignore[union-attr]
                # `datetime.now().isoformat()`, `(end - start).total_seconds()`
                call_of = self.parents.get(id(parent))
                if type(call_of) is not CALL or call_of.func is not parent:  # type: ignore[union-attr]
                    return False
                node = call_of  # type: ignore[assignment]
            elif tp is CALL:
                call: cst.Call = parent  # type: ignore[assignment]
                if type(node) is not cst.Arg:
                    return False  # the value is called, or a method of it is
                if is_message_call(self.ctx, call):
                    return True
                if (self.ctx.qualified_name(call.func) or "") in _PACING | _RECORD_WRITERS:
                    return True
                func = call.func
                if type(func) is ATTRIBUTE and func.attr.value in _RECORD_METHODS:  # type: ignore[attr-defined]
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
