"""Issue 18's items that were tested elsewhere only (tests/wild): each gets its case here,
so that tests/robustness/ holds one for every line of the issue."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run
from tests.integration.conftest import make_project

NODES = "src/demo/pipelines/demo/nodes.py"


def test_sl101_fires_on_a_read_under_a_comparison_raise_or_assert(tmp_path: Path) -> None:
    """A call that reads the path is reported wherever it stands; the string that is only
    compared or raised beside it stays text."""
    source = """\
import os

import pandas as pd


def clean(df, threshold):
    if pd.read_csv("data/01_raw/b.csv") is not None:
        pass
    assert os.path.exists("data/01_raw/c.csv")
    if df.attrs.get("source") == "data/01_raw/d.csv":
        raise ValueError("data/01_raw/e.csv is not allowed")
    return df[df["value"] > threshold]
"""
    root = make_project(tmp_path / "proj", {NODES: source})
    found = {(f.path, f.line) for f in run(root, select=["SL101"]).findings}
    assert found == {(NODES, 7), (NODES, 9)}


def test_sl403_names_a_globals_path_whole(tmp_path: Path) -> None:
    """The message of an absolute path built from `${globals:...}` ends as it should (it
    was garbled): the resolved path and the text it came from, in whole backticks."""
    catalog = (
        "raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n\n"
        "cleaned:\n  type: pandas.ParquetDataset\n  filepath: ${globals:root}/cleaned.parquet\n"
    )
    root = make_project(
        tmp_path / "proj",
        {"conf/base/catalog.yml": catalog, "conf/base/globals.yml": "root: /home/ana/data\n"},
    )
    messages = [f.message for f in run(root, select=["SL403"]).findings]
    assert len(messages) == 1, messages
    assert messages[0].startswith(
        "`filepath` of `cleaned` is absolute: `/home/ana/data/cleaned.parquet` (from "
        "`${globals:root}/cleaned.parquet`)."
    ), messages[0]
    assert "``" not in messages[0] and messages[0].count("`") % 2 == 0
