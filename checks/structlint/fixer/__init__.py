"""Applying fixes: which of the findings' fixes to take (`policy`), whether their result is
still a project Kedro can load (`verify`), and the passes that apply them and check again
(`passes`). What a fix *is* lives in `structlint.fixes_model`, shared with the rules that make
fixes and the editor server that offers them; nothing here is needed to make one."""

from __future__ import annotations

from structlint.fixer.passes import Applied, FixOutcome, fix_project
from structlint.fixer.policy import FixPolicy

__all__ = ["Applied", "FixOutcome", "FixPolicy", "fix_project"]
