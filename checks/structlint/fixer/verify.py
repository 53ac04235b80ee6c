"""Whether a file's text is still what its tools can read: Python parses with libcst (the
parser the rules use), YAML loads with `yaml.safe_load` (what Kedro's config loader reads it
with), TOML with `tomllib`. Other files (`.gitignore`, `.gitkeep`) are plain text."""

from __future__ import annotations

import copy
import functools
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


# Whether a fix's Python result is verified with CPython's parser (False: libcst's).
CPYTHON_PARSE = True


def kind_of(path: str) -> str:
    if path.endswith((".py", ".pyi")):
        return "Python"
    if path.endswith((".yml", ".yaml")):
        return "YAML"
    if path.endswith(".toml"):
        return "TOML"
    return "text"


def problem(path: str, text: str, quick: bool = False) -> str | None:
    """Why `text` would not load as the file `path` is (None: it loads). `quick`, for a file
    as the check read it: Python is compiled by CPython's own parser (several times quicker
    than libcst's; the check's libcst parse of the same text already went through, or its
    SL001 says why not). A fix's result is parsed with CPython's parser too: the fixes make
    their code with libcst, whose parser reads what it writes, and the check after the pass
    parses every changed file with libcst anyway (a second libcst parse here cost `--fix` a
    tenth of its time)."""
    kind = kind_of(path)
    try:
        if kind == "Python" and (quick or CPYTHON_PARSE):
            import ast
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like: still Python
                ast.parse(text)
        elif kind == "Python":
            # The parse the check itself makes (libcst's parser, without re-validating the
            # nodes it builds): a result it takes is one the next check can read.
            from structlint.sources.source import parse

            failure = parse(text)
            if not hasattr(failure, "code"):  # a ParseFailure, not a Module
                raise SyntaxError(f"line {failure.line}: {failure.message}")
        elif kind == "YAML":
            # Several documents are valid YAML, though Kedro reads one: load them all.
            load_yaml(text)
        elif kind == "TOML":
            tomllib.loads(text)
    except Exception as exc:  # every parser has its own error class
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"it would not parse as {kind} ({first})"
    return None


def _loader() -> type:
    """A YAML loader that refuses a key written twice in one mapping, as OmegaConf (which
    Kedro's config loader reads with) does; libyaml's when PyYAML has it."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _Strict(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
            seen: set[object] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        raise yaml.constructor.ConstructorError(
                            "while constructing a mapping",
                            node.start_mark,
                            f"found duplicate key {key.value!r}",
                            key.start_mark,
                        )
                    seen.add(key.value)
            return super().construct_mapping(node, deep=deep)

    return _Strict


_STRICT: type | None = None


def load_yaml(text: str) -> list[Any]:
    """Every document of `text`, refusing duplicate keys."""
    import yaml

    global _STRICT
    if _STRICT is None:
        _STRICT = _loader()
    return list(yaml.load_all(text, Loader=_STRICT))


@functools.lru_cache(maxsize=256)
def _first(text: str) -> Any:
    """The first document of `text` (remembered: a pass asks about the same texts again;
    callers never change it)."""
    return (load_yaml(text) or [None])[0]


@functools.lru_cache(maxsize=1024)
def _text_keys(kind: str, text: str) -> frozenset[str]:
    try:
        return frozenset(_keys(kind, _first(text)))
    except Exception:  # a file that does not load is another finding's business
        return frozenset()


def _added(base: Any, new: Any) -> Any:
    """What `new` adds to `base` (mappings compared key by key); raises ValueError when it
    changes something `base` has."""
    if isinstance(base, dict) and isinstance(new, dict):
        out = {}
        if any(k not in new for k in base):
            raise ValueError("a key went")
        for k, v in new.items():
            if k not in base:
                out[k] = v
            elif base[k] != v:
                sub = _added(base[k], v)
                out[k] = sub
        return out
    if base != new:
        raise ValueError("a value changed")
    return {}


def _merge(into: dict, add: dict) -> bool:
    for k, v in add.items():
        if k in into and isinstance(into[k], dict) and isinstance(v, dict):
            if not _merge(into[k], v):
                return False
        elif k in into:
            return False
        else:
            into[k] = copy.deepcopy(v)
    return True


def same_as_each(base: str, alone: Sequence[str], together: str) -> bool:
    """Whether the YAML text `together` (the fixes of `alone` applied at once to `base`)
    holds the data of `base` plus exactly what each text of `alone` adds to it, each key
    once."""
    try:
        old = _first(base)
        want = copy.deepcopy(old) if isinstance(old, dict) else {}
        if old is not None and not isinstance(old, dict):
            return False
        for text in alone:
            added = _added(old or {}, _first(text) or {})
            if not _merge(want, added):
                return False  # two fixes add the same key
        return _first(together) == want
    except Exception:  # a parser's error, or data that is not a mapping
        return False


_CONF = re.compile(r"^(?P<env>conf/[^/]+)/(?P<rel>.+\.ya?ml)$")


def _kind(rel: str) -> str | None:
    from structlint.project.conf import DEFAULT_PATTERNS, matches_patterns

    for kind in ("catalog", "parameters"):
        if matches_patterns(rel, DEFAULT_PATTERNS[kind]):
            return kind
    return None


def _keys(kind: str, data: Any, parent: str = "") -> set[str]:
    """The keys Kedro's config loader requires unique across the files of one environment:
    a catalog's top-level names, every leaf key path of parameters (`_` ones excepted)."""
    if not isinstance(data, dict):
        return set()
    if kind == "catalog":
        return {str(k) for k in data if not str(k).startswith("_")}
    out: set[str] = set()
    for k, v in data.items():
        full = f"{parent}.{k}" if parent else str(k)
        if isinstance(v, dict) and v:
            out |= _keys(kind, v, full)
        elif not full.startswith("_"):
            out.add(full)
    return out


def conf_duplicates(
    root: Path,
    texts: Mapping[str, str],
    base: Mapping[str, str | None],
    state: Mapping[str, str],
) -> dict[str, str]:
    """The catalog and parameters files of `texts` (new texts of `conf/<env>/` files) that
    would share a key with another file of their environment and kind, where they did not
    before (Kedro's loader refuses the project then): path -> why. `base` and `state` hold
    the texts of files before this pass's fixes and as earlier passes left them; other files
    are read from disk. The default `conf/` folder and config patterns."""
    groups: dict[tuple[str, str], list[str]] = {}
    for path in texts:
        m = _CONF.match(path)
        kind = _kind(m.group("rel")) if m else None
        if m and kind:
            groups.setdefault((m.group("env"), kind), []).append(path)
    out: dict[str, str] = {}
    for (env, kind), touched in groups.items():
        folder = root / env
        others = sorted(
            p.relative_to(root).as_posix()
            for p in [*folder.rglob("*.yml"), *folder.rglob("*.yaml")]
            if _kind(p.relative_to(folder).as_posix()) == kind
        )
        for path in touched:
            if path not in others:
                others.append(path)

        def keys_of(path: str, new: bool, kind: str = kind) -> set[str]:
            if new and path in texts:
                text: str | None = texts[path]
            elif path in base:
                text = base[path]
            elif path in state:
                text = state[path]
            else:
                try:
                    text = (root / path).read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    return set()
            return set(_text_keys(kind, text or ""))

        before = {p: keys_of(p, False) for p in others}
        after = {p: keys_of(p, True) if p in texts else before[p] for p in others}
        for path in touched:
            for other in others:
                if other == path:
                    continue
                new = (after[path] & after[other]) - (before[path] & before[other])
                if new:
                    out[path] = (
                        f"`{sorted(new)[0]}` would be in `{path}` and `{other}`, "
                        "and Kedro loads a key once"
                    )
                    break
    return out
