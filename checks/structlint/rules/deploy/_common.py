"""What the deployment-readiness rules (SL6xx) share: whether the project declares a
deployment plugin, which dataset classes cannot run in several processes, and where a project
selects Kedro's `ParallelRunner`.

Everything here is read statically: declared requirements (pyproject.toml, requirements*.txt),
the project's listing and text files through `project.read_text`, and the installed
kedro-datasets' source (read, never imported), like SL408's scan in `structlint.project.datasets`.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from structlint.project.conf import Loc
from structlint.project.datasets import CLASS_DEF, base_names, package_dir, subclasses
from structlint.project.kedro_version import declared_requirements, normalise
from structlint.project.model import Project
from structlint.rules.rule import Option

# Plugins that turn a Kedro pipeline into an orchestrator's tasks (a task per node, or per
# top-level namespace with `--group-by namespace`).
DEFAULT_PLUGINS = (
    "kedro-airflow",
    "kedro-airflow-k8s",
    "kedro-kubeflow",
    "kedro-vertexai",
    "kedro-sagemaker",
    "kedro-azureml",
    "kedro-argo",
    "kedro-dagster",
    "kedro-databricks",
)
PLUGINS_OPTION = Option(
    "deployment-plugins",
    "list[str]",
    list(DEFAULT_PLUGINS),
    "Distributions that turn a pipeline into an orchestrator's tasks: SL601 and SL604 fire "
    "only in a project that declares one of them (or holds `kedro airflow create`'s "
    "`airflow_dags/`). An empty list turns both off.",
)
# Where `kedro airflow create` writes its DAG unless told otherwise (`--target-dir`).
AIRFLOW_DAGS = "airflow_dags/"


@dataclass(frozen=True)
class Deployment:
    """A declared deployment plugin and where the project declares it."""

    plugin: str
    source: str  # pyproject.toml, requirements.txt, airflow_dags/<x>.py


def deployment(project: Project) -> Deployment | None:
    """The first deployment plugin the project declares, or None."""
    wanted = {normalise(p) for p in project.settings.get("deployment-plugins")}
    if not wanted:
        return None
    root = Path(project.root)
    src = (project.package_dir or "src").rsplit("/", 1)[0] if project.package_dir else "src"
    for req in declared_requirements(project.read_text, root, src):
        if req.name in wanted:
            return Deployment(req.name, req.source)
    if "kedro-airflow" in wanted:
        for path in project.files.python:
            if path.startswith(AIRFLOW_DAGS):
                return Deployment("kedro-airflow", path)
    return None


# --------------------------------------------------------------------------- single process

# Dataset classes that declare `_SINGLE_PROCESS = True` (kedro-datasets 9.x, Kedro 1.x): used
# when kedro-datasets is not installed next to structlint (pre-commit's own environment).
SHIPPED_SINGLE_PROCESS = frozenset(
    {
        "kedro_datasets.spark.SparkDataset",
        "kedro_datasets.spark.SparkDatasetV2",
        "kedro_datasets.spark.SparkHiveDataset",
        "kedro_datasets.spark.SparkJDBCDataset",
        "kedro_datasets.spark.DeltaTableDataset",
        "kedro_datasets.databricks.ManagedTableDataset",
        "kedro_datasets.databricks.ExternalTableDataset",
        "kedro_datasets.snowflake.SnowparkTableDataset",
        "kedro.io.CachedDataset",
    }
)
_FLAG = re.compile(r"^\s+_SINGLE_PROCESS\s*(?::[^=]*)?=\s*True\b", re.MULTILINE)


def _single_process_classes(texts: dict[str, str]) -> set[str]:
    """Classes of these module texts whose body sets `_SINGLE_PROCESS = True`, and their
    subclasses among the same texts (matched by name)."""
    bases: dict[str, set[str]] = {}
    flagged: set[str] = set()
    for text in texts.values():
        matches = list(CLASS_DEF.finditer(text))
        for i, m in enumerate(matches):
            bases.setdefault(m[1], set()).update(base_names(m[2] or ""))
            end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
            if _FLAG.search(text, m.end(), end):
                flagged.add(m[1])
    return subclasses(bases, flagged)


def _scan_group_package(top: Path, prefix: str) -> set[str]:
    """`<prefix>.<group>.<Class>` for the single-process classes a group package exposes."""
    out: set[str] = set()
    try:
        groups = sorted(p for p in top.iterdir() if p.is_dir() and not p.name.startswith("_"))
    except OSError:
        return out
    for group in groups:
        texts: dict[str, str] = {}
        for dirpath, dirnames, filenames in os.walk(group):
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
            for f in filenames:
                if f.endswith(".py"):
                    try:
                        texts[f"{dirpath}/{f}"] = Path(dirpath, f).read_text("utf-8", "replace")
                    except OSError:
                        continue
        out.update(f"{prefix}.{group.name}.{n}" for n in _single_process_classes(texts))
    return out


@cache
def single_process_types() -> frozenset[str]:
    """Fully qualified dataset classes that Kedro's ParallelRunner refuses."""
    kd = package_dir("kedro_datasets")
    if kd is None:
        return SHIPPED_SINGLE_PROCESS
    found = _scan_group_package(kd, "kedro_datasets")
    kx = package_dir("kedro_datasets_experimental")
    if kx is not None:
        found |= _scan_group_package(kx, "kedro_datasets_experimental")
    found.add("kedro.io.CachedDataset")
    return frozenset(found)


def qualified_type(type_name: str) -> tuple[str, ...]:
    """The classes Kedro may load for a catalog `type:` (it tries these prefixes in order)."""
    return (f"kedro.io.{type_name}", f"kedro_datasets.{type_name}", type_name)


def is_single_process(type_name: str, known: frozenset[str]) -> bool:
    return any(q in known for q in qualified_type(type_name))


# --------------------------------------------------------------------------- ParallelRunner

# `kedro run --runner=ParallelRunner`, `-r ParallelRunner`, `--runner kedro.runner.ParallelRunner`
_CLI = re.compile(
    r"kedro\s+run\b[^\n]*?(?:--runner|-r)(?:\s*=\s*|\s+)['\"]?(?:kedro\.runner\.)?ParallelRunner\b"
)
# A run config file (`kedro run --config run.yml`): `runner: ParallelRunner` under `run:`.
_RUN_CONFIG = re.compile(
    r"^\s+runner\s*:\s*['\"]?(?:kedro\.runner\.)?ParallelRunner\b['\"]?\s*$", re.MULTILINE
)
# Code that runs a session with one: `session.run(runner=ParallelRunner())`. A line that
# only offers it (`ParallelRunner() if parallel else SequentialRunner()` in a CLI) does not.
_CODE = re.compile(r"^(?![^\n#]*\bif\b)[^\n#]*\brunner\s*=\s*ParallelRunner\s*\(", re.MULTILINE)
_TEXT_FILES = (
    "README.md",
    "README.rst",
    "README.txt",
    "Makefile",
    "Dockerfile",
    "docker-compose.yml",
    "docker-compose.yaml",
    ".gitlab-ci.yml",
)
_TEXT_SUFFIXES = (".md", ".rst", ".sh", ".txt", ".yml", ".yaml", ".cfg", ".toml")


@dataclass(frozen=True)
class RunnerChoice:
    loc: Loc
    how: str  # what the text at `loc` does


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _doc_files(root: Path) -> Iterator[str]:
    """Text files of `docs/`, `scripts/`, `.github/workflows/` and `deploy*/` folders (a
    bounded walk: a few hundred files at most)."""
    budget = 500
    for top in ("docs", "scripts", "bin", ".github/workflows", "deploy", "deployment", "ci"):
        base = root / top
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
            for f in sorted(filenames):
                if f.endswith(_TEXT_SUFFIXES) or "." not in f:
                    budget -= 1
                    if budget < 0:
                        return
                    yield Path(dirpath, f).relative_to(root).as_posix()


def parallel_runner_choice(project: Project) -> RunnerChoice | None:
    """The first place where the project runs, or tells its users to run, ParallelRunner:
    a `kedro run ... --runner ParallelRunner` line in a README, doc, script, Makefile or CI
    file, a run config (`runner: ParallelRunner`), or package code that runs with one
    (`runner=ParallelRunner(...)`, on a line without `if`)."""
    root = Path(project.root)
    texts = [*_TEXT_FILES, *_doc_files(root), *project.files.yaml]
    seen: set[str] = set()
    for path in texts:
        if path in seen:
            continue
        seen.add(path)
        text = project.read_text(path)
        if not text or "ParallelRunner" not in text:
            continue
        m = _CLI.search(text)
        how = "has `kedro run ... --runner ParallelRunner`"
        if m is None and path.endswith((".yml", ".yaml")):
            m = _RUN_CONFIG.search(text)
            how = "selects `runner: ParallelRunner`"
        if m is not None:
            start = (
                m.start() if how.startswith("has") else m.start() + len(m[0]) - len(m[0].lstrip())
            )
            return RunnerChoice(Loc(path, *_line_col(text, start)), how)
    pkg = project.package_dir
    for path in project.files.python:
        if pkg is None or not path.startswith(pkg + "/"):
            continue
        text = project.read_text(path)
        if not text or "ParallelRunner" not in text:
            continue
        m = _CODE.search(text)
        if m is not None:
            return RunnerChoice(
                Loc(path, *_line_col(text, m.start())), "runs the session with a `ParallelRunner()`"
            )
    return None


# --------------------------------------------------------------------------- node() calls


class CallKeywords:
    """Which keywords a `node()` call writes, read again from its source: the pipeline model
    keeps `name=` / `namespace=` only when their value is known, and a value computed at run
    time (`name=f"{step}_node"`) must not count as missing."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._calls: dict[str, dict[tuple[int, int], ast.Call]] = {}
        self._lines: dict[str, list[str]] = {}

    def _calls_of(self, path: str) -> dict[tuple[int, int], ast.Call]:
        calls = self._calls.get(path)
        if calls is None:
            calls = {}
            text = self.project.read_text(path)
            try:
                tree = ast.parse(text or "")
            except (SyntaxError, ValueError):
                tree = ast.Module(body=[], type_ignores=[])
            lines = (text or "").splitlines()
            self._lines[path] = lines
            for n in ast.walk(tree):
                if isinstance(n, ast.Call):
                    line = lines[n.lineno - 1] if 0 < n.lineno <= len(lines) else ""
                    col = n.col_offset
                    if not line.isascii():
                        col = len(line.encode("utf-8")[:col].decode("utf-8", "ignore"))
                    calls[(n.lineno, col + 1)] = n
            self._calls[path] = calls
        return calls

    def writes(self, loc: Loc, keyword: str) -> bool | None:
        """Whether the call at `loc` passes `keyword` with a value other than `None`; None
        when that cannot be told (no such call, or `**kwargs`)."""
        call = self._calls_of(loc.path).get((loc.line, loc.column))
        if call is None:
            return None
        for kw in call.keywords:
            if kw.arg is None:
                return None
            if kw.arg == keyword:
                return not (isinstance(kw.value, ast.Constant) and kw.value.value is None)
        return False

    def after_last_argument(self, loc: Loc) -> tuple[int, int] | None:
        """(1-based line, 0-based character column) just past the last argument of the call
        at `loc`, where a new keyword goes; None when there is no such call or argument."""
        call = self._calls_of(loc.path).get((loc.line, loc.column))
        if call is None:
            return None
        args: list[ast.AST] = [*call.args, *call.keywords]
        if not args:
            return None
        last = max(args, key=lambda a: (a.end_lineno or 0, a.end_col_offset or 0))
        line, col = last.end_lineno, last.end_col_offset
        if line is None or col is None:
            return None
        text = self._lines[loc.path][line - 1] if line <= len(self._lines[loc.path]) else ""
        if not text.isascii():
            col = len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
        return line, col
