"""The unsafe fixes on a whole project: the tutorial's notebook-style project goes through
`structlint check --fix --unsafe-fixes`, and afterwards it lints clean of the fixed codes,
a real `kedro run` writes the same model as before, and the project's own tests pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project.kedro_projects import kedro_run
from tests.template.support import copier_copy, template_repo  # noqa: F401 (a fixture)

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "tutorial" / "before"
FIXED_CODES = ("SL101", "SL201", "SL205", "SL302", "SL304")
NODES = "src/house_prices/pipelines/price_model/nodes.py"
MODEL = "data/06_models/model.pkl"


def _houses() -> str:
    rows = ["area,bedrooms,bathrooms,year_built,price"]
    for i in range(40):
        price = "" if i % 9 == 4 else str(100_000 + 1_500 * i + 7_000 * (i % 4))
        rows.append(f"{50 + 3 * i},{1 + i % 4},{1 + i % 2},{1950 + i},{price}")
    return "\n".join(rows) + "\n"


def _structlint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "structlint", "check", "--no-cache", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _tutorial(tmp: Path) -> Path:
    """The tutorial's `before` project, runnable offline: the exchange rates come from a
    local file the node reads itself (one more notebook habit for the fixer), and the data
    the notebook read is there."""
    root = tmp / "house-prices"
    shutil.copytree(TUTORIAL, root)
    nodes = root / NODES
    text = nodes.read_text()
    start = text.index("def fetch_exchange_rates():")
    end = text.index("def prepare(")
    text = (
        text[:start]
        + 'def fetch_exchange_rates():\n    return pd.read_csv("data/01_raw/rates.csv")\n\n\n'
        + text[end:]
    )
    text = text.replace("import requests\n", "").replace(
        'API_KEY = "3f9a1c77e2b04d6a9e5b1f0c8d2a4e6b"\n', ""
    )
    nodes.write_text(text)
    (root / "conf/local").mkdir(parents=True, exist_ok=True)
    (root / "conf/local/.gitkeep").write_text("")
    (root / "data/01_raw/houses.csv").write_text(_houses())
    (root / "data/01_raw/rates.csv").write_text("currency,rate\nUSD,1.0\nEUR,0.9\n")
    return root


def _model(root: Path) -> tuple[list[float], float]:
    import joblib

    model = joblib.load(root / MODEL)
    return [round(float(c), 9) for c in model.coef_], round(float(model.intercept_), 6)


@pytest.mark.slow
def test_tutorial_fixed_runs_the_same(tmp_path: Path) -> None:
    root = _tutorial(tmp_path)
    before = kedro_run(root)
    assert before.returncode == 0, before.stderr[-3000:]
    expected = _model(root)
    (root / MODEL).unlink()

    fixed = _structlint(root, "--fix", "--unsafe-fixes")
    assert "Fixed" in fixed.stdout, fixed.stdout + fixed.stderr

    # Clean of what was fixed, and nothing new of the graph rules.
    after = _structlint(
        root, "--select", ",".join(FIXED_CODES) + ",SL4", "--output-format", "concise"
    )
    assert after.returncode == 0, after.stdout + after.stderr
    text = (root / NODES).read_text()
    assert "read_csv" not in text and "joblib" not in text and "0.2" not in text
    catalog = (root / "conf/base/catalog.yml").read_text()
    assert "# The data catalog" in catalog  # the user's comments are kept
    assert "filepath: data/01_raw/houses.csv" in catalog

    run = kedro_run(root)
    assert run.returncode == 0, run.stderr[-3000:]
    assert _model(root) == expected

    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "src")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]

    # A second run changes nothing.
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "data" not in p.parts}
    again = _structlint(root, "--fix", "--unsafe-fixes")
    assert "Fixed" not in again.stdout, again.stdout
    assert snapshot == {
        p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "data" not in p.parts
    }


NOTEBOOK_NODES = """\
import pandas as pd


def sample_houses(houses):
    districts = pd.read_csv("data/01_raw/districts.csv", sep=";")
    both = houses.merge(districts, on="district", how="left")
    return both.sample(frac=0.5, random_state=3)


def count_by_region(sample):
    counts = sample.groupby("region").size().to_frame("n").reset_index()
    counts.to_csv("data/08_reporting/region_counts.csv", index=False)
    return counts
"""
NOTEBOOK_PIPELINE = """\
from kedro.pipeline import Pipeline, node, pipeline

from .nodes import count_by_region, sample_houses


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline(
        [
            node(sample_houses, "raw_houses", "sample"),
            node(count_by_region, "sample", "counts"),
        ]
    )
    return pipeline(base, namespace="nb", inputs={"raw_houses"})
"""


@pytest.mark.slow
def test_generated_project_with_notebook_habits(template_repo: Path, tmp_path: Path) -> None:  # noqa: F811
    """A generated project (three pipelines, one parameters file each) with a namespaced
    notebook pipeline planted: the fixes put its parameters in its own file under its
    namespace and its data in the catalog as `nb.<name>`, and it runs as before."""
    root = copier_copy(template_repo, tmp_path / "gen", project_name="Gen Demo")
    folder = root / "src/gen_demo/pipelines/notebook"
    folder.mkdir()
    (folder / "__init__.py").write_text("from .pipeline import create_pipeline\n")
    (folder / "nodes.py").write_text(NOTEBOOK_NODES)
    (folder / "pipeline.py").write_text(NOTEBOOK_PIPELINE)
    districts = "district;region\ncentre;inner\nnorth;outer\neast;outer\nsouth;outer\n"
    (root / "data/01_raw/districts.csv").write_text(districts)
    report = root / "data/08_reporting/region_counts.csv"

    before = kedro_run(root)
    assert before.returncode == 0, before.stderr[-3000:]
    expected = report.read_text()
    report.unlink()

    fixed = _structlint(root, "--fix", "--unsafe-fixes")
    assert "Fixed" in fixed.stdout, fixed.stdout + fixed.stderr
    after = _structlint(
        root, "--select", ",".join(FIXED_CODES) + ",SL4", "--output-format", "concise"
    )
    assert after.returncode == 0, after.stdout + after.stderr
    params = (root / "conf/base/parameters_notebook.yml").read_text()
    assert params == "nb:\n  frac: 0.5\n  random_state: 3\n"
    catalog = (root / "conf/base/catalog.yml").read_text()
    assert (
        "nb.districts:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/districts.csv\n"
        in catalog
    )
    assert "nb.counts:\n  type: pandas.CSVDataset\n" in catalog

    run = kedro_run(root)
    assert run.returncode == 0, run.stderr[-3000:]
    assert report.read_text() == expected
