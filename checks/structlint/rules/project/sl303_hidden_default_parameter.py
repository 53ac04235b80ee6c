"""SL303 hidden-default-parameter: a node function default that the node never supplies."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.conf import Loc
from structlint.project.model import Project
from structlint.project.pipelines import NodeInst, Signature
from structlint.project.util import finding, related
from structlint.rules.project._common import mismatch, node_functions
from structlint.rules.project._examples import NODES, project
from structlint.rules.rule import Example, ProjectRule

_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(split, "companies", ["train", "test"])])
"""


class HiddenDefaultParameter(ProjectRule):
    code = "SL303"
    name = "hidden-default-parameter"
    summary = "A node function parameter whose default the node's inputs never supply."
    explanation = """
`def split(data, test_size=0.2)` used as `node(split, "companies", ...)` runs with
`test_size=0.2` forever: the value is a parameter in all but name, invisible in
`parameters.yml`, in kedro-viz and in the experiment log. Supply it from configuration
(`["companies", "params:test_size"]`) or remove the default so the omission fails loudly.

structlint checks the nodes of the registered pipelines: a parameter with a default that is
neither given by a positional input, a dict input key, nor bound by `functools.partial` is
reported at the parameter, naming the node. `*args` and `**kwargs` are not reported; decorated
functions are skipped.
"""
    bad = (
        Example(
            """\
import pandas as pd


def split(data: pd.DataFrame, test_size: float = 0.2):  # expect: SL303
    n = int(len(data) * (1 - test_size))
    return data.iloc[:n], data.iloc[n:]
""",
            path=NODES,
            files=project(pipeline=_PIPELINE),
        ),
    )
    good = (
        Example(
            """\
import pandas as pd


def split(data: pd.DataFrame, test_size: float):
    n = int(len(data) * (1 - test_size))
    return data.iloc[:n], data.iloc[n:]
""",
            path=NODES,
            files=project(
                pipeline=_PIPELINE.replace('"companies"', '["companies", "params:test_size"]'),
                parameters="test_size: 0.2\n",
            ),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        hidden: dict[Loc, list[tuple[str, Signature, NodeInst]]] = {}
        for node, _names, sig in node_functions(project):
            if mismatch(node, sig) is not None:
                continue  # SL406's business
            if node.input_kind == "dict":
                given = {d.key for d in node.inputs}
                candidates = [p for p in sig.positional if p[1] and p[0] not in given]
            else:
                n = len(node.inputs)
                candidates = [p for p in sig.positional[n:] if p[1]]
                given = set()
            candidates += [k for k in sig.kwonly if k[1] and k[0] not in given]
            for name, _default, loc in candidates:
                hidden.setdefault(loc, []).append((name, sig, node))
        for loc, hits in hidden.items():
            name, sig, _ = hits[0]
            nodes = list(dict.fromkeys(n.label for _, _, n in hits))
            yield finding(
                self.code,
                f"parameter `{name}` of `{sig.name}` has a default that node"
                f"{'s' if len(nodes) > 1 else ''} {', '.join(f'`{x}`' for x in nodes)} never "
                f"supply: it is a hidden, unconfigured parameter. Pass it from parameters.yml "
                f"(`params:{name}`) or drop the default.",
                loc,
                [related(n.site, f"node `{n.label}`") for _, _, n in hits],
                width=len(name),
            )
