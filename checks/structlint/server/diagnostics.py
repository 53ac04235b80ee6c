"""Findings as LSP diagnostics, and fixes as workspace edits.

Positions: a Finding's lines and columns are 1-based, an Edit's columns 0-based characters,
LSP's both 0-based. Characters are counted as Python counts them (code points), which is what
LSP's UTF-16 units are for every character outside the astral planes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from lsprotocol import types

from structlint.api import rule_url
from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.server.documents import path_to_uri

SOURCE = "structlint"


def finding_range(f: Finding, line_text: Callable[[str, int], str | None]) -> types.Range:
    start = types.Position(max(f.line - 1, 0), max(f.column - 1, 0))
    end = types.Position(max(f.end_line - 1, 0), max(f.end_column - 1, 0))
    if (end.line, end.character) <= (start.line, start.character):
        # A point: mark the rest of the line, so the editor has something to underline.
        text = line_text(f.path, f.line) or ""
        end = types.Position(start.line, max(len(text.rstrip("\r\n")), start.character + 1))
    return types.Range(start, end)


def to_diagnostic(
    f: Finding, root: Path, line_text: Callable[[str, int], str | None]
) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            types.Location(
                path_to_uri(root / r.path),
                types.Range(
                    types.Position(max(r.line - 1, 0), max(r.column - 1, 0)),
                    types.Position(max(r.line - 1, 0), max(r.column - 1, 0)),
                ),
            ),
            r.message or "related",
        )
        for r in f.related
    ]
    return types.Diagnostic(
        range=finding_range(f, line_text),
        message=f.message,
        # Every structlint finding is a problem to fix; SL001 (a file that does not parse)
        # is the one the rest of the checks could not look into.
        severity=types.DiagnosticSeverity.Error
        if f.code == "SL001"
        else types.DiagnosticSeverity.Warning,
        code=f.code,
        code_description=types.CodeDescription(href=rule_url(f.code)),
        source=SOURCE,
        related_information=related or None,
        data={"code": f.code, "line": f.line, "column": f.column},
    )


def _range(e: Edit) -> types.Range:
    return types.Range(
        types.Position(e.line - 1, e.column), types.Position(e.end_line - 1, e.end_column)
    )


def workspace_edit(root: Path, edits: Iterable[Edit]) -> types.WorkspaceEdit:
    """One WorkspaceEdit for edits to any number of files (one fix, or many fixes' edits)."""
    edits = list(edits)
    if not any(e.create for e in edits):
        changes: dict[str, list[types.TextEdit]] = {}
        for e in edits:
            changes.setdefault(path_to_uri(root / e.path), []).append(
                types.TextEdit(_range(e), e.content)
            )
        return types.WorkspaceEdit(changes=changes)
    ops: list = []
    for e in edits:
        uri = path_to_uri(root / e.path)
        if e.create:
            ops.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(overwrite=True)))
            whole = types.Range(types.Position(0, 0), types.Position(0, 0))
            edit = types.TextEdit(whole, e.content)
        else:
            edit = types.TextEdit(_range(e), e.content)
        ops.append(
            types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), [edit]
            )
        )
    return types.WorkspaceEdit(document_changes=ops)


def fix_edit(root: Path, fix: Fix) -> types.WorkspaceEdit:
    return workspace_edit(root, fix.edits)


def safe_edits(findings: Iterable[Finding]) -> list[Edit]:
    """The edits of every safe fix among `findings`, skipping a fix that overlaps one taken
    before it (fixing all at once must not garble a line two fixes both touch)."""
    taken: list[Edit] = []
    for f in findings:
        fix = f.fix
        if fix is None or fix.applicability != "safe":
            continue
        if any(_overlaps(a, b) for a in fix.edits for b in taken):
            continue
        taken.extend(fix.edits)
    return taken


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.path != b.path:
        return False
    a0, a1 = (a.line, a.column), (a.end_line, a.end_column)
    b0, b1 = (b.line, b.column), (b.end_line, b.end_column)
    return not (a1 < b0 or b1 < a0) and not (a0 == a1 == b0 == b1)
