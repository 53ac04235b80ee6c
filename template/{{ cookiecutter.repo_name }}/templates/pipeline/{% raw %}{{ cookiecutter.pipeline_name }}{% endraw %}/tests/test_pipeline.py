{% raw %}"""Tests of the ``{{ cookiecutter.pipeline_name }}`` pipeline.

Test each node with small hand-made inputs in test_nodes.py, and the pipeline as a
whole in memory: ``SequentialRunner().run(create_pipeline(), DataCatalog({...}))``.
"""{% endraw %}

import importlib

from kedro.pipeline import Pipeline

PACKAGE = "{{ cookiecutter.python_package }}"
{% raw %}PIPELINE = "{{ cookiecutter.pipeline_name }}"{% endraw %}


def test_create_pipeline_returns_a_pipeline() -> None:
    module = importlib.import_module(f"{PACKAGE}.pipelines.{PIPELINE}")

    assert isinstance(module.create_pipeline(), Pipeline)
