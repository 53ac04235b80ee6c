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
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import yaml

try:  # libyaml is much faster; pure Python works the same
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

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


class Loc(NamedTuple):
    """A place in a file: relative POSIX path, 1-based line and column. (A tuple: hashing
    and comparing many of them must be cheap.)"""

    path: str
    line: int
    column: int


class YMap(dict):
    """A YAML mapping that remembers where each of its keys was written."""

    __slots__ = ("locs",)

    def __init__(self) -> None:
        super().__init__()
        self.locs: dict[Any, Loc] = {}


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A value that depends on something only known at run time (`${oc.env:X}`, ...)."""

    text: str


UNRESOLVED_TYPES = (Unresolved,)


@dataclass(frozen=True)
class YamlError:
    path: str
    line: int
    column: int
    message: str


_SCALAR = yaml.constructor.SafeConstructor()
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _scalar(node: yaml.ScalarNode) -> Any:
    ctor = _SCALAR.yaml_constructors.get(node.tag)
    if ctor is None or node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return ctor(_SCALAR, node)
    except Exception:
        return node.value


def _build(node: yaml.Node, path: str, memo: dict[int, Any]) -> Any:
    done = memo.get(id(node))
    if done is not None:
        return done
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        out_list: list[Any] = []
        memo[id(node)] = out_list
        out_list.extend(_build(v, path, memo) for v in node.value)
        return out_list
    out = YMap()
    memo[id(node)] = out
    merges: list[yaml.Node] = []
    for k, v in node.value:
        if k.tag == _MERGE_TAG:
            merges.extend(v.value if isinstance(v, yaml.SequenceNode) else [v])
            continue
        key = _build(k, path, memo) if isinstance(k, yaml.ScalarNode) else str(k.value)
        if not isinstance(key, str | int | float | bool) and key is not None:
            key = str(key)
        out[key] = _build(v, path, memo)
        out.locs[key] = Loc(path, k.start_mark.line + 1, k.start_mark.column + 1)
    for m in merges:
        base = _build(m, path, memo)
        if isinstance(base, YMap):
            for kk, vv in base.items():
                if kk not in out:
                    out[kk] = vv
                    out.locs[kk] = base.locs.get(kk, Loc(path, 1, 1))
    return out


def load_yaml(text: str, path: str) -> tuple[Any, YamlError | None]:
    """The document as Python values (mappings are `YMap`s), or the parse error."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, YamlError(path, line, col, problem)
    except yaml.YAMLError as exc:
        return None, YamlError(path, 1, 1, str(exc).splitlines()[0])
    if node is None:
        return None, None
    return _build(node, path, {}), None


# A YAML file's data between runs (`ResultCache` kind "yaml", keyed by the file's content):
# {"v": YAML_VERSION, "d": value} or {"v": YAML_VERSION, "e": [line, column, message]}, where a
# mapping is a flat list `[key, value, line, column, key, value, line, column, ...]`, a list is
# {"l": [...]} and a scalar is itself. A file whose data JSON cannot hold exactly (dates,
# binary, a recursive alias) is not cached.
YAML_KIND = "yaml"
YAML_VERSION = 2


class _Uncacheable(Exception):
    pass


def yaml_to_json(data: Any, error: YamlError | None) -> Any:
    if error is not None:
        return {"v": YAML_VERSION, "e": [error.line, error.column, error.message]}
    return {"v": YAML_VERSION, "d": _enc(data, set(), {})}


def _enc(v: Any, active: set[int], strings: dict[str, str]) -> Any:
    if v is None or type(v) in _JSON_SCALARS:
        # Equal strings as one object: marshal writes an object it meets again as a reference.
        return strings.setdefault(v, v) if type(v) is str else v
    if id(v) in active:
        raise _Uncacheable  # a recursive alias
    if type(v) is YMap or type(v) is _CachedMap:
        active.add(id(v))
        out: list[Any] = []
        locs = v.locs
        for k, x in v.items():
            if not (k is None or type(k) in _JSON_SCALARS):
                raise _Uncacheable
            loc = locs[k]
            out += (_enc(k, active, strings), _enc(x, active, strings), loc.line, loc.column)
        active.discard(id(v))
        return out
    if type(v) is list:
        active.add(id(v))
        items = [_enc(x, active, strings) for x in v]
        active.discard(id(v))
        return {"l": items}
    raise _Uncacheable


def yaml_from_json(value: Any, path: str) -> tuple[Any, YamlError | None]:
    """The inverse of `yaml_to_json`; raises ValueError (or TypeError, KeyError,
    RecursionError) on anything it did not write."""
    if type(value) is not dict or value.get("v") != YAML_VERSION or len(value) != 2:
        raise ValueError("not a cached YAML file of this version")
    if "e" in value:
        line, col, message = value["e"]
        if type(line) is not int or type(col) is not int or type(message) is not str:
            raise ValueError("not a cached YAML error")
        return None, YamlError(path, line, col, message)
    return _dec(value["d"], path), None


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
    from structlint.cache import content_hash

    digest = content_hash(text.encode("utf-8", "surrogatepass"))
    hit = cache.lookup(YAML_KIND, path, digest)
    if hit is not None:
        try:
            return yaml_from_json(hit, path)
        except (ValueError, TypeError, KeyError, RecursionError):
            pass  # not what this version writes: parse again
    data, error = load_yaml(text, path)
    with contextlib.suppress(_Uncacheable, RecursionError):
        cache.store(YAML_KIND, path, digest, yaml_to_json(data, error))
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
        for dirpath, dirnames, filenames in os.walk(top):
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
                    continue
                data, error = load_yaml_cached(text, path, self.cache)
                if error is not None and _JINJA.search(text) and self.renders_jinja:
                    data, error = self._load_template(text, path, error)
                self.files.append(ConfFile(path, env, rel, data, error, text))

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
        if isinstance(data, YMap):
            for key in [k for k in data if _JINJA_PLACEHOLDER in str(k)]:
                del data[key]
                data.locs.pop(key, None)
        self.notes.append(
            f"{path} is a Jinja2 template (TemplatedConfigLoader): read with its template "
            "tags blanked out; entries whose names the template makes were not read"
        )
        return data, None

    @property
    def yaml_errors(self) -> list[YamlError]:
        return [f.error for f in self.files if f.error is not None]

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
