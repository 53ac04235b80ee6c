"""The run memo: an unchanged project reuses the last run's index and project findings, and
any change a rule could see (a file's content, a file or folder appearing, a git-ignored
config file, the installed dataset packages) makes the run build them again, finding what a
run without cache finds. Rules that ask git run every time."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import structlint.rules.project.sl408_unknown_dataset_type as sl408
import structlint.run.engine as engine_mod
from structlint.inputs.config import load_settings
from structlint.rules.registry import rules_by_code
from structlint.run.cache import FILE_NAME, encode, read_file
from structlint.run.engine import Engine
from tests.project.kedro_projects import (
    CATALOG_PATH,
    NODES_PATH,
    PARAMETERS_PATH,
    PIPELINE_PATH,
    make,
)

CODES = list(rules_by_code())


def _run(root: Path, use_cache: bool = True):
    return Engine(load_settings(root), CODES, jobs=1, use_cache=use_cache).run([])


def _full(result) -> list[tuple]:
    return sorted((f.path, f.line, f.column, f.code, f.message) for f in result.findings)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    make(tmp_path)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-A"], cwd=tmp_path, check=True)
    return tmp_path


@pytest.fixture
def model_builds(monkeypatch) -> list[int]:
    """How many times a run built the project model (once per run that is not memoised)."""
    calls: list[int] = []
    real = engine_mod.Engine._project_findings

    def counting(self, rules, *args, **kwargs):
        if any(r.cacheable for r in rules):
            calls.append(len(rules))
        return real(self, rules, *args, **kwargs)

    monkeypatch.setattr(engine_mod.Engine, "_project_findings", counting)
    return calls


def test_unchanged_project_reuses_the_memo(project: Path, model_builds: list[int]) -> None:
    bare = _run(project, use_cache=False)
    cold = _run(project)
    warm = _run(project)
    assert len(model_builds) == 2  # the bare run and the cold one; not the warm one
    assert _full(bare) == _full(cold) == _full(warm)
    assert bare.notes == warm.notes
    assert not warm.errors


def _append(rel: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a") as out:
            out.write(text)

    return edit


EDITS: dict[str, Callable[[Path], None]] = {
    # SL402 (unused dataset) and SL401 change with the catalog.
    "catalog entry added": _append(
        CATALOG_PATH,
        "\nunused:\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/u.csv\n",
    ),
    # A file the run never read before: only the list of files says it appeared.
    "new parameters file": _append("conf/base/parameters_extra.yml", "extra_unused: 3\n"),
    # conf/local is git-ignored: not a checked file, but the configuration reads it.
    "git-ignored local config": _append(
        "conf/local/catalog.yml", "companies:\n  type: pandas.NoSuchDataset\n  filepath: x.csv\n"
    ),
    "node signature": lambda root: (root / NODES_PATH).write_text(
        (root / NODES_PATH).read_text().replace("def clean(companies", "def clean(extra, companies")
    ),
    "parameter removed": lambda root: (root / PARAMETERS_PATH).write_text("model_options: {}\n"),
    "layer folder removed": lambda root: shutil.rmtree(root / "data/08_reporting"),
    "gitignore hides the nodes": _append(".gitignore", "\nsrc/proof/pipelines/main/nodes.py\n"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_change_rebuilds_what_the_memo_held(
    edit: Callable[[Path], None], project: Path, model_builds: list[int]
) -> None:
    before = _run(project)
    assert _full(_run(project)) == _full(before)
    builds = len(model_builds)
    edit(project)
    bare = _run(project, use_cache=False)
    warm = _run(project)
    assert len(model_builds) == builds + 2  # the bare run and the warm one both built it
    assert _full(warm) == _full(bare)
    assert warm.notes == bare.notes
    assert _full(bare) != _full(before)  # the edit mattered to some rule
    assert _full(_run(project)) == _full(bare)  # and the next memo holds the new findings


def test_git_rules_run_every_time(project: Path, model_builds: list[int]) -> None:
    (project / "conf/local/credentials.yml").write_text("db:\n  password: x\n")
    _run(project)
    before = [f.path for f in _run(project).findings if f.code == "SL502"]
    assert "conf/local/credentials.yml" not in before
    builds = len(model_builds)
    subprocess.run(["git", "add", "-f", "conf/local/credentials.yml"], cwd=project, check=True)
    warm = _run(project)  # no file changed: only git's index did
    assert len(model_builds) == builds  # the memo held
    assert "conf/local/credentials.yml" in [f.path for f in warm.findings if f.code == "SL502"]
    assert _full(warm) == _full(_run(project, use_cache=False))


def test_another_installed_dataset_package_rebuilds(
    project: Path, model_builds: list[int], monkeypatch
) -> None:
    _run(project)
    _run(project)
    builds = len(model_builds)
    monkeypatch.setattr(sl408, "installed_fingerprint", lambda: "kedro_datasets=/elsewhere@1")
    _run(project)
    assert len(model_builds) == builds + 1


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda memo: memo.update(index=[1, 2]),
        lambda memo: memo.update(findings=[["SL401"]]),
        lambda memo: memo.update(inputs="x"),
        lambda memo: memo.update(v=0),
        lambda memo: memo["inputs"].update({k: "0" * 32 for k in memo["inputs"]}),
    ],
    ids=["index", "findings", "inputs", "version", "forged digests"],
)
def test_a_corrupt_memo_is_not_trusted(corrupt, project: Path, model_builds: list[int]) -> None:
    make(project, {CATALOG_PATH: "companies:\n  type: pandas.CSVDataset\n  filepath: a.csv\n"})
    bare = _run(project, use_cache=False)
    _run(project)
    path = project / ".structlint_cache" / FILE_NAME
    raw = read_file(path)
    corrupt(raw["memo"])
    path.write_bytes(encode(raw))
    builds = len(model_builds)
    warm = _run(project)
    assert len(model_builds) == builds + 1
    assert not warm.errors
    assert _full(warm) == _full(bare)


@pytest.fixture
def index_builds(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = engine_mod.Engine._node_index

    def counting(self, files):
        calls.append(1)
        return real(self, files)

    monkeypatch.setattr(engine_mod.Engine, "_node_index", counting)
    return calls


INDEX_EDITS = {
    # (edit, whether the node index must be built again)
    "statement in a node body": (
        lambda root: (root / NODES_PATH).write_text(
            (root / NODES_PATH)
            .read_text()
            .replace("    return companies.dropna()", "    pass\n    return companies.dropna()")
        ),
        False,
    ),
    "catalog only": (_append(CATALOG_PATH, "\nmore:\n  type: pandas.CSVDataset\n"), False),
    "new top-level function": (_append(NODES_PATH, "\n\ndef extra(x):\n    return x\n"), True),
    "pipeline gains a node": (
        lambda root: (root / PIPELINE_PATH).write_text(
            (root / PIPELINE_PATH)
            .read_text()
            .replace(
                'node(report, ["train", "test"], "summary", name="report"),',
                'node(report, ["train", "test"], "summary", name="report"),\n'
                '            node(clean, "summary", "again", name="again"),',
            )
        ),
        True,
    ),
}


@pytest.mark.parametrize(("edit", "rebuilt"), INDEX_EDITS.values(), ids=INDEX_EDITS.keys())
def test_the_index_is_kept_while_its_facts_are(
    edit, rebuilt: bool, project: Path, index_builds: list[int]
) -> None:
    _run(project)
    edit(project)
    bare = _run(project, use_cache=False)
    before = len(index_builds)
    warm = _run(project)
    assert (len(index_builds) > before) is rebuilt
    assert _full(warm) == _full(bare)
    assert warm.notes == bare.notes
