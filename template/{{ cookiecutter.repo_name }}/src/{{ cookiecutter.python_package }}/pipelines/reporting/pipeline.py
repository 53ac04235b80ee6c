"""Wire the reporting node to the catalog's datasets and parameters."""

from typing import Any

from kedro.pipeline import Node, Pipeline

from .nodes import summarise_prices_by_district


def create_pipeline(**kwargs: Any) -> Pipeline:
    """Create the reporting pipeline.

    Returns:
        Summarise the clean listings' prices per district.
    """
    return Pipeline(
        [
            Node(
                func=summarise_prices_by_district,
                inputs=["preprocessed_houses", "params:reporting"],
                outputs="price_by_district",
                name="summarise_prices_by_district_node",
            ),
        ]
    )
