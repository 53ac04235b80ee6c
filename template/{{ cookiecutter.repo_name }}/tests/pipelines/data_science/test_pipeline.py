{%- set model_input = "model_input_table@pandas" if cookiecutter.dataframe_library == "pyspark" else "model_input_table" -%}
"""Test the data science pipeline as a whole, in memory."""

from typing import Any

from kedro.io import DataCatalog, MemoryDataset
from kedro.runner import SequentialRunner
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.data_science import (
    create_pipeline,
)


def test_pipeline_trains_and_evaluates_a_model(
    model_input_table: DataFrame, model_options: dict[str, Any]
) -> None:
    catalog = DataCatalog(
        {
            "{{ model_input }}": MemoryDataset(model_input_table),
            "params:model_options": MemoryDataset(model_options),
            "params:model_options.alpha": MemoryDataset(model_options["alpha"]),
        }
    )

    outputs = SequentialRunner().run(create_pipeline(), catalog)

    metrics = outputs["metrics"].load()
    assert set(metrics) == {"r2", "mae_eur"}
    assert metrics["r2"] > 0.99
