"""The pipeline graph as real projects build it (issue 11): `Node` subclasses, keyword
`pipeline(pipe=...)`, filtered and wrapped pipelines, old registries, and what a run says when
a pipeline still cannot be followed. Each case that must fire sits beside the look-alike that
must stay silent."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import found, run, write_project

REGISTRY = """\
from kedro.framework.project import find_pipelines


def register_pipelines():
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
"""

NODES = """\
def clean(df):
    return df


def merge(a, b):
    return a
"""

CATALOG = """\
companies:
  type: pandas.CSVDataset
  filepath: data/01_raw/companies.csv

shuttles:
  type: pandas.CSVDataset
  filepath: data/01_raw/shuttles.csv
"""


def project(tmp: Path, pipelines: dict[str, str], catalog: str = CATALOG, **extra: str) -> Path:
    files = {
        "conf/base/catalog.yml": catalog,
        "conf/base/parameters.yml": "",
        "src/demo/__init__.py": "",
        "src/demo/settings.py": "",
        "src/demo/pipeline_registry.py": REGISTRY,
        "src/demo/pipelines/__init__.py": "",
    }
    for name, code in pipelines.items():
        files[f"src/demo/pipelines/{name}/__init__.py"] = "from .pipeline import create_pipeline\n"
        files[f"src/demo/pipelines/{name}/pipeline.py"] = code
        files[f"src/demo/pipelines/{name}/nodes.py"] = NODES
    files.update(extra)
    return write_project(tmp, files)


def by_code(tmp: Path, *codes: str) -> set[tuple[str, int, str]]:
    return found(run(tmp, select=list(codes)))


# ------------------------------------------------------------------- Node subclasses

ARGO = """\
from kedro.pipeline import Node


class ArgoNode(Node):
    def __init__(self, *, machine_type: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.machine_type = machine_type
"""

GPU = """\
from demo.utils import ArgoNode


class GpuNode(ArgoNode):
    pass
"""


def test_node_subclasses_are_followed_by_the_graph_rules(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import Pipeline

from demo.utils.gpu import GpuNode
from demo.utils import ArgoNode

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            ArgoNode(func=clean, inputs="companies", outputs="clean", machine_type="big"),
            GpuNode(func=clean, inputs="companys", outputs="clean_2"),
        ]
    )
"""
    project(
        tmp_path,
        {"data": pipe},
        catalog=CATALOG,
        **{
            "src/demo/utils/__init__.py": "from .argo import ArgoNode\n",
            "src/demo/utils/argo.py": ARGO,
            "src/demo/utils/gpu.py": GPU,
        },
    )
    got = by_code(tmp_path, "SL401", "SL402")
    # `companys` (line 13) is undefined; `companies` is used (by the ArgoNode), so only
    # `shuttles` is an unused entry: both rules see the subclass nodes.
    assert got == {
        ("src/demo/pipelines/data/pipeline.py", 13, "SL401"),
        ("conf/base/catalog.yml", 5, "SL402"),
    }


def test_node_subclass_functions_are_node_functions(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import Pipeline

from demo.utils import ArgoNode

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([ArgoNode(func=clean, inputs="companies", outputs="clean")])
"""
    nodes = """\
import pandas as pd


def clean(df):
    return pd.read_csv("data/01_raw/other.csv")


def not_wired(df):
    return pd.read_csv("data/01_raw/other.csv")
"""
    project(
        tmp_path,
        {"data": pipe},
        **{
            "src/demo/utils/__init__.py": "from .argo import ArgoNode\n",
            "src/demo/utils/argo.py": ARGO,
        },
    )
    # A module outside `pipelines/*/nodes.py` (not a node module by name): only the wiring
    # makes `clean` a node function; `not_wired` stays a plain function.
    (tmp_path / "src/demo/pipelines/data/nodes.py").unlink()
    (tmp_path / "src/demo/logic.py").write_text(nodes, encoding="utf-8")
    (tmp_path / "src/demo/pipelines/data/pipeline.py").write_text(
        pipe.replace("from .nodes import clean", "from demo.logic import clean"), encoding="utf-8"
    )
    got = {(p, line) for p, line, c in by_code(tmp_path, "SL201")}
    assert got == {("src/demo/logic.py", 5)}


def test_look_alike_class_is_not_a_node(tmp_path: Path) -> None:
    # A class that does not derive from Node, called the same way: not a node, so the
    # pipeline holding it is not followed: SL401 skips it, and SL402 takes every name its
    # code spells as used (`companies`), but still reports `shuttles`.
    pipe = """\
from kedro.pipeline import Pipeline

from demo.utils import Step

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([Step(func=clean, inputs="companies", outputs="clean")])
"""
    project(tmp_path, {"data": pipe}, **{"src/demo/utils/__init__.py": "class Step:\n    pass\n"})
    assert by_code(tmp_path, "SL401", "SL402") == {("conf/base/catalog.yml", 5, "SL402")}


# ------------------------------------------------------------------- pipeline(pipe=...)


def test_pipeline_in_keyword_form(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import clean


def create_pipeline(**kwargs):
    base = pipeline([node(clean, "raw", "clean")])
    return pipeline(pipe=base, inputs={"raw": "companies"}, namespace="ns")
"""
    project(tmp_path, {"data": pipe})
    # `raw` is mapped to `companies` (used); `shuttles` is not used by anything.
    assert by_code(tmp_path, "SL401", "SL402") == {("conf/base/catalog.yml", 5, "SL402")}


# ------------------------------------------------------------------- filters and wrappers


def test_only_nodes_with_tags_is_exact(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import clean, merge


def create_pipeline(**kwargs):
    whole = pipeline(
        [
            node(clean, "companies", "a", tags=["x"]),
            node(merge, ["a", "shuttles"], "b", tags="y"),
        ]
    )
    return whole.only_nodes_with_tags("y")
"""
    project(tmp_path, {"data": pipe})
    got = by_code(tmp_path, "SL401", "SL402")
    # Only the `y` node is registered: it reads `a`, which no node of it makes (SL401), and
    # `companies` is read by the node the filter drops (SL402).
    assert got == {
        ("src/demo/pipelines/data/pipeline.py", 10, "SL401"),
        ("conf/base/catalog.yml", 1, "SL402"),
    }


def test_filter_by_names_and_outputs(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import clean, merge


def create_pipeline(**kwargs):
    whole = pipeline(
        [
            node(clean, "companies", "a", name="first"),
            node(clean, "shuttles", "b", name="second"),
            node(merge, ["a", "b"], "c", name="third"),
        ]
    )
    return whole.to_outputs("a") + whole.from_nodes("third").only_nodes("third")
"""
    project(tmp_path, {"data": pipe})
    got = by_code(tmp_path, "SL401", "SL402")
    assert got == {
        ("src/demo/pipelines/data/pipeline.py", 11, "SL401"),  # `b`: `second` is dropped
        ("conf/base/catalog.yml", 5, "SL402"),  # `shuttles`
    }


def test_filter_that_cannot_be_decided_counts_all_its_datasets_as_used(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import clean


def create_pipeline(**kwargs):
    whole = pipeline([node(clean, "companies", "a"), node(clean, "shuttles", "b")])
    # default node names are not modelled: the filter's result is not known exactly
    return whole.only_nodes("clean([companies]) -> [a]")
"""
    project(tmp_path, {"data": pipe}, catalog=CATALOG + "\nunused:\n  type: MemoryDataset\n")
    assert by_code(tmp_path, "SL401", "SL402") == {("conf/base/catalog.yml", 9, "SL402")}


def test_llm_context_node(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import llm_context_node, node, pipeline, tool

from .nodes import clean


def build_lookup(docs, k):
    return docs


def create_pipeline(**kwargs):
    return pipeline(
        [
            llm_context_node(
                outputs="context",
                llm="llm",
                prompts=["prompt"],
                tools=[tool(build_lookup, "companies", "params:k")],
            ),
            node(clean, "context", "answer"),
        ]
    )
"""
    catalog = CATALOG + "\nllm:\n  type: MemoryDataset\n"
    project(tmp_path, {"data": pipe}, catalog=catalog)
    got = by_code(tmp_path, "SL401", "SL402")
    assert got == {
        ("src/demo/pipelines/data/pipeline.py", 16, "SL401"),  # `prompt` is not defined
        ("conf/base/catalog.yml", 5, "SL402"),  # `shuttles`
    }


def test_pipeline_ml_factory(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline
from kedro_mlflow.pipeline import pipeline_ml_factory

from .nodes import clean


def create_pipeline(**kwargs):
    training = pipeline([node(clean, "companies", "model")])
    inference = pipeline([node(clean, ["model", "instances"], "predictions")])
    return pipeline_ml_factory(training=training, inference=inference, input_name="instances")
"""
    project(tmp_path, {"data": pipe})
    # The training nodes run: `companies` is used, `shuttles` is not, and the inference
    # pipeline's `instances` (given at predict time) is not a free input of the run.
    assert by_code(tmp_path, "SL401", "SL402") == {("conf/base/catalog.yml", 5, "SL402")}


# ------------------------------------------------------------------- SL407 and summed nodes


def test_same_node_in_two_summed_pipelines_is_not_a_duplicate(tmp_path: Path) -> None:
    shared = """\
from kedro.pipeline import node, pipeline

from .nodes import clean


def create_pipeline(**kwargs):
    return pipeline([node(clean, "companies", "clean_companies", name="clean")])
"""
    other = """\
from kedro.pipeline import node, pipeline

from .nodes import clean, merge


def create_pipeline(**kwargs):
    return pipeline(
        [
            node(clean, "companies", "clean_companies", name="clean"),
            node(merge, ["clean_companies", "shuttles"], "joined"),
        ]
    )
"""
    different = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    return pipeline([node(merge, ["shuttles", "companies"], "joined", name="join_2")])
"""
    project(tmp_path, {"a": shared, "b": other})
    assert by_code(tmp_path, "SL407") == set()
    project(tmp_path, {"a": shared, "b": other, "c": different})
    assert by_code(tmp_path, "SL407") == {("src/demo/pipelines/c/pipeline.py", 7, "SL407")}


# ------------------------------------------------------------------- pre-0.19 registries

LEGACY_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs):
    return Pipeline([node(clean, "companys", "clean")])
"""


def test_pipelines_registered_in_hooks_py(tmp_path: Path) -> None:
    # Kedro 0.16.4 to 0.17.1: `register_pipelines` is a hook of the project's hooks class.
    hooks = """\
from typing import Dict

from kedro.framework.hooks import hook_impl
from kedro.pipeline import Pipeline

from demo.pipelines import data


class ProjectHooks:
    @hook_impl
    def register_pipelines(self) -> Dict[str, Pipeline]:
        p = data.create_pipeline()
        return {"data": p, "__default__": p}
"""
    project(tmp_path, {"data": LEGACY_PIPELINE}, **{"src/demo/hooks.py": hooks})
    (tmp_path / "src/demo/pipeline_registry.py").unlink()
    assert by_code(tmp_path, "SL401", "SL402") == {
        ("src/demo/pipelines/data/pipeline.py", 7, "SL401"),
        ("conf/base/catalog.yml", 1, "SL402"),
        ("conf/base/catalog.yml", 5, "SL402"),
    }


def test_pipelines_of_a_kedro_016_project(tmp_path: Path) -> None:
    # Kedro 0.16: no [tool.kedro]; `.kedro.yml` names the context, whose `_get_pipelines`
    # returns `create_pipelines()` of the package's `pipeline.py`.
    run_py = """\
from kedro.framework.context import KedroContext

from demo.pipeline import create_pipelines


class ProjectContext(KedroContext):
    project_name = "demo"

    def _get_pipelines(self):
        return create_pipelines()
"""
    pipeline_py = """\
from demo.pipelines import data


def create_pipelines(**kwargs):
    p = data.create_pipeline()
    return {"data": p, "__default__": p}
"""
    project(
        tmp_path,
        {"data": LEGACY_PIPELINE},
        **{
            "pyproject.toml": "[tool.black]\nline-length = 88\n",
            ".kedro.yml": "context_path: demo.run.ProjectContext\nproject_name: demo\n",
            "src/demo/run.py": run_py,
            "src/demo/pipeline.py": pipeline_py,
        },
    )
    (tmp_path / "src/demo/pipeline_registry.py").unlink()
    assert by_code(tmp_path, "SL401", "SL402") == {
        ("src/demo/pipelines/data/pipeline.py", 7, "SL401"),
        ("conf/base/catalog.yml", 1, "SL402"),
        ("conf/base/catalog.yml", 5, "SL402"),
    }


# ------------------------------------------------------------------- the closing line

UNFOLLOWED = """\
import os

from kedro.pipeline import node, pipeline

from .nodes import clean


def create_pipeline(**kwargs):
    return pipeline([node(clean, os.environ.get("SOURCE", "companies"), "clean")])
"""

FOLLOWED = """\
from kedro.pipeline import node, pipeline

from .nodes import clean


def create_pipeline(**kwargs):
    return pipeline([node(clean, "shuttles", "clean_shuttles")])
"""


def test_unfollowed_pipeline_is_said_on_the_last_line(tmp_path: Path, capsys) -> None:
    import json

    from structlint.cli import main

    catalog = CATALOG + "\nold:\n  type: MemoryDataset\n"
    project(tmp_path, {"a": UNFOLLOWED, "b": FOLLOWED}, catalog=catalog)
    assert main(["check", str(tmp_path), "--no-cache", "--select", "SL401,SL402"]) == 1
    out, err = capsys.readouterr()
    # SL402 still decides for the rest: `old` is named by no code; `companies` may be used
    # by the pipeline that was not followed, `shuttles` is used by the one that was.
    assert "catalog.yml:9" in out and "catalog.yml:1:" not in out and ":5:" not in out
    assert err.strip().splitlines()[-1] == (
        "note: 1 pipeline could not be followed statically "
        "(src/demo/pipelines/a/pipeline.py:9): SL401/SL402 are incomplete; run with -v"
    )
    # Machine formats keep stdout to themselves.
    for fmt in ("json", "sarif"):
        main(["check", str(tmp_path), "--no-cache", "--select", "SL402", "--output-format", fmt])
        out, err = capsys.readouterr()
        json.loads(out)
        assert "could not be followed statically" in err


def test_no_closing_line_when_everything_is_followed(tmp_path: Path, capsys) -> None:
    from structlint.cli import main

    project(tmp_path, {"b": FOLLOWED})
    main(["check", str(tmp_path), "--no-cache", "--select", "SL401,SL402"])
    _, err = capsys.readouterr()
    assert "followed statically" not in err


# ------------------------------------------------------------------- SL304 and old Kedro

NAMESPACED = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    base = pipeline([node(merge, ["companies", "params:test_size"], "model")])
    return pipeline(base, namespace="active", inputs={"companies": "companies"})
"""


def _old_kedro(tmp: Path, declare: dict[str, str], params: str) -> set[tuple[str, int, str]]:
    extra = {"conf/base/parameters.yml": params, **declare}
    project(tmp, {"data": NAMESPACED}, **extra)
    return by_code(tmp, "SL304")


def test_sl304_namespace_prefixes_params_from_kedro_018(tmp_path: Path) -> None:
    # Kedro 1.7 (the default pyproject): the namespace prefixes `params:` names.
    got = _old_kedro(tmp_path, {}, "test_size: 0.2\n")
    assert got == {("src/demo/pipelines/data/pipeline.py", 7, "SL304")}
    assert _old_kedro(tmp_path, {}, "active:\n  test_size: 0.2\n") == set()


def test_sl304_no_namespaced_params_before_kedro_018(tmp_path: Path) -> None:
    pyproject = (
        '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\nproject_version = "0.17.7"\n'
    )
    assert _old_kedro(tmp_path, {"pyproject.toml": pyproject}, "test_size: 0.2\n") == set()
    # ... and the un-prefixed key is what must exist
    got = _old_kedro(tmp_path, {"pyproject.toml": pyproject}, "active:\n  test_size: 0.2\n")
    assert got == {("src/demo/pipelines/data/pipeline.py", 7, "SL304")}


def test_sl304_old_kedro_from_requirements(tmp_path: Path) -> None:
    pyproject = '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\n'
    old = {"pyproject.toml": pyproject, "src/requirements.txt": "kedro[pandas]~=0.17.4\n"}
    assert _old_kedro(tmp_path, old, "test_size: 0.2\n") == set()
    new = {"pyproject.toml": pyproject, "src/requirements.txt": "kedro>=0.17.4\n"}
    got = _old_kedro(tmp_path / "new", new, "test_size: 0.2\n")
    assert got == {("src/demo/pipelines/data/pipeline.py", 7, "SL304")}


# ------------------------------------------------------------------- SL406 non-tuple returns

SL406_NODES = """\
import pandas as pd


def as_dict(df):
    return {"a": 1}


def named_dict(df):
    out = {"rows": 1}
    return out


def a_call(df):
    return pd.DataFrame(df)


def a_parameter(df):
    return df


def bound_to_tuple(df):
    out = {"rows": 1}
    out = df, df
    return out


def grown_in_a_loop(df):
    out = None
    for out in [(df, df)]:
        pass
    return out


def nested_return(df):
    def inner():
        return {"x": 1}

    return inner(), df
"""

SL406_PIPE = """\
from kedro.pipeline import node, pipeline

from .nodes import a_call, a_parameter, as_dict, bound_to_tuple, grown_in_a_loop, named_dict
from .nodes import nested_return


def create_pipeline(**kwargs):
    return pipeline(
        [
            node(as_dict, "companies", ["a1", "a2"]),
            node(named_dict, "companies", ["b1", "b2"]),
            node(as_dict, "companies", "one_output"),
            node(a_call, "companies", ["c1", "c2"]),
            node(a_parameter, "companies", ["d1", "d2"]),
            node(bound_to_tuple, "companies", ["e1", "e2"]),
            node(grown_in_a_loop, "companies", ["f1", "f2"]),
            node(nested_return, "companies", ["g1", "g2"]),
        ]
    )
"""


def test_sl406_one_non_tuple_value_for_a_list_of_outputs(tmp_path: Path) -> None:
    project(tmp_path, {"data": SL406_PIPE})
    (tmp_path / "src/demo/pipelines/data/nodes.py").write_text(SL406_NODES, encoding="utf-8")
    got = by_code(tmp_path, "SL406")
    assert got == {
        ("src/demo/pipelines/data/pipeline.py", 10, "SL406"),
        ("src/demo/pipelines/data/pipeline.py", 11, "SL406"),
    }


# ------------------------------------------------------------------- SL305 and whole dicts

PARAMS = """\
model_options:
  test_size: 0.2
  features: [a, b]
seed: 3
stale: 1
"""


def _sl305(tmp: Path, pipe: str, **extra: str) -> set[tuple[str, int, str]]:
    project(tmp, {"data": pipe}, **{"conf/base/parameters.yml": PARAMS, **extra})
    return by_code(tmp, "SL305")


def test_sl305_params_parent_handed_to_a_library(tmp_path: Path) -> None:
    # `params:model_options` reads every key below it; `seed` is read too; `stale` is not.
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    return pipeline([node(merge, ["params:model_options", "params:seed"], "model")])
"""
    assert _sl305(tmp_path, pipe) == {("conf/base/parameters.yml", 5, "SL305")}


def test_sl305_whole_parameters_input(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    return pipeline([node(merge, ["companies", "parameters"], "model")])
"""
    assert _sl305(tmp_path, pipe) == set()


def test_sl305_whole_dict_handed_to_a_library_in_a_hook(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    return pipeline([node(merge, ["companies", "params:seed"], "model")])
"""
    hooks = """\
import mlflow
from kedro.framework.hooks import hook_impl


class LogParams:
    @hook_impl
    def after_context_created(self, context):
        mlflow.log_params(context.params)
"""
    assert _sl305(tmp_path, pipe, **{"src/demo/hooks.py": hooks}) == set()
    # the look-alike: a hook that reads one key only
    one = hooks.replace("context.params", 'context.config_loader.get("spark")')
    got = _sl305(tmp_path, pipe, **{"src/demo/hooks.py": one})
    assert got == {
        ("conf/base/parameters.yml", 1, "SL305"),
        ("conf/base/parameters.yml", 5, "SL305"),
    }


def test_sl305_decides_beside_an_unfollowed_pipeline(tmp_path: Path) -> None:
    followed = """\
from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    return pipeline([node(merge, ["companies", "params:seed"], "model")])
"""
    unfollowed = """\
import os

from kedro.pipeline import node, pipeline

from .nodes import merge


def create_pipeline(**kwargs):
    key = os.environ.get("OPTIONS", "params:model_options")
    return pipeline([node(merge, ["companies", key], "model_2")])
"""
    project(tmp_path, {"a": followed, "b": unfollowed}, **{"conf/base/parameters.yml": PARAMS})
    assert by_code(tmp_path, "SL305") == {("conf/base/parameters.yml", 5, "SL305")}


# ------------------------------------------------------------------- the cache keeps up


def _cached_and_fresh(root: Path) -> tuple[list, list]:
    from structlint.inputs.config import load_settings
    from structlint.rules.registry import rules_by_code
    from structlint.run.engine import Engine

    def findings(use_cache: bool) -> list:
        result = Engine(load_settings(root), list(rules_by_code()), jobs=1, use_cache=use_cache)
        return sorted((f.path, f.line, f.code, f.message) for f in result.run([]).findings)

    return findings(True), findings(False)


def test_cached_model_follows_edits_of_node_classes_and_versions(tmp_path: Path) -> None:
    pipe = """\
from kedro.pipeline import pipeline

from demo.utils import ArgoNode

from .nodes import merge


def create_pipeline(**kwargs):
    base = pipeline([ArgoNode(func=merge, inputs=["companys", "params:k"], outputs="m")])
    return pipeline(base, namespace="ns", inputs={"companys": "companys"})
"""
    project(
        tmp_path,
        {"data": pipe},
        **{
            "conf/base/parameters.yml": "k: 1\n",
            "src/demo/utils/__init__.py": "from .argo import ArgoNode\n",
            "src/demo/utils/argo.py": ARGO,
        },
    )
    cached, fresh = _cached_and_fresh(tmp_path)
    assert cached == fresh and any(c == "SL401" for _, _, c, _ in fresh)
    # The base class is no longer Kedro's: the pipeline is not followed any more.
    argo = tmp_path / "src/demo/utils/argo.py"
    argo.write_text(ARGO.replace("class ArgoNode(Node)", "class ArgoNode"), encoding="utf-8")
    cached, fresh = _cached_and_fresh(tmp_path)
    assert cached == fresh and not any(c == "SL401" for _, _, c, _ in fresh)
    argo.write_text(ARGO, encoding="utf-8")
    # An old Kedro: `params:k` is not namespaced, so SL304 changes with the requirement.
    (tmp_path / "pyproject.toml").write_text(
        '[tool.kedro]\npackage_name = "demo"\nproject_name = "demo"\n', encoding="utf-8"
    )
    requirements = tmp_path / "src/requirements.txt"
    requirements.write_text("kedro>=1.0\n", encoding="utf-8")
    assert any(c == "SL304" for _, _, c, _ in _cached_and_fresh(tmp_path)[0])
    requirements.write_text("kedro==0.17.7\n", encoding="utf-8")
    cached, fresh = _cached_and_fresh(tmp_path)
    assert cached == fresh and not any(c == "SL304" for _, _, c, _ in fresh)


def test_node_subclass_positional_and_own_init(tmp_path: Path) -> None:
    # No `__init__`: positional arguments bind as `Node`'s. An `__init__` with names of its
    # own (`fn`, `ins`, `outs`) is not guessed at: that pipeline is not followed.
    classes = """\
from kedro.pipeline import Node


class PlainNode(Node):
    pass


class OwnNode(Node):
    def __init__(self, fn, ins, outs):
        super().__init__(fn, ins, outs)
"""
    plain = """\
from kedro.pipeline import Pipeline

from demo.nodeclasses import PlainNode

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([PlainNode(clean, "companys", "clean")])
"""
    own = plain.replace("PlainNode", "OwnNode").replace('"companys"', '"shuttle"')
    project(tmp_path, {"a": plain, "b": own}, **{"src/demo/nodeclasses.py": classes})
    assert by_code(tmp_path, "SL401") == {("src/demo/pipelines/a/pipeline.py", 9, "SL401")}


def test_sl407_a_node_given_twice_to_one_pipeline(tmp_path: Path) -> None:
    # `Pipeline([...])` keeps both (Kedro refuses it); `+` keeps one (Kedro accepts it).
    twice = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def _one():
    return node(clean, "companies", "clean_companies", name="clean")


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([_one(), _one()])
"""
    summed = twice.replace("Pipeline([_one(), _one()])", "Pipeline([_one()]) + Pipeline([_one()])")
    project(tmp_path, {"a": twice, "b": summed})
    assert {p for p, _, _ in by_code(tmp_path, "SL407")} == {"src/demo/pipelines/a/pipeline.py"}


def test_modules_imported_below_the_package_after_sys_path_append(tmp_path: Path) -> None:
    # A registry that puts its package folder on sys.path and then imports
    # `pipelines.steps` (not `demo.pipelines.steps`): the package's own module.
    files = {
        "conf/base/catalog.yml": CATALOG + "unused:\n  type: MemoryDataset\n",
        "conf/base/parameters.yml": "rows: 10\nstale: 1\n",
        "src/demo/__init__.py": "",
        "src/demo/helpers/__init__.py": "",
        "src/demo/helpers/steps.py": NODES,
        "src/demo/pipelines/__init__.py": "",
        "src/demo/pipelines/steps.py": (
            "import sys\n\nsys.path.append('src/demo')\n\n"
            "from kedro.pipeline import Pipeline, node\n\n"
            "from helpers.steps import merge\n\n\n"
            "def steps():\n"
            "    return Pipeline([\n"
            '        node(merge, ["companies", "params:rows"], "clean", name="clean"),\n'
            '        node(merge, ["clean", "shuttles"], "out", name="merge"),\n'
            "    ])\n"
        ),
        "src/demo/pipeline_registry.py": (
            "import sys\n\nsys.path.append('src/demo')\n\n"
            "from pipelines.steps import steps\n\n\n"
            "def register_pipelines():\n"
            '    return {"__default__": steps()}\n'
        ),
    }
    write_project(tmp_path, files)
    result = run(tmp_path, select=["SL305", "SL402", "SL406"])
    # Followed to the end: only what the graph does not use is reported, and nothing is
    # said to be incomplete.
    assert {(p, c) for p, _, c in found(result)} == {
        ("conf/base/catalog.yml", "SL402"),
        ("conf/base/parameters.yml", "SL305"),
    }
    assert {f.message.split("`")[1] for f in result.findings} == {"unused", "stale"}
    assert not [n for n in result.notes if "could not be followed" in n]
