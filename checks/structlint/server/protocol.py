"""The LSP wiring (pygls 2): documents in, diagnostics out, code actions and navigation.

Every handler catches what it raises and logs it (`window/logMessage`): a crash in a rule,
in the model or here costs that answer, never the server. Checks run in two threads of their
own (the quick file check and the whole-project check), so a slow project check never holds
up the next keystroke's answer or the protocol."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from structlint import __version__
from structlint.api import ConfigError, Project, noqa_edit
from structlint.core.findings import Finding, InternalError
from structlint.server import diagnostics
from structlint.server.documents import Document, Documents, is_checked, path_to_uri, uri_to_path
from structlint.server.navigation import Navigator, in_node_call, string_at
from structlint.server.session import Session, buffers_key

log = logging.getLogger("structlint.server")
_T = TypeVar("_T")

# Seconds after the last keystroke: the file rules on the buffer, then the whole project.
QUICK_DELAY = 0.05
FULL_DELAY = 0.25


class StructlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("structlint", __version__)
        self.documents = Documents()
        self.sessions: dict[Path, Session] = {}
        self.quick_pool = ThreadPoolExecutor(1, thread_name_prefix="structlint-file")
        self.full_pool = ThreadPoolExecutor(1, thread_name_prefix="structlint-project")
        self.pending: dict[Path, asyncio.Task] = {}
        self.full_running: dict[Path, asyncio.Future] = {}

    # ------------------------------------------------------------------ helpers
    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        log.info(message)
        with contextlib.suppress(Exception):  # no client to tell (shut down)
            self.window_log_message(types.LogMessageParams(kind, message))

    def session_for(self, uri: str) -> tuple[Session, str] | None:
        path = uri_to_path(uri)
        if path is None:
            return None
        path = path.resolve()
        for root, session in self.sessions.items():
            if path.is_relative_to(root) and (root / "pyproject.toml").is_file():
                rel = path.relative_to(root).as_posix()
                # A nested project inside this one has its own session.
                if not any(
                    r != root and path.is_relative_to(r) and r.is_relative_to(root)
                    for r in self.sessions
                ):
                    return session, rel
        try:
            project = Project.open(path)
        except ConfigError as exc:
            self.log(f"structlint: {exc}", types.MessageType.Error)
            return None
        if project.settings.config_file is None:
            return None  # no pyproject.toml above it: not a project
        root = project.root.resolve()
        session = self.sessions.get(root)
        if session is None:
            session = self.sessions[root] = Session(project)
            self.log(f"structlint: project {root}")
        return session, path.relative_to(root).as_posix()

    def publish(self, session: Session) -> None:
        for rel, found in session.changed().items():
            uri = path_to_uri(session.root / rel)
            doc = self.documents.get(uri)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    diagnostics=[
                        diagnostics.to_diagnostic(f, session.root, session.line_text) for f in found
                    ],
                    version=doc.version if doc is not None else None,
                )
            )

    def report_errors(self, errors: list[InternalError]) -> None:
        for e in errors:
            self.log(
                f"structlint: internal error in {e.where} on {e.path}: {e.detail}",
                types.MessageType.Error,
            )

    def buffers(self, session: Session) -> dict[str, tuple[str, int]]:
        return {d.rel: (d.text, d.generation) for d in self.documents.of_root(session.root)}

    # ------------------------------------------------------------------ scheduling
    def schedule(self, session: Session, doc: Document | None, delay: float) -> None:
        """(Re)start the checks after `delay`: the file rules on `doc`, then the project."""
        old = self.pending.pop(session.root, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(self._checks(session, doc, delay))
        self.pending[session.root] = task

    async def _checks(self, session: Session, doc: Document | None, delay: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            if doc is not None and session.indexed:
                await asyncio.sleep(QUICK_DELAY)
                started = loop.time()
                errors, cpu = await loop.run_in_executor(
                    self.quick_pool, session.quick_check, doc.rel, doc.text, doc.generation
                )
                self.report_errors(errors)
                self.publish(session)
                self.log(
                    f"structlint: file rules on {doc.rel} in {loop.time() - started:.3f} s "
                    f"({cpu:.3f} s CPU)",
                    types.MessageType.Log,
                )
            await asyncio.sleep(delay)
            running = self.full_running.get(session.root)
            if running is not None:
                await asyncio.shield(running)  # one project check at a time, the newest last
            buffers = self.buffers(session)
            future = loop.run_in_executor(self.full_pool, session.full_check, buffers)
            self.full_running[session.root] = future
            started = loop.time()
            result = await asyncio.shield(future)
            self.log(
                f"structlint: checked {result.files_found} files in "
                f"{loop.time() - started:.2f} s ({session.full_cpu:.3f} s CPU): "
                f"{len(result.findings)} findings",
                types.MessageType.Log,
            )
            for note in result.notes:
                log.debug(note)
            self.report_errors(result.errors)
            self.publish(session)
            del result
            freed = await asyncio.shield(loop.run_in_executor(self.full_pool, session.collect))
            self.log(f"structlint: collected garbage ({freed:.3f} s CPU)", types.MessageType.Log)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.log(f"structlint: the check failed: {exc!r}", types.MessageType.Error)

    def shutdown_pools(self) -> None:
        for task in self.pending.values():
            task.cancel()
        self.quick_pool.shutdown(wait=False, cancel_futures=True)
        self.full_pool.shutdown(wait=False, cancel_futures=True)


def guarded(default: Any = None) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """A handler that logs what it raises and answers `default`."""

    def wrap(fn: Callable[..., _T]) -> Callable[..., _T]:
        @functools.wraps(fn)
        def inner(ls: StructlintServer, params: Any) -> Any:
            try:
                return fn(ls, params)
            except Exception as exc:
                log.exception("handler failed")
                ls.log(f"structlint: {fn.__name__} failed: {exc!r}", types.MessageType.Error)
                return default

        return inner

    return wrap


server = StructlintServer()


# ---------------------------------------------------------------------- documents
@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@guarded()
def did_open(ls: StructlintServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    found = ls.session_for(item.uri)
    if found is None:
        return
    session, rel = found
    ls.documents.put(item.uri, session.root, rel, item.text, item.version)
    if is_checked(rel):
        ls.schedule(session, None, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@guarded()
def did_change(ls: StructlintServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    text = ls.workspace.get_text_document(uri).source
    doc = ls.documents.change(uri, text, params.text_document.version)
    if doc is None or not is_checked(doc.rel):
        return
    session = ls.sessions.get(doc.root)
    if session is not None:
        ls.schedule(session, doc, FULL_DELAY)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@guarded()
def did_save(ls: StructlintServer, params: types.DidSaveTextDocumentParams) -> None:
    doc = ls.documents.get(params.text_document.uri)
    if doc is None:
        return
    session = ls.sessions.get(doc.root)
    if session is not None:
        session.invalidate()
        ls.schedule(session, None, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@guarded()
def did_close(ls: StructlintServer, params: types.DidCloseTextDocumentParams) -> None:
    doc = ls.documents.close(params.text_document.uri)
    if doc is None:
        return
    session = ls.sessions.get(doc.root)
    if session is not None:
        session.quick.pop(doc.rel, None)
        # What was unsaved is gone: the disk's text is what counts again.
        ls.schedule(session, None, 0)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@guarded()
def did_change_watched(ls: StructlintServer, params: types.DidChangeWatchedFilesParams) -> None:
    for session in ls.sessions.values():
        session.invalidate()
        ls.schedule(session, None, FULL_DELAY)


@server.feature(types.SHUTDOWN)
def shutdown(ls: StructlintServer, params: None) -> None:
    ls.shutdown_pools()


# ---------------------------------------------------------------------- code actions
def _overlaps(f: Finding, rng: types.Range) -> bool:
    start, end = (f.line - 1, f.column - 1), (f.end_line - 1, f.end_column - 1)
    lo, hi = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return (start <= hi and lo <= max(end, start)) or f.line - 1 == rng.start.line


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
@guarded(default=[])
def code_action(ls: StructlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    doc = ls.documents.get(params.text_document.uri)
    if doc is None:
        return []
    session = ls.sessions[doc.root]
    found = session.findings_for(doc.rel)
    only = params.context.only
    actions: list[types.CodeAction] = []
    wants_quick = not only or any(k.startswith(types.CodeActionKind.QuickFix) for k in only)
    if wants_quick:
        for f in found:
            if not _overlaps(f, params.range):
                continue
            diag = diagnostics.to_diagnostic(f, session.root, session.line_text)
            if f.fix is not None:
                actions.append(
                    types.CodeAction(
                        title=f"{f.code}: {f.fix.message}",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=diagnostics.fix_edit(session.root, f.fix),
                        is_preferred=f.fix.applicability == "safe",
                    )
                )
            edit = noqa_edit(doc.rel, doc.text, f)
            if edit is not None:
                actions.append(
                    types.CodeAction(
                        title=f"Add `# noqa: {f.code}`",
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diag],
                        edit=diagnostics.workspace_edit(session.root, [edit]),
                    )
                )
    wants_all = not only or any(
        k.startswith(types.CodeActionKind.SourceFixAll) or types.CodeActionKind.Source == k
        for k in only
    )
    if wants_all:
        edits = diagnostics.safe_edits(found)
        if edits:
            actions.append(
                types.CodeAction(
                    title="structlint: fix all safe fixes in this file",
                    kind=types.CodeActionKind.SourceFixAll + ".structlint",
                    edit=diagnostics.workspace_edit(session.root, edits),
                )
            )
    return actions


# ---------------------------------------------------------------------- navigation
def _navigator(ls: StructlintServer, doc: Document, fresh: bool = True) -> Navigator:
    session = ls.sessions[doc.root]
    buffers = ls.buffers(session)
    if not fresh:
        return session.any_navigator(session.overlays(buffers))
    return session.navigator(session.overlays(buffers), buffers_key(buffers))


def _target(
    ls: StructlintServer, params: types.TextDocumentPositionParams
) -> tuple[Document, Navigator, str] | None:
    """The open buffer a request is about, the navigation index, and the dataset or
    `params:` name under the cursor (None: no buffer, or no name there)."""
    doc = ls.documents.get(params.text_document.uri)
    if doc is None:
        return None
    nav = _navigator(ls, doc)
    lines = doc.text.splitlines()
    pos = params.position
    if pos.line >= len(lines):
        return None
    if doc.rel.endswith((".yml", ".yaml")):
        name = nav.key_in_yaml(doc.rel, pos.line + 1)
    else:
        name = nav.name_in_python(doc.rel, pos.line + 1, lines[pos.line], pos.character)
    return (doc, nav, name) if name else None


def _location(root: Path, place: tuple[str, int, int], length: int = 0) -> types.Location:
    path, line, column = place
    start = types.Position(max(line - 1, 0), max(column - 1, 0))
    end = types.Position(start.line, start.character + length)
    return types.Location(path_to_uri(root / path), types.Range(start, end))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@guarded()
def definition(ls: StructlintServer, params: types.DefinitionParams) -> list[types.Location]:
    target = _target(ls, params)
    if target is None:
        return []
    doc, nav, name = target
    return [_location(doc.root, p) for p in nav.definition(name)]


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@guarded()
def references(ls: StructlintServer, params: types.ReferenceParams) -> list[types.Location]:
    target = _target(ls, params)
    if target is None:
        return []
    doc, nav, name = target
    # A string's place is its opening quote: the name starts one character after it.
    out = [
        _location(doc.root, (p, line, col + 1), len(_written(nav, name)))
        for p, line, col in nav.references(name)
    ]
    if params.context.include_declaration:
        out += [_location(doc.root, p) for p in nav.definition(name)]
    return out


def _written(nav: Navigator, name: str) -> str:
    uses = nav.uses.get(name)
    return uses[0].written if uses else name


@server.feature(types.TEXT_DOCUMENT_HOVER)
@guarded()
def hover(ls: StructlintServer, params: types.HoverParams) -> types.Hover | None:
    target = _target(ls, params)
    if target is None:
        return None
    _doc, nav, name = target
    info = nav.hover(name)
    if info is None:
        return None
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=info.markdown())
    )


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=['"', "'", ":", "."]),
)
@guarded()
def completion(ls: StructlintServer, params: types.CompletionParams) -> types.CompletionList:
    empty = types.CompletionList(is_incomplete=False, items=[])
    doc = ls.documents.get(params.text_document.uri)
    if doc is None or not doc.rel.endswith(".py"):
        return empty
    lines = doc.text.splitlines(keepends=True)
    pos = params.position
    if pos.line >= len(lines):
        return empty
    line = lines[pos.line]
    hit = string_at(line, pos.character)
    if hit is None:
        # An unclosed string: the editor adds the closing quote late, or not at all.
        opened = max(line.rfind('"', 0, pos.character), line.rfind("'", 0, pos.character))
        if opened < 0:
            return empty
        hit = (line[opened + 1 : pos.character], opened + 1, pos.character)
    _text, start, end = hit
    before = "".join(lines[: pos.line]) + line[: start - 1]
    if not in_node_call(before):
        return empty
    typed = line[start : pos.character]
    replace = types.Range(
        types.Position(pos.line, start), types.Position(pos.line, max(end, pos.character))
    )
    items = [
        types.CompletionItem(
            label=label,
            kind=types.CompletionItemKind.Variable
            if label.startswith("params:") or label == "parameters"
            else types.CompletionItemKind.Value,
            detail=detail,
            text_edit=types.TextEdit(replace, label),
        )
        for label, detail in _navigator(ls, doc, fresh=False).completions()
        if label.startswith(typed)
    ]
    return types.CompletionList(is_incomplete=False, items=items)


def serve() -> int:
    logging.basicConfig(level=logging.WARNING)
    server.start_io()
    return 0
