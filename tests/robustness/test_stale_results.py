"""A cached run finds what a run without the cache finds, whatever changed between (or during)
runs; and what the project says (`source_dir`, line ends, newer syntax, the paths named) is
read as Kedro and Python read it, never dropped in silence."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import structlint.run.filecheck as filecheck_mod
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import package_dir
from structlint.rules.registry import rules_by_code
from structlint.run.engine import Engine
from tests.helpers import PYPROJECT, write_project
from tests.integration.conftest import CLEAN_FILES, make_project, run_structlint

ALL = list(rules_by_code())


@pytest.fixture(autouse=True)
def key_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


def _full(result) -> list[tuple]:
    return sorted(
        (f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message)
        for f in result.findings
    )


def _run(root: Path, use_cache: bool, jobs: int = 1):
    return Engine(load_settings(root), ALL, jobs=jobs, use_cache=use_cache).run()


def _same_as_without_cache(root: Path, jobs: int = 1) -> list[tuple]:
    cached = _run(root, True, jobs)
    bare = _run(root, False)
    assert not cached.errors and not bare.errors
    assert _full(cached) == _full(bare)
    return _full(bare)


_CROSS = (
    "from demo.pipelines.other.nodes import helper\n\n\n"
    "def clean(df, threshold):\n    return helper(df)\n"
)


def _other_pipeline(root: Path, with_pipeline_py: bool = True) -> None:
    folder = root / "src/demo/pipelines/other"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("")
    (folder / "nodes.py").write_text("def helper(df):\n    return df\n")
    if with_pipeline_py:
        (folder / "pipeline.py").write_text(
            "from kedro.pipeline import Pipeline\n\n\n"
            "def create_pipeline(**kwargs):\n    return Pipeline([])\n"
        )


def test_sl504_follows_pipeline_folders_that_appear_and_disappear(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"src/demo/pipelines/demo/nodes.py": _CROSS})
    codes = lambda found: {c for *_, c, _m in found}  # noqa: E731
    assert "SL504" not in codes(_same_as_without_cache(root))
    _other_pipeline(root)
    assert "SL504" in codes(_same_as_without_cache(root))
    shutil.rmtree(root / "src/demo/pipelines/other")
    assert "SL504" not in codes(_same_as_without_cache(root))
    # Only a plain module of that name: still no other pipeline.
    (root / "src/demo/pipelines/other.py").write_text("def helper(df):\n    return df\n")
    _same_as_without_cache(root)
    (root / "src/demo/pipelines/other.py").unlink()
    # pipeline.py coming and going is part of the key too (what makes a pipeline package).
    _other_pipeline(root, with_pipeline_py=False)
    _same_as_without_cache(root)
    _other_pipeline(root, with_pipeline_py=True)
    _same_as_without_cache(root)
    (root / "src/demo/pipelines/other/pipeline.py").unlink()
    _same_as_without_cache(root)


def test_a_file_edited_while_the_run_reads_it_does_not_poison_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run reads a file to look it up, a worker reads it again to check it: when an edit
    lands in between, the results are stored under what the worker read."""
    lines = "".join(f"    pd.read_csv('data/01_raw/f{i}.csv')\n" for i in range(30))
    helpers = f"import pandas as pd\n\n\ndef load():\n{lines}"
    files = {f"src/demo/mod{i}.py": f"X{i} = 1\n" for i in range(20)}
    root = make_project(tmp_path / "proj", {**files, "src/demo/helpers.py": helpers})
    real = filecheck_mod.read
    main = os.getpid()

    def racing(where: Path, path: str) -> bytes | None:
        data = real(where, path)
        if os.getpid() != main and path == "src/demo/helpers.py" and data:
            return data[: len(data) // 3]  # the worker sees the file half written
        return data

    monkeypatch.setattr(filecheck_mod, "read", racing)
    raced = _run(root, True, jobs=2)
    assert raced.findings  # whatever the worker saw
    monkeypatch.setattr(filecheck_mod, "read", real)
    found = _same_as_without_cache(root, jobs=2)
    assert len([f for f in found if f[5] == "SL101"]) == 30


def _kedro_project(root: Path, source_dir: str, package_at: str) -> Path:
    files = {
        k.replace("src/demo/", f"{package_at}demo/"): v
        for k, v in CLEAN_FILES.items()
        if k.startswith("src/") or not k.startswith("tests/")
    }
    files[f"{package_at}demo/pipelines/demo/helpers.py"] = (
        "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n"
    )
    kedro = f'source_dir = "{source_dir}"'
    files["pyproject.toml"] = PYPROJECT.replace('source_dir = "src"', kedro)
    return write_project(root, files)


def _codes_by_file(root: Path) -> set[tuple[str, str]]:
    return {(Path(f[0]).name, f[5]) for f in _same_as_without_cache(root)}


@pytest.mark.parametrize(
    ("source_dir", "package_at"),
    [("./src", "src/"), ("src/", "src/"), (".", ""), ("./", ""), ("{root}/src", "src/")],
)
def test_source_dir_is_read_as_kedro_reads_it(
    tmp_path: Path, source_dir: str, package_at: str
) -> None:
    plain = _codes_by_file(_kedro_project(tmp_path / "plain", "src", "src/"))
    assert ("helpers.py", "SL101") in plain
    root = tmp_path / "other"
    odd = _codes_by_file(_kedro_project(root, source_dir.format(root=root), package_at))
    assert odd == plain


def test_an_absolute_source_dir_outside_the_project_keeps_its_slash(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "proj",
        {
            "pyproject.toml": PYPROJECT.replace(
                'source_dir = "src"', f'source_dir = "{tmp_path}/elsewhere"'
            )
        },
    )
    assert package_dir(load_settings(root)) == f"{tmp_path}/elsewhere/demo"


_FF = "import pandas as pd\n\n# a page break\x0c here\n\n\ndef load():\n"
_LS = "import pandas as pd\n\nNOTE = 'a line\u2028separator'\n\n\ndef load():\n"


@pytest.mark.parametrize("head", [_FF, _LS], ids=["form-feed", "u2028"])
def test_noqa_and_the_shown_line_count_lines_as_python_does(tmp_path: Path, head: str) -> None:
    call = "    return pd.read_csv('data/01_raw/x.csv')"
    root = make_project(
        tmp_path / "proj",
        {
            "src/demo/quiet.py": f"{head}{call}  # noqa: SL101\n",
            "src/demo/loud.py": f"{head}{call}\n",
        },
    )
    r = run_structlint("check", "--no-cache", "--select", "SL101,SL003", cwd=root)
    assert r.returncode == 1, r.stderr
    assert "quiet.py" not in r.stdout
    assert "loud.py:7:" in r.stdout
    assert "read_csv('data/01_raw/x.csv')" in r.stdout  # the line shown is the finding's


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the running Python knows the syntax")
def test_newer_syntax_keeps_the_model_and_node_functions(tmp_path: Path) -> None:
    """`type X = int` and PEP 695 generics, on a Python that does not know them: the files
    are still understood (libcst knows the syntax) and give the same findings."""
    impure = "    df.to_csv('data/08_reporting/out.csv')\n"
    nodes = (
        "import pandas as pd\n\n\ndef clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        f"{impure}    return df\n"
    )
    newer_nodes = (
        "import pandas as pd\n\ntype Frame = pd.DataFrame\n\n\n"
        "def clean[T](df: Frame, threshold: T) -> Frame:\n"
        f"{impure}    return df\n"
    )
    pipeline = CLEAN_FILES["src/demo/pipelines/demo/pipeline.py"].replace('"cleaned"', '"nowhere"')
    base = {"src/demo/pipelines/demo/pipeline.py": pipeline}
    old = make_project(tmp_path / "old", {**base, "src/demo/pipelines/demo/nodes.py": nodes})
    new = make_project(
        tmp_path / "new",
        {
            "src/demo/pipelines/demo/pipeline.py": pipeline + "\ntype Names = list[str]\n",
            "src/demo/pipelines/demo/nodes.py": newer_nodes,
        },
    )
    want = {(f[0], f[5]) for f in _same_as_without_cache(old)}
    got = {(f[0], f[5]) for f in _same_as_without_cache(new)}
    assert any(code.startswith("SL2") for _, code in want)  # the node function is known
    assert any(code.startswith("SL4") for _, code in want)  # and the pipeline model
    assert got == want


def test_paths_of_two_projects_are_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    outside = tmp_path / "loose"
    outside.mkdir()
    (outside / "file.py").write_text("X = 1\n")
    r = run_structlint("check", outside / "file.py", "src/demo/pipelines/demo/nodes.py", cwd=root)
    assert r.returncode == 2
    assert "one project per run" in r.stderr and "nodes.py" in r.stderr
    # Paths of one project are fine, in any order.
    r = run_structlint("check", "src/demo/pipelines/demo/nodes.py", "conf/base", cwd=root)
    assert r.returncode == 0, r.stderr


def test_a_folder_that_is_no_project_says_nothing_was_checked(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "README.md").write_text("hello\n")
    r = run_structlint("check", cwd=folder)
    assert r.returncode == 0
    assert "nothing was checked" in r.stderr and "All checks passed" not in r.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["README.md"]


# --------------------------------------------------------------------------- random edits

_EDITS = st.lists(
    st.sampled_from(
        [
            "add-other",
            "add-other-without-pipeline-py",
            "remove-other",
            "cross-import",
            "plain-import",
            "add-module",
            "remove-module",
            "rename-dataset",
            "restore-dataset",
            "race",
        ]
    ),
    min_size=1,
    max_size=6,
)


def _edit(root: Path, edit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = root / "src/demo/pipelines/demo/nodes.py"
    pipeline = root / "src/demo/pipelines/demo/pipeline.py"
    if edit == "add-other":
        _other_pipeline(root)
    elif edit == "add-other-without-pipeline-py":
        _other_pipeline(root, with_pipeline_py=False)
    elif edit == "remove-other":
        shutil.rmtree(root / "src/demo/pipelines/other", ignore_errors=True)
    elif edit == "cross-import":
        nodes.write_text(_CROSS)
    elif edit == "plain-import":
        nodes.write_text(CLEAN_FILES["src/demo/pipelines/demo/nodes.py"])
    elif edit == "add-module":
        (root / "src/demo/pipelines/demo/extra.py").write_text(
            "from demo.pipelines.other import nodes\n"
        )
    elif edit == "remove-module":
        (root / "src/demo/pipelines/demo/extra.py").unlink(missing_ok=True)
    elif edit == "rename-dataset":
        pipeline.write_text(pipeline.read_text().replace('"cleaned"', '"cleaned2"'))
    elif edit == "restore-dataset":
        pipeline.write_text(pipeline.read_text().replace('"cleaned2"', '"cleaned"'))
    elif edit == "race":
        # A check runs while the file is half written: its worker reads the half.
        real = filecheck_mod.read
        main = os.getpid()

        def racing(where: Path, path: str) -> bytes | None:
            data = real(where, path)
            if os.getpid() != main and path.endswith("nodes.py") and data:
                return data[: len(data) // 2]
            return data

        monkeypatch.setattr(filecheck_mod, "read", racing)
        _run(root, True, jobs=2)
        monkeypatch.setattr(filecheck_mod, "read", real)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edits=_EDITS)
def test_random_edits_cached_equals_uncached(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, edits: list[str]
) -> None:
    root = make_project(tmp_path_factory.mktemp("edits"))
    _run(root, True)
    for edit in edits:
        _edit(root, edit, monkeypatch)
        cached = _run(root, True, jobs=2)
        bare = _run(root, False)
        assert _full(cached) == _full(bare), edits
        assert cached.notes == bare.notes
