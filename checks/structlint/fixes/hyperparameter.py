"""SL302's fix (and SL205's "no seed"): a literal knob of a node becomes a parameter.

`train_test_split(X, y, test_size=0.2)` in node `split` becomes `test_size=test_size`, `split`
takes a new last parameter `test_size`, every `node(split, ...)` gets the input
`params:test_size`, and `test_size: 0.2` goes to the pipeline's parameters file. The key is
the keyword's name; when that key is taken (defined already, or wanted by a knob of another
function in the same run) it is grouped under the function's name (`split.test_size`). A
namespaced node reads `params:<namespace>.<key>`: the value goes under the namespace, once
for each namespace the function runs in."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import libcst as cst

from structlint.core.findings import Finding
from structlint.core.fixes_model import Fix
from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.new_input import add_input, node_of
from structlint.fixes.parameters_entry import (
    literal_value,
    parameters_file,
    runtime_keys,
    yaml_edits,
)

_KNOB = re.compile(r"hardcoded `(?P<name>\w+)=")


def knob_of(finding: Finding) -> str | None:
    m = _KNOB.match(finding.message)
    return m.group("name") if m else None


class Knobs:
    """Which functions want which key in this run. Kedro merges the parameters files of an
    environment into one mapping and refuses a key two files hold, so a key is one for the
    whole project: a key two functions want is grouped."""

    def __init__(self, ctx: FixContext, findings: Iterable[Finding]) -> None:
        self.users: dict[str, set[tuple[str, str]]] = defaultdict(set)
        for f in findings:
            name = knob_of(f) if f.code == "SL302" else ("seed" if f.code == "SL205" else None)
            parsed = ctx.parsed(f.path) if name else None
            if parsed is None or name is None:
                continue
            fn = _function_at(parsed, f.line, f.column - 1)
            if fn is not None:
                self.users[name].add((f.path, fn.name.value))
        self.ctx = ctx

    def shared(self, key: str, path: str, function: str) -> bool:
        """Another function wants `key`."""
        return bool(self.users.get(key, set()) - {(path, function)})

    def shared_by_name(self, key: str, path: str, function: str) -> bool:
        """A function of the same name in another module wants `key` (`step.key` would
        clash)."""
        return any(fn == function and p != path for p, fn in self.users.get(key, set()))


def _function_at(parsed: Parsed, line: int, column: int) -> cst.FunctionDef | None:
    hits = parsed.at(line, column, (cst.BaseExpression,))
    return parsed.enclosing_function(hits[0]) if hits else None


def _knob_arg(parsed: Parsed, line: int, column: int) -> tuple[cst.Arg, str] | None:
    """The argument whose value the finding points at, and the knob's name."""
    for node in parsed.positions:
        if type(node) is not cst.Arg:
            continue
        v = parsed.positions.get(node.value)
        if v is not None and v.start.line == line and v.start.column == column:
            return node, node.keyword.value if node.keyword is not None else "seed"
    return None


def build(finding: Finding, ctx: FixContext, knobs: Knobs) -> Fix | None:
    parsed = ctx.parsed(finding.path)
    if parsed is None:
        return None
    found = _knob_arg(parsed, finding.line, finding.column - 1)
    if found is None:
        return None
    arg, knob = found
    try:
        value = literal_value(arg.value)
    except (ValueError, SyntaxError, TypeError, ZeroDivisionError, OverflowError):
        return None
    return move_to_parameters(
        ctx,
        parsed,
        arg,
        knob,
        value,
        knobs,
        lambda a, param: a.with_changes(value=cst.Name(param)),
        f"`{knob}={_shown(value)}`",
    )


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 32 else text[:29] + "..."


def move_to_parameters(
    ctx: FixContext,
    parsed: Parsed,
    target: cst.CSTNode,
    knob: str,
    value: Any,
    knobs: Knobs,
    change: Callable[[Any, str], cst.CSTNode],
    what: str,
    reuse: bool = False,
) -> Fix | None:
    """The fix that turns `target` (inside a node function) into a use of a new parameter
    `knob` whose value `value` goes to the parameters file: `change(target, param)` is the
    rewritten target. `reuse`: a key that is defined already is used as it is (a seed), and
    functions that want the same key share it."""
    owner = node_of(ctx, parsed, target)
    if owner is None:
        return None
    nodes = owner.nodes
    conf = ctx.project.conf
    key = knob
    runtime = runtime_keys(ctx, nodes, key)
    if reuse and all(conf.has_parameter(k) for k in runtime):
        # A seed the project defines already: every node may share it.
        python = add_input(ctx, parsed, owner, target, change, f"params:{key}", knob)
        if python is None:
            return None
        return Fix(
            f"Pass {what} from the parameter `params:{key}` to `{owner.name}`",
            tuple(python),
            "unsafe",
        )
    fresh = not any(conf.has_parameter(k) or _top_taken(ctx, k) for k in runtime)
    grouped = not fresh or knobs.shared(knob, parsed.path, owner.name)
    if not reuse and not grouped:
        # Another function of the module has this knob grouped under its name already
        # (an earlier pass of the same fix): this one is grouped too.
        functions = {s.name.value for s in parsed.module.body if isinstance(s, cst.FunctionDef)}
        params = conf.parameters
        grouped = any(
            name != owner.name and isinstance(params.get(name), dict) and knob in params[name]
            for name in functions
        )
    pipeline = ctx.pipeline_name(parsed.path)
    common = False
    if (
        reuse
        and fresh
        and knobs.shared(knob, parsed.path, owner.name)
        and not any("." in k for k in runtime)
    ):
        # A new seed other nodes want too: one `seed` in the common parameters file (the
        # fixer applies the first of them, and the others use it in the next pass). A
        # namespaced one stays with its pipeline's parameters.
        common = True
    elif not (reuse and fresh) and grouped:
        # Grouped under the function's name; under the pipeline's too when a function of
        # the same name in another pipeline wants the same knob.
        keys = [f"{owner.name}.{knob}"]
        if pipeline is not None:
            keys.append(f"{pipeline}.{owner.name}.{knob}")
        if knobs.shared_by_name(knob, parsed.path, owner.name):
            keys = keys[1:]
        free = [
            k
            for k in keys
            if not any(
                conf.has_parameter(r) or _top_taken(ctx, r) for r in runtime_keys(ctx, nodes, k)
            )
        ]
        if not free:
            return None
        key = free[0]
    python = add_input(ctx, parsed, owner, target, change, f"params:{key}", knob)
    if python is None:
        return None
    entries = [
        (
            ctx.conf_file("parameters", None) if common else parameters_file(ctx, pipeline, full),
            full.split("."),
            value,
        )
        for full in runtime_keys(ctx, nodes, key)
    ]
    conf_edits = yaml_edits(ctx, entries)
    if conf_edits is None:
        return None
    files = ", ".join(dict.fromkeys(f"`{e[0]}`" for e in entries))
    keys = ", ".join(f"`{'.'.join(e[1])}`" for e in entries)
    return Fix(
        f"{'Add' if reuse else 'Move'} {what} to {files} as {keys} and pass it to "
        f"`{owner.name}` as the input "
        f"`params:{key}`",
        (*python, *conf_edits),
        "unsafe",
    )


def _top_taken(ctx: FixContext, key: str) -> bool:
    """A key whose first part is a parameter that is not a mapping: nothing can go below it."""
    params = ctx.project.conf.parameters
    head = key.split(".", 1)[0]
    return "." in key and head in params and not isinstance(params[head], dict)
