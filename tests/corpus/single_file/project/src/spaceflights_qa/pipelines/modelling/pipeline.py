from kedro.pipeline import Pipeline, node, pipeline

from . import nodes as n


def create_pipeline(**kwargs) -> Pipeline:
    base = pipeline(
        [
            node(n.split_data_configured, ["model_input_table", "params:model_options"], ["X_train", "X_test", "y_train", "y_test"]),
            node(n.train_forest_configured, ["X_train", "y_train", "params:forest"], "regressor"),
            node(n.timed_training, ["X_train", "y_train"], "linear"),
            node(n.preview, "model_input_table", "preview"),
            node(n.plot_prices, "model_input_table", "price_plot"),
        ]
    )
    return pipeline(base, namespace="candidate", inputs={"model_input_table"}, parameters={"params:model_options": "params:model_options"})
