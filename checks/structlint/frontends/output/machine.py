"""Machine formats: ruff-shaped JSON, SARIF 2.1.0, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json

from structlint import __version__, rule_url
from structlint.core.findings import Finding
from structlint.frontends.output.base import Report, error_line, text, uri


def json_format(report: Report) -> str:
    out = []
    for f in report.findings:
        out.append(
            {
                "code": f.code,
                "message": text(f.message),
                "filename": text(report.absolute(f.path)),
                "location": {"row": f.line, "column": f.column},
                "end_location": {"row": f.end_line, "column": f.end_column},
                "url": rule_url(f.code),
                "noqa_row": f.line,
                "fix": _json_fix(report, f),
                "related": [
                    {
                        "filename": text(report.absolute(r.path)),
                        "location": {"row": r.line, "column": r.column},
                        "message": text(r.message),
                    }
                    for r in f.related
                ],
            }
        )
    return json.dumps(out, indent=2)


def _json_fix(report: Report, f: Finding) -> dict | None:
    """ruff's shape (`applicability`, `message`, `edits` with 1-based columns), with the file
    of each edit (a fix may span files) and `create` on an edit that makes a new file."""
    if f.fix is None:
        return None
    kind = report.policy.applicability(f) if report.policy is not None else f.fix.applicability
    edits = []
    for e in f.fix.edits:
        edit: dict = {
            "content": text(e.content),
            "location": {"row": e.line, "column": e.column + 1},
            "end_location": {"row": e.end_line, "column": e.end_column + 1},
            "filename": text(report.absolute(e.path)),
        }
        if e.create:
            edit["create"] = True
        edits.append(edit)
    return {
        "applicability": kind or f.fix.applicability,
        "message": text(f.fix.message),
        "edits": edits,
    }


def _sarif_fixes(f: Finding) -> list[dict]:
    """SARIF's `fixes`: one per finding, its replacements grouped by file (1-based columns;
    a created file is one insertion at 1:1 of an empty file)."""
    if f.fix is None:
        return []
    changes: dict[str, list[dict]] = {}
    for e in f.fix.edits:
        changes.setdefault(e.path, []).append(
            {
                "deletedRegion": {
                    "startLine": e.line,
                    "startColumn": e.column + 1,
                    "endLine": e.end_line,
                    "endColumn": e.end_column + 1,
                },
                "insertedContent": {"text": text(e.content)},
            }
        )
    return [
        {
            "description": {"text": text(f.fix.message)},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": uri(path), "uriBaseId": "%SRCROOT%"},
                    "replacements": replacements,
                }
                for path, replacements in changes.items()
            ],
        }
    ]


def sarif(report: Report) -> str:
    # SARIF carries every rule's explanation: the one format that imports the rule classes.
    from structlint.rules.registry import rules_by_code

    catalogue = rules_by_code()
    codes = sorted({f.code for f in report.findings} | set(catalogue))
    rules = []
    for code in codes:
        rule = catalogue.get(code)
        rules.append(
            {
                "id": code,
                "name": rule.name if rule else code,
                "shortDescription": {"text": rule.summary if rule else code},
                "fullDescription": {"text": (rule.explanation.strip() if rule else code)},
                "help": {
                    "text": f"{rule.summary if rule else code} See {rule_url(code)}",
                    "markdown": (rule.explanation.strip() if rule else "")
                    + f"\n\n[Rule documentation]({rule_url(code)})",
                },
                "helpUri": rule_url(code),
                "defaultConfiguration": {"level": "error"},
                "properties": {"tags": ["kedro", "structure"]},
            }
        )
    index = {code: i for i, code in enumerate(codes)}
    results = []
    # With a baseline, every result says whether it is new; the baselined ones are listed too,
    # suppressed externally (by the baseline file), so that a viewer can tell them apart.
    marked = report.baseline
    shown = [(f, "new") for f in report.findings] + [(f, "unchanged") for f in report.hidden]
    shown.sort(key=lambda pair: pair[0].sort_key)
    for f, state in shown:
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": "error",
            "message": {"text": text(f.message)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": f.line,
                            "startColumn": f.column,
                            "endLine": f.end_line,
                            "endColumn": f.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {"structlint/v1": _fingerprint(f.path, f.code, f.message)},
        }
        fixes = _sarif_fixes(f)
        if fixes:
            result["fixes"] = fixes
        if marked:
            result["baselineState"] = state
            if state == "unchanged":
                result["suppressions"] = [
                    {"kind": "external", "justification": "in the structlint baseline file"}
                ]
        if f.related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    "message": {"text": text(r.message) or "related"},
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(r.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": r.line, "startColumn": r.column},
                    },
                }
                for i, r in enumerate(f.related)
            ]
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "structlint",
                        "fullName": "kedro-structlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": rule_url("index").rsplit("/rules/", 1)[0] + "/",
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": report.root.resolve().as_uri() + "/"}},
                "results": results,
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {
                                "level": "error",
                                "message": {"text": error_line(e)},
                                "locations": [
                                    {
                                        "physicalLocation": {
                                            "artifactLocation": {
                                                "uri": uri(e.path),
                                                "uriBaseId": "%SRCROOT%",
                                            }
                                        }
                                    }
                                ],
                            }
                            for e in report.errors
                        ],
                    }
                ],
            }
        ],
    }
    return json.dumps(doc, indent=2)


def _fingerprint(*parts: str) -> str:
    # (surrogateescape: a file name that is not UTF-8 hashes as its own bytes)
    data = "\0".join(parts).encode("utf-8", "surrogateescape")
    return hashlib.sha256(data).hexdigest()[:32]


def gitlab(report: Report) -> str:
    out = []
    for f in report.findings:
        out.append(
            {
                "description": text(f"{f.code} {report.rule_name(f.code)}: {f.message}"),
                "check_name": f.code,
                "fingerprint": _fingerprint(f.path, str(f.line), f.code, f.message),
                "severity": "major",
                "location": {
                    "path": text(f.path),
                    "lines": {"begin": f.line, "end": f.end_line},
                },
            }
        )
    return json.dumps(out, indent=2)
