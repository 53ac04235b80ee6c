"""Which Kedro (and which kedro-datasets) a project declares, read statically.

Rules whose verdict depends on the Kedro a project runs on (old `...DataSet` spellings, the
pre-0.19 layouts, namespaces before 0.18) ask this one module, so that every rule reads the
same declaration the same way. Sources, most telling first:

1. a requirement on the distribution: `[project] dependencies` (and optional dependencies,
   dependency groups, Poetry's tables) of `pyproject.toml`, then `requirements*.txt` /
   `requirements*.in` at the root and in the source folder (`src/requirements.txt` of Kedro
   before 0.19): these say what the project installs today;
2. for Kedro only, what made the project: `[tool.kedro] kedro_init_version` /
   `project_version` of `pyproject.toml`, then `project_version` of `.kedro.yml` (Kedro 0.16 and
   0.17).

A requirement gives a range; where one version must stand for it, the lowest version the range
admits is taken (`kedro>=0.17,<0.19` is "0.17"). Rules use the version to stay silent about what
an older Kedro accepts, and a project that admits an old Kedro may run on it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

Version = tuple[int, int, int]
ReadText = Callable[[str], "str | None"]

_VERSION = re.compile(r"^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$")
_CLAUSE = re.compile(r"^\s*(===|==|~=|!=|<=|>=|<|>|\^|~)?\s*([^\s,]+)\s*$")
_KEDRO_YML = re.compile(r"^\s*project_version\s*:\s*['\"]?([0-9][^'\"\s#]*)", re.MULTILINE)


def parse_version(text: str) -> Version | None:
    """`(major, minor, patch)` of a version string (`0.17.7`, `0.19`, `1.0.0rc1`)."""
    m = _VERSION.match(text)
    if not m:
        return None
    return (int(m[1]), int(m[2] or 0), int(m[3] or 0))


def normalise(name: str) -> str:
    """A distribution name as the package index compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    """A requirement on one distribution, as a project declares it."""

    name: str  # normalised
    spec: str  # the version part as written, without spaces (`==8.1.0`, `>=0.17,<0.19`)
    source: str  # the file it was read from

    def clauses(self) -> Iterator[tuple[str, str]]:
        for part in self.spec.split(","):
            m = _CLAUSE.match(part)
            if m and part.strip():
                yield m[1] or "==", m[2]

    def lowest(self) -> Version | None:
        """The lowest version the requirement admits, when it has a lower bound."""
        low: Version | None = None
        for op, text in self.clauses():
            v = parse_version(text)
            if v is None or op in ("!=", "<", "<="):
                continue
            if low is None or v > low:
                low = v
        return low

    def admits(self, version: Version) -> bool:
        """Whether `version` satisfies every clause (`*` wildcards, `~=`, Poetry's `^`/`~`)."""
        return all(_clause_admits(op, text, version) for op, text in self.clauses())

    def __str__(self) -> str:
        return f"{self.name}{self.spec}"


def _clause_admits(op: str, text: str, version: Version) -> bool:
    bound = parse_version(text)
    if bound is None:
        return True  # a version we cannot read: no verdict against it
    given = len(re.findall(r"\d+", text.split("*", 1)[0].split("+", 1)[0])[:3]) or 1
    if text.endswith("*") or op in ("^", "~", "~="):
        if op == "~=":
            keep = max(given - 1, 1)
        elif op == "^":
            keep = next((i + 1 for i, n in enumerate(bound) if n), given)
            keep = min(keep, given)
        elif op == "~":
            keep = min(given, 2) if given > 1 else 1
        else:  # ==X.* / !=X.*
            keep = given
        same = version[:keep] == bound[:keep]
        if op in ("==", "==="):
            return same
        if op == "!=":
            return not same
        return same and version >= bound
    if op in ("==", "==="):
        return version == bound
    if op == "!=":
        return version != bound
    if op == ">=":
        return version >= bound
    if op == ">":
        return version > bound
    if op == "<=":
        return version <= bound
    return version < bound  # "<"


def _requirement(line: str, source: str) -> Requirement | None:
    line = line.split("#", 1)[0].split(";", 1)[0].strip()
    if not line or line.startswith(("-", "git+", "http:", "https:", "file:")) or " @ " in line:
        return None
    m = _NAME.match(line)
    if not m:
        return None
    spec = re.sub(r"\s+", "", m[2].strip().strip("()"))
    return Requirement(normalise(m[1]), spec, source)


def _poetry(name: str, value: Any, source: str) -> Requirement | None:
    if isinstance(value, dict):
        value = value.get("version", "")
    if not isinstance(value, str):
        return None
    spec = re.sub(r"\s+", "", value)
    if spec in ("*", ""):
        spec = ""
    elif spec[0].isdigit():
        spec = "==" + spec  # Poetry's bare version is an exact one
    return Requirement(normalise(name), spec, source)


def _pyproject_requirements(text: str | None) -> Iterator[Requirement]:
    if not text:
        return
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError):
        return
    src = "pyproject.toml"
    project = data.get("project")
    lists: list[Any] = []
    if isinstance(project, dict):
        lists.append(project.get("dependencies"))
        extras = project.get("optional-dependencies")
        if isinstance(extras, dict):
            lists.extend(extras.values())
    groups = data.get("dependency-groups")
    if isinstance(groups, dict):
        lists.extend(groups.values())
    for items in lists:
        for item in items if isinstance(items, list) else ():
            if isinstance(item, str):
                req = _requirement(item, src)
                if req is not None:
                    yield req
    poetry = data.get("tool", {}).get("poetry") if isinstance(data.get("tool"), dict) else None
    if isinstance(poetry, dict):
        tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
        for group in (poetry.get("group") or {}).values():
            if isinstance(group, dict):
                tables.append(group.get("dependencies"))
        for table in tables:
            for name, value in (table or {}).items() if isinstance(table, dict) else ():
                req = _poetry(str(name), value, src)
                if req is not None:
                    yield req


def _requirement_files(root: Path | None, source_dir: str) -> list[str]:
    """`requirements*.txt` / `.in` at the root and in the source folder, fixed names first."""
    out = [
        "requirements.txt",
        f"{source_dir}/requirements.txt",
        "requirements.in",
        f"{source_dir}/requirements.in",
    ]
    if root is not None:
        for folder in ("", source_dir):
            try:
                names = sorted(os.listdir(root / folder))
            except OSError:
                continue
            for name in names:
                if name.startswith("requirements") and name.endswith((".txt", ".in")):
                    rel = f"{folder}/{name}" if folder else name
                    if rel not in out:
                        out.append(rel)
    return out


def declared_requirements(
    read_text: ReadText, root: Path | None = None, source_dir: str = "src"
) -> Iterator[Requirement]:
    """Every requirement the project declares, pyproject.toml first."""
    yield from _pyproject_requirements(read_text("pyproject.toml"))
    for rel in _requirement_files(root, source_dir):
        text = read_text(rel)
        for line in (text or "").splitlines():
            req = _requirement(line, rel)
            if req is not None:
                yield req


def declared_requirement(
    read_text: ReadText, name: str, root: Path | None = None, source_dir: str = "src"
) -> Requirement | None:
    """The requirement on `name` that says most: the first exact pin (`==8.1.0`), else the
    first one with any version clause, else the first unpinned one.

    A requirements file may name a distribution twice (`kedro-datasets[pandas]>=3.0` for the
    extras, `kedro-datasets==8.1.0` further down): pip installs what satisfies both, which is
    the pinned version, so the pin wins over a looser line read before it."""
    want = normalise(name)
    loose = ranged = None
    for req in declared_requirements(read_text, root, source_dir):
        if req.name != want:
            continue
        ops = [op for op, _ in req.clauses()]
        if ops and all(op in ("==", "===") for op in ops):
            return req
        if ops:
            ranged = ranged or req
        loose = loose or req
    return ranged or loose


@dataclass(frozen=True)
class DeclaredKedro:
    version: Version  # the lowest version the declaration admits
    source: str  # where it was read (`src/requirements.txt: kedro==0.17.7`)

    def before(self, major: int, minor: int) -> bool:
        return self.version[:2] < (major, minor)


def declared_kedro(
    read_text: ReadText, root: Path | None = None, source_dir: str = "src"
) -> DeclaredKedro | None:
    """The Kedro the project declares (see the module's docstring for the order)."""
    req = declared_requirement(read_text, "kedro", root, source_dir)
    low = req.lowest() if req is not None else None
    if req is not None and low is not None:
        return DeclaredKedro(low, f"{req.source}: {req}")
    text = read_text("pyproject.toml")
    if text:
        try:
            table = tomllib.loads(text).get("tool", {}).get("kedro", {})
        except (tomllib.TOMLDecodeError, ValueError, AttributeError):
            table = {}
        for key in ("kedro_init_version", "project_version"):
            v = parse_version(str(table.get(key, ""))) if isinstance(table, dict) else None
            if v is not None:
                return DeclaredKedro(v, f"pyproject.toml: [tool.kedro] {key}")
    for rel in (".kedro.yml", f"{source_dir}/.kedro.yml"):
        m = _KEDRO_YML.search(read_text(rel) or "")
        v = parse_version(m[1]) if m else None
        if v is not None:
            return DeclaredKedro(v, f"{rel}: project_version")
    return None


def project_kedro(project: Any) -> DeclaredKedro | None:
    """`declared_kedro` for a `Project` (its root, reader and `[tool.kedro] source_dir`)."""
    return declared_kedro(project.read_text, Path(project.root), _source_dir(project))


def project_requirement(project: Any, name: str) -> Requirement | None:
    return declared_requirement(project.read_text, name, Path(project.root), _source_dir(project))


def _source_dir(project: Any) -> str:
    pkg = project.package_dir
    if pkg and "/" in pkg:
        return pkg.rsplit("/", 1)[0]
    return "src"
