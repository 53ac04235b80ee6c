"""SL405 inline-credentials: a secret written into shared configuration."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import Loc, YMap
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._examples import CATALOG, project
from structlint.rules.rule import Example, ProjectRule

SECRET_NAMES = (
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "access_key",
    "secret_key",
    "private_key",
    "client_secret",
    "aws_secret_access_key",
)
_SECRET_KEY = re.compile(r"(?:^|[_\-.])(?:" + "|".join(SECRET_NAMES) + r")$", re.IGNORECASE)
_PLACEHOLDER = re.compile(
    r"^(?:<[^>]*>|[x*.\-_ ]+|\$\{.*\}|changeme|change_me|todo|none|null)$", re.I
)


# Words that mark a value as a placeholder to fill in (`REPLACE_ME`, `<your token>`,
# `dummy-key`), as SL103 reads them in code.
_PLACEHOLDER_WORDS = re.compile(
    r"(?i)(?:^|[^a-z])(?:your|changeme|change[_-]?me|replace[_-]?me|placeholder|example|dummy|"
    r"fake|todo|tbd|fill[_-]?me|insert)(?:[^a-z]|$)"
)


def is_secret_key(key: str) -> bool:
    return bool(_SECRET_KEY.search(key))


def is_literal_secret(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str):
        return False
    v = value.strip()
    return (
        bool(v) and not _PLACEHOLDER.match(v) and "${" not in v and not _PLACEHOLDER_WORDS.search(v)
    )


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


def _is_literal_value(value: Any) -> bool:
    """A value of a credentials file that is not only a reference: a number, or a string that
    is not empty, not a placeholder and not wholly made of `${...}` references (a connection
    string with a referenced password still writes its user and host)."""
    if isinstance(value, str):
        v = value.strip()
        if not v or _REFERENCES.fullmatch(v):
            return False
        placeholder = _PLACEHOLDER.match(v) and not v.startswith("${")
        return not placeholder and not _PLACEHOLDER_WORDS.search(v)
    return is_literal_secret(value)


_REFERENCES = re.compile(r"(?:\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}\s*)+")


# Keys that choose among a library's options (`authentication.type: basic`, `auth_method:
# oauth`): a setting written beside the secrets, not one of them, nor who or where one is.
_SETTING_PARTS = frozenset({"type", "kind", "method", "mode", "scheme", "protocol"})
# A connection string that names a local file and nobody (`sqlite:///${globals:raw}/x.db`):
# no user, host or password to keep out of git.
_FILE_URL = re.compile(r"^(?:sqlite|duckdb)(?:\+\w+)?:///[^@]*$", re.IGNORECASE)


def _is_setting(key: Any, value: Any) -> bool:
    last = re.split(r"[._\-]", str(key).lower())[-1]
    if last in _SETTING_PARTS and not is_secret_key(str(key)):
        return True
    return isinstance(value, str) and bool(_FILE_URL.match(value.strip()))


def first_literal(data: Any, path: str) -> tuple[str, Loc] | None:
    """The first key of a credentials file's data that writes a literal value (None when it
    holds only references, placeholders and settings): for SL502 too."""
    return _first_literal(data, path, 0)


def _first_literal(data: Any, path: str, depth: int) -> tuple[str, Loc] | None:
    """The first key of a credentials file whose value is a literal (`_is_literal_value`),
    with its place."""
    if depth > 30:
        return None
    if isinstance(data, YMap):
        for k, v in data.items():
            if _is_literal_value(v) and not _is_setting(k, v):
                return str(k), data.locs.get(k, Loc(path, 1, 1))
            if isinstance(v, YMap | list):
                hit = _first_literal(v, path, depth + 1)
                if hit is not None:
                    return hit
    elif isinstance(data, list):
        for v in data:
            if isinstance(v, YMap | list):
                hit = _first_literal(v, path, depth + 1)
                if hit is not None:
                    return hit
    return None


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
