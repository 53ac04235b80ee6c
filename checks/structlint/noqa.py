"""`# noqa: SL201, SL203` comments: where they are and which codes they name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from structlint.decoding import source_lines

_NOQA = re.compile(
    r"#\s*noqa(?P<sep>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Noqa:
    line: int
    column: int  # 1-based column of the `#`
    codes: tuple[str, ...]  # empty for a bare noqa directive


def scan(text: str, yaml: bool = False) -> dict[int, Noqa]:
    """Every `# noqa` comment by line, lines counted as Python (with `yaml`, as YAML) counts
    them. Cheap text scan: a `# noqa` inside a string literal counts too, which is harmless
    (it can only hide a finding on that very line)."""
    if "noqa" not in text and "NOQA" not in text:
        return {}
    out: dict[int, Noqa] = {}
    for lineno, line in enumerate(source_lines(text, yaml), start=1):
        if "noqa" not in line.lower():
            continue
        m = _NOQA.search(line)
        if m is None:
            continue
        codes = tuple(c.upper() for c in re.split(r"[\s,]+", m.group("codes") or "") if c)
        out[lineno] = Noqa(lineno, m.start() + 1, codes)
    return out
