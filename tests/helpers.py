"""Shared test helpers: write a small project to disk and run the real engine on it."""

from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path

from structlint.inputs.config import load_settings
from structlint.rules.registry import rules_by_code
from structlint.rules.rule import EXAMPLE_PACKAGE, Example
from structlint.run.engine import Engine, RunResult
from structlint.run.selection import resolve

PYPROJECT = f"""\
[project]
name = "{EXAMPLE_PACKAGE}"
version = "0.1.0"

[tool.kedro]
package_name = "{EXAMPLE_PACKAGE}"
project_name = "{EXAMPLE_PACKAGE}"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

# A Kedro project's data layers (`data/<layer>/`): what `kedro new` and the template lay out.
DATA_LAYERS = (
    "01_raw",
    "02_intermediate",
    "03_primary",
    "04_feature",
    "05_model_input",
    "06_models",
    "07_model_output",
    "08_reporting",
)


def layer_folders() -> dict[str, str]:
    """A `.gitkeep` in each data layer, as files for ``write_project``."""
    return {f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS}


def write_project(root: Path, files: Mapping[str, str], config: str = "") -> Path:
    """Write files (dedented) under root, with a Kedro pyproject.toml unless one is given."""
    files = dict(files)
    if "pyproject.toml" not in files:
        files["pyproject.toml"] = PYPROJECT + (
            f"\n[tool.structlint]\n{textwrap.dedent(config)}" if config.strip() else ""
        )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if rel.endswith(".py") else text, encoding="utf-8")
    return root


def run(
    root: Path, select: Iterable[str] = ("ALL",), paths: Iterable[Path] = (), jobs: int = 1
) -> RunResult:
    settings = load_settings(root)
    by_code = rules_by_code()
    # The project's own extend-select / ignore still apply on top of `select`.
    codes = resolve(
        {c: r.default_enabled for c, r in by_code.items()},
        list(select),
        settings.get("extend-select"),
        settings.get("ignore"),
    )
    return Engine(settings, codes, jobs=jobs, use_cache=False).run(list(paths))


def found(result: RunResult) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.code) for f in result.findings}


def git_add_all(root: Path) -> None:
    """`git init && git add -A`: git then tracks every file that .gitignore does not hide."""
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=root, check=True, capture_output=True)


def run_example(tmp: Path, example: Example, code: str) -> RunResult:
    write_project(tmp, example.all_files(), example.config)
    if example.git:
        git_add_all(tmp)
    return run(tmp, select=[code])
