"""The small Kedro project the server tests open: a catalog entry, a factory pattern, a
nested parameter, one pipeline, and a node module with one hardcoded path (SL101)."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import git_add_all, write_project

CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
  metadata:
    kedro-viz:
      layer: raw

"{name}_csv":
  type: pandas.CSVDataset
  filepath: data/02_intermediate/{name}.csv
"""

PARAMETERS = """\
split:
  test_size: 0.2
"""

PIPELINE = """\
from kedro.pipeline import Pipeline, node, pipeline

from demo.pipelines.demo.nodes import clean, split


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline(
        [
            node(clean, inputs="companies", outputs="clean_csv", name="clean"),
            node(
                split,
                inputs=["clean_csv", "params:split.test_size"],
                outputs=["train", "test"],
                name="split",
            ),
        ]
    )
"""

REGISTRY = """\
from kedro.pipeline import Pipeline

from demo.pipelines.demo.pipeline import create_pipeline


def register_pipelines() -> dict[str, Pipeline]:
    return {"__default__": create_pipeline()}
"""

NODES_BAD = """\
import pandas as pd

REPORT = "data/08_reporting/report.csv"


def clean(companies: pd.DataFrame) -> pd.DataFrame:
    return companies.dropna()


def split(data: pd.DataFrame, test_size: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = int(len(data) * (1 - test_size))
    return data.iloc[:n], data.iloc[n:]
"""

NODES_GOOD = NODES_BAD.replace('REPORT = "data/08_reporting/report.csv"\n\n\n', "")

NODES = "src/demo/pipelines/demo/nodes.py"
PIPELINE_PY = "src/demo/pipelines/demo/pipeline.py"
CATALOG_YML = "conf/base/catalog.yml"
PARAMETERS_YML = "conf/base/parameters.yml"


def demo_project(root: Path) -> Path:
    write_project(
        root,
        {
            CATALOG_YML: CATALOG,
            PARAMETERS_YML: PARAMETERS,
            "conf/local/.gitkeep": "",
            "src/demo/__init__.py": "",
            "src/demo/settings.py": "",
            "src/demo/pipeline_registry.py": REGISTRY,
            "src/demo/pipelines/__init__.py": "",
            "src/demo/pipelines/demo/__init__.py": "",
            PIPELINE_PY: PIPELINE,
            NODES: NODES_BAD,
            "tests/pipelines/demo/test_pipeline.py": "def test_nothing():\n    pass\n",
            "data/01_raw/.gitkeep": "",
        },
    )
    git_add_all(root)
    return root
