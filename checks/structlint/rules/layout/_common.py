"""What the layout rules share: where Kedro keeps its configuration, where to report a finding
about something that is missing, and a few path helpers. Everything is read statically."""

from __future__ import annotations

import ast
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from structlint.core.findings import CLOSING_NOTE, Finding, Related

if TYPE_CHECKING:
    from structlint.project.model import Project

PYPROJECT = "pyproject.toml"
GITIGNORE = ".gitignore"
# Kedro's data layers, in order (`kedro new` creates each as data/NN_<layer>/.gitkeep).
DATA_LAYERS = (
    "01_raw",
    "02_intermediate",
    "03_primary",
    "04_feature",
    "05_model_input",
    "06_models",
    "07_model_output",
    "08_reporting",
)
# Files that keep a folder in git or describe it; never data, never configuration.
KEEP_FILES = frozenset({".gitkeep", ".keep", ".gitignore"})


@dataclass(frozen=True)
class ConfLayout:
    """`CONF_SOURCE` and the base / default run environments, as `settings.py` sets them."""

    source: str = "conf"
    base_env: str = "base"
    local_env: str = "local"

    @property
    def base(self) -> str:
        return f"{self.source}/{self.base_env}"

    @property
    def local(self) -> str:
        return f"{self.source}/{self.local_env}"

    @property
    def is_folder(self) -> bool:
        """False for a packaged configuration (`CONF_SOURCE = "conf.tar.gz"`)."""
        return not self.source.endswith((".zip", ".tar.gz", ".tgz", ".tar"))


def _literal_str(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip():
        return node.value.strip().strip("/")
    return None


def conf_layout(project: Project) -> ConfLayout:
    """Read `CONF_SOURCE` and `CONFIG_LOADER_ARGS` (`base_env`, `default_run_env`) from the
    package's settings.py without importing it; Kedro's defaults for anything not literal."""
    source, base, local = "conf", "base", "local"
    pkg = project.package_dir
    text = project.read_text(f"{pkg}/settings.py") if pkg else None
    if text and ("CONF_SOURCE" in text or "CONFIG_LOADER_ARGS" in text):
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            tree = None
        for stmt in tree.body if tree is not None else ():
            value: ast.expr | None  # an annotation without a value (`X: str`) has none
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign):
                targets, value = [stmt.target], stmt.value
            else:
                continue
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if "CONF_SOURCE" in names:
                source = _literal_str(value) or source
            if "CONFIG_LOADER_ARGS" in names and isinstance(value, ast.Dict):
                for key, val in zip(value.keys, value.values, strict=False):
                    k = _literal_str(key)
                    if k == "base_env":
                        base = _literal_str(val) or base
                    elif k == "default_run_env":
                        local = _literal_str(val) or local
    return ConfLayout(source, base, local)


@dataclass(frozen=True)
class Place:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int


_KEDRO_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*kedro\s*\]")


def kedro_table(project: Project) -> Place:
    """The `[tool.kedro]` header of pyproject.toml: where findings about the project as a whole
    (a missing folder or file) are reported. Line 1 when the table cannot be found."""
    text = project.read_text(PYPROJECT) or ""
    for n, line in enumerate(text.splitlines(), start=1):
        if _KEDRO_TABLE.match(line):
            code = line.split("#", 1)[0].rstrip()
            start = len(line) - len(line.lstrip())
            return Place(PYPROJECT, n, start + 1, n, len(code) + 1)
    return Place(PYPROJECT, 1, 1, 1, 1)


def finding(
    code: str,
    message: str,
    place: Place,
    related: tuple[Related, ...] = (),
) -> Finding:
    return Finding(
        code,
        message,
        place.path,
        place.line,
        place.column,
        place.end_line,
        place.end_column,
        related,
        (place.line,),
    )


def whole_file(path: str) -> Place:
    """A finding about a file as such (it should not be in git): its first line."""
    return Place(path, 1, 1, 1, 1)


def exists(project: Project, rel: str, folder: bool = False) -> bool:
    path = Path(project.root) / rel
    return path.is_dir() if folder else path.exists()


def under(path: str, folder: str) -> bool:
    """True when the POSIX path lies inside folder (not the folder itself)."""
    folder = folder.strip("/")
    return not folder or path.startswith(folder + "/")


def name_of(path: str) -> str:
    return PurePosixPath(path).name


# --------------------------------------------------------------------------- pipeline packages

PIPELINE_DEFINITION = """\
A pipeline is a folder `src/<package>/pipelines/<name>/` that holds a `pipeline.py`, a
`pipeline/` subpackage, or an `__init__.py` that names `create_pipeline` (the function
Kedro's `find_pipelines()` asks a pipeline for); any other folder under `pipelines/`
(`pipelines/utils/`) is shared code, not a pipeline."""


def is_pipeline_folder(
    folder: str,
    has_file: Callable[[str], bool],
    read_text: Callable[[str], str | None],
) -> bool:
    """Whether `folder` (`src/<package>/pipelines/<name>`, relative POSIX) is a pipeline as
    `PIPELINE_DEFINITION` says: the one definition that every layout rule uses."""
    if has_file(f"{folder}/pipeline.py") or has_file(f"{folder}/pipeline/__init__.py"):
        return True
    init = f"{folder}/__init__.py"
    return has_file(init) and "create_pipeline" in (read_text(init) or "")


def note_no_git(project: Project) -> None:
    """Say at the end of the run (a closing note, shown without `-v`) that the rules that read
    git's index (SL502, SL505) checked nothing, and why: rather than "All checks passed!"."""
    why = (
        "`git` is not installed"
        if shutil.which("git") is None
        else "the project is not inside a git repository"
    )
    note = (
        f"{CLOSING_NOTE}SL502/SL505 could not check which files git tracks ({why}), so they "
        "checked nothing; run them in a clone of the repository, or after `git init`"
    )
    if note not in project.notes:
        project.notes.append(note)
