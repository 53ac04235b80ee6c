"""A real editor: headless Neovim (Debian's package, 0.7 or later) with its built-in LSP
client starts `structlint server`, opens a generated project's nodes.py, and the test reads
the diagnostics Neovim received."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from tests.server.project import NODES, demo_project

NVIM = shutil.which("nvim")

# `vim.lsp.start_client` + `buf_attach_client`: what Neovim 0.7 has (0.8 added
# `vim.lsp.start`, the one-call form docs/editors.md shows).
INIT = """\
function StructlintRun()
  local id = vim.lsp.start_client({
    name = "structlint",
    cmd = { os.getenv("SL_PYTHON"), "-m", "structlint", "server" },
    root_dir = os.getenv("SL_ROOT"),
  })
  vim.lsp.buf_attach_client(0, id)
  vim.wait(180000, function() return #vim.diagnostic.get(0) > 0 end, 100)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(out, {
      line = d.lnum, col = d.col, message = d.message, source = d.source,
      code = d.code or lsp.code,
    })
  end
  local f = io.open(os.getenv("SL_OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.lsp.stop_client(id)
  vim.cmd("qa!")
end
"""


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim)")
def test_neovim_receives_the_diagnostics(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "proj")
    init = tmp_path / "init.lua"
    init.write_text(INIT, encoding="utf-8")
    out = tmp_path / "diagnostics.json"
    env = {
        "SL_PYTHON": sys.executable,
        "SL_ROOT": str(root),
        "SL_OUT": str(out),
        "HOME": str(tmp_path),  # no user configuration, no shada of the machine's
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    command = [NVIM, "--headless", "-n", "-i", "NONE", "-u", str(init), str(root / NODES)]
    done = subprocess.run(
        [*command, "-c", "lua StructlintRun()"],
        cwd=root,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.is_file(), done.stdout + done.stderr
    got = json.loads(out.read_text())
    assert [(d["code"], d["line"], d["col"], d["source"]) for d in got] == [
        ("SL101", 2, 9, "structlint")
    ]
    assert "hardcoded path" in got[0]["message"]
