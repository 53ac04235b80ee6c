"""Which fixes a run may apply: `fixable` / `unfixable` and `extend-safe-fixes` /
`extend-unsafe-fixes` of `[tool.structlint]`, read as ruff reads them, and `--unsafe-fixes`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from structlint.core.findings import Finding
from structlint.core.fixes_model import Applicability


def _specificity(selectors: Sequence[str], code: str) -> int:
    """How specifically `selectors` name `code`: -1 not at all, 0 through ALL, else the length
    of the longest prefix that matches (the more specific selector wins, as in `select`)."""
    best = -1
    for s in selectors:
        if s == "ALL":
            best = max(best, 0)
        elif code.startswith(s):
            best = max(best, len(s))
    return best


@dataclass(frozen=True)
class FixPolicy:
    fixable: tuple[str, ...] = ("ALL",)
    unfixable: tuple[str, ...] = ()
    extend_safe: tuple[str, ...] = ()
    extend_unsafe: tuple[str, ...] = ()
    # `--unsafe-fixes`: unsafe fixes are applied too.
    unsafe: bool = False

    @classmethod
    def from_settings(cls, values: dict, unsafe: bool = False) -> FixPolicy:
        return cls(
            tuple(values.get("fixable", ["ALL"])),
            tuple(values.get("unfixable", [])),
            tuple(values.get("extend-safe-fixes", [])),
            tuple(values.get("extend-unsafe-fixes", [])),
            unsafe,
        )

    def may_fix(self, code: str) -> bool:
        """`fixable` names the code more specifically than `unfixable` does."""
        fix = _specificity(self.fixable, code)
        return fix >= 0 and fix > _specificity(self.unfixable, code)

    def applicability(self, finding: Finding) -> Applicability | None:
        """The finding's fix's applicability after `extend-safe-fixes` / `extend-unsafe-fixes`
        (the more specific selector wins; on a tie the fix counts as unsafe, the careful
        reading), or None when the finding has no fix or its code is not fixable."""
        if finding.fix is None or not self.may_fix(finding.code):
            return None
        safe = _specificity(self.extend_safe, finding.code)
        unsafe = _specificity(self.extend_unsafe, finding.code)
        if safe < 0 and unsafe < 0:
            return finding.fix.applicability
        return "safe" if safe > unsafe else "unsafe"

    def may_apply(self, code: str, applicability: Applicability) -> bool:
        """Whether this run would apply a fix of `code` that is `applicability` by itself."""
        if not self.may_fix(code):
            return False
        safe = _specificity(self.extend_safe, code)
        unsafe = _specificity(self.extend_unsafe, code)
        if safe >= 0 or unsafe >= 0:
            applicability = "safe" if safe > unsafe else "unsafe"
        return applicability == "safe" or self.unsafe

    def applies(self, finding: Finding) -> bool:
        """Whether this run applies the finding's fix."""
        kind = self.applicability(finding)
        return kind == "safe" or (kind == "unsafe" and self.unsafe)
