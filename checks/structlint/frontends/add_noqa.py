"""`structlint check --add-noqa [--reason TEXT]`: a `# noqa: SLxxx` comment on a line where
each current finding is suppressed.

A front end of the engine: it takes the findings a run returned. A comment is only written
where it cannot change what the file means: in Python, at the end of a line that no string
spans and no backslash continues (checked with `tokenize`, then the whole new file's `ast`
compared with the old one's); in YAML, on the entry's key line, with the loaded documents
compared before and after. A file that does not parse is never touched. Existing `# noqa`
codes on a line are merged with, never duplicated, so a second run changes nothing.
"""

from __future__ import annotations

import ast
import re
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint.core.findings import Finding
from structlint.rules.rule import SYNTAX_ERROR, UNUSED_SUPPRESSION
from structlint.run import noqa

_PYTHON = (".py", ".pyi")
_YAML = (".yml", ".yaml")
_CODE = re.compile(r"[A-Za-z]+[0-9]+\b")


@dataclass
class Outcome:
    added: int = 0  # (line, code) suppressions written
    files: list[str] = field(default_factory=list)  # files changed
    untouched: list[tuple[str, str]] = field(default_factory=list)  # (file, why), never written
    left: int = 0  # findings that got no comment (see `untouched` and `no_comment`)
    no_comment: list[tuple[str, str, str]] = field(default_factory=list)  # (path, code, why)


def clean_reason(reason: str | None) -> str:
    """The reason as it follows the codes: one line, and never read as one more code (a
    reason that starts like `JIRA123` is set off with `--`)."""
    if not reason:
        return ""
    text = " ".join(reason.split())
    if _CODE.match(text):
        text = "-- " + text
    return text


def add_noqa(root: Path, findings: Sequence[Finding], reason: str | None = None) -> Outcome:
    out = Outcome()
    why = clean_reason(reason)
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    for path, group in sorted(by_path.items()):
        placeable = [f for f in group if f.code != UNUSED_SUPPRESSION]
        for f in group:
            if f.code == UNUSED_SUPPRESSION:
                out.left += 1
                out.no_comment.append(
                    (f.path, f.code, "an unused `# noqa` is removed, not suppressed")
                )
        if not placeable:
            continue
        if path == "." or not path.endswith(_PYTHON + _YAML):
            out.left += len(placeable)
            out.no_comment.extend(
                (f.path, f.code, "this file cannot carry a `# noqa` comment") for f in placeable
            )
            continue
        if any(f.code == SYNTAX_ERROR for f in placeable):
            out.left += len(placeable)
            out.untouched.append((path, "it does not parse"))
            continue
        changed, written, problem = _file(root / path, path, placeable, why)
        if problem:
            out.left += len(placeable)
            out.untouched.append((path, problem))
            continue
        out.left += len(placeable) - written
        if changed:
            out.added += changed
            out.files.append(path)
    return out


def _file(file: Path, path: str, findings: list[Finding], why: str) -> tuple[int, int, str]:
    """(suppressions added, findings covered, why the file was left alone or "")."""
    try:
        data = file.read_bytes()
        text = data.decode("utf-8")
    except OSError as exc:
        return 0, 0, f"it cannot be read ({exc.strerror or exc})"
    except UnicodeDecodeError:
        return 0, 0, "it is not UTF-8"
    lines = text.splitlines(keepends=True)
    python = path.endswith(_PYTHON)
    if python:
        try:
            before = ast.dump(ast.parse(text))
            safe = noqa.python_safe_lines(text, len(lines))
        except (SyntaxError, ValueError, tokenize.TokenError):
            return 0, 0, "it does not parse"
    else:
        before_yaml = _yaml_load(text)
        if before_yaml is _BROKEN:
            return 0, 0, "it does not parse"
        safe = set(range(1, len(lines) + 1))
    existing = noqa.scan(text)
    wanted: dict[int, list[str]] = {}
    covered = 0
    for f in findings:
        line = noqa.pick_line(f, safe, existing, len(lines))
        if line is None:
            continue
        covered += 1
        have = existing.get(line)
        codes = wanted.setdefault(line, [])
        if (have is None or f.code not in have.codes) and f.code not in codes:
            codes.append(f.code)
    if not wanted or not any(wanted.values()):
        return 0, covered, ""
    new_lines = list(lines)
    for line, codes in wanted.items():
        if codes:
            new_lines[line - 1] = noqa.with_codes(lines[line - 1], sorted(codes), why, python)
    new_text = "".join(new_lines)
    if python:
        try:
            same = ast.dump(ast.parse(new_text)) == before
        except SyntaxError:
            same = False
    else:
        same = _yaml_load(new_text) == before_yaml
    if not same:  # a safety net: the line checks above should make this impossible
        return 0, 0, "a comment would have changed what it means"
    file.write_bytes(new_text.encode("utf-8"))
    return sum(len(c) for c in wanted.values()), covered, ""


_BROKEN = object()


def _yaml_load(text: str) -> object:
    import yaml

    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return _BROKEN
