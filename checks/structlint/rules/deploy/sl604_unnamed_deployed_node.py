"""SL604 unnamed-deployed-node: a node without `name=` in a project that a deployment plugin
turns into an orchestrator's tasks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from structlint.core.findings import Finding
from structlint.core.fixes_model import Edit, Fix
from structlint.project.model import Project
from structlint.project.pipelines import NodeInst, node_full_name
from structlint.project.util import finding
from structlint.rules.deploy._common import PLUGINS_OPTION, CallKeywords, deployment
from structlint.rules.project._examples import PIPELINE, project
from structlint.rules.rule import Example, ProjectRule

_CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv
"""
_REQUIREMENTS = "kedro~=1.7\nkedro-datasets[pandas]>=9\nkedro-airflow>=0.10\n"


class UnnamedDeployedNode(ProjectRule):
    code = "SL604"
    name = "unnamed-deployed-node"
    summary = "A node without `name=` in a project that a deployment plugin turns into tasks."
    options = (PLUGINS_OPTION,)
    explanation = """
A deployment plugin makes a task of each node (or of each namespace) and names the task after
the node. A node without `name=` gets Kedro's default name, made of its function and datasets
(`clean([companies]) -> [clean_companies]`), which the plugin rewrites into a task id: the id
is unreadable in the orchestrator's UI, and it changes whenever the node's function or its
inputs or outputs change, so the task's history, retries and alerts start again under a new
id, and `kedro run --nodes` in a task's command line no longer matches.

structlint reports each node of a registered pipeline that is built without `name=` (or with
`name=None`), once, at the `node()` call, when the project declares a deployment plugin: one
of the `deployment-plugins` option's distributions (default: kedro-airflow, kedro-airflow-k8s,
kedro-kubeflow, kedro-vertexai, kedro-sagemaker, kedro-azureml, kedro-argo, kedro-dagster,
kedro-databricks) in `pyproject.toml` or `requirements*.txt`, or an `airflow_dags/` folder
written by `kedro airflow create`. Without one, node names are a matter of taste and nothing
is reported. Nodes inside a namespace are reported too: with the default grouping (a task
per node) their names are task ids as well.

Instead: give the node a short, stable `name=` (the function's name is a good start); inside
a namespace Kedro prefixes it (`data_processing.preprocess_companies`).
"""
    bad = (
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies")])  # expect: SL604
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, **{"requirements.txt": _REQUIREMENTS}),
            fixed="""\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies", name="clean")])
""",
        ),
    )
    good = (
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies", name="clean_companies")])
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, **{"requirements.txt": _REQUIREMENTS}),
        ),
        Example(
            """\
from kedro.pipeline import Node, Pipeline

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Node(clean, "companies", "clean_companies")])
""",
            path=PIPELINE,
            files=project(catalog=_CATALOG, **{"requirements.txt": "kedro~=1.7\n"}),
        ),
    )

    def check(self, project: Project) -> Iterator[Finding]:
        plugin = deployment(project)
        if plugin is None:
            return
        calls = CallKeywords(project)
        unique = project.pipelines.unique_nodes()
        taken = {node_full_name(n) for n, _ in unique} - {None}
        proposed: dict[str, int] = {}
        for n, _ in unique:
            name = _proposed_name(n)
            if n.name is None and name is not None:
                proposed[name] = proposed.get(name, 0) + 1
        for node, _names in unique:
            # A name known only at run time (`name=f"{step}_node"`) is a name all the same.
            if node.name is not None or calls.writes(node.site, "name") is not False:
                continue
            found = finding(
                self.code,
                f"node `{node.label}` has no `name=`, and the project deploys with "
                f"{plugin.plugin} (declared in `{plugin.source}`): its task is then named "
                "after Kedro's default node name, which changes whenever the function or its "
                "datasets do, so the orchestrator's task id, history and retries change "
                "with it. Give the node a stable `name=`.",
                node.site,
                width=4,
            )
            yield replace(found, fix=_fix(node, calls, taken, proposed))


def _proposed_name(node: NodeInst) -> str | None:
    """The name the fix gives: the function's, for a plain function (not a lambda or
    `partial`)."""
    f = node.func
    if f is None or f.bound_pos or f.bound_kw or not f.name.isidentifier():
        return None
    return f.name


def _fix(
    node: NodeInst, calls: CallKeywords, taken: set[str | None], proposed: dict[str, int]
) -> Fix | None:
    """`name="<function>"` after the call's last argument, when no other node has or would
    get that name (Kedro refuses two nodes of one name in a pipeline). Unsafe: scripts that
    name the node by its default name (`--from-nodes`) must change with it."""
    name = _proposed_name(node)
    if name is None or proposed.get(name, 0) > 1:
        return None
    full = f"{node.namespace}.{name}" if node.namespace else name
    if full in taken or name in taken:
        return None
    where = calls.after_last_argument(node.site)
    if where is None:
        return None
    line, col = where
    return Fix(
        f'Name the node `name="{name}"`',
        (Edit(node.site.path, line, col, line, col, f', name="{name}"'),),
        applicability="unsafe",
    )
