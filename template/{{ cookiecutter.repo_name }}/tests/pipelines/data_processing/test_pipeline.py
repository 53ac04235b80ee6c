{%- set model_input = "model_input_table@spark" if cookiecutter.dataframe_library == "pyspark" else "model_input_table" -%}
{%- set to_pandas = ".toPandas()" if cookiecutter.dataframe_library == "pyspark" else "" -%}
"""Test the data processing pipeline as a whole, in memory."""

from typing import Any

from kedro.io import DataCatalog, MemoryDataset
from kedro.runner import SequentialRunner
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.data_processing import (
    create_pipeline,
)


def test_pipeline_turns_raw_listings_into_the_model_input_table(
    raw_houses: DataFrame, preprocessing_params: dict[str, Any]
) -> None:
    catalog = DataCatalog(
        {
            "raw_houses": MemoryDataset(raw_houses),
            "params:preprocessing": MemoryDataset(preprocessing_params),
            "params:model_input.districts": MemoryDataset(["north", "west"]),
        }
    )

    outputs = SequentialRunner().run(create_pipeline(), catalog)

    table = outputs["{{ model_input }}"].load(){{ to_pandas }}
    assert table["house_id"].to_list() == [1, 5]
    assert table["district_north"].to_list() == [1, 0]
    assert table["district_west"].to_list() == [0, 1]
