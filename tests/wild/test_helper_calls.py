"""Helpers that node functions call (`structlint.project.reach`): what a helper does for a
node, the node does, so the purity rules check the helper at its own line and name the node.
Each case that must fire sits beside the look-alike that must stay silent."""

from __future__ import annotations

from pathlib import Path

from structlint.inputs.config import load_settings
from structlint.rules.registry import rules_by_code
from structlint.run.engine import Engine
from tests.helpers import found, run, write_project

NODES = "src/demo/pipelines/etl/nodes.py"
PIPELINE = "src/demo/pipelines/etl/pipeline.py"
UTILS = "src/demo/utils/web.py"
TWO_NODES = """
from kedro.pipeline import Pipeline, node

from .nodes import extract, load


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(extract, "params:a", "a"), node(load, "params:b", "b")])
"""
PURITY = ("SL201", "SL202", "SL203", "SL204", "SL205", "SL206", "SL301", "SL302")


def wiring(*nodes: str, names: str = "extract") -> str:
    return f"""
from kedro.pipeline import Pipeline, node

from .nodes import {names}


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([{", ".join(nodes)}])
"""


def check(tmp: Path, files: dict[str, str], select=PURITY, config: str = ""):
    write_project(tmp, {"src/demo/__init__.py": "", **files}, config)
    result = run(tmp, select=select)
    assert not result.errors, result.errors
    return result


def at(result, path: str, line: int):
    (f,) = [f for f in result.findings if f.path == path and f.line == line]
    return f


def test_io_environment_config_framework_in_helpers(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "src/demo/utils/__init__.py": "",
            UTILS: """
import os

import requests
import yaml
from kedro.framework.session import KedroSession


def fetch(url):
    return requests.get(url, timeout=5).json()


def token():
    return os.environ["TOKEN"]


def settings():
    with open("conf/base/extra.yml") as f:
        return yaml.safe_load(f)


def session():
    return KedroSession.create()
""",
            NODES: """
from demo.utils import web
from demo.utils.web import settings, token
import demo.utils.web as webmod


def extract(url: str) -> dict:
    return {"data": web.fetch(url), "t": token(), "s": settings(), "k": webmod.session()}
""",
            PIPELINE: wiring('node(extract, "params:url", "out")'),
        },
    )
    assert found(result) == {
        (UTILS, 10, "SL201"),
        (UTILS, 14, "SL204"),
        (UTILS, 19, "SL301"),
        (UTILS, 23, "SL206"),
    }
    msg = at(result, UTILS, 10).message
    assert msg.startswith(
        "`requests.get()` in `fetch` (called from node `etl.nodes.extract`) "
        "does I/O inside the node:"
    )
    assert "in `token` (called from node" in at(result, UTILS, 14).message


def test_same_module_helper_defined_after_the_node(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import requests


def extract(url: str) -> dict:
    return _fetch(url)


def _fetch(url):
    return requests.get(url, timeout=5).json()


def _not_called(url):
    return requests.get(url, timeout=5).json()
""",
            PIPELINE: wiring('node(extract, "params:url", "out")'),
        },
    )
    assert found(result) == {(NODES, 10, "SL201")}
    assert at(result, NODES, 10).message.startswith(
        "`requests.get()` in `_fetch` (called from node `extract`) does I/O inside the node"
    )


def test_depth_is_bounded_and_cycles_are_safe(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import os


def extract(x):
    return _one(x) + _ping(x)


def _one(x):
    return _two(x) + os.getenv("ONE")


def _two(x):
    return _three(x) + os.getenv("TWO")


def _three(x):
    return _four(x) + os.getenv("THREE")


def _four(x):
    return os.getenv("FOUR")


def _ping(x):
    return _pong(x) + os.getenv("PING")


def _pong(x):
    return _ping(x) + os.getenv("PONG")
""",
            PIPELINE: wiring('node(extract, "raw", "out")'),
        },
        select=("SL204",),
    )
    # Three hops from the node: _one, _two, _three; _four (4 hops) is not followed.
    assert {line for _, line, _ in found(result)} == {10, 14, 18, 26, 30}


def test_helper_of_several_nodes_gives_one_finding_naming_them(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def extract(path):
    return _read(path)


def load(path):
    return _read(path)


def _read(path):
    return pd.read_csv(path)
""",
            PIPELINE: TWO_NODES,
        },
    )
    assert found(result) == {(NODES, 14, "SL201")}
    assert "in `_read` (called from nodes `extract` and `load`)" in at(result, NODES, 14).message


def test_helper_that_is_also_a_node_is_checked_once_as_a_node(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def extract(path):
    return load(path)


def load(path):
    return pd.read_csv(path)
""",
            PIPELINE: TWO_NODES,
        },
    )
    assert found(result) == {(NODES, 10, "SL201")}
    assert "in node `load`" in at(result, NODES, 10).message


def test_shared_utils_module_followed_only_from_nodes(tmp_path: Path) -> None:
    # The same helper module: `fetch` is reached from a node, `fetch_for_cli` only from a CLI
    # script and a hook (not nodes), `client.get` is a method (not guessed), and third-party
    # code (`pandas`) is never followed.
    result = check(
        tmp_path,
        {
            "src/demo/utils/__init__.py": "",
            UTILS: """
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()


def fetch_for_cli(url):
    return requests.get(url, timeout=5).json()


def get(url):
    return requests.get(url, timeout=5).json()
""",
            "src/demo/cli.py": """
from demo.utils.web import fetch_for_cli


def main():
    fetch_for_cli("https://example.org/api")
""",
            "src/demo/hooks.py": """
from demo.utils.web import fetch_for_cli


class Hooks:
    def before_pipeline_run(self):
        fetch_for_cli("https://example.org/api")
""",
            NODES: """
import pandas as pd

from demo.utils.web import fetch


def extract(url, client):
    client.get(url)
    return pd.DataFrame(fetch(url))
""",
            PIPELINE: wiring('node(extract, ["params:url", "client"], "out")'),
        },
    )
    assert found(result) == {(UTILS, 6, "SL201")}


def test_callbacks_decorated_and_nested_helpers(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
from functools import lru_cache

import pandas as pd


def extract(df):
    df = df.copy()
    df["label"] = df["code"].map(_label)
    return df.assign(extra=df["code"].apply(Codes.lookup))


@lru_cache(maxsize=8)
def _table():
    return pd.read_csv("data/01_raw/lookup.csv")


def _label(code):
    def inner():
        return _table()

    return inner()[code]


class Codes:
    @staticmethod
    def lookup(code):
        return pd.read_csv("data/01_raw/codes.csv")[code]
""",
            PIPELINE: wiring('node(extract, "raw", "out")'),
        },
    )
    # `_label` is a callback of `.map`; it calls `_table` from a nested function. A static
    # method of a class is out of scope (not followed).
    assert found(result) == {(NODES, 15, "SL201")}
    assert "in `_table` (called from node `extract`)" in at(result, NODES, 15).message


def test_sl203_only_where_the_node_passes_its_own_argument(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import pandas as pd


def mutates(df: pd.DataFrame) -> pd.DataFrame:
    _tidy(df)
    return df


def copies(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    _scrub(df)
    return df


def own_object(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    _polish(out)
    return out


def _tidy(frame):
    _strip(frame, label="x")


def _strip(frame, label):
    frame.dropna(inplace=True)


def _scrub(frame):
    frame.dropna(inplace=True)


def _polish(frame):
    frame["c"] = 1
""",
            PIPELINE: wiring(
                'node(mutates, "a", "b")',
                'node(copies, "b", "c")',
                'node(own_object, "c", "d")',
                names="copies, mutates, own_object",
            ),
        },
        select=("SL203",),
    )
    # The node's own `df` flows through `_tidy` into `_strip`: reported there. A copy
    # (`df = df.copy()`) or an object the node made itself is not the node's input.
    assert found(result) == {(NODES, 27, "SL203")}
    assert "in `_strip` (called from node `mutates`)" in at(result, NODES, 27).message


def test_state_randomness_and_hyperparameters_in_helpers(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            NODES: """
import random

from sklearn.ensemble import RandomForestClassifier

SEEN = []


def train(x, y):
    _remember(x)
    return _model().fit(x, y), _pick(y)


def _remember(x):
    SEEN.append(x)


def _model():
    return RandomForestClassifier(n_estimators=200)


def _pick(y):
    return random.choice(y)


def _model_unused():
    return RandomForestClassifier(n_estimators=300)
""",
            PIPELINE: wiring('node(train, ["x", "y"], "model")', names="train"),
        },
    )
    assert found(result) == {(NODES, 15, "SL202"), (NODES, 19, "SL302"), (NODES, 23, "SL205")}


def test_reexport_through_package_init(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "src/demo/utils/__init__.py": "from .web import fetch\n",
            UTILS: """
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()
""",
            NODES: """
from demo import utils


def extract(url):
    return utils.fetch(url)
""",
            PIPELINE: wiring('node(extract, "params:url", "out")'),
        },
    )
    assert found(result) == {(UTILS, 6, "SL201")}


# ------------------------------------------------------------------------- cache and memo


def _cached_run(root: Path):
    settings = load_settings(root)
    codes = {c for c in rules_by_code() if c.startswith(("SL2", "SL3"))}
    return Engine(settings, codes, jobs=1, use_cache=True).run()


def _fresh_run(root: Path):
    settings = load_settings(root)
    codes = {c for c in rules_by_code() if c.startswith(("SL2", "SL3"))}
    return Engine(settings, codes, jobs=1, use_cache=False).run()


def test_cache_follows_the_calling_node_in_another_file(tmp_path: Path) -> None:
    # The finding in utils/web.py (file A) exists because nodes.py (file B) calls it: an edit
    # to B alone must drop it, and bring it back, on the next cached run.
    calls = """
from demo.utils.web import fetch


def extract(url):
    return fetch(url)
"""
    no_call = """
from demo.utils.web import fetch


def extract(url):
    return {"url": url}
"""
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/utils/__init__.py": "",
            UTILS: """
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()
""",
            NODES: calls,
            PIPELINE: wiring('node(extract, "params:url", "out")'),
        },
    )
    expected = {(UTILS, 6, "SL201")}
    assert found(_cached_run(tmp_path)) == expected
    assert found(_cached_run(tmp_path)) == expected  # warm: from the memo
    write_project(tmp_path, {NODES: no_call})
    assert found(_cached_run(tmp_path)) == found(_fresh_run(tmp_path)) == set()
    assert found(_cached_run(tmp_path)) == set()
    write_project(tmp_path, {NODES: calls})
    assert found(_cached_run(tmp_path)) == found(_fresh_run(tmp_path)) == expected
    # A bare reference that is neither called nor handed to a call is not followed.
    write_project(tmp_path, {NODES: calls.replace("return fetch(url)", "return fetch")})
    assert found(_cached_run(tmp_path)) == found(_fresh_run(tmp_path)) == set()


def test_local_names_that_shadow_helpers_are_not_followed(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "src/demo/utils/__init__.py": "",
            UTILS: """
import requests


def fetch(url):
    return requests.get(url, timeout=5).json()
""",
            NODES: """
import pandas as pd

from demo.utils import web


def extract(df, read):
    read(df)
    web = df.web  # a local name, not the module
    web.fetch("x")
    return df


def load(df):
    return _read(df)


def _read(df):
    return pd.read_csv(df)


def read(df):
    return pd.read_parquet(df)
""",
            PIPELINE: TWO_NODES,
        },
        select=("SL201",),
    )
    # `read` in `extract` is its parameter, `web` a local: neither is followed (nothing in
    # utils/web.py, nor in the module's own `read`). `_read`, which `load` calls, is.
    assert found(result) == {(NODES, 19, "SL201")}


def test_lambda_node_calling_a_helper(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "src/demo/pipelines/etl/steps.py": """
import pandas as pd


def _read(path):
    return pd.read_csv(path)


def _unused(path):
    return pd.read_csv(path)
""",
            PIPELINE: """
from kedro.pipeline import Pipeline, node

from .steps import _read


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(lambda p: _read(p), "params:path", "table")])
""",
        },
        select=("SL201",),
    )
    assert found(result) == {("src/demo/pipelines/etl/steps.py", 6, "SL201")}
    assert "called from node `etl.pipeline.<lambda>`" in result.findings[0].message


def test_plot_helpers_alpha_is_transparency(tmp_path: Path) -> None:
    # Reporting nodes often call plot helpers: `alpha=` of `vlines` is transparency (seen on
    # a real project once helpers were followed), while a model's `alpha=` stays a knob.
    result = check(
        tmp_path,
        {
            NODES: """
import matplotlib.pyplot as plt
from sklearn.linear_model import Ridge


def extract(x, y):
    _chart(x)
    return _fit(x, y)


def _chart(x):
    fig, ax = plt.subplots()
    ax.vlines(x, 0, 1, alpha=0.5)
    ax.hlines(x, 0, 1, alpha=0.5)
    return fig


def _fit(x, y):
    return Ridge(alpha=0.5).fit(x, y)
""",
            PIPELINE: wiring('node(extract, ["x", "y"], "model")'),
        },
        select=("SL302",),
    )
    assert found(result) == {(NODES, 19, "SL302")}


def test_worker_processes_and_show_settings_know_the_helpers(tmp_path: Path) -> None:
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            NODES: """
import requests


def extract(url):
    return _fetch(url)


def _fetch(url):
    return requests.get(url, timeout=5).json()
""",
            PIPELINE: wiring('node(extract, "params:url", "out")'),
        },
    )
    # With whole-project rules on and two jobs, the file is checked in a worker process:
    # the reached helpers travel with its job.
    result = run(tmp_path, select=["ALL"], jobs=2)
    assert (NODES, 10, "SL201") in found(result)
    engine = Engine(load_settings(tmp_path), {"SL201"}, jobs=1, use_cache=False)
    assert f"helpers that nodes call in {NODES}: _fetch (from extract)" in engine.describe()


def test_custom_dataset_modules_are_not_followed(tmp_path: Path) -> None:
    # A node that calls a function of a dataset module (src/<pkg>/datasets/, *dataset*.py)
    # is not followed there: I/O is what a dataset is for. The same call into utils/ is.
    read = """
import pandas as pd


def read_table(path):
    return pd.read_csv(path)
"""
    result = check(
        tmp_path,
        {
            "src/demo/datasets/__init__.py": "",
            "src/demo/datasets/blob.py": read,
            "src/demo/io/__init__.py": "",
            "src/demo/io/table_dataset.py": read,
            "src/demo/utils/__init__.py": "",
            "src/demo/utils/tables.py": read,
            NODES: """
from demo.datasets.blob import read_table as a
from demo.io.table_dataset import read_table as b
from demo.utils.tables import read_table as c


def extract(path):
    return a(path), b(path), c(path)
""",
            PIPELINE: wiring('node(extract, "params:path", "out")'),
        },
        select=("SL201",),
    )
    assert found(result) == {("src/demo/utils/tables.py", 6, "SL201")}


def test_helper_draws_after_the_caller_seeds_are_seeded(tmp_path: Path) -> None:
    # A real shape (a data fabricator): the node seeds numpy's global generator, then its
    # helpers draw from it. The look-alike node that seeds nothing still gets the finding.
    result = check(
        tmp_path,
        {
            NODES: """
import numpy as np


def extract(n):
    np.random.seed(0)
    return _flags(n), _more(n)


def load(n):
    return _noise(n)


def _flags(n):
    return np.random.choice([True, False], size=n)


def _more(n):
    return _flags(n) + _noise(n)


def _noise(n):
    return np.random.normal(size=n)
""",
            PIPELINE: TWO_NODES,
        },
        select=("SL205",),
    )
    # `_noise` is reached seeded (extract -> _more -> _noise) and unseeded (load -> _noise):
    # the rule stays silent rather than guess which one runs.
    assert found(result) == set()
    write_project(
        tmp_path, {NODES: (tmp_path / NODES).read_text().replace("np.random.seed(0)", "")}
    )
    result = run(tmp_path, select=("SL205",))
    assert {line for _, line, _ in found(result)} == {15, 23}
