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

Kedro 0.17 and 0.18 could render the YAML as a Jinja2 template first (`{% set namespace = "x"
%}`, `{{ namespace }}_companies:`, `{% for %}` loops) when the project's configuration loader
is `TemplatedConfigLoader`. In a project that names `TemplatedConfigLoader` in `settings.py`,
`hooks.py` or `run.py` (where Kedro 0.18, 0.17 and 0.16 set the loader), a file with Jinja2
syntax is read with its template tags blanked out, and only YAML that is broken beyond them is
reported; entries whose names the template makes are not read. Anywhere else Jinja2 in the YAML
is an error: `OmegaConfigLoader` (Kedro 0.19 and later) and the plain `ConfigLoader` do not
render it.

A `[tool.structlint]` table with an unknown key or a value of the wrong type is reported too,
but as a usage error: the run stops with exit code 2 and a message that names the key and the
nearest valid one.
"""

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        for err in conf.yaml_errors:
            text = project.read_text(err.path) or ""
            jinja = (
                " It holds Jinja2 (`{%`, `{{`), which only Kedro's TemplatedConfigLoader (before "
                "0.19) renders: write plain YAML with `${...}` interpolation instead."
                if ("{%" in text or "{{" in text) and not conf.renders_jinja
                else ""
            )
            yield finding(
                self.code,
                f"`{err.path}` is not valid YAML: {err.message}. Kedro's config loader stops "
                "every run on this file; fix the syntax (structlint checked the rest of conf/ "
                f"without it).{jinja}",
                Loc(err.path, err.line, err.column),
            )
