"""structlint never writes to the files it checks: the whole tree (contents, modes and
modification times) is the same after every kind of run, except for the cache folder."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from tests.integration.conftest import BROKEN, make_project, run_structlint

CACHE = ".structlint_cache"


def _snapshot(root: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == CACHE or rel.startswith(CACHE + "/") or path.is_dir():
            continue
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "link"
        out[rel] = (digest, stat.S_IMODE(info.st_mode), info.st_mtime_ns)
    return out


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A project with something for every kind of finding and every odd file."""
    files = {
        "src/demo/pipelines/demo/broken.py": BROKEN,
        "src/demo/pipelines/demo/helpers.py": (
            "import pandas as pd\n\n\ndef load():\n"
            "    return pd.read_csv('data/01_raw/x.csv')  # noqa: SL101\n"
        ),
        "src/demo/crlf.py": "x = 1\r\ny = 'data/01_raw/a.csv'\r\n",
        "conf/base/broken.yml": "a: [1\n",
    }
    root = make_project(tmp_path / "proj", files)
    (root / "src/demo/latin.py").write_bytes(b"# coding: latin-1\nname = '\xe9'\n")
    (root / "src/demo/binary.py").write_bytes(b"\x00\x01\x02\xff")
    (root / "src/demo/bom.py").write_bytes(b"\xef\xbb\xbfx = 1\n")
    return root


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("check", "--no-cache"),
        ("check", "--select", "ALL", "--jobs", "2"),
        ("check", "--output-format", "json", "--statistics"),
        ("check", "--output-format", "sarif"),
        ("check", "--show-settings"),
        ("check", "src/demo/pipelines/demo/broken.py", "conf/base/broken.yml"),
    ],
    ids=lambda a: " ".join(a),
)
def test_checked_files_are_never_written(messy: Path, args: tuple[str, ...]) -> None:
    before = _snapshot(messy)
    for _ in range(2):  # a cold run, then a warm one that reads the cache
        r = run_structlint(*args, cwd=messy)
        assert r.returncode in (0, 1), r.stderr
    assert _snapshot(messy) == before


def test_a_read_only_project_is_checked(messy: Path) -> None:
    """A checkout without write permission (CI caches, containers) still gets its findings."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can write to read-only folders")
    modes = {p: p.stat().st_mode for p in [messy, *messy.rglob("*")]}
    try:
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        r = run_structlint("check", cwd=messy)
        assert r.returncode == 1, r.stderr
        assert "SL001" in r.stdout
    finally:
        for p in sorted(modes, key=lambda p: len(p.parts)):
            p.chmod(modes[p])
