"""The one way in for every front end (the CLI, the fixer, the baseline, the editor server):

    project = Project.open(path)            # find the root, read and validate the settings
    result = project.check(paths, codes)    # -> CheckResult: findings (with their fixes), errors

A long-lived caller keeps the `Project` and calls `check` again: the state a run builds stays
in memory (the cache as the last run left it: per-file results, summaries, YAML data and the
run memo; the pipeline model and the configuration, see `ResultCache.live`) and is reused for
the files whose content did not change, so a check after an edit pays for the edit, not for
reading the cache back. `overlays` are unsaved editor buffers: their text is checked instead
of the file on disk (a change like any other), and a check with overlays keeps what it adds
to the cache in memory, for the next check that has none to write."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from structlint import rule_url
from structlint.core.findings import Finding, InternalError
from structlint.core.fixes_model import Edit
from structlint.inputs.config import ConfigError, Settings, find_project_root, load_settings
from structlint.rules.registry import rule_infos
from structlint.rules.rule import SYNTAX_ERROR, RuleInfo
from structlint.run.cache import FrontEndMemo
from structlint.run.selection import check_selectors, resolve

if TYPE_CHECKING:
    from structlint.project.model import Project as Model
    from structlint.project.node_index import NodeIndex
    from structlint.run.cache import ResultCache
    from structlint.run.engine import Engine

__all__ = [
    "SYNTAX_ERROR",
    "CheckResult",
    "ConfigError",
    "Project",
    "noqa_edit",
    "rule_url",
    "rules",
]


def rules() -> tuple[RuleInfo, ...]:
    """Every rule structlint knows (code, name, kind "file" or "project", summary), in code
    order, without importing the rules' modules."""
    return rule_infos()


def noqa_edit(path: str, text: str, finding: Finding) -> Edit | None:
    """The edit that suppresses `finding` with `# noqa: <code>` in `text` (the file `path`),
    merged into a directive already on the line, on the line `check --add-noqa` picks; None
    where no comment can go (the file does not parse, the line ends inside a string)."""
    import tokenize

    from structlint.run import noqa

    python = path.endswith((".py", ".pyi"))
    if not python and not path.endswith((".yml", ".yaml")):
        return None
    lines = text.splitlines(keepends=True)
    try:
        safe = noqa.python_safe_lines(text, len(lines)) if python else set(range(1, len(lines) + 1))
    except (SyntaxError, ValueError, tokenize.TokenError):
        return None
    existing = noqa.scan(text, not python)
    line = noqa.pick_line(finding, safe, existing, len(lines))
    have = existing.get(line) if line is not None else None
    if line is None or (have is not None and finding.code in have.codes):
        return None  # no line for it, or the code is on that line already
    old = lines[line - 1]
    new = noqa.with_codes(old, [finding.code], "", python)
    body, new_body = old.rstrip("\r\n"), new.rstrip("\r\n")
    return Edit(path, line, 0, line, len(body), new_body)


@dataclass
class CheckResult:
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    # Python and YAML files the project has (0: nothing to check, no project here).
    files_found: int
    notes: list[str] = field(default_factory=list)
    # A file's text as the run saw it (an overlay's text for an overlaid file).
    read_text: Callable[[str], str | None] = lambda path: None
    # Where a front end keeps what it derives from a file's content between runs (the run's
    # cache, `cache.FrontEndMemo`: the baseline's fingerprints); None without a cache. Call
    # its `save()` after adding to it.
    memo: FrontEndMemo | None = None
    # The project model the whole-project rules ran on (`Project.model`'s kind), None when
    # the run took their findings from the memo (nothing they read had changed).
    model: Model | None = None


class Project:
    """One Kedro project: its root, its settings and the rules they enable."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.settings = settings
        # The node index of the last `model()` or `check`: which functions are nodes, for
        # `check_file`.
        self._index: NodeIndex | None = None
        # The cache of the last checks, by their rules, newest last (see the module's text).
        self._caches: dict[frozenset[str], ResultCache] = {}

    @classmethod
    def open(cls, start: Path, config: Path | None = None) -> Project:
        """The project that `start` (a file or folder) belongs to, or `config`'s folder's.
        Raises ConfigError, naming the file and the key, for settings that are wrong."""
        if config is not None and not config.is_file():
            raise ConfigError(f"{config}: no such file.")
        root = find_project_root(config.parent if config is not None else start)
        settings = load_settings(root)
        known = [r.code for r in rule_infos()]
        v = settings.values
        where = str(settings.config_file or root)
        for key in (
            "select",
            "extend-select",
            "ignore",
            "extend-ignore",
            *("fixable", "unfixable", "extend-safe-fixes", "extend-unsafe-fixes"),
        ):
            check_selectors(v[key], known, f"{where}: [tool.structlint] {key}")
        for glob, sels in v["per-file-ignores"].items():
            check_selectors(sels, known, f"{where}: [tool.structlint] per-file-ignores[{glob!r}]")
        return cls(root, settings)

    def codes(
        self,
        select: Sequence[str] | None = None,
        extend_select: Iterable[str] = (),
        ignore: Iterable[str] = (),
    ) -> frozenset[str]:
        """The rules a run checks: the settings' selection, then these (as the CLI's
        `--select`, `--extend-select`, `--ignore` give them). Raises ConfigError."""
        infos = rule_infos()
        known = [r.code for r in infos]
        extend_select, ignore = list(extend_select), list(ignore)
        for name, sels in (
            ("--select", select or []),
            ("--extend-select", extend_select),
            ("--ignore", ignore),
        ):
            check_selectors(sels, known, name)
        v = self.settings.values
        chosen = select if select is not None else v["select"]
        extend = [*v["extend-select"], *extend_select]
        ignored = [*v["ignore"], *v["extend-ignore"], *ignore]
        return frozenset(
            resolve({r.code: r.default_enabled for r in infos}, chosen, extend, ignored)
        )

    def check(
        self,
        paths: Sequence[Path] = (),
        codes: Iterable[str] | None = None,
        *,
        jobs: int | None = None,
        use_cache: bool = True,
        overlays: Mapping[str, str] | None = None,
        project_fixes: bool = False,
    ) -> CheckResult:
        """Check `paths` (all of the project when empty) with `codes` (the settings' choice
        when None). `overlays` maps project-relative POSIX paths to unsaved text.
        `project_fixes`: also build the fixes that span files (`structlint.fixes`: SL302,
        SL205, SL201, SL101 change a node, its `node()` calls and `conf/`), which costs a
        libcst parse of every file they touch and the project model: for the fixer and the
        editor's code actions, not for a plain check."""
        from structlint.run.engine import Engine

        chosen = self.codes() if codes is None else frozenset(codes)
        if overlays:
            jobs = 1  # workers read files from disk; an overlay lives in this process only
        engine = Engine(self.settings, chosen, jobs=jobs, use_cache=use_cache)
        for path, text in (overlays or {}).items():
            engine._bytes[path] = text.encode("utf-8")
        if use_cache:
            engine.kept_cache = self._caches.get(chosen)
            engine.save_cache = not overlays
        run = engine.run(paths)
        self._keep(engine)
        if engine.model is not None:
            self._index = engine.model.node_index  # for `check_file`: the newest there is
        findings = run.findings
        if project_fixes:
            from structlint.fixes.attach import attach_fixes

            findings = attach_fixes(self.settings, findings, engine.read_text)
        return CheckResult(
            findings,
            run.errors,
            run.files_checked,
            run.files_found,
            run.notes,
            engine.read_text,
            FrontEndMemo(engine.cache, engine.digest) if engine.cache is not None else None,
            engine.model,
        )

    def describe(self, paths: Sequence[Path] = (), codes: Iterable[str] | None = None) -> list[str]:
        """What a run would check and why (`--show-settings`)."""
        from structlint.run.engine import Engine

        chosen = self.codes() if codes is None else frozenset(codes)
        return Engine(self.settings, chosen, use_cache=False).describe(paths)

    # How many selections of rules keep their cache in memory (the fixer's passes, the
    # baseline and a plain check may each choose their own).
    _KEPT_CACHES = 2

    def _keep(self, engine: Engine) -> None:
        cache = engine.cache
        if cache is None:
            return
        self._caches.pop(engine.codes, None)
        self._caches[engine.codes] = cache
        while len(self._caches) > self._KEPT_CACHES:
            del self._caches[next(iter(self._caches))]

    def _engine(self, codes: Iterable[str] | None, overlays: Mapping[str, str] | None) -> Engine:
        from structlint.run.engine import Engine

        chosen = self.codes() if codes is None else frozenset(codes)
        engine = Engine(self.settings, chosen, jobs=1, use_cache=True)
        for path, text in (overlays or {}).items():
            engine._bytes[path] = text.encode("utf-8")
        return engine

    def model(self, overlays: Mapping[str, str] | None = None) -> Model:
        """The static project model a run builds (`structlint.project.model.Project`:
        `conf` with the catalog, patterns and parameters and their places, `pipelines` with
        every node's datasets and where they are written), over `overlays`. It reads the
        summaries and the pipelines back from the cache where the files did not change and
        never writes the cache (an overlay is not what is on disk)."""
        from structlint.inputs.discovery import discover
        from structlint.project.model import build_project
        from structlint.run.cache import ResultCache

        engine = self._engine(None, overlays)
        if self.settings.config_file is not None:
            kept = self._caches.get(engine.codes)
            engine.cache = (
                kept if kept is not None else ResultCache.open(self.settings, engine.codes)
            )
        files = discover(self.settings, ())
        index = engine._node_index(files)
        self._index = index
        return build_project(self.settings, files, engine.read_text, index, engine.summaries())

    def check_file(self, path: str, text: str, codes: Iterable[str] | None = None) -> CheckResult:
        """The file rules alone on one file's `text` (project-relative POSIX `path`), with
        `# noqa` and per-file-ignores applied: what an editor can show at once after a
        keystroke, while `check` (which adds the whole-project rules) runs behind it. Which
        functions are nodes comes from the last `model()` or `check` (none before the first)."""
        from structlint.core.results import FileJob
        from structlint.inputs.discovery import ProjectFiles, module_of, role_of
        from structlint.rules.rule import UNUSED_SUPPRESSION
        from structlint.run.filecheck import check_source

        engine = self._engine(codes, {path: text})
        index = self._index
        job = FileJob(
            path,
            role_of(path, self.settings),
            *module_of(path, self.settings),
            index.names_for(path) if index is not None else frozenset(),
            False,
            index.helpers_for(path) if index is not None else (),
        )
        result = check_source(job, text.encode("utf-8"), self.settings, engine.codes)
        kept = self._caches.get(engine.codes)
        if kept is not None and not result.errors and (self.root / path).is_file():
            # In memory only: the `check` that follows an edit finds this text's results
            # (when the node index and the listing it sees are the same) and skips its parse.
            # (A buffer with no file behind it is not among the files a check discovers.)
            kept.put(job, result.digest, result)
        files = ProjectFiles((path,), (), frozenset({path}))
        # Whether a `# noqa` is unused is known only with the whole-project findings too.
        findings = [
            f for f in engine._suppress(result.findings, files) if f.code != UNUSED_SUPPRESSION
        ]
        findings.sort(key=lambda f: f.sort_key)
        return CheckResult(findings, result.errors, 1, 1, [], engine.read_text)
