"""The cache between runs: a warm run finds exactly what a run without cache finds, entries are
keyed by content, and a corrupt, stale or foreign cache is discarded, never trusted."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import structlint.project.model_cache as model_cache
import structlint.project.pipelines as pipelines_mod
import structlint.project.summary as summary_mod
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.project.conf import (
    YAML_KIND,
    load_yaml,
    load_yaml_cached,
    yaml_from_json,
    yaml_to_json,
)
from structlint.project.model import build_project
from structlint.rules.registry import all_rules, rules_by_code
from structlint.rules.rule import ProjectRule
from structlint.run.cache import (
    FILE_NAME,
    MAGIC,
    ResultCache,
    content_hash,
    encode,
    entries_file,
    read_file,
)
from structlint.run.engine import Engine
from tests.helpers import git_add_all, write_project

PROJECT_RULES = [r for r in all_rules() if issubclass(r, ProjectRule)]
EXAMPLES = [
    pytest.param(rule, ex, id=f"{rule.code}-{kind}{i}")
    for rule in PROJECT_RULES
    for kind, examples in (("bad", rule.bad), ("good", rule.good))
    for i, ex in enumerate(examples)
]


def _full(result) -> list[tuple]:
    return sorted(
        (f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message, f.related)
        for f in result.findings
    )


def _run(root: Path, codes, use_cache: bool, paths=()):
    return Engine(load_settings(root), codes, jobs=1, use_cache=use_cache).run(list(paths))


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_warm_cache_finds_the_same(rule, example, tmp_path: Path) -> None:
    write_project(tmp_path, example.all_files(), example.config)
    if example.git:
        git_add_all(tmp_path)
    codes = [r.code for r in PROJECT_RULES]
    bare = _run(tmp_path, codes, use_cache=False)
    cold = _run(tmp_path, codes, use_cache=True)
    warm = _run(tmp_path, codes, use_cache=True)  # from the run memo
    _forget_memo(tmp_path)
    rebuilt = _run(tmp_path, codes, use_cache=True)  # from the per-file entries
    assert not bare.errors and not cold.errors and not warm.errors and not rebuilt.errors
    assert _full(bare) == _full(cold) == _full(warm) == _full(rebuilt)
    assert bare.notes == cold.notes == warm.notes == rebuilt.notes


def _cache(tmp_path: Path) -> ResultCache:
    write_project(tmp_path, {"src/demo/__init__.py": ""})
    return ResultCache.open(load_settings(tmp_path), frozenset({"SL401"}))


def test_lookup_is_keyed_by_content(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    assert cache.lookup("py", "a.py", "d1") == {"x": 1}
    assert cache.lookup("py", "a.py", "d2") is None  # content changed
    assert cache.lookup("yaml", "a.py", "d1") is None  # another kind
    cache.save()
    again = ResultCache.open(load_settings(tmp_path), frozenset({"SL401"}))
    assert again.lookup("py", "a.py", "d1") == {"x": 1}


def test_other_configuration_or_rules_discard_the_cache(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    cache.save()
    other = ResultCache.open(load_settings(tmp_path), frozenset({"SL402"}))
    assert other.lookup("py", "a.py", "d1") is None


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"{not a cache file",
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # truncated
        _flip_last_byte,  # altered: the digest no longer matches
        lambda data: encode([1, 2]),  # well formed, of the wrong shape
        lambda data: encode(None),
        lambda data: json.dumps({"salt": "x", "results": {}}).encode(),  # an older format
    ],
    ids=["garbage", "empty", "truncated", "altered", "list", "none", "json"],
)
def test_corrupt_cache_file_is_discarded(tmp_path: Path, damage) -> None:
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    cache.set_memo({"v": 1})
    cache.save()
    for name in (entries_file("py"), FILE_NAME):
        path = tmp_path / ".structlint_cache" / name
        path.write_bytes(damage(path.read_bytes()))
    again = ResultCache.open(load_settings(tmp_path), frozenset({"SL401"}))
    assert again.lookup("py", "a.py", "d1") is None
    assert again.memo is None and again.results == {}


def test_a_cache_file_reads_back_only_whole(tmp_path: Path) -> None:
    payload = {"salt": "s", "entries": {"a.py": ["d", {"t": (1, 2), "n": None}]}}
    data = encode(payload)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    assert read_file(path) == payload
    for cut in range(0, len(data), max(1, len(data) // 17)):
        path.write_bytes(data[:cut])
        assert read_file(path) is None
    assert read_file(tmp_path / "missing.bin") is None


def test_files_of_other_formats_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / ".structlint_cache"
    folder.mkdir()
    # As an older structlint left it: its `.gitignore` marks the folder as the cache's.
    (folder / ".gitignore").write_text("# written by structlint: never commit the cache\n*\n")
    old = [folder / "results-v6.json", folder / "py-v6.json", folder / "yaml-v3.bin"]
    for path in old:
        path.write_bytes(MAGIC + b"{}" if path.suffix == ".bin" else b"{}")
    mine = folder / "notes.txt"
    mine.write_text("not ours to remove")
    # A name like a cache file's that the cache did not write (no magic bytes): kept.
    lookalike = folder / "model-v3.bin"
    lookalike.write_bytes(b"weights")
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    cache.save()
    assert not any(p.exists() for p in old)
    assert mine.exists() and lookalike.exists()
    assert (folder / entries_file("py")).exists()


def test_kinds_are_read_only_when_asked_for(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    cache.store("yaml", "b.yml", "d2", [1])
    cache.save()
    again = ResultCache.open(load_settings(tmp_path), frozenset({"SL401"}))
    assert again.entries == {}
    assert again.lookup("yaml", "b.yml", "d2") == [1]
    assert list(again.entries) == ["yaml"]


def test_malformed_entries_are_not_trusted(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.entries = {"py": {"a.py": "garbage"}, "yaml": []}  # type: ignore[dict-item]
    assert cache.lookup("py", "a.py", "d1") is None
    assert cache.lookup("yaml", "a.py", "d1") is None
    cache.store("yaml", "a.py", "d1", 1)
    assert cache.lookup("yaml", "a.py", "d1") == 1


def _forget_memo(root: Path) -> None:
    """Drop the run memo, so the next run builds the model (from the cache) again."""
    path = root / ".structlint_cache" / FILE_NAME
    raw = read_file(path)
    raw["memo"] = None
    path.write_bytes(encode(raw))


def _kedro_project(tmp_path: Path) -> None:
    from tests.project.kedro_projects import make

    make(tmp_path)


def test_corrupt_entries_of_the_right_content_are_recomputed(tmp_path: Path) -> None:
    """A cache entry under the right digest but of the wrong shape (a summary or YAML data
    this version did not write) is parsed again: the findings do not change."""
    _kedro_project(tmp_path)
    codes = list(rules_by_code())
    bare = _run(tmp_path, codes, use_cache=False)
    _run(tmp_path, codes, use_cache=True)
    _forget_memo(tmp_path)
    for kind in ("py", YAML_KIND, model_cache.KIND):
        path = tmp_path / ".structlint_cache" / entries_file(kind)
        raw = read_file(path)
        for entry in raw["entries"].values():
            entry[1] = {"m": "broken"} if isinstance(entry[1], dict) else [1]
        path.write_bytes(encode(raw))
    warm = _run(tmp_path, codes, use_cache=True)
    assert not warm.errors
    assert _full(bare) == _full(warm)


def test_warm_run_does_not_parse_unchanged_node_modules(tmp_path: Path, monkeypatch) -> None:
    _kedro_project(tmp_path)
    codes = [r.code for r in PROJECT_RULES]
    _run(tmp_path, codes, use_cache=True)
    parsed: list[int] = []
    real = summary_mod.parse

    def counting(text: str):
        parsed.append(len(text))
        return real(text)

    monkeypatch.setattr(summary_mod, "parse", counting)
    nodes = (tmp_path / "src/proof/pipelines/main/nodes.py").read_text()
    _forget_memo(tmp_path)
    _run(tmp_path, codes, use_cache=True)
    # Only code the pipeline model interprets (registry, create_pipeline) is parsed again.
    assert len(nodes) not in parsed


def test_changed_file_is_summarised_again(tmp_path: Path) -> None:
    _kedro_project(tmp_path)
    codes = ["SL406"]
    assert not _run(tmp_path, codes, use_cache=True).findings
    nodes = tmp_path / "src/proof/pipelines/main/nodes.py"
    text = nodes.read_text()
    nodes.write_text(text.replace("def clean(companies", "def clean(extra, companies"))
    bare = _run(tmp_path, codes, use_cache=False)
    warm = _run(tmp_path, codes, use_cache=True)
    assert bare.findings and _full(bare) == _full(warm)


YAML = """\
_csv: &csv
  type: pandas.CSVDataset
  load_args: {sep: ","}
a:
  <<: *csv
  filepath: data/01_raw/a.csv
1: one
true: yes
b: [1, 2.5, null, "x", {c: d}]
shared: *csv
"""


def _plain(v):
    if isinstance(v, dict):
        return {k: (_plain(x), v.locs[k]) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def test_yaml_round_trip_keeps_values_and_positions() -> None:
    data, error = load_yaml(YAML, "conf/base/catalog.yml")
    assert error is None
    back, err = yaml_from_json(
        json.loads(json.dumps(yaml_to_json(data, None))), "conf/base/catalog.yml"
    )
    assert err is None
    assert _plain(back) == _plain(data)
    assert list(back) == list(data)


def test_yaml_error_round_trip() -> None:
    data, error = load_yaml("a: [1\n", "conf/base/catalog.yml")
    assert error is not None
    back, err = yaml_from_json(yaml_to_json(data, error), "conf/base/catalog.yml")
    assert back is None and err == error


def test_yaml_json_cannot_hold_is_not_cached(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    text = "a:\n  when: 2024-01-01\n"
    data, _ = load_yaml_cached(text, "conf/base/parameters.yml", cache)
    assert cache.lookup(YAML_KIND, "conf/base/parameters.yml", content_hash(text.encode())) is None
    assert data == load_yaml(text, "conf/base/parameters.yml")[0]


def test_yaml_cache_hit_and_stale_entry(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    path = "conf/base/catalog.yml"
    first, _ = load_yaml_cached(YAML, path, cache)
    assert cache.lookup(YAML_KIND, path, content_hash(YAML.encode())) is not None
    second, _ = load_yaml_cached(YAML, path, cache)
    assert _plain(first) == _plain(second)
    changed = YAML.replace("a.csv", "z.csv")
    third, _ = load_yaml_cached(changed, path, cache)
    assert third["a"]["filepath"] == "data/01_raw/z.csv"


# --------------------------------------------------------------------------- the pipeline model

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CORPUS_PROJECTS = sorted(p.parent for p in CORPUS.glob("*/project/pyproject.toml"))


def _model_entry(root: Path) -> list:
    raw = read_file(root / ".structlint_cache" / entries_file(model_cache.KIND))
    (entry,) = raw["entries"].values()
    return entry


@pytest.mark.parametrize("source", CORPUS_PROJECTS, ids=lambda p: p.parent.name)
def test_corpus_projects_find_the_same_with_a_cached_model(source: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".structlint_cache"))
    codes = list(rules_by_code())
    bare = _run(root, codes, use_cache=False)
    cold = _run(root, codes, use_cache=True)
    assert _model_entry(root)  # the model was stored
    warm = _run(root, codes, use_cache=True)
    _forget_memo(root)
    rebuilt = _run(root, codes, use_cache=True)
    assert not bare.errors and not cold.errors and not warm.errors and not rebuilt.errors
    assert _full(bare) == _full(cold) == _full(warm) == _full(rebuilt)
    assert bare.notes == cold.notes == warm.notes == rebuilt.notes


def test_warm_run_does_not_interpret_the_pipelines(tmp_path: Path, monkeypatch) -> None:
    _kedro_project(tmp_path)
    codes = [r.code for r in PROJECT_RULES]
    first = _run(tmp_path, codes, use_cache=True)
    calls: list[str] = []
    real = pipelines_mod.Interpreter.call_func

    def counting(self, func, *args, **kwargs):
        calls.append(func.name)
        return real(self, func, *args, **kwargs)

    monkeypatch.setattr(pipelines_mod.Interpreter, "call_func", counting)
    _forget_memo(tmp_path)
    warm = _run(tmp_path, codes, use_cache=True)
    assert calls == []
    assert _full(first) == _full(warm)
    # Another file list (a module appears) is another key: the model is built again.
    (tmp_path / "src/proof/pipelines/main/extra.py").write_text("X = 1\n")
    _run(tmp_path, codes, use_cache=True)
    assert calls


_EDITS = {
    "pipeline": (
        "src/proof/pipelines/main/pipeline.py",
        '"companies", "clean_companies"',
        '"companys", "clean_companies"',
    ),
    "nodes-signature": (
        "src/proof/pipelines/main/nodes.py",
        "def clean(companies",
        "def clean(extra, companies",
    ),
    "nodes-returns": (
        "src/proof/pipelines/main/nodes.py",
        "return data.iloc[:n], data.iloc[n:]",
        "return data.iloc[:n], data.iloc[n:], n",
    ),
    "registry": (
        "src/proof/pipeline_registry.py",
        'pipelines["__default__"] = sum(pipelines.values())',
        'pipelines["__default__"] = sum(pipelines.values())\n'
        '    pipelines = {"__default__": pipelines["__default__"], "x": unknown()}',
    ),
    "registry-broken": (
        "src/proof/pipeline_registry.py",
        "def register_pipelines()",
        "def register_pipelines(:",
    ),
    "package-init": (
        "src/proof/pipelines/main/__init__.py",
        "from .pipeline import create_pipeline\n",
        "",
    ),
}


@pytest.mark.parametrize("edit", sorted(_EDITS))
def test_edits_between_runs_change_findings_as_without_cache(edit: str, tmp_path: Path) -> None:
    _kedro_project(tmp_path)
    codes = list(rules_by_code())
    before = _run(tmp_path, codes, use_cache=True)
    assert _full(before) == _full(_run(tmp_path, codes, use_cache=True))
    rel, old, new = _EDITS[edit]
    path = tmp_path / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    bare = _run(tmp_path, codes, use_cache=False)
    warm = _run(tmp_path, codes, use_cache=True)
    again = _run(tmp_path, codes, use_cache=True)
    assert not warm.errors
    assert _full(bare) == _full(warm) == _full(again)
    assert bare.notes == warm.notes == again.notes
    assert _full(bare) != _full(before) or bare.notes != before.notes
    # ... and back: the first findings again.
    path.write_text(text)
    assert _full(_run(tmp_path, codes, use_cache=True)) == _full(before)


def _mangle_first(model: dict, table: str) -> None:
    column = next(iter(model[table].values()))
    column[0] = {"x": 1} if not isinstance(column[0], dict) else 1


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda e: e.__setitem__(1, "garbage"),
        lambda e: e[1].__setitem__("model", None),
        lambda e: e[1].__setitem__("files", {}),
        lambda e: e[1]["model"].__setitem__("v", 999),
        lambda e: e[1]["model"].__setitem__("paths", [7]),
        lambda e: _mangle_first(e[1]["model"], "nodes"),
        lambda e: _mangle_first(e[1]["model"], "funcs"),
        lambda e: e[1]["model"]["pipes"][0].__setitem__(1, [10**9]),
        lambda e: e[1]["model"]["pipes"][0].__setitem__(1, [-5]),
        lambda e: e[1]["model"]["nodes"]["f"].__setitem__(0, 10**9),
        lambda e: e[1]["model"]["nodes"]["no"].__setitem__(0, ["odd", 1]),
        lambda e: e[1]["model"]["sigs"]["va"].__setitem__(0, [1, 2]),
        lambda e: e[1]["model"].pop("notes"),
    ],
    ids=[
        "not-a-value",
        "no-model",
        "no-files",
        "other-version",
        "bad-path",
        "bad-node",
        "bad-func",
        "node-index-out-of-range",
        "negative-node-index",
        "func-index-out-of-range",
        "bad-outputs",
        "bad-signature",
        "no-notes",
    ],
)
def test_corrupt_model_entry_is_discarded(corrupt, tmp_path: Path) -> None:
    _kedro_project(tmp_path)
    nodes = tmp_path / "src/proof/pipelines/main/nodes.py"
    nodes.write_text(nodes.read_text().replace("def clean(companies", "def clean(extra, companies"))
    codes = list(rules_by_code())
    bare = _run(tmp_path, codes, use_cache=False)
    assert bare.findings
    _run(tmp_path, codes, use_cache=True)
    _forget_memo(tmp_path)
    path = tmp_path / ".structlint_cache" / entries_file(model_cache.KIND)
    raw = read_file(path)
    (entry,) = raw["entries"].values()
    corrupt(entry)
    path.write_bytes(encode(raw))
    warm = _run(tmp_path, codes, use_cache=True)
    assert not warm.errors
    assert _full(bare) == _full(warm)
    assert bare.notes == warm.notes


def test_stale_file_digest_rebuilds_the_model(tmp_path: Path) -> None:
    """A recorded digest that does not match the file (here: forged) is a miss, not a hit."""
    _kedro_project(tmp_path)
    codes = list(rules_by_code())
    bare = _run(tmp_path, codes, use_cache=False)
    _run(tmp_path, codes, use_cache=True)
    _forget_memo(tmp_path)
    path = tmp_path / ".structlint_cache" / entries_file(model_cache.KIND)
    raw = read_file(path)
    (entry,) = raw["entries"].values()
    files = entry[1]["files"]
    assert "src/proof/pipeline_registry.py" in files
    assert "src/proof/pipelines/main/pipeline.py" in files
    assert "src/proof/pipelines/main/nodes.py" in files
    entry[1]["model"]["pipes"] = []  # what a stale entry would say
    for p in files:
        files[p] = "0" * 32
    path.write_bytes(encode(raw))
    assert _full(_run(tmp_path, codes, use_cache=True)) == _full(bare)


def test_model_round_trip_keeps_what_rules_read(tmp_path: Path) -> None:
    _kedro_project(tmp_path)
    settings = load_settings(tmp_path)
    engine = Engine(settings, ["SL401"], jobs=1, use_cache=False)
    files = discover(settings, [])
    project = build_project(settings, files, engine.read_text, None)
    model = project.pipelines
    interp = pipelines_mod.Interpreter(
        settings.package_name, project.package_dir, {}, engine.read_text, project.module_of
    )
    back = model_cache.model_from_json(
        json.loads(json.dumps(model_cache.model_to_json(model))), interp
    )
    assert back.registry_path == model.registry_path
    assert back.registry_complete == model.registry_complete
    assert back.notes == model.notes
    assert list(back.registered) == list(model.registered)
    for name, pipe in model.registered.items():
        other = back.registered[name]
        assert other.complete == pipe.complete and other.reasons == pipe.reasons
        assert len(other.nodes) == len(pipe.nodes)
        for a, b in zip(pipe.nodes, other.nodes, strict=True):
            assert (a.site, a.end, a.func_label, a.inputs, a.outputs) == (
                b.site,
                b.end,
                b.func_label,
                b.inputs,
                b.outputs,
            )
            assert (a.input_kind, a.output_kind, a.name, a.namespace, a.tags, a.key) == (
                b.input_kind,
                b.output_kind,
                b.name,
                b.namespace,
                b.tags,
                b.key,
            )
            assert (a.func is None) == (b.func is None)
            if a.func is not None and b.func is not None:
                assert model.signature(a.func) == back.signature(b.func)
