"""`# noqa: SL201, SL203` comments: where they are and which codes they name."""

from __future__ import annotations

import functools
import io
import re
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING

from structlint.core.decoding import source_lines
from structlint.core.fixes_model import Edit, Fix

if TYPE_CHECKING:
    from structlint.core.findings import Finding

_NOQA = re.compile(
    r"#\s*noqa(?P<sep>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Noqa:
    line: int
    column: int  # 1-based column of the `#`
    codes: tuple[str, ...]  # empty for a bare noqa directive


def scan(text: str, yaml: bool = False) -> dict[int, Noqa]:
    """Every `# noqa` comment by line, lines counted as Python (with `yaml`, as YAML) counts
    them. Cheap text scan: a `# noqa` inside a string literal counts too, which is harmless
    (it can only hide a finding on that very line)."""
    if "noqa" not in text and "NOQA" not in text:
        return {}
    out: dict[int, Noqa] = {}
    for lineno, line in enumerate(source_lines(text, yaml), start=1):
        if "noqa" not in line.lower():
            continue
        m = _NOQA.search(line)
        if m is None:
            continue
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", m.group("codes") or "") if c)
        out[lineno] = Noqa(lineno, m.start() + 1, codes)
    return out


# --- writing a suppression (`check --add-noqa`, the editor's quick fix) ----------------

# The codes of an existing directive, to merge into (what `scan` reads).
_DIRECTIVE = re.compile(
    r"#\s*noqa\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)", re.IGNORECASE
)


def pick_line(f: Finding, safe: set[int], existing: dict[int, Noqa], count: int) -> int | None:
    """The line to suppress `f` on: one already naming its code, else its first or last
    line, else any line the engine reads a `# noqa` for it on; never a line with a bare
    `# noqa` (adding codes to it would narrow what it hides from other linters)."""
    lines = f.noqa_lines or (f.line,)
    for n in lines:
        have = existing.get(n)
        if have is not None and f.code in have.codes:
            return n
    order = [n for n in (f.line, f.end_line) if n in lines] + [n for n in lines]
    for n in order:
        if not (0 < n <= count) or n not in safe:
            continue
        have = existing.get(n)
        if have is not None and not have.codes:
            continue
        return n
    return None


def with_codes(line: str, codes: list[str], why: str, python: bool) -> str:
    body = line.rstrip("\r\n")
    ending = line[len(body) :]
    m = _DIRECTIVE.search(body)
    if m:  # merge: the codes already there first, then the new ones
        merged = ", ".join([*m.group("codes").replace(",", " ").split(), *codes])
        body = body[: m.start("codes")] + merged + body[m.end("codes") :]
        return body + ending
    stripped = body.rstrip()
    comment = f"# noqa: {', '.join(codes)}" + (f" {why}" if why else "")
    sep = "  " if stripped.strip() else ""
    return f"{stripped}{sep}{comment}" + (ending or "")


def python_safe_lines(text: str, count: int) -> set[int]:
    """Lines whose end is outside every string and not a backslash continuation."""
    unsafe: set[int] = set()
    for tok in tokenize.generate_tokens(io.StringIO(text).readline):
        if tok.start[0] != tok.end[0]:  # a string (or f-string part) over several lines
            unsafe.update(range(tok.start[0], tok.end[0]))
    lines = text.splitlines()
    for n, line in enumerate(lines, start=1):
        if line.rstrip().endswith("\\"):
            unsafe.add(n)
    return set(range(1, count + 1)) - unsafe


# --- the fix of an unused suppression (SL003) ---------------------------------------------

_CODE = re.compile(r"[A-Za-z]+[0-9]+")


@functools.lru_cache(maxsize=8)
def _comment_starts(text: str) -> dict[int, int] | None:
    """Line -> 0-based column of the comment on that line, by Python's tokenizer (None when
    the text does not tokenize): a `# noqa` inside a string literal is text, not a comment."""
    out: dict[int, int] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                out[tok.start[0]] = tok.start[1]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return None
    return out


def _is_comment(text: str, line: str, lineno: int, at: int, yaml: bool) -> bool:
    if yaml:
        # A YAML comment starts at a `#` after whitespace (or at the line's start); one after
        # a quote may sit inside a quoted scalar: not fixed.
        before = line[:at]
        return (not before or before[-1] in " \t") and "'" not in before and '"' not in before
    starts = _comment_starts(text)
    return starts is not None and lineno in starts and starts[lineno] <= at


def removal_fix(path: str, text: str, lineno: int, code: str, yaml: bool = False) -> Fix | None:
    """The fix of `code` that a `# noqa:` comment on line `lineno` names in vain: the code
    goes, with the separator before it (after it, for the first code); when it is the only
    code the directive goes, with its reason text and the spaces before it, but a comment
    that follows it (`# noqa: SL201  # keep`) stays. None when the `# noqa` is not a comment
    (a string literal's text)."""
    lines = source_lines(text, yaml)
    if not 0 < lineno <= len(lines):
        return None
    line = lines[lineno - 1]
    m = _NOQA.search(line)
    if (
        m is None
        or m.group("codes") is None
        or not _is_comment(text, line, lineno, m.start(), yaml)
    ):
        return None
    first = m.start("codes")
    tokens = [
        (t.start() + first, t.end() + first, t.group().upper())
        for t in _CODE.finditer(m.group("codes"))
    ]
    at = next((i for i, t in enumerate(tokens) if t[2] == code), None)
    if at is None:
        return None
    if len(tokens) > 1:
        start, end = (tokens[at - 1][1], tokens[at][1]) if at else (tokens[0][0], tokens[1][0])
        message = f"Remove `{code}` from the `# noqa` comment"
    else:
        start, end = m.start(), m.end()
        rest = line[end:]
        if rest.strip().startswith("#"):
            end += len(rest) - len(rest.lstrip())  # up to the next comment, which stays
        else:
            end = len(line)  # the reason text goes with its directive
            start = len(line[:start].rstrip(" \t"))
        message = f"Remove the unused `# noqa: {code}` comment"
    return Fix(message, (Edit(path, lineno, start, lineno, end, ""),))
