"""SL202 global-state-in-node, SL203 mutates-input, SL205 unseeded-randomness and SL302
hardcoded-hyperparameter on whole small Kedro projects.

Each case is a project; lines that must carry a finding end with `# expect: SLxxx` and every
case runs with all four rules on, so a case also shows that the other three stay silent (one
problem, one finding)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from structlint.rules.rule import Example
from tests.helpers import found, run, write_project

CODES = ("SL202", "SL203", "SL205", "SL302")
NODES = "src/demo/pipelines/demo/nodes.py"
STEPS = "src/demo/pipelines/demo/steps.py"
PIPELINE = "src/demo/pipelines/demo/pipeline.py"

REGISTRY = """\
from kedro.pipeline import Pipeline

from demo.pipelines.demo import pipeline as demo


def register_pipelines() -> dict[str, Pipeline]:
    p = demo.create_pipeline()
    return {"__default__": p, "demo": p}
"""
CATALOG = """\
orders:
  type: pandas.CSVDataset
  filepath: data/01_raw/orders.csv
"""
EMPTY_PIPELINE = """\
from kedro.pipeline import Pipeline


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([])
"""
PARAMETERS = """\
seed: 7
test_size: 0.2
model_options:
  max_depth: 5
"""


def project(
    source: str, path: str = NODES, config: str = "", files: dict[str, str] | None = None
) -> Example:
    """A small Kedro project around `source` (nodes.py unless `path` says otherwise)."""
    extra = {
        "src/demo/__init__.py": "",
        "src/demo/pipeline_registry.py": REGISTRY,
        "src/demo/pipelines/__init__.py": "",
        "src/demo/pipelines/demo/__init__.py": "",
        "conf/base/parameters.yml": PARAMETERS,
        "conf/base/catalog.yml": CATALOG,
        PIPELINE: EMPTY_PIPELINE,
    }
    extra.update({k: textwrap.dedent(v) for k, v in (files or {}).items()})
    return Example(textwrap.dedent(source), path=path, files=extra, config=config)


def check(tmp_path: Path, example: Example) -> None:
    write_project(tmp_path, example.all_files(), example.config)
    result = run(tmp_path, select=CODES)
    assert not result.errors, result.errors
    got = {f for f in found(result) if f[2] in CODES}
    assert got == example.expected()


# --------------------------------------------------------------------------------------------
# SL203 mutates-input
# --------------------------------------------------------------------------------------------

SL203_CASES = {
    "column-assignment": """\
        def add(df):
            df["total"] = df["a"] + df["b"]  # expect: SL203
            return df
        """,
    "copy-then-assign": """\
        def add(df):
            df = df.copy()
            df["total"] = df["a"] + df["b"]
            return df
        """,
    "assign-before-copy-still-fires": """\
        def add(df):
            df["total"] = 0  # expect: SL203
            df = df.copy()
            df["other"] = 1
            return df
        """,
    "inplace-any-method": """\
        def clean(df):
            df.dropna(inplace=True)  # expect: SL203
            df.reset_index(drop=True, inplace=True)  # expect: SL203
            df["a"].fillna(0, inplace=True)  # expect: SL203
            return df
        """,
    "inplace-false-and-on-copy": """\
        def clean(df):
            out = df.dropna(inplace=False)
            out2 = df.copy()
            out2.dropna(inplace=True)
            return out, out2
        """,
    "loc-iloc-at-iat": """\
        def fix(df):
            df.loc[df["a"] < 0, "a"] = 0  # expect: SL203
            df.iloc[0, 1] = 5  # expect: SL203
            df.at[0, "b"] = 1  # expect: SL203
            df.iat[0, 0] = 2  # expect: SL203
            return df
        """,
    "assign-method-rebinds": """\
        def fix(df):
            df = df.assign(c=1)
            df.loc[df["a"] < 0, "a"] = 0
            df["d"] = 2
            return df
        """,
    "dict-copy-and-setdefault": """\
        def defaults(params: dict) -> dict:
            out = dict(params)
            out["extra"] = True
            out.setdefault("k", 1)
            return out
        """,
    "dict-in-place": """\
        def defaults(params: dict) -> dict:
            params.setdefault("k", 1)  # expect: SL203
            params.update({"x": 1})  # expect: SL203
            params["nested"]["y"] = 2  # expect: SL203
            del params["z"]  # expect: SL203
            return params
        """,
    "list-methods": """\
        def collect(rows: list, extra: list) -> list:
            rows.append(1)  # expect: SL203
            rows.extend(extra)  # expect: SL203
            rows.insert(0, 2)  # expect: SL203
            rows.sort()  # expect: SL203
            rows.remove(1)  # expect: SL203
            extra.clear()  # expect: SL203
            return rows
        """,
    "pop-fires-even-when-used": """\
        def split_target(df):
            y = df.pop("target")  # expect: SL203
            return df, y
        """,
    "pop-on-copy": """\
        def split_target(df):
            X = df.copy()
            y = X.pop("target")
            return X, y
        """,
    "attribute-and-setattr": """\
        def rename(df):
            df.columns = [c.lower() for c in df.columns]  # expect: SL203
            df.index.name = "id"  # expect: SL203
            setattr(df, "attrs", {})  # expect: SL203
            return df
        """,
    "augmented-subscript": """\
        def bump(df, counts: dict):
            df["n"] += 1  # expect: SL203
            counts["seen"] += 1  # expect: SL203
            return df, counts
        """,
    "augmented-name-is-rebinding": """\
        def bump(total: int, df):
            total += 1
            df = df + 1
            df["x"] = total
            return df
        """,
    "alias-is-still-the-argument": """\
        def add(df):
            out = df
            out["c"] = 1  # expect: SL203
            return out
        """,
    "alias-then-copy": """\
        def add(df):
            out = df
            out = out.copy()
            out["c"] = 1
            return out
        """,
    "branch-copy-conservative-after": """\
        def add(df, flag: bool):
            if flag:
                df = df.copy()
            df["c"] = 1
            return df
        """,
    "branch-else-still-fires": """\
        def add(df, flag: bool):
            if flag:
                df = df.copy()
                df["c"] = 1
            else:
                df["c"] = 2  # expect: SL203
            return df
        """,
    "elif-chain": """\
        def add(df, mode: str):
            if mode == "a":
                df = df.copy()
            elif mode == "b":
                df["c"] = 2  # expect: SL203
            else:
                df = df.head()
            df["d"] = 3
            return df
        """,
    "nested-function-shadowing-parameter": """\
        def add(df):
            def helper(df):
                df["c"] = 1
                return df

            return helper(df.copy())
        """,
    "nested-closure-mutates-argument": """\
        def add(df):
            def helper():
                df["c"] = 1  # expect: SL203

            helper()
            return df
        """,
    "lambda-and-comprehension-shadowing": """\
        def add(df, frames: list):
            parts = [frames.append(1) for frames in [[], []]]
            fixed = list(map(lambda df: df.pop("a"), frames))
            return parts, fixed
        """,
    "for-loop-rebinding": """\
        def each(df, frames: list):
            for df in frames:
                df["c"] = 1
            return frames
        """,
    "helper-next-to-node-is-silent": (
        """\
        def clean(df):
            return _fix(df.copy())


        def _fix(df):
            df["c"] = 1
            df.dropna(inplace=True)
            return df
        """,
        STEPS,
        {
            PIPELINE: """\
                from kedro.pipeline import Pipeline, node

                from .steps import clean


                def create_pipeline(**kwargs) -> Pipeline:
                    return Pipeline([node(clean, "orders", "clean_orders")])
                """
        },
    ),
    "node-through-alias-import": (
        """\
        def clean(df):
            df["c"] = 1  # expect: SL203
            return df


        def unused_helper(df):
            df["c"] = 1
            return df
        """,
        STEPS,
        {
            PIPELINE: """\
                from kedro.pipeline import Pipeline, node

                from . import steps as s


                def create_pipeline(**kwargs) -> Pipeline:
                    return Pipeline([node(s.clean, "orders", "clean_orders")])
                """
        },
    ),
    "lambda-node": (
        """\
        from kedro.pipeline import Pipeline, node


        def create_pipeline(**kwargs) -> Pipeline:
            return Pipeline(
                [
                    node(lambda d: d.update({"x": 1}), "params:a", "b"),  # expect: SL203
                    node(lambda d: {**d, "x": 1}, "params:a", "c"),
                ]
            )
        """,
        PIPELINE,
        {},
    ),
    "kwargs-is-not-an-input": """\
        def merge(df, **options):
            options.pop("unused", None)
            options["x"] = 1
            return df
        """,
    "local-objects-are-fine": """\
        def build(df):
            rows = []
            rows.append(len(df))
            table = {}
            table["n"] = len(df)
            frame = df.drop(columns=["a"])
            frame["b"] = 1
            frame.sort_values("b", inplace=True)
            return rows, table, frame
        """,
}


# --------------------------------------------------------------------------------------------
# SL202 global-state-in-node
# --------------------------------------------------------------------------------------------

SL202_CASES = {
    "global-assignment": """\
        COUNTER = 0


        def count(df):
            global COUNTER
            COUNTER += 1  # expect: SL202
            COUNTER = COUNTER + 1  # expect: SL202
            return df
        """,
    "global-declared-only-read": """\
        LIMIT = 10


        def cap(df):
            global LIMIT
            return df.head(LIMIT)
        """,
    "module-dict-mutation": """\
        CACHE = {}


        def remember(df):
            CACHE["last"] = df  # expect: SL202
            del CACHE["old"]  # expect: SL202
            CACHE.update(x=1)  # expect: SL202
            return df
        """,
    "module-list-and-set-mutation": """\
        SEEN = []
        IDS: set = set()


        def track(df):
            SEEN.append(len(df))  # expect: SL202
            IDS.add(1)  # expect: SL202
            IDS.discard(2)  # expect: SL202
            return df
        """,
    "module-constant-read-is-silent": """\
        COLUMNS = ["a", "b"]
        MAPPING = {"a": "A"}


        def select(df):
            out = df[COLUMNS].rename(columns=MAPPING)
            return out[[c for c in COLUMNS if c in MAPPING]]
        """,
    "local-shadowing-module-name": """\
        CACHE = {}
        SEEN = []


        def remember(df):
            CACHE = {}
            CACHE["last"] = 1
            SEEN = [1]
            SEEN.append(2)
            return df, CACHE, SEEN
        """,
    "parameter-shadowing-module-name": """\
        CACHE = {}


        def remember(df, CACHE):
            CACHE.clear()  # expect: SL203
            return df
        """,
    "module-object-attribute": """\
        class _State:
            runs = 0


        STATE = _State()


        def run_once(df):
            STATE.runs = 1  # expect: SL202
            STATE.runs += 1  # expect: SL202
            return df
        """,
    "os-environ-and-chdir": """\
        import os
        from os import environ


        def configure(df):
            os.environ["MODE"] = "x"  # expect: SL202
            environ["OTHER"] = "y"  # expect: SL202
            os.environ.update({"A": "1"})  # expect: SL202
            os.chdir("..")  # expect: SL202
            return df
        """,
    "os-environ-read-is-silent-here": """\
        import os


        def configure(df):
            mode = os.environ.get("MODE", "x")
            return df.assign(mode=mode)
        """,
    "sys-path-edits": """\
        import sys


        def extend(df):
            sys.path.append("lib")  # expect: SL202
            sys.path.insert(0, "lib")  # expect: SL202
            sys.path = ["x"]  # expect: SL202
            return df
        """,
    "global-seeds": """\
        import random

        import numpy as np
        import tensorflow as tf
        import torch


        def train(df, seed: int):
            random.seed(seed)  # expect: SL202
            np.random.seed(seed)  # expect: SL202
            torch.manual_seed(seed)  # expect: SL202
            tf.random.set_seed(seed)  # expect: SL202
            return df
        """,
    "seed-through-alias": """\
        from numpy import random as npr
        from torch import manual_seed


        def train(df, seed: int):
            npr.seed(seed)  # expect: SL202
            manual_seed(seed)  # expect: SL202
            return df
        """,
    "setattr-on-module": """\
        import sys

        from demo import settings as project_settings


        def patch(df):
            setattr(project_settings, "DEBUG", True)  # expect: SL202
            setattr(sys.modules[__name__], "X", 1)  # expect: SL202
            return df
        """,
    "imported-module-attribute": """\
        import matplotlib.pyplot as plt
        import pandas as pd


        def style(df):
            plt.rcParams["figure.dpi"] = 150  # expect: SL202
            pd.options.display.max_rows = 10  # expect: SL202
            return df
        """,
    "numpy-functions-are-not-mutations": """\
        import numpy as np


        def stack(arr, other):
            a = np.append(arr, other)
            b = np.insert(a, 0, 1)
            c = np.sort(b)
            return c
        """,
    "nonlocal-closure": """\
        def count(df):
            n = 0

            def step():
                nonlocal n
                n += 1  # expect: SL202

            step()
            return df.assign(n=n)
        """,
    "helper-may-cache": (
        """\
        CACHE = {}


        def clean(df):
            return df.dropna()


        def _cached(key, value):
            CACHE[key] = value
            return value
        """,
        STEPS,
        {
            PIPELINE: """\
                from kedro.pipeline import Pipeline, node

                from demo.pipelines.demo.steps import clean


                def create_pipeline(**kwargs) -> Pipeline:
                    return Pipeline([node(clean, "orders", "clean_orders")])
                """
        },
    ),
    "imported-constant-registry": """\
        from demo.registry import MODELS


        def register(model):
            MODELS.append(model)  # expect: SL202
            return model
        """,
    "import-inside-node-still-global": """\
        def configure(df):
            import os

            os.environ["MODE"] = "x"  # expect: SL202
            return df
        """,
}


# --------------------------------------------------------------------------------------------
# SL205 unseeded-randomness
# --------------------------------------------------------------------------------------------

SL205_CASES = {
    "random-module-draws": """\
        import random


        def pick(rows: list):
            a = random.random()  # expect: SL205
            b = random.choice(rows)  # expect: SL205
            random.shuffle(rows)  # expect: SL205
            return a, b
        """,
    "random-from-import": """\
        from random import randint, sample


        def pick(rows: list):
            return randint(0, 10), sample(rows, 2)  # expect: SL205
        """,
    "numpy-legacy-draws": """\
        import numpy as np


        def noise(df):
            a = np.random.rand(3)  # expect: SL205
            b = np.random.normal(0, 1, size=3)  # expect: SL205
            c = np.random.choice([1, 2])  # expect: SL205
            return a, b, c
        """,
    "default-rng-without-seed": """\
        import numpy as np
        from numpy.random import default_rng


        def noise(df):
            a = np.random.default_rng()  # expect: SL205
            b = default_rng(None)  # expect: SL205
            return a, b
        """,
    "default-rng-with-parameter-seed": """\
        import numpy as np


        def noise(df, seed: int):
            rng = np.random.default_rng(seed)
            return df.assign(noise=rng.normal(size=len(df)), pick=rng.choice(3))
        """,
    "default-rng-literal-is-sl302": """\
        import numpy as np


        def noise(df):
            rng = np.random.default_rng(42)  # expect: SL302
            return df.assign(noise=rng.normal(size=len(df)))
        """,
    "uuid4": """\
        import uuid
        from uuid import uuid4


        def tag(df):
            return df.assign(a=str(uuid.uuid4()), b=str(uuid4()))  # expect: SL205
        """,
    "uuid5-is-deterministic": """\
        import uuid


        def tag(df):
            return df.assign(a=str(uuid.uuid5(uuid.NAMESPACE_URL, "x")))
        """,
    "df-sample-unseeded": """\
        def subsample(df, params: dict):
            return df.sample(frac=params["frac"])  # expect: SL205
        """,
    "df-sample-seeded-from-params": """\
        def subsample(df, params: dict):
            return df.sample(frac=params["frac"], random_state=params["seed"])
        """,
    "df-sample-literal-frac-two-problems": """\
        def subsample(df):
            return df.sample(frac=0.5)  # expect: SL205, SL302
        """,
    "df-sample-random-state-none": """\
        def subsample(df, n: int):
            return df.sample(n=n, random_state=None)  # expect: SL205
        """,
    "train-test-split-unseeded": """\
        from sklearn.model_selection import train_test_split


        def split(X, y, params: dict):
            return train_test_split(X, y, test_size=params["test_size"])  # expect: SL205
        """,
    "train-test-split-literal-seed-only-sl302": """\
        from sklearn.model_selection import train_test_split


        def split(X, y, params: dict):
            return train_test_split(
                X, y, test_size=params["test_size"], random_state=42  # expect: SL302
            )
        """,
    "train-test-split-no-shuffle": """\
        from sklearn.model_selection import train_test_split


        def split(X, y, params: dict):
            return train_test_split(X, y, test_size=params["test_size"], shuffle=False)
        """,
    "train-test-split-module-alias": """\
        from sklearn import model_selection as ms


        def split(X, y, seed: int):
            a = ms.train_test_split(X, y)  # expect: SL205
            b = ms.train_test_split(X, y, random_state=seed)
            return a, b
        """,
    "seeded-module-then-draws": """\
        import numpy as np


        def noise(df, seed: int):
            np.random.seed(seed)  # expect: SL202
            return np.random.rand(3)
        """,
    "seeded-generator-object-sample": """\
        import random


        def pick(rows: list, seed: int):
            r = random.Random(seed)
            return r.sample(rows, k=2), r.choice(rows)
        """,
    "spark-sample-and-randomsplit": """\
        def split(sdf, seed: int):
            a = sdf.sample(fraction=0.1)  # expect: SL205
            b = sdf.sample(False, 0.1, seed)
            c, d = sdf.randomSplit([0.8, 0.2])  # expect: SL205
            e, f = sdf.randomSplit([0.8, 0.2], seed=seed)
            return a, b, c, d, e, f
        """,
    "other-libraries-sample": """\
        from sklearn.mixture import GaussianMixture


        def synthesize(X, seed: int, params: dict):
            gmm = GaussianMixture(n_components=params["k"], random_state=seed).fit(X)
            a = gmm.sample(100)
            b = params["model"].sample(n_samples=100)
            return a, b
        """,
    # The helper's draw is the node's (structlint.project.reach): reported at the helper's line.
    "helper-randomness-is-the-nodes": (
        """\
        import random


        def pick(rows: list, seed: int):
            return _pick(rows, seed)


        def _pick(rows, seed):
            return random.choice(rows)  # expect: SL205
        """,
        STEPS,
        {
            PIPELINE: """\
                from kedro.pipeline import Pipeline, node

                from .steps import pick


                def create_pipeline(**kwargs) -> Pipeline:
                    return Pipeline([node(pick, ["rows", "params:seed"], "picked")])
                """
        },
    ),
    "local-name-random-is-not-the-module": """\
        import random


        def pick(rows: list, random):
            return random.choice(rows)


        def pick_again(rows: list, seed: int):
            import numpy as np

            random = np.random.default_rng(seed)
            return random.choice(rows)
        """,
}


# --------------------------------------------------------------------------------------------
# SL302 hardcoded-hyperparameter
# --------------------------------------------------------------------------------------------

SL302_CASES = {
    "model-constructor-literals": """\
        from sklearn.ensemble import RandomForestClassifier


        def train(X, y):
            model = RandomForestClassifier(
                n_estimators=100,  # expect: SL302
                max_depth=5,  # expect: SL302
                max_features="sqrt",  # expect: SL302
                n_jobs=-1,
                verbose=0,
            )
            return model.fit(X, y)
        """,
    "params-dict-values": """\
        from sklearn.ensemble import RandomForestClassifier


        def train(X, y, params: dict):
            model = RandomForestClassifier(
                n_estimators=params["n_estimators"], max_depth=params.get("max_depth")
            )
            return model.fit(X, y)
        """,
    "parameter-names-and-kwargs": """\
        from sklearn.linear_model import ElasticNet


        def train(X, y, alpha: float, model_options: dict):
            return ElasticNet(alpha=alpha, **model_options).fit(X, y)
        """,
    "negative-and-scientific": """\
        import torch


        def train(model, data):
            params = model.parameters()
            opt = torch.optim.Adam(params, lr=1e-3, weight_decay=-0.01)  # expect: SL302
            sched = torch.optim.lr_scheduler.StepLR(opt, 10, gamma=10**-1)  # expect: SL302
            return opt, sched
        """,
    "non-tuning-knobs-are-silent": """\
        import pandas as pd


        def tidy(df):
            out = pd.concat([df, df], axis=0, ignore_index=True)
            out = out.dropna(axis=1)
            return out.reset_index(drop=True)
        """,
    "head-n-is-silent-sample-n-fires": """\
        def preview(df, seed: int):
            top = df.head(n=5)
            tail = df.tail(n=3)
            picked = df.sample(n=5, random_state=seed)  # expect: SL302
            return top, tail, picked
        """,
    "str-split-n-is-silent": """\
        def parse(df):
            parts = df["code"].str.split("_", n=1, expand=True)
            return parts
        """,
    "structural-n-is-silent": """\
        import numpy as np


        def lags(df, arr):
            a = np.diff(arr, n=2)
            b = df["x"].shift(n=1)
            c = np.fft.rfft(arr, n=64)
            return a, b, c
        """,
    "frac-one-is-shuffle": """\
        def shuffle(df, seed: int):
            return df.sample(frac=1, random_state=seed)
        """,
    "rolling-window-and-quantile": """\
        def features(df):
            a = df["x"].rolling(window=7).mean()  # expect: SL302
            b = df["x"].quantile(q=0.95)  # expect: SL302
            return a, b
        """,
    "plotting-alpha-is-silent": """\
        import matplotlib.pyplot as plt
        import seaborn as sns


        def report(df):
            fig, ax = plt.subplots()
            ax.scatter(df["x"], df["y"], alpha=0.3)
            ax.plot(df["x"], alpha=0.5)
            sns.histplot(df["x"], alpha=0.5)
            df.plot(alpha=0.2)
            return fig
        """,
    "ewm-alpha-fires": """\
        def smooth(df):
            return df["x"].ewm(alpha=0.3).mean()  # expect: SL302
        """,
    "string-for-numeric-knob-is-silent": """\
        def search(client, term: str):
            return client.search(q="status:open", n=term)
        """,
    "none-is-silent": """\
        from sklearn.tree import DecisionTreeClassifier


        def train(X, y, seed: int):
            return DecisionTreeClassifier(max_depth=None, random_state=seed).fit(X, y)
        """,
    "nested-function-and-lambda": """\
        from sklearn.cluster import KMeans


        def cluster(df, seed: int):
            def fit(k):
                return KMeans(n_clusters=8, random_state=seed).fit(df)  # expect: SL302

            scorer = lambda m: m.score(df, threshold=0.5)  # expect: SL302
            return scorer(fit(3))
        """,
    # A literal in a helper that the node calls is the node's hyperparameter all the same.
    "helper-literals-are-the-nodes": (
        """\
        from sklearn.cluster import KMeans


        def cluster(df, params: dict):
            return _fit(df, params["n_clusters"])


        def _fit(df, k):
            return KMeans(n_clusters=k, random_state=0, max_iter=300).fit(df)  # expect: SL302
        """,
        STEPS,
        {
            PIPELINE: """\
                from kedro.pipeline import Pipeline, node

                from .steps import cluster


                def create_pipeline(**kwargs) -> Pipeline:
                    return Pipeline([node(cluster, ["orders", "params:model"], "model")])
                """
        },
    ),
    "random-state-literal": """\
        from sklearn.model_selection import KFold


        def folds(df):
            return KFold(n_splits=5, shuffle=True, random_state=0)  # expect: SL302
        """,
    "tuple-of-numbers": """\
        from demo.models import Net


        def train(X, y, params: dict):
            model = Net(hidden_size=(64, 32), **params)  # expect: SL302
            empty = Net(hidden_size=(), names=["a"])
            return model.fit(X, y), empty
        """,
    "extend-hyperparameter-names": (
        """\
        from sklearn.svm import SVC


        def train(X, y):
            return SVC(
                kernel="rbf",  # expect: SL302
                C=1.0,  # expect: SL302
                cache_size=500,
            ).fit(X, y)
        """,
        NODES,
        {},
        'extend-hyperparameter-names = ["kernel"]',
    ),
    "hyperparameter-names-replaces": (
        """\
        from sklearn.svm import SVC


        def train(X, y):
            return SVC(
                kernel="rbf",
                C=1.0,
                cache_size=500,  # expect: SL302
            ).fit(X, y)
        """,
        NODES,
        {},
        'hyperparameter-names = ["cache_size"]',
    ),
}


def _cases(table: dict) -> list:
    """name -> source, or (source, path, files[, config]) -> pytest params."""
    out = []
    for name, case in table.items():
        case = (case,) if isinstance(case, str) else case
        source, path, files, config = case + (None, NODES, {}, "")[len(case) :]
        out.append(pytest.param(source, path, files, config, id=name))
    return out


@pytest.mark.parametrize(("source", "path", "files", "config"), _cases(SL203_CASES))
def test_sl203_mutates_input(tmp_path: Path, source, path, files, config) -> None:
    check(tmp_path, project(source, path, config, files))


@pytest.mark.parametrize(("source", "path", "files", "config"), _cases(SL202_CASES))
def test_sl202_global_state(tmp_path: Path, source, path, files, config) -> None:
    check(tmp_path, project(source, path, config, files))


@pytest.mark.parametrize(("source", "path", "files", "config"), _cases(SL205_CASES))
def test_sl205_unseeded_randomness(tmp_path: Path, source, path, files, config) -> None:
    check(tmp_path, project(source, path, config, files))


@pytest.mark.parametrize(("source", "path", "files", "config"), _cases(SL302_CASES))
def test_sl302_hardcoded_hyperparameter(tmp_path: Path, source, path, files, config) -> None:
    check(tmp_path, project(source, path, config, files))
