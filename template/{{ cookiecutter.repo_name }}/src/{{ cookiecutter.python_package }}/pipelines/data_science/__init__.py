"""The data science pipeline: split the model input, train a model, evaluate it."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
