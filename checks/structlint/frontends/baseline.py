"""The baseline: the findings a project already had when it adopted structlint, recorded so
that `structlint check` reports only new ones.

A front end of the engine: it takes the findings a run returned and the run's `read_text`,
and knows nothing of the engine's internals, the cache or the memo.

A finding is recorded by a fingerprint that holds no line number: its code, its file, the
scope it sits in (the qualified name of the enclosing def/class in Python, the top-level
entry key in YAML) and the offending source text, normalised so that `ruff format`, lines
inserted above and a moved function keep it matched, while editing the offending expression
makes it new. Identical repeats in one scope share an entry with a count. The file keeps
a digest of that text, never the text itself (an offending line may hold a secret), and
the message of the first finding, for the reader.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from structlint.core.findings import Finding

FORMAT_VERSION = 1
DEFAULT_FILE = "structlint-baseline.json"


class BaselineError(Exception):
    """A baseline file that cannot be used (unreadable, not ours, a newer format)."""


class Key(NamedTuple):
    """The fingerprint of one finding: sorts as the file is written (path first). A tuple:
    a check hashes and compares ten thousand of them, which a dataclass does in Python."""

    path: str
    code: str
    scope: str
    digest: str  # of the normalised offending text


class Memo(Protocol):
    """Where a front end keeps what it derives from one file's content between runs (the
    run's cache: `api.CheckResult.memo`); an entry is found only for the same content."""

    def digest(self, path: str) -> str | None: ...

    def get(self, kind: str, path: str, digest: str) -> Any | None: ...

    def put(self, kind: str, path: str, digest: str, value: Any) -> None: ...


@dataclass
class Outcome:
    """What the baseline did to one run's findings."""

    new: list[Finding]  # not in the baseline: reported
    hidden: list[Finding]  # in the baseline: not reported (SARIF marks them `unchanged`)
    fixed: int  # baselined findings that no longer occur (in the part of the project checked)


@dataclass
class Baseline:
    counts: dict[Key, int] = field(default_factory=dict)
    messages: dict[Key, str] = field(default_factory=dict)  # for the reader only

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def match(self, findings: Sequence[Finding], keys: Sequence[Key], in_scope) -> Outcome:
        """Split findings (in order) into new and hidden; count the entries that no longer
        occur among those `in_scope(key)` says the run looked at."""
        left = dict(self.counts)
        new: list[Finding] = []
        hidden: list[Finding] = []
        for f, key in zip(findings, keys, strict=True):
            n = left.get(key, 0)
            if n:
                left[key] = n - 1
                hidden.append(f)
            else:
                new.append(f)
        fixed = sum(n for key, n in left.items() if n and in_scope(key))
        return Outcome(new, hidden, fixed)

    def pruned(self, keys: Iterable[Key], in_scope) -> tuple[Baseline, int]:
        """Only ever smaller: each in-scope entry keeps at most as many as occur now."""
        now = Counter(keys)
        out: dict[Key, int] = {}
        removed = 0
        for key, n in self.counts.items():
            keep = min(n, now.get(key, 0)) if in_scope(key) else n
            removed += n - keep
            if keep:
                out[key] = keep
        return Baseline(out, {k: self.messages.get(k, "") for k in out}), removed


def from_findings(findings: Sequence[Finding], keys: Sequence[Key]) -> Baseline:
    messages: dict[Key, str] = {}
    for f, key in zip(findings, keys, strict=True):
        messages.setdefault(key, f.message)
    return Baseline(dict(Counter(keys)), messages)


# --- reading and writing -----------------------------------------------------------------


def dumps(baseline: Baseline) -> str:
    """Sorted and stable: the same findings always give the same bytes (reviewable diffs)."""
    entries = [
        {
            "code": k.code,
            "path": k.path,
            "scope": k.scope,
            "hash": k.digest,
            "count": n,
            "message": baseline.messages.get(k, ""),
        }
        for k, n in sorted(baseline.counts.items())
    ]
    doc = {
        "structlint-baseline": FORMAT_VERSION,
        "comment": (
            "Findings structlint hides because the project had them when it adopted it. "
            "Regenerate with `structlint baseline`; drop fixed ones with "
            "`structlint baseline --prune`."
        ),
        "findings": entries,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, baseline: Baseline) -> None:
    # surrogateescape: a file name that is not UTF-8 is written back as its own bytes
    data = dumps(baseline).encode("utf-8", "surrogateescape")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never a half-written baseline


# What a check keeps in the run's cache (`Memo`), so that a warm run neither parses the
# baseline's JSON again nor reads and scans the files with findings again: the baseline as
# read (under the digest of its bytes) and, per file, the fingerprint parts of its findings
# (under the file's content digest). Bump `MEMO_VERSION` with any change to what
# `fingerprints` computes: the cached parts are the ones it computed.
BASELINE_KIND = "baseline"
FINGERPRINT_KIND = "fingerprints"
MEMO_VERSION = 1


def read(path: Path, memo: Memo | None = None) -> Baseline | None:
    """The baseline at `path`; None when there is no such file. Through a `memo` (a check),
    the entries' messages are left out: read without one to write the baseline again."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot be read ({exc.strerror or exc}).") from exc
    if memo is None:
        return _parse(path, data)
    digest = f"{MEMO_VERSION}:{hashlib.blake2b(data, digest_size=16).hexdigest()}"
    hit = memo.get(BASELINE_KIND, str(path), digest)
    if hit is not None:
        with contextlib.suppress(TypeError, ValueError):
            return _from_memo(hit)
    baseline = _parse(path, data)
    # Equal strings as one object (marshal writes an object it meets again as a reference),
    # and no messages: a check does not show them, and they are most of the file.
    same: dict[str, str] = {}
    keys = [tuple(same.setdefault(part, part) for part in k) for k in baseline.counts]
    memo.put(BASELINE_KIND, str(path), digest, [keys, list(baseline.counts.values())])
    return baseline


_new_key = partial(tuple.__new__, Key)  # a Key from a tuple, without Python code


def _from_memo(value: Any) -> Baseline:
    """The baseline a check needs, without the messages (`pruned` and `write` want the
    baseline as `read` gives it without a memo)."""
    keys, counts = value
    if len(keys) != len(counts) or not all(len(k) == 4 for k in keys):
        raise ValueError("not a cached baseline")
    return Baseline(dict(zip(map(_new_key, keys), counts, strict=True)))


def _parse(path: Path, data: bytes) -> Baseline:
    try:
        doc = json.loads(data.decode("utf-8", "surrogateescape"))
    except ValueError as exc:
        raise BaselineError(
            f"{path}: not valid JSON ({exc}). Write it again with `structlint baseline`."
        ) from exc
    version = doc.get("structlint-baseline") if isinstance(doc, dict) else None
    if not isinstance(version, int):
        raise BaselineError(f"{path}: not a structlint baseline (no `structlint-baseline` key).")
    if version > FORMAT_VERSION:
        raise BaselineError(
            f"{path}: baseline format {version} is newer than this structlint reads "
            f"({FORMAT_VERSION}); upgrade structlint."
        )
    counts: dict[Key, int] = {}
    messages: dict[Key, str] = {}
    for i, e in enumerate(doc.get("findings") or []):
        try:
            key = Key(str(e["path"]), str(e["code"]), str(e["scope"]), str(e["hash"]))
            n = int(e.get("count", 1))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise BaselineError(
                f"{path}: entry {i + 1} is malformed ({exc!r}); each needs code, path, scope, "
                "hash and count. Write it again with `structlint baseline`."
            ) from exc
        if n > 0:
            counts[key] = counts.get(key, 0) + n
            messages.setdefault(key, str(e.get("message", "")))
    return Baseline(counts, messages)


# --- fingerprints --------------------------------------------------------------------------

# Where a body at a given indent ends: the next line that starts with code at that indent or
# less (a closing bracket of a multi-line header does not). The pattern starts with a literal
# newline, which the regex engine scans for at C speed.
_ENDS: dict[int, re.Pattern[str]] = {}
# A top-level YAML mapping key (not a comment, list item, document marker or indented line).
_YAML_KEY = re.compile(r"^(?![#\-\s]|\.\.\.)((?:\"[^\"]*\"|'[^']*'|[^:#\s][^:#]*?))\s*:(?:\s|$)")
_TRAILING_COMMA = re.compile(r",([)\]}])")
_DIGITS = re.compile(r"\d+")


def _end_pattern(indent: int) -> re.Pattern[str]:
    pat = _ENDS.get(indent)
    if pat is None:
        pat = _ENDS[indent] = re.compile(rf"\n[ \t]{{0,{indent}}}[^ \t\r\n#)\]}}]")
    return pat


def _headers(text: str):
    """(offset of the line start, indent, name) of every `def`/`class` header line, in text
    order. `str.find` for the two keywords (C speed, a few hits per function) rather than a
    regex tried at every line."""
    found = []
    for word in ("def", "class"):
        at = text.find(word)
        while at >= 0:
            after = at + len(word)
            start = text.rfind("\n", 0, at) + 1
            lead = text[start:at]
            if (
                after < len(text)
                and text[after] in " \t"
                and (not lead or lead.isspace() or lead.split() == ["async"])
            ):
                m = _NAME.match(text, after)
                if m:
                    indent = len(lead) - len(lead.lstrip())
                    found.append((start, len(lead[:indent].expandtabs(8)), m.group(1)))
            at = text.find(word, after)
    found.sort()
    return found


_NAME = re.compile(r"[ \t]+(\w+)")


def _python_scopes(text: str) -> list[tuple[int, int, str]]:
    """Every def/class as (header line, first line after its body, name), in text order."""
    out = []
    line, pos = 1, 0
    for start, indent, name in _headers(text):
        line += text.count("\n", pos, start)
        pos = start
        # the newline before the line that ends the body (searched from the header's line
        # end: a header's own continuation lines are indented or start with a bracket)
        eol = text.find("\n", start)
        end = _end_pattern(indent).search(text, eol) if eol >= 0 else None
        end_line = line + text.count("\n", pos, end.start() + 1) if end else 1 << 30
        out.append((line, max(end_line, line + 1), name))
    return out


def _scope_names(findings: list[tuple[int, Finding]], scopes: list[tuple[int, int, str]]):
    """(index, qualified name of the scope enclosing the finding's line), by one sweep."""
    order = sorted(findings, key=lambda pair: pair[1].line)
    stack: list[tuple[int, int, str]] = []
    j = 0
    for i, f in order:
        while j < len(scopes) and scopes[j][0] <= f.line:
            while stack and stack[-1][1] <= scopes[j][0]:
                stack.pop()
            stack.append(scopes[j])
            j += 1
        while stack and stack[-1][1] <= f.line:
            stack.pop()
        yield i, ".".join(s[2] for s in stack)


def _yaml_scope(lines: list[str], line: int) -> str:
    for n in range(min(line, len(lines)) - 1, -1, -1):
        m = _YAML_KEY.match(lines[n])
        if m:
            return m.group(1).strip("\"'")
    return ""


def _normalise(text: str) -> str:
    """Whitespace-insensitive, quote-insensitive, and without the magic trailing comma a
    formatter adds when it splits a call: what `ruff format` changes, not what it means."""
    s = "".join(text.split()).replace("'", '"')
    return _TRAILING_COMMA.sub(r"\1", s) if "," in s else s


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _span(lines: list[str], f: Finding) -> str:
    if not (0 < f.line <= len(lines)):
        return ""
    last = min(max(f.end_line, f.line), len(lines))
    if last == f.line:
        return lines[f.line - 1][f.column - 1 : max(f.end_column - 1, f.column - 1)]
    parts = [lines[f.line - 1][f.column - 1 :]]
    parts += lines[f.line : last - 1]
    parts.append(lines[last - 1][: max(f.end_column - 1, 0)])
    return "\n".join(parts)


def fingerprints(
    findings: Sequence[Finding],
    read_text: Callable[[str], str | None],
    memo: Memo | None = None,
) -> list[Key]:
    """The fingerprint of each finding, in order. Each file with findings is read (the run
    has already read it: `read_text` is the engine's) and split once; Python scopes come from
    a text scan of def/class headers and indentation, not from a parse. With a `memo`, a
    file whose content and findings' places were seen before is not read again: the scope
    and digest of each of its findings come from the memo."""
    keys: list[Key | None] = [None] * len(findings)
    by_path: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(findings):
        by_path.setdefault(f.path, []).append((i, f))
    for path, group in by_path.items():
        if memo is not None and path != ".":
            _through_memo(memo, path, group, keys, read_text)
        else:
            _fingerprint_file(path, group, keys, read_text(path) if path != "." else None)
    return [k for k in keys if k is not None]


def _place(f: Finding) -> tuple[str, int, int, int, int]:
    return (f.code, f.line, f.column, f.end_line, f.end_column)


def _through_memo(
    memo: Memo,
    path: str,
    group: list[tuple[int, Finding]],
    keys: list[Key | None],
    read_text: Callable[[str], str | None],
) -> None:
    """`_fingerprint_file` for one file, through the memo: its entry maps each finding's
    code and place to (scope, digest of the span; "" when the span is empty and the
    message decides), for the file's content."""
    digest = memo.digest(path)
    if digest is None:
        _fingerprint_file(path, group, keys, read_text(path))
        return
    digest = f"{MEMO_VERSION}:{digest}"
    known: dict[tuple[str, int, int, int, int], tuple[str, str]] = {}
    hit = memo.get(FINGERPRINT_KIND, path, digest)
    if hit is not None:
        with contextlib.suppress(TypeError, ValueError):
            known = dict(zip(hit[0], hit[1], strict=True))
    found: list[tuple[int, Key]] = []
    for i, f in group:  # the hot loop of a warm check: no calls but the lookup
        part = known.get((f.code, f.line, f.column, f.end_line, f.end_column))
        if part is None:
            break
        scope, snippet = part
        found.append((i, _new_key((path, f.code, scope, snippet or _message_digest(f)))))
    else:
        for i, key in found:
            keys[i] = key
        return
    # Something new in this file: compute its findings' parts and remember them all.
    parts = _fingerprint_file(path, group, keys, read_text(path))
    known.update(parts)
    memo.put(FINGERPRINT_KIND, path, digest, [list(known), list(known.values())])


def _message_digest(f: Finding) -> str:
    # A point or a whole file: the message (without its numbers, which may be line numbers)
    # tells such findings apart.
    return _digest("message:" + _normalise(_DIGITS.sub("#", f.message)))


def _fingerprint_file(
    path: str,
    group: list[tuple[int, Finding]],
    keys: list[Key | None],
    text: str | None,
) -> dict[tuple[str, int, int, int, int], tuple[str, str]]:
    """Set the keys of one file's findings; return what `_through_memo` keeps of them."""
    parts: dict[tuple[str, int, int, int, int], tuple[str, str]] = {}
    lines = text.split("\n") if text is not None else []
    if text is not None and "\r" in text:
        lines = [ln.rstrip("\r") for ln in lines]
    scope: dict[int, str] = {}
    if text is not None and path.endswith((".py", ".pyi")):
        scope = dict(_scope_names(group, _python_scopes(text)))
    elif text is not None and path.endswith((".yml", ".yaml")):
        scope = {i: _yaml_scope(lines, f.line) for i, f in group}
    for i, f in group:
        snippet = _normalise(_span(lines, f))
        where = scope.get(i, "")
        span_digest = _digest(snippet) if snippet else ""
        parts[_place(f)] = (where, span_digest)
        keys[i] = Key(f.path, f.code, where, span_digest or _message_digest(f))
    return parts


# --- what the run looked at ---------------------------------------------------------------


def scope_filter(codes: Iterable[str], paths: Sequence[str]):
    """Which baseline entries a run could have seen again: its enabled codes, and with
    explicit paths (pre-commit) only the entries in those files and folders. Entries outside
    are neither "fixed" nor pruned."""
    enabled = frozenset(codes)
    prefixes = tuple(p.rstrip("/") for p in paths)

    def in_scope(key: Key) -> bool:
        if key.code not in enabled:
            return False
        if not prefixes:
            return True
        return any(
            p in ("", ".") or key.path == p or key.path.startswith(p + "/") for p in prefixes
        )

    return in_scope
