"""A large catalog is read from the YAML parser's events, not from a composed node graph
(issue 18: a 50 MB catalog took 3.5 GB): the values, the place of every key and every
error must be exactly what the composed graph gave, and the peak memory a fraction of it."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from structlint.project import conf

REPO = Path(__file__).resolve().parents[2]


def _same(a: Any, b: Any) -> bool:
    """Equal values of equal types, mappings in the same order with the same key places."""
    if type(a) is not type(b):
        return False
    if isinstance(a, conf.YMap):
        return (
            list(a) == list(b)
            and dict(a.locs) == dict(b.locs)
            and all(_same(a[k], b[k]) for k in a)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b) or (a != a and b != b)  # NaN is itself


def _as_composed(text: str) -> None:
    streamed = conf.load_yaml(text, "conf/base/catalog.yml")
    composed = conf._load_composed(text, "conf/base/catalog.yml")
    assert streamed[1] == composed[1], text
    assert _same(streamed[0], composed[0]), text


BASE = "_csv: &csv\n  type: pandas.CSVDataset\n  load_args: {sep: ','}\n"

CASES = [
    "",
    "# only a comment\n",
    "---\n...\n",
    "just a scalar\n",
    "- a\n- 1\n- {b: 2}\n",
    "a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: 2024-01-02\ng: 0x1F\nh: .nan\ni: -.inf\n",
    "a: '1'\nb: \"true\"\nc: !!str 3\nd: !!int '4'\ne: !custom x\nf: ! 5\ng: !!binary aGk=\n",
    "1: one\n2.5: two\ntrue: yes\nnull: none\n2024-01-02: date\n",
    BASE + "a:\n  <<: *csv\n  filepath: data/01_raw/a.csv\n",
    BASE + "b:\n  <<: [*csv, {type: x, extra: 1}]\n  type: own\n",
    BASE + "c:\n  <<: *csv\n  <<: {more: 1}\n",
    "'<<': quoted\n\"<<\": twice\n",
    "&k key: 1\nother: *k\n*k : again\n",
    "a: 1\nb: 2\na: 3\n",
    "a:\n  x: 1\n  x: 2\nb: 1\nb: 2\n",
    BASE + "a:\n  <<: *csv\n  k: 1\n  k: 2\n",
    "a:\n  <<: {m: 1, m: 2}\n  k: 1\n  k: 2\n",
    "a:\n  <<: &inner {m: 1}\nb: *inner\n",
    "a: &x [1, 2]\nb: *x\nc: [*x, *x]\n",
    "a: *undefined\n",
    "a: &x 1\nb: &x 2\n",
    "a: 1\n---\nb: 2\n",
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 2\n",
    "a: &r\n  b: *r\n",
    "a: &r [*r]\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a:\n\t- tab\n",
    "a: 1\n  b: 2\n",
    "{" * 99 + "}" * 99 + "\n",
    "a: " + "[" * 99 + "]" * 99 + "\n",
    "a: " + "[" * 120 + "]" * 120 + "\nb: 1\n",
    "deep: " + "{x: " * 150 + "1" + "}" * 150 + "\nok: 1\n",
    "x: " + "[" * 900 + "]" * 900 + "\n",
    "a: |\n  block\n  text\nb: >\n  folded\n",
    "a: 'it''s'\nb: \"\\u00e9\\t\"\n",
    "s: !!set {a, b}\no: !!omap [{a: 1}, {b: 2}]\n",
]


@pytest.mark.parametrize("text", CASES)
def test_values_places_and_errors_are_as_composed(text: str) -> None:
    _as_composed(text)


def test_every_yaml_file_of_the_repository_is_read_as_composed() -> None:
    files = [
        p
        for p in REPO.rglob("*.y*ml")
        if ".venv" not in p.parts and ".git" not in p.parts and p.is_file()
    ]
    assert len(files) > 20
    for path in files:
        try:
            text = path.read_text("utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        _as_composed(text)


def _catalog(entries: int) -> str:
    entry = (
        "dataset_{i}:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/file_{i}.csv\n"
        "  load_args:\n    sep: ','\n  metadata:\n    kedro-viz:\n      layer: raw\n"
    )
    return "".join(entry.format(i=i) for i in range(entries))


def _peak(load, text: str) -> int:
    tracemalloc.start()
    try:
        load(text, "conf/base/catalog.yml")
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_large_catalog_peaks_at_a_fraction_of_the_composed_graph() -> None:
    """Memory, not time: the streamed build holds the values only (the composed graph held a
    node and two marks per value besides). Measured: about 0.4 of the composed peak."""
    text = _catalog(400)  # 56 KB: the ratio holds at any size
    _as_composed(text)
    streamed, composed = _peak(conf.load_yaml, text), _peak(conf._load_composed, text)
    assert streamed < 0.6 * composed, (streamed, composed)
