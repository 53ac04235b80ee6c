"""structlint's parse: the tree libcst's own parse gives, without its per-node re-validation,
and the cyclic collector paused only while a run lasts."""

from __future__ import annotations

import gc
from pathlib import Path

import libcst as cst
import pytest

from structlint.core.collector import paused, sweep
from structlint.rules.purity.sl201_io_in_node import IoInNode
from structlint.sources import source

ROOT = Path(__file__).resolve().parents[2]
# Real code of every shape: the linter's own package and the template's sources.
SOURCES = sorted(ROOT.glob("checks/structlint/**/*.py")) + sorted(
    p for p in ROOT.glob("template/**/*.py*") if p.is_file()
)


def test_the_skip_is_in_force_for_this_libcst() -> None:
    # If a libcst release makes `__post_init__` do more than validate, the parse falls back to
    # libcst's own; this test says when that happened, so the speed loss is noticed.
    assert source._SKIPPABLE


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_parse_gives_libcst_s_own_tree(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = cst.parse_module(text)
    except cst.ParserSyntaxError:  # a jinja-templated file that is not Python yet
        with pytest.raises(cst.ParserSyntaxError):
            source.parse_module(text)
        return
    got = source.parse_module(text)
    assert got.deep_equals(expected)
    assert got.code == text


def test_nodes_built_outside_the_parse_are_still_validated() -> None:
    source.parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("")  # an empty name is caught by libcst's check, which parse restored
    assert cst.CSTNode.__post_init__ is source._CHECKED_INIT


def test_a_syntax_error_restores_the_check() -> None:
    with pytest.raises(cst.ParserSyntaxError):
        source.parse_module("def (:\n")
    assert cst.CSTNode.__post_init__ is source._CHECKED_INIT
    assert isinstance(source.parse("def (:\n"), source.ParseFailure)


def test_collector_is_paused_only_inside_and_sweeps_cycles() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        cycle: list[object] = []
        cycle.append(cycle)
        ref = id(cycle)
        del cycle
        survivors = [[] for _ in range(200_000)]  # enough for a sweep to be worth its walk
        sweep()
        assert len(survivors) == 200_000
        assert all(id(o) != ref for o in gc.get_objects(0))
    assert gc.isenabled()


def test_engine_run_leaves_the_collector_as_it_was(tmp_path: Path) -> None:
    from structlint.inputs.config import load_settings
    from structlint.run.engine import Engine

    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.py").write_text("x = 1\n")
    Engine(load_settings(tmp_path), [IoInNode.code], jobs=1, use_cache=False).run()
    assert gc.isenabled()


# A pipeline-sized call: one bracket pair longer than the depth bound counts as "may be deep".
_NODES = "".join(f"    node(f, 'a{i}', 'b{i}'),\n" for i in range(200))
_LONG_CALL = "pipeline([\n" + _NODES + "])\n"


def test_a_long_text_cpython_already_took_is_not_shown_to_it_again(monkeypatch) -> None:
    assert source.may_be_too_deep(_LONG_CALL)
    asked: list[str] = []
    monkeypatch.setattr(source, "_python_says", lambda text: asked.append(text))
    assert isinstance(source.parse(_LONG_CALL, python_parses=True), cst.Module)
    assert asked == []
    assert isinstance(source.parse(_LONG_CALL), cst.Module)
    assert asked == [_LONG_CALL]


def test_the_engine_knows_which_files_cpython_took(tmp_path: Path) -> None:
    from structlint.inputs.config import load_settings
    from structlint.inputs.discovery import discover
    from structlint.run.engine import Engine
    from tests.project.kedro_projects import PIPELINE_PATH, make

    make(tmp_path, {"src/proof/broken.py": "def f(:\n"})
    settings = load_settings(tmp_path)
    engine = Engine(settings, ["SL001"], jobs=1, use_cache=False)
    engine._node_index(discover(settings, []))
    summaries = engine.summaries()
    assert summaries.parsed(PIPELINE_PATH)
    assert not summaries.parsed("src/proof/broken.py")
    assert not summaries.parsed("tests/test_nothing.py")
