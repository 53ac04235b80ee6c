"""I/O helpers. Helpers are not nodes, but what a helper does for a node the node does: the
purity rules check the helpers that a node reaches, and leave alone those that none calls."""

from __future__ import annotations

import fnmatch
import json
import logging
from functools import lru_cache
from pathlib import Path

import pandas as pd
import requests

logger = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _lookup_table(lookup_path: str) -> pd.DataFrame:
    return pd.read_csv(lookup_path)  # expect: SL201


def read_lookup(code: str, lookup_path: str = "data/01_raw/lookup.csv") -> str:  # expect: SL101
    return _lookup_table(lookup_path).set_index("code")["label"][code]


def write_debug_copy(table: pd.DataFrame, debug_dir: str) -> None:
    out = Path(debug_dir) / "debug_copy.parquet"  # ok: SL101 (bare file name under a run-time folder)
    logger.debug("writing debug copy to %s (usually /tmp/debug)", out)  # ok: SL101 (log message)
    table.to_parquet(out)  # expect: SL201


def csv_files(names: list[str]) -> list[str]:
    return [n for n in names if fnmatch.fnmatch(n, "raw/*.csv")]  # ok: SL101 (glob pattern)


def fetch_json(url: str) -> dict:
    response = requests.get(url, timeout=10)  # ok: SL201 (no node calls this helper)
    if response.status_code != 200:
        raise RuntimeError(f"GET failed, see https://status.acme.io and retry {url}")  # ok: SL102
    return json.loads(response.text)


def is_dbfs(path: str) -> bool:
    return path.startswith("/dbfs") or path == "dbfs:/"  # ok: SL101, SL102 (string tests)


def export_path(table_name: str) -> str:
    return f"/mnt/exports/{table_name}.parquet"  # expect: SL101


def backup_dir() -> Path:
    return Path.home() / "backups"  # ok: SL101 (no literal path)


def staging_file(name: str) -> str:
    return "../staging/" + name + ".csv"  # expect: SL101


def home_cache() -> str:
    return "~/.cache/spaceflights/companies.parquet"  # expect: SL101


def windows_share() -> str:
    return "C:\\data\\shared\\shuttles.xlsx"  # expect: SL101


def relative_output(name: str) -> str:
    return f"./outputs/{name}.json"  # expect: SL101


def nested_data_file() -> str:
    return "exports/weekly/companies.feather"  # expect: SL101


def model_labels() -> dict[str, str]:
    return {"model.pkl": "regressor", "scaler.joblib": "scaler"}  # ok: SL101 (file names as keys)
