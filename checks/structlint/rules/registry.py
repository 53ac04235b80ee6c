"""The rules: every rule class, found by importing the modules of `structlint.rules`, and a
static table of them (`structlint.core.rule_table`, generated from the classes) for what needs to
know the rules without importing them.

Importing the rule modules costs a run libcst (the file rules are written against its node
classes) and the modules themselves, about a fifth of a second: a warm run takes every file's
findings from the cache and runs a few whole-project rules, so it must not pay for that. The
configuration, the selection and the CLI read the table; the engine imports a rule's module
(`rule_class`) only to run it, the file rules only where files are parsed.

`python -m structlint.registry --write-table` writes the table again from the classes;
`--check` says whether it is up to date (so does `tests/linter/test_rule_table.py`).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from structlint.rules.rule import FileRule, Option, ProjectRule, Rule, RuleInfo

try:
    # The table's look-ups, here too for the callers that know the registry.
    from structlint.core.rule_index import (  # noqa: F401
        file_rule_codes,
        known_codes,
        project_rule_codes,
        rule_info,
        rule_infos,
    )
except Exception:
    # Only `--write-table` may run without a table it can read (one written for fields that
    # `RuleInfo` no longer has, say): it writes the table from the classes.
    if __name__ != "__main__":
        raise

    def rule_infos() -> tuple[RuleInfo, ...]:  # type: ignore[misc]
        return ()


TABLE_PATH = Path(__file__).parents[1] / "core" / "rule_table.py"
REGENERATE = "python -m structlint.registry --write-table"

_CLASSES: dict[str, type[Rule]] = {}


# --- the table: no rule module imported --------------------------------------------------


def rule_class(code: str) -> type[Rule]:
    """One rule's class: imports its module (and what that imports), not the other rules'."""
    cls = _CLASSES.get(code)
    if cls is None:
        info = rule_info(code)
        if info is None:
            raise KeyError(code)
        found = getattr(importlib.import_module(info.module), info.class_name, None)
        if not (isinstance(found, type) and issubclass(found, Rule) and found.code == code):
            raise RuntimeError(
                f"{TABLE_PATH.name} says {code} is {info.module}.{info.class_name}, which it is "
                f"not: the table is out of date; run `{REGENERATE}`."
            )
        cls = _CLASSES[code] = found
    return cls


def project_rule_class(code: str) -> type[ProjectRule]:
    cls = rule_class(code)
    if not issubclass(cls, ProjectRule):
        raise RuntimeError(
            f"{TABLE_PATH.name} says {code} is a project rule, which it is not: the table is "
            f"out of date; run `{REGENERATE}`."
        )
    return cls


# --- the classes: every rule module imported ---------------------------------------------


@cache
def all_rules() -> tuple[type[Rule], ...]:
    import structlint.rules as package

    found: dict[str, type[Rule]] = {}
    infos = pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    for info in sorted(infos, key=lambda i: i.name):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Rule)
                and obj not in (Rule, FileRule, ProjectRule)
                and getattr(obj, "code", None)
                and obj.__module__ == module.__name__
            ):
                if obj.code in found and found[obj.code] is not obj:
                    raise RuntimeError(f"two rules claim {obj.code}: {found[obj.code]} and {obj}")
                found[obj.code] = obj
    return tuple(found[code] for code in sorted(found))


def rules_by_code() -> dict[str, type[Rule]]:
    return {r.code: r for r in all_rules()}


# --- writing the table -------------------------------------------------------------------


def info_of(cls: type[Rule]) -> RuleInfo:
    """A rule class's row of the table."""
    project = cls if issubclass(cls, ProjectRule) else None
    return RuleInfo(
        code=cls.code,
        name=cls.name,
        kind=cls.scope,
        module=cls.__module__,
        class_name=cls.__qualname__,
        summary=cls.summary,
        default_enabled=cls.default_enabled,
        options=tuple(cls.options),
        cacheable=project.cacheable if project else True,
        has_environment=bool(project) and "environment" in _defined_below(cls, ProjectRule),
        reads_listing=tuple(getattr(cls, "reads_listing", ())),
        reads_mentions=tuple(tuple(m) for m in getattr(cls, "reads_mentions", ())),
    )


def _defined_below(cls: type, base: type) -> set[str]:
    """Names defined by `cls` or its bases up to (without) `base`."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if klass is base:
            break
        names.update(vars(klass))
    return names


def stale_rows(table: Iterable[RuleInfo], rules: Iterable[type[Rule]]) -> list[str]:
    """How the table differs from the classes, one line per code (empty when it is current)."""
    have = {r.code: r for r in table}
    want = {r.code: info_of(r) for r in rules}
    out = []
    for code in sorted(have.keys() | want.keys()):
        if code not in want:
            out.append(f"{code}: in the table, but no rule class has it")
        elif code not in have:
            out.append(f"{code}: {want[code].module}.{want[code].class_name} is not in the table")
        elif have[code] != want[code]:
            fields = [
                name
                for name in RuleInfo.__dataclass_fields__
                if getattr(have[code], name) != getattr(want[code], name)
            ]
            out.append(f"{code}: the table differs from the class in {', '.join(fields)}")
    if not out and [r.code for r in table] != sorted(have):
        out.append("the table is not in code order")
    return out


_HEADER = '''\
"""The rule table: what the configuration, the selection, the CLI and the engine need to know
of every rule without importing it (see `structlint.rules.registry`).

Generated from the rule classes by `python -m structlint.registry --write-table`: do not edit.
`tests/linter/test_rule_table.py` fails when it is out of date.
"""

from __future__ import annotations

from structlint.core.rule_info import Option, RuleInfo

RULES: tuple[RuleInfo, ...] = (
'''
_WIDTH = 100


def render_table(infos: Sequence[RuleInfo]) -> str:
    """The text of `structlint/core/rule_table.py` for these rows (as `ruff format` writes
    it)."""
    out = [_HEADER]
    for info in infos:
        out.append("    RuleInfo(\n")
        for name in RuleInfo.__dataclass_fields__:
            value = getattr(info, name)
            if name == "options":
                out.append(_options(value))
            elif name in ("reads_listing", "reads_mentions") and not value:
                continue  # the default: only the few rules that declare one have the line
            else:
                out.append(_field(name, value, 8))
        out.append("    ),\n")
    out.append(")\n")
    return "".join(out)


def _options(options: tuple[Option, ...]) -> str:
    if not options:
        return "        options=(),\n"
    parts = ["        options=(\n"]
    for opt in options:
        parts.append("            Option(\n")
        for name in Option.__dataclass_fields__:
            parts.append(_field(name, getattr(opt, name), 16))
        parts.append("            ),\n")
    parts.append("        ),\n")
    return "".join(parts)


def _field(name: str, value: Any, indent: int) -> str:
    pad = " " * indent
    line = f"{pad}{name}={_literal(value)},\n"
    if len(line) - 1 <= _WIDTH:
        return line
    if isinstance(value, list):  # one item a line, as ruff splits a long collection
        inner = "".join(f"{pad}    {_literal(v)},\n" for v in value)
        return f"{pad}{name}=[\n{inner}{pad}],\n"
    if isinstance(value, dict):
        inner = "".join(f"{pad}    {_literal(k)}: {_literal(v)},\n" for k, v in value.items())
        return f"{pad}{name}={{\n{inner}{pad}}},\n"
    if not isinstance(value, str):
        return line
    # A long string: implicitly concatenated pieces, each on its own line, split at spaces.
    pieces: list[str] = []
    room = _WIDTH - indent - 4 - 2  # the pieces' indent and quotes
    rest = value
    while len(_literal(rest)) - 2 > room:
        cut = rest.rfind(" ", 0, room) + 1 or room
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    inner = "".join(f"{pad}    {_literal(p)}\n" for p in pieces)
    return f"{pad}{name}=(\n{inner}{pad}),\n"


def _literal(value: Any) -> str:
    """Python source for a table value, with ruff's preferred (double) quotes."""
    if isinstance(value, str):
        text = repr(value)
        if text[0] == "'" and '"' not in value:
            text = '"' + text[1:-1].replace("\\'", "'") + '"'
        return text
    if isinstance(value, bool | int) or value is None:
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        items = [_literal(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"the rule table cannot hold {type(value).__name__} {value!r}")


def write_table(path: Path = TABLE_PATH) -> bool:
    """Write the table from the classes; True when the file changed."""
    text = render_table([info_of(r) for r in all_rules()])
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == text:
        return False
    path.write_text(text, encoding="utf-8")
    # The text is meant to be what `ruff format` writes already; let ruff have the last word
    # where it is installed.
    import shutil
    import subprocess

    ruff = shutil.which("ruff")
    if ruff:
        subprocess.run([ruff, "format", "--quiet", str(path)], check=False)
    return path.read_text(encoding="utf-8") != old


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m structlint.registry", description="The static table of the rules."
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write-table", action="store_true", help=f"write {TABLE_PATH}")
    group.add_argument("--check", action="store_true", help="exit 1 when the table is stale")
    args = parser.parse_args(argv)
    if args.write_table:
        changed = write_table()
        print(f"{TABLE_PATH}: {'written' if changed else 'up to date'}")
        return 0
    stale = stale_rows(rule_infos(), all_rules())
    for line in stale:
        print(f"{TABLE_PATH.name}: {line}", file=sys.stderr)
    if stale:
        print(f"run `{REGENERATE}`", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
