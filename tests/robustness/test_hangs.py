"""Inputs that used to hang a run or make it cost far more than the project's size: a FIFO,
socket or device named like a checked file, a YAML alias bomb through the cache, many
findings in one file, a very large catalog. Each run has a timeout well above what it costs."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from tests.integration.conftest import make_project, run_structlint

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


@pytest.fixture(autouse=True)
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.mark.parametrize(
    "name",
    [
        "src/demo/pipelines/demo/fifo.py",
        "conf/base/catalog_x.yml",
        "conf/base/parameters_fifo.yml",
        "src/.gitignore",
    ],
)
@pytest.mark.parametrize("cache", [True, False])
def test_a_fifo_named_like_a_checked_file_does_not_hang(
    tmp_path: Path, name: str, cache: bool
) -> None:
    root = make_project(tmp_path / "proj")
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / name)
    args = ("check",) if cache else ("check", "--no-cache")
    r = run_structlint(*args, cwd=root, timeout=60)
    if name.endswith(".yml"):
        # A config file Kedro would block on is reported, the rest is checked.
        assert r.returncode == 1, r.stdout + r.stderr
        assert f"{name}:1:1: SL002" in r.stdout and "not a regular file" in r.stdout
    else:
        assert r.returncode == 0, r.stdout + r.stderr


def test_a_fifo_named_on_the_command_line_does_not_hang(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    os.mkfifo(root / "src/demo/named.py")
    r = run_structlint("check", "src/demo/named.py", cwd=root, timeout=60)
    assert r.returncode in (0, 1), r.stderr


def test_a_socket_named_like_a_python_file_does_not_hang(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    path = root / "src/demo/sock.py"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for AF_UNIX")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        r = run_structlint("check", cwd=root, timeout=60)
    finally:
        server.close()
    assert r.returncode == 0, r.stdout + r.stderr


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


@pytest.mark.parametrize("where", ["conf/base/parameters.yml", "conf/base/catalog.yml"])
def test_a_yaml_alias_bomb_does_not_hang_a_cached_run(tmp_path: Path, where: str) -> None:
    root = make_project(tmp_path / "proj")
    (root / where).write_text(_BOMB)
    times = []
    outputs = []
    for args in (("--no-cache",), (), ()):  # without cache, then a cold and a warm cached run
        start = time.perf_counter()
        r = run_structlint("check", "--output-format", "json", *args, cwd=root, timeout=60)
        times.append(time.perf_counter() - start)
        assert r.returncode in (0, 1), r.stderr
        outputs.append(r.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert max(times) < 20, times
