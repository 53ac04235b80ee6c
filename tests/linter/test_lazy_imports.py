"""A run whose file results all come from the cache imports neither libcst nor any file rule:
only the project rules it runs (and SL408, to ask its `environment()`). Each run is a fresh
interpreter, as on the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from structlint.rules.registry import rule_infos
from tests.project.kedro_projects import CATALOG_PATH, NODES, NODES_PATH, make

# The CLI in this interpreter, then what it imported.
_RUN = """
import contextlib, io, json, sys
from structlint.cli import main

out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(sys.argv[1:])
print(json.dumps({"code": code, "output": out.getvalue(), "modules": sorted(sys.modules)}))
"""

FILE_RULE_MODULES = {r.module for r in rule_infos() if r.kind == "file"}
PROJECT_RULE_MODULES = {r.module: r for r in rule_infos() if r.kind == "project"}
# What a memoised run still runs: SL408 and SL603 read the installed kedro-datasets
# (`environment()`), SL502 and SL505 ask git.
WARM_RULES = {"SL408", "SL502", "SL505", "SL603"}


def _check(root: Path, *args: str) -> tuple[str, set[str]]:
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "true"}
    argv = ["check", str(root), "--select", "ALL", "--exit-zero", "--output-format", "concise"]
    proc = subprocess.run(
        [sys.executable, "-c", _RUN, *argv, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["code"] == 0, got["output"] + proc.stderr
    return got["output"], set(got["modules"])


def _project_rules(modules: set[str]) -> set[str]:
    return {PROJECT_RULE_MODULES[m].code for m in modules if m in PROJECT_RULE_MODULES}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    extra = {
        # Findings of file rules (every function of nodes.py counts as a node function), so
        # the cached file results are not all empty.
        NODES_PATH: NODES + "\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n",
        **{f"src/proof/util_{i}.py": f"VALUE_{i} = {i}\n" for i in range(20)},
    }
    make(tmp_path, extra)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_warm_run_imports_no_libcst_and_no_file_rule(project: Path, jobs: str) -> None:
    cold, cold_modules = _check(project, "--jobs", "1")
    # The test is real: a run that parses files does import them.
    assert "libcst" in cold_modules
    assert cold_modules >= FILE_RULE_MODULES
    assert "SL201" in cold and "SL101" in cold

    warm, modules = _check(project, "--jobs", jobs)
    assert warm == cold
    assert "libcst" not in modules
    assert not FILE_RULE_MODULES & modules
    assert _project_rules(modules) == WARM_RULES

    # A config file changes: every file result still comes from the cache, and the project
    # rules all run again (imported, and nothing more).
    catalog = project / CATALOG_PATH
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\nextra:\n  type: MemoryDataset\n")
    again, modules = _check(project, "--jobs", jobs)
    assert "SL402" in again and "extra" in again  # the new entry is used by no node
    assert "libcst" not in modules
    assert not FILE_RULE_MODULES & modules
    assert _project_rules(modules) == {r.code for r in PROJECT_RULE_MODULES.values()}


def test_a_changed_python_file_is_parsed_again(project: Path) -> None:
    _check(project, "--jobs", "1")
    nodes = project / NODES_PATH
    nodes.write_text(nodes.read_text(encoding="utf-8") + "\n\nX = 1\n", encoding="utf-8")
    _, modules = _check(project, "--jobs", "1")
    assert "libcst" in modules


def test_a_few_changed_files_are_checked_beside_the_project_rules(project: Path) -> None:
    """With more than one job, even one changed file goes to a worker process, which parses it
    (libcst's import included) while this process runs the whole-project rules: the findings
    are those of a run in one process, and this process never imports libcst."""
    _check(project, "--jobs", "2")
    nodes = project / NODES_PATH
    nodes.write_text(
        nodes.read_text(encoding="utf-8") + "\n\ndef more():\n    open('data/x.csv')\n",
        encoding="utf-8",
    )
    both, modules = _check(project, "--jobs", "2")
    assert "libcst" not in modules
    assert "SL201" in both  # the new I/O in a node function, found by a file rule in the worker
    alone, _ = _check(project, "--jobs", "1", "--no-cache")
    assert both == alone
