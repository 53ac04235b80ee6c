"""What a rule reports: a finding with its place, and the places it relates to."""

from __future__ import annotations

from dataclasses import dataclass, field

from structlint.core.fixes_model import Fix

# A run note that starts with this is shown without `--verbose`, as the run's last line, with
# the prefix taken off: it says that a check could not be made in full.
CLOSING_NOTE = "closing: "


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a finding points at (the catalog line, the other node)."""

    path: str
    line: int
    column: int
    message: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. Paths are POSIX and relative to the project root; lines and
    columns are 1-based. `noqa_lines` are the lines on which a `# noqa` suppresses it; `fix`,
    when the rule knows one, the edits that remove it."""

    code: str
    message: str
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    related: tuple[Related, ...] = ()
    noqa_lines: tuple[int, ...] = field(default=())
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True, slots=True)
class InternalError:
    """A crash inside structlint on one file: reported, never fatal to the rest of the run."""

    path: str
    where: str  # the rule code, or the stage ("parse", "project-model")
    detail: str
