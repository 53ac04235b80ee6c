"""Kedro's configuration as `OmegaConfigLoader` would see it, read statically.

`settings.py` is parsed (never imported) for `CONF_SOURCE` and `CONFIG_LOADER_ARGS`; the
catalog and parameters are the YAML files of the base and the default run environment that
match the loader's patterns, merged per file and then environment over base (destructive by
default, `soft` when `merge_strategy` says so). YAML anchors and `<<` merges are followed,
`_`-keys of the catalog are templates, `${globals:...}`, `${runtime_params:...,default}` and
`${a.b}` interpolation is resolved where the value is known. Every key keeps its file, line and
column. A file that does not parse is recorded as an error (SL002) and the rest goes on.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import repeat
from pathlib import Path
from typing import Any

import yaml

from structlint.core.findings import CLOSING_NOTE
from structlint.project.yaml_data import LOADER as _Loader
from structlint.project.yaml_data import MAX_DEPTH, Loc, YMap
from structlint.project.yaml_data import MERGE_TAG as _MERGE_TAG
from structlint.project.yaml_data import SCALAR as _SCALAR
from structlint.project.yaml_data import STR_TAG as _STR_TAG

DEFAULT_PATTERNS: dict[str, list[str]] = {
    "catalog": ["catalog*", "catalog*/**", "**/catalog*"],
    "parameters": ["parameters*", "parameters*/**", "**/parameters*"],
    "credentials": ["credentials*", "credentials*/**", "**/credentials*"],
    "globals": ["globals.yml"],
}
CONFIG_SUFFIXES = (".yml", ".yaml", ".json")
TRANSCODING_SEPARATOR = "@"
# Jinja2 in a YAML file, which Kedro's TemplatedConfigLoader (before 0.19) renders.
_JINJA = re.compile(r"\{%|\{\{|\{#")
_JINJA_BLOCK = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_PLACEHOLDER = "__jinja__"


# --------------------------------------------------------------------------- positions


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A value that depends on something only known at run time (`${oc.env:X}`, ...)."""

    text: str


UNRESOLVED_TYPES = (Unresolved,)


@dataclass(frozen=True)
class YamlError:
    """Why Kedro's loader would reject a configuration file, at a place in it. `message` is a
    clause that follows the file's name (`it is not valid YAML: ...`)."""

    path: str
    line: int
    column: int
    message: str


def _scalar(node: yaml.ScalarNode) -> Any:
    ctor = _SCALAR.yaml_constructors.get(node.tag)
    if ctor is None or node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return ctor(_SCALAR, node)
    except Exception:
        return node.value


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


class _Recursive(_TooDeep):
    """An alias inside the very node it names (`a: &x {b: *x}`)."""


_BUILDING = object()  # in the memo while a node's children are built: met again = a cycle


def _build(node: yaml.Node, path: str, memo: dict[int, Any], depth: int, dup: list[Any]) -> Any:
    done = memo.get(id(node))
    if done is not None:
        if done is _BUILDING:
            raise _Recursive(node)
        return done
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if depth >= MAX_DEPTH:
        raise _TooDeep(node)
    memo[id(node)] = _BUILDING
    depth += 1
    if isinstance(node, yaml.SequenceNode):
        out_list = [_build(v, path, memo, depth, dup) for v in node.value]
        memo[id(node)] = out_list
        return out_list
    out = YMap()
    merges: list[yaml.Node] = []
    for k, v in node.value:
        if k.tag == _MERGE_TAG:
            merges.extend(v.value if isinstance(v, yaml.SequenceNode) else [v])
            continue
        key = _build(k, path, memo, depth, dup) if isinstance(k, yaml.ScalarNode) else str(k.value)
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        if key in out and k.tag == _STR_TAG and not dup:
            # OmegaConf's loader rejects a string key written twice in one mapping (a key a
            # `<<` merge brings in is no duplicate); the last one is kept here, as PyYAML does.
            dup.append((k, key, out.locs[key]))
        out[key] = _build(v, path, memo, depth, dup)
        out.locs[key] = Loc(path, k.start_mark.line + 1, k.start_mark.column + 1)
    for m in merges:
        base = _build(m, path, memo, depth, dup)
        if isinstance(base, YMap):
            for kk, vv in base.items():
                if kk not in out:
                    out[kk] = vv
                    out.locs[kk] = base.locs.get(kk, Loc(path, 1, 1))
    memo[id(node)] = out
    return out


def load_yaml(text: str, path: str) -> tuple[Any, YamlError | None]:
    """The document as Python values (mappings are `YMap`s), or the parse error. A file that
    parses but that Kedro's loader still rejects (a duplicate key, a recursive alias, nesting
    too deep) gives both: the error, and the data structlint goes on with.

    Built from the parser's events (`yaml_stream`: no node graph held, a fraction of the
    memory on a large catalog); a file that needs the composer's answer is composed."""
    from structlint.project import yaml_stream

    try:
        data, dup = yaml_stream.build(text, path)
    except yaml_stream.Fallback:
        return _load_composed(text, path)
    except (yaml.YAMLError, RecursionError):
        return _load_composed(text, path)  # the same error, said as the composer says it
    if dup is None:
        return data, None
    line, column, key, first = dup
    return data, _duplicate(path, line, column, key, first)


def _duplicate(path: str, line: int, column: int, key: Any, first: Loc) -> YamlError:
    return YamlError(
        path,
        line,
        column,
        f"the key `{key}` is written twice in one mapping (first at line {first.line}); "
        "Kedro's loader rejects duplicate keys, keep one",
    )


def _load_composed(text: str, path: str) -> tuple[Any, YamlError | None]:
    """`load_yaml` through `yaml.compose` and `_build` (the node graph)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, YamlError(path, line, col, f"it is not valid YAML: {problem}")
    except yaml.YAMLError as exc:
        return None, YamlError(path, 1, 1, f"it is not valid YAML: {str(exc).splitlines()[0]}")
    except RecursionError:
        return None, YamlError(path, 1, 1, f"it nests more than {MAX_DEPTH} levels deep")
    if node is None:
        return None, None
    dup: list[Any] = []
    try:
        data = _build(node, path, {}, 0, dup)
    except _TooDeep as exc:
        return _build_shallow(node, path, exc)
    if dup:
        k, key, first = dup[0]
        return data, _duplicate(path, k.start_mark.line + 1, k.start_mark.column + 1, key, first)
    return data, None


def _build_shallow(node: yaml.Node, path: str, first: _TooDeep) -> tuple[Any, YamlError]:
    """The data of a file with a recursive alias or a value nested too deeply: every
    top-level key, the bad values as `Unresolved` (so the rest of the project is checked
    against all the file's names), and the error at the first bad node."""
    bad = first.node
    what = (
        "an alias is used inside the very mapping or list it names (a recursive alias), "
        "which Kedro's loader rejects; write the values out"
        if isinstance(first, _Recursive)
        else f"it nests more than {MAX_DEPTH} levels deep, which Kedro's loader cannot read "
        "(RecursionError); flatten it"
    )
    error = YamlError(path, bad.start_mark.line + 1, bad.start_mark.column + 1, what)
    if not isinstance(node, yaml.MappingNode):
        return None, error
    out = YMap()
    for k, v in node.value:
        if k.tag == _MERGE_TAG or not isinstance(k, yaml.ScalarNode):
            continue
        key = _scalar(k)
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        try:
            out[key] = _build(v, path, {}, 1, [])
        except _TooDeep:
            out[key] = Unresolved(f"<{key}: not read>")
        out.locs[key] = Loc(path, k.start_mark.line + 1, k.start_mark.column + 1)
    return out, error


# A YAML file's data between runs (`ResultCache` kind "yaml", keyed by the file's content):
# {"v": YAML_VERSION, "d": value}, {"v": YAML_VERSION, "e": [line, column, message]} or both
# (a file Kedro rejects that still gives data: a duplicate key), where a
# mapping is a flat list `[key, value, line, column, key, value, line, column, ...]`, a list is
# {"l": [...]} and a scalar is itself. A file whose data JSON cannot hold exactly (dates,
# binary, a recursive alias) is not cached.
YAML_KIND = "yaml"
YAML_VERSION = 3  # 3: duplicate keys are errors, with the data kept


class _Uncacheable(Exception):
    pass


def yaml_to_json(data: Any, error: YamlError | None, size: int | None = None) -> Any:
    """`size`: the length of the text the data was read from. A document whose aliases
    expand it to far more values than such a text can hold (a "billion laughs" of shared
    anchors, which the data keeps shared and the flat form would write out in full) is not
    cached: `_Uncacheable` once that many values are written."""
    out: dict[str, Any] = {"v": YAML_VERSION}
    if error is None or data is not None:
        budget = [_EXPANSION * size + 1000 if size is not None else sys.maxsize]
        out["d"] = _enc(data, set(), {}, budget)
    if error is not None:
        out["e"] = [error.line, error.column, error.message]
    return out


# Values the flat form may hold per character of the text: a value takes at least a character
# or two to write (`[a, b]`, `{}`) when no alias repeats it.
_EXPANSION = 2


def _enc(v: Any, active: set[int], strings: dict[str, str], budget: list[int]) -> Any:
    if v is None or type(v) in _JSON_SCALARS:
        # Equal strings as one object: marshal writes an object it meets again as a reference.
        return strings.setdefault(v, v) if type(v) is str else v
    if id(v) in active:
        raise _Uncacheable  # a recursive alias
    if type(v) is YMap or type(v) is _CachedMap or type(v) is list:
        budget[0] -= len(v) + 1
        if budget[0] < 0:
            raise _Uncacheable  # an alias bomb: the data keeps it shared, this would not
    if type(v) is YMap or type(v) is _CachedMap:
        active.add(id(v))
        out: list[Any] = []
        locs = v.locs
        for k, x in v.items():
            if not (k is None or type(k) in _JSON_SCALARS):
                raise _Uncacheable
            loc = locs[k]
            out += (
                _enc(k, active, strings, budget),
                _enc(x, active, strings, budget),
                loc.line,
                loc.column,
            )
        active.discard(id(v))
        return out
    if type(v) is list:
        active.add(id(v))
        items = [_enc(x, active, strings, budget) for x in v]
        active.discard(id(v))
        return {"l": items}
    raise _Uncacheable


def yaml_from_json(value: Any, path: str) -> tuple[Any, YamlError | None]:
    """The inverse of `yaml_to_json`; raises ValueError (or TypeError, KeyError,
    RecursionError) on anything it did not write."""
    if (
        type(value) is not dict
        or value.get("v") != YAML_VERSION
        or not 2 <= len(value) <= 3
        or not value.keys() <= {"v", "d", "e"}
    ):
        raise ValueError("not a cached YAML file of this version")
    error = None
    if "e" in value:
        line, col, message = value["e"]
        if type(line) is not int or type(col) is not int or type(message) is not str:
            raise ValueError("not a cached YAML error")
        error = YamlError(path, line, col, message)
    return (_dec(value["d"], path) if "d" in value else None), error


class _CachedMap(YMap):
    """A mapping read back from the cache (`yaml_from_json`), the same as the `YMap` it was
    but for one thing: the places of its keys are made when first asked for. A run asks for
    few of them (to report a finding, and the top-level keys of each file), and making them
    all was most of the cost of reading a large catalog back."""

    __slots__ = ("_where",)
    _where: tuple[str, list[Any]] | None

    @property
    def locs(self) -> dict[Any, Loc]:
        where = self._where
        if where is not None:  # (path, the flat list the mapping was read from)
            path, row = where
            places = map(_new_loc, zip(repeat(path), row[2::4], row[3::4]))
            _YMAP_LOCS.__set__(self, dict(zip(row[0::4], places, strict=True)))
            self._where = None
        return _YMAP_LOCS.__get__(self)

    @locs.setter
    def locs(self, value: dict[Any, Loc]) -> None:
        self._where = None
        _YMAP_LOCS.__set__(self, value)


def _dec(v: Any, path: str) -> Any:
    # The hot loop of a warm run's configuration: a cached catalog holds tens of thousands
    # of mappings and values, so no call is made for a scalar and no place is made (`locs`).
    t = type(v)
    if t is list:
        m = _new_map(_CachedMap)
        if len(v) == 4:  # one key: most nested mappings (`metadata:`, `kedro-viz:`, ...)
            k, x, line, col = v
            if type(k) not in _KEY_TYPES or type(line) is not int or type(col) is not int:
                raise ValueError("not a cached YAML mapping")
            m[k] = x if type(x) in _KEY_TYPES else _dec(x, path)
        else:
            it = iter(v)
            for k, x, line, col in zip(it, it, it, it, strict=True):  # ValueError if not in 4s
                if type(k) not in _KEY_TYPES or type(line) is not int or type(col) is not int:
                    raise ValueError("not a cached YAML mapping")
                m[k] = x if type(x) in _KEY_TYPES else _dec(x, path)
        m._where = (path, v)
        return m
    if t is dict:
        items = v["l"]
        if len(v) != 1 or type(items) is not list:
            raise ValueError("not a cached YAML list")
        return [x if type(x) in _KEY_TYPES else _dec(x, path) for x in items]
    if t in _KEY_TYPES:
        return v
    raise ValueError("not a cached YAML value")


_JSON_SCALARS = frozenset({str, int, float, bool})
_KEY_TYPES = frozenset({str, int, float, bool, type(None)})  # a scalar: a key or a value
_new_map = dict.__new__
_new_loc = partial(tuple.__new__, Loc)  # a `Loc` from a tuple, without Python code
_YMAP_LOCS = YMap.__dict__["locs"]  # the slot `_CachedMap.locs` stands in front of


def load_yaml_cached(text: str, path: str, cache: Any) -> tuple[Any, YamlError | None]:
    """`load_yaml`, through `cache` (a ResultCache, or None)."""
    if cache is None:
        return load_yaml(text, path)
    from structlint.core.hashing import content_hash

    digest = content_hash(text.encode("utf-8", "surrogatepass"))
    hit = cache.lookup(YAML_KIND, path, digest)
    if hit is not None:
        try:
            return yaml_from_json(hit, path)
        except (ValueError, TypeError, KeyError, RecursionError):
            pass  # not what this version writes: parse again
    data, error = load_yaml(text, path)
    with contextlib.suppress(_Uncacheable, RecursionError):
        cache.store(YAML_KIND, path, digest, yaml_to_json(data, error, len(text)))
    return data, error


# --------------------------------------------------------------------------- settings.py


@dataclass
class LoaderSettings:
    conf_source: str = "conf"
    base_env: str = "base"
    run_env: str = "local"
    patterns: dict[str, list[str]] = field(default_factory=lambda: dict(DEFAULT_PATTERNS))
    merge_strategy: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def read_settings(text: str | None, path: str) -> LoaderSettings:
    out = LoaderSettings()
    if not text:
        return out
    try:
        tree = ast.parse(text)
    except SyntaxError:
        out.notes.append(f"{path} does not parse: using Kedro's default configuration layout")
        return out
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        if target.id == "CONF_SOURCE":
            v = _literal(value)
            if isinstance(v, str):
                out.conf_source = v
            else:
                out.notes.append(f"{path}: CONF_SOURCE is computed; assuming `conf`")
        elif target.id == "CONFIG_LOADER_ARGS" and isinstance(value, ast.Dict):
            for k, v in zip(value.keys, value.values, strict=False):
                key = _literal(k) if k is not None else None
                val = _literal(v)
                if key == "base_env" and isinstance(val, str):
                    out.base_env = val
                elif key == "default_run_env" and isinstance(val, str):
                    out.run_env = val
                elif key == "config_patterns" and isinstance(val, dict):
                    for kind, pats in val.items():
                        if isinstance(pats, list):
                            out.patterns[kind] = [p for p in pats if isinstance(p, str)]
                elif key == "merge_strategy" and isinstance(val, dict):
                    out.merge_strategy = {str(a): str(b) for a, b in val.items()}
                elif key in ("config_patterns", "merge_strategy") and val is None:
                    out.notes.append(f"{path}: CONFIG_LOADER_ARGS[{key!r}] is computed; ignored")
    return out


# --------------------------------------------------------------------------- globs


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("/.*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def matches_patterns(rel: str, patterns: list[str]) -> bool:
    """Whether a file path (relative to an environment folder) matches a Kedro pattern."""
    return any(_glob_regex(p).match(rel) for p in patterns)


# --------------------------------------------------------------------------- interpolation

_INTERP = re.compile(r"\$\{([^{}]*)\}")
_PLAIN = frozenset({int, float, bool})


def _dig(tree: Any, dotted: str) -> Any:
    cur = tree
    for part in dotted.split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return _MISSING
    return cur


_MISSING = object()


def _default_of(body: str) -> tuple[str, Any]:
    """`key, default` of a resolver argument list; default is _MISSING when absent."""
    key, sep, default = body.partition(",")
    if not sep:
        return key.strip(), _MISSING
    d = default.strip()
    if len(d) >= 2 and d[0] == d[-1] and d[0] in "'\"":
        return key.strip(), d[1:-1]
    try:
        return key.strip(), yaml.safe_load(d) if d else ""
    except yaml.YAMLError:
        return key.strip(), d


class Resolver:
    """Resolves `${...}` against globals and the config's own root."""

    def __init__(self, globals_: dict, root: dict | None = None) -> None:
        self.globals = globals_
        self.root = root or {}

    def one(self, body: str, depth: int) -> Any:
        body = body.strip()
        if body.startswith("globals:"):
            key, default = _default_of(body[len("globals:") :])
            v = _dig(self.globals, key)
            if v is _MISSING:
                return Unresolved("${" + body + "}") if default is _MISSING else default
            return self.value(v, depth + 1)
        if body.startswith("runtime_params:"):
            _, default = _default_of(body[len("runtime_params:") :])
            return Unresolved("${" + body + "}") if default is _MISSING else default
        if ":" in body or body.startswith("."):
            return Unresolved("${" + body + "}")
        v = _dig(self.root, body)
        if v is _MISSING:
            return Unresolved("${" + body + "}")
        return self.value(v, depth + 1)

    def value(self, v: Any, depth: int = 0) -> Any:
        if depth > 20:
            return Unresolved(str(v))
        if isinstance(v, str) and "${" in v:
            m = _INTERP.fullmatch(v.strip())
            if m:
                return self.one(m.group(1), depth)
            parts: list[str] = []
            pos = 0
            for m in _INTERP.finditer(v):
                r = self.one(m.group(1), depth)
                if isinstance(r, (Unresolved, dict | list)):
                    return Unresolved(v)
                parts.append(v[pos : m.start()])
                parts.append(str(r))
                pos = m.end()
            parts.append(v[pos:])
            return "".join(parts)
        if isinstance(v, YMap):
            out = YMap()
            for k, x in v.items():
                # A plain scalar resolves to itself: no call for the bulk of a catalog.
                if x is None or type(x) in _PLAIN or (type(x) is str and "${" not in x):
                    out[k] = x
                else:
                    out[k] = self.value(x, depth)
            out.locs = v.locs
            return out
        if isinstance(v, dict):
            return {k: self.value(x, depth) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x, depth) for x in v]
        return v


def interpolation_heads(value: Any) -> Iterator[str]:
    """First segments of the plain `${a.b}` references inside a config value."""
    out: list[str] = []
    _heads_into(value, out)
    return iter(out)


def _heads_into(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        if "${" in value:
            for m in _INTERP.finditer(value):
                body = m.group(1).strip()
                if ":" not in body and not body.startswith("."):
                    out.append(body.split(".", 1)[0])
        return
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return
    for v in items:
        # Only strings with `${` and containers can hold a reference: no call for the rest.
        if isinstance(v, str):
            if "${" in v:
                _heads_into(v, out)
        elif isinstance(v, dict | list):
            _heads_into(v, out)


# --------------------------------------------------------------------------- the model


@dataclass
class ConfFile:
    path: str  # relative to the project root
    env: str  # the environment folder it lives in ("" when directly under conf/)
    rel: str  # relative to the environment folder
    data: Any  # None when empty or broken
    error: YamlError | None
    text: str


@dataclass
class CatalogEntry:
    name: str
    config: Any  # raw (unresolved) value; normally a YMap
    loc: Loc  # the key
    env: str
    is_pattern: bool = False
    # The same name in other files / environments (base first): for finding positions.
    also: list[Loc] = field(default_factory=list)
    _regex: re.Pattern[str] | None = None

    @property
    def base_loc(self) -> Loc:
        """Where the entry is first written (the base environment's file when it has one)."""
        return self.also[0] if self.also else self.loc

    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            out, pos = [], 0
            for m in re.finditer(r"\{([^{}:]*)(?::[^{}]*)?\}", self.name):
                out.append(re.escape(self.name[pos : m.start()]))
                out.append(f"(?P<{_group(m.group(1))}>.+?)" if m.group(1) else "(.+?)")
                pos = m.end()
            out.append(re.escape(self.name[pos:]))
            try:
                self._regex = re.compile("".join(out), re.IGNORECASE | re.DOTALL)
            except re.error:  # repeated placeholder names
                self._regex = re.compile(
                    re.sub(r"\(\?P<[^>]+>", "(", "".join(out)), re.IGNORECASE | re.DOTALL
                )
        return self._regex


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name) if name and not name[0].isdigit() else f"_{name}"


def pattern_specificity(pattern: str) -> int:
    return len(re.sub(r"\{.*?\}", "", pattern))


def strip_transcoding(name: str) -> str:
    return name.split(TRANSCODING_SEPARATOR, 1)[0]


class Conf:
    """The configuration of one run: catalog, parameters and globals, with positions."""

    def __init__(
        self,
        root: Path,
        read_text: Callable[[str], str | None],
        settings_text: str | None = None,
        settings_path: str = "settings.py",
        run_env: str | None = None,
        cache: Any = None,
    ) -> None:
        self.root = root
        self.cache = cache  # a ResultCache: each YAML file's data by content
        self.read_text = read_text
        self.settings = read_settings(settings_text, settings_path)
        if run_env:
            self.settings.run_env = run_env
        self.notes: list[str] = list(self.settings.notes)
        self._settings_text = settings_text
        self._settings_path = settings_path
        self.conf_dir = self.settings.conf_source.strip("/") or "conf"
        self.files: list[ConfFile] = []
        # Files (and folders) under conf/ that could not be read as UTF-8 text.
        self.read_errors: list[YamlError] = []
        self._load_files()

    # ----------------------------------------------------------------- files
    @property
    def base_env(self) -> str:
        return self.settings.base_env

    @property
    def run_env(self) -> str:
        return self.settings.run_env

    def _load_files(self) -> None:
        top = self.root / self.conf_dir
        if not top.is_dir():
            if not self.conf_dir.endswith((".zip", ".tar.gz")):
                self.notes.append(f"no configuration folder `{self.conf_dir}/`")
            return

        def unlisted(exc: OSError) -> None:
            where = Path(exc.filename or top)
            with contextlib.suppress(ValueError):
                where = where.relative_to(self.root)
            self.read_errors.append(
                YamlError(
                    where.as_posix(),
                    1,
                    1,
                    f"this folder cannot be listed ({exc.strerror or exc}), so no configuration "
                    "file in it was read; "
                    + (
                        "shorten the path"
                        if exc.errno == errno.ENAMETOOLONG
                        else "make it readable (`chmod u+rx`)"
                    ),
                )
            )

        for dirpath, dirnames, filenames in os.walk(top, onerror=unlisted):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            rel_dir = Path(dirpath).relative_to(top).as_posix()
            for name in sorted(filenames):
                if name.startswith(".") or not name.endswith(CONFIG_SUFFIXES):
                    continue
                rel_in_conf = name if rel_dir == "." else f"{rel_dir}/{name}"
                env, _, rel = rel_in_conf.partition("/")
                if not rel:
                    env, rel = "", rel_in_conf
                path = f"{self.conf_dir}/{rel_in_conf}"
                text = self.read_text(path)
                if text is None:
                    # Kedro reads every matching file as UTF-8 and stops on one it cannot.
                    self.read_errors.append(YamlError(path, *unreadable(self.root, path)))
                    continue
                data, error = load_yaml_cached(text, path, self.cache)
                if error is not None and _JINJA.search(text) and self.renders_jinja:
                    data, error = self._load_template(text, path, error)
                self.files.append(ConfFile(path, env, rel, data, error, text))

    @cached_property
    def _omegaconf_resolves(self) -> bool:
        if self.renders_jinja:
            return False
        from structlint.project.kedro_version import declared_kedro

        declared = declared_kedro(self.read_text)
        old = declared is not None and declared.before(0, 19)
        return not old or "OmegaConfigLoader" in (self._settings_text or "")

    # ----------------------------------------------------------------- Jinja2 (Kedro < 0.19)
    @cached_property
    def renders_jinja(self) -> bool:
        """Whether the project's configuration loader is Kedro's `TemplatedConfigLoader`
        (Kedro 0.17 / 0.18, gone in 0.19), which renders Jinja2 in the YAML before parsing
        it: named in settings.py (0.18), or in hooks.py / run.py next to it (0.17, 0.16)."""
        folder = self._settings_path.rpartition("/")[0]
        texts = [self._settings_text] + [
            self.read_text(f"{folder}/{name}" if folder else name)
            for name in ("hooks.py", "run.py")
        ]
        return any(t and "TemplatedConfigLoader" in t for t in texts)

    def _load_template(
        self, text: str, path: str, error: YamlError
    ) -> tuple[Any, YamlError | None]:
        """A Jinja2 template read as YAML with its tags blanked out (`{% ... %}`, `{# ... #}`)
        and its expressions (`{{ ... }}`) standing as a placeholder: the YAML around them is
        still checked. Top-level keys that the template makes are left out, and noted."""
        blank = _JINJA_BLOCK.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        blank = _JINJA_EXPR.sub(_JINJA_PLACEHOLDER, blank)
        data, error2 = load_yaml(blank, path)
        if error2 is not None:
            return None, error  # broken beyond its template tags: the first error stands
        dropped = 0
        if isinstance(data, YMap):
            for key in [k for k in data if _JINJA_PLACEHOLDER in str(k)]:
                del data[key]
                data.locs.pop(key, None)
                dropped += 1
        self.notes.append(
            f"{path} is a Jinja2 template (TemplatedConfigLoader): read with its template "
            "tags blanked out; entries whose names the template makes were not read"
        )
        if dropped:
            # Said without -v too: the rules below do not see those entries at all.
            self.notes.append(
                f"{CLOSING_NOTE}{path} is a Jinja2 template whose entry names the template "
                "makes: those entries were not read, and SL401/SL402/SL403/SL408 are incomplete "
                "for them; run with -v"
            )
        return data, None

    @property
    def yaml_errors(self) -> list[YamlError]:
        """Every reason Kedro's loader would stop on a file of conf/: unreadable files, YAML
        that does not parse or that Kedro rejects, a top level that is no mapping, and
        interpolations that cannot resolve."""
        return [
            *self.read_errors,
            *(f.error for f in self.files if f.error is not None),
            *self.shape_errors,
            *self.interpolation_errors,
        ]

    @cached_property
    def shape_errors(self) -> list[YamlError]:
        """Catalog, parameters, globals and credentials files (of any environment) whose top
        level is a list or a scalar: Kedro's loader wants a mapping."""
        out = []
        for f in self.files:
            if f.env == "" or f.error is not None or f.data is None or isinstance(f.data, dict):
                continue
            kind = self.kind_of(f)
            if kind is None:
                continue
            line = _first_content_line(f.text)
            if isinstance(f.data, list):
                what = "a list"
            elif isinstance(f.data, str):
                what = (
                    f"the bare string {_short(f.data)!r} (Kedro reads it as that one key, "
                    "with no value)"
                )
            else:
                what = f"a single {type(f.data).__name__} ({_short(str(f.data))})"
            out.append(
                YamlError(
                    f.path,
                    line,
                    1,
                    f"the top level of this {kind} file is {what}, but Kedro's loader needs a "
                    "mapping of names to entries; write `name: value` pairs",
                )
            )
        return out

    def kind_of(self, f: ConfFile) -> str | None:
        """`catalog`, `parameters`, `globals` or `credentials`: the kind of configuration
        whose patterns the file matches, else None."""
        for kind in ("catalog", "parameters", "globals", "credentials"):
            pats = self.settings.patterns.get(kind, DEFAULT_PATTERNS.get(kind, []))
            if any(_glob_regex(p).match(f.rel) for p in pats):
                return kind
        return None

    @cached_property
    def interpolation_errors(self) -> list[YamlError]:
        """`${...}` in the catalog and parameters of the run's environments that Kedro
        cannot resolve: one never closed, a reference to a key that the merged
        configuration of that kind does not hold, or a `${globals:key}` with no default and
        no such global. A top-level key that a later environment replaces is never
        resolved by Kedro: not looked at. Only OmegaConfigLoader resolves `${...}` this way:
        a project whose loader is TemplatedConfigLoader (its globals fill `${name}`) or that
        declares a Kedro before 0.19 without naming OmegaConfigLoader is not looked at."""
        if not self._omegaconf_resolves:
            return []
        out: list[YamlError] = []
        globals_ok = not any(
            f.error is not None for f in self.files if self.kind_of(f) == "globals"
        )
        envs = self.envs()
        for kind in ("catalog", "parameters"):
            if not any("${" in f.text for env in envs for f in self.files_of(kind, env)):
                continue  # (no merge of a large catalog that has nothing to resolve)
            root, _ = self._merged(kind)
            soft = self.settings.merge_strategy.get(kind, "destructive") == "soft"
            later: set[str] = set()  # top-level keys of the environments after this one
            for env in reversed(envs):
                files = [f for f in self.files_of(kind, env) if isinstance(f.data, YMap)]
                for f in files:
                    if "${" in f.text:
                        skip = frozenset() if soft else frozenset(later)
                        found = _check_interpolations(
                            f, kind, envs, root, self.globals if globals_ok else None, skip
                        )
                        out.extend(found)
                for f in files:
                    later.update(str(k) for k in f.data)
        out.sort(key=lambda e: (e.path, e.line, e.column))
        return out

    def files_of(self, kind: str, env: str) -> list[ConfFile]:
        pats = self.settings.patterns.get(kind, DEFAULT_PATTERNS.get(kind, []))
        regexes = [_glob_regex(p) for p in pats]
        return [f for f in self.files if f.env == env and any(r.match(f.rel) for r in regexes)]

    def envs(self) -> list[str]:
        envs = [self.base_env]
        if self.run_env and self.run_env != self.base_env:
            envs.append(self.run_env)
        return envs

    # ----------------------------------------------------------------- merged views
    def _merged(self, kind: str) -> tuple[dict, dict[str, list[Loc]]]:
        """Merged raw config of a kind, and every place each top-level key is written."""
        per_env: list[dict] = []
        locs: dict[str, list[Loc]] = {}
        for env in self.envs():
            merged: dict = {}
            for f in self.files_of(kind, env):
                if not isinstance(f.data, YMap):  # every mapping `load_yaml` gives is one
                    continue
                where = f.data.locs
                for k, v in f.data.items():
                    key = str(k)
                    merged[key] = v
                    # (a Loc is never falsy: `or` builds the fallback only when it is used)
                    locs.setdefault(key, []).append(where.get(k) or Loc(f.path, 1, 1))
            per_env.append(merged)
        if not per_env:
            return {}, locs
        out = dict(per_env[0])
        for env_conf in per_env[1:]:
            if self.settings.merge_strategy.get(kind, "destructive") == "soft":
                out = _soft_merge(out, env_conf)
            else:
                out.update(env_conf)
        return out, locs

    @cached_property
    def globals(self) -> dict:
        raw, _ = self._merged("globals")
        return Resolver({}, raw).value(raw)

    @cached_property
    def _catalog(self) -> tuple[dict[str, CatalogEntry], list[CatalogEntry], dict]:
        raw, locs = self._merged("catalog")
        entries: dict[str, CatalogEntry] = {}
        patterns: list[CatalogEntry] = []
        env_of: dict[str, str] = {}  # by file: thousands of entries share a few
        for name, value in raw.items():
            if name.startswith("_"):
                continue
            places = locs.get(name) or [Loc(self.conf_dir, 1, 1)]
            path = places[-1].path
            env = env_of.get(path)
            if env is None:
                env = env_of[path] = self._env_of(path)
            entry = CatalogEntry(
                name,
                value,
                places[-1],
                env,
                is_pattern="{" in name,
                also=places[:-1] and places,
            )
            if entry.is_pattern:
                patterns.append(entry)
            else:
                entries[name] = entry
        patterns.sort(key=lambda e: (-pattern_specificity(e.name), -e.name.count("{"), e.name))
        return entries, patterns, raw

    def _env_of(self, path: str) -> str:
        rest = path[len(self.conf_dir) + 1 :]
        return rest.split("/", 1)[0] if "/" in rest else ""

    @property
    def catalog(self) -> dict[str, CatalogEntry]:
        """Catalog entries by name (not patterns, not `_` templates)."""
        return self._catalog[0]

    @property
    def patterns(self) -> list[CatalogEntry]:
        """Dataset factory patterns in Kedro's matching order."""
        return self._catalog[1]

    @cached_property
    def catalog_resolver(self) -> Resolver:
        return Resolver(self.globals, self._catalog[2])

    def resolved(self, entry: CatalogEntry) -> Any:
        return self.catalog_resolver.value(entry.config)

    def match_pattern(self, name: str) -> tuple[CatalogEntry, dict[str, str]] | None:
        """The factory pattern Kedro would use for a dataset name, with its placeholders."""
        for p in self.patterns:
            m = p.regex().fullmatch(name)
            if m:
                return p, {k: v for k, v in m.groupdict().items() if v is not None}
        return None

    def defines(self, name: str) -> bool:
        """Whether the catalog (an entry or a factory pattern) provides a dataset name."""
        return name in self.catalog or self.match_pattern(name) is not None

    def dataset_config(self, name: str) -> tuple[Any, Loc] | None:
        """The resolved config of a dataset name (entry or filled-in pattern)."""
        entry = self.catalog.get(name)
        if entry is not None:
            return self.resolved(entry), entry.loc
        hit = self.match_pattern(name)
        if hit is None:
            return None
        pattern, groups = hit
        return _fill(self.resolved(pattern), groups), pattern.loc

    # ----------------------------------------------------------------- parameters
    @cached_property
    def _parameters(self) -> tuple[dict, dict[str, list[Loc]]]:
        raw, locs = self._merged("parameters")
        return raw, locs

    @property
    def parameters(self) -> dict:
        return self._parameters[0]

    @property
    def parameter_locs(self) -> dict[str, list[Loc]]:
        """Every place each top-level parameter key is written (base first)."""
        return self._parameters[1]

    @cached_property
    def parameter_paths(self) -> tuple[frozenset[str], frozenset[str]]:
        """(every `a`, `a.b`, `a.b.c` a `params:` input can name; prefixes whose value is
        only known at run time, so any deeper path is accepted)."""
        resolver = Resolver(self.globals, self.parameters)
        paths: set[str] = set()
        open_: set[str] = set()

        def walk(prefix: str, value: Any, depth: int) -> None:
            if depth > 30:
                return
            if isinstance(value, str) and "${" in value:
                value = resolver.value(value)
            if isinstance(value, Unresolved):
                open_.add(prefix)
                return
            if isinstance(value, dict):
                for k, v in value.items():
                    p = f"{prefix}.{k}"
                    paths.add(p)
                    walk(p, v, depth + 1)

        for k, v in self.parameters.items():
            paths.add(str(k))
            walk(str(k), v, 0)
        return frozenset(paths), frozenset(open_)

    def has_parameter(self, dotted: str) -> bool:
        paths, open_ = self.parameter_paths
        if dotted in paths:
            return True
        parts = dotted.split(".")
        return any(".".join(parts[:i]) in open_ for i in range(1, len(parts)))

    @cached_property
    def interpolated_parameter_heads(self) -> frozenset[str]:
        """Top-level parameter keys that config itself references with `${key...}`."""
        heads: set[str] = set()
        envs = self.envs()
        for f in self.files:
            # A string of the data holds `${` only where the text does, or where a
            # double-quoted escape spells it: skip the walk of a file with neither.
            if "${" not in f.text and "\\" not in f.text:
                continue
            if f.data is not None and f.env in envs:
                heads.update(interpolation_heads(f.data))
        return frozenset(heads)


def unreadable(root: Path, path: str) -> tuple[int, int, str]:
    """Line, column and why a configuration file could not be read as text (the engine's
    reader gave nothing), saying what to do. Never blocks: a FIFO is not opened."""
    full = os.path.join(root, path)
    try:
        info = os.stat(full)
    except OSError as exc:
        if exc.errno == errno.ENOENT and os.path.islink(full):
            return (
                1,
                1,
                (
                    f"it is a symbolic link to `{os.readlink(full)}`, which does not exist; "
                    "point the link at the file, or delete it"
                ),
            )
        if exc.errno == errno.ENAMETOOLONG:
            return (
                1,
                1,
                (
                    f"its path is longer than the system allows ({exc.strerror}); shorten the "
                    "folder names above it"
                ),
            )
        return 1, 1, f"it cannot be read ({exc.strerror or exc}); fix or delete it"
    if not stat.S_ISREG(info.st_mode):
        return (
            1,
            1,
            (
                "it is not a regular file (a FIFO, socket or device), which Kedro's loader would "
                "block or fail on; replace it with a file or delete it"
            ),
        )
    try:
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return (
            1,
            1,
            (
                f"it cannot be read ({exc.strerror or exc}); make it readable (`chmod u+r`) or "
                "delete it"
            ),
        )
    return _not_utf8(data)


def _not_utf8(data: bytes) -> tuple[int, int, str]:
    """Where and why bytes are not the UTF-8 text Kedro's loader reads."""
    save = "save it as UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1, 1, f"it is UTF-16 or UTF-32 text, but Kedro reads configuration as UTF-8; {save}"
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        col = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        return (
            line,
            col,
            (
                "it holds a NUL byte: it is binary, or text in an encoding other than UTF-8, and "
                f"Kedro's YAML reader rejects it; {save}"
            ),
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return (
            line,
            col,
            (
                f"it is not valid UTF-8 (byte 0x{data[exc.start]:02x}), and Kedro reads "
                f"configuration as UTF-8; {save}"
            ),
        )
    return 1, 1, "it could not be read as text; save it as UTF-8"


def _first_content_line(text: str) -> int:
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "%", "---")):
            return n
    return 1


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# A plain reference `${a.b.c}` (no resolver, no relative `.`, no `[0]`).
_PLAIN_REF = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\Z")


def _check_interpolations(
    f: ConfFile,
    kind: str,
    envs: list[str],
    root: dict,
    globals_: dict | None,
    skip: frozenset[str] = frozenset(),
) -> list[YamlError]:
    """The interpolation problems of one file, each at the key whose value holds it. An
    iterative walk over each container once (aliases share them), so depth and alias
    fan-out cost nothing more."""
    out: list[YamlError] = []
    seen: set[int] = set()
    locs = f.data.locs
    stack: list[tuple[Any, Loc]] = [(v, locs[k]) for k, v in f.data.items() if str(k) not in skip]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, str):
            if "${" in value:
                why = _interpolation_problem(value, kind, envs, root, globals_)
                if why:
                    out.append(YamlError(f.path, loc.line, loc.column, why))
            continue
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, YMap):
            locs = value.locs
            stack.extend((v, locs.get(k, loc)) for k, v in value.items())
        elif isinstance(value, dict):
            stack.extend((v, loc) for v in value.values())
        else:
            stack.extend((v, loc) for v in value)
    out.sort(key=lambda e: (e.line, e.column))
    return out


def _interpolation_problem(
    value: str, kind: str, envs: list[str], root: dict, globals_: dict | None
) -> str | None:
    if _unclosed(value):
        return (
            f"`{_short(value)}` opens an interpolation `${{` that is never closed, which "
            "Kedro's loader cannot parse (GrammarParseError); close it with `}`"
        )
    for m in _INTERP.finditer(value):
        if m.start() > 0 and value[m.start() - 1] == "\\":
            continue  # `\${...}` is a literal `${...}`
        body = m.group(1).strip()
        if body.startswith("globals:"):
            key, default = _default_of(body[len("globals:") :])
            if globals_ is not None and default is _MISSING and _absent(globals_, key):
                return (
                    f"`${{{body}}}` names no key of the globals (`globals.yml`) and gives no "
                    f"default, so Kedro stops resolving it; add `{key}` to globals.yml or a "
                    f"default: `${{globals:{key},<default>}}`"
                )
            continue
        if not _PLAIN_REF.match(body) or not _absent(root, body):
            continue
        runtime = (
            " (or pass it on every run with `kedro run --params`)" if kind == "parameters" else ""
        )
        where = " and ".join(f"`{e}`" for e in envs)
        return (
            f"`${{{body}}}` refers to `{body}`, which the {kind} of {where} does not define, "
            f"so Kedro stops resolving it (InterpolationKeyError); define `{body}`{runtime}, "
            "or fix the reference"
        )
    return None


def _absent(tree: Any, dotted: str) -> bool:
    """Whether `dotted` surely names nothing in `tree`: some part is missing from a mapping,
    or goes below a plain scalar. A part under a value only known at run time (`${...}`, an
    unresolved value) or a list is not surely missing."""
    cur = tree
    for part in dotted.split("."):
        if isinstance(cur, dict):
            if part in cur:
                cur = cur[part]
            else:
                hit = next((v for k, v in cur.items() if str(k) == part), _MISSING)
                if hit is _MISSING:
                    return True
                cur = hit
        else:  # below a scalar (`${x.b}` with `x: 1`) OmegaConf stops too
            return not (
                isinstance(cur, list | Unresolved) or (isinstance(cur, str) and "${" in cur)
            )
    return False


def _unclosed(value: str) -> bool:
    """Whether a `${` of the string has no closing `}` (OmegaConf's grammar: nested `${`, and
    `{...}` literals inside an interpolation, each need their own `}`)."""
    depth = 0
    i, n = 0, len(value)
    while i < n:
        if value.startswith("\\${", i):
            i += 3
        elif value.startswith("${", i):
            depth += 1
            i += 2
        elif depth and value[i] == "{":
            depth += 1
            i += 1
        elif depth and value[i] == "}":
            depth -= 1
            i += 1
        else:
            i += 1
    return depth > 0


def _soft_merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _soft_merge(out[k], v)
        else:
            out[k] = v
    return out


def _fill(value: Any, groups: dict[str, str]) -> Any:
    if isinstance(value, str) and "{" in value:
        try:
            return value.format(**groups)
        except (KeyError, IndexError, ValueError):
            return value
    if isinstance(value, YMap):
        out = YMap()
        for k, v in value.items():
            out[k] = _fill(v, groups)
        out.locs = value.locs
        return out
    if isinstance(value, dict):
        return {k: _fill(v, groups) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, groups) for v in value]
    return value
