"""The `structlint` command: `check` (the default), `baseline`, `rule` and `server`."""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from structlint import __version__
from structlint.core.findings import CLOSING_NOTE
from structlint.frontends import fix_cli
from structlint.frontends.baseline import DEFAULT_FILE as DEFAULT_BASELINE
from structlint.frontends.output import FORMATS, HUMAN_FORMATS, Report, error_line
from structlint.inputs.config import ConfigError, find_project_root, load_settings, schema
from structlint.rules.registry import rule_class, rule_infos
from structlint.run.selection import check_selectors

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # what a shell shows for a process that SIGPIPE ended


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in value.split(",") if c.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="structlint",
        description="Keep Kedro projects structured: paths, purity, parameters, catalog and graph.",
    )
    parser.add_argument("--version", action="version", version=f"structlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check a project or some of its files")
    check.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the project)"
    )
    check.add_argument(
        "--select", type=_codes, help="codes/prefixes to enable, replacing the config"
    )
    check.add_argument("--extend-select", type=_codes, default=[], help="codes/prefixes to add")
    check.add_argument("--ignore", type=_codes, default=[], help="codes/prefixes to disable")
    check.add_argument("--extend-ignore", type=_codes, default=[], help="codes/prefixes to disable")
    check.add_argument("--output-format", choices=sorted(FORMATS), default="full")
    check.add_argument("--statistics", action="store_true", help="count findings per rule")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument(
        "--show-settings",
        action="store_true",
        help="print the resolved settings and what the run would do, then exit",
    )
    check.add_argument(
        "--jobs", "-j", type=int, default=None, help="processes (default: all cores)"
    )
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    check.add_argument(
        "--config",
        type=Path,
        default=None,
        help="the pyproject.toml to read (default: the nearest one upwards)",
    )
    check.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="also say what could not be followed statically",
    )

    _adoption_arguments(check, sub)
    fix_cli.add_arguments(check)

    sub.add_parser(
        "server",
        help="the language server for editors, over stdio (needs kedro-structlint[server])",
    )

    rule = sub.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="a rule code such as SL201, or its name")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--output-format", choices=["text", "json"], default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in (
        "check",
        "rule",
        "baseline",
        "server",
        "-h",
        "--help",
        "--version",
    ):
        args_list.insert(0, "check")  # `structlint src/` means `structlint check src/`
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_CLEAN
    try:
        if args.command == "rule":
            return _rule(args)
        if args.command == "server":
            from structlint.server import main as serve

            return serve()
        if args.command == "baseline":
            # `baseline` runs the check as `check` would, with check's defaults for the rest.
            defaults = vars(parser.parse_args(["check"]))
            args = argparse.Namespace(**{**defaults, **vars(args), "command": "baseline"})
        return _check(args)
    except ConfigError as exc:
        print(f"structlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `structlint check | head -1`: the reader left. Say nothing more, as `cat` or `grep`
        # do, and exit as a process that SIGPIPE ended (128 + 13). Before `except Exception`:
        # a BrokenPipeError is an Exception too. Python's own flush at exit would fail again
        # on the closed pipe, so stdout goes to /dev/null from here.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:
        # A bug of structlint's own must not look like findings (Python exits 1 on an uncaught
        # exception): say so, show where, and exit 2.
        import traceback

        traceback.print_exc(file=sys.stderr)
        print(
            f"structlint: internal error: {type(exc).__name__}: {exc} (please report it)",
            file=sys.stderr,
        )
        return EXIT_ERROR


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test's capture): nothing to silence
        pass


def _rule(args: argparse.Namespace) -> int:
    from structlint.rules.rulepage import rule_page, rule_table

    rules = rule_infos()  # the table: `rule --all` imports no rule
    if args.all or not args.code:
        if args.output_format == "json":
            print(
                json.dumps(
                    [
                        {
                            "code": r.code,
                            "name": r.name,
                            "default": r.default_enabled,
                            "summary": r.summary,
                        }
                        for r in rules
                    ],
                    indent=2,
                )
            )
        else:
            print(rule_table(rules))
        return EXIT_CLEAN
    wanted = args.code.strip()
    info = next((r for r in rules if r.code == wanted.upper() or r.name == wanted.lower()), None)
    if info is None:
        import difflib

        names = [r.code for r in rules] + [r.name for r in rules]
        near = difflib.get_close_matches(wanted, names, n=1)
        hint = f" Did you mean {near[0]}?" if near else ""
        raise ConfigError(f"no rule `{wanted}`.{hint} `structlint rule --all` lists them.")
    match = rule_class(info.code)
    if args.output_format == "json":
        print(
            json.dumps(
                {
                    "code": match.code,
                    "name": match.name,
                    "summary": match.summary,
                    "explanation": match.explanation.strip(),
                    "default": match.default_enabled,
                },
                indent=2,
            )
        )
    else:
        print(rule_page(match))
    return EXIT_CLEAN


def _one_project(root: Path, paths: Sequence[Path], configured: bool) -> None:
    """A run checks one project: every path must belong to the project at `root` (the
    nearest pyproject.toml above the first path, or `--config`'s folder). A path of another
    project, or outside any, would otherwise be dropped without a word: ConfigError."""
    resolved = root.resolve()
    roots: dict[Path, Path] = {}
    for p in paths:
        absolute = p.resolve()
        if configured:
            if absolute != resolved and not absolute.is_relative_to(resolved):
                raise ConfigError(
                    f"{p}: outside the project at {root} (from --config); structlint checks "
                    "one project per run: run it once for each."
                )
            continue
        folder = absolute if absolute.is_dir() else absolute.parent
        other = roots.get(folder)
        if other is None:
            other = roots[folder] = find_project_root(folder)
        if other.resolve() != resolved:
            first = paths[0]
            raise ConfigError(
                f"{p} belongs to the project at {other}, but {first} to the project at "
                f"{root}; structlint checks one project per run: run it once for each."
            )


def _check(args: argparse.Namespace) -> int:
    from structlint.api import Project

    start = args.paths[0] if args.paths else Path.cwd()
    for p in args.paths:
        if not p.exists():
            raise ConfigError(f"{p}: no such file or folder.")
    project = Project.open(start, args.config)
    root, settings = project.root, project.settings
    _one_project(root, args.paths, args.config is not None)
    known = [r.code for r in rule_infos()]
    for opt in ("select", "extend_select", "ignore", "extend_ignore"):
        check_selectors(getattr(args, opt) or [], known, f"--{opt.replace('_', '-')}")
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be 1 or more.")
    codes = project.codes(args.select, args.extend_select, [*args.ignore, *args.extend_ignore])
    v = settings.values

    if args.show_settings:
        print(f"project root: {root}")
        print(f"config file: {settings.config_file or '(none)'}")
        print(f"kedro package: {settings.package_name or '(no [tool.kedro] package_name)'}")
        print(f"enabled rules: {', '.join(sorted(codes)) or '(none)'}")
        for name in sorted(schema()):
            print(f"{name} = {json.dumps(v[name])}")
        for note in project.describe(args.paths, codes):
            print(note)
        return EXIT_CLEAN

    outcome = None
    if fix_cli.wanted(args):
        result, outcome, done = fix_cli.run(args, project, codes)
        if done is not None:
            return done
    else:
        # The fixes that span files (structlint.fixes) cost a libcst parse of what they touch:
        # built when they are asked for (--unsafe-fixes) or listed (JSON and SARIF carry fixes).
        result = project.check(
            args.paths,
            codes,
            jobs=args.jobs,
            use_cache=not args.no_cache,
            project_fixes=bool(getattr(args, "unsafe_fixes", False))
            or args.output_format in ("json", "sarif"),
        )
    if result.files_found == 0 and not result.findings and not result.errors:
        # As ruff does ("No Python files found"): a warning and exit 0, so a hook on a repo
        # without Kedro code passes; nothing is written (no cache) and nothing claimed.
        why = f"no Python or YAML files under {root}"
        if settings.config_file is None:
            why += " (and no pyproject.toml there or above: not a project)"
        print(f"structlint: warning: nothing was checked: {why}.", file=sys.stderr)
        return EXIT_CLEAN
    adopted = _adoption(args, root, settings, codes, result, result.read_text)
    if isinstance(adopted, int):
        return adopted
    report = Report(
        root,
        adopted.findings,
        result.errors,
        result.files_checked,
        result.read_text,
        hidden=adopted.hidden,
        fixed=adopted.fixed,
        baseline=adopted.baseline,
        policy=fix_cli.policy(args, v),
        applied=len(outcome.applied) if outcome else 0,
    )
    if outcome is not None and args.show_fixes:
        fix_cli.show_fixes(outcome, args.output_format not in HUMAN_FORMATS)
    text = FORMATS[args.output_format](report)
    if text:
        print(text)
    if args.output_format not in HUMAN_FORMATS:
        # A machine format puts its internal errors where a reader of the log may not look
        # (SARIF's notifications, GitHub's annotations) or nowhere (JSON, GitLab): say them on
        # stderr too, so that exit code 2 never comes without a word.
        for e in result.errors:
            print(f"structlint: {error_line(e)}", file=sys.stderr)
    closing = [n[len(CLOSING_NOTE) :] for n in result.notes if n.startswith(CLOSING_NOTE)]
    if args.verbose:
        for note in result.notes:
            if not note.startswith(CLOSING_NOTE):
                print(f"note: {note}", file=sys.stderr)
    if args.statistics:
        counts: dict[str, int] = {}
        for f in report.findings:
            counts[f.code] = counts.get(f.code, 0) + 1
        stream = sys.stderr if args.output_format in ("json", "sarif", "gitlab") else sys.stdout
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"{n:>5}\t{code}\t{report.rule_name(code)}", file=stream)
    # Last, without `--verbose`: what could not be checked in full (on stderr, so that json,
    # sarif and the other machine formats on stdout stay as they are).
    for note in dict.fromkeys(closing):
        named = set(re.findall(r"\bSL\d{3}\b", note))
        if not named or named & set(codes):  # only about the rules that ran
            print(f"note: {note}", file=sys.stderr)
    if result.errors:
        return EXIT_ERROR
    if report.findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


# --- adoption on an existing project (issue 14): baseline, --add-noqa, --since ------------
# Front ends over the findings `Engine.run` returns; they know nothing of its internals.


def _adoption_arguments(check: argparse.ArgumentParser, sub) -> None:
    check.add_argument(
        "--no-baseline",
        action="store_true",
        help="report every finding, also those the baseline file holds",
    )
    check.add_argument(
        "--since",
        metavar="REF",
        default=None,
        help="only findings on lines changed since the git ref REF (what a pull request adds)",
    )
    check.add_argument(
        "--add-noqa",
        action="store_true",
        help="write `# noqa: SLxxx` on the lines of every current finding, then exit",
    )
    check.add_argument(
        "--reason",
        default=None,
        metavar="TEXT",
        help="with --add-noqa: text written after the codes (`# noqa: SL201 TEXT`)",
    )
    base = sub.add_parser(
        "baseline",
        help="record the current findings, so that `check` reports only new ones",
        description=(
            "Write the baseline file (`baseline` in [tool.structlint], default "
            f"{DEFAULT_BASELINE}) with every current finding; `check` then hides them. "
            "With --prune, only remove the entries that no longer occur."
        ),
    )
    base.add_argument(
        "--prune",
        action="store_true",
        help="only remove entries that no longer occur (the baseline never grows)",
    )
    base.add_argument("--select", type=_codes, help="codes/prefixes to enable")
    base.add_argument("--extend-select", type=_codes, default=[], help="codes/prefixes to add")
    base.add_argument("--ignore", type=_codes, default=[], help="codes/prefixes to disable")
    base.add_argument("--jobs", "-j", type=int, default=None, help="processes")
    base.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    base.add_argument("--config", type=Path, default=None, help="the pyproject.toml to read")


@dataclass
class _Shown:
    findings: list
    hidden: list = field(default_factory=list)
    fixed: int = 0
    baseline: bool = False


def _adoption(args: argparse.Namespace, root: Path, settings, codes, result, read_text):
    """The findings to report (baseline and --since applied), or an exit code when the
    command was `baseline` or `--add-noqa`."""
    from structlint.frontends import baseline

    if args.reason is not None and not args.add_noqa:
        raise ConfigError("--reason goes with --add-noqa.")
    if args.command == "baseline":
        return _write_baseline(args, root, settings, codes, result, read_text)
    if args.add_noqa:
        return _add_noqa(root, result, args.reason)
    shown = _Shown(list(result.findings))
    file = root / settings.get("baseline")
    memo = result.memo  # the run's cache: a warm run neither re-reads nor re-scans
    held = None if args.no_baseline else _read_baseline(file, memo)
    if held is not None:
        keys = baseline.fingerprints(shown.findings, read_text, memo)
        in_scope = baseline.scope_filter(codes, _relative(root, args.paths))
        outcome = held.match(shown.findings, keys, in_scope)
        shown = _Shown(outcome.new, outcome.hidden, outcome.fixed, baseline=True)
    if args.since is not None:
        from structlint.frontends import since

        try:
            change = since.changes(root, args.since)
        except since.SinceError as exc:
            raise ConfigError(str(exc)) from exc
        project = [r.code for r in rule_infos() if r.kind == "project" and r.code in codes]
        with tempfile.TemporaryDirectory(prefix="structlint-since-") as tmp:

            def at_ref() -> list:
                return _project_keys_at(root, change.commit, Path(tmp), project, args.jobs)

            def keys_now(found: Sequence) -> list:
                return baseline.fingerprints(found, read_text, memo)

            shown.findings = since.only_changed(shown.findings, change, project, at_ref, keys_now)
            shown.hidden = since.only_changed(shown.hidden, change, project)
    if memo is not None:
        memo.save()  # only what the baseline added: nothing on a warm run
    return shown


def _project_keys_at(root: Path, commit: str, tmp: Path, codes: list, jobs) -> list:
    """The fingerprints of the whole-project findings of `commit`: its files exported to
    `tmp` and checked, as they were then, with its own configuration, by the same engine."""
    from structlint.api import Project
    from structlint.frontends import baseline, since

    ref_root = since.export(root, commit, tmp)
    try:
        settings = load_settings(ref_root)
    except ConfigError:  # REF's configuration was broken: every finding counts as new
        return []
    result = Project(ref_root, settings).check([], codes, jobs=jobs, use_cache=False)
    return baseline.fingerprints(result.findings, result.read_text)


def _read_baseline(file: Path, memo=None):
    from structlint.frontends import baseline

    try:
        return baseline.read(file, memo)
    except baseline.BaselineError as exc:
        raise ConfigError(str(exc)) from exc


def _relative(root: Path, paths: Sequence[Path]) -> list[str]:
    out = []
    for p in paths:
        try:
            out.append(p.resolve().relative_to(root.resolve()).as_posix())
        except ValueError:
            out.append(p.as_posix())
    return out


def _write_baseline(args, root: Path, settings, codes, result, read_text) -> int:
    from structlint.frontends import baseline

    file = root / settings.get("baseline")
    shown = _display(file, root)
    if result.errors:
        for e in result.errors:
            print(f"structlint: {error_line(e)}", file=sys.stderr)
        print(
            f"structlint: error: {shown} not written: some files could not be checked (above).",
            file=sys.stderr,
        )
        return EXIT_ERROR
    keys = baseline.fingerprints(result.findings, read_text, result.memo)
    if result.memo is not None:
        result.memo.save()
    if args.prune:
        held = _read_baseline(file)
        if held is None:
            raise ConfigError(
                f"{shown}: no baseline to prune; write one with `structlint baseline`."
            )
        smaller, removed = held.pruned(keys, baseline.scope_filter(codes, []))
        if removed:
            baseline.write(file, smaller)
        print(
            f"Removed {_n(removed, 'fixed finding')} from {shown}; "
            f"{_n(smaller.total, 'finding')} remain baselined."
        )
        return EXIT_CLEAN
    made = baseline.from_findings(result.findings, keys)
    baseline.write(file, made)
    print(
        f"Wrote {_n(made.total, 'finding')} ({_n(len(made.counts), 'entry', 'entries')}) "
        f"to {shown}; `structlint check` now reports only new findings."
    )
    return EXIT_CLEAN


def _add_noqa(root: Path, result, reason: str | None) -> int:
    """Exit 0 when every finding now has its comment, 1 when some could not get one (each
    file left alone is named, with why), 2 on an internal error."""
    from structlint.frontends.add_noqa import add_noqa

    done = add_noqa(root, result.findings, reason)
    for e in result.errors:
        print(f"structlint: {error_line(e)}", file=sys.stderr)
    for path, why in done.untouched:
        print(f"{path}: left unchanged: {why}.")
    for path, code, why in done.no_comment:
        print(f"{path}: {code} not suppressed: {why} (use the baseline or per-file-ignores).")
    print(f"Added {_n(done.added, 'suppression')} in {_n(len(done.files), 'file')}.")
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if done.left else EXIT_CLEAN


def _display(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return str(file)


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"
