"""SL403 non-portable-filepath: a catalog path that only exists on one machine."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import YMap
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

PATH_KEYS = ("filepath", "path", "filename")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
WINDOWS_SEPARATORS = "written with Windows separators (`\\`)"
# Databricks' shared storage, mounted at the same path on every cluster of a workspace:
# DBFS (`/dbfs/FileStore/...`) and Unity Catalog volumes (`/Volumes/<catalog>/<schema>/...`).
DATABRICKS_STORAGE = ("/dbfs/", "/Volumes/")
_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")


def why_not_portable(value: str) -> str | None:
    v = value.strip()
    if v.startswith("data/") and ".." not in v and "\\" not in v:
        return None  # the common case, decided without the checks below
    # A factory pattern's `{placeholder}` is unknown, but a literal prefix before it is not:
    # `/tmp/{name}.parquet` is absolute whatever `name` is.
    if not v or v.startswith("{"):
        return None
    if v.lower().startswith("file://"):
        return "a `file://` URL of this machine"
    if _SCHEME.match(v):
        return None  # s3://, gs://, https:// ...: not a local path
    if v.startswith("~"):
        return "home-relative (`~`)"
    if _DRIVE.match(v) or v.startswith("\\\\"):
        return "a Windows drive path"
    if v.startswith(DATABRICKS_STORAGE):
        return None  # the workspace's shared storage: the same path on every cluster
    if v.startswith("/"):
        return "absolute"
    if "\\" in v:
        rest = why_not_portable(v.replace("\\", "/"))
        return WINDOWS_SEPARATORS + (f" and {rest}" if rest else "")
    if "{" in v:
        v = v.split("{", 1)[0]
        if "/" not in v.replace("\\", "/"):
            return None  # the first folder comes from the placeholder
    norm = posixpath.normpath(v.replace("\\", "/"))
    if norm.startswith(".."):
        return "outside the project"
    if norm.split("/", 1)[0] != "data":
        return "outside `data/`"
    return None


class NonPortableFilepath(ProjectRule):
    code = "SL403"
    name = "non-portable-filepath"
    summary = (
        "A catalog filepath that is absolute, home-relative, a drive path, outside data/, "
        "or written with `\\` separators."
    )
    explanation = """
Kedro resolves relative catalog paths against the project folder, so `data/01_raw/x.csv` works
on every machine, in CI and in a container. `/home/ana/x.csv`, `~/x.csv` or `C:\\\\data\\\\x.csv`
work on one laptop only, and a relative path outside `data/` puts data next to code, where git
and packaging pick it up.

structlint checks `filepath`, `path` and `filename` of every catalog entry, pattern and template
of the base environment (and of the default run environment unless it is `local`, which is
meant for machine-specific settings), after `${globals:...}` interpolation (the message
shows the resolved path and the text it came from). Remote URLs (`s3://`, `gs://`,
`abfs://`, `https://`) are fine.

Databricks' shared storage is portable within its workspace and stays silent: DBFS paths
(`/dbfs/FileStore/...`) and Unity Catalog volumes (`/Volumes/<catalog>/<schema>/...`). An
interpolation that resolves to nothing (a catalog-local `_uc_catalog:` with no value) is
treated like a factory pattern's `{placeholder}`: only the text before it is judged.

A relative path written with Windows separators (`data\\08_reporting\\plot.png`) is
reported too: on Linux and macOS a `\\` is part of a file name, so the file lands in the
project folder as one oddly named file, or is not found. Write `/`: Kedro accepts it on
every system.

Use a path under `data/` (the layer folders), a remote URL, or move the machine-specific path to
`conf/local/catalog.yml`.
"""
    bad = (
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: /home/ana/projects/demo/data/01_raw/companies.csv  # expect: SL403
plot:
  type: matplotlib.MatplotlibDataset
  filepath: data\\08_reporting\\plot.png  # expect: SL403
""",
            path=CATALOG,
            files=project(),
        ),
    )
    good = (
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
shuttles:
  type: pandas.ExcelDataset
  filepath: s3://bucket/raw/shuttles.xlsx
""",
            path=CATALOG,
            files=project(),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        envs = [e for e in conf.envs() if e == conf.base_env or e != "local"]
        resolver = conf.catalog_resolver
        for env in envs:
            for f in conf.files_of("catalog", env):
                if not isinstance(f.data, YMap):
                    continue
                for name, cfg in f.data.items():
                    yield from self._entry(str(name), cfg, resolver)

    def _entry(self, name: str, cfg: Any, resolver: Any, depth: int = 0) -> Iterator[Finding]:
        if not isinstance(cfg, YMap) or depth > 3:
            return
        for key in PATH_KEYS:
            raw = cfg.get(key)
            if not isinstance(raw, str):
                continue
            value = _resolve(raw, resolver) if "${" in raw else raw
            if not isinstance(value, str):
                continue
            why = why_not_portable(value)
            if why:
                yield finding(
                    self.code, _message(key, name, why, raw, value), cfg.locs[key], width=len(key)
                )
        inner = cfg.get("dataset")
        if isinstance(inner, YMap):
            yield from self._entry(name, inner, resolver, depth + 1)


def _message(key: str, name: str, why: str, raw: str, value: str) -> str:
    # Nothing resolved, or only the literal prefix is known: the text as written.
    known = value != raw and "{?}" not in value
    shown = f"`{value}` (from `{raw}`)" if known else f"`{raw}`"
    if why.startswith(WINDOWS_SEPARATORS):
        fixed = posixpath.normpath((raw if "\\" in raw else value).replace("\\", "/"))
        return (
            f"`{key}` of `{name}` is {why}: {shown}. Write it with `/` (`{fixed}`): on Linux "
            "and macOS a `\\` is part of a file name, not a folder separator, so the path "
            "works on Windows only; Kedro accepts `/` on every system."
            + ("" if why == WINDOWS_SEPARATORS else " Then keep it under `data/`.")
        )
    return (
        f"`{key}` of `{name}` is {why}: {shown}. Use a path under `data/` (or a remote URL) "
        "so the project runs on any machine; machine-specific paths belong in conf/local/."
    )


def _resolve(raw: str, resolver: Any) -> Any:
    """`raw` with its `${...}` resolved. One that resolves to nothing (a catalog-local
    `_uc_catalog:` left empty, to be set per environment) is unknown, like a factory
    pattern's `{placeholder}`: only the literal text before it is judged, not `None`."""
    empty = [
        m.group(0) for m in _INTERPOLATION.finditer(raw) if resolver.one(m.group(1), 0) is None
    ]
    if empty:
        for text in empty:
            raw = raw.replace(text, "{?}")
        if "${" not in raw:
            return raw
    return resolver.value(raw)
