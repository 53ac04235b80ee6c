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
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        content = "".join(b[j1:j2])
        if i2 == len(a) and i2 > i1 and not a[-1].endswith("\n"):
            # The old text ends without a newline: the range ends inside the last line.
            edits.append(Edit(path, i1 + 1, 0, i2, len(a[-1]), content))
        else:
            edits.append(Edit(path, i1 + 1, 0, i2 + 1, 0, content))
    return tuple(edits)
