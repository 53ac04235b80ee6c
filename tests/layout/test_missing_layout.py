"""SL501 missing-layout on real project folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.util import engine_findings, make, project_findings

CODE = "SL501"
KEDRO_LINE = 5  # `[tool.kedro]` in tests.helpers.PYPROJECT


def test_complete_layout_is_silent(tmp_path: Path) -> None:
    make(tmp_path, {})
    assert project_findings(tmp_path, CODE) == []


def test_silent_without_tool_kedro(tmp_path: Path) -> None:
    make(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n'}, base={})
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    ("drop", "part"),
    [
        ("conf/local/", "`conf/local/`"),
        ("conf/base/catalog.yml", "`conf/base/catalog.yml`"),
        ("conf/base/parameters.yml", "`conf/base/parameters*.yml`"),
        ("conf/base/", "`conf/base/`"),
        ("conf/", "`conf/`"),
        ("data/", "`data/`"),
        ("data/06_models/", "`data/06_models/`"),
        ("src/demo/pipeline_registry.py", "`src/demo/pipeline_registry.py`"),
        ("src/demo/settings.py", "`src/demo/settings.py`"),
        ("src/demo/pipelines/", "`src/demo/pipelines/`"),
        ("src/demo/", "`src/demo/`"),
        ("tests/", "`tests/`"),
    ],
)
def test_each_missing_part_is_named(tmp_path: Path, drop: str, part: str) -> None:
    make(tmp_path, {}, drop=[drop])
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column) == ("pyproject.toml", KEDRO_LINE, 1)
    assert part in finding.message
    assert "1 part:" in finding.message


def test_all_missing_parts_in_one_finding(tmp_path: Path) -> None:
    make(tmp_path, {}, drop=["conf/local/", "data/03_primary/", "data/08_reporting/", "tests/"])
    (finding,) = project_findings(tmp_path, CODE)
    assert "3 parts" in finding.message
    assert "`data/03_primary/, data/08_reporting/`" in finding.message
    assert "conf/local/.gitkeep" in finding.message  # how to create it


def test_missing_conf_base_is_not_also_reported_as_missing_catalog(tmp_path: Path) -> None:
    make(tmp_path, {}, drop=["conf/base/"])
    (finding,) = project_findings(tmp_path, CODE)
    assert "catalog.yml`" not in finding.message.split("(")[0]
    assert "1 part:" in finding.message


@pytest.mark.parametrize(
    "files",
    [
        {"conf/base/catalog_raw.yml": "{}\n"},
        {"conf/base/catalog/raw.yml": "{}\n"},
        {"conf/base/data_science/catalog.yml": "{}\n"},
        {"conf/base/catalog.json": "{}\n"},
    ],
    ids=["catalog-star", "catalog-folder", "nested-catalog", "json"],
)
def test_catalog_found_by_kedro_patterns(tmp_path: Path, files: dict[str, str]) -> None:
    make(tmp_path, files, drop=["conf/base/catalog.yml"])
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "files",
    [
        {"conf/base/parameters_data_science.yml": "a: 1\n"},
        {"conf/base/parameters/model.yml": "a: 1\n"},
        {"conf/base/reporting/parameters.yml": "a: 1\n"},
    ],
    ids=["parameters-star", "parameters-folder", "nested"],
)
def test_parameters_found_by_kedro_patterns(tmp_path: Path, files: dict[str, str]) -> None:
    make(tmp_path, files, drop=["conf/base/parameters.yml"])
    assert project_findings(tmp_path, CODE) == []


def test_a_yaml_that_only_mentions_catalog_does_not_count(tmp_path: Path) -> None:
    make(tmp_path, {"conf/base/my_catalog_notes.txt": "x"}, drop=["conf/base/catalog.yml"])
    (finding,) = project_findings(tmp_path, CODE)
    assert "`conf/base/catalog.yml`" in finding.message


def test_conf_source_from_settings(tmp_path: Path) -> None:
    moved = {
        "src/demo/settings.py": 'CONF_SOURCE = "config"\n',
        "config/base/catalog.yml": "{}\n",
        "config/base/parameters.yml": "a: 1\n",
        "config/local/.gitkeep": "",
    }
    make(tmp_path, moved, drop=["conf/"])
    assert project_findings(tmp_path, CODE) == []
    (tmp_path / "config/local/.gitkeep").unlink()
    (tmp_path / "config/local").rmdir()
    (finding,) = project_findings(tmp_path, CODE)
    assert "`config/local/`" in finding.message


def test_environments_from_config_loader_args(tmp_path: Path) -> None:
    settings = (
        "from kedro.config import OmegaConfigLoader\n\n"
        "CONFIG_LOADER_CLASS = OmegaConfigLoader\n"
        'CONFIG_LOADER_ARGS = {"base_env": "shared", "default_run_env": "dev"}\n'
    )
    files = {
        "src/demo/settings.py": settings,
        "conf/shared/catalog.yml": "{}\n",
        "conf/shared/parameters.yml": "a: 1\n",
        "conf/dev/.gitkeep": "",
    }
    make(tmp_path, files, drop=["conf/base/", "conf/local/"])
    assert project_findings(tmp_path, CODE) == []


def test_packaged_configuration_is_not_checked(tmp_path: Path) -> None:
    make(tmp_path, {"src/demo/settings.py": 'CONF_SOURCE = "conf.tar.gz"\n'}, drop=["conf/"])
    assert project_findings(tmp_path, CODE) == []


def test_source_dir_and_package_from_tool_kedro(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "x"\n\n[tool.kedro]\npackage_name = "spaceflights"\nsource_dir = "."\n'
    )
    files = {
        "pyproject.toml": pyproject,
        "spaceflights/settings.py": "",
        "spaceflights/pipeline_registry.py": "",
        "spaceflights/pipelines/__init__.py": "",
    }
    make(tmp_path, files, drop=["src/"])
    assert project_findings(tmp_path, CODE) == []


def test_reported_on_the_tool_kedro_header_wherever_it_is(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "demo"\n\n[tool.ruff]\nline-length = 100\n\n'
        '  [tool.kedro]  # the Kedro project\npackage_name = "demo"\n'
    )
    make(tmp_path, {"pyproject.toml": pyproject}, drop=["tests/"])
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.line, finding.column, finding.end_column) == (7, 3, 15)


def test_a_file_where_a_folder_should_be_counts_as_missing(tmp_path: Path) -> None:
    make(tmp_path, {"tests": "not a folder"}, drop=["tests/"])
    (finding,) = project_findings(tmp_path, CODE)
    assert "`tests/`" in finding.message


def test_reported_by_the_engine_and_suppressed_by_noqa(tmp_path: Path) -> None:
    make(tmp_path, {}, drop=["tests/"])
    assert [(f.path, f.line) for f in engine_findings(tmp_path, CODE)] == [
        ("pyproject.toml", KEDRO_LINE)
    ]
    text = (tmp_path / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(
        text.replace("[tool.kedro]", "[tool.kedro]  # noqa: SL501")
    )
    assert engine_findings(tmp_path, CODE) == []


# A data/ folder is asked for only when the project keeps some data on its own disk.
_SQL = (
    "admissions:\n  type: pandas.SQLQueryDataset\n  sql: SELECT 1\n  credentials: db\n"
    "clean:\n  type: pandas.SQLTableDataset\n  table_name: clean\n  credentials: db\n"
)
_IN_CODE = (
    "from kedro.io import DataCatalog\n"
    "from kedro_datasets.pandas import {extra}SQLQueryDataset, SQLTableDataset\n\n"
    'CON = {{"con": "postgresql://warehouse/clinic"}}\n'
    "catalog = DataCatalog(\n"
    '    {{"admissions": SQLQueryDataset(sql="SELECT 1", credentials=CON),\n'
    '     "clean": SQLTableDataset(table_name="clean", credentials=CON),{more}}}\n'
    ")\n"
)


@pytest.mark.parametrize(
    ("files", "fires"),
    [
        ({"conf/base/catalog.yml": _SQL}, False),
        (
            {
                "conf/base/catalog.yml": "raw:\n  type: pandas.CSVDataset\n"
                "  filepath: s3://bucket/raw.csv\n"
                "parts:\n  type: partitions.PartitionedDataset\n  path: gs://bucket/parts\n"
                "  dataset: pandas.ParquetDataset\n"
                "mounted:\n  type: pandas.ParquetDataset\n  filepath: /dbfs/mnt/x.parquet\n"
                "scratch:\n  type: MemoryDataset\n"
            },
            False,
        ),
        (  # the bucket comes from globals
            {
                "conf/base/globals.yml": "root: s3://bucket/project\n",
                "conf/base/catalog.yml": "raw:\n  type: pandas.CSVDataset\n"
                "  filepath: ${globals:root}/raw.csv\n",
            },
            False,
        ),
        (  # a catalog built in code, the YAML catalog empty
            {
                "conf/base/catalog.yml": "# made in code\n",
                "src/demo/catalog.py": _IN_CODE.format(extra="", more=""),
            },
            False,
        ),
        # One dataset on the project's disk: data/ is needed.
        ({"conf/base/catalog.yml": _SQL + "model:\n  filepath: data/06_models/m.pkl\n"}, True),
        (
            {
                "conf/base/globals.yml": "root: data\n",
                "conf/base/catalog.yml": "raw:\n  type: pandas.CSVDataset\n"
                "  filepath: ${globals:root}/raw.csv\n",
            },
            True,
        ),
        (  # where the file is is known only at run time
            {
                "conf/base/catalog.yml": _SQL + "raw:\n  type: pandas.CSVDataset\n"
                "  filepath: ${oc.env:RAW}/raw.csv\n"
            },
            True,
        ),
        (
            {
                "conf/base/catalog.yml": "",
                "src/demo/catalog.py": _IN_CODE.format(
                    extra="CSVDataset, ", more='\n     "raw": CSVDataset(filepath="data/raw.csv"),'
                ),
            },
            True,
        ),
        # Nothing declared, or only memory: nothing says where the data lives.
        ({"conf/base/catalog.yml": ""}, True),
        ({"conf/base/catalog.yml": "scratch:\n  type: MemoryDataset\n"}, True),
        (  # datasets that only a test constructs do not count
            {
                "conf/base/catalog.yml": "",
                "tests/test_catalog.py": _IN_CODE.format(extra="", more=""),
            },
            True,
        ),
    ],
)
def test_no_data_folder_when_every_dataset_lives_elsewhere(
    tmp_path: Path, files: dict[str, str], fires: bool
) -> None:
    make(tmp_path, files, drop=["data/"])
    found = project_findings(tmp_path, CODE)
    assert [("`data/`" in f.message) for f in found] == ([True] if fires else [])


def test_a_missing_layer_is_asked_for_whatever_the_catalog(tmp_path: Path) -> None:
    # The exemption is for a project without data/; a data/ with some layers keeps the rule.
    make(tmp_path, {"conf/base/catalog.yml": _SQL}, drop=["data/08_reporting/"])
    (finding,) = project_findings(tmp_path, CODE)
    assert "`data/08_reporting/`" in finding.message
