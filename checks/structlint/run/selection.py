"""Which rules run: ruff's select/ignore semantics, with the more specific selector winning."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from structlint.inputs.config import ConfigError

_SELECTOR = re.compile(r"^SL\d{0,3}$")


def check_selectors(selectors: Iterable[str], known: Sequence[str], where: str) -> None:
    for sel in selectors:
        if sel == "ALL":
            continue
        if not _SELECTOR.match(sel) or not any(code.startswith(sel) for code in known):
            near = difflib.get_close_matches(sel, list(known), n=1, cutoff=0.6)
            hint = f" Did you mean `{near[0]}`?" if near else ""
            raise ConfigError(
                f"{where}: unknown rule selector `{sel}`.{hint} Use a code such as SL201, a "
                "prefix such as SL2, or ALL; `structlint rule --all` lists the codes."
            )


def _specificity(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def resolve(
    codes_default_on: dict[str, bool],
    select: Sequence[str],
    extend_select: Sequence[str],
    ignore: Sequence[str],
) -> set[str]:
    """The enabled codes. With no `select`, the default-on rules are the base set."""
    enabled: set[str] = set()
    for code, default_on in codes_default_on.items():
        if select:
            sel = max((_specificity(s, code) for s in select), default=-1)
        else:
            sel = 0 if default_on else -1
        sel = max([sel, *(_specificity(s, code) for s in extend_select)])
        ign = max((_specificity(s, code) for s in ignore), default=-1)
        if sel >= 0 and sel > ign:
            enabled.add(code)
    return enabled


def matches_any(code: str, selectors: Iterable[str]) -> bool:
    return any(_specificity(s, code) >= 0 for s in selectors)
