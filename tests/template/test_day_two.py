"""The generated project on day two (issue 17): what a Kedro team does after `kedro run`.

Every test takes a generated and installed project of the variants it is about (uv, the
shared cache; one per variant and session, reset to its generated state for each test, see
``support.shared_projects``) and drives the real tools: the commands of its own CI, kedro
(runs, environments, `kedro ipython`), pytest and pre-commit.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml

from .support import SHARED, Project, git, package_of, run, shared

pytestmark = pytest.mark.slow

# The heavy choices (tests/template/test_heavy_variants.py runs them end to end too).
HEAVY = ("pyspark-gitlab", "airflow-github")
REACHABLE = "kedro-structlint @ git+https://git.example.com/kedro-structlint.git@abc1234"
EMPTY_PIPELINE = "Pipeline contains no nodes after applying all provided filters"
RESOLVER_WARNING = "register_new_resolver"


def output(result) -> str:
    """stdout and stderr as one line of text (Rich wraps long lines)."""
    return " ".join((result.stdout + result.stderr).split())


def ci_steps(project: Path) -> list[tuple[str, str]]:
    """(name, script) of every shell step of the project's CI, in the order CI runs them.

    GitHub: each `run:` step; GitLab: each job's `script` (the `.pre` stage first). The
    install step is left out: the tests install the same dev group with uv.
    """
    workflow = project / ".github/workflows/ci.yml"
    steps: list[tuple[str, str]] = []
    if workflow.exists():
        for step in yaml.safe_load(workflow.read_text())["jobs"]["test"]["steps"]:
            if "run" in step and step.get("name") != "Install":
                steps.append((step["name"], step["run"]))
        return steps
    config = yaml.safe_load((project / ".gitlab-ci.yml").read_text())
    stages = [".pre", *config["stages"]]
    jobs = [
        (name, job)
        for name, job in config.items()
        if isinstance(job, dict) and "script" in job and name != "default"
    ]
    for stage in stages:
        for name, job in jobs:
            if job.get("stage", "test") == stage:
                steps.append((name, "\n".join(job["script"])))
    return steps


def is_source_check(name: str) -> bool:
    return name in {"Check where kedro-structlint is installed from", "linter-source"}


def assert_pre_commit_cached(project: Path) -> None:
    workflow = project / ".github/workflows/ci.yml"
    if workflow.exists():
        steps = yaml.safe_load(workflow.read_text())["jobs"]["test"]["steps"]
        caches = [s for s in steps if str(s.get("uses", "")).startswith("actions/cache@")]
        assert any(
            c["with"]["path"] == "~/.cache/pre-commit"
            and "hashFiles('.pre-commit-config.yaml')" in c["with"]["key"]
            for c in caches
        ), caches
        names = [s.get("name") for s in steps]
        assert names.index(caches[0]["name"]) < names.index("pre-commit")
    else:
        job = yaml.safe_load((project / ".gitlab-ci.yml").read_text())["pre-commit"]
        home = job["variables"]["PRE_COMMIT_HOME"]
        assert home == "$CI_PROJECT_DIR/.cache/pre-commit"
        assert any(
            c["paths"] == [".cache/pre-commit"]
            and c["key"] == {"files": [".pre-commit-config.yaml"]}
            for c in job["cache"]
        ), job["cache"]


@shared("pandas-github", "polars-gitlab", "bare-github", "bare-gitlab", *HEAVY)
def test_ci_passes_on_the_first_push(shared_projects, variant: str, tmp_path: Path) -> None:
    project = shared_projects(variant)
    answers = SHARED[variant]
    example = answers.get("include_example", True)
    steps = ci_steps(project.path)
    scripts = "\n".join(script for _, script in steps)
    # without the example there is nothing for `kedro run` to run: CI does not try
    assert ("kedro run" in scripts) == example
    assert_pre_commit_cached(project.path)

    # 1. the linter's source: the generated one is a path on this machine, which CI
    #    cannot reach, and CI says what to change ...
    (check,) = [script for name, script in steps if is_source_check(name)]
    caught = project.shell(check, check=False)
    assert caught.returncode == 1
    assert "CI cannot reach" in caught.stdout
    assert "pyproject.toml ([dependency-groups] dev) and .pre-commit-config.yaml" in caught.stdout
    # ... and once both places name a source CI can reach, the check passes
    reachable = tmp_path / "reachable"
    reachable.mkdir()
    for name in ("pyproject.toml", ".pre-commit-config.yaml"):
        text = (project.path / name).read_text()
        source = re.search(r'"(kedro-structlint @ [^"]+)"', text).group(1)
        (reachable / name).write_text(text.replace(source, REACHABLE))
    passed = run(["bash", "-eo", "pipefail", "-c", check], reachable, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr

    # 2. every other step passes in the installed project
    for name, script in steps:
        if not is_source_check(name):
            result = project.shell(script, check=False)
            assert result.returncode == 0, f"CI step {name!r} failed:\n{output(result)}"
            assert RESOLVER_WARNING not in result.stdout + result.stderr, name
    status = git("status", "--porcelain", "--untracked-files=all", cwd=project.path)
    assert status.stdout.strip() == "", status.stdout

    # 3. a new pipeline is empty: `kedro run --pipelines <it>` stops exactly as the
    #    README says, and the rest keeps working
    project.run("kedro", "pipeline", "create", "first")
    empty = project.run("kedro", "run", "--pipelines", "first", check=False)
    assert empty.returncode != 0
    assert EMPTY_PIPELINE in output(empty)
    readme = " ".join((project.path / "README.md").read_text().split())
    assert (
        "`kedro run --pipelines <name>` stops with Kedro's traceback ending in "
        f"`ValueError: {EMPTY_PIPELINE}`"
    ) in readme
    if example:
        project.run("kedro", "run")
    tests = project.run("pytest", "-q", "-p", "no:cacheprovider")
    assert RESOLVER_WARNING not in tests.stdout + tests.stderr


@shared("pandas-github", "bare-gitlab", "pyspark-gitlab")
def test_kedro_ipython_and_jupyter_start(shared_projects, variant: str) -> None:
    project = shared_projects(variant)

    session = project.run("kedro", "ipython", input="exit\n", check=False)
    text = output(session)
    assert session.returncode == 0, text
    assert "NoneType: None" not in text
    assert "In [1]:" in text
    assert "Defined global variable 'context', 'session', 'catalog' and 'pipelines'" in text
    assert RESOLVER_WARNING not in text
    # `kedro jupyter lab` / `kedro jupyter notebook` start these
    for app in ("lab", "notebook"):
        version = project.run("jupyter", app, "--version")
        assert re.match(r"\d+\.\d+", version.stdout.strip()), version.stdout


def is_parquet(path: Path) -> bool:
    """A Parquet file, or a folder of Parquet part files (what Spark writes)."""
    files = sorted(path.glob("part-*")) if path.is_dir() else [path]
    return bool(files) and all(f.read_bytes()[:4] == b"PAR1" for f in files)


def load_metrics(project: Project) -> dict[str, float]:
    return json.loads((project.path / "data/08_reporting/metrics.json").read_text())


@shared("pandas-github", "polars-gitlab", "pyspark-gitlab")
def test_environment_overrides_merge_parameters_and_layers_keep_types(
    shared_projects, variant: str
) -> None:
    project = shared_projects(variant)
    answers = SHARED[variant]
    project.run("kedro", "run")
    base = load_metrics(project)

    # an environment that changes one nested parameter keeps the others (soft merge)
    staging = project.path / "conf/staging"
    staging.mkdir()
    (staging / "parameters_data_science.yml").write_text("model_options:\n  alpha: 100000.0\n")
    result = project.run("kedro", "run", "--env", "staging", check=False)
    assert result.returncode == 0, output(result)
    assert "KeyError" not in output(result)
    assert load_metrics(project)["r2"] < base["r2"], "the staging alpha was not used"

    # Parquet between raw and reporting (column types survive), with its dependencies
    catalog = yaml.safe_load((project.path / "conf/base/catalog.yml").read_text())
    for name in ("preprocessed_houses", "model_input_table", "x_train", "x_test"):
        entry = catalog.get(name) or catalog[f"{name}@spark"]  # pyspark: Spark writes it
        assert entry["filepath"].endswith(".parquet"), name
        assert is_parquet(project.path / entry["filepath"]), name
    assert catalog["raw_houses"]["filepath"].endswith(".csv")
    pyproject = (project.path / "pyproject.toml").read_text()
    if answers.get("dataframe_library", "pandas") == "pandas":
        assert "pandas-parquetdataset" in pyproject
        assert '"pyarrow>=' in pyproject
        project.run("python", "-c", "import pyarrow.parquet")

    # the deployment boundary: whatever one node writes and another reads is a catalog
    # entry, so every node runs on its own (as one orchestrator task per node would)
    crossing = """
from kedro.framework.project import pipelines
from kedro.framework.session import KedroSession
from kedro.framework.startup import bootstrap_project
bootstrap_project(".")
with KedroSession.create(project_path=".") as session:
    catalog = session.load_context().catalog
nodes = pipelines["__default__"].nodes
made = {out for node in nodes for out in node.outputs}
read = {inp for node in nodes for inp in node.inputs}
print(sorted(d for d in made & read if d not in catalog))
"""
    assert project.run("python", "-c", crossing).stdout.strip().endswith("[]")
    for node in ("train_model_node", "evaluate_model_node"):
        result = project.run("kedro", "run", "--nodes", node, check=False)
        assert result.returncode == 0, output(result)


CATALOG_TEST = ("pytest", "-q", "-p", "no:cacheprovider", "--no-cov", "tests/test_catalog.py")
BROKEN_ENTRY = """
broken_table:
  type: pandas.CSVDatsaet
  filepath: data/01_raw/broken.csv
"""


@shared("pandas-github", "polars-gitlab", "bare-github", "pyspark-gitlab")
def test_catalog_test_builds_every_entry(shared_projects, variant: str) -> None:
    project = shared_projects(variant)
    answers = SHARED[variant]
    catalog = project.path / "conf/base/catalog.yml"
    original = catalog.read_text()
    project.run(*CATALOG_TEST)

    # a `type:` typo (in the example, in an existing entry; without it, in a new one)
    if answers.get("include_example", True):
        broken = re.sub(r"(\npreprocessed_houses:\n  type: \w+\.\w+)", r"\1x", original)
        assert broken != original
    else:
        broken = original.replace("\n{}", "") + BROKEN_ENTRY
    catalog.write_text(broken)
    failed = project.run(*CATALOG_TEST, check=False)
    assert failed.returncode == 1
    name = "preprocessed_houses" if answers.get("include_example", True) else "broken_table"
    assert f"{name}: DatasetError" in failed.stdout

    # an argument the dataset does not take (load_arg for load_args)
    if answers.get("include_example", True):
        raw = "  filepath: data/01_raw/houses.csv"
        catalog.write_text(original.replace(raw, f"{raw}\n  load_arg: {{}}"))
        failed = project.run(*CATALOG_TEST, check=False)
        assert failed.returncode == 1
        assert "raw_houses: DatasetError" in failed.stdout
        assert "load_arg" in failed.stdout
    catalog.write_text(original)


@shared("pandas-github", "bare-gitlab", *HEAVY)
def test_project_metadata_settings_and_coverage(shared_projects, variant: str) -> None:
    project = shared_projects(variant)
    answers = SHARED[variant]
    example = answers.get("include_example", True)

    # Kedro reads the same [tool.kedro] metadata that `kedro new` writes
    metadata = (
        project.run(
            "python",
            "-c",
            "from kedro.framework.startup import bootstrap_project;"
            "m = bootstrap_project('.'); print(repr((m.tools, m.example_pipeline)))",
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    tools, example_pipeline = ast.literal_eval(metadata)
    assert example_pipeline == str(example)
    assert {"Linting", "Testing", "Custom Logging", "Data Structure"} <= set(
        ast.literal_eval(tools)
    )

    # settings.py lists every setting Kedro 1.7 reads, and Kedro accepts the file
    names = (
        project.run(
            "python",
            "-c",
            "from kedro.framework.project import _ProjectSettings;"
            "print('SETTINGS', *(k[1:] for k in vars(_ProjectSettings)"
            " if k.startswith('_') and k[1].isupper()))",
        )
        .stdout.split("SETTINGS", 1)[1]
        .split()
    )
    assert len(names) >= 10, names
    package = package_of(project)
    settings = (project.path / "src" / package / "settings.py").read_text()
    missing = [n for n in names if not re.search(rf"^#? ?{n} = ", settings, re.MULTILINE)]
    assert not missing, missing
    args = project.run(
        "python",
        "-c",
        "from kedro.framework.project import settings; from kedro.framework.startup import "
        "bootstrap_project; bootstrap_project('.'); print(settings.CONFIG_LOADER_ARGS)",
    ).stdout
    assert "'merge_strategy': {'parameters': 'soft'}" in args

    # pytest reports coverage of the package, without the resolver warnings
    tests = project.run("pytest", "-p", "no:cacheprovider")
    assert "coverage:" in tests.stdout and "TOTAL" in tests.stdout
    assert RESOLVER_WARNING not in tests.stdout + tests.stderr
    for command in (("registry", "list"), ("catalog", "describe-datasets")):
        result = project.run("kedro", *command, check=False)
        assert RESOLVER_WARNING not in result.stdout + result.stderr, command
