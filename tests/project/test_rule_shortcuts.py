# ruff: noqa: E501 - the cases read best one per line
"""The whole-project rules decide most of a large project without looking at each part (a file
pre-check, the raw config instead of the resolved one, the graph of all pipelines at once):
these are the cases where the shortcut must not be taken, or must give the long way's answer."""

from __future__ import annotations

import json
from pathlib import Path

from structlint.project.conf import YMap, load_yaml, yaml_from_json, yaml_to_json
from structlint.rules.project._common import SECRET_NAMES
from structlint.rules.project.sl405_inline_credentials import _SECRET_PARTS
from tests.helpers import run, write_project

NODES = """\
def one(a):
    return a
"""

CAT = "conf/base/catalog.yml"
PAR = "conf/base/parameters.yml"


def _pipeline(module: str, *nodes: str, wrap: str = "base") -> tuple[str, str]:
    body = ",\n        ".join(nodes)
    return (
        f"src/demo/pipelines/{module}/pipeline.py",
        "from kedro.pipeline import Pipeline, node, pipeline\n"
        "from demo.pipelines.nodes import one\n\n\n"
        "def create_pipeline(**kwargs):\n"
        f"    base = Pipeline([\n        {body},\n    ])\n"
        f"    return {wrap}\n",
    )


def _findings(
    tmp: Path, code: str, pipelines: list[tuple[str, str]], files: dict[str, str]
) -> list[tuple[str, int, str]]:
    names = [path.split("/")[-2] for path, _ in pipelines]
    registry = (
        "from kedro.pipeline import Pipeline\n"
        + "".join(
            f"from demo.pipelines.{n}.pipeline import create_pipeline as {n}\n" for n in names
        )
        + "\n\ndef register_pipelines():\n"
        + "    pipes = {"
        + ", ".join(f'"{n}": {n}()' for n in names)
        + "}\n"
        + '    pipes["__default__"] = sum(pipes.values())\n'
        + "    return pipes\n"
    )
    base = {
        "src/demo/__init__.py": "",
        "src/demo/settings.py": "",
        "src/demo/pipeline_registry.py": registry,
        "src/demo/pipelines/__init__.py": "",
        "src/demo/pipelines/nodes.py": NODES,
        **{f"src/demo/pipelines/{n}/__init__.py": "" for n in names},
        **dict(pipelines),
    }
    base.update(files)
    write_project(tmp, base)
    result = run(tmp, select=[code])
    assert not result.errors, result.errors
    return [(f.path, f.line, f.message) for f in result.findings if f.code == code]


# ------------------------------------------------------------------ SL405: the text pre-check
def test_sl405_parts_cover_every_secret_name() -> None:
    assert all(any(part in name for part in _SECRET_PARTS) for name in SECRET_NAMES)


def test_sl405_key_spelt_by_an_escape_or_by_case_folding(tmp_path: Path) -> None:
    files = {
        CAT: 'a:\n  type: pandas.SQLTableDataset\n  credentials:\n    "pass\\u0077ord": hunter2\n',
        # U+017F (long s) matches `s` as re.IGNORECASE compares, not as str.lower() does
        "conf/base/other.yml": "b:\n  pa\u017f\u017fword: hunter2\n",
        "conf/base/plain.yml": "c:\n  filepath: data/01_raw/c.csv\n",
    }
    got = _findings(tmp_path, "SL405", [_pipeline("p", 'node(one, "a", "x")')], files)
    assert [(p, line) for p, line, _ in got] == [(CAT, 4), ("conf/base/other.yml", 2)]


# ------------------------------------------------------------------ SL305: the text pre-check
def test_sl305_reference_spelt_by_an_escape_keeps_the_parameter(tmp_path: Path) -> None:
    files = {PAR: 'kept: 1\nunused: 2\nuser: "\\x24{kept}"\n'}
    pipes = [_pipeline("p", 'node(one, "params:user", "x")')]
    assert [line for _, line, _ in _findings(tmp_path, "SL305", pipes, files)] == [2]


# ------------------------------------------------------------------ SL404: raw or resolved
def test_sl404_layer_behind_interpolation_is_resolved(tmp_path: Path) -> None:
    files = {
        "conf/base/globals.yml": "root: data\nlate: model_input\nmeta:\n  kedro-viz:\n    layer: raw\n",
        CAT: (
            "a:\n  type: pandas.CSVDataset\n  filepath: ${globals:root}/05_model_input/a.csv\n"
            "b:\n  type: pandas.CSVDataset\n  filepath: data/08_reporting/b.csv\n  metadata: ${globals:meta}\n"
            "c:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/c.csv\n"
            "  metadata:\n    kedro-viz:\n      layer: ${globals:late}\n"
            "d:\n  type: pandas.CSVDataset\n  filepath: data/02_intermediate/d.csv\n"
        ),
    }
    pipes = [
        _pipeline(
            "p",
            'node(one, "a", "d", name="a_to_d")',
            'node(one, "c", "b", name="c_to_b")',
            'node(one, "d", "c", name="d_to_c")',
        )
    ]
    got = _findings(tmp_path, "SL404", pipes, files)
    assert [m.split(":")[0] for _, _, m in got] == [
        "node `a_to_d` reads `a` (layer 05_model_input) and writes `d` (layer 02_intermediate, earlier)",
        "node `c_to_b` reads `c` (layer model_input) and writes `b` (layer raw, earlier)",
    ]


# ------------------------------------------------------------------ SL407: all pipelines at once
def test_sl407_cycle_and_duplicate_in_one_pipeline_of_several(tmp_path: Path) -> None:
    pipes = [
        _pipeline("clean", 'node(one, "r", "s", name="s1")', 'node(one, "s", "t", name="s2")'),
        _pipeline(
            "loop",
            'node(one, "a", "b", name="l1")',
            'node(one, "b", "a", name="l2")',
            'node(one, "r", "b", name="l3")',
        ),
    ]
    got = _findings(tmp_path, "SL407", pipes, {})
    assert [(line, "pipeline `loop`" in m) for _, line, m in got] == [(7, True), (9, True)]


def test_sl407_duplicate_made_by_an_output_mapping(tmp_path: Path) -> None:
    # One node() call, renamed twice onto one name: two nodes of one site.
    wrap = (
        'pipeline([pipeline(base, outputs={"b": "c"}), pipeline(base, outputs={"b": "d"})],'
        ' outputs={"c": "e", "d": "e"})'
    )
    pipes = [_pipeline("p", 'node(one, "a", "b", name="n")', wrap=wrap)]
    got = _findings(tmp_path, "SL407", pipes, {})
    assert [(line, m.split(":")[0]) for _, line, m in got] == [
        (7, "`e` is produced by node `n` and by node `n` in pipeline `p`")
    ]


# ------------------------------------------------------------------ SL401: all pipelines at once
def test_sl401_read_in_one_pipeline_and_made_in_another(tmp_path: Path) -> None:
    pipes = [
        _pipeline("make", 'node(one, "r", "m", name="maker")'),
        _pipeline("use", 'node(one, "m", "u", name="user")'),
    ]
    files = {CAT: "r:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/r.csv\n"}
    got = _findings(tmp_path, "SL401", pipes, files)
    assert [m.split(",")[0] for _, _, m in got] == ["`m` is read by node `user` in pipeline `use`"]


# ------------------------------------------------------------------ conf: the cached YAML
def test_cached_yaml_reads_back_the_same() -> None:
    text = (
        "a: &x\n  type: pandas.CSVDataset\n  n: [1, 2.5, true, null, {k: v}]\n"
        "b:\n  <<: *x\n  filepath: data/01_raw/b.csv\n3: three\n"
    )
    data, _ = load_yaml(text, "conf/base/catalog.yml")
    back, err = yaml_from_json(
        json.loads(json.dumps(yaml_to_json(data, None))), "conf/base/catalog.yml"
    )
    assert err is None

    def same(x: object, y: object) -> bool:
        if isinstance(x, YMap) and isinstance(y, YMap):  # read back: a subclass (`_CachedMap`)
            return (
                list(x) == list(y)
                and list(x.locs.items()) == list(y.locs.items())
                and all(
                    type(v) is type(w)
                    for v, w in zip(x.locs.values(), y.locs.values(), strict=True)
                )
                and all(same(x[k], y[k]) for k in x)
            )
        if type(x) is not type(y):
            return False
        if isinstance(x, list) and isinstance(y, list):
            return len(x) == len(y) and all(same(v, w) for v, w in zip(x, y, strict=True))
        return x == y

    assert same(data, back)
