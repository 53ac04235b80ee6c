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


def problem(path: str, text: str, quick: bool = False) -> str | None:
    """Why `text` would not load as the file `path` is (None: it loads). `quick`, for a file
    as the check read it: Python is compiled by CPython's own parser (several times quicker
    than libcst's; the check's libcst parse of the same text already went through, or its
    SL001 says why not). A fix's result is always parsed with libcst."""
    kind = kind_of(path)
    try:
        if kind == "Python" and quick:
            import ast
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # invalid escapes and the like: still Python
                ast.parse(text)
        elif kind == "Python":
            # The parse the check itself makes (libcst's parser, without re-validating the
            # nodes it builds): a result it takes is one the next check can read.
            from structlint.sources.source import parse

            failure = parse(text)
            if not hasattr(failure, "code"):  # a ParseFailure, not a Module
                raise SyntaxError(f"line {failure.line}: {failure.message}")
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
