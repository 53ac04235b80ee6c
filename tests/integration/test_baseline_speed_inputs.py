"""The baseline through the run's cache (issue 14's speed target): a warm check takes the
parsed baseline and each file's fingerprint parts from the cache instead of parsing the
JSON and scanning the files again. The fingerprints must stay exactly what they were (a
baseline written before keeps matching) and must never be stale (an edit of the offending
text, at the same place, makes the finding new)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.conftest import make_project, run_structlint

BASELINE = "structlint-baseline.json"
NODES = "src/demo/pipelines/demo/nodes.py"
SELECT = ("--select", "SL101,SL201")

# Findings in scopes of every kind: functions, a method, a nested function, module level.
FILES = {
    NODES: """\
import pandas as pd

LOOKUP = pd.read_csv("data/01_raw/lookup.csv")


def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:
    extra = pd.read_csv("data/01_raw/extra.csv")
    return df[df["value"] > threshold].join(extra)


def joined(df: pd.DataFrame) -> pd.DataFrame:
    def inner() -> pd.DataFrame:
        return pd.read_parquet("data/02_intermediate/inner.parquet")

    return df.join(inner())


class Loader:
    def load(self) -> pd.DataFrame:
        return pd.read_csv("data/01_raw/loader.csv")
""",
    "src/demo/pipelines/demo/pipeline.py": """\
from kedro.pipeline import Pipeline, node

from .nodes import clean, joined


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, ["raw", "params:threshold"], "cleaned", name="clean"),
            node(joined, "cleaned", "joined", name="joined"),
        ]
    )
""",
}

# What `structlint baseline --select SL101,SL201` wrote for FILES at bbaa51d, before the
# baseline went through the cache: [code, path, scope, hash, count].
WRITTEN_BEFORE = """\
[["SL101", "src/demo/pipelines/demo/nodes.py", "", "2443c26a002d8cd9", 1],
["SL101", "src/demo/pipelines/demo/nodes.py", "Loader.load", "8db1e013a120b0a3", 1],
["SL101", "src/demo/pipelines/demo/nodes.py", "clean", "791c6301b3cc2b41", 1],
["SL101", "src/demo/pipelines/demo/nodes.py", "joined.inner", "7f77ee433cfbdabb", 1],
["SL201", "src/demo/pipelines/demo/nodes.py", "clean", "39637f0a0e3036e3", 1],
["SL201", "src/demo/pipelines/demo/nodes.py", "joined.inner", "e2a0736e1c4e9953", 1]]
"""


def _old_baseline(root: Path) -> None:
    entries = [
        {"code": c, "path": p, "scope": s, "hash": h, "count": n, "message": ""}
        for c, p, s, h, n in json.loads(WRITTEN_BEFORE)
    ]
    doc = {"structlint-baseline": 1, "findings": entries}
    (root / BASELINE).write_text(json.dumps(doc, indent=2) + "\n")


def _check(root: Path, *args: str):
    return run_structlint("check", "--output-format", "concise", *SELECT, *args, cwd=root)


def _reported(r) -> list[str]:
    return [ln for ln in r.stdout.splitlines() if ln.startswith("src/")]


@pytest.fixture
def adopted(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj", FILES)
    _old_baseline(root)
    return root


def test_a_baseline_written_before_still_matches_cold_and_warm(adopted: Path) -> None:
    for args in (("--no-cache",), (), ()):  # cold; first cached run fills; warm reads
        r = _check(adopted, *args)
        assert r.returncode == 0, (args, r.stdout, r.stderr)
        assert r.stdout.strip().splitlines()[-1] == "All checks passed! (6 hidden by the baseline)"
    cache = adopted / ".structlint_cache"
    assert any(cache.glob("fingerprints-v*.bin")) and any(cache.glob("baseline-v*.bin"))


def test_lines_inserted_above_keep_matching_through_the_cache(adopted: Path) -> None:
    assert _check(adopted).returncode == 0  # the cache now holds the fingerprint parts
    path = adopted / NODES
    path.write_text("# a comment\n" * 20 + path.read_text())
    r = _check(adopted)
    assert r.returncode == 0, r.stdout
    assert "6 hidden by the baseline" in r.stdout


def test_an_edit_at_the_same_place_is_new_on_a_warm_run(adopted: Path) -> None:
    """Same code, line and columns, other text: the cached parts are for the old content."""
    for _ in range(2):
        assert _check(adopted).returncode == 0
    path = adopted / NODES
    text = path.read_text()
    edited = text.replace('"data/01_raw/extra.csv"', '"data/01_raw/EXTRA.csv"')
    assert len(edited) == len(text) and edited != text
    path.write_text(edited)
    r = _check(adopted)
    assert r.returncode == 1, r.stdout
    reported = _reported(r)
    assert len(reported) == 2 and all(":7:" in ln for ln in reported), reported  # SL101, SL201
    assert "2 baseline entries are fixed" in r.stdout + r.stderr
    # and the same answer without the cache
    cold = _check(adopted, "--no-cache")
    assert _reported(cold) == reported


def test_an_edited_baseline_file_is_read_again(adopted: Path) -> None:
    """The cached baseline is found only for the bytes it was read from."""
    assert _check(adopted).returncode == 0
    doc = json.loads((adopted / BASELINE).read_text())
    doc["findings"] = [e for e in doc["findings"] if e["scope"] != "Loader.load"]
    (adopted / BASELINE).write_text(json.dumps(doc, indent=2) + "\n")
    r = _check(adopted)
    assert r.returncode == 1
    assert [ln.split(":")[1] for ln in _reported(r)] == ["20"], r.stdout


def test_prune_after_a_warm_check_keeps_the_messages(adopted: Path) -> None:
    """A check reads the baseline through the cache without its messages; `--prune` reads
    the file itself and writes back every message it had."""
    assert run_structlint("baseline", *SELECT, cwd=adopted).returncode == 0  # with messages
    assert _check(adopted).returncode == 0
    path = adopted / NODES
    path.write_text(path.read_text().replace('LOOKUP = pd.read_csv("data/01_raw/lookup.csv")', ""))
    assert _check(adopted).returncode == 0
    r = run_structlint("baseline", "--prune", *SELECT, cwd=adopted)
    assert r.returncode == 0 and "Removed 1 fixed finding" in r.stdout, r.stdout + r.stderr
    entries = json.loads((adopted / BASELINE).read_text())["findings"]
    assert len(entries) == 5 and all(e["message"] for e in entries)
