"""Small real Kedro projects for the proof suite: each can be run by `kedro run` and checked
by structlint. `make(root, **changes)` writes a clean project; changes replace its files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import write_project

PYPROJECT = """\
[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "proof"
version = "0.1.0"

[tool.kedro]
package_name = "proof"
project_name = "proof"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

REGISTRY = """\
from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
"""

NODES = """\
import pandas as pd


def clean(companies: pd.DataFrame) -> pd.DataFrame:
    return companies.dropna()


def score(companies: pd.DataFrame, factor: float) -> pd.DataFrame:
    out = companies.copy()
    out["score"] = out["rating"] * factor
    return out


def split(data: pd.DataFrame, test_size: float):
    n = max(1, int(len(data) * (1 - test_size)))
    return data.iloc[:n], data.iloc[n:]


def report(train: pd.DataFrame, test: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"train": [len(train)], "test": [len(test)]})
"""

PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean, report, score, split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "companies", "clean_companies", name="clean"),
            node(score, ["clean_companies", "params:factor"], "scored", name="score"),
            node(
                split,
                ["scored", "params:model_options.test_size"],
                ["train", "test"],
                name="split",
            ),
            node(report, ["train", "test"], "summary", name="report"),
        ]
    )
"""

CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

summary:
  type: pandas.CSVDataset
  filepath: data/08_reporting/summary.csv
"""

PARAMETERS = """\
factor: 2.0
model_options:
  test_size: 0.25
"""

COMPANIES = "id,rating\n1,0.5\n2,0.7\n3,0.9\n4,0.1\n"

PIPELINE_PATH = "src/proof/pipelines/main/pipeline.py"
NODES_PATH = "src/proof/pipelines/main/nodes.py"
CATALOG_PATH = "conf/base/catalog.yml"
PARAMETERS_PATH = "conf/base/parameters.yml"


def make(root: Path, files: dict[str, str] | None = None) -> Path:
    base = {
        "pyproject.toml": PYPROJECT,
        "src/proof/__init__.py": "",
        "src/proof/settings.py": "",
        "src/proof/pipeline_registry.py": REGISTRY,
        "src/proof/pipelines/__init__.py": "",
        "src/proof/pipelines/main/__init__.py": "from .pipeline import create_pipeline\n",
        PIPELINE_PATH: PIPELINE,
        NODES_PATH: NODES,
        CATALOG_PATH: CATALOG,
        PARAMETERS_PATH: PARAMETERS,
        "conf/local/.gitkeep": "",
        "data/01_raw/companies.csv": COMPANIES,
        "data/08_reporting/.gitkeep": "",
    }
    base.update(files or {})
    return write_project(root, base)


def kedro_run(root: Path, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KEDRO_DISABLE_TELEMETRY": "true",
        "DO_NOT_TRACK": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [sys.executable, "-m", "kedro", "run"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(f"{needle!r} not in text")
