"""The Airflow DAG of the default pipeline: `kedro airflow create` writes it, Airflow loads it.

Airflow is not in the dev group (it is heavy): install it with
`pip install -e . --group dev --group airflow`. Without it these tests are skipped.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from kedro.framework.project import pipelines
from kedro.framework.startup import bootstrap_project
from slugify import slugify

PROJECT_PATH = Path(__file__).resolve().parents[1]
# kedro-airflow names the DAG after the package
DAG_ID = slugify("{{ cookiecutter.python_package }}")


def create_dag(target: Path, *options: str) -> Path:
    """Run `kedro airflow create` for the default pipeline into ``target``."""
    subprocess.run(
        [sys.executable, "-m", "kedro", "airflow", "create", "--target-dir",
         str(target), *options],
        cwd=PROJECT_PATH,
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    (dag_file,) = target.glob("*.py")
    return dag_file


def expected_tasks() -> dict[str, set[str]]:
    """Each node of the default pipeline as a task id, with its upstream task ids."""
    bootstrap_project(PROJECT_PATH)
    pipeline = pipelines["__default__"]
    return {
        slugify(node.name): {slugify(parent.name) for parent in parents}
        for node, parents in pipeline.node_dependencies.items()
    }


@pytest.mark.parametrize(
    "options", [(), ("--group-by", "namespace")], ids=["nodes", "namespace"]
)
def test_dag_loads_in_airflow_with_one_task_per_node(
    options: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Airflow reads its configuration and database location from AIRFLOW_HOME when it
    # is imported: keep them out of the user's home directory.
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow-home"))
    airflow_models = pytest.importorskip(
        "airflow.models", reason="Airflow is in the `airflow` dependency group"
    )

    dag_file = create_dag(tmp_path / "dags", *options)
    bag = airflow_models.DagBag(dag_folder=str(dag_file.parent), include_examples=False)

    assert bag.import_errors == {}
    assert sorted(bag.dags) == [DAG_ID]
    dag = bag.dags[DAG_ID]  # as parsed (get_dag() would ask Airflow's database)
    # The pipelines have no namespaces, so grouping by namespace keeps one task per node.
    tasks = {task.task_id: set(task.upstream_task_ids) for task in dag.tasks}
    assert tasks == expected_tasks()
