"""Project pipelines."""

from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    """Register the project's pipelines.

    Every ``pipelines/<name>/pipeline.py`` that defines ``create_pipeline`` is found
    and registered as ``<name>`` (``kedro run --pipelines <name>``); ``__default__``,
    which ``kedro run`` runs, is all of them together.

    Returns:
        A mapping from pipeline names to ``Pipeline`` objects.
    """
    pipelines = find_pipelines(raise_errors=True)
    pipelines["__default__"] = sum(pipelines.values(), start=Pipeline([]))
    return pipelines
