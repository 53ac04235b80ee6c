"""Look-ups in the rule table (`structlint.core.rule_table`): every rule's code, kind and
options without importing a rule module (the configuration, the selection and a warm run need
no more). The classes themselves are `structlint.rules.registry`'s."""

from __future__ import annotations

from structlint.core.rule_info import RuleInfo
from structlint.core.rule_table import RULES

_INFOS: dict[str, RuleInfo] = {r.code: r for r in RULES}


def rule_infos() -> tuple[RuleInfo, ...]:
    """Every rule as the table knows it, in code order."""
    return RULES


def rule_info(code: str) -> RuleInfo | None:
    """The table's row for a code; None for a code no rule has."""
    return _INFOS.get(code)


def known_codes() -> tuple[str, ...]:
    return tuple(_INFOS)


def file_rule_codes() -> tuple[str, ...]:
    return tuple(r.code for r in RULES if r.kind == "file")


def project_rule_codes() -> tuple[str, ...]:
    return tuple(r.code for r in RULES if r.kind == "project")
