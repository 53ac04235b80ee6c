"""The heavy choices, end to end: `dataframe_library=pyspark` and `orchestrator=airflow`.

One generated project (one virtualenv) per choice, shared by the tests of the session
(``support.shared_projects``, with test_day_two.py: a Spark or Airflow install takes
minutes; with pytest-xdist, one worker runs the tests of one project). Everything is real:
Spark runs locally on Java 17 (.ci/run installs Debian's JRE when `java` is missing),
and the Airflow project's DAG is loaded by Apache Airflow 3's own `DagBag`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from .support import Project, copier_copy, git, run, shared
from .test_projects import PIPELINES, assert_ruff_clean, assert_structlint_clean
from .test_update import edit, update, versioned_template

pytestmark = pytest.mark.slow
__all__ = ["versioned_template"]  # the fixture of test_update.py, used here too


@pytest.fixture
def spark_project(shared_projects, variant: str) -> Project:
    return shared_projects(variant)


@pytest.fixture
def airflow_project(shared_projects, variant: str) -> Project:
    return shared_projects(variant)


SPARK = shared("pyspark-gitlab")
AIRFLOW = shared("airflow-github")


def joined(result) -> str:
    return " ".join((result.stdout + result.stderr).split())


@pytest.mark.spark
@SPARK
def test_pyspark_project_runs_on_spark_tests_and_lints_clean(spark_project) -> None:
    project = spark_project
    for name in PIPELINES:
        result = project.run("kedro", "run", "--pipelines", name)
        assert "Pipeline execution completed successfully" in joined(result)
    project.run("kedro", "run")

    # Spark wrote the Parquet layers (folders of part files) that pandas then read
    root = project.path
    for folder in (
        "data/02_intermediate/preprocessed_houses.parquet",
        "data/05_model_input/model_input_table.parquet",
        "data/08_reporting/price_by_district.csv",
    ):
        parts = [p for p in (root / folder).iterdir() if p.name.startswith("part-")]
        assert parts, folder
    assert any(
        p.read_bytes()[:4] == b"PAR1"
        for p in (root / "data/05_model_input/model_input_table.parquet").glob("part-*")
    )
    catalog = yaml.safe_load((root / "conf/base/catalog.yml").read_text())
    assert catalog["raw_houses"]["type"] == "spark.SparkDatasetV2"
    assert catalog["raw_houses"]["file_format"] == "csv"
    assert catalog["model_input_table@spark"]["file_format"] == "parquet"
    metrics = json.loads((root / "data/08_reporting/metrics.json").read_text())
    assert metrics["r2"] > 0.8

    tests = project.run("pytest", "-q", "-p", "no:cacheprovider")
    summary = tests.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "skipped" not in summary, summary
    assert_ruff_clean(project)
    assert_structlint_clean(project)
    status = git("status", "--porcelain", "--untracked-files=all", cwd=root)
    assert status.stdout.strip() == "", status.stdout

    hooks = project.run("pre-commit", "run", "--all-files", check=False)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr

    # a new pipeline from the project's own template is clean at once
    project.run("kedro", "pipeline", "create", "feature_engineering")
    assert_ruff_clean(project)
    assert_structlint_clean(project)


@pytest.mark.spark
@SPARK
def test_pyspark_project_spark_settings_come_from_conf(spark_project) -> None:
    """The session is the hook's, built from conf/<env>/spark.yml (base, env on top)."""
    project = spark_project
    cluster = project.path / "conf/cluster"
    cluster.mkdir(exist_ok=True)
    (cluster / "spark.yml").write_text("spark.sql.shuffle.partitions: 7\n")
    probe = """
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
from pyspark.sql import SparkSession
bootstrap_project(".")
with KedroSession.create(project_path=".", env="cluster") as session:
    session.load_context()
    spark = SparkSession.getActiveSession()
    print("SETTINGS", spark.conf.get("spark.sql.shuffle.partitions"),
          spark.conf.get("spark.sql.session.timeZone"))
"""
    try:
        out = project.run("python", "-c", probe).stdout
    finally:
        shutil.rmtree(cluster)
    assert out.split("SETTINGS", 1)[1].split() == ["7", "UTC"]


@pytest.mark.airflow
@AIRFLOW
def test_airflow_dag_loads_in_dagbag_and_the_project_stays_clean(airflow_project) -> None:
    project = airflow_project
    # the generated test: `kedro airflow create` (with and without --group-by
    # namespace), then Airflow's DagBag, one task per node, the pipeline's dependencies
    result = project.run(
        "pytest", "-p", "no:cacheprovider", "--no-cov", "-rA", "tests/test_airflow_dag.py"
    )
    for case in ("nodes", "namespace"):
        test_id = f"test_dag_loads_in_airflow_with_one_task_per_node[{case}]"
        assert f"PASSED tests/test_airflow_dag.py::{test_id}" in result.stdout
    assert "skipped" not in result.stdout.strip().splitlines()[-1]

    # without Airflow the same test skips cleanly (an `airflow` that cannot be imported)
    blocked = project.path.parent / "no-airflow"
    (blocked / "airflow").mkdir(parents=True, exist_ok=True)
    (blocked / "airflow/__init__.py").write_text(
        "raise ModuleNotFoundError('no Airflow here', name='airflow')\n"
    )
    skipped = run(
        [str(project.bin / "pytest"), "-p", "no:cacheprovider", "--no-cov", "-rs",
         "tests/test_airflow_dag.py"],
        project.path,
        env={**project.env(), "PYTHONPATH": str(blocked)},
    )  # fmt: skip
    assert "2 skipped" in skipped.stdout
    assert "Airflow is in the `airflow` dependency group" in skipped.stdout

    # the documented step writes the DAG where the README says (git ignores it)
    project.run("kedro", "airflow", "create")
    assert (project.path / "airflow_dags/house_prices_dag.py").is_file()
    status = git("status", "--porcelain", "--untracked-files=all", cwd=project.path)
    assert status.stdout.strip() == "", status.stdout
    readme = (project.path / "README.md").read_text()
    assert "kedro airflow create" in readme and "--group airflow" in readme

    project.run("kedro", "run")
    tests = project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert " passed" in tests.stdout
    assert_ruff_clean(project)
    assert_structlint_clean(project)
    hooks = project.run("pre-commit", "run", "--all-files", check=False)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr


def test_copier_update_keeps_the_heavy_choices(versioned_template: Path, tmp_path: Path) -> None:
    """`copier update` of a pyspark + airflow project brings v2 and keeps its files."""
    project = Project(
        copier_copy(
            versioned_template,
            tmp_path / "project",
            vcs_ref="v1",
            dataframe_library="pyspark",
            orchestrator="airflow",
        )
    )
    git("init", "-q", cwd=project.path)
    project.git_commit("Generated from template v1")
    spark_yml = project.path / "conf/base/spark.yml"
    edit(spark_yml, "spark.sql.shuffle.partitions: 4", "spark.sql.shuffle.partitions: 8")
    project.git_commit("User tunes Spark")

    update(project)

    root = project.path
    params = yaml.safe_load((root / "conf/base/parameters_data_science.yml").read_text())
    assert params["model_options"]["alpha"] == 0.5
    assert "spark.sql.shuffle.partitions: 8" in spark_yml.read_text()
    assert (root / "tests/test_airflow_dag.py").is_file()
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text())
    assert answers["dataframe_library"] == "pyspark" and answers["orchestrator"] == "airflow"
    assert not list(root.rglob("*.rej"))
