"""What the SL1xx rules share: the static "shape" of a string expression, and where a string
stands (a log message, a regex, a string test, a Kedro setting...).

A shape is the text a string expression will have at run time, with every part the code only
knows at run time (an f-string field, a variable, `{}` of `.format`) replaced by `DYN`.
`f"data/01_raw/{name}.csv"` -> `"data/01_raw/\\0.csv"`, `Path("data") / "x.csv"` ->
`"data/x.csv"`, `os.path.join(base, "raw", "x.csv")` -> `"\\0/raw/x.csv"`. A part that is
derived from `__file__` (package-relative) becomes `FILE_ROOT` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from structlint.context import FileContext, string_value
from structlint.names import ATTRIBUTE, CALL, CHAIN, NAME
from structlint.rule import FileRule

DYN = "\x00"
FILE_ROOT = "\x01"
_PLACEHOLDERS = DYN + FILE_ROOT

# Callables that build a path from their arguments, joined with "/".
PATH_BUILDERS = frozenset(
    {
        "pathlib.Path",
        "pathlib.PurePath",
        "pathlib.PosixPath",
        "pathlib.WindowsPath",
        "pathlib.PurePosixPath",
        "pathlib.PureWindowsPath",
        "Path",
        "PurePath",
        "upath.UPath",
        "os.path.join",
        "posixpath.join",
        "ntpath.join",
        "os.path.expanduser",
        "os.path.abspath",
        "os.path.realpath",
        "os.path.normpath",
    }
)

# Settings that Kedro itself reads from `settings.py`.
KEDRO_SETTINGS = frozenset(
    {
        "CONF_SOURCE",
        "HOOKS",
        "DISABLE_HOOKS_FOR_PLUGINS",
        "SESSION_STORE_CLASS",
        "SESSION_STORE_ARGS",
        "CONTEXT_CLASS",
        "CONFIG_LOADER_CLASS",
        "CONFIG_LOADER_ARGS",
        "DATA_CATALOG_CLASS",
    }
)

# Method names whose string arguments are messages (logging, streamlit, rich...).
_MESSAGE_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal"}
)
_MESSAGE_FUNCTIONS = frozenset(
    {
        "print",
        "pprint.pprint",
        "warnings.warn",
        "warn",
        "click.echo",
        "click.secho",
        "typer.echo",
        "typer.secho",
        "rich.print",
        "pytest.fail",
        "pytest.skip",
        "sys.exit",
    }
)
# Keyword arguments that carry prose, patterns or formats, never a location.
_TEXT_KEYWORDS = frozenset(
    {
        "help",
        "description",
        "msg",
        "message",
        "doc",
        "docstring",
        "epilog",
        "usage",
        "metavar",
        "title",
        "label",
        "xlabel",
        "ylabel",
        "pat",
        "pattern",
        "regex",
        "regexp",
        "token_pattern",
        "format",
        "date_format",
        "datefmt",
        "sep",
        "delimiter",
        "lineterminator",
        "like",
    }
)
# String methods: a literal passed to these is a test or an edit of another string.
_STRING_METHODS = frozenset(
    {
        "startswith",
        "endswith",
        "removeprefix",
        "removesuffix",
        "replace",
        "split",
        "rsplit",
        "strip",
        "lstrip",
        "rstrip",
        "partition",
        "rpartition",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "relative_to",
        "match",
        "full_match",
        "strftime",
        "strptime",
    }
)
_REGEX_MODULES = ("re.", "regex.", "fnmatch.")
_NAMESPACE_KEYWORDS = frozenset({"namespaces", "nsmap", "namespace", "ns", "xmlns", "schema"})
_NAMESPACE_KEYS = frozenset({"$schema", "$id", "@context", "xmlns"})
_NAMESPACE_TARGET = re.compile(r"(?i)(namespace|xmlns|nsmap|schema|^ns$|_ns$|^ns_)")

_FIELD = re.compile(
    r"\{[A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"  # str.format fields
    r"|%(?:\([A-Za-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdrif]"  # printf-style fields
)
_REGEX_HINT = re.compile(
    r"\\[dDwWsSbBAZ.]|\(\?|\.\*|\.\+|\[\^|\[[^\]]*\w-\w[^\]]*\]|\]\+|\]\*|\)\?|\)\+|\)\*"
    r"|\{\d+(?:,\d*)?\}|^\^|(?<!\\)\$$|\|"
)
_DATE_FORMAT = re.compile(r"(?:%[-#_^0]?[A-Za-z]|[^A-Za-z0-9%\x00\x01])+")

# Exact type tests, as for `structlint.names.NAME` and the others there.
_SimpleString = cst.SimpleString
_ConcatenatedString = cst.ConcatenatedString
_ADD_DIVIDE = frozenset({cst.Add, cst.Divide})
_FILE_CHAIN = frozenset({cst.Attribute, cst.Subscript, cst.Call})
# The last part of every name in PATH_BUILDERS, and `joinpath`: a call whose callee ends
# otherwise is no path builder, whatever its qualified name.
_BUILDER_LAST_NAMES = frozenset(n.rpartition(".")[2] for n in PATH_BUILDERS) | {"joinpath"}


def literal_value(node: cst.CSTNode) -> str | None:
    """The value of a plain (non-bytes) string literal or implicit concatenation of them."""
    if type(node) is _SimpleString:
        if "b" in node.prefix.lower():
            return None
        try:
            value = string_value(node)
        except Exception:  # an escape libcst cannot evaluate
            return None
        return value if isinstance(value, str) else None
    if type(node) is _ConcatenatedString:
        left = literal_value(node.left)
        right = literal_value(node.right)
        return None if left is None or right is None else left + right
    return None


def source_of(node: cst.CSTNode, limit: int = 80) -> str:
    """The node's source, on one line, shortened for a message."""
    text = " ".join(cst.Module(body=[]).code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mentions_file(node: cst.CSTNode, depth: int = 0) -> bool:
    """True for `Path(__file__).parent`, `os.path.dirname(__file__)` and the like."""
    if depth > 8:
        return False
    if type(node) is NAME:
        return node.value == "__file__"
    if type(node) in CHAIN:
        return _mentions_file(node.value, depth + 1)  # type: ignore[attr-defined]
    if type(node) is CALL:
        return _mentions_file(node.func, depth + 1) or any(
            _mentions_file(a.value, depth + 1) for a in node.args
        )
    return False


class Shapes:
    """Computes shapes, and remembers which nodes a larger expression already covered, so
    `"data/" "x.csv"` or `Path("data") / "x.csv"` is looked at (and reported) once."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.consumed: set[int] = set()
        # Every sub-expression's shape, once: the walk visits each `+` of a long chain, and
        # recomputing the chain below each one would be quadratic.
        self._memo: dict[int, tuple[str, bool]] = {}

    def is_path_builder(self, node: cst.Call) -> bool:
        func = node.func
        last = self.ctx.last_name(func)
        if last not in _BUILDER_LAST_NAMES:
            return False
        if last == "joinpath" and type(func) is ATTRIBUTE:
            return True
        return self.ctx.qualified_name(func) in PATH_BUILDERS

    def shape(self, node: cst.CSTNode) -> str | None:
        """The shape of a string expression; None when the node is not string-built."""
        if id(node) in self.consumed:
            return None
        text, stringish = self._shape(node)
        return text if stringish else None

    def _shape(self, node: cst.CSTNode) -> tuple[str, bool]:
        hit = self._memo.get(id(node))
        if hit is None:
            hit = self._memo[id(node)] = self._compute_shape(node)
        return hit

    def _compute_shape(self, node: cst.CSTNode) -> tuple[str, bool]:
        tp = type(node)
        if tp is _SimpleString:
            value = literal_value(node)
            if value is None:
                return DYN, False
            self.consumed.add(id(node))
            return value, True
        if type(node) is _ConcatenatedString:
            self.consumed.add(id(node))
            left, _ = self._shape(node.left)
            right, _ = self._shape(node.right)
            return left + right, True
        if type(node) is cst.FormattedString:
            self.consumed.add(id(node))
            raw = "r" in node.prefix.lower()
            parts: list[str] = []
            for part in node.parts:
                if type(part) is cst.FormattedStringText:
                    text = part.value.replace("{{", "{").replace("}}", "}")
                    parts.append(text if raw else _unescape(text))
                else:
                    parts.append(DYN)
            return "".join(parts), True
        if type(node) is cst.BinaryOperation and type(node.operator) in _ADD_DIVIDE:
            left, left_str = self._shape(node.left)
            right, right_str = self._shape(node.right)
            if type(node.operator) is cst.Add:
                if not (left_str or right_str):
                    return DYN, False
                self.consumed.add(id(node))
                return left + right, True
            if not (left_str or right_str):
                return (FILE_ROOT if FILE_ROOT in left else DYN), False
            self.consumed.add(id(node))
            return left.rstrip("/\\") + "/" + right.lstrip("/\\"), True
        if type(node) is CALL and self.is_path_builder(node):
            pieces: list[tuple[str, bool]] = []
            func = node.func
            if type(func) is ATTRIBUTE and func.attr.value == "joinpath":
                pieces.append(self._shape(func.value))
            pieces.extend(self._shape(a.value) for a in node.args if not a.keyword)
            if not pieces:
                return DYN, False
            stringish = any(s for _, s in pieces)
            if stringish:
                self.consumed.add(id(node))
            joined = "/".join(
                t.strip("/\\") if i else t.rstrip("/\\") for i, (t, _) in enumerate(pieces)
            )
            return joined, stringish
        if tp is NAME and node.value == "__file__":  # type: ignore[attr-defined]
            return FILE_ROOT, False
        if tp in _FILE_CHAIN and _mentions_file(node):
            return FILE_ROOT, False
        return DYN, False


def _unescape(text: str) -> str:
    """The value of the text of a non-raw f-string part (`\\n` -> newline)."""
    if "\\" not in text:
        return text
    try:
        return text.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return text


def looks_like_regex(text: str) -> bool:
    return _REGEX_HINT.search(text) is not None


def is_date_format(text: str) -> bool:
    """`%Y/%m/%d`, `%d-%m-%Y %H:%M`: strftime directives and punctuation only."""
    return "%" in text and _DATE_FORMAT.fullmatch(text) is not None


def fill_fields(text: str) -> str:
    """`"data/{}.csv"` / `"data/%s.csv"` -> `"data/\\0.csv"`."""
    return _FIELD.sub(DYN, text)


def has_literal_word(text: str) -> bool:
    return any(c.isalnum() for c in text if c not in _PLACEHOLDERS)


@dataclass(frozen=True)
class Where:
    """Where a string stands. `exempt`: a place where it is text, not a location (message,
    regex, string test, decorator, annotation, subscript key, Kedro setting).
    `xml_namespace`: a namespace / schema identifier."""

    exempt: bool = False
    xml_namespace: bool = False
    # Names the string is bound to on its way up: keyword, dict key, assignment target.
    names: tuple[str, ...] = ()


def _target_names(node: cst.Assign | cst.AnnAssign) -> list[str]:
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    out = []
    for t in targets:
        if isinstance(t, cst.Name):
            out.append(t.value)
        elif isinstance(t, cst.Attribute):
            out.append(t.attr.value)
    return out


def is_settings_module(ctx: FileContext) -> bool:
    module = ctx.module
    return module is not None and module.count(".") == 1 and module.endswith(".settings")


def where(ctx: FileContext) -> Where:
    """Classify the position of the node being visited by walking its ancestors up to the
    enclosing statement."""
    child: cst.CSTNode | None = None
    xml_ns = False
    names: list[str] = []
    for anc in reversed(ctx.stack):
        if isinstance(anc, cst.Decorator | cst.Annotation | cst.Comparison | cst.SubscriptElement):
            return Where(exempt=True)
        if isinstance(anc, cst.Raise | cst.Assert):
            return Where(exempt=True)
        if isinstance(anc, cst.Arg) and anc.keyword is not None:
            kw = anc.keyword.value
            names.append(kw)
            if kw in _TEXT_KEYWORDS:
                return Where(exempt=True)
            if kw in _NAMESPACE_KEYWORDS:
                xml_ns = True
        elif isinstance(anc, cst.Call):
            if _is_text_call(ctx, anc, child):
                return Where(exempt=True)
        elif isinstance(anc, cst.DictElement):
            key = literal_value(anc.key)
            if key is not None and child is not anc.key:
                names.append(key)
                if key in _NAMESPACE_KEYS or key.startswith("xmlns"):
                    xml_ns = True
        elif isinstance(anc, cst.Param):
            names.append(anc.name.value)
        elif isinstance(anc, cst.Assign | cst.AnnAssign):
            targets = _target_names(anc)
            names.extend(targets)
            if is_settings_module(ctx) and any(n in KEDRO_SETTINGS for n in targets):
                return Where(exempt=True)
            if any(_NAMESPACE_TARGET.search(n) for n in targets):
                xml_ns = True
        if isinstance(anc, cst.SimpleStatementLine | cst.BaseCompoundStatement | cst.Module):
            break
        child = anc
    return Where(exempt=False, xml_namespace=xml_ns, names=tuple(names))


def _is_text_call(ctx: FileContext, call: cst.Call, child: cst.CSTNode | None) -> bool:
    """A call whose string arguments are messages, patterns or string tests."""
    in_args = isinstance(child, cst.Arg)
    func = call.func
    name = ctx.qualified_name(func) or ""
    if name in _MESSAGE_FUNCTIONS or name.startswith(_REGEX_MODULES) or name.startswith("logging."):
        return in_args
    last = name.rsplit(".", 1)[-1]
    if last.endswith(("Error", "Exception", "Warning")):
        return in_args  # building an exception: its argument is a message
    if isinstance(func, cst.Attribute):
        attr = func.attr.value
        receiver = (ctx.dotted_name(func.value) or "").lower()
        if attr in _MESSAGE_METHODS or (attr == "log" and "log" in receiver):
            return in_args
        if attr in _STRING_METHODS or receiver.endswith(".str") or receiver == "str":
            return in_args
        if attr == "register_namespace":
            return in_args
    return False


class LiteralRule(FileRule):
    """Base of SL101/SL102: calls `check(node, shape)` once per string expression (a literal,
    an f-string, a concatenation, a path join) that is not a docstring or a bare string
    statement."""

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.shapes = Shapes(ctx)

    def check(self, node: cst.CSTNode, shape: str) -> None:
        raise NotImplementedError

    def _look(self, node: cst.CSTNode) -> None:
        if id(node) in self.shapes.consumed:
            return
        if type(self.ctx.parent) is cst.Expr:
            # A docstring, or a string statement used as a comment: documentation.
            self.shapes.shape(node)  # consume its parts
            return
        shape = self.shapes.shape(node)
        if shape is None:
            return
        parent = self.ctx.parent
        if (
            type(parent) is cst.AugAssign
            and type(parent.operator) is cst.AddAssign
            and parent.value is node
        ):
            shape = DYN + shape  # `url += "/status"`: appended to something unknown
        self.check(node, shape)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        raw = node.value
        if "/" in raw or "\\" in raw or ":" in raw:
            self._look(node)
        # A lone string with no separator and no colon is neither a path nor a URI.

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._look(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._look(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if type(node.operator) in _ADD_DIVIDE:
            self._look(node)

    def visit_Call(self, node: cst.Call) -> None:
        if self.shapes.is_path_builder(node):
            self._look(node)

    def in_node(self) -> str:
        fn = self.ctx.node_function
        return f" in {fn.label}" if fn is not None else ""
