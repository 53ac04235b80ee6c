"""SL505 data-in-git on real git repositories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.util import engine_findings, git, make, project_findings, where

CODE = "SL505"
CSV = "id,name\n1,Acme\n"
NO_DATA_RULES = {".gitignore": "conf/local/**\n!conf/local/.gitkeep\n"}


def test_silent_outside_git(tmp_path: Path) -> None:
    make(tmp_path, {"data/01_raw/companies.csv": CSV, **NO_DATA_RULES})
    assert project_findings(tmp_path, CODE) == []


def test_kedro_default_tracks_only_gitkeep(tmp_path: Path) -> None:
    make(tmp_path, {"data/01_raw/companies.csv": CSV}, repo=True)
    assert "data/01_raw/.gitkeep" in git(tmp_path, "ls-files")
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "path",
    [
        "data/01_raw/companies.csv",
        "data/06_models/regressor.pickle",
        "data/08_reporting/plot.png",
        "data/01_raw/nested/deeper/shuttles.xlsx",
        "data/notes.txt",
        "data/01_raw/.hidden.parquet",
    ],
)
def test_tracked_data_file_fires(tmp_path: Path, path: str) -> None:
    make(tmp_path, {path: CSV, **NO_DATA_RULES}, repo=True)
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column) == (path, 1, 1)
    assert f"git rm --cached {path}" in finding.message


def test_one_finding_per_file(tmp_path: Path) -> None:
    files = {f"data/01_raw/part-{i}.csv": CSV for i in range(3)}
    make(tmp_path, {**files, **NO_DATA_RULES}, repo=True)
    assert where(project_findings(tmp_path, CODE)) == {(p, 1) for p in files}


def test_force_added_despite_gitignore_fires(tmp_path: Path) -> None:
    path = "data/02_intermediate/preprocessed.parquet"
    make(tmp_path, {path: "PAR1"}, repo=True, force_add=[path])
    assert where(project_findings(tmp_path, CODE)) == {(path, 1)}


@pytest.mark.parametrize(
    "path",
    [
        "data/.gitkeep",
        "data/01_raw/.keep",
        "data/.gitignore",
        "data/README.md",
        "data/01_raw/readme.txt",
        "data/01_raw/companies.csv.dvc",
        "data/layers.rst",
    ],
)
def test_files_that_are_not_data(tmp_path: Path, path: str) -> None:
    make(tmp_path, {path: "x\n", **NO_DATA_RULES}, repo=True)
    assert project_findings(tmp_path, CODE) == []


def test_data_outside_data_folder_is_not_this_rules(tmp_path: Path) -> None:
    files = {"tests/fixtures/companies.csv": CSV, "docs/data/x.csv": CSV, "database.csv": CSV}
    make(tmp_path, {**files, **NO_DATA_RULES}, repo=True)
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "allow",
    [
        '["data/01_raw/houses.csv"]',
        '["data/01_raw/*.csv"]',
        '["data/01_raw/"]',
        '["houses.csv"]',
    ],
)
def test_allow_data(tmp_path: Path, allow: str) -> None:
    make(
        tmp_path,
        {"data/01_raw/houses.csv": CSV, **NO_DATA_RULES},
        config=f"allow-data = {allow}",
        repo=True,
    )
    assert project_findings(tmp_path, CODE) == []


def test_allow_data_lists_only_what_it_names(tmp_path: Path) -> None:
    files = {"data/01_raw/houses.csv": CSV, "data/01_raw/companies.csv": CSV}
    make(
        tmp_path,
        {**files, **NO_DATA_RULES},
        config='allow-data = ["data/01_raw/houses.csv"]',
        repo=True,
    )
    assert where(project_findings(tmp_path, CODE)) == {("data/01_raw/companies.csv", 1)}


def test_allow_data_must_be_a_list_of_strings(tmp_path: Path) -> None:
    from structlint.inputs.config import ConfigError, load_settings

    make(tmp_path, {}, config='allow-data = "data/01_raw/houses.csv"')
    with pytest.raises(ConfigError, match="allow-data"):
        load_settings(tmp_path)


def test_git_lfs_files_are_fine(tmp_path: Path) -> None:
    files = {
        ".gitattributes": "data/01_raw/*.parquet filter=lfs diff=lfs merge=lfs -text\n",
        "data/01_raw/big.parquet": "PAR1",
        "data/01_raw/small.csv": CSV,
        **NO_DATA_RULES,
    }
    make(tmp_path, files, repo=True)
    assert where(project_findings(tmp_path, CODE)) == {("data/01_raw/small.csv", 1)}


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = tmp_path / "projects" / "demo"
    project.mkdir(parents=True)
    make(project, {"data/01_raw/companies.csv": CSV, **NO_DATA_RULES})
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "outside.csv").write_text(CSV)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    assert where(project_findings(project, CODE)) == {("data/01_raw/companies.csv", 1)}


def test_untracked_data_is_fine(tmp_path: Path) -> None:
    make(tmp_path, NO_DATA_RULES, repo=True)
    (tmp_path / "data/01_raw/companies.csv").write_text(CSV)  # written after `git add`
    assert project_findings(tmp_path, CODE) == []


def test_yaml_data_file_through_the_engine(tmp_path: Path) -> None:
    # A data file that discovery lists (.yml), so the engine reports it as the rule does.
    path = "data/01_raw/companies.yml"
    make(tmp_path, {path: "- a\n", **NO_DATA_RULES}, repo=True)
    assert where(engine_findings(tmp_path, CODE)) == {(path, 1)}


def test_csv_through_the_engine(tmp_path: Path) -> None:
    path = "data/01_raw/companies.csv"
    make(tmp_path, {path: CSV, **NO_DATA_RULES}, repo=True)
    assert where(engine_findings(tmp_path, CODE)) == {(path, 1)}
