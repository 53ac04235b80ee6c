"""SL201 io-in-node, SL204 environment-in-node, SL206 framework-in-node and SL301
config-read-in-node on whole small Kedro projects.

Each case is a set of files; a line that must carry a finding ends with `# expect: SLxxx`
(as in the rules' own examples). Only the codes a case is about are enabled, and the findings of
those codes must be exactly the marked lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from structlint.rules.rule import Example
from tests.helpers import found, run, write_project

NODES = "src/demo/pipelines/demo/nodes.py"
PIPELINE = "src/demo/pipelines/demo/pipeline.py"
# Node detection only through the pipeline code, not the `node-modules` glob.
WIRED_ONLY = "node-modules = []"


def pipeline(*calls: str, imports: str) -> str:
    body = ",\n            ".join(calls)
    return f"""
from kedro.pipeline import Pipeline, node

{imports}


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            {body},
        ]
    )
"""


def check(tmp_path: Path, files: dict[str, str], codes: tuple[str, ...], config: str = ""):
    main, *_ = files
    example = Example(files[main], path=main, files=files)
    write_project(tmp_path, example.all_files(), config)
    result = run(tmp_path, select=codes)
    assert not result.errors, result.errors
    got = {f for f in found(result) if f[2] in codes}
    want = {e for e in example.expected() if e[2] in codes}
    assert got == want
    return result


# ---------------------------------------------------------------------------------------------
# Node detection (shown with SL201)

DETECTION = {
    "relative-from-import": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline('node(load, "params:path", "raw")', imports="from .nodes import load"),
    },
    "module-alias-from-dot": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline('node(nodes.load, "params:path", "raw")', imports="from . import nodes"),
    },
    "absolute-from-import": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline(
            'node(load, "params:path", "raw")',
            imports="from demo.pipelines.demo.nodes import load",
        ),
    },
    "import-module-as": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline(
            'node(n.load, "params:path", "raw")',
            imports="import demo.pipelines.demo.nodes as n",
        ),
    },
    "import-module-dotted": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201
""",
        PIPELINE: pipeline(
            'node(demo.pipelines.demo.nodes.load, "params:path", "raw")',
            imports="import demo.pipelines.demo.nodes",
        ),
    },
    "functools-partial": {
        NODES: """
import pandas as pd


def load(path, sep):
    return pd.read_csv(path, sep=sep)  # expect: SL201


def save(df, path):
    df.to_parquet(path)  # expect: SL201
""",
        PIPELINE: pipeline(
            'node(functools.partial(load, sep=";"), "params:path", "raw")',
            'node(partial(save, path="x"), "raw", None)',
            imports="import functools\nfrom functools import partial\n\n"
            "from .nodes import load, save",
        ),
    },
    "func-keyword-and-Node-class": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def save(df):
    df.to_csv("out.csv")  # expect: SL201
""",
        PIPELINE: pipeline(
            'node(func=load, inputs="params:path", outputs="raw")',
            'Node(save, "raw", None)',
            imports="from kedro.pipeline.node import Node\n\nfrom .nodes import load, save",
        ),
    },
    "lambda-in-node-call": {
        PIPELINE: """
from kedro.pipeline import Pipeline, node


def create_pipeline(**kwargs) -> Pipeline:
    keep = lambda df: df.to_csv("kept.csv")
    return Pipeline(
        [
            node(lambda df: df.to_csv("out.csv"), "raw", None),  # expect: SL201
            node(lambda df: df.to_dict(), "raw", "as_dict"),
        ]
    )
""",
    },
    "node-defined-in-pipeline-module": {
        PIPELINE: """
import pandas as pd
from kedro.pipeline import Pipeline, node


def load(path):
    return pd.read_csv(path)  # expect: SL201


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(load, "params:path", "raw")])
""",
    },
    "star-import": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline('node(load, "params:path", "raw")', imports="from .nodes import *"),
    },
    "from-import-as": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def unused(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline(
            'node(read_raw, "params:path", "raw")', imports="from .nodes import load as read_raw"
        ),
    },
    "reexport-through-package-init": {
        NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201
""",
        "src/demo/pipelines/demo/__init__.py": "from .nodes import load\n",
        PIPELINE: pipeline(
            'node(load, "params:path", "raw")', imports="from demo.pipelines.demo import load"
        ),
    },
    "nodes-from-another-pipeline-package": {
        "src/demo/common/steps.py": """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def helper(path):
    return pd.read_csv(path)
""",
        PIPELINE: pipeline(
            'node(load, "params:path", "raw")', imports="from demo.common.steps import load"
        ),
    },
}


@pytest.mark.parametrize("case", DETECTION, ids=list(DETECTION))
def test_node_detection(case: str, tmp_path: Path) -> None:
    check(tmp_path, DETECTION[case], ("SL201",), config=WIRED_ONLY)


def test_explicit_file_paths_still_see_the_pipeline(tmp_path: Path) -> None:
    # What pre-commit does: pass only nodes.py; node detection still reads pipeline.py.
    files = DETECTION["relative-from-import"]
    write_project(tmp_path, files, WIRED_ONLY)
    result = run(tmp_path, select=["SL201"], paths=[tmp_path / NODES])
    assert not result.errors
    assert found(result) == {(NODES, 6, "SL201")}


def test_default_node_module_glob_checks_unwired_functions(tmp_path: Path) -> None:
    # No pipeline.py yet: every function of pipelines/**/nodes.py counts (default node-modules).
    check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201


def save(df):
    df.to_csv("out.csv")  # expect: SL201
""",
        },
        ("SL201",),
    )


def test_configured_node_modules_glob(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            "src/demo/steps/cleaning.py": """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # expect: SL201
""",
            "src/demo/other.py": """
import pandas as pd


def load(path):
    return pd.read_csv(path)
""",
        },
        ("SL201",),
        config='node-modules = ["src/demo/steps/*.py"]',
    )


def test_helpers_next_to_nodes_are_checked_as_theirs(tmp_path: Path) -> None:
    # Helpers are not nodes, but what they do for a node the node does (structlint.project.reach).
    check(
        tmp_path,
        {
            NODES: """
import pandas as pd

from demo.pipelines.demo.io_helpers import read_lookup


def _read_codes(path):
    return pd.read_csv(path)  # expect: SL201


def enrich(df, path):
    codes = _read_codes(path)
    lookup = read_lookup()
    df.to_csv("debug.csv")  # expect: SL201
    return df.merge(codes).merge(lookup)
""",
            "src/demo/pipelines/demo/io_helpers.py": """
import json

import pandas as pd


def read_lookup():
    with open("data/01_raw/lookup.json") as f:  # expect: SL201
        return pd.DataFrame(json.load(f))
""",
            PIPELINE: pipeline(
                'node(enrich, ["raw", "params:path"], "enriched")',
                imports="from .nodes import enrich",
            ),
        },
        ("SL201",),
        config=WIRED_ONLY,
    )


def test_helper_module_under_default_glob_is_followed(tmp_path: Path) -> None:
    # utils.py is not a nodes.py: under the default glob its functions are helpers, checked
    # where a node calls them (read_lookup), not where nothing does (read_other).
    check(
        tmp_path,
        {
            "src/demo/pipelines/demo/utils.py": """
import pandas as pd


def read_lookup():
    return pd.read_csv("data/01_raw/lookup.csv")  # expect: SL201


def read_other():
    return pd.read_csv("data/01_raw/other.csv")
""",
            NODES: """
from .utils import read_lookup


def enrich(df):
    return df.merge(read_lookup())
""",
            PIPELINE: pipeline(
                'node(enrich, "raw", "enriched")', imports="from .nodes import enrich"
            ),
        },
        ("SL201",),
    )


def test_nested_function_inside_node(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def load_all(paths):
    def one(p):
        return pd.read_parquet(p)  # expect: SL201

    loader = lambda p: pd.read_csv(p)  # expect: SL201
    return [one(p) for p in paths] + [loader(p) for p in paths]
""",
        },
        ("SL201",),
    )


def test_module_level_code_and_classes_are_not_nodes(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            NODES: """
import pandas as pd

LOOKUP = pd.read_csv("data/01_raw/lookup.csv")


class Loader:
    def load(self, path):
        return pd.read_csv(path)


def clean(df):
    return df.dropna()
""",
        },
        ("SL201",),
    )


def test_tests_and_scripts_are_not_checked(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            "tests/pipelines/demo/test_nodes.py": """
import pandas as pd


def test_load(tmp_path):
    pd.DataFrame({"a": [1]}).to_csv(tmp_path / "x.csv")
    assert pd.read_csv(tmp_path / "x.csv").shape == (1, 1)
""",
            NODES: """
def clean(df):
    return df.dropna()
""",
        },
        ("SL201",),
    )


def test_noqa_suppresses(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def load(path):
    return pd.read_csv(path)  # noqa: SL201 - moving to the catalog


def load_too(path):
    return pd.read_csv(path)  # expect: SL201
""",
        },
        ("SL201",),
    )
    assert "load_too" in result.findings[0].message


# ---------------------------------------------------------------------------------------------
# SL201 io-in-node: what fires and what stays silent

SL201_CASES = {
    "pandas-aliases": """
import pandas
import pandas as pd
from pandas import read_csv
from pandas import read_excel as rx


def load(a, b, c, d):
    return (
        pd.read_csv(a),  # expect: SL201
        read_csv(b),  # expect: SL201
        rx(c),  # expect: SL201
        pandas.read_parquet(d),  # expect: SL201
        pd.read_sql("select 1", d),  # expect: SL201
    )
""",
    "writers-on-any-object": """
def save(df, frame, result):
    df.to_csv("out.csv", index=False)  # expect: SL201
    frame.to_parquet("out.parquet")  # expect: SL201
    result["x"].to_excel("out.xlsx")  # expect: SL201
    df.to_json(path_or_buf="out.json")  # expect: SL201
    df.to_pickle("out.pkl")  # expect: SL201
    df.to_sql("table", con=result)  # expect: SL201
    df.to_feather("out.feather")  # expect: SL201
    df.to_hdf("out.h5", key="df")  # expect: SL201
    df.describe().to_markdown("out.md")  # expect: SL201
""",
    "in-memory-conversions-silent": """
import pandas as pd


def convert(df, s, spark_df):
    return (
        df.to_dict(),
        df.to_numpy(),
        s.to_list(),
        s.to_frame(),
        pd.to_datetime(s),
        pd.to_numeric(s),
        spark_df.toPandas(),
        df.to_csv(index=False),
        df.to_json(orient="records"),
        df.to_csv(None),
        df.to_records(),
        s.tolist(),
    )
""",
    "string-io-still-fires": """
import io

import pandas as pd


def parse(text):
    return pd.read_csv(io.StringIO(text))  # expect: SL201
""",
    "numpy": """
import numpy as np
from numpy import savez


def persist(arr, path):
    np.save(path, arr)  # expect: SL201
    savez(path, a=arr)  # expect: SL201
    arr.tofile(path)  # expect: SL201
    return np.load(path), np.loadtxt(path), np.asarray(arr)  # expect: SL201
""",
    "pickles": """
import pickle

import cloudpickle
import dill
import joblib


def persist(model, path, blob):
    joblib.dump(model, path)  # expect: SL201
    m = joblib.load(path)  # expect: SL201
    c = cloudpickle.load(blob)  # expect: SL201
    d = dill.dump(model, blob)  # expect: SL201
    p = pickle.load(blob)  # expect: SL201
    return m, c, d, p, pickle.loads(pickle.dumps(model))
""",
    "json-file-one-finding-per-handle": """
import json


def report(summary, text):
    with open("data/08_reporting/summary.json", "w") as f:  # expect: SL201
        json.dump(summary, f)
    fh = open("data/01_raw/meta.json")  # expect: SL201
    meta = json.load(fh)
    other = json.load(open("data/01_raw/other.json"))  # expect: SL201
    return json.loads(text), json.dumps(summary), meta, other
""",
    "json-on-passed-handle": """
import json


def dump(summary, stream):
    json.dump(summary, stream)  # expect: SL201
""",
    "polars": """
import polars as pl


def run(path, df, lf):
    a = pl.read_csv(path)  # expect: SL201
    b = pl.scan_parquet(path)  # expect: SL201
    df.write_parquet("out.parquet")  # expect: SL201
    lf.sink_parquet("out.parquet")  # expect: SL201
    text = df.write_csv()
    return a, b, text, pl.from_pandas(df.to_pandas())
""",
    "spark": """
from pyspark.sql import SparkSession


def run(df):
    spark = SparkSession.builder.getOrCreate()
    raw = spark.read.parquet("s3a://bucket/raw")  # expect: SL201
    df.write.mode("overwrite").saveAsTable("db.t")  # expect: SL201
    df.createOrReplaceTempView("t")
    other = spark.read  # expect: SL201
    return raw.toPandas(), other
""",
    "spark-save-as-table-alone": """
def publish(df, writer):
    writer.saveAsTable("db.table")  # expect: SL201
    df.writeStream.start()  # expect: SL201
""",
    "http": """
import urllib.parse
import urllib.request

import httpx
import requests


def fetch(url, params):
    r = requests.get(url, params=params)  # expect: SL201
    s = requests.Session()  # expect: SL201
    h = httpx.post(url)  # expect: SL201
    u = urllib.request.urlopen(url)  # expect: SL201
    q = urllib.parse.urljoin(url, "x")
    err = requests.HTTPError("boom")
    return r, s, h, u, q, err, requests.codes.ok
""",
    "databases-and-cloud": """
import boto3
import sqlalchemy
from sqlalchemy import create_engine


def run(url):
    e1 = create_engine(url)  # expect: SL201
    e2 = sqlalchemy.create_engine(url)  # expect: SL201
    s3 = boto3.client("s3")  # expect: SL201
    s3.download_file("b", "k", "f")
    return e1, e2, sqlalchemy.text("select 1")
""",
    "os-shutil-subprocess": """
import os
import shutil
import subprocess
from os import makedirs


def tidy(path):
    os.remove(path)  # expect: SL201
    makedirs("out", exist_ok=True)  # expect: SL201
    os.rename(path, path + ".bak")  # expect: SL201
    shutil.rmtree("tmp")  # expect: SL201
    subprocess.run(["ls"], check=True)  # expect: SL201
    name = os.path.join("a", os.path.basename(path))
    return name, os.sep, subprocess.CalledProcessError(1, "ls")
""",
    "plots": """
import matplotlib.pyplot as plt


def plot(df):
    fig, ax = plt.subplots()
    df.plot(ax=ax)
    plt.savefig("out.png")  # expect: SL201
    fig.savefig("out2.png")  # expect: SL201
    return fig
""",
    "pathlib": """
from pathlib import Path


def run(folder, data: bytes):
    text = Path(folder, "in.txt").read_text()  # expect: SL201
    (Path(folder) / "out.bin").write_bytes(data)  # expect: SL201
    with Path(folder).open() as f:  # expect: SL201
        first = f.readline()
    p = Path(folder) / "x"
    ok = p.exists()  # expect: SL201
    name = "a.csv".replace(".csv", ".parquet")
    return text, first, ok, name, Path(folder).name, p.suffix
""",
    "connections-and-writers-one-finding-each": """
import sqlite3
import zipfile

import pandas as pd


def run(df, query):
    conn = sqlite3.connect("data/db.sqlite")  # expect: SL201
    raw = pd.read_sql(query, conn)
    writer = pd.ExcelWriter("data/08_reporting/out.xlsx")  # expect: SL201
    df.to_excel(writer, sheet_name="a")
    with zipfile.ZipFile("data/01_raw/a.zip") as zf:  # expect: SL201
        inner = pd.read_csv(zf.open("a.csv"))
    raw.to_csv("data/02_intermediate/raw.csv")  # expect: SL201
    return raw, inner
""",
    "shadowed-and-unimported-names-silent": """
def run(df, open, pd, requests):
    a = open("x")
    b = pd.read_csv("x")
    c = requests.get("x")
    d = np.load("x")
    return df
""",
    "logging-and-print-silent": """
import logging

logger = logging.getLogger(__name__)


def run(df):
    logger.info("rows: %d", len(df))
    logging.warning("careful")
    print(df.head())
    return df
""",
}


@pytest.mark.parametrize("case", SL201_CASES, ids=list(SL201_CASES))
def test_sl201(case: str, tmp_path: Path) -> None:
    check(tmp_path, {NODES: SL201_CASES[case]}, ("SL201",))


def test_sl201_message_names_call_and_node(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def load_companies(path):
    return pd.read_csv(path)  # expect: SL201
"""
        },
        ("SL201",),
    )
    message = result.findings[0].message
    assert "`pandas.read_csv()`" in message and "`load_companies`" in message
    assert "catalog" in message


def test_sl201_location(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {NODES: "import pandas as pd\n\n\ndef f(p):\n    x = pd.read_csv(p)  # expect: SL201\n"},
        ("SL201",),
    )
    f = result.findings[0]
    assert (f.line, f.column, f.end_line, f.end_column) == (5, 9, 5, 23)


# ---------------------------------------------------------------------------------------------
# SL204 environment-in-node

SL204_CASES = {
    "environ-subscript-get-getenv": """
import os


def run(df):
    a = os.environ["REGION"]  # expect: SL204
    b = os.environ.get("STAGE", "dev")  # expect: SL204
    c = os.getenv("TOKEN")  # expect: SL204
    return df.assign(a=a, b=b, c=c)
""",
    "from-os-import": """
from os import environ, getenv


def run(df):
    return df.assign(a=environ["A"], b=getenv("B"))  # expect: SL204
""",
    "membership-and-copy": """
import os


def run(df):
    if "DEBUG" in os.environ:  # expect: SL204
        return df
    env = dict(os.environ)  # expect: SL204
    return df.assign(n=len(env))
""",
    "environ-writes-are-sl202s": """
import os


def run(df, region):
    os.environ["REGION"] = region
    os.environ.update({"A": "1"})
    del os.environ["B"]
    return df
""",
    "dotenv": """
from dotenv import dotenv_values, load_dotenv


def run(df):
    load_dotenv()  # expect: SL204
    cfg = dotenv_values(".env")
    return df
""",
    "datetime-now-variants": """
import datetime as dt
from datetime import date, datetime


def stamp(df):
    return df.assign(
        a=datetime.now(),  # expect: SL204
        b=dt.datetime.utcnow(),  # expect: SL204
        c=date.today(),  # expect: SL204
        d=datetime.today(),  # expect: SL204
        e=datetime.now(tz=dt.timezone.utc),  # expect: SL204
    )
""",
    "time-time": """
import time
from time import time as now


def stamp(df):
    return df.assign(t=time.time(), u=now())  # expect: SL204
""",
    "perf-counter-for-logging-silent": """
import logging
import time

logger = logging.getLogger(__name__)


def run(df):
    start = time.perf_counter()
    t0 = time.monotonic()
    out = df.dropna()
    logger.info("took %.2f / %.2f", time.perf_counter() - start, time.monotonic() - t0)
    return out
""",
    "pandas-and-numpy-now": """
import numpy as np
import pandas as pd


def stamp(df, run_date):
    return df.assign(
        a=pd.Timestamp.now(),  # expect: SL204
        b=pd.Timestamp("now"),  # expect: SL204
        c=pd.to_datetime("today"),  # expect: SL204
        d=np.datetime64("now"),  # expect: SL204
        e=pd.Timestamp(run_date),
        f=pd.to_datetime(df["when"]),
    )
""",
    "given-times-silent": """
import time
from datetime import datetime


def fmt(df, ts):
    return df.assign(
        a=datetime.fromtimestamp(ts),
        b=time.strftime("%Y", time.gmtime(ts)),
        c=time.strftime("%Y"),  # expect: SL204
        d=datetime.strptime("2024-01-01", "%Y-%m-%d"),
    )
""",
    "module-level-and-helpers-silent": """
import os
from datetime import datetime

REGION = os.environ.get("REGION", "eu")
STARTED = datetime.now()
""",
    "nested-function": """
import os


def run(df):
    def region():
        return os.environ["REGION"]  # expect: SL204

    return df.assign(region=region())
""",
    "local-names-silent": """
def run(df, environ, time):
    now = df["now"]
    return df.assign(a=environ["X"], b=time.time(), c=now)
""",
}


@pytest.mark.parametrize("case", SL204_CASES, ids=list(SL204_CASES))
def test_sl204(case: str, tmp_path: Path) -> None:
    check(tmp_path, {NODES: SL204_CASES[case]}, ("SL204",))


def test_sl204_helper_and_lambda(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            "src/demo/pipelines/demo/steps.py": """
import os
from datetime import datetime


def today():
    return datetime.now()  # expect: SL204


def stamp(df):
    return df.assign(day=today(), user=os.getenv("USER"))  # expect: SL204
""",
            PIPELINE: """
import time

from kedro.pipeline import Pipeline, node

from .steps import stamp


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(stamp, "raw", "stamped"),
            node(lambda df: df.assign(t=time.time()), "stamped", "timed"),  # expect: SL204
        ]
    )
""",
        },
        ("SL204",),
        config=WIRED_ONLY,
    )


def test_sl204_message(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
from datetime import datetime


def stamp(df):
    return df.assign(at=datetime.now())  # expect: SL204
"""
        },
        ("SL204",),
    )
    message = result.findings[0].message
    assert "`datetime.now()`" in message and "`stamp`" in message and "params:" in message


# ---------------------------------------------------------------------------------------------
# SL206 framework-in-node

SL206_CASES = {
    "session-create": """
from kedro.framework.session import KedroSession


def run(df):
    with KedroSession.create() as session:  # expect: SL206
        session.run()
    return df
""",
    "module-alias": """
import kedro.framework.session as ks
from kedro.framework.session.session import KedroSession as KS


def run(df):
    a = ks.KedroSession.create()  # expect: SL206
    b = KS.create()  # expect: SL206
    return df
""",
    "data-catalog": """
from kedro.io import DataCatalog


def run(df, conf):
    catalog = DataCatalog.from_config(conf)  # expect: SL206
    empty = DataCatalog()  # expect: SL206
    return df
""",
    "catalog-load-save": """
def run(df, catalog, context):
    lookup = catalog.load("lookup")  # expect: SL206
    catalog.save("out", df)  # expect: SL206
    other = context.catalog.load("other")  # expect: SL206
    return df.merge(lookup).merge(other)
""",
    "bootstrap-and-settings": """
from pathlib import Path

from kedro.framework.project import settings
from kedro.framework.startup import bootstrap_project


def run(df):
    bootstrap_project(Path.cwd())  # expect: SL206
    source = settings.CONF_SOURCE  # expect: SL206
    return df.assign(source=source)
""",
    "find-pipelines": """
from kedro.framework.project import find_pipelines


def list_pipelines(df):
    return df.assign(n=len(find_pipelines()))  # expect: SL206
""",
    "annotations-silent": """
from __future__ import annotations

from kedro.framework.session import KedroSession
from kedro.io import DataCatalog


def describe(catalog: DataCatalog, session: KedroSession | None = None) -> DataCatalog:
    x: DataCatalog = catalog
    return x
""",
    "string-annotations-silent": """
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kedro.io import DataCatalog


def describe(catalog: "DataCatalog") -> "list[DataCatalog]":
    return []
""",
    "omegaconfigloader-is-sl301s": """
from kedro.config import OmegaConfigLoader


def run(df):
    loader = OmegaConfigLoader("conf")
    return df
""",
    "unrelated-names-silent": """
def run(df, settings, product_catalog_df):
    pipelines = settings["pipelines"]
    catalog_items = product_catalog_df.get("items")
    return df.assign(n=len(pipelines), m=catalog_items)
""",
    "import-inside-node-fires-on-use-only": """
def run(df):
    from kedro.framework.session import KedroSession

    with KedroSession.create() as s:  # expect: SL206
        ctx = s.load_context()
    return df
""",
    "context-and-registered-pipelines": """
from kedro.framework.context import KedroContext
from kedro.framework.project import pipelines


def run(df, ctx):
    names = sorted(pipelines)  # expect: SL206
    is_ctx = isinstance(ctx, KedroContext)  # expect: SL206
    return df.assign(n=len(names), c=is_ctx)
""",
    "nested-function-and-self-catalog": """
def run(df, holder):
    def lookup():
        return holder.catalog.load("lookup")  # expect: SL206

    return df.merge(lookup())
""",
    "keyword-named-settings-silent": """
from kedro.framework.project import settings


def run(df, fn):
    return fn(df, settings=None)
""",
}


@pytest.mark.parametrize("case", SL206_CASES, ids=list(SL206_CASES))
def test_sl206(case: str, tmp_path: Path) -> None:
    check(tmp_path, {NODES: SL206_CASES[case]}, ("SL206",))


def test_sl206_pipeline_registry_and_helpers_silent(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            "src/demo/pipeline_registry.py": """
from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
""",
            "src/demo/hooks.py": """
from kedro.framework.hooks import hook_impl


class Hooks:
    @hook_impl
    def after_catalog_created(self, catalog):
        catalog.load("lookup")
""",
            "src/demo/pipelines/demo/session_tools.py": """
from kedro.framework.session import KedroSession


def open_session():
    return KedroSession.create()  # expect: SL206
""",
            "src/demo/pipelines/demo/steps.py": """
from .session_tools import open_session


def run(df):
    open_session()
    return df


def report(df, catalog):
    catalog.save("report", df)  # expect: SL206
""",
            PIPELINE: pipeline(
                'node(run, "raw", "done")',
                'node(report, ["done", "catalog"], None)',
                imports="from .steps import report, run",
            ),
        },
        ("SL206",),
        config=WIRED_ONLY,
    )


def test_sl206_message(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
from kedro.framework.session import KedroSession


def run(df):
    KedroSession.create()  # expect: SL206
    return df
"""
        },
        ("SL206",),
    )
    message = result.findings[0].message
    assert "`KedroSession`" in message and "`run`" in message and "catalog" in message


# ---------------------------------------------------------------------------------------------
# SL301 config-read-in-node (with SL201 and SL206 on, to show one finding per problem)

SL301_CASES = {
    "yaml-from-conf-file": """
import yaml


def train(df):
    with open("conf/base/parameters.yml") as f:
        params = yaml.safe_load(f)  # expect: SL301
    return df.sample(frac=params["frac"])
""",
    "yaml-direct-open-and-path": """
from pathlib import Path

import yaml


def train(df):
    a = yaml.safe_load(open("settings.yml"))  # expect: SL301
    b = yaml.load(Path("conf/base/x.yml").read_text(), Loader=yaml.SafeLoader)  # expect: SL301
    return df
""",
    "yaml-aliases": """
import yaml as y
from yaml import safe_load


def train(df, f):
    with open("params.yml") as fh:
        a = safe_load(fh)  # expect: SL301
    b = y.full_load("a: 1")  # expect: SL301
    return df
""",
    "parsing-an-argument-silent": """
import tomllib

import yaml
from omegaconf import OmegaConf


def parse(manifest_text: str, raw: bytes, params: dict, payload: dict):
    a = yaml.safe_load(manifest_text)
    b = yaml.safe_load(raw.decode("utf-8"))
    text = payload["config"].strip()
    c = yaml.safe_load(text)
    d = OmegaConf.create(params)
    e = tomllib.loads(manifest_text)
    return a, b, c, d, e
""",
    "omegaconf": """
from omegaconf import OmegaConf


def run(df, path):
    a = OmegaConf.load("conf/base/model.yml")  # expect: SL301
    b = OmegaConf.load(path)  # expect: SL301
    c = OmegaConf.create({"lr": 0.1})  # expect: SL301
    return df
""",
    "omegaconfigloader-here-not-sl206": """
from kedro.config import OmegaConfigLoader


def run(df):
    loader = OmegaConfigLoader(conf_source="conf")  # expect: SL301
    return df[loader["parameters"]["features"]]
""",
    "configparser": """
import configparser
from configparser import ConfigParser


def run(df, ini_text):
    cp = configparser.ConfigParser()
    cp.read("setup.cfg")  # expect: SL301
    other = ConfigParser()
    other.read_string(ini_text)
    ConfigParser().read("tox.ini")  # expect: SL301
    return df
""",
    "tomllib": """
import tomllib


def run(df):
    with open("pyproject.toml", "rb") as f:
        cfg = tomllib.load(f)  # expect: SL301
    return df
""",
    "json-of-conf-path": """
import json
from pathlib import Path


def run(df):
    with open("conf/base/thresholds.json") as f:
        a = json.load(f)  # expect: SL301
    b = json.loads(Path("conf/base/other.json").read_text())  # expect: SL301
    p = Path("conf") / "base" / "third.json"
    with p.open() as fh:
        c = json.load(fh)  # expect: SL301
    return df
""",
    "json-of-data-path-is-sl201s": """
import json


def run(df):
    with open("data/01_raw/records.json") as f:  # expect: SL201
        a = json.load(f)
    return df
""",
    "dotenv-values": """
from dotenv import dotenv_values


def run(df):
    cfg = dotenv_values(".env")  # expect: SL301
    return df
""",
    "module-level-silent": """
import yaml

with open("conf/base/parameters.yml") as f:
    PARAMS = yaml.safe_load(f)


def run(df):
    return df.sample(frac=PARAMS["frac"])
""",
    "nested-function": """
import yaml


def run(df):
    def cfg():
        return yaml.safe_load(open("conf/base/parameters.yml"))  # expect: SL301

    return df.sample(frac=cfg()["frac"])
""",
}


@pytest.mark.parametrize("case", SL301_CASES, ids=list(SL301_CASES))
def test_sl301(case: str, tmp_path: Path) -> None:
    check(tmp_path, {NODES: SL301_CASES[case]}, ("SL301", "SL201", "SL206", "SL204"))


def test_sl301_alone_leaves_file_reads_silent(tmp_path: Path) -> None:
    # The same read is SL301's even when SL201 runs alone: no second finding.
    check(tmp_path, {NODES: SL301_CASES["yaml-from-conf-file"]}, ("SL201",))


def test_sl301_helpers_and_pipeline(tmp_path: Path) -> None:
    check(
        tmp_path,
        {
            "src/demo/settings_reader.py": """
import yaml


def read_settings():
    with open("conf/base/parameters.yml") as f:
        return yaml.safe_load(f)  # expect: SL301
""",
            "src/demo/pipelines/demo/steps.py": """
import yaml

from demo.settings_reader import read_settings


def train(df, params):
    return df.sample(frac=params["frac"])


def configure(df):
    extra = read_settings()
    return df.assign(mode=yaml.safe_load("mode: fast")["mode"])  # expect: SL301
""",
            PIPELINE: pipeline(
                'node(train, ["raw", "params:train"], "sample")',
                'node(configure, "sample", "configured")',
                imports="from .steps import configure, train",
            ),
        },
        ("SL301",),
        config=WIRED_ONLY,
    )


def test_sl301_message(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import yaml


def train(df, f):
    return yaml.safe_load(open("conf/base/parameters.yml"))  # expect: SL301
"""
        },
        ("SL301",),
    )
    message = result.findings[0].message
    assert "`yaml.safe_load`" in message and "`train`" in message and "params:" in message
