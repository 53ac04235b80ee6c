"""Open editor buffers: their text (what is checked instead of the file on disk) and the
project root and project-relative path of each."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlparse


def uri_to_path(uri: str) -> Path | None:
    """The file a `file:` URI names (None for other schemes: untitled buffers, notebooks)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return Path(path)


def path_to_uri(path: Path) -> str:
    return "file://" + quote(path.resolve().as_posix(), safe="/:")


def is_checked(rel: str) -> bool:
    """Files the server publishes diagnostics for as they are edited: Python, and YAML."""
    return rel.endswith((".py", ".pyi", ".yml", ".yaml"))


@dataclass
class Document:
    uri: str
    root: Path
    rel: str  # POSIX, relative to `root`
    text: str
    version: int | None
    generation: int = 0  # bumped on every change: tells a finished check it is out of date


class Documents:
    """Buffers by URI, and by (root, relative path)."""

    def __init__(self) -> None:
        self._by_uri: dict[str, Document] = {}
        self._counter = 0

    def get(self, uri: str) -> Document | None:
        return self._by_uri.get(uri)

    def put(self, uri: str, root: Path, rel: str, text: str, version: int | None) -> Document:
        self._counter += 1
        doc = Document(uri, root, rel, text, version, self._counter)
        self._by_uri[uri] = doc
        return doc

    def change(self, uri: str, text: str, version: int | None) -> Document | None:
        doc = self._by_uri.get(uri)
        if doc is not None:
            self._counter += 1
            doc.text, doc.version, doc.generation = text, version, self._counter
        return doc

    def close(self, uri: str) -> Document | None:
        return self._by_uri.pop(uri, None)

    def of_root(self, root: Path) -> list[Document]:
        return [d for d in self._by_uri.values() if d.root == root]

    def overlays(self, root: Path) -> dict[str, str]:
        """The unsaved text of every open buffer of a project, for `Project.check`."""
        return {d.rel: d.text for d in self.of_root(root)}

    def by_rel(self, root: Path, rel: str) -> Document | None:
        for d in self.of_root(root):
            if d.rel == rel:
                return d
        return None
