import pandas as pd
import pytest


@pytest.fixture
def companies():
    return pd.read_csv("tests/fixtures/companies.csv")  # ok: SL101, SL201 (test code)
