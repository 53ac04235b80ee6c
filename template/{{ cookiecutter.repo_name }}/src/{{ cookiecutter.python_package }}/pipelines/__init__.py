"""The project's pipelines: one package per pipeline, found by ``find_pipelines``."""
