"""Fixtures of the template tests (defined in support.py, shared with the tests)."""

from .support import generate, project_factory, shared_projects, template_repo

__all__ = ["generate", "project_factory", "shared_projects", "template_repo"]
