"""The built pipeline model, kept between runs.

Interpreting every `create_pipeline()` is the most expensive part of a warm run, so the model
(registered pipelines, node instances, notes and the signatures of node functions) is stored in
the `ResultCache` as compact JSON. The entry is keyed by the package, its source folder and the
list of the project's modules (what `find_pipelines()` and name resolution see), and it holds
the content digest of every file the interpretation looked up, whether it was read, missing or
did not parse. A warm run re-hashes those files (the summaries provider has most of the digests
already) and uses the entry only when all match and it decodes whole; anything else rebuilds the
model. (Settings, rules and structlint's version are in the cache's salt.)
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from typing import Any

from structlint.project.conf import Loc
from structlint.project.pipelines import (
    DS,
    CachedDef,
    Func,
    Interpreter,
    NodeInst,
    Pipe,
    PipelinesModel,
    Signature,
    build_pipelines,
    modules_by_name_of,
)
from structlint.project.summary import Summaries

KIND = "pipelines"  # the cache's kind for the model
KEY = "."  # one model per project
VERSION = 1


_CLOSURE = object()  # a nested function's defining scope is not kept: only that it had one


# --------------------------------------------------------------------------- to JSON


class _Encoder:
    """Rows of plain lists: a place is three ints inlined (path index, line, column; a path
    index of -1 for no place), parameters and datasets are flattened, and functions and nodes
    shared by several pipelines are written once."""

    def __init__(self, model: PipelinesModel) -> None:
        self.model = model
        self.paths: dict[str, int] = {}
        self.funcs: dict[Func, int] = {}
        self.func_rows: list[Any] = []
        self.nodes: dict[int, int] = {}
        self.node_rows: list[Any] = []

    def path(self, path: str) -> int:
        return self.paths.setdefault(str(path), len(self.paths))

    def loc(self, out: list[Any], loc: Loc | None) -> None:
        if loc is None:
            out += (-1, 0, 0)
        else:
            out += (self.path(loc.path), int(loc.line), int(loc.column))

    def params(self, items: Iterable[tuple[str, bool, Loc]]) -> list[Any]:
        out: list[Any] = []
        for n, d, at in items:
            out += (str(n), bool(d))
            self.loc(out, at)
        return out

    def sig(self, s: Signature | None) -> Any:
        if s is None:
            return None
        out: list[Any] = [str(s.name)]
        self.loc(out, s.loc)
        out += (
            self.params(s.positional),
            self.params(s.kwonly),
            bool(s.vararg),
            bool(s.kwarg),
            sorted(s.returns) if s.returns is not None else None,
        )
        return out

    def func(self, f: Func | None) -> int:
        if f is None:
            return -1
        i = self.funcs.get(f)
        if i is None:
            i = self.funcs[f] = len(self.func_rows)
            decorators = len(getattr(f.node, "decorator_list", None) or ())
            self.func_rows.append(
                [
                    self.path(f.module),
                    str(f.name),
                    int(f.bound_pos),
                    sorted(str(k) for k in f.bound_kw),
                    decorators,
                    f.closure is not None,
                    self.sig(self.model.signature(f)),
                ]
            )
        return i

    def datasets(self, items: Iterable[DS]) -> list[Any]:
        out: list[Any] = []
        for d in items:
            out.append(str(d.name))
            self.loc(out, d.loc)
            out += (None if d.original == d.name else str(d.original), d.key)
        return out

    def node(self, n: NodeInst) -> int:
        i = self.nodes.get(id(n))
        if i is None:
            i = self.nodes[id(n)] = len(self.node_rows)
            row: list[Any] = []
            self.loc(row, n.site)
            self.loc(row, n.end)
            row += (
                self.func(n.func),
                str(n.func_label),
                self.datasets(n.inputs),
                str(n.input_kind),
                self.datasets(n.outputs),
                str(n.output_kind),
                None if n.name is None else str(n.name),
                None if n.namespace is None else str(n.namespace),
                sorted(str(t) for t in n.tags),
            )
            self.node_rows.append(row)
        return i

    def encode(self) -> dict[str, Any]:
        m = self.model
        pipes = [
            [str(name), [self.node(n) for n in p.nodes], bool(p.complete), list(p.reasons)]
            for name, p in m.registered.items()
        ]
        return {
            "v": VERSION,
            "rp": m.registry_path,
            "rc": bool(m.registry_complete),
            "notes": [str(n) for n in m.notes],
            "paths": list(self.paths),
            "funcs": self.func_rows,
            "nodes": self.node_rows,
            "pipes": pipes,
        }


def model_to_json(model: PipelinesModel) -> dict[str, Any]:
    return _Encoder(model).encode()


# --------------------------------------------------------------------------- from JSON


def _str(v: Any) -> str:
    if type(v) is not str:
        raise TypeError("not a string")
    return v


def _opt_str(v: Any) -> str | None:
    return None if v is None else _str(v)


def _int(v: Any) -> int:
    if type(v) is not int:
        raise TypeError("not an int")
    return v


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise TypeError("not a bool")
    return v


def _list(v: Any) -> list[Any]:
    if type(v) is not list:
        raise TypeError("not a list")
    return v


def model_from_json(data: Any, interpreter: Interpreter) -> PipelinesModel:
    """The model `model_to_json` wrote; raises (TypeError, ValueError, IndexError, KeyError) on
    anything of another shape: an entry is used whole or not at all."""
    if type(data) is not dict or data.get("v") != VERSION:
        raise ValueError("not a pipeline model of this version")
    paths = [_str(p) for p in _list(data["paths"])]

    def loc(row: list[Any], at: int) -> Any:
        i, line, col = row[at], row[at + 1], row[at + 2]
        if type(i) is not int or type(line) is not int or type(col) is not int or i < -1:
            raise TypeError("not a place")
        return None if i == -1 else Loc(paths[i], line, col)

    def params(v: Any) -> tuple[tuple[str, bool, Loc], ...]:
        flat = _list(v)
        if len(flat) % 5:
            raise ValueError("not parameters")
        return tuple(
            (_str(flat[k]), _bool(flat[k + 1]), loc(flat, k + 2)) for k in range(0, len(flat), 5)
        )

    def sig(v: Any) -> Signature | None:
        if v is None:
            return None
        row = _list(v)
        name, _, _, _, pos, kw, va, kwa, ret = row
        returns = None if ret is None else frozenset(_int(r) for r in _list(ret))
        return Signature(
            _str(name), loc(row, 1), params(pos), params(kw), _bool(va), _bool(kwa), returns
        )

    funcs: list[Func] = []
    for row in _list(data["funcs"]):
        module, name, bound_pos, bound_kw, decorators, closure, s = _list(row)
        if _int(module) < 0:
            raise IndexError("bad path index")
        funcs.append(
            Func(
                paths[module],
                _str(name),
                CachedDef(_int(decorators), sig(s)),
                _int(bound_pos),
                frozenset(_str(k) for k in _list(bound_kw)),
                _CLOSURE if _bool(closure) else None,
            )
        )

    def datasets(v: Any) -> tuple[DS, ...]:
        flat = _list(v)
        if len(flat) % 6:
            raise ValueError("not datasets")
        out = []
        for k in range(0, len(flat), 6):
            name = _str(flat[k])
            original = flat[k + 4]
            out.append(
                DS(
                    name,
                    loc(flat, k + 1),
                    name if original is None else _str(original),
                    _opt_str(flat[k + 5]),
                )
            )
        return tuple(out)

    nodes: list[NodeInst] = []
    for row in _list(data["nodes"]):
        _list(row)
        fi, label, ins, ikind, outs, okind, name, ns, tags = row[6:]
        if _int(fi) < -1:
            raise IndexError("bad function index")
        nodes.append(
            NodeInst(
                loc(row, 0),
                loc(row, 3),
                None if fi == -1 else funcs[fi],
                _str(label),
                datasets(ins),
                _str(ikind),
                datasets(outs),
                _str(okind),
                _opt_str(name),
                _opt_str(ns),
                frozenset(_str(t) for t in _list(tags)),
            )
        )
    registered: dict[str, Pipe] = {}
    for row in _list(data["pipes"]):
        name, idx, complete, reasons = _list(row)
        picked = []
        for i in _list(idx):
            if _int(i) < 0:
                raise IndexError("bad node index")
            picked.append(nodes[i])
        registered[_str(name)] = Pipe(
            tuple(picked), _bool(complete), tuple(_str(r) for r in _list(reasons))
        )
    notes = [_str(n) for n in _list(data["notes"])]
    interpreter.notes = notes
    return PipelinesModel(_opt_str(data["rp"]), registered, _bool(data["rc"]), notes, interpreter)


# --------------------------------------------------------------------------- the cache


def _key(package: str | None, package_dir: str | None, modules_by_name: dict[str, str]) -> str:
    from structlint.cache import content_hash

    blob = json.dumps([package, package_dir, sorted(modules_by_name.items())])
    return content_hash(blob.encode("utf-8", "surrogatepass"))


def cached_build_pipelines(
    package: str | None,
    package_dir: str | None,
    python_files: Iterable[str],
    read_text: Callable[[str], str | None],
    module_of: Callable[[str], tuple[str | None, bool]],
    summaries: Summaries,
) -> PipelinesModel:
    """`build_pipelines`, from the cache when every file its interpretation looked up is
    unchanged; a fresh model is stored for the next run."""
    cache = summaries.cache
    if cache is None:
        return build_pipelines(package, package_dir, python_files, read_text, module_of, summaries)
    modules_by_name = modules_by_name_of(python_files, module_of)
    key = _key(package, package_dir, modules_by_name)
    hit = cache.lookup(KIND, KEY, key)
    if isinstance(hit, dict):
        model = _load(hit, summaries, package, package_dir, modules_by_name, read_text, module_of)
        if model is not None:
            return model
    model = build_pipelines(
        package,
        package_dir,
        python_files,
        read_text,
        module_of,
        summaries,
        modules_by_name=modules_by_name,
    )
    try:
        value = {
            "files": {p: summaries.digest(p) for p in model.interpreter.looked_up()},
            "model": model_to_json(model),
        }
    except Exception:  # a model that cannot be written is just not cached
        return model
    cache.store(KIND, KEY, key, value)
    return model


def _load(
    hit: dict[str, Any],
    summaries: Summaries,
    package: str | None,
    package_dir: str | None,
    modules_by_name: dict[str, str],
    read_text: Callable[[str], str | None],
    module_of: Callable[[str], tuple[str | None, bool]],
) -> PipelinesModel | None:
    files = hit.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for path, digest in files.items():
        if summaries.digest(path) != digest:
            return None
    interp = Interpreter(
        package, package_dir, modules_by_name, read_text, module_of, summaries=summaries
    )
    # Tens of thousands of small objects at once: the collector would walk the whole heap
    # (the loaded cache included) several times over for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        model = model_from_json(hit.get("model"), interp)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return None
    finally:
        if enabled:
            gc.enable()
    gc.freeze()  # the model lives as long as the run, without cycles: as `ResultCache.open`
    return model
