"""Generated projects work: install, run, test, lint, exactly as their README says.

Full checks on the main combinations (pandas with the default answers, polars: the
projects that tests/template/test_day_two.py uses too, see ``support.shared_projects``);
tests/template/test_render.py covers every other answer more lightly.
"""

from __future__ import annotations

import json

import pytest

from .support import LINTER_MISSING, Project, git, package_of, shared

pytestmark = pytest.mark.slow

PIPELINES = ["data_processing", "data_science", "reporting"]

BAD_NODE = '''

def read_notes() -> str:
    """Read the notes (wrong: the catalog should load them)."""
    with open("data/01_raw/notes.txt", encoding="utf-8") as notes:
        return notes.read()
'''


def assert_structlint_clean(project: Project) -> None:
    if LINTER_MISSING:
        pytest.skip("the structlint linter (checks/structlint/cli.py) is not there yet")
    result = project.run("structlint", "check", "--select", "ALL", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for fmt in ("sarif", "gitlab", "json"):
        report = project.run("structlint", "check", "--output-format", fmt, check=False)
        assert report.returncode == 0, report.stdout + report.stderr
        json.loads(report.stdout)


def assert_ruff_clean(project: Project) -> None:
    check = project.run("ruff", "check", "--no-cache", ".", check=False)
    assert check.returncode == 0, check.stdout
    fmt = project.run("ruff", "format", "--check", "--no-cache", ".", check=False)
    assert fmt.returncode == 0, fmt.stdout


@shared("pandas-github", "polars-gitlab")
def test_example_project_runs_tests_and_lints_clean(shared_projects, variant: str) -> None:
    project = shared_projects(variant)

    # each pipeline on its own, in the order their inputs appear, then all of them;
    # stdin is closed, so a telemetry (or any other) prompt would fail, not hang
    for name in PIPELINES:
        result = project.run("kedro", "run", "--pipelines", name)
        output = " ".join((result.stdout + result.stderr).split())
        assert "Pipeline execution completed successfully" in output, output
    project.run("kedro", "run")
    for output in (
        "data/02_intermediate/preprocessed_houses.parquet",
        "data/05_model_input/model_input_table.parquet",
        "data/08_reporting/metrics.json",
        "data/08_reporting/price_by_district.csv",
    ):
        assert (project.path / output).is_file(), output
    metrics = json.loads((project.path / "data/08_reporting/metrics.json").read_text())
    assert metrics["r2"] > 0.8

    tests = project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert " passed" in tests.stdout
    assert_ruff_clean(project)
    assert_structlint_clean(project)

    # data written by the runs stays out of git; only the sample is tracked
    status = git("status", "--porcelain", "--untracked-files=all", cwd=project.path)
    assert status.stdout.strip() == "", status.stdout
    tracked = git("ls-files", "data", cwd=project.path).stdout.split()
    assert set(tracked) == {f"data/{p}" for p in ("01_raw/houses.csv",)} | {
        line for line in tracked if line.endswith(".gitkeep")
    }

    hooks = project.run("pre-commit", "run", "--all-files", check=False)
    assert hooks.returncode == 0, hooks.stdout + hooks.stderr

    # the installed hook stops a commit that breaks the structure
    package = package_of(project)
    project.run("pre-commit", "install")
    nodes = project.path / "src" / package / "pipelines/data_processing/nodes.py"
    original = nodes.read_text(encoding="utf-8")
    nodes.write_text(original + BAD_NODE, encoding="utf-8")
    git("add", "-A", cwd=project.path)
    commit = git("commit", "-q", "-m", "read a file in a node", cwd=project.path, check=False)
    assert commit.returncode != 0
    if not LINTER_MISSING:
        assert "SL101" in commit.stdout + commit.stderr
    nodes.write_text(original, encoding="utf-8")
    git("add", "-A", cwd=project.path)

    # a new pipeline from the project's own pipeline template is clean at once
    project.run("kedro", "pipeline", "create", "feature_engineering")
    created = project.path / "src" / package / "pipelines" / "feature_engineering"
    assert (created / "nodes.py").is_file()
    assert (project.path / "conf/base/parameters_feature_engineering.yml").is_file()
    assert (project.path / "tests/pipelines/feature_engineering/test_pipeline.py").is_file()
    project.run("kedro", "run", "--pipelines", "data_processing")
    project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert_ruff_clean(project)
    assert_structlint_clean(project)


def test_project_without_example(project_factory) -> None:
    project = project_factory(include_example=False, ci="none", license="none", kedro_viz=True)

    result = project.run("kedro", "run", check=False)
    assert result.returncode != 0
    assert "Pipeline contains no nodes" in " ".join((result.stdout + result.stderr).split())

    project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert_ruff_clean(project)
    assert_structlint_clean(project)

    project.run("kedro", "pipeline", "create", "first")
    project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert_ruff_clean(project)
    assert_structlint_clean(project)
