"""Tests of the project's pipelines, one package per pipeline."""
