"""Turn a rewritten file into the few edits that make it: whole lines that changed."""

from __future__ import annotations

import difflib

from structlint.core.fixes_model import Edit


def diff_edits(path: str, old: str, new: str) -> tuple[Edit, ...]:
    """Line-range replacements that turn `old` into `new` (both the text of `path`). Only
    changed lines are touched, so two fixes of one file overlap only where they really
    change the same lines, and the fixer can apply both in one pass."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    # The lines both share at the start and at the end are left out of the matcher: a fix
    # changes a few lines of a long file (a key appended to a catalog of thousands of
    # lines), and the matcher's cost grows with the square of the lines it is given.
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        a=a[head : len(a) - tail], b=b[head : len(b) - tail], autojunk=False
    )
    edits: list[Edit] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + head, i2 + head, j1 + head, j2 + head
        content = "".join(b[j1:j2])
        if i2 == len(a) and i2 > i1 and not a[-1].endswith("\n"):
            # The old text ends without a newline: the range ends inside the last line.
            edits.append(Edit(path, i1 + 1, 0, i2, len(a[-1]), content))
        else:
            edits.append(Edit(path, i1 + 1, 0, i2 + 1, 0, content))
    return tuple(edits)
