"""The cache between runs: a warm run finds exactly what a run without cache finds, entries are
keyed by content, and a corrupt, stale or foreign cache is discarded, never trusted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import structlint.project.summary as summary_mod
from structlint.cache import FILE_NAME, ResultCache, content_hash
from structlint.config import load_settings
from structlint.engine import Engine
from structlint.project.conf import (
    YAML_KIND,
    load_yaml,
    load_yaml_cached,
    yaml_from_json,
    yaml_to_json,
)
from structlint.registry import all_rules, rules_by_code
from structlint.rule import ProjectRule
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
    warm = _run(tmp_path, codes, use_cache=True)
    assert not bare.errors and not cold.errors and not warm.errors
    assert _full(bare) == _full(cold) == _full(warm)


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


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        json.dumps([1, 2]),
        "null",
    ],
)
def test_corrupt_cache_file_is_discarded(tmp_path: Path, payload: str) -> None:
    cache = _cache(tmp_path)
    cache.store("py", "a.py", "d1", {"x": 1})
    cache.save()
    (tmp_path / ".structlint_cache" / FILE_NAME).write_text(payload)
    again = ResultCache.open(load_settings(tmp_path), frozenset({"SL401"}))
    assert again.lookup("py", "a.py", "d1") is None


def test_malformed_entries_are_not_trusted(tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    cache.entries = {"py": {"a.py": "garbage"}, "yaml": []}  # type: ignore[dict-item]
    assert cache.lookup("py", "a.py", "d1") is None
    assert cache.lookup("yaml", "a.py", "d1") is None
    cache.store("yaml", "a.py", "d1", 1)
    assert cache.lookup("yaml", "a.py", "d1") == 1


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
    path = tmp_path / ".structlint_cache" / FILE_NAME
    raw = json.loads(path.read_text())
    for table in raw["entries"].values():
        for entry in table.values():
            entry[1] = {"m": "broken"} if isinstance(entry[1], dict) else [1]
    path.write_text(json.dumps(raw))
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
