"""Recall and precision of structlint over a corpus whose lines carry `# expect: SLxxx` markers."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from structlint.rules.registry import rules_by_code
from tests.helpers import found, run

MARKER = re.compile(r"#\s*expect:\s*(SL\d{3}(?:\s*,\s*SL\d{3})*)")
TEXT_SUFFIXES = {".py", ".yml", ".yaml", ".toml", ".cfg", ".txt", ".md", ""}

Triple = tuple[str, int, str]


def expectations(root: Path) -> set[Triple]:
    """Every (path, line, code) that a `# expect: SLxxx[, SLyyy]` comment marks under root."""
    out: set[Triple] = set()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES or ".git" in path.parts:
            continue
        rel = path.relative_to(root).as_posix()
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = MARKER.search(line)
            if m:
                out.update((rel, lineno, c.strip()) for c in m.group(1).split(","))
    return out


def copy_project(src: Path, dst: Path, *, git: bool = False) -> Path:
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", ".structlint_cache"))
    if git:
        for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
            subprocess.run(cmd, cwd=dst, check=True, capture_output=True)
    return dst


@dataclass
class Score:
    codes: list[str]
    expected: set[Triple]
    found: set[Triple]
    skipped: list[str] = field(default_factory=list)

    @property
    def hits(self) -> set[Triple]:
        return self.expected & self.found

    @property
    def misses(self) -> set[Triple]:
        return self.expected - self.found

    @property
    def false_positives(self) -> set[Triple]:
        return self.found - self.expected

    @staticmethod
    def ratio(num: int, den: int) -> float:
        return num / den if den else 1.0

    @property
    def recall(self) -> float:
        return self.ratio(len(self.hits), len(self.expected))

    @property
    def precision(self) -> float:
        return self.ratio(len(self.hits), len(self.found))

    def table(self) -> str:
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for t in self.expected:
            per[t[2]][0] += 1
        for t in self.found:
            per[t[2]][1] += 1
        for t in self.hits:
            per[t[2]][2] += 1
        rows = [
            f"{'rule':<7} {'expected':>8} {'found':>6} {'hits':>5} {'recall':>7} {'precision':>9}"
        ]
        for code in sorted(set(self.codes) | set(per)):
            e, f, h = per[code]
            rows.append(
                f"{code:<7} {e:>8} {f:>6} {h:>5} {self.ratio(h, e):>7.2f} {self.ratio(h, f):>9.2f}"
            )
        rows.append(
            f"{'ALL':<7} {len(self.expected):>8} {len(self.found):>6} {len(self.hits):>5}"
            f" {self.recall:>7.2f} {self.precision:>9.2f}"
        )
        if self.skipped:
            rows.append(f"not registered, expectations excluded: {', '.join(self.skipped)}")
        return "\n".join(rows)

    def report(self, messages: dict[Triple, str]) -> str:
        lines = [self.table(), "", "misses (expected, not found):"]
        lines += [f"  {p}:{n}: {c}" for p, n, c in sorted(self.misses)] or ["  none"]
        lines.append("false positives (found, not expected):")
        lines += [
            f"  {p}:{n}: {c} {messages.get((p, n, c), '')}"
            for p, n, c in sorted(self.false_positives)
        ] or ["  none"]
        return "\n".join(lines)


def score(root: Path, codes: Iterable[str]) -> tuple[Score, dict[Triple, str], list[str]]:
    """Run structlint with `codes` selected over root and compare with the markers."""
    wanted = list(codes)
    registered = set(rules_by_code())
    active = [c for c in wanted if c in registered]
    skipped = [c for c in wanted if c not in registered]
    if skipped:
        print(f"\nnote: rules not registered yet, their expectations are excluded: {skipped}")
    result = run(root, select=active)
    assert not result.errors, result.errors
    got = {t for t in found(result) if t[2] in active}
    messages = {(f.path, f.line, f.code): f.message for f in result.findings}
    expected = {t for t in expectations(root) if t[2] in active}
    return Score(active, expected, got, skipped), messages, result.notes
