"""SL504 cross-pipeline-import: one pipeline imports from another."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from structlint.astnames import resolve_relative
from structlint.discovery import package_dir
from structlint.names import dotted
from structlint.rule import Example, FileRule

if TYPE_CHECKING:
    from structlint.context import FileContext


class CrossPipelineImport(FileRule):
    code = "SL504"
    name = "cross-pipeline-import"
    summary = "A module of `pipelines/<a>/` imports from another pipeline `pipelines/<b>/`."
    # Which `pipelines/<b>/` are folders (and pipeline packages) decides the findings.
    reads_listing = ("{package}/pipelines/*/", "{package}/pipelines/*/pipeline.py")
    explanation = """
Kedro pipelines are meant to be modular: each `src/<package>/pipelines/<name>/` can be run on
its own (`kedro run --pipeline <name>`), reused under a namespace, moved, or deleted. When one
pipeline imports another pipeline's `nodes.py` (or anything else in its folder), the two are
tied together: a change to one breaks the other, deleting one breaks the import, and
`find_pipelines()` imports both to load either. Pipelines hand each other *data* through the
catalog, and share *code* through a common module.

The rule checks every import (`import`, `from ... import`, relative or absolute, at any depth of
the module) in the package files under `pipelines/<a>/`, and reports those that reach into a
different folder `pipelines/<b>/`. Imports of the pipeline's own modules, of a plain module
`pipelines/<module>.py`, and of anything outside `pipelines/` are fine. Tests are not checked.

What to do: move the code both pipelines need into a module outside `pipelines/`, such as
`src/<package>/utils.py` or `src/<package>/common/`, and import it from there in both. If one
pipeline needs the other's *output*, declare that dataset in the catalog and list it in the
consumer's node inputs.
"""

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        return super().applies_to(ctx) and _pipeline_of(ctx) is not None

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        pkg = ctx.settings.package_name
        self.prefix = f"{pkg}.pipelines"
        self.here = _pipeline_of(ctx)
        pkg_dir = package_dir(ctx.settings)
        self.folder = Path(ctx.settings.root) / (pkg_dir or "") / "pipelines"

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = dotted(alias.name)
            other = self._other_pipeline(full)
            if other is not None:
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
        # A folder, not a plain module `pipelines/<name>.py`.
        # (a stat only for imports that reach into pipelines/, which are few)
        if not (self.folder / name).is_dir():
            return None
        return name

    def _report(self, node: cst.CSTNode, full: str, other: str) -> None:
        pkg = self.ctx.settings.package_name
        self.report(
            node,
            f"pipeline `{self.here}` imports `{full}` from pipeline `{other}`: pipelines share "
            f"code through a common module, not through each other. Move what both need to a "
            f"module outside `pipelines/` (e.g. `{pkg}/utils.py`) and import it from there; "
            "pass data between pipelines through the catalog.",
        )


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

from demo.utils import preprocess_companies, summarise

from .helpers import scale


def train(companies: pd.DataFrame) -> pd.DataFrame:
    return scale(summarise(preprocess_companies(companies)))
"""
_OTHER = {
    "src/demo/__init__.py": "",
    "src/demo/pipelines/__init__.py": "",
    "src/demo/pipelines/data_science/__init__.py": "",
    "src/demo/pipelines/data_processing/__init__.py": "",
    "src/demo/pipelines/data_processing/nodes.py": (
        "def preprocess_companies(companies):\n    return companies.dropna()\n"
    ),
    "src/demo/pipelines/reporting/__init__.py": "",
    "src/demo/pipelines/reporting/nodes.py": "def summarise(df):\n    return df.describe()\n",
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
            "src/demo/utils.py": (
                "def preprocess_companies(companies):\n    return companies.dropna()\n\n\n"
                "def summarise(df):\n    return df.describe()\n"
            ),
        },
    ),
)
