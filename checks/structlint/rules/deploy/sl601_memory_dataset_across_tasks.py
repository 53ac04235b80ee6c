"""SL601 memory-dataset-across-tasks: data handed from one namespace's task to another's in
memory, which an orchestrator that runs each namespace as its own task loses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import Conf, YMap, strip_transcoding
from structlint.project.model import Project
from structlint.project.pipelines import DS, NodeInst
from structlint.project.util import finding, related
from structlint.rules.deploy._common import PLUGINS_OPTION, CallKeywords, deployment
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

_MEMORY = frozenset(
    {"MemoryDataset", "kedro.io.MemoryDataset", "kedro.io.memory_dataset.MemoryDataset"}
)

_NODES = """\
import pandas as pd


def clean(companies: pd.DataFrame) -> pd.DataFrame:
    return companies.dropna()


def features(clean_companies: pd.DataFrame) -> pd.DataFrame:
    return clean_companies.assign(n=1)
"""
_CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""
_PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"
dependencies = ["kedro~=1.7", "kedro-datasets[pandas]>=9"]

[project.optional-dependencies]
dev = ["kedro-airflow>=0.10"]

[tool.kedro]
package_name = "demo"
project_name = "demo"
kedro_init_version = "1.7.0"
source_dir = "src"
"""


def _files(catalog: str = _CATALOG, pyproject: str = _PYPROJECT) -> dict[str, str]:
    return project(catalog=catalog, nodes=_NODES, **{"pyproject.toml": pyproject})


def group_of(n: NodeInst) -> tuple[str, Any]:
    """The task `Pipeline.group_nodes_by("namespace")` puts a node in: its top-level
    namespace, or the node alone when it has none."""
    if n.namespace:
        return ("namespace", n.namespace.split(".", 1)[0])
    return ("node", n.key)


def _describe(group: tuple[str, Any], n: NodeInst) -> str:
    if group[0] == "namespace":
        return f"namespace `{group[1]}`"
    return "no namespace, its own task"


def is_memory(conf: Conf, name: str) -> bool:
    """No catalog entry or pattern gives the dataset (Kedro makes it a MemoryDataset), or the
    one that does is a MemoryDataset."""
    hit = conf.dataset_config(name)
    if hit is None:
        return True
    cfg = hit[0]
    return isinstance(cfg, dict | YMap) and str(cfg.get("type", "")) in _MEMORY


class MemoryDatasetAcrossTasks(ProjectRule):
    code = "SL601"
    name = "memory-dataset-across-tasks"
    summary = (
        "A dataset kept only in memory passes from one namespace to another, which an "
        "orchestrator running each namespace as a task loses."
    )
    options = (PLUGINS_OPTION,)
    explanation = """
Under `kedro run` every node runs in one process, so an output with no catalog entry (a
`MemoryDataset`) is simply handed to the next node. An orchestrator runs the pipeline as
separate tasks, each its own `kedro run` on its own worker: `kedro airflow create --group-by
namespace` (and the other deployment plugins' grouping) makes one task of each top-level
namespace and one of each node outside any namespace. A `MemoryDataset` written in one task
is gone when the next task starts, and the consumer fails with "Pipeline input(s) ... not
found" or, worse, reads nothing.

structlint reports an output of a registered pipeline that no catalog entry or factory pattern
declares (or that is declared as `MemoryDataset`) and that a node of another task reads: the
producer and the consumer do not share a top-level namespace (`Pipeline.group_nodes_by
("namespace")`'s grouping: `data_processing.companies` and `data_processing.shuttles` are one
task; a node without a namespace is a task of its own, so in a pipeline that has namespaces a
hand-off between two nodes outside any namespace is reported too: `__default__ = sum(...)`
of a namespaced and a plain pipeline). The finding is on the producing node's output, with
the reading node as the related place; each dataset is reported once, for the first
registered pipeline it crosses tasks in. A node whose `namespace=` is known only at run time
makes its pipeline's tasks unknown, and that pipeline is skipped.

It fires only where the grouping is real: the pipeline uses namespaces (a pipeline with none
is one task per node, where every intermediate dataset would need persisting and a finding per
dataset would not help), and the project declares a deployment plugin: one of the
`deployment-plugins` option's distributions (default: kedro-airflow, kedro-airflow-k8s,
kedro-kubeflow, kedro-vertexai, kedro-sagemaker, kedro-azureml, kedro-argo, kedro-dagster,
kedro-databricks) in `pyproject.toml` or `requirements*.txt` (dependencies, optional or dev
groups), or an `airflow_dags/` folder written by `kedro airflow create`. Set
`deployment-plugins = []` for a project that deploys some other way. Pipelines that cannot be
followed statically are skipped.

kedro-airflow's other grouping, `--group-by memory`, puts nodes joined by MemoryDatasets into
one task, where nothing is lost: a project that deploys that way can `ignore = ["SL601"]`.

Instead: declare the dataset in the catalog with a persisted type (`pandas.ParquetDataset`,
`spark.SparkDatasetV2`...) on storage every worker reads (`s3://`, `abfss://`, a shared
volume), or move the two nodes into one namespace.
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(clean, "companies", "clean_companies", namespace="prep"),  # expect: SL601
            Node(features, "clean_companies", "features", name="features", namespace="fe"),
        ]
    )
""",
            path=PIPELINE,
            files=_files(),
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(clean, "companies", "clean_companies", name="clean", namespace="prep"),
            Node(features, "clean_companies", "features", name="features", namespace="fe"),
        ]
    )
""",
            path=PIPELINE,
            files=_files(
                _CATALOG
                + """\
clean_companies:
  type: pandas.ParquetDataset
  filepath: s3://bucket/02_intermediate/clean_companies.parquet
"""
            ),
        ),
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(clean, "companies", "clean_companies", name="clean", namespace="prep"),
            Node(features, "clean_companies", "features", name="features", namespace="prep"),
        ]
    )
""",
            path=PIPELINE,
            files=_files(),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        if deployment(project) is None:
            return
        pipes = project.pipelines
        conf = project.conf
        reported: set[str] = set()
        memory: dict[str, bool] = {}
        calls = CallKeywords(project)
        for pipe in pipes.registered.values():
            if not pipe.complete or not any(n.namespace for n in pipe.nodes):
                continue
            # A node whose `namespace=` is known only at run time: its task is unknown.
            if any(n.namespace is None and calls.writes(n.site, "namespace") for n in pipe.nodes):
                continue
            producers: dict[str, list[tuple[NodeInst, DS]]] = {}
            for n in pipe.nodes:
                for d in n.outputs:
                    producers.setdefault(strip_transcoding(d.name), []).append((n, d))
            for n in pipe.nodes:
                for d in n.inputs:
                    name = d.name
                    if name == "parameters" or name.startswith("params:"):
                        continue
                    base = strip_transcoding(name)
                    made = producers.get(base)
                    if not made or base in reported:
                        continue
                    if base not in memory:
                        memory[base] = is_memory(conf, name) and all(
                            is_memory(conf, o.name) for _, o in made
                        )
                    if not memory[base]:
                        continue
                    reader = group_of(n)
                    for p, out in made:
                        writer = group_of(p)
                        if writer == reader:
                            continue
                        reported.add(base)
                        yield finding(
                            self.code,
                            _message(base, p, writer, n, reader),
                            out.loc,
                            [related(d.loc, f"read here by node `{n.label}`")],
                            width=len(out.original) + 2,
                        )
                        break


def _message(
    name: str, p: NodeInst, writer: tuple[str, Any], n: NodeInst, reader: tuple[str, Any]
) -> str:
    return (
        f"`{name}` is written by node `{p.label}` ({_describe(writer, p)}) and read by node "
        f"`{n.label}` ({_describe(reader, n)}) but no catalog entry persists it: it is a "
        "MemoryDataset, and when a deployment plugin runs each namespace as its own task "
        "(`kedro airflow create --group-by namespace`) the data is lost between the two "
        "tasks. Declare it in the catalog on storage every worker reads (or keep both nodes "
        "in one namespace)."
    )
