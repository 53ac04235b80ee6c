"""One project root in the editor: a long-lived `structlint.api.Project`, the findings of its
last whole-project check, the file-rule findings of buffers edited since, and what was
published, so that only what changed is sent again.

Two speeds. After a keystroke the edited Python buffer gets the file rules at once
(`Project.check_file`: one parse, no other file read); the whole-project check
(`Project.check` over every open buffer) follows behind it and replaces both. Until then a
buffer shows its fresh file-rule findings beside the whole-project findings of the last
check."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from structlint.api import SYNTAX_ERROR, CheckResult, Project, rules
from structlint.core.findings import Finding, InternalError
from structlint.server.navigation import Navigator


def _file_codes() -> frozenset[str]:
    return frozenset({r.code for r in rules() if r.kind == "file"} | {SYNTAX_ERROR})


class Session:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.root: Path = project.root
        self.file_codes = _file_codes()
        # From the last whole-project check, by path.
        self.full: dict[str, list[Finding]] = {}
        # Buffers edited after it: (the buffer's generation, its file-rule findings).
        self.quick: dict[str, tuple[int, list[Finding]]] = {}
        self.sent: dict[str, tuple[Finding, ...]] = {}
        self.texts: dict[str, str] = {}  # the text each path's findings were made from
        self._disk: dict[str, list[str]] = {}  # lines of files read for `line_text`
        self._nav: Navigator | None = None
        self._nav_key: object = None
        # `model()` sets the node index `check_file` needs: until then it is not used.
        self.indexed = False
        self.model_lock = threading.Lock()
        self.full_cpu = 0.0  # CPU seconds of the last `full_check`, in its thread

    # ------------------------------------------------------------------ checks
    def quick_check(
        self, rel: str, text: str, generation: int
    ) -> tuple[list[InternalError], float]:
        """The file rules on one buffer: (internal errors, the CPU seconds it took this
        thread: on a shared machine the wall time says more about the neighbours)."""
        if not self.indexed or not rel.endswith((".py", ".pyi")):
            return [], 0.0
        cpu = time.thread_time()
        result = self.project.check_file(rel, text)
        self.quick[rel] = (generation, result.findings)
        self.texts[rel] = text
        return result.errors, time.thread_time() - cpu

    def full_check(self, buffers: dict[str, tuple[str, int]]) -> CheckResult:
        """The whole project, with the open `buffers` ({path: (text, generation)}) whose
        text is not what is on disk as overlays."""
        cpu = time.thread_time()
        overlays = self.overlays(buffers)
        # One process: forking worker processes from a server with threads (the protocol's,
        # these checks') can copy a lock some other thread holds into the child, which then
        # waits for it forever. A cold start on a large project is quicker after one
        # `structlint check` in a terminal: the server reads its cache.
        result = self.project.check(overlays=overlays or None, jobs=1)
        by_path: dict[str, list[Finding]] = {}
        for f in result.findings:
            by_path.setdefault(f.path, []).append(f)
        self.full = by_path
        self._disk.clear()
        for rel, (_text, gen) in buffers.items():
            kept = self.quick.get(rel)
            if kept is not None and kept[0] <= gen:
                del self.quick[rel]
        self.texts = {rel: text for rel, (text, _gen) in buffers.items()}
        if result.model is not None:
            # Navigation answers from the model this check built over these buffers (the
            # project's kept state rebuilt only what the edit changed), not a model of its own.
            with self.model_lock:
                self._nav = Navigator(result.model)
                self._nav_key = buffers_key(buffers)
                self.indexed = True
        if not self.indexed:
            self.navigator(overlays, key=None)
            # The first keystroke's file check would import libcst and the file rules.
            self.project.check_file("__structlint_warm_up__.py", "")
        result.read_text = lambda path: None
        result.model = None
        self.full_cpu = time.thread_time() - cpu
        return result

    def collect(self) -> float:
        """After a whole-project check is published: free the engine it replaced (every
        file's bytes; the engine paused the collector while it ran, so its cycles are freed
        here), then move what lives on (the project's kept state, the navigation index)
        out of the collector's sight until the next check, so that a collection the
        keystrokes in between set off does not walk it. The CPU seconds it took."""
        cpu = time.thread_time()
        gc.collect()
        gc.freeze()  # the next check's engine hands it back (`gc.unfreeze`) when it ends
        return time.thread_time() - cpu

    def overlays(self, buffers: dict[str, tuple[str, int]]) -> dict[str, str]:
        """The buffers whose text is not the file's on disk."""
        return {
            rel: text
            for rel, (text, _gen) in buffers.items()
            if _disk_text(self.root / rel) != text
        }

    # ------------------------------------------------------------------ results
    def findings_for(self, rel: str) -> list[Finding]:
        full = self.full.get(rel, [])
        kept = self.quick.get(rel)
        if kept is None:
            return full
        merged = kept[1] + [f for f in full if f.code not in self.file_codes]
        return sorted(merged, key=lambda f: f.sort_key)

    def changed(self) -> dict[str, list[Finding]]:
        """The findings of every file whose published list is not current: each file that
        had findings or has them now, once."""
        paths = set(self.full) | set(self.quick) | set(self.sent)
        out: dict[str, list[Finding]] = {}
        for rel in paths:
            if rel == ".":
                continue  # a finding on the project as a whole has no file to show it on
            now = self.findings_for(rel)
            if tuple(now) != self.sent.get(rel, ()):
                out[rel] = now
                if now:
                    self.sent[rel] = tuple(now)
                else:
                    self.sent.pop(rel, None)
        return out

    def line_text(self, rel: str, line: int) -> str | None:
        text = self.texts.get(rel)
        if text is not None:
            lines = text.splitlines()
        else:
            if rel not in self._disk:
                self._disk[rel] = (_disk_text(self.root / rel) or "").splitlines()
            lines = self._disk[rel]
        return lines[line - 1] if 0 < line <= len(lines) else None

    # ------------------------------------------------------------------ navigation
    def navigator(self, overlays: dict[str, str], key: object) -> Navigator:
        """The navigation index over the model of the project with `overlays`, rebuilt when
        `key` (the buffers' generations) changed since the last one."""
        with self.model_lock:
            if self._nav is None or key != self._nav_key or key is None:
                self._nav = Navigator(self.project.model(overlays))
                self._nav_key = key
                self.indexed = True
            return self._nav

    def any_navigator(self, overlays: dict[str, str]) -> Navigator:
        """The last navigation index, however old: completion asks on every keystroke,
        while the buffer is half written (and may not parse), and the names a project has
        seldom change between two keystrokes."""
        return self._nav if self._nav is not None else self.navigator(overlays, key=None)

    def invalidate(self) -> None:
        """Files changed on disk (saved, or by another tool): the model is rebuilt."""
        self._nav_key = object()


def buffers_key(buffers: dict[str, tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """What a model of the project with these open buffers was built from: their
    generations (a buffer's text changes, its generation does)."""
    return tuple(sorted((rel, gen) for rel, (_text, gen) in buffers.items()))


def _disk_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
