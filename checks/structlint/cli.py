"""The `structlint` command: `check` (the default) and `rule`."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from structlint import __version__
from structlint.config import ConfigError, find_project_root, load_settings, schema
from structlint.findings import CLOSING_NOTE
from structlint.output import FORMATS, HUMAN_FORMATS, Report, error_line
from structlint.registry import rule_class, rule_infos
from structlint.selection import check_selectors, resolve

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

    rule = sub.add_parser("rule", help="explain a rule, or list them all")
    rule.add_argument("code", nargs="?", help="a rule code such as SL201, or its name")
    rule.add_argument("--all", action="store_true", help="list every rule")
    rule.add_argument("--output-format", choices=["text", "json"], default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in ("check", "rule", "-h", "--help", "--version"):
        args_list.insert(0, "check")  # `structlint src/` means `structlint check src/`
    parser = _parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_CLEAN
    try:
        if args.command == "rule":
            return _rule(args)
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
    from structlint.rulepage import rule_page, rule_table

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
    from structlint.engine import Engine

    start = args.config.parent if args.config else (args.paths[0] if args.paths else Path.cwd())
    if args.config and not args.config.is_file():
        raise ConfigError(f"{args.config}: no such file.")
    for p in args.paths:
        if not p.exists():
            raise ConfigError(f"{p}: no such file or folder.")
    root = find_project_root(start)
    _one_project(root, args.paths, args.config is not None)
    settings = load_settings(root)
    infos = rule_infos()
    known = [r.code for r in infos]
    v = settings.values
    where = str(settings.config_file or root)
    for key in ("select", "extend-select", "ignore", "extend-ignore"):
        check_selectors(v[key], known, f"{where}: [tool.structlint] {key}")
    for glob, sels in v["per-file-ignores"].items():
        check_selectors(sels, known, f"{where}: [tool.structlint] per-file-ignores[{glob!r}]")
    for opt in ("select", "extend_select", "ignore", "extend_ignore"):
        check_selectors(getattr(args, opt) or [], known, f"--{opt.replace('_', '-')}")
    if args.jobs is not None and args.jobs < 1:
        raise ConfigError("--jobs must be 1 or more.")
    select = args.select if args.select is not None else v["select"]
    extend_select = [*v["extend-select"], *args.extend_select]
    ignore = [*v["ignore"], *v["extend-ignore"], *args.ignore, *args.extend_ignore]
    codes = resolve({r.code: r.default_enabled for r in infos}, select, extend_select, ignore)

    if args.show_settings:
        print(f"project root: {root}")
        print(f"config file: {settings.config_file or '(none)'}")
        print(f"kedro package: {settings.package_name or '(no [tool.kedro] package_name)'}")
        print(f"enabled rules: {', '.join(sorted(codes)) or '(none)'}")
        for name in sorted(schema()):
            print(f"{name} = {json.dumps(v[name])}")
        engine = Engine(settings, codes, jobs=args.jobs, use_cache=False)
        for note in engine.describe(args.paths):
            print(note)
        return EXIT_CLEAN

    engine = Engine(settings, codes, jobs=args.jobs, use_cache=not args.no_cache)
    result = engine.run(args.paths)
    if result.files_found == 0 and not result.findings and not result.errors:
        # As ruff does ("No Python files found"): a warning and exit 0, so a hook on a repo
        # without Kedro code passes; nothing is written (no cache) and nothing claimed.
        why = f"no Python or YAML files under {root}"
        if settings.config_file is None:
            why += " (and no pyproject.toml there or above: not a project)"
        print(f"structlint: warning: nothing was checked: {why}.", file=sys.stderr)
        return EXIT_CLEAN
    report = Report(root, result.findings, result.errors, result.files_checked, engine.read_text)
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
        for f in result.findings:
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
    if result.findings and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
