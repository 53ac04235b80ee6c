"""Parsing one Python file with libcst, syntax errors handled here (the text comes from
`structlint.core.decoding`, which needs no libcst)."""

from __future__ import annotations

import re
import warnings

import libcst as cst

from structlint.core.decoding import ParseFailure, decode

__all__ = ["ParseFailure", "decode", "may_be_too_deep", "parse", "parse_module"]


# libcst's native parser recurses on the C stack without a guard: nesting a few thousand
# levels deep (brackets, or a chain of operators, attributes or calls) crashes the whole
# process with a segmentation fault, which no `except` can catch. CPython's own parser is
# guarded (it raises SyntaxError, RecursionError or MemoryError long before that, and rejects
# more than 200 nested brackets), so a text that could be that deep goes to CPython first,
# and reaches libcst only when CPython accepts it.
_BRACKETS = re.compile(r"[()\[\]{}]")
# Line ends as Python's tokenizer sees them, except those a backslash joins to the next line.
_LOGICAL_END = re.compile(r"(?<!\\)(?:\r\n?|\n)")
_DEEP_BRACKETS = 100  # CPython refuses more than 200
# Characters of one logical line (outside brackets) or of one outermost bracket pair: a tree
# cannot nest deeper than that many levels, and libcst survives a few thousand.
_LONG = 4000


def may_be_too_deep(text: str) -> bool:
    """A cheap bound on how deep the syntax tree can nest: False means libcst is safe."""
    joined = "\\\n" in text or "\\\r" in text
    # Splitting at "\n" alone gives lines at least as long as the tokenizer's: a safe bound.
    lines = _LOGICAL_END.split(text) if joined else text.split("\n")
    if max(map(len, lines)) > _LONG:
        return True
    depth = 0
    opened = 0
    for m in _BRACKETS.finditer(text):
        if m.group() in "([{":
            if depth == 0:
                opened = m.start()
            depth += 1
            if depth > _DEEP_BRACKETS:
                return True
        elif depth > 0:
            depth -= 1
            if depth == 0 and m.start() - opened > _LONG:
                return True
    return depth > 0 and len(text) - opened > _LONG


# Each node libcst builds checks its own fields in `__post_init__` (`_validate`): a guard for
# trees built by hand, which a tree the parser builds from source always passes, and a sixth
# of the parse's time. libcst's own comment on it says as much. The parse below skips that
# check, and only while `__post_init__` does nothing else (looked at once, here); nodes built
# outside `parse` (tests, a future fix) are still checked.
_CHECKED_INIT = cst.CSTNode.__post_init__
_SKIPPABLE = getattr(_CHECKED_INIT, "__code__", None) is not None and (
    _CHECKED_INIT.__code__.co_names == ("_validate",)
)


def _unchecked_init(self: cst.CSTNode) -> None:
    return None


def parse_module(text: str) -> cst.Module:
    """`libcst.parse_module`, without re-validating every node the parser builds."""
    if not _SKIPPABLE:
        return cst.parse_module(text)
    cst.CSTNode.__post_init__ = _unchecked_init  # type: ignore[method-assign]
    try:
        return cst.parse_module(text)
    finally:
        cst.CSTNode.__post_init__ = _CHECKED_INIT  # type: ignore[method-assign]


def parse(text: str, python_parses: bool = False) -> cst.Module | ParseFailure:
    """The file's tree, or why it has none. A text that may nest too deeply for libcst is shown
    to CPython first, for CPython's message if it refuses it; `python_parses` says CPython
    took this very text already, so there is no message to get."""
    if may_be_too_deep(text) and not python_parses:
        failure = _python_says(text)
        if failure is not None:
            return failure
    try:
        return parse_module(text)
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
    except (RecursionError, MemoryError):
        return ParseFailure(1, 1, "the file nests too deeply for Python's own parser")
    except Exception:
        return None
    return None


def _libcst_says(exc: cst.ParserSyntaxError) -> ParseFailure:
    message = str(exc.message).strip().splitlines()[0] if exc.message else "invalid syntax"
    m = re.match(r"parser error: error at (\d+):(\d+): (.*)", message)
    if m:
        return ParseFailure(int(m.group(1)), int(m.group(2)) + 1, m.group(3))
    return ParseFailure(max(exc.raw_line, 1), max(exc.raw_column, 0) + 1, message)
