"""The plain pieces of YAML data that `conf` builds and `yaml_stream` builds the same way:
where a key was written (`Loc`), a mapping that remembers it (`YMap`), the loader, and the
tags and depth limit both follow."""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

try:  # libyaml is much faster; pure Python works the same
    LOADER: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    LOADER = yaml.SafeLoader


class Loc(NamedTuple):
    """A place in a file: relative POSIX path, 1-based line and column. (A tuple: hashing
    and comparing many of them must be cheap.)"""

    path: str
    line: int
    column: int


class YMap(dict):
    """A YAML mapping that remembers where each of its keys was written."""

    __slots__ = ("locs",)

    def __init__(self) -> None:
        super().__init__()
        self.locs: dict[Any, Loc] = {}


SCALAR = yaml.constructor.SafeConstructor()
MERGE_TAG = "tag:yaml.org,2002:merge"


# Kedro's loader (OmegaConf) builds its config recursively and meets Python's recursion limit
# before 100 levels (80 levels of mappings fail in Kedro 1.7); structlint's own walks are
# recursive too. A file nested deeper is reported (SL002) and its too-deep value left out.
MAX_DEPTH = 100
STR_TAG = "tag:yaml.org,2002:str"
