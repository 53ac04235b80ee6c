"""Transforms shared by several pipelines; some are wired as nodes in pipeline.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd


def add_audit_columns(table: pd.DataFrame, run_id: str) -> pd.DataFrame:
    table["run_id"] = run_id  # expect: SL203
    return table.assign(audited_at=datetime.utcnow())  # expect: SL204


def snapshot(table: pd.DataFrame) -> pd.DataFrame:
    table.to_parquet("data/03_primary/snapshot.parquet")  # expect: SL201, SL101
    return table


def export_summary(summary: pd.DataFrame, fmt: str) -> pd.DataFrame:
    summary.to_json(f"data/08_reporting/summary.{fmt}")  # expect: SL201, SL101
    return summary


def save_for_debugging(table: pd.DataFrame, out_dir: str) -> None:
    """Not wired as a node anywhere: a helper may write files."""
    table.to_parquet(Path(out_dir) / "debug.parquet")  # ok: SL201 (not a node), SL101 (bare file name)
