"""Property test of the unsafe fixes: random notebook habits planted in a generated project
(several pipelines, some namespaced). After `--fix --unsafe-fixes` every Python file parses,
every configuration file loads with Kedro's own `OmegaConfigLoader`, and no finding of the
graph rules (SL4xx), SL304 or SL406 appears that was not there before."""

from __future__ import annotations

import ast
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from structlint.api import Project
from structlint.fixer import FixPolicy, fix_project
from tests.template.support import copier_copy, template_repo  # noqa: F401 (a fixture)

PACKAGE = "gen_demo"
WATCHED = ("SL4", "SL304", "SL406")

# One habit is one node function (its body) and what its node reads.
HABITS = {
    "knob": ("    return df.sample(frac={v}, random_state={s})\n", '"model_input_table"'),
    "read": (
        '    extra = pd.read_csv("data/01_raw/{name}.csv")\n    return df.assign(n=len(extra))\n',
        '"model_input_table"',
    ),
    "write": (
        '    out = df.head()\n    out.to_csv("data/08_reporting/{name}.csv")\n    return out\n',
        '"model_input_table"',
    ),
    "seed": (
        "    rng = np.random.default_rng()\n    return df.assign(r=rng.random(len(df)))\n",
        '"model_input_table"',
    ),
    "typo": (
        "    return df.assign(a=alpha)\n",
        '["model_input_table", "params:model_options.alphaa"]',
    ),
}


@pytest.fixture(scope="module")
def generated(template_repo: Path, tmp_path_factory) -> Path:  # noqa: F811
    return copier_copy(
        template_repo, tmp_path_factory.mktemp("gen") / "gen", project_name="Gen Demo"
    )


def _plant(root: Path, pipelines: list[tuple[str | None, list[tuple[str, int]]]]) -> None:
    for p, (namespace, habits) in enumerate(pipelines):
        folder = root / "src" / PACKAGE / "pipelines" / f"notebook_{p}"
        folder.mkdir(parents=True)
        (folder / "__init__.py").write_text("from .pipeline import create_pipeline\n")
        funcs, nodes = [], []
        for i, (kind, n) in enumerate(habits):
            body, inputs = HABITS[kind]
            args = "df, alpha" if kind == "typo" else "df"
            name = f"cell_{p}_{i}"
            text = body.format(v=round(0.1 + n / 20, 2), s=n, name=f"file_{n % 3}")
            funcs.append(f"def {name}({args}):\n{text}")
            nodes.append(f'            node({name}, {inputs}, "{name}_out"),\n')
        (folder / "nodes.py").write_text(
            "import numpy as np\nimport pandas as pd\n\n\n" + "\n\n".join(funcs)
        )
        names = ", ".join(f"cell_{p}_{i}" for i in range(len(habits)))
        wrap = (
            f'pipeline(base, namespace="{namespace}", inputs={{"model_input_table"}})'
            if namespace
            else "base"
        )
        (folder / "pipeline.py").write_text(
            "from kedro.pipeline import Pipeline, node, pipeline\n\n"
            f"from .nodes import {names}\n\n\n"
            "def create_pipeline(**kwargs) -> Pipeline:\n"
            f"    base = Pipeline(\n        [\n{''.join(nodes)}        ]\n    )\n"
            f"    return {wrap}\n"
        )


def _watched(root: Path) -> Counter[str]:
    result = Project.open(root).check(use_cache=False, jobs=1)
    return Counter(f.code for f in result.findings if f.code.startswith(WATCHED))


habit = st.tuples(st.sampled_from(sorted(HABITS)), st.integers(0, 9))
pipelines = st.lists(
    st.tuples(st.sampled_from([None, "nb", "exp.one"]), st.lists(habit, min_size=1, max_size=4)),
    min_size=1,
    max_size=3,
)


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(planted=pipelines)
def test_fixes_keep_the_project_loadable(generated: Path, planted) -> None:
    from kedro.config import OmegaConfigLoader

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "p"
        shutil.copytree(generated, root)
        _plant(root, planted)
        before = _watched(root)
        project = Project.open(root)
        policy = FixPolicy.from_settings(project.settings.values, unsafe=True)
        outcome = fix_project(project, policy=policy, jobs=1, use_cache=False)
        assert outcome.applied  # every planted habit but a namespaced typo has a fix
        for path in root.rglob("*.py"):
            ast.parse(path.read_text(), str(path))
        loader = OmegaConfigLoader(str(root / "conf"), base_env="base", default_run_env="local")
        assert isinstance(loader["catalog"], dict)
        assert isinstance(loader["parameters"], dict)
        after = _watched(root)
        assert not after - before, (after, before)
