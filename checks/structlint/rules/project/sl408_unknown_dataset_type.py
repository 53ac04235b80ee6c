"""SL408 unknown-dataset-type: a catalog `type:` that names no dataset class."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]

from structlint.findings import Finding
from structlint.project.conf import YMap
from structlint.project.datasets import (
    candidates_for,
    installed_fingerprint,
    is_known,
    kedro_datasets_groups,
    known_dataset_types,
)
from structlint.project.model import Project
from structlint.project.util import finding, nearest
from structlint.rule import Example, ProjectRule
from structlint.rules.project._examples import CATALOG, project

_VERSION = re.compile(r"^\s*(\d+)\.(\d+)")


def _kedro_before_019(project: Project) -> bool:
    """Whether pyproject.toml says the project was made with a Kedro older than 0.19, whose
    datasets were spelt `...DataSet`."""
    try:
        table = tomllib.loads(project.read_text("pyproject.toml") or "")["tool"]["kedro"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        return False
    for key in ("kedro_init_version", "project_version"):
        m = _VERSION.match(str(table.get(key, "")))
        if m:
            return (int(m[1]), int(m[2])) < (0, 19)
    return False


class UnknownDatasetType(ProjectRule):
    code = "SL408"
    name = "unknown-dataset-type"
    summary = (
        "A catalog `type:` that names no dataset class of kedro, kedro-datasets or the project."
    )
    explanation = """
Kedro turns a catalog entry's `type:` into a class only when a run first touches the dataset: a
typo such as `pandas.CSVDatset` goes unnoticed until the pipeline that uses the entry runs, and
then fails with `DatasetError: Class 'pandas.CSVDatset' not found`.

structlint checks every `type:` (and the `dataset:` of wrapper datasets such as
`partitions.PartitionedDataset`) of the catalog's entries, factory patterns and templates
against the dataset classes of the installed `kedro` and `kedro-datasets` (found by reading
their files, without importing them; a list shipped with structlint stands in when
kedro-datasets is not installed, as in pre-commit's isolated environment) and the project's own
package, resolved as Kedro does (`kedro.io.<type>`, `kedro_datasets.<type>`, then `<type>`), and
suggests the nearest real name. Types from other libraries (`my_lib.MyDataset`) are left alone.

A project made with Kedro before 0.19 (`[tool.kedro] kedro_init_version` or `project_version`
below 0.19) may spell the classes the old way, `pandas.CSVDataSet`: its pinned Kedro has them,
so such a name is accepted there when today's spelling (`pandas.CSVDataset`) is a known class.
"""
    bad = (
        Example(
            """\
companies:
  type: pandas.CSVDatset  # expect: SL408
  filepath: data/01_raw/companies.csv
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
scratch:
  type: MemoryDataset
reviews:
  type: demo.datasets.ReviewsDataset
""",
            path=CATALOG,
            files=project(
                {
                    "src/demo/datasets.py": (
                        "from kedro.io import AbstractDataset\n\n\n"
                        "class ReviewsDataset(AbstractDataset):\n    pass\n"
                    )
                }
            ),
        ),
    )

    @classmethod
    def environment(cls) -> str:
        return installed_fingerprint()  # the dataset classes come from the installed packages

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        known = known_dataset_types()
        groups = kedro_datasets_groups(known)
        self._project = project
        self._known = known
        self._groups = groups
        self._cands: list[str] | None = None
        self._legacy_ok = _kedro_before_019(project)
        # A catalog names a handful of types thousands of times: each is judged once.
        self._why: dict[str, str | None] = {}
        resolver = conf.catalog_resolver
        for env in conf.envs():
            for f in conf.files_of("catalog", env):
                if isinstance(f.data, YMap):
                    for name, cfg in f.data.items():
                        yield from self._entry(str(name), cfg, resolver, 0)

    def _entry(self, name: str, cfg: Any, resolver: Any, depth: int) -> Iterator[Finding]:
        if not isinstance(cfg, YMap) or depth > 3:
            return
        for key in ("type", "dataset"):
            raw = cfg.get(key)
            if isinstance(raw, YMap) and key == "dataset":
                yield from self._entry(name, raw, resolver, depth + 1)
                continue
            if not isinstance(raw, str) or ("{" in raw and "${" not in raw):
                continue
            value = resolver.value(raw) if "${" in raw else raw
            if not isinstance(value, str) or not value.strip():
                continue
            why = self._unknown(value.strip())
            if why is None:
                continue
            if self._cands is None:
                self._cands = candidates_for("", self._known)
            near = nearest(value.strip(), self._cands, cutoff=0.7)
            hint = f" Did you mean `{near}`?" if near else ""
            yield finding(
                self.code,
                f"`{key}: {value}` of `{name}` {why}: Kedro fails with \"Class '{value}' not "
                f'found" as soon as a run touches this dataset.{hint}',
                cfg.locs[key],
                width=len(key),
            )

    def _unknown(self, t: str) -> str | None:
        if t not in self._why:
            self._why[t] = self._judge(t)
        return self._why[t]

    def _judge(self, t: str) -> str | None:
        why = self._unknown_now(t)
        legacy = self._legacy_ok and t.endswith("DataSet")
        if why and legacy and self._unknown_now(t[: -len("DataSet")] + "Dataset") is None:
            return None  # the pre-0.19 spelling of a class that exists
        return why

    def _unknown_now(self, t: str) -> str | None:
        known, groups, project = self._known, self._groups, self._project
        head = t.split(".", 1)[0]
        pkg = project.package_name
        if pkg and head == pkg:
            return self._project_class(t)
        if "." not in t:
            return None if is_known(t, known) else "names no dataset class of kedro.io"
        if head in ("kedro_datasets", "kedro") or head in groups:
            if is_known(t, known):
                return None
            if head == "kedro" and not t.startswith("kedro.io."):
                return None  # somewhere else in kedro: not a catalog type we track
            return "names no dataset class of kedro-datasets / kedro"
        return None  # another library: cannot tell without importing it

    def _project_class(self, t: str) -> str | None:
        mod_name, _, cls = t.rpartition(".")
        project = self._project
        interp = project.pipelines.interpreter
        mod = interp.module_by_name(mod_name)
        if mod is None:
            if mod_name in interp.modules_by_name:
                return None  # exists but does not parse: SL001's business
            return f"names module `{mod_name}`, which the project does not have"
        if cls in mod.defs and isinstance(mod.defs[cls], ast.ClassDef):
            return None
        if cls in mod.imports or cls in mod.assigns:
            return None
        return f"names class `{cls}`, which `{mod_name}` does not define"
