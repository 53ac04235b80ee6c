"""The cheap tests the file rules make before the exact one (a callee's last name, a substring
of a name, the file's text) must never change a finding: cases at the edge of each shortcut.
"""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from structlint.inputs.config import load_settings
from structlint.rules.locations.sl103_hardcoded_secret import (
    SECRET_PAIRS,
    SECRET_WORDS,
    is_secret_name,
    words_of,
)
from structlint.rules.parameters._common import may_read_config
from structlint.rules.rule import Example
from structlint.sources.context import FileContext
from tests.helpers import found, run, write_project

NODES = "src/demo/pipelines/demo/nodes.py"


def check(tmp_path: Path, source: str, codes: tuple[str, ...]) -> None:
    example = Example(source, path=NODES)
    write_project(tmp_path, example.all_files())
    result = run(tmp_path, select=codes)
    assert not result.errors, result.errors
    got = {f for f in found(result) if f[2] in codes}
    assert got == {e for e in example.expected() if e[2] in codes}


def _ctx(source: str, module: str | None = "demo.nodes") -> FileContext:
    return FileContext(path=NODES, source=source, settings=load_settings(Path(".")), module=module)


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("db_password", True),
        ("GITHUB_TOKEN", True),
        ("clientSecret", True),
        ("apiKey", True),
        ("aws_secret_access_key", True),
        ("dbPwd", True),
        ("smtp_passwd", True),
        ("APIKEY", True),
        ("token_pattern", False),
        ("password_field", False),
        ("max_tokens", False),
        ("monkey", False),
        ("keyboard", False),
        ("threshold", False),
        ("", False),
    ],
)
def test_secret_name_prefilter_agrees_with_the_words(name: str, secret: bool) -> None:
    words = words_of(name)
    by_words = bool(words) and (
        words[-1] in SECRET_WORDS or (len(words) >= 2 and (words[-2], words[-1]) in SECRET_PAIRS)
    )
    assert is_secret_name(name) is by_words is secret


def test_last_name() -> None:
    ctx = _ctx("")
    ctx.imports.names["rc"] = "pandas.read_csv"
    ctx.imports.names["pd"] = "pandas"
    assert ctx.last_name(cst.parse_expression("rc")) == "read_csv"
    assert ctx.last_name(cst.parse_expression("pd.read_csv")) == "read_csv"
    assert ctx.last_name(cst.parse_expression("open")) == "open"
    # An attribute's last name is given even where the chain has no qualified name.
    assert ctx.last_name(cst.parse_expression("df.copy().to_csv")) == "to_csv"
    assert ctx.qualified_name(cst.parse_expression("df.copy().to_csv")) is None
    assert ctx.last_name(cst.parse_expression("f()")) is None
    assert ctx.qualified_name(cst.parse_expression("rc")) == "pandas.read_csv"
    assert ctx.qualified_name(cst.parse_expression("x")) == "x"


def test_may_read_config_asks_text_and_module() -> None:
    text = "def f(x):\n    return x\n"
    assert not may_read_config(_ctx(text))
    # The same text in a module whose dotted name holds a trigger (relative imports).
    assert may_read_config(_ctx(text, module="yaml_tools.nodes"))
    assert not may_read_config(_ctx(text, module=None))
    assert may_read_config(_ctx("import json\n"))


def test_io_without_config_text(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import shutil
from pathlib import Path


def archive(df, folder):
    p = Path(folder) / "x"
    p.exists()  # expect: SL201
    shutil.copy(folder, "y")  # expect: SL201
    with open(folder) as f:  # expect: SL201
        f.read()
    return df
""",
        ("SL201",),
    )


def test_io_left_to_config(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import yaml


def train(df):
    with open("conf/base/parameters.yml") as f:
        params = yaml.safe_load(f)  # expect: SL301
    return df.sample(frac=params["frac"], random_state=0)
""",
        ("SL201", "SL301"),
    )


def test_state_calls_by_last_name(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import os
import sys
from random import seed as reseed

import pandas as pd

CACHE = {}


def step(df):
    reseed(1)  # expect: SL202
    os.chdir("/tmp")  # expect: SL202
    pd.set_option("display.width", 10)  # expect: SL202
    sys.path.append("x")  # expect: SL202
    CACHE.setdefault("k", 1)  # expect: SL202
    setattr(sys, "flag", 1)  # expect: SL202
    df.loc[0].update(df)
    return df
""",
        ("SL202",),
    )


def test_randomness_by_last_name(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import uuid
from random import choice as pick

import numpy as np
from sklearn.model_selection import train_test_split as tts


def step(df, rows):
    pick(rows)  # expect: SL205
    np.random.normal()  # expect: SL205
    uuid.uuid4()  # expect: SL205
    tts(df)  # expect: SL205
    gen = np.random.default_rng(0)
    gen.choice(rows)
    df.sample(frac=0.5)  # expect: SL205
    return df
""",
        ("SL205",),
    )


def test_seeded_constructor_without_keywords(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import numpy as np
from numpy.random import default_rng as make


def step(df):
    np.random.default_rng(42)  # expect: SL302
    make(7)  # expect: SL302
    df.head(3)
    return df
""",
        ("SL302",),
    )


def test_path_builders_by_last_name(tmp_path: Path) -> None:
    check(
        tmp_path,
        """
import os.path
from os.path import join as j
from pathlib import Path


def step(df, base):
    a = j("data", "01_raw", "x.csv")  # expect: SL101
    b = Path("data").joinpath("02_intermediate", "y.csv")  # expect: SL101
    c = os.path.join(base, "z.csv")
    return df, a, b, c
""",
        ("SL101",),
    )
