"""SL408 unknown-dataset-type: a catalog `type:` that names no dataset class."""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from structlint.core.findings import CLOSING_NOTE, Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.project.conf import YMap
from structlint.project.datasets import (
    candidates_for,
    installed_fingerprint,
    is_known,
    judged_datasets_versions,
    kedro_datasets_groups,
    known_dataset_types,
)
from structlint.project.kedro_version import project_kedro, project_requirement
from structlint.project.model import Project
from structlint.project.util import finding, nearest
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

# Datasets whose `dataset:` argument is another dataset's type. Elsewhere `dataset:` is the
# dataset's own argument (`pandas.GBQTableDataset`'s BigQuery dataset, `dataset: dbt`).
_WRAPPERS = frozenset(
    {"PartitionedDataset", "IncrementalDataset", "CachedDataset"}
    | {"PartitionedDataSet", "IncrementalDataSet", "CachedDataSet"}
)
# The largest edit between a type and a class of the installed kedro-datasets for which the
# type is still reported when the project asks for another version: a slip, not a rename.
_TYPO_EDITS = 2


@dataclass(frozen=True)
class _Mismatch:
    """The project asks for a kedro-datasets that the classes structlint read are not of."""

    asked: str  # `kedro-datasets==8.1.0` (pyproject.toml)
    judged: str  # kedro-datasets 9.6.0, installed next to structlint


def _mismatch(project: Project) -> _Mismatch | None:
    versions, judged = judged_datasets_versions()
    if not versions:
        return None
    req = project_requirement(project, "kedro-datasets")
    kedro = project_kedro(project)
    # Kedro 0.19 caps kedro-datasets below 8.0; an older Kedro goes with an older one still.
    # So a range open above (`kedro-datasets>=6.0.0` beside `kedro~=0.19.15`) still installs
    # a 7.x there.
    capped = kedro is not None and kedro.before(1, 0)
    shown = f"Kedro {'.'.join(map(str, kedro.version))} ({kedro.source})" if kedro else ""
    fits = [v for v in versions if not capped or v < (8, 0, 0)]
    if req is not None and any(True for _ in req.clauses()):
        if any(req.admits(v) for v in fits):
            return None
        if capped and any(req.admits(v) for v in versions):
            asked = f"`{req}` ({req.source}) with {shown}, below 8 there"
            return _Mismatch(asked, judged)
        return _Mismatch(f"`{req}` ({req.source})", judged)
    if capped and not fits:
        asked = f"{shown}, whose datasets come before kedro-datasets 8"
        return _Mismatch(asked, judged)
    return None


def _legacy_spelling_ok(project: Project) -> bool:
    """Whether the project's Kedro (before 0.19) or kedro-datasets (before 2.0) still has the
    `...DataSet` spelling of the classes."""
    kedro = project_kedro(project)
    if kedro is not None and kedro.before(0, 19):
        return True
    req = project_requirement(project, "kedro-datasets")
    low = req.lowest() if req is not None else None
    return low is not None and low < (2, 0, 0)


def _cls(t: str) -> str:
    return t.rsplit(".", 1)[-1]


def _edits(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopped early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def type_fix(text: str | None, loc: Any, key: str, raw: str, near: str) -> Fix | None:
    """The edit that writes `near` in place of the value `raw` of `key:` on the key's line, its
    quotes kept (None when the line does not read `key: raw` as plain text: a flow mapping,
    a value continued on the next line)."""
    if text is None:
        return None
    lines = text.splitlines()
    if not 0 < loc.line <= len(lines):
        return None
    line = lines[loc.line - 1]
    start = loc.column - 1
    m = re.compile(
        rf"{re.escape(key)}[ \t]*:[ \t]+(?P<q>['\"]?)(?P<v>{re.escape(raw)})(?P=q)[ \t]*(?:#.*)?$"
    ).match(line, start)
    if m is None:
        return None
    edit = Edit(loc.path, loc.line, m.start("v"), loc.line, m.end("v"), near)
    return Fix(f"Replace `{raw}` with `{near}`", (edit,))


_NOT_IN_DATASETS = "names no dataset class of kedro-datasets / kedro"


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

structlint checks every `type:` of the catalog's entries, factory patterns and templates, and
the `dataset:` of the wrapper datasets whose argument is another dataset's type
(`partitions.PartitionedDataset`, `partitions.IncrementalDataset`, `CachedDataset`; the
`dataset:` of any other type is that dataset's own argument, such as the BigQuery dataset of
`pandas.GBQTableDataset`), against the dataset classes of the installed `kedro` and
`kedro-datasets` and the project's own package, resolved as Kedro does (`kedro.io.<type>`,
`kedro_datasets.<type>`, then `<type>`), and suggests the nearest real name. A dataset class
is any public class that subclasses `AbstractDataset`, whatever its name
(`matplotlib.MatplotlibWriter`); the installed packages are read, not imported, and a list
shipped with structlint stands in when kedro-datasets is not installed (pre-commit's isolated
environment). Types from other libraries (`my_lib.MyDataset`) are left alone.

**The project's versions.** The classes are those of the kedro-datasets structlint can read,
which need not be the one the project installs. The project's own declaration is read from its
requirements (`pyproject.toml` dependencies, `requirements*.txt`, `src/requirements.txt`) and,
for Kedro, `[tool.kedro] kedro_init_version` / `project_version` or `.kedro.yml`:

- when the project asks for a kedro-datasets that the one read is not (`kedro-datasets==8.1.0`
  against 9.6.0; a requirement named twice counts by its exact pin), or declares a Kedro before
  1.0 (Kedro 0.19 caps kedro-datasets at 7.x, also under a range open above such as
  `kedro-datasets>=6.0.0`) against a kedro-datasets 8 or later, structlint does not guess: a
  type that the version read lacks is reported only when it is within two edits of one of its
  classes (a slip such as `pandas.CSVDatset`), and the message names both versions; any other
  such type (a class that was renamed or removed since, `matplotlib.MatplotlibWriter`) is left
  alone, and the run's last lines say how many types were not judged (listed with
  `structlint check -v`). Install the project's kedro-datasets next to structlint to have
  every type checked;
- a project on Kedro before 0.19 or kedro-datasets before 2.0 may spell the classes the old
  way, `pandas.CSVDataSet`: such a name is accepted there when today's spelling
  (`pandas.CSVDataset`) is a known class.
"""
    fix_doc = """
Safe, when the finding has exactly one suggestion (no other dataset class is as close) and the
`type:` is written out plainly on its line: `--fix` writes the suggested class in its place,
keeping the quotes and the comment of the line. A type made by interpolation (`${_csv}`), a
flow mapping (`{type: ...}`) or a finding without a suggestion is not fixed.
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
            fixed="""\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
""",
        ),
        Example(
            """\
# Raw inputs
reviews:
  type: "pandas.ParquetDatset"  # expect: SL408
  filepath: data/01_raw/reviews.parquet  # from the export
""",
            path=CATALOG,
            files=project(),
            fixed="""\
# Raw inputs
reviews:
  type: "pandas.ParquetDataset"
  filepath: data/01_raw/reviews.parquet  # from the export
""",
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
scores:
  type: pandas.GBQTableDataset
  dataset: dbt  # a BigQuery dataset, not a dataset class
  table_name: scores
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
        self._legacy_ok = _legacy_spelling_ok(project)
        self._mismatch = _mismatch(project)
        self._unjudged: list[str] = []
        # A catalog names a handful of types thousands of times: each is judged once.
        self._why: dict[str, str | None] = {}
        resolver = conf.catalog_resolver
        for env in conf.envs():
            for f in conf.files_of("catalog", env):
                if isinstance(f.data, YMap):
                    for name, cfg in f.data.items():
                        yield from self._entry(str(name), cfg, resolver, 0)
        if self._unjudged and self._mismatch is not None:
            shown = ", ".join(f"`{t}`" for t in self._unjudged[:5])
            more = f" and {len(self._unjudged) - 5} more" if len(self._unjudged) > 5 else ""
            project.notes.append(
                f"SL408: the project asks for {self._mismatch.asked}, but the dataset classes "
                f"read are those of {self._mismatch.judged}: {shown}{more} not judged (no such "
                "class there, and no slip of one); install the project's kedro-datasets where "
                "structlint runs to check them"
            )
            n = len(self._unjudged)
            project.notes.append(
                f"{CLOSING_NOTE}SL408 is incomplete: {n} catalog type{'s' if n != 1 else ''} "
                f"not judged ({shown}{more}): the project asks for {self._mismatch.asked}, the "
                f"classes read are those of {self._mismatch.judged}; run with -v"
            )

    def _entry(self, name: str, cfg: Any, resolver: Any, depth: int) -> Iterator[Finding]:
        if not isinstance(cfg, YMap) or depth > 3:
            return
        wrapper = False
        for key in ("type", "dataset"):
            raw = cfg.get(key)
            if key == "dataset" and not wrapper:
                continue  # the dataset's own argument, not a type
            if isinstance(raw, YMap) and key == "dataset":
                yield from self._entry(name, raw, resolver, depth + 1)
                continue
            if not isinstance(raw, str) or ("{" in raw and "${" not in raw):
                continue
            value = resolver.value(raw) if "${" in raw else raw
            if not isinstance(value, str) or not value.strip():
                continue
            if key == "type":
                wrapper = value.strip().rsplit(".", 1)[-1] in _WRAPPERS
            why = self._unknown(value.strip())
            if why is None:
                continue
            near = self._nearest(value.strip())
            hint = f" Did you mean `{near}`?" if near else ""
            found = finding(
                self.code,
                f"`{key}: {value}` of `{name}` {why}: Kedro fails with \"Class '{value}' not "
                f'found" as soon as a run touches this dataset.{hint}',
                cfg.locs[key],
                width=len(key),
            )
            fix = None
            if near is not None and value == raw and self._only_suggestion(value.strip(), near):
                fix = type_fix(self._project.read_text(found.path), cfg.locs[key], key, raw, near)
            yield replace(found, fix=fix) if fix is not None else found

    def _only_suggestion(self, t: str, near: str) -> bool:
        """Whether `near` is the one best suggestion: no other candidate is as close."""
        assert self._cands is not None
        hits = difflib.get_close_matches(t, [c for c in self._cands if c != t], n=2, cutoff=0.7)
        if len(hits) < 2:
            return True
        ratio = difflib.SequenceMatcher(None, t, hits[1]).ratio()
        return hits[0] == near and ratio < difflib.SequenceMatcher(None, t, near).ratio()

    def _nearest(self, t: str) -> str | None:
        if self._cands is None:
            self._cands = candidates_for("", self._known)
        return nearest(t, self._cands, cutoff=0.7)

    def _unknown(self, t: str) -> str | None:
        if t not in self._why:
            self._why[t] = self._judge(t)
        return self._why[t]

    def _judge(self, t: str) -> str | None:
        why = self._unknown_now(t)
        legacy = self._legacy_ok and t.endswith("DataSet")
        if why and legacy and self._unknown_now(t[: -len("DataSet")] + "Dataset") is None:
            return None  # the pre-0.19 spelling of a class that exists
        if why and self._mismatch is not None and why is _NOT_IN_DATASETS:
            near = self._nearest(t)
            if near is None or _edits(_cls(t), _cls(near), _TYPO_EDITS) > _TYPO_EDITS:
                self._unjudged.append(t)
                return None  # perhaps a class of the version the project asks for
            return (
                f"names no dataset class of {self._mismatch.judged}, only a slip of one "
                f"(judged against that version; the project asks for {self._mismatch.asked})"
            )
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
            return _NOT_IN_DATASETS
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
