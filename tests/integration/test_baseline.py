"""`structlint baseline` and a baseline-aware `structlint check`, on real messy projects: the
tutorial's `before` project (copied; the repository is never written to) and a generated
project with planted habits, through the real command, real `ruff format` and real git."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.conftest import REPO_ROOT, make_project, run_structlint

BEFORE = REPO_ROOT / "docs" / "tutorial" / "before"
NODES = "src/house_prices/pipelines/price_model/nodes.py"
BASELINE = "structlint-baseline.json"


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    root = tmp_path / "house_prices"
    shutil.copytree(BEFORE, root, ignore=shutil.ignore_patterns(".structlint_cache"))
    return root


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_structlint("check", "--output-format", "concise", "--no-cache", *args, cwd=root)


def _reported(r: subprocess.CompletedProcess[str]) -> list[tuple[str, str]]:
    """(path, code) of every finding line of concise output."""
    out = []
    for line in r.stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[1].isdigit():
            out.append((parts[0], parts[3].split()[0]))
    return out


def _baseline(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    r = run_structlint("baseline", "--no-cache", *args, cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def _entries(root: Path, name: str = BASELINE) -> list[dict]:
    return json.loads((root / name).read_text())["findings"]


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# --- the adoption path on the tutorial's messy project ---------------------------------------


def test_baseline_then_check_exits_0(messy: Path) -> None:
    before = _check(messy)
    assert before.returncode == 1
    found = len(_reported(before))
    assert found >= 10
    r = _baseline(messy)
    assert f"Wrote {found} findings" in r.stdout
    after = _check(messy)
    assert after.returncode == 0, after.stdout
    assert _reported(after) == []
    assert after.stdout.strip().splitlines()[-1] == (
        f"All checks passed! ({found} hidden by the baseline)"
    )
    # --no-baseline shows everything again
    everything = _check(messy, "--no-baseline")
    assert everything.returncode == 1
    assert len(_reported(everything)) == found


def test_the_file_is_sorted_stable_and_holds_no_source_text(messy: Path) -> None:
    _baseline(messy)
    first = (messy / BASELINE).read_bytes()
    _baseline(messy)
    assert (messy / BASELINE).read_bytes() == first
    entries = _entries(messy)
    keys = [(e["path"], e["code"], e["scope"], e["hash"]) for e in entries]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert {e["scope"] for e in entries} >= {"load_houses", "prepare", "train_model"}
    # The secret SL103 reports must not be copied into a file that is committed.
    assert "3f9a1c77e2b04d6a9e5b1f0c8d2a4e6b" in (messy / NODES).read_text()
    assert b"3f9a1c77e2b04d6a9e5b1f0c8d2a4e6b" not in first


def test_a_new_violation_is_exactly_what_is_reported(messy: Path) -> None:
    _baseline(messy)
    _edit(
        messy,
        NODES,
        "def prepare(houses, rates):\n",
        'def prepare(houses, rates):\n    houses.to_csv("data/02_intermediate/debug.csv")\n',
    )
    r = _check(messy)
    assert r.returncode == 1, r.stdout
    assert sorted(_reported(r)) == [(NODES, "SL101"), (NODES, "SL201")]
    assert "to_csv" in r.stdout or "debug.csv" in r.stdout
    assert "hidden by the baseline" in r.stdout.splitlines()[-1]


def test_inserted_lines_and_ruff_format_keep_it_matched(messy: Path) -> None:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    _baseline(messy)
    for path in sorted((messy / "src").rglob("*.py")):
        pad = "".join(f"# a line added above, {i}\n" for i in range(20))
        path.write_text(pad + path.read_text())
    # A narrow line length makes ruff split calls over several lines (and add the trailing
    # commas it adds then), on top of its usual quote and spacing changes.
    done = subprocess.run(
        [ruff, "format", "--line-length", "60", "--no-cache", "src"],
        cwd=messy,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "reformatted" in done.stdout + done.stderr
    assert (messy / NODES).read_text().count("\n") > 60
    r = _check(messy)
    assert r.returncode == 0, r.stdout
    assert "hidden by the baseline" in r.stdout


def test_moving_a_function_keeps_it_matched(messy: Path) -> None:
    _baseline(messy)
    text = (messy / NODES).read_text()
    start = text.index("def load_houses")
    end = text.index("def ", start + 1)
    moved = text[:start] + text[end:] + "\n\n" + text[start:end]
    (messy / NODES).write_text(moved)
    r = _check(messy)
    assert r.returncode == 0, r.stdout


def test_fixing_one_finding_is_counted_and_prune_removes_exactly_it(messy: Path) -> None:
    _baseline(messy)
    entries = _entries(messy)
    _edit(messy, NODES, "random_state=42", "random_state=params_seed")
    _edit(messy, NODES, "def train_model(", "params_seed = 0\n\n\ndef train_model(")
    r = _check(messy)
    assert r.returncode == 0, r.stdout
    assert r.stdout.strip().splitlines()[-1] == (
        "1 baseline entry is fixed: run `structlint baseline --prune`."
    )
    pruned = _baseline(messy, "--prune")
    assert "Removed 1 fixed finding" in pruned.stdout
    left = _entries(messy)
    gone = [e for e in entries if e not in left]
    assert len(left) == len(entries) - 1
    assert [(e["code"], e["scope"]) for e in gone] == [("SL302", "train_model")]
    assert "fixed" not in _check(messy).stdout


def test_editing_the_offending_expression_makes_it_new(messy: Path) -> None:
    _baseline(messy)
    _edit(messy, NODES, '"data/01_raw/houses.csv"', '"data/01_raw/houses_2025.csv"')
    r = _check(messy)
    assert r.returncode == 1
    # The same call with another path: the path and the call are new, the old ones fixed.
    assert sorted(_reported(r)) == [(NODES, "SL101"), (NODES, "SL201")]
    assert "2 baseline entries are fixed" in r.stdout


def test_prune_never_adds(messy: Path) -> None:
    _baseline(messy)
    first = (messy / BASELINE).read_bytes()
    _edit(
        messy,
        NODES,
        "def prepare(houses, rates):\n",
        'def prepare(houses, rates):\n    houses.to_csv("data/02_intermediate/debug.csv")\n',
    )
    r = _baseline(messy, "--prune")
    assert "Removed 0 fixed findings" in r.stdout
    assert (messy / BASELINE).read_bytes() == first
    assert _check(messy).returncode == 1


def test_identical_repeats_share_an_entry_with_a_count(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    a = pd.read_csv("data/01_raw/a.csv")\n'
        '    b = pd.read_csv("data/01_raw/a.csv")\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(tmp_path / "proj", {"src/demo/pipelines/demo/nodes.py": nodes})
    _baseline(root)
    counts = {(e["code"], e["scope"]): e["count"] for e in _entries(root)}
    assert counts[("SL201", "clean")] == 2 and counts[("SL101", "clean")] == 2
    _edit(
        root,
        "src/demo/pipelines/demo/nodes.py",
        "    return df",
        '    c = pd.read_csv("data/01_raw/a.csv")\n    return df',
    )
    r = _check(root)
    assert sorted(_reported(r)) == [
        ("src/demo/pipelines/demo/nodes.py", "SL101"),
        ("src/demo/pipelines/demo/nodes.py", "SL201"),
    ]


def test_baseline_key_names_another_file(tmp_path: Path) -> None:
    nodes = (
        "import pandas as pd\n\n\n"
        "def clean(df: pd.DataFrame, threshold: float) -> pd.DataFrame:\n"
        '    df.to_csv("data/02_intermediate/x.csv")\n'
        '    return df[df["value"] > threshold]\n'
    )
    root = make_project(
        tmp_path / "proj",
        {"src/demo/pipelines/demo/nodes.py": nodes},
        config='baseline = ".structlint/known.json"\n',
    )
    (root / ".structlint").mkdir()
    r = _baseline(root)
    assert ".structlint/known.json" in r.stdout
    assert not (root / BASELINE).exists()
    assert _entries(root, ".structlint/known.json")
    assert _check(root).returncode == 0


def test_a_broken_baseline_is_a_configuration_error(messy: Path) -> None:
    (messy / BASELINE).write_text("{not json")
    r = _check(messy)
    assert r.returncode == 2
    assert BASELINE in r.stderr and "structlint baseline" in r.stderr
    (messy / BASELINE).write_text('{"findings": []}')
    r = _check(messy)
    assert r.returncode == 2 and "not a structlint baseline" in r.stderr


def test_prune_without_a_baseline_says_so(messy: Path) -> None:
    r = run_structlint("baseline", "--prune", cwd=messy)
    assert r.returncode == 2
    assert "no baseline to prune" in r.stderr


# --- output formats and explicit paths ----------------------------------------------------


def test_sarif_marks_baseline_state(messy: Path) -> None:
    _baseline(messy)
    _edit(
        messy,
        NODES,
        "def prepare(houses, rates):\n",
        'def prepare(houses, rates):\n    houses.to_csv("data/02_intermediate/debug.csv")\n',
    )
    r = run_structlint("check", "--output-format", "sarif", "--no-cache", cwd=messy)
    assert r.returncode == 1
    results = json.loads(r.stdout)["runs"][0]["results"]
    states: dict[str, list[str]] = {}
    for res in results:
        states.setdefault(res["baselineState"], []).append(res["ruleId"])
        if res["baselineState"] == "unchanged":
            assert res["suppressions"][0]["kind"] == "external"
        else:
            assert "suppressions" not in res
    assert sorted(states["new"]) == ["SL101", "SL201"]
    assert len(states["unchanged"]) == len(_entries(messy))
    # JSON lists only the new ones: what the exit code is about.
    r = run_structlint("check", "--output-format", "json", "--no-cache", cwd=messy)
    assert sorted(f["code"] for f in json.loads(r.stdout)) == ["SL101", "SL201"]
    # Without a baseline file, SARIF results carry no baselineState at all.
    (messy / BASELINE).unlink()
    r = run_structlint("check", "--output-format", "sarif", "--no-cache", cwd=messy)
    assert all("baselineState" not in x for x in json.loads(r.stdout)["runs"][0]["results"])


def test_explicit_paths_keep_baselined_findings_hidden(messy: Path) -> None:
    """pre-commit passes the staged files: their baselined findings stay hidden, and the
    entries of files not passed are not taken for fixed."""
    _baseline(messy)
    r = _check(messy, NODES)
    assert r.returncode == 0, r.stdout
    assert "fixed" not in r.stdout
    r = _check(messy, "src/house_prices/pipeline_registry.py")
    assert r.returncode == 0 and "fixed" not in r.stdout


def test_statistics_count_only_what_is_reported(messy: Path) -> None:
    _baseline(messy)
    r = _check(messy, "--statistics")
    assert r.returncode == 0
    assert "SL201" not in r.stdout


# --- a generated project with planted habits: Python and YAML, file and project rules ------


def test_generated_project_with_planted_habits(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    try:
        from generate_project import generate
    finally:
        sys.path.pop(0)
    root = tmp_path / "gen"
    generate(root, pipelines=4, nodes=8, seed=7)
    r = run_structlint("check", "--select", "ALL", "--output-format", "concise", cwd=root)
    codes = {code for _, code in _reported(r)}
    assert "SL402" in codes  # a whole-project finding in conf/base/catalog.yml
    _baseline(root, "--select", "ALL")
    assert any(e["path"] == "conf/base/catalog.yml" for e in _entries(root))
    assert _check(root, "--select", "ALL").returncode == 0
    # Entries added above the YAML finding and 20 lines above every Python file: still matched.
    catalog = root / "conf/base/catalog.yml"
    catalog.write_text(
        "extra_first:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/extra_first.csv\n\n"
        + catalog.read_text()
    )
    for path in (root / "src").rglob("*.py"):
        path.write_text("".join(f"# {i}\n" for i in range(20)) + path.read_text())
    r = _check(root, "--select", "ALL")
    assert sorted(_reported(r)) == [("conf/base/catalog.yml", "SL402")], r.stdout
    assert "extra_first" in r.stdout


# --- the template's CI and pre-commit, unchanged, with a baseline present --------------------

TEMPLATE = REPO_ROOT / "template" / "{{ cookiecutter.repo_name }}"


def _template_step(name: str) -> str:
    """The shell line of the template CI's step `name` (plain YAML: no template tags in it)."""
    lines = (TEMPLATE / ".github" / "workflows" / "ci.yml").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f"- name: {name}")
    run = lines[at + 1].strip()
    assert run.startswith("run: "), run
    return run[len("run: ") :]


def test_template_ci_step_passes_with_a_baseline(messy: Path) -> None:
    step = _template_step("structlint")
    assert step == "structlint check --output-format sarif > structlint.sarif"
    _baseline(messy)
    done = subprocess.run(step, shell=True, cwd=messy, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    sarif = json.loads((messy / "structlint.sarif").read_text())
    results = sarif["runs"][0]["results"]
    assert results and {r["baselineState"] for r in results} == {"unchanged"}
    _edit(
        messy,
        NODES,
        "def prepare(houses, rates):\n",
        'def prepare(houses, rates):\n    houses.to_csv("data/02_intermediate/debug.csv")\n',
    )
    done = subprocess.run(step, shell=True, cwd=messy, capture_output=True, text=True)
    assert done.returncode == 1


def test_template_precommit_entry_passes_with_a_baseline(messy: Path) -> None:
    import yaml

    config = (TEMPLATE / ".pre-commit-config.yaml").read_text()
    hooks = [h for repo in yaml.safe_load(config)["repos"] for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "structlint")
    assert hook["pass_filenames"] is False
    _baseline(messy)
    done = subprocess.run(
        hook["entry"].split(), cwd=messy, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- the real pre-commit hook of this repository (.pre-commit-hooks.yaml), with a baseline ---


@pytest.mark.slow
def test_precommit_hook_with_a_baseline(tmp_path: Path) -> None:
    """The hook as users install it (pre-commit builds it from a git snapshot of this
    checkout): a staged file's baselined findings stay hidden; a new one fails the commit."""
    from tests.integration import test_precommit as pc

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    home = tmp_path / "pre-commit-home"
    env = pc._git_env(home)
    repo = tmp_path / "hook-repo"
    repo.mkdir()
    for name in pc.HOOK_REPO_FILES:
        if (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, repo / name)
    shutil.copytree(
        REPO_ROOT / "checks",
        repo / "checks",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".structlint_cache"),
    )
    pc._git(repo, env, "init", "-q", "-b", "main")
    pc._git(repo, env, "add", "-A")
    pc._git(repo, env, "commit", "-q", "-m", "snapshot")
    rev = pc._git(repo, env, "rev-parse", "HEAD")
    nodes = "src/demo/pipelines/demo/nodes.py"
    root = make_project(tmp_path / "proj", {nodes: pc.IO_NODES})
    (root / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n      - id: structlint\n"
        "      - id: structlint-project\n        stages: [manual]\n"
    )
    pc._git(root, env, "init", "-q", "-b", "main")
    _baseline(root)
    assert _entries(root)
    pc._git(root, env, "add", "-A")
    pc._git(root, env, "commit", "-q", "-m", "adopt structlint with a baseline")

    r = pc._pre_commit(root, home, "--files", nodes)
    assert r.returncode == 0, r.stdout + r.stderr
    r = pc._pre_commit(root, home, "--all-files")
    assert r.returncode == 0, r.stdout + r.stderr
    r = pc._pre_commit(root, home, "structlint-project", "--hook-stage", "manual", "--all-files")
    assert r.returncode == 0, r.stdout + r.stderr

    text = (root / nodes).read_text()
    pc._add(
        root,
        home,
        {
            nodes: text.replace(
                "    return df", '    df.to_parquet("data/03_primary/x.pq")\n    return df', 1
            )
        },
    )
    r = pc._pre_commit(root, home, "--files", nodes)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "to_parquet" in r.stdout and "Found 2 findings (2 more hidden by the baseline)." in (
        r.stdout
    )
