"""SL505 data-in-git: data files committed to git."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pathspec

from structlint.rule import Example, Option, ProjectRule
from structlint.rules.layout._common import KEEP_FILES, finding, name_of, under, whole_file

if TYPE_CHECKING:
    from structlint.findings import Finding
    from structlint.project.model import Project

DATA_FOLDER = "data"
# Files beside the data that are not data: folder keepers, a README, DVC's pointer files.
_NOT_DATA_SUFFIXES = (".dvc", ".md", ".rst")


def _lfs_managed(project: Project, paths: list[str]) -> set[str]:
    """The paths git stores through Git LFS (`filter=lfs` in .gitattributes): versioned data
    outside git's object store, which is what LFS is for."""
    if not paths:
        return set()
    try:
        out = subprocess.run(
            ["git", "check-attr", "-z", "--stdin", "filter"],
            cwd=project.root,
            input="\0".join(paths).encode() + b"\0",
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if out.returncode != 0:
        return set()
    fields = out.stdout.decode("utf-8", "replace").split("\0")
    # -z output: path NUL attribute NUL value NUL, repeated.
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 2] == "lfs"}


class DataInGit(ProjectRule):
    code = "SL505"
    cacheable = False  # asks git which files it tracks
    name = "data-in-git"
    summary = "A data file under data/ is tracked by git."
    options = (
        Option(
            "allow-data",
            "list[str]",
            [],
            "Gitignore-style globs (relative to the project root) of data files that may be "
            "tracked by git, such as the sample data a template ships "
            '(`["data/01_raw/houses.csv"]`).',
        ),
    )
    explanation = """
In a Kedro project, `data/` holds what the pipelines read and write, layer by layer. Data in
git bloats every clone forever (deleting the file later does not shrink the history), goes
stale the moment a pipeline rewrites it, and may hold personal or confidential records that
should never have left the data store. Kedro's starters track only the `.gitkeep` of each
`data/NN_<layer>/` folder and ignore the rest (`data/**`, `!data/**/`, `!.gitkeep`).

The rule asks git which files it tracks, so it is silent outside a git repository. It reports
every tracked file under `data/` except:

- files that keep or describe a folder: `.gitkeep`, `.keep`, `.gitignore`, `README.md`,
  `*.rst`;
- DVC pointer files (`*.dvc`) and files stored through Git LFS (`filter=lfs` in
  `.gitattributes`): both keep the data itself out of git's history;
- paths that `allow-data` lists: small sample data a template or a tutorial ships on purpose.

What to do: untrack the file (`git rm --cached data/01_raw/companies.csv`; it stays on disk),
add `data/**`, `!data/**/` and `!.gitkeep` to `.gitignore`, and keep the data where the
catalog can load it from (object storage, a database, DVC). If the file is deliberate sample
data, list it in `allow-data` in `[tool.structlint]`.

Git's index is what counts, so a data file that is staged but not yet committed is reported
too: the template's pre-commit hook (`structlint check` on the whole project,
`pass_filenames: false`) stops the commit that would add it. A hook or a command line that
passes file names only shows findings on those files, and never on a `.csv`; check the whole
project (as CI does) to see them all.
"""

    def check(self, project: Project) -> Iterable[Finding]:
        tracked = project.git_tracked
        if tracked is None:
            return
        allowed = pathspec.GitIgnoreSpec.from_lines(project.settings.get("allow-data") or [])
        candidates = [
            path
            for path in sorted(tracked)
            if under(path, DATA_FOLDER)
            and name_of(path) not in KEEP_FILES
            and not name_of(path).lower().startswith("readme")
            and not path.endswith(_NOT_DATA_SUFFIXES)
            and not allowed.match_file(path)
        ]
        lfs = _lfs_managed(project, candidates)
        for path in candidates:
            if path in lfs:
                continue
            yield finding(
                self.code,
                f"`{path}` is data tracked by git: untrack it with `git rm --cached {path}`, "
                "ignore `data/**` (with `!data/**/` and `!.gitkeep`) in .gitignore and load it "
                "through the catalog from where it is stored; deliberate sample data goes in "
                "`allow-data`.",
                whole_file(path),
            )


_GITIGNORE = "conf/local/**\n!conf/local/.gitkeep\n"

DataInGit.bad = (
    Example(
        "id,name  # expect: SL505\n1,Acme\n",
        path="data/01_raw/companies.csv",
        files={".gitignore": _GITIGNORE},
        git=True,
    ),
)
DataInGit.good = (
    Example(
        "id,name\n1,Acme\n",
        path="data/01_raw/companies.csv",
        files={".gitignore": _GITIGNORE + "data/**\n!data/**/\n!.gitkeep\n"},
        git=True,
    ),
    Example(
        "id,name\n1,Acme\n",
        path="data/01_raw/houses.csv",
        files={".gitignore": _GITIGNORE},
        config='allow-data = ["data/01_raw/houses.csv"]',
        git=True,
    ),
)
