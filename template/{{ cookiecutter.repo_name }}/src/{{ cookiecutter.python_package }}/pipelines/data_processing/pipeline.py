{%- set model_input = "model_input_table@spark" if cookiecutter.dataframe_library == "pyspark" else "model_input_table" -%}
"""Wire the data processing nodes to the catalog's datasets and parameters."""

from typing import Any

from kedro.pipeline import Node, Pipeline

from .nodes import create_model_input_table, preprocess_houses


def create_pipeline(**kwargs: Any) -> Pipeline:
    """Create the data processing pipeline.

    Returns:
        Clean the raw listings, then encode them for the model.
    """
    return Pipeline(
        [
            Node(
                func=preprocess_houses,
                inputs=["raw_houses", "params:preprocessing"],
                outputs="preprocessed_houses",
                name="preprocess_houses_node",
            ),
            Node(
                func=create_model_input_table,
                inputs=["preprocessed_houses", "params:model_input.districts"],
                outputs="{{ model_input }}",
                name="create_model_input_table_node",
            ),
        ]
    )
