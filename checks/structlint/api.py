"""The one way in for every front end (the CLI, the fixer, the baseline, the editor server):

    project = Project.open(path)            # find the root, read and validate the settings
    result = project.check(paths, codes)    # -> CheckResult: findings (with their fixes), errors

A long-lived caller keeps the `Project` and calls `check` again: the state a run builds (the
project model and the run memo) is reused when the files it came from did not change.
`overlays` are unsaved editor buffers: their text is checked instead of the file on disk."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint.cache import FrontEndMemo
from structlint.config import ConfigError, Settings, find_project_root, load_settings
from structlint.findings import Finding, InternalError
from structlint.registry import rule_infos
from structlint.selection import check_selectors, resolve

__all__ = ["CheckResult", "ConfigError", "Project"]


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


class Project:
    """One Kedro project: its root, its settings and the rules they enable."""

    def __init__(self, root: Path, settings: Settings) -> None:
        self.root = root
        self.settings = settings

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
        from structlint.engine import Engine

        chosen = self.codes() if codes is None else frozenset(codes)
        if overlays:
            jobs = 1  # workers read files from disk; an overlay lives in this process only
        engine = Engine(self.settings, chosen, jobs=jobs, use_cache=use_cache)
        for path, text in (overlays or {}).items():
            engine._bytes[path] = text.encode("utf-8")
        run = engine.run(paths)
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
        )

    def describe(self, paths: Sequence[Path] = (), codes: Iterable[str] | None = None) -> list[str]:
        """What a run would check and why (`--show-settings`)."""
        from structlint.engine import Engine

        chosen = self.codes() if codes is None else frozenset(codes)
        return Engine(self.settings, chosen, use_cache=False).describe(paths)
