"""What the cache keeps of the pipeline model and of YAML files reads back as it was written,
through either of the cache's file formats (JSON and marshal), and an entry of any other shape
is refused (one of the errors the callers catch) rather than read into a wrong model."""

from __future__ import annotations

import copy
import json
import marshal
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest

import structlint.project.model_cache as model_cache
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.project.conf import (
    Loc,
    Resolver,
    YamlError,
    YMap,
    load_yaml,
    yaml_from_json,
    yaml_to_json,
)
from structlint.project.model import build_project
from structlint.project.pipelines import (
    DS,
    CachedDef,
    Func,
    Interpreter,
    NodeInst,
    PipelinesModel,
    Signature,
    Unknown,
)
from structlint.run.engine import Engine
from tests.project.kedro_projects import make

# --------------------------------------------------------------------------- a varied model

# Every column of every table holds something: namespaces, tags, dict inputs (keys),
# transcoding, `partial` (bound arguments), a decorated function, keyword-only parameters,
# `*args` / `**kwargs`, tuple returns, a lambda, and a pipeline only known at run time.
FILES = {
    "src/proof/pipelines/main/nodes.py": """\
        import functools

        import pandas as pd


        def clean(companies: pd.DataFrame) -> pd.DataFrame:
            return companies.dropna()


        def score(companies, factor, *, scale=1.0, **options):
            return companies


        def split(data, test_size, *rest):
            n = 1
            if test_size:
                return data, data
            return data.iloc[:n], data.iloc[n:]


        def report(train, test, *, title="t"):
            return pd.DataFrame()


        def scale(factor, data):
            return data


        @functools.lru_cache
        def cached(x):
            return x
        """,
    "src/proof/pipelines/main/pipeline.py": """\
        from functools import partial

        from kedro.pipeline import Pipeline, node, pipeline

        from .nodes import cached, clean, report, scale, score, split


        def create_pipeline(**kwargs) -> Pipeline:
            base = Pipeline(
                [
                    node(clean, "companies", "clean_companies@pandas", name="clean",
                         tags=["prep", "a"]),
                    node(partial(score, scale=2.0), ["clean_companies@pandas", "params:factor"],
                         "scored", name="score"),
                    node(split, {"data": "scored", "test_size": "params:test_size"},
                         ["train", "test"], name="split"),
                    node(report, ["train", "test"], "summary"),
                    node(partial(scale, 2.0), "scored", "scaled", name="scale"),
                    node(cached, "summary", "cached_summary", name="cached"),
                    node(lambda x: x, "cached_summary", "copied", name="copy"),
                ]
            )
            return base + pipeline(base, namespace="again", tags="twice")
        """,
    "src/proof/pipelines/later/__init__.py": "from .pipeline import create_pipeline\n",
    "src/proof/pipelines/later/pipeline.py": """\
        from kedro.pipeline import Pipeline

        from .helpers import make_nodes


        def create_pipeline(**kwargs) -> Pipeline:
            return Pipeline(make_nodes())
        """,
    "src/proof/pipelines/later/helpers.py": """\
        import importlib


        def make_nodes():
            return importlib.import_module("somewhere").nodes()
        """,
}


def _project(tmp_path: Path) -> tuple[PipelinesModel, Interpreter]:
    make(tmp_path, FILES)
    settings = load_settings(tmp_path)
    engine = Engine(settings, ["SL401"], jobs=1, use_cache=False)
    project = build_project(settings, discover(settings, []), engine.read_text, None)
    interp = Interpreter(
        settings.package_name, project.package_dir, {}, engine.read_text, project.module_of
    )
    return project.pipelines, interp


@pytest.fixture
def built(tmp_path: Path) -> tuple[PipelinesModel, Interpreter]:
    return _project(tmp_path)


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value))


def _marshal(value: Any) -> Any:
    return marshal.loads(marshal.dumps(value))


ROUND_TRIPS = {"json": _json, "marshal": _marshal}


def _func(model: PipelinesModel, f: Func | None) -> Any:
    if f is None:
        return None
    decorated = bool(getattr(f.node, "decorator_list", None))
    sig = model.signature(f)
    return (f.module, f.name, f.bound_pos, f.bound_kw, decorated, f.closure is not None, sig)


def _node(model: PipelinesModel, n: NodeInst) -> Any:
    # Every field (`key` too), the function by what it stands for (a function read back is
    # another object: `Func.__eq__` is by identity of its syntax tree).
    values = {f.name: getattr(n, f.name) for f in fields(n)}
    values["func"] = _func(model, n.func)
    return values, n.label


def _facts(model: PipelinesModel) -> Any:
    return (
        model.registry_path,
        model.registry_complete,
        model.complete,
        model.notes,
        {
            name: ([_node(model, n) for n in p.nodes], p.complete, p.reasons)
            for name, p in model.registered.items()
        },
        [(_node(model, n), names) for n, names in model.unique_nodes()],
        sorted(model.used_datasets()),
    )


# Columns most nodes leave empty (None, [], False, 0): the project has some that do not.
_RARE = {
    "nodes": ("n", "ns", "t"),
    "ds": ("o", "k"),
    "funcs": ("bp", "bk", "d", "c"),
    "sigs": ("nk", "va", "kw", "r"),
}


def test_the_model_has_something_in_every_column(built) -> None:
    model, _ = built
    encoded = model_cache.model_to_json(model)
    for table, columns in model_cache._TABLES.items():
        for column in columns:
            assert encoded[table][column], (table, column)
    for table, columns in _RARE.items():
        for column in columns:
            assert any(v not in (None, [], False) for v in encoded[table][column]), column
    assert not model.complete  # `later` is only known at run time
    assert any(n.namespace == "again" for n in model.registered["__default__"].nodes)


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
def test_the_model_reads_back_the_same_through_json_and_marshal(built, trip: str) -> None:
    model, interp = built
    back = model_cache.model_from_json(ROUND_TRIPS[trip](model_cache.model_to_json(model)), interp)
    assert _facts(back) == _facts(model)
    # ... and writes out the same again.
    assert model_cache.model_to_json(back) == model_cache.model_to_json(model)


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
def test_objects_read_back_are_whole(built, trip: str) -> None:
    """Made without `__init__`: every slot is set, and they compare, hash and `replace` as
    objects made the ordinary way."""
    model, interp = built
    back = model_cache.model_from_json(ROUND_TRIPS[trip](model_cache.model_to_json(model)), interp)
    for n, _ in back.unique_nodes():
        assert type(n) is NodeInst
        for d in (*n.inputs, *n.outputs):
            assert type(d) is DS and type(d.loc) is Loc
            fresh = DS(d.name, d.loc, d.original, d.key)
            assert d == fresh and hash(d) == hash(fresh) and repr(d) == repr(fresh)
            assert replace(d, name="x") == DS("x", d.loc, d.original, d.key)
        again = NodeInst(*(getattr(n, x.name) for x in fields(n) if x.init))
        assert n == again and n.key == again.key and hash(n) == hash(again)
        assert replace(n, tags=frozenset({"t"})).key == n.key
        assert type(n.site) is Loc and type(n.end) is Loc
        f = n.func
        assert type(f) is Func and type(f.node) is CachedDef
        sig = f.node.signature
        if sig is not None:
            assert type(sig) is Signature
            assert sig == Signature(*(getattr(sig, x.name) for x in fields(sig)))
            for name, default, at in (*sig.positional, *sig.kwonly):
                assert type(name) is str and type(default) is bool and type(at) is Loc


def test_every_field_is_made(built) -> None:
    """`_make` sets the slots it knows of: a field added to a class must be written too."""
    for cls, setters in model_cache._SLOTS.items():
        if cls is CachedDef:
            assert len(setters) == len(CachedDef.__slots__)
        else:
            assert len(setters) == len(fields(cls))


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
def test_parts_read_back_the_same(built, trip: str) -> None:
    model, _ = built
    pipe = model.registered["__default__"]
    unknown = Unknown("src/proof/x.py:3: not followed", Loc("src/proof/x.py", 3, 5))
    enc = model_cache._Encoder(model.signature, None)
    values = [enc.value(pipe), enc.value(unknown), enc.value(Unknown("nowhere"))]
    rows = model_cache._Rows(ROUND_TRIPS[trip](enc.model(model)))
    back = [rows.value(v) for v in ROUND_TRIPS[trip](values)]
    assert back[1:] == [unknown, Unknown("nowhere")]
    assert [n.key for n in back[0].nodes] == [n.key for n in pipe.nodes]
    assert (back[0].complete, back[0].reasons) == (pipe.complete, pipe.reasons)


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
def test_rows_kept_from_an_earlier_entry_write_out_as_they_were(built, trip: str) -> None:
    """Started from the rows read back, the encoder adds only what is new."""
    model, interp = built
    first = model_cache.model_to_json(model)
    rows = model_cache._Rows(ROUND_TRIPS[trip](first))
    back = rows.model(ROUND_TRIPS[trip](first), interp)
    again = model_cache._Encoder(back.signature, rows).model(back)
    assert _json(again) == _json(first)


# --------------------------------------------------------------------------- malformed models

_WRONG_FOR = {
    # column kind -> values it must refuse
    "int": ["1", True, 1.5, None, [1]],
    "str": [1, None, ["a"], b"a"],
    "opt": [1, ["a"], True],
    "bool": [1, 0, None, "True"],
    "list": ["ab", 1, None, {"a": 1}],
    "opt_list": ["ab", 1, {"a": 1}],
}
_KINDS = {
    "nodes": dict.fromkeys(("sp", "sl", "sc", "ep", "el", "ec", "f", "ni", "no"), "int")
    | dict.fromkeys(("fl", "ik", "ok"), "str")
    | dict.fromkeys(("n", "ns"), "opt")
    | {"t": "list"},
    "ds": {"n": "str", "p": "int", "l": "int", "c": "int", "o": "opt", "k": "opt"},
    "funcs": {"m": "int", "n": "str", "bp": "int", "bk": "list", "d": "int", "c": "bool"}
    | {"s": "bool"},
    "sigs": dict.fromkeys(("p", "l", "c", "np", "nk"), "int")
    | {"n": "str", "va": "bool", "kw": "bool", "r": "opt_list"},
    "params": {"n": "str", "d": "bool", "p": "int", "l": "int", "c": "int"},
}


def test_every_column_has_a_kind() -> None:
    assert {t: set(c) for t, c in _KINDS.items()} == {
        t: set(c) for t, c in model_cache._TABLES.items()
    }


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], None]]]:
    out: list[tuple[str, Callable[[dict[str, Any]], None]]] = []

    def setter(table: str, column: str, value: Any, where: int = 0) -> Callable[..., None]:
        def mutate(m: dict[str, Any]) -> None:
            m[table][column][where] = value

        return mutate

    for table, kinds in _KINDS.items():
        for column, kind in kinds.items():
            for k, value in enumerate([{}, *_WRONG_FOR[kind]]):
                out.append((f"{table}.{column}={k}", setter(table, column, value)))
            out.append((f"{table}.{column}-short", lambda m, t=table, c=column: m[t][c].pop()))
            out.append((f"{table}.{column}-missing", lambda m, t=table, c=column: m[t].pop(c)))
        out.append((f"{table}-missing", lambda m, t=table: m.pop(t)))
        out.append((f"{table}-not-a-table", lambda m, t=table: m.__setitem__(t, [[1]])))
    for column in ("sp", "ep"):
        out.append((f"nodes.{column}-path-past-end", setter("nodes", column, 10**6)))
        out.append((f"nodes.{column}-path-negative", setter("nodes", column, -1)))
    out += [
        ("nodes.f-past-end", setter("nodes", "f", 10**6)),
        ("nodes.f-below-none", setter("nodes", "f", -2)),
        ("nodes.ni-more", lambda m: m["nodes"]["ni"].__setitem__(0, m["nodes"]["ni"][0] + 1)),
        ("nodes.no-fewer", lambda m: m["nodes"]["no"].__setitem__(0, -1)),
        ("ds-extra-row", lambda m: [col.append(col[0]) for col in m["ds"].values()]),
        ("funcs.m-past-end", setter("funcs", "m", 10**6)),
        ("funcs.d-negative", setter("funcs", "d", -1)),
        ("funcs.s-flipped", lambda m: m["funcs"]["s"].__setitem__(0, not m["funcs"]["s"][0])),
        ("sigs.np-more", lambda m: m["sigs"]["np"].__setitem__(0, m["sigs"]["np"][0] + 1)),
        ("sigs.r-not-ints", lambda m: m["sigs"]["r"].__setitem__(0, ["1"])),
        ("nodes.t-not-strs", setter("nodes", "t", [1])),
        ("funcs.bk-not-strs", setter("funcs", "bk", [None])),
        ("params.p-past-end", setter("params", "p", 10**6)),
        ("version", lambda m: m.__setitem__("v", model_cache.VERSION - 1)),
        ("paths-not-strs", lambda m: m["paths"].__setitem__(0, 7)),
        ("paths-not-a-list", lambda m: m.__setitem__("paths", "abc")),
        ("pipes-index-past-end", lambda m: m["pipes"][0][1].__setitem__(0, 10**6)),
        ("pipes-index-negative", lambda m: m["pipes"][0][1].__setitem__(0, -1)),
        ("pipes-index-not-int", lambda m: m["pipes"][0][1].__setitem__(0, "0")),
        ("pipes-complete", lambda m: m["pipes"][0].__setitem__(2, 1)),
        ("pipes-reasons", lambda m: m["pipes"][0].__setitem__(3, [1])),
        ("pipes-row", lambda m: m["pipes"].__setitem__(0, "abcd")),
        ("notes", lambda m: m["notes"].append(1)),
        ("registry-path", lambda m: m.__setitem__("rp", 1)),
        ("registry-complete", lambda m: m.__setitem__("rc", 1)),
    ]
    return out


MUTATIONS = dict(_mutations())


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> tuple[dict[str, Any], Interpreter]:
    model, interp = _project(tmp_path_factory.mktemp("model"))
    return model_cache.model_to_json(model), interp


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_malformed_model_is_refused(encoded, name: str, trip: str) -> None:
    value, interp = encoded
    bad = copy.deepcopy(value)
    MUTATIONS[name](bad)
    try:
        bad = ROUND_TRIPS[trip](bad)
    except (TypeError, ValueError):  # (bytes in JSON)
        return
    with pytest.raises(model_cache._DECODE_ERRORS):
        model_cache.model_from_json(bad, interp)


@pytest.mark.parametrize(
    "value",
    [
        ["x"],
        ["p", [0], True],
        ["p", [10**6], True, []],
        ["p", [-1], True, []],
        ["p", "ab", 1, []],
        ["u", 1, -1, 0, 0],
        ["u", "why", 10**6, 1, 1],
        ["u", "why", 0, "1", 1],
        "pabc",
        None,
    ],
)
def test_a_malformed_part_is_refused(encoded, value: Any) -> None:
    rows = model_cache._Rows(encoded[0])
    with pytest.raises(model_cache._DECODE_ERRORS):
        rows.value(value)


# --------------------------------------------------------------------------- YAML data

YAML = """\
_csv: &csv
  type: pandas.CSVDataset
  load_args: {sep: ",", header: 0}
a:
  <<: *csv
  filepath: data/01_raw/a.csv
1: one
2.5: float key
true: yes
null: nothing
b: [1, 2.5, null, "x", {c: d}, [], {}, [[1, [2]]]]
empty: {}
nested:
  deeper:
    deepest: {layer: raw}
shared: *csv
"""


def _plain(v: Any) -> Any:
    """Values, places, key order and types, all of it."""
    if isinstance(v, YMap):
        return ["map", [(k, type(k), _plain(x), v.locs[k], type(v.locs[k])) for k, x in v.items()]]
    if isinstance(v, list):
        return ["list", [_plain(x) for x in v]]
    return [type(v), v]


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
@pytest.mark.parametrize(
    "text", [YAML, "just a string\n", "42\n", "- 1\n- a: b\n", "{}\n", "[]\n", "a: {x: 1, y: 2}\n"]
)
def test_yaml_reads_back_the_same_through_json_and_marshal(text: str, trip: str) -> None:
    data, error = load_yaml(text, "conf/base/catalog.yml")
    assert error is None
    back, err = yaml_from_json(ROUND_TRIPS[trip](yaml_to_json(data, None)), "conf/base/catalog.yml")
    assert err is None
    assert _plain(back) == _plain(data)
    assert back == data
    # ... and writes out the same again.
    assert yaml_to_json(back, None) == yaml_to_json(data, None)


@pytest.mark.parametrize("trip", sorted(ROUND_TRIPS))
def test_yaml_error_reads_back_the_same(trip: str) -> None:
    data, error = load_yaml("a: [1\n", "conf/base/catalog.yml")
    assert error is not None
    back, err = yaml_from_json(
        ROUND_TRIPS[trip](yaml_to_json(data, error)), "conf/base/catalog.yml"
    )
    assert back is None and err == error and type(err) is YamlError


def test_places_of_a_mapping_read_back_are_made_when_asked_for() -> None:
    data, _ = load_yaml(YAML, "conf/base/catalog.yml")
    back, _ = yaml_from_json(_marshal(yaml_to_json(data, None)), "conf/base/catalog.yml")
    assert isinstance(back, YMap) and isinstance(back["a"], YMap)
    inner = back["nested"]["deeper"]
    assert inner.locs == data["nested"]["deeper"].locs  # made now
    assert inner.locs is inner.locs  # once
    # What the configuration does with them: share them with a resolved copy, replace them.
    resolved = Resolver({}, back).value(back["a"])
    assert type(resolved) is YMap and resolved.locs == data["a"].locs
    replaced = {"deepest": Loc("elsewhere.yml", 9, 9)}
    inner.locs = replaced
    assert inner.locs is replaced
    fresh, _ = yaml_from_json(_marshal(yaml_to_json(data, None)), "conf/base/catalog.yml")
    fresh.locs = {}
    assert fresh.locs == {} and fresh["a"].locs == data["a"].locs


_ENTRY = yaml_to_json(load_yaml("a: 1\nb: {c: [1, {d: 2}]}\n", "x.yml")[0], None)


def _yaml_mutation(path: list[Any], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(_ENTRY)
    target = out
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return out


BAD_YAML = {
    "not-a-dict": [1],
    "no-version": {"d": 1},
    "old-layout": {"d": {"m": [["a", 1, 1, 1]]}},
    "other-version": {"v": 99, "d": 1},
    "extra-key": {"v": 2, "d": 1, "x": 1},
    "neither": {"v": 2, "x": 1},
    "error-not-three": {"v": 2, "e": [1, 1]},
    "error-types": {"v": 2, "e": ["1", 1, "m"]},
    "error-string": {"v": 2, "e": "abc"},
    "bytes": {"v": 2, "d": b"x"},
    "tuple-map": {"v": 2, "d": ("a", 1, 1, 1)},
    "map-not-in-fours": _yaml_mutation(["d"], ["a", 1, 1]),
    "map-key-a-list": _yaml_mutation(["d", 0], ["a"]),
    "map-key-a-dict": _yaml_mutation(["d", 4], {"l": []}),
    "map-line-a-string": _yaml_mutation(["d", 2], "1"),
    "map-line-a-bool": _yaml_mutation(["d", 6], True),
    "map-column-a-float": _yaml_mutation(["d", 3], 1.0),
    "one-key-map-line": {"v": 2, "d": ["a", 1, None, 1]},
    "list-not-a-list": _yaml_mutation(["d", 5, 1], {"l": "abc"}),
    "list-extra-key": _yaml_mutation(["d", 5, 1], {"l": [], "m": 1}),
    "list-no-items": _yaml_mutation(["d", 5, 1], {"m": []}),
    "nested-map-bad": _yaml_mutation(["d", 5, 1, "l", 1], ["d", 2, 1]),
    "value-bytes": _yaml_mutation(["d", 1], b"x"),
    "value-set": _yaml_mutation(["d", 1], {1}),
}


def test_the_yaml_mutations_start_from_a_good_entry() -> None:
    data, _ = yaml_from_json(copy.deepcopy(_ENTRY), "x.yml")
    assert data == {"a": 1, "b": {"c": [1, {"d": 2}]}}


@pytest.mark.parametrize("name", sorted(BAD_YAML))
def test_malformed_yaml_data_is_refused(name: str) -> None:
    with pytest.raises((ValueError, TypeError, KeyError, RecursionError)):
        yaml_from_json(BAD_YAML[name], "x.yml")
