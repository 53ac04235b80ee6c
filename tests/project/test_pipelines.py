"""The static pipeline model: registry, discovery, namespaces, mappings, what is skipped."""

from __future__ import annotations

from pathlib import Path

from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.project.model import build_project
from structlint.project.pipelines import free_inputs
from tests.helpers import write_project

FIND = """\
from kedro.framework.project import find_pipelines


def register_pipelines():
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
"""

NODES = """\
def f(a, b=1):
    return a


def g(x):
    return x, x
"""


def _project(tmp: Path, files: dict[str, str]):
    base = {
        "src/demo/__init__.py": "",
        "src/demo/pipelines/__init__.py": "",
        "src/demo/pipeline_registry.py": FIND,
        "src/demo/pipelines/p/__init__.py": "from .pipeline import create_pipeline\n",
        "src/demo/pipelines/p/nodes.py": NODES,
    }
    base.update(files)
    write_project(tmp, base)
    settings = load_settings(tmp)

    def read(rel: str) -> str | None:
        p = tmp / rel
        return p.read_text("utf-8") if p.is_file() else None

    return build_project(settings, discover(settings), read, None)


def _names(pipe) -> list[tuple[list[str], list[str]]]:
    return [([d.name for d in n.inputs], [d.name for d in n.outputs]) for n in pipe.nodes]


def test_find_pipelines_and_default(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        {
            "src/demo/pipelines/p/pipeline.py": (
                "from kedro.pipeline import Pipeline, node\nfrom .nodes import f\n\n"
                "def create_pipeline(**kwargs):\n"
                "    return Pipeline([node(f, 'a', 'b', name='n')])\n"
            ),
        },
    )
    pipes = p.pipelines
    assert set(pipes.registered) == {"__default__", "p"}
    assert pipes.complete
    assert _names(pipes.registered["p"]) == [(["a"], ["b"])]
    node = pipes.registered["p"].nodes[0]
    assert node.func is not None and node.func.name == "f"
    assert (node.inputs[0].loc.path, node.inputs[0].loc.line) == (
        "src/demo/pipelines/p/pipeline.py",
        5,
    )


def test_namespace_and_mappings(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        {
            "src/demo/pipelines/p/pipeline.py": """\
from kedro.pipeline import node, pipeline
from .nodes import f, g

def create_pipeline(**kwargs):
    base = pipeline([
        node(f, ["raw", "params:alpha"], "mid"),
        node(g, "mid", ["out1", "out2@pandas"]),
    ])
    return sum(
        pipeline(base, namespace=ns, inputs={"raw": "shared_raw"}, outputs="out1",
                 parameters={"alpha": f"{ns}_alpha"})
        for ns in ["x", "y"]
    ) + pipeline(base, namespace="z")
""",
        },
    )
    pipes = p.pipelines
    names = _names(pipes.registered["p"])
    assert (["shared_raw", "params:x_alpha"], ["x.mid"]) in names
    assert (["x.mid"], ["out1", "x.out2@pandas"]) in names
    assert (["z.raw", "params:z.alpha"], ["z.mid"]) in names
    # the generator of sum() was followed? it is a GeneratorExp: allowed
    assert pipes.registered["p"].complete


def test_explicit_registry_helpers_and_loops(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        {
            "src/demo/pipeline_registry.py": """\
from demo.pipelines.p import pipeline as pp
from demo.pipelines.p.pipeline import create_pipeline

def register_pipelines():
    parts = {}
    for name in ["a", "b"]:
        parts[name] = create_pipeline(prefix=name)
    parts["__default__"] = parts["a"] + parts["b"] + pp.create_pipeline(prefix="c")
    return parts
""",
            "src/demo/pipelines/p/pipeline.py": """\
from functools import partial
from kedro.pipeline import Node, Pipeline
from .nodes import f

def _make(prefix):
    return Node(partial(f, b=2), inputs=f"{prefix}_in", outputs=prefix + "_out")

def create_pipeline(prefix="p", **kwargs):
    return Pipeline([_make(prefix)])
""",
        },
    )
    pipes = p.pipelines
    assert set(pipes.registered) == {"a", "b", "__default__"}
    assert _names(pipes.registered["__default__"]) == [
        (["a_in"], ["a_out"]),
        (["b_in"], ["b_out"]),
        (["c_in"], ["c_out"]),
    ]
    assert pipes.complete
    assert pipes.registered["a"].nodes[0].func.bound_kw == frozenset({"b"})


def test_runtime_values_are_skipped_with_a_note(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        {
            "src/demo/pipelines/p/pipeline.py": """\
import os
from kedro.pipeline import Pipeline, node
from .nodes import f

def create_pipeline(**kwargs):
    nodes = [node(f, "a", "b")]
    for name in os.environ["TABLES"].split(","):
        nodes.append(node(f, name, name + "_out"))
    return Pipeline(nodes)
""",
        },
    )
    pipes = p.pipelines
    assert not pipes.complete
    assert not pipes.registered["p"].complete
    assert any("loop over a run-time value" in n for n in p.notes)
    assert any("pipeline.py" in line for line in p.describe())


def test_free_inputs_strip_transcoding(tmp_path: Path) -> None:
    p = _project(
        tmp_path,
        {
            "src/demo/pipelines/p/pipeline.py": """\
from kedro.pipeline import Pipeline, node
from .nodes import f, g

def create_pipeline(**kwargs):
    return Pipeline([node(g, "raw", ["x@spark", "y"]), node(f, "x@pandas", "z")])
""",
        },
    )
    assert set(free_inputs(p.pipelines.registered["p"])) == {"raw"}


def test_missing_registry_is_a_note_not_a_crash(tmp_path: Path) -> None:
    write_project(tmp_path, {"src/demo/__init__.py": ""})
    settings = load_settings(tmp_path)
    proj = build_project(settings, discover(settings), lambda r: None, None)
    assert proj.pipelines.registered == {}
    assert not proj.pipelines.complete
    assert any("pipeline_registry.py" in n for n in proj.notes)
