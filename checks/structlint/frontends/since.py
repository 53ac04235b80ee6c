"""`structlint check --since REF`: only the findings a change adds, from `git diff REF`.

A front end of the engine: it filters the findings a run returned. A finding is kept when
one of its lines, or a place it relates to, changed since REF (the working tree against REF:
commits, staged and unstaged edits, and new untracked files). A whole-project finding can be
caused by a change elsewhere (a pipeline edit orphans a catalog entry whose lines did not
change): those outside the changed lines are compared, by the baseline's fingerprint, with
the whole-project findings of REF itself (its files exported by `git archive` into a
temporary folder and checked by the same engine), and kept when REF did not have them."""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint.core.findings import Finding

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


class SinceError(Exception):
    """`--since` cannot work here: no git, not a repository, or no such ref."""


@dataclass
class Changes:
    """What changed since the ref: lines per file, and the files that are new or changed."""

    lines: dict[str, set[int]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)  # new (untracked or added) files
    commit: str = ""

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
    out = Changes(commit=commit)
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
    findings: Sequence[Finding],
    change: Changes,
    project_codes: Iterable[str],
    at_ref: Callable[[], Iterable[object]] | None = None,
    keys_now: Callable[[Sequence[Finding]], Sequence[object]] | None = None,
) -> list[Finding]:
    """The findings on changed lines (or relating to one). A whole-project rule's finding
    elsewhere is kept when `at_ref()` (the fingerprints of REF's whole-project findings) does
    not hold its fingerprint (`keys_now`); it is asked only when there is such a finding."""
    project = frozenset(project_codes)
    kept: list[Finding] = []
    elsewhere: list[Finding] = []
    for f in findings:
        if change.touches(f.path, f.line, f.end_line) or any(
            change.touches(r.path, r.line, r.line) for r in f.related
        ):
            kept.append(f)
        elif f.code in project and change.files:
            elsewhere.append(f)
    if elsewhere and at_ref is not None and keys_now is not None:
        from collections import Counter

        before = Counter(at_ref())
        for f, key in zip(elsewhere, keys_now(elsewhere), strict=True):
            if before[key]:
                before[key] -= 1
            else:
                kept.append(f)
        kept.sort(key=lambda f: f.sort_key)
    return kept


def export(root: Path, commit: str, into: Path) -> Path:
    """REF's version of the project (the folder `root` of its repository) under `into`."""
    import tarfile

    top = _git(root, "rev-parse", "--show-toplevel").stdout.strip()
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()
    args = ["git", "-C", top, "archive", "--format=tar", commit]
    if prefix:
        args += ["--", prefix]
    with tempfile.TemporaryFile() as tar:
        done = subprocess.run(args, stdout=tar, stderr=subprocess.PIPE, check=False)
        if done.returncode != 0:
            raise SinceError(f"`git archive {commit}` failed: {done.stderr.decode().strip()}")
        tar.seek(0)
        with tarfile.open(fileobj=tar) as archive:
            if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+
                archive.extractall(into, filter="data")
            else:  # pragma: no cover - git's own archive of a commit
                archive.extractall(into)
    return into / prefix if prefix else into


__all__ = ["Changes", "SinceError", "changes", "export", "only_changed"]
