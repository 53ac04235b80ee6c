"""Human formats (full, concise) and GitHub workflow annotations."""

from __future__ import annotations

from structlint import rule_url
from structlint.core.decoding import source_lines
from structlint.core.findings import Finding
from structlint.frontends.output.base import Report, error_line, text


def _head(report: Report, f: Finding) -> str:
    mark = " [*]" if report.fix_state(f) == "applicable" else ""
    return text(
        f"{f.path}:{f.line}:{f.column}: {f.code}{mark} {report.rule_name(f.code)} {f.message}"
    )


def concise(report: Report) -> str:
    lines = [_head(report, f) for f in report.findings]
    return "\n".join(lines + _tail(report))


def full(report: Report) -> str:
    out: list[str] = []
    # Lines per file, split once: a catalog with thousands of findings is not split per finding.
    split: dict[str, list[str] | None] = {}
    for f in report.findings:
        out.append(_head(report, f))
        if f.path not in split:
            content = report.read_text(f.path)
            yaml = f.path.endswith((".yml", ".yaml"))  # lines as the finding counted them
            split[f.path] = source_lines(content, yaml) if content is not None else None
        src = split[f.path]
        if src is not None and 0 < f.line <= len(src):
            code_line = src[f.line - 1].rstrip().expandtabs(4)
            width = len(str(f.line))
            out.append(f"{' ' * width} |")
            out.append(f"{f.line} | {code_line}")
            start = max(f.column - 1, 0)
            stop = f.end_column - 1 if f.end_line == f.line else len(code_line)
            caret = "^" * max(1, min(stop, len(code_line)) - start)
            out.append(f"{' ' * width} | {' ' * start}{caret}")
        for r in f.related:
            note = f": {r.message}" if r.message else ""
            out.append(text(f"  = related: {r.path}:{r.line}:{r.column}{note}"))
        out.append(f"  = help: {rule_url(f.code)}")
        out.append("")
    return "\n".join(out + _tail(report))


def _tail(report: Report) -> list[str]:
    lines = [f"error: {error_line(e)}" for e in report.errors]
    n = len(report.findings)
    if report.applied:
        lines.append(f"Fixed {report.applied} finding{'s' if report.applied != 1 else ''}.")
    hidden = len(report.hidden)
    also = f" ({hidden} more hidden by the baseline)" if hidden else ""
    if n:
        lines.append(f"Found {n} finding{'s' if n != 1 else ''}{also}.")
    elif not report.errors:
        lines.append(f"All checks passed!{also.replace(' more', '')}")
    fix_line = fixable_line(report)
    if fix_line:
        lines.append(fix_line)
    if report.fixed:
        entries = "entry is" if report.fixed == 1 else "entries are"
        lines.append(f"{report.fixed} baseline {entries} fixed: run `structlint baseline --prune`.")
    return lines


def fixable_line(report: Report, verb: str = "fixable with --fix") -> str:
    """`[*] 2 fixable with --fix (1 more with --unsafe-fixes).`, or "" without fixes."""
    states = [report.fix_state(f) for f in report.findings]
    now, later = states.count("applicable"), states.count("unsafe")
    if not now and not later:
        return ""
    more = f" ({later} more with --unsafe-fixes)" if later else ""
    return f"[*] {now} {verb}{more}."


def _data(value: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (`escapeData`)."""
    return text(value).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(value: str) -> str:
    """A workflow command's property value (`file=`, `title=`), escaped as GitHub's toolkit
    does (`escapeProperty`): `,` and `:` would end the value early."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report) -> str:
    lines = []
    for f in report.findings:
        title = f"{f.code} {report.rule_name(f.code)}"
        lines.append(
            f"::error title={_prop(title)},file={_prop(f.path)},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column}::{_data(f'{f.code} {f.message}')}"
        )
    for e in report.errors:
        lines.append(
            f"::error title=structlint internal error,file={_prop(e.path)}::{_data(error_line(e))}"
        )
    return "\n".join(lines)
