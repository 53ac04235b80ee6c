"""SL505 data-in-git: data files committed to git."""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING

import pathspec

from structlint.project.conf import YMap
from structlint.rules.layout._common import (
    GITIGNORE,
    KEEP_FILES,
    finding,
    name_of,
    note_no_git,
    under,
    whole_file,
)
from structlint.rules.rule import Example, Option, ProjectRule

if TYPE_CHECKING:
    from structlint.core.findings import Finding
    from structlint.project.model import Project

DATA_FOLDER = "data"
# Files beside the data that are not data: folder keepers, a README, DVC's pointer files.
_NOT_DATA_SUFFIXES = (".dvc", ".md", ".rst")


def reincluded(project: Project, paths: list[str]) -> set[str]:
    """The paths that the project's `.gitignore` files explicitly re-include: the pattern that
    decides for the path (the last one that matches it, in the deepest `.gitignore` on its way
    with one that does, as git reads them) is a `!` negation. pathspec's `GitIgnoreSpec`
    follows git's rules for each pattern; a negation of folders only (`!data/**/`,
    `!data/01_raw/`) re-includes no file, while `!data/01_raw/companies.csv`,
    `!data/01_raw/*` or `!data/08_reporting/**` do."""
    specs: dict[str, pathspec.GitIgnoreSpec | None] = {}

    def spec(folder: str) -> pathspec.GitIgnoreSpec | None:
        if folder not in specs:
            text = project.read_text(f"{folder}/{GITIGNORE}" if folder else GITIGNORE)
            specs[folder] = pathspec.GitIgnoreSpec.from_lines(text.splitlines()) if text else None
        return specs[folder]

    out: set[str] = set()
    for path in paths:
        folders = path.split("/")[:-1]
        verdict = None
        for depth in range(len(folders) + 1):
            folder = "/".join(folders[:depth])
            here = spec(folder)
            if here is None:
                continue
            hit = here.check_file(path[len(folder) + 1 :] if folder else path)
            if hit.include is not None and hit.index is not None:
                # A pattern of folders only (`!data/**/`, `!data/01_raw/`) re-includes the
                # folders, not the files in them (pathspec lets it match those files when no
                # file pattern does; git would not call the file re-included).
                text = str(getattr(here.patterns[hit.index], "pattern", "") or "").rstrip()
                if hit.include or not text.endswith("/"):
                    verdict = hit.include
        if verdict is False:
            out.add(path)
    return out


_PATH_KEYS = ("filepath", "path", "filename")


def environment_fixtures(project: Project) -> tuple[set[str], set[str]]:
    """(data paths that a catalog entry of an environment other than the base and the default
    run environment names, such as `conf/test/`'s fixtures; those the base catalog names)."""
    conf = project.conf
    by_env: dict[bool, set[str]] = {True: set(), False: set()}
    envs = sorted({f.env for f in conf.files if f.env and f.env != conf.run_env})
    for env in envs:
        for f in conf.files_of("catalog", env):
            if isinstance(f.data, YMap):
                _collect_paths(f.data, by_env[env == conf.base_env], 0)
    return by_env[False], by_env[True]


def _collect_paths(data: YMap, out: set[str], depth: int) -> None:
    for key, value in data.items():
        if isinstance(value, YMap) and depth < 3:
            _collect_paths(value, out, depth + 1)
        elif key in _PATH_KEYS and isinstance(value, str) and "${" not in value:
            path = value.strip().removeprefix("./").rstrip("/")
            if path and "://" not in path:
                out.add(path)


def prompt_files(project: Project) -> set[str]:
    """Data paths that a catalog entry of any environment loads as a prompt (its `type` is a
    prompt dataset: `langchain.PromptDataset`, `langfuse.LangfusePromptDataset`, ...): the
    template of an LLM app is its source, versioned on purpose, not data."""
    conf = project.conf
    out: set[str] = set()
    for env in sorted({f.env for f in conf.files if f.env}):
        for f in conf.files_of("catalog", env):
            if not isinstance(f.data, YMap):
                continue
            for cfg in f.data.values():
                kind = cfg.get("type") if isinstance(cfg, YMap) else None
                if isinstance(kind, str) and "Prompt" in kind.rsplit(".", 1)[-1]:
                    _collect_paths(cfg, out, 0)
    return out


def _named(path: str, targets: set[str]) -> bool:
    """Whether a catalog path names the file or a folder it lies in (a partitioned dataset)."""
    parts = path.split("/")
    return any("/".join(parts[:n]) in targets for n in range(1, len(parts) + 1))


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

The rule asks git which files it tracks. Outside a git repository (or without `git`) it
reports nothing, and the run ends with a note that says so (`note: SL502/SL505 could not check
which files git tracks ...`) instead of a bare "All checks passed!". It reports every tracked
file under `data/` except:

- files that keep or describe a folder: `.gitkeep`, `.keep`, `.gitignore`, `README.md`,
  `*.rst`;
- DVC pointer files (`*.dvc`) and files stored through Git LFS (`filter=lfs` in
  `.gitattributes`): both keep the data itself out of git's history;
- paths that `allow-data` lists: small sample data a template or a tutorial ships on purpose;
- files that the project's `.gitignore` explicitly re-includes: the pattern that decides for the
  file (the last that matches it, in the deepest `.gitignore` on its way that has one, as git
  reads them) is a `!` negation, of the file (`!data/01_raw/companies.csv`), of a glob
  (`!data/01_raw/*`, `!data/intent_detection/prompts/**`). Kedro's starters ship `data/**`,
  `!data/**/` and `!data/01_raw/companies.csv` and commit that sample: a decision, not an
  accident. A negation of folders only (`!data/**/`, `!data/01_raw/`) re-includes the folders,
  not the files in them, so an accidental
  `data/02_intermediate/big.parquet` (added with `git add -f`, or let in by a `.gitignore` that
  does not cover it) is still reported;
- fixtures of another configuration environment: a file that a catalog entry of an environment
  other than the base and the default run environment names (`conf/test/catalog.yml` with
  `filepath: data/test/companies.csv`, or a partitioned dataset's `path:` folder it lies in),
  and no entry of the base environment does. A test environment's small inputs are tracked on
  purpose; data that the base catalog reads and writes is not;
- prompt templates of an LLM app: a file that a catalog entry of any environment loads with a
  prompt dataset (a `type` whose class name holds `Prompt`:
  `kedro_datasets_experimental.langchain.PromptDataset`, `langfuse.LangfusePromptDataset`).
  The prompt is the app's source, reviewed and versioned with the code that uses it; the same
  file under another dataset type (`text.TextDataset`) is still reported.

What to do: untrack the file (`git rm --cached data/01_raw/companies.csv`; it stays on disk),
add `data/**`, `!data/**/` and `!.gitkeep` to `.gitignore`, and keep the data where the
catalog can load it from (object storage, a database, DVC). If the file is deliberate sample
data, re-include it in `.gitignore` (`!data/01_raw/companies.csv`) or list it in
`allow-data` in `[tool.structlint]`.

Git's index is what counts, so a data file that is staged but not yet committed is reported
too: the template's pre-commit hook (`structlint check` on the whole project,
`pass_filenames: false`) stops the commit that would add it. A hook or a command line that
passes file names only shows findings on those files, and never on a `.csv`; check the whole
project (as CI does) to see them all.
"""

    def check(self, project: Project) -> Iterable[Finding]:
        tracked = project.git_tracked
        if tracked is None:
            note_no_git(project)
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
        chosen = reincluded(project, candidates)
        fixtures, base_paths = environment_fixtures(project) if candidates else (set(), set())
        prompts = prompt_files(project) if candidates else set()
        for path in candidates:
            if path in lfs or path in chosen or _named(path, prompts):
                continue
            if _named(path, fixtures) and not _named(path, base_paths):
                continue  # a fixture of another environment (`conf/test`), tracked on purpose
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
    # Kedro's starters: the sample that .gitignore re-includes is tracked on purpose.
    Example(
        "id,name\n1,Acme\n",
        path="data/01_raw/companies.csv",
        files={
            ".gitignore": _GITIGNORE + "data/**\n!data/**/\n!.gitkeep\n!data/01_raw/companies.csv\n"
        },
        git=True,
    ),
    # A fixture that only the `test` environment's catalog reads.
    Example(
        "id,name\n1,Acme\n",
        path="data/test/companies.csv",
        files={
            ".gitignore": _GITIGNORE,
            "conf/test/catalog.yml": (
                "companies:\n  type: pandas.CSVDataset\n  filepath: data/test/companies.csv\n"
            ),
        },
        git=True,
    ),
)
