{% raw %}"""Tests of the ``{{ cookiecutter.pipeline_name }}`` pipeline."""{% endraw %}
