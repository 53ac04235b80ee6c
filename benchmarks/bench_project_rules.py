"""Benchmark the whole-project rules: a generated Kedro project with 200 pipelines and 2,000
catalog entries is modelled (conf/ + pipeline graph) and checked by SL002, SL303-SL305 and
SL401-SL408. Prints a table of timings: a first run (no cache) and a re-run whose per-file
summaries (Python ast summaries, YAML data) come from the cache a first run wrote, loaded
from disk each time. Not a test.

    python benchmarks/bench_project_rules.py [--pipelines 200] [--entries-per-pipeline 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "checks"))

from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover, module_of
from structlint.project.model import build_project
from structlint.project.summary import Summaries
from structlint.rules.registry import rules_by_code
from structlint.rules.rule import ProjectRule
from structlint.run.cache import ResultCache
from structlint.run.engine import Engine

PYPROJECT = """\
[tool.kedro]
package_name = "bench"
project_name = "bench"
kedro_init_version = "1.7.0"
source_dir = "src"
"""

REGISTRY = """\
from kedro.framework.project import find_pipelines
from kedro.pipeline import Pipeline


def register_pipelines() -> dict[str, Pipeline]:
    pipelines = find_pipelines()
    pipelines["__default__"] = sum(pipelines.values())
    return pipelines
"""

LAYERS = ["01_raw", "02_intermediate", "03_primary", "04_feature", "05_model_input"]


def generate(root: Path, n_pipes: int, per: int) -> None:
    def w(rel: str, text: str) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, "utf-8")

    w("pyproject.toml", PYPROJECT)
    w("src/bench/__init__.py", "")
    w("src/bench/settings.py", "")
    w("src/bench/pipeline_registry.py", REGISTRY)
    w("src/bench/pipelines/__init__.py", "")
    catalog: list[str] = ["_csv: &csv\n  type: pandas.CSVDataset\n"]
    params: list[str] = []
    for i in range(n_pipes):
        pkg = f"src/bench/pipelines/p{i:03d}"
        w(f"{pkg}/__init__.py", "from .pipeline import create_pipeline\n")
        funcs = []
        nodes = []
        for j in range(per):
            funcs.append(
                f"def f{j}(data, options):\n"
                f"    out = data.copy()\n"
                f"    out['c{j}'] = options['scale'] * {j}\n"
                f"    return out\n"
            )
            src = f"p{i:03d}_d{j}"
            dst = f"p{i:03d}_d{j + 1}"
            nodes.append(
                f'        node(f{j}, ["{src}", "params:p{i:03d}.opts"], "{dst}", name="n{j}"),'
            )
        w(f"{pkg}/nodes.py", "\n\n".join(funcs))
        w(
            f"{pkg}/pipeline.py",
            "from kedro.pipeline import Pipeline, node\n\n"
            f"from .nodes import {', '.join(f'f{j}' for j in range(per))}\n\n\n"
            "def create_pipeline(**kwargs) -> Pipeline:\n"
            "    return Pipeline(\n        [\n" + "\n".join(nodes) + "\n        ]\n    )\n",
        )
        for j in range(per + 1):
            if j == per:
                continue  # the last output stays in memory
            layer = LAYERS[min(j * len(LAYERS) // per, len(LAYERS) - 1)]
            catalog.append(
                f"p{i:03d}_d{j}:\n  <<: *csv\n  filepath: data/{layer}/p{i:03d}_d{j}.csv\n"
            )
        params.append(f"p{i:03d}:\n  opts:\n    scale: {i}\n    window: 3\n")
    w("conf/base/catalog.yml", "\n".join(catalog))
    w("conf/base/parameters.yml", "\n".join(params))
    w("conf/local/.gitkeep", "")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pipelines", type=int, default=200)
    ap.add_argument("--entries-per-pipeline", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate(root, args.pipelines, args.entries_per_pipeline)
        settings = load_settings(root)
        files = discover(settings)
        rules = [
            cls
            for code, cls in sorted(rules_by_code().items())
            if issubclass(cls, ProjectRule) and code[:3] in ("SL0", "SL3", "SL4")
        ]
        engine = Engine(settings, [r.code for r in rules], jobs=1, use_cache=False)
        rows: dict[str, list[float]] = {}
        counts: dict[str, int] = {}
        codes = frozenset(r.code for r in rules)

        def summaries(cache: ResultCache | None) -> Summaries:
            return Summaries(engine.read_text, lambda p: module_of(p, settings), cache)

        # Fill the cache once, as a first `structlint check` does.
        cache = ResultCache.open(settings, codes)
        filled = build_project(settings, files, engine.read_text, None, summaries(cache))
        _ = filled.conf, filled.pipelines
        cache.save()
        for warm in (False, True):
            tag = "re-run" if warm else "first run"
            for _ in range(args.repeat):
                engine._texts.clear()
                t0 = time.perf_counter()
                cache = ResultCache.open(settings, codes) if warm else None
                project = build_project(settings, files, engine.read_text, None, summaries(cache))
                conf = project.conf
                _ = conf.catalog, conf.parameter_paths
                t1 = time.perf_counter()
                pipes = project.pipelines
                t2 = time.perf_counter()
                rows.setdefault(f"{tag}: model: conf/ (read + YAML + merge)", []).append(t1 - t0)
                rows.setdefault(f"{tag}: model: pipelines (registry + packages)", []).append(
                    t2 - t1
                )
                total = t2 - t0
                for cls in rules:
                    t = time.perf_counter()
                    found = list(cls().check(project))
                    dt = time.perf_counter() - t
                    counts[cls.code] = len(found)
                    rows.setdefault(f"{tag}: rule {cls.code} {cls.name}", []).append(dt)
                    total += dt
                rows.setdefault(f"{tag}: TOTAL model + rules", []).append(total)
        n_nodes = sum(len(p.nodes) for k, p in pipes.registered.items() if k != "__default__")
        print(
            f"project: {len(pipes.registered) - 1} pipelines, {n_nodes} nodes, "
            f"{len(conf.catalog)} catalog entries, {len(conf.parameters)} parameter keys, "
            f"{len(files.python)} Python files; median of {args.repeat} runs (files read "
            "from disk each run)"
        )
        print(f"{'stage':<58} {'median ms':>10} {'findings':>9}")
        for name, times in rows.items():
            code = name.split(": rule ")[1].split()[0] if ": rule " in name else ""
            shown = str(counts.get(code, "")) if code else ""
            print(f"{name:<58} {statistics.median(times) * 1000:>10.1f} {shown:>9}")
        t = time.perf_counter()
        result = engine.run()
        print(
            f"\nfull `structlint check --select SL0,SL3,SL4`-equivalent engine run "
            f"(discovery, node index, file rules of those families, project rules): "
            f"{(time.perf_counter() - t) * 1000:.0f} ms, {len(result.findings)} findings, "
            f"{len(result.errors)} errors"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
