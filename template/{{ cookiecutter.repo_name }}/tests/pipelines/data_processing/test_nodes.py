"""Tests of the data processing nodes."""

from copy import deepcopy
from typing import Any

{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.data_processing.nodes import (
    create_model_input_table,
    preprocess_houses,
)


def test_preprocess_keeps_complete_plausible_listings(
    raw_houses: DataFrame, preprocessing_params: dict[str, Any]
) -> None:
    result = preprocess_houses(raw_houses, preprocessing_params)

    assert result["house_id"].to_list() == [1, 5]
    assert result["district"].to_list() == ["north", "west"]
    assert result["age_years"].to_list() == [10, 0]


def test_preprocess_leaves_its_input_unchanged(
    raw_houses: DataFrame, preprocessing_params: dict[str, Any]
) -> None:
    before = deepcopy(raw_houses)

    preprocess_houses(raw_houses, preprocessing_params)

    assert raw_houses.equals(before)


def test_model_input_table_has_one_indicator_per_district() -> None:
    houses = DataFrame({"house_id": [1, 2], "district": ["north", "east"]})

    result = create_model_input_table(houses, ["east", "north", "west"])

    assert result["district_east"].to_list() == [0, 1]
    assert result["district_north"].to_list() == [1, 0]
    assert result["district_west"].to_list() == [0, 0]
    assert result["house_id"].to_list() == [1, 2]
