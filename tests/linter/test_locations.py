"""SL101 hardcoded-path, SL102 hardcoded-uri, SL103 hardcoded-secret on whole small Kedro
projects: what fires, what stays silent, and where.

Each snippet case is written as the nodes module of a project whose pipeline wires its
functions; a line that must carry a finding ends with `# expect: SLxxx`, every other line must
stay silent.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from structlint.rules.rule import Example
from structlint.run.engine import RunResult
from tests.helpers import found, run, write_project

NODES = "src/demo/pipelines/demo/nodes.py"

BASE_FILES: dict[str, str] = {
    "src/demo/__init__.py": "",
    "src/demo/settings.py": "",
    "src/demo/pipeline_registry.py": """
        from kedro.framework.project import find_pipelines
        from kedro.pipeline import Pipeline


        def register_pipelines() -> dict[str, Pipeline]:
            pipelines = find_pipelines()
            pipelines["__default__"] = sum(pipelines.values())
            return pipelines
    """,
    "src/demo/pipelines/__init__.py": "",
    "src/demo/pipelines/demo/__init__.py": "",
    "src/demo/pipelines/demo/pipeline.py": """
        from kedro.pipeline import Pipeline, node

        from .nodes import process


        def create_pipeline(**kwargs) -> Pipeline:
            return Pipeline([node(process, "companies", "processed", name="process")])
    """,
    "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n"
    "  filepath: data/01_raw/companies.csv\n",
    "conf/base/parameters.yml": "{}\n",
}


def project(tmp: Path, files: dict[str, str]) -> Path:
    return write_project(tmp, {**BASE_FILES, **files})


def check(tmp: Path, code: str, source: str, path: str = NODES) -> None:
    """`source` (with `# expect:` markers) at `path` gives exactly the marked findings."""
    source = textwrap.dedent(source)
    project(tmp, {path: source})
    result = run(tmp, select=[code])
    assert not result.errors, result.errors
    expected = {e for e in Example(source, path=path).expected() if e[2] == code}
    assert {f for f in found(result) if f[2] == code} == expected


def messages(result: RunResult, code: str) -> list[str]:
    return [f.message for f in sorted(result.findings, key=lambda f: f.line) if f.code == code]


# ---------------------------------------------------------------------------------------------
# SL101 hardcoded-path

SL101_FIRES = {
    "read_csv-data-layer": """
        import pandas as pd

        def process(companies):
            return pd.read_csv("data/01_raw/companies.csv")  # expect: SL101
    """,
    "fstring-data-layer": """
        import pandas as pd

        def process(companies, name):
            return pd.read_excel(f"data/01_raw/{name}.xlsx")  # expect: SL101
    """,
    "absolute": """
        import pandas as pd

        def process(companies):
            return pd.read_parquet("/mnt/share/sales.parquet")  # expect: SL101
    """,
    "home": """
        def process(companies):
            return companies.to_csv("~/exports/companies.csv")  # expect: SL101
    """,
    "dot-relative": """
        def process(companies):
            companies.to_html("./reports/companies.html")  # expect: SL101
            companies.to_json("../shared/companies.json")  # expect: SL101
    """,
    "windows-drive": r"""
        import pandas as pd

        def process(companies):
            return pd.read_excel(r"C:\Users\me\Desktop\sales.xlsx")  # expect: SL101
    """,
    "implicit-concatenation-once": """
        import pandas as pd

        def process(companies):
            return pd.read_csv("data/01_raw/" "companies.csv")  # expect: SL101
    """,
    "plus-concatenation-once": """
        import pandas as pd

        def process(companies, name):
            return pd.read_parquet("data/02_intermediate/" + name + ".parquet")  # expect: SL101
    """,
    "path-join-operator": """
        from pathlib import Path

        def process(companies):
            return Path("data") / "01_raw" / "companies.csv"  # expect: SL101
    """,
    "os-path-join": """
        import os

        def process(companies):
            return os.path.join("data", "08_reporting", "plot.png")  # expect: SL101
    """,
    "folder-and-file-under-dynamic-root": """
        from pathlib import Path

        def process(companies, base):
            return Path(base) / "raw" / "shuttles.xlsx"  # expect: SL101
    """,
    "fstring-folder-and-file": """
        def process(companies, root, name):
            return f"{root}/raw/{name}.parquet"  # expect: SL101
    """,
    "helper-module-constant": """
        OUTPUT = "/tmp/demo/output.csv"  # expect: SL101

        def process(companies):
            return companies
    """,
    "parameter-default": """
        def process(companies, path="data/03_primary/companies.pq"):  # expect: SL101
            return companies
    """,
    "format-and-percent": """
        def process(companies, name):
            a = "data/04_feature/{}.csv".format(name)  # expect: SL101
            b = "data/04_feature/%s.csv" % name  # expect: SL101
            return a, b
    """,
    "file-rooted-into-data-layer": """
        from pathlib import Path

        RAW = Path(__file__).parents[4] / "data" / "01_raw" / "x.csv"  # expect: SL101

        def process(companies):
            return companies
    """,
    "glob-in-data": """
        import glob

        def process(companies):
            return glob.glob("data/01_raw/*.csv")  # expect: SL101
    """,
    "dataset-in-code": """
        from kedro_datasets.pandas import CSVDataset

        def process(companies):
            return CSVDataset(filepath="data/01_raw/companies.csv").load()  # expect: SL101
    """,
    "dict-value": """
        SOURCES = {
            "companies": "data/01_raw/companies.csv",  # expect: SL101
            "shuttles": "/data/shuttles.xlsx",  # expect: SL101
        }

        def process(companies):
            return companies
    """,
    "path-of-data-folder": """
        from pathlib import Path

        def process(companies):
            return Path("data/01_raw")  # expect: SL101
    """,
    "dbfs-mount": """
        def process(companies, spark):
            return spark.read.format("delta").load("/dbfs/mnt/raw/sales")  # expect: SL101
    """,
    "joinpath": """
        def process(companies, root):
            return root.joinpath("raw", "companies.csv")  # expect: SL101
    """,
}

SL101_SILENT = {
    "docstring": '''
        def process(companies):
            """Read data/01_raw/companies.csv (through the catalog) and clean it."""
            return companies
    ''',
    "module-docstring-and-string-statement": '''
        """Nodes for data/01_raw/companies.csv."""

        X = 1
        """/mnt/share/docs/x.csv: where the raw file came from."""

        def process(companies):
            return companies
    ''',
    "comment": """
        def process(companies):
            # was pd.read_csv("data/01_raw/companies.csv")
            return companies
    """,
    "bare-file-name": """
        def process(companies, model):
            artefacts = {"model.pkl": model, "label": "report.html"}
            return artefacts
    """,
    "file-name-under-dynamic-folder": """
        import os

        def process(companies, out_dir, name):
            a = out_dir / "report.csv"
            b = f"{out_dir}/{name}.csv"
            c = os.path.join(out_dir, "summary.json")
            return a, b, c
    """,
    "regex": r"""
        import re

        PATTERN = re.compile(r"^data/(\d+)/.*\.csv$")

        def process(companies):
            companies["raw"] = companies["file"].str.contains("raw/.*csv")
            companies["ok"] = companies["file"].str.match(r"[a-z]+/\w+\.json")
            return companies
    """,
    "log-messages": """
        import logging

        logger = logging.getLogger(__name__)

        def process(companies):
            logger.info("Saved to data/08_reporting/plot.png")
            logger.debug("%s", "data/01_raw/companies.csv")
            logger.warning(f"missing /mnt/share/{companies.name}.csv")
            print("/tmp/x.csv")
            return companies
    """,
    "exception-messages": """
        import warnings

        def process(companies, name):
            if companies.empty:
                raise FileNotFoundError(f"data/01_raw/{name}.csv")
            warnings.warn("data/01_raw/old.csv is deprecated")
            assert name, "/mnt/share/x.csv"
            return companies
    """,
    "column-names": """
        def process(companies):
            companies["ratio"] = companies["price/unit"] / companies["km/h"]
            return companies.rename(columns={"sales/2020": "sales"})
    """,
    "date-formats": """
        import pandas as pd

        def process(companies):
            companies["d"] = pd.to_datetime(companies["d"], format="%d/%m/%Y")
            return companies["d"].dt.strftime("%Y/%m/%d")
    """,
    "mime-types-and-text": """
        def process(companies):
            headers = {"Content-Type": "text/csv", "Accept": "application/json"}
            notes = ["and/or", "N/A", "1/2", "km/h", "a/b"]
            return headers, notes
    """,
    "urls-are-sl102s": """
        import pandas as pd

        def process(companies):
            return pd.read_csv("s3://bucket/raw/companies.csv")
    """,
    "string-tests-and-edits": """
        def process(companies, path):
            if path.startswith("/dbfs/") or path == "/mnt/x.csv":
                path = path.replace("/dbfs", "dbfs:")
            parts = path.split("/")
            return "/".join(parts)
    """,
    "package-relative-template": """
        from pathlib import Path

        TEMPLATE = Path(__file__).parent / "templates" / "report.html"

        def process(companies):
            return TEMPLATE
    """,
    "decorator-route": """
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/predict/v1")
        def process(companies):
            return companies
    """,
    "division-and-options": """
        def process(companies, subprocess):
            ratio = companies / 2
            subprocess.run(["tar", "--exclude=local/*.yml"])
            return ratio
    """,
    "help-text-keyword": """
        import click

        def process(companies):
            return click.Option(["--out"], help="e.g. data/08_reporting/out.csv")
    """,
    "plus-append-route": """
        def process(companies, url):
            url += "/status/deactivated"
            return url
    """,
}


@pytest.mark.parametrize("source", SL101_FIRES.values(), ids=SL101_FIRES.keys())
def test_sl101_fires(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL101", source)


@pytest.mark.parametrize("source", SL101_SILENT.values(), ids=SL101_SILENT.keys())
def test_sl101_silent(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL101", source)


def test_sl101_nodes_and_helpers_both_fire_and_messages_say_so(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            NODES: """
                import pandas as pd

                from demo.utils import load_lookup


                def process(companies):
                    lookup = load_lookup()
                    return pd.read_csv("data/01_raw/extra.csv").merge(lookup)
            """,
            "src/demo/utils.py": """
                import pandas as pd


                def load_lookup():
                    return pd.read_csv("/mnt/share/lookup.csv")
            """,
        },
    )
    result = run(tmp_path, select=["SL101"])
    assert found(result) == {
        (NODES, 9, "SL101"),
        ("src/demo/utils.py", 6, "SL101"),
    }
    by_path = {f.path: f.message for f in result.findings}
    assert "in node `process`" in by_path[NODES]
    assert '`"data/01_raw/extra.csv"`' in by_path[NODES]
    assert "conf/base/catalog.yml" in by_path[NODES]
    assert "in node" not in by_path["src/demo/utils.py"]
    assert "/mnt/share/lookup.csv" in by_path["src/demo/utils.py"]


def test_sl101_tests_scripts_and_kedro_settings_are_silent(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            "src/demo/settings.py": """
                from pathlib import Path

                CONF_SOURCE = "./deploy/conf"
                SESSION_STORE_ARGS = {"path": "/var/kedro/sessions"}
                EXPORT = "/var/exports/companies.csv"  # not a Kedro setting
            """,
            "tests/pipelines/demo/test_nodes.py": """
                import pandas as pd


                def test_process():
                    df = pd.read_csv("data/01_raw/companies.csv")
                    assert len(df)
            """,
            "src/tests/test_helpers.py": 'FIXTURE = "/tmp/fixture.csv"\n',
            "scripts/export.py": 'OUT = "/tmp/export.csv"\n',
            NODES: "def process(companies):\n    return companies\n",
        },
    )
    result = run(tmp_path, select=["SL101"])
    assert found(result) == {("src/demo/settings.py", 6, "SL101")}


def test_sl101_concatenation_reported_once_at_its_start(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            NODES: """
                from pathlib import Path


                def process(companies):
                    return (
                        Path("data")
                        / "01_raw"
                        / "companies.csv"
                    )
            """
        },
    )
    result = run(tmp_path, select=["SL101"])
    assert [(f.line, f.column) for f in result.findings] == [(7, 9)]
    assert 'Path("data") / "01_raw" / "companies.csv"' in result.findings[0].message


def test_sl101_noqa(tmp_path: Path) -> None:
    check(
        tmp_path,
        "SL101",
        """
        import pandas as pd

        def process(companies):
            a = pd.read_csv("data/01_raw/a.csv")  # noqa: SL101
            return pd.read_csv("data/01_raw/b.csv")  # expect: SL101
        """,
    )


# ---------------------------------------------------------------------------------------------
# SL102 hardcoded-uri

STORAGE_URIS = [
    "s3://acme/raw/sales.parquet",
    "s3a://acme/raw/sales",
    "gs://acme/raw/sales.csv",
    "gcs://acme/raw/sales.csv",
    "abfs://raw@acme.dfs.core.windows.net/sales.csv",
    "abfss://raw@acme.dfs.core.windows.net/sales.csv",
    "az://raw/sales.csv",
    "adl://acme.azuredatalakestore.net/raw/sales.csv",
    "hdfs://namenode:8020/raw/sales",
    "dbfs:/mnt/raw/sales",
    "file:///srv/raw/sales.csv",
    "jdbc:postgresql://db.internal:5432/sales",
    "postgresql://etl@db.internal/sales",
    "postgresql+psycopg2://etl@db.internal:5432/sales",
    "mysql://etl@db.internal/sales",
    "sqlite:///data/app.db",
    "mssql+pyodbc://etl@dsn",
    "snowflake://acme/sales/public",
    "bigquery://acme-project/sales",
    "duckdb:///data/warehouse.duckdb",
    "https://api.example.com/v1/rates.csv",
]


@pytest.mark.parametrize("uri", STORAGE_URIS)
def test_sl102_fires_on_every_scheme(uri: str, tmp_path: Path) -> None:
    check(
        tmp_path,
        "SL102",
        f"""
        import pandas as pd

        def process(companies):
            return pd.read_csv("{uri}")  # expect: SL102
        """,
    )


SL102_FIRES = {
    "fstring-with-literal-bucket": """
        import pandas as pd

        def process(companies, key):
            return pd.read_parquet(f"s3://acme-prod/{key}")  # expect: SL102
    """,
    "concatenation": """
        def process(companies, key):
            return "s3://acme-prod/raw/" + key  # expect: SL102
    """,
    "assigned-base-url": """
        import requests

        BASE_URL = "https://api.example.com"  # expect: SL102

        def process(companies):
            return requests.get(BASE_URL + "/rates").json()
    """,
    "create-engine-in-helper": """
        from sqlalchemy import create_engine

        def engine():
            return create_engine("postgresql://etl:hunter2@db.internal/sales")  # expect: SL102

        def process(companies):
            return companies
    """,
    "keyword-and-dict": """
        def process(companies, client):
            client.configure(endpoint="http://localhost:9000/data")  # expect: SL102
            return {"source": "gs://acme/raw"}  # expect: SL102
    """,
    "mlflow-tracking": """
        import mlflow

        def process(companies):
            mlflow.set_tracking_uri("http://mlflow.internal:5000")  # expect: SL102
            return companies
    """,
}

SL102_SILENT = {
    "docstring-and-comment": '''
        def process(companies):
            """Reads s3://acme/raw/sales.parquet through the catalog."""
            # s3://acme/raw/sales.parquet
            return companies
    ''',
    "log-and-exception-messages": """
        import logging

        logger = logging.getLogger(__name__)

        def process(companies, uri):
            logger.info("Downloading https://api.example.com/v1/rates")
            logger.info("from %s", "s3://acme/raw/sales.parquet")
            if not uri:
                raise ValueError(f"cannot reach postgresql://db.internal/{uri}")
            return companies
    """,
    "xml-namespaces": """
        import xml.etree.ElementTree as ET

        NS = {"xsi": "http://www.w3.org/2001/XMLSchema-instance"}
        ET.register_namespace("acme", "http://acme.example.com/schema/v1")

        def process(companies, root):
            items = root.findall("a:item", namespaces={"a": "http://acme.example.com/a"})
            return {"$schema": "https://json-schema.org/draft/2020-12/schema", "items": items}
    """,
    "prefix-tests": """
        def process(companies, uri):
            if uri.startswith(("s3://", "gs://")) or uri == "s3://acme/raw":
                return uri
            return "s3://"
    """,
    "all-from-config": """
        def process(companies, bucket, key, dialect):
            a = f"s3://{bucket}/{key}"
            b = "s3://" + bucket + "/" + key
            return a, b
    """,
    "in-memory-databases": """
        from sqlalchemy import create_engine

        def process(companies):
            create_engine("sqlite://")
            return create_engine("duckdb:///:memory:")
    """,
    "prose-and-doc-links": """
        import click

        DOCS_LINK = "https://docs.kedro.org/en/stable/"
        __url__ = "https://github.com/acme/demo"

        def process(companies):
            note = "see https://docs.kedro.org for details"
            return click.Option(["--uri"], help="https://acme.example.com/help"), note
    """,
    "decorator-and-annotation": """
        def route(path):
            return lambda f: f

        @route("https://acme.example.com/hook")
        def process(companies) -> "https://ignored.example.com":
            return companies
    """,
    "not-a-data-scheme": """
        def process(companies):
            return ["mailto:ops@acme.com", "ftp-like: no", "urn:isbn:0451450523", "C://x"]
    """,
}


@pytest.mark.parametrize("source", SL102_FIRES.values(), ids=SL102_FIRES.keys())
def test_sl102_fires(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL102", source)


@pytest.mark.parametrize("source", SL102_SILENT.values(), ids=SL102_SILENT.keys())
def test_sl102_silent(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL102", source)


def test_sl102_messages_name_the_uri_and_the_fix(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            NODES: """
                import pandas as pd
                from sqlalchemy import create_engine


                def process(companies):
                    engine = create_engine("postgresql://etl:pw@db.internal/sales")
                    targets = pd.read_parquet("s3://acme/targets.parquet")
                    return pd.read_json("https://api.example.com/rates.json")
            """
        },
    )
    result = run(tmp_path, select=["SL102"])
    conn, storage, web = messages(result, "SL102")
    assert "postgresql://etl:pw@db.internal/sales" in conn
    assert "conf/local/credentials.yml" in conn and "password" in conn
    assert "in node `process`" in conn
    assert "s3://acme/targets.parquet" in storage and "conf/base/catalog.yml" in storage
    assert "https://api.example.com/rates.json" in web and "parameters.yml" in web


def test_sl102_tests_and_kedro_settings_silent(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            "src/demo/settings.py": """
                SESSION_STORE_ARGS = {"path": "s3://acme/sessions"}
                CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "local"}
            """,
            "tests/test_run.py": 'URI = "s3://acme/test/sales.parquet"\n',
            NODES: "def process(companies):\n    return companies\n",
        },
    )
    assert found(run(tmp_path, select=["SL102"])) == set()


# ---------------------------------------------------------------------------------------------
# SL103 hardcoded-secret

SL103_FIRES = {
    "variable": """
        password = "hunter22"  # expect: SL103
    """,
    "constant-with-prefix": """
        DB_PASSWORD = "s3cr3t!value"  # expect: SL103
        GITHUB_TOKEN = "abc123def456"  # expect: SL103
    """,
    "attribute": """
        class Client:
            def __init__(self):
                self.api_key = "k-81f2a9c4e7"  # expect: SL103
    """,
    "keyword-argument": """
        def process(companies, psycopg2):
            return psycopg2.connect(user="etl", password="Pa55word!")  # expect: SL103
    """,
    "dict-key": """
        def process(companies, requests):
            return requests.get("x", params={"token": "abc123def456"})  # expect: SL103
    """,
    "environ-key": """
        import os

        os.environ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMIK7MDENGbPxRfiCYz"  # expect: SL103
    """,
    "parameter-default": """
        def connect(host, secret="s3cr3t-value"):  # expect: SL103
            return host, secret
    """,
    "annotated": """
        client_secret: str = "8f2c41d9e0b7"  # expect: SL103
    """,
    "camel-case-names": """
        clientSecret = "8f2c41d9e0b7"  # expect: SL103
        apiKey = "8f2c41d9e0b7"  # expect: SL103
    """,
    "dict-call-keyword": """
        CREDS = dict(apikey="8f2c41d9e0b7", passwd="pa55-w0rd")  # expect: SL103
    """,
    "private-key-and-access-key-names": """
        PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"  # expect: SL103
        access_key = "8f2c41d9e0b7"  # expect: SL103
        pwd = "letmein99"  # expect: SL103
    """,
    "aws-key-id-shape": """
        import boto3

        def process(companies):
            return boto3.client("s3", aws_access_key_id="AKIAZ7QX3M4N5P6R7S8T")  # expect: SL103
    """,
    "pem-shape": r"""
        PEM = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7vZq3x9\n"  # expect: SL103
    """,
    "github-token-shapes": """
        AUTH = {"Authorization": "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"}  # expect: SL103
        PAT = ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"]  # expect: SL103
    """,
    "slack-token-shape": """
        def process(companies, slack):
            slack.post(channel="#data", auth="xoxb-1234567890-abcdefghij")  # expect: SL103
            return companies
    """,
    "shape-in-docstring-still-leaks": '''
        def process(companies):
            """Uses key AKIAZ7QX3M4N5P6R7S8T."""  # expect: SL103
            return companies
    ''',
    "implicit-concatenation": """
        password = ("hunter" "22")  # expect: SL103
    """,
}

SL103_SILENT = {
    "empty-and-none": """
        password = ""
        token = None
        secret = "  "
    """,
    "placeholders": """
        A_TOKEN = "<your-token>"
        B_TOKEN = "${oc.env:GITHUB_TOKEN}"
        C_PASSWORD = "xxx"
        D_PASSWORD = "***"
        E_API_KEY = "your-api-key-here"
        F_SECRET = "changeme"
        G_TOKEN = "{token}"
    """,
    "environment-and-credentials-reads": """
        import os

        def connect(credentials):
            password = os.environ["DB_PASSWORD"]
            token = os.getenv("GITHUB_TOKEN", "")
            secret = credentials["client_secret"]
            return password, token, secret
    """,
    "env-var-names": """
        PASSWORD_ENV = "DB_PASSWORD"
        password = "DB_PASSWORD"
        token = "$GITHUB_TOKEN"
    """,
    "not-secret-names": r"""
        from sklearn.feature_extraction.text import CountVectorizer

        vectorizer = CountVectorizer(token_pattern=r"(?u)\b\w+\b")
        password_field = "pwd_hash"
        secret_name = "prod/warehouse"
        max_tokens = "100"
        token_type = "Bearer"
        credentials = "warehouse"
    """,
    "field-names": """
        PASSWORD = "password"
        FIELDS = {"token": "token", "api_key": "API Key:"}
    """,
    "kedro-mappings": """
        from kedro.pipeline import node, pipeline

        def use(token):
            return token

        def create_pipeline():
            return pipeline(
                [node(use, inputs={"token": "api_token"}, outputs="out")],
                parameters={"params:api_key": "params:prod_api_key"},
            )
    """,
    "params-reference": """
        SETTINGS = {"api_key": "params:api_key"}
    """,
    "documented-placeholder-shapes": """
        KEY_ID = "AKIAIOSFODNN7EXAMPLE"
        TOKEN = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
        PEM_HEADER = "-----BEGIN PRIVATE KEY-----"
    """,
    "fstring-values": """
        def headers(token):
            authorization = f"Bearer {token}"
            secret = f"{token}"
            return authorization, secret
    """,
    "prompt": """
        def ask(getpass):
            return getpass(prompt="Password:")
    """,
    "comparisons-and-lookups": """
        def check(config):
            return config.get("password") == "" or config.pop("token", None)
    """,
    "bytes-and-numbers": """
        PWD_LEN = 12
        token = 0
    """,
    "pwd-as-working-directory": """
        pwd = "/home/etl/project"
    """,
    "short-values": """
        token = "ab"
    """,
}


@pytest.mark.parametrize("source", SL103_FIRES.values(), ids=SL103_FIRES.keys())
def test_sl103_fires(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL103", source)


@pytest.mark.parametrize("source", SL103_SILENT.values(), ids=SL103_SILENT.keys())
def test_sl103_silent(source: str, tmp_path: Path) -> None:
    check(tmp_path, "SL103", source)


def test_sl103_message_names_the_target_but_not_the_secret(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            NODES: """
                def process(companies, client):
                    client.login(password="hunter22")
                    return companies


                AWS = "AKIAZ7QX3M4N5P6R7S8T"
            """
        },
    )
    result = run(tmp_path, select=["SL103"])
    named, shaped = messages(result, "SL103")
    assert "`password`" in named and "in node `process`" in named
    assert "hunter22" not in named
    assert "conf/local/credentials.yml" in named
    assert "AWS access key" in shaped and "AKIAZ7QX3M4N5P6R7S8T" not in shaped
    assert "Rotate" in shaped


def test_sl103_everywhere_in_the_package_but_not_tests(tmp_path: Path) -> None:
    project(
        tmp_path,
        {
            "src/demo/settings.py": 'API_TOKEN = "3f9a7c0d5e1b4a2f8c6d"\n',
            "src/demo/hooks.py": """
                class Hooks:
                    password = "hunter22"
            """,
            "tests/test_hooks.py": 'password = "hunter22"\nKEY = "AKIAZ7QX3M4N5P6R7S8T"\n',
            NODES: "def process(companies):\n    return companies\n",
        },
    )
    assert found(run(tmp_path, select=["SL103"])) == {
        ("src/demo/settings.py", 1, "SL103"),
        ("src/demo/hooks.py", 3, "SL103"),
    }


def test_location_rules_together_report_one_finding_each(tmp_path: Path) -> None:
    """A URI with a password is SL102's; a path is SL101's; neither reports the other's."""
    project(
        tmp_path,
        {
            NODES: """
                import pandas as pd
                from sqlalchemy import create_engine


                def process(companies):
                    engine = create_engine("postgresql://etl:pw@db/sales", password="pw-123456")
                    raw = pd.read_csv("data/01_raw/extra.csv")
                    return pd.read_csv("s3://acme/x.csv"), raw, engine
            """
        },
    )
    result = run(tmp_path, select=["SL101", "SL102", "SL103"])
    assert found(result) == {
        (NODES, 7, "SL102"),
        (NODES, 7, "SL103"),
        (NODES, 8, "SL101"),
        (NODES, 9, "SL102"),
    }
