"""`structlint check --since REF`: only the findings a change adds, from `git diff REF`.

A front end of the engine: it filters the findings a run returned. A finding is kept when
one of its lines changed since REF (the working tree against REF: commits, staged and
unstaged edits, and new untracked files), or, for a finding of a whole-project rule, when the
file it points at or a place it relates to changed (a pipeline edit that orphans a catalog
entry is reported at the entry, whose file did not change: its related place did)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint.findings import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


class SinceError(Exception):
    """`--since` cannot work here: no git, not a repository, or no such ref."""


@dataclass
class Changes:
    """What changed since the ref: lines per file, and the files that are new or changed."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)  # new (untracked or added) files

    @property
    def files(self) -> set[str]:
        return set(self.lines) | self.whole

    def touches(self, path: str, first: int, last: int) -> bool:
        if path in self.whole:
            return True
        changed = self.lines.get(path)
        if not changed:
            return False
        return any(n in changed for n in range(first, max(first, last) + 1))


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", "-c", "core.quotepath=off", *args],
            cwd=root,
            capture_output=True,
            text=True,
            errors="surrogateescape",
            check=False,
        )
    except FileNotFoundError as exc:
        raise SinceError("--since needs git, and `git` is not installed.") from exc


def changes(root: Path, ref: str) -> Changes:
    """The lines that differ between `ref` and the working tree, paths relative to `root`."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise SinceError(
            f"--since {ref}: {root} is not inside a git repository; --since compares with a "
            "git commit. Run without --since, or `git init` and commit first."
        )
    resolved = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if resolved.returncode != 0:
        raise SinceError(
            f"--since {ref}: no such commit, branch or tag in this repository. "
            "Use a ref that `git rev-parse` knows (`main`, `origin/main`, `HEAD~1`); in CI, "
            "fetch it first (`git fetch origin main`, or a checkout with full history)."
        )
    commit = resolved.stdout.strip()
    out = Changes()
    # --relative: paths relative to `root` (the project may be a folder of the repository),
    # and nothing outside it. -U0: hunks are exactly the changed lines.
    diff = _git(
        root, "diff", "--relative", "-U0", "--no-color", "--no-ext-diff", "-M", commit, "--"
    )
    if diff.returncode != 0:
        raise SinceError(f"--since {ref}: `git diff` failed: {diff.stderr.strip()}")
    current: str | None = None
    for line in diff.stdout.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = None if name == "/dev/null" else name[2:] if name.startswith("b/") else name
            continue
        if current is None or not line.startswith("@@"):
            continue
        m = _HUNK.match(line)
        if m:
            start, count = int(m.group(1)), int(m.group(2) or "1")
            lines = out.lines.setdefault(current, set())
            lines.update(range(start, start + count))
            if count == 0:
                # Only deletions: mark the line after them, where the removed code was.
                lines.add(max(start, 1))
    added = _git(root, "diff", "--relative", "--name-only", "--diff-filter=A", commit, "--")
    out.whole.update(p for p in added.stdout.splitlines() if p)
    untracked = _git(root, "ls-files", "--others", "--exclude-standard")
    out.whole.update(p for p in untracked.stdout.splitlines() if p)
    return out


def only_changed(
    findings: Sequence[Finding], change: Changes, project_codes: Iterable[str]
) -> list[Finding]:
    """The findings on changed lines; whole-project rules' findings also when their file or
    a related place changed."""
    project = frozenset(project_codes)
    touched = change.files
    kept = []
    for f in findings:
        on_changed_line = change.touches(f.path, f.line, f.end_line) or any(
            change.touches(r.path, r.line, r.line) for r in f.related
        )
        caused = f.code in project and (
            f.path in touched
            or (f.path == "." and bool(touched))
            or any(r.path in touched for r in f.related)
        )
        if on_changed_line or caused:
            kept.append(f)
    return kept
