"""`structlint server`: the Language Server Protocol over stdio, for editors.

It needs the optional extra `kedro-structlint[server]` (pygls, lsprotocol); the linter alone
does not. The modules: `documents` (open buffers and the project each belongs to),
`session` (one long-lived `structlint.api.Project` per project root, its findings and what
was published), `diagnostics` (findings and fixes as LSP values), `navigation` (definition,
references, hover and completion from the static project model) and `protocol` (pygls)."""

from __future__ import annotations

import sys


def main() -> int:
    """Serve one editor on stdin/stdout until it says `exit`."""
    try:
        from structlint.server.protocol import serve
    except ImportError as exc:  # pygls or lsprotocol missing
        print(
            f"structlint: error: `structlint server` needs the server extra ({exc.name} is not "
            "installed): pip install 'kedro-structlint[server]'",
            file=sys.stderr,
        )
        return 2
    return serve()
