"""Every output format stays valid for file names and messages that are awkward to write: a
name that is not UTF-8, a `,` `:` `%` or newline in a name, and internal errors in formats
that would otherwise hide them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import make_project, run_structlint

FORMATS = ("full", "concise", "json", "sarif", "github", "gitlab")
HARDCODED = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n"


def _check(root: Path, *args: str) -> tuple[int, str, str]:
    r = run_structlint("check", "--no-cache", "--select", "SL101", *args, cwd=root)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def odd_names(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "proj")
    pkg = root / "src/demo"
    # A Latin-1 byte in a file name: Python gives it as a lone surrogate (surrogateescape).
    os.makedirs(os.fsencode(pkg) + b"/caf\xe9", exist_ok=True)
    (Path(os.fsdecode(os.fsencode(pkg) + b"/caf\xe9")) / "io.py").write_text(HARDCODED)
    (pkg / "a,b:c%d.py").write_text(HARDCODED)
    return root


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_writes_a_non_utf8_file_name(odd_names: Path, fmt: str) -> None:
    code, out, err = _check(odd_names, "--output-format", fmt)
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    if fmt in ("json", "sarif", "gitlab"):
        out = json.dumps(json.loads(out), ensure_ascii=False)
    assert "caf\ufffd" in out or "caf%E9" in out, out


def test_sarif_uris_are_percent_encoded_relative_references(odd_names: Path) -> None:
    code, out, _ = _check(odd_names, "--output-format", "sarif")
    assert code == 1
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.loads(out)["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert "src/demo/caf%E9/io.py" in uris
    assert "src/demo/a%2Cb%3Ac%25d.py" in uris
    assert all(not u.startswith("/") and " " not in u for u in uris)


def test_github_escapes_properties_and_messages(odd_names: Path) -> None:
    code, out, _ = _check(odd_names, "--output-format", "github")
    assert code == 1
    line = next(ln for ln in out.splitlines() if "a%2Cb%3Ac%25d.py" in ln)
    props, _, message = line.partition("::error ")[2].partition("::")
    assert "file=src/demo/a%2Cb%3Ac%25d.py," in props + ","
    # every property is `name=value`: a raw `,` or `:` in the value would break that
    assert all("=" in p for p in props.split(","))
    assert message.startswith("SL101 ")


def test_github_escapes_newlines_in_a_file_name(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    (root / "src/demo/two\nlines.py").write_text(HARDCODED)
    code, out, _ = _check(root, "--output-format", "github")
    assert code == 1
    assert "file=src/demo/two%0Alines.py," in out
    assert all(line.startswith("::error ") for line in out.splitlines())


@pytest.mark.parametrize("fmt", FORMATS)
def test_internal_errors_are_on_stderr_or_in_the_text(tmp_path: Path, fmt: str) -> None:
    # A plugin-free way to make structlint fail inside: a rule module that raises, reached
    # through the real engine, is not available from the command line, so run in-process.
    from structlint import cli
    from structlint.core.findings import InternalError
    from structlint.run.engine import Engine, RunResult

    root = make_project(tmp_path / "proj")

    def broken_run(self: Engine, paths: object = ()) -> RunResult:
        return RunResult([], [InternalError("src/demo/nodes.py", "SL201", "boom")], 3, [])

    mp = pytest.MonkeyPatch()
    mp.setattr(Engine, "run", broken_run)
    mp.chdir(root)
    out_file, err_file = tmp_path / "out", tmp_path / "err"
    try:
        with open(out_file, "w") as out, open(err_file, "w") as err:
            mp.setattr(sys, "stdout", out)
            mp.setattr(sys, "stderr", err)
            code = cli.main(["check", "--no-cache", "--output-format", fmt])
    finally:
        mp.undo()
    out_text, err_text = out_file.read_text(), err_file.read_text()
    assert code == 2
    assert "internal error in SL201 on src/demo/nodes.py: boom" in out_text + err_text
    if fmt not in ("full", "concise"):
        assert "internal error in SL201 on src/demo/nodes.py: boom" in err_text
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(out_text)
