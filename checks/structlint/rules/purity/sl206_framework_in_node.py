"""SL206 framework-in-node: a node function that reaches for Kedro's own machinery."""

from __future__ import annotations

import re

import libcst as cst

from structlint.rules.parameters._common import imported_name
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext

# Qualified name -> how the message names it. A reference to any of these (or an attribute of
# it: `KedroSession.create`, `settings.CONF_SOURCE`) inside a node function is a finding.
FRAMEWORK: dict[str, str] = {
    "kedro.framework.session.KedroSession": "KedroSession",
    "kedro.framework.session.session.KedroSession": "KedroSession",
    "kedro.framework.context.KedroContext": "KedroContext",
    "kedro.framework.context.context.KedroContext": "KedroContext",
    "kedro.io.DataCatalog": "DataCatalog",
    "kedro.io.data_catalog.DataCatalog": "DataCatalog",
    "kedro.io.KedroDataCatalog": "DataCatalog",
    "kedro.io.kedro_data_catalog.KedroDataCatalog": "DataCatalog",
    "kedro.io.SharedMemoryDataCatalog": "DataCatalog",
    "kedro.framework.startup.bootstrap_project": "bootstrap_project",
    "kedro.framework.project.settings": "settings",
    "kedro.framework.project.find_pipelines": "find_pipelines",
    "kedro.framework.project.pipelines": "pipelines",
    "kedro.framework.project.configure_project": "configure_project",
}
# OmegaConfigLoader is Kedro machinery too, but what a node does with it is read configuration:
# SL301 (config-read-in-node) reports it, so one problem gives one finding.
CATALOG_METHODS = frozenset({"load", "save"})
_CATALOG_NAME = re.compile(r"catalog$", re.IGNORECASE)


def _framework_name(name: str) -> str | None:
    """`kedro.framework.session.KedroSession.create` -> "KedroSession"."""
    probe = name
    while probe:
        if probe in FRAMEWORK:
            return FRAMEWORK[probe]
        probe = probe.rpartition(".")[0]
    return None


def _is_catalog(expr: cst.BaseExpression) -> bool:
    """`catalog`, `self.catalog`, `context.catalog`, `session.load_context().catalog`."""
    if isinstance(expr, cst.Name):
        return bool(_CATALOG_NAME.search(expr.value))
    if isinstance(expr, cst.Attribute):
        return bool(_CATALOG_NAME.search(expr.attr.value))
    return False


class FrameworkInNode(FileRule):
    code = "SL206"
    name = "framework-in-node"
    summary = "A node function uses Kedro's session, catalog or project machinery itself."
    node_functions_only = True
    explanation = """
Kedro runs nodes; nodes do not run Kedro. A node that creates a `KedroSession`, builds a
`DataCatalog`, calls `catalog.load(...)` / `catalog.save(...)`, bootstraps the project, reads
`settings` or discovers pipelines with `find_pipelines()` depends on the whole project being
installed and configured around it: it cannot be tested on its own, it hides datasets from the
pipeline graph (`kedro viz` shows no edge for a `catalog.load`), it may start a second session
inside a run, and it ties the node to one Kedro version's internals.

structlint reports any use of these inside a node function (calls and attribute reads, through
any import alias): `KedroSession` (`KedroSession.create(...)`), `KedroContext`, `DataCatalog`
(also `DataCatalog.from_config(...)`), `bootstrap_project`, `settings` of
`kedro.framework.project`, `find_pipelines`, `pipelines`, `configure_project`, and
`.load(...)` / `.save(...)` on anything named `catalog` (`catalog`, `self.catalog`,
`context.catalog`).

Not reported: type annotations that name these classes (`def f(catalog: DataCatalog)` only
documents a type), and imports. `OmegaConfigLoader` is Kedro machinery as well, but SL301
(config-read-in-node) reports it, because what a node does with a config loader is read
configuration, and the fix is a `params:` input: one problem, one finding.

Helpers count: a function of the project's own package that a node calls (by name,
through an import or a module alias, or handed on as a callback such as `df.apply(_clean)`),
up to three calls deep, is checked as part of that node, and the finding, at the helper's
line, names the node: "in `_load` (called from node `train`)". Functions that no node
reaches, third-party code and methods on objects are not followed.

Instead: make the data an input or output of the node (declare it in `conf/base/catalog.yml`),
pass settings in as `params:` inputs, and leave sessions and catalogs to `kedro run`, hooks and
notebooks.
"""
    bad = (
        Example(
            """
from kedro.framework.session import KedroSession


def add_lookup(df):
    with KedroSession.create() as session:  # expect: SL206
        lookup = session.load_context().catalog.load("lookup")  # expect: SL206
    return df.merge(lookup, on="code")
"""
        ),
    )
    good = (
        Example(
            """
import pandas as pd
from kedro.io import DataCatalog


def add_lookup(df: pd.DataFrame, lookup: pd.DataFrame) -> pd.DataFrame:
    return df.merge(lookup, on="code")


def describe(catalog: DataCatalog) -> list:
    return []
""",
            files={
                "src/demo/pipelines/demo/pipeline.py": """
from kedro.pipeline import Pipeline, node

from .nodes import add_lookup


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(add_lookup, ["raw", "lookup"], "enriched")])
""",
            },
        ),
    )

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        """Every name in FRAMEWORK starts with `kedro`; `catalog.load()` needs a `catalog`."""
        if not super().applies_to(ctx):
            return False
        text, module = ctx.source, ctx.module or ""
        return "kedro" in text or "kedro" in module or "catalog" in text.lower()

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # Every name in FRAMEWORK starts with `kedro`: a qualified name is made of the text of
        # the module (the chain as written, its imports, its own dotted name).
        if "kedro" not in ctx.source and "kedro" not in (ctx.module or ""):
            self.visit_Name = self.visit_Attribute = None  # type: ignore[assignment,method-assign]

    def _skip_context(self) -> bool:
        return any(
            isinstance(n, cst.Annotation | cst.Import | cst.ImportFrom) for n in self.ctx.stack
        )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._reference(node)

    def visit_Name(self, node: cst.Name) -> None:
        self._reference(node)

    def _reference(self, node: cst.Attribute | cst.Name) -> None:
        fn = self.ctx.node_function
        parent = self.ctx.parent
        if fn is None or (isinstance(parent, cst.Attribute) and parent.value is node):
            return
        # Only names read as values: not a parameter, a keyword, a target or a definition.
        if isinstance(node, cst.Name) and (
            isinstance(
                parent,
                cst.Param
                | cst.AsName
                | cst.AssignTarget
                | cst.NameItem
                | cst.FunctionDef
                | cst.ClassDef,
            )
            or (isinstance(parent, cst.Arg) and parent.keyword is node)
            or (isinstance(parent, cst.Attribute) and parent.attr is node)
        ):
            return
        name = imported_name(self.ctx, node)
        if name is None:
            return
        label = _framework_name(name)
        if label is None or self._skip_context():
            return
        where = parent if isinstance(parent, cst.Call) and parent.func is node else node
        self.report(
            where,
            f"`{label}` in {fn.label} uses Kedro's own machinery inside a node: make the "
            "data an input or output of the node (a catalog entry) and pass settings in as "
            "`params:`; leave sessions, catalogs and project setup to `kedro run`.",
        )

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.ctx.node_function
        func = node.func
        if fn is None or not isinstance(func, cst.Attribute):
            return
        if func.attr.value in CATALOG_METHODS and _is_catalog(func.value):
            self.report(
                node,
                f"`catalog.{func.attr.value}()` in {fn.label} reads or writes a dataset "
                "behind the pipeline's back: make the dataset an input or output of the node "
                "instead, so Kedro loads and saves it.",
            )
