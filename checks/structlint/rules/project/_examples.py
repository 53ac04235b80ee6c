"""Building blocks of the project rules' examples: a small Kedro project with one pipeline."""

from __future__ import annotations

PIPELINE = "src/demo/pipelines/demo/pipeline.py"
NODES = "src/demo/pipelines/demo/nodes.py"
CATALOG = "conf/base/catalog.yml"
PARAMETERS = "conf/base/parameters.yml"

REGISTRY = """\
from kedro.pipeline import Pipeline

from demo.pipelines.demo.pipeline import create_pipeline


def register_pipelines() -> dict[str, Pipeline]:
    return {"__default__": create_pipeline()}
"""

NODES_PY = """\
import pandas as pd


def clean(companies: pd.DataFrame) -> pd.DataFrame:
    return companies.dropna()


def split(data: pd.DataFrame, test_size: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    n = int(len(data) * (1 - test_size))
    return data.iloc[:n], data.iloc[n:]
"""


def project(extra: dict[str, str] | None = None, **files: str) -> dict[str, str]:
    """The example's extra files: registry and nodes, plus what the example gives
    (keys: catalog, parameters, pipeline, nodes, or a path)."""
    names = {"catalog": CATALOG, "parameters": PARAMETERS, "pipeline": PIPELINE, "nodes": NODES}
    out = {
        "src/demo/pipeline_registry.py": REGISTRY,
        "src/demo/settings.py": "",
        NODES: NODES_PY,
    }
    for key, text in {**files, **(extra or {})}.items():
        out[names.get(key, key)] = text
    return out
