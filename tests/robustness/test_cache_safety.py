"""The cache never loses a user's file: it uses only a folder of its own (refusing, with exit 2
naming `cache-dir` and its line, the project root, the sources, `conf/`, `data/` and a folder
that holds files it did not write), deletes only what it can prove it wrote, and writes its
`.gitignore` only into a folder it created. Its files are trusted only with a checksum keyed by
a secret kept outside the cache folder."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from structlint.run.cache import FILE_NAME, MAGIC
from structlint.run.cachedir import MARKER
from tests.integration.conftest import make_project, run_structlint

pytestmark = pytest.mark.usefixtures("key_home")


@pytest.fixture
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache home (where the cache key lives) in the test's own folder."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _snapshot(folder: Path) -> dict[str, bytes]:
    files = (p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


@pytest.mark.parametrize(
    ("cache_dir", "what"),
    [
        ("data/06_models", "`data/`"),
        ("data", "`data/`"),
        (".", "project root"),
        ("..", "project root"),
        ("src", "source folder"),
        ("src/demo/pipelines", "source folder"),
        ("conf/base", "`conf/`"),
        (".git", "`.git/`"),
    ],
)
def test_a_cache_dir_on_the_users_files_is_refused_and_nothing_is_touched(
    tmp_path: Path, cache_dir: str, what: str
) -> None:
    root = make_project(tmp_path / "proj", config=f'cache-dir = "{cache_dir}"\n')
    (root / ".git").mkdir()
    (root / "data/06_models/model-v3.json").write_text('{"weights": [1, 2]}')
    (root / "data/06_models/embeddings-v12.bin").write_bytes(b"\x00\x01")
    (root / "openapi-v3.json").write_text("{}")
    before = _snapshot(tmp_path)
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "cache-dir" in r.stderr and what in r.stderr
    assert "pyproject.toml:" in r.stderr  # the line of the key
    assert _snapshot(tmp_path) == before  # nothing deleted, no `.gitignore` written
    # --no-cache still checks the project.
    assert run_structlint("check", "--no-cache", cwd=root).returncode == 0


def test_a_folder_of_foreign_files_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "shared"
    outside.mkdir()
    (outside / "report-v2.json").write_text("keep me")
    root = make_project(tmp_path / "proj", config=f'cache-dir = "{outside}"\n')
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2
    assert "report-v2.json" in r.stderr and "did not write" in r.stderr
    assert (outside / "report-v2.json").read_text() == "keep me"
    assert sorted(p.name for p in outside.iterdir()) == ["report-v2.json"]


def test_a_new_folder_outside_the_project_is_used_and_marked(tmp_path: Path) -> None:
    outside = tmp_path / "caches" / "mine"
    root = make_project(tmp_path / "proj", config=f'cache-dir = "{outside}"\n')
    assert run_structlint("check", cwd=root).returncode == 0
    assert (outside / MARKER).is_file() and (outside / FILE_NAME).is_file()
    assert (outside / ".gitignore").read_text().splitlines()[-1] == "*"
    # The second run takes the folder as its own.
    assert run_structlint("check", cwd=root).returncode == 0


def test_an_existing_empty_folder_gets_no_gitignore(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", config='cache-dir = "tmp/lint"\n')
    (root / "tmp/lint").mkdir(parents=True)
    assert run_structlint("check", cwd=root).returncode == 0
    assert (root / "tmp/lint" / MARKER).is_file()
    assert not (root / "tmp/lint/.gitignore").exists()


def test_only_files_the_cache_wrote_are_removed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    assert run_structlint("check", cwd=root).returncode == 0
    folder = root / ".structlint_cache"
    old = folder / "results-v1.bin"
    old.write_bytes(MAGIC + b"old format")
    lookalike = folder / "embeddings-v12.bin"
    lookalike.write_bytes(b"\x00 weights")
    (root / "src/demo/new.py").write_text("X = 1\n")  # something to save
    assert run_structlint("check", cwd=root).returncode == 0
    assert not old.exists()
    assert lookalike.read_bytes() == b"\x00 weights"


def _resign_unkeyed(path: Path, change) -> None:
    """Re-encode a cache file the way anyone could without the key: magic, unkeyed digest."""
    import hashlib

    data = path.read_bytes()
    body = data[len(MAGIC) + 16 :]
    payload = marshal.loads(body)
    change(payload)
    body = marshal.dumps(payload)
    path.write_bytes(MAGIC + hashlib.blake2b(body, digest_size=16).digest() + body)


def test_a_cache_file_signed_without_the_key_is_not_trusted(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    bad = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n"
    (root / "src/demo/helpers.py").write_text(bad)
    first = run_structlint("check", "--output-format", "json", cwd=root)
    assert first.returncode == 1 and "SL101" in first.stdout

    def forget(payload: dict) -> None:
        for entry in payload["results"].values():
            entry[1] = []  # "no findings"
        payload["memo"] = None

    _resign_unkeyed(root / ".structlint_cache" / FILE_NAME, forget)
    again = run_structlint("check", "--output-format", "json", cwd=root)
    assert again.returncode == 1 and again.stdout == first.stdout


def test_the_key_lives_outside_the_cache_folder(tmp_path: Path, key_home: Path) -> None:
    root = make_project(tmp_path / "proj")
    assert run_structlint("check", cwd=root).returncode == 0
    keys = list((key_home / "structlint").iterdir())
    assert len(keys) == 1 and keys[0].stat().st_mode & 0o077 == 0
    assert not any("key" in p.name for p in (root / ".structlint_cache").iterdir())


def test_without_a_writable_key_home_the_run_still_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setenv("HOME", str(blocked))
    root = make_project(tmp_path / "proj")
    (root / "src/demo/broken.py").write_text("def f(:\n")
    for _ in range(2):
        r = run_structlint("check", cwd=root)
        assert r.returncode == 1 and "SL001" in r.stdout, r.stderr
