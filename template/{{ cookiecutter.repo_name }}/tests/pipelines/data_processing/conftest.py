"""Small hand-made inputs for the data processing tests."""

from typing import Any

import pytest
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame, SparkSession{% else %}from pandas import DataFrame{% endif %}

RAW_HOUSES = {
    "house_id": [1, 2, 3, 4, 5],
    "district": [" North", "south ", "Centre", "east", "West"],
    "age_years": [10.0, None, 30.0, 200.0, 0.0],
    "area_m2": [80.0, 60.0, 10.0, 70.0, 40.0],
    "rooms": [3, 2, 1, 3, 1],
    "price_eur": [250000, 180000, 90000, 150000, 160000],
}


@pytest.fixture
{%- if cookiecutter.dataframe_library == "pyspark" %}
def raw_houses(spark: SparkSession) -> DataFrame:
    """Five raw listings: one lacks its age, one is too small, one is too old."""
    rows = list(zip(*RAW_HOUSES.values(), strict=True))
    schema = (
        "house_id long, district string, age_years double, area_m2 double, "
        "rooms long, price_eur long"
    )
    return spark.createDataFrame(rows, schema)
{%- else %}
def raw_houses() -> DataFrame:
    """Five raw listings: one lacks its age, one is too small, one is too old."""
    return DataFrame(RAW_HOUSES)
{%- endif %}


@pytest.fixture
def preprocessing_params() -> dict[str, Any]:
    """The ``preprocessing`` parameters."""
    return {"min_area_m2": 15.0, "max_age_years": 150}
