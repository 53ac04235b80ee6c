"""SL601-SL604 and the Spark rules (SL201/SL101 extensions, SL207, SL208): each look-alike
that must stay silent sits beside a case that must still fire."""

from __future__ import annotations

from pathlib import Path

import pytest

from structlint.rules.project._examples import project
from tests.helpers import PYPROJECT, run, write_project

PIPELINE = "src/demo/pipelines/demo/pipeline.py"
NODES = "src/demo/pipelines/demo/nodes.py"
CATALOG = "conf/base/catalog.yml"
AIRFLOW = PYPROJECT.replace(
    'version = "0.1.0"\n',
    'version = "0.1.0"\ndependencies = ["kedro~=1.7", "kedro-airflow>=0.10"]\n',
)
RAW = "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n"
NODES_PY = """\
def clean(companies):
    return companies


def features(clean_companies):
    return clean_companies
"""


def _codes(tmp: Path, files: dict[str, str], code: str, config: str = "") -> list[tuple[str, int]]:
    if config:
        files = {
            **files,
            "pyproject.toml": files.get("pyproject.toml", PYPROJECT)
            + f"\n[tool.structlint]\n{config}\n",
        }
    write_project(tmp, files)
    result = run(tmp, select=[code])
    return sorted((f.path, f.line) for f in result.findings if f.code == code)


def _two_nodes(first: str, second: str) -> str:
    return f"""\
from kedro.pipeline import Node, Pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(clean, "companies", "clean_companies", name="clean"{first}),
            Node(features, "clean_companies", "features", name="features"{second}),
        ]
    )
"""


# --------------------------------------------------------------------------- SL601


@pytest.mark.parametrize(
    ("first", "second", "pyproject", "catalog", "fires"),
    [
        (', namespace="prep"', ', namespace="fe"', AIRFLOW, RAW, True),
        # no deployment plugin: no tasks to lose data between
        (', namespace="prep"', ', namespace="fe"', PYPROJECT, RAW, False),
        # one top-level namespace is one task
        (', namespace="prep.a"', ', namespace="prep.b"', AIRFLOW, RAW, False),
        # no namespaces at all: not this rule's
        ("", "", AIRFLOW, RAW, False),
        # persisted in the catalog
        (
            ', namespace="prep"',
            ', namespace="fe"',
            AIRFLOW,
            RAW + "clean_companies:\n  type: pandas.ParquetDataset\n  filepath: s3://b/c.pq\n",
            False,
        ),
        # declared, but as a MemoryDataset: still lost
        (
            ', namespace="prep"',
            ', namespace="fe"',
            AIRFLOW,
            RAW + "clean_companies:\n  type: MemoryDataset\n",
            True,
        ),
        # a factory pattern persists it
        (
            ', namespace="prep"',
            ', namespace="fe"',
            AIRFLOW,
            RAW
            + '"{name}_companies":\n  type: pandas.ParquetDataset\n'
            + "  filepath: data/02_intermediate/{name}.pq\n",
            False,
        ),
        # one node in a namespace, the other its own task
        (', namespace="prep"', "", AIRFLOW, RAW, True),
    ],
)
def test_sl601(
    tmp_path: Path, first: str, second: str, pyproject: str, catalog: str, fires: bool
) -> None:
    files = project(catalog=catalog, nodes=NODES_PY, pipeline=_two_nodes(first, second))
    files["pyproject.toml"] = pyproject
    got = _codes(tmp_path, files, "SL601")
    assert got == ([(PIPELINE, 9)] if fires else [])


def test_sl601_runtime_namespace_is_skipped(tmp_path: Path) -> None:
    files = project(
        catalog=RAW, nodes=NODES_PY, pipeline=_two_nodes(', namespace="prep"', ", namespace=NS")
    )
    files[PIPELINE] = files[PIPELINE].replace(
        "def create_pipeline", "NS = __name__.split('.')[-1]\n\n\ndef create_pipeline"
    )
    files["pyproject.toml"] = AIRFLOW
    assert _codes(tmp_path, files, "SL601") == []


def test_sl601_generated_dag_folder_and_option(tmp_path: Path) -> None:
    files = project(
        catalog=RAW, nodes=NODES_PY, pipeline=_two_nodes(', namespace="prep"', ', namespace="fe"')
    )
    files["airflow_dags/demo_dag.py"] = "from airflow import DAG\n"
    assert _codes(tmp_path / "a", dict(files), "SL601") == [(PIPELINE, 9)]
    assert _codes(tmp_path / "b", dict(files), "SL601", config="deployment-plugins = []") == []


def test_sl601_modular_namespaced_pipelines(tmp_path: Path) -> None:
    """The modular-spaceflights style: `pipeline(base, namespace=...)` twice, read by a node
    outside; the namespaced outputs are `<ns>.<name>`."""
    pipe = """\
from kedro.pipeline import Node, Pipeline, pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    base = Pipeline([Node(clean, "companies", "clean_companies", name="clean")])
    active = pipeline(base, namespace="active", inputs={"companies"})
    return active + Pipeline(
        [Node(features, "active.clean_companies", "features", name="features")]
    )
"""
    files = project(catalog=RAW, nodes=NODES_PY, pipeline=pipe)
    files["pyproject.toml"] = AIRFLOW
    assert _codes(tmp_path / "a", dict(files), "SL601") == [(PIPELINE, 7)]
    files[CATALOG] = (
        RAW
        + '"{ns}.clean_companies":\n  type: pandas.ParquetDataset\n'
        + "  filepath: data/02_intermediate/{ns}.pq\n"
    )
    assert _codes(tmp_path / "b", files, "SL601") == []


# --------------------------------------------------------------------------- SL602


@pytest.mark.parametrize(
    ("env", "path", "config", "fires"),
    [
        ("databricks", "data/03_primary/x.parquet", "", True),
        ("databricks", "file:///tmp/x.parquet", "", True),
        ("databricks", "/dbfs/mnt/lake/x.parquet", "", False),
        ("databricks", "/mnt/lake/x.parquet", "", False),
        ("databricks", "abfss://c@acct.dfs.core.windows.net/x.parquet", "", False),
        ("databricks", "${globals:root}/x.parquet", "", False),
        # an environment of another name may run on one machine
        ("prod", "data/03_primary/x.parquet", "", False),
        ("test", "data/03_primary/x.parquet", "", False),
        ("prod", "data/03_primary/x.parquet", 'cluster-environments = ["prod"]', True),
        ("local", "data/03_primary/x.parquet", 'cluster-environments = ["local"]', False),
    ],
)
def test_sl602(tmp_path: Path, env: str, path: str, config: str, fires: bool) -> None:
    files = project()
    files[f"conf/{env}/catalog.yml"] = f"x:\n  type: pandas.ParquetDataset\n  filepath: {path}\n"
    got = _codes(tmp_path, files, "SL602", config)
    assert got == ([(f"conf/{env}/catalog.yml", 3)] if fires else [])


def test_sl602_skips_anchors_and_reads_wrapped_datasets(tmp_path: Path) -> None:
    files = project()
    files["conf/cluster/catalog.yml"] = (
        "_csv: &csv\n  type: pandas.CSVDataset\n  filepath: data/x.csv\n"
        "cached:\n  type: CachedDataset\n  dataset:\n    type: pandas.CSVDataset\n"
        "    filepath: data/01_raw/y.csv\n"
    )
    assert _codes(tmp_path, files, "SL602") == [("conf/cluster/catalog.yml", 8)]


# --------------------------------------------------------------------------- SL603

SPARK = (
    "companies:\n  type: spark.SparkDatasetV2\n  filepath: data/01_raw/c.csv\n  file_format: csv\n"
)
ONE_NODE = """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies", name="clean")])
"""


@pytest.mark.parametrize(
    ("extra", "catalog", "fires"),
    [
        ({"README.md": "kedro run --runner=ParallelRunner\n"}, SPARK, True),
        ({"Makefile": "run:\n\tkedro run -r ParallelRunner --env prod\n"}, SPARK, True),
        (
            {"docs/source/deploy.md": "    kedro run --runner kedro.runner.ParallelRunner\n"},
            SPARK,
            True,
        ),
        ({"run.yml": "run:\n  pipeline: __default__\n  runner: ParallelRunner\n"}, SPARK, True),
        (
            {
                "src/demo/__main__.py": "from kedro.runner import ParallelRunner\n\n"
                "def run(session):\n    session.run(runner=ParallelRunner(max_workers=4))\n"
            },
            SPARK,
            True,
        ),
        # a CLI that offers it
        (
            {
                "src/demo/cli.py": "from kedro.runner import ParallelRunner, SequentialRunner\n\n"
                "def run(session, parallel):\n"
                "    runner = ParallelRunner() if parallel else SequentialRunner()\n"
                "    session.run(runner=runner)\n"
            },
            SPARK,
            False,
        ),
        # prose about ParallelRunner, and another runner
        ({"README.md": "Spark datasets cannot be used with ParallelRunner.\n"}, SPARK, False),
        ({"README.md": "kedro run --runner=ThreadRunner\n"}, SPARK, False),
        # a dataset ParallelRunner can pickle
        ({"README.md": "kedro run --runner=ParallelRunner\n"}, RAW, False),
        # a Spark dataset no pipeline uses is never loaded
        (
            {"README.md": "kedro run --runner=ParallelRunner\n"},
            RAW + SPARK.replace("companies:", "spare:"),
            False,
        ),
    ],
)
def test_sl603(tmp_path: Path, extra: dict[str, str], catalog: str, fires: bool) -> None:
    files = project(catalog=catalog, pipeline=ONE_NODE, **extra)
    got = _codes(tmp_path, files, "SL603")
    assert [p for p, _ in got] == ([CATALOG] if fires else [])


def test_sl603_single_process_scan_follows_subclasses() -> None:
    from structlint.rules.deploy._common import _single_process_classes, single_process_types

    texts = {
        "a.py": "class Base(AbstractDataset):\n    _SINGLE_PROCESS = True\n\n"
        "class Other(AbstractDataset):\n    x = 1\n",
        "b.py": "class Child(Base):\n    pass\n",
    }
    assert _single_process_classes(texts) == {"Base", "Child"}
    known = single_process_types()
    assert "kedro_datasets.spark.SparkDatasetV2" in known
    assert "kedro_datasets.pandas.CSVDataset" not in known


# --------------------------------------------------------------------------- SL604


@pytest.mark.parametrize(
    ("node", "pyproject", "fires"),
    [
        ('Node(clean, "companies", "clean_companies")', AIRFLOW, True),
        ('Node(clean, "companies", "clean_companies", name=None)', AIRFLOW, True),
        ('Node(clean, "companies", "clean_companies", name="clean")', AIRFLOW, False),
        ('Node(clean, "companies", "clean_companies", name=f"{STEP}_node")', AIRFLOW, False),
        ('Node(clean, "companies", "clean_companies")', PYPROJECT, False),
    ],
)
def test_sl604(tmp_path: Path, node: str, pyproject: str, fires: bool) -> None:
    pipe = f"""\
from kedro.pipeline import Node, Pipeline

from .nodes import clean

STEP = __name__.rsplit(".", 1)[-1]


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([{node}])
"""
    files = project(catalog=RAW, pipeline=pipe)
    files["pyproject.toml"] = pyproject
    assert _codes(tmp_path, files, "SL604") == ([(PIPELINE, 9)] if fires else [])


# --------------------------------------------------------------------------- Spark purity


def _node_file(
    tmp: Path, body: str, code: str, catalog: str = RAW, inputs: str = '"companies"'
) -> list[int]:
    pipe = f"""\
from kedro.pipeline import Node, Pipeline

from .nodes import step


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(step, {inputs}, "out", name="step")])
"""
    files = project(catalog=catalog, pipeline=pipe, nodes=body)
    return [line for _, line in _codes(tmp, files, code)]


def test_sl201_spark_session_reads(tmp_path: Path) -> None:
    body = """\
from pyspark.sql import SparkSession


def step(companies):
    spark = SparkSession.getActiveSession()
    companies.createOrReplaceTempView("companies")
    kept = spark.sql("SELECT * FROM companies WHERE rating > 0.5")
    lookup = spark.table("lake.lookup")
    archive = spark.sql("SELECT * FROM delta.`/mnt/lake/archive`")
    soup = companies.table("x")
    companies.writeTo("lake.out").append()
    return kept.join(lookup, "id").union(archive), soup
"""
    assert _node_file(tmp_path, body, "SL201") == [8, 9, 11]


def test_sl101_spark_sql_path(tmp_path: Path) -> None:
    body = """\
def step(companies, spark):
    a = spark.sql("SELECT * FROM parquet.`data/01_raw/a.parquet`")
    b = spark.sql("SELECT `weird col` FROM companies")
    c = spark.sql("SELECT * FROM delta.`s3a://lake/x`")
    return a, b, c
"""
    assert _node_file(tmp_path, body, "SL101", inputs='["companies", "params:spark"]') == [2]


def test_sl207_session_building(tmp_path: Path) -> None:
    body = """\
from pyspark import SparkContext
from pyspark.sql import SparkSession


def step(companies):
    a = SparkSession.builder.getOrCreate()
    b = SparkSession.getActiveSession()
    builder = SparkSession.builder.appName("x")
    c = builder.getOrCreate()
    d = SparkSession.builder.config("spark.a", "1").master("local").getOrCreate()
    sc = SparkContext("local", "x")
    return a, b, c, d, sc
"""
    assert _node_file(tmp_path, body, "SL207") == [8, 10, 11]


SPARK_IN = (
    "companies:\n  type: spark.SparkDatasetV2\n  filepath: data/01_raw/c.parquet\n"
    "  file_format: parquet\n"
)


@pytest.mark.parametrize(
    ("line", "catalog", "fires"),
    [
        ("return companies.toPandas()", SPARK_IN, True),
        ("return companies.select('a').orderBy('a').collect()", SPARK_IN, True),
        ("return companies.limit(10).toPandas()", SPARK_IN, False),
        ("return companies.groupBy('a').count().toPandas()", SPARK_IN, False),
        ("companies = companies.filter('a > 1')\n    return companies.toPandas()", SPARK_IN, False),
        # the same call on a dataset that is not Spark (polars' LazyFrame.collect)
        (
            "return companies.collect()",
            RAW.replace("pandas.CSVDataset", "polars.LazyPolarsDataset"),
            False,
        ),
    ],
)
def test_sl208(tmp_path: Path, line: str, catalog: str, fires: bool) -> None:
    body = f"def step(companies):\n    {line}\n"
    got = _node_file(tmp_path, body, "SL208", catalog=catalog)
    assert bool(got) is fires


def test_sl604_fix_names_the_node_after_its_function(tmp_path: Path) -> None:
    from structlint.core.fixes_model import apply_edits

    pipe = """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean, features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            Node(clean, "companies", "clean_companies"),
            Node(
                features,
                "clean_companies",
                "features",
            ),
            Node(features, "companies", "more_features"),
        ]
    )
"""
    files = project(catalog=RAW, nodes=NODES_PY, pipeline=pipe)
    files["pyproject.toml"] = AIRFLOW
    write_project(tmp_path, files)
    result = run(tmp_path, select=["SL604"])
    fixes = {f.line: f.fix for f in result.findings}
    assert sorted(fixes) == [9, 10, 15]
    # two unnamed nodes of `features`: naming both `features` would clash, so no fix
    assert fixes[10] is None and fixes[15] is None
    fix = fixes[9]
    assert fix is not None and fix.applicability == "unsafe"
    fixed = apply_edits(pipe, fix.edits)
    assert 'Node(clean, "companies", "clean_companies", name="clean"),' in fixed


def test_sl602_mlflow_artifact_staging_path_is_silent(tmp_path: Path) -> None:
    """everycure-org/matrix's conf/cloud: a PartitionedDataset inside kedro-mlflow's
    MlflowArtifactDataset writes a local staging folder that is uploaded to MLflow."""
    files = project()
    files["conf/cloud/catalog.yml"] = (
        "plots:\n  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset\n  dataset:\n"
        "    type: partitions.PartitionedDataset\n    path: plots\n"
        "    dataset: matplotlib.MatplotlibDataset\n"
        "tables:\n  type: partitions.PartitionedDataset\n  path: tables\n"
        "  dataset: pandas.CSVDataset\n"
    )
    assert _codes(tmp_path, files, "SL602") == [("conf/cloud/catalog.yml", 9)]
