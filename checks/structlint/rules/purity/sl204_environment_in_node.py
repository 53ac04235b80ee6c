"""SL204 environment-in-node: a node function that reads the process environment or the clock."""

from __future__ import annotations

import libcst as cst

from structlint.rules.parameters._common import imported_name
from structlint.rules.purity._durations import Durations
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext, string_value

ENVIRON = frozenset({"os.environ", "os.environb"})
# os.environ methods that write: SL202 (global-state-in-node) reports those.
ENVIRON_WRITES = frozenset(
    {"update", "pop", "popitem", "clear", "setdefault", "__setitem__", "__delitem__"}
)
ENV_FUNCTIONS = frozenset({"os.getenv", "os.getenvb"})
# `dotenv_values` reads a file into a dict of settings: SL301 (config-read-in-node) owns it.
DOTENV_OWNED_BY_SL301 = frozenset({"dotenv.dotenv_values", "dotenv.main.dotenv_values"})
CLOCK: dict[str, str] = {
    "datetime.datetime.now": "datetime.now()",
    "datetime.datetime.utcnow": "datetime.utcnow()",
    "datetime.datetime.today": "datetime.today()",
    "datetime.date.today": "date.today()",
    "time.time": "time.time()",
    "time.time_ns": "time.time_ns()",
    "time.localtime": "time.localtime()",
    "time.gmtime": "time.gmtime()",
    "time.ctime": "time.ctime()",
    "time.asctime": "time.asctime()",
    "time.strftime": "time.strftime()",
    "pandas.Timestamp.now": "pd.Timestamp.now()",
    "pandas.Timestamp.today": "pd.Timestamp.today()",
    "pandas.Timestamp.utcnow": "pd.Timestamp.utcnow()",
    "pendulum.now": "pendulum.now()",
    "pendulum.today": "pendulum.today()",
    "arrow.now": "arrow.now()",
    "arrow.utcnow": "arrow.utcnow()",
}
# Functions of `time` that format a given time and read the clock only when given none.
CLOCK_WHEN_NO_TIME = frozenset(
    {"time.localtime", "time.gmtime", "time.ctime", "time.asctime", "time.strftime"}
)
# Strings that make pandas / numpy read the clock.
NOW_STRINGS = frozenset({"now", "today"})
NOW_PARSERS = frozenset({"pandas.Timestamp", "pandas.to_datetime", "numpy.datetime64"})

CALL_LAST_NAMES = frozenset(
    name.rpartition(".")[2] for name in (*ENV_FUNCTIONS, *CLOCK, *NOW_PARSERS)
)


def _outermost_chain(ctx_parent: cst.CSTNode | None, node: cst.CSTNode) -> bool:
    """False when `node` is the `.value` of an Attribute: the longer chain decides."""
    return not (isinstance(ctx_parent, cst.Attribute) and ctx_parent.value is node)


class EnvironmentInNode(FileRule):
    code = "SL204"
    name = "environment-in-node"
    summary = "A node function reads environment variables or the wall clock."
    node_functions_only = True
    explanation = """
A node's output should depend on its inputs only: the same inputs give the same outputs, so
runs can be reproduced, cached and compared. Environment variables and the current time are
hidden inputs: a node that reads `os.environ["REGION"]` or stamps `datetime.now()` into its
output gives different results on a laptop, in CI and in production, and on every run.

structlint reports, inside node functions: reading `os.environ` (`os.environ[...]`,
`os.environ.get(...)`, `"X" in os.environ`, `dict(os.environ)`), `os.getenv`, any `dotenv`
call (`load_dotenv`, `find_dotenv`, `get_key`; `dotenv_values`, which reads a `.env` file into
settings, is SL301's), and the wall clock: `datetime.now()` / `utcnow()` / `today()`,
`date.today()`, `time.time()`, `time.time_ns()`, `time.localtime()` / `gmtime()` / `ctime()` /
`strftime()` without a time, `pd.Timestamp.now()` / `today()`, `pd.Timestamp("now")`,
`pd.to_datetime("today")`, `np.datetime64("now")`.

Not reported: `time.perf_counter()` and `time.monotonic()` (they measure durations, for
logging); a wall-clock reading whose value only reaches log messages or `print`: a logged
duration (`start = time.time()`, then `logger.info("took %.1fs", time.time() - start)`) or
a printed time (`print(f"done at {datetime.today()}")`), a duration that only paces the
run (`time.sleep(max(time.time() - start, 0.1))`, waiting as long as the last request took),
or a time that only goes into a record the node writes of its own run, a status file's
`json.dump({"status": s, "time": now}, f)` or a session row's `ended_at` through
`conn.execute(query, {"ended_at": ended_at})` (the record is meant to hold the wall clock; the
write itself is I/O, SL201's business),
through arithmetic, `round()`, `max()` / `min()`,
f-strings, `%` and `.format`, `.isoformat()` / `.strftime()` / `.total_seconds()` and names
that hold the value. The same reading is reported as soon as it, or the duration, goes
anywhere else:
returned, stored in a frame or a dict, compared in a condition (`while time.time() - start <
timeout`). Writes to `os.environ` (SL202 global-state-in-node reports those) and type
annotations are not reported either.

Helpers count: a function of the project's own package that a node calls (by name,
through an import or a module alias, or handed on as a callback such as `df.apply(_clean)`),
up to three calls deep, is checked as part of that node, and the finding, at the helper's
line, names the node: "in `_load` (called from node `train`)". Functions that no node
reaches, third-party code and methods on objects are not followed.

Instead: pass the value in. A setting becomes a parameter (`params:region`, overridable per
environment with `conf/<env>/parameters.yml` or `--params`); a secret goes through
`credentials.yml` and a catalog entry; a run date becomes a parameter set from the command line
(`kedro run --params run_date=2024-05-01`), or a runtime parameter
(`${runtime_params:run_date}`).
"""
    bad = (
        Example(
            """
import os
from datetime import datetime

import pandas as pd


def stamp(df: pd.DataFrame) -> pd.DataFrame:
    region = os.environ["REGION"]  # expect: SL204
    return df.assign(region=region, loaded_at=datetime.now())  # expect: SL204
"""
        ),
        Example(
            """
import pandas as pd

from demo.utils.clock import today


def stamp(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(loaded_on=today())
""",
            files={
                "src/demo/utils/__init__.py": "",
                "src/demo/utils/clock.py": """
from datetime import date


def today() -> date:
    return date.today()  # expect: SL204
""",
            },
        ),
    )
    good = (
        Example(
            """
import logging
import time

import pandas as pd

logger = logging.getLogger(__name__)


def stamp(df: pd.DataFrame, region: str, run_date: str) -> pd.DataFrame:
    start = time.perf_counter()
    began = time.time()
    out = df.assign(region=region, loaded_at=pd.Timestamp(run_date))
    logger.info("stamped in %.2fs", time.perf_counter() - start)
    logger.info("wall time %.2fs", time.time() - began)
    return out
""",
            files={
                "src/demo/pipelines/demo/pipeline.py": """
from kedro.pipeline import Pipeline, node

from .nodes import stamp


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [node(stamp, ["raw", "params:region", "params:run_date"], "stamped")]
    )
""",
            },
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # A qualified name is made of the text of the module (the chain as written, its
        # imports, its own dotted name): without `environ` there, no `os.environ` either.
        if "environ" not in ctx.source and "environ" not in (ctx.module or ""):
            self.visit_Name = self.visit_Attribute = None  # type: ignore[assignment,method-assign]
        self.dotenv_possible = "dotenv" in ctx.source or "dotenv" in (ctx.module or "")
        self._timings: dict[int, Durations] = {}

    def _durations(self, fn: cst.CSTNode) -> Durations:
        found = self._timings.get(id(fn))
        if found is None:
            found = self._timings[id(fn)] = Durations(self.ctx, fn)
        return found

    def _in_annotation(self) -> bool:
        return any(isinstance(n, cst.Annotation) for n in self.ctx.stack)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._reference(node)

    def visit_Name(self, node: cst.Name) -> None:
        self._reference(node)

    def _reference(self, node: cst.Attribute | cst.Name) -> None:
        fn = self.ctx.node_function
        if fn is None or not _outermost_chain(self.ctx.parent, node):
            return
        name = imported_name(self.ctx, node)
        if name is None:
            return
        base, _, method = name.partition(".environ.")
        if name in ENVIRON:
            if self._writes(node) or self._in_annotation() or self._in_import():
                return
            self.report(node, self._message("os.environ", fn.label, "setting"))
        elif method and f"{base}.environ" in ENVIRON:
            if method.split(".")[0] in ENVIRON_WRITES:
                return
            self.report(self._call_or(node), self._message(name, fn.label, "setting"))

    def _in_import(self) -> bool:
        return any(isinstance(n, cst.Import | cst.ImportFrom) for n in self.ctx.stack)

    def _writes(self, node: cst.CSTNode) -> bool:
        """`os.environ[k] = v`, `del os.environ[k]`, `os.environ[k] += v`: SL202's."""
        stack = self.ctx.stack
        if not stack or not isinstance(stack[-1], cst.Subscript) or stack[-1].value is not node:
            return False
        sub = stack[-1]
        holder = stack[-2] if len(stack) >= 2 else None
        if isinstance(holder, cst.AssignTarget) and holder.target is sub:
            return True
        if isinstance(holder, cst.AugAssign) and holder.target is sub:
            return True
        return isinstance(holder, cst.Del) and holder.target is sub

    def _call_or(self, node: cst.CSTNode) -> cst.CSTNode:
        parent = self.ctx.parent
        return parent if isinstance(parent, cst.Call) and parent.func is node else node

    def _message(self, what: str, node_name: str, kind: str) -> str:
        if kind == "setting":
            return (
                f"`{what}` in {node_name} reads the process environment: pass the value "
                "in as a `params:` input (secrets through `credentials.yml` and a catalog "
                "entry) so the node's output depends on its inputs only."
            )
        return (
            f"`{what}` in {node_name} reads the wall clock: pass the run date or time "
            "in as a `params:` input (for example `kedro run --params run_date=...`) so the "
            "node gives the same output for the same inputs."
        )

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.ctx.node_function
        if fn is None:
            return
        func = node.func
        # The last part of the qualified name, cheaply: every name below ends in one of
        # CALL_LAST_NAMES, or starts with `dotenv`.
        last = self.ctx.last_name(func)
        if last is None:
            return
        if last not in CALL_LAST_NAMES and not self.dotenv_possible:
            return
        name = imported_name(self.ctx, func)
        if name is None:
            return
        if name in ENV_FUNCTIONS or (
            name.split(".")[0] == "dotenv" and name not in DOTENV_OWNED_BY_SL301
        ):
            self.report(node, self._message(f"{name}()", fn.label, "setting"))
        elif name in CLOCK:
            if name in CLOCK_WHEN_NO_TIME and self._given_time(name, node):
                return
            if self._durations(fn.node).only_for_messages(node):
                return  # `logger.info("took %s", time.time() - start)`, `print(f"{now()}")`
            self.report(node, self._message(CLOCK[name], fn.label, "clock"))
        elif name in NOW_PARSERS and self._parses_now(node):
            self.report(node, self._message(f'{name}("now")', fn.label, "clock"))

    @staticmethod
    def _given_time(name: str, node: cst.Call) -> bool:
        # time.strftime(fmt, t): the time is the second argument; the others take it first.
        needed = 2 if name == "time.strftime" else 1
        return len(node.args) >= needed

    @staticmethod
    def _parses_now(node: cst.Call) -> bool:
        if not node.args:
            return False
        value = node.args[0].value
        if not isinstance(value, cst.SimpleString):
            return False
        text = string_value(value)
        return isinstance(text, str) and text.strip().lower() in NOW_STRINGS
