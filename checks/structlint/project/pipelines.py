"""The registered pipelines, read statically from `pipeline_registry.py` and the pipeline code.

A small abstract interpreter over Python's `ast` (fast, and positions are all we need): it
follows `register_pipelines()`, `find_pipelines()`, `create_pipeline()` of every pipeline
package, helper functions, local variables, `+`, `sum()`, list comprehensions and `for` loops
over known values, `node(...)` / `Node(...)`, and `pipeline(...)` / `Pipeline(...)` with
`namespace=`, `inputs=`, `outputs=`, `parameters=` and `tags=` (names renamed as Kedro's
`Pipeline._rename` does). Anything else (a value only known at run time) becomes `Unknown`: the
pipeline that holds it is marked incomplete, rules that need the whole graph skip it, and the
reason is recorded in `notes`. Nothing of the project is imported or run.

A `create_pipeline()` called without arguments is interpreted on its own, sharing no value with
the rest of the run, and the files it looks up are recorded: `project.model_cache` reads an
earlier run's result back instead while those files are unchanged (`Reuse`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Protocol

from structlint.project.conf import Loc, strip_transcoding
from structlint.project.node_classes import NODE_PARAMS, NodeClass, node_class
from structlint.project.summary import (
    Summaries,
    _plain_tuple,
    collect_imports,
    parse,
    return_lengths,
    summarize_tree,
)
from structlint.sources.astnames import NODE_FACTORIES, dotted_ast

PIPELINE_FACTORIES = frozenset(
    {
        "kedro.pipeline.pipeline",
        "kedro.pipeline.Pipeline",
        "kedro.pipeline.pipeline.pipeline",
        "kedro.pipeline.pipeline.Pipeline",
        "kedro.pipeline.modular_pipeline.pipeline",
    }
)
FIND_PIPELINES = frozenset({"kedro.framework.project.find_pipelines"})
# Kedro 1.7's `llm_context_node(outputs=, llm=, prompts=, tools=)` and the class behind it
# (kedro/pipeline/llm_context.py): a node of Kedro's own function whose inputs are `llm`, each
# prompt and each input of its `tool(func, *inputs)`s.
LLM_CONTEXT_NODES = frozenset(
    {
        "kedro.pipeline.llm_context_node",
        "kedro.pipeline.LLMContextNode",
        "kedro.pipeline.llm_context.llm_context_node",
        "kedro.pipeline.llm_context.LLMContextNode",
    }
)
LLM_TOOLS = frozenset({"kedro.pipeline.tool", "kedro.pipeline.llm_context.tool"})
# kedro-mlflow's `pipeline_ml_factory(training=, inference=, input_name=)`: a `PipelineML`
# whose nodes are the training pipeline's (the inference pipeline is logged, not run).
ML_FACTORIES = frozenset(
    {
        "kedro_mlflow.pipeline.pipeline_ml_factory",
        "kedro_mlflow.pipeline.pipeline_ml_factory.pipeline_ml_factory",
        "kedro_mlflow.pipeline.pipeline_ml.pipeline_ml_factory",
    }
)
# Only `functools.partial` is interpreted (the node index also sees through a bare `partial`
# and `partialmethod`: `astnames.PARTIALS`).
PARTIALS = frozenset({"functools.partial"})
MAX_DEPTH = 12
MAX_LOOP = 2000


# --------------------------------------------------------------------------- values


class S(str):
    """A string value that remembers where it was written."""

    loc: Loc | None = None


def _s(value: str, loc: Loc | None) -> S:
    out = S(value)
    out.loc = loc
    return out


@dataclass(frozen=True)
class Unknown:
    reason: str
    loc: Loc | None = None


@dataclass(frozen=True)
class Builtin:
    name: str  # node, pipeline, find_pipelines, partial, sum, list, dict, tuple, set


@dataclass(frozen=True)
class LLMTool:
    """`tool(func, *inputs)` of Kedro 1.7: the inputs it adds to an `llm_context_node`."""

    inputs: tuple[Any, ...]


@dataclass(frozen=True)
class ModuleRef:
    name: str


@dataclass(frozen=True)
class BoundMethod:
    obj: Any
    name: str


# The model's values are many (thousands of nodes, each with datasets, a function and its
# signature): with slots each is smaller and quicker to make, also when `project.model_cache`
# reads them back a field at a time.
@dataclass(frozen=True, slots=True)
class Signature:
    name: str
    loc: Loc  # the def
    positional: tuple[tuple[str, bool, Loc], ...]  # (name, has default, where)
    kwonly: tuple[tuple[str, bool, Loc], ...]
    vararg: bool
    kwarg: bool
    returns: frozenset[int] | None  # tuple lengths of every `return`, None when not visible


@dataclass(frozen=True, slots=True)
class Func:
    """A function of the project (or a lambda), possibly with `partial` arguments bound."""

    module: str  # file path
    name: str
    node: Any  # ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda
    bound_pos: int = 0
    bound_kw: frozenset[str] = frozenset()
    closure: Any = None  # the defining Env for nested functions

    def __hash__(self) -> int:
        return hash((self.module, self.name, id(self.node), self.bound_pos, self.bound_kw))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Func)
            and (self.module, self.name, self.bound_pos, self.bound_kw)
            == (other.module, other.name, other.bound_pos, other.bound_kw)
            and self.node is other.node
        )


@dataclass(frozen=True, slots=True)
class DS:
    """A dataset name a node reads or writes, and where the string was written."""

    name: str
    loc: Loc
    original: str
    key: str | None = None  # the dict key (function parameter) for dict inputs


@dataclass(frozen=True, slots=True)
class NodeInst:
    site: Loc  # the node() call
    end: Loc
    func: Func | None
    func_label: str
    inputs: tuple[DS, ...]
    input_kind: str  # none, str, list, dict, unknown
    outputs: tuple[DS, ...]
    output_kind: str
    name: str | None = None
    namespace: str | None = None
    tags: frozenset[str] = frozenset()

    key: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Identity of a node in a pipeline (Kedro dedupes equal nodes on `+`): computed once.
        object.__setattr__(self, "key", node_key(self))

    @property
    def label(self) -> str:
        base = self.name or self.func_label
        if self.namespace and not (self.name or "").startswith(self.namespace + "."):
            return f"{self.namespace}.{base}"
        return base


def _shape(kind: str, datasets: tuple[DS, ...]) -> Any:
    if kind == "dict":
        return tuple(sorted((d.key or "", d.name) for d in datasets))
    if kind == "str":
        return datasets[0].name if datasets else None
    return tuple([d.name for d in datasets])


def node_key(n: NodeInst) -> tuple:
    """Kedro's `Node._unique_key`: (name, inputs, outputs), by which `Pipeline` `+` / `sum`
    keep one of equal nodes (the same node wired into two summed pipelines is one node). A
    node without `name=` is named after its function and datasets: (namespace, the function's
    name) stands for that name; `partial(f, ...)` is Kedro's `<partial>`."""
    if n.name is not None:
        name: Any = f"{n.namespace}.{n.name}" if n.namespace else n.name
    else:
        f = n.func
        if f is None:
            fname = n.func_label
        elif f.bound_pos or f.bound_kw:
            fname = "<partial>"
        else:
            fname = f.name
        name = (n.namespace, fname)
    return (name, _shape(n.input_kind, n.inputs), _shape(n.output_kind, n.outputs))


@dataclass(frozen=True)
class Pipe:
    nodes: tuple[NodeInst, ...]
    complete: bool = True
    reasons: tuple[str, ...] = ()

    @cached_property
    def keys(self) -> frozenset[tuple]:
        return frozenset(n.key for n in self.nodes)

    def __add__(self, other: Pipe) -> Pipe:
        seen = self.keys
        extra = tuple(n for n in other.nodes if n.key not in seen)
        out = Pipe(
            self.nodes + extra,
            self.complete and other.complete,
            _uniq(self.reasons + other.reasons),
        )
        out.__dict__["keys"] = seen | {n.key for n in extra}
        return out

    @staticmethod
    def concat(pipes: list[Pipe]) -> Pipe:
        """`pipes[0] + pipes[1] + ...` in one pass: `sum()` of hundreds of pipelines would
        copy the growing set of keys once per addend."""
        if len(pipes) == 1:
            return pipes[0]
        first = pipes[0]
        nodes = list(first.nodes)
        seen = set(first.keys)
        reasons = list(first.reasons)
        complete = first.complete
        for p in pipes[1:]:
            extra = [n for n in p.nodes if n.key not in seen]  # as `+`: against what was
            nodes += extra
            seen.update(n.key for n in extra)
            complete = complete and p.complete
            reasons += p.reasons
        out = Pipe(tuple(nodes), complete, _uniq(reasons))
        out.__dict__["keys"] = frozenset(seen)
        return out


# --------------------------------------------------------------------------- filters

# A tag known only at run time (`tags=some_call()`): a tag filter cannot be decided for it.
RUNTIME_TAG = "\0run-time"


def _strs(values: Any) -> list[str] | None:
    if isinstance(values, str):
        return [str(values)]
    if isinstance(values, list | tuple | set) and all(isinstance(v, str) for v in values):
        return [str(v) for v in values]
    return None


def node_full_name(n: NodeInst) -> str | None:
    """Kedro's `Node.name` for a node given `name=` (with its namespace); None otherwise
    (the default name, made of the function's name and datasets, is not modelled)."""
    if n.name is None:
        return None
    return f"{n.namespace}.{n.name}" if n.namespace else n.name


def _matches(ds: DS, wanted: set[str]) -> bool:
    # A name without `@format` matches every transcoded form of it, as in Kedro.
    return ds.name in wanted or strip_transcoding(ds.name) in wanted


def _closure(pipe: Pipe, start: list[NodeInst], downstream: bool) -> list[NodeInst]:
    """`start` and every node downstream (or upstream) of it, in the pipeline's order."""
    # dataset (transcoding stripped) -> the nodes that read it (downstream) or write it
    by_ds: dict[str, list[NodeInst]] = {}
    for n in pipe.nodes:
        for d in n.inputs if downstream else n.outputs:
            by_ds.setdefault(strip_transcoding(d.name), []).append(n)
    seen = {n.key for n in start}
    todo = list(start)
    while todo:
        cur = todo.pop()
        for d in cur.outputs if downstream else cur.inputs:
            for n in by_ds.get(strip_transcoding(d.name), ()):
                if n.key not in seen:
                    seen.add(n.key)
                    todo.append(n)
    return [n for n in pipe.nodes if n.key in seen]


def _by_names(pipe: Pipe, names: list[str]) -> list[NodeInst] | None:
    by_name = {node_full_name(n): n for n in pipe.nodes}
    if any(name not in by_name for name in names):
        return None  # a default name, or one Kedro would refuse: not decided
    return [by_name[name] for name in names]


def filter_nodes(pipe: Pipe, method: str, args: list, kwargs: dict) -> tuple[NodeInst, ...] | None:
    """The nodes `pipe.<method>(*args, **kwargs)` keeps, when that is known exactly (Kedro's
    `Pipeline` filters: by tags, node names, namespaces, inputs and outputs, and `filter()`,
    the intersection of them); None when it is not."""
    if method == "filter":
        if args:
            return None
        order = {
            "tags": "only_nodes_with_tags",
            "from_nodes": "from_nodes",
            "to_nodes": "to_nodes",
            "node_names": "only_nodes",
            "from_inputs": "from_inputs",
            "to_outputs": "to_outputs",
            "node_namespaces": "only_nodes_with_namespaces",
        }
        keys = {n.key for n in pipe.nodes}
        for k, v in kwargs.items():
            if k not in order:
                return None
            if v is None or v == []:
                continue
            if k == "node_namespaces":
                v = [v]
            if not isinstance(v, list | tuple | set):
                return None
            part = filter_nodes(pipe, order[k], list(v), {})
            if part is None:
                return None
            keys &= {n.key for n in part}
        return tuple(n for n in pipe.nodes if n.key in keys)
    if kwargs:
        return None
    # `only_nodes_with_namespaces([...])`, Kedro 0.19's `only_nodes_with_namespace("ns")`
    if method in ("only_nodes_with_namespaces", "only_nodes_with_namespace"):
        spaces = _strs(args[0]) if len(args) == 1 else None
        if spaces is None:
            return None
        return tuple(
            n
            for n in pipe.nodes
            if n.namespace
            and any(n.namespace == x or n.namespace.startswith(x + ".") for x in spaces)
        )
    names = _strs(list(args))
    if names is None:
        return None
    wanted = set(names)
    if method == "only_nodes_with_tags":
        if any(RUNTIME_TAG in n.tags and not (n.tags & wanted) for n in pipe.nodes):
            return None
        return tuple(n for n in pipe.nodes if n.tags & wanted)
    if method in ("only_nodes", "from_nodes", "to_nodes"):
        picked = _by_names(pipe, names)
        if picked is None:
            return None
        if method == "only_nodes":
            return tuple(picked)
        return tuple(_closure(pipe, picked, downstream=method == "from_nodes"))
    if method in ("only_nodes_with_inputs", "from_inputs"):
        start = [n for n in pipe.nodes if any(_matches(d, wanted) for d in n.inputs)]
        if method == "only_nodes_with_inputs":
            return tuple(start)
        return tuple(_closure(pipe, start, downstream=True))
    if method in ("only_nodes_with_outputs", "to_outputs"):
        start = [n for n in pipe.nodes if any(_matches(d, wanted) for d in n.outputs)]
        if method == "only_nodes_with_outputs":
            return tuple(start)
        return tuple(_closure(pipe, start, downstream=False))
    return None


def _pipe_set_op(left: Pipe, right: Pipe, minus: bool, loc: Loc) -> Pipe:
    """`left - right` / `left & right` (Kedro's `Pipeline.__sub__` / `__and__`): exact when
    both are known; otherwise `left` stands in for the result (a superset, not followed)."""
    if left.complete and right.complete:
        keys = right.keys
        return Pipe(tuple(n for n in left.nodes if (n.key in keys) != minus))
    why = f"{loc.path}:{loc.line}: a difference or intersection of pipelines not followed"
    return Pipe(left.nodes, False, _uniq((*left.reasons, *right.reasons, why)))


def _located(reason: str, loc: Loc) -> str:
    """A reason that says where (`path:line: ...`): what is not followed is found by it."""
    return reason if _REASON_PATH.match(reason) else f"{loc.path}:{loc.line}: {reason}"


def _uniq(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


class _Return(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


# --------------------------------------------------------------------------- modules


class DefStub:
    """A top-level function of a module, known from its cached summary: name, place and
    signature, without its syntax tree (fetched by `Module.def_ast` when it is called)."""

    __slots__ = ("col_offset", "decorator_list", "info", "is_async", "lineno", "name")

    def __init__(self, name: str, info: dict[str, Any]) -> None:
        self.name = name
        self.info = info
        self.is_async = info.get("k") == "a"
        self.lineno = info["l"][0]
        self.col_offset = 0  # unused: `loc` is precomputed in `info`
        # Only its truth is asked (a decorated function is skipped by the signature rules).
        self.decorator_list = [None] * int(info.get("d", 0))


class CachedDef:
    """A node function of a model read back from the cache (`project.model_cache`): whether
    it is decorated, and its signature with `partial` arguments already bound."""

    __slots__ = ("decorator_list", "signature")

    def __init__(self, decorators: int, signature: Signature | None) -> None:
        self.decorator_list = [None] * decorators
        self.signature = signature


class Module:
    """One module of the project, from its summary (`project.summary`); the syntax tree is
    parsed only when code of the module is interpreted."""

    def __init__(
        self,
        path: str,
        name: str | None,
        is_pkg: bool,
        summary: dict[str, Any],
        text: Callable[[], str | None] | None = None,
        tree: Callable[[], ast.Module | None] | None = None,
    ) -> None:
        self.path = path
        self.name = name
        self.is_pkg = is_pkg
        self._text = text
        self._tree = tree
        self.imports: dict[str, str] = summary["pi"]
        self.summary = summary
        self.defs: dict[str, Any] = {}
        for dname, info in summary["pd"].items():
            if isinstance(info, dict):
                self.defs[dname] = DefStub(dname, info)
            else:  # a class: only its name and place are asked for
                cls = ast.ClassDef(name=dname, bases=[], keywords=[], body=[], decorator_list=[])
                cls.lineno, cls.col_offset = int(info[1]), int(info[2])
                self.defs[dname] = cls
        self.assign_names: frozenset[str] = frozenset(summary["pa"])

    @cached_property
    def lines(self) -> list[str]:
        text = self._text() if self._text is not None else None
        return text.splitlines() if text is not None else []

    @cached_property
    def tree(self) -> ast.Module:
        tree = self._tree() if self._tree is not None else None
        return tree if tree is not None else ast.Module(body=[], type_ignores=[])

    @cached_property
    def assigns(self) -> dict[str, ast.expr]:
        out: dict[str, ast.expr] = {}
        if not self.assign_names:
            return out
        for stmt in self.tree.body:
            if isinstance(stmt, ast.Assign):
                for t in stmt.targets:
                    if isinstance(t, ast.Name):
                        out[t.id] = stmt.value
            elif (
                isinstance(stmt, ast.AnnAssign)
                and stmt.value is not None
                and isinstance(stmt.target, ast.Name)
            ):
                out[stmt.target.id] = stmt.value
        return out

    def def_ast(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The syntax tree of a top-level function (the last definition of the name)."""
        found = None
        for stmt in self.tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef) and stmt.name == name:
                found = stmt
        return found

    def loc(self, node: Any) -> Loc:
        line = getattr(node, "lineno", 1)
        col = getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():
            col = len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
        return Loc(self.path, line, col + 1)

    def end_loc(self, node: ast.AST) -> Loc:
        end_line: int | None = getattr(node, "end_lineno", None)
        end_col: int | None = getattr(node, "end_col_offset", None)
        start_line: int = getattr(node, "lineno", 1)
        line = end_line or start_line
        col = end_col or 0
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():
            col = len(text.encode("utf-8")[:col].decode("utf-8", "ignore"))
        return Loc(self.path, line, col + 1)


def _collect_imports(mod: Module, stmts: Iterable[ast.stmt], out: dict[str, str]) -> None:
    collect_imports(mod.name, mod.is_pkg, stmts, out)


def parse_module(path: str, name: str | None, is_pkg: bool, text: str) -> Module | None:
    """A module from its text (no cache): for tests and one-off use."""
    tree = parse(text)
    if tree is None:
        return None
    summary = summarize_tree(tree, text, path, name, is_pkg)
    return Module(path, name, is_pkg, summary, lambda: text, lambda: tree)


# --------------------------------------------------------------------------- signatures


def signature_of(func: Func, mod_loc: Callable[[ast.AST], Loc]) -> Signature:
    node = func.node
    if isinstance(node, DefStub):
        info = node.info
        path = func.module
        positional = [(p[0], bool(p[1]), Loc(path, p[2], p[3])) for p in info["p"]]
        kwonly = [(k[0], bool(k[1]), Loc(path, k[2], k[3])) for k in info["w"]]
        vararg, kwarg = bool(info["va"]), bool(info["kw"])
        def_loc = Loc(path, info["l"][0], info["l"][1])
        returns = frozenset(info["r"]) if info["r"] is not None else None
    else:
        a = node.args
        pos_args = [*a.posonlyargs, *a.args]
        n_def = len(a.defaults)
        positional = []
        for i, arg in enumerate(pos_args):
            has_default = i >= len(pos_args) - n_def
            positional.append((arg.arg, has_default, mod_loc(arg)))
        kwonly = [
            (arg.arg, d is not None, mod_loc(arg))
            for arg, d in zip(a.kwonlyargs, a.kw_defaults, strict=False)
        ]
        vararg, kwarg = a.vararg is not None, a.kwarg is not None
        def_loc = mod_loc(node)
        if isinstance(node, ast.Lambda):
            body = node.body
            returns = frozenset({len(body.elts)}) if _plain_tuple(body) else None
        else:
            returns = return_lengths(node)
    # partial(f, a, b=1): the first positionals and the bound keywords are taken.
    positional = positional[func.bound_pos :]
    if func.bound_kw:
        kwonly = [k for k in kwonly if k[0] not in func.bound_kw]
        kept = []
        for i, p in enumerate(positional):
            if p[0] in func.bound_kw:
                # Parameters after a keyword-bound one can only be given by keyword.
                kwonly = [(q[0], q[1], q[2]) for q in positional[i + 1 :]] + kwonly
                break
            kept.append(p)
        positional = kept
    return Signature(
        func.name,
        def_loc,
        tuple(positional),
        tuple(kwonly),
        vararg,
        kwarg,
        returns,
    )


# --------------------------------------------------------------------------- interpreter


class Env:
    def __init__(self, mod: Module, parent: Env | None = None) -> None:
        self.mod = mod
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.imports: dict[str, str] = {}

    def lookup(self, name: str) -> Any:
        env: Env | None = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            if name in env.imports:
                return _MISSING_IMPORT(env.imports[name])
            env = env.parent
        return _NOT_FOUND


_NOT_FOUND = object()


@dataclass(frozen=True)
class _MISSING_IMPORT:
    qualified: str


class Reuse(Protocol):
    """Results of `create_pipeline()` calls kept from an earlier run (`project.model_cache`).

    `get(path, depth)` -> (value, files, notes) or None: the value the call of the
    `create_pipeline` defined in `path` returned, the files its interpretation looked up
    (path -> whether their text or syntax tree was read, not only their summary) and the notes
    it made; `put` offers a fresh result with the same facts."""

    def get(self, path: str, depth: int) -> tuple[Any, dict[str, bool], list[str]] | None: ...

    def put(
        self, path: str, depth: int, value: Any, files: dict[str, bool], notes: list[str]
    ) -> None: ...


class Interpreter:
    def __init__(
        self,
        package: str | None,
        package_dir: str | None,
        modules_by_name: dict[str, str],
        read_text: Callable[[str], str | None],
        module_of: Callable[[str], tuple[str | None, bool]],
        package_dirs: Iterable[str] = (),
        summaries: Summaries | None = None,
        reuse: Reuse | None = None,
        params_namespaced: bool = True,
    ) -> None:
        self.package = package
        # Whether `pipeline(namespace=)` prefixes `params:` names: Kedro 0.18 and later.
        self.params_namespaced = params_namespaced
        self.package_dir = package_dir
        self.modules_by_name = modules_by_name
        self.read_text = read_text
        self.module_of = module_of
        self.package_dirs = set(package_dirs)
        self.summaries = summaries or Summaries(read_text, module_of)
        self._modules: dict[str, Module | None] = {}
        self._globals: dict[tuple[str, str], Any] = {}
        self._calls: dict[tuple, Any] = {}
        self.notes: list[str] = []
        self.depth = 0
        self.reuse = reuse
        # Files whose text or syntax tree was read this run (not only their summary).
        self.read_whole: set[str] = set()
        # While a `create_pipeline()` call is interpreted on its own: the files it looks up
        # (path -> read whole) and the notes it makes.
        self._files: dict[str, bool] | None = None
        self._noted: list[str] | None = None

    # ----------------------------------------------------------------- modules
    def module(self, path: str) -> Module | None:
        if self._files is not None and path not in self._files:
            self._files[path] = False
        if path not in self._modules:
            self._modules[path] = None
            summary = self.summaries.get(path)
            if summary is not None:
                name, is_pkg = self.module_of(path)
                self._modules[path] = Module(
                    path,
                    name,
                    is_pkg,
                    summary,
                    lambda: self._text(path),
                    lambda: self._tree(path),
                )
        return self._modules[path]

    def _text(self, path: str) -> str | None:
        self.read_whole.add(path)
        return self.read_text(path)

    def _tree(self, path: str) -> ast.Module | None:
        self.read_whole.add(path)
        return self.summaries.tree(path)

    def looked_up(self) -> list[str]:
        """Every file the interpretation asked for (read, missing or not parsing)."""
        return list(self._modules)

    def module_by_name(self, name: str) -> Module | None:
        path = self.modules_by_name.get(name)
        return self.module(path) if path else None

    def note(self, text: str) -> None:
        if self._noted is not None:
            self._noted.append(text)
        if text not in self.notes:
            self.notes.append(text)

    def unknown(self, mod: Module, node: ast.AST | DefStub, why: str) -> Unknown:
        loc = mod.loc(node)
        return Unknown(f"{loc.path}:{loc.line}: {why}", loc)

    # ----------------------------------------------------------------- names
    def qualified(self, env: Env, expr: ast.expr) -> str | None:
        name = dotted_ast(expr)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        found = env.lookup(head)
        if isinstance(found, _MISSING_IMPORT):
            full = found.qualified
        elif found is _NOT_FOUND and head in env.mod.imports:
            full = env.mod.imports[head]
        else:
            return None
        return f"{full}.{rest}" if rest else full

    def resolve_qualified(self, full: str, depth: int = 0) -> Any:
        """A value from its fully qualified name: kedro machinery, a project module or one of
        its functions / globals."""
        if full in NODE_FACTORIES:
            return Builtin("node")
        if full in LLM_CONTEXT_NODES:
            return Builtin("llm_context_node")
        if full in LLM_TOOLS:
            return Builtin("llm_tool")
        if full in ML_FACTORIES:
            return Builtin("pipeline_ml_factory")
        if full in PIPELINE_FACTORIES:
            return Builtin("pipeline")
        if full in FIND_PIPELINES:
            return Builtin("find_pipelines")
        if full in PARTIALS:
            return Builtin("partial")
        if full in self.modules_by_name:
            return ModuleRef(full)
        mod_name, _, attr = full.rpartition(".")
        if mod_name and mod_name in self.modules_by_name and depth < 6:
            mod = self.module_by_name(mod_name)
            if mod is not None:
                return self.global_of(mod, attr, depth + 1)
        # `sys.path.append("src/<package>")`, then `from pipelines.x import y`: a module of
        # the package imported by its name below the package.
        inner = f"{self.package}.{full}" if self.package else ""
        known = inner in self.modules_by_name or inner.rpartition(".")[0] in self.modules_by_name
        if inner and known and depth < 6 and not full.startswith(f"{self.package}."):
            return self.resolve_qualified(inner, depth + 1)
        return Unknown(f"`{full}` is not part of the project")

    def global_of(self, mod: Module, name: str, depth: int = 0) -> Any:
        key = (mod.path, name)
        if key in self._globals:
            return self._globals[key]
        self._globals[key] = Unknown(f"`{name}` refers to itself")
        value: Any
        d = mod.defs.get(name)
        if isinstance(d, DefStub):
            value = Func(mod.path, name, d)
        elif d is not None:
            found = node_class(f"{mod.name}.{name}", self._summary_of) if mod.name else None
            value = found if found is not None else Unknown(f"`{name}` is a class")
        elif name in mod.assign_names:
            value = self.eval(mod.assigns[name], Env(mod))
        elif name in mod.imports:
            value = self.resolve_qualified(mod.imports[name], depth + 1)
        elif mod.is_pkg and mod.name and f"{mod.name}.{name}" in self.modules_by_name:
            value = ModuleRef(f"{mod.name}.{name}")
        elif name in _BUILTINS:
            value = Builtin(name)
        else:
            value = Unknown(f"`{name}` is not defined in {mod.path}")
        self._globals[key] = value
        return value

    def _summary_of(self, module: str) -> dict[str, Any] | None:
        # Through `module_by_name`, so the file counts as looked up by the part being built.
        mod = self.module_by_name(module)
        return mod.summary if mod is not None else None

    def name(self, env: Env, node: ast.Name) -> Any:
        found = env.lookup(node.id)
        if isinstance(found, _MISSING_IMPORT):
            return self.resolve_qualified(found.qualified)
        if found is not _NOT_FOUND:
            return found
        return self.global_of(env.mod, node.id)

    # ----------------------------------------------------------------- expressions
    def union(self, left: Any, right: Any, mod: Any, node: ast.AST) -> Any:
        """`registry | {"__default__": ...}`: the dict union registries use since Python 3.9."""
        if isinstance(left, dict) and isinstance(right, dict):
            return {**left, **right}
        return self.unknown(mod, node, "a `|` of values known only at run time")

    def eval(self, node: ast.expr, env: Env) -> Any:
        mod = env.mod
        if isinstance(node, ast.Constant):
            return _s(node.value, mod.loc(node)) if isinstance(node.value, str) else node.value
        if isinstance(node, ast.Name):
            return self.name(env, node)
        if isinstance(node, ast.JoinedStr):
            parts = []
            for v in node.values:
                if isinstance(v, ast.Constant):
                    parts.append(str(v.value))
                elif isinstance(v, ast.FormattedValue) and v.format_spec is None:
                    x = self.eval(v.value, env)
                    if isinstance(x, str | int | float) and not isinstance(x, bool):
                        parts.append(str(x))
                    else:
                        return self.unknown(mod, node, "an f-string with a run-time value")
                else:
                    return self.unknown(mod, node, "a formatted f-string")
            return _s("".join(parts), mod.loc(node))
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            out: list[Any] = []
            for e in node.elts:
                if isinstance(e, ast.Starred):
                    v = self.eval(e.value, env)
                    if isinstance(v, list | tuple):
                        out.extend(v)
                    else:
                        return self.unknown(mod, e, "a starred run-time value")
                else:
                    out.append(self.eval(e, env))
            return out
        if isinstance(node, ast.Dict):
            d: dict[Any, Any] = {}
            for k, v in zip(node.keys, node.values, strict=False):
                if k is None:
                    inner = self.eval(v, env)
                    if not isinstance(inner, dict):
                        return self.unknown(mod, v, "`**` of a run-time value")
                    d.update(inner)
                    continue
                key = self.eval(k, env)
                if isinstance(key, Unknown) or not _hashable(key):
                    return self.unknown(mod, k, "a dict key known only at run time")
                d[key] = self.eval(v, env)
            return d
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.add(self.eval(node.left, env), self.eval(node.right, env), mod, node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            left, right = self.eval(node.left, env), self.eval(node.right, env)
            if isinstance(left, Pipe) and isinstance(right, Pipe):
                return left + right  # Kedro's `Pipeline.__or__` is the union, as `+`
            return self.union(left, right, mod, node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub | ast.BitAnd):
            left, right = self.eval(node.left, env), self.eval(node.right, env)
            if isinstance(left, Pipe) and isinstance(right, Pipe):
                return _pipe_set_op(left, right, isinstance(node.op, ast.Sub), mod.loc(node))
        if isinstance(node, ast.Attribute):
            base = self.eval(node.value, env)
            return self.attribute(base, node.attr, mod, node)
        if isinstance(node, ast.Subscript):
            base = self.eval(node.value, env)
            idx = self.eval(node.slice, env)
            try:
                if isinstance(base, dict | list | tuple) and _hashable(idx):
                    return base[idx]
            except (KeyError, IndexError, TypeError):
                pass
            return self.unknown(mod, node, "a subscript known only at run time")
        if isinstance(node, ast.Call):
            return self.call(node, env)
        if isinstance(node, ast.Lambda):
            return Func(mod.path, "<lambda>", node, closure=env)
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp | ast.DictComp):
            return self.comprehension(node, env)
        if isinstance(node, ast.IfExp):
            test = self.eval(node.test, env)
            if isinstance(test, bool | int | str | None) and not isinstance(test, Unknown):
                return self.eval(node.body if test else node.orelse, env)
            return self.unknown(mod, node, "a conditional expression")
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            left = self.eval(node.left, env)
            right = self.eval(node.comparators[0], env)
            if _plain(left) and _plain(right):
                op = node.ops[0]
                try:
                    if isinstance(op, ast.Eq):
                        return left == right
                    if isinstance(op, ast.NotEq):
                        return left != right
                    if isinstance(op, ast.In):
                        return left in right
                    if isinstance(op, ast.NotIn):
                        return left not in right
                except TypeError:
                    pass
            return self.unknown(mod, node, "a comparison known only at run time")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            v = self.eval(node.operand, env)
            return (not v) if _plain(v) else self.unknown(mod, node, "a run-time condition")
        kind = type(node).__name__
        return self.unknown(mod, node, f"a {kind} expression")

    def add(self, a: Any, b: Any, mod: Module, node: ast.AST) -> Any:
        if isinstance(a, Pipe) and isinstance(b, Pipe):
            return a + b
        if isinstance(a, Pipe) and b == 0:
            return a
        if a == 0 and isinstance(b, Pipe) and not isinstance(a, bool):
            return b
        if isinstance(a, str) and isinstance(b, str):
            return _s(a + b, mod.loc(node))
        if isinstance(a, list) and isinstance(b, list):
            return a + b
        if isinstance(a, int | float) and isinstance(b, int | float):
            return a + b
        if isinstance(a, Pipe) or isinstance(b, Pipe):
            other = b if isinstance(a, Pipe) else a
            pipe = a if isinstance(a, Pipe) else b
            reason = other.reason if isinstance(other, Unknown) else "an unknown addend"
            return Pipe(pipe.nodes, False, (*pipe.reasons, reason))
        if isinstance(a, Unknown):
            return a
        if isinstance(b, Unknown):
            return b
        return self.unknown(mod, node, "an addition of run-time values")

    def attribute(self, base: Any, attr: str, mod: Module, node: ast.AST) -> Any:
        if isinstance(base, ModuleRef):
            return self.resolve_qualified(f"{base.name}.{attr}")
        if isinstance(base, dict) and attr in ("values", "keys", "items", "get", "copy"):
            return BoundMethod(base, attr)
        if isinstance(base, list) and attr in ("append", "extend", "copy"):
            return BoundMethod(base, attr)
        if isinstance(base, Pipe):
            return BoundMethod(base, attr)
        if isinstance(base, Unknown):
            return base
        return self.unknown(mod, node, f"attribute `.{attr}`")

    def comprehension(self, node: Any, env: Env) -> Any:
        mod = env.mod
        if len(node.generators) != 1 or node.generators[0].is_async:
            return self.unknown(mod, node, "a nested comprehension")
        gen = node.generators[0]
        items = self.eval(gen.iter, env)
        if not isinstance(items, list | tuple):
            return self.unknown(mod, node, "a comprehension over a run-time value")
        out: list[Any] = []
        dout: dict[Any, Any] = {}
        for item in items[:MAX_LOOP]:
            inner = Env(mod, env)
            if not self.bind_target(gen.target, item, inner):
                return self.unknown(mod, node, "a comprehension target")
            ok = True
            for cond in gen.ifs:
                c = self.eval(cond, inner)
                if not _plain(c):
                    return self.unknown(mod, cond, "a comprehension filter")
                ok = ok and bool(c)
            if not ok:
                continue
            if isinstance(node, ast.DictComp):
                k = self.eval(node.key, inner)
                if not _hashable(k) or isinstance(k, Unknown):
                    return self.unknown(mod, node, "a dict comprehension key")
                dout[k] = self.eval(node.value, inner)
            else:
                out.append(self.eval(node.elt, inner))
        return dout if isinstance(node, ast.DictComp) else out

    def bind_target(self, target: ast.AST, value: Any, env: Env) -> bool:
        if isinstance(target, ast.Name):
            env.vars[target.id] = value
            return True
        if isinstance(target, ast.Tuple | ast.List):
            if isinstance(value, list | tuple) and len(value) == len(target.elts):
                return all(
                    self.bind_target(t, v, env) for t, v in zip(target.elts, value, strict=True)
                )
            for t in target.elts:
                self.bind_target(t, Unknown("an unpacked run-time value"), env)
            return False
        return False

    # ----------------------------------------------------------------- calls
    def call(self, node: ast.Call, env: Env) -> Any:
        mod = env.mod
        func = self.eval(node.func, env)
        if isinstance(func, NodeClass):
            if not func.followable:
                return self.unknown(mod, node, f"`{func.name}` has an `__init__` of its own")
            return self.make_node(node, env, func)
        if isinstance(func, Builtin):
            if func.name == "node":
                return self.make_node(node, env)
            if func.name == "pipeline":
                return self.make_pipeline(node, env)
            if func.name == "llm_context_node":
                return self.make_llm_node(node, env)
            if func.name == "llm_tool":
                args, _ = self.args(node, env)
                return LLMTool(tuple(args[1:])) if args else self.unknown(mod, node, "`tool()`")
            if func.name == "pipeline_ml_factory":
                return self.make_pipeline_ml(node, env)
            if func.name == "find_pipelines":
                return self.find_pipelines()
            if func.name == "partial":
                return self.make_partial(node, env)
            args, kwargs = self.args(node, env)
            if args is None:
                return self.unknown(mod, node, f"`{func.name}()` of run-time arguments")
            return self.builtin(func.name, args, kwargs, mod, node)
        if isinstance(func, BoundMethod):
            args, kwargs = self.args(node, env)
            return self.method(func, args, kwargs, mod, node)
        if isinstance(func, Func):
            if isinstance(func.node, ast.Lambda):
                return self.unknown(mod, node, "a lambda call")
            args, kwargs = self.args(node, env)
            if args is None:
                return self.unknown(mod, node, f"`{func.name}()` with run-time `*args`")
            return self.call_func(func, args, kwargs, mod, node)
        if isinstance(func, Unknown):
            loc = mod.loc(node)
            return Unknown(_located(func.reason, loc), loc)
        return self.unknown(mod, node, "a call of something that is not a function")

    def args(self, node: ast.Call, env: Env) -> tuple[list[Any] | None, dict[str, Any]]:
        args: list[Any] = []
        for a in node.args:
            if isinstance(a, ast.Starred):
                v = self.eval(a.value, env)
                if not isinstance(v, list | tuple):
                    return None, {}
                args.extend(v)
            else:
                args.append(self.eval(a, env))
        kwargs: dict[str, Any] = {}
        for k in node.keywords:
            if k.arg is None:
                v = self.eval(k.value, env)
                if isinstance(v, dict):
                    kwargs.update({str(x): y for x, y in v.items()})
                continue
            kwargs[k.arg] = self.eval(k.value, env)
        return args, kwargs

    def builtin(self, name: str, args: list, kwargs: dict, mod: Module, node: ast.AST) -> Any:
        if name == "sum":
            if not args or not isinstance(args[0], list | tuple):
                return self.unknown(mod, node, "`sum()` of a run-time value")
            total: Any = args[1] if len(args) > 1 else kwargs.get("start", 0)
            items = [total, *args[0]] if type(total) is Pipe else list(args[0])
            from_zero = type(total) is int and total == 0
            if items and (from_zero or type(total) is Pipe) and all(type(i) is Pipe for i in items):
                return Pipe.concat(items)
            for item in args[0]:
                total = self.add(total, item, mod, node)
            if total == 0 and not isinstance(total, bool):
                return Pipe(())
            return total
        if name in ("list", "tuple", "sorted", "set"):
            if not args:
                return []
            if isinstance(args[0], list | tuple):
                return list(args[0])
            if isinstance(args[0], dict):
                return list(args[0])
        if name == "dict":
            out = dict(args[0]) if args and isinstance(args[0], dict) else {}
            out.update(kwargs)
            return out
        return self.unknown(mod, node, f"`{name}()`")

    def method(self, m: BoundMethod, args: Any, kwargs: dict, mod: Module, node: ast.AST) -> Any:
        obj = m.obj
        if isinstance(obj, dict):
            if m.name == "values":
                return list(obj.values())
            if m.name == "keys":
                return list(obj)
            if m.name == "items":
                return [[k, v] for k, v in obj.items()]
            if m.name == "copy":
                return dict(obj)
            if m.name == "get" and args:
                return obj.get(args[0], args[1] if len(args) > 1 else None)
        if isinstance(obj, list):
            if m.name == "append" and args:
                obj.append(args[0])
                return None
            if m.name == "extend" and args and isinstance(args[0], list | tuple):
                obj.extend(args[0])
                return None
            if m.name == "copy":
                return list(obj)
        if isinstance(obj, Pipe):
            if m.name == "tag" and args and not kwargs:
                tags = _tags(args[0])
                nodes = tuple(replace(n, tags=n.tags | tags) for n in obj.nodes)
                return Pipe(nodes, obj.complete, obj.reasons)
            kept = filter_nodes(obj, m.name, args, kwargs) if obj.complete else None
            if kept is not None:
                return Pipe(kept)
            # Not known exactly: the pipeline it filters stands in for it, as one not
            # followed (its nodes are a superset: they count as used, and SL401 skips it).
            loc = mod.loc(node)
            why = f"{loc.path}:{loc.line}: `.{m.name}()` filters the pipeline at run time"
            return Pipe(obj.nodes, False, (*obj.reasons, why))
        return self.unknown(mod, node, f"`.{m.name}()`")

    def call_func(
        self, func: Func, args: list, kwargs: dict, mod: Module, node: ast.AST | DefStub
    ) -> Any:
        fmod = self.module(func.module)
        if fmod is None:
            return self.unknown(mod, node, f"`{func.name}` is in a file that does not parse")
        if self.depth >= MAX_DEPTH:
            return self.unknown(mod, node, "calls nest too deeply")
        key = None
        if all(_plain(a) for a in args) and all(_plain(v) for v in kwargs.values()):
            try:
                key = (
                    func.module,
                    func.name,
                    id(func.node),
                    tuple(args),
                    tuple(sorted(kwargs.items())),
                )
                hash(key)
            except TypeError:
                key = None
        if key is not None and key in self._calls:
            return self._calls[key]
        if (
            func.name == "create_pipeline"
            and type(func.node) is DefStub
            and not args
            and not kwargs
            and not func.bound_pos
            and not func.bound_kw
            and func.closure is None
        ):
            result = self.create_pipeline_call(func, fmod)
        else:
            fnode = func.node
            if isinstance(fnode, DefStub):
                fnode = fmod.def_ast(func.name)
                if fnode is None:
                    return self.unknown(mod, node, f"`{func.name}` cannot be read")
            result = self.run_func(func, fnode, fmod, args, kwargs, mod, node)
        if key is not None:
            self._calls[key] = result
        return result

    def create_pipeline_call(self, func: Func, fmod: Module) -> Any:
        """`create_pipeline()` of a module, interpreted on its own: no global value or call
        result is shared with the rest of the run, and what would be located at the caller is
        located at the def, so the result depends only on the files it looks up and the
        depth, and an earlier run's result for the same files can stand in for it."""
        outer_files, outer_noted = self._files, self._noted
        depth = self.depth
        hit = self.reuse.get(func.module, depth) if self.reuse is not None else None
        if hit is not None:
            result, files, notes = hit
            for text in notes:
                self.note(text)
        else:
            files, notes = {func.module: False}, []
            saved = self._globals, self._calls
            self._globals, self._calls = {}, {}
            self._files, self._noted = files, notes
            try:
                fnode = fmod.def_ast(func.name)
                if fnode is None:
                    result = self.unknown(fmod, func.node, f"`{func.name}` cannot be read")
                else:
                    result = self.run_func(func, fnode, fmod, [], {}, fmod, func.node)
            finally:
                self._globals, self._calls = saved
                self._files, self._noted = outer_files, outer_noted
            if outer_noted is not None:
                outer_noted.extend(notes)
            if self.reuse is not None:
                self.reuse.put(func.module, depth, result, files, notes)
        if outer_files is not None:
            for path, whole in files.items():
                outer_files[path] = outer_files.get(path, False) or whole
        return result

    def run_func(
        self,
        func: Func,
        fnode: Any,
        fmod: Module,
        args: list,
        kwargs: dict,
        mod: Module,
        node: ast.AST | DefStub,
    ) -> Any:
        env = Env(fmod, func.closure)
        _collect_imports(fmod, _imports_in(fnode.body), env.imports)
        a = fnode.args
        params = [*a.posonlyargs, *a.args]
        defaults = dict(
            zip([p.arg for p in params[len(params) - len(a.defaults) :]], a.defaults, strict=True)
        )
        for i, p in enumerate(params):
            if i < len(args):
                env.vars[p.arg] = args[i]
            elif p.arg in kwargs:
                env.vars[p.arg] = kwargs.pop(p.arg)
            elif p.arg in defaults:
                env.vars[p.arg] = self.eval(defaults[p.arg], Env(fmod))
            else:
                env.vars[p.arg] = Unknown(f"argument `{p.arg}` of `{func.name}` not given")
        if a.vararg is not None:
            env.vars[a.vararg.arg] = list(args[len(params) :])
        for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=False):
            if p.arg in kwargs:
                env.vars[p.arg] = kwargs.pop(p.arg)
            elif d is not None:
                env.vars[p.arg] = self.eval(d, Env(fmod))
            else:
                env.vars[p.arg] = Unknown(f"argument `{p.arg}` of `{func.name}` not given")
        if a.kwarg is not None:
            env.vars[a.kwarg.arg] = dict(kwargs)
        self.depth += 1
        try:
            result = self.exec_body(fnode.body, env)
        except _Return as r:
            result = r.value
        except RecursionError:
            result = self.unknown(mod, node, "recursion")
        finally:
            self.depth -= 1
        return result

    # ----------------------------------------------------------------- statements
    def exec_body(self, stmts: list[ast.stmt], env: Env) -> Any:
        """Runs statements; raises _Return on `return`; returns None at the end."""
        for stmt in stmts:
            self.exec_stmt(stmt, env)
        return None

    def exec_stmt(self, stmt: ast.stmt, env: Env) -> None:
        mod = env.mod
        if isinstance(stmt, ast.Return):
            raise _Return(self.eval(stmt.value, env) if stmt.value is not None else None)
        if isinstance(stmt, ast.Assign):
            value = self.eval(stmt.value, env)
            for t in stmt.targets:
                self.assign(t, value, env)
            return
        if isinstance(stmt, ast.AnnAssign):
            if stmt.value is not None:
                self.assign(stmt.target, self.eval(stmt.value, env), env)
            return
        if isinstance(stmt, ast.AugAssign):
            if isinstance(stmt.target, ast.Name) and isinstance(stmt.op, ast.BitOr):
                cur = self.name(env, stmt.target)
                env.vars[stmt.target.id] = self.union(cur, self.eval(stmt.value, env), mod, stmt)
                return
            if isinstance(stmt.target, ast.Name) and isinstance(stmt.op, ast.Add):
                cur = self.name(env, stmt.target)
                value = self.add(cur, self.eval(stmt.value, env), mod, stmt)
                if isinstance(cur, list) and isinstance(value, list):
                    cur[:] = value
                    value = cur
                env.vars[stmt.target.id] = value
            else:
                self.assign(stmt.target, self.unknown(mod, stmt, "an augmented assignment"), env)
            return
        if isinstance(stmt, ast.Expr):
            if isinstance(stmt.value, ast.Call):
                self.eval(stmt.value, env)
            return
        if isinstance(stmt, ast.If):
            test = self.eval(stmt.test, env)
            if _plain(test):
                self.exec_body(stmt.body if test else stmt.orelse, env)
                return
            # Both branches may run: anything they touch is unknown afterwards.
            why = self.unknown(mod, stmt, "a branch on a run-time condition")
            for name in _assigned_names([*stmt.body, *stmt.orelse]):
                env.vars[name] = why
            if _returns([*stmt.body, *stmt.orelse]):
                raise _Return(why)
            return
        if isinstance(stmt, ast.For):
            items = self.eval(stmt.iter, env)
            if isinstance(items, list | tuple) and not stmt.orelse:
                for item in items[:MAX_LOOP]:
                    self.bind_target(stmt.target, item, env)
                    self.exec_body(stmt.body, env)
                return
            why = self.unknown(mod, stmt, "a loop over a run-time value")
            for name in _assigned_names([stmt, *stmt.body]):
                env.vars[name] = why
            for name in _mutated_names(stmt.body):
                env.vars[name] = _taint(env.lookup(name), why)
            return
        if isinstance(stmt, ast.While):
            why = self.unknown(mod, stmt, "a while loop")
            for name in _assigned_names(stmt.body):
                env.vars[name] = why
            for name in _mutated_names(stmt.body):
                env.vars[name] = _taint(env.lookup(name), why)
            return
        if isinstance(stmt, ast.With):
            self.exec_body(stmt.body, env)
            return
        if isinstance(stmt, ast.Try):
            self.exec_body(stmt.body, env)
            self.exec_body(stmt.orelse, env)
            self.exec_body(stmt.finalbody, env)
            return
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            env.vars[stmt.name] = Func(mod.path, stmt.name, stmt, closure=env)
            return
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            _collect_imports(mod, [stmt], env.imports)
            return
        # pass, raise, assert, del, global ...: nothing to model

    def assign(self, target: ast.AST, value: Any, env: Env) -> None:
        if isinstance(target, ast.Name):
            env.vars[target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            self.bind_target(target, value, env)
        elif isinstance(target, ast.Subscript):
            base = self.eval(target.value, env)
            idx = self.eval(target.slice, env)
            if isinstance(base, dict) and _hashable(idx) and not isinstance(idx, Unknown):
                base[idx] = value
            elif isinstance(base, dict) and isinstance(target.value, ast.Name):
                env.vars[target.value.id] = _taint(
                    base, self.unknown(env.mod, target, "a run-time dict key")
                )

    # ----------------------------------------------------------------- kedro
    def make_partial(self, node: ast.Call, env: Env) -> Any:
        args, kwargs = self.args(node, env)
        if not args or not isinstance(args[0], Func):
            return self.unknown(env.mod, node, "`partial()` of a function outside the project")
        f: Func = args[0]
        return replace(
            f, bound_pos=f.bound_pos + len(args) - 1, bound_kw=f.bound_kw | frozenset(kwargs)
        )

    def make_node(self, node: ast.Call, env: Env, cls: NodeClass | None = None) -> Any:
        mod = env.mod
        args, kwargs = self.args(node, env)
        if args is None:
            return self.unknown(mod, node, "`node()` with `*args`")
        names = cls.positional if cls is not None else NODE_PARAMS
        bound: dict[str, Any] = dict(zip(names, args, strict=False))
        if cls is not None:  # a subclass's own keywords (`machine_type=`) are not Kedro's
            kwargs = {k: v for k, v in kwargs.items() if k in NODE_PARAMS and cls.takes(k)}
        bound.update(kwargs)
        at = names.index("func") if "func" in names else len(node.args)
        fexpr = next((k.value for k in node.keywords if k.arg == "func"), None)
        if fexpr is None and at < len(node.args):
            fexpr = node.args[at]
        return self.node_of(node, mod, bound, fexpr)

    def make_llm_node(self, node: ast.Call, env: Env) -> Any:
        """`llm_context_node(outputs=, llm=, prompts=, tools=, ...)`, keyword-only: its inputs
        are `{"llm": llm, p: p for each prompt, i: i for each input of each tool}`."""
        mod = env.mod
        args, kwargs = self.args(node, env)
        if args is None or args:
            return self.unknown(mod, node, "`llm_context_node()` with positional arguments")
        inputs: dict[Any, Any] = {"llm": kwargs.get("llm")}
        prompts = kwargs.get("prompts", [])
        tools = kwargs.get("tools") or []
        if not isinstance(prompts, list | tuple) or not isinstance(tools, list | tuple):
            return self.unknown(mod, node, "`llm_context_node()` of run-time prompts or tools")
        for p in prompts:
            inputs[p] = p
        for t in tools:
            if not isinstance(t, LLMTool):
                return self.unknown(mod, node, "a tool of `llm_context_node()`")
            for i in t.inputs:
                inputs[i] = i
        bound = {k: v for k, v in kwargs.items() if k in NODE_PARAMS}
        bound["inputs"] = inputs
        bound.pop("func", None)
        return self.node_of(node, mod, bound, None, "llm_context_node")

    def make_pipeline_ml(self, node: ast.Call, env: Env) -> Any:
        """kedro-mlflow's `pipeline_ml_factory(training, inference, input_name, ...)`: the
        `PipelineML` it returns runs the training pipeline's nodes."""
        args, kwargs = self.args(node, env)
        training = args[0] if args else kwargs.get("training")
        inference = args[1] if args and len(args) > 1 else kwargs.get("inference")
        if not isinstance(training, Pipe):
            return self.unknown(env.mod, node, "`pipeline_ml_factory()` of a run-time pipeline")
        if isinstance(inference, Pipe) and not inference.complete:
            return Pipe(training.nodes, False, _uniq(training.reasons + inference.reasons))
        return training

    def node_of(
        self,
        node: ast.Call,
        mod: Module,
        bound: dict[str, Any],
        fexpr: ast.expr | None,
        label: str | None = None,
    ) -> Any:
        func = bound.get("func")
        if label is None:
            label = _label(fexpr) if fexpr is not None else "<node>"
        if not isinstance(func, Func):
            func = None
        site = mod.loc(node)
        inputs, in_kind = self.datasets(bound.get("inputs"), site)
        outputs, out_kind = self.datasets(bound.get("outputs"), site)
        if in_kind == "unknown" or out_kind == "unknown":
            which = "inputs" if in_kind == "unknown" else "outputs"
            return self.unknown(mod, node, f"node `{label}` has {which} known only at run time")
        name = bound.get("name")
        namespace = bound.get("namespace")
        tags = bound.get("tags")
        return Pipe(
            (
                NodeInst(
                    site,
                    mod.end_loc(node),
                    func,
                    label,
                    inputs,
                    in_kind,
                    outputs,
                    out_kind,
                    str(name) if isinstance(name, str) else None,
                    str(namespace) if isinstance(namespace, str) else None,
                    _tags(tags),
                ),
            )
        )

    def datasets(self, value: Any, site: Loc) -> tuple[tuple[DS, ...], str]:
        if value is None:
            return (), "none"
        if isinstance(value, str):
            return (DS(str(value), _loc(value, site), str(value)),), "str"
        if isinstance(value, list | tuple):
            if all(isinstance(v, str) for v in value):
                return tuple(DS(str(v), _loc(v, site), str(v)) for v in value), "list"
            return (), "unknown"
        if isinstance(value, dict):
            if all(isinstance(v, str) for v in value.values()) and all(
                isinstance(k, str) for k in value
            ):
                return (
                    tuple(DS(str(v), _loc(v, site), str(v), str(k)) for k, v in value.items()),
                    "dict",
                )
            return (), "unknown"
        return (), "unknown"

    def make_pipeline(self, node: ast.Call, env: Env) -> Any:
        mod = env.mod
        args, kwargs = self.args(node, env)
        for first in ("nodes", "pipe"):  # Kedro 1.x names it `nodes`, 0.18/0.19 `pipe`
            if not args and first in kwargs:
                args = [kwargs.pop(first)]
        if not args:
            return self.unknown(mod, node, "`pipeline()` without nodes")
        items = args[0]
        if isinstance(items, Pipe):
            items = [items]
        if not isinstance(items, list | tuple):
            if isinstance(items, Unknown):
                return Pipe((), False, (items.reason,))
            return Pipe((), False, (self.unknown(mod, node, "pipeline nodes").reason,))
        # `Pipeline([...])` keeps every node it is given (one given twice is Kedro's error,
        # "Pipeline nodes must have unique names"); only `+` and `sum()` keep one of equal ones.
        nodes: list[NodeInst] = []
        complete = True
        reasons: list[str] = []
        for item in items:
            if isinstance(item, Pipe):
                nodes.extend(item.nodes)
                complete = complete and item.complete
                reasons.extend(item.reasons)
            else:
                complete = False
                why = (
                    item
                    if isinstance(item, Unknown)
                    else self.unknown(mod, node, "a pipeline item")
                )
                reasons.append(why.reason)
        pipe = Pipe(tuple(nodes), complete, _uniq(reasons))
        mapping_args = {k: kwargs.get(k) for k in ("inputs", "outputs", "parameters")}
        namespace = kwargs.get("namespace")
        prefix = kwargs.get("prefix_datasets_with_namespace", True)
        tags = _tags(kwargs.get("tags"))
        for k, v in [*mapping_args.items(), ("namespace", namespace)]:
            if isinstance(v, Unknown) or (v is not None and not _plain_mapping(v)):
                return Pipe(
                    pipe.nodes,
                    False,
                    (
                        *pipe.reasons,
                        self.unknown(mod, node, f"`{k}=` known only at run time").reason,
                    ),
                )
        if not isinstance(prefix, bool):
            prefix = True
        if any(v for v in mapping_args.values()) or namespace:
            mapping = {
                **_names_mapping(mapping_args["inputs"]),
                **_names_mapping(mapping_args["outputs"]),
                **_param_mapping(mapping_args["parameters"]),
            }
            ns = str(namespace) if namespace else None
            pipe = Pipe(
                tuple(
                    _copy_node(n, mapping, ns, prefix, self.params_namespaced) for n in pipe.nodes
                ),
                pipe.complete,
                pipe.reasons,
            )
        if tags:
            pipe = Pipe(
                tuple(replace(n, tags=n.tags | tags) for n in pipe.nodes),
                pipe.complete,
                pipe.reasons,
            )
        return pipe

    def find_pipelines(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if not self.package:
            return out
        root = self.module_by_name(f"{self.package}.pipeline")
        out["__default__"] = (
            self.create_pipeline(root, f"{self.package}.pipeline") if root else Pipe(())
        )
        prefix = f"{self.package}.pipelines."
        names = sorted(
            {
                m[len(prefix) :].split(".", 1)[0]
                for m in self.modules_by_name
                if m.startswith(prefix)
            }
            | {d for d in self.package_dirs}
        )
        for name in names:
            if name.startswith((".", "__")):
                continue
            mod = self.module_by_name(prefix + name)
            if mod is None:
                self.note(
                    f"find_pipelines(): `{prefix}{name}` has no `__init__.py`; "
                    "Kedro cannot import it either"
                )
                continue
            pipe = self.create_pipeline(mod, prefix + name)
            if pipe is not None:
                out[name] = pipe
        return out

    def create_pipeline(self, mod: Module, modname: str) -> Pipe | None:
        value = self.global_of(mod, "create_pipeline")
        if not isinstance(value, Func):
            if isinstance(value, Unknown) and "not defined" in value.reason:
                self.note(f"find_pipelines(): `{modname}` has no `create_pipeline`; skipped")
                return None
            return Pipe((), False, (f"{mod.path}: `create_pipeline` cannot be followed",))
        # Where a failure to call it is reported: the def, or the file's start when it is
        # imported (without parsing the file for that).
        at = mod.defs.get("create_pipeline") or _FILE_START
        result = self.call_func(value, [], {}, mod, at)
        return _as_pipe(result, f"{mod.path}: `create_pipeline()`")


# --------------------------------------------------------------------------- helpers

_BUILTINS = frozenset({"sum", "list", "tuple", "dict", "sorted", "set"})
_FILE_START = ast.Module(body=[], type_ignores=[])  # located at line 1, column 1


def _as_pipe(value: Any, what: str) -> Pipe:
    if isinstance(value, Pipe):
        return value
    if isinstance(value, Unknown):
        return Pipe((), False, (value.reason,))
    return Pipe((), False, (f"{what} does not return a pipeline we can follow",))


def _loc(value: Any, site: Loc) -> Loc:
    loc = getattr(value, "loc", None)
    return loc if loc is not None else site


def _plain(v: Any) -> bool:
    if isinstance(v, str | int | float | bool) or v is None:
        return True
    if isinstance(v, list | tuple):
        return all(_plain(x) for x in v)
    return False


def _plain_mapping(v: Any) -> bool:
    if isinstance(v, str):
        return True
    if isinstance(v, list | tuple | set):
        return all(isinstance(x, str) for x in v)
    if isinstance(v, dict):
        return all(isinstance(k, str) and isinstance(x, str) for k, x in v.items())
    return False


def _hashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _taint(value: Any, why: Unknown) -> Any:
    if isinstance(value, Pipe):
        return Pipe(value.nodes, False, (*value.reasons, why.reason))
    if isinstance(value, list):
        return [*value, why]
    if isinstance(value, dict):
        return {**value, _TaintKey(): why}
    return why


class _TaintKey:
    """A dict key that stands for entries only known at run time."""


def _tags(v: Any) -> frozenset[str]:
    if v is None:
        return frozenset()
    if isinstance(v, str):
        return frozenset({str(v)})
    if isinstance(v, list | tuple | set):
        out = {str(x) if isinstance(x, str) else RUNTIME_TAG for x in v}
        return frozenset(out)
    return frozenset({RUNTIME_TAG})


def _label(expr: ast.AST) -> str:
    while isinstance(expr, ast.Call) and expr.args:
        expr = expr.args[0]  # partial(f, ...) -> f
    try:
        return ast.unparse(expr)
    except Exception:
        return "<node>"


def _imports_in(stmts: list[ast.stmt]) -> list[ast.stmt]:
    return [s for s in stmts if isinstance(s, ast.Import | ast.ImportFrom)]


def _assigned_names(stmts: Iterable[ast.AST]) -> set[str]:
    out: set[str] = set()
    for s in stmts:
        for n in ast.walk(s):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                out.add(n.id)
    return out


def _mutated_names(stmts: Iterable[ast.AST]) -> set[str]:
    """Names whose object a block changes: `x.append(...)`, `x[k] = ...`."""
    out: set[str] = set()
    for s in stmts:
        for n in ast.walk(s):
            if (
                isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and isinstance(n.func.value, ast.Name)
            ):
                out.add(n.func.value.id)
            elif (
                isinstance(n, ast.Subscript)
                and isinstance(n.ctx, ast.Store)
                and isinstance(n.value, ast.Name)
            ):
                out.add(n.value.id)
    return out


def _returns(stmts: Iterable[ast.AST]) -> bool:
    return any(isinstance(n, ast.Return) for s in stmts for n in ast.walk(s))


def _to_mapping(v: Any) -> dict[str, str]:
    if v is None:
        return {}
    if isinstance(v, str):
        return {str(v): str(v)}
    if isinstance(v, dict):
        return {str(k): str(x) for k, x in v.items()}
    return {str(x): str(x) for x in v}


def _names_mapping(v: Any) -> dict[str, str]:
    return _to_mapping(v)


def _param_mapping(v: Any) -> dict[str, str]:
    out = {}
    for k, x in _to_mapping(v).items():
        if k == "parameters":
            out[k] = k
            continue
        key = k if k.startswith("params:") else f"params:{k}"
        new = x if x.startswith("params:") else f"params:{x}"
        out[key] = new
    return out


def rename(
    name: str, mapping: dict[str, str], namespace: str | None, prefix: bool, params: bool = True
) -> str:
    """Kedro's `Pipeline._rename`. `params`: whether the namespace prefixes `params:` names
    too, as it does from Kedro 0.18 on."""
    if name in mapping:
        return mapping[name]
    if name == "parameters":
        return name
    base, sep, suffix = name.partition("@")
    if sep and base in mapping:
        return f"{mapping[base]}@{suffix}"
    if prefix and namespace:
        if name.startswith("params:"):
            return f"params:{namespace}.{name[len('params:') :]}" if params else name
        return f"{namespace}.{name}"
    return name


def _copy_node(
    n: NodeInst, mapping: dict[str, str], ns: str | None, prefix: bool, params: bool = True
) -> NodeInst:
    def ren(ds: tuple[DS, ...]) -> tuple[DS, ...]:
        return tuple(replace(d, name=rename(d.name, mapping, ns, prefix, params)) for d in ds)

    new_ns = n.namespace
    if ns:
        new_ns = f"{ns}.{n.namespace}" if n.namespace else ns
    return replace(n, inputs=ren(n.inputs), outputs=ren(n.outputs), namespace=new_ns)


# --------------------------------------------------------------------------- the model


@dataclass
class PipelinesModel:
    registry_path: str | None
    registered: dict[str, Pipe]
    # False when the registry itself could not be followed: "unused" rules stay silent.
    registry_complete: bool
    notes: list[str]
    interpreter: Interpreter
    _unique: list[tuple[NodeInst, list[str]]] | None = field(default=None, repr=False)
    _signatures: dict[tuple, Signature | None] = field(default_factory=dict, repr=False)

    @property
    def complete(self) -> bool:
        """Every registered pipeline was followed to the last node."""
        return self.registry_complete and all(p.complete for p in self.registered.values())

    def unique_nodes(self) -> list[tuple[NodeInst, list[str]]]:
        """Every node instance of the registered pipelines once, with the pipelines it is in."""
        if self._unique is None:
            self._unique = self._unique_nodes()
        return self._unique

    def _unique_nodes(self) -> list[tuple[NodeInst, list[str]]]:
        seen: dict[tuple, tuple[NodeInst, list[str]]] = {}
        for pname, pipe in self.registered.items():
            for n in pipe.nodes:
                hit = seen.get(n.key)
                if hit is None:
                    seen[n.key] = (n, [pname])
                elif pname not in hit[1]:
                    hit[1].append(pname)
        return sorted(
            seen.values(), key=lambda t: (t[0].site.path, t[0].site.line, t[0].site.column)
        )

    def unfollowed(self) -> dict[str, tuple[str, ...]]:
        """The registered pipelines not followed to the last node, with the reasons."""
        return {
            name: pipe.reasons or ("not followed",)
            for name, pipe in self.registered.items()
            if not pipe.complete
        }

    def closing_note(self) -> str | None:
        """What the run's last line says when part of the graph was not followed."""
        where = None
        if not self.registry_complete:
            if any(n.endswith(NOT_MODELLED) for n in self.notes):
                return None  # no registry (SL501's business), or not a Kedro package
            reasons = [
                n for n in self.notes if self.registry_path and n.startswith(self.registry_path)
            ]
            where = _first_place(reasons) or self.registry_path
            what = "the pipeline registry could not be followed statically"
        else:
            missing = self.unfollowed()
            if not missing:
                return None
            # `__default__ = sum(...)` only inherits another's reasons: not counted alone.
            own = [n for n in missing if n != "__default__"] or list(missing)
            where = _first_place([r for n in own for r in missing[n]])
            count = len(own)
            what = f"{count} pipeline{'s' if count != 1 else ''} could not be followed statically"
        at = f" ({where})" if where else ""
        return f"{what}{at}: SL401/SL402 are incomplete; run with -v"

    def loose_uses(self, read_text: Callable[[str], str | None]) -> LooseUses | None:
        """The string literals of the code of the pipelines not followed (None when every
        registered pipeline was): a catalog entry or parameter they name may be used."""
        missing = self.unfollowed()
        if not missing:
            return None
        paths = {self.registry_path} if self.registry_path else set()
        for reasons in missing.values():
            for r in reasons:
                m = _REASON_PATH.match(r)
                if m:
                    paths.add(m.group(1))
        literals: set[str] = set()
        fragments: set[str] = set()
        for path in sorted(paths):
            text = read_text(path)
            tree = parse(text) if text is not None else None
            if tree is None:
                continue
            for n in ast.walk(tree):
                if isinstance(n, ast.JoinedStr):
                    for v in n.values:
                        if isinstance(v, ast.Constant) and isinstance(v.value, str):
                            fragments.add(v.value)
                elif isinstance(n, ast.Constant) and isinstance(n.value, str):
                    literals.add(n.value)
        return LooseUses(frozenset(literals), frozenset(f for f in fragments if len(f) >= 3))

    def used_datasets(self) -> set[str]:
        out: set[str] = set()
        for pipe in self.registered.values():
            for n in pipe.nodes:
                out.update(d.name for d in n.inputs)
                out.update(d.name for d in n.outputs)
        return out

    def signature(self, func: Func) -> Signature | None:
        key = (id(func.node), func.bound_pos, func.bound_kw)
        if key in self._signatures:
            return self._signatures[key]
        if isinstance(func.node, CachedDef):
            return func.node.signature
        sig = None
        if isinstance(func.node, DefStub | ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            mod = self.interpreter.module(func.module)
            if mod is not None:
                sig = signature_of(func, mod.loc)
        self._signatures[key] = sig
        return sig


NOT_MODELLED = "pipelines not modelled"  # the end of a note on a registry that was not found
_REASON_PATH = re.compile(r"^([^\s:]+\.py)(?::\d+)?:")


def _first_place(reasons: Iterable[str]) -> str | None:
    """The first `path:line` the reasons name (else the first path)."""
    reasons = list(reasons)
    for pattern in (r"([^\s:(`]+\.py:\d+)", r"([^\s:(`]+\.py)"):
        for r in reasons:
            m = re.search(pattern, r)
            if m:
                return m.group(1)
    return None


@dataclass(frozen=True)
class LooseUses:
    """What the code of pipelines that were not followed may use, judged by its string
    literals (`literals`) and the constant parts of its f-strings (`fragments`): a name is
    taken as used when it may be one of them, so nothing they use is reported unused."""

    literals: frozenset[str]
    fragments: frozenset[str]

    def may_use(self, name: str) -> bool:
        """A dataset name: written as it is, or as the part after a namespace (`ns.x` from
        `x` in a namespaced pipeline), or built by an f-string with a constant part of it."""
        base = strip_transcoding(name)
        parts = base.split(".")
        if any(".".join(parts[i:]) in self.literals for i in range(len(parts))):
            return True
        if name in self.literals:
            return True
        return any(f in base for f in self.fragments)

    def may_use_parameter(self, key: str) -> bool:
        """A top-level parameter key: the whole `parameters`, `params:<key>...`, or the key
        itself written (a namespace, or a part of an f-string)."""
        if "parameters" in self.literals or key in self.literals:
            return True
        for lit in self.literals:
            if lit.startswith("params:") and lit[7:].split(".", 1)[0] == key:
                return True
        return any(
            f in key or (f.startswith("params:") and key.startswith(f[7:])) for f in self.fragments
        )


def free_inputs(pipe: Pipe) -> dict[str, list[tuple[NodeInst, DS]]]:
    """Inputs no node of the pipeline produces (transcoding stripped for the match), by name."""
    produced = {strip_transcoding(d.name) for n in pipe.nodes for d in n.outputs}
    out: dict[str, list[tuple[NodeInst, DS]]] = {}
    for n in pipe.nodes:
        for d in n.inputs:
            if strip_transcoding(d.name) not in produced:
                out.setdefault(d.name, []).append((n, d))
    return out


def iter_datasets(nodes: Iterable[NodeInst]) -> Iterator[DS]:
    for n in nodes:
        yield from n.inputs
        yield from n.outputs


def modules_by_name_of(
    python_files: Iterable[str], module_of: Callable[[str], tuple[str | None, bool]]
) -> dict[str, str]:
    out: dict[str, str] = {}
    for path in python_files:
        name, _ = module_of(path)
        if name:
            out[name] = path
    return out


# Where Kedro before 0.17.2 registered pipelines, after `pipeline_registry.py`: a hooks class's
# `register_pipelines(self)` in `hooks.py` (0.16.4 to 0.17.1), the `ProjectContext` of `run.py`
# (`.kedro.yml`'s `context_path`, 0.15 / 0.16: `_get_pipelines(self)`, or a `pipelines`
# property), and the `create_pipelines()` of `pipeline.py` that those called.
_LEGACY_METHODS = (
    ("hooks.py", "register_pipelines"),
    ("run.py", "_get_pipelines"),
    ("run.py", "pipelines"),
)


def _legacy_registry(interp: Interpreter, package_dir: str) -> tuple[Module, Any] | None:
    """The module and function (a `DefStub`, or a method's `ast.FunctionDef`) that registers
    the pipelines of a project older than `pipeline_registry.py`, or None."""
    for name, method in _LEGACY_METHODS:
        mod = interp.module(f"{package_dir}/{name}")
        # (the text first: a file that does not spell the method is not parsed for it)
        if mod is None or not any(method in line for line in mod.lines):
            continue
        for stmt in mod.tree.body:
            if not isinstance(stmt, ast.ClassDef):
                continue
            for item in stmt.body:
                if isinstance(item, ast.FunctionDef) and item.name == method:
                    return mod, item
    mod = interp.module(f"{package_dir}/pipeline.py")
    if mod is not None and isinstance(mod.defs.get("create_pipelines"), DefStub):
        return mod, mod.defs["create_pipelines"]
    return None


def build_pipelines(
    package: str | None,
    package_dir: str | None,
    python_files: Iterable[str],
    read_text: Callable[[str], str | None],
    module_of: Callable[[str], tuple[str | None, bool]],
    summaries: Summaries | None = None,
    modules_by_name: dict[str, str] | None = None,
    reuse: Reuse | None = None,
    params_namespaced: bool = True,
) -> PipelinesModel:
    if modules_by_name is None:
        modules_by_name = modules_by_name_of(python_files, module_of)
    interp = Interpreter(
        package,
        package_dir,
        modules_by_name,
        read_text,
        module_of,
        summaries=summaries,
        reuse=reuse,
        params_namespaced=params_namespaced,
    )
    notes = interp.notes
    registry_path = f"{package_dir}/pipeline_registry.py" if package_dir else None
    registered: dict[str, Pipe] = {}
    complete = True
    mod = interp.module(registry_path) if registry_path else None
    reg: Any = mod.defs.get("register_pipelines") if mod is not None else None
    if package_dir is not None and not isinstance(reg, DefStub):
        legacy = _legacy_registry(interp, package_dir)
        if legacy is not None:
            mod, reg = legacy
            registry_path = mod.path
    if mod is None:
        if package_dir is None:
            notes.append(
                "no `[tool.kedro] package_name` in pyproject.toml (nor a `.kedro.yml`): "
                + NOT_MODELLED
            )
        else:
            notes.append(f"{registry_path} is missing or does not parse: {NOT_MODELLED}")
        return PipelinesModel(registry_path, {}, False, notes, interp)
    if isinstance(reg, ast.FunctionDef):  # a method of a hooks class or a context
        result = interp.call_func(Func(mod.path, reg.name, reg), [], {}, mod, reg)
    elif not isinstance(reg, DefStub) or reg.is_async:
        notes.append(f"{registry_path}: no `register_pipelines()`; {NOT_MODELLED}")
        return PipelinesModel(registry_path, {}, False, notes, interp)
    else:
        result = interp.call_func(Func(mod.path, reg.name, reg), [], {}, mod, reg)
    if isinstance(result, dict):
        for k, v in result.items():
            if isinstance(k, _TaintKey):
                complete = False
                notes.append(f"{registry_path}: {v.reason if isinstance(v, Unknown) else v}")
                continue
            registered[str(k)] = _as_pipe(v, f"pipeline `{k}`")
    else:
        complete = False
        reason = result.reason if isinstance(result, Unknown) else "not a dict"
        notes.append(f"{registry_path}: `register_pipelines()` cannot be followed ({reason})")
    for name, pipe in registered.items():
        for reason in pipe.reasons:
            notes.append(f"pipeline `{name}` only partly followed: {reason}")
    return PipelinesModel(registry_path, registered, complete, notes, interp)
