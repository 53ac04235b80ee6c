"""The run, one way: discover files -> node index -> check files (in parallel) -> project
rules -> suppress -> hand findings to a reporter. The engine knows rules only through
`structlint.rules.rule` and the registry's table; it knows of no single rule.

What a run is lives here; one file's check is `filecheck`, the worker processes (and the
early worker) are `workers`, the memo and the cache `memo` and `cache`, suppression
`suppress`."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from structlint.core.collector import paused, settle
from structlint.core.decoding import decode
from structlint.core.findings import Finding, InternalError
from structlint.core.hashing import content_hash
from structlint.core.results import FileJob, FileResult, RunResult
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
from structlint.rules.registry import project_rule_class, rule_infos
from structlint.rules.rule import ProjectRule
from structlint.run import filecheck, workers
from structlint.run import memo as run_memo
from structlint.run.cache import ResultCache, cache_salt
from structlint.run.filecheck import check_source, crash
from structlint.run.suppress import suppress

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# What a caller of the engine also takes from here (a file's check, the run's data types).
__all__ = ["Engine", "FileJob", "FileResult", "RunResult", "check_source", "describe"]


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
            self._bytes[path] = filecheck.read(self.settings.root, path)
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
                errors.append(crash(".", "node-index", exc))
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

    def _summarize_in_workers(
        self, items: list[tuple[str, str, str | None, bool]]
    ) -> list[dict | None]:
        return workers.summarize_in_workers(items, self.jobs)

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
            self.summaries().prepare(
                ordered, self._summarize_in_workers, workers.PARALLEL_SUMMARIES
            )
        return build_node_index(
            files.python,
            modules,
            self.read_text,
            settings.get("node-modules"),
            package,
            self.cache,
            self.summaries(),
        )

    def _start_early(self) -> None:
        self._early = workers.start_early(self.jobs, self.cache, self.codes)

    def _check_files(
        self,
        jobs: list[FileJob],
        meanwhile: Callable[[], None] = lambda: None,
        overlap: bool = False,
    ) -> list[FileResult]:
        early, self._early = self._early, None
        return workers.check_files(
            jobs,
            root=self.settings.root,
            settings=self.settings,
            codes=self.codes,
            cache=self.cache,
            read_bytes=self.read_bytes,
            processes=self.jobs,
            early=early,
            meanwhile=meanwhile,
            overlap=overlap,
        )

    def _suppress(self, findings: list[Finding], files: ProjectFiles) -> list[Finding]:
        return suppress(findings, files, self.settings, self.codes, self.read_text)

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
            errors.append(crash(".", "project-model", exc))
            return []
        out: list[tuple[type[ProjectRule], list[Finding]]] = []
        for cls in rules:
            before = len(project.notes)
            try:
                out.append((cls, list(cls().check(project))))
            except Exception as exc:
                errors.append(crash(".", cls.code, exc))
            if fresh is not None and not cls.cacheable:
                fresh.extend(project.notes[before:])
        # After the rules: the model's parts are built lazily and add their notes as they go.
        notes.extend(getattr(project, "notes", []))
        return out


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
