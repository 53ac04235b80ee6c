"""SL301 config-read-in-node: a node function that loads configuration itself.

The `ConfigTracker` here is also what SL201 asks, so that a file read that only feeds a config
loader is reported once, by this rule, and not a second time as I/O.
"""

from __future__ import annotations

import re

import libcst as cst

from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext, NodeFunction, string_value
from structlint.sources.names import ATTRIBUTE, CALL, CHAIN, NAME, dotted
from structlint.sources.walker import child_nodes

# Loaders that read a file (or build a loader over a folder): they fire whatever the argument.
FILE_LOADERS: dict[str, str] = {
    "omegaconf.OmegaConf.load": "OmegaConf.load",
    "omegaconf.omegaconf.OmegaConf.load": "OmegaConf.load",
    "kedro.config.OmegaConfigLoader": "OmegaConfigLoader",
    "kedro.config.omegaconf_config.OmegaConfigLoader": "OmegaConfigLoader",
    "tomllib.load": "tomllib.load",
    "tomli.load": "tomli.load",
    "toml.load": "toml.load",
    "dotenv.dotenv_values": "dotenv_values",
    "dotenv.main.dotenv_values": "dotenv_values",
    "hydra.compose": "hydra.compose",
    "hydra.initialize": "hydra.initialize",
    "hydra.initialize_config_dir": "hydra.initialize_config_dir",
    "dynaconf.Dynaconf": "Dynaconf",
}
# Parsers of a string or stream: silent when what they parse arrived as an argument.
PARSERS: dict[str, str] = {
    "yaml.safe_load": "yaml.safe_load",
    "yaml.load": "yaml.load",
    "yaml.full_load": "yaml.full_load",
    "yaml.unsafe_load": "yaml.unsafe_load",
    "yaml.safe_load_all": "yaml.safe_load_all",
    "yaml.load_all": "yaml.load_all",
    "omegaconf.OmegaConf.create": "OmegaConf.create",
    "omegaconf.omegaconf.OmegaConf.create": "OmegaConf.create",
    "tomllib.loads": "tomllib.loads",
    "tomli.loads": "tomli.loads",
    "toml.loads": "toml.loads",
}
# JSON is a data format too: it is configuration only when it comes from conf/.
JSON_LOADERS = frozenset(
    {"json.load", "json.loads", "simplejson.load", "simplejson.loads", "ujson.load", "ujson.loads"}
)
CONFIGPARSER_CLASSES = frozenset(
    {
        "configparser.ConfigParser",
        "configparser.RawConfigParser",
        "configparser.SafeConfigParser",
    }
)
# ConfigParser methods that read: the first three read files; the last two parse what they get.
CONFIGPARSER_FILE_READS = frozenset({"read", "read_file", "readfp"})
CONFIGPARSER_PARSES = frozenset({"read_string", "read_dict"})

# A path segment `conf` (Kedro's CONF_SOURCE): "conf/base/x.yml", "./conf", "conf".
_CONF_SEGMENT = re.compile(r"(?:^|[/\\])conf(?:[/\\]|$)")

# The last part of every name `config_read` may report, and of the ConfigParser classes: a
# call whose callee ends otherwise is dismissed before its qualified name is built.
_CONFIG_LAST_NAMES = frozenset(
    {n.rpartition(".")[2] for n in (*FILE_LOADERS, *PARSERS, *JSON_LOADERS)}
    | CONFIGPARSER_FILE_READS
    | CONFIGPARSER_PARSES
)
_PARSER_CLASS_LAST_NAMES = frozenset(n.rpartition(".")[2] for n in CONFIGPARSER_CLASSES)
# The first part of every qualified name this rule reports (FILE_LOADERS, PARSERS,
# JSON_LOADERS, CONFIGPARSER_CLASSES), as text: it comes from the module's own text (an
# import, the chain as written) or its dotted name.
TRIGGERS = (
    "omegaconf",
    "kedro",
    "toml",
    "dotenv",
    "hydra",
    "dynaconf",
    "yaml",
    "json",
    "configparser",
)


# (text, module, answer) of the last `may_read_config`: SL301 and SL201 both ask it of each
# file, and each question scans the whole text once per trigger.
_last_answer: tuple[str, str, bool] = ("", "", False)


def may_read_config(ctx: FileContext) -> bool:
    """False when no call of the module can load configuration (no trigger in its text)."""
    global _last_answer
    text, module = ctx.source, ctx.module or ""
    last_text, last_module, answer = _last_answer
    if text is last_text and module == last_module:
        return answer
    answer = any(t in text or t in module for t in TRIGGERS)
    _last_answer = (text, module, answer)
    return answer


def _string_value(node: cst.CSTNode) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = string_value(node)
        except Exception:
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.FormattedStringText):
        return node.value
    return None


def mentions_conf(expr: cst.CSTNode, conf_names: set[str] | frozenset[str] = frozenset()) -> bool:
    """True when the expression holds a string literal with a `conf` path segment, or a name
    that was bound to such an expression."""
    todo: list[cst.CSTNode] = [expr]
    while todo:
        node = todo.pop()
        tp = type(node)
        if tp is cst.Name:
            if node.value in conf_names:  # type: ignore[attr-defined]
                return True
            continue
        if tp is cst.SimpleString:
            raw = node.value  # type: ignore[attr-defined]
            # Without `conf` or an escape in its text, the value cannot hold `conf`.
            if "conf" in raw or "\\" in raw:
                value = _string_value(node)
                if value is not None and _CONF_SEGMENT.search(value):
                    return True
            continue
        if tp is cst.FormattedStringText:
            if _CONF_SEGMENT.search(node.value):  # type: ignore[attr-defined]
                return True
            continue
        todo.extend(child_nodes(node))
    return False


def imported_name(ctx: FileContext, expr: cst.BaseExpression) -> str | None:
    """`ctx.qualified_name`, but None when the head of the name is not what an import made
    it: a parameter of the node function (`def f(df, time): time.time()`), or a dotted name
    whose head no import binds (`time.time()` without `import time` is some local object)."""
    if type(expr) is NAME:
        # A bare name: no chain to build.
        head = expr.value
        fn = ctx.node_function
        if fn is not None and head in fn.params:
            return None
        return ctx.imports.names.get(head, head)
    if type(expr) is not ATTRIBUTE:
        return None
    written = dotted(expr)
    if written is None:
        return None
    head, dot, _ = written.partition(".")
    fn = ctx.node_function
    if fn is not None and head in fn.params:
        return None
    imports = ctx.imports
    if dot and head not in imports.names:
        return None
    return imports.qualify_dotted(written)


def root_name(expr: cst.BaseExpression) -> str | None:
    """The variable an expression starts from: `raw` for `raw`, `raw["k"]`, `raw.text`,
    `raw.decode()`, `raw.strip().lower()`."""
    while True:
        tp = type(expr)
        if tp is NAME:
            return expr.value  # type: ignore[attr-defined,no-any-return]
        if tp in CHAIN:
            expr = expr.value  # type: ignore[attr-defined]
        elif tp is CALL and type(expr.func) is ATTRIBUTE:  # type: ignore[attr-defined]
            expr = expr.func.value  # type: ignore[attr-defined]
        else:
            return None


def first_arg(call: cst.Call, *keywords: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in keywords:
            return arg.value
    if call.args and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0].value
    return None


class ConfigTracker:
    """What one node function binds, as far as config loading cares: names that carry an
    argument's value, names bound to a `conf/` path or a handle on one, ConfigParser objects."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.function: NodeFunction | None = None
        self.derived: set[str] = set()
        self.conf_names: set[str] = set()
        self.parsers: set[str] = set()
        # No string of the file can name `conf/` without `conf` or an escape in its text.
        source = ctx.source
        self.conf_possible = "conf" in source or "\\" in source

    def sync(self) -> NodeFunction | None:
        """Reset when the walk enters another node function; the current one, or None."""
        fn = self.ctx.node_function
        if fn is not self.function:
            self.function = fn
            self.derived = set(fn.params) if fn is not None else set()
            self.conf_names = set()
            self.parsers = set()
        return fn

    def bind(self, name: str, value: cst.BaseExpression) -> None:
        if self.is_derived(value):
            self.derived.add(name)
        else:
            self.derived.discard(name)
        if (self.conf_possible or self.conf_names) and mentions_conf(value, self.conf_names):
            self.conf_names.add(name)
        else:
            self.conf_names.discard(name)
        if (
            type(value) is CALL
            and self.ctx.last_name(value.func) in _PARSER_CLASS_LAST_NAMES
            and imported_name(self.ctx, value.func) in CONFIGPARSER_CLASSES
        ):
            self.parsers.add(name)
        else:
            self.parsers.discard(name)

    def is_derived(self, expr: cst.BaseExpression) -> bool:
        root = root_name(expr)
        return root is not None and root in self.derived

    def _is_parser(self, expr: cst.BaseExpression) -> bool:
        if type(expr) is NAME:
            return expr.value in self.parsers
        return (
            type(expr) is CALL
            and self.ctx.last_name(expr.func) in _PARSER_CLASS_LAST_NAMES
            and imported_name(self.ctx, expr.func) in CONFIGPARSER_CLASSES
        )

    def config_read(self, call: cst.Call) -> tuple[str, str] | None:
        """(label, kind) when the call loads configuration: kind is "file" or "parse"."""
        func = call.func
        if self.ctx.last_name(func) not in _CONFIG_LAST_NAMES:
            return None
        name = imported_name(self.ctx, func)
        if name is not None:
            if name in FILE_LOADERS:
                return FILE_LOADERS[name], "file"
            if name in PARSERS:
                arg = first_arg(call, "stream", "cfg_obj", "obj", "s")
                if arg is not None and self.is_derived(arg):
                    return None
                return PARSERS[name], "parse"
            if name in JSON_LOADERS:
                arg = first_arg(call, "fp", "s")
                if arg is not None and mentions_conf(arg, self.conf_names):
                    return name, "file"
                return None
        if type(func) is ATTRIBUTE and self._is_parser(func.value):
            method = func.attr.value
            if method in CONFIGPARSER_FILE_READS:
                return f"ConfigParser.{method}", "file"
            if method in CONFIGPARSER_PARSES:
                arg = first_arg(call)
                if arg is not None and self.is_derived(arg):
                    return None
                return f"ConfigParser.{method}", "parse"
        return None


def assigned_name(node: cst.Assign | cst.AnnAssign) -> str | None:
    if isinstance(node, cst.Assign):
        if len(node.targets) != 1:
            return None
        target = node.targets[0].target
    else:
        target = node.target
    return target.value if type(target) is NAME else None


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


def config_consumed_args(tracker: ConfigTracker, call: cst.Call) -> list[cst.BaseExpression]:
    """The arguments of a config-loading call: what SL201 leaves to this rule."""
    if tracker.config_read(call) is None:
        return []
    return [a.value for a in call.args]


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
