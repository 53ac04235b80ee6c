"""SL002 unreadable-config: a YAML file under conf/ that does not parse."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.findings import Finding
from structlint.project.conf import Loc
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rule import UNREADABLE_CONFIG, ProjectRule


class UnreadableConfigRule(ProjectRule):
    code = UNREADABLE_CONFIG
    name = "unreadable-config"
    summary = "A YAML file under conf/ that does not parse."
    explanation = """
Kedro's `OmegaConfigLoader` stops the whole run when one configuration file is not valid YAML.
structlint reports the file and the line where the YAML parser gave up, and goes on checking
with whatever configuration it could read.

A `[tool.structlint]` table with an unknown key or a value of the wrong type is reported too,
but as a usage error: the run stops with exit code 2 and a message that names the key and the
nearest valid one.
"""

    def check(self, project: Project) -> Iterator[Finding]:
        for err in project.conf.yaml_errors:
            yield finding(
                self.code,
                f"`{err.path}` is not valid YAML: {err.message}. Kedro's OmegaConfigLoader stops "
                "every run on this file; fix the syntax (structlint checked the rest of conf/ "
                "without it).",
                Loc(err.path, err.line, err.column),
            )
