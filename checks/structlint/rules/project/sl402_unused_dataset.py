"""SL402 unused-dataset: a catalog entry that no registered pipeline reads or writes."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.model import Project
from structlint.project.util import finding, nearest
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

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
namespaces and mappings. When a registered pipeline cannot be followed to the end (nodes built
from run-time values, a filter such as `.only_nodes(...)` whose result is not known exactly),
the other pipelines are still checked, and the part not followed is taken to use every entry
it may name: the datasets of its nodes that were followed (for a filter, those of the whole
pipeline it filters), and every name that a string literal of its code spells, also as the
last part of a namespaced name (`ns.companies` from `"companies"`) or through the constant
part of an f-string. The run's last line says which pipeline was not followed. It stays silent
when `register_pipelines()` itself cannot be followed. Remove the entry, or add
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
        if not pipes.registered or not pipes.registry_complete:
            return
        conf = project.conf
        # Pipelines not followed to the end: their known nodes count (a filter that is not
        # decided keeps the whole pipeline it filters), and so does every name their code
        # may spell (`LooseUses`).
        loose = pipes.loose_uses(project.read_text)
        # `pipes.used_datasets()`, from each distinct node once (one key, the same names).
        used = {d.name for n, _ in pipes.unique_nodes() for d in n.inputs}
        used.update(d.name for n, _ in pipes.unique_nodes() for d in n.outputs)
        undefined = [u for u in used if u not in conf.catalog and not u.startswith("params:")]
        names = ", ".join(f"`{p}`" for p in sorted(pipes.registered))
        for name, entry in sorted(conf.catalog.items()):
            if name in used or (loose is not None and loose.may_use(name)):
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
