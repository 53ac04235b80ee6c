"""SL201 io-in-node: a node function that reads or writes outside its arguments."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from structlint.rules.locations._common import spark_sql_path
from structlint.rules.parameters._common import (
    ConfigTracker,
    assigned_name,
    config_consumed_args,
    imported_name,
    may_read_config,
)
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext, NodeFunction, PendingFinding, string_value
from structlint.sources.names import ATTRIBUTE, CALL, NAME

# Questions to the file system: I/O (IO_FUNCTIONS) that returns its answer (DATA_RETURNING).
_PATH_QUERIES = (
    "os.path.exists",
    "os.path.lexists",
    "os.path.isfile",
    "os.path.isdir",
    "os.path.islink",
    "os.path.getsize",
    "os.path.getmtime",
    "os.path.getctime",
    "os.path.getatime",
)
# Functions, by qualified name, that touch files, the network, databases or other processes.
IO_FUNCTIONS = frozenset(
    {
        # files
        "open",
        "io.open",
        "builtins.open",
        "codecs.open",
        "gzip.open",
        "bz2.open",
        "lzma.open",
        "tarfile.open",
        "zipfile.ZipFile",
        "h5py.File",
        "fsspec.open",
        "fsspec.open_files",
        "fsspec.filesystem",
        "s3fs.S3FileSystem",
        "gcsfs.GCSFileSystem",
        "glob.glob",
        "glob.iglob",
        # pandas / pyarrow / xarray objects that hold a file
        "pandas.ExcelFile",
        "pandas.ExcelWriter",
        "pandas.HDFStore",
        "pandas.to_pickle",
        "pyarrow.parquet.write_table",
        "pyarrow.parquet.write_to_dataset",
        "pyarrow.parquet.ParquetFile",
        "pyarrow.parquet.ParquetDataset",
        "pyarrow.csv.write_csv",
        "pyarrow.feather.write_feather",
        "pyarrow.dataset.dataset",
        "pyarrow.dataset.write_dataset",
        "xarray.save_mfdataset",
        # numpy
        "numpy.load",
        "numpy.save",
        "numpy.savez",
        "numpy.savez_compressed",
        "numpy.loadtxt",
        "numpy.savetxt",
        "numpy.genfromtxt",
        "numpy.fromfile",
        "numpy.fromregex",
        "numpy.memmap",
        "numpy.lib.format.open_memmap",
        # serialisers that take a file
        "pickle.load",
        "pickle.dump",
        "pickle.Pickler",
        "pickle.Unpickler",
        "joblib.load",
        "joblib.dump",
        "cloudpickle.load",
        "cloudpickle.dump",
        "dill.load",
        "dill.dump",
        "marshal.load",
        "marshal.dump",
        "msgpack.load",
        "msgpack.dump",
        "torch.load",
        "torch.save",
        "json.load",
        "json.dump",
        "simplejson.load",
        "simplejson.dump",
        "ujson.load",
        "ujson.dump",
        # plots
        "matplotlib.pyplot.savefig",
        "matplotlib.pyplot.imsave",
        "matplotlib.pyplot.imread",
        "matplotlib.image.imsave",
        "matplotlib.image.imread",
        # network
        "urllib3.PoolManager",
        "urllib3.request",
        "http.client.HTTPConnection",
        "http.client.HTTPSConnection",
        "aiohttp.ClientSession",
        "aiohttp.request",
        "socket.create_connection",
        "ftplib.FTP",
        "ftplib.FTP_TLS",
        "smtplib.SMTP",
        "smtplib.SMTP_SSL",
        # databases
        "sqlalchemy.create_engine",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "pyodbc.connect",
        "duckdb.connect",
        "snowflake.connector.connect",
        "mysql.connector.connect",
        "oracledb.connect",
        "cx_Oracle.connect",
        "pymongo.MongoClient",
        "redis.Redis",
        # cloud clients
        "google.cloud.storage.Client",
        "google.cloud.bigquery.Client",
        "azure.storage.blob.BlobServiceClient",
        "azure.storage.blob.BlobServiceClient.from_connection_string",
        # the file system and other processes
        "os.remove",
        "os.unlink",
        "os.makedirs",
        "os.mkdir",
        "os.rename",
        "os.renames",
        "os.replace",
        "os.rmdir",
        "os.removedirs",
        "os.listdir",
        "os.scandir",
        "os.walk",
        "os.system",
        "os.popen",
        "os.startfile",
        "os.symlink",
        "os.link",
        "os.chmod",
        "os.chown",
        "os.truncate",
        "os.utime",
        *_PATH_QUERIES,
    }
)
# Every call under these modules (exception classes excepted).
IO_MODULES = ("shutil.", "subprocess.", "boto3.", "urllib.request.", "tempfile.")
# HTTP clients: the verbs and the client objects (not `httpx.URL`, `requests.codes`...).
HTTP_MODULES = ("requests", "httpx")
HTTP_CALLS = frozenset(
    {
        "get",
        "post",
        "put",
        "patch",
        "delete",
        "head",
        "options",
        "request",
        "stream",
        "Session",
        "session",
        "Client",
        "AsyncClient",
    }
)
# Data libraries whose `read_*` / `scan_*` / `open_*` functions read files or databases.
DATA_LIBRARIES = frozenset(
    {
        "pandas",
        "polars",
        "dask",
        "modin",
        "geopandas",
        "pyarrow",
        "xarray",
        "vaex",
        "cudf",
        "duckdb",
        "pyspark",
    }
)
DATA_READ_PREFIXES = ("read_", "scan_", "open_")

# Methods that write wherever they are called: pandas / polars / plotly / numpy / matplotlib /
# Spark objects. Those in TARGETED return the text (or bytes) when given no target, which is an
# in-memory conversion: they fire only with a path or buffer.
WRITER_METHODS = frozenset(
    {
        "to_csv",
        "to_json",
        "to_html",
        "to_latex",
        "to_markdown",
        "to_xml",
        "to_parquet",
        "to_orc",
        "to_netcdf",
        "to_feather",
        "to_pickle",
        "to_hdf",
        "to_sql",
        "to_excel",
        "to_stata",
        "to_clipboard",
        "to_gbq",
        "to_zarr",
        "tofile",
        "write_csv",
        "write_json",
        "write_ndjson",
        "write_html",
        "write_parquet",
        "write_ipc",
        "write_ipc_stream",
        "write_avro",
        "write_excel",
        "write_database",
        "write_delta",
        "write_iceberg",
        "write_image",
        "sink_parquet",
        "sink_csv",
        "sink_ipc",
        "sink_ndjson",
        "savefig",
        "saveAsTable",
        "insertInto",
        "writeTo",
    }
)
TARGETED = frozenset(
    {
        "to_csv",
        "to_json",
        "to_html",
        "to_latex",
        "to_markdown",
        "to_xml",
        "to_parquet",
        "to_orc",
        "to_netcdf",
        "write_csv",
        "write_json",
        "write_ndjson",
    }
)
TARGET_KEYWORDS = frozenset(
    {"path_or_buf", "path", "buf", "file", "fname", "excel_writer", "path_or_buffer"}
)
# pathlib methods with no in-memory namesake: they fire on any receiver.
PATH_METHODS = frozenset(
    {
        "open",
        "read_text",
        "read_bytes",
        "write_text",
        "write_bytes",
        "mkdir",
        "unlink",
        "touch",
        "iterdir",
        "glob",
        "rglob",
        "rmdir",
        "is_file",
        "is_dir",
        "readlink",
        "symlink_to",
        "hardlink_to",
    }
)
# pathlib methods that share a name with in-memory ones (`str.replace`, `df.rename`): only on
# something that is visibly a path.
PATH_ONLY_METHODS = frozenset(
    {"exists", "stat", "lstat", "rename", "replace", "chmod", "samefile", "owner", "group"}
)
PATH_CLASSES = frozenset(
    {
        "pathlib.Path",
        "pathlib.PosixPath",
        "pathlib.WindowsPath",
        "upath.UPath",
    }
)
# I/O calls that return the data they read, not something to read or write through.
DATA_RETURNING = frozenset(
    {
        "numpy.load",
        "numpy.loadtxt",
        "numpy.genfromtxt",
        "numpy.fromfile",
        "numpy.fromregex",
        "pickle.load",
        "joblib.load",
        "cloudpickle.load",
        "dill.load",
        "marshal.load",
        "msgpack.load",
        "torch.load",
        "json.load",
        "simplejson.load",
        "ujson.load",
        "matplotlib.pyplot.imread",
        "matplotlib.image.imread",
        "glob.glob",
        "glob.iglob",
        "os.listdir",
        "os.walk",
        *_PATH_QUERIES,
    }
)
NOT_IO_RECEIVERS = frozenset({"webbrowser"})
# Spark: `df.write.<...>` / `spark.read.<...>` (attributes, not calls).
SPARK_STREAMS = frozenset({"readStream", "writeStream"})
SPARK_CHAIN = frozenset(
    {
        "format",
        "mode",
        "option",
        "options",
        "schema",
        "load",
        "save",
        "table",
        "csv",
        "json",
        "parquet",
        "orc",
        "text",
        "jdbc",
        "partitionBy",
        "bucketBy",
        "sortBy",
        "saveAsTable",
        "insertInto",
        "delta",
    }
)


# Exact type tests, as for `structlint.sources.names.NAME` and the others there.
_HANDLE_CHAIN = frozenset({cst.Attribute, cst.Call, cst.Subscript})
# The heads of the dotted names `call_label` reports beyond IO_FUNCTIONS.
_IO_HEADS = frozenset(
    {m.partition(".")[0] for m in IO_MODULES} | set(HTTP_MODULES) | DATA_LIBRARIES
)
_METHODS = WRITER_METHODS | PATH_METHODS | PATH_ONLY_METHODS
_PATH_CLASS_LAST_NAMES = frozenset(n.rpartition(".")[2] for n in PATH_CLASSES)
_SPARK_ATTRS = SPARK_STREAMS | {"read", "write"}
# Session methods that read: a metastore table, or SQL over a file.
_SESSION_READS = frozenset({"table", "sql"})
_SESSION_GETTERS = frozenset({"getOrCreate", "getActiveSession", "active"})


def _is_exception_class(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return last.endswith(("Error", "Exception", "Expired", "Warning"))


def _has_target(call: cst.Call) -> bool:
    for arg in call.args:
        if arg.star:
            return True
        if arg.keyword is None:
            return not (type(arg.value) is NAME and arg.value.value == "None")
        if arg.keyword.value in TARGET_KEYWORDS:
            return not (type(arg.value) is NAME and arg.value.value == "None")
    return False


def _chain_has_spark_write(expr: cst.BaseExpression) -> bool:
    while True:
        if isinstance(expr, cst.Attribute):
            if expr.attr.value in ("write", "writeStream"):
                return True
            expr = expr.value
        elif isinstance(expr, cst.Call):
            expr = expr.func
        else:
            return False


@dataclass
class _Candidate:
    node: cst.CSTNode
    message: str
    statement: cst.CSTNode | None
    handle: str | None
    top: cst.CSTNode | None = None


class IoClassifier:
    """Which expressions of a node function read or write outside its arguments."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.path_names: set[str] = set()

    def is_path(self, expr: cst.BaseExpression) -> bool:
        if type(expr) is NAME:
            return expr.value in self.path_names
        if type(expr) is CALL:
            func = expr.func
            if (
                self.ctx.last_name(func) in _PATH_CLASS_LAST_NAMES
                and imported_name(self.ctx, func) in PATH_CLASSES
            ):
                return True
            return type(func) is ATTRIBUTE and self.is_path(func.value)
        if type(expr) is cst.BinaryOperation and type(expr.operator) is cst.Divide:
            return self.is_path(expr.left)
        return False

    def call_label(self, call: cst.Call) -> str | None:
        """`pandas.read_csv`, `.to_csv()`, ... for a call that does I/O; None otherwise."""
        func = call.func
        name = imported_name(self.ctx, func)
        if name is not None:
            if name in IO_FUNCTIONS:
                return "open()" if name == "open" else f"{name}()"
            head, _, rest = name.partition(".")
            # Every other name reported here is dotted, under one of a few modules.
            if rest and head in _IO_HEADS:
                if name.startswith(IO_MODULES) and not _is_exception_class(name):
                    return f"{name}()"
                if head in HTTP_MODULES and rest in HTTP_CALLS:
                    return f"{name}()"
                last = name.rsplit(".", 1)[-1]
                if head in DATA_LIBRARIES and last.startswith(DATA_READ_PREFIXES):
                    return f"{name}()"
        if type(func) is not ATTRIBUTE:
            return None
        method = func.attr.value
        if method in _SESSION_READS:
            return self.session_read_label(call, method)
        if method not in _METHODS:
            return None
        receiver = func.value
        receiver_name = self.ctx.qualified_name(receiver)
        if receiver_name is not None and receiver_name.split(".")[0] in NOT_IO_RECEIVERS:
            return None
        if method in WRITER_METHODS:
            if method in TARGETED and not _has_target(call):
                return None
            if method in ("saveAsTable", "insertInto") and _chain_has_spark_write(receiver):
                return None  # the `.write` of the same chain is the finding
            return f".{method}()"
        if method in PATH_METHODS:
            return f".{method}()"
        if method in PATH_ONLY_METHODS and self.is_path(receiver):
            return f"Path.{method}()"
        return None

    def is_spark_session(self, expr: cst.BaseExpression) -> bool:
        """`spark`, `self.spark_session`, `SparkSession.builder.getOrCreate()`,
        `SparkSession.getActiveSession()`: what a Spark session is visibly called."""
        if type(expr) is CALL:
            return self.ctx.last_name(expr.func) in _SESSION_GETTERS
        dotted = self.ctx.dotted_name(expr)
        return dotted is not None and "spark" in dotted.rsplit(".", 1)[-1].lower()

    def session_read_label(self, call: cst.Call, method: str) -> str | None:
        """`spark.table("db.t")` reads a table; `spark.sql(...)` reads a file only when its
        text queries one directly (`FROM parquet.`path``): a query of a temporary view of
        the node's own input is in memory."""
        func = call.func
        if type(func) is not ATTRIBUTE or not self.is_spark_session(func.value):
            return None
        if method == "table":
            return "spark.table()"
        first = call.args[0].value if call.args else None
        if type(first) is not cst.SimpleString:
            return None
        try:
            text = string_value(first)
        except (ValueError, SyntaxError):
            return None
        if isinstance(text, str) and "`" in text and spark_sql_path(text) is not None:
            return "spark.sql()"
        return None

    def attribute_label(self, node: cst.Attribute, parent: cst.CSTNode | None) -> str | None:
        """Spark's `spark.read.<...>` / `df.write.<...>` / `readStream` / `writeStream`."""
        attr = node.attr.value
        if attr not in _SPARK_ATTRS:
            return None
        if type(parent) is CALL and parent.func is node:
            return None
        if attr in SPARK_STREAMS:
            return f".{attr}"
        if attr in ("read", "write"):
            if (
                type(parent) is ATTRIBUTE
                and parent.value is node
                and parent.attr.value in SPARK_CHAIN
            ):
                return f".{attr}"
            dotted = self.ctx.dotted_name(node.value)
            if dotted is not None and "spark" in dotted.rsplit(".", 1)[-1].lower():
                return f".{attr}"
        return None


_CATALOG = """\
companies:  # the raw extract
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""


class IoInNode(FileRule):
    code = "SL201"
    name = "io-in-node"
    summary = "A node function reads or writes data itself instead of through the catalog."
    node_functions_only = True
    explanation = """
A Kedro node gets its data through its arguments and hands its results back by returning them;
the Data Catalog does every load and save. A node that opens files, calls `pd.read_csv`, writes
`df.to_parquet(...)`, talks to a database, an HTTP API or S3, or runs a subprocess hides a
dataset from the pipeline: `kedro viz` cannot show it, `kedro run --from-nodes` cannot rebuild
it, versioning and `--env` do not apply, and the node cannot be tested without the file, the
network or the credentials.

structlint reports, inside node functions (and functions nested in them):

- files: `open()` (and `io`/`codecs`/`gzip`/`bz2`/`lzma`/`tarfile.open`, `zipfile.ZipFile`,
  `fsspec.open`), pathlib's `.open()`, `.read_text()`, `.read_bytes()`, `.write_text()`,
  `.write_bytes()`, `.mkdir()`, `.unlink()`, `.glob()`...; `glob.glob`;
- data libraries: `pandas.read_*` (also through `io.StringIO`: the call is still shaped as I/O),
  `polars.read_*` / `scan_*`, `dask` / `geopandas` / `pyarrow` / `xarray` readers, and the
  writers `to_csv`, `to_parquet`, `to_excel`, `to_json`, `to_pickle`, `to_sql`, `to_feather`,
  `to_hdf`, ..., `write_*` / `sink_*` (polars, plotly), `.savefig` / `plt.savefig`, on any
  object;
- `numpy.load/save/savez/loadtxt/savetxt/genfromtxt/fromfile` and `.tofile()`;
  `pickle`/`joblib`/`cloudpickle`/`dill`/`torch` `load`/`dump`; `json.load`/`json.dump`;
- Spark: `spark.read...` (`.csv`, `.parquet`, `.json`, `.table`, `.format(...).load`...),
  `df.write...` (`.save`, `.parquet`, `.csv`...), `readStream`/`writeStream`,
  `.saveAsTable()`, `.insertInto()`, `.writeTo()`, `spark.table("db.t")` (on a session:
  a name with `spark` in it, or `SparkSession.builder.getOrCreate()` /
  `getActiveSession()`), and `spark.sql(...)` whose text queries a file directly
  (``FROM parquet.`data/x.parquet` ``; a query of a temporary view is in memory and stays
  silent);
- network and databases: `requests` / `httpx` verbs and clients, `urllib.request`, `urllib3`,
  `sqlalchemy.create_engine`, `sqlite3`/`psycopg2`/`duckdb`... `connect`, `boto3`;
- the system: `os.remove/makedirs/rename/listdir/walk/system...`, `os.path.exists/isfile...`,
  every `shutil.*` and `subprocess.*` call, `tempfile.*`.

Not reported: in-memory conversions (`to_dict`, `to_numpy`, `to_list`, `to_frame`,
`pd.to_datetime`, Spark `.toPandas()`), `to_csv()` / `to_json()` / `write_csv()` with no path
(they return a string), `json.loads` / `json.dumps` / `pickle.loads` on values, string helpers
such as `os.path.join` and `urllib.parse`, and logging.

A handle is reported once, where it is opened: `with open(p) as f: json.load(f)` gives one
finding, on `open()`. A file that is read only to load configuration (`yaml.safe_load(f)`, a
`conf/` JSON file) is SL301's finding, not this rule's.

A helper that a node calls does the node's I/O all the same: functions of the project's own
package that a node function calls (`_fetch(url)`, `utils.fetch(url)`, `from .io import fetch`)
or hands to a call as a callback (`df["code"].map(read_lookup)`) are checked too, up to three
calls deep, and the finding sits at the helper's line and names the node: "`requests.get()` in
`_fetch` (called from node `extract`)"; a node of another module is named with its module
below the package, `etl.nodes.extract`. A helper that several nodes call gives one finding
naming them. Not followed: third-party code, methods on objects (`client.get()`), modules of
custom datasets (under a `datasets/` folder or named `*dataset*.py`: I/O is their job), and
helpers that only non-node code (hooks, scripts) calls, which stay unchecked.

For Spark the catalog entry is a `spark.SparkDatasetV2` (files), `spark.SparkHiveDataset` or
`databricks.ManagedTableDataset` (tables); the node receives and returns DataFrames.

Instead: declare a catalog entry for the dataset (`pandas.CSVDataset`, `pandas.SQLQueryDataset`,
`api.APIDataset`, `pickle.PickleDataset`, `matplotlib.MatplotlibWriter`, ...) and make it an input
or output of the node.
"""
    bad = (
        Example(
            """\
import pandas as pd


def merge(companies):
    regions = pd.read_csv("data/01_raw/regions.csv", sep=";")  # expect: SL201
    return companies.merge(regions, on="region")


def summarise(companies):
    summary = companies.groupby("region").size().to_frame("n")
    summary.to_parquet("data/08_reporting/summary.parquet")  # expect: SL201
    return companies.describe()
""",
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node

from .nodes import merge, summarise


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(merge, "companies", "merged"),
            node(summarise, "merged", "stats"),
        ]
    )
""",
                catalog=_CATALOG,
            ),
            fixed="""\
def merge(companies, regions):
    return companies.merge(regions, on="region")


def summarise(companies):
    summary = companies.groupby("region").size().to_frame("n")
    return companies.describe(), summary
""",
            fixed_files={
                PIPELINE: """\
from kedro.pipeline import Pipeline, node

from .nodes import merge, summarise


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(merge, ["companies", "regions"], "merged"),
            node(summarise, "merged", ["stats", "summary"]),
        ]
    )
""",
                "conf/base/catalog.yml": _CATALOG
                + """
regions:
  type: pandas.CSVDataset
  filepath: data/01_raw/regions.csv
  load_args:
    sep: ;
  metadata:
    kedro-viz:
      layer: raw

summary:
  type: pandas.ParquetDataset
  filepath: data/08_reporting/summary.parquet
  metadata:
    kedro-viz:
      layer: reporting
""",
            },
        ),
        Example(
            """
import pandas as pd


def load_companies(path: str) -> pd.DataFrame:
    return pd.read_csv(path)  # expect: SL201


def save_report(report: pd.DataFrame) -> None:
    report.to_csv("data/08_reporting/report.csv")  # expect: SL201
"""
        ),
        Example(
            """
import json


def summarise(df):
    summary = {"rows": len(df)}
    with open("summary.json", "w") as f:  # expect: SL201
        json.dump(summary, f)
    return df
""",
            path="src/demo/pipelines/demo/steps.py",
            files={
                "src/demo/pipelines/demo/pipeline.py": """
from kedro.pipeline import Pipeline, node

from . import steps


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(steps.summarise, "raw", "checked")])
"""
            },
        ),
        Example(
            """
import pandas as pd

from demo.io_helpers import read_lookup


def enrich(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(label=df["code"].map(read_lookup))
""",
            files={
                "src/demo/io_helpers.py": """
import pandas as pd


def read_lookup(code: str) -> str:
    table = pd.read_csv("data/01_raw/lookup.csv")  # expect: SL201
    return table.set_index("code")["label"][code]
"""
            },
        ),
        Example(
            """
from pyspark.sql import DataFrame, SparkSession


def join_flights(shuttles: DataFrame) -> DataFrame:
    spark = SparkSession.builder.getOrCreate()
    companies = spark.read.option("header", True).csv("s3a://lake/companies.csv")  # expect: SL201
    reviews = spark.table("lake.reviews")  # expect: SL201
    flights = shuttles.join(companies, "company_id").join(reviews, "shuttle_id")
    flights.write.mode("overwrite").saveAsTable("lake.flights")  # expect: SL201
    return flights
"""
        ),
    )
    good = (
        Example(
            """
import pandas as pd


def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:
    companies = companies.copy()
    companies["founded"] = pd.to_datetime(companies["founded"])
    return companies


def summarise(companies: pd.DataFrame) -> dict:
    return companies.describe().to_dict()
"""
        ),
        Example(
            """
import pandas as pd

from demo.io_helpers import label_of


def enrich(df: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    return df.assign(label=df["code"].map(label_of(lookup)))
""",
            files={
                "src/demo/io_helpers.py": """
import pandas as pd


def label_of(lookup: pd.DataFrame) -> dict:
    return lookup.set_index("code")["label"].to_dict()


def read_lookup(path: str) -> pd.DataFrame:
    return pd.read_csv(path)  # only the project's CLI script calls it, no node
"""
            },
        ),
    )

    fix_doc = """
Unsafe. It changes the node's signature and its `node()` calls and adds catalog entries.

- A read in the node itself, `pd.read_csv("data/01_raw/regions.csv", sep=";")` (pandas'
  `read_csv`, `read_parquet`, `read_excel`, `read_json`, `read_feather`, `read_xml`; polars'
  `read_*` and `scan_*`; `joblib.load`; `pickle.load(open(...))` and `json.load(open(...))`),
  becomes a catalog entry named after the file (`regions`; `raw_regions` when that name is a
  dataset already; the entry the catalog has for that file when there is one): the reader's
  dataset type, its literal keyword arguments as `load_args`, the path as `filepath` and the
  `data/NN_<layer>/` folder as `metadata: kedro-viz: layer:`. The function gets a new last
  parameter (named as the variable the read was assigned to, whose assignment then goes),
  every `node()` that wires it gets the entry as an input, and an import nothing uses any
  more is removed. The entry goes to `conf/base/catalog_<pipeline>.yml` when the project
  keeps one catalog per pipeline, else to `conf/base/catalog.yml`.
- A write that is the node's last statement before its `return` (`df.to_csv(...)`,
  `to_parquet`, `to_excel`, `to_json`, `to_feather`, polars' `write_*`, `joblib.dump`,
  `pickle.dump` / `json.dump` to an opened file) becomes an entry, the statement goes, and the
  node returns the written variable as a further output (`return stats, summary`, outputs
  `["stats", "summary"]`; a node without a return returns it as its only output). When the
  node returns that very variable already, to an output the catalog does not define, that
  output gets the entry instead.

No fix for a path that is not a literal under `data/`, an argument that is not a literal, a
reader or writer without a known dataset type (numpy's `load`/`save`, `open().read()`,
requests, Spark), a helper rather than the node, a node in several namespaces, a signature
with defaults or `*args`, or a `node()` not seen statically. A write that cannot become an
output (not at the end, several returns, an expression rather than a variable, dict outputs)
keeps its finding, and the message says why.
"""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.io = IoClassifier(ctx)
        self.config = ConfigTracker(ctx)
        # Without SL301's trigger text no call can load configuration: nothing is left to
        # SL301, and the tracker need not follow the bindings.
        self.config_possible = may_read_config(ctx)
        self.function: NodeFunction | None = None
        self.handles: set[str] = set()
        self.dropped_handles: set[str] = set()
        self.left_to_config: set[int] = set()
        # expression id -> the name it is bound to (`f = open(p)`, `with open(p) as f`)
        self.binds: dict[int, str] = {}
        self.candidates: list[_Candidate] = []

    # -- bookkeeping of the node function being walked ------------------------------------

    def _sync(self) -> NodeFunction | None:
        fn = self.ctx.node_function
        if fn is not self.function:
            self.function = fn
            self.config.sync()
            self.io.path_names = set()
            self.handles = set()
            self.dropped_handles = set()
            self.left_to_config = set()
            self.binds = {}
        return fn

    def _flush(self) -> None:
        for c in self.candidates:
            if c.handle is None or c.handle not in self.dropped_handles:
                self.ctx.pending.append(
                    PendingFinding(self.code, c.node, c.message, (), c.statement, c.top)
                )
        self.candidates = []

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        fn = self.ctx.node_function
        if fn is not None and fn.node is node:
            self._flush()

    def leave_Lambda(self, node: cst.Lambda) -> None:
        fn = self.ctx.node_function
        if fn is not None and fn.node is node:
            self._flush()

    def leave_Module(self, node: cst.Module) -> None:
        self._flush()

    def _bind(self, name: str | None, value: cst.BaseExpression) -> None:
        if name is None or self._sync() is None:
            return
        if self.config_possible:
            self.config.bind(name, value)
        self.binds[id(value)] = name
        if self.io.is_path(value):
            self.io.path_names.add(name)
        else:
            self.io.path_names.discard(name)
        if self._is_resource(value):
            self.handles.add(name)
        else:
            self.handles.discard(name)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.ctx.node_function is not None:
            self._bind(assigned_name(node), node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None and self.ctx.node_function is not None:
            self._bind(assigned_name(node), node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and type(node.asname.name) is NAME:
            self._bind(node.asname.name.value, node.item)

    # -- classification -------------------------------------------------------------------

    def _io_label(self, expr: cst.BaseExpression) -> str | None:
        if type(expr) is CALL:
            return self.io.call_label(expr)
        if type(expr) is ATTRIBUTE:
            return self.io.attribute_label(expr, None)
        return None

    def _is_resource(self, expr: cst.BaseExpression) -> bool:
        """An I/O expression whose value is an open file, connection, client or writer (not
        the data it read): what it is used for is part of the same finding."""
        if type(expr) is ATTRIBUTE:
            return self.io.attribute_label(expr, None) is not None
        if type(expr) is not CALL or self.io.call_label(expr) is None:
            return False
        name = self.ctx.qualified_name(expr.func)
        if name is None:
            return type(expr.func) is ATTRIBUTE and expr.func.attr.value == "open"
        head = name.partition(".")[0]
        last = name.rsplit(".", 1)[-1]
        if head in DATA_LIBRARIES and last.startswith(DATA_READ_PREFIXES):
            return False
        return name not in DATA_RETURNING and last not in PATH_METHODS - {"open"}

    def _uses_handle(self, call: cst.BaseExpression) -> bool:
        """True when an I/O call works on something already reported: a handle bound in this
        node (`json.load(f)`, `zf.open(name)`) or a direct I/O call (`json.load(open(p))`)."""
        if type(call) is not CALL:
            return False
        func = call.func
        if type(func) is ATTRIBUTE:
            inner = func.value
            while type(inner) in _HANDLE_CHAIN:
                if type(inner) is ATTRIBUTE and self._io_label(inner) is not None:
                    return True
                inner = inner.func if type(inner) is CALL else inner.value  # type: ignore[attr-defined]
            if type(inner) is NAME and inner.value in self.handles:
                return True
        for arg in call.args:
            value = arg.value
            if type(value) is NAME and value.value in self.handles:
                return True
            if self._io_label(value) is not None:
                return True
        return False

    def _candidate(self, node: cst.CSTNode, label: str, fn: NodeFunction) -> None:
        self.candidates.append(
            _Candidate(
                node,
                f"`{label}` in {fn.label} does I/O inside the node: declare a catalog "
                "entry for this data and make it an input or output of the node (the catalog "
                "does the reading and writing, with credentials from `credentials.yml`).",
                self.ctx.current_statement(),
                self.binds.get(id(node)),
                self.ctx.top_statement(node),
            )
        )

    def visit_Call(self, node: cst.Call) -> None:
        fn = self._sync()
        if fn is None:
            return
        if self.config_possible:
            for arg in config_consumed_args(self.config, node):
                if type(arg) is NAME:
                    self.dropped_handles.add(arg.value)
                else:
                    self.left_to_config.add(id(arg))
        if id(node) in self.left_to_config:
            return
        label = self.io.call_label(node)
        if label is None or self._uses_handle(node):
            return
        self._candidate(node, label, fn)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value not in _SPARK_ATTRS:
            return  # `attribute_label` is None: no need to sync first
        fn = self._sync()
        if fn is None or id(node) in self.left_to_config:
            return
        label = self.io.attribute_label(node, self.ctx.parent)
        if label is not None:
            self._candidate(node, label, fn)
