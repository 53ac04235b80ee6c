"""SL203 mutates-input: a node function that changes one of its own arguments in place."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from structlint.core.decoding import source_lines
from structlint.core.fixes_model import Edit, Fix
from structlint.rules.purity._common import (
    _SEQUENCES,
    MUTATING_METHODS,
    _Starred,
    render,
    root_name,
    target_names,
)
from structlint.rules.rule import Example, FileRule
from structlint.sources.context import param_names
from structlint.sources.names import ATTRIBUTE, CHAIN, NAME
from structlint.sources.walker import child_nodes

if TYPE_CHECKING:
    from structlint.sources.context import FileContext

_INDEXERS = frozenset({"loc", "iloc", "at", "iat"})


# How the fix copies an argument, by its annotation: a frame's own deep copy, or a new dict /
# list of the same items (a shallow copy: offered only where every change is to the
# argument's own items, `params["k"] = v`, `rows.append(x)`).
_FRAME_COPIES = {
    "pandas.DataFrame": "copy",
    "pandas.Series": "copy",
    "pandas.core.frame.DataFrame": "copy",
    "polars.DataFrame": "clone",
}
_SHALLOW = {"dict": "dict", "list": "list", "typing.Dict": "dict", "typing.List": "list"}
_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def _returns_value(fn: cst.FunctionDef) -> bool:
    """Whether the function returns a value (`return x`) and is no generator: a node whose
    result is what it returns. Nested functions and classes are not looked into."""
    todo: list[cst.CSTNode] = [fn.body]
    found = False
    while todo:
        node = todo.pop()
        if isinstance(node, (cst.Yield, cst.Await)):
            return False
        if isinstance(node, cst.Return) and node.value is not None:
            found = True
        todo.extend(c for c in child_nodes(node) if not isinstance(c, _SCOPES))
    return found


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    first = stmt.body[0]
    return isinstance(first, cst.Expr) and isinstance(
        first.value, (cst.SimpleString, cst.ConcatenatedString)
    )


def _is_true(expr: cst.BaseExpression) -> bool:
    return type(expr) is NAME and expr.value == "True"  # type: ignore[attr-defined]


class MutatesInput(FileRule):
    code = "SL203"
    name = "mutates-input"
    summary = "A node function changes one of its own arguments in place."
    node_functions_only = True
    explanation = """
Kedro hands a node its inputs and expects the node to leave them alone: the same object may be
the input of another node, a `MemoryDataset` may hand out the very object it holds, and a
runner that retries or reorders nodes then sees data that depends on who ran first. A node
that writes into its argument (`df["c"] = ...`, `df.drop(..., inplace=True)`,
`params["k"] = v`, `rows.append(x)`) also hides a second output that the pipeline graph does
not show.

What is reported, when the object is one of the node's arguments (or a plain alias of one,
`out = df`):

- any method call with `inplace=True` on the argument or on a part of it
  (`df.drop(columns=["a"], inplace=True)`, `df["c"].fillna(0, inplace=True)`);
- assignment to a subscript or attribute of it: `df["c"] = ...`, `df.loc[m, "c"] = ...`,
  `df.iloc[0] = ...`, `df.at[i, "c"] = ...`, `df.columns = [...]`, `params["k"]["j"] = ...`,
  also as augmented assignment (`df["n"] += 1`) and through `setattr(arg, ...)`;
- `del arg[k]` and `del arg.attr`;
- the in-place methods `append`, `extend`, `insert`, `pop`, `popitem`, `remove`, `clear`,
  `update`, `setdefault`, `sort`, `reverse` called on the argument itself. `pop` is reported
  even when its result is used (`y = df.pop("target")`): it still removes the column from the
  caller's object.

Rebinding ends it: after `df = df.copy()`, `df = df.assign(...)`, `out = dict(params)` or any
other assignment of a new value to the name (including `for`, `with ... as`, `:=` and
`df += ...`), the name no longer denotes the argument and what follows is silent. The check
follows the source order, so `df["c"] = 1` *before* `df = df.copy()` is still reported.
Branches are handled conservatively, in favour of silence: a rebinding inside an `if` counts
for the code after the whole `if` statement (the linter cannot know which branch ran), but
not for the sibling `else`/`elif` branch. Parameters of nested functions, lambdas and
comprehension variables shadow the node's arguments; `**kwargs` is a fresh dict and is not an
input.

Helpers: a function of the project's own package that a node calls, up to three calls deep,
is checked too, but in a helper only the parameters that receive one of the node's own
arguments as it came in are the node's input: `_tidy(df)` in node `clean(df)` makes `df`
the input inside `_tidy` (and in what `_tidy` passes it on to), and the finding, at the
helper's line, names the node. After the node rebinds the name (`df = df.copy()`, anywhere
in the node), or for an object the node built itself, the helper is free to change it: the
rule stays silent rather than guess.

What to do instead: build a new object and return it. Copy first (`df = df.copy()`), or use
the methods that return a new frame (`df.assign(c=...)`, `df.drop(columns=...)`,
`df.rename(...)`), `{**params, "k": v}` for dicts, `[*rows, x]` for lists; and declare a
second output in the pipeline if the node really produces two things.
"""
    fix_doc = """
Safe, where the copy is the obvious one: `--fix` inserts `df = df.copy()` as the first
statement of the node (after its docstring) for an argument annotated as a pandas `DataFrame`
or `Series` (`df = df.clone()` for a polars `DataFrame`), and `params = dict(params)` /
`rows = list(rows)` for one annotated `dict` / `list` when every change the node makes is to
the argument's own items (`params["k"] = v`, `rows.append(x)`; one `params["a"]["b"] = v`
anywhere in the node, which a shallow copy would still leak to the caller, means no fix for
`params`). Only when all of this holds:

- the change is in the node function itself, not in a helper it calls or in a function nested
  in it (the copy belongs where the argument comes in);
- the node returns a value and is not a generator: a node that returns nothing and changes
  its input may be relying on that change, and copying would silently make it do nothing;
- the node's body is an indented block whose first statement starts its own line.

Everything else the rule reports (an argument of another type, a helper, an alias of an
unknown type) has no fix: what a correct copy is there depends on the code.
"""
    bad = (
        Example(
            """\
import pandas as pd


def add_margin(orders: pd.DataFrame) -> pd.DataFrame:
    orders["margin"] = orders["price"] - orders["cost"]  # expect: SL203
    orders.dropna(subset=["margin"], inplace=True)  # expect: SL203
    return orders


def split_target(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    y = table.pop("target")  # expect: SL203
    return table, y
""",
            fixed="""\
import pandas as pd


def add_margin(orders: pd.DataFrame) -> pd.DataFrame:
    orders = orders.copy()
    orders["margin"] = orders["price"] - orders["cost"]
    orders.dropna(subset=["margin"], inplace=True)
    return orders


def split_target(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    table = table.copy()
    y = table.pop("target")
    return table, y
""",
        ),
        Example(
            """\
def with_defaults(params: dict, rows: list) -> tuple[dict, list]:
    \"\"\"The parameters with the defaults filled in.\"\"\"
    params.setdefault("threshold", 0.5)  # expect: SL203
    rows.append(params["threshold"])  # expect: SL203
    return params, rows


def nested(params: dict[str, dict]) -> dict:
    params["name"] = "tree"  # expect: SL203
    params["model"]["depth"] = 3  # expect: SL203
    return params


def log_only(rows: list) -> None:
    rows.append("seen")  # expect: SL203
""",
            fixed="""\
def with_defaults(params: dict, rows: list) -> tuple[dict, list]:
    \"\"\"The parameters with the defaults filled in.\"\"\"
    rows = list(rows)
    params = dict(params)
    params.setdefault("threshold", 0.5)
    rows.append(params["threshold"])
    return params, rows


def nested(params: dict[str, dict]) -> dict:
    params["name"] = "tree"  # expect: SL203
    params["model"]["depth"] = 3  # expect: SL203
    return params


def log_only(rows: list) -> None:
    rows.append("seen")  # expect: SL203
""",
        ),
        Example("""\
import pandas as pd


def clean(orders: pd.DataFrame) -> pd.DataFrame:
    _fill_missing(orders)
    return orders


def _fill_missing(frame: pd.DataFrame) -> None:
    frame.fillna({"price": 0}, inplace=True)  # expect: SL203
"""),
    )
    good = (
        Example("""\
import pandas as pd


def add_margin(orders: pd.DataFrame) -> pd.DataFrame:
    orders = orders.copy()
    orders["margin"] = orders["price"] - orders["cost"]
    return orders.dropna(subset=["margin"])


def split_target(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    return table.drop(columns="target"), table["target"]


def with_defaults(params: dict) -> dict:
    out = dict(params)
    out.setdefault("threshold", 0.5)
    return out
"""),
        Example("""\
import pandas as pd


def clean(orders: pd.DataFrame) -> pd.DataFrame:
    orders = orders.copy()
    _fill_missing(orders)
    return orders


def _fill_missing(frame: pd.DataFrame) -> None:
    frame.fillna({"price": 0}, inplace=True)
"""),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # One entry per scope inside the node function being walked: (scope node, names that
        # denote a node argument -> the argument's name).
        self.scopes: list[tuple[cst.CSTNode, dict[str, str]]] = []
        # Open `if` statements: (node, names before it, names at the end of each branch).
        self.branches: list[tuple[cst.If, dict[str, str], list[dict[str, str]]]] = []
        # Whether each node function (by id) returns a value: asked once, for a fix.
        self._returns: dict[int, bool] = {}
        # (node function id, argument) of the changes below an argument's own items.
        self._deep: set[tuple[int, str]] = set()

    # ---- scopes -------------------------------------------------------------------------

    @property
    def args(self) -> dict[str, str]:
        return self.scopes[-1][1]

    def _set_args(self, value: dict[str, str]) -> None:
        node, _ = self.scopes[-1]
        self.scopes[-1] = (node, value)

    def _enter(self, node: cst.FunctionDef | cst.Lambda) -> None:
        fn = self.ctx.node_function
        if fn is None:
            return
        if fn.node is node:
            # A helper's own parameters are the node's input only where a node passes its
            # argument on unchanged (`structlint.project.reach`): only those are watched there.
            names = set(fn.input_params)
            kwargs = node.params.star_kwarg
            if isinstance(kwargs, cst.Param):
                names.discard(kwargs.name.value)
            self.scopes.append((node, {n: n for n in names}))
        elif self.scopes:
            shadowed = param_names(node.params)
            self.scopes.append((node, {k: v for k, v in self.args.items() if k not in shadowed}))

    def _leave(self, node: cst.CSTNode) -> None:
        if self.scopes and self.scopes[-1][0] is node:
            self.scopes.pop()
            if isinstance(node, cst.FunctionDef) and self.scopes:
                self.args.pop(node.name.value, None)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._enter(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._leave(node)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._enter(node)

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self._leave(node)

    def _enter_comp(self, node: cst.BaseComp) -> None:
        if not self.scopes:
            return
        shadowed: set[str] = set()
        comp: cst.CompFor | None = node.for_in
        while comp is not None:
            shadowed.update(target_names(comp.target))
            comp = comp.inner_for_in
        self.scopes.append((node, {k: v for k, v in self.args.items() if k not in shadowed}))

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._enter_comp(node)

    def leave_ListComp(self, node: cst.ListComp) -> None:
        self._leave(node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._enter_comp(node)

    def leave_SetComp(self, node: cst.SetComp) -> None:
        self._leave(node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._enter_comp(node)

    def leave_DictComp(self, node: cst.DictComp) -> None:
        self._leave(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._enter_comp(node)

    def leave_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._leave(node)

    # ---- branches: a rebinding in `if` does not reach its `else`; both count afterwards --

    def visit_If(self, node: cst.If) -> None:
        if self.scopes:
            self.branches.append((node, dict(self.args), []))

    def _leave_block(self, node: cst.CSTNode) -> None:
        if not self.branches:
            return
        owner, before, ends = self.branches[-1]
        if self.ctx.parent is owner and owner.body is node:
            ends.append(self.args)
            self._set_args(dict(before))

    def leave_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._leave_block(node)

    def leave_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._leave_block(node)

    def leave_If(self, node: cst.If) -> None:
        if not self.branches or self.branches[-1][0] is not node:
            return
        _, _, ends = self.branches.pop()
        ends.append(self.args)
        first, *rest = ends
        self._set_args({k: v for k, v in first.items() if all(e.get(k) == v for e in rest)})

    # ---- rebinding ----------------------------------------------------------------------

    def _rebind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        args = self.args
        if type(target) is NAME:
            origin = args.get(value.value) if type(value) is NAME else None
            if origin is not None:
                args[target.value] = origin  # `out = df`: an alias of the argument
            else:
                args.pop(target.value, None)
            return
        for name in target_names(target):
            args.pop(name, None)

    def leave_Assign(self, node: cst.Assign) -> None:
        if self.scopes:
            for t in node.targets:
                self._rebind(t.target, node.value)

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes and node.value is not None:
            self._rebind(node.target, node.value)

    def leave_NamedExpr(self, node: cst.NamedExpr) -> None:
        if self.scopes:
            self._rebind(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        if self.scopes:
            self._rebind(node.target, None)

    def leave_WithItem(self, node: cst.WithItem) -> None:
        if self.scopes and node.asname is not None:
            self._rebind(node.asname.name, None)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if self.scopes and node.name is not None:
            self._rebind(node.name.name, None)

    # ---- mutations ----------------------------------------------------------------------

    def _argument_of(self, expr: cst.BaseExpression) -> str | None:
        root = root_name(expr)
        return self.args.get(root.value) if root is not None else None

    def _label(self, name: str, arg: str) -> str:
        return f"argument `{arg}`" if name == arg else f"`{name}` (an alias of argument `{arg}`)"

    def _check_target(self, target: cst.BaseExpression, verb: str) -> None:
        tp = type(target)
        if tp is NAME:
            return  # the common case: rebinding, not mutation
        if tp in _SEQUENCES:
            for el in target.elements:  # type: ignore[attr-defined]
                self._check_target(el.value, verb)
            return
        if tp is _Starred:
            self._check_target(target.value, verb)  # type: ignore[attr-defined]
            return
        if tp not in CHAIN:
            return
        root = root_name(target)
        arg = self._argument_of(target)
        if root is None or arg is None:
            return
        where = self._label(root.value, arg)
        inner = target.value if isinstance(target, cst.Subscript) else None
        if isinstance(inner, cst.Attribute) and inner.attr.value in _INDEXERS:
            what = f"`.{inner.attr.value}[...]` {verb}"
        elif isinstance(target, cst.Subscript):
            what = f"item {verb}"
        else:
            what = f"attribute {verb}"
        own_item = target.value is root  # type: ignore[attr-defined]
        fix, anchors = self._copy_fix(arg, own_item)
        self.report(
            target,
            f"{what} `{render(target)}` in {self._node()} changes {where} in place. "
            f"Work on a copy (`{arg} = {arg}.copy()` first) or build a new object, and return it.",
            fix=fix,
            anchors=anchors,
        )

    # ---- the fix: copy the argument where it comes in --------------------------------------

    def _copy_fix(self, arg: str, own_item: bool) -> tuple[object, tuple[cst.CSTNode, ...]]:
        """(the fix builder, its anchor) that copies `arg` as the node's first statement, or
        (None, ()) when the copy is not the obvious one (see `fix_doc`)."""
        fn = self.ctx.node_function
        node = fn.node if fn is not None else None
        key = (id(node), arg)
        if not own_item:
            # A change below the argument's own items (`params["a"]["b"] = v`), anywhere in
            # the node: a shallow copy would still leak it, so no dict/list copy is offered
            # for this argument (the builders run after the walk and see every change).
            self._deep.add(key)
        if (
            fn is None
            or fn.called_from
            or len(self.scopes) != 1
            or not isinstance(node, cst.FunctionDef)
            or not isinstance(node.body, cst.IndentedBlock)
        ):
            return None, ()
        params = node.params
        param = next(
            (
                p
                for p in (*params.posonly_params, *params.params, *params.kwonly_params)
                if p.name.value == arg
            ),
            None,
        )
        how = self._copy_kind(param.annotation) if param is not None else None
        if how is None or (how in ("dict", "list") and not own_item):
            return None, ()
        returns = self._returns.get(id(node))
        if returns is None:
            returns = self._returns[id(node)] = _returns_value(node)
        body = node.body.body
        start = 1 if _is_docstring(body[0]) else 0
        if not returns or start >= len(body):
            return None, ()
        first = body[start]
        code = f"{arg} = {how}({arg})" if how in ("dict", "list") else f"{arg} = {arg}.{how}()"
        ctx, label = self.ctx, self._node()

        def build(where: dict) -> Fix | None:
            if how in ("dict", "list") and key in self._deep:
                return None
            at = where[first].start
            lines = source_lines(ctx.source)
            line = lines[at.line - 1] if 0 < at.line <= len(lines) else ""
            indent = line[: at.column]
            if indent.strip():  # the statement does not start its line
                return None
            newline = "\r\n" if "\r\n" in ctx.source else "\n"
            edit = Edit(ctx.path, at.line, 0, at.line, 0, f"{indent}{code}{newline}")
            return Fix(f"Copy `{arg}` at the top of {label}: `{code}`", (edit,))

        return build, (first,)

    def _copy_kind(self, annotation: cst.Annotation | None) -> str | None:
        """`copy` / `clone` (a frame), `dict` / `list`, or None, from the annotation."""
        if annotation is None:
            return None
        expr = annotation.annotation
        if isinstance(expr, cst.Subscript):
            expr = expr.value
        name = self.ctx.qualified_name(expr)
        if name in _FRAME_COPIES:
            return _FRAME_COPIES[name]
        if name in ("dict", "list") and name in self.ctx.imports.names:
            return None  # a name of the module's own, not the builtin
        return _SHALLOW.get(name or "")

    def _node(self) -> str:
        fn = self.ctx.node_function
        return fn.label if fn is not None else "node `?`"

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.scopes:
            for t in node.targets:
                self._check_target(t.target, "assignment")

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.scopes and node.value is not None:
            self._check_target(node.target, "assignment")

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if not self.scopes:
            return
        if type(node.target) is NAME:
            self.args.pop(node.target.value, None)  # `x += 1` rebinds the name
        else:
            self._check_target(node.target, "augmented assignment")

    def visit_Del(self, node: cst.Del) -> None:
        if not self.scopes:
            return
        self._check_target(node.target, "deletion")
        for name in target_names(node.target):
            self.args.pop(name, None)

    def visit_Call(self, node: cst.Call) -> None:
        if not self.scopes:
            return
        func = node.func
        if type(func) is NAME and func.value in ("setattr", "delattr"):
            if node.args and func.value not in self.ctx.imports.names:
                obj = node.args[0].value
                arg = self._argument_of(obj) if type(obj) is NAME else None
                if arg is not None and isinstance(obj, cst.Name):
                    fix, anchors = self._copy_fix(arg, True)
                    self.report(
                        node,
                        f"`{func.value}({obj.value}, ...)` in {self._node()} changes "
                        f"{self._label(obj.value, arg)} in place. Build a new object instead, "
                        "and return it.",
                        fix=fix,
                        anchors=anchors,
                    )
            return
        if type(func) is not ATTRIBUTE:
            return
        method = func.attr.value
        inplace = False
        for a in node.args:  # a loop, not `any()`: no generator per call
            keyword = a.keyword
            if keyword is not None and keyword.value == "inplace" and _is_true(a.value):
                inplace = True
                break
        if inplace:
            root = root_name(func.value)
            arg = self._argument_of(func.value)
            if root is not None and arg is not None:
                if func.value is root:
                    fix = f"`{root.value} = {root.value}.{method}(...)`"
                else:
                    fix = f"on a copy: `{arg} = {arg}.copy()` first"
                copy, anchors = self._copy_fix(arg, False)
                self.report(
                    node,
                    f"`.{method}(..., inplace=True)` in {self._node()} changes "
                    f"{self._label(root.value, arg)} in place. Drop `inplace=True` and use the "
                    f"returned object ({fix}).",
                    fix=copy,
                    anchors=anchors,
                )
            return
        receiver = func.value
        if method in MUTATING_METHODS and type(receiver) is NAME:
            arg = self.args.get(receiver.value)
            if arg is None:
                return
            extra = (
                " (`pop` returns the value but also removes it from the caller's object; "
                "read it with `[...]` and drop it on a copy)"
                if method == "pop"
                else ""
            )
            fix, anchors = self._copy_fix(arg, True)
            self.report(
                node,
                f"`{receiver.value}.{method}(...)` in {self._node()} changes "
                f"{self._label(receiver.value, arg)} in place{extra}. Work on a copy or build "
                "a new object, and return it.",
                fix=fix,
                anchors=anchors,
            )
