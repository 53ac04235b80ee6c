"""`structlint check --fix / --unsafe-fixes / --diff / --show-fixes` as users run them: the
real command on a real project on disk (and, where a test must act between the check and
the writing, the fixer's API in this process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from structlint.api import CheckResult, Project
from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.fixer import FixPolicy, fix_project
from tests.integration.conftest import make_project, run_structlint

NODES_PATH = "src/demo/pipelines/demo/nodes.py"

# SL203 with its safe fix (a frame argument changed in place, in a node that returns).
MUTATING = """\
import pandas as pd


def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    df["flag"] = df["value"] > threshold
    return df
"""

FIXED = """\
import pandas as pd


def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    df = df.copy()
    df["flag"] = df["value"] > threshold
    return df
"""


@pytest.fixture
def mutating(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj", {NODES_PATH: MUTATING})


def _nodes(root: Path) -> str:
    return (root / NODES_PATH).read_text(encoding="utf-8")


def test_check_marks_the_fixable_finding_and_counts_it(mutating: Path) -> None:
    r = run_structlint("check", "--no-cache", cwd=mutating)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{NODES_PATH}:5:5: SL203 [*] mutates-input" in r.stdout
    assert "[*] 1 fixable with --fix." in r.stdout
    assert _nodes(mutating) == MUTATING


def test_fix_applies_and_a_second_run_changes_nothing(mutating: Path) -> None:
    r = run_structlint("check", "--fix", cwd=mutating)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Fixed 1 finding." in r.stdout and "All checks passed!" in r.stdout
    assert _nodes(mutating) == FIXED
    again = run_structlint("check", "--fix", "--show-fixes", cwd=mutating)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No fixes applied." in again.stdout
    assert _nodes(mutating) == FIXED


def test_show_fixes_lists_each_fix(mutating: Path) -> None:
    r = run_structlint("check", "--fix", "--show-fixes", "--no-cache", cwd=mutating)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Fixed 1 finding:" in r.stdout
    assert f"- {NODES_PATH}:5: SL203 Copy `df` at the top of node `clean`" in r.stdout


def test_diff_prints_the_diff_writes_nothing_and_exits_1(mutating: Path) -> None:
    r = run_structlint("check", "--diff", "--no-cache", cwd=mutating)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"--- a/{NODES_PATH}\n+++ b/{NODES_PATH}\n" in r.stdout
    assert "+    df = df.copy()\n" in r.stdout
    assert "Would fix 1 finding in 1 file." in r.stderr
    assert _nodes(mutating) == MUTATING  # nothing written
    run_structlint("check", "--fix", "--no-cache", cwd=mutating)
    clean = run_structlint("check", "--diff", "--no-cache", cwd=mutating)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout == ""


def test_diff_shows_created_files(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    (root / "data/06_models/.gitkeep").unlink()
    (root / "data/06_models").rmdir()
    r = run_structlint("check", "--diff", "--select", "SL501", "--no-cache", cwd=root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "diff --git a/data/06_models/.gitkeep b/data/06_models/.gitkeep\nnew file mode" in (
        r.stdout
    )
    assert not (root / "data/06_models").exists()
    fixed = run_structlint("check", "--fix", "--select", "SL501", "--no-cache", cwd=root)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert (root / "data/06_models/.gitkeep").read_text() == ""


def test_unsafe_fixes_only_with_the_flag(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "proj", {NODES_PATH: MUTATING}, config='extend-unsafe-fixes = ["SL203"]\n'
    )
    r = run_structlint("check", "--fix", "--no-cache", cwd=root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "SL203 [*]" not in r.stdout
    assert "[*] 0 fixable with --fix (1 more with --unsafe-fixes)." in r.stdout
    assert _nodes(root) == MUTATING
    r = run_structlint("check", "--fix", "--unsafe-fixes", "--no-cache", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert _nodes(root) == FIXED


def test_unfixable_is_reported_never_changed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {NODES_PATH: MUTATING}, config='unfixable = ["SL2"]\n')
    r = run_structlint("check", "--fix", "--no-cache", cwd=root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "SL203 mutates-input" in r.stdout and "[*]" not in r.stdout
    assert _nodes(root) == MUTATING


def test_a_bad_fix_setting_is_a_configuration_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", config='fixable = ["SL99x"]\n')
    r = run_structlint("check", "--fix", cwd=root)
    assert r.returncode == 2
    assert "fixable" in r.stderr and "SL99x" in r.stderr


def test_json_and_sarif_carry_the_fix(mutating: Path) -> None:
    r = run_structlint("check", "--output-format", "json", "--no-cache", cwd=mutating)
    (finding,) = json.loads(r.stdout)
    assert finding["fix"] == {
        "applicability": "safe",
        "message": "Copy `df` at the top of node `clean`: `df = df.copy()`",
        "edits": [
            {
                "content": "    df = df.copy()\n",
                "location": {"row": 5, "column": 1},
                "end_location": {"row": 5, "column": 1},
                "filename": str((mutating / NODES_PATH).resolve()),
            }
        ],
    }
    r = run_structlint("check", "--output-format", "sarif", "--no-cache", cwd=mutating)
    (result,) = json.loads(r.stdout)["runs"][0]["results"]
    (change,) = result["fixes"][0]["artifactChanges"]
    assert change["artifactLocation"]["uri"] == NODES_PATH
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 1},
            "insertedContent": {"text": "    df = df.copy()\n"},
        }
    ]


def test_a_file_that_does_not_parse_is_left_alone(tmp_path: Path) -> None:
    broken = "threshold: [0.5  # noqa: SL401\n"
    root = make_project(
        tmp_path / "proj",
        {"conf/base/parameters.yml": broken},
        config='extend-select = ["SL003"]\n',
    )
    r = run_structlint("check", "--fix", "--select", "SL003,SL401", "--no-cache", cwd=root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "conf/base/parameters.yml: left alone: it does not parse as YAML" in r.stderr
    assert (root / "conf/base/parameters.yml").read_text() == broken


def test_fixes_and_unfixed_findings_together(tmp_path: Path) -> None:
    """A fix of one rule is applied, a finding without a fix stays, and the exit code says
    what is left."""
    nodes = MUTATING.replace("    return df\n", "    return df  # noqa: SL201\n")
    root = make_project(
        tmp_path / "proj",
        {NODES_PATH: nodes, "conf/base/catalog.yml": "raw:\n  type: pandas.CSVDatset\n"},
        config='extend-select = ["SL003"]\n',
    )
    r = run_structlint("check", "--fix", "--select", "SL003,SL201,SL203,SL408", cwd=root)
    assert _nodes(root) == FIXED
    assert (root / "conf/base/catalog.yml").read_text() == "raw:\n  type: pandas.CSVDataset\n"
    assert "Fixed 3 findings." in r.stdout, r.stdout + r.stderr


# --- in this process: what happens between the check and the writing ---------------------


class _Edited(Project):
    """A project whose file changes (as an editor would save it) right after the first
    check, before the fixer writes."""

    def __init__(self, root: Path, settings, path: str, text: str) -> None:
        super().__init__(root, settings)
        self._path, self._text, self._done = path, text, False

    def check(self, *args, **kwargs) -> CheckResult:
        result = super().check(*args, **kwargs)
        if not self._done:
            (self.root / self._path).write_text(self._text, encoding="utf-8")
            self._done = True
        return result


def test_a_file_changed_since_the_check_is_left_alone(mutating: Path) -> None:
    opened = Project.open(mutating)
    edited = MUTATING + "\n# saved by an editor\n"
    project = _Edited(opened.root, opened.settings, NODES_PATH, edited)
    outcome = fix_project(project, codes=frozenset({"SL203"}), use_cache=False, jobs=1)
    assert outcome.applied == []
    assert outcome.messages == [
        f"{NODES_PATH}: left alone: it changed on disk since it was checked."
    ]
    assert _nodes(mutating) == edited


class _Planted(Project):
    """A project whose check also reports one finding with a given fix."""

    def __init__(self, root: Path, settings, fix: Fix) -> None:
        super().__init__(root, settings)
        self._fix = fix

    def check(self, *args, **kwargs) -> CheckResult:
        result = super().check(*args, **kwargs)
        text = result.read_text(NODES_PATH) or ""
        if "BROKEN" not in text and "added" not in text:
            planted = Finding("SL203", "planted", NODES_PATH, 1, 1, 1, 1, fix=self._fix)
            result.findings = [*result.findings, planted]
        return result


def test_a_fix_that_would_not_parse_is_dropped_and_its_finding_stays(mutating: Path) -> None:
    opened = Project.open(mutating)
    bad = Fix("break it", (Edit(NODES_PATH, 1, 0, 1, 0, "def BROKEN(:\n"),))
    project = _Planted(opened.root, opened.settings, bad)
    outcome = fix_project(project, codes=frozenset({"SL203"}), use_cache=False, jobs=1)
    # The rule's own fix is applied; the planted one is dropped, with why.
    assert [a.message for a in outcome.applied] == [
        "Copy `df` at the top of node `clean`: `df = df.copy()`"
    ]
    assert any(
        "SL203 not fixed" in m and "would not parse as Python" in m for m in outcome.messages
    )
    assert _nodes(mutating) == FIXED
    assert [f.message for f in outcome.result.findings] == ["planted"]


def test_created_files_and_a_multi_file_fix_apply_all_or_nothing(mutating: Path) -> None:
    opened = Project.open(mutating)
    both = Fix(
        "two files",
        (
            Edit(NODES_PATH, 1, 0, 1, 0, "# added\n"),
            Edit("conf/base/parameters_demo.yml", 1, 0, 1, 0, "limit: 3\n", create=True),
        ),
    )
    project = _Planted(opened.root, opened.settings, both)
    diff = fix_project(project, codes=frozenset(), write=False, use_cache=False, jobs=1)
    assert "+++ b/conf/base/parameters_demo.yml\n@@ -0,0 +1 @@\n+limit: 3\n" in diff.diff()
    assert not (mutating / "conf/base/parameters_demo.yml").exists()
    outcome = fix_project(project, codes=frozenset(), use_cache=False, jobs=1)
    assert outcome.changed == ["conf/base/parameters_demo.yml", NODES_PATH]
    assert (mutating / "conf/base/parameters_demo.yml").read_text() == "limit: 3\n"
    assert _nodes(mutating).startswith("# added\n")


def test_policy_reads_ruff_settings() -> None:
    f = Finding("SL203", "m", "x.py", 1, 1, 1, 1, fix=Fix("f", ()))
    assert FixPolicy().applies(f)
    assert not FixPolicy(unfixable=("SL2",)).applies(f)
    assert FixPolicy(fixable=("SL203",), unfixable=("SL2",)).applies(f)  # more specific wins
    assert not FixPolicy(extend_unsafe=("SL203",)).applies(f)
    assert FixPolicy(extend_unsafe=("SL203",), unsafe=True).applies(f)
    unsafe = Finding("SL302", "m", "x.py", 1, 1, 1, 1, fix=Fix("f", (), "unsafe"))
    assert not FixPolicy().applies(unsafe)
    assert FixPolicy(extend_safe=("SL3",)).applies(unsafe)
    assert not FixPolicy(extend_safe=("SL3",), extend_unsafe=("SL3",)).applies(unsafe)  # tie
