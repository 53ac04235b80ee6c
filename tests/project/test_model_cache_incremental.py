"""The pipeline model after an edit: only the `create_pipeline()` calls whose files changed are
interpreted again, and the model and the findings are exactly those of a run without cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import structlint.project.model_cache as model_cache
import structlint.project.pipelines as pipelines_mod
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.project.model import build_project
from structlint.project.pipelines import PipelinesModel
from structlint.rules.registry import rules_by_code
from structlint.run.cache import ResultCache, encode, entries_file, read_file
from structlint.run.engine import Engine
from tests.project.kedro_projects import NODES_PATH, PIPELINE_PATH, make

MAIN_NODES = NODES_PATH
MAIN_PIPELINE = PIPELINE_PATH
EXTRA = "src/proof/pipelines/extra"
COMBO = "src/proof/pipelines/combo"

# A pipeline whose nodes are made by a helper of its nodes.py, with a dataset name from a
# constant of another module: both files are interpreted, not only summarised.
FILES = {
    f"{EXTRA}/__init__.py": "from .pipeline import create_pipeline\n",
    f"{EXTRA}/names.py": 'SOURCE = "summary"\n',
    f"{EXTRA}/nodes.py": """\
        from kedro.pipeline import node

        from .names import SOURCE


        def tidy(summary, factor=2):
            return summary


        def extra_nodes():
            return [node(tidy, SOURCE, "tidy_summary", name="tidy")]
        """,
    f"{EXTRA}/pipeline.py": """\
        from kedro.pipeline import Pipeline

        from .nodes import extra_nodes


        def create_pipeline(**kwargs) -> Pipeline:
            return Pipeline(extra_nodes())
        """,
    # Calls the other pipelines' `create_pipeline()`: its result depends on their files too.
    f"{COMBO}/__init__.py": "from .pipeline import create_pipeline\n",
    f"{COMBO}/pipeline.py": """\
        from kedro.pipeline import Pipeline, pipeline

        from proof.pipelines.extra import pipeline as extra
        from proof.pipelines.main.pipeline import create_pipeline as main


        def create_pipeline(**kwargs) -> Pipeline:
            return pipeline(main() + extra.create_pipeline(), namespace="combo")
        """,
}

# name -> (file, old text, new text); an old text of "" appends the new one.
EDITS = {
    "nodes-comment": (MAIN_NODES, "", "# a comment at the end\n"),
    "nodes-body-same-lines": (MAIN_NODES, "companies.dropna()", 'companies.dropna(how="all")'),
    "nodes-signature": (MAIN_NODES, "def clean(companies", "def clean(extra, companies"),
    "nodes-default": (MAIN_NODES, "factor: float)", "factor: float = 2.0)"),
    "nodes-returns": (
        MAIN_NODES,
        "return data.iloc[:n], data.iloc[n:]",
        "return data.iloc[:n], data.iloc[n:], n",
    ),
    "nodes-lines-shift": (MAIN_NODES, "    return companies.dropna()", "\n    return companies"),
    "node-function-renamed": (MAIN_NODES, "def clean(", "def clean_all("),
    "node-function-renamed-everywhere": (MAIN_PIPELINE, "node(clean,", "node(score,"),
    "pipeline-new-node": (
        MAIN_PIPELINE,
        'node(report, ["train", "test"], "summary", name="report"),',
        'node(report, ["train", "test"], "summary", name="report"),\n'
        '            node(clean, "summary", "cleaned_summary", name="again"),',
    ),
    "helper-body": (f"{EXTRA}/nodes.py", '"tidy_summary"', '"tidy_summary_2"'),
    "helper-comment": (f"{EXTRA}/nodes.py", "", "# nothing\n"),
    "helper-signature": (f"{EXTRA}/nodes.py", "factor=2", "factor"),
    "constant": (f"{EXTRA}/names.py", '"summary"', '"companies"'),
    "constant-comment": (f"{EXTRA}/names.py", "", "# nothing\n"),
    "combo-namespace": (f"{COMBO}/pipeline.py", 'namespace="combo"', 'namespace="both"'),
    "init": (f"{EXTRA}/__init__.py", "from .pipeline import create_pipeline\n", ""),
    "registry": (
        "src/proof/pipeline_registry.py",
        'pipelines["__default__"] = sum(pipelines.values())',
        'pipelines["__default__"] = pipelines["main"]',
    ),
}

# What the edit leaves to interpret again: the files of the `create_pipeline` defs called.
REINTERPRETED = {
    "nodes-comment": set(),
    "nodes-body-same-lines": set(),
    "helper-comment": {"extra", "combo"},  # its helpers' bodies are interpreted
    "constant-comment": {"extra", "combo"},
    "nodes-signature": {"main", "combo"},
    "registry": set(),
}


# Edits that leave the model as it was.
UNCHANGED = {"nodes-comment", "nodes-body-same-lines", "helper-comment", "constant-comment"}


def _codes() -> list[str]:
    return list(rules_by_code())


def _run(root: Path, use_cache: bool):
    return Engine(load_settings(root), _codes(), jobs=1, use_cache=use_cache).run([])


def _findings(result) -> list[tuple]:
    return sorted(
        (f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message, f.related)
        for f in result.findings
    )


def _facts(model: PipelinesModel) -> Any:
    """Everything of the model a rule can read, in a form that compares."""

    def func(f: Any) -> Any:
        if f is None:
            return None
        decorated = bool(getattr(f.node, "decorator_list", None))
        return (f.module, f.name, f.bound_pos, f.bound_kw, decorated, f.closure is not None)

    def node(n: Any) -> Any:
        return (
            n.site,
            n.end,
            func(n.func),
            None if n.func is None else model.signature(n.func),
            n.func_label,
            n.inputs,
            n.input_kind,
            n.outputs,
            n.output_kind,
            n.name,
            n.namespace,
            n.tags,
            n.label,
        )

    pipes = {
        name: ([node(n) for n in p.nodes], p.complete, p.reasons)
        for name, p in model.registered.items()
    }
    unique = [(node(n), names) for n, names in model.unique_nodes()]
    return (
        model.registry_path,
        model.registry_complete,
        model.complete,
        model.notes,
        pipes,
        unique,
        sorted(model.used_datasets()),
    )


def _model(root: Path, use_cache: bool) -> Any:
    settings = load_settings(root)
    engine = Engine(settings, _codes(), jobs=1, use_cache=use_cache)
    if use_cache:
        engine.cache = ResultCache.open(settings, engine.codes)
    files = discover(settings, [])
    summaries = engine.summaries()
    project = build_project(settings, files, engine.read_text, None, summaries=summaries)
    facts = _facts(project.pipelines)
    if engine.cache is not None:
        engine.cache.save()
    return facts


def _edit(root: Path, name: str) -> None:
    rel, old, new = EDITS[name]
    path = root / rel
    text = path.read_text()
    if old:
        assert old in text
        path.write_text(text.replace(old, new))
    else:
        path.write_text(text + new)


@pytest.fixture
def interpreted(monkeypatch) -> set[str]:
    """The pipeline packages whose `create_pipeline()` was interpreted (not read back)."""
    seen: set[str] = set()
    real = pipelines_mod.Interpreter.run_func

    def spy(self, func, *args, **kwargs):
        if func.name == "create_pipeline":
            seen.add(Path(func.module).parent.name)
        return real(self, func, *args, **kwargs)

    monkeypatch.setattr(pipelines_mod.Interpreter, "run_func", spy)
    return seen


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_between_runs_finds_what_a_run_without_cache_finds(
    edit: str, tmp_path: Path, interpreted: set[str]
) -> None:
    make(tmp_path, FILES)
    before = _run(tmp_path, use_cache=True)
    assert not before.errors
    _edit(tmp_path, edit)
    interpreted.clear()
    warm = _run(tmp_path, use_cache=True)
    if edit in REINTERPRETED:
        assert interpreted == REINTERPRETED[edit]
    bare = _run(tmp_path, use_cache=False)
    again = _run(tmp_path, use_cache=True)
    assert not warm.errors and not bare.errors and not again.errors
    assert _findings(bare) == _findings(warm) == _findings(again)
    assert bare.notes == warm.notes == again.notes


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_between_runs_gives_the_model_of_a_run_without_cache(
    edit: str, tmp_path: Path
) -> None:
    make(tmp_path, FILES)
    first = _model(tmp_path, use_cache=True)
    assert first == _model(tmp_path, use_cache=False)
    _edit(tmp_path, edit)
    bare = _model(tmp_path, use_cache=False)
    assert _model(tmp_path, use_cache=True) == bare
    assert _model(tmp_path, use_cache=True) == bare  # and from what that run stored
    if edit not in UNCHANGED:
        assert bare != first, "the edit should change the model"


def test_signature_change_makes_sl406_fire_after_a_cached_run(tmp_path: Path) -> None:
    make(tmp_path, FILES)
    before = _run(tmp_path, use_cache=True)
    assert not [f for f in before.findings if f.code == "SL406"]
    _edit(tmp_path, "nodes-signature")
    warm = _run(tmp_path, use_cache=True)
    assert [f.path for f in warm.findings if f.code == "SL406"]
    assert _findings(warm) == _findings(_run(tmp_path, use_cache=False))


def test_edits_one_after_another(tmp_path: Path, interpreted: set[str]) -> None:
    """A chain of edits, each run starting from what the previous one stored."""
    make(tmp_path, FILES)
    _run(tmp_path, use_cache=True)
    for name in ("nodes-comment", "helper-body", "nodes-signature", "constant", "init"):
        _edit(tmp_path, name)
        interpreted.clear()
        assert _model(tmp_path, use_cache=True) == _model(tmp_path, use_cache=False), name
        assert _findings(_run(tmp_path, use_cache=True)) == _findings(
            _run(tmp_path, use_cache=False)
        )


def test_a_part_read_back_inside_another_keeps_its_files(tmp_path: Path) -> None:
    """`combo` is interpreted again while `extra` (which it calls) is read back: `combo` must
    still depend on the text of extra's nodes.py, which only `extra` read this time."""
    make(tmp_path, FILES)
    _model(tmp_path, use_cache=True)
    _edit(tmp_path, "combo-namespace")  # combo again, extra read back inside it
    assert _model(tmp_path, use_cache=True) == _model(tmp_path, use_cache=False)
    _edit(tmp_path, "helper-body")  # a change of extra's nodes.py its summary does not show
    bare = _model(tmp_path, use_cache=False)
    assert _model(tmp_path, use_cache=True) == bare
    assert "both.tidy_summary_2" in bare[-1]


def _entry(root: Path) -> list[Any]:
    path = root / ".structlint_cache" / entries_file(model_cache.KIND)
    (entry,) = read_file(path)["entries"].values()
    return entry


def _write_entry(root: Path, entry: list[Any]) -> None:
    path = root / ".structlint_cache" / entries_file(model_cache.KIND)
    raw = read_file(path)
    (key,) = raw["entries"]
    raw["entries"][key] = entry
    path.write_bytes(encode(raw))


def _first_part(entry: list[Any], package: str) -> list[Any]:
    return next(v for k, v in entry[1]["parts"].items() if f"/{package}/" in k)


def _forge_files(part: list[Any]) -> None:
    for digests in part[0].values():
        digests[:] = ["0" * 32, "0" * 32]


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda e, p: p.__setitem__(0, "garbage"),
        lambda e, p: p.__setitem__(0, {}),
        lambda e, p: p.__setitem__(1, None),
        lambda e, p: p.__setitem__(2, ["p", [10**9], True, []]),
        lambda e, p: p.__setitem__(2, ["p", [-1], True, []]),
        lambda e, p: p.__setitem__(2, ["x"]),
        lambda e, p: p.__setitem__(2, ["u", 1, -1, 0, 0]),
        lambda e, p: p[0].__setitem__(next(iter(p[0])), "0" * 32),
        lambda e, p: _forge_files(p),
        lambda e, p: e[1].__setitem__("parts", []),
        lambda e, p: e[1]["model"].__setitem__("nodes", {}),
        lambda e, p: e[1]["model"]["nodes"]["ni"].__setitem__(p[2][1][0], [1]),
    ],
    ids=[
        "files-not-a-dict",
        "no-files",
        "notes-not-a-list",
        "node-index-out-of-range",
        "negative-node-index",
        "not-a-value",
        "bad-unknown",
        "digest-not-a-pair",
        "forged-digests",
        "parts-not-a-dict",
        "rows-not-a-list",
        "bad-node-row",
    ],
)
def test_a_corrupt_or_stale_part_is_interpreted_again(corrupt, tmp_path: Path) -> None:
    make(tmp_path, FILES)
    _run(tmp_path, use_cache=True)
    _edit(tmp_path, "nodes-signature")  # the whole model is stale: parts are looked at
    bare = _run(tmp_path, use_cache=False)
    entry = _entry(tmp_path)
    corrupt(entry, _first_part(entry, "main"))
    _write_entry(tmp_path, entry)
    warm = _run(tmp_path, use_cache=True)
    assert not warm.errors
    assert _findings(bare) == _findings(warm)
    assert bare.notes == warm.notes


def test_a_part_over_a_file_that_changed_is_not_trusted(tmp_path: Path) -> None:
    """A part whose recorded digests no longer match is a miss, however well it decodes: here
    it says what another pipeline is."""
    make(tmp_path, FILES)
    _model(tmp_path, use_cache=True)
    _edit(tmp_path, "pipeline-new-node")
    entry = _entry(tmp_path)
    _first_part(entry, "main")[2] = _first_part(entry, "extra")[2]
    _write_entry(tmp_path, entry)
    assert _model(tmp_path, use_cache=True) == _model(tmp_path, use_cache=False)


def test_rows_no_longer_used_are_dropped(tmp_path: Path) -> None:
    """Each edit of a pipeline adds rows for its nodes; the table does not grow without end."""
    make(tmp_path, FILES)
    _model(tmp_path, use_cache=True)
    path = tmp_path / MAIN_PIPELINE
    text = path.read_text()
    sizes = []
    for i in range(12):
        path.write_text(text.replace('"summary"', f'"summary_{i}"'))
        facts = _model(tmp_path, use_cache=True)
        assert facts == _model(tmp_path, use_cache=False)
        sizes.append(len(_entry(tmp_path)[1]["model"]["nodes"]["sp"]))
    assert max(sizes) < 2 * min(sizes) + 64


def test_nothing_is_interpreted_when_nothing_changed(tmp_path: Path, interpreted: set[str]) -> None:
    make(tmp_path, FILES)
    first = _model(tmp_path, use_cache=True)
    _edit(tmp_path, "nodes-comment")
    assert _model(tmp_path, use_cache=True) == first
    interpreted.clear()
    assert _model(tmp_path, use_cache=True) == first
    assert interpreted == set()
