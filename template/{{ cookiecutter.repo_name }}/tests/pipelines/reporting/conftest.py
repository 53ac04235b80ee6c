"""Small hand-made inputs for the reporting tests."""

import pytest
{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% elif cookiecutter.dataframe_library == "pyspark" %}from pyspark.sql import DataFrame, SparkSession{% else %}from pandas import DataFrame{% endif %}

HOUSES = {
    "house_id": [1, 2, 3, 4, 5, 6],
    "district": ["north", "north", "north", "centre", "centre", "east"],
    "area_m2": [50.0, 100.0, 80.0, 40.0, 60.0, 70.0],
    "price_eur": [150000, 300000, 200000, 200000, 330000, 140000],
}


@pytest.fixture
{%- if cookiecutter.dataframe_library == "pyspark" %}
def houses(spark: SparkSession) -> DataFrame:
    """Clean listings: three in the north, two in the centre, one in the east."""
    rows = list(zip(*HOUSES.values(), strict=True))
    schema = "house_id long, district string, area_m2 double, price_eur long"
    return spark.createDataFrame(rows, schema)
{%- else %}
def houses() -> DataFrame:
    """Clean listings: three in the north, two in the centre, one in the east."""
    return DataFrame(HOUSES)
{%- endif %}
