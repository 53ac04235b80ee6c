"""SL406 node-signature-mismatch: node inputs/outputs that cannot fit the function."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.model import Project
from structlint.project.util import finding, related
from structlint.rules.project._common import mismatch, node_functions
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

_CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""

_REPORT_NODES = """\
import pandas as pd


def report(companies: pd.DataFrame) -> dict:
    summary = {"rows": len(companies)}
    if companies.empty:
        return {}
    return summary


def split_rows(companies: pd.DataFrame):
    halves = companies.iloc[:1], companies.iloc[1:]
    return halves
"""


class NodeSignatureMismatch(ProjectRule):
    code = "SL406"
    name = "node-signature-mismatch"
    summary = "A node's inputs or outputs cannot bind to its function's signature."
    explanation = """
Kedro binds a node's inputs to its function: a list by position, a dict by parameter name. Too
many or too few inputs raise `TypeError` when the pipeline is built (so every `kedro` command
fails), and an `outputs` list whose length differs from the tuple the function returns fails
after the function has run, which may be an hour into the pipeline.

structlint resolves each registered node's function (imports, aliases, `functools.partial`
with its bound arguments, lambdas) and checks positional and keyword inputs against the
signature (defaults, `*args`, `**kwargs`), and list outputs against functions whose every
`return` is a tuple of the same visible length. A list of outputs (of any length: Kedro wants a
list or tuple back even for one name) is also reported when every `return` visibly gives one
value that is not a tuple: a dict, set or f-string literal, a constant or a bare `return`, or a
local name that every assignment binds to one of those. A call's result, a parameter, or a name
bound any other way could be a tuple, and is left alone. Decorated functions are skipped: a
decorator may change the signature.
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean, split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, ["companies", "params:threshold"], "clean_companies"),  # expect: SL406
            node(split, ["clean_companies", "params:test_size"], ["a", "b", "c"]),  # expect: SL406
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, parameters="threshold: 0.5\ntest_size: 0.2\n"),
        ),
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import report


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [node(report, "companies", ["summary", "counts"])],  # expect: SL406
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, nodes=_REPORT_NODES),
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean, split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "companies", "clean_companies"),
            node(split, {"data": "clean_companies", "test_size": "params:test_size"},
                 ["train", "test"]),
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, parameters="test_size: 0.2\n"),
        ),
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import report, split_rows


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(report, "companies", "summary"),
            node(split_rows, "companies", ["head", "tail"]),
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, nodes=_REPORT_NODES),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        for node, names, sig in node_functions(project):
            why = mismatch(node, sig)
            if why is None:
                continue
            where = ", ".join(f"`{n}`" for n in names)
            yield finding(
                self.code,
                f"{why} (pipeline {where}). Make the inputs/outputs match the signature.",
                node.site,
                [related(sig.loc, f"`{sig.name}` is defined here")],
                end=node.end,
            )
