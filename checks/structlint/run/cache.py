"""Results cached between runs, keyed by file content, configuration and structlint version.

Files under `cache-dir` (default `.structlint_cache/`, which ignores itself through its
own `.gitignore`; `structlint.run.cachedir` says which folder is safe to use and what in it the
cache may remove): the per-file results and the run memo in one, and each kind of per-file
entry (ast summaries, YAML data, the pipeline model) in a file of its own, read only when a
run first asks for that kind, so a run that needs none of them does not pay to load them. A
file that cannot be read, or was written by another version or another configuration, is
thrown away whole: it is never trusted in part.

Each file is `MAGIC`, a digest of the rest, then the payload in `marshal`'s format: several
times quicker to read and write than JSON, which on a large project is most of what a run
after a small edit spends on the cache. The digest is checked before anything is decoded, so
a truncated or altered file is never handed to `marshal`; marshal's format follows the Python
version, which is therefore part of the salt.

The digest is keyed (BLAKE2b's key) with a secret of this user on this machine, kept outside
any project: `$XDG_CACHE_HOME/structlint/checksum-key` (`~/.cache/...` without it), made on
first use, readable by its owner only. A cache folder restored from CI, copied from another
machine or committed by mistake then does not check out and is thrown away, as is one that
someone edited and re-signed without the key; what the cache trusts is only what this user's
own runs wrote. When no key can be read or made (no writable home), the run uses no cache.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import TYPE_CHECKING, Any

from structlint import __version__
from structlint.core.findings import Finding, Related
from structlint.core.fixes_model import Edit, Fix
from structlint.core.hashing import content_hash

if TYPE_CHECKING:
    from structlint.core.results import FileJob, FileResult
    from structlint.inputs.config import Settings

FORMAT = 7
FILE_NAME = f"results-v{FORMAT}.bin"
MAGIC = b"structlint-cache\n"
_DIGEST_SIZE = 16


def entries_file(kind: str) -> str:
    """The file that holds one kind of entries (`py` summaries, `yaml` data, the model)."""
    return f"{kind}-v{FORMAT}.bin"


KEY_FILE = "checksum-key"
_KEY_SIZE = 32
_key: list[bytes | None] = []  # read (or made) once per process


def key_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "structlint"


def checksum_key() -> bytes | None:
    """This user's secret for the cache's digests (None when it cannot be read or made)."""
    if not _key:
        _key.append(_read_or_make_key(key_folder() / KEY_FILE))
    return _key[0]


def _read_or_make_key(path: Path) -> bytes | None:
    from structlint.core.decoding import read_regular

    for _ in range(2):
        data = read_regular(path)
        if data is not None and len(data) == _KEY_SIZE:
            return data
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(os.urandom(_KEY_SIZE))
                if data is not None:  # a damaged key: replace it
                    os.replace(tmp, path)
                else:  # whole or not at all; a run that made one first wins
                    with contextlib.suppress(FileExistsError):
                        os.link(tmp, path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        except OSError:
            return None
    return None


def _digest(body: bytes) -> bytes:
    key = checksum_key()
    if key is None:
        raise ValueError("no checksum key")
    return hashlib.blake2b(body, digest_size=_DIGEST_SIZE, key=key).digest()


def encode(payload: Any) -> bytes:
    """A cache file's bytes (ValueError for what marshal cannot write: only plain data, or
    when there is no checksum key)."""
    body = marshal.dumps(payload)
    return MAGIC + _digest(body) + body


def decode_file(data: bytes) -> Any:
    """What `encode` wrote; ValueError for anything else, checked before it is decoded."""
    head = len(MAGIC) + _DIGEST_SIZE
    if not data.startswith(MAGIC) or len(data) <= head:
        raise ValueError("not a structlint cache file")
    body = data[head:]
    if _digest(body) != data[len(MAGIC) : head]:
        raise ValueError("cache file does not match its digest")
    return marshal.loads(body)


def read_file(path: Path) -> Any:
    """A cache file's payload, or None when it is missing, truncated or altered."""
    try:
        return decode_file(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def cache_salt(settings: Settings, codes: frozenset[str]) -> str:
    blob = json.dumps(
        [
            __version__,
            FORMAT,
            marshal.version,
            sys.implementation.cache_tag,
            sorted(codes),
            settings.values,
            settings.kedro,
        ],
        sort_keys=True,
        default=str,
    )
    return content_hash(blob.encode())


def finding_to_json(f: Finding) -> list[Any]:
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
        *([_fix_to_json(f.fix)] if f.fix is not None else []),
    ]


def _fix_to_json(fix: Fix) -> list[Any]:
    return [fix.message, fix.applicability, [list(astuple(e)) for e in fix.edits]]


def _fix_from_json(v: list[Any]) -> Fix:
    return Fix(v[0], tuple(Edit(*e) for e in v[2]), v[1])


def finding_from_json(v: list[Any]) -> Finding:
    fix = _fix_from_json(v[9]) if len(v) > 9 else None
    related = tuple(Related(*r) for r in v[7])
    return Finding(v[0], v[1], v[2], v[3], v[4], v[5], v[6], related, tuple(v[8]), fix)


def _load(path: Path, salt: str) -> dict[str, Any]:
    """The file's payload when it was written for this salt, else nothing."""
    raw = read_file(path)  # missing or corrupt: start afresh
    if not isinstance(raw, dict) or raw.get("salt") != salt:
        return {}
    # What is loaded lives as long as the run and holds no cycles: keep the cyclic collector
    # from walking it again and again (a second on a warm run of a big project).
    # Refcounting still frees it.
    gc.freeze()
    return raw


class ResultCache:
    def __init__(self, folder: Path, salt: str, data: dict[str, Any]) -> None:
        self.folder = folder
        self.salt = salt
        self.results: dict[str, list[Any]] = data.get("results", {})
        # What the last run derived from the whole project (see `engine.RunMemo`).
        self.memo: Any = data.get("memo")
        # kind -> path -> [content digest, JSON value]: what a part of the run derives from one
        # file's content alone (a Python file's ast summary, a YAML file's data); each kind is
        # read from its file on first use.
        self.entries: dict[str, dict[str, list[Any]]] = {}
        self.dirty = False
        self._dirty_kinds: set[str] = set()
        # Digest of the files and folders the enabled file rules ask about besides the file
        # they check (`FileRule.reads_listing`): part of every file's key.
        self.listing = ""
        # What a long-lived caller's runs share in memory and never save (`api.Project`
        # keeps the cache between its checks): the last pipeline model and configuration,
        # each with what it was built from, reused while that is unchanged.
        self.live: dict[str, Any] = {}

    @classmethod
    def open(cls, settings: Settings, codes: frozenset[str]) -> ResultCache | None:
        """The project's cache; None when there is no key to check it with."""
        from structlint.run.cachedir import cache_folder

        folder = cache_folder(settings)  # ConfigError for a folder that is not ours to use
        if checksum_key() is None:
            return None
        salt = cache_salt(settings, codes)
        cache = cls(folder, salt, _load(folder / FILE_NAME, salt))
        if not isinstance(cache.results, dict):
            cache.results = {}
        return cache

    def _table(self, kind: str) -> dict[str, list[Any]]:
        table = self.entries.get(kind)
        if table is None:
            table = _load(self.folder / entries_file(kind), self.salt).get("entries")
            if not isinstance(table, dict):
                table = {}
            self.entries[kind] = table
        return table

    def set_memo(self, memo: Any) -> None:
        self.memo = memo
        self.dirty = True

    def _key(self, job: FileJob, digest: str) -> str:
        """A file's results follow from its content (`digest`), what the engine tells the
        rules about it, and what of the project's listing the enabled rules ask about."""
        meta = f"{job.role}|{job.module}|{job.is_init}|{','.join(sorted(job.node_names))}"
        if (
            job.helpers
        ):  # which nodes elsewhere reach this file's helpers (structlint.project.reach)
            meta += f"|{job.helpers!r}"
        return content_hash(f"{digest}|{meta}|{self.listing}".encode("utf-8", "surrogatepass"))

    def get(self, job: FileJob, data: bytes) -> FileResult | None:
        from structlint.core.results import FileResult

        entry = self.results.get(job.path)
        if not entry or entry[0] != self._key(job, content_hash(data)):
            return None
        try:
            return FileResult(job.path, [finding_from_json(v) for v in entry[1]])
        except (TypeError, IndexError, ValueError):
            return None

    def put(self, job: FileJob, digest: str | None, result: FileResult) -> None:
        """Store `result` under the digest of the bytes it was computed from."""
        if digest is None:
            return
        self.results[job.path] = [
            self._key(job, digest),
            [finding_to_json(f) for f in result.findings],
        ]
        self.dirty = True

    def lookup(self, kind: str, path: str, digest: str) -> Any | None:
        """The value stored for this file's content, or None (never a stale one)."""
        table = self._table(kind)
        entry = table.get(path) if isinstance(table, dict) else None
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == digest:
            return entry[1]
        return None

    def store(self, kind: str, path: str, digest: str, value: Any) -> None:
        table = self._table(kind)
        if not isinstance(table, dict):
            table = self.entries[kind] = {}
        table[path] = [digest, value]
        self._dirty_kinds.add(kind)

    def save(self) -> None:
        if not self.dirty and not self._dirty_kinds:
            return
        from structlint.run.cachedir import claim, remove_other_formats

        if not claim(self.folder):
            return  # a read-only checkout still gets its findings, just not faster next time
        remove_other_formats(self.folder, FORMAT, MAGIC)
        if self.dirty:
            self._write(FILE_NAME, {"results": self.results, "memo": self.memo})
        for kind in sorted(self._dirty_kinds):
            self._write(entries_file(kind), {"entries": self.entries[kind]})
        self.dirty = False
        self._dirty_kinds.clear()

    def _write(self, name: str, payload: dict[str, Any]) -> None:
        """Whole or not at all: written aside, then moved over the old file."""
        tmp = None
        try:
            data = encode({"salt": self.salt, **payload})
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".results-", suffix=".tmp")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.folder / name)
        except (OSError, ValueError):
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


class FrontEndMemo:
    """What a front end (the baseline) derives from one file's content, kept in the run's
    cache beside the per-file results (`api.CheckResult.memo`, `baseline.Memo`): `get` finds
    a value only under the digest it was stored with, so a changed file never gets a stale
    one. `save` writes what was added (the run itself has saved the rest)."""

    def __init__(self, cache: ResultCache, digest: Callable[[str], str | None]) -> None:
        self._cache = cache
        self._digest = digest

    def digest(self, path: str) -> str | None:
        """The content digest of a project file as the run read it (None: unreadable)."""
        return self._digest(path)

    def get(self, kind: str, path: str, digest: str) -> Any | None:
        return self._cache.lookup(kind, path, digest)

    def put(self, kind: str, path: str, digest: str, value: Any) -> None:
        self._cache.store(kind, path, digest, value)

    def save(self) -> None:
        self._cache.save()
