"""`[tool.structlint]`: the schema (engine and rule options), loading and validation."""

from __future__ import annotations

import difflib
import functools
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from structlint.core.rule_info import Option

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_EXCLUDE = [
    ".git",
    ".hg",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "build",
    "dist",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".structlint_cache",
    ".ipynb_checkpoints",
    "site-packages",
]

ENGINE_OPTIONS: tuple[Option, ...] = (
    Option(
        "select",
        "list[str]",
        [],
        "Rule codes or prefixes to enable (`SL2`, `SL201`, `ALL`); "
        "replaces the default set. Empty means the rules that are on by default.",
    ),
    Option("extend-select", "list[str]", [], "Codes or prefixes to enable on top of `select`."),
    Option("ignore", "list[str]", [], "Codes or prefixes to disable."),
    Option("extend-ignore", "list[str]", [], "Codes or prefixes to disable on top of `ignore`."),
    Option(
        "per-file-ignores",
        "dict[str, list[str]]",
        {},
        "Glob (relative to the project root) -> codes or prefixes ignored in matching files.",
    ),
    Option(
        "exclude",
        "list[str]",
        [],
        "Gitignore-style patterns of files and folders never checked "
        "(on top of `.gitignore` and the usual virtualenv and cache folders).",
    ),
    Option(
        "node-modules",
        "list[str]",
        ["**/pipelines/**/nodes.py"],
        "Globs of modules whose every top-level function counts as a node function, so a "
        "half-wired pipeline is still checked.",
    ),
    Option(
        "bare-noqa",
        "bool",
        False,
        "Let a bare `# noqa` (no codes) suppress structlint findings too.",
    ),
    Option(
        "baseline",
        "str",
        "structlint-baseline.json",
        "The baseline file, relative to the project root: findings it holds are not reported "
        "(`structlint baseline` writes it; a missing file means no baseline).",
    ),
    Option(
        "fixable",
        "list[str]",
        ["ALL"],
        "Codes or prefixes whose fixes `--fix` may apply (see the Fixing page); the rest are "
        "reported, never changed.",
    ),
    Option(
        "unfixable",
        "list[str]",
        [],
        "Codes or prefixes whose fixes `--fix` never applies (the more specific of `fixable` "
        "and `unfixable` wins).",
    ),
    Option(
        "extend-safe-fixes",
        "list[str]",
        [],
        "Codes or prefixes whose unsafe fixes count as safe: `--fix` applies them without "
        "`--unsafe-fixes`.",
    ),
    Option(
        "extend-unsafe-fixes",
        "list[str]",
        [],
        "Codes or prefixes whose safe fixes count as unsafe: only `--unsafe-fixes` applies "
        "them (on a tie with `extend-safe-fixes`, unsafe wins).",
    ),
    Option(
        "cache-dir",
        "str",
        ".structlint_cache",
        "Where results are cached between runs, relative to the project root.",
    ),
)


class ConfigError(Exception):
    """A configuration problem: the CLI prints it and exits 2."""


@dataclass
class Settings:
    """Validated configuration. `values` holds every schema key (kebab-case)."""

    root: Path
    values: dict[str, Any] = field(default_factory=dict)
    config_file: Path | None = None
    # [tool.kedro] as read from pyproject.toml (package_name, source_dir, ...).
    kedro: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values[key]

    @property
    def package_name(self) -> str | None:
        name = self.kedro.get("package_name")
        return name if isinstance(name, str) else None

    @property
    def source_dir(self) -> str:
        """`[tool.kedro] source_dir` as Kedro reads it (a path relative to the project root,
        `src` by default), as a POSIX path relative to the root: `./src` and `src/` are `src`,
        `.` is `""`. An absolute folder inside the root is made relative; one outside it is
        kept absolute (nothing of it is checked)."""
        src = self.kedro.get("source_dir", "src")
        return normalise_source_dir(src if isinstance(src, str) else "src", self.root)


@functools.lru_cache(maxsize=64)  # asked for each file's role and module
def normalise_source_dir(src: str, root: Path) -> str:
    path = Path(src).expanduser()
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root.resolve())
        except (ValueError, OSError):
            return path.as_posix()
    rel = os.path.normpath(path.as_posix()).replace(os.sep, "/")
    return "" if rel == "." else rel


def config_line(settings: Settings, key: str) -> str | None:
    """`<pyproject>:<line>` of `key` in [tool.structlint], or None when it is not set there."""
    if settings.config_file is None:
        return None
    try:
        text = settings.config_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    line = _line_of(text, key)
    return f"{settings.config_file}:{line}" if line is not None else None


def schema() -> dict[str, Option]:
    """Every `[tool.structlint]` key: the engine's, then the rules' (from the rule table, so
    no rule module is imported)."""
    from structlint.core.rule_index import rule_infos

    out = {o.name: o for o in ENGINE_OPTIONS}
    for rule in rule_infos():
        for opt in rule.options:
            out.setdefault(opt.name, opt)
    return out


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "list[str]":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "dict[str, list[str]]":
        return isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in value.items()
        )
    raise ValueError(kind)


def _line_of(text: str, key: str, table: str = "tool.structlint") -> int | None:
    """Line of `key =` inside `[table]` (or of `table.key =` / `key.` under a parent table,
    as TOML allows), for error messages."""
    in_table = in_parent = False
    parent, _, last = table.rpartition(".")
    for n, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            head = stripped.strip("[] ")
            in_table = head == table or head.startswith(table + ".")
            in_parent = head == parent
            if head == f"{table}.{key}" or head.startswith(f"{table}.{key}."):
                return n
            continue
        if in_table and re.match(rf'["\']?{re.escape(key)}["\']?\s*[=.]', stripped):
            return n
        if (
            not in_table
            and parent
            and in_parent
            and re.match(
                rf'["\']?{re.escape(last)}["\']?\s*\.\s*["\']?{re.escape(key)}["\']?\s*=',
                stripped,
            )
        ):
            return n
    return None


def _table_line(text: str, dotted: str) -> int:
    """The line where a dotted table name is first written (`[tool.kedro]`, `kedro = ...`
    under `[tool]`, `tool = ...`), else 1."""
    parent, _, last = dotted.rpartition(".")
    if parent:
        line = _line_of(text, last, parent)
        if line:
            return line
    for n, line_text in enumerate(text.split("\n"), start=1):
        stripped = line_text.strip()
        if stripped.strip("[] ") == dotted and stripped.startswith("["):
            return n
        if not parent and re.match(rf'["\']?{re.escape(last)}["\']?\s*[=.]', stripped):
            return n
    return 1


def _unclosed_bracket(glob: str) -> bool:
    """Whether a `[` of a glob has no closing `]` (the pattern would then match nothing)."""
    i = 0
    while i < len(glob):
        c = glob[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < len(glob) and glob[j] in "!^":
                j += 1
            if j < len(glob) and glob[j] == "]":  # `[]...]`: the first `]` is a member
                j += 1
            close = glob.find("]", j)
            if close < 0:
                return True
            i = close + 1
            continue
        i += 1
    return False


def check_glob(glob: str) -> str | None:
    """Why a gitignore-style glob is no good, or None."""
    import warnings

    import pathspec

    if _unclosed_bracket(glob):
        return "it has a `[` that is never closed (write `\\[` for a literal bracket)"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set": a valid glob all the same
            pathspec.GitIgnoreSpec.from_lines([glob])
    except Exception as exc:  # re.error for `[z-a]`, GitIgnorePatternError for a trailing `\`
        # (re.error's own position is in the regex pathspec made, not in the glob: left out)
        return f"it is not a valid glob ({getattr(exc, 'msg', None) or exc})"
    return None


GLOB_KEYS = ("per-file-ignores", "exclude", "node-modules")


def find_project_root(start: Path) -> Path:
    """The nearest folder at or above `start` with a pyproject.toml; else `start` itself."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return here


def load_settings(root: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Read `[tool.structlint]` and `[tool.kedro]` from root/pyproject.toml and validate them."""
    known = schema()
    values = {name: _copy(opt.default) for name, opt in known.items()}
    settings = Settings(root=root, values=values)
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        settings.config_file = pyproject
        try:
            text = pyproject.read_bytes().decode("utf-8", errors="replace")
        except OSError as exc:
            raise ConfigError(
                f"{pyproject}: cannot be read ({exc.strerror or exc}). Make it readable "
                "(`chmod u+r pyproject.toml`) or point `--config` at another file."
            ) from exc
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"{pyproject}: not valid TOML: {exc}. Fix the file and run again."
            ) from exc
        tool = _table(data, "tool", pyproject, text)
        settings.kedro = _table(tool, "tool.kedro", pyproject, text)
        _check_kedro(settings.kedro, pyproject, text)
        table = _table(tool, "tool.structlint", pyproject, text)
        for key, value in table.items():
            where = f"{pyproject}:{_line_of(text, key) or 1}"
            if key not in known:
                near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
                hint = f" Did you mean `{near[0]}`?" if near else ""
                raise ConfigError(
                    f"{where}: unknown key `{key}` in [tool.structlint].{hint} "
                    f"Valid keys: {', '.join(sorted(known))}."
                )
            opt = known[key]
            if not _type_ok(opt.kind, value):
                raise ConfigError(
                    f"{where}: `{key}` must be {opt.kind}, got {type(value).__name__} ({value!r})."
                )
            if key in GLOB_KEYS:
                for glob in value:
                    why = check_glob(glob)
                    if why:
                        raise ConfigError(
                            f"{where}: `{key}` has the glob {glob!r}, but {why}. Fix the glob "
                            "and run again."
                        )
            values[key] = value
    for key, value in (overrides or {}).items():
        values[key] = value
    return settings


def _table(parent: dict[str, Any], dotted: str, pyproject: Path, text: str) -> dict[str, Any]:
    """`parent`'s table `dotted` (its last part), `{}` when absent; a ConfigError naming the
    line when it is there but is no table (`[tool] kedro = "x"`, `tool = 1`)."""
    value = parent.get(dotted.rpartition(".")[2], {})
    if isinstance(value, dict):
        return value
    raise ConfigError(
        f"{pyproject}:{_table_line(text, dotted)}: `{dotted}` must be a table (`[{dotted}]`), "
        f"got {type(value).__name__} ({value!r}). Write it as a `[{dotted}]` table and run again."
    )


# `[tool.kedro]` keys structlint reads, and their TOML type (Kedro's own settings loader
# rejects any other type).
_KEDRO_KEYS = ("package_name", "source_dir")


def _check_kedro(kedro: dict[str, Any], pyproject: Path, text: str) -> None:
    for key in _KEDRO_KEYS:
        if key in kedro and not isinstance(kedro[key], str):
            value = kedro[key]
            raise ConfigError(
                f"{pyproject}:{_line_of(text, key, 'tool.kedro') or 1}: `[tool.kedro] {key}` "
                f"must be a string, got {type(value).__name__} ({value!r}). Write it in quotes "
                f'(`{key} = "..."`) and run again.'
            )


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value
