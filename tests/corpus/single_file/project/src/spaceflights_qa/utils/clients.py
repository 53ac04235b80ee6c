"""Clients for external services (not nodes): locations and secrets still do not belong here."""

from __future__ import annotations

import os

import requests
from sqlalchemy import create_engine

JDBC_URL = "jdbc:postgresql://warehouse.internal:5432/sales"  # expect: SL102
MODEL_STORE = "gs://acme-models/regressor"  # expect: SL102
RAW_HDFS = "hdfs://namenode:8020/raw/companies"  # expect: SL102
DBFS_MOUNT = "dbfs:/mnt/raw/shuttles"  # expect: SL102
LOCAL_DB = "sqlite:///warehouse/local.db"  # expect: SL102
SNOWFLAKE = "snowflake://etl@acme/analytics/public"  # expect: SL102
DUCK = "duckdb:///warehouse/analytics.duckdb"  # expect: SL102
AWS_KEY_ID = "AKIAZ7QX3M4N5P6R7S8T"  # expect: SL103
SLACK_HOOK_TOKEN = "xoxb-123456789012-abcdefghijkl"  # expect: SL103
GH_PAT = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"  # expect: SL103
dbPassword = "Tr0ub4dor&3"  # expect: SL103
SERVICE_CONFIG = {"client_secret": "9a8b7c6d5e4f3a2b"}  # expect: SL103

API_TOKEN_PLACEHOLDER = "<your-token>"  # ok: SL103 (placeholder)
API_KEY = "${oc.env:RATES_API_KEY}"  # ok: SL103 (interpolation placeholder)
DEFAULT_SECRET = "changeme"  # ok: SL103 (placeholder)
PASSWORD = "password"  # ok: SL103 (repeats the name)
PASSWORD_PROMPT = "Password:"  # ok: SL103 (prompt)
TOKEN_ENV = "GITHUB_TOKEN"  # ok: SL103 (name of an environment variable)
secret_name = "prod/warehouse"  # ok: SL103 (name is not the secret)
token_pattern = r"(?u)\b\w\w+\b"  # ok: SL103
EMPTY_TOKEN = ""  # ok: SL103 (empty)
XSD = "http://www.w3.org/2001/XMLSchema"  # ok: SL102 (schema identifier)


class RatesClient:
    def __init__(self, base_url: str, credentials: dict) -> None:
        self.base_url = base_url
        self.token = credentials["token"]  # ok: SL103 (read from credentials)
        self.password = os.environ.get("RATES_PASSWORD", "")  # ok: SL103 (environment)
        self.secret_key = "f0e1d2c3b4a59687"  # expect: SL103

    def login(self, session: requests.Session) -> None:
        session.post(self.base_url, data={"user": "etl"}, auth=("etl", self.password))
        session.headers.update({"X-Api-Key": "<your-api-key>"})  # ok: SL103 (placeholder)

    def connect(self, host: str, password: str = "hunter22"):  # expect: SL103
        return create_engine("mysql://etl@rates-db.internal/rates", connect_args={"host": host, "passwd": password})  # expect: SL102


def legacy_login(session: requests.Session) -> None:
    session.post("https://auth.acme-rates.io/login", json={"user": "etl"}, timeout=5)  # expect: SL102
    session.auth = ("etl", "s3cr3t-Pa55")
    session.post("https://auth.acme-rates.io/token", data={"passwd": "s3cr3t-Pa55"}, timeout=5)  # expect: SL102, SL103


def summarise(max_tokens: int = 512) -> int:
    return max_tokens  # ok: SL103 (max_tokens is not a secret)
