"""What the node index, the pipeline model and SL506 need of one Python file, from one `ast`
parse, kept between runs by content.

A file is parsed at most once per run (`Summaries.get`), and not at all when the cache holds
the summary for its content: the summary is a small JSON-serialisable dict. The pipeline model
still needs the syntax tree of the few functions it interprets (`create_pipeline()` and the
helpers it calls); `Summaries.tree` gives it, reusing the tree of this run's parse when there
was one. Signatures of node functions come from the summary, so a warm run never parses a
`nodes.py`.

Keys of a summary:

- node index: "f" top-level function names, "i" import table (every import, any depth),
  "r" what its `node()` calls pass, "h" helpers its functions call, "c" the package
  functions each function calls (`structlint.project.reach.call_facts`);
- pipeline model: "pi" imports of the module level (and its `if` / `try` blocks), "pd"
  top-level defs by name (a class: `["c", line, col, bases, init]`, its bases as written
  and the parameters of its `__init__`, see `_class_facts`; a function: its signature), "pa"
  names assigned at the top level;
- node classes: "nc" calls that may build a node of a `Node` subclass (`_class_calls`);
- SL506: "sc" top-level classes with the place of their name, "sn" the callables of its
  `node()` calls, "sl" functions of a `pipeline.py` that are node logic.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any, TypeGuard

from structlint.core.collector import sweep
from structlint.core.decoding import source_lines
from structlint.sources.astnames import (
    NODE_FACTORIES,
    PARTIALS,
    dotted_ast,
    node_callable_ast,
    resolve_relative,
)

Summary = dict[str, Any]
KIND = "py"  # the cache's kind for these summaries
_KEYS = ("f", "i", "r", "h", "c", "pi", "pd", "pa", "sc", "sn", "sl", "nc")


def parse(text: str) -> ast.Module | None:
    tree = _ast_parse(text)
    if tree is None:
        from structlint.sources.newsyntax import downlevel, may_hold_newer_syntax

        # Syntax newer than this Python (`type X = int`, `def f[T]()` on 3.11): rewritten,
        # on the same lines, to what this parser knows.
        if may_hold_newer_syntax(text):
            older = downlevel(text)
            if older is not None:
                tree = _ast_parse(older)
    return tree


def _ast_parse(text: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # a broken file is SL001's business


def valid(summary: Any) -> bool:
    """A cached summary is used only when it has the shape this version writes."""
    return (
        isinstance(summary, dict)
        and all(k in summary for k in _KEYS)
        and isinstance(summary["f"], list)
        and isinstance(summary["i"], dict)
        and isinstance(summary["r"], list)
        and isinstance(summary["pd"], dict)
        and isinstance(summary["pi"], dict)
        and isinstance(summary["sc"], dict)
    )


def summarize_tree(
    tree: ast.Module, text: str, path: str, module_name: str | None, is_init: bool
) -> Summary:
    from structlint.project.node_facts import index_facts, may_call_node

    # Only a module that may call `node()` has its expressions looked at: walk it once for both.
    walked = list(ast.walk(tree)) if may_call_node(text) else None
    out = index_facts(tree, module_name, is_init, text, walked)
    lines = source_lines(text)
    out.update(_model_facts(tree, lines, module_name, is_init))
    out.update(_sl506_facts(tree, lines, path, module_name, out["i"], walked))
    out["nc"] = _class_calls(walked, module_name, out["i"], out["f"]) if walked is not None else []
    return out


def summarize(text: str, path: str, module_name: str | None, is_init: bool) -> Summary | None:
    tree = parse(text)
    return None if tree is None else summarize_tree(tree, text, path, module_name, is_init)


def summarize_batch(items: list[tuple[str, str, str | None, bool]]) -> list[Summary | None]:
    """`summarize` of each (path, text, module, is __init__): a worker process's share."""
    from structlint.core.collector import paused

    with paused():
        out = []
        for path, text, name, is_init in items:
            out.append(summarize(text, path, name, is_init))
            sweep()
        return out


# --------------------------------------------------------------------------- pipeline model


def char_col(lines: list[str], line: int, col: int) -> int:
    """ast's UTF-8 byte column -> character column (0-based), as the model's `Loc`s use."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if not text.isascii():
        col = len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
    return col


def collect_imports(
    name: str | None, is_pkg: bool, stmts: Any, out: dict[str, str]
) -> dict[str, str]:
    for stmt in stmts:
        if isinstance(stmt, ast.Import):
            for a in stmt.names:
                if a.asname:
                    out[a.asname] = a.name
                else:
                    head = a.name.split(".", 1)[0]
                    out[head] = head
        elif isinstance(stmt, ast.ImportFrom):
            base = resolve_relative(name, is_pkg, stmt.level, stmt.module)
            for a in stmt.names:
                if a.name == "*":
                    continue
                out[a.asname or a.name] = f"{base}.{a.name}" if base else a.name
        elif isinstance(stmt, ast.If | ast.Try):
            collect_imports(name, is_pkg, stmt.body, out)
            for h in getattr(stmt, "handlers", []):
                collect_imports(name, is_pkg, h.body, out)
            collect_imports(name, is_pkg, stmt.orelse, out)
    return out


def _plain_tuple(expr: ast.AST | None) -> TypeGuard[ast.Tuple]:
    return isinstance(expr, ast.Tuple) and not any(isinstance(e, ast.Starred) for e in expr.elts)


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _own_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """A function's statements, nested blocks included, not those of what it defines."""
    for stmt in body:
        if isinstance(stmt, _SCOPES):
            continue
        yield stmt
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(stmt, field, None)
            if isinstance(inner, list):
                yield from _own_statements(inner)
        for handler in getattr(stmt, "handlers", ()):
            yield from _own_statements(handler.body)
        for case in getattr(stmt, "cases", ()):
            yield from _own_statements(case.body)


def return_lengths(fn: ast.AST, lines: list[str] | None = None) -> frozenset[int] | None:
    """The lengths of the tuples the function returns, with `NOT_TUPLE` for a `return` of one
    value that is visibly not a tuple (None: it yields, or returns something that could be
    anything). With the module's lines: a function whose text has no `yield` has only its
    statements looked at (a `return` is one), not every expression."""
    returns: list[ast.Return] = []
    if lines is not None:
        start, end = getattr(fn, "lineno", 0), getattr(fn, "end_lineno", None)
        if end is not None and not any("yield" in ln for ln in lines[start - 1 : end]):
            returns = [s for s in _own_statements(getattr(fn, "body", [])) if type(s) is ast.Return]
            return _lengths(fn, returns)
    stack: list[ast.AST] = list(getattr(fn, "body", []))
    while stack:
        n = stack.pop()
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(n, ast.Yield | ast.YieldFrom):
            return None
        if isinstance(n, ast.Return):
            returns.append(n)
        stack.extend(ast.iter_child_nodes(n))
    return _lengths(fn, returns)


def _lengths(fn: ast.AST, returns: list[ast.Return]) -> frozenset[int] | None:
    if not returns:
        return None
    lengths: set[int] = set()
    names: set[str] = set()  # returned names, judged by what they are bound to
    for r in returns:
        if _plain_tuple(r.value):
            lengths.add(len(r.value.elts))
        elif _not_a_tuple(r.value):
            lengths.add(NOT_TUPLE)
        elif type(r.value) is ast.Name:
            names.add(r.value.id)
        else:
            return None
    if names:
        if not _bound_to_non_tuples(fn, names) or _has_walrus(fn):
            return None
        lengths.add(NOT_TUPLE)
    return frozenset(lengths)


def _has_walrus(fn: ast.AST) -> bool:
    return any(isinstance(n, ast.NamedExpr) for n in ast.walk(fn))


# In `return_lengths`: a `return` of one value that is visibly not a tuple (or list).
NOT_TUPLE = -1
_NOT_TUPLE_EXPRS = (ast.Dict, ast.Set, ast.DictComp, ast.SetComp, ast.JoinedStr)


def _not_a_tuple(expr: ast.expr | None) -> bool:
    """A literal that cannot be a tuple or a list: a dict, a set, an f-string, a constant
    (`None` too: a bare `return`). A call, a name, a subscript could be anything."""
    return expr is None or isinstance(expr, _NOT_TUPLE_EXPRS) or type(expr) is ast.Constant


def _bound_to_non_tuples(fn: ast.AST, names: set[str]) -> bool:
    """Whether every name of `names` is a local of `fn` that each binding sets to a value
    that is visibly not a tuple (`out = {}`), and that is not a parameter. Any other binding
    (a `for` or `with` target, `+=`, unpacking, an import, `global`) could make it one."""
    args = getattr(fn, "args", None)
    if args is not None:
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        if any(p is not None and p.arg in names for p in params):
            return False
    bound: set[str] = set()
    for stmt in _own_statements(getattr(fn, "body", [])):
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if type(t) is ast.Name:
                    if t.id in names:
                        if not _not_a_tuple(stmt.value):
                            return False
                        bound.add(t.id)
                elif any(type(n) is ast.Name and n.id in names for n in ast.walk(t)):
                    return False  # `a, out = ...`, `out[k] = ...` keeps it: both unknown
        elif isinstance(stmt, ast.AnnAssign) and type(stmt.target) is ast.Name:
            if stmt.target.id in names:
                if stmt.value is None:
                    continue
                if not _not_a_tuple(stmt.value):
                    return False
                bound.add(stmt.target.id)
        elif isinstance(stmt, ast.Global | ast.Nonlocal):
            if names & set(stmt.names):
                return False
        elif isinstance(stmt, ast.Import | ast.ImportFrom):
            if any((a.asname or a.name).split(".")[0] in names for a in stmt.names):
                return False
        else:
            for field in ("target", "targets", "items", "handlers", "cases"):
                part = getattr(stmt, field, None)
                if part is None:
                    continue
                for n in ast.walk(part) if isinstance(part, ast.AST) else _walk_all(part):
                    if (type(n) is ast.Name and n.id in names) or (
                        getattr(n, "name", None) in names or getattr(n, "id", None) in names
                    ):
                        return False
    return bound == names


def _walk_all(parts: list[Any]) -> Iterator[ast.AST]:
    for p in parts:
        if isinstance(p, ast.AST):
            yield from ast.walk(p)


def signature_facts(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> dict:
    def at(n: ast.AST) -> list[int]:
        return [n.lineno, char_col(lines, n.lineno, n.col_offset) + 1]  # type: ignore[attr-defined]

    a = node.args
    pos_args = [*a.posonlyargs, *a.args]
    n_def = len(a.defaults)
    returns = return_lengths(node, lines)
    return {
        "k": "a" if isinstance(node, ast.AsyncFunctionDef) else "f",
        "l": at(node),
        "d": len(node.decorator_list),
        "p": [[arg.arg, i >= len(pos_args) - n_def, *at(arg)] for i, arg in enumerate(pos_args)],
        "w": [
            [arg.arg, d is not None, *at(arg)]
            for arg, d in zip(a.kwonlyargs, a.kw_defaults, strict=False)
        ],
        "va": a.vararg is not None,
        "kw": a.kwarg is not None,
        "r": sorted(returns) if returns is not None else None,
    }


def _model_facts(
    tree: ast.Module, lines: list[str], name: str | None, is_pkg: bool
) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    assigns: dict[str, None] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            defs.pop(stmt.name, None)  # keep the definition order of the last one
            defs[stmt.name] = signature_facts(stmt, lines)
        elif isinstance(stmt, ast.ClassDef):
            defs.pop(stmt.name, None)
            defs[stmt.name] = ["c", stmt.lineno, stmt.col_offset, *_class_facts(stmt)]
        elif isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                if isinstance(t, ast.Name):
                    assigns[t.id] = None
        elif (
            isinstance(stmt, ast.AnnAssign)
            and stmt.value is not None
            and isinstance(stmt.target, ast.Name)
        ):
            assigns[stmt.target.id] = None
    return {
        "pi": collect_imports(name, is_pkg, tree.body, {}),
        "pd": defs,
        "pa": list(assigns),
    }


def _class_facts(cls: ast.ClassDef) -> list[Any]:
    """[bases, init] of a class: its bases as dotted names as written (None for one that is
    not a plain name), and its own `__init__`'s parameters after `self`, as {"p": positional
    names, "w": keyword-only names, "va": *args, "kw": **kwargs}, or None without one. A
    `Node` subclass is followed by the model and the node index (`project.node_classes`)."""
    bases = [dotted_ast(b) for b in cls.bases]
    init = None
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef) and stmt.name == "__init__":
            a = stmt.args
            init = {
                "p": [x.arg for x in [*a.posonlyargs, *a.args][1:]],
                "w": [x.arg for x in a.kwonlyargs],
                "va": a.vararg is not None,
                "kw": a.kwarg is not None,
            }
    return [bases, init]


def _ref(expr: ast.expr | None, imports: dict[str, str], functions: list[str]) -> str | None:
    """What a node's function expression names, as the node index's refs do: "local:<f>" for
    a function of the module, else a qualified name (`partial(f, ...)` -> f)."""
    for _ in range(4):
        if isinstance(expr, ast.Call) and expr.args:
            dotted = dotted_ast(expr.func)
            head, _, rest = (dotted or "").partition(".")
            full = f"{imports[head]}.{rest}".rstrip(".") if head in imports else dotted
            if full not in PARTIALS:
                return None
            expr = expr.args[0]
    if expr is None:
        return None
    if isinstance(expr, ast.Name) and expr.id in functions:
        return f"local:{expr.id}"
    dotted = dotted_ast(expr)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head in imports:
        return f"{imports[head]}.{rest}" if rest else imports[head]
    return dotted


def _class_calls(
    walked: list[ast.AST], name: str | None, imports: dict[str, str], functions: list[str]
) -> list[list[Any]]:
    """Calls that may make a node of a `Node` subclass: a capitalised callee that is not
    Kedro's own `node`/`Node`, given `outputs=` or at least three positional arguments, as
    [callee (qualified, or `<module>.<Name>` for one of this module), the `func=` ref, the
    refs of the first three positional arguments]. Whether the callee is such a class is
    decided across the package (`project.node_classes`)."""
    out: list[list[Any]] = []
    for sub in walked:
        if not isinstance(sub, ast.Call):
            continue
        dotted = dotted_ast(sub.func)
        if dotted is None or not dotted.rpartition(".")[2][:1].isupper():
            continue
        keys = [k.arg for k in sub.keywords]
        if "outputs" not in keys and len(sub.args) < 3:
            continue
        if _is_node_factory(sub.func, name, imports):
            continue
        callee = _qualify(sub.func, name, imports)
        kw = next((k.value for k in sub.keywords if k.arg == "func"), None)
        pos = [
            None if isinstance(a, ast.Starred) else _ref(a, imports, functions)
            for a in sub.args[:3]
        ]
        out.append([callee, _ref(kw, imports, functions) if kw is not None else None, pos])
    return out


# --------------------------------------------------------------------------- SL506

# Calls that build a pipeline: a function that makes them is pipeline construction, not logic.
_BUILDERS = frozenset({"pipeline", "Pipeline", "node", "Node"})


def _qualify(expr: ast.expr, name: str | None, imports: dict[str, str]) -> str | None:
    dotted = dotted_ast(expr)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head in imports:
        full = imports[head]
        return f"{full}.{rest}" if rest else full
    # Not imported: defined in this very module.
    return f"{name}.{dotted}" if name else dotted


def _is_node_factory(func: ast.expr, name: str | None, imports: dict[str, str]) -> bool:
    dotted = dotted_ast(func)
    if dotted is None:
        return False
    head = dotted.partition(".")[0]
    if head in imports:
        return _qualify(func, name, imports) in NODE_FACTORIES
    # `from kedro.pipeline import *`
    return dotted in ("node", "Node") and any(v.startswith("kedro") for v in imports.values())


def _callable_target(expr: ast.expr, name: str | None, imports: dict[str, str]) -> ast.expr:
    """What a node's callable is made from: `partial(f, ...)` -> f, `Cls(...)` -> Cls,
    `Cls(...).method` -> Cls."""
    for _ in range(8):
        if isinstance(expr, ast.Call):
            partial = _qualify(expr.func, name, imports) in PARTIALS and expr.args
            expr = expr.args[0] if partial else expr.func
        elif isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Call):
            expr = expr.value
        else:
            break
    return expr


def _name_place(lines: list[str], node: Any) -> list[int]:
    """[line, column, end line, end column] of the name of a def or class."""
    line = node.lineno
    text = lines[line - 1] if line - 1 < len(lines) else ""
    col = text.find(node.name, node.col_offset)
    col = node.col_offset if col < 0 else col
    return [line, col + 1, line, col + len(node.name) + 1]


def _builds_pipeline(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A helper that makes pipelines or nodes (`return pipeline([...])`, annotated
    `-> Pipeline`): pipeline construction, which belongs in pipeline.py."""
    if func.returns is not None and "Pipeline" in ast.unparse(func.returns):
        return True
    for sub in ast.walk(func):
        if isinstance(sub, ast.Call):
            name = dotted_ast(sub.func)
            if name is not None and name.rpartition(".")[2] in _BUILDERS:
                return True
    return False


def _logic_functions(body: list[ast.stmt], used: set[str], top: bool) -> list[Any]:
    out: list[Any] = []
    for stmt in body:
        if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            # Functions under `if`/`try` at this level count too; classes are left alone.
            if isinstance(stmt, ast.If | ast.Try | ast.With):
                for block in (
                    getattr(stmt, "body", []),
                    getattr(stmt, "orelse", []),
                    getattr(stmt, "finalbody", []),
                ):
                    out.extend(_logic_functions(block, used, top))
            continue
        is_entry = top and stmt.name == "create_pipeline"
        if stmt.name in used or not (is_entry or _builds_pipeline(stmt)):
            out.append(stmt)
        else:
            out.extend(_logic_functions(stmt.body, used, top=False))
    return out


def _sl506_facts(
    tree: ast.Module,
    lines: list[str],
    path: str,
    name: str | None,
    imports: dict[str, str],
    walked: list[ast.AST] | None,
) -> dict[str, Any]:
    classes = {s.name: _name_place(lines, s) for s in tree.body if isinstance(s, ast.ClassDef)}
    calls: list[list[Any]] = []
    used: set[str] = set()
    if walked is not None:
        for sub in walked:
            if isinstance(sub, ast.Call) and _is_node_factory(sub.func, name, imports):
                expr = node_callable_ast(sub)
                if expr is None:
                    continue
                target = _callable_target(expr, name, imports)
                full = _qualify(target, name, imports)
                if full is None:
                    continue
                local = None
                if isinstance(target, ast.Name) and target.id not in imports:
                    local = target.id
                    used.add(local)
                calls.append([full, local, sub.lineno, sub.col_offset + 1])
    logic: list[list[Any]] = []
    if PurePosixPath(path).name == "pipeline.py":
        logic = [[f.name, *_name_place(lines, f)] for f in _logic_functions(tree.body, used, True)]
    return {"sc": classes, "sn": calls, "sl": logic}


# --------------------------------------------------------------------------- the provider


class Summaries:
    """Per-run provider: each file summarised once, from the cache when its content is known
    there. `module_of(path)` -> (dotted module name, is __init__)."""

    def __init__(
        self,
        read_text: Callable[[str], str | None],
        module_of: Callable[[str], tuple[str | None, bool]],
        cache: Any = None,
    ) -> None:
        self.read_text = read_text
        self.module_of = module_of
        self.cache = cache
        self._summaries: dict[str, Summary | None] = {}
        self._trees: dict[str, ast.Module | None] = {}
        self._digests: dict[str, str | None] = {}

    def digest(self, path: str) -> str | None:
        """The content hash of a file's text (None when it cannot be read), once per run."""
        if path not in self._digests:
            text = self.read_text(path)
            if text is None:
                self._digests[path] = None
            else:
                from structlint.core.hashing import content_hash

                self._digests[path] = content_hash(text.encode("utf-8", "surrogatepass"))
        return self._digests[path]

    def prepare(
        self,
        paths: Iterable[str],
        summarize_many: Callable[[list[tuple[str, str, str | None, bool]]], list[Summary | None]],
        at_least: int,
    ) -> None:
        """Summarise at once, with `summarize_many` (in worker processes, say), the files of
        `paths` the cache does not know, when there are at least `at_least` of them; `get`
        then finds them. Their trees are not kept: the model parses the few it needs again."""
        todo: list[tuple[str, str, str | None, bool]] = []
        for path in paths:
            if path in self._summaries:
                continue
            text = self.read_text(path)
            if text is None:
                continue
            hit = self._cached(path)
            if hit is not None:
                self._summaries[path] = hit
                continue
            todo.append((path, text, *self.module_of(path)))
        if len(todo) < at_least:
            return
        for (path, _, _, _), summary in zip(todo, summarize_many(todo), strict=True):
            if summary is None:
                self._summaries[path] = None
            else:
                self._keep(path, summary)

    def _cached(self, path: str) -> Summary | None:
        """The cache's summary of the file's current content, when it holds a valid one."""
        if self.cache is None:
            return None
        hit = self.cache.lookup(KIND, path, self.digest(path) or "")
        return hit if hit is not None and valid(hit) else None

    def _keep(self, path: str, summary: Summary) -> None:
        if self.cache is not None:
            self.cache.store(KIND, path, self.digest(path) or "", summary)
        self._summaries[path] = summary

    def get(self, path: str) -> Summary | None:
        if path in self._summaries:
            return self._summaries[path]
        self._summaries[path] = None
        text = self.read_text(path)
        if text is None:
            return None
        hit = self._cached(path)
        if hit is not None:
            self._summaries[path] = hit
            return hit
        tree = parse(text)
        if tree is None:
            return None
        name, is_init = self.module_of(path)
        summary = summarize_tree(tree, text, path, name, is_init)
        sweep()
        pd = summary["pd"]
        if summary["sn"] or "create_pipeline" in pd or "register_pipelines" in pd:
            # The pipeline model may interpret this module's code: keep its tree for the run.
            self._trees[path] = tree
        self._keep(path, summary)
        return summary

    def parsed(self, path: str) -> bool:
        """Whether this run already has the file's summary: CPython's parser took its text
        (now, or in the run that cached the summary of this very content)."""
        return self._summaries.get(path) is not None

    def tree(self, path: str) -> ast.Module | None:
        if path not in self._trees:
            text = self.read_text(path)
            self._trees[path] = parse(text) if text is not None else None
        return self._trees[path]
