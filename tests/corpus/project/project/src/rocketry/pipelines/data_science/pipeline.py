from kedro.pipeline import Pipeline, node, pipeline

from .nodes import evaluate_model, plot_residuals, split_data, train_model


def _base_pipeline() -> Pipeline:
    return pipeline(
        [
            node(split_data, ["model_input_table", "params:model_options"], ["X_train", "X_test", "y_train", "y_test"]),  # expect: SL304
            node(train_model, ["X_train", "y_train"], "regressor"),
            node(evaluate_model, {"regressor": "regressor", "X_test": "X_test", "y_test": "y_test", "digits": "params:digits"}, "metrics"),
            node(plot_residuals, ["regressor", "X_tset"], "residuals"),  # expect: SL401
        ]
    )


def create_pipeline(**kwargs) -> Pipeline:
    base = _base_pipeline()
    active = pipeline(
        base,
        namespace="active_modelling_pipeline",
        inputs="model_input_table",
        parameters={"params:digits": "params:digits"},
    )
    candidate = pipeline(
        base,
        namespace="candidate_modelling_pipeline",
        inputs="model_input_table",
        parameters={"params:digits": "params:digits"},
    )
    return active + candidate
