"""`structlint check --fix / --unsafe-fixes / --diff / --show-fixes`: the command-line front
end of `structlint.fixer`. The fixer does the work; this module reads the flags, prints the
diff or what was fixed, and says which files were left alone."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from structlint.fixer.policy import FixPolicy
from structlint.inputs.config import ConfigError

if TYPE_CHECKING:
    from structlint.api import CheckResult, Project
    from structlint.fixer.passes import FixOutcome

EXIT_CLEAN, EXIT_DIFF, EXIT_ERROR = 0, 1, 2


def add_arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument(
        "--fix", action="store_true", help="apply the safe fixes, then report what is left"
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply (with --fix, --diff) or count the unsafe fixes",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the unified diff the fixes would make and write nothing "
        "(exit 1 when there is a diff)",
    )
    check.add_argument(
        "--show-fixes", action="store_true", help="with --fix: list every fix it applied"
    )


def policy(args: argparse.Namespace, values: dict) -> FixPolicy:
    return FixPolicy.from_settings(values, unsafe=bool(getattr(args, "unsafe_fixes", False)))


def wanted(args: argparse.Namespace) -> bool:
    """Whether the run fixes (or shows the diff of fixing); ConfigError for flags that do not
    go together."""
    fix, diff = getattr(args, "fix", False), getattr(args, "diff", False)
    if getattr(args, "show_fixes", False) and not fix:
        raise ConfigError("--show-fixes goes with --fix.")
    if (fix or diff) and (getattr(args, "add_noqa", False) or args.command == "baseline"):
        raise ConfigError("--fix and --diff do not go with --add-noqa or `baseline`.")
    return fix or diff


def run(
    args: argparse.Namespace, project: Project, codes: frozenset[str]
) -> tuple[CheckResult, FixOutcome, int | None]:
    """Fix (or, with --diff, compute the fixes); the last check's result, the outcome, and an
    exit code when the command is done (--diff)."""
    from structlint.fixer import fix_project

    outcome = fix_project(
        project,
        args.paths,
        codes,
        policy(args, project.settings.values),
        write=not args.diff,
        jobs=args.jobs,
        use_cache=not args.no_cache,
        report_fixes=getattr(args, "output_format", "text") in ("json", "sarif"),
    )
    for message in outcome.messages:
        print(f"structlint: {message}", file=sys.stderr)
    if not args.diff:
        return outcome.result, outcome, None
    diff = outcome.diff()
    if diff:
        sys.stdout.write(diff)
    n = len(outcome.applied)
    files = len(outcome.changed)
    print(
        f"Would fix {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
        if n
        else "No fixes to apply.",
        file=sys.stderr,
    )
    if outcome.result.errors:
        return outcome.result, outcome, EXIT_ERROR
    return outcome.result, outcome, EXIT_DIFF if diff else EXIT_CLEAN


def show_fixes(outcome: FixOutcome, machine: bool) -> None:
    """What --fix applied, by file: `path:line: CODE message`."""
    stream = sys.stderr if machine else sys.stdout
    if not outcome.applied:
        print("No fixes applied.", file=stream)
        return
    n = len(outcome.applied)
    print(f"Fixed {n} finding{'s' if n != 1 else ''}:", file=stream)
    for a in sorted(outcome.applied, key=lambda a: (a.path, a.line, a.code)):
        changed = ", ".join(p for p in a.paths if p != a.path)
        also = f" (also {changed})" if changed else ""
        unsafe = " [unsafe]" if a.applicability == "unsafe" else ""
        print(f"- {a.path}:{a.line}: {a.code}{unsafe} {a.message}{also}", file=stream)
