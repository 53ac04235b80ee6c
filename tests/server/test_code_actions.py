"""Code actions from findings that carry a fix (`fixes_model.Fix`): one WorkspaceEdit for a
multi-file fix, and "fix all safe fixes in this file" that skips unsafe and overlapping
ones. The findings are made here: the handlers see what a check would have returned."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types

from structlint.api import Project
from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.server import diagnostics, protocol
from structlint.server.documents import path_to_uri
from structlint.server.session import Session
from tests.server.project import NODES, NODES_BAD, demo_project

PATH_FINDING = Finding("SL101", "hardcoded path", NODES, 3, 10, 3, 40)


def _with_fix(finding: Finding, fix: Fix) -> Finding:
    return Finding(*[getattr(finding, f) for f in Finding.__slots__ if f != "fix"], fix=fix)


def _server(root: Path, findings: list[Finding]) -> tuple[protocol.StructlintServer, str]:
    ls = protocol.StructlintServer()
    session = Session(Project.open(root))
    session.full = {NODES: findings}
    ls.sessions[session.root] = session
    uri = path_to_uri(root / NODES)
    ls.documents.put(uri, session.root, NODES, NODES_BAD, 1)
    return ls, uri


def _actions(ls, uri: str, line: int, only=None) -> list[types.CodeAction]:
    rng = types.Range(types.Position(line, 0), types.Position(line, 5))
    params = types.CodeActionParams(
        types.TextDocumentIdentifier(uri), rng, types.CodeActionContext([], only=only)
    )
    return protocol.code_action(ls, params)


def test_a_multi_file_fix_is_one_workspace_edit(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    fix = Fix(
        "move the path to the catalog",
        (
            Edit(NODES, 3, 9, 3, 39, '"report"'),
            Edit("conf/base/catalog.yml", 1, 0, 1, 0, "report:\n  type: pandas.CSVDataset\n"),
            Edit("conf/base/new.yml", 1, 0, 1, 0, "x: 1\n", create=True),
        ),
    )
    ls, uri = _server(root, [_with_fix(PATH_FINDING, fix)])
    actions = _actions(ls, uri, 2)
    titles = [a.title for a in actions]
    assert titles[:2] == ["SL101: move the path to the catalog", "Add `# noqa: SL101`"]
    edit = actions[0].edit
    assert edit is not None and edit.document_changes is not None
    kinds = [type(c).__name__ for c in edit.document_changes]
    assert kinds == ["TextDocumentEdit", "TextDocumentEdit", "CreateFile", "TextDocumentEdit"]
    first = edit.document_changes[0]
    assert first.text_document.uri == uri
    assert first.edits[0].range.start == types.Position(2, 9)
    assert first.edits[0].new_text == '"report"'
    assert actions[0].is_preferred


def test_fix_all_takes_the_safe_fixes_that_do_not_overlap(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    safe = _with_fix(PATH_FINDING, Fix("a", (Edit(NODES, 3, 9, 3, 39, '"x"'),)))
    overlapping = _with_fix(
        Finding("SL102", "uri", NODES, 3, 12, 3, 20), Fix("b", (Edit(NODES, 3, 11, 3, 19, ""),))
    )
    unsafe = _with_fix(
        Finding("SL302", "magic", NODES, 11, 5, 11, 6),
        Fix("c", (Edit(NODES, 11, 4, 11, 5, "k"),), applicability="unsafe"),
    )
    elsewhere = _with_fix(
        Finding("SL301", "x", NODES, 1, 1, 1, 2), Fix("d", (Edit(NODES, 1, 0, 1, 0, "# x\n"),))
    )
    ls, uri = _server(root, [elsewhere, safe, overlapping, unsafe])
    (fix_all,) = _actions(ls, uri, 0, only=[types.CodeActionKind.SourceFixAll])
    assert fix_all.kind == "source.fixAll.structlint"
    changes = fix_all.edit.changes[uri]
    assert [(c.range.start.line, c.new_text) for c in changes] == [(0, "# x\n"), (2, '"x"')]


def test_a_finding_without_a_fix_offers_the_noqa_comment_only(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    ls, uri = _server(root, [PATH_FINDING])
    actions = _actions(ls, uri, 2, only=[types.CodeActionKind.QuickFix])
    assert [a.title for a in actions] == ["Add `# noqa: SL101`"]
    (text_edit,) = actions[0].edit.changes[uri]
    assert text_edit.new_text.endswith('"data/08_reporting/report.csv"  # noqa: SL101')


def test_diagnostic_carries_related_places(tmp_path: Path) -> None:
    from structlint.core.findings import Related

    f = Finding("SL401", "m", "a.py", 2, 5, 2, 5, related=(Related("conf/c.yml", 3, 1, "here"),))
    d = diagnostics.to_diagnostic(f, tmp_path, lambda p, n: "    xyz = 1")
    assert d.range.end == types.Position(1, 11)  # a point: the rest of the line
    (rel,) = d.related_information
    assert rel.message == "here" and rel.location.range.start == types.Position(2, 0)
    assert rel.location.uri == path_to_uri(tmp_path / "conf/c.yml")
