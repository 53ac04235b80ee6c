"""The project model, built once per run without importing or running project code.

Whole-project rules receive a `Project`. Expensive parts (configuration, the pipeline graph,
git's file list) are computed on first use, so a run whose rules need only the file list pays
for nothing else.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from structlint.core.findings import CLOSING_NOTE
from structlint.inputs.config import Settings
from structlint.inputs.discovery import ProjectFiles, module_of, package_dir, role_of
from structlint.project.conf import Conf, read_settings
from structlint.project.kedro_version import project_kedro, project_requirement
from structlint.project.model_cache import cached_build_pipelines
from structlint.project.node_index import NodeIndex
from structlint.project.pipelines import (
    NOT_MODELLED,
    NodeInst,
    PipelinesModel,
    Signature,
    build_pipelines,
)
from structlint.project.summary import Summaries

# The rules that read the pipeline graph: when no pipeline could be modelled they cannot decide.
_GRAPH_RULES = "SL303/SL304/SL305/SL401/SL402/SL404/SL406/SL407"


def not_modelled_note(model: PipelinesModel, python_files: Iterable[str]) -> str | None:
    """The closing line for a project whose pipelines were not modelled at all, when its code
    visibly has Kedro pipelines (a `pipeline.py` or `pipeline_registry.py` somewhere): without
    it the graph rules find nothing and the run would end on "All checks passed!". A folder
    without pipeline code gets no line (not a Kedro project yet: SL501 says what is missing)."""
    if model.registry_complete:
        return None
    why = next((n for n in model.notes if n.endswith(NOT_MODELLED)), None)
    if why is None:
        return None
    shown = sorted(
        p for p in python_files if p.rsplit("/", 1)[-1] in ("pipeline.py", "pipeline_registry.py")
    )
    if not shown:
        return None
    reason = why[: -len(NOT_MODELLED)].rstrip(" :;")
    return (
        f"no pipeline was modelled: {reason}, so pipeline code such as {shown[0]} was not "
        f"followed; {_GRAPH_RULES} are incomplete (they could not check the graph); run with -v"
    )


@dataclass
class Project:
    settings: Settings
    files: ProjectFiles
    read_text: Callable[[str], str | None]
    node_index: NodeIndex
    # Human-readable notes on what could not be followed statically (`--verbose`).
    notes: list[str] = field(default_factory=list)
    # Per-file ast summaries, shared with the node index and kept between runs by the cache.
    summaries: Summaries | None = None

    def __post_init__(self) -> None:
        if self.summaries is None:
            self.summaries = Summaries(self.read_text, self.module_of)

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def package_name(self) -> str | None:
        return self.settings.package_name or self._legacy_package[0]

    @property
    def package_dir(self) -> str | None:
        """`src/<package>`, relative to the root, when `[tool.kedro]` (or, before Kedro 0.17.3,
        `.kedro.yml`) names the package."""
        if self.settings.package_name:
            return package_dir(self.settings)
        return self._legacy_package[1]

    @cached_property
    def _legacy_package(self) -> tuple[str | None, str | None]:
        """(package, its folder) from `.kedro.yml` (Kedro 0.15 to 0.17.2): `package_name:`,
        or the package of `context_path: <package>.run.ProjectContext`; `source_dir:`."""
        text = self.read_text(".kedro.yml") or self.read_text(".kedro.yaml")
        if not text:
            return None, None
        keys: dict[str, str] = {}
        for line in text.splitlines():
            m = re.match(r"^([A-Za-z_]+)\s*:\s*['\"]?([^'\"#\s]+)", line)
            if m:
                keys[m.group(1)] = m.group(2)
        name = keys.get("package_name") or keys.get("context_path", "").partition(".")[0]
        if not name or not name.isidentifier():
            return None, None
        src = keys.get("source_dir", "src").strip("/")
        return name, f"{src}/{name}".lstrip("/") if src and src != "." else name

    def role_of(self, path: str) -> str:
        return role_of(path, self.settings)

    def module_of(self, path: str) -> tuple[str | None, bool]:
        return module_of(path, self.settings)

    @cached_property
    def conf(self) -> Conf:
        """Catalog, parameters and globals as Kedro's OmegaConfigLoader would read them."""
        pkg = self.package_dir
        settings_path = f"{pkg}/settings.py" if pkg else "settings.py"
        cache = self.summaries.cache if self.summaries is not None else None
        conf = _kept_conf(cache, self.root, settings_path, self.read_text, self.summaries)
        live = getattr(cache, "live", None)
        if conf is None and isinstance(live, dict) and self.summaries is not None:
            reads = _Reads(self.read_text)
            # Listed before `Conf` lists it: a file that appears meanwhile makes the next run
            # build it again rather than miss it.
            source = read_settings(reads(settings_path), settings_path).conf_source
            walked = _conf_walk(self.root / (source.strip("/") or "conf"))
            conf = Conf(self.root, reads, reads(settings_path), settings_path, cache=cache)
            if not conf.read_errors:
                # `reads` goes on growing as the rules work out more of it (this run's files).
                live["conf"] = (str(self.root), settings_path, walked, reads, self.summaries, conf)
        elif conf is None:
            conf = Conf(
                self.root, self.read_text, self.read_text(settings_path), settings_path, cache=cache
            )
        self.notes.extend(conf.notes)
        return conf

    @cached_property
    def pipelines(self) -> PipelinesModel:
        """The registered pipelines, followed statically from `pipeline_registry.py`."""
        if self.summaries is not None and self.summaries.cache is not None:
            model = cached_build_pipelines(
                self.package_name,
                self.package_dir,
                self.files.python,
                self.read_text,
                self.module_of,
                self.summaries,
                params_namespaced=self.params_namespaced,
            )
        else:
            model = build_pipelines(
                self.package_name,
                self.package_dir,
                self.files.python,
                self.read_text,
                self.module_of,
                self.summaries,
                params_namespaced=self.params_namespaced,
            )
        self.notes.extend(model.notes)
        closing = model.closing_note()
        if closing is None:
            closing = not_modelled_note(model, self.files.python)
        if closing is not None:
            self.notes.append(CLOSING_NOTE + closing)
        return model

    @cached_property
    def params_namespaced(self) -> bool:
        """Whether namespaces prefix `params:` names: from Kedro 0.18 on, so not in a project
        that declares an older Kedro (`project.kedro_version`)."""
        declared = project_kedro(self)
        if declared is None or not declared.before(0, 18):
            return True
        # A requirement open above (`kedro>=0.17.4`) may run on a current Kedro: namespaced.
        req = project_requirement(self, "kedro")
        return req is not None and req.lowest() is not None and req.admits((99,))

    @cached_property
    def node_signatures(self) -> list[tuple[NodeInst, list[str], Signature]]:
        """Registered nodes whose function is a plain (undecorated) def or lambda of the
        project, with their pipelines and the signature Kedro binds: once per run, for the
        rules that compare the two (SL303, SL406)."""
        pipes = self.pipelines
        out = []
        for node, names in pipes.unique_nodes():
            f = node.func
            # A decorator may change the signature. (A nested def's is still what Kedro binds.)
            if f is None or getattr(f.node, "decorator_list", None):
                continue
            sig = pipes.signature(f)
            if sig is not None:
                out.append((node, names, sig))
        return out

    def describe(self) -> list[str]:
        """What the static model saw, for `--show-settings` / `--verbose`: builds it."""
        try:
            conf, pipes = self.conf, self.pipelines
        except Exception as exc:  # describing must never fail
            return [*self.notes, f"model not available ({type(exc).__name__}: {exc})"]
        head = [
            f"configuration `{conf.conf_dir}/`, environments {' + '.join(conf.envs())}: "
            f"{len(conf.catalog)} catalog entries, {len(conf.patterns)} dataset factory "
            f"patterns, {len(conf.parameters)} top-level parameters",
            f"registered pipelines: {', '.join(sorted(pipes.registered)) or 'none'}"
            + ("" if pipes.complete else " (not all followed: see the notes below)"),
        ]
        notes = [n.removeprefix(CLOSING_NOTE) for n in self.notes]
        return head + list(dict.fromkeys(notes))

    @cached_property
    def git_tracked(self) -> frozenset[str] | None:
        """Files git tracks (relative POSIX paths), or None outside a git work tree."""
        try:
            top = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=self.root,
                capture_output=True,
                text=True,
                check=False,
                timeout=30,
            )
            if top.returncode != 0:
                return None
            out = subprocess.run(
                ["git", "ls-files", "-z", "--full-name", "--", "."],
                cwd=self.root,
                capture_output=True,
                check=False,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if out.returncode != 0:
            return None
        git_root = Path(top.stdout.strip()).resolve()
        prefix = self.root.resolve().relative_to(git_root).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        names = out.stdout.decode("utf-8", "replace").split("\0")
        return frozenset(n[len(prefix) :] for n in names if n and n.startswith(prefix))


class _Reads:
    """A `read_text` that remembers the paths it was asked for: what a `Conf` read."""

    def __init__(self, read_text: Callable[[str], str | None]) -> None:
        self.read_text = read_text
        self.paths: set[str] = set()

    def __call__(self, path: str) -> str | None:
        self.paths.add(path)
        return self.read_text(path)


def _conf_walk(top: Path) -> list[Any]:
    """The folders and files under the configuration folder, as `Conf` lists them."""
    errors: list[str] = []
    out: list[Any] = [
        (folder, sorted(dirs), sorted(files))
        for folder, dirs, files in os.walk(top, onerror=lambda e: errors.append(str(e)))
    ]
    return [*out, errors]


def _kept_conf(
    cache: Any,
    root: Path,
    settings_path: str,
    read_text: Callable[[str], str | None],
    summaries: Summaries | None,
) -> Conf | None:
    """The configuration a long-lived caller's last run read (`ResultCache.live`), when the
    files and folders it could list and every file it read are the same: a copy that reads
    this run's files for what it has not worked out yet."""
    live = getattr(cache, "live", None)
    kept = live.get("conf") if isinstance(live, dict) else None
    if kept is None or summaries is None:
        return None
    kept_root, kept_settings, walked, reads, then, conf = kept
    if kept_root != str(root) or kept_settings != settings_path:
        return None
    # Every file it read, as that run read it (`then`) and as this one does.
    if any(summaries.digest(p) != then.digest(p) for p in sorted(reads.paths)):
        return None
    if _conf_walk(root / conf.conf_dir) != walked:
        return None
    fresh = copy.copy(conf)  # its worked-out parts are shared: they follow from the same files
    fresh.read_text = _Reads(read_text)
    fresh.cache = cache
    fresh.notes = list(conf.notes)
    return fresh


def build_project(
    settings: Settings,
    files: ProjectFiles,
    read_text: Callable[[str], str | None],
    node_index: NodeIndex,
    summaries: Summaries | None = None,
) -> Project:
    return Project(settings, files, read_text, node_index, summaries=summaries)
