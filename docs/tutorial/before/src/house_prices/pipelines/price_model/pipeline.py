"""The notebook's cells, one node each, in the order the notebook ran them."""

from kedro.pipeline import Pipeline, node

from .nodes import fetch_exchange_rates, load_houses, prepare, train_model


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(load_houses, inputs=None, outputs="houses"),
            node(fetch_exchange_rates, inputs=None, outputs="rates"),
            node(prepare, inputs=["houses", "rates"], outputs="model_input"),
            node(train_model, inputs="model_input", outputs="model"),
        ]
    )
