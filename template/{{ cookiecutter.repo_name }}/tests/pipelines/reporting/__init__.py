"""Tests of the reporting pipeline."""
