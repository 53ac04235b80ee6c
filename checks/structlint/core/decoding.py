"""Reading one Python file's bytes as text: encodings and BOMs handled here. No libcst: a warm
run reads every file (to know it has not changed) and parses none."""

from __future__ import annotations

import io
import os
import re
import stat
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


# Opened without waiting: a FIFO (or a device) opened for reading would otherwise block the
# open (or the read) until a writer comes, which is never; it is then refused as not a file.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | _NONBLOCK)


def read_regular(path: str | os.PathLike[str]) -> bytes | None:
    """A regular file's bytes, or None: for what cannot be opened, and for anything that is
    not a regular file (a FIFO, a socket, a device, a folder), which a run never reads."""
    try:
        with open(path, "rb", opener=_opener) as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                return None
            return f.read()
    except OSError:
        return None


# Where Python's tokenizer ends a line: `str.splitlines()` also breaks at a form feed, a
# vertical tab, U+2028 and a few more, which are not line ends in source code (nor in YAML).
# YAML (PyYAML's reader) also ends a line at U+0085, U+2028 and U+2029.
LINE_END = re.compile(r"\r\n|\r|\n")
YAML_LINE_END = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# What `str.splitlines` also breaks at (where Python, or YAML, does not).
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_OTHER_BREAKS_YAML = re.compile("[\x0b\x0c\x1c\x1d\x1e]")


def source_lines(text: str, yaml: bool = False) -> list[str]:
    """The text's lines as Python (or, with `yaml`, YAML) numbers them, without their line
    ends (as `splitlines` gives them)."""
    if (_OTHER_BREAKS_YAML if yaml else _OTHER_BREAKS).search(text) is None:
        return text.splitlines()  # then the same lines, several times quicker
    lines = (YAML_LINE_END if yaml else LINE_END).split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines
