"""SL201's and SL101's fix: data a node reads or writes itself goes through the catalog.

A read (`pd.read_csv("data/01_raw/houses.csv", sep=";")`) becomes a catalog entry (`houses`:
the reader's dataset type, its keyword arguments as `load_args`, the path as `filepath`, the
data folder's layer as `metadata: kedro-viz: layer:`) and a new input of the node: the call is
replaced by the new parameter. A write that is the node's last statement before its `return`
(`df.to_parquet("data/03_primary/x.parquet")`) becomes an entry and a further output: the node
returns `df` as well (or, when it returns `df` already under a name the catalog does not know,
that output is given the entry). Anything else keeps its finding, without a fix, and the
finding says why."""

from __future__ import annotations

from typing import Any

import libcst as cst

from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.fixes.catalog_entry import (
    HANDLE_READERS,
    HANDLE_WRITERS,
    READERS,
    WRITER_FUNCTIONS,
    WRITER_METHODS,
    Entry,
    choose_entry,
    data_path,
    imports_of,
    keyword_args,
    path_arg,
    qualified,
)
from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.new_input import NodeOf, add_input, node_of
from structlint.fixes.node_wiring import (
    drop_unused_imports,
    edits_for,
    head_name,
    names_of,
    rewrite,
    wire_output,
)
from structlint.fixes.parameters_entry import literal_value, yaml_edits

Outcome = Fix | str | None  # a fix, why there is none (said in the message), or nothing


def build(finding: Finding, ctx: FixContext) -> Outcome:
    parsed = ctx.parsed(finding.path)
    if parsed is None:
        return None
    for call in parsed.at(finding.line, finding.column - 1, (cst.Call,)):
        assert isinstance(call, cst.Call)
        outcome = _fix_call(ctx, parsed, call)
        if outcome is not None:
            return outcome
    return None


def build_for_path(finding: Finding, ctx: FixContext) -> Outcome:
    """SL101 on the path of a read or write that SL201's fix moves to the catalog."""
    parsed = ctx.parsed(finding.path)
    if parsed is None:
        return None
    strings = parsed.at(finding.line, finding.column - 1, (cst.SimpleString,))
    if not strings:
        return None
    for node in parsed.positions:
        if type(node) is not cst.Call:
            continue
        for position in (0, 1):
            if path_arg(node, position) is strings[0]:
                outcome = _fix_call(ctx, parsed, node)
                if isinstance(outcome, Fix):
                    return outcome
    return None


def _parent_call(parsed: Parsed, call: cst.Call) -> cst.Call | None:
    """The call that takes `call` as an argument (`json.load(open(p))`)."""
    for node in parsed.positions:
        if type(node) is cst.Call and any(a.value is call for a in node.args):
            return node
    return None


def _open_mode(call: cst.Call) -> str | None:
    """`open(path, mode)`'s literal mode ("r" without one), None for anything else."""
    args = [a for a in call.args if a.keyword is None]
    mode: cst.BaseExpression | None = args[1].value if len(args) > 1 else None
    for a in call.args:
        if a.keyword is not None:
            if a.keyword.value != "mode":
                return None
            mode = a.value
    if len(args) > 2:
        return None
    if mode is None:
        return "r"
    try:
        value = literal_value(mode)
    except (ValueError, SyntaxError):
        return None
    return value if isinstance(value, str) else None


def _fix_call(ctx: FixContext, parsed: Parsed, call: cst.Call) -> Outcome:
    imports = imports_of(parsed)
    name = qualified(call.func, imports)
    if name in READERS:
        kind, fixed = READERS[name]
        kwargs = keyword_args(call, 1)
        path = data_path(path_arg(call, 0)) if path_arg(call, 0) is not None else None
        if kwargs is None or path is None:
            return None
        return _read_fix(ctx, parsed, call, kind, _args(fixed, "load_args", kwargs), path)
    if name in ("open", "builtins.open", "io.open"):
        outer = _parent_call(parsed, call)
        outer_name = qualified(outer.func, imports) if outer is not None else None
        mode = _open_mode(call)
        path = data_path(path_arg(call, 0)) if path_arg(call, 0) is not None else None
        if outer is None or mode is None or path is None:
            return None
        if outer_name in HANDLE_READERS and "r" in mode and len(outer.args) >= 1:
            if outer.args[0].value is not call:
                return None
            kind, fixed = HANDLE_READERS[outer_name]
            kwargs = keyword_args(outer, 1)
            if kwargs is None:
                return None
            return _read_fix(ctx, parsed, outer, kind, _args(fixed, "load_args", kwargs), path)
        if outer_name in HANDLE_WRITERS and "w" in mode and len(outer.args) >= 2:
            if outer.args[1].value is not call:
                return None
            kind, fixed = HANDLE_WRITERS[outer_name]
            kwargs = keyword_args(outer, 2)
            if kwargs is None:
                return None
            return _write_fix(
                ctx,
                parsed,
                outer,
                outer.args[0].value,
                kind,
                _args(fixed, "save_args", kwargs),
                path,
            )
        return None
    if name in WRITER_FUNCTIONS:
        kind, fixed = WRITER_FUNCTIONS[name]
        kwargs = keyword_args(call, 2)
        target = path_arg(call, 1)
        path = data_path(target) if target is not None else None
        if kwargs is None or path is None or not call.args or call.args[0].keyword is not None:
            return None
        return _write_fix(
            ctx, parsed, call, call.args[0].value, kind, _args(fixed, "save_args", kwargs), path
        )
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in WRITER_METHODS:
        kind, fixed = WRITER_METHODS[func.attr.value]
        kwargs = keyword_args(call, 1)
        target = path_arg(call, 0)
        path = data_path(target) if target is not None else None
        if kwargs is None or path is None:
            return None
        return _write_fix(
            ctx, parsed, call, func.value, kind, _args(fixed, "save_args", kwargs), path
        )
    return None


def _args(fixed: dict[str, Any], key: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {**fixed, key: kwargs} if kwargs else dict(fixed)


def _one_namespace(owner: NodeOf) -> tuple[bool, str | None]:
    spaces = owner.namespaces
    if len(spaces) != 1:
        return False, None
    return True, next(iter(spaces))


def _catalog_edits(ctx: FixContext, parsed: Parsed, entry: Entry) -> list[Edit] | None:
    if entry.exists:
        return []
    path = ctx.conf_file("catalog", ctx.pipeline_name(parsed.path))
    return yaml_edits(ctx, [(path, [entry.name], entry.body())])


def _read_fix(
    ctx: FixContext, parsed: Parsed, call: cst.Call, kind: str, args: dict[str, Any], path: str
) -> Outcome:
    owner = node_of(ctx, parsed, call)
    if owner is None:
        return None
    ok, namespace = _one_namespace(owner)
    if not ok:
        return "the node runs in several namespaces, each would need its own entry"
    entry = choose_entry(ctx, path, kind, args, namespace)
    if entry is None:
        return None
    short = entry.name[len(namespace) + 1 :] if namespace else entry.name
    assigned, wanted = _sole_assignment(owner, call)
    python = add_input(
        ctx,
        parsed,
        owner,
        call,
        lambda _t, p: cst.Name(p),
        short,
        wanted or short,
        removed=_heads(call),
        assigned=assigned,
    )
    catalog = _catalog_edits(ctx, parsed, entry)
    if python is None or catalog is None:
        return None
    return Fix(
        f"Declare `{entry.name}` ({kind}, `{path}`) in the catalog and make it an input of "
        f"`{owner.name}`",
        (*python, *catalog),
        "unsafe",
    )


def _heads(call: cst.Call) -> set[str]:
    """The imported names a call (and a file it opens) is made of."""
    out = {head_name(call.func)}
    out |= {head_name(a.value.func) for a in call.args if isinstance(a.value, cst.Call)}
    return {x for x in out if x is not None and x != "open"}


def _sole_assignment(
    owner: NodeOf, call: cst.Call
) -> tuple[cst.SimpleStatementLine | None, str | None]:
    """`x = <call>` as a statement of the node's body, with `x` bound nowhere else in the
    function and not one of its parameters: the new parameter can then be `x` itself and the
    statement go."""
    body = owner.fn.body
    if not isinstance(body, cst.IndentedBlock):
        return None, None
    for stmt in body.body:
        if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
            continue
        small = stmt.body[0]
        if (
            isinstance(small, cst.Assign)
            and small.value is call
            and len(small.targets) == 1
            and isinstance(small.targets[0].target, cst.Name)
        ):
            name = small.targets[0].target.value
            params = {p.name.value for p in owner.fn.params.params}
            if name in params or _bindings(owner.fn, name) != 1:
                return None, None
            return stmt, name
    return None, None


def _bindings(fn: cst.FunctionDef, name: str) -> int:
    """How often `name` is bound in `fn` (assignments, loops, `with ... as`, imports)."""
    count = 0

    class _Binds(cst.CSTVisitor):
        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            nonlocal count
            count += _name_in_target(node.target, name)

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            nonlocal count
            count += _name_in_target(node.target, name)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            nonlocal count
            count += _name_in_target(node.target, name)

        def visit_For(self, node: cst.For) -> None:
            nonlocal count
            count += _name_in_target(node.target, name)

        def visit_AsName(self, node: cst.AsName) -> None:
            nonlocal count
            count += _name_in_target(node.name, name)

        def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
            nonlocal count
            count += _name_in_target(node.target, name)

    fn.body.visit(_Binds())
    return count


def _name_in_target(target: cst.CSTNode, name: str) -> int:
    if isinstance(target, cst.Name):
        return int(target.value == name)
    if isinstance(target, cst.Tuple | cst.List):
        return sum(_name_in_target(e.value, name) for e in target.elements)
    if isinstance(target, cst.StarredElement):
        return _name_in_target(target.value, name)
    return 0


def _returns(fn: cst.FunctionDef) -> int:
    """How many `return`s the function has (not counting nested functions)."""
    count = 0

    class _Returns(cst.CSTVisitor):
        def visit_Return(self, node: cst.Return) -> None:
            nonlocal count
            count += 1

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return node is fn

        def visit_Lambda(self, node: cst.Lambda) -> bool:
            return False

    fn.visit(_Returns())
    return count


def _write_fix(
    ctx: FixContext,
    parsed: Parsed,
    call: cst.Call,
    obj: cst.BaseExpression,
    kind: str,
    args: dict[str, Any],
    path: str,
) -> Outcome:
    owner = node_of(ctx, parsed, call)
    if owner is None:
        return None
    body = owner.fn.body
    if not isinstance(body, cst.IndentedBlock):
        return None
    statements = list(body.body)
    at = next(
        (
            i
            for i, s in enumerate(statements)
            if isinstance(s, cst.SimpleStatementLine)
            and len(s.body) == 1
            and isinstance(s.body[0], cst.Expr)
            and s.body[0].value is call
        ),
        None,
    )
    why_not = "the write is not a statement of its own at the end of the node (before its return)"
    if at is None:
        return why_not
    stmt = statements[at]
    rest = statements[at + 1 :]
    returns = _returns(owner.fn)
    final: cst.Return | None = None
    if rest:
        last = rest[0]
        if (
            len(rest) != 1
            or not isinstance(last, cst.SimpleStatementLine)
            or len(last.body) != 1
            or not isinstance(last.body[0], cst.Return)
        ):
            return why_not
        final = last.body[0]
    if returns != (1 if final is not None else 0):
        return "the node returns from more than one place"
    if not isinstance(obj, cst.Name):
        return "what it writes is not a variable the node could return"
    ok, namespace = _one_namespace(owner)
    if not ok:
        return "the node runs in several namespaces, each would need its own entry"
    kinds = {n.output_kind for n in owner.nodes}
    outputs = {tuple(d.name for d in n.outputs) for n in owner.nodes}
    conf = ctx.project.conf
    value = final.value if final is not None else None
    # The node returns the written value already, to an output the catalog does not know:
    # that output gets the entry, and the write goes.
    if (
        isinstance(value, cst.Name)
        and value.value == obj.value
        and kinds == {"str"}
        and len(outputs) == 1
    ):
        (name,) = next(iter(outputs))
        if not conf.defines(name):
            entry = Entry(name, kind, path, args)
            python = edits_for(
                parsed,
                rewrite(
                    parsed,
                    {
                        stmt: lambda s: cst.RemoveFromParent(),
                        parsed.module: lambda m: drop_unused_imports(
                            m, _heads(call), names_of(parsed)
                        ),
                    },
                ),
            )
            catalog = _catalog_edits(ctx, parsed, entry)
            if python is None or catalog is None:
                return None
            return Fix(
                f"Declare the output `{name}` ({kind}, `{path}`) in the catalog instead of "
                f"writing it in `{owner.name}`",
                (*python, *catalog),
                "unsafe",
            )
    entry = choose_entry(ctx, path, kind, args, namespace)
    if entry is None or entry.exists:
        return None
    short = entry.name[len(namespace) + 1 :] if namespace else entry.name
    new_return: cst.BaseExpression
    if value is None and kinds == {"none"}:
        new_return = obj
    elif value is not None and not isinstance(value, cst.Tuple) and kinds == {"str"}:
        new_return = cst.Tuple(
            [cst.Element(value, comma=_COMMA), cst.Element(obj)], lpar=[], rpar=[]
        )
    elif (
        isinstance(value, cst.Tuple)
        and kinds == {"list"}
        and all(len(o) == len(value.elements) for o in outputs)
    ):
        elements = list(value.elements)
        elements[-1] = elements[-1].with_changes(comma=_COMMA)
        new_return = value.with_changes(elements=[*elements, cst.Element(obj)])
    else:
        return "the node's return value and its outputs have no room for one more output"
    changes: dict[cst.CSTNode, Any] = {
        stmt: lambda s: cst.RemoveFromParent(),
        parsed.module: lambda m: drop_unused_imports(m, _heads(call), names_of(parsed)),
    }
    if final is not None:
        changes[final] = lambda r: r.with_changes(value=new_return)
    else:
        changes[stmt] = lambda s: s.with_changes(body=[cst.Return(value=obj)])
    python = edits_for(parsed, rewrite(parsed, changes))
    wiring = wire_output(ctx, owner.nodes, short)
    catalog = _catalog_edits(ctx, parsed, entry)
    if python is None or wiring is None or catalog is None:
        return None
    return Fix(
        f"Declare `{entry.name}` ({kind}, `{path}`) in the catalog and return it from "
        f"`{owner.name}` as a further output",
        (*python, *wiring, *catalog),
        "unsafe",
    )


_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
