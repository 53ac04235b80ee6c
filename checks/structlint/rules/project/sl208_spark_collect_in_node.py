"""SL208 spark-collect-in-node: a node that collects a whole Spark dataset to the driver."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import Conf, Loc, YMap
from structlint.project.model import Project
from structlint.project.pipelines import NodeInst, Signature
from structlint.project.util import finding
from structlint.rules.project._examples import NODES, project
from structlint.rules.rule import Example, ProjectRule

_COLLECTS = frozenset({"toPandas", "collect", "toLocalIterator"})
# DataFrame methods whose result still holds every row of their receiver.
_WHOLE = frozenset(
    {
        "select",
        "selectExpr",
        "withColumn",
        "withColumns",
        "withColumnRenamed",
        "withColumnsRenamed",
        "drop",
        "join",
        "crossJoin",
        "union",
        "unionAll",
        "unionByName",
        "orderBy",
        "sort",
        "cache",
        "persist",
        "repartition",
        "coalesce",
        "alias",
        "fillna",
        "toDF",
        "hint",
        "checkpoint",
        "localCheckpoint",
    }
)
_SPARK_GROUPS = ("spark.", "kedro_datasets.spark.", "databricks.", "kedro_datasets.databricks.")

_CATALOG = """\
shuttles:
  type: spark.SparkDatasetV2
  filepath: data/02_intermediate/shuttles.parquet
  file_format: parquet
"""


def _pipeline(func: str) -> str:
    return f"""\
from kedro.pipeline import Node, Pipeline

from .nodes import {func}


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node({func}, "shuttles", "seats", name="{func}")])
"""


def spark_type(conf: Conf, name: str) -> str | None:
    """The catalog type of a dataset when it is one of kedro-datasets' Spark or Databricks
    classes (its data is a Spark DataFrame)."""
    hit = conf.dataset_config(name)
    if hit is None or not isinstance(hit[0], dict | YMap):
        return None
    kind = hit[0].get("type")
    if isinstance(kind, str) and kind.startswith(_SPARK_GROUPS):
        return kind
    return None


class SparkCollectInNode(ProjectRule):
    code = "SL208"
    name = "spark-collect-in-node"
    summary = "A node collects a whole Spark dataset to the driver (`.toPandas()`, `.collect()`)."
    default_enabled = False
    explanation = """
A Spark dataset is read lazily and processed on the cluster's executors. `.toPandas()`,
`.collect()` or `.toLocalIterator()` on it brings every row into the memory of one process,
the driver: fine for the sample data on a laptop, an out-of-memory error (or a very slow node)
on the real table, and the rest of the node no longer runs on Spark at all.

structlint reports, in a node of a registered pipeline, one of these calls on an input that
the catalog declares as a Spark dataset (a `spark.*` or `databricks.*` type of kedro-datasets),
directly or through methods that keep every row (`select`, `withColumn`, `join`, `orderBy`,
`cache`, `repartition`, ...; also through a local name bound to them). Collecting after
reducing in Spark stays silent: `df.groupBy(...).agg(...).toPandas()`, `df.limit(10)`,
`df.filter(...)`, `df.sample(...)`, as kedro-starters' spaceflights-pyspark reporting
nodes do. Only plain functions are followed (not `partial`, decorated functions or lambdas),
and only the node's own body.

It is off by default: a node that collects a table known to be small (a lookup, a model's
training set) is sometimes what you want. Turn it on with `extend-select = ["SL208"]`.

Instead: aggregate or filter in Spark before collecting, or let the catalog give the node a
pandas DataFrame through transcoding (`model_input_table@spark` written by Spark,
`model_input_table@pandas` read by the node, as kedro-starters' spaceflights-pyspark does).
"""
    bad = (
        Example(
            """\
import pandas as pd
from pyspark.sql import DataFrame


def seats(shuttles: DataFrame) -> pd.DataFrame:
    table = shuttles.select("shuttle_type", "passenger_capacity")
    frame = table.toPandas()  # expect: SL208
    return frame.groupby("shuttle_type").mean()
""",
            path=NODES,
            files=project(catalog=_CATALOG, pipeline=_pipeline("seats")),
        ),
    )
    good = (
        Example(
            """\
import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F


def seats(shuttles: DataFrame) -> pd.DataFrame:
    by_type = shuttles.groupBy("shuttle_type").agg(F.avg("passenger_capacity").alias("seats"))
    return by_type.toPandas()
""",
            path=NODES,
            files=project(catalog=_CATALOG, pipeline=_pipeline("seats")),
        ),
        Example(
            """\
import polars as pl


def seats(shuttles: pl.LazyFrame) -> pl.DataFrame:
    return shuttles.collect()
""",
            path=NODES,
            files=project(
                catalog="""\
shuttles:
  type: polars.LazyPolarsDataset
  filepath: data/02_intermediate/shuttles.parquet
  file_format: parquet
""",
                pipeline=_pipeline("seats"),
            ),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        if not any(
            isinstance(e.config, YMap)
            and isinstance(e.config.get("type"), str)
            and str(e.config["type"]).startswith(_SPARK_GROUPS)
            for e in [*conf.catalog.values(), *conf.patterns]
        ):
            return
        trees: dict[str, ast.Module | None] = {}
        for node, _names, sig in project.node_signatures:
            f = node.func
            if f is None or f.bound_pos or f.bound_kw or sig.name == "<lambda>":
                continue
            spark_params = _spark_params(conf, node, sig)
            if not spark_params:
                continue
            fdef = _def_at(project, trees, sig)
            if fdef is None:
                continue
            for call, param, method in _collects(fdef, set(spark_params)):
                kind = spark_params[param]
                yield finding(
                    self.code,
                    f"node `{node.label}` collects its whole Spark input `{param}` (a "
                    f"`{kind}`) into the driver's memory with `.{method}()`: on the real "
                    "table that is every row in one process. Aggregate or filter in Spark "
                    "first, or have the catalog hand the node a pandas DataFrame "
                    "(transcoding: `<name>@pandas`).",
                    Loc(sig.loc.path, call.lineno, call.col_offset + 1),
                    width=len(method) + 3,
                )


def _spark_params(conf: Conf, node: NodeInst, sig: Signature) -> dict[str, str]:
    """Parameter name -> Spark catalog type, for the node's inputs that are Spark datasets."""
    out: dict[str, str] = {}
    names = [p[0] for p in sig.positional]
    for i, d in enumerate(node.inputs):
        if node.input_kind == "dict":
            param = d.key
        elif node.input_kind in ("str", "list") and i < len(names):
            param = names[i]
        else:
            param = None
        if param is None:
            continue
        kind = spark_type(conf, d.name)
        if kind is not None:
            out[param] = kind
    return out


def _def_at(
    project: Project, trees: dict[str, ast.Module | None], sig: Signature
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    path = sig.loc.path
    if path not in trees:
        try:
            trees[path] = ast.parse(project.read_text(path) or "")
        except (SyntaxError, ValueError):
            trees[path] = None
    tree = trees[path]
    if tree is None:
        return None
    for n in ast.walk(tree):
        if (
            isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
            and n.name == sig.name
            and sig.loc.line in (n.lineno, *(d.lineno for d in n.decorator_list))
        ):
            return n
    return None


def _is_whole(expr: ast.expr, whole: set[str]) -> str | None:
    """The whole-table name `expr` still holds every row of, or None."""
    while True:
        if isinstance(expr, ast.Name):
            return expr.id if expr.id in whole else None
        if (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr in _WHOLE
        ):
            expr = expr.func.value
            continue
        return None


def _collects(fdef: Any, params: set[str]) -> Iterator[tuple[ast.Call, str, str]]:
    """(call, parameter, method) of each collect of a whole Spark input, in source order,
    following simple rebinding (`table = shuttles.select(...)`)."""
    events: list[tuple[tuple[int, int], int, ast.AST]] = []
    for n in ast.walk(fdef):
        if isinstance(n, ast.Assign | ast.AnnAssign):
            end = (n.end_lineno or n.lineno, n.end_col_offset or 0)
            events.append((end, 1, n))
        elif (
            isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr in _COLLECTS
        ):
            events.append(((n.lineno, n.col_offset), 0, n))
    # name -> the parameter whose rows it holds
    holds: dict[str, str] = {p: p for p in params}
    for _pos, _kind, n in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(n, ast.Call):
            func = n.func
            assert isinstance(func, ast.Attribute)
            name = _is_whole(func.value, set(holds))
            if name is not None:
                yield n, holds[name], func.attr
            continue
        targets = n.targets if isinstance(n, ast.Assign) else [n.target]
        value = n.value
        source = _is_whole(value, set(holds)) if value is not None else None
        for t in targets:
            if isinstance(t, ast.Name):
                if source is not None:
                    holds[t.id] = holds[source]
                else:
                    holds.pop(t.id, None)
