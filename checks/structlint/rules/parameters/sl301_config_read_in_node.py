"""SL301 config-read-in-node: a node function that loads configuration itself.

The `ConfigTracker` here is also what SL201 asks, so that a file read that only feeds a config
loader is reported once, by this rule, and not a second time as I/O.
"""

from __future__ import annotations

import libcst as cst

from structlint.rules.parameters._common import (
    ConfigTracker,
    assigned_name,
    config_consumed_args,
    first_arg,
    imported_name,
    may_read_config,
    mentions_conf,
    root_name,
)
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext
from structlint.sources.names import NAME


class ConfigReadInNode(FileRule):
    code = "SL301"
    name = "config-read-in-node"
    summary = "A node function loads configuration itself instead of taking it as `params:`."
    node_functions_only = True
    explanation = """
Kedro loads configuration once, for the whole run, with its config loader: parameters come from
`conf/<env>/parameters*.yml`, merged across environments, overridable with `--params` and runtime
parameters, and reach a node as a `params:<key>` (or `parameters`) input. Credentials come from
`conf/local/credentials.yml` through a catalog entry. A node that opens a YAML, TOML, INI or
`.env` file, or builds its own `OmegaConf` / `OmegaConfigLoader`, bypasses all of that: the
values are invisible to `kedro viz`, ignore `--env` and `--params`, and the node cannot be run or
tested without the file being there.

structlint reports, inside node functions:

- `yaml.safe_load` / `yaml.load` (and `full_load`, `*_all`), `OmegaConf.load`, `OmegaConf.create`,
  `tomllib.load` / `loads` (and `tomli`, `toml`), `dotenv_values`, `configparser` parsers that
  `read` / `read_file` / `read_string` / `read_dict`, `hydra.compose`, `Dynaconf`;
- `OmegaConfigLoader(...)`: Kedro's own loader is reported here, not by SL206
  (framework-in-node), because what the node does with it is read configuration and the fix is
  the same `params:` input; one problem, one finding;
- `json.load` / `json.loads` when what is read comes from a `conf/` path (elsewhere JSON is data,
  and reading it is SL201's).

Parsing a string that arrived as an argument is fine: `yaml.safe_load(text)`, where `text` is a
parameter of the node (or a value derived from one, such as `raw.decode()`), is a transformation of
the node's input. Reading the file itself (`open()`, `Path.read_text()`) that feeds a loader is
reported once, here, not again as SL201 io-in-node.

Helpers count: a function of the project's own package that a node calls (by name,
through an import or a module alias, or handed on as a callback such as `df.apply(_clean)`),
up to three calls deep, is checked as part of that node, and the finding, at the helper's
line, names the node: "in `_load` (called from node `train`)". Functions that no node
reaches, third-party code and methods on objects are not followed. A config file that a
helper reads for a node is the node's config read.

Instead: move the values to `conf/base/parameters.yml` and declare `params:<key>` as a node input;
for secrets, use `credentials.yml` and a catalog entry; for a YAML data file, declare a
`yaml.YAMLDataset` catalog entry.
"""
    bad = (
        Example(
            """
import yaml


def train(df):
    with open("conf/base/parameters.yml") as f:
        params = yaml.safe_load(f)  # expect: SL301
    return df.sample(frac=params["frac"])
"""
        ),
        Example(
            """
from kedro.config import OmegaConfigLoader


def build_features(df):
    loader = OmegaConfigLoader(conf_source="conf")  # expect: SL301
    return df[loader["parameters"]["features"]]
""",
            files={
                "src/demo/pipelines/demo/pipeline.py": """
from kedro.pipeline import Pipeline, node

from .nodes import build_features


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(build_features, "raw", "features")])
"""
            },
        ),
    )
    good = (
        Example(
            """
def train(df, params: dict):
    return df.sample(frac=params["frac"])
""",
            files={
                "src/demo/pipelines/demo/pipeline.py": """
from kedro.pipeline import Pipeline, node

from .nodes import train


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(train, ["raw", "params:train"], "sample")])
""",
            },
        ),
        Example(
            """
import yaml


def parse_manifest(manifest_text: str) -> dict:
    return yaml.safe_load(manifest_text)
"""
        ),
    )

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        return super().applies_to(ctx) and may_read_config(ctx)

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.tracker = ConfigTracker(ctx)

    def visit_Assign(self, node: cst.Assign) -> None:
        self._bind(assigned_name(node), node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(assigned_name(node), node.value)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None and type(node.asname.name) is NAME:
            self._bind(node.asname.name.value, node.item)

    def _bind(self, name: str | None, value: cst.BaseExpression) -> None:
        if name is not None and self.tracker.sync() is not None:
            self.tracker.bind(name, value)

    def visit_Call(self, node: cst.Call) -> None:
        fn = self.tracker.sync()
        if fn is None:
            return
        found = self.tracker.config_read(node)
        if found is None:
            return
        label, kind = found
        what = (
            "reads configuration from a file"
            if kind == "file"
            else "parses configuration that did not arrive as an argument"
        )
        self.report(
            node,
            f"`{label}` in {fn.label} {what}: put the values in "
            "`conf/base/parameters.yml` and pass them in as a `params:` input (secrets through "
            "`credentials.yml` and a catalog entry).",
        )


__all__ = [
    "ConfigReadInNode",
    "ConfigTracker",
    "assigned_name",
    "config_consumed_args",
    "first_arg",
    "imported_name",
    "may_read_config",
    "mentions_conf",
    "root_name",
]
