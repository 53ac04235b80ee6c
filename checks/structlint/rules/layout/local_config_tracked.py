"""SL502 local-config-tracked: local configuration or credentials in git."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from structlint.core.fixes_model import Edit, Fix
from structlint.rules.layout._common import (
    GITIGNORE,
    KEEP_FILES,
    Place,
    conf_layout,
    finding,
    kedro_table,
    name_of,
    note_no_git,
    under,
    whole_file,
)
from structlint.rules.rule import Example, ProjectRule

if TYPE_CHECKING:
    from structlint.core.findings import Finding
    from structlint.project.model import Project

# Code and documentation that merely talk about credentials (`credentials.py`, a how-to page).
_NOT_SECRETS = (".py", ".pyi", ".md", ".rst", ".ipynb", ".html")
# `credentials.yml.example`, `credentials.template.yml`, `credentials_sample.yml`: templates
# with placeholders that show which keys a user must fill in.
_TEMPLATE = re.compile(r"(?:^|[._-])(?:example|sample|template|tmpl|dist)(?:[._-]|$)")
# Probes for "does .gitignore ignore conf/local/**": the secret file and an ordinary override.
_PROBES = ("credentials.yml", "catalog.yml")


def _only_references(project: Project, path: str) -> bool:
    """A YAML credentials file outside the machine-local environment that writes no literal
    (only `${oc.env:...}` / `${globals:...}` references, placeholders and settings, as SL405
    judges them): it says where the secrets come from, which is shared on purpose."""
    if not path.endswith((".yml", ".yaml")):
        return False
    from structlint.project.conf import load_yaml
    from structlint.rules.project._common import first_literal

    text = project.read_text(path)
    if text is None:
        return False
    data, error = load_yaml(text, path)
    return error is None and data is not None and first_literal(data, path) is None


def is_credentials_file(path: str) -> bool:
    name = name_of(path).lower()
    return "credentials" in name and not name.endswith(_NOT_SECRETS) and not _TEMPLATE.search(name)


@dataclass(frozen=True)
class IgnoreVerdict:
    ignored: bool
    # The line that decided (a negation that re-includes the file), when there is one.
    place: Place | None = None
    pattern: str = ""


def _git(project: Project, *args: str, stdin: str | None = None) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-c", f"core.excludesFile={os.devnull}", *args],
            cwd=project.root,
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout if out.returncode in (0, 1) else None


def ignore_verdicts(project: Project, paths: list[str]) -> dict[str, IgnoreVerdict]:
    """Whether the repository's .gitignore files ignore each path (relative to the project
    root), asked of git itself (`git check-ignore --no-index -v -n`), so that nested
    .gitignore files, negations and ignored parent folders behave exactly as in git.
    Machine-local excludes (`.git/info/exclude`, a global excludes file) do not count: a
    team-mate does not have them."""
    top = _git(project, "rev-parse", "--show-toplevel")
    listing = _git(
        project,
        "check-ignore",
        "--no-index",
        "-v",
        "-n",
        "--stdin",
        "-z",
        stdin="\0".join(paths) + "\0",
    )
    out = {p: IgnoreVerdict(False) for p in paths}
    if top is None or listing is None:
        return out
    root = Path(project.root).resolve()
    fields = listing.split("\0")
    # -z -v output: source NUL line NUL pattern NUL path NUL, repeated.
    for i in range(0, len(fields) - 3, 4):
        source, line, pattern, path = fields[i : i + 4]
        if not source or source.replace("\\", "/").startswith(".git/"):
            continue  # no pattern matched, or only a machine-local one
        place = None
        try:
            rel = (Path(top.strip()) / source).resolve().relative_to(root).as_posix()
            place = Place(rel, int(line), 1, int(line), len(pattern) + 1)
        except ValueError:
            pass  # a .gitignore above the project root
        out[path] = IgnoreVerdict(not pattern.startswith("!"), place, pattern)
    return out


class LocalConfigTracked(ProjectRule):
    code = "SL502"
    cacheable = False  # asks git which files it tracks and ignores
    name = "local-config-tracked"
    summary = "A file under conf/local/, or a credentials file, is tracked by git."
    explanation = """
`conf/local/` is where each user keeps what must not be shared: credentials, and settings that
only hold on one machine. Kedro's own starters track nothing there but `conf/local/.gitkeep`
and ignore the rest (`conf/local/**` in `.gitignore`). A credentials file in git is a leaked
secret: it stays in the history after the file is deleted, and every clone and fork has it.

The rule asks git which files it tracks. Outside a git repository (or without `git`) it
reports nothing, and the run ends with a note that says so (`note: SL502/SL505 could not check
which files git tracks ...`) instead of a bare "All checks passed!". It reports:

- every tracked file under `conf/local/` except the files that only keep the folder
  (`.gitkeep`, `.keep`, a `.gitignore`); a credentials template belongs elsewhere (see below);
- every tracked file anywhere whose name contains `credentials`, except code and documentation
  (`.py`, `.md`, `.rst`, `.ipynb`, `.html`), templates named as such
  (`credentials.yml.example`, `credentials.template.yml`, `credentials_sample.yml`), which show
  the keys a user must fill in without holding any secret, and, outside `conf/local/`, a YAML
  credentials file that writes no literal value (only `${oc.env:...}` / `${globals:...}`
  references, placeholders and option settings, as SL405 judges them): it names where the
  secrets come from, which a team shares on purpose;
- a `.gitignore` that does not ignore `conf/local/**` (probed with `conf/local/credentials.yml`
  and `conf/local/catalog.yml`), on the `!` line that re-includes the file, else on the first
  line of `.gitignore` (on the `[tool.kedro]` line of `pyproject.toml` when there is no
  `.gitignore`). Only the `.gitignore` files of the repository count, not the machine-local
  `.git/info/exclude` or a global excludes file, which a team-mate does not have.

The configuration folder follows `CONF_SOURCE` in `settings.py`, and the machine-local
environment `CONFIG_LOADER_ARGS["default_run_env"]` when the project's `.gitignore` keeps that
environment out of git (`conf/dev/**`). A default run environment that the project commits
openly (`default_run_env: "langfuse"`, no ignore line for it) is shared configuration that
every run uses, not one machine's: then `conf/local/` is the machine-local one.

What to do: stop tracking the file (`git rm --cached conf/local/credentials.yml`, the file stays
on disk), add `conf/local/**` and `!conf/local/.gitkeep` to `.gitignore`, and rotate every
secret the file held, since git's history keeps it. Test fixtures with fake credentials can be
exempted with `per-file-ignores = {"tests/**" = ["SL502"]}`.

Git's index is what counts, so a file that is staged but not yet committed is reported too:
the template's pre-commit hook (`structlint check` on the whole project,
`pass_filenames: false`) stops the commit that would add it. A hook or a command line that
passes file names only shows findings on those files; check the whole project (as CI does) to
see them all.
"""

    def check(self, project: Project) -> Iterable[Finding]:
        tracked = project.git_tracked
        if tracked is None:
            note_no_git(project)
            return
        conf = conf_layout(project)
        local = _local_env(project, conf.source, conf.local)
        for path in sorted(tracked):
            if conf.is_folder and under(path, local) and name_of(path) not in KEEP_FILES:
                yield finding(
                    self.code,
                    f"`{path}` is tracked by git, but `{local}/` holds credentials and "
                    f"settings of one machine: untrack it with `git rm --cached {path}`, ignore "
                    f"`{local}/**` in .gitignore, and rotate any secret it held (git's "
                    "history keeps it).",
                    whole_file(path),
                )
            elif is_credentials_file(path) and not _only_references(project, path):
                yield finding(
                    self.code,
                    f"`{path}` is a credentials file tracked by git: untrack it with "
                    f"`git rm --cached {path}`, keep credentials in `{local}/credentials.yml`"
                    " (ignored by git) or in environment variables, and rotate any secret it "
                    "held (git's history keeps it).",
                    whole_file(path),
                )
        if conf.is_folder and (Path(project.root) / conf.source).is_dir():
            yield from self._check_gitignore(project, local)

    def _check_gitignore(self, project: Project, local: str) -> Iterable[Finding]:
        verdicts = ignore_verdicts(project, [f"{local}/{probe}" for probe in _PROBES])
        for probe in _PROBES:
            verdict = verdicts[f"{local}/{probe}"]
            if verdict.ignored:
                continue
            fix = f"add `{local}/**` and `!{local}/.gitkeep` to .gitignore"
            if verdict.place is not None:
                yield finding(
                    self.code,
                    f"`{verdict.pattern}` makes git track `{local}/{probe}`: local "
                    f"configuration and credentials must stay out of git; remove the line "
                    f"(keep only `!{local}/.gitkeep`).",
                    verdict.place,
                )
            elif (Path(project.root) / GITIGNORE).is_file():
                found = finding(
                    self.code,
                    f".gitignore does not ignore `{local}/**`, so `git add` would commit "
                    f"local configuration and credentials such as `{local}/{probe}`: {fix}.",
                    Place(GITIGNORE, 1, 1, 1, 1),
                )
                text = project.read_text(GITIGNORE)
                add = ignore_fix(text, local) if text is not None else None
                yield replace(found, fix=add) if add is not None else found
            else:
                found = finding(
                    self.code,
                    "the project has no .gitignore, so `git add` would commit local "
                    f"configuration and credentials such as `{local}/{probe}`: create a "
                    f".gitignore and {fix}.",
                    _manifest(project),
                )
                yield replace(found, fix=ignore_fix(None, local))
            return  # one finding about .gitignore is enough


def ignore_fix(text: str | None, local: str) -> Fix | None:
    """Append the rules that keep `local` out of git to the end of .gitignore (`text`; None:
    create the file with them), after a comment that says why. Nothing of the file is removed
    or reordered; a user's negation (`!conf/local/x`) is not overridden, its finding has no
    fix."""
    newline = "\r\n" if text and "\r\n" in text else "\n"
    why = "# Kedro: local configuration and credentials stay out of git"
    rules = newline.join([why, f"{local}/**", f"!{local}/.gitkeep", ""])
    if text is None:
        return Fix(
            f"Create .gitignore with `{local}/**`",
            (Edit(GITIGNORE, 1, 0, 1, 0, rules, create=True),),
        )
    lines = text.split("\n")
    if text and not text.endswith("\n"):
        # After the last line, which has no line end yet.
        edit = Edit(
            GITIGNORE, len(lines), len(lines[-1]), len(lines), len(lines[-1]), newline + rules
        )
    else:
        edit = Edit(GITIGNORE, len(lines), 0, len(lines), 0, rules)
    return Fix(f"Add `{local}/**` and `!{local}/.gitkeep` to .gitignore", (edit,))


def _local_env(project: Project, source: str, run_env: str) -> str:
    """The machine-local environment: the default run environment of settings.py when it is
    `local` or the project's .gitignore keeps it out of git (`conf/dev/**`); else `local`. A
    default run environment that git tracks openly (`default_run_env: "langfuse"`, its files
    committed, no ignore line) is shared configuration that every run uses."""
    standard = f"{source}/local"
    if run_env == standard:
        return run_env
    probe = f"{run_env}/{_PROBES[1]}"
    return run_env if ignore_verdicts(project, [probe])[probe].ignored else standard


def _manifest(project: Project) -> Place:
    """Where a finding about the project as a whole goes: the `[tool.kedro]` line of
    pyproject.toml, else the first line of the file that makes it a Kedro project."""
    if (Path(project.root) / "pyproject.toml").is_file():
        return kedro_table(project)
    for rel in (".kedro.yml", "src/setup.py", "setup.py", "README.md"):
        if (Path(project.root) / rel).is_file():
            return Place(rel, 1, 1, 1, 1)
    return kedro_table(project)


_MANIFEST_MARKED = """\
[project]
name = "demo"
version = "0.1.0"

[tool.kedro]  # expect: SL502
package_name = "demo"
project_name = "demo"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

_GITIGNORE_OK = "conf/local/**\n!conf/local/.gitkeep\ndata/**\n!data/**/\n!.gitkeep\n"

_ADDED = (
    "# Kedro: local configuration and credentials stay out of git\n"
    "conf/local/**\n!conf/local/.gitkeep\n"
)

LocalConfigTracked.bad = (
    Example(
        "aws:  # expect: SL502\n  key: AKIA0000000000000000\n",
        path="conf/local/credentials.yml",
        files={
            "conf/base/catalog.yml": "{}\n",
            "conf/local/.gitkeep": "",
            ".gitignore": "__pycache__/  # expect: SL502\n.venv/\n",
        },
        git=True,
        # The file stays tracked (untracking it is the user's `git rm --cached`): its
        # finding remains; .gitignore gets the rules.
        fixed_files={".gitignore": "__pycache__/\n.venv/\n" + _ADDED},
    ),
    Example(
        "# Python  # expect: SL502\n__pycache__/\n\n# Environments\n.venv/",
        path=".gitignore",
        files={"conf/base/catalog.yml": "{}\n", "conf/local/.gitkeep": ""},
        git=True,
        fixed="# Python\n__pycache__/\n\n# Environments\n.venv/\n" + _ADDED,
    ),
    Example(
        _MANIFEST_MARKED,
        path="pyproject.toml",
        files={"conf/base/catalog.yml": "{}\n", "conf/local/.gitkeep": ""},
        git=True,
        fixed=_MANIFEST_MARKED.replace("  # expect: SL502", ""),  # the finding goes
        fixed_files={".gitignore": _ADDED},
    ),
    Example(
        "db:  # expect: SL502\n  con: postgresql://scott:tiger@db/prod\n",
        path="conf/base/credentials.yml",
        files={"conf/local/.gitkeep": "", ".gitignore": _GITIGNORE_OK},
        git=True,
    ),
)
LocalConfigTracked.good = (
    Example(
        "aws:\n  key: AKIA0000000000000000\n",
        path="conf/local/credentials.yml",
        files={
            "conf/base/catalog.yml": "{}\n",
            "conf/local/.gitkeep": "",
            "conf/base/credentials.yml.example": "aws:\n  key: <your-key>\n",
            # Only references: where the secrets come from, shared on purpose.
            "conf/base/credentials.yml": "db:\n  con: ${oc.env:DB_URL}\n",
            ".gitignore": _GITIGNORE_OK,
        },
        git=True,
    ),
)
