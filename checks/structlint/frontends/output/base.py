from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from structlint.core.findings import Finding, InternalError
from structlint.rules.registry import rule_info


@dataclass
class Report:
    root: Path
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    read_text: Callable[[str], str | None]
    # With a baseline: the findings it hides (SARIF still lists them, as `unchanged`) and how
    # many of its entries no longer occur.
    hidden: list[Finding] = field(default_factory=list)
    fixed: int = 0
    baseline: bool = False  # whether a baseline was applied at all
    # Which fixes this run would apply (a `structlint.fixer.FixPolicy`; None: the settings'
    # defaults, safe fixes only) and how many `--fix` applied.
    policy: Any = None
    applied: int = 0

    def fix_state(self, f: Finding) -> str | None:
        """ "applicable" (`[*]`: `--fix` applies it as the run is set), "unsafe" (only with
        `--unsafe-fixes`), or None (no fix, or its code is not fixable)."""
        if f.fix is None:
            return None
        if self.policy is None:
            return "applicable" if f.fix.applicability == "safe" else "unsafe"
        kind = self.policy.applicability(f)
        if kind is None:
            return None
        return "applicable" if kind == "safe" or self.policy.unsafe else "unsafe"

    def rule_name(self, code: str) -> str:
        rule = rule_info(code)
        return rule.name if rule else code

    def absolute(self, path: str) -> str:
        return str((self.root / path).resolve()) if path != "." else str(self.root)


def error_line(e: InternalError) -> str:
    """One internal error as a sentence: where, on which file, and what to do."""
    return (
        f"internal error in {e.where} on {text(e.path)}: {text(e.detail)} (please report it; "
        "the rest of the run went on)"
    )


def text(value: str) -> str:
    """`value` as printable text. A file name that is not UTF-8 reaches us with its bytes as
    lone surrogates (Python's surrogateescape); they cannot be written as UTF-8 (print, JSON
    readers), so each one shows as U+FFFD."""
    if value.isascii():
        return value
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def uri(path: str) -> str:
    """A relative POSIX path as an RFC 3986 relative reference: its original bytes (UTF-8, or
    whatever a non-UTF-8 name held) percent-encoded, but for the unreserved characters and `/`."""
    from urllib.parse import quote

    return quote(path.encode("utf-8", "surrogateescape"), safe="/")
