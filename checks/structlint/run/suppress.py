"""Suppression: `per-file-ignores` and `# noqa` comments hide findings; a `# noqa` code that
hides nothing is a finding of its own (SL003, with the fix that removes it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from structlint.core.findings import Finding
from structlint.core.rule_info import UNUSED_SUPPRESSION
from structlint.run import noqa
from structlint.run.selection import matches_any

if TYPE_CHECKING:
    from structlint.inputs.config import Settings
    from structlint.inputs.discovery import ProjectFiles

# Files whose comments can carry a noqa directive for structlint.
NOQA_SUFFIXES = (".py", ".yml", ".yaml", ".toml", ".cfg", ".ini")


def comment_text(path: str, read_text: Callable[[str], str | None]) -> str | None:
    """Text to look for `# noqa` in: source and config files only (a tracked data file
    may be large and cannot carry a comment)."""
    name = path.rsplit("/", 1)[-1]
    if name.endswith(NOQA_SUFFIXES) or name.startswith(".git"):
        return read_text(path)
    return None


def _per_file_ignored(path: str, code: str, settings: Settings, cache: dict) -> bool:
    table = settings.get("per-file-ignores")
    if not table:
        return False
    import pathspec

    for glob, selectors in table.items():
        spec = cache.get(glob)
        if spec is None:
            spec = cache[glob] = pathspec.GitIgnoreSpec.from_lines([glob])
        if spec.match_file(path) and matches_any(code, selectors):
            return True
    return False


def suppress(
    findings: list[Finding],
    files: ProjectFiles,
    settings: Settings,
    codes: frozenset[str],
    read_text: Callable[[str], str | None],
) -> list[Finding]:
    """The findings that no `# noqa` comment and no `per-file-ignores` entry hides, and
    (SL003, when enabled) a finding for each `# noqa` code that hid nothing."""
    bare = settings.get("bare-noqa")
    comments: dict[str, dict[int, noqa.Noqa]] = {}
    used: set[tuple[str, int, str]] = set()
    kept: list[Finding] = []
    spec_cache: dict = {}
    for f in findings:
        if _per_file_ignored(f.path, f.code, settings, spec_cache):
            continue
        table = comments.get(f.path)
        if table is None:
            text = comment_text(f.path, read_text)
            table = comments[f.path] = noqa.scan(text, _is_yaml(f.path)) if text else {}
        hit = False
        for line in f.noqa_lines or (f.line,):
            c = table.get(line)
            if c is None:
                continue
            if f.code in c.codes or (bare and not c.codes):
                used.add((f.path, line, f.code))
                hit = True
                break
        if not hit:
            kept.append(f)
    if UNUSED_SUPPRESSION in codes:
        kept.extend(_unused(files, comments, used, codes, read_text))
    return kept


def _unused(
    files: ProjectFiles,
    comments: dict[str, dict[int, noqa.Noqa]],
    used: set[tuple[str, int, str]],
    codes: frozenset[str],
    read_text: Callable[[str], str | None],
) -> list[Finding]:
    out = []
    for path in sorted(files.targets):
        table = comments.get(path)
        text = comment_text(path, read_text)
        if table is None:
            table = noqa.scan(text, _is_yaml(path)) if text else {}
        for line, c in table.items():
            for code in c.codes:
                if code.startswith("SL") and code in codes and (path, line, code) not in used:
                    out.append(
                        Finding(
                            UNUSED_SUPPRESSION,
                            f"`# noqa: {code}` suppresses nothing here; remove it so it cannot "
                            "hide a future finding.",
                            path,
                            line,
                            c.column,
                            line,
                            c.column,
                            noqa_lines=(),
                            fix=noqa.removal_fix(path, text, line, code, _is_yaml(path))
                            if text
                            else None,
                        )
                    )
    return out


def _is_yaml(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))
