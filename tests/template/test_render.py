"""Light checks of every answer of every question: render, then read the files.

Each generated project here is not installed (tests/template/test_projects.py installs
and runs the main combinations); together the cases below use every choice of every
question at least once.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib
import yaml

from .support import run

# Every choice of every question appears in at least one case.
CASES = {
    "defaults": {},
    "polars-gitlab-apache": {
        "project_name": "Polar Bears",
        "dataframe_library": "polars",
        "ci": "gitlab",
        "license": "Apache-2.0",
        "python_version": "3.12",
        "kedro_viz": True,
    },
    "bare-none-bsd": {
        "project_name": "Empty_Shell-2",
        "python_package": "empty_shell",
        "include_example": False,
        "ci": "none",
        "license": "BSD-3-Clause",
        "python_version": "3.10",
        "description": "Nothing yet: a bare layout.",
        "author_name": "Ada O'Neill",
        "author_email": "ada@example.org",
    },
    "proprietary-313": {
        "license": "none",
        "python_version": "3.13",
    },
    "pyspark-airflow": {
        "project_name": "Spark Houses",
        "dataframe_library": "pyspark",
        "orchestrator": "airflow",
        "ci": "gitlab",
    },
    "pyspark-github": {"dataframe_library": "pyspark", "ci": "github"},
    "py313-polars": {
        "python_version": "3.13",
        "kedro_viz": False,
        "dataframe_library": "polars",
        "ci": "github",
    },
}

# Characters and names that Windows refuses in a file name.
WINDOWS_BAD_CHARS = re.compile(r'[<>:"|?*\x00-\x1f\\]')
WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
JINJA = re.compile(r"\{\{|\{%|\{#|%\}|#\}")

KEDRO_METADATA_KEYS = {
    "package_name",
    "project_name",
    "kedro_init_version",
    "tools",
    "example_pipeline",
    "source_dir",
}


def files_of(project: Path) -> list[Path]:
    return sorted(p for p in project.rglob("*") if p.is_file())


@pytest.fixture(scope="module", params=sorted(CASES))
def rendered(request, template_repo: Path, tmp_path_factory) -> tuple[str, Path]:
    from .support import copier_copy

    name = request.param
    dst = tmp_path_factory.mktemp(name) / "project"
    data = {"structlint_source": "kedro-structlint"} | CASES[name]
    return name, copier_copy(template_repo, dst, **data)


def test_no_unrendered_jinja(rendered: tuple[str, Path]) -> None:
    _, project = rendered
    leftovers = []
    for path in files_of(project):
        relative = path.relative_to(project).as_posix()
        if relative.startswith("templates/pipeline/"):
            continue  # `kedro pipeline create`'s own cookiecutter template
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            # GitHub Actions expressions are ${{ ... }}: not Jinja, must survive it.
            if JINJA.search(line.replace("${{", "")):
                leftovers.append(f"{relative}:{number}: {line.strip()}")
        if JINJA.search(relative):
            leftovers.append(f"file name {relative}")
    assert not leftovers, "\n".join(leftovers)


def test_file_names_are_windows_safe(rendered: tuple[str, Path]) -> None:
    _, project = rendered
    bad = []
    for path in project.rglob("*"):
        for part in path.relative_to(project).parts:
            if (
                WINDOWS_BAD_CHARS.search(part)
                or WINDOWS_RESERVED.match(part)
                or part.endswith((" ", "."))
            ):
                bad.append(path.relative_to(project).as_posix())
    assert not bad


def test_configuration_files_parse(rendered: tuple[str, Path]) -> None:
    _, project = rendered
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        if "templates" not in path.relative_to(project).parts:
            yaml.safe_load(path.read_text(encoding="utf-8"))
    pyproject = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))
    assert set(pyproject["tool"]["kedro"]) <= KEDRO_METADATA_KEYS
    assert pyproject["tool"]["ruff"]["lint"]["external"] == ["SL"]
    assert any(d.startswith("kedro~=1.7") for d in pyproject["project"]["dependencies"])
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"]
    for path in project.rglob("*.py"):
        if "templates" not in path.relative_to(project).parts:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_answers_select_the_files(rendered: tuple[str, Path]) -> None:
    name, project = rendered
    answers = {
        "include_example": True,
        "ci": "github",
        "license": "MIT",
        "dataframe_library": "pandas",
        "kedro_viz": False,
    } | CASES[name]
    package = next((project / "src").iterdir()).name
    pipelines = {p.name for p in (project / "src" / package / "pipelines").iterdir()}
    example = {"data_processing", "data_science", "reporting"}
    if answers["include_example"]:
        assert example <= pipelines
        assert (project / "data/01_raw/houses.csv").is_file()
        catalog = (project / "conf/base/catalog.yml").read_text()
        dataset_module = {"pyspark": "spark.SparkDatasetV2"}.get(
            answers["dataframe_library"], answers["dataframe_library"]
        )
        assert dataset_module in catalog
    else:
        assert not example & pipelines
        assert not (project / "data/01_raw/houses.csv").exists()
    for layer in (
        "01_raw",
        "02_intermediate",
        "03_primary",
        "04_feature",
        "05_model_input",
        "06_models",
        "07_model_output",
        "08_reporting",
    ):
        assert (project / "data" / layer / ".gitkeep").is_file()
    assert (project / ".github/workflows/ci.yml").exists() == (answers["ci"] == "github")
    assert (project / ".gitlab-ci.yml").exists() == (answers["ci"] == "gitlab")
    assert (project / "LICENSE").exists() == (answers["license"] != "none")
    pyproject = (project / "pyproject.toml").read_text()
    assert ("kedro-viz" in pyproject) == answers["kedro_viz"]
    spark = answers["include_example"] and answers["dataframe_library"] == "pyspark"
    assert (project / "conf/base/spark.yml").exists() == spark
    assert (project / "src" / package / "hooks.py").exists() == spark
    assert (project / "tests/conftest.py").exists() == spark
    assert ('"pyspark~=' in pyproject) == spark
    airflow = answers.get("orchestrator", "none") == "airflow"
    assert (project / "tests/test_airflow_dag.py").exists() == airflow
    assert ('"kedro-airflow~=' in pyproject) == airflow
    if airflow:  # Airflow itself only in its own group, not in the dev install
        groups = tomllib.loads(pyproject)["dependency-groups"]
        assert not any(d.startswith("apache-airflow") for d in groups["dev"])
        assert any(d.startswith("apache-airflow~=3.") for d in groups["airflow"])
    if answers["ci"] == "github":
        workflow = (project / ".github/workflows/ci.yml").read_text()
        assert "${{ github.workflow }}" in workflow
        assert "--output-format sarif" in workflow
        assert "upload-sarif" in workflow
        assert ("actions/setup-java@" in workflow) == spark
    if answers["ci"] == "gitlab":
        gitlab = yaml.safe_load((project / ".gitlab-ci.yml").read_text())
        assert "--output-format gitlab" in " ".join(gitlab["structlint"]["script"])
        assert gitlab["structlint"]["artifacts"]["reports"]["codequality"]
        java = "openjdk-17-jre-headless" in " ".join(gitlab["default"]["before_script"])
        assert java == spark


def test_pre_commit_hooks_install_from_the_package_index(
    rendered: tuple[str, Path],
) -> None:
    _, project = rendered
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    hooks = {}
    for repo in config["repos"]:
        assert repo["repo"] == "local", "no hook may be cloned from a git host"
        for hook in repo["hooks"]:
            assert hook["language"] in {"python", "system", "unsupported"}
            hooks[hook["id"]] = hook
    assert {
        "ruff",
        "ruff-format",
        "structlint",
        "check-yaml",
        "check-added-large-files",
        "check-merge-conflict",
        "detect-private-key",
        "nbstripout",
    } <= set(hooks)


def test_ruff_is_clean(rendered: tuple[str, Path]) -> None:
    _, project = rendered
    check = run(["ruff", "check", "--no-cache", "."], project, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    fmt = run(["ruff", "format", "--check", "--no-cache", "."], project, check=False)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_sample_data_ships_whole(rendered: tuple[str, Path]) -> None:
    _, project = rendered
    sample = project / "data/01_raw/houses.csv"
    if sample.exists():
        assert len(sample.read_text().splitlines()) > 200


def test_sample_data_is_up_to_date() -> None:
    from .support import REPO_ROOT

    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "tools/make_sample_data.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
