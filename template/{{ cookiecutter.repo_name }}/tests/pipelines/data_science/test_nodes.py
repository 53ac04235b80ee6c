"""Tests of the data science nodes."""

from typing import Any

{% if cookiecutter.dataframe_library == "polars" %}from polars import DataFrame{% else %}from pandas import DataFrame{% endif %}

from {{ cookiecutter.python_package }}.pipelines.data_science.nodes import (
    evaluate_model,
    split_data,
    train_model,
)


def test_split_data_holds_out_the_configured_share(
    model_input_table: DataFrame, model_options: dict[str, Any]
) -> None:
    x_train, x_test, y_train, y_test = split_data(model_input_table, model_options)

    assert len(x_test) == len(y_test) == 5
    assert len(x_train) == len(y_train) == 15
    assert list(x_train.columns) == model_options["features"]


def test_split_data_is_reproducible(
    model_input_table: DataFrame, model_options: dict[str, Any]
) -> None:
    first = split_data(model_input_table, model_options)
    second = split_data(model_input_table, model_options)

    assert first[3].to_list() == second[3].to_list()


def test_model_recovers_a_linear_price(
    model_input_table: DataFrame, model_options: dict[str, Any]
) -> None:
    x_train, x_test, y_train, y_test = split_data(model_input_table, model_options)

    model = train_model(x_train, y_train, model_options["alpha"])
    metrics = evaluate_model(model, x_test, y_test)

    assert metrics["r2"] > 0.99
    assert metrics["mae_eur"] < 1000
