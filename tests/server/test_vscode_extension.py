"""The VS Code extension (editors/vscode/) builds into a .vsix with the registry's npm
tooling (`npm ci`, `tsc`, `vsce package`), and the package carries the compiled client and
the settings users set."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")
def test_the_extension_builds_into_a_vsix(tmp_path: Path) -> None:
    work = tmp_path / "vscode"
    shutil.copytree(EXTENSION, work, ignore=shutil.ignore_patterns("node_modules", "out", "*.vsix"))
    for cmd in (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "package"]):
        done = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout + done.stderr
    with zipfile.ZipFile(work / "structlint.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        compiled = vsix.read("extension/out/extension.js").decode()
    assert "extension/node_modules/vscode-languageclient/package.json" in names
    assert not any(n.startswith("extension/src/") for n in names)
    settings = manifest["contributes"]["configuration"]["properties"]
    assert {
        "structlint.enable",
        "structlint.path",
        "structlint.interpreter",
        "structlint.args",
    } <= set(settings)
    # It starts `structlint server`, from the interpreter the Python extension selected.
    assert '"server"' in compiled and "ms-python.python" in compiled
