"""Configuration that Kedro's OmegaConfigLoader (Kedro 1.7) stops on gets a located SL002,
saying what to do, and every other rule keeps working for the rest of the project.

What Kedro does with each input was checked against Kedro 1.7 and OmegaConf: a duplicate key
(ConstructorError "found duplicate key"), a file that is not UTF-8 (UnicodeDecodeError), a NUL
byte (ReaderError), a top-level list (ConfigAttributeError / AttributeError) or number
(OSError "Invalid loaded object type"), `${missing}` (InterpolationKeyError), an unclosed
`${globals:...` (GrammarParseError), `${globals:nope}` without a default, a recursive alias,
and nesting beyond about 80 levels (RecursionError)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import run
from tests.integration.conftest import CATALOG, make_project, run_structlint

HARDCODED = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('data/01_raw/x.csv')\n"
IO = "src/demo/io.py"


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_project(tmp_path / "proj", {IO: HARDCODED, **files})


def _sl002(root: Path) -> dict[tuple[str, int], str]:
    result = run(root, select=["SL002", "SL101", "SL401", "SL304"])
    assert not result.errors, result.errors
    # every other rule keeps working: the hard-coded path is still found, and nothing of the
    # clean project (its catalog and parameters) is lost
    codes = {(f.path, f.code) for f in result.findings}
    assert (IO, "SL101") in codes, result.findings
    others = {f for f in result.findings if f.code not in ("SL002", "SL101")}
    assert not others, others
    return {(f.path, f.line): f.message for f in result.findings if f.code == "SL002"}


def _one(root: Path, path: str, line: int, *words: str) -> str:
    got = _sl002(root)
    assert set(got) == {(path, line)}, got
    message = got[(path, line)]
    for word in words:
        assert word in message, message
    assert "Kedro's OmegaConfigLoader stops" in message
    return message


# --------------------------------------------------------------------------- duplicate keys


def test_a_duplicate_top_level_key(tmp_path: Path) -> None:
    catalog = CATALOG + "\nraw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n"
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    _one(
        root, "conf/base/catalog.yml", 9, "`raw` is written twice", "(first at line 1)", "keep one"
    )


def test_a_duplicate_nested_key(tmp_path: Path) -> None:
    catalog = CATALOG.replace(
        "filepath: data/01_raw/raw.csv\n",
        "filepath: data/01_raw/raw.csv\n  filepath: data/01_raw/other.csv\n",
    )
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    _one(root, "conf/base/catalog.yml", 4, "`filepath` is written twice")


def test_a_duplicate_parameter(tmp_path: Path) -> None:
    root = _project(tmp_path, {"conf/base/parameters.yml": "threshold: 0.5\nthreshold: 0.7\n"})
    _one(root, "conf/base/parameters.yml", 2, "`threshold` is written twice")


def test_keys_that_are_no_duplicates_for_kedro_stay_silent(tmp_path: Path) -> None:
    catalog = (
        "_csv: &csv\n  type: pandas.CSVDataset\n  filepath: data/01_raw/raw.csv\n"
        "raw:\n  <<: *csv\n  filepath: data/01_raw/raw.csv\n"  # a merge key overridden
        "cleaned:\n  type: pandas.ParquetDataset\n  filepath: data/02_intermediate/c.parquet\n"
        "  save_args:\n    1: a\n    '1': b\n"  # an int and a str key: different keys
    )
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    assert _sl002(root) == {}


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "line", "words"),
    [
        (b"extra:\n  type: pandas.CSVDataset\n  filepath: caf\xe9.csv\n", 3, ("not valid UTF-8",)),
        (b"extra:\n  type: pandas.CSVDataset\x00\n", 2, ("NUL byte",)),
        ("extra:\n  type: pandas.CSVDataset\n".encode("utf-16"), 1, ("UTF-16",)),
    ],
    ids=["latin-1", "nul", "utf-16"],
)
def test_a_catalog_that_is_not_utf8(
    tmp_path: Path, data: bytes, line: int, words: tuple[str, ...]
) -> None:
    root = _project(tmp_path, {})
    (root / "conf/base/catalog_extra.yml").write_bytes(data)
    _one(root, "conf/base/catalog_extra.yml", line, *words, "save it as UTF-8")


def test_a_utf8_bom_is_fine(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "conf/base/catalog.yml").write_bytes(b"\xef\xbb\xbf" + CATALOG.encode())
    assert _sl002(root) == {}


# --------------------------------------------------------------------------- top level


@pytest.mark.parametrize(
    ("path", "text", "line", "word"),
    [
        ("conf/base/catalog_extra.yml", "- raw\n- cleaned\n", 1, "a list"),
        ("conf/base/parameters_more.yml", "# comment\n\n42\n", 3, "a single int"),
        ("conf/local/catalog.yml", "hello\n", 1, "the bare string 'hello'"),
        ("conf/base/parameters/model.yml", "[1, 2]\n", 1, "a list"),
    ],
)
def test_a_top_level_that_is_no_mapping(
    tmp_path: Path, path: str, text: str, line: int, word: str
) -> None:
    root = _project(tmp_path, {path: text})
    _one(root, path, line, word, "needs a mapping", "`name: value`")


def test_an_empty_file_and_a_list_outside_the_loaders_patterns_stay_silent(
    tmp_path: Path,
) -> None:
    files = {"conf/base/catalog_empty.yml": "# nothing yet\n", "conf/base/spark.yml": "- a\n"}
    root = _project(tmp_path, files)
    assert _sl002(root) == {}


# --------------------------------------------------------------------------- interpolation


@pytest.mark.parametrize(
    ("path", "text", "line", "words"),
    [
        (
            "conf/base/catalog_extra.yml",
            "extra:\n  type: pandas.CSVDataset\n  filepath: ${missing}/x.csv\n",
            3,
            ("`${missing}` refers to `missing`", "InterpolationKeyError"),
        ),
        (
            "conf/base/parameters_extra.yml",
            "a:\n  b: ${threshold.value}\n",  # threshold is a number: nothing below it
            2,
            ("`threshold.value`", "--params"),
        ),
        (
            "conf/base/catalog_extra.yml",
            "extra:\n  type: pandas.CSVDataset\n  filepath: ${globals:root/x.csv\n",
            3,
            ("never closed", "GrammarParseError"),
        ),
        (
            "conf/base/catalog_extra.yml",
            "extra:\n  type: pandas.CSVDataset\n  filepath: ${globals:nope}/x.csv\n",
            3,
            ("`${globals:nope}` names no key of the globals", "${globals:nope,<default>}"),
        ),
    ],
    ids=["missing", "below-a-scalar", "unclosed", "no-such-global"],
)
def test_an_interpolation_kedro_cannot_resolve(
    tmp_path: Path, path: str, text: str, line: int, words: tuple[str, ...]
) -> None:
    root = _project(tmp_path, {path: text, "conf/base/globals.yml": "root: data\n"})
    _one(root, path, line, *words)


def test_interpolations_kedro_resolves_stay_silent(tmp_path: Path) -> None:
    catalog = CATALOG + (
        "_root: data/01_raw\n"
        "extra:\n  type: pandas.CSVDataset\n  filepath: ${_root}/${globals:sub}/e.csv\n"
        "  load_args:\n    sep: ${globals:sep,','}\n    user: ${oc.env:USER}\n"
        "    literal: '\\${not.an.interpolation}'\n    when: ${runtime_params:day}\n"
    )
    files = {
        "conf/base/catalog.yml": catalog,
        "conf/base/globals.yml": "sub: x\n",
        # a key of another file and of the other environment: Kedro merges before resolving
        "conf/base/parameters.yml": "threshold: 0.5\nmodel:\n  size: ${sizes.small}\n",
        "conf/local/parameters_sizes.yml": "sizes:\n  small: 3\n",
    }
    root = _project(tmp_path, files)
    assert _sl002(root) == {}


# --------------------------------------------------------------------------- unreadable files


def test_a_broken_symlink(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    (root / "conf/base/catalog_gone.yml").symlink_to(root / "conf/base/nowhere.yml")
    _one(root, "conf/base/catalog_gone.yml", 1, "symbolic link", "does not exist")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    root = _project(tmp_path, {"conf/base/catalog_secret.yml": "a: 1\n"})
    (root / "conf/base/catalog_secret.yml").chmod(0)
    try:
        _one(root, "conf/base/catalog_secret.yml", 1, "cannot be read", "chmod")
    finally:
        (root / "conf/base/catalog_secret.yml").chmod(0o644)


def test_an_unreadable_file_reported_in_process(tmp_path: Path) -> None:
    # (tests run as root: the reason is read from a file opened with no read permission)
    from structlint.project.conf import unreadable

    root = _project(tmp_path, {"conf/base/catalog_secret.yml": "a: 1\n"})
    mp = pytest.MonkeyPatch()

    def deny(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    mp.setattr("builtins.open", deny)
    try:
        line, col, why = unreadable(root, "conf/base/catalog_secret.yml")
    finally:
        mp.undo()
    assert (line, col) == (1, 1) and "Permission denied" in why and "chmod u+r" in why


def _deep_folder(base: Path, total: int = 4300) -> str:
    """Folders below `base` whose full path is longer than PATH_MAX (4096 on Linux), made one
    step at a time (no single call sees the whole path). Returns the relative path of the
    first folder too deep to be listed by its full name."""
    fd = os.open(base, os.O_RDONLY)
    parts: list[str] = []
    length = len(str(base))
    try:
        while length < total:
            name = "d" * 200
            os.mkdir(name, dir_fd=fd)
            new = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = new
            parts.append(name)
            length += 201
    finally:
        os.close(fd)
    return "/".join(parts)


def test_a_folder_path_over_path_max(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    _deep_folder(root / "src/demo")
    got = _sl002(root)
    assert len(got) == 1, got
    (path, line), message = next(iter(got.items()))
    assert path.startswith("src/demo/ddd") and line == 1
    assert "cannot be listed" in message and "File name too long" in message


def test_a_conf_folder_path_over_path_max(tmp_path: Path) -> None:
    root = _project(tmp_path, {})
    _deep_folder(root / "conf/base")
    got = _sl002(root)
    assert len(got) == 1, got
    (path, _), message = next(iter(got.items()))
    assert path.startswith("conf/base/ddd")
    assert "cannot be listed" in message and "shorten the path" in message


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder")
def test_a_source_folder_without_permission(tmp_path: Path) -> None:
    root = _project(tmp_path, {"src/demo/private/x.py": "x = 1\n"})
    (root / "src/demo/private").chmod(0)
    try:
        got = _sl002(root)
    finally:
        (root / "src/demo/private").chmod(0o755)
    assert set(got) == {("src/demo/private", 1)}, got


# --------------------------------------------------------------------------- deep nesting


@pytest.mark.parametrize("levels", [150, 500, 900])
@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_located_and_the_rest_goes_on(
    tmp_path: Path, levels: int, style: str
) -> None:
    if style == "block":
        deep = "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "v\n"
    else:
        deep = "deep: " + "[" * levels + "]" * levels + "\n"
    root = _project(tmp_path, {"conf/base/parameters_deep.yml": deep})
    got = _sl002(root)
    assert len(got) == 1, got
    (path, line), message = next(iter(got.items()))
    assert path == "conf/base/parameters_deep.yml"
    assert line == (101 if style == "block" else 1)
    assert "more than 100 levels deep" in message and "flatten it" in message


def test_deep_nesting_through_the_command_and_the_cache(tmp_path: Path) -> None:
    deep = "deep: " + "[" * 700 + "]" * 700 + "\n"
    root = _project(tmp_path, {"conf/base/parameters_deep.yml": deep})
    for _ in range(2):  # cold, then warm
        r = run_structlint("check", "--select", "SL002,SL101", cwd=root)
        assert "internal error" not in r.stdout + r.stderr and "Traceback" not in r.stderr
        assert r.returncode == 1
        assert "conf/base/parameters_deep.yml:1:" in r.stdout and "src/demo/io.py:5:" in r.stdout


def test_a_recursive_alias(tmp_path: Path) -> None:
    catalog = CATALOG + "loop: &x\n  type: pandas.CSVDataset\n  self: *x\n"
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    _one(root, "conf/base/catalog.yml", 8, "recursive alias")


def test_noqa_on_the_line_silences_it(tmp_path: Path) -> None:
    catalog = CATALOG + "\nraw:  # noqa: SL002\n  type: pandas.CSVDataset\n"
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    assert _sl002(root) == {}


def test_a_duplicate_key_survives_the_cache(tmp_path: Path) -> None:
    catalog = CATALOG + "\nraw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/b.csv\n"
    root = _project(tmp_path, {"conf/base/catalog.yml": catalog})
    outputs = []
    for _ in range(2):  # cold, then warm (the file's data and its error come from the cache)
        r = run_structlint("check", "--select", "SL002,SL101,SL401", cwd=root)
        assert r.returncode == 1 and "internal error" not in r.stdout + r.stderr
        outputs.append(r.stdout)
    assert outputs[0] == outputs[1]
    assert "conf/base/catalog.yml:9:1: SL002" in outputs[0] and "SL401" not in outputs[0]


def test_the_cached_form_holds_data_and_error_together() -> None:
    from structlint.project.conf import load_yaml, yaml_from_json, yaml_to_json

    data, error = load_yaml("a: 1\nb: 2\na: 3\n", "conf/base/parameters.yml")
    assert data == {"a": 3, "b": 2} and error is not None and error.line == 3
    back, back_error = yaml_from_json(yaml_to_json(data, error), "conf/base/parameters.yml")
    assert back == data and back_error == error
    assert back.locs["a"].line == 3


# --------------------------------------------------------------------------- without permission
# The tests run as root, who reads everything: run structlint itself as `nobody` instead.

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def _as_nobody(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NOBODY, sys.executable, "-m", "structlint", "check", "--no-cache", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.fixture
def open_project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A project `nobody` can read (pytest's own temporary folders are root's alone)."""
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("needs root and setpriv to run as another user")
    base = Path(tempfile.mkdtemp(prefix="structlint-perm-"))
    base.chmod(0o755)
    root = make_project(base / "proj", {IO: HARDCODED})
    for path in [base, *base.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield root
    shutil.rmtree(base)


def test_an_unreadable_catalog_as_another_user(open_project: Path) -> None:
    (open_project / "conf/base/catalog_secret.yml").write_text("secret: 1\n")
    (open_project / "conf/base/catalog_secret.yml").chmod(0)
    r = _as_nobody(open_project, "--select", "SL002,SL101,SL401")
    assert "Traceback" not in r.stderr and "internal error" not in r.stdout + r.stderr
    assert "conf/base/catalog_secret.yml:1:1: SL002" in r.stdout, r.stdout + r.stderr
    assert "Permission denied" in r.stdout and "chmod u+r" in r.stdout
    assert "src/demo/io.py:5:" in r.stdout and "SL401" not in r.stdout


def test_an_unreadable_source_folder_as_another_user(open_project: Path) -> None:
    private = open_project / "src/demo/private"
    private.mkdir()
    (private / "x.py").write_text(HARDCODED)
    private.chmod(0)
    r = _as_nobody(open_project, "--select", "SL002,SL101")
    private.chmod(0o755)
    assert "Traceback" not in r.stderr and "internal error" not in r.stdout + r.stderr
    assert "src/demo/private:1:1: SL002" in r.stdout, r.stdout + r.stderr
    assert "cannot be listed (Permission denied)" in r.stdout
    assert "src/demo/io.py:5:" in r.stdout


def test_an_unreadable_pyproject_as_another_user(open_project: Path) -> None:
    (open_project / "pyproject.toml").chmod(0)
    r = _as_nobody(open_project)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert "pyproject.toml: cannot be read (Permission denied)" in r.stderr
