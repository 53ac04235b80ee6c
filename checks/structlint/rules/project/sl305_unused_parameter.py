"""SL305 unused-parameter: a top-level parameter that no registered pipeline reads."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.findings import Finding
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rule import Example, Option, ProjectRule
from structlint.rules.project._examples import PARAMETERS, project

_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(split, ["companies", "params:test_size"], ["train", "test"])])
"""


class UnusedParameter(ProjectRule):
    code = "SL305"
    name = "unused-parameter"
    summary = "A top-level key of `parameters*.yml` that no registered pipeline reads."
    options = (
        Option(
            "keep-parameters",
            "list[str]",
            [],
            "Top-level parameter keys SL305 leaves alone (read by hooks or notebooks).",
        ),
    )
    explanation = """
A parameter nobody reads is worse than none: someone tunes it and nothing changes. It is
usually left over from a renamed key, whose new name the node then misses (SL304).

structlint reports each top-level key of the merged parameters (base and default run
environment) that no node of a registered pipeline reads, as `params:<key>...`, through a
namespace, or by taking the whole `parameters` dictionary (which uses them all). Keys that
configuration itself references with `${key...}`, keys starting with `_` (YAML anchors), and keys
listed in `keep-parameters` are left alone. It stays silent when some registered pipeline cannot
be followed statically.
"""
    bad = (
        Example(
            """\
test_size: 0.2
n_estimators: 100  # expect: SL305
""",
            path=PARAMETERS,
            files=project(pipeline=_PIPELINE),
        ),
    )
    good = (
        Example(
            """\
test_size: 0.2
mlflow_run_name: nightly
""",
            path=PARAMETERS,
            files=project(pipeline=_PIPELINE),
            config='keep-parameters = ["mlflow_run_name"]',
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        pipes = project.pipelines
        if not pipes.registered or not pipes.complete:
            return
        conf = project.conf
        used: set[str] = set()
        # Each distinct node once: nodes with one key read the same names.
        for n, _ in pipes.unique_nodes():
            for d in n.inputs:
                if d.name == "parameters":
                    return
                if d.name.startswith("params:"):
                    used.add(d.name[len("params:") :].split(".", 1)[0])
        keep = set(project.settings.get("keep-parameters"))
        keep |= conf.interpolated_parameter_heads
        for key in conf.parameters:
            k = str(key)
            if k in used or k in keep or k.startswith("_"):
                continue
            places = conf.parameter_locs.get(k)
            if not places:
                continue
            yield finding(
                self.code,
                f"parameter `{k}` is not read by any registered pipeline: remove it, or list "
                "it in `keep-parameters` when something outside the pipelines reads it.",
                places[0],
                width=len(k),
            )
