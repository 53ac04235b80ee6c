"""SL405 inline-credentials: a secret written into shared configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import Loc, YMap
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._common import (
    _first_literal,
    is_literal_secret,
    is_secret_key,
)
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

# Every name in SECRET_NAMES contains one of these: fewer scans of a large file.
_SECRET_PARTS = ("pass", "pwd", "secret", "token", "key")


def _may_name_a_secret(text: str) -> bool:
    """False only when no key of the file can be a secret's name: a key is written in the
    text as it is unless a double-quoted escape spells it. (For ASCII text, lower-casing
    compares as `re.IGNORECASE` does; a regex search of a large file costs far more.)"""
    if "\\" in text or not text.isascii():
        return True
    low = text.lower()
    return any(part in low for part in _SECRET_PARTS)


class InlineCredentials(ProjectRule):
    code = "SL405"
    name = "inline-credentials"
    summary = "A secret with a literal value in conf/base, or a credentials file in conf/base."
    explanation = """
`conf/base/` is committed and shared; secrets belong in `conf/local/credentials.yml` (which the
Kedro template keeps out of git) or in the environment, and catalog entries name them with
`credentials: <key>`. A password, token or key written into `conf/base/` ends up in git history
for good.

structlint reports every key of a YAML file under `conf/base/` whose name denotes a secret
(`password`, `token`, `api_key`, `secret_key`, `client_secret`, ... also as a suffix:
`db_password`) and whose value is a literal (empty values, `${...}` interpolation and obvious
placeholders such as `<your-token>`, `REPLACE_ME`, `dummy` or `xxx` are fine), and any
`credentials*.yml` file under `conf/base/` that holds a literal value (a string or a number)
under any key. A base credentials file whose values are only references (`${oc.env:DB_PASSWORD}`,
`${globals:db_user}`), empty or placeholders holds no secret: it names where the secrets come
from, which may be shared, and is left alone. A value that is only partly a reference
(`postgresql://etl:${oc.env:PW}@db/sales`) still writes the rest into shared configuration and
counts as literal. Two kinds of literal are not secrets and are left alone there too: a
choice among a library's options under a key that ends in `type`, `kind`, `method`, `mode`,
`scheme` or `protocol` (`authentication.type: basic`), and a connection string that only names
a local database file (`sqlite:///${globals:paths.raw}/ids.sqlite`). Move the
value to `conf/local/credentials.yml` and reference it.
"""
    bad = (
        Example(
            """\
shuttles:
  type: pandas.SQLTableDataset
  table_name: shuttles
  credentials:
    con: postgresql://db/shuttles
    password: hunter2  # expect: SL405
""",
            path=CATALOG,
            files=project(),
        ),
        Example(
            """\
warehouse:  # expect: SL405
  user: analyst
  password: ${oc.env:WAREHOUSE_PASSWORD}
""",
            path="conf/base/credentials.yml",
            files=project(),
        ),
    )
    good = (
        Example(
            """\
shuttles:
  type: pandas.SQLTableDataset
  table_name: shuttles
  credentials: db_credentials
""",
            path=CATALOG,
            files=project(
                {
                    "conf/local/credentials.yml": "db_credentials:\n  con: x\n",
                    # Only references: where the secrets come from, not the secrets.
                    "conf/base/credentials.yml": (
                        "warehouse:\n  user: ${globals:warehouse_user}\n"
                        "  password: ${oc.env:WAREHOUSE_PASSWORD}\n"
                        "  authentication.type: basic  # a setting, not a secret\n"
                        "ids:\n  con: sqlite:///${globals:raw}/ids.sqlite\n"
                    ),
                }
            ),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        for f in conf.files:
            if f.env != conf.base_env or not f.path.endswith((".yml", ".yaml")):
                continue
            base = f.rel.rsplit("/", 1)[-1]
            if base.startswith("credentials"):
                literal = _first_literal(f.data, f.path, 0)
                if literal is None:
                    continue  # only `${oc.env:...}` / `${globals:...}` references: no secret
                key, loc = literal
                yield finding(
                    self.code,
                    f"`{f.path}` is a credentials file in the shared base environment with a "
                    f"literal value (`{key}`, line {loc.line}): it is committed with the code. "
                    f"Move it to `{conf.conf_dir}/local/` (kept out of git), or leave only "
                    "references here (`${oc.env:DB_PASSWORD}`).",
                    Loc(f.path, 1, 1),
                )
                continue
            if f.data is not None and _may_name_a_secret(f.text):
                found: list[Finding] = []
                self._walk(f.data, f.path, 0, found)
                yield from found

    def _walk(self, data: Any, path: str, depth: int, found: list[Finding]) -> None:
        if depth > 30:
            return
        if isinstance(data, YMap):
            for k, v in data.items():
                if isinstance(k, str) and is_secret_key(k) and is_literal_secret(v):
                    found.append(
                        finding(
                            self.code,
                            f"`{k}` has a literal value in shared configuration: it is "
                            "committed with the code. Put it in conf/local/credentials.yml and "
                            "reference it with `credentials: <name>`.",
                            data.locs.get(k, Loc(path, 1, 1)),
                            width=len(k),
                        )
                    )
                elif isinstance(v, YMap | list):
                    self._walk(v, path, depth + 1, found)
        elif isinstance(data, list):
            for v in data:
                if isinstance(v, YMap | list):
                    self._walk(v, path, depth + 1, found)
