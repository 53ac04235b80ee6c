# ruff: noqa: E501 - the cases read best one per line
"""Fire and silent cases for each whole-project rule, on small projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run, write_project

REGISTRY = """\
from kedro.pipeline import Pipeline
from demo.pipelines.p.pipeline import create_pipeline


def register_pipelines() -> dict[str, Pipeline]:
    return {"__default__": create_pipeline()}
"""

NODES = """\
def one(a):
    return a


def two(a, b):
    return a, b


def opt(a, b=1, *, c=2):
    return a


def star(*args, **kwargs):
    return args
"""

PIPE = "src/demo/pipelines/p/pipeline.py"
NODES_PATH = "src/demo/pipelines/p/nodes.py"
CAT = "conf/base/catalog.yml"
PAR = "conf/base/parameters.yml"


def pipeline(*nodes: str, imports: str = "one, two, opt, star") -> str:
    body = ",\n        ".join(nodes)
    return (
        "from kedro.pipeline import Pipeline, node, pipeline\n"
        f"from .nodes import {imports}\n\n\n"
        "def create_pipeline(**kwargs):\n"
        f"    return Pipeline([\n        {body},\n    ])\n"
    )


def check(tmp: Path, code: str, files: dict[str, str], config: str = "") -> set[tuple[str, int]]:
    base = {
        "src/demo/__init__.py": "",
        "src/demo/settings.py": "",
        "src/demo/pipeline_registry.py": REGISTRY,
        "src/demo/pipelines/__init__.py": "",
        "src/demo/pipelines/p/__init__.py": "",
        NODES_PATH: NODES,
    }
    base.update(files)
    write_project(tmp, base, config)
    result = run(tmp, select=[code])
    assert not result.errors, result.errors
    return {(f.path, f.line) for f in result.findings if f.code == code}


# ------------------------------------------------------------------ SL401
CASES_401 = [
    (
        "misspelt",
        {PIPE: pipeline('node(one, "companys", "x")'), CAT: "companies: {type: MemoryDataset}\n"},
        {(PIPE, 7)},
    ),
    (
        "defined",
        {PIPE: pipeline('node(one, "companies", "x")'), CAT: "companies: {type: MemoryDataset}\n"},
        set(),
    ),
    (
        "produced-in-pipeline",
        {
            PIPE: pipeline('node(one, "a", "b")', 'node(one, "b", "c")'),
            CAT: "a: {type: MemoryDataset}\n",
        },
        set(),
    ),
    (
        "pattern",
        {
            PIPE: pipeline('node(one, "a_csv", "b")'),
            CAT: '"{n}_csv": {type: pandas.CSVDataset, filepath: "data/01_raw/{n}.csv"}\n',
        },
        set(),
    ),
    (
        "catch-all",
        {PIPE: pipeline('node(one, "zzz", "b")'), CAT: '"{default}": {type: MemoryDataset}\n'},
        set(),
    ),
    ("params-not-401", {PIPE: pipeline('node(one, "params:x", "b")'), CAT: ""}, set()),
    (
        "transcoded-entry",
        {PIPE: pipeline('node(one, "a@pandas", "b")'), CAT: "a@pandas: {type: MemoryDataset}\n"},
        set(),
    ),
    (
        "transcoded-missing",
        {PIPE: pipeline('node(one, "a@spark", "b")'), CAT: "a@pandas: {type: MemoryDataset}\n"},
        {(PIPE, 7)},
    ),
    (
        "namespaced",
        {
            PIPE: "from kedro.pipeline import node, pipeline\nfrom .nodes import one\n\ndef create_pipeline(**kw):\n    return pipeline([node(one, 'a', 'b')], namespace='ns')\n",
            CAT: "a: {type: MemoryDataset}\n",
        },
        {(PIPE, 5)},
    ),
    (
        "namespace-mapped",
        {
            PIPE: "from kedro.pipeline import node, pipeline\nfrom .nodes import one\n\ndef create_pipeline(**kw):\n    return pipeline([node(one, 'a', 'b')], namespace='ns', inputs='a')\n",
            CAT: "a: {type: MemoryDataset}\n",
        },
        set(),
    ),
    (
        "local-env",
        {
            PIPE: pipeline('node(one, "a", "b")'),
            "conf/local/catalog.yml": "a: {type: MemoryDataset}\n",
        },
        set(),
    ),
    (
        "other-env-ignored",
        {
            PIPE: pipeline('node(one, "a", "b")'),
            "conf/prod/catalog.yml": "a: {type: MemoryDataset}\n",
        },
        {(PIPE, 7)},
    ),
    (
        "runtime-loop-skipped",
        {
            PIPE: "import os\nfrom kedro.pipeline import Pipeline, node\nfrom .nodes import one\n\ndef create_pipeline(**kw):\n    return Pipeline([node(one, n, n + '_o') for n in os.environ['X'].split()] + [node(one, 'missing', 'y')])\n"
        },
        set(),
    ),
]


@pytest.mark.parametrize(
    ("files", "expected"), [c[1:] for c in CASES_401], ids=[c[0] for c in CASES_401]
)
def test_sl401(tmp_path: Path, files: dict, expected: set) -> None:
    assert check(tmp_path, "SL401", files) == expected


def test_sl401_cross_pipeline_message(tmp_path: Path) -> None:
    files = {
        "src/demo/pipeline_registry.py": (
            "from demo.pipelines.p.pipeline import make, use\n\n"
            "def register_pipelines():\n"
            "    return {'make': make(), 'use': use(), '__default__': make() + use()}\n"
        ),
        PIPE: (
            "from kedro.pipeline import Pipeline, node\nfrom .nodes import one\n\n"
            "def make():\n    return Pipeline([node(one, 'raw', 'mid')])\n\n"
            "def use():\n    return Pipeline([node(one, 'mid', 'out')])\n"
        ),
        CAT: "raw: {type: MemoryDataset}\n",
    }
    write_project(tmp_path, {"src/demo/__init__.py": "", NODES_PATH: NODES, **files})
    (f,) = run(tmp_path, select=["SL401"]).findings
    assert (f.path, f.line) == (PIPE, 8)
    assert "pipeline `make`" in f.message and f.related


# ------------------------------------------------------------------ SL402
def test_sl402_fires_and_noqa(tmp_path: Path) -> None:
    files = {
        PIPE: pipeline('node(one, "a", "b")'),
        CAT: (
            "_tpl: &t\n  type: MemoryDataset\n"
            "a: *t\n"
            "unused: *t\n"
            "kept: *t  # noqa: SL402\n"
            '"{x}_csv": *t\n'
        ),
    }
    assert check(tmp_path, "SL402", files) == {(CAT, 4)}


def test_sl402_when_pipeline_not_followed(tmp_path: Path) -> None:
    # The pipeline not followed is taken to use every name its code spells (`maybe`), not
    # more: the entry no code names is still reported.
    files = {
        PIPE: "import os\nfrom kedro.pipeline import Pipeline, node\nfrom .nodes import one\n\n"
        "def create_pipeline(**kw):\n"
        "    return Pipeline([node(one, os.environ.get('A', 'maybe'), 'b')])\n",
        CAT: "maybe: {type: MemoryDataset}\nunused: {type: MemoryDataset}\n",
    }
    assert check(tmp_path, "SL402", files) == {(CAT, 2)}


def test_sl402_output_counts_as_use(tmp_path: Path) -> None:
    files = {
        PIPE: pipeline('node(one, "a", "b")'),
        CAT: "a: {type: MemoryDataset}\nb: {type: MemoryDataset}\n",
    }
    assert check(tmp_path, "SL402", files) == set()


# ------------------------------------------------------------------ SL403
@pytest.mark.parametrize(
    ("path", "fires"),
    [
        ("/abs/x.csv", True),
        ("~/x.csv", True),
        ("C:\\\\data\\\\x.csv", True),
        ("file:///tmp/x.csv", True),
        ("reports/x.csv", True),
        ("../data/x.csv", True),
        ("data/01_raw/x.csv", False),
        ("./data/01_raw/x.csv", False),
        ("s3://bucket/x.csv", False),
        ("${globals:root}/x.csv", False),
        ("data/{name}.csv", False),
    ],
)
def test_sl403(tmp_path: Path, path: str, fires: bool) -> None:
    files = {
        CAT: f'a:\n  type: pandas.CSVDataset\n  filepath: "{path}"\n',
        "conf/base/globals.yml": "root: data/01_raw\n",
    }
    assert check(tmp_path, "SL403", files) == ({(CAT, 3)} if fires else set())


def test_sl403_local_env_is_allowed(tmp_path: Path) -> None:
    files = {"conf/local/catalog.yml": "a:\n  type: pandas.CSVDataset\n  filepath: /abs/x.csv\n"}
    assert check(tmp_path, "SL403", files) == set()


def test_sl403_globals_resolved(tmp_path: Path) -> None:
    files = {
        CAT: "a:\n  type: pandas.CSVDataset\n  filepath: ${globals:root}/x.csv\n",
        "conf/base/globals.yml": "root: /mnt/shared\n",
    }
    assert check(tmp_path, "SL403", files) == {(CAT, 3)}


# ------------------------------------------------------------------ SL404
LAYERED = (
    "raw: {type: pandas.CSVDataset, filepath: data/01_raw/raw.csv}\n"
    "feat: {type: pandas.CSVDataset, filepath: data/04_feature/f.csv}\n"
    "inter: {type: pandas.CSVDataset, filepath: data/02_intermediate/i.csv}\n"
    "rep: {type: pandas.CSVDataset, filepath: data/08_reporting/r.csv}\n"
    "meta:\n  type: pandas.CSVDataset\n  filepath: x/y.csv\n"
    "  metadata:\n    kedro-viz:\n      layer: primary\n"
)


@pytest.mark.parametrize(
    ("inp", "out", "fires"),
    [
        ("feat", "inter", True),
        ("meta", "inter", True),
        ("raw", "feat", False),
        ("feat", "rep", False),
        ("feat", "memory_only", False),
        ("inter", "meta", False),
    ],
)
def test_sl404(tmp_path: Path, inp: str, out: str, fires: bool) -> None:
    files = {PIPE: pipeline(f'node(one, "{inp}", "{out}")'), CAT: LAYERED}
    assert check(tmp_path, "SL404", files) == ({(PIPE, 7)} if fires else set())


# ------------------------------------------------------------------ SL405
@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("db:\n  password: hunter2\n", {2}),
        ("db:\n  db_password: hunter2\n", {2}),
        ("api:\n  token: ghp_abcdef\n", {2}),
        ("db:\n  password: ''\n", set()),
        ("db:\n  password: ${oc.env:PW}\n", set()),
        ("db:\n  password: <your-password>\n", set()),
        ("db:\n  credentials: db_creds\n", set()),
        ("llm:\n  max_tokens: 100\n", set()),
    ],
)
def test_sl405(tmp_path: Path, text: str, lines: set) -> None:
    assert check(tmp_path, "SL405", {PAR: text}) == {(PAR, n) for n in lines}


def test_sl405_credentials_file_in_base(tmp_path: Path) -> None:
    files = {
        "conf/base/credentials.yml": "x: 1\n",
        "conf/local/credentials.yml": "pw:\n  password: a\n",
    }
    assert check(tmp_path, "SL405", files) == {("conf/base/credentials.yml", 1)}


# ------------------------------------------------------------------ SL406 / SL303
@pytest.mark.parametrize(
    ("node", "fires"),
    [
        ('node(one, ["a", "b"], "c")', True),
        ('node(two, "a", "c")', True),
        ('node(two, ["a", "b"], "c")', False),
        ('node(two, {"a": "x", "b": "y"}, "c")', False),
        ('node(two, {"a": "x", "zz": "y"}, "c")', True),
        ('node(two, {"a": "x"}, "c")', True),
        ('node(star, ["a", "b", "d"], "c")', False),
        ('node(star, {"q": "a"}, "c")', False),
        ('node(two, ["a", "b"], ["c", "d"])', False),
        ('node(two, ["a", "b"], ["c", "d", "e"])', True),
        ('node(two, ["a", "b"], "c")', False),
        ('node(opt, ["a", "b"], "c")', False),
        ('node(opt, ["a", "b", "x"], "c")', True),
        ('node(lambda x, y: x, ["a"], "c")', True),
        ('node(partial(two, 1), "a", "c")', False),
        ('node(partial(two, b=1), "a", "c")', False),
        ('node(partial(two, 1), ["a", "b"], "c")', True),
        ('node(len, ["a", "b"], "c")', False),
    ],
)
def test_sl406(tmp_path: Path, node: str, fires: bool) -> None:
    text = "from functools import partial\n" + pipeline(node)
    assert check(tmp_path, "SL406", {PIPE: text}) == ({(PIPE, 8)} if fires else set())


def test_sl406_decorated_functions_are_skipped(tmp_path: Path) -> None:
    nodes = "import functools\n\ndef deco(f):\n    return f\n\n@deco\ndef one(a):\n    return a\n"
    files = {NODES_PATH: nodes, PIPE: pipeline('node(one, ["a", "b"], "c")', imports="one")}
    assert check(tmp_path, "SL406", files) == set()


@pytest.mark.parametrize(
    ("node", "lines"),
    [
        ('node(opt, "a", "c")', {9}),
        ('node(opt, ["a", "params:b"], "c")', {9}),
        ('node(opt, {"a": "a", "b": "b", "c": "params:c"}, "c")', set()),
        ('node(partial(opt, b=1, c=3), "a", "c")', set()),
        ('node(star, "a", "c")', set()),
    ],
)
def test_sl303(tmp_path: Path, node: str, lines: set) -> None:
    text = "from functools import partial\n" + pipeline(node)
    assert check(tmp_path, "SL303", {PIPE: text}) == {(NODES_PATH, n) for n in lines}


# ------------------------------------------------------------------ SL304 / SL305
PARAMS = "alpha: 1\nmodel:\n  size: 0.2\n  nested:\n    depth: 3\nns:\n  alpha: 2\nopen: ${runtime_params:o}\n"


@pytest.mark.parametrize(
    ("name", "fires"),
    [
        ("params:alpha", False),
        ("params:model.size", False),
        ("params:model.nested.depth", False),
        ("params:model.nested", False),
        ("params:open.anything", False),
        ("parameters", False),
        ("params:alpah", True),
        ("params:model.sise", True),
        ("params:models.size", True),
        ("params:model.nested.deep", True),
    ],
)
def test_sl304(tmp_path: Path, name: str, fires: bool) -> None:
    files = {PIPE: pipeline(f'node(one, "{name}", "c")'), PAR: PARAMS}
    assert check(tmp_path, "SL304", files) == ({(PIPE, 7)} if fires else set())


def test_sl304_namespaces_and_mappings(tmp_path: Path) -> None:
    text = (
        "from kedro.pipeline import node, pipeline\nfrom .nodes import one\n\n"
        "def create_pipeline(**kw):\n"
        "    base = pipeline([node(one, 'params:alpha', 'x')])\n"
        "    return pipeline([\n"
        "        pipeline(base, namespace='ns'),\n"
        "        pipeline(base, namespace='mapped', parameters={'alpha': 'model.size'}),\n"
        "        pipeline(base, namespace='other'),\n"
        "    ])\n"
    )
    found = run_findings(tmp_path, "SL304", {PIPE: text, PAR: PARAMS})
    assert [(f.line, "params:other.alpha" in f.message) for f in found] == [(5, True)]


def run_findings(tmp: Path, code: str, files: dict):
    check(tmp, code, files)
    return run(tmp, select=[code]).findings


def test_sl305(tmp_path: Path) -> None:
    files = {
        PIPE: pipeline('node(one, "params:alpha", "c")', 'node(one, "params:model.size", "d")'),
        PAR: "alpha: 1\nmodel:\n  size: 1\nunused: 2\n_anchor: &a 3\nkept: 4\nref: 5\nuses_ref: ${ref}\n",
    }
    got = check(tmp_path, "SL305", files, config='keep-parameters = ["kept"]')
    assert got == {(PAR, 4), (PAR, 8)}


def test_sl305_whole_parameters_uses_all(tmp_path: Path) -> None:
    files = {PIPE: pipeline('node(one, "parameters", "c")'), PAR: "unused: 1\n"}
    assert check(tmp_path, "SL305", files) == set()


# ------------------------------------------------------------------ SL407
def test_sl407_duplicate_and_transcoding(tmp_path: Path) -> None:
    files = {
        PIPE: pipeline(
            'node(one, "a", "x@pandas")', 'node(one, "b", "x@spark")', 'node(one, "x@pandas", "y")'
        )
    }
    assert check(tmp_path, "SL407", files) == {(PIPE, 8)}


def test_sl407_same_node_twice_is_not_a_duplicate(tmp_path: Path) -> None:
    text = (
        "from kedro.pipeline import Pipeline, node\nfrom .nodes import one\n\n"
        "def create_pipeline(**kw):\n    p = Pipeline([node(one, 'a', 'b')])\n    return p + p\n"
    )
    assert check(tmp_path, "SL407", {PIPE: text}) == set()


def test_sl407_cycle(tmp_path: Path) -> None:
    files = {PIPE: pipeline('node(one, "a", "b")', 'node(one, "b", "c")', 'node(one, "c", "a")')}
    assert check(tmp_path, "SL407", files) == {(PIPE, 7)}


def test_sl407_namespaces_keep_outputs_apart(tmp_path: Path) -> None:
    text = (
        "from kedro.pipeline import node, pipeline\nfrom .nodes import one\n\n"
        "def create_pipeline(**kw):\n    base = pipeline([node(one, 'a', 'b')])\n"
        "    return pipeline(base, namespace='x') + pipeline(base, namespace='y')\n"
    )
    assert check(tmp_path, "SL407", {PIPE: text}) == set()


# ------------------------------------------------------------------ SL408 / SL002
@pytest.mark.parametrize(
    ("type_", "fires"),
    [
        ("pandas.CSVDataset", False),
        ("kedro_datasets.pandas.CSVDataset", False),
        ("MemoryDataset", False),
        ("kedro.io.MemoryDataset", False),
        ("partitions.PartitionedDataset", False),
        ("pandas.CSVDatset", True),
        ("pandas.CsvDataset", True),
        ("MemoryDatset", True),
        ("kedro_datasets.pandas.Nope", True),
        ("my_lib.datasets.Thing", False),
        ("demo.datasets.Mine", False),
        ("demo.datasets.NotThere", True),
        ("demo.nope.Mine", True),
    ],
)
def test_sl408(tmp_path: Path, type_: str, fires: bool) -> None:
    files = {
        CAT: f"a:\n  type: {type_}\n",
        "src/demo/datasets.py": "class Mine:\n    pass\n",
    }
    assert check(tmp_path, "SL408", files) == ({(CAT, 2)} if fires else set())


def test_sl408_nested_dataset(tmp_path: Path) -> None:
    files = {
        CAT: "a:\n  type: partitions.PartitionedDataset\n  path: data/01_raw/p\n  dataset:\n    type: pandas.CSVDatset\n"
    }
    assert check(tmp_path, "SL408", files) == {(CAT, 5)}


def test_sl002_broken_yaml_and_the_rest_goes_on(tmp_path: Path) -> None:
    files = {
        CAT: "a:\n  type: x\n b: [\n",
        "conf/base/parameters.yml": "alpha: 1\n",
        PIPE: pipeline('node(one, "params:alpah", "c")'),
    }
    write_project(
        tmp_path,
        {
            "src/demo/__init__.py": "",
            "src/demo/pipeline_registry.py": REGISTRY,
            NODES_PATH: NODES,
            **files,
        },
    )
    result = run(tmp_path, select=["SL002", "SL304"])
    got = {(f.path, f.code) for f in result.findings}
    assert got == {(CAT, "SL002"), (PIPE, "SL304")}
