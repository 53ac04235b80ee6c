"""Tests may use paths, URIs and secrets: test code is never checked."""

import os
from datetime import datetime

import pandas as pd

from spaceflights_qa.pipelines.ingest.nodes import clean_shuttles

FIXTURE = "data/01_raw/companies.csv"  # ok: SL101 (test code)
BUCKET = "s3://acme-test/fixtures/companies.csv"  # ok: SL102 (test code)
API_TOKEN = "test-token-0123456789"  # ok: SL103 (test code)


def test_clean_shuttles(tmp_path):
    df = pd.DataFrame({"price": ["$1", None]})
    df.to_csv(tmp_path / "shuttles.csv")  # ok: SL201 (test code)
    os.environ["REGION"] = "eu"  # ok: SL202 (test code)
    assert len(clean_shuttles(df)) == 1
    assert datetime.now().year > 2000  # ok: SL204 (test code)
