"""SL401 undefined-dataset: a free input of a registered pipeline that the catalog lacks."""

from __future__ import annotations

from collections.abc import Iterator

from structlint.core.findings import Finding
from structlint.project.conf import Conf, strip_transcoding
from structlint.project.model import Project
from structlint.project.pipelines import NodeInst, PipelinesModel, free_inputs
from structlint.project.util import finding, nearest, related
from structlint.rules.project._examples import CATALOG, PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

_CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""


class UndefinedDataset(ProjectRule):
    code = "SL401"
    name = "undefined-dataset"
    summary = "A pipeline reads a dataset that neither the catalog nor a factory pattern defines."
    explanation = """
`kedro run` checks, before it runs a single node, that every free input of the pipeline (read by
a node, produced by no node of that pipeline) is in the catalog or matches a dataset factory
pattern. A misspelt name (`companys` for `companies`) stops the run with
`Pipeline input(s) {'companys'} not found in the DataCatalog`, but only when you run it.

structlint checks every pipeline that `pipeline_registry.py` registers, with namespaces,
`inputs=`/`outputs=` mappings and transcoding (`name@spark`) applied as Kedro applies them, and
suggests the nearest existing name. A dataset that one registered pipeline produces and another
only reads is reported too: `kedro run --pipeline <reader>` fails, because the data only ever
existed in memory. Declare it in the catalog so each pipeline runs on its own.

Nodes are followed as Kedro builds them: `node()` / `Node()`, the project's own subclasses of
`Node` (also through other subclasses and re-exports), Kedro 1.7's `llm_context_node` (inputs
`llm`, the prompts and its tools' inputs), `pipeline(...)` positional or by keyword
(`pipe=` / `nodes=`), kedro-mlflow's `pipeline_ml_factory` (the training pipeline's nodes), and
the `Pipeline` filters (`only_nodes_with_tags`, `only_nodes`, `from_nodes`, `to_nodes`,
`from_inputs`, `to_outputs`, `only_nodes_with_namespaces`, `filter`, `-`, `&`) when their
result is known exactly. A filter whose result is not (a node named by its default name, a tag
known only at run time) makes its pipeline one that is not followed: a smaller pipeline may
miss a producer, so guessing could report inputs that are not free. Pipelines that cannot be
followed statically are skipped, and the run's last line says how many and where (`-v` gives
the reasons); the other pipelines are still checked.
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "companys", "clean_companies"),  # expect: SL401
        ]
    )
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG),
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, "companies", "clean_companies")])
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG),
        ),
        Example(
            """\
"{name}_csv":
  type: pandas.CSVDataset
  filepath: data/01_raw/{name}.csv
""",
            path=CATALOG,
            files=project(
                pipeline="""\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, "companies_csv", "clean_companies")])
"""
            ),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        conf, pipes = project.conf, project.pipelines
        if not _may_miss(conf, pipes):
            return
        missing: dict[str, dict] = {}
        for pname, pipe in pipes.registered.items():
            if not pipe.complete:
                continue
            for name, uses in free_inputs(pipe).items():
                if name == "parameters" or name.startswith("params:") or conf.defines(name):
                    continue
                info = missing.setdefault(name, {"uses": {}, "pipelines": []})
                info["pipelines"].append(pname)
                for n, d in uses:
                    info["uses"].setdefault(d.loc, (n, d))
        if not missing:
            return
        producers: dict[str, list[tuple[str, NodeInst]]] = {}
        for pname, pipe in pipes.registered.items():
            for n in pipe.nodes:
                for d in n.outputs:
                    producers.setdefault(strip_transcoding(d.name), []).append((pname, n))
        known = set(conf.catalog) | set(producers)
        for name, info in sorted(missing.items()):
            uses = sorted(info["uses"].values(), key=lambda t: (t[1].loc.path, t[1].loc.line))
            node, ds = uses[0]
            rel = [related(d.loc, f"also read by node `{n.label}`") for n, d in uses[1:]]
            where = _pipelines(info["pipelines"])
            made_by = [
                (p, n)
                for p, n in producers.get(strip_transcoding(name), [])
                if p not in info["pipelines"]
            ]
            if made_by:
                p, n = made_by[0]
                rel.append(related(n.site, f"produced here, in pipeline `{p}`"))
                msg = (
                    f"`{name}` is read by node `{node.label}` in {where}, which does not produce "
                    f"it: only pipeline `{p}` does, in memory, so `kedro run --pipeline "
                    f"{info['pipelines'][0]}` stops with \"Pipeline input(s) {{'{name}'}} not "
                    'found in the DataCatalog". Declare it in the catalog so the pipeline runs '
                    "on its own."
                )
            else:
                near = nearest(name, known)
                hint = f" Did you mean `{near}`?" if near else ""
                if near and near in conf.catalog:
                    rel.append(related(conf.catalog[near].loc, f"catalog entry `{near}`"))
                msg = (
                    f"`{name}` is read by node `{node.label}` in {where}, but no catalog entry or "
                    f"dataset factory pattern defines it and no node produces it: `kedro run` "
                    f"stops with \"Pipeline input(s) {{'{name}'}} not found in the DataCatalog\"."
                    f"{hint} Otherwise add it to the catalog."
                )
            yield finding(self.code, msg, ds.loc, rel, width=len(ds.original) + 2)


def _may_miss(conf: Conf, pipes: PipelinesModel) -> bool:
    """Whether a complete pipeline reads a dataset that neither the catalog nor one of its
    nodes provides: the question `check` answers pipeline by pipeline, asked of each
    distinct node once (nodes with one key read and write the same names)."""
    defined: dict[str, bool] = {}
    # Undefined names (transcoding stripped) -> the pipelines that read them.
    read_in: dict[str, set[str]] = {}
    unique = pipes.unique_nodes()
    for n, names in unique:
        for d in n.inputs:
            x = d.name
            if x == "parameters" or x.startswith("params:"):
                continue
            known = defined.get(x)
            if known is None:
                known = defined[x] = conf.defines(x)
            if not known:
                read_in.setdefault(strip_transcoding(x), set()).update(names)
    if not read_in:
        return False
    for n, names in unique:
        for d in n.outputs:
            readers = read_in.get(strip_transcoding(d.name))
            if readers:
                readers.difference_update(names)
    complete = {p for p, pipe in pipes.registered.items() if pipe.complete}
    return any(not readers.isdisjoint(complete) for readers in read_in.values())


def _pipelines(names: list[str]) -> str:
    names = list(dict.fromkeys(names))
    if len(names) == 1:
        return f"pipeline `{names[0]}`"
    return "pipelines " + ", ".join(f"`{n}`" for n in names)
