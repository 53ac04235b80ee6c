"""Whether a file's text is still what its tools can read: Python parses with libcst (the
parser the rules use), YAML loads with `yaml.safe_load` (what Kedro's config loader reads it
with), TOML with `tomllib`. Other files (`.gitignore`, `.gitkeep`) are plain text."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def kind_of(path: str) -> str:
    if path.endswith((".py", ".pyi")):
        return "Python"
    if path.endswith((".yml", ".yaml")):
        return "YAML"
    if path.endswith(".toml"):
        return "TOML"
    return "text"


def problem(path: str, text: str) -> str | None:
    """Why `text` would not load as the file `path` is (None: it loads)."""
    kind = kind_of(path)
    try:
        if kind == "Python":
            import libcst as cst

            cst.parse_module(text)
        elif kind == "YAML":
            import yaml

            # Several documents are valid YAML, though Kedro reads one: load them all.
            for _ in yaml.safe_load_all(text):
                pass
        elif kind == "TOML":
            tomllib.loads(text)
    except Exception as exc:  # every parser has its own error class
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"it would not parse as {kind} ({first})"
    return None
