"""SL407 duplicate-output: two nodes produce one dataset, or the graph has a cycle."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from structlint.core.findings import Finding
from structlint.project.conf import Loc, strip_transcoding
from structlint.project.model import Project
from structlint.project.pipelines import DS, NodeInst, Pipe
from structlint.project.util import finding, related
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule


def cycles(pipe: Pipe) -> list[list[NodeInst]]:
    """Strongly connected groups of nodes (Tarjan), and nodes that read their own output."""
    nodes = list(pipe.nodes)
    succ = _successors(nodes)
    index = [-1] * len(nodes)
    low = [0] * len(nodes)
    stack: list[int] = []
    on = [False] * len(nodes)
    out: list[list[NodeInst]] = []
    counter = 0
    for start in range(len(nodes)):
        if index[start] >= 0:
            continue
        if not succ[start]:  # a node nothing depends on is a group of its own
            index[start] = low[start] = counter
            counter += 1
            continue
        work = [(start, 0)]
        while work:
            v, pi = work.pop()
            if pi == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on[v] = True
            recurse = False
            edges = succ[v]
            for k in range(pi, len(edges)):
                w = edges[k]
                if index[w] < 0:
                    work.append((v, k + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if on[w] and index[w] < low[v]:
                    low[v] = index[w]
            if recurse:
                continue
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on[w] = False
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1 or v in edges:
                    out.append([nodes[i] for i in comp])
            if work:
                parent = work[-1][0]
                if low[v] < low[parent]:
                    low[parent] = low[v]
    return out


def _successors(nodes: list[NodeInst]) -> list[list[int]]:
    """For each node, the nodes that read one of its outputs (transcoding stripped)."""
    by_output: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for d in n.outputs:
            by_output.setdefault(_plain(d.name), []).append(i)
    succ: list[list[int]] = [[] for _ in nodes]
    for j, n in enumerate(nodes):
        for d in n.inputs:
            for i in by_output.get(_plain(d.name), ()):
                succ[i].append(j)
    return succ


def _not_ordered(nodes: list[NodeInst]) -> list[NodeInst]:
    """The nodes a topological order cannot reach (Kahn): those of every cycle, and those
    downstream of one. Cheaper than finding the cycles themselves."""
    succ = _successors(nodes)
    preds = [0] * len(nodes)
    for edges in succ:
        for j in edges:
            preds[j] += 1
    ready = [i for i, p in enumerate(preds) if p == 0]
    for i in ready:  # grows while it is walked
        for j in succ[i]:
            preds[j] -= 1
            if preds[j] == 0:
                ready.append(j)
    return [n for n, p in zip(nodes, preds, strict=True) if p > 0]


def _suspects(pipes: Iterable[Pipe]) -> tuple[set[str], set[int], set[int]]:
    """Over the graph of all the pipelines' nodes together (each node object once): the
    dataset names that more than one output writes, the ids of the nodes that write them,
    and the ids of the nodes that may be in a cycle. A pipeline's graph is a part of that
    one, so its duplicates and cycles are among these."""
    distinct = {id(n): n for p in pipes for n in p.nodes}
    writes: dict[str, int] = {}
    for n in distinct.values():
        for d in n.outputs:
            name = _plain(d.name)
            writes[name] = writes.get(name, 0) + 1
    names = {name for name, count in writes.items() if count > 1}
    writers = set()
    if names:
        writers = {
            i for i, n in distinct.items() if any(_plain(d.name) in names for d in n.outputs)
        }
    cyclic = {id(n) for n in _not_ordered(list(distinct.values()))}
    return names, writers, cyclic


def _plain(name: str) -> str:
    # `strip_transcoding`, without the call for the many names that have no `@`
    return strip_transcoding(name) if "@" in name else name


class DuplicateOutput(ProjectRule):
    code = "SL407"
    name = "duplicate-output"
    summary = "Two nodes of one pipeline produce the same dataset, or the pipeline has a cycle."
    explanation = """
A Kedro pipeline is a DAG in which every dataset has one producer. Two nodes writing the same
dataset (`OutputNotUniqueError`; one node that lists a name twice in its `outputs` already
fails when the node is made, with a `ValueError`) or nodes that depend on each other in a circle
(`CircularDependencyError`) make Kedro refuse to build the pipeline, and since
`pipeline_registry.py` builds every pipeline, every `kedro` command fails, or `find_pipelines()`
silently drops the pipeline with a warning.

structlint checks each registered pipeline after namespaces and mappings, with transcoded names
(`x@pandas`, `x@spark`) counted as one dataset, and points at both places. Rename one of the
outputs, or break the cycle.

Equal nodes are one node: `Pipeline` `+` and `sum()` keep one of the nodes that Kedro finds
equal (same name, same inputs, same outputs; a node without `name=` is named after its function
and datasets), so the same node wired into two pipelines that the registry sums is not a
duplicate output. Only different nodes writing one dataset are.
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
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def _reporting() -> Pipeline:
    return Pipeline([node(clean, "companies", "clean_companies", name="clean")])


def _modelling() -> Pipeline:
    return Pipeline([node(clean, "companies", "clean_companies", name="clean")])


def create_pipeline(**kwargs) -> Pipeline:
    # one node (same name, inputs and outputs) in both: `+` keeps one
    return _reporting() + _modelling()
""",
            path=PIPELINE,
            files=project(),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        # ("dup", loc, first loc) for a duplicate output, ("cycle", sites) for a cycle.
        reported: set[tuple[str, Loc, Loc] | tuple[str, tuple[Loc, ...]]] = set()
        registered = project.pipelines.registered
        contested, writers, cyclic = _suspects(registered.values())
        for pname, pipe in registered.items():
            # The suspects hold for a pipeline whose nodes are distinct objects (Pipe `+`
            # dedupes them): else it is looked at in full.
            whole = len(set(map(id, pipe.nodes))) < len(pipe.nodes)
            producers: dict[str, list[tuple[NodeInst, DS]]] = {}
            for n in pipe.nodes if whole or contested else ():
                if not whole and id(n) not in writers:
                    continue
                for d in n.outputs:
                    name = _plain(d.name)
                    if whole or name in contested:
                        producers.setdefault(name, []).append((n, d))
            for name, made in producers.items():
                if len(made) < 2:
                    continue
                made = sorted(made, key=lambda t: (t[1].loc.path, t[1].loc.line, t[1].loc.column))
                first_node, first_ds = made[0]
                for n, d in made[1:]:
                    dup_key = ("dup", d.loc, first_ds.loc)
                    if dup_key in reported:
                        continue
                    reported.add(dup_key)
                    if n is first_node and d.name == first_ds.name:
                        # Kedro's Node checks its own outputs when it is made.
                        message = (
                            f"node `{n.label}` lists `{name}` twice among its outputs: Kedro "
                            'fails as soon as the node is made (ValueError: "Failed to create '
                            f"node ... due to duplicate output(s) {{'{name}'}}. Node outputs "
                            'must be unique."). Remove one, or give it another name.'
                        )
                        note = f"`{name}` first listed here"
                    elif n is first_node:
                        # `x@pandas` and `x@spark` from one node: one dataset for the pipeline.
                        message = (
                            f"node `{n.label}` writes `{name}` twice (`{first_ds.name}` and "
                            f"`{d.name}`; transcoding does not make them different datasets): "
                            f"Kedro refuses to build pipeline `{pname}` (OutputNotUniqueError)."
                            " Give one of the outputs another name."
                        )
                        note = f"`{first_ds.name}` first listed here"
                    else:
                        message = (
                            f"`{name}` is produced by node `{n.label}` and by node "
                            f"`{first_node.label}` in pipeline `{pname}`: Kedro refuses to "
                            "build it (OutputNotUniqueError). Give one of the outputs another "
                            "name."
                        )
                        note = f"also produced by node `{first_node.label}`"
                    yield finding(
                        self.code,
                        message,
                        d.loc,
                        [related(first_ds.loc, note)],
                        width=len(d.original) + 2,
                    )
            may_cycle = whole or not cyclic.isdisjoint(map(id, pipe.nodes))
            for comp in cycles(pipe) if may_cycle else ():
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
