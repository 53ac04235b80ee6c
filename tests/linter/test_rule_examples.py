"""Every rule's own bad and good examples are tests: bad fires exactly where marked, good is
silent, and a bad example with `fixed` is fixed into exactly that. Adding a rule adds its
tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from structlint.api import Project
from structlint.fixer import FixPolicy, fix_project
from structlint.rules.registry import all_rules
from structlint.rules.rule import strip_markers
from tests.helpers import found, git_add_all, run_example, write_project

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
        fixable = [f for f in result.findings if f.code == rule.code and f.fix is not None]
        assert example.has_fix or not fixable, (
            f"{rule.code} bad example {index}: its findings carry fixes; say what they make of "
            "it with `fixed=` (and `fixed_files=`)"
        )
    else:
        assert got == set()


FIX_CASES = [
    pytest.param(rule, i, ex, id=f"{rule.code}-bad{i}")
    for rule in all_rules()
    for i, ex in enumerate(rule.bad)
    if ex.has_fix
]

# What a run leaves in the project besides the project's files.
_NOT_PROJECT = (".git", ".structlint_cache", "__pycache__")


def _project_files(root: Path) -> dict[str, str]:
    """Every file under root (but git's and the caches'), markers stripped."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part in _NOT_PROJECT for part in rel.parts):
            out[rel.as_posix()] = strip_markers(path.read_text(encoding="utf-8"))
    return out


def _fix(root: Path, code: str):
    project = Project.open(root)
    policy = FixPolicy.from_settings(project.settings.values, unsafe=True)
    return fix_project(project, codes=project.codes([code]), policy=policy, jobs=1, use_cache=False)


@pytest.mark.parametrize(("rule", "index", "example"), FIX_CASES)
def test_rule_fix_example(rule, index, example, tmp_path: Path) -> None:
    """The fixes (safe and unsafe) turn the example into exactly `fixed` / `fixed_files`,
    the rule then fires only where the fixed texts mark it (usually nowhere), and a second
    pass changes nothing."""
    write_project(tmp_path, example.all_files(), example.config)
    if example.git:
        git_add_all(tmp_path)
    expected = _project_files(tmp_path)
    for path, text in example.fixed_all_files().items():
        expected[path] = strip_markers(textwrap.dedent(text) if path.endswith(".py") else text)
    outcome = _fix(tmp_path, rule.code)
    assert not outcome.messages, outcome.messages
    assert outcome.applied, f"{rule.code} bad example {index}: no fix was applied"
    assert _project_files(tmp_path) == expected
    left = {f for f in found(outcome.result) if f[2] == rule.code}
    assert left == example.expected_after_fix(), (
        f"{rule.code} bad example {index}: after the fix, found where the fixed texts do not "
        "mark it (or not where they do)"
    )
    again = _fix(tmp_path, rule.code)
    assert again.applied == [] and again.changed == []
    assert _project_files(tmp_path) == expected


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_metadata(rule) -> None:
    assert rule.code.startswith("SL") and len(rule.code) == 5
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.summary.strip() and rule.explanation.strip()
    if rule.code not in ("SL002",):  # SL002 findings come from YAML the model reads
        assert rule.bad, f"{rule.code} has no bad example"
    assert rule.good or rule.code in ("SL001", "SL002"), f"{rule.code} has no good example"
