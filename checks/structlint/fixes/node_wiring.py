"""The Python side of a fix that moves something out of a node: a new parameter of the
function, a new input (or output) in every `node()` call that wires it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import libcst as cst
from libcst.metadata import CodeRange

from structlint.core.fixes_model import Edit
from structlint.fixes.context import FixContext, Parsed
from structlint.fixes.textdiff import diff_edits
from structlint.project.pipelines import NodeInst

_NODE_INPUT_POSITION = 1  # node(func, inputs, outputs, ...)
_NODE_OUTPUT_POSITION = 2


def grow(elements: list, make: Callable[[Any], Any], opening: Any, closing: Any) -> list:
    """`elements` (of a list, tuple, dict or parameters) with one more, `make(comma)`, in
    the shape they are written: one a line (the new one on its own line, with the trailing
    comma) or on one line (`a, b`). `opening`: the whitespace after the opening bracket,
    `closing` the whitespace before the closing one (libcst keeps a final line break
    there)."""
    space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    if not elements:
        return [make(cst.MaybeSentinel.DEFAULT)]
    last = elements[-1]
    comma = last.comma
    if isinstance(comma, cst.Comma) and (
        isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)
        or isinstance(closing, cst.ParenthesizedWhitespace)
    ):
        before = elements[-2].comma if len(elements) > 1 else None
        inner = before.whitespace_after if isinstance(before, cst.Comma) else opening
        if isinstance(inner, cst.ParenthesizedWhitespace):
            return [
                *elements[:-1],
                last.with_changes(comma=comma.with_changes(whitespace_after=inner)),
                make(comma),
            ]
    return [*elements[:-1], last.with_changes(comma=space), make(cst.MaybeSentinel.DEFAULT)]


def _string(value: str) -> cst.SimpleString:
    return cst.SimpleString(f'"{value}"')


class _Replace(cst.CSTTransformer):
    """Rewrite chosen nodes (by identity) with a function of their updated version. Only
    the nodes around a chosen one are entered: the rest of the module is kept as it is,
    which spares rebuilding a whole module for a change of one function."""

    def __init__(
        self,
        changes: dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]],
        positions: dict[cst.CSTNode, CodeRange],
    ):
        super().__init__()
        self.changes = changes
        self.positions = positions
        self.spans = [
            ((r.start.line, r.start.column), (r.end.line, r.end.column))
            for r in (positions.get(n) for n in changes)
            if r is not None
        ]
        # A chosen node without a position: enter everything (the safe reading).
        self.everywhere = len(self.spans) < len(changes)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.everywhere:
            return True
        r = self.positions.get(node)
        if r is None:
            return True
        start, end = (r.start.line, r.start.column), (r.end.line, r.end.column)
        return any(start <= s and e <= end for s, e in self.spans)

    def on_leave(self, original_node, updated_node):  # type: ignore[no-untyped-def]
        change = self.changes.get(original_node)
        if change is not None:
            return change(updated_node)
        return updated_node


def rewrite(parsed: Parsed, changes: dict[cst.CSTNode, Callable]) -> str | None:
    """The module's new code with `changes` made, or None when one of them refused."""
    try:
        return parsed.module.visit(_Replace(changes, parsed.positions)).code
    except _Refused:
        return None


class _Refused(Exception):
    """A change that cannot be made as text the user would write."""


def edits_for(parsed: Parsed, new_code: str | None) -> tuple[Edit, ...] | None:
    if new_code is None or new_code == parsed.text:
        return None
    return diff_edits(parsed.path, parsed.text, new_code)


# --------------------------------------------------------------------------- the function


def plain_positional(fn: cst.FunctionDef) -> bool:
    """Parameters Kedro binds one by one and a new one can follow: no defaults, no `*`,
    no keyword-only or positional-only parameters."""
    p = fn.params
    return (
        not p.posonly_params
        and not p.kwonly_params
        and not isinstance(p.star_arg, cst.Param | cst.ParamStar)
        and p.star_kwarg is None
        and all(x.default is None for x in p.params)
    )


def add_param(fn: cst.FunctionDef, name: str) -> cst.FunctionDef:
    params = grow(
        list(fn.params.params),
        lambda comma: cst.Param(cst.Name(name), comma=comma),
        fn.whitespace_before_params,
        fn.params.params[-1].whitespace_after_param if fn.params.params else None,
    )
    return fn.with_changes(params=fn.params.with_changes(params=params))


def names_in(node: cst.CSTNode) -> set[str]:
    """Every identifier used in `node` (a cheap over-approximation of its scope)."""
    out: set[str] = set()

    class _Names(cst.CSTVisitor):
        def visit_Name(self, n: cst.Name) -> None:
            out.add(n.value)

        def visit_Arg(self, n: cst.Arg) -> bool:
            n.value.visit(self)  # not the keyword: `random_state=` names no variable
            return False

        def visit_Attribute(self, n: cst.Attribute) -> bool:
            n.value.visit(self)
            return False

    node.visit(_Names())
    return out


def names_of(parsed: Parsed) -> Callable[[cst.CSTNode], set[str]]:
    """`names_in`, remembered per statement of `parsed`: a rewrite keeps every statement it
    does not change (the same object), so the fixes of one file ask about the same ones."""
    memo = parsed.names_memo

    def names(node: cst.CSTNode) -> set[str]:
        hit = memo.get(id(node))
        if hit is None or hit[0] is not node:
            hit = memo[id(node)] = (node, names_in(node))
        return hit[1]

    return names


def free_name(wanted: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    if wanted not in taken:
        return wanted
    for suffix in ("param", "value", "input"):
        name = f"{wanted}_{suffix}"
        if name not in taken:
            return name
    n = 2
    while f"{wanted}_{n}" in taken:
        n += 1
    return f"{wanted}_{n}"


# --------------------------------------------------------------------------- node() calls


def _arg(call: cst.Call, keyword: str, position: int) -> tuple[int, cst.Arg] | None:
    positional = 0
    for i, a in enumerate(call.args):
        if a.star:
            return None
        if a.keyword is None:
            if positional == position:
                return i, a
            positional += 1
        elif a.keyword.value == keyword:
            return i, a
    return None


def _append(value: cst.BaseExpression, element: cst.BaseExpression) -> cst.BaseExpression:
    """`value` (the written inputs) with one more dataset."""
    if isinstance(value, cst.List):
        return value.with_changes(
            elements=grow(
                list(value.elements),
                lambda comma: cst.Element(element, comma=comma),
                value.lbracket.whitespace_after,
                value.rbracket.whitespace_before,
            )
        )
    if isinstance(value, cst.Tuple):
        opening = value.lpar[0].whitespace_after if value.lpar else None
        closing = value.rpar[-1].whitespace_before if value.rpar else None
        elements = grow(
            list(value.elements), lambda comma: cst.Element(element, comma=comma), opening, closing
        )
        if not value.lpar:
            return cst.Tuple(elements, lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return value.with_changes(elements=elements)
    if isinstance(value, cst.SimpleString | cst.ConcatenatedString | cst.FormattedString):
        return cst.List(
            [
                cst.Element(value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                cst.Element(element),
            ]
        )
    if isinstance(value, cst.Name) and value.value == "None":
        return element
    raise _Refused


def _add_to_dict(value: cst.BaseExpression, key: str, element: cst.BaseExpression) -> cst.Dict:
    if not isinstance(value, cst.Dict):
        raise _Refused
    elements = grow(
        list(value.elements),
        lambda comma: cst.DictElement(_string(key), element, comma=comma),
        value.lbrace.whitespace_after,
        value.rbrace.whitespace_before,
    )
    return value.with_changes(elements=elements)


def node_calls(parsed: Parsed, nodes: Iterable[NodeInst]) -> list[cst.Call] | None:
    """The `node()` calls of `nodes` that `parsed` holds (once each), None when one is not
    found where the model saw it."""
    out: list[cst.Call] = []
    for n in nodes:
        if n.site.path != parsed.path:
            continue
        hits = parsed.at(n.site.line, n.site.column - 1, (cst.Call,))
        if not hits:
            return None
        call = hits[0]
        assert isinstance(call, cst.Call)
        if call not in out:
            out.append(call)
    return out


def _newline(indent: int) -> cst.ParenthesizedWhitespace:
    return cst.ParenthesizedWhitespace(
        first_line=cst.TrailingWhitespace(),
        empty_lines=[],
        indent=False,
        last_line=cst.SimpleWhitespace(" " * indent),
    )


def explode(value: cst.BaseExpression, outer: int) -> cst.BaseExpression:
    """A one-line list, tuple or dict written one element a line (with a trailing comma,
    as ruff and black write it), its elements at `outer + 4` columns."""
    inner = outer + 4
    if not isinstance(value, cst.List | cst.Tuple | cst.Dict) or not value.elements:
        return value
    elements = []
    for i, el in enumerate(value.elements):
        last = i == len(value.elements) - 1
        comma = cst.Comma(whitespace_after=_newline(outer if last else inner))
        elements.append(el.with_changes(comma=comma))
    close = cst.SimpleWhitespace("")
    if isinstance(value, cst.List):
        return value.with_changes(
            elements=elements,
            lbracket=cst.LeftSquareBracket(whitespace_after=_newline(inner)),
            rbracket=cst.RightSquareBracket(whitespace_before=close),
        )
    if isinstance(value, cst.Dict):
        return value.with_changes(
            elements=elements,
            lbrace=cst.LeftCurlyBrace(whitespace_after=_newline(inner)),
            rbrace=cst.RightCurlyBrace(whitespace_before=close),
        )
    return value.with_changes(
        elements=elements,
        lpar=[cst.LeftParen(whitespace_after=_newline(inner))],
        rpar=[cst.RightParen(whitespace_before=close)],
    )


def line_length(ctx: FixContext) -> int:
    """The project's line length (`[tool.ruff]` / `[tool.black]`, else ruff's 88)."""
    text = ctx.read_text("pyproject.toml") or ""
    m = re.search(r"^line-length\s*=\s*(\d+)", text, re.MULTILINE)
    return int(m.group(1)) if m else 88


def add_input_change(
    dataset: str, param: str, kind: str, indent: int | None = None
) -> Callable[[cst.CSTNode], cst.CSTNode]:
    """A change of a `node()` call that adds `dataset` to its inputs (as `param` for dict
    inputs)."""

    def change(call: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(call, cst.Call)
        found = _arg(call, "inputs", _NODE_INPUT_POSITION)
        if found is None:
            raise _Refused
        i, arg = found
        if kind == "dict":
            value: cst.BaseExpression = _add_to_dict(arg.value, param, _string(dataset))
        else:
            value = _append(arg.value, _string(dataset))
        if indent is not None:
            value = explode(value, indent)
        args = list(call.args)
        args[i] = arg.with_changes(value=value)
        return call.with_changes(args=args)

    return change


def add_output_change(
    dataset: str, indent: int | None = None
) -> Callable[[cst.CSTNode], cst.CSTNode]:
    """A change of a `node()` call that adds `dataset` as its last output (a name or a
    list; `None` becomes the name)."""

    def change(call: cst.CSTNode) -> cst.CSTNode:
        assert isinstance(call, cst.Call)
        found = _arg(call, "outputs", _NODE_OUTPUT_POSITION)
        if found is None:
            raise _Refused
        i, arg = found
        args = list(call.args)
        value = _append(arg.value, _string(dataset))
        if indent is not None:
            value = explode(value, indent)
        args[i] = arg.with_changes(value=value)
        return call.with_changes(args=args)

    return change


def wire_input(
    ctx: FixContext, nodes: list[NodeInst], dataset: str, param: str
) -> list[Edit] | None:
    """Edits of every pipeline file that add `dataset` to the inputs of `nodes`."""
    return _wire(
        ctx,
        nodes,
        lambda n, indent: add_input_change(dataset, param, n.input_kind, indent),
        "inputs",
        _NODE_INPUT_POSITION,
    )


def wire_output(ctx: FixContext, nodes: list[NodeInst], dataset: str) -> list[Edit] | None:
    return _wire(
        ctx,
        nodes,
        lambda n, indent: add_output_change(dataset, indent),
        "outputs",
        _NODE_OUTPUT_POSITION,
    )


def _wire(
    ctx: FixContext,
    nodes: list[NodeInst],
    make: Callable[[NodeInst, int | None], Callable],
    which: str,
    position: int,
) -> list[Edit] | None:
    edits: list[Edit] = []
    for path in dict.fromkeys(n.site.path for n in nodes):
        parsed = ctx.parsed(path)
        if parsed is None:
            return None
        here = [n for n in nodes if n.site.path == path]
        calls = node_calls(parsed, here)
        if calls is None:
            return None
        limit = line_length(ctx)
        lines = parsed.text.splitlines()
        changes: dict[cst.CSTNode, Callable] = {}
        for n in here:
            call = parsed.at(n.site.line, n.site.column - 1, (cst.Call,))[0]
            changes[call] = make(n, None)
        new = rewrite(parsed, changes)
        if new is not None and _longer(parsed.text, new, limit):
            # Too long for the project's lines: the grown list goes one element a line,
            # indented from the line its `node(` is on.
            for n in here:
                call = parsed.at(n.site.line, n.site.column - 1, (cst.Call,))[0]
                assert isinstance(call, cst.Call)
                found = _arg(call, which, position)
                at = parsed.positions[found[1]].start.line if found else n.site.line
                line = lines[at - 1]
                changes[call] = make(n, len(line) - len(line.lstrip()))
            new = rewrite(parsed, changes)
        found = edits_for(parsed, new)
        if found is None:
            return None
        edits.extend(found)
    return edits


def _longer(old: str, new: str, limit: int) -> bool:
    """Whether `new` has a line over `limit` that `old` does not have."""
    before = set(old.splitlines())
    return any(len(x) > limit and x not in before for x in new.splitlines())


def head_name(expr: cst.BaseExpression) -> str | None:
    """`pd` of `pd.read_csv`, `read_csv` of `read_csv`."""
    while isinstance(expr, cst.Attribute):
        expr = expr.value
    return expr.value if isinstance(expr, cst.Name) else None


def drop_unused_imports(
    module: cst.Module,
    candidates: set[str],
    names: Callable[[cst.CSTNode], set[str]] = names_in,
) -> cst.Module:
    """`module` without the top-level imports of `candidates` that nothing uses any more
    (the `import joblib` a moved `joblib.dump` leaves behind). `names`: `names_in`, or a
    memo of it (`names_of`)."""
    used: set[str] = set()
    for stmt in module.body:
        is_import = isinstance(stmt, cst.SimpleStatementLine) and all(
            isinstance(s, cst.Import | cst.ImportFrom) for s in stmt.body
        )
        if not is_import:
            used |= names(stmt)
    body = []
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
            small = stmt.body[0]
            if isinstance(small, cst.Import | cst.ImportFrom) and not isinstance(
                small.names, cst.ImportStar
            ):
                kept = [a for a in small.names if _bound(a) not in candidates or _bound(a) in used]
                if not kept:
                    continue
                if len(kept) != len(small.names):
                    kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    stmt = stmt.with_changes(body=[small.with_changes(names=kept)])
        body.append(stmt)
    if body and module.body and body[0] is not module.body[0]:
        # The first statement went: the next one starts the file, without blank lines.
        first = body[0]
        keep = [line for line in first.leading_lines if line.comment is not None]
        body[0] = first.with_changes(leading_lines=keep)
    return module.with_changes(body=body)


def _bound(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return cst.Module(body=[]).code_for_node(alias.name).split(".")[0]
