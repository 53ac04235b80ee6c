"""Issue 2's bar: the single-file rules find >= 90% of the planted violations with >= 90% precision.

The corpus (`single_file/project/`) is a small Kedro project written from RULES.md and the rules'
documentation; each planted violation ends with `# expect: SLxxx`, and look-alikes that must stay
silent carry `# ok: SLxxx` (documentation only: every finding not marked `expect` counts as a false
positive). Run `python -m pytest tests/corpus -s` to see the per-rule table.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus.scoring import copy_project, score

CORPUS = Path(__file__).parent / "single_file" / "project"
CODES = [
    "SL101", "SL102", "SL103",
    "SL201", "SL202", "SL203", "SL204", "SL205", "SL206",
    "SL301", "SL302",
]  # fmt: skip
MIN_PER_RULE = 8


def test_corpus_plants_enough_cases():
    from tests.corpus.scoring import expectations

    expected = expectations(CORPUS)
    for code in CODES:
        assert sum(1 for t in expected if t[2] == code) >= MIN_PER_RULE, code


def test_single_file_rules_recall_and_precision(tmp_path):
    root = copy_project(CORPUS, tmp_path / "project")
    result, messages, _ = score(root, CODES)
    report = result.report(messages)
    print("\nsingle-file rules over tests/corpus/single_file/project\n" + report)
    assert result.recall >= 0.9 and result.precision >= 0.9, report
