"""One long-lived `structlint.api.Project` (as the editor server, the fixer's passes and the
baseline keep one) finds after every edit what a fresh `Project.open(...).check(...)` finds.

The long-lived project keeps its cache, the pipeline model and the node index in memory
between checks and reuses what the edits left alone. A seeded random sequence of edits to a
generated project (node code, the pipeline wiring, the catalog, parameters, a module and a
catalog file that appear and disappear, a syntax error, a `# noqa`), each written to disk or
kept as an unsaved buffer (an overlay), with the server's quick file checks and models in
between, is checked both ways after each step: findings (with their fixes), internal errors
and notes must be identical."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from structlint.api import CheckResult, Project

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from generate_project import generate

PIPES = "src/bigproj/pipelines"
NODES = [f"{PIPES}/p000_orders/nodes.py", f"{PIPES}/p001_customers/nodes.py"]
WIRING = [f"{PIPES}/p000_orders/pipeline.py", f"{PIPES}/p001_customers/pipeline.py"]
CATALOG = "conf/base/catalog.yml"
PARAMS = "conf/base/parameters_p000_orders.yml"
EXTRA = f"{PIPES}/p000_orders/extra.py"
CONF_EXTRA = "conf/base/catalog_extra.yml"  # a catalog file that appears and goes
# The rules without SL101: a second selection, kept beside the first.
NARROW = "SL101"


def _edit(rng: random.Random, path: str, text: str, step: int) -> str | None:
    """A new text for `path` (None: the file goes away)."""
    lines = text.splitlines(keepends=True)
    if path == EXTRA:
        if rng.random() < 0.4:
            return None
        return (
            f'"""Helpers."""\n\nPATH_{step} = "data/01_raw/extra_{step}.csv"\n\n\n'
            f"def helper_{step}(x):\n    return x\n"
        )
    if path == CONF_EXTRA:
        if rng.random() < 0.4:
            return None
        return f"p000_orders_reference:\n  type: pandas.CSVDataset\n  filepath: x_{step}.csv\n"
    if path in NODES:
        choice = rng.randrange(6)
        if choice == 0:  # a hardcoded path: SL101
            return text + f'\nBENCH_{step} = "data/01_raw/bench_{step}.csv"\n'
        if choice == 1:  # a node function renamed: its import in the pipeline breaks
            return text.replace("def step_01(", f"def step_01_{step}(", 1)
        if choice == 2:  # does not parse: SL001
            return text + "\ndef broken(:\n"
        if choice == 3:  # a finding suppressed (or a noqa with nothing to suppress)
            i = rng.randrange(len(lines))
            lines[i] = lines[i].rstrip("\n") + "  # noqa: SL101\n"
            return "".join(lines)
        if choice == 4:  # an edit inside a body: the node index stays the same
            return text.replace("    return ", f"    _unused_{step} = {step}\n    return ", 1)
        return text + f"\n# comment {step}\n"
    if path in WIRING:
        choice = rng.randrange(3)
        if choice == 0:  # an input nothing defines: SL401
            return text.replace('"params:', f'"undefined_{step}", "params:', 1)
        if choice == 1:  # a node removed
            kept = [ln for ln in lines if 'name="step_01"' not in ln]
            return "".join(kept)
        return text.replace("outputs=", "outputs =", 1)
    if path == CATALOG:
        choice = rng.randrange(3)
        if choice == 0:  # an entry gone: its readers get SL401
            return text.replace("p000_orders_reference:", f"renamed_{step}:", 1)
        if choice == 1:
            return text + "\nbad: [\n"
        return text + (
            f"\nextra_{step}:\n  type: pandas.CSVDataset\n  filepath: /tmp/extra_{step}.csv\n"
        )
    # parameters
    return text + f"\nunused_{step}: {step}\n"


def _seen(result: CheckResult) -> tuple:
    findings = sorted(
        (f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message, repr(f.fix))
        for f in result.findings
    )
    errors = sorted((e.path, e.where, e.detail) for e in result.errors)
    return findings, errors, sorted(result.notes), result.files_checked, result.files_found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_long_lived_project_finds_what_a_fresh_one_finds(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "p"
    generate(root, pipelines=3, nodes=3, seed=5)
    rng = random.Random(seed)
    project = Project.open(root)
    everything = project.codes()
    narrow = frozenset(everything - {NARROW})
    overlays: dict[str, str] = {}
    originals = {p: (root / p).read_text(encoding="utf-8") for p in [*NODES, *WIRING, CATALOG]}
    first = project.check(jobs=1)
    assert _seen(first) == _seen(Project.open(root).check(jobs=1, use_cache=False))
    for step in range(20):
        path = rng.choice([*NODES, *NODES, *WIRING, CATALOG, PARAMS, EXTRA, CONF_EXTRA])
        current = overlays.get(path)
        if current is None:
            disk = root / path
            current = disk.read_text(encoding="utf-8") if disk.is_file() else ""
        if rng.random() < 0.15 and path in originals:
            new: str | None = originals[path]  # back to how it was
        else:
            new = _edit(rng, path, current, step)
        if new is not None and path not in (EXTRA, CONF_EXTRA) and rng.random() < 0.5:
            overlays[path] = new  # an unsaved buffer
        else:
            overlays.pop(path, None)
            if new is None:
                (root / path).unlink(missing_ok=True)
            else:
                (root / path).write_text(new, encoding="utf-8")
        if overlays and rng.random() < 0.3:
            overlays.pop(rng.choice(sorted(overlays)))  # a buffer closed unsaved
        # What the server does between two checks: the file rules on a buffer, a model.
        for rel, text in sorted(overlays.items()):
            if rel.endswith(".py"):
                project.check_file(rel, text)
        if rng.random() < 0.3:
            project.model(overlays)
        codes = narrow if rng.random() < 0.25 else everything
        kept = project.check(codes=codes, jobs=1, overlays=dict(overlays))
        fresh = Project.open(root).check(
            codes=codes, jobs=1, overlays=dict(overlays), use_cache=rng.random() < 0.3
        )
        assert _seen(kept) == _seen(fresh), f"step {step}: {path}, overlays {sorted(overlays)}"
