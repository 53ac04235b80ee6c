"""Every rule's own bad and good examples are tests: bad fires exactly where marked, good is
silent. Adding a rule adds its tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from structlint.registry import all_rules
from tests.helpers import found, run_example

CASES = [
    pytest.param(rule, kind, i, ex, id=f"{rule.code}-{kind}{i}")
    for rule in all_rules()
    for kind, examples in (("bad", rule.bad), ("good", rule.good))
    for i, ex in enumerate(examples)
]


@pytest.mark.parametrize(("rule", "kind", "index", "example"), CASES)
def test_rule_example(rule, kind, index, example, tmp_path: Path) -> None:
    result = run_example(tmp_path, example, rule.code)
    assert not result.errors, result.errors
    got = {f for f in found(result) if f[2] == rule.code}
    if kind == "bad":
        expected = example.expected()
        assert expected, f"{rule.code} bad example {index} marks no line with `# expect:`"
        assert got == expected
    else:
        assert got == set()


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_metadata(rule) -> None:
    assert rule.code.startswith("SL") and len(rule.code) == 5
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary.strip() and rule.explanation.strip()
    if rule.code not in ("SL002",):  # SL002 findings come from YAML the model reads
        assert rule.bad, f"{rule.code} has no bad example"
    assert rule.good or rule.code in ("SL001", "SL002"), f"{rule.code} has no good example"
