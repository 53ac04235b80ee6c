"""One file's check: decode, parse, the file rules' single walk, positions for the findings
it makes. What a worker process runs (`check_batch`), and what a caller checking one text in
memory runs (`check_source`); it knows the rules only through the registry's table."""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from structlint.core.collector import paused, sweep
from structlint.core.decoding import ParseFailure, decode, read_regular
from structlint.core.findings import Finding, InternalError
from structlint.core.hashing import content_hash
from structlint.core.results import FileJob, FileResult
from structlint.rules.registry import file_rule_codes, rule_class
from structlint.rules.rule import SYNTAX_ERROR, FileRule

# libcst, the file rules and what they share are imported where a file is parsed (`check_source`
# and below, in whichever process checks it): a warm run takes every file's findings from the
# cache and never pays for them.
if TYPE_CHECKING:
    import libcst as cst

    from structlint.core.fixes_model import Fix
    from structlint.inputs.config import Settings
    from structlint.sources.context import FileContext, PendingFinding

_T = TypeVar("_T")


def read(root: Path, path: str) -> bytes | None:
    # No Path per file: a warm run reads all. Regular files only: a FIFO would hang the run.
    return read_regular(os.path.join(root, path))


_UNREADABLE = "it cannot be read (a broken link, a folder, no permission, or not a regular file)"


def check_source(
    job: FileJob, data: bytes | None, settings: Settings, codes: frozenset[str]
) -> FileResult:
    """All file rules on one file's bytes."""
    from structlint.sources.source import parse

    result = FileResult(job.path, digest=content_hash(data) if data is not None else None)
    text = decode(data) if data is not None else ParseFailure(1, 1, _UNREADABLE)
    module = parse(text, job.python_parses) if isinstance(text, str) else text
    if isinstance(module, ParseFailure):
        if SYNTAX_ERROR in codes:
            what = "Fix the syntax" if data is not None else "Fix it or add it to `exclude`"
            result.findings.append(
                Finding(
                    SYNTAX_ERROR,
                    f"cannot parse this file: {module.message}. {what}; "
                    "the other files were checked.",
                    job.path,
                    module.line,
                    module.column,
                    module.line,
                    module.column,
                    noqa_lines=(module.line,),
                )
            )
        return result
    assert isinstance(text, str)
    findings, errors, too_deep = _run_rules(job, text, module, settings, codes)
    if too_deep:
        # Valid Python can nest deeper than the default recursion limit allows to walk (a
        # long chain of `+` or of method calls): walk it again with room to recurse.
        findings, errors, too_deep = _with_deep_stack(
            lambda: _run_rules(job, text, module, settings, codes)
        )
        if too_deep:
            errors.append(InternalError(job.path, "walk", "the file nests too deeply to walk"))
    result.findings.extend(findings)
    result.errors.extend(errors)
    return result


def _run_rules(
    job: FileJob, text: str, module: cst.Module, settings: Settings, codes: frozenset[str]
) -> tuple[list[Finding], list[InternalError], bool]:
    """The file rules' walk over one parsed module: (findings, crashes, whether a
    RecursionError cut it short)."""
    from structlint.sources.context import FileContext

    errors: list[InternalError] = []
    too_deep = False
    ctx = FileContext(
        path=job.path,
        source=text,
        settings=settings,
        role=job.role,
        module=job.module,
        is_package_init=job.is_init,
        node_names=job.node_names,
        helpers={name: (labels, frozenset(inputs)) for name, labels, inputs in job.helpers},
    )
    ctx.imports.module, ctx.imports.is_package = job.module, job.is_init
    rules: list[FileRule] = []
    for cls in _file_rules(codes):
        try:
            if cls.applies_to(ctx):
                rules.append(cls(ctx))
        except Exception as exc:
            errors.append(crash(job.path, cls.code, exc))
    if not rules:
        return [], errors, False

    def on_crash(code: str, exc: BaseException) -> None:
        nonlocal too_deep
        too_deep = too_deep or isinstance(exc, RecursionError)
        errors.append(crash(job.path, code, exc))

    try:
        from structlint.sources.walker import walk

        walk(module, ctx, rules, on_crash)
        findings = _locate(module, ctx) if ctx.pending else []
    except RecursionError:
        return [], errors, True
    return findings, errors, too_deep


# Room for `_with_deep_stack`: CPython accepts a few thousand levels of nesting, and each
# level costs the walk and the position pass a handful of Python frames.
_DEEP_STACK_BYTES = 512 * 1024 * 1024
_DEEP_RECURSION_LIMIT = 50_000


def _with_deep_stack(fn: Callable[[], _T]) -> _T:
    """fn() on a thread with a large stack and a raised recursion limit (restored after)."""
    out: list[_T] = []
    failure: list[BaseException] = []

    def target() -> None:
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, _DEEP_RECURSION_LIMIT))
        try:
            out.append(fn())
        except BaseException as exc:
            failure.append(exc)
        finally:
            sys.setrecursionlimit(limit)

    size = threading.stack_size()
    try:
        threading.stack_size(_DEEP_STACK_BYTES)
        thread = threading.Thread(target=target, name="structlint-deep-walk")
    except (ValueError, RuntimeError):  # the platform refuses the stack size
        return fn()
    finally:
        threading.stack_size(size)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return out[0]


# A plain dict rather than functools.cache: mypy does not take a class for the Hashable the
# cache wrapper asks for (a class's `__hash__` is an unbound method).
_HAS_HOOKS: dict[type, bool] = {}


def _has_hooks(cls: type) -> bool:
    found = _HAS_HOOKS.get(cls)
    if found is None:
        found = _HAS_HOOKS[cls] = any(a.startswith(("visit_", "leave_")) for a in dir(cls))
    return found


_FILE_RULES: dict[frozenset[str], list[type[FileRule]]] = {}


def _file_rules(codes: frozenset[str]) -> list[type[FileRule]]:
    """The enabled file rules that walk, in code order: imports their modules (and libcst)."""
    found = _FILE_RULES.get(codes)
    if found is None:
        classes = [rule_class(c) for c in file_rule_codes() if c in codes]
        found = _FILE_RULES[codes] = [
            cls for cls in classes if issubclass(cls, FileRule) and _has_hooks(cls)
        ]
    return found


def crash(path: str, where: str, exc: BaseException) -> InternalError:
    tb = traceback.extract_tb(exc.__traceback__)
    last = tb[-1] if tb else None
    at = f" at {Path(last.filename).name}:{last.lineno}" if last else ""
    return InternalError(path, where, f"{type(exc).__name__}: {exc}{at}")


def _locate(module: cst.Module, ctx: FileContext) -> list[Finding]:
    """Positions are computed only for files with findings: most files have none."""
    import libcst as cst

    from structlint.sources.positions import positions

    wanted = [p.node for p in ctx.pending]
    wanted += [p.statement for p in ctx.pending if p.statement is not None]
    wanted += [a for p in ctx.pending for a in p.anchors]
    where = positions(module, wanted, [p.top for p in ctx.pending], ctx.source)
    out = []
    for p in ctx.pending:
        rng = where.get(p.node)
        if rng is None:
            continue
        lines = {rng.start.line, rng.end.line}
        stmt = where.get(p.statement) if p.statement is not None else None
        if stmt is not None:
            if isinstance(p.statement, cst.SimpleStatementLine):
                lines |= {stmt.start.line, stmt.end.line}
            else:
                lines.add(stmt.start.line)
        out.append(
            Finding(
                p.code,
                p.message,
                ctx.path,
                rng.start.line,
                rng.start.column + 1,
                rng.end.line,
                rng.end.column + 1,
                p.related,
                tuple(sorted(lines)),
                fix=_file_fix(p, where),
            )
        )
    return out


def _file_fix(p: PendingFinding, where: Mapping) -> Fix | None:
    """A file rule's fix, from the positions of its anchors; none when one has no position
    or the rule's builder fails (a fix is a help: it never breaks the check)."""
    if p.fix is None or any(a not in where for a in p.anchors):
        return None
    try:
        return p.fix(where)
    except Exception:
        return None


def check_each(
    jobs: Sequence[FileJob],
    data_of: Callable[[FileJob], bytes | None],
    settings: Settings,
    codes: frozenset[str],
) -> list[FileResult]:
    out = []
    for job in jobs:
        out.append(check_source(job, data_of(job), settings, codes))
        sweep()
    return out


def preload(codes: frozenset[str]) -> None:
    """A worker's start: what `check_source` imports (libcst, the walker, the file rules)."""
    import structlint.sources.context
    import structlint.sources.source
    import structlint.sources.walker  # noqa: F401

    _file_rules(codes)


def check_batch(
    root: Path, jobs: Sequence[FileJob], settings: Settings, codes: frozenset[str]
) -> list[FileResult]:
    with paused():  # whatever start method made this worker
        return check_each(jobs, lambda job: read(root, job.path), settings, codes)


def lost_batch(jobs: Sequence[FileJob], exc: BaseException) -> list[FileResult]:
    detail = (
        f"the worker process checking this file and {len(jobs) - 1} others failed "
        f"({type(exc).__name__}: {exc}); run with --jobs 1 to find the file that causes it"
    )
    return [
        FileResult(job.path, errors=[InternalError(job.path, "worker", detail)]) for job in jobs
    ]
