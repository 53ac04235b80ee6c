"""Regressions found by running structlint on real Kedro projects (reconstructed outside the
repository): each test is a small synthetic project with the shape that went wrong."""

from __future__ import annotations

from pathlib import Path

from structlint.rules.layout._common import DATA_LAYERS
from tests.helpers import found, run, write_project

LAYOUT = {
    "conf/base/catalog.yml": "",
    "conf/base/parameters.yml": "",
    "conf/local/.gitkeep": "",
    **{f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS},
    "src/demo/__init__.py": "",
    "src/demo/settings.py": "",
    "src/demo/pipeline_registry.py": "def register_pipelines():\n    return {}\n",
    "src/demo/pipelines/__init__.py": "",
}


def codes(result) -> set[str]:
    return {code for _, _, code in found(result)}


def test_sl501_accepts_src_tests_of_kedro_018(tmp_path: Path) -> None:
    # Kedro 0.18 generated `src/tests/`; the root `tests/` came with 0.19.
    write_project(tmp_path, {**LAYOUT, "src/tests/__init__.py": "", "src/tests/test_run.py": ""})
    assert "SL501" not in codes(run(tmp_path, select=["SL501"]))


def test_sl501_still_reports_missing_tests(tmp_path: Path) -> None:
    write_project(tmp_path, LAYOUT)
    assert "SL501" in codes(run(tmp_path, select=["SL501"]))


def test_sl408_knows_versioned_dataset_class_names(tmp_path: Path) -> None:
    # kedro-datasets ships `spark.SparkDatasetV2`: a `V<n>` suffix is still a dataset class.
    from structlint.project.datasets import installed_dataset_types, read_shipped

    found_types, has_datasets = installed_dataset_types()
    known = found_types if has_datasets else frozenset(read_shipped())
    assert "kedro_datasets.spark.SparkDatasetV2" in known | read_shipped()
    write_project(
        tmp_path,
        {
            "conf/base/catalog.yml": "scores:\n  type: spark.SparkDatasetV2\n"
            "  filepath: data/03_primary/scores.parquet\n"
            "ranks:\n  type: spark.SparkDatasetV3x\n  filepath: data/03_primary/r.parquet\n",
            "src/demo/__init__.py": "",
        },
    )
    assert {(p, line) for p, line, c in found(run(tmp_path, select=["SL408"]))} == {
        ("conf/base/catalog.yml", 5)
    }


def test_sl407_node_reading_its_own_transcoded_output(tmp_path: Path) -> None:
    # `x@excel` -> `x@csv` in one node: Kedro rejects the node itself (not a
    # CircularDependencyError between nodes); the message says what Kedro says.
    write_project(
        tmp_path,
        {
            "conf/base/catalog.yml": "trips@excel:\n  type: pandas.ExcelDataset\n"
            "  filepath: data/01_raw/trips.xlsx\n"
            "trips@csv:\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/trips.csv\n",
            "src/demo/__init__.py": "",
            "src/demo/pipeline_registry.py": """\
                from kedro.pipeline import Pipeline, node


                def convert(trips):
                    return trips


                def register_pipelines():
                    return {"__default__": Pipeline([node(convert, "trips@excel", "trips@csv")])}
                """,
        },
    )
    result = run(tmp_path, select=["SL407"])
    assert [(f.path, f.line) for f in result.findings] == [("src/demo/pipeline_registry.py", 9)]
    assert "same inputs and outputs even if they are transcoded" in result.findings[0].message


def _pyproject(version_key: str, version: str) -> str:
    return (
        '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\n'
        f'{version_key} = "{version}"\nsource_dir = "src"\n'
    )


OLD_CATALOG = (
    "companies:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/companies.csv\n"
    "model:\n  type: pickle.PickleDataSet\n  filepath: data/06_models/model.pkl\n"
    "scratch:\n  type: MemoryDataSet\n"
    "reviews:\n  type: pandas.CSVDataSett\n  filepath: data/01_raw/reviews.csv\n"
)


def test_sl408_accepts_old_spelling_in_kedro_018_projects(tmp_path: Path) -> None:
    # A project made with Kedro 0.17/0.18 pins a Kedro whose classes are `...DataSet`.
    for key, version in (("kedro_init_version", "0.18.14"), ("project_version", "0.17.5")):
        root = tmp_path / version
        write_project(
            root,
            {
                "pyproject.toml": _pyproject(key, version),
                "conf/base/catalog.yml": OLD_CATALOG,
                "src/demo/__init__.py": "",
            },
        )
        # Only the real typo is left.
        assert [f.line for f in run(root, select=["SL408"]).findings] == [10]


def test_sl408_reports_old_spelling_from_kedro_019_on(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "pyproject.toml": _pyproject("kedro_init_version", "0.19.3"),
            "conf/base/catalog.yml": OLD_CATALOG,
            "src/demo/__init__.py": "",
        },
    )
    assert [f.line for f in run(tmp_path, select=["SL408"]).findings] == [2, 5, 8, 10]
