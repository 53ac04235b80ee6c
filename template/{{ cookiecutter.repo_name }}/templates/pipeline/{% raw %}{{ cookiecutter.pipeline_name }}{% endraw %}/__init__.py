{% raw %}"""The ``{{ cookiecutter.pipeline_name }}`` pipeline."""{% endraw %}

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
