"""SL407 duplicate-output: two nodes produce one dataset, or the graph has a cycle."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.findings import Finding
from structlint.project.conf import Loc, strip_transcoding
from structlint.project.model import Project
from structlint.project.pipelines import DS, NodeInst, Pipe
from structlint.project.util import finding, related
from structlint.rule import Example, ProjectRule
from structlint.rules.project._examples import PIPELINE, project


def cycles(pipe: Pipe) -> list[list[NodeInst]]:
    """Strongly connected groups of nodes (Tarjan), and nodes that read their own output."""
    nodes = list(pipe.nodes)
    by_output: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for d in n.outputs:
            by_output.setdefault(strip_transcoding(d.name), []).append(i)
    succ: list[list[int]] = [[] for _ in nodes]
    for j, n in enumerate(nodes):
        for d in n.inputs:
            for i in by_output.get(strip_transcoding(d.name), ()):
                succ[i].append(j)
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on: set[int] = set()
    out: list[list[NodeInst]] = []
    counter = 0
    for start in range(len(nodes)):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            v, pi = work.pop()
            if pi == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on.add(v)
            recurse = False
            for k in range(pi, len(succ[v])):
                w = succ[v][k]
                if w not in index:
                    work.append((v, k + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in succ[v]:
                    out.append([nodes[i] for i in comp])
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


class DuplicateOutput(ProjectRule):
    code = "SL407"
    name = "duplicate-output"
    summary = "Two nodes of one pipeline produce the same dataset, or the pipeline has a cycle."
    explanation = """
A Kedro pipeline is a DAG in which every dataset has one producer. Two nodes writing the same
dataset (`OutputNotUniqueError`) or nodes that depend on each other in a circle
(`CircularDependencyError`) make Kedro refuse to build the pipeline, and since
`pipeline_registry.py` builds every pipeline, every `kedro` command fails, or `find_pipelines()`
silently drops the pipeline with a warning.

structlint checks each registered pipeline after namespaces and mappings, with transcoded names
(`x@pandas`, `x@spark`) counted as one dataset, and points at both places. Rename one of the
outputs, or break the cycle.
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "companies", "clean_companies", name="clean_a"),
            node(clean, "shuttles", "clean_companies", name="clean_b"),  # expect: SL407
        ]
    )
""",
            path=PIPELINE,
            files=project(),
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
            node(clean, "companies", "clean_companies", name="clean_a"),
            node(clean, "shuttles", "clean_shuttles", name="clean_b"),
        ]
    )
""",
            path=PIPELINE,
            files=project(),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        # ("dup", loc, first loc) for a duplicate output, ("cycle", sites) for a cycle.
        reported: set[tuple[str, Loc, Loc] | tuple[str, tuple[Loc, ...]]] = set()
        for pname, pipe in project.pipelines.registered.items():
            producers: dict[str, list[tuple[NodeInst, DS]]] = {}
            for n in pipe.nodes:
                for d in n.outputs:
                    producers.setdefault(strip_transcoding(d.name), []).append((n, d))
            for name, made in producers.items():
                made = sorted(made, key=lambda t: (t[1].loc.path, t[1].loc.line, t[1].loc.column))
                first_node, first_ds = made[0]
                for n, d in made[1:]:
                    dup_key = ("dup", d.loc, first_ds.loc)
                    if dup_key in reported:
                        continue
                    reported.add(dup_key)
                    yield finding(
                        self.code,
                        f"`{name}` is produced by node `{n.label}` and by node "
                        f"`{first_node.label}` in pipeline `{pname}`: Kedro refuses to build it "
                        "(OutputNotUniqueError). Give one of the outputs another name.",
                        d.loc,
                        [related(first_ds.loc, f"also produced by node `{first_node.label}`")],
                        width=len(d.original) + 2,
                    )
            for comp in cycles(pipe):
                comp = sorted(comp, key=lambda n: (n.site.path, n.site.line, n.site.column))
                cycle_key = ("cycle", tuple(n.site for n in comp))
                if cycle_key in reported:
                    continue
                reported.add(cycle_key)
                members = {id(n) for n in comp}
                names = sorted(
                    {
                        strip_transcoding(d.name)
                        for n in comp
                        for d in n.outputs
                        if any(
                            strip_transcoding(d.name)
                            in {strip_transcoding(i.name) for i in m.inputs}
                            for m in comp
                        )
                    }
                )
                del members
                first = comp[0]
                if len(comp) == 1:
                    # One node that reads what it writes (`x@excel` -> `x@csv`): Kedro refuses
                    # the node itself, before any pipeline is built.
                    coded = any("@" in d.name for d in (*first.inputs, *first.outputs))
                    why = " (transcoding does not make them different datasets)" if coded else ""
                    yield finding(
                        self.code,
                        f"node `{first.label}` reads and writes "
                        f"{', '.join(f'`{x}`' for x in names)}{why}: Kedro fails with "
                        '"A node cannot have the same '
                        'inputs and outputs even if they are transcoded". Give the output '
                        "another name.",
                        first.site,
                        end=first.end,
                    )
                    continue
                yield finding(
                    self.code,
                    f"nodes {', '.join(f'`{n.label}`' for n in comp)} of pipeline `{pname}` "
                    f"depend on each other in a cycle (through "
                    f"{', '.join(f'`{x}`' for x in names)}): Kedro refuses to build it "
                    "(CircularDependencyError). Break the cycle.",
                    first.site,
                    [related(n.site, f"node `{n.label}` is part of the cycle") for n in comp[1:]],
                    end=first.end,
                )
