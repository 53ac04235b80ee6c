"""Inputs whose cost once grew faster than their size (issue 18): one generated module with
a finding per function, and one very large catalog. Each row is one `structlint check` run on
a project written under a temporary folder; wall time and peak memory are printed.

    python benchmarks/bench_robustness.py                  # 200 KB and 1 MB module, 7.5 MB catalog
    python benchmarks/bench_robustness.py --catalog-mb 50  # the issue's 50 MB catalog
    python benchmarks/bench_robustness.py --catalog-only   # the catalog rows alone
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYPROJECT = """\
[tool.kedro]
package_name = "demo"
project_name = "demo"
kedro_init_version = "1.0.0"
source_dir = "src"
"""


def _project(root: Path) -> Path:
    (root / "src/demo").mkdir(parents=True)
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "src/demo/__init__.py").write_text("")
    return root


def findings_module(root: Path, functions: int) -> int:
    """A module of `functions` functions, each reading a hardcoded path (one SL101 each)."""
    body = ["import pandas as pd\n\n"]
    body += [
        f"\ndef load_{i}(df):\n    return pd.read_csv('data/01_raw/file_{i}.csv')  # generated\n"
        for i in range(functions)
    ]
    text = "".join(body)
    (_project(root) / "src/demo/gen.py").write_text(text)
    return len(text)


def catalog(root: Path, megabytes: float) -> int:
    entry = (
        "dataset_{i}:\n  type: pandas.CSVDataset\n  filepath: data/01_raw/file_{i}.csv\n"
        "  load_args:\n    sep: ','\n  metadata:\n    kedro-viz:\n      layer: raw\n"
    )
    count = int(megabytes * 1e6 / len(entry.format(i=10**5)))
    text = "".join(entry.format(i=i) for i in range(count))
    (_project(root) / "conf/base").mkdir(parents=True)
    (root / "conf/base/catalog.yml").write_text(text)
    return len(text)


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of one run (a fresh child each time)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *cmd], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    peak_kb = float(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else 0.0
    return seconds, peak_kb / 1024


# Runs the command as a grandchild and prints its peak RSS (kB): the timing includes start-up.
_CHILD = """\
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--catalog-mb", type=float, default=7.5)
    parser.add_argument("--catalog-only", action="store_true", help="only the catalog rows")
    args = parser.parse_args()
    check = [sys.executable, "-m", "structlint", "check", "--jobs", "1"]
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="structlint-bench-") as tmp:
        for functions in () if args.catalog_only else (1869, 12000):
            root = Path(tmp) / f"findings-{functions}"
            size = findings_module(root, functions)
            s, mb = measure([*check, "--no-cache", str(root)])
            rows.append((f"{size / 1e3:.0f} KB module, {functions} findings, --no-cache", s, mb))
        root = Path(tmp) / "catalog"
        size = catalog(root, args.catalog_mb)
        s, mb = measure([*check, str(root)])
        rows.append((f"{size / 1e6:.1f} MB catalog, first run (cache written)", s, mb))
        s, mb = measure([*check, str(root)])
        rows.append((f"{size / 1e6:.1f} MB catalog, warm run", s, mb))
    print("| row | seconds | peak MB |\n|---|---:|---:|")
    for label, seconds, peak in rows:
        print(f"| {label} | {seconds:.2f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
