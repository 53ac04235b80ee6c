"""Ingestion nodes: companies, shuttles and reviews enter the pipeline here.

The catalog loads data/01_raw/companies.csv and s3://acme-raw/shuttles.xlsx for these
nodes; https://docs.kedro.org/en/stable/catalog-data/ explains how.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pandas as pd
import requests
import yaml

from spaceflights_qa.utils.io_helpers import read_lookup, write_debug_copy

logger = logging.getLogger(__name__)

RATING_PATTERN = re.compile(r"^data/\d+_raw/.*\.csv$")  # ok: SL101 (regex)
DATE_FORMAT = "%Y/%m/%d"  # ok: SL101 (date format)
SEEN_IDS: set[str] = set()
RUNS = 0
RATES_API_TOKEN = "b7f3c9d2e8a14f6b9c0d"  # expect: SL103
TOKEN_ENV_VAR = "RATES_API_TOKEN"  # ok: SL103 (name of an environment variable)
RAW_URI = "s3://acme-raw/companies/2024/companies.csv"  # expect: SL102


def load_companies(companies_path: str) -> pd.DataFrame:
    """Read the companies from data/01_raw/companies.csv (the catalog should)."""
    logger.info("Reading companies from %s", companies_path)
    return pd.read_csv(companies_path)  # expect: SL201


def load_shuttles() -> pd.DataFrame:
    return pd.read_excel("data/01_raw/shuttles.xlsx")  # expect: SL201, SL101


def load_reviews(region: str) -> pd.DataFrame:
    return pd.read_parquet(f"s3://acme-raw/reviews/{region}.parquet")  # expect: SL201, SL102


def load_partitions(partition_paths: list[str]) -> pd.DataFrame:
    def _one(path: str) -> pd.DataFrame:
        return pd.read_parquet(path)  # expect: SL201

    return pd.concat([_one(p) for p in partition_paths])


def fetch_exchange_rates(base_url: str) -> dict:
    response = requests.get(base_url, params={"api_key": "k-81f2a9c4e7d1"}, timeout=30)  # expect: SL201, SL103
    return response.json()


def dedupe_companies(companies: pd.DataFrame) -> pd.DataFrame:
    global RUNS
    RUNS += 1  # expect: SL202
    new = companies[~companies["id"].isin(SEEN_IDS)]  # ok: SL202 (read of a module object)
    SEEN_IDS.update(new["id"])  # expect: SL202
    return new


def clean_companies(companies: pd.DataFrame) -> pd.DataFrame:
    companies["iata_approved"] = companies["iata_approved"] == "t"  # expect: SL203
    companies.drop_duplicates(subset="id", inplace=True)  # expect: SL203
    return companies


def clean_shuttles(shuttles: pd.DataFrame) -> pd.DataFrame:
    shuttles = shuttles.copy()
    shuttles["price"] = shuttles["price"].str.replace("$", "", regex=False)  # ok: SL203 (copy)
    shuttles.dropna(subset=["price"], inplace=True)  # ok: SL203 (copy)
    return shuttles


def stamp_companies(companies: pd.DataFrame) -> pd.DataFrame:
    region = os.environ["REGION"]  # expect: SL204
    return companies.assign(region=region, loaded_at=datetime.now())  # expect: SL204


def parse_manifest(manifest_text: str) -> dict:
    return yaml.safe_load(manifest_text)  # ok: SL301 (parses an argument)


def load_ingest_settings() -> dict:
    return yaml.safe_load(Path("conf/base/ingest.yml").read_text())  # expect: SL301, SL101


def archive_raw(companies: pd.DataFrame, archive_dir: str) -> pd.DataFrame:
    subprocess.run(["gzip", "-k", archive_dir], check=True)  # expect: SL201
    return companies


def snapshot_companies(companies: pd.DataFrame, out_dir: str) -> pd.DataFrame:
    with open(Path(out_dir) / "companies.pkl", "wb") as f:  # expect: SL201
        pickle.dump(companies, f)  # ok: SL201 (handle reported once, at open)
    return companies


def enrich_companies(companies: pd.DataFrame, debug_dir: str) -> pd.DataFrame:
    # The helpers in utils/io_helpers.py read and write files: reported there, naming this node.
    enriched = companies.assign(country=companies["code"].map(read_lookup))  # ok: SL201
    write_debug_copy(enriched, debug_dir)  # ok: SL201 (the helper's line is reported)
    return enriched


def describe_companies(companies: pd.DataFrame) -> dict:
    summary = companies.describe().to_dict()  # ok: SL201 (in-memory conversion)
    logger.info("The catalog writes data/08_reporting/summary.json")  # ok: SL101 (log message)
    return {"summary.json": json.dumps(summary)}  # ok: SL101 (file name as a key), SL201


def validate_source(companies: pd.DataFrame, source_uri: str) -> pd.DataFrame:
    if not source_uri.startswith("s3://"):  # ok: SL102 (string test)
        raise ValueError(f"expected a URI such as s3://acme-raw/companies, got {source_uri}")  # ok: SL102
    bad = companies[~companies["file"].str.match(RATING_PATTERN)]
    if len(bad):
        logger.warning("%d rows point outside /mnt/raw; see https://wiki.acme.io/raw", len(bad))  # ok: SL101, SL102
    return companies.drop(index=bad.index)


def _read_overrides(path: str) -> pd.DataFrame:
    return pd.read_csv(path)  # expect: SL201


def fetch_country_codes(codes_url: str) -> dict:
    return requests.get(codes_url, timeout=10).json()  # expect: SL201


def add_country_codes(companies: pd.DataFrame, codes_url: str, overrides_path: str) -> pd.DataFrame:
    codes = fetch_country_codes(codes_url)
    overrides = _read_overrides(overrides_path)
    return companies.assign(country=companies["code"].map(codes)).merge(overrides, on="id")


def companies_as_csv_text(companies: pd.DataFrame) -> str:
    return companies.to_csv(index=False)  # ok: SL201 (no path: returns a string)


def add_price_per_unit(companies: pd.DataFrame) -> pd.DataFrame:
    out = companies.assign(ratio=companies["price/unit"] * 2)  # ok: SL101 (subscript key)
    out["mime"] = "text/csv"  # ok: SL101 (MIME type), SL203 (new object)
    return out
