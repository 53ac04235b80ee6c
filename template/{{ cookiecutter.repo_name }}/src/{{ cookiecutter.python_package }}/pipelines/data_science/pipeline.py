{%- set model_input = "model_input_table@pandas" if cookiecutter.dataframe_library == "pyspark" else "model_input_table" -%}
"""Wire the data science nodes to the catalog's datasets and parameters."""

from typing import Any

from kedro.pipeline import Node, Pipeline

from .nodes import evaluate_model, split_data, train_model


def create_pipeline(**kwargs: Any) -> Pipeline:
    """Create the data science pipeline.

    Returns:
        Split the model input table, train a regressor, evaluate it on held-out rows.
    """
    return Pipeline(
        [
            Node(
                func=split_data,
                inputs=["{{ model_input }}", "params:model_options"],
                outputs=["x_train", "x_test", "y_train", "y_test"],
                name="split_data_node",
            ),
            Node(
                func=train_model,
                inputs=["x_train", "y_train", "params:model_options.alpha"],
                outputs="regressor",
                name="train_model_node",
            ),
            Node(
                func=evaluate_model,
                inputs=["regressor", "x_test", "y_test"],
                outputs="metrics",
                name="evaluate_model_node",
            ),
        ]
    )
