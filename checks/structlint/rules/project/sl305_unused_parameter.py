"""SL305 unused-parameter: a top-level parameter that no registered pipeline reads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.model import Project
from structlint.project.util import finding
from structlint.rules.project._examples import PARAMETERS, project
from structlint.rules.rule import Example, Option, ProjectRule

_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(split, ["companies", "params:test_size"], ["train", "test"])])
"""


# The whole parameters dictionary read outside the pipelines (a hook or a helper handing it to
# a library: `mlflow.log_params(context.params)`, `config_loader["parameters"]`,
# `catalog.load("parameters")`): every key may be read.
_WHOLE_DICT = re.compile(
    r"""\b(?:context|ctx|_context|self)\.params\b"""
    r"""|\[\s*["']parameters["']\s*\]"""
    r"""|\.(?:get|load)\(\s*["']parameters["']"""
)


def _whole_dict_read(project: Project) -> bool:
    pkg = project.package_dir
    for path in project.files.python:
        if pkg is not None and not path.startswith(pkg + "/"):
            continue
        text = project.read_text(path)
        if text and "params" in text and _WHOLE_DICT.search(text):
            return True
    return False


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
namespace, or by taking the whole `parameters` dictionary (which uses them all: a node that
takes `parameters`, or `params:model_options`, and hands it on to a library reads every key
below). Keys that configuration itself references with `${key...}`, keys starting with `_`
(YAML anchors), and keys listed in `keep-parameters` are left alone. Nothing is reported when
code of the package reads the whole dictionary outside the pipelines (`context.params` in a
hook, `config_loader["parameters"]`, `catalog.load("parameters")`), since a library it is
handed to may read any key. A registered pipeline that cannot be followed statically is taken
to read every key its code names (`"params:seed"`, `"seed"`, `"parameters"`, or an f-string
starting `params:`); the other pipelines are checked as usual, and the run's last line says
what was not followed. It stays silent when `register_pipelines()` itself cannot be
followed.
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
        if not pipes.registered or not pipes.registry_complete:
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
        unused = [
            str(k)
            for k in conf.parameters
            if not (str(k) in used or str(k) in keep or str(k).startswith("_"))
        ]
        if not unused or _whole_dict_read(project):
            return
        loose = pipes.loose_uses(project.read_text)
        for k in unused:
            if loose is not None and loose.may_use_parameter(k):
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
