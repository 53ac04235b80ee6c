"""Give the findings of a run the fixes that span files (`structlint.fixes`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from structlint.core.findings import Finding
from structlint.inputs.config import Settings

# Codes whose fixes are built here, after the check, from the project model.
DEFERRED_CODES = frozenset({"SL302", "SL205", "SL201", "SL101"})


def attach_fixes(
    settings: Settings,
    findings: Iterable[Finding],
    read_text: Callable[[str], str | None],
) -> list[Finding]:
    """`findings`, those of DEFERRED_CODES with their fix where one can be made. A fix that
    cannot be built (or whose builder fails) is simply absent: the finding stays as it is."""
    findings = list(findings)
    wanted = [f for f in findings if f.code in DEFERRED_CODES and f.fix is None]
    if not wanted:
        return findings
    from structlint.fixes import hyperparameter, io_fix, seed
    from structlint.fixes.context import FixContext

    ctx = FixContext(settings, read_text)
    try:
        knobs = hyperparameter.Knobs(ctx, wanted)
    except Exception:  # a fix is a help: never let it break the run
        return findings
    builders = {
        "SL302": lambda f: hyperparameter.build(f, ctx, knobs),
        "SL205": lambda f: seed.build(f, ctx, knobs),
        "SL201": lambda f: io_fix.build(f, ctx),
        "SL101": lambda f: io_fix.build_for_path(f, ctx),
    }
    todo = {id(f) for f in wanted}
    out = []
    for f in findings:
        if id(f) in todo:
            try:
                fix = builders[f.code](f)
            except Exception:  # a fix is a help: never let it break the run
                fix = None
            if isinstance(fix, str):
                # No fix, and the finding says why (the user does the move by hand).
                f = dataclasses.replace(f, message=f"{f.message} No automatic fix: {fix}.")
            elif fix is not None:
                f = dataclasses.replace(f, fix=fix)
        out.append(f)
    return out
