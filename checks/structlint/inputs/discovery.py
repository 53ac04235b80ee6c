"""Which files belong to the project, and what role each plays (package, test, other)."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pathspec

from structlint.core.decoding import read_regular
from structlint.inputs.config import DEFAULT_EXCLUDE, Settings

CHECKED_SUFFIXES = (".py", ".yml", ".yaml")


@dataclass(frozen=True)
class ProjectFiles:
    """Every candidate file of the project (relative POSIX paths), and those the user asked
    about (`targets`): findings are only reported for targets."""

    python: tuple[str, ...]
    yaml: tuple[str, ...]
    targets: frozenset[str]
    # Folders the user named (`""` for the whole project): findings on any file below them,
    # whatever its kind (pyproject.toml, .gitignore, a tracked .csv), are reported.
    target_dirs: tuple[str, ...] = ("",)
    # Folders that could not be listed, with why (no permission, a path over PATH_MAX):
    # nothing below them was checked, and SL002 says so.
    unreadable: tuple[tuple[str, str], ...] = ()

    def reports_on(self, path: str) -> bool:
        if path in self.targets:
            return True
        return any(d == "" or path == d or path.startswith(d + "/") for d in self.target_dirs)


def _ignore_spec(lines: Iterable[str]) -> pathspec.PathSpec:
    return pathspec.GitIgnoreSpec.from_lines(list(lines))


def _walk(
    root: Path, excluded: pathspec.PathSpec, unlisted: list[tuple[str, str]] | None = None
) -> list[str]:
    """All files below root that no .gitignore (nested ones included) or exclude pattern hides;
    the folders that could not be listed go to `unlisted`."""
    out: list[str] = []
    # (relative folder prefix, spec of that folder's .gitignore)
    ignores: list[tuple[str, pathspec.PathSpec]] = []

    def hidden(rel: str, is_dir: bool) -> bool:
        probe = rel + "/" if is_dir else rel
        if excluded.match_file(probe):
            return True
        for prefix, spec in ignores:
            if prefix and not rel.startswith(prefix + "/"):
                continue
            sub = rel[len(prefix) + 1 :] if prefix else rel
            if spec.match_file(sub + "/" if is_dir else sub):
                return True
        return False

    def unreadable(exc: OSError) -> None:
        if unlisted is not None and exc.filename:
            rel = os.path.relpath(exc.filename, root).replace(os.sep, "/")
            unlisted.append((rel, exc.strerror or str(exc)))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel_dir = "" if rel_dir == "." else rel_dir
        if ".gitignore" in filenames:
            data = read_regular(os.path.join(dirpath, ".gitignore"))  # a FIFO would hang
            if data is not None:
                text = data.decode("utf-8", errors="replace")
                ignores.append((rel_dir, _ignore_spec(text.splitlines())))
        keep = []
        for d in sorted(dirnames):
            rel = f"{rel_dir}/{d}" if rel_dir else d
            if _skipped_dir(d):
                continue
            if os.path.islink(os.path.join(dirpath, d)) or hidden(rel, True):
                continue
            keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            if not f.endswith(CHECKED_SUFFIXES):
                continue
            rel = f"{rel_dir}/{f}" if rel_dir else f
            if not hidden(rel, False) and _may_read(os.path.join(dirpath, f)):
                out.append(rel)
    return out


def _may_read(path: str) -> bool:
    """A regular file, or a link (read, or reported unreadable, when checked): never a FIFO,
    socket or device, which reading would wait on forever."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return True  # gone, or no permission: reported as unreadable when checked
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


_DEFAULT_DIRS = frozenset(DEFAULT_EXCLUDE)


def _skipped_dir(name: str) -> bool:
    return name in _DEFAULT_DIRS or (name.startswith(".") and name not in (".ci", ".github"))


def tree_listing(root: Path) -> list[str]:
    """Every file and folder (a trailing `/`) below root, ignored ones included, outside the
    folders no run ever looks into (`.git`, virtualenvs, caches): what a run could have seen
    exist or not exist."""
    out: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = sorted(d for d in dirnames if not _skipped_dir(d))
        out.extend(f"{prefix}{d}/" for d in dirnames)
        out.extend(prefix + f for f in sorted(filenames))
    return out


def _listing_regex(glob: str) -> str:
    out = []
    for part in re.split(r"(\*\*|\*|\?)", glob):
        out.append({"**": ".*", "*": "[^/]*", "?": "[^/]"}.get(part, re.escape(part)))
    return "".join(out)


def listed(listing: Iterable[str], globs: Iterable[str], settings: Settings) -> list[str]:
    """The entries of `tree_listing` that match one of `globs` (`FileRule.reads_listing`):
    `{package}` is the package's folder (a glob that names it matches nothing when the
    project has no package)."""
    pkg = package_dir(settings)
    patterns = [
        _listing_regex(g.replace("{package}", pkg) if pkg else g)
        for g in globs
        if pkg or "{package}" not in g
    ]
    if not patterns:
        return []
    regex = re.compile("|".join(f"(?:{p})" for p in patterns))
    return [entry for entry in listing if regex.fullmatch(entry)]


def discover(settings: Settings, paths: Iterable[Path] = ()) -> ProjectFiles:
    root = settings.root
    excluded = _ignore_spec(settings.get("exclude"))
    unlisted: list[tuple[str, str]] = []
    files = _walk(root, excluded, unlisted)
    python = tuple(f for f in files if f.endswith(".py"))
    yaml = tuple(f for f in files if not f.endswith(".py"))
    bad = tuple(unlisted)
    paths = list(paths)
    if not paths:
        return ProjectFiles(python, yaml, frozenset(files), ("",), bad)
    known = set(files)
    targets: set[str] = set()
    dirs: list[str] = []
    for p in paths:
        absolute = p.resolve()
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            continue  # outside the project: nothing of ours
        if absolute.is_dir():
            prefix = "" if rel == "." else rel + "/"
            targets.update(f for f in files if f.startswith(prefix))
            dirs.append(prefix.rstrip("/"))
        elif rel in known:
            targets.add(rel)
        elif absolute.is_file() and not excluded.match_file(rel):
            # Named explicitly: report on it whatever its kind (pyproject.toml, a data file),
            # and check it as Python even if .gitignore hides it, as ruff does.
            targets.add(rel)
            if rel.endswith(".py"):
                python = (*python, rel)
    return ProjectFiles(python, yaml, frozenset(targets), tuple(dirs), bad)


def package_dir(settings: Settings) -> str | None:
    if not settings.package_name:
        return None
    src = settings.source_dir  # normalised: no `./`, no trailing `/`, "" for the root
    return f"{src}/{settings.package_name}" if src else settings.package_name


def is_test_path(rel: str) -> bool:
    p = PurePosixPath(rel)
    if any(part in ("tests", "test", "testing") for part in p.parts[:-1]):
        return True
    name = p.name
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def role_of(rel: str, settings: Settings) -> str:
    if is_test_path(rel):
        return "test"
    pkg = package_dir(settings)
    if pkg is None:
        return "package"
    return "package" if rel.startswith(pkg + "/") else "other"


def module_of(rel: str, settings: Settings) -> tuple[str | None, bool]:
    """Dotted module name of a file under the source dir, and whether it is an __init__."""
    src = settings.source_dir
    prefix = f"{src}/" if src else ""
    if not rel.endswith(".py") or not rel.startswith(prefix):
        return None, False
    parts = rel[len(prefix) : -3].split("/")
    is_init = parts[-1] == "__init__"
    if is_init:
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return None, is_init
    return ".".join(parts), is_init
