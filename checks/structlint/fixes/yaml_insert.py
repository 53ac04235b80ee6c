"""Add a key to a YAML file as text, so that every comment, blank line and key order of the
file stays as the user wrote it (a round-trip library would re-indent and re-quote what it
does not understand). Each insertion is checked by parsing the result: it must give exactly
the old data plus the new key, or no edit is made."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import yaml

_MISSING = object()
# libyaml's loader when PyYAML has it (it reads a large catalog many times quicker; the
# same data and the same marks), else the pure-Python one.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str) -> Any:
    return yaml.load(text, Loader=Loader)


@functools.lru_cache(maxsize=16)
def _read(text: str) -> tuple[Any, yaml.Node | None]:
    """The data and the node tree of `text`: every fix of a pass that adds to one file
    starts from the same text (the cache holds few, the texts of the files being fixed).
    The data is shared: callers never change it."""
    return load(text), yaml.compose(text, Loader=Loader)


def render(keys: Sequence[str], value: Any, indent: int) -> str:
    """`keys[0]:` ... `keys[-1]: value` as block YAML, indented by `indent` spaces."""
    data: Any = value
    for key in reversed(keys):
        data = {key: data}
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, width=4096)
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _dig(data: Any, keys: Sequence[str]) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return _MISSING
        data = data[key]
    return data


def _last_line(node: yaml.Node) -> int:
    """0-based line of the last character of a node's content."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    end = node.end_mark
    # A block scalar (`|`) ends at the start of the line after it.
    return end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line


def _offset(lines: list[str], line: int) -> int:
    return sum(len(x) for x in lines[:line])


def insert_key(text: str, keys: Sequence[str], value: Any) -> str | None:
    """`text` with `keys` (a path of mapping keys) set to `value`, or None when the key is
    there already, the file does not parse, or the place cannot be edited as text (a flow
    mapping with content, a key of another type on the way)."""
    try:
        old, root = _read(text)
    except yaml.YAMLError:
        return None
    if _dig(old, keys) is not _MISSING:
        return None
    new = _insert(text, root, list(keys), value)
    if new is None:
        return None
    try:
        data = load(new)
    except yaml.YAMLError:
        return None
    if _dig(data, keys) != value:
        return None
    # Everything else as it was.
    expected = {} if old is None else old
    if not isinstance(expected, dict):
        return None
    cur: Any = data
    for key in keys[:-1]:
        cur = cur[key]
    del cur[keys[-1]]
    _prune(data, keys[:-1])
    return new if data == expected else None


def _prune(data: dict, keys: Sequence[str]) -> None:
    """Remove the now empty mappings the insertion created along `keys`."""
    for depth in range(len(keys), 0, -1):
        parent = _dig(data, keys[: depth - 1])
        if isinstance(parent, dict) and parent.get(keys[depth - 1]) == {}:
            del parent[keys[depth - 1]]


def _insert(text: str, root: yaml.Node | None, keys: list[str], value: Any) -> str | None:
    lines = text.splitlines(keepends=True)
    if root is None or (isinstance(root, yaml.MappingNode) and not root.value):
        block = render(keys, value, 0)
        if root is None:
            sep = "" if not text or text.endswith("\n") else "\n"
            return text + sep + block
        # `{}`: the empty flow mapping a new project's file holds is replaced by the block.
        if not root.flow_style:
            return None
        start = _offset(lines, root.start_mark.line) + root.start_mark.column
        end = _offset(lines, root.end_mark.line) + root.end_mark.column
        rest = text[end:]
        rest = rest[1:] if rest.startswith("\n") else rest
        head = text[:start]
        if head and not head.endswith("\n"):
            return None
        return head + block + rest
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        return None
    node: yaml.MappingNode = root
    depth = 0
    while depth < len(keys) - 1:
        child = next(
            (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == keys[depth]),
            None,
        )
        if child is None:
            break
        if not isinstance(child, yaml.MappingNode) or child.flow_style or not child.value:
            return None
        node = child
        depth += 1
    indent = node.value[0][0].start_mark.column
    block = render(keys[depth:], value, indent)
    if node is root:
        # A new top-level entry, a blank line apart from the one before (as Kedro's own).
        sep = "\n" if text.endswith("\n") else "\n\n"
        return text + sep + block
    after = _last_line(node) + 1
    at = _offset(lines, after)
    if after > len(lines) or (after == len(lines) and not text.endswith("\n")):
        return text + ("" if text.endswith("\n") else "\n") + block
    return text[:at] + block + text[at:]
