"""SL103 hardcoded-secret: a password, token or key written into package code."""

from __future__ import annotations

import re

import libcst as cst

from structlint.rules.locations._common import literal_value, words_of
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import FileContext

# A name denotes a secret when its last word (or last two words) is one of these.
SECRET_WORDS = frozenset({"password", "passwd", "pwd", "secret", "token", "apikey"})
SECRET_PAIRS = frozenset(
    {("api", "key"), ("access", "key"), ("secret", "key"), ("private", "key"), ("client", "secret")}
)
# Kedro's own mappings from function arguments to dataset names.
_KEDRO_MAPPINGS = frozenset({"inputs", "outputs", "parameters", "namespace", "tags"})

_ENV_NAME = re.compile(r"^\$?[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)\b(?:your|changeme|change[_-]?me|replace[_-]?me|placeholder|example|dummy|fake|"
    r"redacted|todo|fixme|tbd|insert|not[_-]?set|none|null|undefined)\b|x{3,}|\*{3}|\.{3}"
)
# `pad_token`, `eos_token`, `cls_token`...: the special tokens of a tokenizer (vocabulary
# entries such as "[PAD]" or "</s>"), not credentials.
_TOKENIZER_WORDS = frozenset(
    {"pad", "bos", "eos", "unk", "sep", "cls", "mask", "oov", "start", "end", "special"}
)
# References to a secret kept in a secret manager: where it is, not what it is.
_SECRET_REFERENCE = re.compile(
    r"^(?:arn:aws[\w-]*:secretsmanager:|arn:aws[\w-]*:ssm:|projects/[^/\s]+/secrets/"
    r"|[a-z][a-z0-9+.-]*://(?![^/\s]*:[^/\s]*@)\S+$)"  # a URL, but not one with `user:pw@`
)
_SPECIAL_TOKEN = re.compile(r"^\[[A-Z_]+\]$")
_NOT_SECRETS = frozenset(
    {"none", "null", "nil", "undefined", "n/a", "na", "bearer", "basic", "digest"}
    | SECRET_WORDS
    | {"api_key", "access_key", "secret_key", "private_key", "client_secret"}
)

# (label, pattern) of well-known credential shapes.
SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key ID", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])")),
    (
        "a private key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----\s*"
            r"(?:[A-Za-z-]+:[^\n]*\n\s*)*[A-Za-z0-9+/=]{16,}"
        ),
    ),
    ("a GitHub token", re.compile(r"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}")),
    ("a GitHub token", re.compile(r"github_pat_[A-Za-z0-9_]{22,}")),
    ("a Slack token", re.compile(r"xox[baprs]-(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{10,}")),
)
_SHAPE_PREFIXES = ("AKIA", "ASIA", "-----BEGIN", "gh", "github_pat_", "xox")


def _has_shape_prefix(text: str) -> bool:
    """`any(p in text for p in _SHAPE_PREFIXES)`, unrolled: it runs on every string literal."""
    return (
        "gh" in text
        or "AKIA" in text
        or "ASIA" in text
        or "-----BEGIN" in text
        or "github_pat_" in text
        or "xox" in text
    )


def is_secret_name(name: str) -> bool:
    """`db_password`, `GITHUB_TOKEN`, `clientSecret`, `aws_secret_access_key`: the name's
    last word is the secret. `token_pattern`, `password_field`, `max_tokens`: not secrets."""
    # A word of the name is a piece of its lowered text, so the name of a secret holds one of
    # these (the words of SECRET_WORDS, the last words of SECRET_PAIRS): most names do not,
    # and need no split.
    lowered = name.lower()
    if not (
        "key" in lowered
        or "token" in lowered
        or "secret" in lowered
        or "passw" in lowered
        or "pwd" in lowered
    ):
        return False
    words = words_of(name)
    if not words:
        return False
    if words[-1] == "token" and len(words) >= 2 and words[-2] in _TOKENIZER_WORDS:
        return False  # a tokenizer's special token: `pad_token = "[PAD]"`
    if words[-1] in SECRET_WORDS:
        return True
    return len(words) >= 2 and (words[-2], words[-1]) in SECRET_PAIRS


def is_placeholder(value: str, name: str = "") -> bool:
    """Values that are not a secret: empty, placeholders, references to one."""
    text = value.strip()
    if len(text) < 3:
        return True
    squeezed = "".join(text.split())
    if len(set(squeezed)) == 1:
        return True  # "xxx", "***", "...."
    if (text.startswith("<") and text.endswith(">")) or (
        text.startswith("{") and text.endswith("}")
    ):
        return True
    if "${" in text or "{{" in text or "%(" in text:
        return True  # an interpolation or template
    if _SECRET_REFERENCE.match(text):
        return True  # `projects/p/secrets/s/versions/latest`, an ARN, a vault URL
    if _SPECIAL_TOKEN.match(text):
        return True  # `[PAD]`, `[MASK]`: a vocabulary entry
    if text.startswith(("params:", "credentials:")):
        return True
    if _ENV_NAME.match(text):
        return True  # the name of an environment variable: a reference, not the secret
    if text.endswith((":", "?")):
        return True  # a prompt
    lowered = text.lower()
    if lowered in _NOT_SECRETS or "".join(words_of(text)) == "".join(words_of(name)):
        return True  # a field name, e.g. PASSWORD = "password"
    return _PLACEHOLDER_WORDS.search(text) is not None


def secret_shape(text: str) -> tuple[str, str] | None:
    """(label, shown prefix) of a well-known credential inside `text`, or None."""
    if not _has_shape_prefix(text):
        return None
    for label, pattern in SHAPES:
        for m in pattern.finditer(text):
            token = m.group(0)
            lowered = token.lower()
            if "example" in lowered or "xxxx" in lowered or "your" in lowered:
                continue  # a documented sample, such as AWS's AKIAIOSFODNN7EXAMPLE
            if not is_placeholder(token) and not _PLACEHOLDER_WORDS.search(token):
                shown = token[:4] if not token.startswith("-") else "-----BEGIN ... PRIVATE KEY"
                return label, shown
    return None


def _target_name(target: cst.BaseExpression) -> str | None:
    # Exact type tests: libcst's node classes are final, and a failed `isinstance` is slow.
    if type(target) is cst.Name:
        return target.value
    if type(target) is cst.Attribute:
        return target.attr.value
    if type(target) is cst.Subscript and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            return literal_value(index.value)
    return None


def _text_of(node: cst.CSTNode) -> str | None:
    """The literal text of a string expression (f-string fields left out)."""
    value = literal_value(node)
    if value is not None:
        return value
    if type(node) is cst.FormattedString:
        return "".join(p.value for p in node.parts if type(p) is cst.FormattedStringText)
    if type(node) is cst.ConcatenatedString:
        left, right = _text_of(node.left), _text_of(node.right)
        return (left or "") + (right or "")
    return None


class HardcodedSecret(FileRule):
    code = "SL103"
    name = "hardcoded-secret"
    summary = "A password, token or key is written into package code."
    explanation = """
A secret in the code is a secret in git: every clone, fork, CI log and package build has it,
and it cannot be rotated without a commit. It also makes every environment share one
account.

structlint reports a string literal assigned to, or passed as, a name that denotes a secret
(`password`, `passwd`, `pwd`, `secret`, `token`, `api_key`, `apikey`, `access_key`,
`secret_key`, `private_key`, `client_secret`, `aws_secret_access_key`, in any case and as the
last word of a longer name: `db_password`, `GITHUB_TOKEN`, `clientSecret`), as a variable, an
attribute, a keyword argument, a parameter default, a dict key or an `os.environ[...]` key;
and any string that has the shape of a well-known credential (`AKIA...` AWS access key IDs,
`-----BEGIN ... PRIVATE KEY-----` blocks, `ghp_` / `github_pat_` GitHub tokens, `xoxb-`
Slack tokens), wherever it appears, docstrings included: a real key in a docstring is just
as leaked.

**Instead**, keep the value in `conf/local/credentials.yml` (git-ignored by the Kedro
template), or have that file read it from the environment, and let the catalog hand it to
the dataset:

```yaml
# conf/local/credentials.yml
warehouse:
  con: postgresql://etl:${oc.env:WAREHOUSE_PASSWORD}@db.internal/sales
```

```yaml
# conf/base/catalog.yml
sales:
  type: pandas.SQLTableDataset
  table_name: sales
  credentials: warehouse
```

Outside node functions (hooks, clients), reading `os.environ["API_TOKEN"]` is fine too. A
secret that was committed must be rotated: removing it from the code does not remove it from
the history.

Stays silent on: empty strings; placeholders (`"<your-token>"`, `"${oc.env:TOKEN}"`, `"xxx"`,
`"***"`, `"changeme"`, anything with `your` or `example`); the name of an environment variable
(`token_env = "GITHUB_TOKEN"`, `password = "DB_PASSWORD"`); prompts (`"Password:"`); a value
that only repeats the name (`PASSWORD = "password"`, a field name); values read from
credentials or the environment (not literals); names whose last word is not the secret
(`token_pattern`, `password_field`, `max_tokens`, `secret_name`); a tokenizer's special
tokens (`pad_token`, `eos_token`, `cls_token`, `mask_token`... and values such as `"[PAD]"`);
references to a secret kept elsewhere (`"projects/p/secrets/s/versions/latest"`, an AWS
Secrets Manager or SSM ARN, a vault URL without `user:password@` in it); auth scheme words
(`token = "Bearer"`); Kedro's `inputs=` / `outputs=` / `parameters=` mappings and `params:`
references; and tests.
"""
    bad = (
        Example(
            """
import requests

API_TOKEN = "3f9a7c0d5e1b4a2f8c6d"  # expect: SL103


def fetch_rates(base_url: str) -> dict:
    session = requests.Session()
    response = session.get(base_url, params={"api_key": "k-81f2a9c4e7"})  # expect: SL103
    return response.json()


def connect(host: str, password: str = "hunter22"):  # expect: SL103
    return host, password
"""
        ),
        Example(
            """
AWS_KEY_ID = "AKIAZ7QX3M4N5P6R7S8T"  # expect: SL103
""",
        ),
    )
    good = (
        Example(
            """
import os

import requests


def fetch_rates(base_url: str, credentials: dict) -> dict:
    token = credentials["api_token"]
    password = os.environ.get("RATES_PASSWORD", "")
    headers = {"Authorization": f"Bearer {token}", "X-Api-Key": "<your-api-key>"}
    return requests.get(base_url, headers=headers, auth=("etl", password)).json()
"""
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self._done: set[int] = set()

    # Name-based: a literal bound to a secret name.

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            name = _target_name(target.target)
            if name is not None:
                self._named(name, node.value, "assigned to")

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        name = _target_name(node.target)
        if name is not None and node.value is not None:
            self._named(name, node.value, "assigned to")

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._named(node.keyword.value, node.value, "passed as keyword argument")

    def visit_Param(self, node: cst.Param) -> None:
        if node.default is not None:
            self._named(node.name.value, node.default, "the default of parameter")

    def visit_DictElement(self, node: cst.DictElement) -> None:
        name = literal_value(node.key)
        if name is None or not is_secret_name(name):
            return  # `_named` would ask `is_secret_name` first: ask before the stack
        stack = self.ctx.stack
        if len(stack) >= 2:
            arg = stack[-2]
            if (
                isinstance(arg, cst.Arg)
                and arg.keyword is not None
                and arg.keyword.value in _KEDRO_MAPPINGS
            ):
                return
        self._named(name, node.value, "the value of dict key")

    def _named(self, name: str, value: cst.BaseExpression, how: str) -> None:
        if not is_secret_name(name):
            return
        text = literal_value(value)
        if text is None or is_placeholder(text, name):
            return
        if words_of(name)[-1] == "pwd" and text.startswith(("/", "./", "~")):
            return  # `pwd` as in "print working directory"
        self._done.add(id(value))
        self._consume(value)
        fn = self.ctx.node_function
        where = f" in {fn.label}" if fn is not None else ""
        self.report(
            value,
            f"hardcoded secret: a string literal is {how} `{name}`{where}. Move the value to "
            "`conf/local/credentials.yml` (git-ignored; it can read the environment with "
            "`${oc.env:VAR}`) and let the catalog pass it through `credentials:`, or read it "
            "from `os.environ` outside node functions; rotate it if it was ever committed.",
        )

    def _consume(self, node: cst.CSTNode) -> None:
        self._done.add(id(node))
        if type(node) is cst.ConcatenatedString:
            self._consume(node.left)
            self._consume(node.right)

    # Shape-based: a well-known credential anywhere.

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if _has_shape_prefix(node.value):
            self._shaped(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> None:
        self._shaped(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._shaped(node)

    def _shaped(self, node: cst.CSTNode) -> None:
        if id(node) in self._done:
            return
        text = _text_of(node)
        if type(node) is cst.ConcatenatedString:
            self._consume(node)
        if text is None:
            return
        found = secret_shape(text)
        if found is None:
            return
        label, shown = found
        self.report(
            node,
            f"hardcoded secret: this string literal contains {label} (`{shown}…`). Rotate "
            "it now, then keep it in `conf/local/credentials.yml` (git-ignored; it can read "
            "the environment with `${oc.env:VAR}`) and let the catalog pass it through "
            "`credentials:`.",
        )
