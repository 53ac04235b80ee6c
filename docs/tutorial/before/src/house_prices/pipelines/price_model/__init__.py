"""The price model: from raw houses and exchange rates to a trained regressor."""

from .pipeline import create_pipeline

__all__ = ["create_pipeline"]
