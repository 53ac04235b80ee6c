"""Reading and parsing one Python file: encodings, BOMs and syntax errors handled here."""

from __future__ import annotations

import io
import re
import tokenize
import warnings
from dataclasses import dataclass

import libcst as cst


@dataclass(frozen=True, slots=True)
class ParseFailure:
    line: int
    column: int
    message: str


def decode(data: bytes) -> str | ParseFailure:
    """Bytes to text, honouring a BOM and a PEP 263 coding cookie."""
    if b"\x00" in data:
        return ParseFailure(1, 1, "the file holds NUL bytes: it is binary, not Python source")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        return ParseFailure(exc.lineno or 1, 1, f"bad coding declaration: {exc.msg}")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data[: getattr(exc, "start", 0)].count(b"\n") + 1
        return ParseFailure(line, 1, f"the file is not valid {encoding}: {exc}")


def parse(text: str) -> cst.Module | ParseFailure:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return _python_says(text) or _libcst_says(exc)
    except RecursionError:
        return ParseFailure(1, 1, "the file nests too deeply for the parser")
    except Exception as exc:  # the native parser can raise other errors on odd input
        return ParseFailure(1, 1, f"the parser failed: {type(exc).__name__}: {exc}")


def _python_says(text: str) -> ParseFailure | None:
    """CPython's own message and position, which are the ones users know from tracebacks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<file>", "exec", dont_inherit=True, flags=1024)  # PyCF_ONLY_AST
    except SyntaxError as err:
        return ParseFailure(max(err.lineno or 1, 1), max(err.offset or 1, 1), err.msg)
    except Exception:
        return None
    return None


def _libcst_says(exc: cst.ParserSyntaxError) -> ParseFailure:
    message = str(exc.message).strip().splitlines()[0] if exc.message else "invalid syntax"
    m = re.match(r"parser error: error at (\d+):(\d+): (.*)", message)
    if m:
        return ParseFailure(int(m.group(1)), int(m.group(2)) + 1, m.group(3))
    return ParseFailure(max(exc.raw_line, 1), max(exc.raw_column, 0) + 1, message)
