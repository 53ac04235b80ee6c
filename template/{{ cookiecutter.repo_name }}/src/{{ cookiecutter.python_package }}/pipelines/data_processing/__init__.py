"""The data processing pipeline: from raw house listings to the model input table."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
