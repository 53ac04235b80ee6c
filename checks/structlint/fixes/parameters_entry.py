"""Where a new parameter goes, and the YAML edit that puts it there."""

from __future__ import annotations

import ast
import operator
from typing import Any

import libcst as cst

from structlint.core.fixes_model import Edit
from structlint.fixes.context import FixContext
from structlint.fixes.textdiff import diff_edits
from structlint.fixes.yaml_insert import insert_key
from structlint.project.pipelines import NodeInst

_OPS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def literal_value(expr: cst.BaseExpression) -> Any:
    """The value of a literal as YAML can hold it (a tuple becomes a list), or raises
    ValueError."""
    code = cst.Module(body=[]).code_for_node(expr)
    tree = ast.parse(code.strip(), mode="eval").body
    value = _eval(tree)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, complex) or not isinstance(value, int | float | str | bool | list):
        raise ValueError(code)
    return value


def _eval(node: ast.AST) -> Any:
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_eval(node.left), _eval(node.right))
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(e) for e in node.elts)
    return ast.literal_eval(node)


def runtime_keys(ctx: FixContext, nodes: list[NodeInst], key: str) -> list[str]:
    """The names Kedro looks `params:<key>` up under for each of `nodes`: with the
    namespace in front when the node is namespaced (Kedro 0.18 on)."""
    namespaced = ctx.project.params_namespaced
    out = []
    for n in nodes:
        full = f"{n.namespace}.{key}" if n.namespace and namespaced else key
        if full not in out:
            out.append(full)
    return out


def parameters_file(ctx: FixContext, pipeline: str | None, full_key: str) -> str:
    """The file a new parameter goes to: the file that already holds its top-level key (a
    second file with the same top-level key is a duplicate for Kedro), else the pipeline's
    own parameters file when the project has that layout, else `parameters.yml`."""
    conf = ctx.project.conf
    top = full_key.split(".", 1)[0]
    for loc in conf.parameter_locs.get(top, []):
        return loc.path
    return ctx.conf_file("parameters", pipeline)


def yaml_edits(ctx: FixContext, entries: list[tuple[str, list[str], Any]]) -> list[Edit] | None:
    """Edits that add each (file, key path, value) of `entries`; None when one of them
    cannot be added (the key is there, or the file cannot be edited as text)."""
    texts: dict[str, tuple[str | None, str]] = {}
    for path, keys, value in entries:
        if path not in texts:
            old = ctx.read_text(path)
            if old is None and (ctx.settings.root / path).exists():
                return None  # there, but not readable as text: never overwrite it
            texts[path] = (old, old or "")
        old, cur = texts[path]
        new = insert_key(cur, keys, value)
        if new is None:
            return None
        texts[path] = (old, new)
    edits: list[Edit] = []
    for path, (old, new) in texts.items():
        if old is None:
            edits.append(Edit(path, 1, 0, 1, 0, new, create=True))
        else:
            edits.extend(diff_edits(path, old, new))
    return edits
