from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from structlint.findings import Finding, InternalError
from structlint.registry import rule_info


@dataclass
class Report:
    root: Path
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    read_text: Callable[[str], str | None]

    def rule_name(self, code: str) -> str:
        rule = rule_info(code)
        return rule.name if rule else code

    def absolute(self, path: str) -> str:
        return str((self.root / path).resolve()) if path != "." else str(self.root)
