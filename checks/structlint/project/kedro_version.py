"""The Kedro version a project declares, for rules whose answer changed between versions.

Read, first found wins: `[tool.kedro] kedro_init_version` / `project_version` of
`pyproject.toml` (Kedro 0.17 refuses to run when `project_version` differs from the installed
Kedro, so it is reliable), `project_version` of `.kedro.yml` (Kedro 0.15 to 0.17.2), then the
`kedro` requirement of `src/requirements.txt` / `requirements.txt`, where only a pin that
bounds the version from above counts (`kedro==0.17.7`, `kedro~=0.17.7`, `kedro<0.18`). A
project that declares nothing is taken to be on a current Kedro. Files are read through the
project's `read_text`, so a run that reuses earlier results notices an edit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Version = tuple[int, ...]

_NUM = re.compile(r"^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?")
_REQ = re.compile(r"^\s*kedro\s*(?:\[[^\]]*\])?\s*(?P<spec>[<>=!~][^#;]*)?", re.IGNORECASE)


def _version(text: Any) -> Version | None:
    if not isinstance(text, str):
        return None
    m = _NUM.match(text)
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g is not None)


def _from_requirement(line: str) -> Version | None:
    """An upper bound of the versions a `kedro` requirement allows (exclusive for `<`), as a
    version below which every allowed one lies, or None when it has none."""
    m = _REQ.match(line)
    if not m or not m.group("spec"):
        return None
    best: Version | None = None
    for part in m.group("spec").split(","):
        part = part.strip()
        op = re.match(r"^(===|==|~=|<=|<|>=|>|!=)", part)
        if not op:
            continue
        v = _version(part[len(op.group(1)) :])
        if v is None:
            continue
        bound: Version | None = None
        if op.group(1) in ("==", "==="):
            bound = (*v, 1) if "*" not in part else (*v[:-1], v[-1] + 1)
        elif op.group(1) == "~=" and len(v) >= 2:
            bound = (*v[:-2], v[-2] + 1)  # ~=0.17.7: below 0.18
        elif op.group(1) in ("<", "<="):
            bound = v if op.group(1) == "<" else (*v, 1)
        if bound is not None and (best is None or bound < best):
            best = bound
    return best


def declared_kedro(
    read_text: Callable[[str], str | None], kedro_table: dict[str, Any]
) -> tuple[Version, bool] | None:
    """(version, exact): the version the project declares (`exact`), or an exclusive upper
    bound of the versions its requirement allows; None when it declares nothing usable."""
    for key in ("kedro_init_version", "project_version"):
        v = _version(kedro_table.get(key))
        if v is not None:
            return v, True
    legacy = read_text(".kedro.yml") or ""
    m = re.search(r"^project_version\s*:\s*['\"]?([\d.]+)", legacy, re.MULTILINE)
    if m and _version(m.group(1)) is not None:
        return _version(m.group(1)) or (), True
    for path in ("src/requirements.txt", "requirements.txt"):
        for line in (read_text(path) or "").splitlines():
            bound = _from_requirement(line)
            if bound is not None:
                return bound, False
    return None


def declares_before(
    read_text: Callable[[str], str | None], kedro_table: dict[str, Any], version: Version
) -> bool:
    """Whether the project's declared Kedro is certainly older than `version`."""
    found = declared_kedro(read_text, kedro_table)
    if found is None:
        return False
    v, exact = found
    return v < version if exact else v <= version
