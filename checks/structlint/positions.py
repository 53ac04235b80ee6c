"""Line and column of the few nodes that carry findings.

libcst's PositionProvider records a range for every node of the module, through a metadata
visit on top of a code generation pass: about twice the cost of the parse. Here the same code
generation pass records only the nodes asked for (plus what libcst itself hoists from), which
costs a fraction of that. Only files with findings pay it at all. If libcst's internals ever
change under us, the public MetadataWrapper path gives the same answer, more slowly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import libcst as cst
from libcst._position import CodePosition, CodeRange
from libcst.metadata import MetadataWrapper, PositionProvider
from libcst.metadata.position_provider import PositionProvidingCodegenState

_NEWLINE = re.compile(r"\r\n?|\n")


class _Sink:
    """Stands in for the provider: libcst's codegen state writes into `_computed`."""

    def __init__(self) -> None:
        self._computed: dict[cst.CSTNode, CodeRange] = {}


class _WantedOnlyState(PositionProvidingCodegenState):
    __slots__ = ("wanted",)

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
            computed = self.provider._computed  # type: ignore[attr-defined]
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
            computed = self.provider._computed  # type: ignore[attr-defined]
            if start_node is not None and start_node in computed:
                start = computed[start_node].start
            if end_node is not None and end_node in computed:
                end = computed[end_node].end
            computed[node] = CodeRange(start, end)


def positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[cst.CSTNode, CodeRange]:
    wanted = list(nodes)
    try:
        sink = _Sink()
        state = _WantedOnlyState(
            default_indent=module.default_indent,
            default_newline=module.default_newline,
            provider=sink,
        )
        state.wanted = {id(n) for n in wanted}
        module._codegen(state)
        found = sink._computed
        if all(n in found for n in wanted):
            return found
    except Exception:  # libcst internals moved: take the public road
        pass
    return dict(MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider))
