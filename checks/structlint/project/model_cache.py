"""The built pipeline model, kept between runs, whole and by `create_pipeline()`.

Interpreting every `create_pipeline()` is the most expensive part of a warm run, so the model
(registered pipelines, node instances, notes and the signatures of node functions) is stored in
the `ResultCache` as plain data (what JSON and marshal hold alike), in one entry keyed by the
package, its source folder and the list of the project's modules (what `find_pipelines()` and
name resolution see). The entry holds:

- "model": the whole model, as tables of columns (nodes, datasets, functions, signatures,
  parameters: `_TABLES`) and the pipelines as lists of node rows;
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
and structlint's version are in the cache's salt.) The tables are read back whole, a column at
a time (`_Rows`): that is most of what a run after a small edit spends on the model.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import json
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from functools import partial
from itertools import chain, repeat
from typing import Any, TypeVar

from structlint.core.collector import paused
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
    node_key,
)
from structlint.project.summary import Summaries

KIND = "pipelines"  # the cache's kind for the model
KEY = "."  # one model per project
VERSION = 4

_CLOSURE = object()  # a nested function's defining scope is not kept: only that it had one
_DECODE_ERRORS = (TypeError, ValueError, IndexError, KeyError, AttributeError)
_NO_TAGS: frozenset[str] = frozenset()
_T = TypeVar("_T")

# The model's tables, a list of values per column (one value per row). A place is three
# columns (`p`: path index, `l`: line, `c`: column). The datasets of each node are rows of
# `ds`, in the order of the nodes (its inputs, then its outputs); the parameters of each
# signature are rows of `params`, in the order of the signatures (positional, then keyword-
# only); a function with a signature (`s`) has the next row of `sigs`.
_TABLES: dict[str, tuple[str, ...]] = {
    "nodes": (
        "sp", "sl", "sc",  # the node() call
        "ep", "el", "ec",  # its end
        "f",  # function row, -1 for none
        "fl", "ik", "ok", "n", "ns",  # func_label, input_kind, output_kind, name, namespace
        "t",  # tags, sorted
        "ni", "no",  # how many inputs and outputs
    ),
    "ds": ("n", "p", "l", "c", "o", "k"),  # name, place, original (None: the name), key
    "funcs": (
        "m", "n", "bp", "bk",  # module (path index), name, bound_pos, bound_kw (sorted)
        "d", "c", "s",  # how many decorators, whether a closure, whether a signature
    ),
    "sigs": (
        "n", "p", "l", "c",  # name, place of the def
        "np", "nk",  # how many positional and keyword-only parameters
        "va", "kw", "r",  # vararg, kwarg, returns (sorted tuple lengths, or None)
    ),
    "params": ("n", "d", "p", "l", "c"),  # name, has a default, place
}  # fmt: skip


# --------------------------------------------------------------------------- to JSON


class _Encoder:
    """The tables of a model, in plain lists; functions and nodes shared by several pipelines
    are written once. Started from the tables of an earlier entry (`prior`), the objects read
    back from them keep their rows and only new rows are added."""

    def __init__(self, signature: Callable[[Func], Signature | None], prior: _Rows | None) -> None:
        self.signature = signature
        self.funcs: dict[Func, int] = {}
        self.tables: dict[str, dict[str, list[Any]]]
        if prior is not None:
            self.path_list = list(prior.paths)
            self.tables = {
                name: {c: list(column) for c, column in table.items()}
                for name, table in prior.tables.items()
            }
            # By identity: a function read back equals no other (see `Func.__eq__`).
            self.read_back = dict(zip(map(id, prior.funcs), range(len(prior.funcs)), strict=True))
            self.nodes = dict(zip(map(id, prior.nodes), range(len(prior.nodes)), strict=True))
        else:
            self.path_list = []
            self.tables = {name: {c: [] for c in columns} for name, columns in _TABLES.items()}
            self.read_back = {}
            self.nodes = {}
        self.paths: dict[str, int] = {}
        for i, p in enumerate(self.path_list):
            self.paths.setdefault(p, i)
        self.columns = {name: list(table.values()) for name, table in self.tables.items()}
        # Equal strings as one object: marshal writes an object it meets again as a reference.
        self.strings: dict[str, str] = {}

    def add(self, table: str, *values: Any) -> None:
        """A row, its values in the order of `_TABLES[table]`."""
        for column, v in zip(self.columns[table], values, strict=True):
            column.append(v)

    def text(self, value: str) -> str:
        """`value` as a plain `str` (the interpreter's strings are a subclass, `S`)."""
        value = str(value)
        return self.strings.setdefault(value, value)

    def opt_text(self, value: str | None) -> str | None:
        return None if value is None else self.text(value)

    def path(self, path: str) -> int:
        i = self.paths.get(path)
        if i is None:
            i = self.paths[path] = len(self.path_list)
            self.path_list.append(str(path))
        return i

    def place(self, loc: Loc) -> tuple[int, int, int]:
        return self.path(loc.path), int(loc.line), int(loc.column)

    def sig(self, s: Signature) -> None:
        for n, d, at in (*s.positional, *s.kwonly):
            self.add("params", self.text(n), bool(d), *self.place(at))
        self.add(
            "sigs",
            self.text(s.name),
            *self.place(s.loc),
            len(s.positional),
            len(s.kwonly),
            bool(s.vararg),
            bool(s.kwarg),
            sorted(s.returns) if s.returns is not None else None,
        )

    def func(self, f: Func | None) -> int:
        if f is None:
            return -1
        i = self.read_back.get(id(f))
        if i is None:
            i = self.funcs.get(f)
        if i is None:
            i = self.funcs[f] = len(self.tables["funcs"]["m"])
            sig = self.signature(f)
            if sig is not None:
                self.sig(sig)
            self.add(
                "funcs",
                self.path(f.module),
                self.text(f.name),
                int(f.bound_pos),
                sorted(self.text(k) for k in f.bound_kw),
                len(getattr(f.node, "decorator_list", None) or ()),
                f.closure is not None,
                sig is not None,
            )
        return i

    def node(self, n: NodeInst) -> int:
        i = self.nodes.get(id(n))
        if i is None:
            i = self.nodes[id(n)] = len(self.tables["nodes"]["sp"])
            func = self.func(n.func)
            for d in (*n.inputs, *n.outputs):
                original = None if d.original == d.name else d.original
                key = self.opt_text(d.key)
                self.add("ds", self.text(d.name), *self.place(d.loc), self.opt_text(original), key)
            self.add(
                "nodes",
                *self.place(n.site),
                *self.place(n.end),
                func,
                self.text(n.func_label),
                self.text(n.input_kind),
                self.text(n.output_kind),
                self.opt_text(n.name),
                self.opt_text(n.namespace),
                sorted(self.text(t) for t in n.tags),
                len(n.inputs),
                len(n.outputs),
            )
        return i

    def pipe(self, p: Pipe) -> list[Any]:
        # Most nodes have their row already (read back, or in another pipeline): no call.
        rows = list(map(self.nodes.get, map(id, p.nodes)))
        if None in rows:
            rows = [self.node(n) if i is None else i for i, n in zip(rows, p.nodes, strict=True)]
        return [rows, bool(p.complete), [str(r) for r in p.reasons]]

    def value(self, v: Pipe | Unknown) -> list[Any]:
        """A part's result: a pipeline, or what could not be followed (-1: no place)."""
        if isinstance(v, Pipe):
            return ["p", *self.pipe(v)]
        return ["u", str(v.reason), *(self.place(v.loc) if v.loc is not None else (-1, 0, 0))]

    def model(self, model: PipelinesModel) -> dict[str, Any]:
        pipes = [[str(name), *self.pipe(p)] for name, p in model.registered.items()]
        return {
            "v": VERSION,
            "rp": model.registry_path,
            "rc": bool(model.registry_complete),
            "notes": [str(n) for n in model.notes],
            "paths": self.path_list,
            **self.tables,
            "pipes": pipes,
        }


def model_to_json(model: PipelinesModel) -> dict[str, Any]:
    return _Encoder(model.signature, None).model(model)


# --------------------------------------------------------------------------- from JSON

# Reading the tables back is most of what building the model costs on a run after a small
# edit (thousands of nodes, each with its function, signature, datasets and a dozen places),
# so they are read a column at a time: each column's shape is checked at once (the set of its
# value types, the range of its indices, its length), places are made by `map` without a
# Python-level call each, and the objects are made without their `__init__`, one slot at a
# time for all of them (`_make`).

_SEQ: frozenset[type] = frozenset(
    {list, tuple}
)  # a JSON array is a list; marshal gives back what was written
_STR: frozenset[type] = frozenset({str})
_OPT_STR: frozenset[type] = frozenset({str, type(None)})
_INT: frozenset[type] = frozenset({int})
_BOOL: frozenset[type] = frozenset({bool})
_new = object.__new__
_new_loc = partial(tuple.__new__, Loc)  # `Loc` from a (path, line, column) tuple


def _str(v: Any) -> str:
    if type(v) is not str:
        raise TypeError("not a string")
    return v


def _opt_str(v: Any) -> str | None:
    return None if v is None else _str(v)


def _bool(v: Any) -> bool:
    if type(v) is not bool:
        raise TypeError("not a bool")
    return v


def _list(v: Any) -> list[Any] | tuple[Any, ...]:
    if type(v) not in _SEQ:
        raise TypeError("not a list")
    return v  # type: ignore[no-any-return]


def _strs(values: Iterable[Any]) -> None:
    """Every value is a string (a quicker `_only(values, _STR)`: marshal and JSON give back
    no subclass of `str`)."""
    "".join(values)  # TypeError otherwise


def _only(values: Iterable[Any], types: frozenset[type]) -> None:
    """Every value is of one of `types` (exactly: a bool is not an int)."""
    if not types.issuperset(map(type, values)):
        raise TypeError("a value of another type")


def _indices(values: Sequence[Any], low: int, size: int) -> None:
    """Every value is an index in `range(low, size)` (-1 may stand for none)."""
    _only(values, _INT)
    if values and (min(values) < low or max(values) >= size):
        raise IndexError("not a row index")


def _counts(values: Sequence[Any]) -> None:
    """Every value is a count (`_groups` checks that they share out all the rows)."""
    _only(values, _INT)
    if values and min(values) < 0:
        raise ValueError("not a count")


def _table(data: Any, name: str) -> tuple[dict[str, Sequence[Any]], int]:
    """A table's columns in the order of `_TABLES[name]`, and how many rows it has."""
    table = data[name]
    if type(table) is not dict:
        raise TypeError("not a table")
    columns: dict[str, Sequence[Any]] = {c: _list(table[c]) for c in _TABLES[name]}
    lengths = set(map(len, columns.values()))
    if len(lengths) != 1:
        raise ValueError("columns of different lengths")
    return columns, lengths.pop()


def _groups(items: Iterable[Any], counts: Iterable[int]) -> list[tuple[Any, ...]]:
    """`items` in consecutive tuples of `counts` items each (which add up to all of them)."""
    whole = tuple(items)
    out = []
    start = 0
    for n in counts:  # (quicker than `islice`s)
        end = start + n
        out.append(whole[start:end])
        start = end
    if start != len(whole):
        raise ValueError("counts that do not add up")
    return out


def _pairs(first: Iterable[int], second: Iterable[int]) -> list[int]:
    """`first[0], second[0], first[1], second[1], ...`"""
    return list(chain.from_iterable(zip(first, second, strict=True)))


# The setters of each slot of the classes `_make` makes, in the order of their fields.
_SLOTS: dict[type, list[Callable[[Any, Any], None]]] = {
    cls: [getattr(cls, f.name).__set__ for f in fields(cls)]
    for cls in (NodeInst, DS, Func, Signature)
}
_SLOTS[CachedDef] = [vars(CachedDef)[name].__set__ for name in ("decorator_list", "signature")]


def _make(cls: type[_T], n: int, *columns: Sequence[Any]) -> list[_T]:
    """`n` objects of one of the slotted classes of the model, made without `__init__` (an
    `object.__setattr__` and a call of Python code each), a field at a time: the `k`th
    column holds the values of the `k`th field (every field, `init=False` ones too)."""
    out = list(map(_new, repeat(cls, n)))
    for setter, column in zip(_SLOTS[cls], columns, strict=True):
        if len(column) != n:
            raise ValueError("a column of another length")
        deque(map(setter, out, column), 0)
    return out


class _Rows:
    """The tables of a stored model, read back whole: every node and function of the entry,
    by row. Raises (`_DECODE_ERRORS`) on anything of another shape: the tables are used
    whole or not at all."""

    def __init__(self, data: Any) -> None:
        if type(data) is not dict or data.get("v") != VERSION:
            raise ValueError("not a pipeline model of this version")
        paths = _list(data["paths"])
        _strs(paths)
        self.paths: list[str] = list(paths)
        self.tables: dict[str, dict[str, Sequence[Any]]] = {}
        self.sizes: dict[str, int] = {}
        for name in _TABLES:
            self.tables[name], self.sizes[name] = _table(data, name)
        self.funcs: list[Func] = self._funcs()
        self.nodes: list[NodeInst] = self._nodes()

    def _locs(self, t: dict[str, Sequence[Any]], prefix: str = "") -> list[Loc]:
        """The places of a table (columns `p`, `l`, `c`, or `sp`, `sl`, `sc`...)."""
        paths, lines, cols = t[prefix + "p"], t[prefix + "l"], t[prefix + "c"]
        _indices(paths, 0, len(self.paths))
        _only(lines, _INT)
        _only(cols, _INT)
        return list(
            map(_new_loc, zip(map(self.paths.__getitem__, paths), lines, cols, strict=True))
        )

    def _signatures(self) -> list[Signature]:
        p = self.tables["params"]
        _strs(p["n"])
        _only(p["d"], _BOOL)
        params = zip(p["n"], p["d"], self._locs(p), strict=True)
        t, n = self.tables["sigs"], self.sizes["sigs"]
        _counts(t["np"])
        _counts(t["nk"])
        groups = _groups(params, _pairs(t["np"], t["nk"]))
        _strs(t["n"])
        _only(t["va"], _BOOL)
        _only(t["kw"], _BOOL)
        returns = [r for r in t["r"] if r is not None]
        _only(returns, _SEQ)
        _only(chain.from_iterable(returns), _INT)
        return _make(
            Signature,
            n,
            t["n"],
            self._locs(t),
            groups[0::2],
            groups[1::2],
            t["va"],
            t["kw"],
            [None if r is None else frozenset(r) for r in t["r"]],
        )

    def _funcs(self) -> list[Func]:
        t, n = self.tables["funcs"], self.sizes["funcs"]
        _indices(t["m"], 0, len(self.paths))
        _strs(t["n"])
        _only(t["bp"], _INT)
        _only(t["bk"], _SEQ)
        _only(chain.from_iterable(t["bk"]), _STR)
        _indices(t["d"], 0, 1 << 16)
        _only(t["c"], _BOOL)
        _only(t["s"], _BOOL)
        if sum(t["s"]) != self.sizes["sigs"]:
            raise ValueError("not one signature for each function that has one")
        sigs = iter(self._signatures())
        defs = _make(
            CachedDef,
            n,
            [[None] * d for d in t["d"]],
            [next(sigs) if s else None for s in t["s"]],
        )
        return _make(
            Func,
            n,
            list(map(self.paths.__getitem__, t["m"])),
            t["n"],
            defs,
            t["bp"],
            [frozenset(kw) if kw else _NO_TAGS for kw in t["bk"]],
            [_CLOSURE if c else None for c in t["c"]],
        )

    def _nodes(self) -> list[NodeInst]:
        d = self.tables["ds"]
        _strs(d["n"])
        _only(d["o"], _OPT_STR)
        _only(d["k"], _OPT_STR)
        names = d["n"]
        datasets = _make(
            DS,
            self.sizes["ds"],
            names,
            self._locs(d),
            [n if o is None else o for n, o in zip(names, d["o"], strict=True)],
            d["k"],
        )
        t, n = self.tables["nodes"], self.sizes["nodes"]
        _indices(t["f"], -1, len(self.funcs))
        for c in ("fl", "ik", "ok"):
            _strs(t[c])
        _only(t["n"], _OPT_STR)
        _only(t["ns"], _OPT_STR)
        _only(t["t"], _SEQ)
        _only(chain.from_iterable(t["t"]), _STR)
        _counts(t["ni"])
        _counts(t["no"])
        counts = _pairs(t["ni"], t["no"])
        groups = _groups(datasets, counts)
        sites = self._locs(t, "s")
        nodes = _make(
            NodeInst,
            n,
            sites,
            self._locs(t, "e"),
            list(map([*self.funcs, None].__getitem__, t["f"])),  # -1: the None at the end
            t["fl"],
            groups[0::2],
            t["ik"],
            groups[1::2],
            t["ok"],
            t["n"],
            t["ns"],
            [frozenset(tags) if tags else _NO_TAGS for tags in t["t"]],
            [None] * n,  # `NodeInst.key`, set below as `__post_init__` makes it
        )
        set_key = _SLOTS[NodeInst][-1]
        for node in nodes:
            set_key(node, node_key(node))
        return nodes

    def pipe(self, idx: Any, complete: Any, reasons: Any) -> Pipe:
        _indices(_list(idx), 0, len(self.nodes))
        _only(_list(reasons), _STR)
        return Pipe(tuple(map(self.nodes.__getitem__, idx)), _bool(complete), tuple(reasons))

    def value(self, v: Any) -> Pipe | Unknown:
        row = _list(v)
        if row[0] == "p" and len(row) == 4:
            _, idx, complete, reasons = row
            return self.pipe(idx, complete, reasons)
        if row[0] == "u" and len(row) == 5:
            _, reason, path, line, col = row
            if path == -1:
                return Unknown(_str(reason))
            _indices([path], 0, len(self.paths))
            _only((line, col), _INT)
            return Unknown(_str(reason), _new_loc((self.paths[path], line, col)))
        raise ValueError("not a part")

    def model(self, data: dict[str, Any], interpreter: Interpreter) -> PipelinesModel:
        registered: dict[str, Pipe] = {}
        for row in _list(data["pipes"]):
            name, idx, complete, reasons = _list(row)
            registered[_str(name)] = self.pipe(idx, complete, reasons)
        notes = _list(data["notes"])
        _strs(notes)
        interpreter.notes = list(notes)
        return PipelinesModel(
            _opt_str(data["rp"]), registered, _bool(data["rc"]), interpreter.notes, interpreter
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
    from structlint.core.hashing import content_hash

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
        return len(value["model"]["nodes"]["sp"]) - len(used) > len(used) // 4 + 64


# --------------------------------------------------------------------------- the cache


def _key(
    package: str | None,
    package_dir: str | None,
    modules_by_name: dict[str, str],
    params_namespaced: bool = True,
) -> str:
    from structlint.core.hashing import content_hash

    blob = json.dumps([package, package_dir, sorted(modules_by_name.items()), params_namespaced])
    return content_hash(blob.encode("utf-8", "surrogatepass"))


def cached_build_pipelines(
    package: str | None,
    package_dir: str | None,
    python_files: Iterable[str],
    read_text: Callable[[str], str | None],
    module_of: Callable[[str], tuple[str | None, bool]],
    summaries: Summaries,
    params_namespaced: bool = True,
) -> PipelinesModel:
    """`build_pipelines`, from the cache when every file the model depends on is unchanged,
    else with the parts whose files are unchanged read back; the result is stored for the next
    run."""
    cache = summaries.cache
    if cache is None:
        return build_pipelines(
            package,
            package_dir,
            python_files,
            read_text,
            module_of,
            summaries,
            params_namespaced=params_namespaced,
        )
    modules_by_name = modules_by_name_of(python_files, module_of)
    key = _key(package, package_dir, modules_by_name, params_namespaced)
    kept = _kept(cache, key, summaries, read_text)
    if kept is not None:
        return kept
    hit = cache.lookup(KIND, KEY, key)
    # Tens of thousands of small objects at once (the model read back): the collector would
    # walk the whole heap, the loaded cache included, several times over for nothing.
    with paused():
        rows = None
        if isinstance(hit, dict):
            try:
                rows = _Rows(hit.get("model"))
            except _DECODE_ERRORS:
                rows = None
            if rows is not None:
                interp = Interpreter(
                    package,
                    package_dir,
                    modules_by_name,
                    read_text,
                    module_of,
                    summaries=summaries,
                    params_namespaced=params_namespaced,
                )
                model = _load(hit, rows, summaries, interp)
                if model is not None:
                    cache.live[KIND] = (key, hit["files"], model)
                    return model
        parts = _Parts(summaries, rows, hit.get("parts") if isinstance(hit, dict) else None)
        model = build_pipelines(
            package,
            package_dir,
            python_files,
            read_text,
            module_of,
            summaries,
            modules_by_name=modules_by_name,
            reuse=parts,
            params_namespaced=params_namespaced,
        )
        if parts.kept:
            gc.freeze()  # as after `_load`: what was read back lives as long as the run
    try:
        value = parts.entry(model)
    except Exception:  # a model that cannot be written is just not cached
        return model
    cache.store(KIND, KEY, key, value)
    cache.live[KIND] = (key, value["files"], model)
    return model


def _kept(
    cache: Any, key: str, summaries: Summaries, read_text: Callable[[str], str | None]
) -> PipelinesModel | None:
    """The model the last run of a long-lived caller built (`ResultCache.live`), when every
    file it depends on has the same content: the model as read back from the cache, without
    decoding its tables. What it reads later (a signature) it reads from this run's files."""
    live = getattr(cache, "live", None)
    kept = live.get(KIND) if isinstance(live, dict) else None
    if kept is None:
        return None
    kept_key, files, model = kept
    if kept_key != key or not files:
        return None
    for path, digest in files.items():
        if summaries.digest(path) != digest:
            return None
    # A copy that reads this run's files: two runs may share the kept model at once (the
    # editor server's check and its navigation, in two threads).
    interpreter = copy.copy(model.interpreter)
    interpreter.read_text = read_text
    interpreter.summaries = summaries
    return dataclasses.replace(model, interpreter=interpreter)


def _load(
    hit: dict[str, Any], rows: _Rows, summaries: Summaries, interp: Interpreter
) -> PipelinesModel | None:
    files = hit.get("files")
    if not isinstance(files, dict) or not files:
        return None
    for path, digest in files.items():
        if summaries.digest(path) != digest:
            return None
    try:
        model = rows.model(hit["model"], interp)
    except _DECODE_ERRORS:
        return None
    gc.freeze()  # the model lives as long as the run, without cycles: as `ResultCache.open`
    return model
