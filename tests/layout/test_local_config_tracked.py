"""SL502 local-config-tracked on real git repositories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.layout.util import COMPLETE, engine_findings, git, make, project_findings, where

CODE = "SL502"
SECRET = "aws:\n  key: AKIA0000000000000000\n"


def test_silent_outside_git(tmp_path: Path) -> None:
    make(tmp_path, {"conf/local/credentials.yml": SECRET, ".gitignore": ""})
    assert project_findings(tmp_path, CODE) == []


def test_kedro_default_is_silent(tmp_path: Path) -> None:
    make(tmp_path, {"conf/local/credentials.yml": SECRET}, repo=True)
    tracked = git(tmp_path, "ls-files").split()
    assert "conf/local/.gitkeep" in tracked
    assert "conf/local/credentials.yml" not in tracked
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "path",
    ["conf/local/credentials.yml", "conf/local/catalog.yml", "conf/local/spark/spark.yml"],
)
def test_tracked_local_file_fires(tmp_path: Path, path: str) -> None:
    make(tmp_path, {path: SECRET}, repo=True, force_add=[path])
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line, finding.column) == (path, 1, 1)
    assert f"git rm --cached {path}" in finding.message


@pytest.mark.parametrize("name", [".gitkeep", ".keep", ".gitignore"])
def test_folder_keepers_in_conf_local_are_fine(tmp_path: Path, name: str) -> None:
    make(tmp_path, {f"conf/local/{name}": ""}, repo=True, force_add=[f"conf/local/{name}"])
    assert project_findings(tmp_path, CODE) == []


@pytest.mark.parametrize(
    "path",
    [
        "conf/base/credentials.yml",
        "conf/prod/credentials.yml",
        "conf/base/credentials_db.yaml",
        "tests/fixtures/credentials.json",
        "deploy/gcp-credentials.json",
        "CREDENTIALS.txt",
    ],
)
def test_tracked_credentials_file_anywhere_fires(tmp_path: Path, path: str) -> None:
    make(tmp_path, {path: SECRET}, repo=True)
    assert where(project_findings(tmp_path, CODE)) == {(path, 1)}


@pytest.mark.parametrize(
    "path",
    [
        "conf/base/credentials.yml.example",
        "conf/base/credentials.template.yml",
        "conf/base/credentials_sample.yml",
        "docs/credentials.md",
        "src/demo/credentials.py",
        "notebooks/credentials.ipynb",
    ],
)
def test_templates_code_and_docs_about_credentials_are_fine(tmp_path: Path, path: str) -> None:
    make(tmp_path, {path: "aws:\n  key: <your-key>\n"}, repo=True)
    assert project_findings(tmp_path, CODE) == []


def test_credentials_template_inside_conf_local_still_fires(tmp_path: Path) -> None:
    path = "conf/local/credentials.yml.example"
    make(tmp_path, {path: "aws:\n  key: <your-key>\n"}, repo=True, force_add=[path])
    assert where(project_findings(tmp_path, CODE)) == {(path, 1)}


def test_file_tracked_before_the_gitignore_rule_still_fires(tmp_path: Path) -> None:
    path = "conf/local/credentials.yml"
    make(tmp_path, {path: SECRET, ".gitignore": ""}, repo=True)
    (tmp_path / ".gitignore").write_text(COMPLETE[".gitignore"])
    git(tmp_path, "commit", "-qam", "ignore conf/local")
    assert where(project_findings(tmp_path, CODE)) == {(path, 1)}


def test_missing_gitignore_reported_on_tool_kedro(tmp_path: Path) -> None:
    make(tmp_path, {}, drop=[".gitignore"], repo=True)
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line) == ("pyproject.toml", 5)
    assert "no .gitignore" in finding.message


def test_gitignore_that_does_not_ignore_conf_local(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "__pycache__/\ndata/**\n"}, repo=True)
    findings = project_findings(tmp_path, CODE)
    # conf/local/.gitkeep is tracked and fine; the .gitignore is reported once.
    assert where(findings) == {(".gitignore", 1)}
    assert "conf/local/**" in findings[0].message


def test_gitignore_that_only_ignores_credentials_is_not_enough(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "conf/**/*credentials*\n"}, repo=True)
    (finding,) = project_findings(tmp_path, CODE)
    assert finding.path == ".gitignore"
    assert "conf/local/catalog.yml" in finding.message


def test_negation_line_that_re_includes_is_reported(tmp_path: Path) -> None:
    gitignore = "conf/local/**\n!conf/local/.gitkeep\n# why not\n!conf/local/credentials.yml\n"
    make(tmp_path, {".gitignore": gitignore}, repo=True)
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line) == (".gitignore", 4)
    assert "`!conf/local/credentials.yml`" in finding.message


@pytest.mark.parametrize(
    "files",
    [
        {".gitignore": "conf/local/\n"},
        {".gitignore": "/conf/local/*\n!/conf/local/.gitkeep\n"},
        {".gitignore": "**/local/**\n"},
        {".gitignore": "__pycache__/\n", "conf/.gitignore": "local/**\n!local/.gitkeep\n"},
        {".gitignore": "", "conf/local/.gitignore": "*\n!.gitignore\n"},
    ],
    ids=["folder", "anchored", "anywhere", "nested-in-conf", "inside-conf-local"],
)
def test_other_spellings_of_ignoring_conf_local(tmp_path: Path, files: dict[str, str]) -> None:
    make(tmp_path, files, repo=True)
    assert project_findings(tmp_path, CODE) == []


def test_deeper_gitignore_wins(tmp_path: Path) -> None:
    files = {".gitignore": "conf/local/**\n", "conf/.gitignore": "!local/credentials.yml\n"}
    make(tmp_path, files, repo=True)
    (finding,) = project_findings(tmp_path, CODE)
    assert (finding.path, finding.line) == ("conf/.gitignore", 1)


def test_machine_local_excludes_do_not_count(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "__pycache__/\n"}, repo=True)
    (tmp_path / ".git/info/exclude").write_text("conf/local/**\n")
    assert where(project_findings(tmp_path, CODE)) == {(".gitignore", 1)}


def test_no_conf_folder_no_gitignore_check(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": ""}, drop=["conf/"], repo=True)
    assert project_findings(tmp_path, CODE) == []


def test_local_environment_from_settings(tmp_path: Path) -> None:
    files = {
        "src/demo/settings.py": 'CONFIG_LOADER_ARGS = {"default_run_env": "dev"}\n',
        "conf/dev/catalog.yml": "{}\n",
        "conf/local/catalog.yml": "{}\n",
        ".gitignore": "conf/dev/**\n",
    }
    make(tmp_path, files, repo=True, force_add=["conf/dev/catalog.yml"])
    # conf/local is an ordinary environment here; conf/dev is the local one.
    assert where(project_findings(tmp_path, CODE)) == {("conf/dev/catalog.yml", 1)}


def test_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    project = tmp_path / "projects" / "demo"
    project.mkdir(parents=True)
    make(project, {"conf/local/credentials.yml": SECRET}, drop=[".gitignore"])
    (tmp_path / ".gitignore").write_text("__pycache__/\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    findings = project_findings(project, CODE)
    # Paths are relative to the project; the top-level .gitignore is outside the project, so
    # the finding about it goes to pyproject.toml.
    assert where(findings) == {("conf/local/credentials.yml", 1), ("pyproject.toml", 5)}


def test_top_level_gitignore_of_a_monorepo_counts(tmp_path: Path) -> None:
    project = tmp_path / "projects" / "demo"
    project.mkdir(parents=True)
    make(project, {"conf/local/credentials.yml": SECRET}, drop=[".gitignore"])
    (tmp_path / ".gitignore").write_text("**/conf/local/**\n!**/conf/local/.gitkeep\n")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    assert project_findings(project, CODE) == []


def test_tracked_yaml_under_conf_local_through_the_engine(tmp_path: Path) -> None:
    # A conf/local file that .gitignore does not hide is discovered, so the engine reports it.
    path = "conf/local/catalog.yml"
    make(tmp_path, {path: "{}\n", ".gitignore": "conf/local/*.csv\n"}, repo=True)
    assert (path, 1) in where(engine_findings(tmp_path, CODE))


def test_noqa_on_the_first_line_suppresses(tmp_path: Path) -> None:
    path = "conf/base/credentials.yml"
    make(tmp_path, {path: "# noqa: SL502 - fake values for the docs\n" + SECRET}, repo=True)
    assert engine_findings(tmp_path, CODE) == []


def test_gitignore_finding_through_the_engine(tmp_path: Path) -> None:
    make(tmp_path, {".gitignore": "__pycache__/\n"}, repo=True)
    assert where(engine_findings(tmp_path, CODE)) == {(".gitignore", 1)}


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # git must not find a repository above the test's folder.
    env = {**os.environ, "NO_COLOR": "1", "GIT_CEILING_DIRECTORIES": str(root.parent)}
    return subprocess.run(
        [sys.executable, "-m", "structlint", "check", ".", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )


NO_GIT_NOTE = "note: SL502/SL505 could not check which files git tracks"


def test_outside_git_the_run_says_so_and_git_stays_quiet(tmp_path: Path) -> None:
    make(tmp_path, {"conf/local/credentials.yml": SECRET})
    for args in (("--select", "SL502"), ("--select", "SL505"), ()):
        r = _cli(tmp_path, *args)
        assert r.returncode == 0, r.stdout + r.stderr
        assert "All checks passed!" in r.stdout
        assert "fatal" not in r.stderr.lower(), r.stderr  # nothing of git's own
        (note,) = [line for line in r.stderr.splitlines() if line.startswith(NO_GIT_NOTE)]
        assert "not inside a git repository" in note
    # Only about the rules that ran.
    assert NO_GIT_NOTE not in _cli(tmp_path, "--select", "SL501").stderr


def test_the_note_goes_once_the_project_is_in_git(tmp_path: Path) -> None:
    make(tmp_path, {})
    assert NO_GIT_NOTE in _cli(tmp_path).stderr  # fills the cache outside git
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "init")
    # Nothing the linter reads changed, so the run reuses the cache: not its note.
    r = _cli(tmp_path)
    assert r.returncode == 0 and NO_GIT_NOTE not in r.stderr, r.stderr
