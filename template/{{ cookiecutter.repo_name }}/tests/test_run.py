"""Project-level tests: the pipelines register and find every dataset they need."""

from pathlib import Path

import pytest
from kedro.framework.project import pipelines
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from kedro.io import DataCatalog

PROJECT_PATH = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalog() -> DataCatalog:
    """The project's catalog, as ``kedro run`` would build it (nothing is run)."""
    bootstrap_project(PROJECT_PATH)
    with KedroSession.create(project_path=PROJECT_PATH) as session:
        return session.load_context().catalog


def test_default_pipeline_is_registered(catalog: DataCatalog) -> None:
    assert "__default__" in pipelines


def test_every_pipeline_finds_its_inputs_in_the_catalog(catalog: DataCatalog) -> None:
    # `kedro run --pipelines <name>` must work for every pipeline on its own, so what a
    # pipeline reads but does not produce must be declared in the catalog.
    missing = {
        name: sorted(dataset for dataset in pipeline.inputs() if dataset not in catalog)
        for name, pipeline in pipelines.items()
    }
    assert not any(missing.values()), missing
