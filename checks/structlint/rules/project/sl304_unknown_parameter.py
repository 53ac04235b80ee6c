"""SL304 unknown-parameter: a `params:` input that no parameters file defines."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.project.conf import Loc
from structlint.project.model import Project
from structlint.project.pipelines import DS, NodeInst
from structlint.project.util import finding, nearest, related
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

_PARAMS = """\
model_options:
  test_size: 0.2
  random_state: 3
"""


class UnknownParameter(ProjectRule):
    code = "SL304"
    name = "unknown-parameter"
    summary = "A node reads `params:x` that no parameters file of the run defines."
    explanation = """
`params:model_options.test_size` is looked up in the parameters of the base and default run
environment (`parameters*.yml`, merged) when the run starts; a missing or misspelt key stops it
with `Pipeline input(s) {'params:...'} not found in the DataCatalog`.

structlint checks every `params:` input of the registered pipelines, after namespaces (a
namespaced pipeline reads `params:<namespace>.<key>`) and `parameters=` mappings, nested keys
included, and suggests the nearest defined one. Values set with `${runtime_params:...}` or
`${globals:...}` count as defined, and anything below a value only known at run time is
accepted.

Namespaces prefix `params:` names only from Kedro 0.18 on (before, `pipeline(namespace="ns")`
left `params:x` as it was). A project that declares an older Kedro (`[tool.kedro]
kedro_init_version` / `project_version`, `project_version` in `.kedro.yml`, or a `kedro` pin
in `src/requirements.txt` / `requirements.txt` that allows only versions below 0.18) is
checked for `params:x`, not `params:ns.x`; a project that declares nothing is taken to be on
a current Kedro.
"""
    fix_doc = """
Unsafe: the node then reads another value. When exactly one defined key is near the
unknown one (its parent mapping does not count as a second), the written `params:` string is
renamed to it, with the node's namespace left to Kedro: `params:model_option.test_size`
becomes `params:model_options.test_size`. No fix when several keys are about as near, when
none is, or when a `parameters=` mapping of `pipeline()` renames the name (the written string
is then not what is looked up).
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                split,
                ["companies", "params:model_option.test_size"],  # expect: SL304
                ["train", "test"],
            ),
        ]
    )
""",
            path=PIPELINE,
            files=project(parameters=_PARAMS),
            fixed="""\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(
                split,
                ["companies", "params:model_options.test_size"],
                ["train", "test"],
            ),
        ]
    )
""",
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import split


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [node(split, ["companies", "params:model_options.test_size"], ["train", "test"])]
    )
""",
            path=PIPELINE,
            files=project(parameters=_PARAMS),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf = project.conf
        pipes = project.pipelines
        missing: dict[Loc, list[tuple[NodeInst, DS, list[str]]]] = {}
        for node, names in pipes.unique_nodes():
            for d in node.inputs:
                if not d.name.startswith("params:"):
                    continue
                key = d.name[len("params:") :]
                if conf.has_parameter(key):
                    continue
                missing.setdefault(d.loc, []).append((node, d, names))
        if not missing:
            return
        paths = conf.parameter_paths[0]
        for loc, hits in missing.items():
            node, d, names = hits[0]
            shown = sorted({h[1].name for h in hits})
            key = d.name[len("params:") :]
            near = nearest(key, paths, cutoff=0.7)
            hint = f" Did you mean `params:{near}`?" if near else ""
            rel = []
            if near:
                top = near.split(".", 1)[0]
                places = conf.parameter_locs.get(top)
                if places:
                    rel.append(related(places[0], f"`{top}` is defined here"))
            where = ", ".join(f"`{n}`" for n in names)
            found = finding(
                self.code,
                f"{' and '.join(f'`{s}`' for s in shown)} (node `{node.label}`, pipeline "
                f"{where}) is not defined by any parameters file of "
                f'{" + ".join(conf.envs())}: `kedro run` stops with "Pipeline input(s) '
                f"{{'{shown[0]}'}} not found in the DataCatalog\".{hint}",
                loc,
                rel,
                width=len(d.original) + 2,
            )
            fix = _rename_fix(project, loc, hits, paths)
            yield dataclasses.replace(found, fix=fix) if fix is not None else found


def _rename_fix(
    project: Project, loc: Loc, hits: list[tuple[NodeInst, DS, list[str]]], paths: frozenset[str]
) -> Fix | None:
    """Rename the written `params:` string to the one defined key it is close to: only when
    exactly one key is near, and the same written name fits every namespace the node runs
    in (a namespace or `parameters=` mapping puts something in front of what is written)."""
    written: set[str] = set()
    for _, d, _ in hits:
        full = d.name[len("params:") :]
        orig = d.original[len("params:") :]
        if not d.original.startswith("params:") or not full.endswith(orig):
            return None
        prefix = full[: len(full) - len(orig)]
        close = difflib.get_close_matches(full, [p for p in paths if p != full], n=3, cutoff=0.85)
        # The mapping a near key is in (`model_options` of `model_options.test_size`) is
        # the same suggestion, not a second one.
        close = [c for c in close if not close or not close[0].startswith(c + ".")]
        if len(close) != 1 or not close[0].startswith(prefix):
            return None
        written.add(close[0][len(prefix) :])
    if len(written) != 1:
        return None
    new = written.pop()
    d = hits[0][1]
    text = project.read_text(loc.path)
    lines = text.splitlines() if text else []
    if not 0 < loc.line <= len(lines):
        return None
    line = lines[loc.line - 1]
    start = loc.column - 1
    quote = line[start : start + 1]
    if quote not in ("'", '"') or line[start : start + len(d.original) + 2] != (
        quote + d.original + quote
    ):
        return None
    end = start + len(d.original) + 2
    return Fix(
        f"Rename `{d.original}` to `params:{new}`",
        (Edit(loc.path, loc.line, start, loc.line, end, f"{quote}params:{new}{quote}"),),
        "unsafe",
    )
