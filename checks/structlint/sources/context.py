"""What a file rule can ask about the module it is looking at."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import libcst as cst

from structlint.sources.names import ATTRIBUTE, NAME, ImportTable, dotted

if TYPE_CHECKING:
    from structlint.core.findings import Related
    from structlint.core.fixes_model import Fix
    from structlint.inputs.config import Settings


# In `node_names`: every top-level function of the module counts as a node function (for
# callers that build a FileJob by hand; the node index lists names).
ALL_FUNCTIONS = "*"


# `structlint.project.reach.SEEDED` (that module is not imported here: it is the index's).
_SEEDED = "<seeded>"
# Nodes named in one message about a helper; the rest are counted.
_NAMED_NODES = 3


@dataclass(frozen=True, slots=True)
class NodeFunction:
    """The node function the walk is inside: its name ("<lambda>" for lambdas), its parameter
    names, and its syntax node. For a helper that node functions call (`structlint.project.reach`),
    also the nodes that reach it (`called_from`, never empty) and which of its parameters
    carry a node's own argument (`inputs`; for a node, every parameter does)."""

    name: str
    params: frozenset[str]
    node: cst.FunctionDef | cst.Lambda
    called_from: tuple[str, ...] = ()
    inputs: frozenset[str] | None = None

    @property
    def input_params(self) -> frozenset[str]:
        """The parameters that hold the node's input: what SL203 must not see changed."""
        return self.params if self.inputs is None else self.inputs & self.params

    @property
    def seeded_by_caller(self) -> bool:
        """A helper whose callers (a node, or a helper on the way) seed the global random
        generators themselves (`structlint.project.reach.SEEDED`)."""
        return self.inputs is not None and _SEEDED in self.inputs

    @property
    def label(self) -> str:
        """How a message names it: "node `extract`", or for a helper "`_fetch` (called from
        node `extract`)" ("from nodes `a`, `b` and `c`", "... and 2 more")."""
        if not self.called_from:
            return f"node `{self.name}`"
        names = [f"`{n}`" for n in self.called_from[:_NAMED_NODES]]
        rest = len(self.called_from) - len(names)
        if rest:
            names.append(f"{rest} more")
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        which = "node" if len(self.called_from) == 1 else "nodes"
        return f"`{self.name}` (called from {which} {listed})"


@dataclass(slots=True)
class PendingFinding:
    code: str
    node: cst.CSTNode
    message: str
    related: tuple[Related, ...]
    statement: cst.CSTNode | None
    # The top-level statement that holds `node` (None when not known): positions are then
    # computed for that statement only.
    top: cst.CSTNode | None = None
    # A file rule's fix, made once positions are known: `fix(where)` gets the range of each
    # node of `anchors` (`where[node]`, libcst's CodeRange) and returns a Fix or None. The
    # anchors lie in the same top-level statement as `node`.
    fix: Callable[[Mapping[cst.CSTNode, Any]], Fix | None] | None = None
    anchors: tuple[cst.CSTNode, ...] = ()


def string_value(node: cst.SimpleString) -> str | bytes:
    """`node.evaluated_value` (which runs `ast.literal_eval`, a compile per string), without
    the compile for the common string with no escape, no carriage return and no `b` prefix.
    Raises what `evaluated_value` raises."""
    value = node.value
    if "\\" in value or "\r" in value:
        return node.evaluated_value
    start = 0
    while value[start] not in "'\"":
        start += 1
    if "b" in value[:start] or "B" in value[:start]:
        return node.evaluated_value
    quote = value[start]
    if value.startswith(quote * 3, start) and len(value) - start >= 6:
        return value[start + 3 : -3]
    return value[start + 1 : -1]


def param_names(params: cst.Parameters) -> frozenset[str]:
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return frozenset(names)


@dataclass
class FileContext:
    """One file under check. Rules read it; the engine's walk keeps `stack`, `imports` and
    `node_function` current."""

    path: str  # POSIX, relative to the project root
    source: str
    settings: Settings
    role: str = "package"  # "package" (the Kedro package), "test", or "other"
    module: str | None = None  # dotted module name, when the file is inside the package
    is_package_init: bool = False
    # Names of the module's top-level functions that are node functions, or {ALL_FUNCTIONS}.
    node_names: frozenset[str] = frozenset()
    # Top-level functions that node functions reach: name -> (node labels, input parameters).
    helpers: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    imports: ImportTable = field(default_factory=ImportTable)
    stack: list[cst.CSTNode] = field(default_factory=list)
    node_function: NodeFunction | None = None
    node_lambdas: set[int] = field(default_factory=set)
    pending: list[PendingFinding] = field(default_factory=list)

    @property
    def may_hold_node_functions(self) -> bool:
        if self.node_names or self.helpers:
            return True
        # A lambda passed to node() in this very module is a node function too.
        return "lambda" in self.source and "ode(" in self.source

    def is_node_function_name(self, name: str) -> bool:
        return ALL_FUNCTIONS in self.node_names or name in self.node_names

    def qualified_name(self, expr: cst.BaseExpression) -> str | None:
        """Dotted name with the import resolved: `pd.read_csv` -> `pandas.read_csv`,
        `read_csv` (from pandas import read_csv) -> `pandas.read_csv`, `df.to_csv` -> `df.to_csv`.
        None for anything that is not a Name/Attribute chain."""
        tp = type(expr)
        if tp is NAME:
            # A bare name: no chain to build, one table lookup.
            value: str = expr.value  # type: ignore[attr-defined]
            return self.imports.names.get(value, value)
        if tp is not ATTRIBUTE:
            return None
        name = dotted(expr)
        return self.imports.qualify_dotted(name) if name is not None else None

    def last_name(self, expr: cst.BaseExpression) -> str | None:
        """The last part of `qualified_name(expr)` when `expr` is a Name or an Attribute
        (`pd.read_csv` -> `read_csv`, `read_csv` imported from pandas -> `read_csv`), else
        None; for an Attribute it is given even when the chain holds a call. A cheap test
        before `qualified_name`: a name whose last part is not wanted needs no more."""
        tp = type(expr)
        if tp is ATTRIBUTE:
            return expr.attr.value  # type: ignore[attr-defined,no-any-return]
        if tp is NAME:
            value: str = expr.value  # type: ignore[attr-defined]
            return self.imports.names.get(value, value).rpartition(".")[2]
        return None

    @staticmethod
    def dotted_name(expr: cst.BaseExpression) -> str | None:
        return dotted(expr)

    @property
    def parent(self) -> cst.CSTNode | None:
        return self.stack[-1] if self.stack else None

    def is_docstring(self, node: cst.CSTNode) -> bool:
        """True for the string of a module, class or function docstring (node being visited)."""
        stack = self.stack
        if len(stack) < 3 or not isinstance(stack[-1], cst.Expr):
            return False
        line, body = stack[-2], stack[-3]
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return False
        if isinstance(body, cst.Module):
            return bool(body.body) and body.body[0] is line
        if isinstance(body, cst.IndentedBlock) and len(stack) >= 4:
            owner = stack[-4]
            return (
                isinstance(owner, cst.FunctionDef | cst.ClassDef)
                and bool(body.body)
                and body.body[0] is line
            )
        return False

    def current_statement(self) -> cst.CSTNode | None:
        for node in reversed(self.stack):
            if isinstance(node, cst.BaseStatement):
                return node
        return None

    def top_statement(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The top-level statement the walk is in (`node` itself when it is one)."""
        stack = self.stack
        if len(stack) > 1:
            return stack[1]
        return node if stack and isinstance(node, cst.BaseStatement) else None

    def report(
        self,
        code: str,
        node: cst.CSTNode,
        message: str,
        related: tuple[Related, ...] = (),
        fix: Callable[[Mapping[cst.CSTNode, Any]], Fix | None] | None = None,
        anchors: tuple[cst.CSTNode, ...] = (),
    ) -> None:
        self.pending.append(
            PendingFinding(
                code,
                node,
                message,
                related,
                self.current_statement(),
                self.top_statement(node),
                fix,
                anchors,
            )
        )
