"""Nodes of the data processing pipeline.

A node is a pure function: it gets data and parameters as arguments and returns new
data. Kedro's catalog (conf/base/catalog.yml) does all loading and saving, and the
parameters come from conf/base/parameters_data_processing.yml.
"""

from typing import Any
{% if cookiecutter.dataframe_library == "polars" %}
import polars as pl


def preprocess_houses(houses: pl.DataFrame, params: dict[str, Any]) -> pl.DataFrame:
    """Clean the raw house listings.

    Normalises the spelling of the districts, drops listings with missing values and
    keeps those whose area and age are plausible.

    Args:
        houses: Raw listings, one row per house.
        params: The ``preprocessing`` parameters: ``min_area_m2`` and
            ``max_age_years``.

    Returns:
        The clean listings.
    """
    return (
        houses.with_columns(pl.col("district").str.strip_chars().str.to_lowercase())
        .drop_nulls()
        .filter(
            (pl.col("area_m2") >= params["min_area_m2"])
            & (pl.col("age_years") <= params["max_age_years"])
        )
        .with_columns(pl.col("age_years").cast(pl.Int64))
    )


def create_model_input_table(
    houses: pl.DataFrame, districts: list[str]
) -> pl.DataFrame:
    """Add a 0/1 indicator column ``district_<name>`` for each district.

    Args:
        houses: Clean listings.
        districts: The districts to encode, from the ``model_input`` parameters.

    Returns:
        The listings with one indicator column per district.
    """
    return houses.with_columns(
        (pl.col("district") == name).cast(pl.Int64).alias(f"district_{name}")
        for name in districts
    )
{%- elif cookiecutter.dataframe_library == "pyspark" %}
from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def preprocess_houses(houses: DataFrame, params: dict[str, Any]) -> DataFrame:
    """Clean the raw house listings.

    Normalises the spelling of the districts, drops listings with missing values and
    keeps those whose area and age are plausible. Spark evaluates this lazily: the
    work happens when the catalog writes the result.

    Args:
        houses: Raw listings, one row per house.
        params: The ``preprocessing`` parameters: ``min_area_m2`` and
            ``max_age_years``.

    Returns:
        The clean listings.
    """
    return (
        houses.withColumn("district", F.lower(F.trim(F.col("district"))))
        .dropna()
        .filter(
            (F.col("area_m2") >= params["min_area_m2"])
            & (F.col("age_years") <= params["max_age_years"])
        )
        .withColumn("age_years", F.col("age_years").cast("long"))
    )


def create_model_input_table(houses: DataFrame, districts: list[str]) -> DataFrame:
    """Add a 0/1 indicator column ``district_<name>`` for each district.

    Args:
        houses: Clean listings.
        districts: The districts to encode, from the ``model_input`` parameters.

    Returns:
        The listings with one indicator column per district.
    """
    return houses.withColumns(
        {
            f"district_{name}": (F.col("district") == name).cast("long")
            for name in districts
        }
    )
{%- else %}
import pandas as pd


def preprocess_houses(houses: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
    """Clean the raw house listings.

    Normalises the spelling of the districts, drops listings with missing values and
    keeps those whose area and age are plausible.

    Args:
        houses: Raw listings, one row per house.
        params: The ``preprocessing`` parameters: ``min_area_m2`` and
            ``max_age_years``.

    Returns:
        The clean listings.
    """
    cleaned = houses.assign(
        district=houses["district"].str.strip().str.lower()
    ).dropna()
    plausible = (cleaned["area_m2"] >= params["min_area_m2"]) & (
        cleaned["age_years"] <= params["max_age_years"]
    )
    return cleaned.loc[plausible].astype({"age_years": "int64"}).reset_index(drop=True)


def create_model_input_table(
    houses: pd.DataFrame, districts: list[str]
) -> pd.DataFrame:
    """Add a 0/1 indicator column ``district_<name>`` for each district.

    Args:
        houses: Clean listings.
        districts: The districts to encode, from the ``model_input`` parameters.

    Returns:
        The listings with one indicator column per district.
    """
    indicators = {
        f"district_{name}": (houses["district"] == name).astype("int64")
        for name in districts
    }
    return houses.assign(**indicators)
{%- endif %}
