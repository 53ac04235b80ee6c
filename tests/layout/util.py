"""Helpers for the layout rules' tests: real projects on disk, real git repositories."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from structlint.core.findings import Finding
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.rules.layout._common import DATA_LAYERS
from structlint.rules.registry import rules_by_code
from structlint.run.engine import Engine
from tests.helpers import run, write_project

COMPLETE = {
    "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n"
    "  filepath: data/01_raw/companies.csv\n",
    "conf/base/parameters.yml": "test_size: 0.2\n",
    "conf/local/.gitkeep": "",
    **{f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS},
    "src/demo/__init__.py": "",
    "src/demo/settings.py": "",
    "src/demo/pipeline_registry.py": "def register_pipelines():\n    return {}\n",
    "src/demo/pipelines/__init__.py": "",
    "tests/__init__.py": "",
    ".gitignore": "conf/local/**\n!conf/local/.gitkeep\ndata/**\n!data/**/\n!.gitkeep\n",
}


def git(root: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def make(
    root: Path,
    files: Mapping[str, str],
    *,
    drop: Iterable[str] = (),
    base: Mapping[str, str] | None = None,
    config: str = "",
    repo: bool = False,
    force_add: Iterable[str] = (),
) -> Path:
    """Write the complete layout (or `base`) plus `files`, minus paths that start with an entry
    of `drop`; with `repo`, `git init`, `git add -A` (+ `git add -f` of `force_add`) and commit."""
    start = dict(COMPLETE if base is None else base)
    start.update(files)
    drops = tuple(drop)
    write_project(
        root, {k: v for k, v in start.items() if not k.startswith(drops) or k in files}, config
    )
    if repo:
        git(root, "init", "-q")
        git(root, "add", "-A")
        for path in force_add:
            git(root, "add", "-f", path)
        git(root, "commit", "-q", "-m", "init", "--allow-empty")
    return root


def project_findings(root: Path, code: str) -> list[Finding]:
    """A project rule's findings as the rule yields them: before the engine keeps only the
    findings on discovered targets and applies suppressions."""
    settings = load_settings(root)
    engine = Engine(settings, {code}, use_cache=False)
    files = discover(settings)
    index = engine._node_index(files)
    errors: list = []
    by_rule = engine._project_findings([rules_by_code()[code]], files, index, errors, [])
    assert not errors, errors
    return sorted((f for _, found in by_rule for f in found), key=lambda f: f.sort_key)


def where(findings: Iterable[Finding]) -> set[tuple[str, int]]:
    return {(f.path, f.line) for f in findings}


def engine_findings(root: Path, code: str, paths: Iterable[Path] = ()) -> list[Finding]:
    result = run(root, select=[code], paths=paths)
    assert not result.errors, result.errors
    return [f for f in result.findings if f.code == code]
