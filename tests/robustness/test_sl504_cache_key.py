"""SL504 asks about other files than the one it checks: which `pipelines/<b>/` folders are
pipelines, and for a folder with only an `__init__.py`, whether that file names
`create_pipeline`. A cached run must answer what a run without the cache answers after any
edit of those files (issue 18: 3 of 35 random-edit rounds differed)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from structlint.inputs.config import load_settings
from structlint.run.engine import Engine
from tests.integration.conftest import make_project

SELECT = frozenset({"SL504"})
OTHER = "src/demo/pipelines/other"
NODES = "src/demo/pipelines/demo/nodes.py"
CROSS = (
    "from demo.pipelines.other.nodes import helper\n\n\n"
    "def clean(df, threshold):\n    return helper(df)\n"
)
INIT_PIPELINE = (
    "from kedro.pipeline import Pipeline\n\n\n"
    "def create_pipeline(**kwargs):\n    return Pipeline([])\n"
)
INIT_SHARED = "# shared helpers, no pipeline\n"


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


def _found(root: Path, use_cache: bool, jobs: int = 1) -> list[tuple]:
    result = Engine(load_settings(root), SELECT, jobs=jobs, use_cache=use_cache).run()
    assert not result.errors
    return sorted((f.path, f.line, f.column, f.code, f.message) for f in result.findings)


def _same_as_without_cache(root: Path) -> list[tuple]:
    cached = _found(root, True)
    bare = _found(root, False)
    assert cached == bare
    return bare


def _init_only(root: Path, init: str) -> None:
    """`pipelines/other/` with an `__init__.py` and a `nodes.py`, and no `pipeline.py`."""
    folder = root / OTHER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text(init)
    (folder / "nodes.py").write_text("def helper(df):\n    return df\n")


def test_an_init_that_starts_or_stops_naming_create_pipeline(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {NODES: CROSS})
    _init_only(root, INIT_SHARED)
    assert _same_as_without_cache(root) == []  # shared code: no pipeline, no finding
    (root / OTHER / "__init__.py").write_text(INIT_PIPELINE)
    assert [f[3] for f in _same_as_without_cache(root)] == ["SL504"]  # now a pipeline
    (root / OTHER / "__init__.py").write_text(INIT_SHARED)
    assert _same_as_without_cache(root) == []


def test_an_init_edit_that_does_not_change_the_answer_keeps_the_cache(tmp_path: Path) -> None:
    """Not a test of speed: the key holds the one fact SL504 asks, so a comment added to
    the other pipeline's `__init__.py` leaves the checked file's entry valid."""
    root = make_project(tmp_path / "proj", {NODES: CROSS})
    _init_only(root, INIT_PIPELINE)
    assert len(_same_as_without_cache(root)) == 1
    (root / OTHER / "__init__.py").write_text("# a comment\n" + INIT_PIPELINE)
    assert len(_same_as_without_cache(root)) == 1


_EDITS = (
    "init-pipeline",
    "init-shared",
    "remove-init",
    "add-pipeline-py",
    "remove-pipeline-py",
    "add-subpackage",
    "remove-subpackage",
    "remove-other",
    "cross-import",
    "package-import",
    "plain-import",
)


def _edit(root: Path, edit: str) -> None:
    other = root / OTHER
    if edit in ("init-pipeline", "init-shared"):
        _init_only(root, INIT_PIPELINE if edit == "init-pipeline" else INIT_SHARED)
    elif edit == "remove-init":
        (other / "__init__.py").unlink(missing_ok=True)
    elif edit == "add-pipeline-py" and other.is_dir():
        (other / "pipeline.py").write_text(INIT_PIPELINE)
    elif edit == "remove-pipeline-py":
        (other / "pipeline.py").unlink(missing_ok=True)
    elif edit == "add-subpackage" and other.is_dir():
        (other / "pipeline").mkdir(exist_ok=True)
        (other / "pipeline/__init__.py").write_text(INIT_PIPELINE)
    elif edit == "remove-subpackage":
        shutil.rmtree(other / "pipeline", ignore_errors=True)
    elif edit == "remove-other":
        shutil.rmtree(other, ignore_errors=True)
    elif edit == "cross-import":
        (root / NODES).write_text(CROSS)
    elif edit == "package-import":
        (root / NODES).write_text("from demo.pipelines.other import helper\n")
    elif edit == "plain-import":
        (root / NODES).write_text("import pandas as pd\n")


@pytest.mark.parametrize("seed", [0, 1])
def test_random_edits_of_other_pipelines_cached_equals_uncached(tmp_path: Path, seed: int) -> None:
    """Seeded random rounds (reproducible): after each edit, a cached run (for seed 0 with
    two jobs, as the command runs) against `--no-cache --jobs 1`."""
    rng = random.Random(seed)
    root = make_project(tmp_path / "proj", {NODES: CROSS})
    _found(root, True)
    for _ in range(7):
        edits = rng.sample(_EDITS, rng.randint(1, 3))
        for edit in edits:
            _edit(root, edit)
        assert _found(root, True, jobs=2 - seed) == _found(root, False), edits
