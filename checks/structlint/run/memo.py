"""The run memo: what the last run derived from the whole project (the node index, the
findings of the cacheable project rules, the model's notes), reused while nothing it could
have seen changed.

It is valid only when, for this configuration, rule selection and structlint version (the
cache's salt): every file the run read through the engine has the same content digest (or is
still missing), the files the run checked are the same list, and so is the list of every file
and folder of the project (`discovery.tree_listing`, so a file that appears where a rule would
have looked is seen). Anything else, or an entry of the wrong shape, and the run builds it
all again. A warm run of an unchanged project then costs reading and hashing its files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from structlint.core.findings import Finding
from structlint.inputs.discovery import ProjectFiles, tree_listing
from structlint.project.node_index import NodeIndex
from structlint.run.cache import content_hash, finding_from_json, finding_to_json

VERSION = 2  # 2: the index holds the helpers that nodes reach


@dataclass
class RunMemo:
    index: NodeIndex
    findings: list[Finding]
    notes: list[str]


def surroundings(
    root: Path,
    files: ProjectFiles,
    environment: Iterable[str],
    listing: Iterable[str] | None = None,
) -> str:
    """One digest of the files the run checks, of every file and folder there is (`listing`,
    `tree_listing(root)` when not given), and of what the cacheable rules read outside the
    project (`ProjectRule.environment`)."""
    listing = tree_listing(root) if listing is None else listing
    parts = [*files.python, "\1", *files.yaml, "\1", *listing, "\1", *environment]
    blob = "\0".join(parts)
    return content_hash(blob.encode("utf-8", "surrogatepass"))


def _inputs(raw: Any, around: str) -> dict[Any, Any] | None:
    """What an entry written by this version for these surroundings says the run read."""
    if not isinstance(raw, dict) or raw.get("v") != VERSION or raw.get("around") != around:
        return None
    inputs = raw.get("inputs")
    return inputs if isinstance(inputs, dict) else None


def _index(raw: dict[str, Any]) -> NodeIndex:
    """The entry's node index (KeyError, TypeError or AttributeError when malformed)."""
    helpers = {
        path: {name: (tuple(labels), tuple(inputs)) for name, (labels, inputs) in found.items()}
        for path, found in raw["helpers"].items()
    }
    return NodeIndex({p: frozenset(names) for p, names in raw["index"].items()}, helpers)


def load(raw: Any, around: str, digest_of: Callable[[str], str | None]) -> RunMemo | None:
    inputs = _inputs(raw, around)
    if inputs is None:
        return None
    for path, digest in inputs.items():
        if digest_of(path) != digest:
            return None
    try:
        index = _index(raw)
        findings = [finding_from_json(v) for v in raw["findings"]]
        notes = [str(n) for n in raw["notes"]]
    except (KeyError, TypeError, IndexError, ValueError, AttributeError):
        return None
    return RunMemo(index, findings, notes)


# The parts of a file's summary that the node index reads (`node_index.build_node_index`).
INDEX_KEYS = ("f", "i", "r", "h", "c")


def unchanged_index(
    raw: Any,
    around: str,
    digest_of: Callable[[str], str | None],
    same_index_facts: Callable[[str, str], bool],
) -> NodeIndex | None:
    """The last run's node index, when the memo as a whole is stale but the index is not: the
    same files and folders, and every Python file whose content changed still gives the
    index the same facts (`same_index_facts(path, old_digest)`; an edit inside a function
    body, say). The index reads nothing but Python files."""
    inputs = _inputs(raw, around)
    if inputs is None:
        return None
    for path, digest in inputs.items():
        if not isinstance(path, str) or not path.endswith(".py") or digest_of(path) == digest:
            continue
        if not isinstance(digest, str) or not same_index_facts(path, digest):
            return None
    try:
        return _index(raw)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def dump(
    around: str,
    inputs: Iterable[str],
    digest_of: Callable[[str], str | None],
    memo: RunMemo,
) -> dict[str, Any]:
    return {
        "v": VERSION,
        "around": around,
        "inputs": {p: digest_of(p) for p in sorted(inputs)},
        "index": {p: sorted(names) for p, names in sorted(memo.index.by_path.items())},
        "helpers": {
            p: {name: [list(labels), list(inputs)] for name, (labels, inputs) in found.items()}
            for p, found in sorted(memo.index.helpers.items())
        },
        "findings": [finding_to_json(f) for f in memo.findings],
        "notes": list(memo.notes),
    }
