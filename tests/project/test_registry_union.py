"""Registries that combine pipelines with the dict union operator are followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import found, run, write_project

PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, "companys", "clean_companies")])
"""
NODES = """\
def clean(companies):
    return companies
"""
CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""

REGISTRIES = {
    "union": """\
from kedro.framework.project import find_pipelines


def register_pipelines():
    pipelines = find_pipelines()
    return pipelines | {"__default__": sum(pipelines.values())}
""",
    "augmented": """\
from kedro.framework.project import find_pipelines


def register_pipelines():
    pipelines = find_pipelines()
    pipelines |= {"__default__": sum(pipelines.values())}
    return pipelines
""",
}


@pytest.mark.parametrize("style", sorted(REGISTRIES))
def test_union_registry_is_followed(style: str, tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/settings.py": "",
            "src/demo/pipeline_registry.py": REGISTRIES[style],
            "src/demo/pipelines/__init__.py": "",
            "src/demo/pipelines/ingest/__init__.py": "from .pipeline import create_pipeline\n",
            "src/demo/pipelines/ingest/pipeline.py": PIPELINE,
            "src/demo/pipelines/ingest/nodes.py": NODES,
            "conf/base/catalog.yml": CATALOG,
            "conf/base/parameters.yml": "{}\n",
        },
    )
    result = run(tmp_path, select=["SL401"])
    assert not result.errors
    assert found(result) == {("src/demo/pipelines/ingest/pipeline.py", 7, "SL401")}
