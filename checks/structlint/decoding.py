"""Reading one Python file's bytes as text: encodings and BOMs handled here. No libcst: a warm
run reads every file (to know it has not changed) and parses none."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass


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
        if "invalid or missing" in str(exc.msg):
            return ParseFailure(
                exc.lineno or 1,
                1,
                "the file is not valid UTF-8 and declares no other encoding: save it as UTF-8, "
                "or name its encoding on the first line (`# -*- coding: latin-1 -*-`)",
            )
        return ParseFailure(exc.lineno or 1, 1, f"bad coding declaration: {exc.msg}")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        line = data[: getattr(exc, "start", 0)].count(b"\n") + 1
        return ParseFailure(line, 1, f"the file is not valid {encoding}: {exc}")
