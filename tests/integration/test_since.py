"""`structlint check --since REF` in real git repositories: only what changed since REF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.conftest import REPO_ROOT, make_project, run_structlint

BEFORE = REPO_ROOT / "docs" / "tutorial" / "before"
NODES = "src/house_prices/pipelines/price_model/nodes.py"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "structlint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "structlint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _commit(cwd: Path, message: str) -> None:
    _git(cwd, "add", "-A")
    _git(cwd, "commit", "-q", "-m", message)


def _reported(r: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str]]:
    out = []
    for line in r.stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            out.append((parts[0], int(parts[1]), parts[3].split()[0]))
    return sorted(out)


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_structlint("check", "--no-cache", "--output-format", "concise", *args, cwd=root)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The tutorial's messy project, committed once."""
    root = tmp_path / "house_prices"
    shutil.copytree(BEFORE, root, ignore=shutil.ignore_patterns(".structlint_cache"))
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "the notebook, pasted in")
    return root


def _add_violation(root: Path) -> None:
    path = root / NODES
    text = path.read_text()
    anchor = "def prepare(houses, rates):\n"
    path.write_text(
        text.replace(anchor, anchor + '    houses.to_csv("data/02_intermediate/debug.csv")\n', 1)
    )


def _line_of(root: Path, needle: str) -> int:
    lines = (root / NODES).read_text().splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_only_the_second_commits_violations(repo: Path) -> None:
    assert len(_reported(_check(repo))) >= 10
    _add_violation(repo)
    _commit(repo, "debug output")
    line = _line_of(repo, "debug.csv")
    r = _check(repo, "--since", "HEAD~1")
    assert r.returncode == 1, r.stdout + r.stderr
    assert _reported(r) == [(NODES, line, "SL101"), (NODES, line, "SL201")]
    assert _check(repo, "--since", "HEAD").returncode == 0  # nothing changed since HEAD


def test_uncommitted_and_untracked_changes_count(repo: Path) -> None:
    _add_violation(repo)  # not committed
    new = "src/house_prices/pipelines/price_model/extra.py"
    (repo / new).write_text('import pandas as pd\n\nRAW = pd.read_csv("data/01_raw/x.csv")\n')
    r = _check(repo, "--since", "main")
    codes = {(p, c) for p, _, c in _reported(r)}
    assert (NODES, "SL201") in codes and (new, "SL101") in codes
    assert all(p in (NODES, new) for p, _ in codes)


def test_a_ref_that_does_not_exist(repo: Path) -> None:
    r = _check(repo, "--since", "no-such-branch")
    assert r.returncode == 2
    assert "--since no-such-branch: no such commit, branch or tag" in r.stderr


def test_not_a_git_repository(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    r = _check(root, "--since", "main")
    assert r.returncode == 2
    assert "is not inside a git repository" in r.stderr


def test_project_in_a_folder_of_the_repository(tmp_path: Path) -> None:
    top = tmp_path / "mono"
    root = top / "projects" / "house_prices"
    shutil.copytree(BEFORE, root, ignore=shutil.ignore_patterns(".structlint_cache"))
    (top / "README.md").write_text("a monorepo\n")
    _git(top, "init", "-q", "-b", "main")
    _commit(top, "first")
    _add_violation(root)
    (top / "README.md").write_text("a monorepo, edited\n")
    _commit(top, "second")
    r = _check(root, "--since", "HEAD~1")
    assert [c for _, _, c in _reported(r)] == ["SL101", "SL201"], r.stdout


def test_since_with_a_baseline(repo: Path) -> None:
    """Both together: what the pull request adds that the baseline does not hold."""
    done = run_structlint("baseline", "--no-cache", cwd=repo)
    assert done.returncode == 0, done.stderr
    _commit(repo, "baseline")
    _add_violation(repo)
    _commit(repo, "debug output")
    r = _check(repo, "--since", "HEAD~1")
    assert [c for _, _, c in _reported(r)] == ["SL101", "SL201"]


def test_a_whole_project_finding_caused_by_a_changed_file(tmp_path: Path) -> None:
    """A pipeline stops writing a dataset: its catalog entry, whose lines did not change, is
    now unused. It is reported; the unused entry REF already had is not."""
    root = make_project(tmp_path / "proj")
    catalog = root / "conf/base/catalog.yml"
    catalog.write_text(
        catalog.read_text()
        + "\nold_unused:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/old.csv\n"
    )
    _git(root, "init", "-q", "-b", "main")
    _commit(root, "first")
    assert [c for _, _, c in _reported(_check(root))] == ["SL402"]  # old_unused
    pipeline = root / "src/demo/pipelines/demo/pipeline.py"
    pipeline.write_text(pipeline.read_text().replace('"cleaned"', '"cleaned_in_memory"'))
    _commit(root, "second")
    everything = _reported(_check(root))
    assert len([c for _, _, c in everything if c == "SL402"]) == 2
    r = _check(root, "--since", "HEAD~1")
    assert r.returncode == 1, r.stdout + r.stderr
    lines = catalog.read_text().splitlines()
    cleaned = lines.index("cleaned:") + 1
    assert _reported(r) == [("conf/base/catalog.yml", cleaned, "SL402")]
