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

from structlint.rules.rule import FileRule
from structlint.sources.context import FileContext, string_value
from structlint.sources.names import ATTRIBUTE, CALL, CHAIN, NAME

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
# ElementTree / lxml queries (`find` is a string method above as well): whatever the
# receiver, their string argument is an XPath expression, not a file.
_XPATH_METHODS = frozenset({"find", "findall", "findtext", "iterfind", "iter", "xpath"})
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

# Exact type tests, as for `structlint.sources.names.NAME` and the others there.
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


_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")


def words_of(name: str) -> list[str]:
    """`clientSecret` -> ["client", "secret"], `NUMBA_CACHE_DIR` -> ["numba", "cache", "dir"]."""
    return [w for w in _WORD_SPLIT.split(_CAMEL.sub(r"\1_\2", name).lower()) if w]


def has_literal_word(text: str) -> bool:
    return any(c.isalnum() for c in text if c not in _PLACEHOLDERS)


@dataclass(frozen=True)
class Where:
    """Where a string stands. `exempt`: a place where it is text, not a location (message,
    regex, string test, decorator, annotation, subscript key, Kedro setting).
    `xml_namespace`: a namespace / schema identifier."""

    exempt: bool = False
    xml_namespace: bool = False
    # Names the string is bound to on its way up (keyword, dict key, parameter, assignment
    # target), innermost first, up to the first call that takes it as an argument.
    names: tuple[str, ...] = ()
    # The innermost call that takes the string as an argument (through `str()` and other
    # conversions), and its qualified name: what the code does with it.
    call: cst.Call | None = None
    call_name: str = ""
    # "library": assigned to an attribute of an imported module (`numba.config.CACHE_DIR =`);
    # "environ": assigned to, or defaulted into, an environment variable.
    setting: str = ""


# Calls that hand their argument on unchanged as text: a string passed through them is still
# where the outer call puts it (`logger.info("%s", str(path))`).
_CONVERSIONS = frozenset({"str", "repr", "ascii", "format", "os.fspath", "textwrap.dedent"})
# Methods of a string that give another string: `"data/{}.csv".format(name)` is still text
# where it then stands.
_TEXT_RESULT_METHODS = frozenset(
    {"format", "format_map", "join", "lower", "upper", "casefold", "encode", "title"}
)
_ENVIRON = frozenset({"os.environ", "os.environb"})
_ENV_SETTERS = frozenset({"os.environ.setdefault", "os.putenv", "os.environ.update"})


def _target_names(node: cst.Assign | cst.AnnAssign) -> list[str]:
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    out = []
    for t in targets:
        if isinstance(t, cst.Name):
            out.append(t.value)
        elif isinstance(t, cst.Attribute):
            out.append(t.attr.value)
    return out


def _setting_target(ctx: FileContext, node: cst.Assign | cst.AnnAssign) -> str:
    """ "library" for `numba.config.CACHE_DIR = ...` (an attribute of an imported module that
    is not the project's own), "environ" for `os.environ["X"] = ...`, else ""."""
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    own = (ctx.module or "").split(".", 1)[0]
    for t in targets:
        if type(t) is cst.Subscript and ctx.qualified_name(t.value) in _ENVIRON:
            return "environ"
        if type(t) is ATTRIBUTE:
            root = t.value
            while type(root) is ATTRIBUTE:
                root = root.value
            if type(root) is NAME and root.value in ctx.imports.names:
                qualified = ctx.imports.names[root.value]
                if qualified.split(".", 1)[0] != own and root.value != "self":
                    return "library"
    return ""


def is_settings_module(ctx: FileContext) -> bool:
    module = ctx.module
    return module is not None and module.count(".") == 1 and module.endswith(".settings")


def where(ctx: FileContext) -> Where:
    """Classify the position of the node being visited by walking its ancestors up to the
    enclosing statement.

    A string that some call takes as an argument (`pd.read_csv("data/x.csv")`) is that
    call's value from there on: the places that make a string text (a comparison, a
    subscript key, a `raise` or `assert`, a message call, a `help=` keyword) exempt only a
    string that stands there itself (`path == "/mnt/x.csv"`, `df["price/unit"]`), not one
    a call above it reads (`if pd.read_csv("data/x.csv") is not None:`)."""
    child: cst.CSTNode | None = None
    xml_ns = False
    names: list[str] = []
    call: cst.Call | None = None
    call_name = ""
    setting = ""
    for anc in reversed(ctx.stack):
        tp = type(anc)
        if tp is cst.Decorator or tp is cst.Annotation:
            return Where(exempt=True)
        if call is None:
            if tp in _TEXT_PLACES:
                return Where(exempt=True)
            if tp is cst.Arg and anc.keyword is not None:  # type: ignore[attr-defined]
                kw = anc.keyword.value  # type: ignore[attr-defined]
                names.append(kw)
                if kw in _TEXT_KEYWORDS:
                    return Where(exempt=True)
                if kw in _NAMESPACE_KEYWORDS:
                    xml_ns = True
            elif tp is CALL:
                if _is_text_call(ctx, anc, child):  # type: ignore[arg-type]
                    return Where(exempt=True)
                if type(child) is cst.Arg:
                    name = ctx.qualified_name(anc.func) or ""  # type: ignore[attr-defined]
                    if name not in _CONVERSIONS:
                        call, call_name = anc, name  # type: ignore[assignment]
                        if name in _ENV_SETTERS:
                            setting = "environ"
                elif (
                    type(child) is ATTRIBUTE
                    and child.attr.value not in _STRING_METHODS  # type: ignore[attr-defined]
                    and child.attr.value not in _TEXT_RESULT_METHODS  # type: ignore[attr-defined]
                ):
                    # `Path("data/x.csv").exists()`: a method of the path reads it.
                    call = anc  # type: ignore[assignment]
            elif tp is cst.DictElement:
                key = literal_value(anc.key)  # type: ignore[attr-defined]
                if key is not None and child is not anc.key:  # type: ignore[attr-defined]
                    names.append(key)
                    if key in _NAMESPACE_KEYS or key.startswith("xmlns"):
                        xml_ns = True
            elif tp is cst.Param:
                names.append(anc.name.value)  # type: ignore[attr-defined]
        if tp is cst.Assign or tp is cst.AnnAssign:
            targets = _target_names(anc)  # type: ignore[arg-type]
            if call is None:
                names.extend(targets)
                setting = setting or _setting_target(ctx, anc)  # type: ignore[arg-type]
            if is_settings_module(ctx) and any(n in KEDRO_SETTINGS for n in targets):
                return Where(exempt=True)
            if call is None and any(_NAMESPACE_TARGET.search(n) for n in targets):
                xml_ns = True
        if isinstance(anc, cst.SimpleStatementLine | cst.BaseCompoundStatement | cst.Module):
            break
        child = anc
    return Where(
        exempt=False,
        xml_namespace=xml_ns,
        names=tuple(names),
        call=call,
        call_name=call_name,
        setting=setting,
    )


# Places where a string that stands there itself is text: a comparison operand, a subscript
# key, the message of a `raise` or `assert`.
_TEXT_PLACES = frozenset({cst.Comparison, cst.SubscriptElement, cst.Raise, cst.Assert})


def is_message_call(ctx: FileContext, call: cst.Call) -> bool:
    """A call whose arguments are a message for people: logging, `print`, `warnings.warn`,
    `click.echo`, `logger.info(...)`, `self.log(...)`."""
    name = ctx.qualified_name(call.func) or ""
    if name in _MESSAGE_FUNCTIONS or name.startswith("logging."):
        return True
    func = call.func
    if type(func) is not ATTRIBUTE:
        return False
    attr = func.attr.value
    receiver = (ctx.dotted_name(func.value) or "").lower()
    # `self.log(...)`, and `cron_log.write(...)`: a line written to a log file.
    return attr in _MESSAGE_METHODS or (attr in ("log", "write") and "log" in receiver)


def _is_text_call(ctx: FileContext, call: cst.Call, child: cst.CSTNode | None) -> bool:
    """A call whose string arguments are messages, patterns or string tests."""
    in_args = isinstance(child, cst.Arg)
    func = call.func
    name = ctx.qualified_name(func) or ""
    if name in _MESSAGE_FUNCTIONS or name.startswith(_REGEX_MODULES) or name.startswith("logging."):
        return in_args
    if name.endswith(".XPath") or name == "XPath":
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
        if attr in _XPATH_METHODS:
            return in_args  # an ElementTree / lxml query: its argument is an XPath
        if attr == "register_namespace":
            return in_args
    return False


# Callees and receivers of an HTTP client: what they take is a URL (or a route of one).
_HTTP_MODULES = ("requests.", "httpx.", "aiohttp.", "urllib.", "urllib3.")
_HTTP_FUNCTIONS = frozenset({"urljoin", "urlopen", "add_url_rule", "add_api_route"})
_HTTP_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request", "stream"}
)
_HTTP_RECEIVER_WORDS = frozenset(
    {"session", "client", "http", "https", "api", "router", "app", "requests", "httpx"}
)


def is_http_call(ctx: FileContext, call: cst.Call, name: str | None = None) -> bool:
    """`requests.get(...)`, `httpx.post(...)`, `urljoin(...)`, `self.session.get(...)`,
    `client.post(...)`: a call whose string argument is a URL or a route of one."""
    if name is None:
        name = ctx.qualified_name(call.func) or ""
    if name.startswith(_HTTP_MODULES) or name.rpartition(".")[2] in _HTTP_FUNCTIONS:
        return True
    func = call.func
    if type(func) is not ATTRIBUTE or func.attr.value not in _HTTP_METHODS:
        return False
    receiver = func.value
    if type(receiver) is ATTRIBUTE:
        receiver_name = receiver.attr.value
    elif type(receiver) is NAME:
        receiver_name = receiver.value
    else:
        return False
    return any(w in _HTTP_RECEIVER_WORDS for w in words_of(receiver_name))


# Kedro's dataset base classes: a class built on one is the catalog's I/O layer, whose
# locations arrive from the catalog entry and whose defaults are the class's own.
_DATASET_BASES = frozenset(
    {"AbstractDataset", "AbstractVersionedDataset", "AbstractDataSet", "AbstractVersionedDataSet"}
)


def in_dataset_class(ctx: FileContext) -> bool:
    """The node being visited is inside a class that subclasses a Kedro dataset
    (`class OpenAIDataset(AbstractDataset[dict, str])`, or a `kedro_datasets` class)."""
    for anc in ctx.stack:
        if type(anc) is not cst.ClassDef:
            continue
        for base in anc.bases:  # type: ignore[attr-defined]
            value = base.value
            if type(value) is cst.Subscript:
                value = value.value  # `AbstractDataset[dict, dict]`
            name = ctx.qualified_name(value) or ""
            if name.rpartition(".")[2] in _DATASET_BASES or name.startswith("kedro_datasets."):
                return True
    return False


def url_head(ctx: FileContext, node: cst.CSTNode, url_names: set[str]) -> bool:
    """The expression starts with a value that is a URL: a module constant holding one
    (`f"{BASE_URL}raw/{day}.csv"`), or a name or attribute called `..._url` / `..._uri`."""
    for _ in range(20):
        tp = type(node)
        if tp is cst.FormattedString:
            parts = node.parts  # type: ignore[attr-defined]
            if not parts or type(parts[0]) is not cst.FormattedStringExpression:
                return False
            node = parts[0].expression
        elif tp is cst.BinaryOperation:
            node = node.left  # type: ignore[attr-defined]
        elif tp is CALL and node.args:  # type: ignore[attr-defined]
            func = node.func  # type: ignore[attr-defined]
            if ctx.last_name(func) not in _BUILDER_LAST_NAMES:
                return False
            joinpath = type(func) is ATTRIBUTE and func.attr.value == "joinpath"
            node = func.value if joinpath else node.args[0].value  # type: ignore[attr-defined]
        elif tp is NAME:
            name = node.value  # type: ignore[attr-defined]
            return name in url_names or bool({"url", "uri"} & set(words_of(name)))
        elif tp is ATTRIBUTE:
            return bool({"url", "uri"} & set(words_of(node.attr.value)))  # type: ignore[attr-defined]
        else:
            return False
    return False


_URL_START = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def url_constants(module: cst.Module) -> set[str]:
    """Names that the module binds, at its top level, to a string literal that is a URL."""
    out: set[str] = set()
    for stmt in module.body:
        if type(stmt) is not cst.SimpleStatementLine:
            continue
        for small in stmt.body:
            if type(small) is cst.Assign or type(small) is cst.AnnAssign:
                value = literal_value(small.value) if small.value is not None else None
                if value is not None and _URL_START.match(value):
                    out.update(_target_names(small))
    return out


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


# Spark SQL's direct file query: `<format>.`<path>`` (`parquet.`/mnt/x``, `delta.`data/y``).
_SQL_FILE = re.compile(
    r"(?i)\b(?:parquet|csv|json|orc|avro|delta|text|binaryFile)\s*\.\s*`([^`]+)`"
)


def spark_sql_path(sql: str) -> str | None:
    """The path a Spark SQL text queries directly (`FROM parquet.`data/x.parquet``), if any."""
    m = _SQL_FILE.search(sql)
    return m.group(1).strip() if m else None
