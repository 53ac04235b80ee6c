"""Reporters: each turns the run's findings into one output format."""

from __future__ import annotations

from collections.abc import Callable

from structlint.frontends.output import machine, text
from structlint.frontends.output.base import Report, error_line

Renderer = Callable[[Report], str]

FORMATS: dict[str, Renderer] = {
    "full": text.full,
    "concise": text.concise,
    "json": machine.json_format,
    "sarif": machine.sarif,
    "github": text.github,
    "gitlab": machine.gitlab,
}

# Formats whose own text already shows internal errors to the person reading it.
HUMAN_FORMATS = frozenset({"full", "concise"})

__all__ = ["FORMATS", "HUMAN_FORMATS", "Report", "error_line"]
