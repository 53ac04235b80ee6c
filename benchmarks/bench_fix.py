"""What `--fix` costs: `structlint check --fix` against `structlint check` alone, on the
generated project with one fixable violation planted in every `nodes.py`.

    python benchmarks/bench_fix.py                       # 150k lines (260 pipelines)
    python benchmarks/bench_fix.py --pipelines 26 --repeat 5

The planted violation is a node that changes its frame argument in place (SL203, whose safe
fix copies the argument as the node's first statement), so `--fix` rewrites every `nodes.py`
and re-checks them. Each row is the median wall and CPU time of `--repeat` whole commands
(interpreter start included) on a fresh copy of the planted project, with the default
selection and jobs:

- cold: no cache yet (the first run on a project, a CI job);
- warm: the cache holds the results of the unfixed project (a `check` ran before, as an
  editor or a pre-commit hook would have).

`--fix` is a check, the writing of the fixed files, and a second check of what is left (the
unchanged files come from the cache the first check wrote). Target: at most 2x the check
alone. Not a test: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_project import generate  # noqa: E402
from run import MEASURED_ENV  # noqa: E402


def measure(cmd: list[str], cwd: Path, before=None) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the command and its workers) of one
    run. On a shared machine the CPU time is the number to compare."""
    if before:
        before()
    was = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, env=MEASURED_ENV, check=False)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]!r}")
    cpu = (now.ru_utime - was.ru_utime) + (now.ru_stime - was.ru_stime)
    return wall, cpu


PLANTED = '''

def planted_flag(frame: pd.DataFrame) -> pd.DataFrame:
    """A node that writes into its input: SL203, fixed by copying it first."""
    frame["planted"] = 1
    return frame
'''


def plant(project: Path) -> int:
    files = sorted(project.glob("src/*/pipelines/*/nodes.py"))
    for path in files:
        text = path.read_text()
        assert "import pandas as pd" in text, path
        path.write_text(text + PLANTED)
    return len(files)


def _rows(
    pristine: Path, work: Path, repeat: int, jobs: list[str]
) -> dict[str, tuple[float, float]]:
    check = ["structlint", "check", *jobs]
    fix = [*check, "--fix"]
    times: dict[str, list[tuple[float, float]]] = {
        k: [] for k in ("check cold", "fix cold", "check warm", "fix warm")
    }

    def fresh(warm: bool) -> None:
        if work.exists():
            shutil.rmtree(work)
        shutil.copytree(pristine, work)
        if warm:
            measure(check, work)  # fills the cache with the unfixed project's results

    for _ in range(repeat):
        # Alternate the commands, so that the shared machine's drift hits both alike.
        for warm in (False, True):
            label = "warm" if warm else "cold"
            times[f"check {label}"].append(measure(check, work, lambda w=warm: fresh(w)))
            times[f"fix {label}"].append(measure(fix, work, lambda w=warm: fresh(w)))
            fixed = [p.read_text() for p in work.glob("src/*/pipelines/*/nodes.py")]
            assert all("    frame = frame.copy()\n" in t for t in fixed), "not every plant fixed"
    return {
        k: (statistics.median(t[0] for t in v), statistics.median(t[1] for t in v))
        for k, v in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pipelines", type=int, default=260)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for both commands")
    args = parser.parse_args()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    with tempfile.TemporaryDirectory(prefix="structlint-bench-fix-") as tmp:
        pristine = Path(tmp) / "pristine"
        sizes = generate(pristine, args.pipelines, 31, 7)
        planted = plant(pristine)
        rows = _rows(pristine, Path(tmp) / "work", args.repeat, jobs)
    lines = sizes["python_lines"]
    print(f"project: {args.pipelines} pipelines, {lines} lines, {planted} planted SL203 fixes")
    print("| row | check (wall / CPU) | check --fix (wall / CPU) | ratio (CPU) |")
    print("|---|---:|---:|---:|")
    for label in ("cold", "warm"):
        (cw, cc), (fw, fc) = rows[f"check {label}"], rows[f"fix {label}"]
        print(f"| {label} | {cw:.2f} s / {cc:.2f} s | {fw:.2f} s / {fc:.2f} s | {fc / cc:.2f}x |")


if __name__ == "__main__":
    main()
