"""Reporters: each turns the run's findings into one output format."""

from __future__ import annotations

from collections.abc import Callable

from structlint.output import machine, text
from structlint.output.base import Report

Renderer = Callable[[Report], str]

FORMATS: dict[str, Renderer] = {
    "full": text.full,
    "concise": text.concise,
    "json": machine.json_format,
    "sarif": machine.sarif,
    "github": text.github,
    "gitlab": machine.gitlab,
}

__all__ = ["FORMATS", "Report"]
