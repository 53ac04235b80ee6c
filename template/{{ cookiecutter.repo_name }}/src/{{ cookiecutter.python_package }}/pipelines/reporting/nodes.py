"""Nodes of the reporting pipeline.

Reports are data like any other: the node returns a table, and the catalog writes it
to data/08_reporting.
"""

from typing import Any
{% if cookiecutter.dataframe_library == "polars" %}
import polars as pl


def summarise_prices_by_district(
    houses: pl.DataFrame, params: dict[str, Any]
) -> pl.DataFrame:
    """Count the listings and take the median prices of each district.

    Args:
        houses: Clean listings.
        params: The ``reporting`` parameters: ``min_houses_per_district``.

    Returns:
        One row per district with enough listings, the most expensive per square
        metre first.
    """
    return (
        houses.with_columns(
            (pl.col("price_eur") / pl.col("area_m2")).alias("price_per_m2_eur")
        )
        .group_by("district")
        .agg(
            pl.len().cast(pl.Int64).alias("houses"),
            pl.col("price_eur").median().alias("median_price_eur"),
            pl.col("price_per_m2_eur").median().alias("median_price_per_m2_eur"),
        )
        .filter(pl.col("houses") >= params["min_houses_per_district"])
        .sort("median_price_per_m2_eur", descending=True)
    )
{%- elif cookiecutter.dataframe_library == "pyspark" %}
from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def summarise_prices_by_district(
    houses: DataFrame, params: dict[str, Any]
) -> DataFrame:
    """Count the listings and take the median prices of each district.

    Args:
        houses: Clean listings.
        params: The ``reporting`` parameters: ``min_houses_per_district``.

    Returns:
        One row per district with enough listings, the most expensive per square
        metre first.
    """
    return (
        houses.withColumn("price_per_m2_eur", F.col("price_eur") / F.col("area_m2"))
        .groupBy("district")
        .agg(
            F.count("*").alias("houses"),
            F.median("price_eur").alias("median_price_eur"),
            F.median("price_per_m2_eur").alias("median_price_per_m2_eur"),
        )
        .filter(F.col("houses") >= params["min_houses_per_district"])
        .orderBy(F.col("median_price_per_m2_eur").desc())
    )
{%- else %}
import pandas as pd


def summarise_prices_by_district(
    houses: pd.DataFrame, params: dict[str, Any]
) -> pd.DataFrame:
    """Count the listings and take the median prices of each district.

    Args:
        houses: Clean listings.
        params: The ``reporting`` parameters: ``min_houses_per_district``.

    Returns:
        One row per district with enough listings, the most expensive per square
        metre first.
    """
    priced = houses.assign(price_per_m2_eur=houses["price_eur"] / houses["area_m2"])
    summary = priced.groupby("district", as_index=False).agg(
        houses=("price_eur", "size"),
        median_price_eur=("price_eur", "median"),
        median_price_per_m2_eur=("price_per_m2_eur", "median"),
    )
    enough = summary["houses"] >= params["min_houses_per_district"]
    return (
        summary.loc[enough]
        .sort_values("median_price_per_m2_eur", ascending=False)
        .reset_index(drop=True)
    )
{%- endif %}
