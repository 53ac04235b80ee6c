"""SL207 spark-session-in-node: a node function that builds and configures its own Spark
session."""

from __future__ import annotations

import libcst as cst

from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext
from structlint.sources.names import ATTRIBUTE

_BUILDERS = frozenset(
    {"pyspark.sql.SparkSession.builder", "pyspark.sql.session.SparkSession.builder"}
)
_CONTEXTS = frozenset({"pyspark.SparkContext", "pyspark.context.SparkContext"})
# Builder calls that set up a session (what a hook does once per run, from conf/<env>/spark.yml).
_CONFIGURING = frozenset({"master", "appName", "config", "enableHiveSupport", "remote"})


class SparkSessionInNode(FileRule):
    code = "SL207"
    name = "spark-session-in-node"
    summary = "A node function builds and configures its own Spark session."
    node_functions_only = True
    explanation = """
A Kedro project on Spark has one session per run, built before the first dataset loads: by a
`SparkHooks.after_context_created` hook from `conf/<env>/spark.yml` (kedro-starters'
spark projects), or by the Spark datasets themselves. Its settings then follow `--env`: local
threads on a laptop, the cluster's master and memory on Databricks or EMR.

A node that builds its own (`SparkSession.builder.master("local[*]").config(...).getOrCreate()`)
hardcodes those settings into the pipeline code. They are silently ignored when a session
already exists (`getOrCreate()` hands back the hook's session; static settings such as the
master or the driver's memory cannot change), and they win when none does, so the node runs
with other settings than the rest of the run, and on a cluster a `master("local[*]")` keeps the
work on the driver.

structlint reports, inside node functions and the helpers they call, a
`SparkSession.builder` chain that sets the session up: its first `.master()`, `.appName()`,
`.config()`, `.enableHiveSupport()` or `.remote()` call (one finding per chain, whether
`.getOrCreate()` follows at once or on a name bound to the builder), and a new
`SparkContext(...)`. Getting the run's session is fine and stays silent:
`SparkSession.builder.getOrCreate()` with nothing between, `SparkSession.getActiveSession()`,
`SparkSession.active()`, or `df.sparkSession` of an input DataFrame. Hooks and other code
outside nodes (where a session is meant to be built) are not checked.

Instead: put the settings in `conf/base/spark.yml` (and `conf/<env>/spark.yml` for a
cluster), build the session once in a hook, and in the node take
`SparkSession.getActiveSession()` or, better, work on the DataFrames the node receives.
"""
    bad = (
        Example(
            """
from pyspark.sql import DataFrame, SparkSession


def join_flights(shuttles: DataFrame, companies: DataFrame) -> DataFrame:
    builder = SparkSession.builder.master("local[*]")  # expect: SL207
    spark = builder.config("spark.sql.shuffle.partitions", 8).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    return shuttles.join(companies, "company_id")
"""
        ),
    )
    good = (
        Example(
            """
from pyspark.sql import DataFrame, SparkSession


def join_flights(shuttles: DataFrame, companies: DataFrame) -> DataFrame:
    spark = SparkSession.builder.getOrCreate()
    spark.sparkContext.setJobDescription("join flights")
    return shuttles.join(companies, "company_id")
"""
        ),
        Example(
            """
from kedro.framework.hooks import hook_impl
from pyspark import SparkConf
from pyspark.sql import SparkSession


class SparkHooks:
    @hook_impl
    def after_context_created(self, context) -> None:
        conf = SparkConf().setAll(context.config_loader["spark"].items())
        SparkSession.builder.appName("demo").config(conf=conf).getOrCreate()
""",
            path="src/demo/hooks.py",
        ),
    )

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        return super().applies_to(ctx) and "Spark" in ctx.source

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.ctx.node_function
        if fn is None:
            return
        func = node.func
        if type(func) is not ATTRIBUTE:
            if self.ctx.last_name(func) == "SparkContext":
                self._context(node, fn.label)
            return
        method = func.attr.value
        if method == "SparkContext":
            self._context(node, fn.label)
            return
        # The first set-up call right after `SparkSession.builder`: one finding per chain,
        # whether it ends in `.getOrCreate()` here or on a name bound to the builder.
        if method not in _CONFIGURING:
            return
        base = func.value
        if type(base) is not ATTRIBUTE or base.attr.value != "builder":
            return
        if self.ctx.qualified_name(base) not in _BUILDERS:
            return
        self.report(
            node,
            f"{fn.label} builds its own Spark session (`SparkSession.builder.{method}(...)`): "
            "settings made here are ignored once the run's session exists and win when it "
            "does not. Put them in `conf/<env>/spark.yml`, build the session once in a hook "
            "(`after_context_created`), and take `SparkSession.getActiveSession()` in the "
            "node.",
        )

    def _context(self, node: cst.Call, label: str) -> None:
        if self.ctx.qualified_name(node.func) in _CONTEXTS:
            self.report(
                node,
                f"{label} creates a `SparkContext`: a run has one, made with the session by a "
                "hook from `conf/<env>/spark.yml`. Use the session's "
                "(`SparkSession.getActiveSession().sparkContext`).",
            )
