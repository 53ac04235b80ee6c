"""What several project rules (and a layout rule) share: the node functions a pipeline wires,
a node's signature mismatch, a catalog entry's first literal value and what a secret is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from structlint.project.conf import Loc, YMap
from structlint.project.model import Project
from structlint.project.pipelines import NodeInst, Signature
from structlint.project.summary import NOT_TUPLE


def node_functions(project: Project) -> Iterator[tuple[NodeInst, list[str], Signature]]:
    """Registered nodes whose function is a plain (undecorated) def or lambda of the project."""
    return iter(project.node_signatures)


def mismatch(node: NodeInst, sig: Signature) -> str | None:
    if node.input_kind in ("none", "str", "list"):
        n = len(node.inputs)
        # The common case, every positional parameter given and no keyword-only one, needs
        # none of the lists below.
        if n != len(sig.positional) or sig.kwonly:
            pos = [p[0] for p in sig.positional]
            if n > len(pos) and not sig.vararg:
                return (
                    f"node `{node.label}` passes {n} input{'s' if n != 1 else ''} "
                    f"({_names(node)}) but `{sig.name}` takes {len(pos)} positional parameter"
                    f"{'s' if len(pos) != 1 else ''} ({', '.join(pos) or 'none'})"
                )
            required_pos = [p[0] for p in sig.positional if not p[1]]
            required_kw = [k[0] for k in sig.kwonly if not k[1]]
            missing = required_pos[n:] + required_kw
            if missing:
                return (
                    f"node `{node.label}` passes {n} input{'s' if n != 1 else ''}"
                    f"{' (' + _names(node) + ')' if n else ''} but `{sig.name}` also needs "
                    f"{', '.join(f'`{m}`' for m in missing)}"
                )
    elif node.input_kind == "dict":
        pos = [p[0] for p in sig.positional]
        required_pos = [p[0] for p in sig.positional if not p[1]]
        required_kw = [k[0] for k in sig.kwonly if not k[1]]
        keys = [d.key for d in node.inputs if d.key]
        known = set(pos) | {k[0] for k in sig.kwonly}
        extra = [k for k in keys if k not in known]
        if extra and not sig.kwarg:
            return (
                f"node `{node.label}` maps inputs to "
                f"{', '.join(f'`{k}`' for k in extra)}, which `{sig.name}` has no parameter for "
                f"(it has {', '.join(sorted(known)) or 'none'})"
            )
        missing = [p for p in required_pos + required_kw if p not in keys]
        if missing:
            return (
                f"node `{node.label}` gives no input for {', '.join(f'`{m}`' for m in missing)} "
                f"of `{sig.name}`"
            )
    if node.output_kind == "list" and sig.returns is not None and len(sig.returns) == 1:
        (m,) = sig.returns
        if m == NOT_TUPLE:
            n = len(node.outputs)
            return (
                f"node `{node.label}` names {n} output{'s' if n != 1 else ''} in a list but "
                f"`{sig.name}` returns one value that is not a tuple; Kedro fails after the "
                "function has run (\"the node function returned a '...'\"). Return a tuple, "
                "or name one output as a string"
            )
        if m != len(node.outputs):
            return (
                f"node `{node.label}` names {len(node.outputs)} outputs but `{sig.name}` returns "
                f"a tuple of {m}; Kedro fails after the function has run"
            )
    return None


def _names(node: NodeInst) -> str:
    return ", ".join(f"`{d.original}`" for d in node.inputs)


SECRET_NAMES = (
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "access_key",
    "secret_key",
    "private_key",
    "client_secret",
    "aws_secret_access_key",
)


_SECRET_KEY = re.compile(r"(?:^|[_\-.])(?:" + "|".join(SECRET_NAMES) + r")$", re.IGNORECASE)


_PLACEHOLDER = re.compile(
    r"^(?:<[^>]*>|[x*.\-_ ]+|\$\{.*\}|changeme|change_me|todo|none|null)$", re.I
)


# Words that mark a value as a placeholder to fill in (`REPLACE_ME`, `<your token>`,
# `dummy-key`), as SL103 reads them in code.
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)(?:^|[^a-z])(?:your|changeme|change[_-]?me|replace[_-]?me|placeholder|example|dummy|"
    r"fake|todo|tbd|fill[_-]?me|insert)(?:[^a-z]|$)"
)


def is_secret_key(key: str) -> bool:
    return bool(_SECRET_KEY.search(key))


def is_literal_secret(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str):
        return False
    v = value.strip()
    return (
        bool(v) and not _PLACEHOLDER.match(v) and "${" not in v and not _PLACEHOLDER_WORDS.search(v)
    )


def _is_literal_value(value: Any) -> bool:
    """A value of a credentials file that is not only a reference: a number, or a string that
    is not empty, not a placeholder and not wholly made of `${...}` references (a connection
    string with a referenced password still writes its user and host)."""
    if isinstance(value, str):
        v = value.strip()
        if not v or _REFERENCES.fullmatch(v):
            return False
        placeholder = _PLACEHOLDER.match(v) and not v.startswith("${")
        return not placeholder and not _PLACEHOLDER_WORDS.search(v)
    return is_literal_secret(value)


_REFERENCES = re.compile(r"(?:\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*)+")


# Keys that choose among a library's options (`authentication.type: basic`, `auth_method:
# oauth`): a setting written beside the secrets, not one of them, nor who or where one is.
_SETTING_PARTS = frozenset({"type", "kind", "method", "mode", "scheme", "protocol"})


# A connection string that names a local file and nobody (`sqlite:///${globals:raw}/x.db`):
# no user, host or password to keep out of git.
_FILE_URL = re.compile(r"^(?:sqlite|duckdb)(?:\+\w+)?:///[^@]*$", re.IGNORECASE)


def _is_setting(key: Any, value: Any) -> bool:
    last = re.split(r"[._\-]", str(key).lower())[-1]
    if last in _SETTING_PARTS and not is_secret_key(str(key)):
        return True
    return isinstance(value, str) and bool(_FILE_URL.match(value.strip()))


def first_literal(data: Any, path: str) -> tuple[str, Loc] | None:
    """The first key of a credentials file's data that writes a literal value (None when it
    holds only references, placeholders and settings): for SL502 too."""
    return _first_literal(data, path, 0)


def _first_literal(data: Any, path: str, depth: int) -> tuple[str, Loc] | None:
    """The first key of a credentials file whose value is a literal (`_is_literal_value`),
    with its place."""
    if depth > 30:
        return None
    if isinstance(data, YMap):
        for k, v in data.items():
            if _is_literal_value(v) and not _is_setting(k, v):
                return str(k), data.locs.get(k, Loc(path, 1, 1))
            if isinstance(v, YMap | list):
                hit = _first_literal(v, path, depth + 1)
                if hit is not None:
                    return hit
    elif isinstance(data, list):
        for v in data:
            if isinstance(v, YMap | list):
                hit = _first_literal(v, path, depth + 1)
                if hit is not None:
                    return hit
    return None
