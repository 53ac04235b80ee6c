"""Fixtures of the template tests (defined in support.py, shared with the tests)."""

from .support import generate, project_factory, template_repo

__all__ = ["generate", "project_factory", "template_repo"]
