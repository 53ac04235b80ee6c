"""The built pipeline model, kept between runs, whole and by `create_pipeline()`.

Interpreting every `create_pipeline()` is the most expensive part of a warm run, so the model
(registered pipelines, node instances, notes and the signatures of node functions) is stored in
the `ResultCache` as compact JSON, in one entry keyed by the package, its source folder and the
list of the project's modules (what `find_pipelines()` and name resolution see). The entry
holds:

- "model": the whole model, as rows (paths, functions, nodes, pipelines);
- "files": the content digest of every file the model depends on, whether it was read, missing
  or did not parse. When all match, the model is read back as it is and nothing is interpreted;
- "parts": the result of each `create_pipeline()` call (`Interpreter.create_pipeline_call`:
  interpreted on its own, so its result depends only on what it looks up), as node indices into
  the same rows, with the files it looked up and the notes it made. A file only consulted
  through its summary (a `nodes.py` whose functions are referred to, not interpreted) is
  matched by the digest of that summary's model facts, so an edit that leaves them alone (a
  comment, a function body that keeps the line numbers of later defs) keeps the part.

When a file changed, the registry is interpreted again, each part whose files still match is
read back instead of interpreted, and the entry is written again: the rows of the parts kept are
kept as they are and new rows are appended. Rows no part or pipeline uses any more are dropped
(everything is written afresh) once they are a fair share of the table. Anything of an
unexpected shape is not trusted: the whole model, or the part, is built again. (Settings, rules
and structlint's version are in the cache's salt.)
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable
from typing import Any

from structlint.collector import paused
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
    Unknown,
    build_pipelines,
    modules_by_name_of,
)
from structlint.project.summary import Summaries

KIND = "pipelines"  # the cache's kind for the model
KEY = "."  # one model per project
VERSION = 2

_CLOSURE = object()  # a nested function's defining scope is not kept: only that it had one
_DECODE_ERRORS = (TypeError, ValueError, IndexError, KeyError, AttributeError)
_tuple_new = tuple.__new__  # a `Loc` without its Python-level `__new__`
_NO_TAGS: frozenset[str] = frozenset()


# --------------------------------------------------------------------------- to JSON


class _Encoder:
    """Rows of plain lists: a place is three ints inlined (path index, line, column; a path
    index of -1 for no place), parameters and datasets are flattened, and functions and nodes
    shared by several pipelines are written once. Started from the rows of an earlier entry
    (`prior`), the objects read back from them keep their rows and only new ones are added."""

    def __init__(self, signature: Callable[[Func], Signature | None], prior: _Rows | None) -> None:
        self.signature = signature
        self.paths: dict[str, int] = {}
        self.funcs: dict[Func, int] = {}
        self.func_rows: list[Any] = []
        self.nodes: dict[int, int] = {}
        self.node_rows: list[Any] = []
        if prior is not None:
            for i, p in enumerate(prior.paths):
                self.paths.setdefault(p, i)
            self.path_list = list(prior.paths)
            self.func_rows = list(prior.func_rows)
            self.node_rows = list(prior.node_rows)
            # By identity: a function read back equals no other (see `Func.__eq__`).
            self.read_back = {id(f): i for i, f in enumerate(prior.funcs) if f is not None}
            self.nodes = {id(n): i for i, n in enumerate(prior.nodes) if n is not None}
        else:
            self.path_list = []
            self.read_back = {}

    def path(self, path: str) -> int:
        i = self.paths.get(path)
        if i is None:
            i = self.paths[path] = len(self.path_list)
            self.path_list.append(str(path))
        return i

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
        i = self.read_back.get(id(f))
        if i is None:
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
                    self.sig(self.signature(f)),
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

    def pipe(self, p: Pipe) -> list[Any]:
        return [[self.node(n) for n in p.nodes], bool(p.complete), [str(r) for r in p.reasons]]

    def value(self, v: Pipe | Unknown) -> list[Any]:
        """A part's result: a pipeline, or what could not be followed."""
        if isinstance(v, Pipe):
            return ["p", *self.pipe(v)]
        out: list[Any] = ["u", str(v.reason)]
        self.loc(out, v.loc)
        return out

    def model(self, model: PipelinesModel) -> dict[str, Any]:
        pipes = [[str(name), *self.pipe(p)] for name, p in model.registered.items()]
        return {
            "v": VERSION,
            "rp": model.registry_path,
            "rc": bool(model.registry_complete),
            "notes": [str(n) for n in model.notes],
            "paths": self.path_list,
            "funcs": self.func_rows,
            "nodes": self.node_rows,
            "pipes": pipes,
        }


def model_to_json(model: PipelinesModel) -> dict[str, Any]:
    return _Encoder(model.signature, None).model(model)


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


def _tags(v: Any) -> frozenset[str]:
    if type(v) is not list:
        raise TypeError("not tags")
    if not v:
        return _NO_TAGS
    if any(type(t) is not str for t in v):
        raise TypeError("not a tag")
    return frozenset(v)


def _index(v: Any) -> int:
    if type(v) is not int or v < 0:
        raise IndexError("not a row index")
    return v


class _Rows:
    """The rows of a stored model, read on demand: each function and node once, when a
    pipeline or a part first refers to it. Raises (`_DECODE_ERRORS`) on anything of another
    shape; a row that does not decode is never kept."""

    def __init__(self, data: Any) -> None:
        if type(data) is not dict or data.get("v") != VERSION:
            raise ValueError("not a pipeline model of this version")
        self.paths = [_str(p) for p in _list(data["paths"])]
        self.func_rows = _list(data["funcs"])
        self.node_rows = _list(data["nodes"])
        self.funcs: list[Func | None] = [None] * len(self.func_rows)
        self.nodes: list[NodeInst | None] = [None] * len(self.node_rows)

    def loc(self, i: Any, line: Any, col: Any) -> Loc:
        if type(i) is not int or type(line) is not int or type(col) is not int or i < 0:
            raise TypeError("not a place")
        return _tuple_new(Loc, (self.paths[i], line, col))

    def opt_loc(self, i: Any, line: Any, col: Any) -> Loc | None:
        return None if i == -1 else self.loc(i, line, col)

    def params(self, flat: Any) -> tuple[tuple[str, bool, Loc], ...]:
        if type(flat) is not list or len(flat) % 5:
            raise ValueError("not parameters")
        loc = self.loc
        out = []
        for k in range(0, len(flat), 5):
            name, default, i, line, col = flat[k : k + 5]
            if type(name) is not str or type(default) is not bool:
                raise TypeError("not a parameter")
            out.append((name, default, loc(i, line, col)))
        return tuple(out)

    def sig(self, v: Any) -> Signature | None:
        if v is None:
            return None
        name, i, line, col, pos, kw, va, kwa, ret = _list(v)
        returns = None if ret is None else frozenset(_int(r) for r in _list(ret))
        return Signature(
            _str(name),
            self.loc(i, line, col),
            self.params(pos),
            self.params(kw),
            _bool(va),
            _bool(kwa),
            returns,
        )

    def func(self, i: Any) -> Func:
        f = self.funcs[_index(i)]
        if f is None:
            module, name, bound_pos, bound_kw, decorators, closure, s = _list(self.func_rows[i])
            f = self.funcs[i] = Func(
                self.paths[_index(module)],
                _str(name),
                CachedDef(_int(decorators), self.sig(s)),
                _int(bound_pos),
                frozenset(_str(k) for k in _list(bound_kw)),
                _CLOSURE if _bool(closure) else None,
            )
        return f

    def datasets(self, flat: Any) -> tuple[DS, ...]:
        if type(flat) is not list or len(flat) % 6:
            raise ValueError("not datasets")
        loc = self.loc
        out = []
        for k in range(0, len(flat), 6):
            name, i, line, col, original, key = flat[k : k + 6]
            if original is None:
                original = name
            if type(name) is not str or type(original) is not str:
                raise TypeError("not a dataset name")
            if key is not None and type(key) is not str:
                raise TypeError("not a parameter name")
            out.append(DS(name, loc(i, line, col), original, key))
        return tuple(out)

    def node(self, i: Any) -> NodeInst:
        n = self.nodes[_index(i)]
        if n is None:
            sp, sl, sc, ep, el, ec, fi, label, ins, ikind, outs, okind, name, ns, tags = _list(
                self.node_rows[i]
            )
            n = self.nodes[i] = NodeInst(
                self.loc(sp, sl, sc),
                self.loc(ep, el, ec),
                None if _int(fi) == -1 else self.func(fi),
                _str(label),
                self.datasets(ins),
                _str(ikind),
                self.datasets(outs),
                _str(okind),
                _opt_str(name),
                _opt_str(ns),
                _tags(tags),
            )
        return n

    def pipe(self, idx: Any, complete: Any, reasons: Any) -> Pipe:
        return Pipe(
            tuple([self.node(i) for i in _list(idx)]),
            _bool(complete),
            tuple(_str(r) for r in _list(reasons)),
        )

    def value(self, v: Any) -> Pipe | Unknown:
        row = _list(v)
        if row[0] == "p":
            _, idx, complete, reasons = row
            return self.pipe(idx, complete, reasons)
        if row[0] == "u" and len(row) == 5:
            return Unknown(_str(row[1]), self.opt_loc(*row[2:]))
        raise ValueError("not a part")

    def model(self, data: dict[str, Any], interpreter: Interpreter) -> PipelinesModel:
        registered: dict[str, Pipe] = {}
        for row in _list(data["pipes"]):
            name, idx, complete, reasons = _list(row)
            registered[_str(name)] = self.pipe(idx, complete, reasons)
        notes = [_str(n) for n in _list(data["notes"])]
        interpreter.notes = notes
        return PipelinesModel(
            _opt_str(data["rp"]), registered, _bool(data["rc"]), notes, interpreter
        )


def model_from_json(data: Any, interpreter: Interpreter) -> PipelinesModel:
    """The model `model_to_json` wrote; raises (TypeError, ValueError, IndexError, KeyError) on
    anything of another shape: an entry is used whole or not at all."""
    return _Rows(data).model(data, interpreter)


# --------------------------------------------------------------------------- the parts


def _summary_digest(summaries: Summaries, path: str) -> str | None:
    """The digest of what the interpreter reads of a file's summary (`pipelines.Module`): its
    imports, top-level defs with their signatures, and assigned names. None when it cannot be
    written out (the file's content digest must match then)."""
    from structlint.cache import content_hash

    s = summaries.get(path)
    if s is None:
        return "none"
    try:
        blob = json.dumps([s["pi"], s["pd"], s["pa"]], separators=(",", ":"))
    except (TypeError, ValueError, KeyError):
        return None
    return content_hash(blob.encode("utf-8", "surrogatepass"))


class _Parts:
    """The `Reuse` of one build: parts of the stored entry whose files still match, and the
    parts interpreted afresh, to be written back."""

    def __init__(self, summaries: Summaries, rows: _Rows | None, stored: Any) -> None:
        self.summaries = summaries
        self.rows = rows
        self.stored: dict[str, Any] = {}
        if isinstance(stored, dict) and rows is not None:
            self.stored = stored
        # key -> (stored row, value read back, files)
        self.kept: dict[str, tuple[list[Any], Pipe | Unknown, dict[str, Any]]] = {}
        # key -> (value, files -> read whole, notes)
        self.fresh: dict[str, tuple[Pipe | Unknown, dict[str, bool], list[str]]] = {}

    @staticmethod
    def key(path: str, depth: int) -> str:
        return f"{depth}:{path}"

    def _matches(self, files: Any) -> dict[str, bool] | None:
        if not isinstance(files, dict) or not files:
            return None
        out: dict[str, bool] = {}
        for path, digests in files.items():
            if type(digests) is not list or len(digests) != 2:
                return None
            content, summary = digests
            if summary is not None and type(summary) is not str:
                return None
            # The content as it was, or (for a file read only through its summary) what the
            # interpreter reads of its summary as it was.
            same = self.summaries.digest(path) == content or (
                summary is not None and _summary_digest(self.summaries, path) == summary
            )
            if not same:
                return None
            out[path] = summary is None
        return out

    def get(self, path: str, depth: int) -> tuple[Any, dict[str, bool], list[str]] | None:
        key = self.key(path, depth)
        row = self.stored.get(key)
        if self.rows is None or type(row) is not list or len(row) != 3:
            return None
        files = self._matches(row[0])
        if files is None:
            return None
        try:
            value = self.rows.value(row[2])
            notes = [_str(n) for n in _list(row[1])]
        except _DECODE_ERRORS:
            return None
        self.kept[key] = (row, value, row[0])
        return value, files, notes

    def put(
        self, path: str, depth: int, value: Any, files: dict[str, bool], notes: list[str]
    ) -> None:
        if isinstance(value, Pipe | Unknown):  # other values are rare: interpreted each time
            self.fresh[self.key(path, depth)] = (value, dict(files), list(notes))

    def files_of(self, files: dict[str, bool], read_whole: set[str]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for path, whole in files.items():
            summary = None
            if not whole and path not in read_whole:
                summary = _summary_digest(self.summaries, path)
            out[path] = [self.summaries.digest(path), summary]
        return out

    def entry(self, model: PipelinesModel) -> dict[str, Any]:
        """The entry to store for the model this build made."""
        value = self._encode(model, self.rows)
        if self.rows is not None and self._wasted(value):
            value = self._encode(model, None)
        # Only now: writing signatures out may have read a file's text.
        read_whole = model.interpreter.read_whole
        parts = value["parts"]
        for key, (_, files, _) in self.fresh.items():
            parts[key][0] = self.files_of(files, read_whole)
        paths = set(model.interpreter.looked_up())
        for row in parts.values():
            paths.update(row[0])
        value["files"] = {p: self.summaries.digest(p) for p in sorted(paths)}
        return value

    def _encode(self, model: PipelinesModel, prior: _Rows | None) -> dict[str, Any]:
        enc = _Encoder(model.signature, prior)
        parts: dict[str, Any] = {}
        for key, (row, kept, files) in self.kept.items():
            # A kept part's node indices stay valid as long as the rows they index are kept.
            # Its files matched: their digests of today match what they stand for.
            today = {p: [self.summaries.digest(p), d[1]] for p, d in files.items()}
            parts[key] = [today, row[1], row[2] if prior is not None else enc.value(kept)]
        for key, (value, _, notes) in self.fresh.items():
            parts[key] = [None, notes, enc.value(value)]
        return {"model": enc.model(model), "parts": parts}

    @staticmethod
    def _wasted(value: dict[str, Any]) -> bool:
        """A fair share of the node rows is no longer used: time to write them afresh."""
        used: set[int] = set()
        for row in value["model"]["pipes"]:
            used.update(row[1])
        for row in value["parts"].values():
            if row[2][0] == "p":
                used.update(row[2][1])
        return len(value["model"]["nodes"]) - len(used) > len(used) // 4 + 64


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
    """`build_pipelines`, from the cache when every file the model depends on is unchanged,
    else with the parts whose files are unchanged read back; the result is stored for the next
    run."""
    cache = summaries.cache
    if cache is None:
        return build_pipelines(package, package_dir, python_files, read_text, module_of, summaries)
    modules_by_name = modules_by_name_of(python_files, module_of)
    key = _key(package, package_dir, modules_by_name)
    hit = cache.lookup(KIND, KEY, key)
    rows = None
    if isinstance(hit, dict):
        try:
            rows = _Rows(hit.get("model"))
        except _DECODE_ERRORS:
            rows = None
        if rows is not None:
            interp = Interpreter(
                package, package_dir, modules_by_name, read_text, module_of, summaries=summaries
            )
            model = _load(hit, rows, summaries, interp)
            if model is not None:
                return model
    parts = _Parts(summaries, rows, hit.get("parts") if isinstance(hit, dict) else None)
    # Tens of thousands of small objects at once (the parts read back): the collector would
    # walk the whole heap, the loaded cache included, several times over for nothing.
    with paused():
        model = build_pipelines(
            package,
            package_dir,
            python_files,
            read_text,
            module_of,
            summaries,
            modules_by_name=modules_by_name,
            reuse=parts,
        )
        if parts.kept:
            gc.freeze()  # as after `_load`: what was read back lives as long as the run
    try:
        value = parts.entry(model)
    except Exception:  # a model that cannot be written is just not cached
        return model
    cache.store(KIND, KEY, key, value)
    return model


def _load(
    hit: dict[str, Any], rows: _Rows, summaries: Summaries, interp: Interpreter
) -> PipelinesModel | None:
    files = hit.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for path, digest in files.items():
        if summaries.digest(path) != digest:
            return None
    with paused():
        try:
            model = rows.model(hit["model"], interp)
        except _DECODE_ERRORS:
            return None
        gc.freeze()  # the model lives as long as the run, without cycles: as `ResultCache.open`
    return model
