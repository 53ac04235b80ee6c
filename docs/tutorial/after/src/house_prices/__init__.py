"""House Prices."""

__version__ = "0.1.0"
