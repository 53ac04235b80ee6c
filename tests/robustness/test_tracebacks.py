"""Bad input never ends in a Python traceback or an error that names no place: a closed pipe,
bad globs, an unreadable or oddly shaped pyproject.toml, configuration nested very deeply."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.integration.conftest import make_project, run_structlint

HARDCODED = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n"


def _no_traceback(r: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in r.stderr, r.stderr
    assert "internal error" not in r.stderr + r.stdout, r.stderr + r.stdout


# --------------------------------------------------------------------------- a closed pipe


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_a_reader_that_leaves_early_ends_the_run_quietly(tmp_path: Path, reader: str) -> None:
    root = make_project(tmp_path / "proj")
    # Enough findings that the output cannot fit in the pipe's buffer.
    body = "".join(f"    pd.read_csv('data/01_raw/x{i}.csv')\n" for i in range(1500))
    (root / "src/demo/many.py").write_text(f"import pandas as pd\n\n\ndef load():\n{body}")
    script = (
        f"{shutil.which('structlint')} check --no-cache --select SL101 | {reader}; "
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    r = subprocess.run(["bash", "-c", script], cwd=root, capture_output=True, text=True)
    _no_traceback(r)
    assert "BrokenPipe" not in r.stderr
    assert "status=141" in r.stderr, r.stderr  # as a process that SIGPIPE ended
    assert r.stderr.strip().splitlines() == ["status=141"], r.stderr


# --------------------------------------------------------------------------- globs


@pytest.mark.parametrize(
    ("config", "key", "line"),
    [
        ('exclude = ["src/[z-a]*.py"]\n', "exclude", 2),
        ('node-modules = ["**/[z-a]/nodes.py"]\n', "node-modules", 2),
        ('per-file-ignores = {"src/[z-a].py" = ["SL101"]}\n', "per-file-ignores", 2),
        ('exclude = ["src/[abc"]\n', "exclude", 2),
        ('\nnode-modules = ["a", "pipelines/[x/nodes.py"]\n', "node-modules", 3),
        ('per-file-ignores = {"tests/[" = ["SL101"]}\n', "per-file-ignores", 2),
    ],
)
def test_a_bad_glob_is_a_config_error_naming_key_and_line(
    tmp_path: Path, config: str, key: str, line: int
) -> None:
    root = make_project(tmp_path / "proj", {"pyproject.toml": f"[tool.structlint]\n{config}"})
    r = run_structlint("check", "--no-cache", cwd=root)
    _no_traceback(r)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"pyproject.toml:{line}: `{key}`" in r.stderr, r.stderr
    assert "Fix the glob" in r.stderr


def test_good_globs_with_brackets_still_load(tmp_path: Path) -> None:
    config = (
        'exclude = ["src/demo/[[]old].py", "src/demo/[!x]*_gen.py", "a[]]b"]\n'
        'per-file-ignores = {"src/demo/[a-z]*.py" = ["SL101"]}\n'
    )
    root = make_project(tmp_path / "proj", {"src/demo/io.py": HARDCODED}, config)
    r = run_structlint("check", "--no-cache", cwd=root)
    _no_traceback(r)
    assert r.returncode == 0, r.stdout + r.stderr


# --------------------------------------------------------------------------- pyproject.toml


def test_an_unreadable_pyproject_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # (tests run as root, which reads any file: make the read itself fail)
    from structlint import cli

    root = make_project(tmp_path / "proj")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "pyproject.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.chdir(root)
    assert cli.main(["check", "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert f"{root / 'pyproject.toml'}: cannot be read (Permission denied)" in err
    assert "chmod" in err


@pytest.mark.parametrize(
    ("toml", "line", "what"),
    [
        ('tool = "x"\n', 1, "`tool` must be a table"),
        ('[tool]\nkedro = "x"\n', 2, "`tool.kedro` must be a table"),
        ("[tool]\nkedro = [1, 2]\n", 2, "`tool.kedro` must be a table"),
        ("[tool]\nstructlint = 3\n", 2, "`tool.structlint` must be a table"),
        ("[tool]\nstructlint = []\n", 2, "`tool.structlint` must be a table"),
        ('[project]\nname = "demo"\n\n[tool.kedro]\npackage_name = 5\n', 5, "package_name"),
        ('[tool.kedro]\npackage_name = "demo"\nsource_dir = 5\n', 3, "source_dir"),
        ("[tool.kedro]\nsource_dir = true\n", 2, "source_dir"),
        ('[tool]\nkedro.package_name = ["demo"]\n', 2, "package_name"),
    ],
)
def test_a_tool_table_of_the_wrong_shape_is_a_located_config_error(
    tmp_path: Path, toml: str, line: int, what: str
) -> None:
    root = make_project(tmp_path / "proj", {"pyproject.toml": toml})
    r = run_structlint("check", "--no-cache", cwd=root)
    _no_traceback(r)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"pyproject.toml:{line}: " in r.stderr, r.stderr
    assert what in r.stderr
    assert "and run again" in r.stderr


def test_a_well_formed_tool_kedro_still_loads(tmp_path: Path) -> None:
    toml = '[tool]\nkedro = {package_name = "demo", source_dir = "src"}\n'
    root = make_project(tmp_path / "proj", {"pyproject.toml": toml, "src/demo/io.py": HARDCODED})
    r = run_structlint("check", "--no-cache", "--select", "SL101", cwd=root)
    _no_traceback(r)
    assert r.returncode == 1 and "src/demo/io.py:5:" in r.stdout, r.stdout + r.stderr
