"""Subclasses of Kedro's `Node` defined in the project (`class ArgoNode(Node): ...`, also
subclasses of those, across modules and re-exports), and how a call of one binds its arguments
to the node's function, inputs and outputs.

Shared by the pipeline model (`project.pipelines`) and the node index, both of which read the
classes from the modules' summaries (`project.summary`: a class is `["c", line, col, bases,
init]`). Nothing is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Kedro's own classes, and the order of `Node.__init__`'s parameters.
KEDRO_NODE_CLASSES = frozenset({"kedro.pipeline.Node", "kedro.pipeline.node.Node"})
NODE_PARAMS = ("func", "inputs", "outputs", "name", "tags", "confirms", "namespace")
_MAX_HOPS = 8


@dataclass(frozen=True)
class NodeClass:
    """How a call of a node class binds: `positional` names its positional parameters in
    order; `keywords` the keywords it takes (None: Kedro's own, every name of `NODE_PARAMS`)."""

    name: str
    positional: tuple[str, ...] = NODE_PARAMS
    keywords: frozenset[str] | None = None

    def takes(self, keyword: str) -> bool:
        return self.keywords is None or keyword in self.keywords

    @property
    def followable(self) -> bool:
        """Whether its inputs and outputs can be read off a call: its `__init__` takes them
        by their Kedro names (an `__init__` with its own names is not guessed at)."""
        return all(p in self.positional or self.takes(p) for p in ("func", "inputs", "outputs"))


def _combine(name: str, parent: NodeClass, init: Any) -> NodeClass:
    """The class with its own `__init__` (`init`, see `summary._class_facts`) over `parent`:
    its named parameters first; `*args` / `**kwargs` pass the rest on to the parent's."""
    if not isinstance(init, dict):
        return NodeClass(name, parent.positional, parent.keywords)
    own = tuple(str(p) for p in init.get("p", ()))
    positional = own + (parent.positional if init.get("va") else ())
    named = frozenset(own) | frozenset(str(w) for w in init.get("w", ()))
    inherited = frozenset(NODE_PARAMS) if parent.keywords is None else parent.keywords
    keywords = named | inherited if init.get("kw") else named
    return NodeClass(name, positional, keywords)


def node_class(
    qualified: str,
    summary_of: Callable[[str], dict[str, Any] | None],
    hops: int = 0,
) -> NodeClass | None:
    """The node class `qualified` names (a project class that derives from Kedro's `Node`,
    through any number of project classes), or None. `summary_of(module)` gives a project
    module's summary, or None for a module outside the project."""
    if qualified in KEDRO_NODE_CLASSES:
        return NodeClass(qualified)
    if hops > _MAX_HOPS:
        return None
    mod, _, attr = qualified.rpartition(".")
    summary = summary_of(mod) if mod else None
    if summary is None:
        return None
    info = summary["pd"].get(attr)
    if info is None:
        imported = summary["pi"].get(attr)  # re-exported: `from .base import ArgoNode`
        return node_class(imported, summary_of, hops + 1) if imported else None
    if not isinstance(info, list) or len(info) < 5 or not isinstance(info[3], list):
        return None
    for base in info[3]:
        if not isinstance(base, str):
            continue
        head, _, rest = base.partition(".")
        if head in summary["pi"]:
            full = summary["pi"][head] + (f".{rest}" if rest else "")
        else:
            full = f"{mod}.{base}"
        parent = node_class(full, summary_of, hops + 1)
        if parent is not None:
            return _combine(qualified, parent, info[4])
    return None


def class_node_refs(
    summary: dict[str, Any], summary_of: Callable[[str], dict[str, Any] | None]
) -> list[str]:
    """The node functions a module's calls of node classes pass (its summary's "nc", see
    `summary._class_calls`), as the node index's refs: "local:<f>" or a qualified name."""
    out: list[str] = []
    for callee, kw, pos in summary.get("nc", ()):
        cls = node_class(callee, summary_of) if isinstance(callee, str) else None
        if cls is None or not cls.followable:
            continue
        ref = kw if cls.takes("func") else None
        if ref is None and "func" in cls.positional:
            at = cls.positional.index("func")
            ref = pos[at] if at < len(pos) else None
        if isinstance(ref, str):
            out.append(ref)
    return out
