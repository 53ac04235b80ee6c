"""Kedro's defaults."""
