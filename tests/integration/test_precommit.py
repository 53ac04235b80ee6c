"""The pre-commit hooks, through the real `pre-commit` and `git`.

The hook repository is a git snapshot of this checkout's working tree (uncommitted changes
included), so what is tested is what is on disk. pre-commit installs it the way users get it:
`pip install` of the repository into a fresh virtualenv under PRE_COMMIT_HOME, which is shared
by the whole session so the install happens once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import BROKEN, REPO_ROOT, make_project, require

pytestmark = pytest.mark.slow

# What `pip install` of the repository needs (pyproject.toml names the rest).
HOOK_REPO_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE")

IO_NODES = """\
import pandas as pd


def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    df.to_csv("data/02_intermediate/debug.csv")
    return df[df["value"] > threshold]
"""


def _git_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "structlint tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "structlint tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
    }


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture(scope="session")
def precommit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, precommit_home: Path) -> tuple[Path, str]:
    """A git repository holding this checkout's working tree, and its commit."""
    env = _git_env(precommit_home)
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in HOOK_REPO_FILES:
        if (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, repo / name)
    shutil.copytree(
        REPO_ROOT / "checks",
        repo / "checks",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".structlint_cache"),
    )
    assert (repo / ".pre-commit-hooks.yaml").is_file()
    _git(repo, env, "init", "-q", "-b", "main")
    _git(repo, env, "add", "-A")
    _git(repo, env, "commit", "-q", "-m", "snapshot of the working tree under test")
    return repo, _git(repo, env, "rev-parse", "HEAD")


@pytest.fixture
def git_project(tmp_path: Path, hook_repo: tuple[Path, str], precommit_home: Path) -> Path:
    """A small Kedro project in git whose .pre-commit-config.yaml uses the hooks under test."""
    repo, rev = hook_repo
    root = make_project(tmp_path / "proj")
    (root / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {repo}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: structlint\n"
        "      - id: structlint-project\n"
        "        stages: [manual]\n"
    )
    env = _git_env(precommit_home)
    _git(root, env, "init", "-q", "-b", "main")
    _git(root, env, "add", "-A")
    _git(root, env, "commit", "-q", "-m", "initial")
    return root


def _pre_commit(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--show-diff-on-failure", *args],
        cwd=root,
        env=_git_env(home),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def _add(root: Path, home: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    _git(root, _git_env(home), "add", "-A")


def test_hooks_file_offers_the_hooks() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    main = hooks["structlint"]
    assert main["entry"] == "structlint check"
    assert main["language"] == "python"
    assert set(main["types_or"]) == {"python", "yaml"}
    assert main["require_serial"] is True
    project = hooks["structlint-project"]
    assert project["pass_filenames"] is False and project["always_run"] is True


def test_clean_project_passes(git_project: Path, precommit_home: Path) -> None:
    r = _pre_commit(git_project, precommit_home, "--all-files")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "structlint" in r.stdout and "Passed" in r.stdout


def test_syntax_error_fails_the_hook(git_project: Path, precommit_home: Path) -> None:
    _add(git_project, precommit_home, {"src/demo/pipelines/demo/broken.py": BROKEN})
    r = _pre_commit(git_project, precommit_home, "--all-files")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "src/demo/pipelines/demo/broken.py:2:" in r.stdout
    assert "SL001" in r.stdout


def test_only_the_passed_files_are_reported(git_project: Path, precommit_home: Path) -> None:
    _add(git_project, precommit_home, {"src/demo/pipelines/demo/broken.py": BROKEN})
    r = _pre_commit(git_project, precommit_home, "--files", "src/demo/pipelines/demo/nodes.py")
    assert r.returncode == 0, r.stdout + r.stderr
    r = _pre_commit(git_project, precommit_home, "--files", "src/demo/pipelines/demo/broken.py")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "SL001" in r.stdout


def test_node_detection_sees_the_whole_project(git_project: Path, precommit_home: Path) -> None:
    """Only nodes.py is passed, but pipeline.py (not passed) is what makes `clean` a node."""
    require("SL201")
    _add(git_project, precommit_home, {"src/demo/pipelines/demo/nodes.py": IO_NODES})
    r = _pre_commit(git_project, precommit_home, "--files", "src/demo/pipelines/demo/nodes.py")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "src/demo/pipelines/demo/nodes.py:5:" in r.stdout
    assert "SL201" in r.stdout


def test_yaml_files_reach_the_hook(git_project: Path, precommit_home: Path) -> None:
    require("SL402")
    catalog = (git_project / "conf/base/catalog.yml").read_text()
    extra = "orphan:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/orphan.csv\n"
    _add(git_project, precommit_home, {"conf/base/catalog.yml": catalog + "\n" + extra})
    r = _pre_commit(git_project, precommit_home, "--files", "conf/base/catalog.yml")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "conf/base/catalog.yml:" in r.stdout and "SL402" in r.stdout


def test_project_hook_checks_everything(git_project: Path, precommit_home: Path) -> None:
    _add(git_project, precommit_home, {"src/demo/pipelines/demo/broken.py": BROKEN})
    r = _pre_commit(
        git_project,
        precommit_home,
        "structlint-project",
        "--hook-stage",
        "manual",
        "--files",
        "src/demo/pipelines/demo/nodes.py",
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "src/demo/pipelines/demo/broken.py:2:" in r.stdout
