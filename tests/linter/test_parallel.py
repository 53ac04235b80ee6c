"""Worker processes change how fast a run is, never what it finds: the summaries made on all
cores and the files checked in parallel give what one process gives, with or without cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from structlint.config import load_settings
from structlint.engine import Engine
from structlint.registry import rules_by_code

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate_project import generate


def _full(result) -> list[tuple]:
    return sorted((f.path, f.line, f.column, f.code, f.message) for f in result.findings)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path
    # 70 pipelines: 210 package modules, enough for the summaries to go to the workers.
    generate(root, pipelines=70, nodes=3, seed=11)
    return root


def _run(root: Path, jobs: int, use_cache: bool):
    return Engine(load_settings(root), list(rules_by_code()), jobs=jobs, use_cache=use_cache).run()


def test_two_jobs_find_what_one_finds(project: Path) -> None:
    one = _run(project, 1, use_cache=False)
    two = _run(project, 2, use_cache=False)
    assert one.findings and not one.errors and not two.errors
    assert _full(two) == _full(one)
    assert two.notes == one.notes


def test_summaries_made_by_workers_are_cached_like_the_others(project: Path) -> None:
    one = _run(project, 1, use_cache=False)
    cold = _run(project, 2, use_cache=True)
    with (project / "src/bigproj/pipelines/p000_orders/nodes.py").open("a") as out:
        out.write("\n\ndef extra(x):\n    return x\n")
    warm = _run(project, 2, use_cache=True)
    bare = _run(project, 1, use_cache=False)
    assert _full(cold) == _full(one)
    assert _full(warm) == _full(bare)
