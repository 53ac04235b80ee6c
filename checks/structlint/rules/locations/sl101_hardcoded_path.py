"""SL101 hardcoded-path: a filesystem path to data written into package code."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from structlint.rules.locations._common import (
    DYN,
    FILE_ROOT,
    LiteralRule,
    Where,
    fill_fields,
    has_literal_word,
    in_dataset_class,
    is_date_format,
    is_http_call,
    looks_like_regex,
    source_of,
    spark_sql_path,
    url_constants,
    url_head,
    where,
    words_of,
)
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example
from structlint.sources.context import FileContext
from structlint.sources.names import ATTRIBUTE, CALL, NAME
from structlint.sources.walker import child_nodes

DATA_EXTENSIONS = (
    "csv",
    "parquet",
    "pq",
    "xlsx",
    "xls",
    "json",
    "jsonl",
    "pkl",
    "pickle",
    "joblib",
    "h5",
    "hdf5",
    "feather",
    "arrow",
    "orc",
    "avro",
    "txt",
    "tsv",
    "yml",
    "yaml",
    "sql",
    "db",
    "sqlite",
    "duckdb",
    "npy",
    "npz",
    "png",
    "jpg",
    "html",
    "pdf",
    "zip",
    "gz",
)
_EXTENSION = re.compile(r"\.(?:" + "|".join(DATA_EXTENSIONS) + r")$", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LAYER = re.compile(r"(?:^|/)data/0\d_")
# `/mnt/...`: a first folder name of path characters, with at least two letters or digits.
_ROOT_FOLDER = re.compile(r"^/(?=[\w.~$@+-]*[A-Za-z0-9][\w.~$@+-]*[A-Za-z0-9])[\w.~$@+-]+(?:/|$)")
_WINDOWS_RELATIVE = re.compile(r"^(?:\.{1,2}\\|data\\|[\w.-]+(?:\\[\w .-]+)+\.\w+$)")
_WILDCARD_SEGMENT = re.compile(r"^[*?.]*$")
_CONFIG_EXTENSION = re.compile(r"\.(?:ya?ml|toml|ini|cfg|conf)$", re.IGNORECASE)
_CONFIG_FOLDERS = frozenset({"conf", "config", "configs"})
# Segments that only a URL route has: an API version (`v1`, `1.5`) or an API root.
_ROUTE_SEGMENT = re.compile(r"(?i)^(?:v\d+(?:\.\d+)*|\d+(?:\.\d+)+|api|rest|graphql)$")
# Dict keys / keywords whose value is a name in some registry (`{"type": "data/loader"}`).
_REGISTRY_KEYS = frozenset(
    {"type", "kind", "class", "class_name", "_target_", "id", "key", "name", "registry"}
)
# Words of a name that holds a URL part, and of one that holds a tool's scratch folder.
_URL_WORDS = frozenset({"url", "uri", "urls", "endpoint", "endpoints", "route", "routes", "api"})
_CACHE_WORDS = frozenset({"cache", "cachedir", "tmp", "temp", "tmpdir", "tempdir"})


@dataclass(frozen=True)
class PathFacts:
    """What `path_facts` found: why the shape is a path, its text with `/` separators, and
    whether its last part has a data-file extension."""

    reason: str
    norm: str
    has_ext: bool

    @property
    def segments(self) -> list[str]:
        return [s for s in self.norm.split("/") if s not in ("", ".", "..")]

    @property
    def in_data(self) -> bool:
        return self.norm.startswith("data/") or _LAYER.search(self.norm) is not None

    @property
    def is_config(self) -> bool:
        """A configuration file or folder (`conf/logging.yml`, `config/model.toml`), not
        data; a file in the `data/` folders stays data whatever its extension."""
        if self.in_data:
            return False
        segments = self.segments
        if not segments:
            return False
        return segments[0] in _CONFIG_FOLDERS or _CONFIG_EXTENSION.search(segments[-1]) is not None

    @property
    def looks_like_route(self) -> bool:
        """`/api/v1/items`, `/1.5/get_normalized_nodes`: a segment that only URLs have."""
        return not self.has_ext and any(_ROUTE_SEGMENT.match(s) for s in self.segments)


def path_reason(shape: str) -> str | None:
    """Why `shape` is a filesystem path to data, or None when it is not one."""
    facts = path_facts(shape)
    return facts.reason if facts is not None else None


def path_facts(shape: str) -> PathFacts | None:
    """What makes `shape` a filesystem path, or None when it is not one."""
    if not shape or len(shape) > 400 or any(c in shape for c in "\n\r\t\x1b"):
        return None
    if shape.startswith(("-", "/dev/", "/proc/", ".//")):
        return None  # a command-line option; a device or process file; an XPath (`.//a:b`)
    drive = _DRIVE.match(shape) is not None
    unc = shape.startswith("\\\\") and len(shape) > 2 and shape[2].isalnum()
    if not (drive or unc):
        if "://" in shape or shape.startswith("//") or _SCHEME.match(shape):
            return None  # a URL or URI: SL102's
        if looks_like_regex(shape):
            return None
    if is_date_format(shape):
        return None
    text = fill_fields(shape)
    # Backslashes separate folders only where the text is visibly a Windows path.
    windows = drive or unc or _WINDOWS_RELATIVE.match(text) is not None
    norm = text.replace("\\", "/") if windows else text
    segments = norm.split("/")
    last = segments[-1]
    ext = _EXTENSION.search(last)
    has_ext = ext is not None and ext.start() > 0
    anchored = _anchor(norm, drive or unc)
    if any(c.isspace() for c in text) and not (anchored and has_ext):
        return None  # prose ("saved to data/x.csv"), not a path
    if anchored:
        return PathFacts(anchored, norm, has_ext)
    if _LAYER.search(norm):
        return PathFacts("it points into the `data/` layer folders", norm, has_ext)
    if norm.startswith(FILE_ROOT):
        return None  # package-relative (`Path(__file__).parent / "templates/x.html"`)
    if has_ext and len(segments) >= 2:
        dirs = [s for s in segments[:-1] if not _WILDCARD_SEGMENT.match(s.replace(DYN, ""))]
        if any(has_literal_word(s) for s in dirs):
            return PathFacts("it names a folder and a data file", norm, has_ext)
    return None


def _anchor(norm: str, drive_or_unc: bool) -> str | None:
    if drive_or_unc:
        return "it is an absolute Windows path" if len(norm) > 3 else None
    if norm.startswith("~/"):
        return "it is relative to the home folder" if has_literal_word(norm[2:]) else None
    if norm.startswith(("./", "../")):
        rest = norm.lstrip("./")
        return "it is relative to the working directory" if has_literal_word(rest) else None
    if norm.startswith("/"):
        if "\\" not in norm and _ROOT_FOLDER.match(norm):
            return "it is an absolute path"
        return None
    if norm.startswith("data/"):
        return "it points into the project's `data/` folder"
    return None


class HardcodedPath(LiteralRule):
    code = "SL101"
    name = "hardcoded-path"
    summary = "A filesystem path to data is written into package code instead of the catalog."
    explanation = """
A Kedro project keeps *where* data lives in configuration and *what is done* to it in code.
A path written into the package (`pd.read_csv("data/01_raw/companies.csv")`,
`Path("/mnt/share") / "sales.parquet"`, `f"data/02_intermediate/{name}.csv"`) ties the code
to one machine and one folder layout: it breaks on a colleague's laptop, in CI, in Docker and
in the cloud, it bypasses the catalog (so `kedro viz`, versioning and `--env` overrides do not
see the dataset), and it cannot be changed without a code change.

structlint reports a string (a literal, an f-string, an implicit or `+` concatenation, a
`Path(...) / ...` or `os.path.join(...)` built from literals) that is a filesystem path to data:
it starts with `/`, `./`, `../`, `~/`, a drive (`C:\\`) or the `data/` folder, or it names a
folder and a data file (`raw/companies.csv`, `f"{root}/raw/{name}.parquet"`). The same
goes for a path inside Spark SQL that queries a file directly
(``spark.sql("SELECT * FROM parquet.`data/03_primary/flights.parquet`")``, also `csv.`,
`json.`, `orc.`, `avro.`, `delta.`, `text.`, `binaryFile.`): declare the file as a
`spark.SparkDatasetV2` and run the query on the DataFrame the node receives (a temporary view
of it, `FROM flights`, is fine).

**Instead**, declare the dataset in `conf/base/catalog.yml` and let Kedro load and save it:

```yaml
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
```

and give the node the dataset's name as an input (`node(preprocess, "companies", ...)`). A
location that is not a dataset (an output folder, a model directory) goes to
`conf/base/parameters.yml` and reaches the code as `params:...`; per-machine values go to
`conf/local/`.

Configuration files (a path under `conf/`, `config/` or `configs/`, or a `.yml`, `.yaml`,
`.toml`, `.ini`, `.cfg` file outside `data/`) are not data: helper code outside nodes (hooks,
logging set-up, a CLI) may read them, and stays silent, and so does a node that only names
one (`mlflow.log_artifact("conf/base/parameters.yml")`). A node that reads one (the path
goes straight into `open`, `Path(...).read_text()`, `yaml`/`json`/`tomllib`/`OmegaConf`
loading: `yaml.safe_load(open("conf/base/ingest.yml"))`) is reported with its own message:
put the values in `conf/base/parameters.yml` and take them as `params:...` inputs, so
`--env`, `--conf-source` and `--params` apply to them.

Stays silent on: docstrings and string statements, comments, a bare file name with no folder
(`"model.pkl"` as a label or a name appended to a folder that arrives at run time:
`out_dir / "report.csv"`), regular expressions and globs passed to `re`/`fnmatch`, XPath
expressions (the argument of `find`, `findall`, `findtext`, `iterfind`, `iter`, `xpath`,
`etree.XPath`, and any string starting with `.//`), strings in log calls, `print`,
`warnings.warn` and exception messages, date formats (`"%Y/%m/%d"`), MIME types
(`"text/csv"`), decorator arguments and annotations, URLs (SL102 reports those), files under
`Path(__file__)` that stay inside the package (templates shipped with the code), the values
Kedro reads from `settings.py` (`CONF_SOURCE = "conf"`), and tests.

A string that stands itself in a comparison, a subscript, a `raise` or an `assert` is text:
`path == "/mnt/x.csv"`, `"data/01_raw" in path`, `df["price/unit"]`,
`assert name, "/mnt/x.csv"`; string tests and edits (`path.startswith("/dbfs")`) likewise. A
string that a call there reads is not: `if pd.read_csv("data/01_raw/b.csv") is not None:`,
`if Path("data/01_raw/x.csv").exists() is False:` and
`assert os.path.exists("data/01_raw/x.csv")` are reported.

A folder with no data-file extension, outside the `data/` layers, is also left alone where it
is visibly no data location: a URL route (a segment such as `v1`, `1.5`, `api`; a string
passed to an HTTP client, `client.get("/users/me")`; bound to a name with `url`, `uri`,
`endpoint`, `route` or `api` in it; or a parameter default the function joins to a base URL,
`def get(path="/status/health"): requests.get(f"{self.url}{path}")`), a name in a registry
(the value of a `type`, `kind`, `class`, `class_name`, `_target_`, `id`, `key`, `name` or
`registry` key: `{"type": "data/loader"}`), and a tool's own folder (assigned to a setting
of an imported library, `numba.config.CACHE_DIR = "/tmp/numba_cache"`, or to an environment
variable, `os.environ["MPLCONFIGDIR"] = ...`, or bound to a name with `cache`, `tmp` or
`temp` in it).
A path with a data-file extension (`"/mnt/data/file.parquet"`) or into the layers
(`Path("data") / "01_raw"`) is reported wherever it stands, except in text.
"""
    fix_doc = """
Unsafe. For the path of a read or write in a node function that SL201's fix moves to
the catalog (`pd.read_csv("data/01_raw/x.csv")` becomes the catalog entry `x` and an input of
the node): the same fix, offered on this finding too. Other paths have no fix: which
catalog entry or parameter they should become is the user's call.
"""
    bad = (
        Example(
            """\
import pandas as pd


def add_prices(stations):
    prices = pd.read_parquet("data/02_intermediate/prices.parquet")  # expect: SL101
    return stations.merge(prices, on="station")
""",
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node

from .nodes import add_prices


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(add_prices, "stations", "station_prices")])
""",
            ),
            fixed="""\
def add_prices(stations, prices):
    return stations.merge(prices, on="station")
""",
            fixed_files={
                PIPELINE: """\
from kedro.pipeline import Pipeline, node

from .nodes import add_prices


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(add_prices, ["stations", "prices"], "station_prices")])
""",
                "conf/base/catalog.yml": """\
prices:
  type: pandas.ParquetDataset
  filepath: data/02_intermediate/prices.parquet
  metadata:
    kedro-viz:
      layer: intermediate
""",
            },
        ),
        Example(
            """
import pandas as pd


def preprocess_companies(name: str) -> pd.DataFrame:
    companies = pd.read_csv("data/01_raw/companies.csv")  # expect: SL101
    shuttles = pd.read_excel(f"data/01_raw/{name}.xlsx")  # expect: SL101
    return companies.merge(shuttles, on="id")
"""
        ),
        Example(
            """
import os
from pathlib import Path

EXPORT_DIR = Path("/mnt/shared/exports")  # expect: SL101
REPORT = os.path.join("data", "08_reporting", "summary.html")  # expect: SL101
"""
        ),
        Example(
            """
from pyspark.sql import DataFrame, SparkSession


def recent_flights(flights: DataFrame) -> DataFrame:
    spark = SparkSession.builder.getOrCreate()
    flights.createOrReplaceTempView("flights")
    recent = spark.sql("SELECT * FROM flights WHERE year >= 2020")
    old = spark.sql("SELECT * FROM parquet.`data/03_primary/old_flights.parquet`")  # expect: SL101
    return recent.unionByName(old)
"""
        ),
    )
    good = (
        Example(
            '''
import logging

import pandas as pd

logger = logging.getLogger(__name__)


def preprocess_companies(companies: pd.DataFrame) -> pd.DataFrame:
    """Clean the companies read from data/01_raw/companies.csv by the catalog."""
    logger.info("Read %d rows from data/01_raw/companies.csv", len(companies))
    companies["date"] = pd.to_datetime(companies["date"], format="%Y/%m/%d")
    companies["ratio"] = companies["price/unit"] * 2
    return companies
''',
            files={
                "conf/base/catalog.yml": (
                    "companies:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n"
                ),
            },
        ),
        Example(
            """
import numba
import requests

numba.config.CACHE_DIR = "/tmp/numba_cache"
LOADERS = {"type": "data/loader"}


def fetch(base_url: str, path: str = "/v1/rates") -> dict:
    return requests.get(f"{base_url}{path}").json()


def titles(root) -> list:
    return [t.text for t in root.findall(".//record/title")]
""",
            path="src/demo/utils/clients.py",
        ),
    )

    def check(self, node: cst.CSTNode, shape: str) -> None:
        facts = path_facts(shape)
        in_sql = None
        if facts is None:
            # Spark SQL reads a file directly: `SELECT * FROM parquet.`data/x.parquet``.
            in_sql = spark_sql_path(shape) if "`" in shape else None
            facts = path_facts(in_sql) if in_sql is not None else None
            if facts is None:
                return
        place = where(self.ctx)
        if place.exempt or self._not_data(facts, place):
            return
        if shape.startswith(DYN) and url_head(self.ctx, node, self.url_names):
            return  # `f"{BASE_URL}raw/{day}.csv"`: a URL (SL102 judges the constant)
        if in_dataset_class(self.ctx):
            return  # a dataset class is where the catalog's I/O is written
        shown = f"`{source_of(node)}`{self.in_node()}"
        if in_sql is not None:
            shown = f"`{in_sql}` in the Spark SQL {shown}"
        if facts.is_config:
            if self.ctx.node_function is None or not _reads(place):
                # Hooks, CLI and other helpers read configuration: their business; a node
                # that only names a config file (`mlflow.log_artifact("conf/...")`) reads
                # no configuration.
                return
            message = (
                f"hardcoded config path {shown} ({facts.reason}): a node should not read "
                "configuration files itself; put the values in `conf/base/parameters.yml` "
                "and pass them in as `params:...`, so Kedro applies `--env`, "
                "`--conf-source` and `--params` to them."
            )
        else:
            message = (
                f"hardcoded path {shown} ({facts.reason}): declare the dataset in "
                "`conf/base/catalog.yml` and pass its name as a node input, or put the "
                "location in `conf/base/parameters.yml` and pass it in as `params:...`."
            )
        self.report(node, message)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.url_names: set[str] = set()

    def visit_Module(self, node: cst.Module) -> None:
        self.url_names = url_constants(node)

    def _not_data(self, facts: PathFacts, place: Where) -> bool:
        """A string that has a path's shape but stands where a URL route, a registry name or
        a tool's own folder does."""
        if place.call is not None and is_http_call(self.ctx, place.call, place.call_name):
            return True  # `client.get("/users/me")`: a route of an HTTP client's base URL
        if facts.has_ext or _LAYER.search(facts.norm):
            return False  # a data file, or the data layers: data whatever the context
        if place.setting:
            return True  # `numba.config.CACHE_DIR = ...`, `os.environ["MPLCONFIGDIR"] = ...`
        names = place.names
        if names and names[0] in _REGISTRY_KEYS:
            return True  # `{"type": "data/loader"}`: a name in some registry
        words = {w for n in names for w in words_of(n)}
        if words & _CACHE_WORDS or words & _URL_WORDS:
            return True  # `cache_dir="/tmp/x"`, `ENDPOINT = "/items/all"`
        if facts.looks_like_route:
            return True  # `/api/v1/items`, `/1.5/get_normalized_nodes`
        default_of = self._default_of()
        return default_of is not None and _url_part(self.ctx, *default_of)

    def _default_of(self) -> tuple[str, cst.FunctionDef] | None:
        """(parameter, function) when the string is a parameter's default."""
        stack = self.ctx.stack
        for i in range(len(stack) - 1, 1, -1):
            anc = stack[i]
            if type(anc) is cst.Param:
                fn = stack[i - 2]
                return (anc.name.value, fn) if type(fn) is cst.FunctionDef else None
            if isinstance(anc, cst.BaseStatement):
                return None
        return None


# Callees (last name) and modules that read a file's content.
_READ_CALLS = frozenset(
    {"open", "read_text", "read_bytes", "safe_load", "load", "full_load", "read", "read_file"}
)
_READ_MODULES = ("yaml.", "json.", "tomllib.", "toml.", "omegaconf.", "configparser.", "io.")


def _reads(place: Where) -> bool:
    """The string goes straight into a call that reads the file: `open(...)`,
    `yaml.safe_load(...)`, `Path(...).read_text()`."""
    call = place.call
    if call is None:
        return False
    func = call.func
    last = func.attr.value if type(func) is ATTRIBUTE else place.call_name.rpartition(".")[2]
    return last in _READ_CALLS or place.call_name.startswith(_READ_MODULES)


def _url_part(ctx: FileContext, param: str, fn: cst.FunctionDef) -> bool:
    """True when the function uses `param` as a part of a URL: after another value in an
    f-string or a `+` (`f"{self.base_url}{path}"`, `base + path`), or as an argument of an
    HTTP client call. A cold path: it runs only for a path-shaped parameter default."""
    todo: list[cst.CSTNode] = [fn.body]
    while todo:
        node = todo.pop()
        tp = type(node)
        if tp is cst.FormattedString:
            for part in node.parts[1:]:  # type: ignore[attr-defined]
                if type(part) is cst.FormattedStringExpression and _is_name(part.expression, param):
                    return True
        elif tp is cst.BinaryOperation:
            if type(node.operator) is cst.Add and _is_name(node.right, param):  # type: ignore[attr-defined]
                return True
        elif (
            tp is CALL
            and any(_is_name(a.value, param) for a in node.args)  # type: ignore[attr-defined]
            and is_http_call(ctx, node)  # type: ignore[arg-type]
        ):
            return True
        todo.extend(child_nodes(node))
    return False


def _is_name(expr: cst.CSTNode, name: str) -> bool:
    return type(expr) is NAME and expr.value == name  # type: ignore[attr-defined]
