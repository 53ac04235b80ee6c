"""Shared pieces of the command-line tests: a small Kedro project on disk, and the real
`structlint` command run in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from structlint.rules.registry import rules_by_code
from tests.helpers import layer_folders, write_project

REPO_ROOT = Path(__file__).resolve().parents[2]

PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, ["raw", "params:threshold"], "cleaned", name="clean")])
"""

NODES = """\
import pandas as pd


def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    return df[df["value"] > threshold]
"""

REGISTRY = """\
from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
"""

CATALOG = """\
raw:
  type: pandas.CSVDataset
  filepath: data/01_raw/raw.csv

cleaned:
  type: pandas.ParquetDataset
  filepath: data/02_intermediate/cleaned.parquet
"""

# A complete, small Kedro project that every default rule is silent on.
CLEAN_FILES = {
    "src/demo/__init__.py": "",
    "src/demo/settings.py": "",
    "src/demo/pipeline_registry.py": REGISTRY,
    "src/demo/pipelines/__init__.py": "",
    "src/demo/pipelines/demo/__init__.py": "from .pipeline import create_pipeline\n\n"
    '__all__ = ["create_pipeline"]\n',
    "src/demo/pipelines/demo/pipeline.py": PIPELINE,
    "src/demo/pipelines/demo/nodes.py": NODES,
    "conf/base/catalog.yml": CATALOG,
    "conf/base/parameters.yml": "threshold: 0.5\n",
    "conf/local/.gitkeep": "",
    ".gitignore": "conf/local/**\n!conf/local/.gitkeep\ndata/**\n!data/**/.gitkeep\n",
    "tests/__init__.py": "",
    "tests/pipelines/__init__.py": "",
    "tests/pipelines/demo/__init__.py": "",
    "tests/pipelines/demo/test_pipeline.py": (
        "from demo.pipelines.demo.pipeline import create_pipeline\n\n\n"
        "def test_pipeline() -> None:\n    assert create_pipeline().nodes\n"
    ),
    **layer_folders(),
}

# One syntax error (SL001) at line 2: CPython says "'(' was never closed".
BROKEN = "def broken(df):\n    return df.dropna(\n"


def require(*codes: str) -> None:
    """Skip the calling test when a rule it relies on is not registered (yet)."""
    missing = [c for c in codes if c not in rules_by_code()]
    if missing:
        pytest.skip(f"rule(s) {', '.join(missing)} not registered in structlint.rules yet")


def make_project(
    root: Path, files: Mapping[str, str] | None = None, config: str = "", clean: bool = True
) -> Path:
    """A small Kedro project (package `demo`) plus `files`; `config` goes under
    [tool.structlint]."""
    all_files = {**(CLEAN_FILES if clean else {}), **(files or {})}
    return write_project(root, all_files, config)


def run_structlint(
    *args: str | os.PathLike[str], cwd: Path, module: bool = False, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real command: `structlint ...`, or `python -m structlint ...` with module=True."""
    command = [sys.executable, "-m", "structlint"] if module else ["structlint"]
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*command, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A clean small Kedro project."""
    return make_project(tmp_path / "proj")
