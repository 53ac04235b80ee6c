"""The fast position pass agrees with libcst's PositionProvider, node for node."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from structlint.positions import positions

REAL_FILES = [
    *sorted((Path(cst.__file__).parent / "_nodes").glob("*.py"))[:6],
    Path(__file__).resolve().parents[2] / "checks" / "structlint" / "engine.py",
]


def _all_nodes(module: cst.Module) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    module.visit(Collect())
    return found


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_positions_match_libcst(path: Path) -> None:
    module = cst.parse_module(path.read_text(encoding="utf-8"))
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = _all_nodes(module)
    # Ask for every 7th node, as a run with findings would ask for a few.
    wanted = nodes[::7]
    got = positions(module, wanted)
    for node in wanted:
        assert got[node] == expected[node], (type(node).__name__, got[node], expected[node])


def test_positions_with_crlf_and_tabs() -> None:
    src = "def f(x):\r\n\tif x:\r\n\t\treturn open('a/b.csv')\r\n"
    module = cst.parse_module(src)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = _all_nodes(module)
    got = positions(module, nodes)
    assert all(got[n] == expected[n] for n in nodes)
