"""`structlint check --add-noqa [--reason TEXT]` through the real command, on the tutorial's
messy project (copied) and on small projects with the awkward cases: existing comments,
multi-line strings, YAML entries, files that do not parse."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.conftest import BROKEN, REPO_ROOT, make_project, run_structlint

BEFORE = REPO_ROOT / "docs" / "tutorial" / "before"
NODES = "src/demo/pipelines/demo/nodes.py"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    root = tmp_path / "house_prices"
    shutil.copytree(BEFORE, root, ignore=shutil.ignore_patterns(".structlint_cache"))
    return root


def _add(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_structlint("check", "--add-noqa", "--no-cache", *args, cwd=root)


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_structlint("check", "--no-cache", "--output-format", "concise", *args, cwd=root)


def _digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".structlint_cache" not in p.parts
    }


def test_add_noqa_then_check_is_clean_and_a_second_run_changes_nothing(messy: Path) -> None:
    found = _check(messy)
    assert found.returncode == 1
    n = sum(1 for line in found.stdout.splitlines() if ": SL" in line)
    r = _add(messy, "--reason", "adopted before the rules")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1].startswith("Added ")
    assert r.stdout.strip().endswith("in 1 file.")
    added = int(r.stdout.split("Added ")[1].split()[0])
    assert added == n  # one suppression per finding: none on the tutorial shares line and code
    nodes = (messy / "src/house_prices/pipelines/price_model/nodes.py").read_text()
    assert "# noqa: SL101, SL201 adopted before the rules" in nodes
    after = _check(messy)
    assert after.returncode == 0, after.stdout
    assert after.stdout.strip() == "All checks passed!"
    snapshot = _digests(messy)
    again = _add(messy, "--reason", "adopted before the rules")
    assert again.returncode == 0
    assert "Added 0 suppressions in 0 files." in again.stdout
    assert _digests(messy) == snapshot


def test_existing_comments_are_merged_never_duplicated(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    a = pd.read_csv("data/01_raw/a.csv")  # noqa: SL201 known\n'
        '    b = pd.read_csv("data/01_raw/b.csv")  # a note of the author\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(tmp_path / "proj", {NODES: nodes})
    r = _add(root)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = (root / NODES).read_text().splitlines()
    assert lines[4] == '    a = pd.read_csv("data/01_raw/a.csv")  # noqa: SL201, SL101 known'
    assert lines[5] == (
        '    b = pd.read_csv("data/01_raw/b.csv")  # a note of the author  # noqa: SL101, SL201'
    )
    assert "Added 3 suppressions in 1 file." in r.stdout
    assert _check(root).returncode == 0


def test_a_multi_line_string_is_never_written_into(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    extra = pd.read_sql("""\n'
        "        SELECT * FROM t\n"
        '    """, "sqlite:///data/01_raw/db.sqlite")\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(tmp_path / "proj", {NODES: nodes})
    assert _check(root).returncode == 1
    r = _add(root)
    assert r.returncode == 0, r.stdout + r.stderr
    text = (root / NODES).read_text()
    assert 'pd.read_sql("""\n        SELECT * FROM t\n' in text  # the string is untouched
    assert _check(root).returncode == 0


def test_yaml_entries_get_the_comment_on_their_key_line(tmp_path: Path) -> None:
    catalog = (
        "raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n\n"
        "cleaned:\n  type: pandas.ParquetDataset\n"
        "  filepath: data/02_intermediate/cleaned.parquet\n\n"
        "orphan:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/orphan.csv\n"
    )
    root = make_project(tmp_path / "proj", {"conf/base/catalog.yml": catalog})
    before = _check(root)
    assert "conf/base/catalog.yml:9:" in before.stdout and "SL402" in before.stdout
    r = _add(root, "--reason", "kept for the notebook")
    assert r.returncode == 0, r.stdout + r.stderr
    lines = (root / "conf/base/catalog.yml").read_text().splitlines()
    assert lines[8] == "orphan:  # noqa: SL402 kept for the notebook"
    assert _check(root).returncode == 0


def test_a_file_that_does_not_parse_is_untouched_and_reported(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    df.to_csv("data/02_intermediate/x.csv")\n'
        '    return df[df["value"] > threshold]\n'
    )
    broken = "src/demo/pipelines/demo/broken.py"
    root = make_project(tmp_path / "proj", {NODES: nodes, broken: BROKEN})
    r = _add(root)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{broken}: left unchanged: it does not parse." in r.stdout
    assert "Added 2 suppressions in 1 file." in r.stdout
    assert (root / broken).read_text() == BROKEN
    left = _check(root)
    assert [line.split(":")[0] for line in left.stdout.splitlines() if ": SL" in line] == [broken]


def test_a_bare_noqa_is_left_as_it_is(tmp_path: Path) -> None:
    """Codes added to a bare `# noqa` would narrow what it hides from other linters."""
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    df.to_csv("data/02_intermediate/x.csv")  # noqa\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(tmp_path / "proj", {NODES: nodes})
    r = _add(root)
    assert r.returncode == 1
    assert "# noqa\n" in (root / NODES).read_text()
    assert "Added 0 suppressions" in r.stdout


def test_a_reason_that_looks_like_a_code_is_set_off(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    df.to_csv("data/02_intermediate/x.csv")\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(tmp_path / "proj", {NODES: nodes})
    assert _add(root, "--reason", "JIRA123 later").returncode == 0
    assert "# noqa: SL101, SL201 -- JIRA123 later" in (root / NODES).read_text()
    assert _check(root, "--select", "ALL").returncode == 0  # SL003: no unused code read in


def test_reason_without_add_noqa_is_a_usage_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    r = run_structlint("check", "--reason", "x", cwd=root)
    assert r.returncode == 2 and "--reason goes with --add-noqa" in r.stderr
