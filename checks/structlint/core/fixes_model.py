"""What a fix is: edits to one or more files. Plain data, importing nothing of ours, so that
the rules (which make fixes), the fixer (which applies them) and the editor server (which
offers them as code actions) share one shape without knowing each other."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text between two places of one file with `content`. Paths are POSIX and
    relative to the project root; lines are 1-based, columns 0-based offsets in characters
    (the shape LSP ranges and libcst positions share). `create`: the file does not exist yet
    and `content` is all of it (start and end are then 1, 0)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    content: str
    create: bool = False


@dataclass(frozen=True, slots=True)
class Fix:
    """The edits that remove one finding, all or nothing."""

    message: str
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.path for e in self.edits))


# Lines end where Python's tokenizer ends them (not at a form feed, as `str.splitlines`
# would): the lines of an Edit are those of libcst and of the rules' findings.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(x) for x in lines[: line - 1]) + column


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with `edits` (all of one file, not overlapping) applied. Raises ValueError on
    overlapping edits: the caller drops the fix rather than guess."""
    lines = _LINE.findall(text) or [""]
    spans = sorted(
        (_offset(lines, e.line, e.column), _offset(lines, e.end_line, e.end_column), e.content)
        for e in edits
    )
    out: list[str] = []
    at = 0
    for start, end, content in spans:
        if start < at or end < start:
            raise ValueError("overlapping edits")
        out += [text[at:start], content]
        at = end
    out.append(text[at:])
    return "".join(out)
