"""Positions from generating only the statements that hold findings equal libcst's own."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from structlint.sources.context import string_value
from structlint.sources.positions import positions
from structlint.sources.walker import child_nodes

SOURCES = {
    "plain": "import os\n\n\ndef f(df):\n    return os.path.join('a', 'b')\n",
    "repeated statements": "x = 1\n\ndef f():\n    x = 1\n    return x\n\nx = 1\ny = 2; x = 1\n",
    "crlf and decorators": (
        "# header\r\nimport os\r\n\r\n# c\r\n@dec\r\n# between\r\n@dec2(1,\r\n  2)\r\n"
        "def f(x):\r\n    return os.path.join('a', 'b')\r\nx = 1; y = 2;\r\n"
    ),
    "lone cr": "import os\rx = 'data/a.csv'\rdef f():\r    return 1\r",
    "compound": (
        '"""doc"""\n\nif x:\n    pass\nelif y:\n    z = "a" \\\n        "b"\nelse:\n    pass\n'
        "\nclass A(\n    B):\n    x = 1\n\ntry:\n    pass\nexcept E:\n    pass\n# end\n"
    ),
}


def _all_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    out, todo = [], [node]
    while todo:
        n = todo.pop()
        out.append(n)
        todo.extend(n.children)
    return out


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_positions_of_statements_match_libcst(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    for top in module.body:
        nodes = _all_nodes(top)
        got = positions(module, nodes, [top] * len(nodes), source)
        assert {n: got[n] for n in nodes} == {n: expected[n] for n in nodes}


def test_a_nested_statement_given_as_top_is_still_placed_right() -> None:
    source = "def f():\n    x = 1\n    return x\n\n\nx = 1\n"
    module = cst.parse_module(source)
    nested = module.body[0].body.body[0]
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    assert positions(module, [nested], [nested], source)[nested] == expected[nested]
    assert positions(module, [nested], [None], source)[nested] == expected[nested]


@pytest.mark.parametrize(
    "literal",
    ["'a'", '"data/x.csv"', "''", '""""""', "'''a'b'''", 'r"\\d+"', "b'x'", "U'x'", "'\\x41'"],
)
def test_string_value_is_evaluated_value(literal: str) -> None:
    node = cst.parse_expression(literal)
    assert isinstance(node, cst.SimpleString)
    assert string_value(node) == node.evaluated_value
    assert type(string_value(node)) is type(node.evaluated_value)


def test_child_nodes_skip_only_whitespace_and_punctuation() -> None:
    call = cst.parse_expression("f(a, b=1)")
    kinds = [type(n).__name__ for n in child_nodes(call)]
    assert kinds == ["Name", "Arg", "Arg"]
