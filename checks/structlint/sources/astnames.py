"""Names from Python's own `ast` (and plain text): dotted names, relative imports, and the Kedro
callables the node index and the project model look for. No libcst here: the project model
reads files with `ast` only."""

from __future__ import annotations

import ast

# The qualified names of Kedro's `node()` / `Node()`.
NODE_FACTORIES = frozenset(
    {
        "kedro.pipeline.node",
        "kedro.pipeline.Node",
        "kedro.pipeline.node.node",
        "kedro.pipeline.node.Node",
    }
)
# `partial(f, ...)` passed to `node()`: the node function is `f`.
PARTIALS = frozenset({"functools.partial", "partial", "functools.partialmethod"})


def resolve_relative(module: str | None, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module of `from <level dots><target> import ...` written in `module`."""
    if level == 0:
        return target or ""
    parts = module.split(".") if module else []
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        parts = parts[: len(parts) - (level - 1)] if level - 1 <= len(parts) else []
    if target:
        parts.append(target)
    return ".".join(parts)


def dotted_ast(expr: ast.expr) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if isinstance(expr, ast.Name):
        parts.append(expr.id)
        return ".".join(reversed(parts))
    return None


def node_callable_ast(call: ast.Call) -> ast.expr | None:
    """The expression a `node(...)` call passes as the node's function: `func=` or the first
    positional argument."""
    for kw in call.keywords:
        if kw.arg == "func":
            return kw.value
    if call.args and not isinstance(call.args[0], ast.Starred):
        return call.args[0]
    return None


class ImportNames:
    """Local name -> fully qualified name, from a module's import statements: the part of an
    import table that needs no parser, shared by the node index (`ast`) and the file rules
    (`names.ImportTable`, libcst)."""

    __slots__ = ("is_package", "module", "names")

    def __init__(self, module: str | None = None, is_package: bool = False) -> None:
        self.module = module
        self.is_package = is_package
        self.names: dict[str, str] = {}

    def qualify_dotted(self, name: str) -> str:
        head, _, rest = name.partition(".")
        full = self.names.get(head)
        if full is None:
            return name
        return f"{full}.{rest}" if rest else full
