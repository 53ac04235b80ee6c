"""Line and column of the few nodes that carry findings.

libcst's PositionProvider records a range for every node of the module, through a metadata
visit on top of a code generation pass: about twice the cost of the parse. Here the same code
generation pass records only the nodes asked for (plus what libcst itself hoists from), which
costs a fraction of that. Only files with findings pay it at all, and when the caller says which
top-level statements hold the nodes (and gives the source), only those statements are generated:
the line a statement starts on is where its generated text stands in the source when it
stands there once, or else the line Python's own `ast` (a fraction of a libcst parse) gives,
checked against the source text at that line, so a wrong start can never give a wrong position
(it falls back to the whole module). If libcst's internals
ever change under us, the public MetadataWrapper path gives the same answer, more slowly.
"""

from __future__ import annotations

import ast
import bisect
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata import MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

_NEWLINE = re.compile(r"\r\n?|\n")
# Statements with findings up to which each is found by searching the source (`_by_search`).
_SEARCHED = 8


class _Sink:
    """Stands in for the provider: libcst's codegen state writes into `_computed`."""

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, CodeRange] = {}


class _WantedOnlyState(PositionProvidingCodegenState):
    __slots__ = ("computed", "wanted")
    # ids of the nodes to record, and where their ranges go (the sink's `_computed`).
    wanted: set[int]
    computed: dict[cst.CSTNode, CodeRange]

    def _update_position(self, value: str) -> None:
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        segments = _NEWLINE.split(value)
        self.line += len(segments) - 1
        self.column = len(segments[-1])

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self._stack.append(CodePosition(self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            start = self._stack.pop()
            computed = self.computed
            if node not in computed:
                computed[node] = CodeRange(start, CodePosition(self.line, self.column))

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        start = CodePosition(self.line, self.column)
        try:
            yield
        finally:
            end = CodePosition(self.line, self.column)
            computed = self.computed
            if start_node is not None and start_node in computed:
                start = computed[start_node].start
            if end_node is not None and end_node in computed:
                end = computed[end_node].end
            computed[node] = CodeRange(start, end)


def _state(
    module: cst.Module, wanted: list[cst.CSTNode], ids: set[int] | None = None
) -> tuple[_WantedOnlyState, _Sink]:
    sink = _Sink()
    state = _WantedOnlyState(
        default_indent=module.default_indent,
        default_newline=module.default_newline,
        # libcst's (private) codegen state asks for a metadata provider; the sink stands in
        # for one on purpose: only the overrides above use it, through `computed`.
        provider=sink,  # type: ignore[arg-type]
    )
    state.wanted = {id(n) for n in wanted} if ids is None else ids
    state.computed = sink._computed
    return state, sink


def _first_token_line(
    stmt: cst.SimpleStatementLine | cst.BaseCompoundStatement, tree_stmt: ast.stmt
) -> int:
    """The line where the code generation of a top-level statement starts: the line of its
    first token (from `ast`) less the blank and comment lines libcst emits before it."""
    before = len(stmt.leading_lines)
    decorators = getattr(stmt, "decorators", ())
    if decorators:
        first = tree_stmt.decorator_list[0].lineno  # type: ignore[attr-defined]
        before += len(decorators[0].leading_lines)
    else:
        first = tree_stmt.lineno
        before += len(getattr(stmt, "lines_after_decorators", ()))
    return first - before


def _by_search(
    module: cst.Module,
    wanted: list[cst.CSTNode],
    tops: list[cst.CSTNode],
    source: str,
) -> dict[cst.CSTNode, CodeRange] | None:
    """Each top-level statement generated as if it started on line 1; its text (leading
    comment and blank lines included) is then found in the source. The source holds that text
    where the statement stands, so when it holds it exactly once, that is where it stands, and
    the lines shift by as much. None when a text is found more than once."""
    out: dict[cst.CSTNode, CodeRange] = {}
    wanted_ids = {id(n) for n in wanted}  # once: not once per statement
    starts: list[int] | None = None  # offsets where lines start, made on first use
    for stmt in tops:
        state, sink = _state(module, wanted, wanted_ids)
        stmt._codegen(state)
        text = "".join(state.tokens)
        at = source.find(text)
        if at < 0 or source.find(text, at + 1) >= 0:
            return None
        if at and source[at - 1] not in "\n\r":
            return None
        if starts is None:
            starts = [0, *(m.end() for m in _NEWLINE.finditer(source))]
        shift = bisect.bisect_right(starts, at) - 1  # line ends before `at`
        for node, rng in sink._computed.items():
            if id(node) in wanted_ids:
                out[node] = CodeRange(
                    CodePosition(rng.start.line + shift, rng.start.column),
                    CodePosition(rng.end.line + shift, rng.end.column),
                )
    return out if all(n in out for n in wanted) else None


def _of_statements(
    module: cst.Module,
    wanted: list[cst.CSTNode],
    tops: set[int],
    source: str,
) -> dict[cst.CSTNode, CodeRange] | None:
    """Positions from generating only the top-level statements in `tops` (ids), with the line
    each starts on from Python's `ast`; None when the shortcut does not apply (or does not
    check out)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    body = tree.body
    starts = [0]
    starts.extend(m.end() for m in _NEWLINE.finditer(source))
    state, sink = _state(module, wanted)
    i = 0
    for stmt in module.body:
        if i >= len(body):
            return None
        tree_stmt = body[i]
        i += len(stmt.body) if isinstance(stmt, cst.SimpleStatementLine) else 1
        if id(stmt) not in tops:
            continue
        line = _first_token_line(stmt, tree_stmt)
        if not 1 <= line <= len(starts):
            return None
        state.line, state.column, state.tokens = line, 0, []
        stmt._codegen(state)
        text = "".join(state.tokens)
        offset = starts[line - 1]
        if source[offset : offset + len(text)] != text:
            return None
    if i != len(body):
        return None
    found = sink._computed
    return found if all(n in found for n in wanted) else None


def positions(
    module: cst.Module,
    nodes: Iterable[cst.CSTNode],
    tops: Iterable[cst.CSTNode | None] = (),
    source: str | None = None,
) -> dict[cst.CSTNode, CodeRange]:
    """Ranges of `nodes`. `tops`: the top-level statements that hold them (None for one that
    is not known) and `source`, the module's text: only those statements are generated."""
    wanted = list(nodes)
    top_list = list(tops)
    body = {id(s) for s in module.body}
    known = [t for t in top_list if t is not None and id(t) in body]
    if source is not None and top_list and len(known) == len(top_list):
        try:
            unique = list({id(t): t for t in known}.values())
            # Each search reads the whole source: only for a few statements, or the cost
            # grows with findings times file size. Many go by `ast`'s lines, in one pass.
            few = len(unique) <= _SEARCHED
            found = _by_search(module, wanted, unique, source) if few else None
            if found is None:
                found = _of_statements(module, wanted, {id(t) for t in unique}, source)
            if found is not None:
                return found
        except Exception:  # anything unexpected: the whole module below
            pass
    try:
        state, sink = _state(module, wanted)
        module._codegen(state)
        found = sink._computed
        if all(n in found for n in wanted):
            return found
    except Exception:  # libcst internals moved: take the public road
        pass
    return dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
