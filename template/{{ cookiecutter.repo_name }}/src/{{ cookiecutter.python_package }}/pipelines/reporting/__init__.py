"""The reporting pipeline: a price summary per district."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
