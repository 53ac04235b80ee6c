"""Feature engineering nodes."""

from __future__ import annotations

import os
import random
import sys
import uuid

import numpy as np
import pandas as pd

FEATURE_CACHE: dict[str, pd.DataFrame] = {}
FEATURE_LOG: list[str] = []
DEFAULT_BINS = 10
ID_COLUMN = "id"


def add_noise(table: pd.DataFrame) -> pd.DataFrame:
    noise = np.random.normal(0, 1, size=len(table))  # expect: SL205
    return table.assign(noise=noise)


def add_seeded_noise(table: pd.DataFrame, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)  # ok: SL205 (seed is an input)
    return table.assign(noise=rng.normal(size=len(table)))


def add_unseeded_jitter(table: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng()  # expect: SL205
    return table.assign(jitter=rng.uniform(size=len(table)))


def add_row_ids(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(row_id=[str(uuid.uuid4()) for _ in range(len(table))])  # expect: SL205


def shuffle_rows(rows: list) -> list:
    rows = list(rows)
    random.shuffle(rows)  # expect: SL205
    return rows


def pick_reviewer(reviewers: list[str]) -> str:
    return random.choice(reviewers)  # expect: SL205


def sample_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table.sample(frac=0.1)  # expect: SL205, SL302


def sample_rows_seeded(table: pd.DataFrame, params: dict) -> pd.DataFrame:
    return table.sample(frac=params["frac"], random_state=params["seed"])  # ok: SL205, SL302


def permute(table: pd.DataFrame) -> pd.DataFrame:
    return table.iloc[np.random.permutation(len(table))]  # expect: SL205


def cache_features(table: pd.DataFrame, key: str) -> pd.DataFrame:
    FEATURE_CACHE[key] = table  # expect: SL202
    return table


def log_features(table: pd.DataFrame) -> pd.DataFrame:
    FEATURE_LOG.append(",".join(table.columns))  # expect: SL202
    return table


def local_cache_features(table: pd.DataFrame, key: str) -> pd.DataFrame:
    FEATURE_CACHE = {}  # ok: SL202 (a local with a module-level name)
    FEATURE_CACHE[key] = table  # ok: SL202
    return FEATURE_CACHE[key]


def seed_globally(table: pd.DataFrame) -> pd.DataFrame:
    np.random.seed(7)  # expect: SL202
    random.seed(7)  # expect: SL202
    return table.assign(noise=np.random.rand(len(table)))  # ok: SL205 (seeded above)


def widen_display(table: pd.DataFrame) -> pd.DataFrame:
    pd.set_option("display.max_columns", 50)  # expect: SL202
    return table


def set_threads(table: pd.DataFrame) -> pd.DataFrame:
    os.environ["OMP_NUM_THREADS"] = "4"  # expect: SL202
    sys.path.append("vendor")  # expect: SL202
    return table


def read_constants(table: pd.DataFrame) -> pd.DataFrame:
    return table.drop_duplicates(subset=ID_COLUMN).head(DEFAULT_BINS)  # ok: SL202 (reads constants)


def bin_ratings(table: pd.DataFrame, n_bins: int) -> pd.DataFrame:
    table["rating_bin"] = pd.cut(table["rating"], bins=n_bins)  # expect: SL203
    return table


def bin_prices(table: pd.DataFrame, n_bins: int) -> pd.DataFrame:
    out = table.assign(price_bin=pd.cut(table["price"], bins=n_bins))
    out["price_bin"] = out["price_bin"].astype(str)  # ok: SL203 (new object)
    return out


def add_flags(table: pd.DataFrame, flags: dict) -> pd.DataFrame:
    flags.setdefault("premium", False)  # expect: SL203
    return table.assign(**flags)


def merge_options(options: dict, overrides: dict) -> dict:
    out = dict(options)
    out.update(overrides)  # ok: SL203 (copy)
    return out


def collect_ids(ids: list, extra: list) -> list:
    ids.extend(extra)  # expect: SL203
    return ids


def collect_ids_copy(ids: list, extra: list) -> list:
    return [*ids, *extra]  # ok: SL203


def pop_target(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    y = table.pop("price")  # expect: SL203
    return table, y


def normalise(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    table.loc[:, columns] = table[columns] / table[columns].max()  # expect: SL203
    return table


def count_up(table: pd.DataFrame) -> pd.DataFrame:
    table["count"] += 1  # expect: SL203
    return table


def drop_tmp(table: pd.DataFrame) -> pd.DataFrame:
    del table["tmp"]  # expect: SL203
    return table


def lower_columns(table: pd.DataFrame) -> pd.DataFrame:
    table.columns = [c.lower() for c in table.columns]  # expect: SL203
    return table


def lower_columns_copy(table: pd.DataFrame) -> pd.DataFrame:
    table = table.rename(columns=str.lower)
    table.columns = [c.strip() for c in table.columns]  # ok: SL203 (rebound)
    return table


def build_rows(table: pd.DataFrame) -> list:
    rows = []
    for record in table.to_dict("records"):  # ok: SL201 (in-memory)
        rows.append(record)  # ok: SL203 (local list)
    return rows
