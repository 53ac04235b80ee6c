"""SL402 unused-dataset: a catalog entry that no registered pipeline reads or writes."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.findings import Finding
from structlint.project.model import Project
from structlint.project.util import finding, nearest
from structlint.rule import Example, ProjectRule
from structlint.rules.project._examples import CATALOG, project

_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, "companies", "clean_companies")])
"""


class UnusedDataset(ProjectRule):
    code = "SL402"
    name = "unused-dataset"
    summary = "A catalog entry that no registered pipeline reads or writes."
    explanation = """
A catalog entry that no pipeline uses is dead configuration: it is usually left over from a
renamed dataset (and the new name silently falls back to memory or to a factory pattern), or it
points at data nobody produces any more. Kedro never reports it.

structlint compares the catalog (base and default run environment merged, `_` templates and
factory patterns excluded) with every dataset the registered pipelines read or write, after
namespaces and mappings. It stays silent when some registered pipeline cannot be followed
statically, since the missing part might use the entry. Remove the entry, or add
`# noqa: SL402` on its key line when it is used outside pipelines (a notebook, a hook).
"""
    bad = (
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

old_companies:  # expect: SL402
  type: pandas.CSVDataset
  filepath: data/01_raw/companies_2019.csv
""",
            path=CATALOG,
            files=project(pipeline=_PIPELINE),
        ),
    )
    good = (
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

clean_companies:
  type: pandas.ParquetDataset
  filepath: data/02_intermediate/companies.parquet
""",
            path=CATALOG,
            files=project(pipeline=_PIPELINE),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        pipes = project.pipelines
        if not pipes.registered or not pipes.complete:
            return
        conf = project.conf
        # `pipes.used_datasets()`, from each distinct node once (one key, the same names).
        used = {d.name for n, _ in pipes.unique_nodes() for d in n.inputs}
        used.update(d.name for n, _ in pipes.unique_nodes() for d in n.outputs)
        undefined = [u for u in used if u not in conf.catalog and not u.startswith("params:")]
        names = ", ".join(f"`{p}`" for p in sorted(pipes.registered))
        for name, entry in sorted(conf.catalog.items()):
            if name in used:
                continue
            near = nearest(name, undefined)
            hint = f" A node reads `{near}`: is that this entry, misspelt?" if near else ""
            yield finding(
                self.code,
                f"catalog entry `{name}` is not read or written by any registered pipeline "
                f"({names}).{hint} Remove it, or wire it into a pipeline.",
                entry.base_loc,
                width=len(name),
            )
