"""SL002 unreadable-config: configuration Kedro's loader would stop on, or a project file or
folder structlint could not read."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.conf import Loc
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._examples import CATALOG, PARAMETERS, project
from structlint.rules.rule import UNREADABLE_CONFIG, Example, ProjectRule


class UnreadableConfigRule(ProjectRule):
    code = UNREADABLE_CONFIG
    name = "unreadable-config"
    summary = "A file under conf/ that Kedro's loader stops on, or a folder that cannot be read."
    explanation = """
Kedro's `OmegaConfigLoader` stops the whole run when one configuration file cannot be loaded.
structlint reports the file and the line, says what to change, and goes on checking with
whatever configuration it could read. What Kedro 1.x rejects, and so what is reported:

- YAML that does not parse, and YAML that parses but that OmegaConf's loader refuses: a key
  written twice in one mapping (a key a `<<:` merge brings in is no duplicate), an alias used
  inside the very mapping it names, or nesting more than 100 levels deep (OmegaConf meets
  Python's recursion limit before that). structlint keeps the last of two duplicate keys,
  as PyYAML does, so the rest of the project is checked against every name of the file.
- A file that is not UTF-8 text (Latin-1, UTF-16, NUL bytes), a symbolic link to nothing,
  a file without read permission, a FIFO, a path longer than the system allows, and a folder
  under conf/ that cannot be listed.
- A catalog, parameters, globals or credentials file whose top level is a list or a scalar
  instead of a mapping.
- In the catalog and parameters of the base and the default run environment: an
  interpolation `${...` that is never closed, a `${a.b}` that names a key no file of that
  kind and environment defines (Kedro resolves each environment on its own; for parameters,
  a key given on every run with `kedro run --params` is the one way out), and a
  `${globals:key}` with no default when the globals have no such key. A reference through a
  resolver (`${oc.env:...}`, `${runtime_params:...}`) is only known at run time: not reported.

A folder of the project that cannot be listed (no permission, a path over the system's limit)
is reported the same way, on the folder: nothing below it was checked.

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
    bad = (
        Example(
            """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
companies:  # expect: SL002
  type: pandas.ParquetDataset
  filepath: data/02_intermediate/companies.parquet
""",
            path=CATALOG,
            files=project(),
        ),
        Example(
            """\
model_options:
  test_size: 0.2
  random_state: ${seed}  # expect: SL002
""",
            path=PARAMETERS,
            files=project(),
        ),
    )
    good = (
        Example(
            """\
_csv: &csv
  type: pandas.CSVDataset
  load_args:
    sep: ","

companies:
  <<: *csv
  filepath: data/01_raw/companies.csv
  load_args:
    sep: ";"
""",
            path=CATALOG,
            files=project(),
        ),
        Example(
            """\
seed: 42
model_options:
  test_size: 0.2
  random_state: ${seed}
""",
            path=PARAMETERS,
            files=project(),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        seen: set[str] = set()
        conf = project.conf
        for err in conf.yaml_errors:
            seen.add(err.path)
            text = project.read_text(err.path) or ""
            jinja = (
                " It holds Jinja2 (`{%`, `{{`), which only Kedro's TemplatedConfigLoader (before "
                "0.19) renders: write plain YAML with `${...}` interpolation instead."
                if ("{%" in text or "{{" in text) and not conf.renders_jinja
                else ""
            )
            yield finding(
                self.code,
                f"`{err.path}`: {err.message}. Kedro's OmegaConfigLoader stops every run on "
                f"this file (structlint checked the rest of the project without it).{jinja}",
                Loc(err.path, err.line, err.column),
            )
        for path, why in project.files.unreadable:
            if path not in seen:  # (a folder under conf/ is reported once)
                yield finding(
                    self.code,
                    f"`{path}/` cannot be listed ({why}), so no file below it was checked; "
                    "make it readable (`chmod u+rx`) or add it to `exclude`.",
                    Loc(path, 1, 1),
                )
