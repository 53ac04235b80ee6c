{%- set to_pandas = ".toPandas()" if cookiecutter.dataframe_library == "pyspark" else "" -%}
"""Test the reporting pipeline as a whole, in memory."""

from kedro.io import DataCatalog, MemoryDataset
from kedro.runner import SequentialRunner
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.reporting import (
    create_pipeline,
)


def test_pipeline_writes_the_price_summary(houses: DataFrame) -> None:
    catalog = DataCatalog(
        {
            "preprocessed_houses": MemoryDataset(houses),
            "params:reporting": MemoryDataset({"min_houses_per_district": 3}),
        }
    )

    outputs = SequentialRunner().run(create_pipeline(), catalog)

    summary = outputs["price_by_district"].load(){{ to_pandas }}
    assert summary["district"].to_list() == ["north"]
