"""The run, one way: discover files -> node index -> check files (in parallel) -> project
rules -> suppress -> hand findings to a reporter. The engine knows rules only through
`structlint.rules.rule` and the registry's table; it knows of no single rule."""

from __future__ import annotations

import gc
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from structlint.core.collector import paused, settle, sweep
from structlint.core.decoding import ParseFailure, decode, read_regular
from structlint.core.findings import Finding, InternalError
from structlint.inputs.config import Settings
from structlint.inputs.discovery import (
    ProjectFiles,
    discover,
    listed,
    module_of,
    role_of,
    tree_listing,
)
from structlint.project.node_index import NodeIndex, build_node_index
from structlint.rules.registry import file_rule_codes, project_rule_class, rule_class, rule_infos
from structlint.rules.rule import SYNTAX_ERROR, UNUSED_SUPPRESSION, FileRule, ProjectRule
from structlint.run import memo as run_memo
from structlint.run import noqa
from structlint.run.cache import ResultCache, cache_salt, content_hash
from structlint.run.selection import matches_any
from structlint.run.workers import start_pool

# libcst, the file rules and what they share are imported where a file is parsed (`check_source`
# and below, in whichever process checks it): a warm run takes every file's findings from the
# cache and never pays for them.
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    import libcst as cst

    from structlint.core.fixes_model import Fix
    from structlint.sources.context import FileContext, PendingFinding

# Files whose comments can carry a noqa directive for structlint.
NOQA_SUFFIXES = (".py", ".yml", ".yaml", ".toml", ".cfg", ".ini")

_T = TypeVar("_T")
# Summaries the cache lacks, per worker process, below which they are made in this process.
_PARALLEL_SUMMARIES = 64


@dataclass(frozen=True)
class FileJob:
    path: str
    role: str
    module: str | None
    is_init: bool
    node_names: frozenset[str]
    # CPython's parser took this exact text earlier in the run (its `ast` summary was made):
    # the parse need not ask it again before handing a long file to libcst.
    python_parses: bool = False
    # Helpers of this file that node functions reach: `NodeIndex.helpers_for`.
    helpers: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    # Content digest of the bytes the findings were computed from (None: none were read).
    # The cache stores them under it: a file edited while the run reads it twice (here to
    # look it up, in a worker to check it) is then stored under what the worker saw.
    digest: str | None = None


@dataclass
class RunResult:
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    notes: list[str] = field(default_factory=list)
    # Python and YAML files the project has (0: nothing to check, no project here).
    files_found: int = -1


def _read(root: Path, path: str) -> bytes | None:
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
            errors.append(_crash(job.path, cls.code, exc))
    if not rules:
        return [], errors, False

    def on_crash(code: str, exc: BaseException) -> None:
        nonlocal too_deep
        too_deep = too_deep or isinstance(exc, RecursionError)
        errors.append(_crash(job.path, code, exc))

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


def _project_rules(codes: frozenset[str], memoised: bool) -> list[type[ProjectRule]]:
    """The enabled project rules the run runs (with the memo, those it cannot reuse): only
    their modules are imported."""
    return [
        project_rule_class(r.code)
        for r in rule_infos()
        if r.kind == "project" and r.code in codes and not (memoised and r.cacheable)
    ]


def _environment(codes: frozenset[str]) -> list[str]:
    """`environment()` of every enabled cacheable project rule: only the rules that define one
    are imported to ask it."""
    return [
        project_rule_class(r.code).environment() if r.has_environment else ""
        for r in rule_infos()
        if r.kind == "project" and r.code in codes and r.cacheable
    ]


def _listing_digest(
    listing: list[str],
    codes: frozenset[str],
    settings: Settings,
    read_bytes: Callable[[str], bytes | None],
) -> str:
    """Digest of the entries of the project's listing that the enabled file rules ask about
    (`FileRule.reads_listing`) and of the answers to what they ask of other files' content
    (`FileRule.reads_mentions`), from the rule table: no rule is imported."""
    enabled = [r for r in rule_infos() if r.code in codes]
    globs = sorted({g for r in enabled for g in r.reads_listing})
    mentions = sorted({m for r in enabled for m in r.reads_mentions})
    if not globs and not mentions:
        return ""
    parts = [*globs, "\1", *listed(listing, globs, settings)] if globs else []
    for glob, word in mentions:
        needle = word.encode("utf-8")
        parts += ["\2", glob, word]
        for path in listed(listing, [glob], settings):
            data = read_bytes(path)
            parts.append(f"{path}={int(data is not None and needle in data)}")
    return content_hash("\0".join(parts).encode("utf-8", "surrogatepass"))


def _crash(path: str, where: str, exc: BaseException) -> InternalError:
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


def _check_each(
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


def _preload(codes: frozenset[str]) -> None:
    """A worker's start: what `check_source` imports (libcst, the walker, the file rules)."""
    import structlint.sources.context
    import structlint.sources.source
    import structlint.sources.walker  # noqa: F401

    _file_rules(codes)


def _check_batch(
    root: Path, jobs: Sequence[FileJob], settings: Settings, codes: frozenset[str]
) -> list[FileResult]:
    with paused():  # whatever start method made this worker
        return _check_each(jobs, lambda job: _read(root, job.path), settings, codes)


def _lost_batch(jobs: Sequence[FileJob], exc: BaseException) -> list[FileResult]:
    detail = (
        f"the worker process checking this file and {len(jobs) - 1} others failed "
        f"({type(exc).__name__}: {exc}); run with --jobs 1 to find the file that causes it"
    )
    return [
        FileResult(job.path, errors=[InternalError(job.path, "worker", detail)]) for job in jobs
    ]


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


class Engine:
    def __init__(
        self,
        settings: Settings,
        codes: Iterable[str],
        jobs: int | None = None,
        use_cache: bool = True,
    ) -> None:
        self.settings = settings
        self.codes = frozenset(codes)
        self.jobs = jobs or os.cpu_count() or 1
        self.use_cache = use_cache
        self._texts: dict[str, str | None] = {}
        self._bytes: dict[str, bytes | None] = {}
        self.cache: ResultCache | None = None
        self._summaries = None  # per-file ast summaries, shared by the index and the model
        self._memo: tuple[str, run_memo.RunMemo] | None = None  # to store at the end of a run
        self._early: ProcessPoolExecutor | None = None  # see `_start_early`
        # A long-lived caller's cache of an earlier run with these settings and rules, in
        # memory (`api.Project`): used instead of reading it from disk when it is for them.
        self.kept_cache: ResultCache | None = None
        # False: what the run adds to the cache stays in memory (a run over unsaved buffers).
        self.save_cache = True
        # The project model the whole-project rules ran on (None: the memo held their findings).
        self.model: Any = None

    def read_bytes(self, path: str) -> bytes | None:
        """A file's bytes, read once per run (the file checks and `read_text` share them)."""
        if path not in self._bytes:
            self._bytes[path] = _read(self.settings.root, path)
        return self._bytes[path]

    def read_text(self, path: str) -> str | None:
        if path not in self._texts:
            data = self.read_bytes(path)
            text = decode(data) if data is not None else None
            self._texts[path] = text if isinstance(text, str) else None
        return self._texts[path]

    def run(self, paths: Sequence[Path] = ()) -> RunResult:
        with paused():
            try:
                return self._run(paths)
            finally:
                if self._early is not None:  # a run that failed before it checked files
                    self._early.shutdown(wait=False, cancel_futures=True)
                    self._early = None

    def _run(self, paths: Sequence[Path]) -> RunResult:
        settings = self.settings
        files = discover(settings, paths)
        # No pyproject.toml at or above the folder: no project, and no cache folder left
        # behind in whatever folder this is.
        use_cache = self.use_cache and settings.config_file is not None
        self.cache = self._open_cache() if use_cache else None
        errors: list[InternalError] = []
        around = ""
        memo = None
        if self.cache is not None:
            outside = _environment(self.codes)
            listing = tree_listing(settings.root)
            around = run_memo.surroundings(settings.root, files, outside, listing)
            self.cache.listing = _listing_digest(listing, self.codes, settings, self.read_bytes)
            memo = run_memo.load(self.cache.memo, around, self.digest)
        kept_index = None
        if memo is None and self.cache is not None:
            self._start_early()
            kept_index = run_memo.unchanged_index(
                self.cache.memo, around, self.digest, self._same_index_facts
            )
        if memo is not None:
            index = memo.index
        elif kept_index is not None:
            index = kept_index
        else:
            try:
                index = self._node_index(files)
            except Exception as exc:  # file rules still run, knowing no node functions
                errors.append(_crash(".", "node-index", exc))
                index = NodeIndex({})
        parsed = self._summaries.parsed if self._summaries is not None else (lambda p: False)
        jobs = [
            FileJob(
                p,
                role_of(p, settings),
                *module_of(p, settings),
                index.names_for(p),
                parsed(p),
                index.helpers_for(p),
            )
            for p in files.python
            if p in files.targets
        ]
        notes: list[str] = []
        fresh: list[str] = []  # the notes of the rules that no memo keeps (they run each time)
        project_rules = _project_rules(self.codes, memoised=memo is not None)
        by_rule: list[tuple[type[ProjectRule], list[Finding]]] = []

        def project_checks() -> None:
            if project_rules:
                by_rule.extend(
                    self._project_findings(project_rules, files, index, errors, notes, fresh)
                )
                settle()  # the model outlives the file checks that may follow in this process

        # The whole-project rules run here, in this process, while the workers check files.
        results = self._check_files(jobs, meanwhile=project_checks, overlap=bool(project_rules))
        project_found = [f for _, found in by_rule for f in found]
        if memo is not None:
            project_found += memo.findings
            notes = list(dict.fromkeys([*memo.notes, *fresh]))
        elif self.cache is not None and not errors:
            kept = [f for cls, found in by_rule if cls.cacheable for f in found]
            stale = set(fresh)
            self._memo = (
                around,
                run_memo.RunMemo(index, kept, [n for n in notes if n not in stale]),
            )
        findings = [f for r in results for f in r.findings] + project_found
        errors.extend(e for r in results for e in r.errors)
        findings = [f for f in findings if files.reports_on(f.path)]
        findings = self._suppress(findings, files)
        findings.sort(key=lambda f: f.sort_key)
        if self.cache is not None:
            if self._memo is not None:
                # Every file read so far is an input: the index's and the rules' (and the
                # suppression's, which costs only a little more hashing next time).
                around, fresh = self._memo
                self.cache.set_memo(run_memo.dump(around, list(self._texts), self.digest, fresh))
                self._memo = None
            if self.save_cache:
                self.cache.save()
        # The cache and model loaders freeze what they load so the collector skips it during
        # the run; hand it back so a long-lived caller (a test session, an editor) frees it.
        gc.unfreeze()
        return RunResult(
            _dedupe(findings), errors, len(jobs), notes, len(files.python) + len(files.yaml)
        )

    def _open_cache(self) -> ResultCache | None:
        kept = self.kept_cache
        if kept is not None and kept.salt == cache_salt(self.settings, self.codes):
            return kept
        return ResultCache.open(self.settings, self.codes)

    def _comment_text(self, path: str) -> str | None:
        """Text to look for `# noqa` in: source and config files only (a tracked data file
        may be large and cannot carry a comment)."""
        name = path.rsplit("/", 1)[-1]
        if name.endswith(NOQA_SUFFIXES) or name.startswith(".git"):
            return self.read_text(path)
        return None

    def _same_index_facts(self, path: str, old_digest: str) -> bool:
        """Whether the file, as it is now, gives the node index what its old content gave."""
        from structlint.project.summary import KIND

        assert self.cache is not None
        old = self.cache.lookup(KIND, path, old_digest)  # before the new summary replaces it
        new = self.summaries().get(path)
        if not isinstance(old, dict) or new is None:
            return False
        return all(old.get(k) == new.get(k) for k in run_memo.INDEX_KEYS)

    def digest(self, path: str) -> str | None:
        """Content digest of a file's text (None when it cannot be read), once per run."""
        return self.summaries().digest(path)

    def describe(self, paths: Sequence[Path] = ()) -> list[str]:
        return describe(self, paths)

    def summaries(self):
        from structlint.project.summary import Summaries

        if self._summaries is None or self._summaries.cache is not self.cache:
            settings = self.settings
            self._summaries = Summaries(
                self.read_text, lambda p: module_of(p, settings), self.cache
            )
        return self._summaries

    def _node_index(self, files: ProjectFiles) -> NodeIndex:
        settings = self.settings
        package = {p for p in files.python if role_of(p, settings) == "package"}
        modules = {p: module_of(p, settings) for p in package}
        if self.jobs > 1:
            # The index reads every package module's summary, one `ast` parse each: on a cold
            # run of a large project, parse them on all cores first.
            ordered = [p for p in files.python if p in package]
            self.summaries().prepare(ordered, self._summarize_in_workers, _PARALLEL_SUMMARIES)
        return build_node_index(
            files.python,
            modules,
            self.read_text,
            settings.get("node-modules"),
            package,
            self.cache,
            self.summaries(),
        )

    def _summarize_in_workers(
        self, items: list[tuple[str, str, str | None, bool]]
    ) -> list[dict | None]:
        from structlint.project.summary import summarize_batch

        workers = min(self.jobs, max(1, len(items) // _PARALLEL_SUMMARIES))
        if workers <= 1:
            return summarize_batch(items)
        # Interleaved, in order: the results are put back together by position.
        batches = [items[i :: workers * 2] for i in range(workers * 2)]
        try:
            with start_pool(workers) as pool:
                done = list(pool.map(summarize_batch, batches))
        except Exception:  # a lost worker costs time, not the summaries: do them here
            return summarize_batch(items)
        out: list[dict | None] = [None] * len(items)
        for i, batch in enumerate(done):
            out[i :: workers * 2] = batch
        return out

    def _start_early(self) -> None:
        """After an edit (the last run's memo is there but stale), fork the worker that will
        check the changed files now: it imports libcst and the file rules while this process
        works out what changed, and is handed the files by `_check_files`."""
        if self.jobs > 1 and self.cache is not None and self.cache.memo is not None:
            self._early = start_pool(1, _preload, (self.codes,))

    def _check_files(
        self,
        jobs: list[FileJob],
        meanwhile: Callable[[], None] = lambda: None,
        overlap: bool = False,
    ) -> list[FileResult]:
        """Check the files, and call `meanwhile` once, while worker processes (if any) run.
        With `overlap` (`meanwhile` has real work) and more than one job, even a single file
        goes to a worker: parsing it, libcst's import included, then costs no time of its own
        beside the whole-project rules, which is what a run after a small edit waits for."""
        root, settings, codes = self.settings.root, self.settings, self.codes
        cache = self.cache
        todo: list[FileJob] = []
        results: list[FileResult] = []
        datas: dict[str, bytes | None] = {}
        for job in jobs:
            data = self.read_bytes(job.path)
            hit = cache.get(job, data) if cache is not None and data is not None else None
            if hit is not None:
                results.append(hit)
            else:
                datas[job.path] = data
                todo.append(job)
        workers = min(self.jobs, max(1, len(todo) // 8))
        early, self._early = self._early, None
        if workers <= 1 and not (overlap and self.jobs > 1 and todo):
            meanwhile()
            fresh = _check_each(todo, lambda job: datas[job.path], settings, codes)
            if early is not None:
                early.shutdown()  # long done with its imports: `meanwhile` took longer
        else:
            # Interleaved batches: big and small files spread over the workers.
            count = min(workers * 4, len(todo))
            batches = [todo[i::count] for i in range(count)]
            if early is not None and workers > 1:
                early.shutdown(wait=False, cancel_futures=True)
                early = None
            with early or start_pool(workers) as pool:
                futures = [
                    pool.submit(_check_batch, root, batch, settings, codes) for batch in batches
                ]
                meanwhile()
                fresh = []
                for batch, future in zip(batches, futures, strict=True):
                    try:
                        fresh.extend(future.result())
                    except Exception as exc:
                        # A worker that dies (killed, out of memory, a crash in native code)
                        # costs its batch, not the run.
                        fresh.extend(_lost_batch(batch, exc))
        if cache is not None:
            by_path = {j.path: j for j in todo}
            for r in fresh:
                if not r.errors:
                    cache.put(by_path[r.path], r.digest, r)
        return results + fresh

    def _project_findings(
        self,
        rules: list[type[ProjectRule]],
        files: ProjectFiles,
        index: NodeIndex,
        errors: list[InternalError],
        notes: list[str],
        fresh: list[str] | None = None,
    ) -> list[tuple[type[ProjectRule], list[Finding]]]:
        try:
            from structlint.project.model import build_project

            project = build_project(self.settings, files, self.read_text, index, self.summaries())
            self.model = project
        except Exception as exc:
            errors.append(_crash(".", "project-model", exc))
            return []
        out: list[tuple[type[ProjectRule], list[Finding]]] = []
        for cls in rules:
            before = len(project.notes)
            try:
                out.append((cls, list(cls().check(project))))
            except Exception as exc:
                errors.append(_crash(".", cls.code, exc))
            if fresh is not None and not cls.cacheable:
                fresh.extend(project.notes[before:])
        # After the rules: the model's parts are built lazily and add their notes as they go.
        notes.extend(getattr(project, "notes", []))
        return out

    def _suppress(self, findings: list[Finding], files: ProjectFiles) -> list[Finding]:
        bare = self.settings.get("bare-noqa")
        comments: dict[str, dict[int, noqa.Noqa]] = {}
        used: set[tuple[str, int, str]] = set()
        kept: list[Finding] = []
        spec_cache: dict = {}
        for f in findings:
            if _per_file_ignored(f.path, f.code, self.settings, spec_cache):
                continue
            table = comments.get(f.path)
            if table is None:
                text = self._comment_text(f.path)
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
        if UNUSED_SUPPRESSION in self.codes:
            kept.extend(self._unused(files, comments, used))
        return kept

    def _unused(
        self,
        files: ProjectFiles,
        comments: dict[str, dict[int, noqa.Noqa]],
        used: set[tuple[str, int, str]],
    ) -> list[Finding]:
        out = []
        for path in sorted(files.targets):
            table = comments.get(path)
            text = self._comment_text(path)
            if table is None:
                table = noqa.scan(text, _is_yaml(path)) if text else {}
            for line, c in table.items():
                for code in c.codes:
                    if (
                        code.startswith("SL")
                        and code in self.codes
                        and (path, line, code) not in used
                    ):
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


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for f in findings:
        key = (f.path, f.line, f.column, f.code)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def describe(engine: Engine, paths: Sequence[Path]) -> list[str]:
    """What a run would look at: for `--show-settings`."""
    files = discover(engine.settings, paths)
    index = engine._node_index(files)
    lines = [
        f"files: {len(files.python)} Python, {len(files.yaml)} YAML; "
        f"{len(files.targets)} reported on"
    ]
    for path, names in sorted(index.by_path.items()):
        lines.append(f"node functions in {path}: {', '.join(sorted(names))}")
    for path, reached in sorted(index.helpers.items()):
        called = [f"{h} (from {', '.join(reached[h][0])})" for h in sorted(reached)]
        lines.append(f"helpers that nodes call in {path}: {', '.join(called)}")
    try:
        from structlint.project.model import build_project

        project = build_project(engine.settings, files, engine.read_text, index, engine.summaries())
        describe_model = getattr(project, "describe", None)
        notes = describe_model() if describe_model else getattr(project, "notes", [])
        lines.extend(f"project: {n}" for n in notes)
    except Exception as exc:  # describing must never fail the command
        lines.append(f"project model: not available ({type(exc).__name__}: {exc})")
    return lines
