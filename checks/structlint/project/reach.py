"""Helpers that node functions call: the functions of the project's own package that a node
reaches through calls, a few hops deep, so the purity rules check what the node does through
them (`requests.get` in `_fetch()`, called by node `extract`, is the node's I/O).

Two halves, both on `ast` only (a warm run imports no libcst):

- `call_facts`, part of each module's cached summary (key "c"): for every top-level function,
  its positional parameter names and the package functions it calls or passes on as a
  callback, each with which of its own parameters it hands over unchanged (for SL203);
- `reached_helpers`, part of the node index: from every node function, follow those calls
  through the package, at most `DEPTH` hops, and say for each helper reached which nodes
  reach it and which of its parameters carry a node's own input.

What is followed: a call or a callback by name (`_fetch(url)`, `df.apply(_clean)`), through an
import of the package (`from .utils import fetch`, `from demo.common import utils;
utils.fetch()`, re-exports by an `__init__`). What is not: third-party code, methods on
objects (`self.load()`, `client.get()`: which function runs is not in the syntax), classes,
star imports, and modules of custom datasets (`datasets/`, `*dataset*.py`: doing I/O is what
they are for). Calls inside functions nested in a function count as that function's.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

# Hops from a node: node -> helper -> helper -> helper. Deeper code is mostly library-like
# plumbing, and each hop makes the link between a finding and a node harder to follow.
DEPTH = 3
# Hops through re-exports (`from .io import fetch` in an `__init__`) per call.
_REEXPORT_HOPS = 4
_LOCAL = "local:"
# Where custom datasets live (`src/<pkg>/datasets/`, Kedro 0.17's `extras/datasets/`, a
# `*dataset*.py` module): I/O is their job, so a node's calls are never followed into them.
_DATASET_WORD = "dataset"


def is_dataset_module(path: str) -> bool:
    folders, _, name = path.lower().rpartition("/")
    return _DATASET_WORD in name or any(
        part in ("datasets", "dataset") for part in folders.split("/")
    )


# Among a helper's input parameters: some caller on the way from a node seeds the global
# random generators (`np.random.seed(seed)`) before it, so SL205 takes its draws as seeded.
SEEDED = "<seeded>"
_SEEDERS = frozenset({"random.seed", "numpy.random.seed"})

# The entry of a module's lambdas passed to `node()`: each is a node (no def can be named so).
LAMBDA = "<lambda>"
# (helper name -> (labels of the nodes that reach it, its parameters that carry node input))
Reach = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]


def _positional(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> list[str]:
    return [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]


def _all_params(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    a = fn.args
    names = {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)}
    names.update(x.arg for x in (a.vararg, a.kwarg) if x is not None)
    return names


def call_facts(
    tree: ast.Module,
    imports: dict[str, str],
    functions: set[str],
    module: str | None,
    text: str | None,
    lambdas: list[ast.Lambda] = (),  # type: ignore[assignment]
) -> dict[str, list[Any]]:
    """fn -> [positional parameter names, [[callee, [[slot, own parameter], ...]], ...],
    whether it seeds the global random generators].
    The lambdas passed to `node()` in this module are one entry, `LAMBDA`.

    A callee is "local:<name>" or the qualified name of a package function; a slot is the
    callee's argument position (int) or keyword (str) that receives the parameter as it came
    in. Only calls into the package are kept: the first part of an import's target must be
    the module's own top-level package."""
    out: dict[str, list[Any]] = {}
    defs = [s for s in tree.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef)]
    for fn in defs:
        out[fn.name] = [_positional(fn), [], False]
    if not module or not (defs or lambdas):
        return out
    root = module.split(".", 1)[0]
    own = {
        alias: full
        for alias, full in imports.items()
        if full == root or full.startswith(root + ".")
    }
    # A candidate that the text names only once (its `def` or its import) is called nowhere:
    # most modules need no walk at all.
    if text is not None and not any(text.count(name) >= 2 for name in (*functions, *own)):
        return out

    def callee(expr: ast.expr, caller: str) -> str | None:
        if isinstance(expr, ast.Name):
            if expr.id in functions:
                return None if expr.id == caller else _LOCAL + expr.id
            return own.get(expr.id)
        if isinstance(expr, ast.Attribute):
            parts: list[str] = []
            while isinstance(expr, ast.Attribute):
                parts.append(expr.attr)
                expr = expr.value
            if isinstance(expr, ast.Name) and expr.id in own:
                return ".".join([own[expr.id], *reversed(parts)])
        return None

    scopes: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda]] = [
        (fn.name, fn) for fn in defs
    ]
    scopes.extend((LAMBDA, lam) for lam in lambdas)
    for name, fn in scopes:
        params = _all_params(fn)
        rebound: set[str] = set()
        calls: dict[str, set[tuple[int | str, str]]] = {}
        heads: dict[str, str] = {}  # callee -> the local name it was reached through
        seeds = False
        for sub in ast.walk(fn):
            if isinstance(sub, ast.Name):
                if isinstance(sub.ctx, ast.Store | ast.Del):
                    rebound.add(sub.id)
                continue
            if not isinstance(sub, ast.Call):
                continue
            if sub.args and isinstance(sub.func, ast.Attribute) and sub.func.attr == "seed":
                dotted = _dotted(sub.func)
                if dotted is not None:
                    head, _, rest = dotted.partition(".")
                    seeds = seeds or f"{imports.get(head, head)}.{rest}" in _SEEDERS
            target = callee(sub.func, name)
            if target is not None:
                heads.setdefault(target, _head(sub.func))
                flows = calls.setdefault(target, set())
                for i, arg in enumerate(sub.args):
                    if isinstance(arg, ast.Starred):
                        break
                    if isinstance(arg, ast.Name) and arg.id in params:
                        flows.add((i, arg.id))
                for kw in sub.keywords:
                    value = kw.value
                    if kw.arg is not None and isinstance(value, ast.Name) and value.id in params:
                        flows.add((kw.arg, value.id))
            # A package function handed to a call runs there too (`df.apply(_clean)`,
            # `map(fetch, urls)`); what it receives is not known.
            for arg in (*sub.args, *(kw.value for kw in sub.keywords)):
                if isinstance(arg, ast.Name | ast.Attribute):
                    passed = callee(arg, name)
                    if passed is not None:
                        heads.setdefault(passed, _head(arg))
                        calls.setdefault(passed, set())
        # A name the function binds itself (a parameter, an assignment, a loop variable) is
        # not the module's function or import of that name: not followed.
        local = params | rebound
        # A parameter the function rebinds anywhere may be a copy by the time it is passed on:
        # it does not carry the input (SL203 stays silent rather than guess).
        found = [
            [ref, sorted(([s, p] for s, p in flows if p not in rebound), key=str)]
            for ref, flows in sorted(calls.items())
            if heads[ref] not in local
        ]
        entry = out.setdefault(name, [[], [], False])
        entry[1].extend(found)
        entry[2] = entry[2] or seeds
    return out


def _dotted(expr: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    return ".".join([expr.id, *reversed(parts)]) if isinstance(expr, ast.Name) else None


def _head(expr: ast.expr) -> str:
    while isinstance(expr, ast.Attribute):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else ""


def _label(node_path: str, node: str, module: str | None, helper_path: str) -> str:
    """The node as a message names it: its name when it sits in the helper's module, else
    with its module below the package (and below `pipelines.`): `etl.nodes.extract`."""
    if node_path == helper_path or not module:
        return node
    parts = module.split(".")[1:] or module.split(".")
    if len(parts) > 1 and parts[0] == "pipelines":
        parts = parts[1:]
    return ".".join([*parts, node])


def reached_helpers(
    nodes: dict[str, set[str]],
    load: Callable[[str], dict[str, Any] | None],
    path_of_module: dict[str, str],
    module_of_path: Callable[[str], str | None],
    lambda_paths: set[str] | None = None,
) -> dict[str, Reach]:
    """path -> helper -> (nodes that reach it, as labels; its parameters that carry a node's
    own argument). `nodes`: path -> node function names. A function that is itself a node
    function is left to be checked as one."""
    facts: dict[str, dict[str, list[Any]]] = {}

    def calls_of(path: str) -> dict[str, list[Any]]:
        found = facts.get(path)
        if found is None:
            summary = load(path)
            raw = summary.get("c") if summary is not None else None
            found = facts[path] = raw if isinstance(raw, dict) else {}
        return found

    def resolve(path: str, ref: str) -> tuple[str, str] | None:
        if ref.startswith(_LOCAL):
            name = ref[len(_LOCAL) :]
            if is_dataset_module(path):
                return None
            return (path, name) if name in calls_of(path) else None
        for _ in range(_REEXPORT_HOPS):
            mod, _, name = ref.rpartition(".")
            target = path_of_module.get(mod)
            if target is None or is_dataset_module(target):
                return None
            if name in calls_of(target):
                return target, name
            summary = load(target)
            imported = summary.get("i", {}).get(name) if summary is not None else None
            if not isinstance(imported, str):
                return None
            ref = imported  # re-exported: `from .io import fetch` in an __init__
        return None

    reached: dict[tuple[str, str], tuple[set[tuple[str, str]], set[str]]] = {}
    starts = {(p, n) for p, names in nodes.items() for n in names}
    starts.update((p, LAMBDA) for p in lambda_paths or ())
    for start in sorted(starts):
        # key -> (fewest hops seen, parameters known to carry the node's input)
        best: dict[tuple[str, str], tuple[int, frozenset[str] | None]] = {start: (0, None)}
        todo: list[tuple[tuple[str, str], int, frozenset[str] | None]] = [(start, 0, None)]
        while todo:
            key, hops, inputs = todo.pop()
            if hops >= DEPTH:
                continue
            entry = calls_of(key[0]).get(key[1])
            if not isinstance(entry, list) or len(entry) != 3:
                continue
            seeded = entry[2] or (inputs is not None and SEEDED in inputs)
            for ref, flows in entry[1]:
                target = resolve(key[0], ref)
                if target is None or target == start:
                    continue
                positional = calls_of(target[0])[target[1]][0]
                carried = set()
                for slot, param in flows:
                    if inputs is not None and param not in inputs:
                        continue  # for a node (inputs None) every parameter is input
                    if isinstance(slot, int):
                        if slot < len(positional):
                            carried.add(positional[slot])
                    else:
                        carried.add(slot)
                if seeded:
                    carried.add(SEEDED)
                seen = best.get(target)
                now = frozenset(carried)
                if seen is not None:
                    old = seen[1] or frozenset()
                    if seen[0] <= hops + 1 and now <= old:
                        continue
                    now |= old
                best[target] = (min(hops + 1, seen[0]) if seen else hops + 1, now)
                todo.append((target, hops + 1, now))
        for key, (_, inputs) in best.items():
            if key == start or key[1] in nodes.get(key[0], ()):
                continue
            who, carried_in = reached.setdefault(key, (set(), set()))
            who.add(start)
            carried_in.update(inputs or ())
    out: dict[str, Reach] = {}
    for (path, helper), (who, carried_in) in sorted(reached.items()):
        labels = tuple(sorted(_label(p, n, module_of_path(p), path) for p, n in who))
        out.setdefault(path, {})[helper] = (labels, tuple(sorted(carried_in)))
    return out
