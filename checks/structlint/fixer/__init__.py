"""Applying fixes: which of the findings' fixes to take (`policy`), whether their result is
still a project Kedro can load (`verify`), and the passes that apply them and check again
(`passes`). What a fix *is* lives in `structlint.core.fixes_model`, shared with the rules that make
fixes and the editor server that offers them; nothing here is needed to make one.

The names are loaded on first use: every `structlint check` imports the policy (to mark
fixable findings), and only a `--fix` run needs the passes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from structlint.fixer.policy import FixPolicy

if TYPE_CHECKING:
    from structlint.fixer.passes import Applied, FixOutcome, fix_project

__all__ = ["Applied", "FixOutcome", "FixPolicy", "fix_project"]


def __getattr__(name: str) -> Any:
    if name in ("Applied", "FixOutcome", "fix_project"):
        from structlint.fixer import passes

        return getattr(passes, name)
    raise AttributeError(name)
