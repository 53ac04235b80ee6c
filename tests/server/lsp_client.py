"""A small LSP client for the tests: the real `structlint server` as a child process, spoken
to over its stdin/stdout with JSON-RPC framing (Content-Length headers), as editors do."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote


def uri(path: Path) -> str:
    return "file://" + quote(path.resolve().as_posix(), safe="/:")


class Client:
    def __init__(
        self, cwd: Path, command: list[str] | None = None, env: dict[str, str] | None = None
    ) -> None:
        cmd = command or [sys.executable, "-m", "structlint", "server"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        self._next = 0
        self._responses: dict[int, Any] = {}
        self._cond = threading.Condition()
        self.notifications: queue.Queue[dict] = queue.Queue()
        self.logs: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------------ wire
    def _send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(out.read(length))
            if "id" in message and "method" not in message:
                with self._cond:
                    self._responses[message["id"]] = message
                    self._cond.notify_all()
            elif "id" in message:  # a request of the server's: answer it
                self._send({"id": message["id"], "result": None})
            else:
                if message.get("method") == "window/logMessage":
                    self.logs.append(message["params"]["message"])
                self.notifications.put(message)

    def request(self, method: str, params: Any, timeout: float = 120) -> Any:
        self._next += 1
        rid = self._next
        self._send({"id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self._cond:
            while rid not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to {method}")
                self._cond.wait(left)
            message = self._responses.pop(rid)
        if "error" in message:
            raise RuntimeError(message["error"])
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # ------------------------------------------------------------------ LSP
    def initialize(self, root: Path) -> dict:
        result = self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri(root),
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {"relatedInformation": True},
                        "codeAction": {
                            "codeActionLiteralSupport": {
                                "codeActionKind": {"valueSet": ["quickfix", "source.fixAll"]}
                            }
                        },
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                    },
                    "workspace": {"workspaceEdit": {"documentChanges": True}},
                },
                "workspaceFolders": [{"uri": uri(root), "name": root.name}],
            },
        )
        self.notify("initialized", {})
        return result

    def open(self, path: Path, text: str | None = None) -> str:
        text = path.read_text(encoding="utf-8") if text is None else text
        language = "python" if path.suffix == ".py" else "yaml"
        self.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": uri(path),
                    "languageId": language,
                    "version": 1,
                    "text": text,
                }
            },
        )
        return uri(path)

    def change(self, path: Path, text: str, version: int) -> None:
        self.notify(
            "textDocument/didChange",
            {
                "textDocument": {"uri": uri(path), "version": version},
                "contentChanges": [{"text": text}],
            },
        )

    def wait(self, method: str, where=lambda params: True, timeout: float = 120) -> dict:
        """The params of the next notification `method` that `where` accepts."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method}")
            try:
                message = self.notifications.get(timeout=left)
            except queue.Empty:
                continue
            if message.get("method") == method and where(message["params"]):
                return message["params"]

    def diagnostics(self, path: Path, timeout: float = 120, where=lambda d: True) -> list[dict]:
        """The next diagnostics published for `path` that `where` accepts."""
        want = uri(path)
        params = self.wait(
            "textDocument/publishDiagnostics",
            lambda p: p["uri"] == want and where(p["diagnostics"]),
            timeout,
        )
        return params["diagnostics"]

    def shutdown(self) -> int:
        self.request("shutdown", None, timeout=30)
        self.notify("exit", None)
        try:
            return self.proc.wait(timeout=30)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
