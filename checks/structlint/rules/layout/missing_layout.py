"""SL501 missing-layout: a part of Kedro's standard project layout is missing."""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from structlint.core.fixes_model import Edit, Fix
from structlint.rules.layout._common import DATA_LAYERS, conf_layout, finding, kedro_table
from structlint.rules.rule import Example, ProjectRule

if TYPE_CHECKING:
    from structlint.core.findings import Finding
    from structlint.project.model import Project

CONFIG_SUFFIXES = (".yml", ".yaml", ".json")


def _has_config(root: Path, folder: str, stem: str) -> bool:
    """Whether Kedro's `OmegaConfigLoader` patterns for `stem` (`<stem>*`, `<stem>*/**`,
    `**/<stem>*`) match a configuration file in folder."""
    base = root / folder
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        rel = Path(dirpath).relative_to(base).parts
        in_stem_dir = bool(rel) and rel[0].startswith(stem)
        for name in filenames:
            if name.endswith(CONFIG_SUFFIXES) and (in_stem_dir or name.startswith(stem)):
                return True
    return False


# Where Kedro before 0.17.2 registered pipelines: `register_pipelines` in hooks.py (0.17, as a
# hook implementation), or `create_pipelines` in the package's pipeline.py (0.16).
_OLD_REGISTRIES = (
    ("hooks.py", re.compile(r"^[ \t]*def[ \t]+register_pipelines\b", re.MULTILINE)),
    ("pipeline.py", re.compile(r"^def[ \t]+create_pipelines\b", re.MULTILINE)),
)


def _registers_elsewhere(project: Project, pkg: str) -> bool:
    """Whether an older Kedro layout registers the pipelines outside pipeline_registry.py."""
    return any(
        pattern.search(project.read_text(f"{pkg}/{name}") or "")
        for name, pattern in _OLD_REGISTRIES
    )


# Keys under which a dataset names the file or folder it reads and writes.
_PATH_KEYS = ("filepath", "path", "filename", "folder", "directory")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:/")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_DATASET_CALL = re.compile(r"\b[A-Z]\w*Data[sS]et\s*\(")
_DATASET_CLASS = re.compile(r"^[A-Z]\w*Data[sS]et$")


def _place(value: object) -> bool:
    """Whether a dataset's path is a file of the project's folder (True), or elsewhere: a URL
    (`s3://`, `gs://`, `dbfs:/`) or an absolute path, which no `data/` folder holds. A value
    not known statically (`${oc.env:...}`, an expression) counts as a project file."""
    if not isinstance(value, str):
        return True
    v = value.strip()
    if not v or "${" in v or v.lower().startswith("file:"):
        return True
    if _DRIVE.match(v) or v.startswith(("/", "\\", "~")):
        return False
    return not _URL.match(v)


def _entry_places(cfg: object, depth: int = 0) -> list[bool]:
    """Where a catalog entry keeps its data, one flag per path it names (see `_place`); an
    entry that names no path (a SQL table or query, an API) is elsewhere, a MemoryDataset
    nowhere (an empty list)."""
    if not isinstance(cfg, dict) or depth > 3:
        return []
    kind = cfg.get("type")
    if isinstance(kind, str) and kind.rsplit(".", 1)[-1].lower().startswith("memory"):
        return []
    places = [_place(cfg[key]) for key in _PATH_KEYS if key in cfg]
    inner = cfg.get("dataset")  # a wrapper (partitioned, cached, an MLflow artifact)
    if isinstance(inner, dict):
        places += _entry_places(inner, depth + 1)
    return places or [False]


def _call_places(call: ast.Call) -> list[bool]:
    """`_entry_places` for a dataset that Python code constructs (`SQLTableDataset(...)`)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if not _DATASET_CLASS.match(name) or name.startswith("Abstract"):
        return []
    if name.lower().startswith("memory"):
        return []
    for kw in call.keywords:
        if kw.arg in _PATH_KEYS:
            value = kw.value
            return [_place(value.value if isinstance(value, ast.Constant) else None)]
        if kw.arg is None:  # `**config`: anything
            return [True]
    if call.args:
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            # A positional SQL text (`"SELECT ..."`) is no path; anything else is taken as one.
            return (
                [False] if any(c.isspace() for c in first.value.strip()) else [_place(first.value)]
            )
        return [True]
    return [False]


def data_kept_elsewhere(project: Project) -> bool:
    """Whether the project shows that its data lives outside its folder, so that a missing
    `data/` is no gap: some dataset is declared, and none of them is a project file. Counted
    are the catalog's entries and factory patterns (base and the default run environment,
    resolved) and every dataset class that the project's Python code outside the tests
    constructs (a catalog built in code, `DataCatalog({"x": SQLQueryDataset(sql=...)})`)."""
    conf = project.conf
    places: list[bool] = []
    for entry in [*conf.catalog.values(), *conf.patterns]:
        places += _entry_places(conf.resolved(entry))
        if any(places):
            return False
    for path in project.files.python:
        if project.role_of(path) == "test":
            continue
        text = project.read_text(path)
        if not text or not _DATASET_CALL.search(text):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                places += _call_places(node)
        if any(places):
            return False
    return bool(places)


def missing_parts(project: Project) -> list[tuple[str, str]]:
    """(missing part, how to create it), in the order `kedro new` lays the project out."""
    root = Path(project.root)
    conf = conf_layout(project)
    out: list[tuple[str, str]] = []

    def is_dir(rel: str) -> bool:
        return (root / rel).is_dir()

    if conf.is_folder:
        if not is_dir(conf.source):
            out.append(
                (
                    f"{conf.source}/",
                    f"create `{conf.base}/catalog.yml`, `{conf.base}/parameters.yml` and "
                    f"`{conf.local}/.gitkeep`",
                )
            )
        else:
            if not is_dir(conf.base):
                out.append(
                    (
                        f"{conf.base}/",
                        f"create `{conf.base}/catalog.yml` and `{conf.base}/parameters.yml`; "
                        "the shared configuration lives there",
                    )
                )
            else:
                if not _has_config(root, conf.base, "catalog"):
                    out.append(
                        (
                            f"{conf.base}/catalog.yml",
                            "create it, even empty: Kedro's datasets are declared there",
                        )
                    )
                if not _has_config(root, conf.base, "parameters"):
                    out.append(
                        (
                            f"{conf.base}/parameters*.yml",
                            f"create `{conf.base}/parameters.yml` (or `parameters_<pipeline>.yml`)"
                            " for the values the nodes receive as `params:`",
                        )
                    )
            if not is_dir(conf.local):
                out.append(
                    (
                        f"{conf.local}/",
                        f"create it with an empty `{conf.local}/.gitkeep` and commit only that "
                        "file: credentials and machine-specific settings go there",
                    )
                )
    if not is_dir("data"):
        # A project whose datasets all live elsewhere (a database, object storage) needs none.
        if not data_kept_elsewhere(project):
            out.append(
                (
                    "data/",
                    "create `data/01_raw/` .. `data/08_reporting/`, each with an empty `.gitkeep`",
                )
            )
    else:
        # A layer versioned by DVC is a `data/<layer>.dvc` pointer, not a folder.
        layers = [
            f"data/{layer}/"
            for layer in DATA_LAYERS
            if not is_dir(f"data/{layer}") and not (root / f"data/{layer}.dvc").is_file()
        ]
        # A data/ folder with none of the layers but folders of its own (per pipeline,
        # `data/intent_detection/prompts/`) is organised otherwise, on purpose.
        other = len(layers) == len(DATA_LAYERS) and any(
            c.is_dir() and not c.name.startswith(".") for c in (root / "data").iterdir()
        )
        if layers and not other:
            out.append(
                (
                    ", ".join(layers),
                    "create each with an empty `.gitkeep` so that git keeps the folder",
                )
            )
    pkg = project.package_dir
    assert pkg is not None
    if not is_dir(pkg):
        out.append(
            (
                f"{pkg}/",
                "`[tool.kedro] package_name` and `source_dir` name a package that does not "
                "exist: fix them or move the package there",
            )
        )
    else:
        if not (root / pkg / "pipeline_registry.py").is_file() and not _registers_elsewhere(
            project, pkg
        ):
            out.append(
                (
                    f"{pkg}/pipeline_registry.py",
                    "create it with a `register_pipelines()` that returns "
                    '`find_pipelines()` plus `"__default__"`',
                )
            )
        if not (root / pkg / "settings.py").is_file():
            out.append((f"{pkg}/settings.py", "create it (Kedro's defaults need no content)"))
        if not is_dir(f"{pkg}/pipelines"):
            out.append(
                (
                    f"{pkg}/pipelines/",
                    f"create it with an `__init__.py`; `kedro pipeline create <name>` adds "
                    f"`{pkg}/pipelines/<name>/`",
                )
            )
    # Kedro before 0.19 put the tests in `src/tests/`: that layout is complete too.
    if not is_dir("tests") and not is_dir(f"{Path(pkg).parent.as_posix()}/tests"):
        out.append(
            ("tests/", "create it: `kedro pipeline create` puts each pipeline's tests there")
        )
    return out


class MissingLayout(ProjectRule):
    code = "SL501"
    name = "missing-layout"
    summary = "A part of Kedro's standard layout (conf/, data/, the package, tests/) is missing."
    explanation = """
Every Kedro project made by `kedro new` has the same shape, and Kedro, its plugins and its users
rely on it: `conf/base/` holds the shared configuration (`catalog.yml` and a `parameters*.yml`),
`conf/local/` the credentials and machine-specific overrides, `data/01_raw/` ..
`data/08_reporting/` the data layers the catalog writes to, `src/<package>/` the code with its
`pipeline_registry.py`, `settings.py` and `pipelines/`, and `tests/` the tests. A project that
lost one of them surprises the next person who clones it: `kedro run` may not find
configuration, datasets fail to save because their folder does not exist, a new pipeline has
nowhere obvious to go.

The rule reads the package from `[tool.kedro] package_name` (and `source_dir`) in
`pyproject.toml`, and `CONF_SOURCE` / `CONFIG_LOADER_ARGS` (`base_env`, `default_run_env`)
from `settings.py`; it is silent in a project without `[tool.kedro]`. Every missing part is
listed in one finding on the `[tool.kedro]` line of `pyproject.toml`, with how to create it.
A catalog or parameters file counts when Kedro's own patterns find it (`catalog*.yml`,
`catalog*/**`, `**/catalog*`, the same for `parameters`). A configuration packaged as an archive
(`CONF_SOURCE = "conf.tar.gz"`) is not checked.

A data layer versioned by DVC (`data/01_raw.dvc` tracked instead of the folder) counts as
present, and a `data/` folder that holds none of the layers but folders of its own (data kept
per pipeline, `data/intent_detection/prompts/`) is taken as organised otherwise on purpose:
the layers are asked for only when some of them are there.

A project without `data/` is not asked for one when what it shows says that its data lives
elsewhere: it declares datasets, and none of them is a file of the project's folder. Counted
are the catalog's entries and factory patterns (base and the default run environment, with
`${globals:...}` resolved) and every dataset that the project's Python code outside the tests
constructs, for a catalog built in code (`DataCatalog({"admissions":
SQLQueryDataset(sql=..., credentials=...)})` in a `register_catalog` hook or a module). A
dataset is elsewhere when its `filepath` / `path` is a URL (`s3://`, `gs://`, `abfss://`,
`dbfs:/`) or an absolute path, or when it names no path at all (a SQL table or query, an
API); a `MemoryDataset` does not count either way, and a path not known statically
(`${oc.env:...}`, an expression in code) counts as a file of the project. So a project that
reads and writes only a database gets no `data/` part, while one entry on the local disk, or
a catalog that declares nothing at all (nothing says where the data lives), still does.

Older Kedro layouts count as complete where they differ: `src/tests/` (Kedro before 0.19) stands
for `tests/`, and a project that registers its pipelines the way Kedro before 0.17.2 did, with a
`register_pipelines` function or hook method in `src/<package>/hooks.py` (0.17) or a
`create_pipelines` function in `src/<package>/pipeline.py` (0.16), is not asked for a
`pipeline_registry.py`.

What to do: create the missing folders and files. Empty folders need a `.gitkeep` that git
tracks, or a fresh clone (and CI) will not have them. A project that deliberately does without a
part suppresses the finding with `# noqa: SL501` on the `[tool.kedro]` line, or with
`per-file-ignores = {"pyproject.toml" = ["SL501"]}`.
"""

    fix_doc = """
Safe. `--fix` creates the missing folders that hold nothing the user must write, each with the
empty file that keeps it in git: `.gitkeep` in `conf/local/`, in each missing data layer
(all eight when `data/` is missing) and in `tests/`, and an empty `__init__.py` in the
package's `pipelines/`. It never creates configuration or code (`conf/base/catalog.yml`,
`pipeline_registry.py`, `settings.py`): those stay in the finding, for the user to write.
"""
    bad: ClassVar[tuple[Example, ...]] = ()  # filled in below, from the full layout
    good: ClassVar[tuple[Example, ...]] = ()

    def check(self, project: Project) -> Iterable[Finding]:
        if not project.package_name:
            return
        parts = missing_parts(project)
        if not parts:
            return
        listed = "; ".join(f"`{part}` ({how})" for part, how in parts)
        noun = "part" if len(parts) == 1 else "parts"
        found = finding(
            self.code,
            f"the Kedro project layout is missing {len(parts)} {noun}: {listed}.",
            kedro_table(project),
        )
        keepers = folder_keepers(project, [part for part, _ in parts])
        if keepers:
            shown = ", ".join(f"`{k}`" for k in keepers)
            edits = tuple(Edit(k, 1, 0, 1, 0, "", create=True) for k in keepers)
            found = replace(found, fix=Fix(f"Create {shown}", edits))
        yield found


def folder_keepers(project: Project, parts: list[str]) -> list[str]:
    """The files that create the missing folders among `parts` and keep them in git: an empty
    `.gitkeep` in `conf/local/`, each data layer and `tests/`, an empty `__init__.py` in the
    package's `pipelines/` (`find_pipelines` imports it). Folders whose content only the user
    can write (`conf/`, `conf/base/`, the package itself) get none."""
    conf = conf_layout(project)
    pkg = project.package_dir
    out: list[str] = []
    for part in parts:
        for one in part.split(", "):
            if (
                one == f"{conf.local}/"
                or one == "tests/"
                or (one.startswith("data/") and one != "data/")
            ):
                out.append(f"{one}.gitkeep")
            elif one == "data/":
                out.extend(f"data/{layer}/.gitkeep" for layer in DATA_LAYERS)
            elif pkg is not None and one == f"{pkg}/pipelines/":
                out.append(f"{one}__init__.py")
    return [k for k in out if not (Path(project.root) / k).exists()]


def _full_layout(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file of a complete `kedro new` layout, minus the paths in `drop`."""
    files = {
        "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n"
        "  filepath: data/01_raw/companies.csv\n",
        "conf/base/parameters.yml": "test_size: 0.2\n",
        "conf/local/.gitkeep": "",
        **{f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS},
        "src/demo/__init__.py": "",
        "src/demo/settings.py": '"""Project settings: Kedro\'s defaults."""\n',
        "src/demo/pipeline_registry.py": (
            "from kedro.framework.project import find_pipelines\n\n\n"
            "def register_pipelines():\n"
            "    pipelines = find_pipelines()\n"
            '    pipelines["__default__"] = sum(pipelines.values())\n'
            "    return pipelines\n"
        ),
        "src/demo/pipelines/__init__.py": "",
        "tests/__init__.py": "",
    }
    return {k: v for k, v in files.items() if not any(k.startswith(d) for d in drop)}


_PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"

[tool.kedro]{marker}
package_name = "demo"
project_name = "demo"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

_DB_CATALOG = """\
admissions:
  type: pandas.SQLQueryDataset
  sql: SELECT * FROM admissions
  credentials: warehouse

admissions_clean:
  type: pandas.SQLTableDataset
  table_name: admissions_clean
  credentials: warehouse

reports:
  type: pandas.ParquetDataset
  filepath: s3://clinic-reports/admissions.parquet
"""

MissingLayout.bad = (
    Example(
        _PYPROJECT.format(marker="  # expect: SL501"),
        path="pyproject.toml",
        files=_full_layout(drop=("conf/local/", "data/06_models/", "tests/")),
        fixed=_PYPROJECT.format(marker=""),  # the finding goes
        fixed_files={
            "conf/local/.gitkeep": "",
            "data/06_models/.gitkeep": "",
            "tests/.gitkeep": "",
        },
    ),
    Example(
        _PYPROJECT.format(marker="  # expect: SL501"),
        path="pyproject.toml",
        files=_full_layout(drop=("conf/base/catalog.yml", "src/demo/pipeline_registry.py")),
    ),
    # No data/, and one of the datasets is a file of the project: the folders are needed.
    Example(
        _PYPROJECT.format(marker="  # expect: SL501"),
        path="pyproject.toml",
        files={
            **_full_layout(drop=("data/",)),
            "conf/base/catalog.yml": _DB_CATALOG
            + "\nmodel:\n  type: pickle.PickleDataset\n  filepath: data/06_models/model.pkl\n",
        },
        fixed=_PYPROJECT.format(marker=""),
        fixed_files={f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS},
    ),
)
_HOOKS_017 = """\
from kedro.framework.hooks import hook_impl
from kedro.pipeline import Pipeline


class ProjectHooks:
    @hook_impl
    def register_pipelines(self) -> dict[str, Pipeline]:
        return {"__default__": Pipeline([])}
"""


MissingLayout.good = (
    Example(_PYPROJECT.format(marker=""), path="pyproject.toml", files=_full_layout()),
    # Every dataset is a database table, a query or an object in a bucket: no data/ needed.
    Example(
        _PYPROJECT.format(marker=""),
        path="pyproject.toml",
        files={**_full_layout(drop=("data/",)), "conf/base/catalog.yml": _DB_CATALOG},
    ),
    # Kedro 0.17 registers the pipelines in a hook of hooks.py: no pipeline_registry.py.
    Example(
        _PYPROJECT.format(marker="").replace('"1.7.0"', '"0.17.7"'),
        path="pyproject.toml",
        files={
            **_full_layout(drop=("src/demo/pipeline_registry.py",)),
            "src/demo/hooks.py": _HOOKS_017,
        },
    ),
)
