"""SL404 layer-order: a node that makes data flow backwards through the data layers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from structlint.core.findings import Finding
from structlint.project.conf import Conf
from structlint.project.model import Project
from structlint.project.util import finding, related
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

LAYERS = (
    "raw",
    "intermediate",
    "primary",
    "feature",
    "model_input",
    "models",
    "model_output",
    "reporting",
)
_ORDER = {name: i for i, name in enumerate(LAYERS)}
_ORDER.update({f"{i + 1:02d}_{name}": i for i, name in enumerate(LAYERS)})
_ORDER.update({"features": 3, "model": 5})
_FOLDER = re.compile(r"(?:^|/)data/(\d\d_[a-z_]+)/")


def layer_of(conf: Conf, name: str, cache: dict[str, Any]) -> tuple[str, int] | None:
    if name in cache:
        return cache[name]
    cache[name] = None
    entry = conf.catalog.get(name)
    # Resolving a config copies all of it; read the raw one, unless what is read is
    # interpolated.
    layer = _written_layer(entry.config, True) if entry is not None else _INTERPOLATED
    if layer is _INTERPOLATED:
        found = conf.dataset_config(name)
        layer = None if found is None else _written_layer(found[0], False)
    if layer is None:
        return None
    idx = _layer_index(layer)
    cache[name] = (layer, idx) if idx is not None else None
    return cache[name]


_INTERPOLATED = object()


def _written_layer(cfg: Any, raw: bool) -> Any:
    """The layer a config names, or None; with `raw`, `_INTERPOLATED` when a value it reads
    has `${...}` (every other value reads the same before and after resolution)."""
    if raw and isinstance(cfg, str) and "${" in cfg:
        return _INTERPOLATED
    if not isinstance(cfg, dict):
        return None
    meta = cfg.get("metadata")
    if raw and isinstance(meta, str) and "${" in meta:
        return _INTERPOLATED
    if isinstance(meta, dict):
        viz = meta.get("kedro-viz")
        if isinstance(viz, dict):
            layer = viz.get("layer")
            if isinstance(layer, str):
                return _INTERPOLATED if raw and "${" in layer else layer
        elif raw and isinstance(viz, str) and "${" in viz:
            return _INTERPOLATED
    for key in ("filepath", "path"):
        fp = cfg.get(key)
        if isinstance(fp, str):
            if raw and "${" in fp:
                return _INTERPOLATED
            m = _FOLDER.search("/" + fp.replace("\\", "/").lstrip("./"))
            if m:
                return m.group(1)
    return None


@lru_cache(maxsize=256)
def _layer_index(layer: str) -> int | None:
    norm = layer.strip().lower().replace("-", "_").replace(" ", "_")
    idx = _ORDER.get(norm)
    if idx is None:
        idx = _ORDER.get(re.sub(r"^\d+_", "", norm))
    return idx


_CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
model_input_table:
  type: pandas.ParquetDataset
  filepath: data/05_model_input/model_input_table.parquet
{out}:
  type: pandas.ParquetDataset
  filepath: data/{folder}/{out}.parquet
"""


class LayerOrder(ProjectRule):
    code = "SL404"
    name = "layer-order"
    summary = "A node reads a dataset of a later layer and writes one of an earlier layer."
    explanation = """
Kedro's data layers (`01_raw` < `02_intermediate` < `03_primary` < `04_feature` <
`05_model_input` < `06_models` < `07_model_output` < `08_reporting`) describe how far a
dataset is from the source. A node that reads a model input and writes an "intermediate"
dataset makes data flow backwards: the layer names stop meaning anything, and kedro-viz draws
the pipeline upside down.

A dataset's layer is `metadata: {kedro-viz: {layer: ...}}` of its catalog entry (or of the
factory pattern that matches it), else the `data/NN_<layer>/` folder of its filepath. Anything
may flow into `08_reporting`. Fix the layer of the output (it is probably later than you
thought) or move the file.
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "model_input_table", "clean_table"),  # expect: SL404
            node(clean, "companies", "model_input_table"),
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG.format(out="clean_table", folder="02_intermediate")),
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "model_input_table", "clean_table"),
            node(clean, "companies", "model_input_table"),
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG.format(out="clean_table", folder="08_reporting")),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        cache: dict[str, Any] = {}
        for node, _pipes in project.pipelines.unique_nodes():
            if not node.outputs:
                continue
            # Each output's layer once per node, not once per input.
            outs = None
            worst = None
            for i in node.inputs:
                li = cache[i.name] if i.name in cache else layer_of(conf, i.name, cache)
                if li is None:
                    continue
                if outs is None:
                    outs = [
                        (o, cache[o.name] if o.name in cache else layer_of(conf, o.name, cache))
                        for o in node.outputs
                    ]
                for o, lo in outs:
                    if lo is None or lo[1] == len(LAYERS) - 1 or lo[1] >= li[1]:
                        continue
                    gap = li[1] - lo[1]
                    if worst is None or gap > worst[0]:
                        worst = (gap, i, li, o, lo)
            if worst is None:
                continue
            _, i, li, o, lo = worst
            rel = []
            for name in (i.name, o.name):
                found = conf.dataset_config(name)
                if found is not None:
                    rel.append(related(found[1], f"catalog entry of `{name}`"))
            yield finding(
                self.code,
                f"node `{node.label}` reads `{i.name}` (layer {li[0]}) and writes `{o.name}` "
                f"(layer {lo[0]}, earlier): data flows backwards through the layers. Give "
                f"`{o.name}` a layer at or after {li[0]}, or read from an earlier one.",
                node.site,
                rel,
                end=node.end,
            )
