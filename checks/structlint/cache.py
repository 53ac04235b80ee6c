"""Results cached between runs, keyed by file content, configuration and structlint version.

One JSON file under `cache-dir` (default `.structlint_cache/`, which ignores itself through its
own `.gitignore`). A cache that cannot be read, or was written by another version or another
configuration, is thrown away whole: it is never trusted in part.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from structlint import __version__
from structlint.findings import Finding, Related

if TYPE_CHECKING:
    from structlint.config import Settings
    from structlint.engine import FileJob, FileResult

FORMAT = 5
FILE_NAME = f"results-v{FORMAT}.json"


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _salt(settings: Settings, codes: frozenset[str]) -> str:
    blob = json.dumps(
        [__version__, FORMAT, sorted(codes), settings.values, settings.kedro],
        sort_keys=True,
        default=str,
    )
    return content_hash(blob.encode())


def _finding_to_json(f: Finding) -> list[Any]:
    return [
        f.code,
        f.message,
        f.path,
        f.line,
        f.column,
        f.end_line,
        f.end_column,
        [[r.path, r.line, r.column, r.message] for r in f.related],
        list(f.noqa_lines),
    ]


def _finding_from_json(v: list[Any]) -> Finding:
    return Finding(
        v[0], v[1], v[2], v[3], v[4], v[5], v[6], tuple(Related(*r) for r in v[7]), tuple(v[8])
    )


class ResultCache:
    def __init__(self, folder: Path, salt: str, data: dict[str, Any]) -> None:
        self.folder = folder
        self.salt = salt
        self.results: dict[str, list[Any]] = data.get("results", {})
        # kind -> path -> [content digest, JSON value]: what a part of the run derives from one
        # file's content alone (a Python file's ast summary, a YAML file's data).
        self.entries: dict[str, dict[str, list[Any]]] = data.get("entries", {})
        self.dirty = False

    @classmethod
    def open(cls, settings: Settings, codes: frozenset[str]) -> ResultCache:
        folder = settings.root / settings.get("cache-dir")
        salt = _salt(settings, codes)
        data: dict[str, Any] = {}
        try:
            raw = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
            if isinstance(raw, dict) and raw.get("salt") == salt:
                data = raw
        except (OSError, ValueError):
            pass  # missing or corrupt: start afresh
        if data:
            # The loaded entries live as long as the run and hold no cycles: keep the cyclic
            # collector from walking them again and again (a second on a warm run of a big
            # project). Refcounting still frees them.
            gc.freeze()
        cache = cls(folder, salt, data)
        if not isinstance(cache.results, dict) or not isinstance(cache.entries, dict):
            cache.results, cache.entries = {}, {}
        return cache

    @staticmethod
    def _key(job: FileJob, data: bytes) -> str:
        meta = f"{job.role}|{job.module}|{job.is_init}|{','.join(sorted(job.node_names))}"
        return content_hash(data + b"\0" + meta.encode())

    def get(self, job: FileJob, data: bytes) -> FileResult | None:
        from structlint.engine import FileResult

        entry = self.results.get(job.path)
        if not entry or entry[0] != self._key(job, data):
            return None
        try:
            return FileResult(job.path, [_finding_from_json(v) for v in entry[1]])
        except (TypeError, IndexError, ValueError):
            return None

    def put(self, job: FileJob, data: bytes | None, result: FileResult) -> None:
        if data is None:
            return
        self.results[job.path] = [
            self._key(job, data),
            [_finding_to_json(f) for f in result.findings],
        ]
        self.dirty = True

    def lookup(self, kind: str, path: str, digest: str) -> Any | None:
        """The value stored for this file's content, or None (never a stale one)."""
        table = self.entries.get(kind)
        entry = table.get(path) if isinstance(table, dict) else None
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
            return entry[1]
        return None

    def store(self, kind: str, path: str, digest: str, value: Any) -> None:
        table = self.entries.get(kind)
        if not isinstance(table, dict):
            table = self.entries[kind] = {}
        table[path] = [digest, value]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by structlint: never commit the cache\n*\n")
            payload = json.dumps(
                {"salt": self.salt, "results": self.results, "entries": self.entries},
                separators=(",", ":"),
            )
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".results-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(payload)
            os.replace(tmp, self.folder / FILE_NAME)
        except OSError:
            # A read-only checkout still gets its findings; it just is not faster next time.
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)
