"""Whether a call is Kedro's `node()` (or `Node()`), and which function it wraps: read off one
module's syntax and its imports, for the walk (libcst) and for the node index (`ast`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from structlint.sources.astnames import NODE_FACTORIES, PARTIALS, ImportNames

if TYPE_CHECKING:  # the index reads `ast`: a warm run imports this and no libcst
    import libcst as cst

    from structlint.sources.names import ImportTable

# `ode` first: a literal prefix the regex engine finds fast; the `n`/`N` and the word
# boundary before it are checked by hand (same as `\b(?:node|Node)\s*\(`).
_ODE_CALL = re.compile(r"ode\s*\(")


def may_call_node(text: str) -> bool:
    # `from kedro.pipeline import node as make_node` hides the name: any kedro.pipeline
    # import makes the module worth a (cheap, cached) look.
    if "kedro.pipeline" in text or "Node(" in text or "outputs=" in text:
        # (`ArgoNode(...)`, `Step(f, outputs=...)`: a call of a `Node` subclass may be one)
        return True
    for m in _ODE_CALL.finditer(text):
        i = m.start()
        if i >= 1 and text[i - 1] in "nN":
            before = text[i - 2] if i >= 2 else ""
            if not (before.isalnum() or before == "_"):
                return True
    return False


def is_node_factory(func: cst.BaseExpression, imports: ImportTable) -> bool:
    return is_factory_name(imports.qualify(func), imports)


def is_factory_name(name: str | None, imports: ImportNames) -> bool:
    if name in NODE_FACTORIES:
        return True
    # `from kedro.pipeline import *`: the bare name is Kedro's when nothing else defines it.
    return (
        name in ("node", "Node")
        and name not in imports.names
        and any(v.startswith("kedro") for v in imports.names.values())
    )


def node_callable(call: cst.Call) -> cst.BaseExpression | None:
    """The expression passed as the node's function: first positional argument or `func=`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "func":
            return arg.value
    if call.args and call.args[0].keyword is None and not call.args[0].star:
        return call.args[0].value
    return None


def unwrap_partial(expr: cst.BaseExpression, imports: ImportTable) -> cst.BaseExpression:
    """`partial(f, ...)` -> `f`, repeatedly."""
    import libcst as cst

    while (
        isinstance(expr, cst.Call)
        and imports.qualify(expr.func) in PARTIALS
        and expr.args
        and expr.args[0].keyword is None
    ):
        expr = expr.args[0].value
    return expr
