from kedro.pipeline import Pipeline, node

from .nodes import clean, score


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "launches", "clean_launches@pandas"),
            node(score, ["clean_launches@pandas", "parameters"], "scores"),
        ]
    )
