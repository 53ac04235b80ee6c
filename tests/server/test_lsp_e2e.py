"""`structlint server` driven over stdio by a real LSP client (tests/server/lsp_client.py),
on a generated project: diagnostics, edits, code actions, navigation, shutdown."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pygls")

from tests.server.lsp_client import Client, uri
from tests.server.project import (
    CATALOG,
    CATALOG_YML,
    NODES,
    NODES_BAD,
    NODES_GOOD,
    PARAMETERS_YML,
    PIPELINE_PY,
    demo_project,
)


def _apply(text: str, edits: list[dict]) -> str:
    lines = text.splitlines(keepends=True)

    def offset(pos: dict) -> int:
        return sum(len(x) for x in lines[: pos["line"]]) + pos["character"]

    for e in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(e["range"]["start"]), offset(e["range"]["end"])
        text = text[:start] + e["newText"] + text[end:]
    return text


def _codes(diags: list[dict]) -> list[str]:
    return sorted(d["code"] for d in diags)


def _pos(text: str, needle: str, into: int = 1) -> dict:
    """The position `into` characters after the start of `needle`'s first occurrence."""
    at = text.index(needle) + into
    line = text.count("\n", 0, at)
    return {"line": line, "character": at - (text.rfind("\n", 0, at) + 1)}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One project for the module: the tests change buffers only, never the files."""
    return demo_project(tmp_path_factory.mktemp("server") / "proj")


@pytest.fixture
def client(project: Path):
    c = Client(project)
    c.initialize(project)
    yield c
    c.close()


def test_diagnostics_edit_fix_and_code_action(project: Path, client: Client) -> None:
    nodes = project / NODES
    client.open(nodes)
    diags = client.diagnostics(nodes, where=bool)
    assert _codes(diags) == ["SL101"]
    d = diags[0]
    assert d["range"]["start"] == {"line": 2, "character": 9}
    assert d["codeDescription"]["href"].endswith("/rules/SL101/")
    assert d["source"] == "structlint" and d["severity"] == 2

    # The unsaved buffer is what is checked: fixing it in the editor clears the list.
    client.change(nodes, NODES_GOOD, 2)
    assert client.diagnostics(nodes, where=lambda ds: not ds) == []

    # Back to the finding, then suppress it through the code action and apply the edit.
    client.change(nodes, NODES_BAD, 3)
    diags = client.diagnostics(nodes, where=bool)
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri(nodes)},
            "range": diags[0]["range"],
            "context": {"diagnostics": diags},
        },
    )
    noqa = [a for a in actions if a["title"] == "Add `# noqa: SL101`"]
    assert noqa, actions
    edits = noqa[0]["edit"]["changes"][uri(nodes)]
    fixed = _apply(NODES_BAD, edits)
    assert 'REPORT = "data/08_reporting/report.csv"  # noqa: SL101\n' in fixed
    client.change(nodes, fixed, 4)
    assert client.diagnostics(nodes, where=lambda ds: not ds) == []
    assert client.shutdown() == 0


def test_catalog_edit_updates_the_nodes_that_read_it(project: Path, client: Client) -> None:
    """Whole-project findings of the files an edit affects: without the catalog entry,
    pipeline.py's node reads an undefined dataset (SL401)."""
    pipeline, catalog = project / PIPELINE_PY, project / CATALOG_YML
    client.open(pipeline)
    client.open(catalog)
    client.change(catalog, CATALOG.replace("companies:", "firms:"), 2)
    diags = client.diagnostics(pipeline, where=lambda ds: "SL401" in _codes(ds))
    sl401 = [d for d in diags if d["code"] == "SL401"]
    assert "companies" in sl401[0]["message"]
    client.change(catalog, CATALOG, 3)
    assert "SL401" not in _codes(
        client.diagnostics(pipeline, where=lambda ds: "SL401" not in _codes(ds))
    )
    assert client.shutdown() == 0


def test_unparsable_buffer_gets_sl001_and_the_server_goes_on(project: Path, client: Client) -> None:
    nodes = project / NODES
    client.open(nodes)
    client.diagnostics(nodes, where=bool)
    client.change(nodes, NODES_BAD + "\ndef broken(:\n", 2)
    diags = client.diagnostics(nodes, where=lambda ds: "SL001" in _codes(ds))
    assert diags[0]["severity"] == 1
    client.change(nodes, NODES_GOOD, 3)
    assert client.diagnostics(nodes, where=lambda ds: not ds) == []
    assert client.shutdown() == 0


def test_definition_references_hover_completion(project: Path, client: Client) -> None:
    pipeline = project / PIPELINE_PY
    text = pipeline.read_text()
    client.open(pipeline)
    client.diagnostics(project / NODES, where=bool)  # the first check is done

    def definition(needle: str, into: int = 2) -> list[dict]:
        return client.request(
            "textDocument/definition",
            {"textDocument": {"uri": uri(pipeline)}, "position": _pos(text, needle, into)},
        )

    # A catalog entry, a factory pattern's match and a nested parameter key.
    (loc,) = definition('"companies"')
    assert loc["uri"] == uri(project / CATALOG_YML) and loc["range"]["start"]["line"] == 0
    (loc,) = definition('"clean_csv"')
    assert loc["uri"] == uri(project / CATALOG_YML) and loc["range"]["start"]["line"] == 7
    (loc,) = definition('"params:split.test_size"', 10)
    assert loc["uri"] == uri(project / PARAMETERS_YML) and loc["range"]["start"]["line"] == 1

    # References from YAML: the catalog key and the parameters key, to the nodes in Python.
    catalog = project / CATALOG_YML
    client.open(catalog)
    refs = client.request(
        "textDocument/references",
        {
            "textDocument": {"uri": uri(catalog)},
            "position": {"line": 0, "character": 3},
            "context": {"includeDeclaration": False},
        },
    )
    assert [(r["uri"], r["range"]["start"]["line"]) for r in refs] == [(uri(pipeline), 8)]
    params = project / PARAMETERS_YML
    client.open(params)
    refs = client.request(
        "textDocument/references",
        {
            "textDocument": {"uri": uri(params)},
            "position": {"line": 1, "character": 4},
            "context": {"includeDeclaration": True},
        },
    )
    places = {(r["uri"], r["range"]["start"]["line"]) for r in refs}
    assert places == {(uri(pipeline), 11), (uri(params), 1)}
    refs = client.request(
        "textDocument/references",
        {
            "textDocument": {"uri": uri(catalog)},
            "position": {"line": 7, "character": 3},
            "context": {"includeDeclaration": False},
        },
    )
    assert {r["range"]["start"]["line"] for r in refs} == {8, 11}  # written, then read

    hover = client.request(
        "textDocument/hover",
        {"textDocument": {"uri": uri(pipeline)}, "position": _pos(text, '"companies"', 3)},
    )
    value = hover["contents"]["value"]
    assert "pandas.CSVDataset" in value and "data/01_raw/companies.csv" in value
    assert "layer: `raw`" in value and "consumed in: `__default__`" in value

    # Completion inside node(..., inputs=...) of an edited buffer.
    edited = text.replace('inputs="companies"', 'inputs="')
    client.change(pipeline, edited, 2)
    at = _pos(edited, 'inputs="', 8)
    done = client.request(
        "textDocument/completion", {"textDocument": {"uri": uri(pipeline)}, "position": at}
    )
    labels = {i["label"] for i in done["items"]}
    assert {"companies", "clean_csv", "params:split", "params:split.test_size"} <= labels
    outside = client.request(
        "textDocument/completion",
        {"textDocument": {"uri": uri(pipeline)}, "position": _pos(edited, "from kedro", 2)},
    )
    assert outside["items"] == []
    assert client.shutdown() == 0


CRASH = """\
from structlint.rules.project import sl401_undefined_dataset as module

for value in vars(module).copy().values():
    if isinstance(value, type) and getattr(value, "code", None) == "SL401":
        def check(self, project):
            raise RuntimeError("planted crash")
        value.check = check
"""


def test_a_crashing_rule_is_logged_and_the_server_goes_on(tmp_path: Path) -> None:
    project = demo_project(tmp_path / "proj")
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(CRASH, encoding="utf-8")
    import os

    path = os.pathsep.join(p for p in (str(patch), os.environ.get("PYTHONPATH", "")) if p)
    client = Client(project, env={"PYTHONPATH": path})
    try:
        client.initialize(project)
        nodes = project / NODES
        client.open(nodes)
        client.wait("window/logMessage", lambda p: "planted crash" in p["message"])
        # The other rules' findings still arrive, and the server still answers.
        assert _codes(client.diagnostics(nodes, where=bool)) == ["SL101"]
        client.change(nodes, NODES_GOOD, 2)
        assert client.diagnostics(nodes, where=lambda ds: not ds) == []
        assert client.shutdown() == 0
    finally:
        client.close()
