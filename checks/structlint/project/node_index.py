"""Which functions are node functions: those passed to Kedro's `node()` / `Node()` anywhere in
the package, resolved through imports, aliases and `functools.partial`, plus every top-level
function of a module that `node-modules` names. Built once per run from the pipeline modules'
syntax; nothing is imported."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pathspec

from structlint.project.node_facts import Summary, index_facts  # noqa: F401  (re-exported)
from structlint.sources.node_calls import (  # noqa: F401  (re-exported: the walk's, the rules')
    is_node_factory,
    may_call_node,
    node_callable,
    unwrap_partial,
)

if TYPE_CHECKING:  # the index itself reads `ast`: a warm run imports it and no libcst
    from structlint.project.reach import Reach


class NodeIndex:
    """relative path -> names of its node functions; and the helpers that node functions
    reach (`structlint.project.reach`): relative path -> helper -> (labels of the nodes that
    call it, its parameters that carry a node's own argument)."""

    def __init__(
        self,
        by_path: dict[str, frozenset[str]],
        helpers: dict[str, Reach] | None = None,
    ) -> None:
        self.by_path = by_path
        self.helpers = helpers or {}

    def names_for(self, path: str) -> frozenset[str]:
        return self.by_path.get(path, frozenset())

    def helpers_for(self, path: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
        """The file's reached helpers as (name, node labels, input parameters), sorted: part
        of the file's cache key, so a finding that a node elsewhere causes goes with it."""
        found = self.helpers.get(path)
        if not found:
            return ()
        return tuple((name, *found[name]) for name in sorted(found))


def build_node_index(
    python_files: tuple[str, ...],
    module_names: dict[str, tuple[str | None, bool]],
    read_text: Callable[[str], str | None],
    node_module_globs: list[str],
    package_paths: set[str],
    cache: Any = None,
    summaries: Any = None,
) -> NodeIndex:
    """`module_names`: relative path -> (dotted module, is __init__), for package files.
    `summaries` (a `project.summary.Summaries`) gives each module's summary, parsed once per
    run and kept between runs by `cache` (a ResultCache) when it makes its own."""
    from structlint.project.node_classes import class_node_refs
    from structlint.project.reach import LAMBDA, reached_helpers
    from structlint.project.summary import Summaries

    by_path: dict[str, set[str]] = {}
    spec = pathspec.GitIgnoreSpec.from_lines(node_module_globs)
    node_modules = [p for p in python_files if p in package_paths and spec.match_file(p)]
    path_of_module = {mod: path for path, (mod, _) in module_names.items() if mod}
    if summaries is None:
        summaries = Summaries(read_text, lambda p: module_names.get(p, (None, False)), cache)

    def load(path: str) -> Summary | None:
        return summaries.get(path)

    def summary_of(module: str) -> Summary | None:
        path = path_of_module.get(module)
        return load(path) if path is not None else None

    def mark(module_name: str, func: str, hops: int = 0) -> None:
        path = path_of_module.get(module_name)
        target = load(path) if path is not None else None
        if path is None or target is None:
            return
        if func in target["f"]:
            by_path.setdefault(path, set()).add(func)
        elif func in target["i"] and hops < 4:
            # Re-exported (`from .nodes import f` in an __init__): follow it.
            mod, _, name = target["i"][func].rpartition(".")
            mark(mod, name, hops + 1)

    lambda_paths: set[str] = set()  # modules whose node() calls pass lambdas that call helpers
    for path in python_files:
        if path not in package_paths:
            continue
        text = read_text(path)
        if text is None or not may_call_node(text):
            continue
        here = load(path)
        if here is None:
            continue
        if LAMBDA in here.get("c", ()):
            lambda_paths.add(path)
        mod_name = module_names.get(path, (None, False))[0]
        # With the functions handed to the project's `Node` subclasses (`ArgoNode(func=f)`).
        for ref in [*here["r"], *class_node_refs(here, summary_of)]:
            if ref.startswith("local:"):
                by_path.setdefault(path, set()).add(ref[6:])
                continue
            mod, _, func = ref.rpartition(".")
            if mod:
                mark(mod, func)
            elif mod_name:
                mark(mod_name, func)
    # A node module's functions count as nodes even before a pipeline wires them, so a
    # half-built pipeline is still checked. Its private (`_name`) functions and those that
    # its other functions call are not nodes-to-be (unless a pipeline wires them too): they
    # are checked as the helpers of whichever nodes reach them (below), naming those nodes.
    for path in node_modules:
        summary = load(path)
        if summary is None:
            continue
        helpers = set(summary.get("h", ()))
        unwired = {f for f in summary["f"] if not f.startswith("_") and f not in helpers}
        if unwired:
            by_path.setdefault(path, set()).update(unwired)
    helpers = reached_helpers(
        by_path,
        load,
        path_of_module,
        lambda p: module_names.get(p, (None, False))[0],
        lambda_paths,
    )
    return NodeIndex({p: frozenset(n) for p, n in by_path.items()}, helpers)
