"""Worker processes change how fast a run is, never what it finds: the summaries made on all
cores and the files checked in parallel give what one process gives, with or without cache."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import pytest

import structlint.run.workers as workers_mod
from structlint.inputs.config import load_settings
from structlint.rules.registry import rules_by_code
from structlint.run.engine import Engine

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


def test_after_an_edit_the_worker_started_early_checks_the_changed_files(
    project: Path, monkeypatch
) -> None:
    """A run with a stale memo forks its one worker before it knows what changed; the files
    that did change are checked there, and the findings are those of one process."""
    _run(project, 2, use_cache=True)
    started: list[int] = []
    real = workers_mod.start_pool

    def counting(workers, *args, **kwargs):
        started.append(workers)
        return real(workers, *args, **kwargs)

    monkeypatch.setattr(workers_mod, "start_pool", counting)
    nodes = sorted(project.glob("src/bigproj/pipelines/*/nodes.py"))[1]
    nodes.write_text(nodes.read_text() + "\n\ndef more(x):\n    return open('data/x.csv')\n")
    after = _run(project, 2, use_cache=True)
    assert started == [1]  # the early worker, and no other pool
    assert not after.errors
    assert _full(after) == _full(_run(project, 1, use_cache=False))
    assert any(f.code == "SL201" and f.path.endswith(nodes.name) for f in after.findings)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="only a forking pool starts them all"
)
def test_start_pool_forks_its_workers_at_once() -> None:
    from structlint.run.workers import start_pool

    with start_pool(2) as pool:
        assert len(pool._processes) == 2  # forked before any real task was submitted
        assert list(pool.map(abs, [-1, -2, 3])) == [1, 2, 3]
