"""Real-project shapes that the layout rules (SL5xx), SL002, SL405 and SL408 got wrong (issue 11):
each test writes a small project from the description of a case, with the look-alike that must
stay silent beside the case that must still fire."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from structlint.project.datasets import installed_dataset_types, scan_kedro_datasets
from structlint.project.kedro_version import Requirement, declared_kedro
from structlint.rules.layout._common import DATA_LAYERS
from tests.helpers import found, run, write_project


def _lines(result, code: str) -> list[tuple[str, int]]:
    return sorted((p, line) for p, line, c in found(result) if c == code)


def _pyproject(extra: str = "", kedro_table: str = 'kedro_init_version = "1.7.0"\n') -> str:
    return (
        '[project]\nname = "demo"\nversion = "0.1.0"\n'
        + extra
        + '\n[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\n'
        + kedro_table
        + 'source_dir = "src"\n'
    )


# --------------------------------------------------------------------------- the version module


def test_declared_kedro_version_is_read_from_old_layouts(tmp_path: Path) -> None:
    cases = {
        "kedro_yml": (
            {".kedro.yml": "context_path: demo.run.ProjectContext\nproject_version: 0.16.6\n"},
            (0, 16, 6),
        ),
        "src_requirements": (
            {"src/requirements.txt": "pandas\nkedro[pandas]==0.17.7  # pinned\n"},
            (0, 17, 7),
        ),
        "requirements": ({"requirements.txt": "kedro>=0.18.2,<0.19\n"}, (0, 18, 2)),
        "pyproject_dep": (
            {"pyproject.toml": _pyproject('dependencies = ["kedro~=0.19.1"]\n')},
            (0, 19, 1),
        ),
        "poetry": (
            {"pyproject.toml": '[tool.poetry.dependencies]\nkedro = "^0.17.4"\n'},
            (0, 17, 4),
        ),
        "init_version": ({"pyproject.toml": _pyproject()}, (1, 7, 0)),
    }
    for name, (files, want) in cases.items():
        root = tmp_path / name
        for rel, text in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)

        def read(rel: str, root: Path = root) -> str | None:
            p = root / rel
            return p.read_text() if p.is_file() else None

        got = declared_kedro(read, root)
        assert got is not None and got.version == want, (name, got)
    assert declared_kedro(lambda rel: None, tmp_path / "nothing") is None


def test_requirement_ranges() -> None:
    req = Requirement("kedro-datasets", "==8.1.0", "x")
    assert req.admits((8, 1, 0)) and not req.admits((9, 6, 0))
    assert Requirement("k", ">=7.0,<8", "x").admits((7, 3, 1))
    assert not Requirement("k", ">=7.0,<8", "x").admits((8, 0, 0))
    assert Requirement("k", "~=8.1", "x").admits((8, 9, 0))
    assert not Requirement("k", "~=8.1", "x").admits((9, 0, 0))
    assert Requirement("k", "==8.*", "x").admits((8, 4, 0))
    assert not Requirement("k", "^0.17.1", "x").admits((0, 18, 0))
    assert Requirement("k", ">=0.17,<0.19", "x").lowest() == (0, 17, 0)


# --------------------------------------------------------------------------- SL408


def test_sl408_scan_finds_dataset_classes_whatever_their_name(tmp_path: Path) -> None:
    top = tmp_path / "kedro_datasets"
    files = {
        "__init__.py": "",
        "matplotlib/__init__.py": (
            "import lazy_loader as lazy\n\n"
            "__getattr__, __dir__, __all__ = lazy.attach(\n    __name__,\n"
            '    submod_attrs={"matplotlib_writer": ["MatplotlibWriter"], '
            '"matplotlib_dataset": ["MatplotlibDataset"]},\n)\n'
        ),
        "matplotlib/matplotlib_dataset.py": (
            "class MatplotlibDataset(\n    AbstractVersionedDataset[dict[str, Any], NoReturn]\n):\n"
            "    pass\n\n\nclass Options:\n    pass\n"
        ),
        "matplotlib/matplotlib_writer.py": "class MatplotlibWriter(MatplotlibDataset):\n    pass\n",
        "databricks/__init__.py": "",
        "databricks/_base_table_dataset.py": "class BaseTableDataset(AbstractDataset):\n    pass\n",
        "databricks/managed_table_dataset.py": (
            "class ManagedTable(BaseTable):\n    pass\n\n\n"
            "class ManagedTableDataset(BaseTableDataset):\n    pass\n"
        ),
    }
    for rel, text in files.items():
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_text(text)
    assert scan_kedro_datasets(top, "kedro_datasets") == {
        "kedro_datasets.matplotlib.MatplotlibDataset",
        "kedro_datasets.matplotlib.MatplotlibWriter",
        "kedro_datasets.databricks.ManagedTableDataset",
    }


_PLOTS = (
    "plot:\n  type: matplotlib.MatplotlibWriter\n  filepath: data/08_reporting/plot.png\n"
    "companies:\n  type: pandas.CSVDatset\n  filepath: data/01_raw/companies.csv\n"
)
_installed_96 = pytest.mark.skipif(
    "kedro_datasets.matplotlib.MatplotlibWriter" in installed_dataset_types()[0]
    or not installed_dataset_types()[1],
    reason="needs a kedro-datasets without MatplotlibWriter (9.x) installed",
)


@_installed_96
def test_sl408_does_not_judge_a_pinned_other_kedro_datasets(tmp_path: Path) -> None:
    pins = {
        "pyproject": {
            "pyproject.toml": _pyproject('dependencies = ["kedro-datasets[matplotlib]==8.1.0"]\n')
        },
        "requirements": {"requirements.txt": "kedro-datasets==8.1.0\n"},
        "kedro_019": {"src/requirements.txt": "kedro~=0.19.10\n"},
    }
    for name, files in pins.items():
        root = tmp_path / name
        write_project(root, {"conf/base/catalog.yml": _PLOTS, "src/demo/__init__.py": "", **files})
        result = run(root, select=["SL408"])
        # The renamed class is not guessed at; the slip is still reported, naming both versions.
        assert _lines(result, "SL408") == [("conf/base/catalog.yml", 5)], name
        message = result.findings[0].message
        assert "9.6.0" in message and ("8.1.0" in message or "0.19" in message), message
        assert "Did you mean `pandas.CSVDataset`?" in message
        assert any("matplotlib.MatplotlibWriter" in n and "not judged" in n for n in result.notes)
    # The same catalog on the installed version: MatplotlibWriter is gone there.
    root = tmp_path / "current"
    write_project(root, {"conf/base/catalog.yml": _PLOTS, "src/demo/__init__.py": ""})
    assert _lines(run(root, select=["SL408"]), "SL408") == [
        ("conf/base/catalog.yml", 2),
        ("conf/base/catalog.yml", 5),
    ]


def test_sl408_old_spelling_in_projects_that_declare_kedro_017_elsewhere(tmp_path: Path) -> None:
    catalog = (
        "companies:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/companies.csv\n"
        "reviews:\n  type: pandas.CSVDataSett\n  filepath: data/01_raw/reviews.csv\n"
    )
    old = {
        "kedro_yml": {".kedro.yml": "project_version: 0.17.0\n"},
        "src_requirements": {"src/requirements.txt": "kedro==0.17.7\n"},
        "requirements": {"requirements.txt": "kedro[pandas]>=0.16.5,<0.17\n"},
    }
    bare = '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\nsource_dir = "src"\n'
    for name, files in old.items():
        root = tmp_path / name
        write_project(
            root,
            {
                "pyproject.toml": bare,
                "conf/base/catalog.yml": catalog,
                "src/demo/__init__.py": "",
                **files,
            },
        )
        assert _lines(run(root, select=["SL408"]), "SL408") == [("conf/base/catalog.yml", 5)], name
    root = tmp_path / "kedro1"
    write_project(root, {"conf/base/catalog.yml": catalog, "src/demo/__init__.py": ""})
    assert _lines(run(root, select=["SL408"]), "SL408") == [
        ("conf/base/catalog.yml", 2),
        ("conf/base/catalog.yml", 5),
    ]


def test_sl408_dataset_argument_is_a_type_only_for_wrappers(tmp_path: Path) -> None:
    catalog = (
        "scores:\n  type: pandas.GBQTableDataset\n  dataset: dbt\n  table_name: scores\n"
        "  project: acme\n"
        "parts:\n  type: partitions.PartitionedDataset\n  path: data/01_raw/parts\n"
        "  dataset: pandas.CSVDatset\n"
        "cached:\n  type: CachedDataset\n  dataset:\n    type: pandas.ParquetDatset\n"
        "    filepath: data/02_intermediate/c.parquet\n"
        "fine_parts:\n  type: partitions.PartitionedDataset\n  path: data/01_raw/fine\n"
        "  dataset: pandas.CSVDataset\n"
    )
    write_project(tmp_path, {"conf/base/catalog.yml": catalog, "src/demo/__init__.py": ""})
    assert _lines(run(tmp_path, select=["SL408"]), "SL408") == [
        ("conf/base/catalog.yml", 9),
        ("conf/base/catalog.yml", 13),
    ]


# --------------------------------------------------------------------------- SL503 / SL504

_PIPELINE_PY = (
    "from kedro.pipeline import Pipeline\n\n\n"
    "def create_pipeline(**kwargs) -> Pipeline:\n    return Pipeline([])\n"
)
_PIPES = {
    "src/demo/__init__.py": "",
    "src/demo/pipelines/__init__.py": "",
    # A folder of shared code: no pipeline.py, no create_pipeline.
    "src/demo/pipelines/utils/__init__.py": "",
    "src/demo/pipelines/utils/helpers.py": "def tidy(df):\n    return df\n",
    "src/demo/pipelines/extract/__init__.py": "",
    "src/demo/pipelines/extract/pipeline.py": _PIPELINE_PY,
    "src/demo/pipelines/load/__init__.py": "",
    "src/demo/pipelines/load/pipeline.py": _PIPELINE_PY,
    "src/demo/pipelines/load/nodes.py": "def save(df):\n    return df\n",
    # A pipeline whose create_pipeline lives in __init__.py.
    "src/demo/pipelines/report/__init__.py": (
        "from kedro.pipeline import Pipeline\n\n\n"
        "def create_pipeline(**kwargs) -> Pipeline:\n    return Pipeline([])\n"
    ),
    "src/demo/pipelines/report/nodes.py": "def plot(df):\n    return df\n",
}


def test_sl504_shared_folder_under_pipelines_is_not_a_pipeline(tmp_path: Path) -> None:
    nodes = (
        "from demo.pipelines.utils.helpers import tidy\n"
        "from ..utils import helpers\n"
        "from demo.pipelines.load.nodes import save\n"
        "from ..report.nodes import plot\n"
    )
    write_project(tmp_path, {**_PIPES, "src/demo/pipelines/extract/nodes.py": nodes})
    path = "src/demo/pipelines/extract/nodes.py"
    assert _lines(run(tmp_path, select=["SL504"]), "SL504") == [(path, 3), (path, 4)]


def test_sl504_shared_code_under_pipelines_is_not_checked(tmp_path: Path) -> None:
    # utils is no pipeline: its imports are not one pipeline reaching into another.
    helpers = "from demo.pipelines.load.nodes import save\n"
    write_project(tmp_path, {**_PIPES, "src/demo/pipelines/utils/helpers.py": helpers})
    assert _lines(run(tmp_path, select=["SL504"]), "SL504") == []


def test_sl503_tests_named_otherwise_or_importing_the_pipeline(tmp_path: Path) -> None:
    files = {
        **_PIPES,
        "tests/__init__.py": "",
        "tests/pipelines/__init__.py": "",
        # tests/pipelines/test_<name>.py
        "tests/pipelines/test_extract.py": "def test_extract():\n    assert True\n",
        # a test module named after nothing in particular that imports the pipeline
        "tests/test_storage.py": (
            "from demo.pipelines.load.nodes import (\n    save,\n)\n\n\n"
            "def test_save():\n    assert save(1) == 1\n"
        ),
        # a helper that imports report is not a test module: report stays untested
        "tests/conftest.py": "from demo.pipelines.report.nodes import plot\n",
        # extract's tests use report's node as a helper: still extract's tests
        "tests/pipelines/extract/__init__.py": "",
        "tests/pipelines/extract/test_nodes.py": "from demo.pipelines.report.nodes import plot\n",
    }
    write_project(tmp_path, files)
    assert _lines(run(tmp_path, select=["SL503"]), "SL503") == [
        ("src/demo/pipelines/report/__init__.py", 4)
    ]
    # `from demo.pipelines import report` in a test module counts too.
    (tmp_path / "tests/test_everything.py").write_text(
        "from demo.pipelines import report as r, utils\n\n\ndef test_it():\n    assert r\n"
    )
    assert _lines(run(tmp_path, select=["SL503"]), "SL503") == []


# --------------------------------------------------------------------------- SL505


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_sl505_gitignore_reincludes_the_starter_sample(tmp_path: Path) -> None:
    files = {
        ".gitignore": "conf/local/**\n!conf/local/.gitkeep\n"
        "data/**\n!data/**/\n!.gitkeep\n!data/01_raw/companies.csv\n",
        "data/01_raw/companies.csv": "id\n1\n",
        "data/01_raw/.gitkeep": "",
        "data/02_intermediate/big.parquet": "PAR1",
        # a nested .gitignore that re-includes its folder's sample
        "data/03_primary/.gitignore": "!sample.csv\n",
        "data/03_primary/sample.csv": "a\n1\n",
        # a glob negation is a decision too (kedro-viz's demo: `!data/08_reporting/**`)
        "data/04_feature/.gitignore": "!*.csv\n",
        "data/04_feature/features.csv": "a\n1\n",
        "src/demo/__init__.py": "",
    }
    write_project(tmp_path, files)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    # The accident: forced past the ignore rules, and nothing re-includes it.
    _git(tmp_path, "add", "-f", "data/02_intermediate/big.parquet")
    assert _lines(run(tmp_path, select=["SL505"]), "SL505") == [
        ("data/02_intermediate/big.parquet", 1),
    ]


def test_sl505_fixtures_of_a_test_environment(tmp_path: Path) -> None:
    files = {
        ".gitignore": "conf/local/**\n!conf/local/.gitkeep\n",
        "conf/base/catalog.yml": "companies:\n  type: pandas.CSVDataset\n"
        "  filepath: data/01_raw/companies.csv\n",
        "conf/test/catalog.yml": "companies:\n  type: pandas.CSVDataset\n"
        "  filepath: data/test/companies.csv\n"
        "shuttles:\n  type: partitions.PartitionedDataset\n  path: data/test/shuttles/\n"
        "  dataset: pandas.CSVDataset\n"
        "raw:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/companies.csv\n",
        "data/test/companies.csv": "id\n1\n",
        "data/test/shuttles/part-0.csv": "id\n1\n",
        "data/test/unused.csv": "id\n1\n",  # no catalog names it
        "data/01_raw/companies.csv": "id\n1\n",  # the base catalog's data, whatever test says
        "src/demo/__init__.py": "",
    }
    write_project(tmp_path, files)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    assert _lines(run(tmp_path, select=["SL505"]), "SL505") == [
        ("data/01_raw/companies.csv", 1),
        ("data/test/unused.csv", 1),
    ]


# --------------------------------------------------------------------------- SL501

_LAYOUT_017 = {
    "conf/base/catalog.yml": "",
    "conf/base/parameters.yml": "",
    "conf/local/.gitkeep": "",
    **{f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS},
    "src/demo/__init__.py": "",
    "src/demo/settings.py": "",
    "src/demo/pipelines/__init__.py": "",
    "src/tests/__init__.py": "",
}


def test_sl501_kedro_017_registers_pipelines_in_hooks(tmp_path: Path) -> None:
    hooks = (
        "from kedro.framework.hooks import hook_impl\n\n\n"
        "class ProjectHooks:\n    @hook_impl\n    def register_pipelines(self):\n"
        "        return {}\n"
    )
    write_project(tmp_path / "hooks", {**_LAYOUT_017, "src/demo/hooks.py": hooks})
    assert _lines(run(tmp_path / "hooks", select=["SL501"]), "SL501") == []
    # Kedro 0.16: `create_pipelines()` in the package's pipeline.py.
    old = "def create_pipelines(**kwargs):\n    return {}\n"
    write_project(tmp_path / "016", {**_LAYOUT_017, "src/demo/pipeline.py": old})
    assert _lines(run(tmp_path / "016", select=["SL501"]), "SL501") == []
    # A hooks.py without the registry still needs pipeline_registry.py.
    other = "class ProjectHooks:\n    def after_catalog_created(self, catalog):\n        pass\n"
    write_project(tmp_path / "none", {**_LAYOUT_017, "src/demo/hooks.py": other})
    result = run(tmp_path / "none", select=["SL501"])
    assert _lines(result, "SL501") == [("pyproject.toml", 5)]
    assert "pipeline_registry.py" in result.findings[0].message


def test_sl501_catalog_built_in_code_from_a_database(tmp_path: Path) -> None:
    """A Kedro 0.17 project that reads and writes a database: its YAML catalog holds only a
    comment, a module under conf/ builds the catalog with SQL datasets, a `register_catalog`
    hook hands it to Kedro, and there is no data/ folder."""
    catalog_py = (
        "from kedro.extras.datasets.pandas import SQLQueryDataSet, SQLTableDataSet\n"
        "from kedro.io import DataCatalog\n\n"
        "from conf.common.settings import database_url\n\n"
        "creds = dict(con=database_url())\n"
        "tables = {}\n"
        'for name in ("visits", "labs"):\n'
        '    tables[f"read_{name}"] = SQLQueryDataSet(sql=f"select * from {name}", '
        "credentials=creds)\n"
        '    tables[f"write_{name}"] = SQLTableDataSet(\n'
        '        table_name=name, credentials=creds, save_args=dict(if_exists="replace")\n'
        "    )\n"
        "{extra}"
        "catalog = DataCatalog(tables)\n"
    )
    hooks = (
        "from kedro.framework.hooks import hook_impl\n\n"
        "from conf.base.catalog import catalog\n\n\n"
        "class ProjectHooks:\n"
        "    @hook_impl\n    def register_pipelines(self):\n        return {}\n\n"
        "    @hook_impl\n    def register_catalog(self, *args, **kwargs):\n"
        "        return catalog\n"
    )
    base = {k: v for k, v in _LAYOUT_017.items() if not k.startswith(("data/", "conf/base/"))}
    base.update(
        {
            "conf/base/catalog.yaml": "# the catalog is made in conf/base/catalog.py\n",
            "conf/base/parameters.yml": "# none yet\n",
            "conf/common/settings.py": "def database_url():\n    return 'postgresql://db/x'\n",
            "src/demo/hooks.py": hooks,
        }
    )
    write_project(
        tmp_path / "db", {**base, "conf/base/catalog.py": catalog_py.replace("{extra}", "")}
    )
    assert _lines(run(tmp_path / "db", select=["SL501"]), "SL501") == []
    # The same project with one dataset that it writes to its own disk needs data/.
    local = 'tables["export"] = CSVDataSet(filepath="data/08_reporting/export.csv")\n'
    write_project(
        tmp_path / "local", {**base, "conf/base/catalog.py": catalog_py.replace("{extra}", local)}
    )
    result = run(tmp_path / "local", select=["SL501"])
    assert _lines(result, "SL501") == [("pyproject.toml", 5)]
    assert "`data/`" in result.findings[0].message
    # An empty catalog and no dataset in code at all: nothing says the data lives elsewhere.
    bare = {k: v for k, v in base.items() if k != "src/demo/hooks.py"}
    bare["src/demo/hooks.py"] = hooks.replace("from conf.base.catalog import catalog\n\n", "")
    write_project(tmp_path / "bare", bare)
    result = run(tmp_path / "bare", select=["SL501"])
    assert _lines(result, "SL501") == [("pyproject.toml", 5)]
    assert "`data/`" in result.findings[0].message


# --------------------------------------------------------------------------- SL405


def test_sl405_base_credentials_of_references_only(tmp_path: Path) -> None:
    refs = (
        "warehouse:\n  user: ${globals:warehouse_user}\n"
        "  password: ${oc.env:WAREHOUSE_PASSWORD}\n"
        "  con: ${oc.env:WAREHOUSE_URL}\n"
        "api:\n  token: ''\n"
    )
    write_project(
        tmp_path / "refs",
        {"conf/base/credentials.yml": refs, "conf/base/globals.yml": "warehouse_user: etl\n"},
    )
    assert _lines(run(tmp_path / "refs", select=["SL405"]), "SL405") == []
    literal = refs + "s3:\n  key: AKIAxxxx\n  secret: hunter2\n"
    # A value that is partly a reference still writes the rest (user, host) into base.
    mixed = "warehouse:\n  con: postgresql://etl:${oc.env:PW}@db.internal/sales\n"
    write_project(tmp_path / "mixed", {"conf/base/credentials.yml": mixed})
    assert _lines(run(tmp_path / "mixed", select=["SL405"]), "SL405") == [
        ("conf/base/credentials.yml", 1)
    ]
    write_project(tmp_path / "literal", {"conf/base/credentials.yml": literal})
    result = run(tmp_path / "literal", select=["SL405"])
    assert _lines(result, "SL405") == [("conf/base/credentials.yml", 1)]
    assert "`key`, line 8" in result.findings[0].message


# --------------------------------------------------------------------------- SL506

_WIRED = '''\
from kedro.pipeline import Pipeline, node

from .nodes import train


def _inputs(model: str) -> dict[str, str]:
    """The node's inputs for one model."""
    names = {"features": f"{model}_features", "target": "target"}
    for i, extra in enumerate(sorted(["a", "b"])):
        names[f"extra_{i}"] = "params:" + extra
    return names


def _outputs(model):
    return [f"{model}_model", f"{model}_metrics"]


def scale(df, factor):  # node logic: transforms data
    return df.mul(factor)


def _summary(df):  # node logic, only called, still transforms data
    return df.describe()


def _unused_names():  # builds names but nobody calls it: dead code, reported
    return {"a": "b"}


def create_pipeline(**kwargs) -> Pipeline:
    _summary(None)
    return Pipeline(
        [
            node(train, _inputs("rf"), _outputs("rf")),
            node(scale, ["rf_model", "params:factor"], "scaled"),
        ]
    )
'''


def test_sl506_wiring_helper_in_pipeline_py(tmp_path: Path) -> None:
    path = "src/demo/pipelines/models/pipeline.py"
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/pipelines/__init__.py": "",
            "src/demo/pipelines/models/__init__.py": "",
            "src/demo/pipelines/models/nodes.py": "def train(**kw):\n    return kw, kw\n",
            path: _WIRED,
        },
    )
    assert _lines(run(tmp_path, select=["SL506"]), "SL506") == [
        (path, 18),
        (path, 22),
        (path, 26),
    ]


# --------------------------------------------------------------------------- SL002

_JINJA_CATALOG = """\
{% set namespace = "reviews" %}
{% for part in ["a", "b"] %}
{{ namespace }}_{{ part }}:
  type: pandas.CSVDataset
  filepath: data/01_raw/{{ part }}.csv
{% endfor %}
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""
_HOOKS_TCL = """\
from kedro.config import TemplatedConfigLoader
from kedro.framework.hooks import hook_impl


class ProjectHooks:
    @hook_impl
    def register_config_loader(self, conf_paths):
        return TemplatedConfigLoader(conf_paths)
"""


def test_sl002_jinja_under_templated_config_loader(tmp_path: Path) -> None:
    old = {"src/demo/__init__.py": "", "src/demo/hooks.py": _HOOKS_TCL}
    write_project(tmp_path / "tcl", {**old, "conf/base/catalog.yml": _JINJA_CATALOG})
    result = run(tmp_path / "tcl", select=["SL002"])
    assert _lines(result, "SL002") == []
    assert any("Jinja2 template" in n for n in result.notes)
    # Broken beyond its template tags: still reported.
    broken = _JINJA_CATALOG + "oops: [unclosed\n"
    write_project(tmp_path / "broken", {**old, "conf/base/catalog.yml": broken})
    assert [c for _, _, c in found(run(tmp_path / "broken", select=["SL002"]))] == ["SL002"]
    # The same template under Kedro's default loader is an error.
    write_project(
        tmp_path / "omega",
        {"src/demo/__init__.py": "", "conf/base/catalog.yml": _JINJA_CATALOG},
    )
    result = run(tmp_path / "omega", select=["SL002"])
    assert _lines(result, "SL002") == [("conf/base/catalog.yml", 1)]
    assert "only Kedro's TemplatedConfigLoader" in result.findings[0].message


def test_sl405_placeholders_and_comment_only_credentials(tmp_path: Path) -> None:
    params = (
        "scholar:\n  access_token: REPLACE_ME\n  api_key: <your-key>\n  secret: dummy\n"
        "real:\n  access_token: 9f8e7d6c5b4a\n"
    )
    # Kedro 0.16's template: a base credentials.yml with only comments.
    comments = "# Here you can define credentials for different data sets and environment.\n#\n"
    write_project(
        tmp_path,
        {
            "conf/base/parameters_scholar.yml": params,
            "conf/base/credentials.yml": comments,
        },
    )
    assert _lines(run(tmp_path, select=["SL405"]), "SL405") == [
        ("conf/base/parameters_scholar.yml", 6)
    ]


def test_sl504_building_on_another_pipelines_factory(tmp_path: Path) -> None:
    pipe = (
        "from kedro.pipeline import Pipeline, node, pipeline\n\n"
        "from ..load.pipeline import create_pipeline as load\n"
        "from demo.pipelines.report import create_pipeline as report\n"
        "from ..load import pipeline as load_module\n"
        "import demo.pipelines.load.pipeline\n"
        "from ..load.nodes import save\n"
        "from ..load import create_pipeline, nodes\n\n\n"
        "def create_pipeline(**kwargs) -> Pipeline:\n"
        "    return load() + report() + pipeline([node(save, 'a', 'b')])\n"
    )
    write_project(tmp_path, {**_PIPES, "src/demo/pipelines/extract/pipeline.py": pipe})
    path = "src/demo/pipelines/extract/pipeline.py"
    assert _lines(run(tmp_path, select=["SL504"]), "SL504") == [(path, 7), (path, 8)]


# --------------------------------------------------------------------------- SL502


def test_sl502_committed_default_run_env_is_shared(tmp_path: Path) -> None:
    files = {
        "src/demo/__init__.py": "",
        "src/demo/settings.py": (
            'CONFIG_LOADER_ARGS = {"base_env": "base", "default_run_env": "langfuse"}\n'
        ),
        "conf/base/catalog.yml": "{}\n",
        "conf/langfuse/catalog.yml": "prompts:\n  type: text.TextDataset\n  filepath: x\n",
        "conf/langfuse/parameters.yml": "model: gpt\n",
        "conf/local/.gitkeep": "",
        "conf/local/credentials.yml": "langfuse:\n  secret_key: sk-1\n",
        ".gitignore": "conf/local/**\n!conf/local/.gitkeep\n",
    }
    write_project(tmp_path, files)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "add", "-f", "conf/local/credentials.yml")  # the real leak
    assert _lines(run(tmp_path, select=["SL502"]), "SL502") == [("conf/local/credentials.yml", 1)]


def test_sl502_no_gitignore_and_no_pyproject(tmp_path: Path) -> None:
    # A Kedro 0.16 project: .kedro.yml, no pyproject.toml, no .gitignore.
    files = {".kedro.yml": "project_version: 0.16.6\n", "conf/local/.gitkeep": ""}
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    (tmp_path / "conf/base").mkdir()
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    result = run(tmp_path, select=["SL502"])
    assert _lines(result, "SL502") == [(".kedro.yml", 1)]


def test_sl501_data_layers_under_dvc_or_per_pipeline(tmp_path: Path) -> None:
    base = {k: v for k, v in _LAYOUT_017.items() if not k.startswith("data/")}
    base["src/demo/pipeline_registry.py"] = "def register_pipelines():\n    return {}\n"
    dvc = {f"data/{layer}.dvc": "outs:\n- path: x\n" for layer in DATA_LAYERS}
    write_project(tmp_path / "dvc", {**base, **dvc})
    assert _lines(run(tmp_path / "dvc", select=["SL501"]), "SL501") == []
    per_pipeline = {"data/intent_detection/prompts/system.txt": "You are..."}
    write_project(tmp_path / "llm", {**base, **per_pipeline})
    assert _lines(run(tmp_path / "llm", select=["SL501"]), "SL501") == []
    # Some layers there, others missing: still reported.
    some = {f"data/{layer}/.gitkeep": "" for layer in DATA_LAYERS[:3]}
    write_project(tmp_path / "some", {**base, **some})
    result = run(tmp_path / "some", select=["SL501"])
    assert _lines(result, "SL501") == [("pyproject.toml", 5)]
    assert "data/04_feature/" in result.findings[0].message


def test_sl408_kedro_016_declared_in_kedro_yml_and_src_requirements(tmp_path: Path) -> None:
    catalog = (
        "companies:\n  type: pandas.CSVDataSet\n  filepath: data/01_raw/companies.csv\n"
        "model:\n  type: pickle.PickleDataSet\n  filepath: data/06_models/model.pkl\n"
    )
    for name, files in {
        "kedro_yml": {
            ".kedro.yml": 'context_path: demo.run.ProjectContext\nproject_version: "0.16.6"\n'
        },
        "requirements": {"src/requirements.txt": "kedro[pandas.CSVDataSet]==0.16.6\n"},
    }.items():
        root = tmp_path / name
        for rel, text in {"conf/base/catalog.yml": catalog, **files}.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        assert _lines(run(root, select=["SL408"]), "SL408") == [], name
