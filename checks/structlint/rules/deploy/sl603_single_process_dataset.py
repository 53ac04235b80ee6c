"""SL603 single-process-dataset: a dataset that Kedro's ParallelRunner refuses, in a project
that runs with it."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.conf import YMap
from structlint.project.datasets import installed_fingerprint
from structlint.project.model import Project
from structlint.project.pipelines import iter_datasets
from structlint.project.util import finding, related
from structlint.rules.deploy._common import (
    is_single_process,
    parallel_runner_choice,
    single_process_types,
)
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

_PIPELINE = """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies", name="clean")])
"""


class SingleProcessDataset(ProjectRule):
    code = "SL603"
    name = "single-process-dataset"
    summary = (
        "A dataset that cannot be shared between processes (Spark, Snowpark, Databricks "
        "tables) in a project that runs with ParallelRunner."
    )
    explanation = """
`ParallelRunner` runs nodes in separate processes and hands datasets to them by pickling.
Some dataset classes cannot be: they hold a Spark or Snowpark session, which lives in one
process, and declare so with `_SINGLE_PROCESS = True` (kedro-datasets' `spark.SparkDataset`,
`spark.SparkDatasetV2`, `spark.SparkHiveDataset`, `spark.SparkJDBCDataset`,
`spark.DeltaTableDataset`, `databricks.ManagedTableDataset`, `snowflake.SnowparkTableDataset`,
Kedro's `CachedDataset`). `kedro run --runner ParallelRunner` then stops before the first node
with "The following datasets cannot be used with multiprocessing: ...".

structlint reports the catalog entry of each such dataset that a registered pipeline reads or
writes, when the project selects ParallelRunner: a `kedro run ... --runner ParallelRunner` (or
`-r`, or `kedro.runner.ParallelRunner`) line in `README.md`/`.rst`, `Makefile`, `Dockerfile`,
`.gitlab-ci.yml`, a YAML file of the project (CI workflows, a `kedro run --config` file's
`runner: ParallelRunner`) or a text file under `docs/`, `scripts/`, `bin/`,
`.github/workflows/`, `deploy/`, `deployment/` or `ci/`; or package code that runs with one
(`session.run(runner=ParallelRunner())`). A CLI that only offers it
(`runner = ParallelRunner() if parallel else SequentialRunner()`, or the runner's name in a
help text) does not select it, and neither does prose that names it. The related place says
where. Which classes are single-process is read from the installed kedro-datasets' source (a
class whose body sets `_SINGLE_PROCESS = True`, and its subclasses); without kedro-datasets
next to structlint, a list of the classes of kedro-datasets 9 stands in.

Instead: run with `ThreadRunner`, which Kedro recommends for Spark (Spark parallelises inside
each node already), or `SequentialRunner`.
"""
    bad = (
        Example(
            """\
companies:  # expect: SL603
  type: spark.SparkDatasetV2
  filepath: data/01_raw/companies.csv
  file_format: csv
""",
            path=CATALOG,
            files=project(
                pipeline=_PIPELINE,
                **{"README.md": "Run it with `kedro run --runner=ParallelRunner`.\n"},
            ),
        ),
    )
    good = (
        Example(
            """\
companies:
  type: spark.SparkDatasetV2
  filepath: data/01_raw/companies.csv
  file_format: csv
""",
            path=CATALOG,
            files=project(
                pipeline=_PIPELINE,
                **{
                    "README.md": (
                        "Run it with `kedro run --runner=ThreadRunner`: Spark datasets "
                        "cannot be used with ParallelRunner.\n"
                    )
                },
            ),
        ),
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
""",
            path=CATALOG,
            files=project(
                pipeline=_PIPELINE,
                **{"README.md": "Run it with `kedro run --runner=ParallelRunner`.\n"},
            ),
        ),
    )

    @classmethod
    def environment(cls) -> str:
        return installed_fingerprint()

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        entries = {
            name: e
            for name, e in conf.catalog.items()
            if isinstance(e.config, YMap) and isinstance(e.config.get("type"), str)
        }
        known = single_process_types()
        if not any(is_single_process(str(e.config["type"]), known) for e in entries.values()):
            return
        choice = parallel_runner_choice(project)
        if choice is None:
            return
        used = {
            d.name
            for pipe in project.pipelines.registered.values()
            for d in iter_datasets(pipe.nodes)
        }
        for name in sorted(entries):
            e = entries[name]
            kind = str(e.config["type"])
            if name not in used or not is_single_process(kind, known):
                continue
            yield finding(
                self.code,
                f"`{name}` is a `{kind}`, which sets `_SINGLE_PROCESS = True`, and "
                f'`{choice.loc.path}` {choice.how}: that run stops with "The following '
                'datasets cannot be used with multiprocessing". Run with `ThreadRunner` '
                "(Kedro's advice for Spark) or `SequentialRunner` instead.",
                e.loc,
                [related(choice.loc, "ParallelRunner selected here")],
                width=len(name),
            )
