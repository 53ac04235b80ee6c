"""Small helpers the whole-project rules share: findings at model locations, near names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from structlint.core.findings import Finding, Related
from structlint.project.conf import Loc


def finding(
    code: str,
    message: str,
    loc: Loc,
    related: Iterable[Related] = (),
    end: Loc | None = None,
    width: int = 0,
) -> Finding:
    """A finding at a model location; `# noqa` works on its line (YAML or Python)."""
    end_line = end.line if end is not None else loc.line
    end_col = end.column if end is not None else loc.column + width
    return Finding(
        code,
        message,
        loc.path,
        loc.line,
        loc.column,
        end_line,
        end_col,
        tuple(related),
        (loc.line,),
    )


def related(loc: Loc, message: str) -> Related:
    return Related(loc.path, loc.line, loc.column, message)


def nearest(name: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    pool = [c for c in candidates if c != name]
    hits = difflib.get_close_matches(name, pool, n=1, cutoff=cutoff)
    if hits:
        return hits[0]
    # Case or separator slips: `Companies` / `companies`, `model-options` / `model_options`.
    norm = name.lower().replace("-", "_")
    for c in pool:
        if c.lower().replace("-", "_") == norm:
            return c
    return None


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = 0.75) -> str:
    near = nearest(name, candidates, cutoff)
    return f" Did you mean `{near}`?" if near else ""
