"""The static rule table (`structlint/core/rule_table.py`) says of every rule what its class says,
and what reads it imports no rule module."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

from structlint.core.rule_table import RULES
from structlint.rules import registry


def test_the_table_matches_the_rule_classes() -> None:
    stale = registry.stale_rows(RULES, registry.all_rules())
    assert not stale, (
        f"{registry.TABLE_PATH.name} is out of date:\n  "
        + "\n  ".join(stale)
        + f"\nrun `{registry.REGENERATE}` to regenerate it."
    )


def test_stale_rows_say_what_differs() -> None:
    rules = registry.all_rules()
    infos = [registry.info_of(r) for r in rules]
    assert registry.stale_rows(infos, rules) == []
    changed = [dataclasses.replace(infos[0], summary="other"), *infos[2:]]
    assert registry.stale_rows(changed, rules) == [
        f"{infos[0].code}: the table differs from the class in summary",
        f"{infos[1].code}: {infos[1].module}.{infos[1].class_name} is not in the table",
    ]
    assert registry.stale_rows([*infos[1:], infos[0]], rules) == ["the table is not in code order"]


def test_the_written_table_reads_back_as_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "rule_table.py"
    assert registry.write_table(path)
    assert not registry.write_table(path)  # the second time: up to date
    namespace: dict = {}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    assert namespace["RULES"] == tuple(registry.info_of(r) for r in registry.all_rules())
    assert all(len(line) <= 100 for line in path.read_text(encoding="utf-8").splitlines())


def test_the_table_knows_what_the_engine_asks() -> None:
    by_code = registry.rules_by_code()
    assert registry.known_codes() == tuple(by_code)
    assert set(registry.file_rule_codes()) | set(registry.project_rule_codes()) == set(by_code)
    assert registry.rule_info("SL999") is None
    for code in registry.project_rule_codes():
        assert registry.project_rule_class(code) is by_code[code]
    assert registry.rule_class("SL201") is by_code["SL201"]
    # The rules that cannot be reused from the last run, and the one that reads installed
    # packages (`environment()`).
    assert {r.code for r in RULES if r.kind == "project" and not r.cacheable} == {
        "SL502",
        "SL505",
    }
    assert {r.code for r in RULES if r.has_environment} == {"SL408", "SL603"}


# The rule modules and libcst a probe imported; the rule contract, the registry and the rule
# pages live in rules/ too but are no rule.
_PROBE = """
import json, sys
{body}
contract = {{"structlint.rules.rule", "structlint.rules.registry", "structlint.rules.rulepage"}}
print(json.dumps(sorted(
    m for m in sys.modules
    if m.startswith(("structlint.rules.", "libcst")) and m not in contract
)))
"""


def _imported_by(body: str) -> list[str]:
    env = {**os.environ, "KEDRO_DISABLE_TELEMETRY": "true"}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(body=body)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_schema_selection_and_the_rule_list_import_no_rule() -> None:
    imported = _imported_by(
        "from structlint.inputs.config import schema\n"
        "from structlint.cli import main\n"
        "assert 'hyperparameter-names' in schema()\n"
        "main(['rule', '--all'])\n"
        "main(['rule', '--all', '--output-format', 'json'])\n"
    )
    assert imported == []


def test_rule_class_imports_only_that_rule() -> None:
    imported = _imported_by(
        "from structlint.rules.registry import rule_class\n"
        "assert rule_class('SL501').code == 'SL501'"
    )
    assert imported == [
        "structlint.rules.layout",
        "structlint.rules.layout._common",
        "structlint.rules.layout.missing_layout",
    ]
