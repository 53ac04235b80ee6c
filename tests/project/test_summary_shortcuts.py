"""The summary's shortcuts (statements only where the text has no `yield`, one walk shared by
the index and SL506) give what the full walks give."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from structlint.project.summary import return_lengths

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(ROOT.glob("checks/structlint/**/*.py")) + sorted(ROOT.glob("tests/**/*.py"))

CRAFTED = """
def plain(a):
    if a:
        return a, 1
    for x in a:
        while x:
            try:
                return 1, 2
            except E:
                return 3, 4, 5
            finally:
                pass
    return a, a

def inner_returns(a):
    def helper():
        return 1
    class K:
        def m(self):
            return 1, 2, 3
    return a, a

def matching(a):
    match a:
        case 1:
            return a, a
        case _:
            return a

def generator(a):
    yield a

def yield_in_expression(a):
    x = yield
    return x, x

def yield_in_nested(a):
    def gen():
        yield 1
    return a, a

def no_return(a):
    a.append(1)

def with_blocks(a):
    with open(a) as f:
        return f, f
"""


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_crafted_functions() -> None:
    tree = ast.parse(CRAFTED)
    lines = CRAFTED.splitlines()
    got = {f.name: return_lengths(f, lines) for f in _functions(tree)}
    assert got["plain"] == frozenset({2, 3})
    assert got["inner_returns"] == frozenset({2})
    assert got["matching"] is None  # `return a` is not a tuple
    assert got["generator"] is None and got["yield_in_expression"] is None
    assert got["yield_in_nested"] == frozenset({2})
    assert got["no_return"] is None
    assert got["with_blocks"] == frozenset({2})
    for f in _functions(tree):
        assert return_lengths(f, lines) == return_lengths(f), f.name


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_real_functions_agree_with_the_full_walk(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for f in _functions(ast.parse(text)):
        assert return_lengths(f, lines) == return_lengths(f), f"{path}:{f.lineno} {f.name}"
