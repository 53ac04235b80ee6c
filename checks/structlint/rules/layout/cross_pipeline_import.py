"""SL504 cross-pipeline-import: one pipeline imports from another."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from structlint.inputs.discovery import package_dir
from structlint.rules.layout._common import PIPELINE_DEFINITION, is_pipeline_folder
from structlint.rules.rule import Example, FileRule
from structlint.sources.astnames import resolve_relative
from structlint.sources.names import dotted

if TYPE_CHECKING:
    from structlint.sources.context import FileContext


# What `from ..other import <name>` may take from another pipeline: its factory.
_FACTORY_NAMES = frozenset({"create_pipeline", "pipeline"})


class CrossPipelineImport(FileRule):
    code = "SL504"
    name = "cross-pipeline-import"
    summary = "A module of `pipelines/<a>/` imports from another pipeline `pipelines/<b>/`."
    # Which `pipelines/<b>/` are folders (and pipeline packages) decides the findings: for
    # a folder with only an `__init__.py`, whether that file names `create_pipeline`.
    reads_listing = (
        "{package}/pipelines/*/",
        "{package}/pipelines/*/pipeline.py",
        "{package}/pipelines/*/pipeline/__init__.py",
    )
    reads_mentions = (("{package}/pipelines/*/__init__.py", "create_pipeline"),)
    explanation = f"""
Kedro pipelines are meant to be modular: each `src/<package>/pipelines/<name>/` can be run on
its own (`kedro run --pipeline <name>`), reused under a namespace, moved, or deleted. When one
pipeline imports another pipeline's `nodes.py` (or anything else in its folder), the two are
tied together: a change to one breaks the other, deleting one breaks the import, and
`find_pipelines()` imports both to load either. Pipelines hand each other *data* through the
catalog, and share *code* through a common module.

{PIPELINE_DEFINITION}

The rule checks every import (`import`, `from ... import`, relative or absolute, at any depth of
the module) in the package files under `pipelines/<a>/`, and reports those that reach into a
different pipeline `pipelines/<b>/`; modules of shared code under `pipelines/` are not checked.
Building on another pipeline is fine: importing its factory, `from ..b.pipeline import
create_pipeline as b` (anything from `pipelines/<b>/pipeline.py` or a `pipeline/` subpackage)
or `from ..b import create_pipeline`, to return `b() + pipeline([...])` or reuse it under a
namespace, is how Kedro composes modular pipelines; reaching into `b`'s nodes or helpers is
not.
Imports of the pipeline's own modules, of a plain module
`pipelines/<module>.py`, of a folder of shared code under `pipelines/` that is not a pipeline
(`pipelines/utils/helpers.py` with no `pipeline.py` beside it), and of anything outside
`pipelines/` are fine. Tests are not checked.

What to do: move the code both pipelines need into a module outside `pipelines/`, such as
`src/<package>/utils.py` or `src/<package>/common/`, and import it from there in both. If one
pipeline needs the other's *output*, declare that dataset in the catalog and list it in the
consumer's node inputs.
"""

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        if not super().applies_to(ctx):
            return False
        here = _pipeline_of(ctx)
        if here is None:
            return False
        # Shared code under pipelines/ (`pipelines/utils/`) is no pipeline: not checked.
        pkg_dir = package_dir(ctx.settings)
        folder = f"{pkg_dir}/pipelines/{here}" if pkg_dir else f"pipelines/{here}"
        root = Path(ctx.settings.root)
        return is_pipeline_folder(folder, lambda rel: (root / rel).is_file(), partial(_read, root))

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        pkg = ctx.settings.package_name
        self.prefix = f"{pkg}.pipelines"
        self.here = _pipeline_of(ctx)
        pkg_dir = package_dir(ctx.settings)
        self.root = Path(ctx.settings.root)
        self.folder = f"{pkg_dir}/pipelines" if pkg_dir else "pipelines"
        self._is_pipeline: dict[str, bool] = {}

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            other = self._other_pipeline(full)
            if other is not None and not self._is_factory(full or "", other):
                self._report(alias.name, full or "", other)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = dotted(node.module) if node.module is not None else None
        absolute = resolve_relative(
            self.ctx.module, self.ctx.is_package_init, len(node.relative), base
        )
        if absolute == self.prefix and not isinstance(node.names, cst.ImportStar):
            # `from .. import other` / `from pkg.pipelines import other`
            for alias in node.names:
                if isinstance(alias.name, cst.Name):
                    full = f"{absolute}.{alias.name.value}"
                    other = self._other_pipeline(full)
                    if other is not None:
                        self._report(alias.name, full, other)
            return
        other = self._other_pipeline(absolute)
        if other is not None and self._is_factory(absolute or "", other):
            return
        if other is not None and absolute == f"{self.prefix}.{other}":
            names = node.names
            if not isinstance(names, cst.ImportStar) and all(
                isinstance(a.name, cst.Name) and a.name.value in _FACTORY_NAMES for a in names
            ):
                return  # `from ..other import create_pipeline` / `pipeline`: composition
        if other is not None:
            target: cst.CSTNode = node.module if node.module is not None else node
            self._report(target, absolute, other)

    def _other_pipeline(self, full: str | None) -> str | None:
        """The other pipeline's name when `full` lies in `pipelines/<other>/`."""
        if not full or not full.startswith(self.prefix + "."):
            return None
        name = full[len(self.prefix) + 1 :].split(".", 1)[0]
        if name == self.here or not name.isidentifier():
            return None
        # A pipeline, not a plain module `pipelines/<name>.py` or a folder of shared code.
        # (a few stats only for imports that reach into pipelines/, which are few)
        hit = self._is_pipeline.get(name)
        if hit is None:
            hit = self._is_pipeline[name] = is_pipeline_folder(
                f"{self.folder}/{name}", self._has_file, partial(_read, self.root)
            )
        return name if hit else None

    def _has_file(self, rel: str) -> bool:
        return (self.root / rel).is_file()

    def _is_factory(self, full: str, other: str) -> bool:
        """`<package>.pipelines.<other>.pipeline[...]`: the pipeline's factory module, which a
        pipeline imports to build on the other (`mg() + pipeline([...])`)."""
        factory = f"{self.prefix}.{other}.pipeline"
        return full == factory or full.startswith(factory + ".")

    def _report(self, node: cst.CSTNode, full: str, other: str) -> None:
        pkg = self.ctx.settings.package_name
        self.report(
            node,
            f"pipeline `{self.here}` imports `{full}` from pipeline `{other}`: pipelines share "
            f"code through a common module, not through each other. Move what both need to a "
            f"module outside `pipelines/` (e.g. `{pkg}/utils.py`) and import it from there; "
            "pass data between pipelines through the catalog.",
        )


def _read(root: Path, rel: str) -> str | None:
    # Only whether the text holds `create_pipeline` is asked (`reads_mentions` keys it).
    try:
        return (root / rel).read_text("utf-8", "replace")
    except OSError:
        return None


def _pipeline_of(ctx: FileContext) -> str | None:
    """`a` for a module `<package>.pipelines.a[.x...]`, else None."""
    pkg = ctx.settings.package_name
    module = ctx.module
    if not pkg or not module:
        return None
    prefix = f"{pkg}.pipelines."
    if not module.startswith(prefix):
        return None
    return module[len(prefix) :].split(".", 1)[0] or None


_NODES_A = """\
import pandas as pd

from demo.pipelines.data_processing.nodes import preprocess_companies  # expect: SL504
from ..reporting import nodes as reporting_nodes  # expect: SL504


def train(companies: pd.DataFrame) -> pd.DataFrame:
    return reporting_nodes.summarise(preprocess_companies(companies))
"""
_NODES_A_GOOD = """\
import pandas as pd

from demo.pipelines.shared.frames import tidy
from demo.utils import preprocess_companies, summarise

from .helpers import scale


def train(companies: pd.DataFrame) -> pd.DataFrame:
    return scale(summarise(preprocess_companies(tidy(companies))))
"""
_PIPELINE = (
    "from kedro.pipeline import Pipeline\n\n\n"
    "def create_pipeline(**kwargs) -> Pipeline:\n    return Pipeline([])\n"
)
_OTHER = {
    "src/demo/__init__.py": "",
    "src/demo/pipelines/__init__.py": "",
    "src/demo/pipelines/data_science/__init__.py": "",
    "src/demo/pipelines/data_science/pipeline.py": _PIPELINE,
    "src/demo/pipelines/data_processing/__init__.py": "",
    "src/demo/pipelines/data_processing/nodes.py": (
        "def preprocess_companies(companies):\n    return companies.dropna()\n"
    ),
    "src/demo/pipelines/reporting/__init__.py": "",
    "src/demo/pipelines/data_processing/pipeline.py": _PIPELINE,
    "src/demo/pipelines/reporting/nodes.py": "def summarise(df):\n    return df.describe()\n",
    "src/demo/pipelines/reporting/pipeline.py": _PIPELINE,
}

CrossPipelineImport.bad = (
    Example(_NODES_A, path="src/demo/pipelines/data_science/nodes.py", files=_OTHER),
)
CrossPipelineImport.good = (
    Example(
        _NODES_A_GOOD,
        path="src/demo/pipelines/data_science/nodes.py",
        files={
            **_OTHER,
            "src/demo/pipelines/data_science/helpers.py": "def scale(df):\n    return df / 2\n",
            # A folder of shared code under pipelines/: no pipeline.py, so not a pipeline.
            "src/demo/pipelines/shared/__init__.py": "",
            "src/demo/pipelines/shared/frames.py": "def tidy(df):\n    return df\n",
            "src/demo/utils.py": (
                "def preprocess_companies(companies):\n    return companies.dropna()\n\n\n"
                "def summarise(df):\n    return df.describe()\n"
            ),
        },
    ),
)
