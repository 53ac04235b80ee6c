"""SL504 cross-pipeline-import through the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.layout.util import engine_findings, make, where

CODE = "SL504"
HERE = "src/demo/pipelines/data_science/nodes.py"
PIPELINES = {
    "src/demo/pipelines/__init__.py": "",
    "src/demo/pipelines/data_science/__init__.py": "",
    # A pipeline is a folder with a pipeline.py (see _common.is_pipeline_folder).
    "src/demo/pipelines/data_science/pipeline.py": "def create_pipeline():\n    return None\n",
    "src/demo/pipelines/data_processing/__init__.py": "",
    "src/demo/pipelines/data_processing/pipeline.py": "def create_pipeline():\n    return None\n",
    "src/demo/pipelines/data_processing/nodes.py": "def clean(df):\n    return df\n",
    "src/demo/pipelines/data_processing/sub/__init__.py": "",
    "src/demo/pipelines/data_processing/sub/deep.py": "X = 1\n",
    "src/demo/pipelines/utils.py": "def tidy(df):\n    return df\n",
    "src/demo/utils.py": "def tidy(df):\n    return df\n",
    "src/demo/pipelines/data_science/helpers.py": "def scale(df):\n    return df\n",
}


def check(tmp_path: Path, source: str, path: str = HERE) -> set[tuple[str, int]]:
    make(tmp_path, {**PIPELINES, path: source})
    return where(engine_findings(tmp_path, CODE))


@pytest.mark.parametrize(
    "line",
    [
        "from demo.pipelines.data_processing.nodes import clean",
        "from demo.pipelines.data_processing import nodes",
        "from ..data_processing.nodes import clean",
        "from ..data_processing import nodes",
        "from .. import data_processing",
        "from demo.pipelines import data_processing",
        "from demo.pipelines import utils, data_processing",
        "import demo.pipelines.data_processing.nodes",
        "import demo.pipelines.data_processing.nodes as dp",
        "from demo.pipelines.data_processing.nodes import *",
        "from ..data_processing.sub.deep import X",
    ],
)
def test_imports_from_another_pipeline_fire(tmp_path: Path, line: str) -> None:
    assert check(tmp_path, f"{line}\n") == {(HERE, 1)}


@pytest.mark.parametrize(
    "line",
    [
        "from . import helpers",
        "from .helpers import scale",
        "from demo.pipelines.data_science.helpers import scale",
        "from ..data_science import helpers",
        "from ..utils import tidy",
        "from demo.pipelines import utils",
        "from demo.utils import tidy",
        "from ... import utils",
        "import pandas as pd",
        "from demo.pipelines.missing import x",
        "from kedro.pipeline import node, pipeline",
    ],
)
def test_other_imports_are_fine(tmp_path: Path, line: str) -> None:
    assert check(tmp_path, f"{line}\n") == set()


def test_import_inside_a_function_fires(tmp_path: Path) -> None:
    source = "def f(df):\n    from ..data_processing.nodes import clean\n\n    return clean(df)\n"
    assert check(tmp_path, source) == {(HERE, 2)}


def test_every_offending_import_is_reported(tmp_path: Path) -> None:
    source = (
        "import pandas as pd\n"
        "from ..data_processing.nodes import clean\n"
        "from .helpers import scale\n"
        "import demo.pipelines.data_processing.nodes as dp\n"
    )
    assert check(tmp_path, source) == {(HERE, 2), (HERE, 4)}


def test_position_is_the_imported_module(tmp_path: Path) -> None:
    make(tmp_path, {**PIPELINES, HERE: "from ..data_processing.nodes import clean\n"})
    (finding,) = engine_findings(tmp_path, CODE)
    assert (finding.column, finding.end_column) == (8, 29)  # `data_processing.nodes`
    assert "data_processing" in finding.message and "data_science" in finding.message


def test_pipeline_package_init_is_checked(tmp_path: Path) -> None:
    init = "src/demo/pipelines/data_science/__init__.py"
    assert check(tmp_path, "from ..data_processing import nodes\n", path=init) == {(init, 1)}
    # In a package __init__, `from . import x` is the pipeline's own module.
    assert check(tmp_path, "from . import helpers\n", path=init) == set()


@pytest.mark.parametrize(
    "path",
    [
        "src/demo/pipeline_registry.py",
        "src/demo/pipelines/__init__.py",
        "src/demo/utils.py",
        "tests/pipelines/data_science/test_nodes.py",
    ],
)
def test_modules_outside_a_pipeline_may_import_pipelines(tmp_path: Path, path: str) -> None:
    source = "from demo.pipelines.data_processing.nodes import clean\n"
    assert check(tmp_path, source, path=path) == set()


def test_noqa_suppresses(tmp_path: Path) -> None:
    source = "from ..data_processing.nodes import clean  # noqa: SL504 - being moved in #7\n"
    assert check(tmp_path, source) == set()


def test_silent_without_tool_kedro(tmp_path: Path) -> None:
    files = {**PIPELINES, HERE: "from ..data_processing.nodes import clean\n"}
    make(tmp_path, {**files, "pyproject.toml": '[project]\nname = "x"\n'})
    assert engine_findings(tmp_path, CODE) == []
