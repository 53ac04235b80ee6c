{%- set to_pandas = ".toPandas()" if cookiecutter.dataframe_library == "pyspark" else "" -%}
"""Tests of the data processing nodes."""
{% if cookiecutter.dataframe_library != "pyspark" %}
from copy import deepcopy
{%- endif %}
from typing import Any

{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame, SparkSession{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.data_processing.nodes import (
    create_model_input_table,
    preprocess_houses,
)


def test_preprocess_keeps_complete_plausible_listings(
    raw_houses: DataFrame, preprocessing_params: dict[str, Any]
) -> None:
    result = preprocess_houses(raw_houses, preprocessing_params){{ to_pandas }}

    assert result["house_id"].to_list() == [1, 5]
    assert result["district"].to_list() == ["north", "west"]
    assert result["age_years"].to_list() == [10, 0]


def test_preprocess_leaves_its_input_unchanged(
    raw_houses: DataFrame, preprocessing_params: dict[str, Any]
) -> None:
{%- if cookiecutter.dataframe_library == "pyspark" %}
    before = raw_houses.collect()

    preprocess_houses(raw_houses, preprocessing_params).collect()

    assert raw_houses.collect() == before
{%- else %}
    before = deepcopy(raw_houses)

    preprocess_houses(raw_houses, preprocessing_params)

    assert raw_houses.equals(before)
{%- endif %}
{% if cookiecutter.dataframe_library == "pyspark" %}

def test_model_input_table_has_one_indicator_per_district(spark: SparkSession) -> None:
    houses = spark.createDataFrame(
        [(1, "north"), (2, "east")], "house_id long, district string"
    )

    result = create_model_input_table(houses, ["east", "north", "west"]).toPandas()
{%- else %}

def test_model_input_table_has_one_indicator_per_district() -> None:
    houses = DataFrame({"house_id": [1, 2], "district": ["north", "east"]})

    result = create_model_input_table(houses, ["east", "north", "west"])
{%- endif %}

    assert result["district_east"].to_list() == [0, 1]
    assert result["district_north"].to_list() == [1, 0]
    assert result["district_west"].to_list() == [0, 0]
    assert result["house_id"].to_list() == [1, 2]
