"""What the configuration, the selection, the CLI and a run know of a rule without importing
it: one row of the generated table (`structlint.core.rule_table`) per rule, and the codes the
engine produces itself. Plain data: imports nothing of ours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Codes the engine produces itself (their classes, which carry the docs, are in rules/meta.py
# and rules/project/sl002_unreadable_config.py): here, so the engine need not import a rule.
SYNTAX_ERROR = "SL001"
UNREADABLE_CONFIG = "SL002"
UNUSED_SUPPRESSION = "SL003"


@dataclass(frozen=True)
class Option:
    """One key of `[tool.structlint]` that a rule (or the engine) reads.

    `kind` is one of: bool, int, str, list[str], dict[str, list[str]].
    """

    name: str
    kind: str
    default: Any
    doc: str


@dataclass(frozen=True)
class RuleInfo:
    """What a run, the configuration and the CLI know of a rule without importing its module:
    one row of `structlint.core.rule_table`, generated from the class (`structlint.rules.registry`).

    `kind` is the rule's `scope` ("file" or "project"). For a project rule, `cacheable` is its
    `cacheable` and `has_environment` whether it defines `environment()` (a run imports the
    rule to call it); file rules leave both at their defaults. For a file rule,
    `reads_listing` is its `FileRule.reads_listing`.
    """

    code: str
    name: str
    kind: str
    module: str
    class_name: str
    summary: str
    default_enabled: bool = True
    options: tuple[Option, ...] = ()
    cacheable: bool = True
    has_environment: bool = False
    # A file rule's `reads_listing` (empty: the rule decides from the file alone).
    reads_listing: tuple[str, ...] = ()
    # A file rule's `reads_mentions`.
    reads_mentions: tuple[tuple[str, str], ...] = ()
