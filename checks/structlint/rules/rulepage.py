"""A rule's page, from its own metadata: `structlint rule SL201` prints it and the docs site
renders the same text, so the two cannot disagree."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from structlint import rule_url
from structlint.rules.rule import Example, Rule, RuleInfo, strip_markers


def _language(path: str) -> str:
    for suffix, lang in ((".py", "python"), (".yml", "yaml"), (".yaml", "yaml"), (".toml", "toml")):
        if path.endswith(suffix):
            return lang
    return "text"


def _example_block(example: Example) -> str:
    parts = []
    files = example.all_files()
    many = len(files) > 1
    # The example's main file first, then the files that set the scene.
    for path in [example.path, *[p for p in files if p != example.path]]:
        lang = _language(path)
        body = strip_markers(files[path]).rstrip("\n")
        title = (
            f' title="{path}"'
            if many or path != Example.__dataclass_fields__["path"].default
            else ""
        )
        parts.append(f"```{lang}{title}\n{body}\n```")
    if example.config.strip():
        parts.append(
            f'```toml title="pyproject.toml"\n[tool.structlint]\n{example.config.strip()}\n```'
        )
    return "\n\n".join(parts)


def _fixed_block(example: Example) -> str:
    """The files the fixes change or create, as they read afterwards (the main file first)."""
    fixed = example.fixed_all_files()
    parts = []
    before = example.all_files()
    for path in sorted(fixed, key=lambda p: (p != example.path, p)):
        created = "" if path in before else " (created)"
        text = textwrap.dedent(fixed[path]) if path.endswith(".py") else fixed[path]
        body = strip_markers(text).rstrip("\n")
        if path in before and strip_markers(before[path]).rstrip("\n") == body:
            continue  # listed only to say its finding goes: the file itself is unchanged
        parts.append(f'```{_language(path)} title="{path}{created}"\n{body}\n```')
    return "\n\n".join(parts)


def rule_page(rule: type[Rule]) -> str:
    state = (
        "on by default" if rule.default_enabled else "off by default (enable with `extend-select`)"
    )
    scope = "whole project" if rule.scope == "project" else "one file at a time"
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"**{rule.summary}**",
        "",
        f"Status: {state}. Checks: {scope}.",
        "",
        textwrap.dedent(rule.explanation).strip(),
        "",
    ]
    fix_doc = textwrap.dedent(getattr(rule, "fix_doc", "") or "").strip()
    lines += [
        "## Fix",
        "",
        fix_doc
        or "No automatic fix: `structlint check --fix` reports the finding and changes nothing.",
        "",
    ]
    for label, examples in (("Bad", rule.bad), ("Good", rule.good)):
        for i, ex in enumerate(examples):
            suffix = f" ({i + 1})" if len(examples) > 1 else ""
            lines += [f"## {label} example{suffix}", "", _example_block(ex), ""]
            if label == "Bad" and ex.has_fix:
                lines += ["After `structlint check --fix`:", "", _fixed_block(ex), ""]
    lines += ["## Configuration", ""]
    if rule.options:
        lines += [
            f"- `{o.name}` ({o.kind}, default `{o.default!r}`): {o.doc}" for o in rule.options
        ]
    lines += [
        f'- Turn it off for the project with `ignore = ["{rule.code}"]` in `[tool.structlint]`, '
        f"for some files with `per-file-ignores`, or on one line with `# noqa: {rule.code}`.",
        "",
        f"Documentation: {rule_url(rule.code)}",
        "",
    ]
    return "\n".join(lines)


def rule_table(rules: Iterable[type[Rule] | RuleInfo]) -> str:
    rows = [f"{'code':<7} {'name':<28} {'default':<8} summary"]
    for r in rules:
        rows.append(
            f"{r.code:<7} {r.name:<28} {'on' if r.default_enabled else 'off':<8} {r.summary}"
        )
    return "\n".join(rows)
