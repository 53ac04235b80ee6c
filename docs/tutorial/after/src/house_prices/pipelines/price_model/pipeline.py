"""From raw houses and exchange rates to a trained and evaluated regressor."""

from typing import Any

from kedro.pipeline import Pipeline, node

from .nodes import (
    evaluate_model,
    parse_exchange_rates,
    prepare_model_input,
    split_data,
    train_model,
)


def create_pipeline(**kwargs: Any) -> Pipeline:
    return Pipeline(
        [
            node(
                parse_exchange_rates,
                inputs="exchange_rates",
                outputs="rates",
                name="parse_exchange_rates",
            ),
            node(
                prepare_model_input,
                inputs=["houses", "rates", "params:currency"],
                outputs="model_input_table",
                name="prepare_model_input",
            ),
            node(
                split_data,
                inputs=["model_input_table", "params:model_options"],
                outputs=["x_train", "x_test", "y_train", "y_test"],
                name="split_data",
            ),
            node(
                train_model,
                inputs=["x_train", "y_train"],
                outputs="regressor",
                name="train_model",
            ),
            node(
                evaluate_model,
                inputs=["regressor", "x_test", "y_test"],
                outputs="metrics",
                name="evaluate_model",
            ),
        ]
    )
