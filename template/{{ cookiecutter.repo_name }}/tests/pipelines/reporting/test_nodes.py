"""Tests of the reporting nodes."""

{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.reporting.nodes import (
    summarise_prices_by_district,
)


def test_summary_has_one_row_per_district_most_expensive_first(
    houses: DataFrame,
) -> None:
{%- if cookiecutter.dataframe_library == "pyspark" %}
    result = summarise_prices_by_district(
        houses, {"min_houses_per_district": 1}
    ).toPandas()
{%- else %}
    result = summarise_prices_by_district(houses, {"min_houses_per_district": 1})
{%- endif %}

    assert result["district"].to_list() == ["centre", "north", "east"]
    assert result["houses"].to_list() == [2, 3, 1]
    assert result["median_price_eur"].to_list() == [265000, 200000, 140000]
    assert result["median_price_per_m2_eur"].to_list() == [5250, 3000, 2000]


def test_summary_leaves_out_districts_with_few_listings(houses: DataFrame) -> None:
{%- if cookiecutter.dataframe_library == "pyspark" %}
    result = summarise_prices_by_district(
        houses, {"min_houses_per_district": 2}
    ).toPandas()
{%- else %}
    result = summarise_prices_by_district(houses, {"min_houses_per_district": 2})
{%- endif %}

    assert result["district"].to_list() == ["centre", "north"]
