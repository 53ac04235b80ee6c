"""Which folder the cache may use, and what in it the cache may touch.

The cache writes, replaces and removes files in `cache-dir`, so a wrong value must never
reach the user's own files. `cache_folder` refuses (a `ConfigError`: exit 2, naming the key
and its line) a folder that is the project root or above it, that is or lies inside the
sources (`source_dir`, the package), `conf/`, `data/` or `.git/`, that is not a folder, or
that already holds files without being the cache's own. A folder is the cache's own when it
holds the marker `CACHEDIR.TAG` that the cache writes into every folder it uses (the
Cache Directory Tagging convention, which backup tools also read), or the `.gitignore` that
structlint before the marker wrote (so an existing `.structlint_cache/` is taken over).

Inside its own folder the cache removes only files that name a cache format
(`<kind>-v<N>.bin` or `.json`) and, for `.bin`, also start with the cache's magic bytes; and
it writes the `.gitignore` that hides the folder from git only into a folder it created.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from structlint.inputs.config import ConfigError, Settings, config_line

MARKER = "CACHEDIR.TAG"
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is structlint's cache: structlint wrote it and may replace what is in it.\n"
    "# It is safe to delete. See https://bford.info/cachedir/\n"
)
GITIGNORE = "# written by structlint: never commit the cache\n*\n"
# The folders of a Kedro project that hold what the user wrote or keeps (besides the sources,
# which `source_dir` and the package name say where they are).
_PROTECTED = ("conf", "data", ".git")


def _owned(folder: Path) -> bool:
    """Whether the folder carries the cache's marker (or the older cache's `.gitignore`)."""
    if (folder / MARKER).is_file():
        return True
    try:
        with open(folder / ".gitignore", "rb") as f:
            return f.read(len(GITIGNORE) + 1) == GITIGNORE.encode()
    except OSError:
        return False


def _refuse(settings: Settings, raw: str, why: str) -> ConfigError:
    line = config_line(settings, "cache-dir")
    if line is None:
        where = f"the default `cache-dir = {raw!r}`"
        fix = "set `cache-dir` in [tool.structlint] to a folder of its own"
    else:
        where = f"{line}: `cache-dir = {raw!r}` in [tool.structlint]"
        fix = "point it at a folder of its own, such as the default `.structlint_cache`"
    return ConfigError(
        f"{where} {why}; the cache replaces and deletes files in its folder, so structlint "
        f"will not use it. Fix: {fix}, or run with --no-cache."
    )


def _protected(settings: Settings, root: Path) -> list[tuple[Path, str]]:
    from structlint.inputs.discovery import package_dir

    out = [(Path(os.path.realpath(root / name)), f"`{name}/`") for name in _PROTECTED]
    src = settings.source_dir
    if src not in ("", "."):
        out.append((Path(os.path.realpath(root / src)), f"the source folder `{src}/`"))
    pkg = package_dir(settings)
    if pkg:
        out.append((Path(os.path.realpath(root / pkg)), f"the package `{pkg}/`"))
    return out


def cache_folder(settings: Settings) -> Path:
    """The folder the cache may use (made absolute, links followed), or ConfigError."""
    raw = str(settings.get("cache-dir"))
    root = Path(os.path.realpath(settings.root))
    folder = Path(os.path.realpath(root / raw))
    if folder == root or root.is_relative_to(folder):
        raise _refuse(settings, raw, "is the project root or a folder above it")
    for place, what in _protected(settings, root):
        if folder == place or folder.is_relative_to(place):
            raise _refuse(settings, raw, f"is {what} or lies inside it")
    if os.path.lexists(folder):
        if not folder.is_dir():
            raise _refuse(settings, raw, "is not a folder")
        if not _owned(folder):
            try:
                foreign = next(iter(os.scandir(folder)), None)
            except OSError:
                foreign = None  # unreadable: `claim` cannot write there either
            if foreign is not None:
                raise _refuse(
                    settings,
                    raw,
                    f"holds files structlint did not write (`{foreign.name}`) and no "
                    f"`{MARKER}` of structlint's",
                )
    return folder


def claim(folder: Path) -> bool:
    """Make the folder ready to write to (False when it cannot be): created with the marker
    and a `.gitignore` holding `*` when it is missing; an existing empty folder (checked by
    `cache_folder`) gets the marker only."""
    try:
        created = False
        if not folder.is_dir():
            folder.mkdir(parents=True)
            created = True
        if not (folder / MARKER).is_file():
            (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if created:
            (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    except OSError:
        return False
    return True


_OTHER_FORMAT = re.compile(r"[a-z]+-v(\d+)\.(json|bin)")


def remove_other_formats(folder: Path, current: int, magic: bytes) -> None:
    """Remove what an older (or newer) structlint wrote here, and only that: the folder is
    the cache's own (it carries the marker), the name is a cache format's, and a `.bin`
    starts with the cache's magic bytes (`magic`)."""
    if not _owned(folder):
        return
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        m = _OTHER_FORMAT.fullmatch(name)
        if m is None or (int(m.group(1)) == current and m.group(2) == "bin"):
            continue
        path = folder / name
        if not path.is_file() or path.is_symlink():
            continue
        if m.group(2) == "bin":
            try:
                with open(path, "rb") as f:
                    if f.read(len(magic)) != magic:
                        continue
            except OSError:
                continue
        with contextlib.suppress(OSError):
            os.unlink(path)
