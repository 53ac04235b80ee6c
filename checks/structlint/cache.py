"""Per-file results cached by content, configuration and structlint version (filled in by the
speed work; this stub caches nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from structlint.config import Settings
    from structlint.engine import FileJob, FileResult


class ResultCache:
    @classmethod
    def open(cls, settings: Settings, codes: frozenset[str]) -> ResultCache | None:
        return None

    def get(self, job: FileJob, data: bytes) -> FileResult | None:
        return None

    def put(self, job: FileJob, data: bytes | None, result: FileResult) -> None:
        return None

    def save(self) -> None:
        return None
