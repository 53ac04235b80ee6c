"""SL602 local-path-in-cluster-env: a catalog path on the local disk, written in an
environment folder meant for a cluster."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import YMap
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._examples import project
from structlint.rules.rule import Example, Option, ProjectRule

PATH_KEYS = ("filepath", "path", "filename")
# Wrappers whose inner dataset writes a local copy that they then upload (kedro-mlflow).
_STAGING_WRAPPERS = frozenset({"mlflowartifactdataset"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
DEFAULT_ENVS = (
    "cluster",
    "cloud",
    "remote",
    "aws",
    "gcp",
    "azure",
    "spark",
    "databricks",
    "emr",
    "dataproc",
    "synapse",
    "glue",
    "k8s",
    "kubernetes",
    "airflow",
    "kubeflow",
    "vertexai",
    "sagemaker",
    "azureml",
)


def local_path(value: str) -> str | None:
    """Why a path is on the machine that runs the node, or None when it is not (a URL, an
    absolute path, which may be a mount every worker shares, or unknown)."""
    v = value.strip()
    if not v or v.startswith(("{", "$")):
        return None
    if v.lower().startswith("file:"):
        return "a `file:` URL of the local disk"
    if _SCHEME.match(v) and not re.match(r"^[A-Za-z]:[\\/]", v):
        return None
    if v.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:[\\/]", v):
        return None  # absolute: SL403's when it is not portable; may be a shared mount
    return "relative to the project folder of the machine that runs the node"


class LocalPathInClusterEnv(ProjectRule):
    code = "SL602"
    name = "local-path-in-cluster-env"
    summary = (
        "A catalog path on the local disk (`data/...`) in a configuration environment meant "
        "for a cluster."
    )
    options = (
        Option(
            "cluster-environments",
            "list[str]",
            list(DEFAULT_ENVS),
            "Names of `conf/<env>/` folders that SL602 treats as running on a cluster or an "
            "orchestrator (case-insensitive; `base` and `local` never are).",
        ),
    )
    explanation = """
An environment folder such as `conf/databricks/` or `conf/cluster/` exists to point the
catalog at storage that the cluster's workers share (`s3://`, `abfss://`, `dbfs:/`,
`/Volumes/...`): `kedro run --env databricks` merges it over `conf/base/`. A path written there
relative to the project (`data/03_primary/x.parquet`) or as `file://` names the disk of one
machine: on a Spark cluster each executor looks for it on its own disk, and under an
orchestrator each task starts on a fresh worker, so what one task writes the next does not
find.

structlint reports `filepath`, `path` and `filename` of every catalog entry and factory pattern
written in an environment folder whose name is in `cluster-environments` (default: cluster,
cloud, remote, aws, gcp, azure, spark, databricks, emr, dataproc, synapse, glue, k8s,
kubernetes, airflow, kubeflow, vertexai, sagemaker, azureml; compared case-insensitively)
when the path is relative or a `file:` URL.
`base` and `local` are never such folders, and an environment of another name (`test`, `dev`,
`prod`, which may well run on one machine) is not checked unless you name it: add
`cluster-environments = ["prod", "staging"]` for yours. Not reported: URLs of remote storage,
absolute paths (a mount every worker may share; SL403 judges the portable ones), and paths
that start with an interpolation (`${globals:bucket}/x`), whose value depends on the
environment's globals, and the dataset inside a kedro-mlflow `MlflowArtifactDataset`, whose
local path only stages the file it uploads to MLflow's artifact store. Entries inherited from
`conf/base/` are not this rule's: only what the cluster environment itself writes.

Instead: write the storage the cluster shares (`s3a://bucket/03_primary/x.parquet`,
`/Volumes/main/demo/data/x.parquet`), or leave the entry out of the cluster environment.
"""
    bad = (
        Example(
            """\
model_input_table:
  type: spark.SparkDatasetV2
  filepath: data/03_primary/model_input_table.parquet  # expect: SL602
  file_format: parquet
""",
            path="conf/databricks/catalog.yml",
            files=project(),
        ),
    )
    good = (
        Example(
            """\
model_input_table:
  type: spark.SparkDatasetV2
  filepath: /Volumes/main/demo/data/model_input_table.parquet
  file_format: parquet
companies:
  type: spark.SparkDatasetV2
  filepath: s3a://demo-bucket/01_raw/companies.csv
  file_format: csv
""",
            path="conf/databricks/catalog.yml",
            files=project(
                {
                    "conf/test/catalog.yml": """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies_sample.csv
"""
                }
            ),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        wanted = {e.lower() for e in project.settings.get("cluster-environments")}
        wanted -= {conf.base_env.lower(), "local", ""}
        if not wanted:
            return
        for f in conf.files:
            if f.env.lower() not in wanted or not isinstance(f.data, YMap):
                continue
            if conf.kind_of(f) != "catalog":
                continue
            for name, cfg in f.data.items():
                if str(name).startswith("_"):
                    continue  # a YAML anchor or catalog-local variable
                yield from self._entry(str(name), cfg, f.env)

    def _entry(self, name: str, cfg: Any, env: str, depth: int = 0) -> Iterator[Finding]:
        if not isinstance(cfg, YMap) or depth > 3:
            return
        for key in PATH_KEYS:
            raw = cfg.get(key)
            if not isinstance(raw, str):
                continue
            why = local_path(raw)
            if why is None:
                continue
            yield finding(
                self.code,
                f"`{key}` of `{name}` in environment `{env}` is `{raw}`, {why}: on a cluster "
                "or under an orchestrator each worker has its own disk, so the data written "
                "there is not where the next task or executor reads it. Point it at storage "
                "the workers share (`s3a://`, `abfss://`, `dbfs:/`, `/Volumes/...`).",
                cfg.locs[key],
                width=len(key),
            )
        inner = cfg.get("dataset")
        kind = cfg.get("type")
        if isinstance(kind, str) and kind.rsplit(".", 1)[-1].lower() in _STAGING_WRAPPERS:
            return  # the inner path is a local staging copy of what goes to MLflow's store
        if isinstance(inner, YMap):
            yield from self._entry(name, inner, env, depth + 1)
