"""``copier update`` brings a later template version in and keeps the user's edits.

The template at tag v1 generates a project; the user commits edits (a catalog entry,
a node, a new pipeline, README lines); the template changes and is tagged v2;
``copier update --defaults`` must bring the change, keep every edit, and leave a
project that still runs, tests and lints clean. A clash is left visible.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .support import LINTER_MISSING, Project, copier_copy, git, run, snapshot_checkout

pytestmark = pytest.mark.slow

PROJECT_DIR = "template/{{ cookiecutter.repo_name }}"
# A README line that template v2 changes (and one test's user changes too).
TEMPLATE_README_LINE = "pytest                             # with a coverage report of the package"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def versioned_template(tmp_path_factory) -> Path:
    """A copy of the template whose history has tags v1 and, one change later, v2."""
    repo = tmp_path_factory.mktemp("template-history") / "template"
    snapshot_checkout(repo)
    git("tag", "v1", cwd=repo)
    root = repo / PROJECT_DIR
    # v2 changes a parameter, a comment of a file the users edit elsewhere, and adds a file
    edit(root / "conf/base/parameters_data_science.yml", "alpha: 1.0", "alpha: 0.5")
    edit(
        root / "conf/base/catalog.yml",
        "# The Data Catalog:",
        "# (template v2) The Data Catalog:",
    )
    edit(root / "README.md", TEMPLATE_README_LINE, TEMPLATE_README_LINE + " (template v2)")
    (root / "CONTRIBUTING.md").write_text(
        "# Contributing\n\nRun `pre-commit install` before your first commit.\n",
        encoding="utf-8",
    )
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "template v2", cwd=repo)
    git("tag", "v2", cwd=repo)
    return repo


def generate_v1(template: Path, dst: Path) -> Project:
    project = Project(copier_copy(template, dst, vcs_ref="v1"))
    git("init", "-q", cwd=project.path)
    project.git_commit("Generated from template v1")
    return project


def update(project: Project) -> None:
    import copier

    copier.run_update(
        str(project.path), defaults=True, overwrite=True, quiet=True, conflict="inline"
    )


def test_update_keeps_user_edits_and_brings_the_template_change(
    versioned_template: Path, tmp_path: Path
) -> None:
    project = generate_v1(versioned_template, tmp_path / "project")
    project.install()
    root = project.path
    package = root / "src" / "house_prices"

    # the user's edits
    edit(
        root / "conf/base/catalog.yml",
        "filepath: data/08_reporting/price_by_district.csv",
        "filepath: data/08_reporting/district_prices.csv",
    )
    edit(package / "pipelines/reporting/nodes.py", "enough", "big_enough")
    edit(package / "pipelines/reporting/nodes.py", "enough", "big_enough")
    with (root / "README.md").open("a", encoding="utf-8") as readme:
        readme.write("\n## Our team's notes\n\nWe deploy on Fridays.\n")
    project.run("kedro", "pipeline", "create", "feature_engineering")
    project.git_commit("User edits")

    update(project)

    # the template's change arrived ...
    params = yaml.safe_load((root / "conf/base/parameters_data_science.yml").read_text())
    assert params["model_options"]["alpha"] == 0.5
    assert (root / "CONTRIBUTING.md").is_file()
    catalog = (root / "conf/base/catalog.yml").read_text()
    assert catalog.startswith("# (template v2) The Data Catalog:")
    answers = yaml.safe_load((root / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v2"
    # ... and every user edit stayed
    assert "data/08_reporting/district_prices.csv" in catalog
    assert "big_enough" in (package / "pipelines/reporting/nodes.py").read_text()
    assert "We deploy on Fridays." in (root / "README.md").read_text()
    assert (package / "pipelines/feature_engineering/pipeline.py").is_file()
    assert (root / "tests/pipelines/feature_engineering/test_pipeline.py").is_file()
    assert (root / "conf/base/parameters_feature_engineering.yml").is_file()
    leftovers = [p for p in root.rglob("*.rej")] + [
        p
        for p in root.rglob("*")
        if p.is_file() and ".venv" not in p.parts and b"<<<<<<<" in p.read_bytes()
    ]
    assert not leftovers

    # and the project still works (kedro-structlint moved to the v2 commit)
    project.install()
    project.run("kedro", "run")
    assert (root / "data/08_reporting/district_prices.csv").is_file()
    project.run("pytest", "-q", "-p", "no:cacheprovider")
    project.run("ruff", "check", "--no-cache", ".")
    project.run("ruff", "format", "--check", "--no-cache", ".")
    if not LINTER_MISSING:
        result = project.run("structlint", "check", "--select", "ALL", check=False)
        assert result.returncode == 0, result.stdout + result.stderr


def test_conflicting_edit_is_left_visible(versioned_template: Path, tmp_path: Path) -> None:
    project = generate_v1(versioned_template, tmp_path / "project")
    params = project.path / "conf/base/parameters_data_science.yml"
    edit(params, "alpha: 1.0", "alpha: 2.0")  # the line that v2 changes to 0.5
    project.git_commit("User tunes alpha")

    update(project)

    text = params.read_text()
    rejects = list(project.path.rglob("*.rej"))
    # never silently dropped: either inline markers holding both, or a .rej file
    if rejects:
        assert "2.0" in text or any("2.0" in r.read_text() for r in rejects)
    else:
        assert "<<<<<<<" in text and ">>>>>>>" in text
        assert "alpha: 2.0" in text
        assert "alpha: 0.5" in text


def test_conflict_in_markdown_is_caught_before_commit(
    versioned_template: Path, tmp_path: Path
) -> None:
    """A conflict in a plain-text file (no YAML or Python check would see it) cannot be
    committed: the project's check-merge-conflict hook stops `git commit`."""
    project = generate_v1(versioned_template, tmp_path / "project")
    readme = project.path / "README.md"
    edit(
        readme,
        TEMPLATE_README_LINE,
        "pytest -x                          # stop at the first failure",
    )
    project.git_commit("User edits the README")

    update(project)

    text = readme.read_text()
    assert "<<<<<<<" in text and ">>>>>>>" in text
    project.install()
    project.run("pre-commit", "install")
    git("add", "-A", cwd=project.path)
    # SKIP: the structlint hook's environment (the linter from this test's template
    # copy) is the one slow to build, and it has nothing to say about a README
    commit = run(
        ["git", "commit", "-q", "-m", "Update the template"],
        project.path,
        env={**project.env(), "SKIP": "structlint"},
        check=False,
    )
    assert commit.returncode != 0
    out = commit.stdout + commit.stderr
    assert "check for merge conflict markers" in out
    assert "README.md" in out and "Merge conflict string" in out
    assert (
        git("log", "-1", "--format=%s", cwd=project.path).stdout.strip() == "User edits the README"
    )
