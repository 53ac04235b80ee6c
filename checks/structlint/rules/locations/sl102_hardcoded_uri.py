"""SL102 hardcoded-uri: a data-store URI or connection string written into package code."""

from __future__ import annotations

import re

import libcst as cst

from structlint.rules.locations._common import (
    LiteralRule,
    Where,
    fill_fields,
    has_literal_word,
    in_dataset_class,
    is_http_call,
    source_of,
    where,
)
from structlint.rules.rule import Example

STORAGE_SCHEMES = frozenset(
    {
        "s3",
        "s3a",
        "s3n",
        "gs",
        "gcs",
        "abfs",
        "abfss",
        "az",
        "adl",
        "hdfs",
        "webhdfs",
        "wasb",
        "wasbs",
        "file",
    }
)
WEB_SCHEMES = frozenset({"http", "https"})
# SQLAlchemy dialects (the part before an optional `+driver`).
DATABASE_SCHEMES = frozenset(
    {
        "postgresql",
        "postgres",
        "mysql",
        "mariadb",
        "sqlite",
        "mssql",
        "oracle",
        "snowflake",
        "bigquery",
        "duckdb",
        "redshift",
        "databricks",
        "trino",
        "presto",
        "hive",
        "clickhouse",
        "teradata",
        "cockroachdb",
        "db2",
        "mongodb",
        "redis",
    }
)
# Hosts of XML namespaces and schema identifiers: names, not locations of data.
NAMESPACE_HOSTS = (
    "w3.org",
    "schemas.xmlsoap.org",
    "schemas.openxmlformats.org",
    "schemas.microsoft.com",
    "purl.org",
    "xmlns.com",
    "opengis.net",
    "json-schema.org",
    "ns.adobe.com",
    "sitemaps.org",
    "xml.org",
    "schema.org",
)

# Hosts of identifiers (ontology terms, persistent IDs) that may also serve a download: a URL
# there names a term unless its last part is a file (`.../obo/go.obo`).
IDENTIFIER_HOSTS = (
    "w3id.org",
    "identifiers.org",
    "purl.obolibrary.org",
    "geneontology.org",
    "dublincore.org",
    "ogp.me",
    "spdx.org",
    "doi.org",
    "orcid.org",
    "ror.org",
)
# Hosts of pages for people (code hosting, docs, package indexes): a URL there is a link
# unless it is a raw file or an API.
LINK_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "readthedocs.io",
    "readthedocs.org",
    "github.io",
    "pypi.org",
    "wikipedia.org",
    "stackoverflow.com",
    "kedro.org",
    "portal.azure.com",
)
_RAW_PATHS = ("/raw/", "/-/raw/", "/releases/download/", "/archive/")
_FILE_PART = re.compile(r"(?<=[^./])\.[A-Za-z0-9]{1,8}$")
# Callees (last name) that fetch what a URL points at, besides HTTP clients.
_FETCHERS = frozenset(
    {"open", "load", "urlopen", "urlretrieve", "download", "download_url", "fetch", "get_file"}
)

_URI = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<rest>.*)$", re.DOTALL)
_DBFS = re.compile(r"^dbfs:/(?P<rest>.*)$", re.DOTALL)
_JDBC = re.compile(r"^jdbc:(?P<rest>[A-Za-z].*)$", re.DOTALL)
_IN_MEMORY = re.compile(r"^/?:memory:$")
_CREDENTIALS = re.compile(r"^[^/@\s]*:[^/@\s]+@")

STORAGE, WEB, DATABASE = "storage", "web", "database"
# A web URL bound to one of these names is a link for people, not a data source.
_DOC_WORDS = frozenset(
    {"link", "links", "doc", "docs", "documentation", "homepage", "website", "help", "href"}
)
_WORDS = re.compile(r"[a-z0-9]+")


def _is_doc_name(name: str) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return True  # module metadata: `__url__`, `__homepage__`
    words = _WORDS.findall(re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower())
    return bool(words) and words[-1] in _DOC_WORDS


def uri_kind(shape: str) -> tuple[str, str] | None:
    """(kind, scheme) of a data-store URI or connection string, or None."""
    if any(c.isspace() for c in shape):
        return None
    text = fill_fields(shape)
    m = _JDBC.match(text)
    if m:
        return (DATABASE, "jdbc") if has_literal_word(m.group("rest").split(":", 1)[-1]) else None
    m = _DBFS.match(text)
    if m:
        return (STORAGE, "dbfs") if has_literal_word(m.group("rest")) else None
    m = _URI.match(text)
    if m is None:
        return None
    scheme = m.group("scheme").lower()
    rest = m.group("rest")
    if not has_literal_word(rest):
        return None  # `"s3://"` (a prefix test) or `f"s3://{bucket}/{key}"` (all from config)
    if scheme in STORAGE_SCHEMES:
        return STORAGE, scheme
    if scheme in WEB_SCHEMES:
        host = rest.split("/", 1)[0].split("@")[-1].lower()
        if any(host == h or host.endswith("." + h) for h in NAMESPACE_HOSTS):
            return None
        return WEB, scheme
    dialect = scheme.split("+", 1)[0]
    if dialect in DATABASE_SCHEMES:
        if _IN_MEMORY.match(rest):
            return None
        return DATABASE, scheme
    return None


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def is_identifier_or_link(text: str) -> bool:
    """A web URL that names a thing or is a page for people, not a data source: an RDF/OWL
    term (`http://www.geneontology.org/formats/oboInOwl#inSubset`, anything with a
    `#fragment`), a persistent identifier (`https://w3id.org/...`), a page on a code or docs
    host (`https://github.com/org/repo/tree/{version}`). A file there, a raw download or an
    API host is a source."""
    m = _URI.match(text)
    if m is None:
        return False
    host_part, _, path = m.group("rest").partition("/")
    host = host_part.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    path, _, fragment = ("/" + path).partition("#")
    path = path.split("?", 1)[0]
    is_file = _FILE_PART.search(path.rsplit("/", 1)[-1]) is not None
    if fragment and not is_file:
        return True  # `...#inSubset`: a term of a vocabulary; `.../#/runs/1`: a web UI's page
    if _on(host, IDENTIFIER_HOSTS):
        return not is_file
    if _on(host, LINK_HOSTS) or host.startswith(("docs.", "console.")):
        return not (is_file or host.startswith("api.") or any(p in path for p in _RAW_PATHS))
    return False


class HardcodedUri(LiteralRule):
    code = "SL102"
    name = "hardcoded-uri"
    summary = "A data-store URI or database connection string is written into package code."
    explanation = """
A bucket, a database server or a web endpoint written into the code
(`pd.read_parquet("s3://acme-prod/raw/sales.parquet")`,
`create_engine("postgresql://etl@db.internal/sales")`) ties every environment to the same
store: the test run reads production, the prod run cannot be pointed elsewhere without a
code change, and connection strings tend to carry a user name or a password with them.

structlint reports a string (a literal, an f-string or a concatenation) that starts with a
storage scheme (`s3://`, `s3a://`, `gs://`, `gcs://`, `abfs://`, `abfss://`, `az://`,
`adl://`, `hdfs://`, `dbfs:/`, `file://`), a JDBC URL (`jdbc:`), a SQLAlchemy URL
(`postgresql://`, `postgresql+psycopg2://`, `mysql://`, `sqlite:///`, `mssql+pyodbc://`,
`snowflake://`, `bigquery://`, `duckdb:///`...) or `http(s)://` used as a value (passed to a
call or assigned).

**Instead**, declare the dataset in `conf/base/catalog.yml` (per-environment buckets in
`conf/<env>/catalog.yml`) and keep the connection in `conf/local/credentials.yml`:

```yaml
# conf/base/catalog.yml
sales:
  type: pandas.SQLTableDataset
  table_name: sales
  credentials: sales_db

# conf/local/credentials.yml (never committed)
sales_db:
  con: postgresql://etl:${oc.env:SALES_DB_PASSWORD}@db.internal/sales
```

An API endpoint that is not a dataset goes to `conf/base/parameters.yml` and reaches the node
as `params:...`.

Stays silent on: docstrings and string statements, comments, URLs inside log calls, `print`,
`warnings.warn` and exception messages, string tests (`uri.startswith("s3://")`, `==`),
a bare scheme or a URI built only from values that arrive at run time
(`f"s3://{bucket}/{key}"`), in-memory databases (`sqlite://`, `duckdb:///:memory:`), XML
namespace and schema identifiers (`http://www.w3.org/...`, values of `namespaces=` /
`nsmap` / `xmlns` keys), URLs embedded in prose (`"see https://..."`), decorator arguments,
the values Kedro reads from `settings.py`, and tests.

A web URL bound to a name whose last word is `link`, `links`, `doc`, `docs`,
`documentation`, `homepage`, `website`, `help` or `href`, or built inside a function named so
(`def build_dashboard_link(): return f"https://..."`), is a link for people and silent.

Web URLs that name something rather than hold data are silent too, unless the code fetches
them (passes them to an HTTP client, a `read_*` function, `urlopen`, `open`, `load` or
`download`): vocabulary terms and identifiers (any URL with a `#fragment` such as
`http://www.geneontology.org/formats/oboInOwl#inSubset`, and URLs on `w3id.org`,
`identifiers.org`, `purl.obolibrary.org`, `geneontology.org`, `doi.org`, `spdx.org`... whose
last part is no file), and pages for people on code and docs hosts (`github.com`,
`gitlab.com`, `bitbucket.org`, `*.readthedocs.io`, `*.github.io`, `pypi.org`, `docs.*`):
`f"https://github.com/org/repo/tree/{version}"` in release notes. A file on those hosts
(`.../obo/go.obo`), a raw download (`/raw/`, `/releases/download/`) or an `api.` host stays a
data source.
"""
    bad = (
        Example(
            """
import pandas as pd
from sqlalchemy import create_engine


def load_sales(region: str) -> pd.DataFrame:
    engine = create_engine("postgresql+psycopg2://etl@db.internal:5432/sales")  # expect: SL102
    sales = pd.read_sql("SELECT * FROM sales", engine)
    targets = pd.read_parquet(f"s3://acme-prod/targets/{region}.parquet")  # expect: SL102
    return sales.merge(targets, on="region")
"""
        ),
    )
    good = (
        Example(
            """
import logging

import pandas as pd

logger = logging.getLogger(__name__)
XSI = {"xsi": "http://www.w3.org/2001/XMLSchema-instance"}


def combine(sales: pd.DataFrame, targets: pd.DataFrame, bucket_uri: str) -> pd.DataFrame:
    logger.info("Combining sales with targets from s3://acme-prod/targets")
    if not bucket_uri.startswith("s3://"):
        raise ValueError(f"expected an s3:// URI such as s3://bucket/prefix, got {bucket_uri}")
    return sales.merge(targets, on="region")
""",
            files={
                "conf/base/catalog.yml": (
                    "targets:\n  type: pandas.ParquetDataset\n"
                    "  filepath: s3://acme-prod/targets/all.parquet\n"
                ),
            },
        ),
    )

    def check(self, node: cst.CSTNode, shape: str) -> None:
        found = uri_kind(shape)
        if found is None:
            return
        kind, scheme = found
        place = where(self.ctx)
        if place.exempt or in_dataset_class(self.ctx):
            return  # a dataset class is where the catalog's I/O (and its defaults) is written
        if kind == WEB and (
            place.xml_namespace
            or any(_is_doc_name(n) for n in place.names)
            or _is_doc_name(self._function_name())
        ):
            return  # `docs_url = ...`, `def build_dashboard_link(): return f"https://..."`
        if kind == WEB and not self._fetched(place) and is_identifier_or_link(fill_fields(shape)):
            return
        shown = f"`{source_of(node)}`{self.in_node()}"
        if kind == DATABASE:
            secret = ""
            m = _URI.match(fill_fields(shape))
            if m and _CREDENTIALS.match(m.group("rest")):
                secret = " (it carries a password: rotate it)"
            message = (
                f"hardcoded connection string {shown}{secret}: put it under `con:` in "
                "`conf/local/credentials.yml` and refer to it from the catalog entry's "
                "`credentials:`, so each environment connects to its own database."
            )
        elif kind == STORAGE:
            message = (
                f"hardcoded {scheme} URI {shown}: declare the dataset in "
                "`conf/base/catalog.yml` with this URI as its `filepath` (per-environment "
                "overrides in `conf/<env>/`, keys in `conf/local/credentials.yml`) and pass "
                "the dataset's name as a node input."
            )
        else:
            message = (
                f"hardcoded URL {shown}: a data source belongs in configuration; declare it "
                "in `conf/base/catalog.yml` (e.g. an `api.APIDataset`) or put it in "
                "`conf/base/parameters.yml` and pass it in as `params:...`."
            )
        self.report(node, message)

    def _function_name(self) -> str:
        """The name of the innermost function around the node being visited, or ""."""
        for anc in reversed(self.ctx.stack):
            if type(anc) is cst.FunctionDef:
                name = anc.name.value
                # `__init__`, `__call__`: not a name that says what the function returns.
                return "" if name.startswith("__") else name
        return ""

    def _fetched(self, place: Where) -> bool:
        """The URL is an argument of a call that fetches it: an HTTP client, a reader
        (`pd.read_csv`, `read_json`...), `urlopen`, `download`..."""
        call = place.call
        if call is None:
            return False
        if is_http_call(self.ctx, call, place.call_name):
            return True
        last = place.call_name.rpartition(".")[2]
        return last.startswith("read_") or last in _FETCHERS
