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

from structlint.findings import Finding
from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.node_wiring import (
    add_param,
    edits_for,
    free_name,
    names_in,
    plain_positional,
    rewrite,
    wire_input,
)
from structlint.fixes.parameters_entry import (
    literal_value,
    parameters_file,
    runtime_keys,
    yaml_edits,
)
from structlint.fixes_model import Fix

_KNOB = re.compile(r"hardcoded `(?P<name>\w+)=")


def knob_of(finding: Finding) -> str | None:
    m = _KNOB.match(finding.message)
    return m.group("name") if m else None


class Knobs:
    """Which functions want which key in this run: a key two functions want is grouped."""

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

    def shared(self, key: str, path: str, function: str) -> bool:
        return bool(self.users.get(key, set()) - {(path, function)})


def _function_at(parsed: Parsed, line: int, column: int) -> cst.FunctionDef | None:
    hits = parsed.at(line, column, (cst.BaseExpression,))
    return parsed.enclosing_function(hits[0]) if hits else None


def _knob_arg(parsed: Parsed, line: int, column: int) -> tuple[cst.Arg, str] | None:
    """The argument whose value the finding points at, and the knob's name."""
    for node, r in parsed.positions.items():
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
) -> Fix | None:
    """The fix that turns `target` (inside a node function) into a use of a new parameter
    `knob` whose value `value` goes to the parameters file: `change(target, param)` is the
    rewritten target."""
    fn = parsed.enclosing_function(target)
    if fn is None or not plain_positional(fn):
        return None
    nodes = ctx.wiring(parsed.path, fn.name.value)
    if nodes is None or any(n.site.path == parsed.path for n in nodes):
        return None
    arity = len(fn.params.params)
    for n in nodes:
        if n.input_kind in ("list", "str", "none") and len(n.inputs) != arity:
            return None
    conf = ctx.project.conf
    pipeline = ctx.pipeline_name(parsed.path)
    key = knob
    if knobs.shared(knob, parsed.path, fn.name.value) or any(
        conf.has_parameter(k) or _top_taken(ctx, k) for k in runtime_keys(ctx, nodes, key)
    ):
        key = f"{fn.name.value}.{knob}"
        if any(conf.has_parameter(k) for k in runtime_keys(ctx, nodes, key)):
            return None
    param = free_name(knob, names_in(fn) | _module_names(parsed))
    new_code = rewrite(
        parsed,
        {target: lambda t: change(t, param), fn: lambda f: add_param(f, param)},
    )
    code_edits = edits_for(parsed, new_code)
    if code_edits is None:
        return None
    wiring = wire_input(ctx, nodes, f"params:{key}", param)
    if wiring is None:
        return None
    entries = []
    for full in runtime_keys(ctx, nodes, key):
        entries.append((parameters_file(ctx, pipeline, full), full.split("."), value))
    conf_edits = yaml_edits(ctx, entries)
    if conf_edits is None:
        return None
    files = ", ".join(dict.fromkeys(e[0] for e in entries))
    return Fix(
        f"Move {what} to `{files}` as `{key}` and pass it to `{fn.name.value}` as the input "
        f"`params:{key}`",
        (*code_edits, *wiring, *conf_edits),
        "unsafe",
    )


def _top_taken(ctx: FixContext, key: str) -> bool:
    """A key whose first part is a parameter that is not a mapping: nothing can go below it."""
    params = ctx.project.conf.parameters
    head = key.split(".", 1)[0]
    return "." in key and head in params and not isinstance(params[head], dict)


def _module_names(parsed: Parsed) -> set[str]:
    out: set[str] = set()
    for stmt in parsed.module.body:
        if isinstance(stmt, cst.FunctionDef | cst.ClassDef):
            out.add(stmt.name.value)
        elif isinstance(stmt, cst.SimpleStatementLine):
            out |= names_in(stmt)
    return out
