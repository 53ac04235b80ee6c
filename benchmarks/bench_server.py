"""`structlint server` after an edit: how long from the editor's `didChange` of one
`nodes.py` to the diagnostics it publishes, and the server's memory, on the generated
150k-line project.

    python benchmarks/bench_server.py                      # generate, warm the cache, 20 edits
    python benchmarks/bench_server.py --project DIR --edits 20

The server needs kedro-structlint[server] (pygls) in this interpreter. The cache is warmed
first with `structlint check` (all cores), as a user's terminal run or pre-commit leaves it:
the server's first whole-project check then reads it. Each edit adds one hardcoded path to
the buffer (unsaved), so each publishes a new SL101; a row is the median of the edits.
Two times per edit: the first publish (the file rules on the buffer, with the last
whole-project findings beside them) and the end of the whole-project check that follows
(from the server's log), and the CPU time of each in the server's thread (from its log): on
a shared, loaded machine the wall time measures the neighbours too. A server that collects
garbage after it publishes is waited for (and its collection's CPU time noted) before the
next edit. Memory is the server
process's peak resident size (VmHWM).
Not a test: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from generate_project import generate  # noqa: E402

from tests.server.lsp_client import Client  # noqa: E402


def _status(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024  # kB -> MB
    return float("nan")


def _settle(client: Client, collected: list[float], timeout: float) -> bool:
    """Wait for the garbage collection a server runs after it publishes a whole-project
    check (the next edit would wait for it), and note its CPU time; False for a server
    that collects before it publishes (it does not say so)."""
    try:
        said = client.wait(
            "window/logMessage", lambda p: "collected garbage" in p["message"], timeout
        )
    except TimeoutError:
        return False
    collected.append(float(said["message"].rsplit("(", 1)[1].split()[0]))
    return True


def bench(project: Path, edits: int) -> dict[str, float]:
    subprocess.run(
        [sys.executable, "-m", "structlint", "check", "--exit-zero", str(project)],
        check=False,
        capture_output=True,
    )
    nodes = sorted(project.glob("src/*/pipelines/*/nodes.py"))[0]
    text = nodes.read_text(encoding="utf-8")
    client = Client(project)
    try:
        client.initialize(project)
        start = time.perf_counter()
        client.open(nodes)
        client.wait("window/logMessage", lambda p: "structlint: checked" in p["message"], 3600)
        first = time.perf_counter() - start
        collected: list[float] = []  # the collection after each publish: see `settle`
        settles = _settle(client, collected, 20)
        quick: list[float] = []
        full: list[float] = []
        cpu: list[float] = []
        full_cpu: list[float] = []  # nan: a server that does not log it
        for i in range(edits):
            marker = f"data/01_raw/bench_{i}.csv"
            text += f'\nBENCH_{i} = "{marker}"\n'
            sent = time.perf_counter()
            client.change(nodes, text, i + 2)
            client.diagnostics(nodes, 600, lambda ds, m=marker: any(m in d["message"] for d in ds))
            quick.append(time.perf_counter() - sent)
            logged = client.wait("window/logMessage", lambda p: "file rules on" in p["message"])
            cpu.append(float(logged["message"].rsplit("(", 1)[1].split()[0]))
            done = client.wait(
                "window/logMessage", lambda p: "structlint: checked" in p["message"], 600
            )
            full.append(time.perf_counter() - sent)
            said = done["message"].split(" s CPU)")[0].rsplit("(", 1)
            full_cpu.append(float(said[1]) if len(said) == 2 else float("nan"))
            if settles:
                _settle(client, collected, 60)
        peak = _status(client.proc.pid, "VmHWM")
        now = _status(client.proc.pid, "VmRSS")
        client.shutdown()
    finally:
        client.close()
    return {
        "first check (s)": first,
        "edit -> first publish, median (ms)": statistics.median(quick) * 1000,
        "edit -> first publish, max (ms)": max(quick) * 1000,
        "the file check's own CPU time, median (ms)": statistics.median(cpu) * 1000,
        "edit -> whole-project check done, median (ms)": statistics.median(full) * 1000,
        "the whole-project check's own CPU time, median (ms)": statistics.median(full_cpu) * 1000,
        "the garbage collection after it (CPU), median (ms)": statistics.median(collected) * 1000
        if collected
        else float("nan"),
        "server peak RSS (MB)": peak,
        "server RSS at the end (MB)": now,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="an existing project (default: generate)")
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    if args.project is not None:
        rows = bench(args.project.resolve(), args.edits)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "bench"
            generate(project, pipelines=260, nodes=31, seed=7)
            subprocess.run(["git", "init", "-q"], cwd=project, check=True)
            subprocess.run(["git", "add", "-A"], cwd=project, check=True)
            rows = bench(project, args.edits)
    for name, value in rows.items():
        print(f"| {name} | {value:,.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
