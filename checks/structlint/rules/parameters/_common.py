"""What the parameters rules and the purity rules share: how a module reads configuration
(the loaders, the config files, the names that hold what they read), and which name an
expression imports."""

from __future__ import annotations

import re

import libcst as cst

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


def config_consumed_args(tracker: ConfigTracker, call: cst.Call) -> list[cst.BaseExpression]:
    """The arguments of a config-loading call: what SL201 leaves to this rule."""
    if tracker.config_read(call) is None:
        return []
    return [a.value for a in call.args]
