"""Whole-project rules: configuration and the pipeline graph read statically (SL002, SL3xx,
SL4xx). They share one model, `structlint.project.model.Project`, built once per run."""
