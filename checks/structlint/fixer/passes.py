"""The fix loop, as ruff runs it: check, take every applicable fix that overlaps none taken
before it, apply them all at once, check again; stop when nothing more applies (or after
MAX_PASSES). Every file a fix touches is verified before anything is written: it must be
unchanged since the check read it and parse before the fix, and still parse after it. A fix
that fails either test is dropped whole (all its files), its finding stays, and the reason is
a message of the outcome.

With `write=False` (`--diff`) nothing is written: each pass checks the fixed text as overlays
(`Project.check(overlays=)`), and the outcome holds the before and after of every file."""

from __future__ import annotations

import dataclasses
import difflib
import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint.api import SYNTAX_ERROR, CheckResult, Project
from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, apply_edits
from structlint.fixer import verify
from structlint.fixer.policy import FixPolicy

# Enough for fixes that enable one another (one pass per step); a loop beyond that means a
# fix that does not remove its finding, which the outcome reports rather than repeat.
MAX_PASSES = 10


@dataclass(frozen=True)
class Applied:
    """One fix that was applied (or, without writing, would be)."""

    code: str
    path: str  # the finding's
    line: int
    message: str  # the fix's
    applicability: str
    paths: tuple[str, ...]  # the files it changed


@dataclass
class FixOutcome:
    # The last check: the findings the fixes left.
    result: CheckResult
    applied: list[Applied] = field(default_factory=list)
    # Text of every file a fix changed, before the first fix (None: the fix created it) and now.
    before: dict[str, str | None] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)
    # Files left alone and fixes dropped, each with why.
    messages: list[str] = field(default_factory=list)
    passes: int = 0

    @property
    def changed(self) -> list[str]:
        return sorted(p for p in self.after if self.before.get(p) != self.after[p])

    def diff(self) -> str:
        """The unified diff of every changed file, in path order, with git's headers (a
        created file is `new file`, from `/dev/null`, and shows even when empty): what
        `git apply` takes."""
        out: list[str] = []
        for path in self.changed:
            old = self.before.get(path)
            out.append(f"diff --git a/{path} b/{path}\n")
            if old is None:
                out.append("new file mode 100644\n")
            lines = difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                self.after[path].splitlines(keepends=True),
                "/dev/null" if old is None else f"a/{path}",
                f"b/{path}",
            )
            for line in lines:
                out.append(
                    line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                )
        return "".join(out)


def _position_key(e: Edit) -> tuple[str, int, int]:
    return (e.path, e.line, e.column)


def _is_yaml(path: str) -> bool:
    return path.endswith((".yml", ".yaml"))


def _overlaps(a: Edit, b: Edit) -> bool:
    """Whether two edits of the same file cannot both be made: their ranges share more than
    an end point, or one inserts inside the other's range. Two insertions at one place have
    no order, except in YAML, where each adds whole entries (a key appended to a catalog or
    a parameters group): those go in one after the other, and the result is verified (it
    loads, with no key twice, and holds what each fix alone adds). A created file overlaps
    anything on its path."""
    if a.path != b.path:
        return False
    if a.create or b.create:
        return True
    a0, a1 = (a.line, a.column), (a.end_line, a.end_column)
    b0, b1 = (b.line, b.column), (b.end_line, b.end_column)
    if a0 == a1 and b0 == b1:
        return a0 == b0 and not (_is_yaml(a.path) and _whole_lines(a) and _whole_lines(b))
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def _whole_lines(e: Edit) -> bool:
    """An insertion of whole lines at the start of a line."""
    return e.column == 0 and e.content.endswith("\n")


def _safe_path(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and not path.startswith("/") and ".." not in parts and ":" not in parts[0]


def choose(findings: Sequence[Finding]) -> list[Finding]:
    """The fixes of one pass: in the order of their first edit, each one whose edits overlap
    none of those taken before it (the rest wait for the next pass)."""
    taken: list[Finding] = []
    by_path: dict[str, list[Edit]] = {}
    ordered = sorted(
        (f for f in findings if f.fix is not None and f.fix.edits),
        key=lambda f: (min(_position_key(e) for e in f.fix.edits), f.code),  # type: ignore[union-attr]
    )
    for f in ordered:
        edits = f.fix.edits  # type: ignore[union-attr]
        if any(_overlaps(e, t) for e in edits for t in by_path.get(e.path, ())):
            continue
        taken.append(f)
        for e in edits:
            by_path.setdefault(e.path, []).append(e)
    return taken


def _read_disk(root: Path, path: str) -> str | None:
    from structlint.core.decoding import decode, read_regular

    data = read_regular(root / path)
    if data is None:
        return None
    if path.endswith((".py", ".pyi")):
        text = decode(data)
        return text if isinstance(text, str) else None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _encoding(root: Path, path: str) -> str:
    """The encoding to write an existing file back in: its BOM or coding cookie, else UTF-8."""
    import io
    import tokenize

    from structlint.core.decoding import read_regular

    data = read_regular(root / path) or b""
    if path.endswith((".py", ".pyi")):
        try:
            return tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        except SyntaxError:
            return "utf-8"
    return "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"


def write_atomic(root: Path, path: str, text: str) -> None:
    """Replace (or create) the file in one step: a reader never sees half a file, and a
    failure leaves the old one. An existing file keeps its permissions and encoding."""
    target = root / path
    existed = target.exists()
    encoding = _encoding(root, path) if existed else "utf-8"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".structlint-fix", dir=target.parent
    )
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode(encoding))
        if existed:
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class _Pass:
    """One pass's view of the files: the text each fix starts from, which files are left
    alone (and why), and the texts the accepted fixes make."""

    def __init__(self, root: Path, result: CheckResult, state: dict[str, str], write: bool) -> None:
        self.root, self.result, self.state, self.write = root, result, state, write
        self.base: dict[str, str | None] = {}
        self.refused: dict[str, str] = {}
        # The Python files the check could not parse. The others are not parsed again
        # before a fix (the check did, and a fix's result is parsed before it is written).
        self.unparsed = {f.path for f in result.findings if f.code == SYNTAX_ERROR}

    def start(self, path: str, creates: bool) -> str | None:
        """The text a fix of `path` starts from (None: the file does not exist); raises
        _LeftAlone when the file must not be touched."""
        if path in self.refused:
            raise _LeftAlone(self.refused[path])
        if path in self.base:
            return self.base[path]
        why = None
        if not _safe_path(path):
            why = "it lies outside the project"
        elif path in self.state:
            text: str | None = self.state[path]
        elif not (self.root / path).exists():
            text = None
        else:
            text = self.result.read_text(path)
            now = _read_disk(self.root, path)
            if text is None or now is None:
                why = "it cannot be read as text"
            elif now != text:
                why = "it changed on disk since it was checked"
            elif verify.kind_of(path) == "Python":
                if path in self.unparsed:
                    why = "it does not parse as Python"
            elif (bad := verify.problem(path, text, quick=True)) is not None:
                why = bad.replace("it would not parse", "it does not parse")
        if why is not None:
            self.refused[path] = why
            raise _LeftAlone(why)
        self.base[path] = text
        return text


class _LeftAlone(Exception):
    pass


def _texts(fixes: Sequence[Finding], p: _Pass) -> dict[str, str]:
    """The new text of every file `fixes` touch. Raises _LeftAlone (a file must not be
    touched) or ValueError (the edits do not fit the file)."""
    by_path: dict[str, list[Edit]] = {}
    for f in fixes:
        for e in f.fix.edits:  # type: ignore[union-attr]
            by_path.setdefault(e.path, []).append(e)
    out: dict[str, str] = {}
    for path, edits in by_path.items():
        creates = [e for e in edits if e.create]
        base = p.start(path, bool(creates))
        if creates:
            if len(edits) > 1:
                raise ValueError(f"`{path}` is created and edited by the same fixes")
            if base is not None and base != creates[0].content:
                raise ValueError(f"`{path}` already exists")
            out[path] = creates[0].content
        elif base is None:
            raise ValueError(f"`{path}` does not exist")
        else:
            out[path] = apply_edits(base, _joined(edits))
    return out


def _joined(edits: list[Edit]) -> list[Edit]:
    """Insertions at one place (YAML entries, see `_overlaps`) made one, in the order of the
    fixes: `apply_edits` takes no two edits at one place."""
    out: list[Edit] = []
    at: dict[tuple[int, int], int] = {}
    for e in edits:
        here = (e.line, e.column)
        if e.end_line == e.line and e.end_column == e.column:
            if here in at:
                first = out[at[here]]
                out[at[here]] = dataclasses.replace(first, content=first.content + e.content)
                continue
            at[here] = len(out)
        out.append(e)
    return out


def _file_problems(
    chosen: Sequence[Finding],
    texts: dict[str, str],
    p: _Pass,
    only: Collection[str] | None = None,
) -> dict[str, str]:
    """Why each file of `texts` (the result of `chosen` together; `only`: of these files)
    must not be written: it would not parse; a YAML file two fixes add to does not hold
    exactly what each adds; a configuration key Kedro reads once would be in two files."""
    out: dict[str, str] = {}
    for path, text in texts.items():
        if only is not None and path not in only:
            continue
        why = verify.problem(path, text)
        if why is not None:
            out[path] = why
    by_path: dict[str, list[Finding]] = {}
    for f in chosen:
        for path in f.fix.paths:  # type: ignore[union-attr]
            by_path.setdefault(path, []).append(f)
    for path, fixes in by_path.items():
        if only is not None and path not in only:
            continue
        if path in out or not _is_yaml(path) or len(fixes) < 2 or p.base.get(path) is None:
            continue
        base = p.base[path]
        assert base is not None
        alone = [_texts([f], p)[path] for f in fixes]
        if not verify.same_as_each(base, alone, texts[path]):
            out[path] = "the entries its fixes add do not go together"
    for path, why in verify.conf_duplicates(p.root, texts, p.base, p.state).items():
        out.setdefault(path, why)
    return out


def _accept(
    chosen: Sequence[Finding], p: _Pass, messages: list[str]
) -> tuple[list[Finding], dict[str, str]]:
    """The fixes of `chosen` that can be applied, and the texts they make. All at once when
    that verifies (the usual case: one parse per file). Else the fixes of the files that do
    not verify are taken out, and then added back one by one where the result still
    verifies; one that fails alone is dropped, with why, and one that fails only together
    with others waits for the next pass (as an overlapping one does)."""
    kept = list(chosen)
    out: list[Finding] = []
    problems: dict[str, str] = {}
    texts: dict[str, str] = {}
    while kept:
        try:
            found: dict[str, str] | None = _texts(kept, p)
        except (_LeftAlone, ValueError):
            found = None
        if found is not None:
            texts = found
            problems = _file_problems(kept, found, p)
            if not problems:
                out = kept
                break
            bad = set(problems)
        else:
            bad = {path for f in kept for path in f.fix.paths}  # type: ignore[union-attr]
        remaining = [f for f in kept if not bad & set(f.fix.paths)]  # type: ignore[union-attr]
        if len(remaining) == len(kept):
            break
        kept = remaining
    accepted = list(out)  # `texts` is theirs, when there are any
    if not accepted:
        texts = {}
    taken = {id(f) for f in accepted}
    for f in chosen:
        if id(f) in taken:
            continue
        try:
            trial = _texts([*accepted, f], p)
        except _LeftAlone:
            continue  # said once per file, below
        except ValueError as exc:
            messages.append(_dropped(f, str(exc)))
            continue
        why = _file_problems([*accepted, f], trial, p, f.fix.paths)  # type: ignore[union-attr]
        if why:
            alone = _file_problems([f], _texts([f], p), p) if accepted else why
            if alone:
                path, reason = next(iter(alone.items()))
                messages.append(_dropped(f, f"`{path}`: {reason}"))
            continue
        accepted.append(f)
        texts = trial
    order = {id(f): i for i, f in enumerate(chosen)}
    accepted.sort(key=lambda f: order[id(f)])
    return accepted, texts


def _dropped(f: Finding, why: str) -> str:
    return f"{f.path}:{f.line}: {f.code} not fixed: {why}."


def fix_project(
    project: Project,
    paths: Sequence[Path] = (),
    codes: frozenset[str] | None = None,
    policy: FixPolicy | None = None,
    *,
    write: bool = True,
    jobs: int | None = None,
    use_cache: bool = True,
    report_fixes: bool = False,
) -> FixOutcome:
    """Apply the fixes `policy` allows to the findings of `codes` in `paths`, pass after pass;
    with `write=False` only compute what would change. `report_fixes`: the last result's
    findings carry the fixes that span files even where this run does not apply them (for
    JSON and SARIF)."""
    from structlint.fixes.attach import DEFERRED_CODES, attach_fixes

    policy = policy or FixPolicy.from_settings(project.settings.values)
    root = project.root
    state: dict[str, str] = {}  # every file changed so far, as it now reads
    # The fixes that span files cost a libcst parse of each file they touch and the project
    # model, every pass: built only when this run may apply one (all of them are unsafe, so
    # a plain `--fix` needs them only where `extend-safe-fixes` names one).
    spanning = any(policy.may_apply(code, "unsafe") for code in DEFERRED_CODES)
    outcome = FixOutcome(
        project.check(paths, codes, jobs=jobs, use_cache=use_cache, project_fixes=spanning)
    )
    done: set[tuple[str, str, str]] = set()
    refused: dict[str, str] = {}
    for n in range(1, MAX_PASSES + 1):
        result = outcome.result
        candidates = [
            f
            for f in result.findings
            if policy.applies(f) and (f.code, f.path, f.message) not in done
        ]
        if not candidates:
            break
        p = _Pass(root, result, state, write)
        p.refused.update(refused)
        accepted, texts = _accept(choose(candidates), p, outcome.messages)
        refused.update(p.refused)
        if not accepted:
            break
        outcome.passes = n
        for path, text in texts.items():
            if path not in outcome.before:
                outcome.before[path] = p.base.get(path)
            if write:
                write_atomic(root, path, text)
            state[path] = text
            outcome.after[path] = text
        for f in accepted:
            fix = f.fix
            assert fix is not None
            done.add((f.code, f.path, f.message))
            outcome.applied.append(
                Applied(
                    f.code,
                    f.path,
                    f.line,
                    fix.message,
                    policy.applicability(f) or "safe",
                    fix.paths,
                )
            )
        outcome.result = project.check(
            paths,
            codes,
            jobs=jobs,
            use_cache=use_cache,
            overlays=None if write else state,
            project_fixes=spanning,
        )
    if report_fixes and not spanning:
        result = outcome.result
        result.findings = attach_fixes(project.settings, result.findings, result.read_text)
    for path, why in sorted(refused.items()):
        outcome.messages.append(f"{path}: left alone: {why}.")
    # A dropped fix is tried again in the next pass (the others may have changed its file):
    # its reason is said once.
    outcome.messages = list(dict.fromkeys(outcome.messages))
    return outcome
