"""What a baseline costs: `structlint check` with a baseline of N findings against the same
check with `--no-baseline`, on the generated project.

    python benchmarks/bench_baseline.py                      # 150k lines, 10,000 findings
    python benchmarks/bench_baseline.py --pipelines 60 --findings 2300 --repeat 5
    python benchmarks/bench_baseline.py --project DIR --skip-cold --repeat 9  # DIR again

The generated project (`generate_project.py`, seed 7) gets planted findings until it has
`--findings` of them: lines in existing node functions that read a hardcoded path
(`pd.read_csv("data/01_raw/...")`, one SL201 and one SL101 each), spread over every
`nodes.py`. `structlint baseline` records them all; then each row is the median wall time of
`--repeat` whole commands (interpreter start included; the two commands alternate, so
the shared machine's drift hits both alike), cold (`--no-cache`) and with a warm
cache. The baseline's own cost in-process (fingerprints and matching of every finding) is
timed too: the part of the difference that is not noise. Not a test: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402
from run import measure  # noqa: E402

_BODY = re.compile(r"^def (\w+)\(.*?\n    \"\"\".*?\"\"\"\n", re.M | re.S)


def plant(project: Path, findings: int) -> int:
    """Add hardcoded-path reads to node functions until about `findings` more findings."""
    files = sorted(project.glob("src/*/pipelines/*/nodes.py"))
    lines_wanted = (findings + 1) // 2
    per_file, extra = divmod(lines_wanted, len(files))
    planted = 0
    for n, path in enumerate(files):
        count = per_file + (1 if n < extra else 0)
        text = path.read_text()
        bodies = list(_BODY.finditer(text))
        if not bodies or not count:
            continue
        inserts: dict[int, list[str]] = {}
        for i in range(count):
            m = bodies[i % len(bodies)]
            inserts.setdefault(m.end(), []).append(
                f'    _planted_{i} = pd.read_csv("data/01_raw/{path.parent.name}_{i}.csv")\n'
            )
        out, last = [], 0
        for at in sorted(inserts):
            out += [text[last:at], *inserts[at]]
            last = at
        out.append(text[last:])
        path.write_text("".join(out))
        planted += 2 * count
    return planted


def in_process(project: Path) -> tuple[int, float, float]:
    """(findings, seconds of reading the baseline + fingerprints + matching, seconds of the
    run), in this process, as a warm `structlint check` does them (through the run's cache:
    `CheckResult.memo`)."""
    from structlint.api import Project
    from structlint.frontends import baseline

    opened = Project.open(project)
    codes = opened.codes(["ALL"])
    start = time.perf_counter()
    result = opened.check([], codes)
    ran = time.perf_counter() - start
    start = time.perf_counter()
    held = baseline.read(opened.root / opened.settings.get("baseline"), result.memo)
    assert held is not None
    keys = baseline.fingerprints(result.findings, result.read_text, result.memo)
    outcome = held.match(result.findings, keys, baseline.scope_filter(codes, []))
    spent = time.perf_counter() - start
    assert not outcome.new and not outcome.fixed, (len(outcome.new), outcome.fixed)
    return len(result.findings), spent, ran


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipelines", type=int, default=260)
    parser.add_argument("--nodes", type=int, default=31)
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-cold", action="store_true", help="only the warm-cache rows")
    parser.add_argument(
        "--project",
        type=Path,
        help="a project this script prepared before (it has its baseline): measure it again",
    )
    args = parser.parse_args()

    py = sys.executable
    lint = [py, "-m", "structlint", "check", "--select", "ALL", "--exit-zero"]
    lint += ["--output-format", "concise"]
    if args.project is not None:
        project = args.project.resolve()
        pipelines = len(list(project.glob("src/*/pipelines/*/nodes.py")))
    else:
        project = Path(tempfile.mkdtemp(prefix="structlint-bench-baseline-")) / "bigproj"
        pipelines = generate(project, pipelines=args.pipelines, nodes=args.nodes, seed=7)[
            "pipelines"
        ]
        count = subprocess.run(
            [*lint, "--no-cache", "--output-format", "json"],
            cwd=project,
            capture_output=True,
            text=True,
            check=True,
        )
        already = len(json.loads(count.stdout))
        plant(project, max(0, args.findings - already))
        subprocess.run(
            [py, "-m", "structlint", "baseline", "--select", "ALL", "--no-cache"],
            cwd=project,
            check=True,
            capture_output=True,
        )
    lines = sum(p.read_text().count("\n") for p in project.rglob("*.py"))
    entries = json.loads((project / "structlint-baseline.json").read_text())["findings"]
    total = sum(e["count"] for e in entries)
    print(
        f"project: {lines:,} lines of Python in {pipelines} pipelines; "
        f"{total:,} findings in the baseline ({len(entries):,} entries)",
        flush=True,
    )

    def pair(label: str, without: list[str], with_baseline: list[str]) -> tuple[float, float]:
        """Medians of the two commands, run alternately: the machine's drift hits both."""
        a, b = [], []
        for _ in range(args.repeat):
            a.append(measure(without, project)[0])
            b.append(measure(with_baseline, project)[0])
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"{label + ', --no-baseline':<40} {ma:8.3f} s", flush=True)
        print(f"{label + ', with the baseline':<40} {mb:8.3f} s", flush=True)
        return ma, mb

    if not args.skip_cold:
        cold_without, cold_with = pair(
            "cold", [*lint, "--no-cache", "--no-baseline"], [*lint, "--no-cache"]
        )
    subprocess.run(lint, cwd=project, check=True, capture_output=True)  # fill the cache
    warm_without, warm_with = pair("warm cache", [*lint, "--no-baseline"], lint)
    found, spent, _ran = in_process(project)
    print(
        f"in-process: reading the baseline, fingerprints and matching of {found:,} findings: "
        f"{spent * 1000:.0f} ms"
    )
    print()
    if not args.skip_cold:
        print(f"cold overhead: {100 * (cold_with / cold_without - 1):+.1f} %   target <= +5 %")
    print(f"warm overhead: {100 * (warm_with / warm_without - 1):+.1f} %   target <= +5 %")
    print(f"matching alone / warm run without baseline: {100 * spent / warm_without:.1f} %")


if __name__ == "__main__":
    main()
