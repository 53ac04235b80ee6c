"""SL101 hardcoded-path: a filesystem path to data written into package code."""

from __future__ import annotations

import re

import libcst as cst

from structlint.rule import Example
from structlint.rules.locations._common import (
    DYN,
    FILE_ROOT,
    LiteralRule,
    fill_fields,
    has_literal_word,
    is_date_format,
    looks_like_regex,
    source_of,
    where,
)

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


def path_reason(shape: str) -> str | None:
    """Why `shape` is a filesystem path to data, or None when it is not one."""
    if not shape or len(shape) > 400 or any(c in shape for c in "\n\r\t\x1b"):
        return None
    if shape.startswith(("-", "/dev/", "/proc/")):
        return None  # a command-line option; a device or process file
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
        return anchored
    if _LAYER.search(norm):
        return "it points into the `data/` layer folders"
    if norm.startswith(FILE_ROOT):
        return None  # package-relative (`Path(__file__).parent / "templates/x.html"`)
    if has_ext and len(segments) >= 2:
        dirs = [s for s in segments[:-1] if not _WILDCARD_SEGMENT.match(s.replace(DYN, ""))]
        if any(has_literal_word(s) for s in dirs):
            return "it names a folder and a data file"
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
folder and a data file (`raw/companies.csv`, `f"{root}/raw/{name}.parquet"`).

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

Stays silent on: docstrings and string statements, comments, a bare file name with no folder
(`"model.pkl"` as a label or a name appended to a folder that arrives at run time:
`out_dir / "report.csv"`), regular expressions and globs passed to `re`/`fnmatch`, strings
in log calls, `print`, `warnings.warn` and exception messages, string tests and edits
(`path.startswith("/dbfs")`, `==` comparisons), subscript keys (`df["price/unit"]`),
date formats (`"%Y/%m/%d"`), MIME types (`"text/csv"`), decorator arguments and annotations,
URLs (SL102 reports those), files under `Path(__file__)` that stay inside the package
(templates shipped with the code), the values Kedro reads from `settings.py`
(`CONF_SOURCE = "conf"`), and tests.
"""
    bad = (
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
    )

    def check(self, node: cst.CSTNode, shape: str) -> None:
        reason = path_reason(shape)
        if reason is None or where(self.ctx).exempt:
            return
        self.report(
            node,
            f"hardcoded path `{source_of(node)}`{self.in_node()} ({reason}): declare the "
            "dataset in `conf/base/catalog.yml` and pass its name as a node input, or put "
            "the location in `conf/base/parameters.yml` and pass it in as `params:...`.",
        )
