{% raw %}"""Wire the ``{{ cookiecutter.pipeline_name }}`` nodes to datasets and parameters."""{% endraw %}

from typing import Any

from kedro.pipeline import Pipeline


def create_pipeline(**kwargs: Any) -> Pipeline:
    """Create the pipeline.

    Add one ``Node(func=..., inputs=[...], outputs=..., name=...)`` per step, with
    inputs and outputs named as in conf/base/catalog.yml and parameters as
    ``"params:<key>"``.

    Returns:
        The pipeline, empty until you add nodes.
    """
    return Pipeline([])
