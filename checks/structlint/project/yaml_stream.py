"""A YAML document's values built straight from the parser's events (issue 18).

`yaml.compose` keeps the whole node graph of a file (a node and two marks per value) until
the values are built from it: on a 50 MB catalog that graph was most of a 3.5 GB peak. Here
each event is turned into its value as it arrives, so only the values and the place of each
mapping key are ever held, and the events' marks are freed one by one.

The values, places and duplicate key are exactly what `conf._build` makes from the composed
graph. Where the composer would decide something (an undefined or duplicate anchor, a
second document, a complex key, a recursive alias, nesting deeper than `MAX_DEPTH`) or where
`_build`'s order (it builds `<<` merges after a mapping's own keys) could give another
answer than document order (a duplicate key in a file with merges, an anchor defined inside
a merged value), `Fallback` is raised and the caller composes the file as before: such files
are rare and small, and their answers stay what they were.
"""

from __future__ import annotations

from typing import Any

from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

from structlint.project.yaml_data import LOADER as _LOADER
from structlint.project.yaml_data import MAX_DEPTH, Loc, YMap
from structlint.project.yaml_data import MERGE_TAG as _MERGE_TAG
from structlint.project.yaml_data import SCALAR as _SCALAR
from structlint.project.yaml_data import STR_TAG as _STR_TAG

__all__ = ["Fallback", "build"]


class Fallback(Exception):
    """The file needs the composer's answer (see the module's docstring)."""


_OPEN = object()  # an anchored collection whose end has not been seen: an alias = a cycle
_NO_KEY = object()  # a mapping waits for its next key
_MERGE_KEY = object()  # a mapping's last key was `<<`: its value is a base to merge

# The loader's implicit resolvers by first character, as `Resolver.resolve` looks them up
# (those of the character, then the wildcard ones), joined once here.
_RESOLVERS: dict[Any, list[tuple[str, Any]]] = _LOADER.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, []))
_BY_FIRST = {ch: tuple(rs) + _WILDCARD for ch, rs in _RESOLVERS.items() if ch is not None}
_CONSTRUCTORS = _SCALAR.yaml_constructors


def _tag(value: str, implicit: tuple[bool, bool]) -> str:
    """`Resolver.resolve(ScalarNode, value, implicit)` for the safe loader (no path
    resolvers): the tag the composer gives an untagged or `!` scalar."""
    if implicit[0]:
        for tag, regexp in _BY_FIRST.get(value[0] if value else "", _WILDCARD):
            if regexp.match(value):
                return tag
    return _STR_TAG


def _construct(tag: str, value: str, ev: ScalarEvent) -> Any:
    """`conf._scalar` of the node the composer would have made."""
    ctor = _CONSTRUCTORS.get(tag)
    if ctor is None or tag == _STR_TAG:
        return value
    try:
        return ctor(_SCALAR, ScalarNode(tag, value, ev.start_mark, ev.end_mark, ev.style))
    except Exception:
        return value


class _Map:
    """A mapping being built: its value, the key waiting for its value, its `<<` bases."""

    __slots__ = ("anchor", "bases", "column", "is_str", "key", "line", "merge", "out")

    def __init__(self, anchor: str | None, merge: bool) -> None:
        self.out = YMap()
        self.key: Any = _NO_KEY
        self.line = self.column = 0
        self.is_str = False
        self.merge = merge  # inside the value of a `<<` key
        self.bases: list[Any] | None = None
        self.anchor = anchor


class _Seq:
    __slots__ = ("anchor", "merge", "out")

    def __init__(self, anchor: str | None, merge: bool) -> None:
        self.out: list[Any] = []
        self.merge = merge
        self.anchor = anchor


def build(text: str, path: str) -> tuple[Any, tuple[int, int, Any, Loc] | None]:
    """(the document's value, the first duplicate string key as (line, column, key, place of
    the first one) or None). Raises yaml.YAMLError as the parser does, `Fallback` as above."""
    loader = _LOADER(text)
    try:
        return _run(loader.get_event, path)
    finally:
        loader.dispose()


def _run(get_event, path: str) -> tuple[Any, tuple[int, int, Any, Loc] | None]:
    anchors: dict[str, Any] = {}  # name -> value (`_OPEN` while it is being built)
    scalars: dict[str, tuple[Any, int, int, str]] = {}  # name -> what a key needs of it
    stack: list[Any] = []
    dup: tuple[int, int, Any, Loc] | None = None
    merges_seen = False
    root: Any = None
    documents = 0
    ev = get_event()
    if type(ev) is not StreamStartEvent:  # pragma: no cover - the parser always starts so
        raise Fallback
    while True:
        ev = get_event()
        t = type(ev)
        value: Any
        if t is ScalarEvent:
            v = ev.value
            tag = ev.tag
            if tag is None or tag == "!":
                tag = _tag(v, ev.implicit)
            value = v if tag == _STR_TAG else _construct(tag, v, ev)
            if ev.anchor is not None:
                if ev.anchor in anchors:
                    raise Fallback  # a duplicate anchor: the composer's error
                anchors[ev.anchor] = value
                mark = ev.start_mark
                scalars[ev.anchor] = (value, mark.line, mark.column, tag)
            top = stack[-1] if stack else None
            if type(top) is _Map and top.key is _NO_KEY:
                mark = ev.start_mark
                if _key(top, value, mark.line, mark.column, tag):
                    merges_seen = True
                continue
        elif t is AliasEvent:
            name = ev.anchor
            if name not in anchors:
                raise Fallback  # an undefined alias: the composer's error
            value = anchors[name]
            if value is _OPEN:
                raise Fallback  # a recursive alias
            top = stack[-1] if stack else None
            if type(top) is _Map and top.key is _NO_KEY:
                known = scalars.get(name)
                if known is None:
                    raise Fallback  # a mapping or list as a key
                if _key(top, known[0], known[1], known[2], known[3]):
                    merges_seen = True
                continue
        elif t is MappingStartEvent or t is SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                raise Fallback  # too deep: the composer's graph gives the located error
            top = stack[-1] if stack else None
            if type(top) is _Map and top.key is _NO_KEY:
                raise Fallback  # a complex key
            in_merge = top is not None and (
                top.merge or (type(top) is _Map and top.key is _MERGE_KEY)
            )
            anchor = ev.anchor
            if anchor is not None:
                if anchor in anchors:
                    raise Fallback
                if in_merge:
                    raise Fallback  # `_build` would build this anchor later, maybe elsewhere
                anchors[anchor] = _OPEN
            stack.append(
                _Map(anchor, in_merge) if t is MappingStartEvent else _Seq(anchor, in_merge)
            )
            continue
        elif t is MappingEndEvent:
            frame = stack.pop()
            value = frame.out
            if frame.bases:
                _merge(value, frame.bases, path)
            if frame.anchor is not None:
                anchors[frame.anchor] = value
        elif t is SequenceEndEvent:
            frame = stack.pop()
            value = frame.out
            if frame.anchor is not None:
                anchors[frame.anchor] = value
        elif t is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Fallback  # a second document: the composer's error
            continue
        elif t is DocumentEndEvent:
            continue
        elif t is StreamEndEvent:
            if dup is not None and merges_seen:
                raise Fallback  # `_build` meets a merge's duplicates last: maybe another first
            return root, dup
        else:  # pragma: no cover
            raise Fallback
        # a value: into the collection it belongs to
        if not stack:
            root = value
            continue
        top = stack[-1]
        if type(top) is _Seq:
            top.out.append(value)
            continue
        key = top.key
        top.key = _NO_KEY
        if key is _MERGE_KEY:
            bases = top.bases if top.bases is not None else []
            bases.extend(value if type(value) is list else [value])
            top.bases = bases
            continue
        out = top.out
        if top.is_str and dup is None and key in out:
            dup = (top.line + 1, top.column + 1, key, out.locs[key])
        out[key] = value
        out.locs[key] = Loc(path, top.line + 1, top.column + 1)


def _key(top: _Map, key: Any, line: int, column: int, tag: str) -> bool:
    """Set the key that waits for its value; True for a `<<` merge key."""
    if tag == _MERGE_TAG:
        top.key = _MERGE_KEY
        return True
    if not isinstance(key, str | int | float | bool) and key is not None:
        key = str(key)
    top.key = key
    top.line = line
    top.column = column
    top.is_str = tag == _STR_TAG
    return False


def _merge(out: YMap, bases: list[Any], path: str) -> None:
    """`_build`'s `<<`: each base's keys that the mapping does not set itself, in order."""
    for base in bases:
        if isinstance(base, YMap):
            for kk, vv in base.items():
                if kk not in out:
                    out[kk] = vv
                    out.locs[kk] = base.locs.get(kk, Loc(path, 1, 1))
