"""Speed of structlint against the floor (a bare libcst parse) and against Fixit and ruff.

    python benchmarks/run.py                # generate 150k lines, measure, write docs/benchmarks.md
    python benchmarks/run.py --project DIR      # measure an existing project instead
    python benchmarks/run.py --repeat 5 --no-write

Every number is the median wall time of `--repeat` runs of a whole command (interpreter start
included), measured in one session on the same files, so ratios between rows are what to read:
the machine is shared and noisy. Peak memory is the largest summed PSS of the command's process
tree (shared pages counted once over all processes), sampled from /proc every 100 ms. Not a
test: nothing fails on a time.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PARSE_SCRIPT = r"""
import sys, libcst
from pathlib import Path
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
root = Path(sys.argv[1])
files = discover(load_settings(root)).python
for rel in files:
    libcst.parse_module((root / rel).read_bytes())
"""

# The same parse as structlint does it: libcst's tree, without re-validating each node the
# parser built, and with the cyclic collector paused (`structlint.sources.source`, `.collector`).
STRUCTLINT_PARSE_SCRIPT = r"""
import sys
from pathlib import Path
from structlint.core.collector import paused
from structlint.inputs.config import load_settings
from structlint.inputs.discovery import discover
from structlint.sources.source import parse_module
root = Path(sys.argv[1])
files = discover(load_settings(root)).python
with paused():
    for rel in files:
        parse_module((root / rel).read_text(encoding="utf-8"))
"""


def _memory(pid: int, rss_pages: int) -> int:
    """Proportional set size of a process (a page shared by n processes counts 1/n in each:
    forked workers and a forked `git` share their parent's pages), RSS where PSS is not known."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return rss_pages * os.sysconf("SC_PAGE_SIZE")


def _tree_memory(pid: int) -> int:
    """Summed PSS (bytes) of pid and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
        rss[int(entry)] = pages
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        if p in rss:
            total += _memory(p, rss[p])
        todo.extend(children.get(p, []))
    return total


# Python as a user's machine runs it: with its bytecode cache. (Some CI and sandbox images set
# PYTHONDONTWRITEBYTECODE, which makes every run compile structlint's modules again.)
MEASURED_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# Reading a process's PSS walks its page tables: often enough to catch a peak, seldom enough
# not to slow the measured processes down (at 20 ms it cost a parallel run over a second).
SAMPLE_EVERY = 0.1


def measure(cmd: list[str], cwd: Path, before=None) -> tuple[float, int, int]:
    """(seconds, peak bytes, exit code) of one run."""
    if before:
        before()
    peak = 0
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=MEASURED_ENV
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            done.wait(SAMPLE_EVERY)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return elapsed, peak, proc.returncode


def median_of(cmd: list[str], cwd: Path, repeat: int, before=None) -> tuple[float, int]:
    runs = [measure(cmd, cwd, before) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def edited(text: str, n: int) -> str:
    """The edit a developer makes: a statement added inside the first function, so every
    function after it moves down a line (what the whole-project rules see change)."""
    import ast

    tree = ast.parse(text)
    first = next(s for s in tree.body if isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef))
    at = first.body[0]
    lines = text.splitlines(keepends=True)
    indent = " " * at.col_offset
    lines.insert(at.end_lineno or at.lineno, f"{indent}pass  # edit {n}\n")
    return "".join(lines)


REFERENCE_VENV = HERE / ".venv-reference"


def install_reference() -> None:
    """Fixit and ruff in a virtualenv of their own, so their libcst pins cannot touch ours."""
    if not (REFERENCE_VENV / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(REFERENCE_VENV)], check=True)
    subprocess.run(
        [
            str(REFERENCE_VENV / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "fixit>=2,<3",
            "ruff",
        ],
        check=True,
    )


def _reference_tool(name: str) -> str | None:
    local = REFERENCE_VENV / "bin" / name
    return str(local) if local.exists() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="measure this directory instead")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    parser.add_argument("--skip-reference", action="store_true", help="skip Fixit and ruff")
    parser.add_argument(
        "--install-reference",
        action="store_true",
        help=f"first install Fixit 2 and ruff into {REFERENCE_VENV.name}/",
    )
    args = parser.parse_args()

    if args.install_reference:
        install_reference()
    workdir = Path(tempfile.mkdtemp(prefix="structlint-bench-"))
    if args.project:
        project = args.project.resolve()
        described = f"`{project}`"
    else:
        from generate_project import generate

        project = workdir / "bigproj"
        stats = generate(project, pipelines=260, nodes=31, seed=7)
        # A git repository, as in a pre-commit run: the rules that ask git do real work.
        for cmd in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "generated"]):
            subprocess.run(
                ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *cmd],
                cwd=project,
                check=True,
                capture_output=True,
            )
        described = (
            f"a project generated by `benchmarks/generate_project.py` (seed 7): "
            f"{stats['python_lines']:,} lines of Python in {stats['pipelines']} pipelines, "
            f"{stats['catalog_entries']:,} catalog entries"
        )
    py = sys.executable
    lint = [
        py,
        "-m",
        "structlint",
        "check",
        "--select",
        "ALL",
        "--exit-zero",
        "--output-format",
        "concise",
    ]
    cache_dir = project / ".structlint_cache"
    nodes_files = sorted(project.glob("src/*/pipelines/*/nodes.py"))
    counter = [0]

    def clear_cache() -> None:
        shutil.rmtree(cache_dir, ignore_errors=True)

    def touch(files: list[Path]):
        def edit() -> None:
            counter[0] += 1
            for f in files:
                f.write_text(edited(f.read_text(), counter[0]))

        return edit

    rows: list[tuple[str, str, float, int]] = []

    def row(key: str, label: str, cmd: list[str], before=None) -> None:
        seconds, peak = median_of(cmd, project, args.repeat, before)
        rows.append((key, label, seconds, peak))
        print(f"{key} {label:<58} {seconds:8.2f} s {peak / 2**20:8.0f} MB", flush=True)

    row(
        "a",
        "bare `libcst.parse_module` of every file, one process",
        [py, "-c", PARSE_SCRIPT, str(project)],
    )
    row(
        "a2",
        "the same parse as structlint runs it (no re-validation, collector paused)",
        [py, "-c", STRUCTLINT_PARSE_SCRIPT, str(project)],
    )
    row(
        "b",
        "`structlint check --select ALL`, --jobs 1, no cache",
        [*lint, "--jobs", "1", "--no-cache"],
    )
    row("c", f"the same, default jobs ({os.cpu_count()} cores)", [*lint, "--no-cache"])
    clear_cache()
    measure(lint, project)  # fill the cache
    row("d", "second run, cache warm, nothing changed", lint)
    row("e", "run after one file changed", lint, touch(nodes_files[:1]))
    five = nodes_files[1:6]
    row("f", "pre-commit style: 5 changed files passed", [*lint, *map(str, five)], touch(five))
    if not args.skip_reference:
        ruff = _reference_tool("ruff")
        if ruff:
            row(
                "g1",
                "ruff check --select ALL (reference)",
                [ruff, "check", "--select", "ALL", "--no-cache", "--exit-zero", "-q", "."],
            )
        fixit = _reference_tool("fixit")
        if fixit:
            row("g2", "Fixit 2, default rules (reference)", [fixit, "lint", "."])
    shutil.rmtree(workdir, ignore_errors=True)

    by = {r[0]: r for r in rows}
    ratios = [
        ("(b) / (a): all rules vs bare parse", by["b"][2] / by["a"][2], "<= 1.3"),
        ("(b) / (a2): all rules vs structlint's own parse", by["b"][2] / by["a2"][2], "-"),
        ("(c) / (b): parallel speed-up", by["c"][2] / by["b"][2], "<= 0.6"),
        ("(d) warm run", by["d"][2], "<= 0.5 s"),
        ("(e) one file changed", by["e"][2], "<= 1 s"),
        ("(f) pre-commit, 5 files", by["f"][2], "<= 1 s"),
        (
            "peak memory of (b)-(f), MB",
            max(r[3] for r in rows if r[0] in ("b", "c", "d", "e", "f")) / 2**20,
            "<= 500",
        ),
    ]
    print()
    for name, value, target in ratios:
        print(f"{name:<40} {value:8.2f}   target {target}")
    if not args.no_write:
        write_markdown(described, rows, ratios, args.repeat)


def write_markdown(described: str, rows, ratios, repeat: int) -> None:

    from structlint import __version__

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    lines = [
        "# Benchmarks",
        "",
        "Measured by `python benchmarks/run.py` (median of "
        f"{repeat} runs of each whole command, interpreter start included) on {described}.",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"libcst {importlib.metadata.version('libcst')}, "
        f"structlint {__version__}. The machine is shared and noisy: read the ratios, "
        "which come from one session on the same files. Peak memory is the command's whole "
        "process tree (workers and the `git` it runs included), as summed PSS: a page that "
        "forked processes share counts once.",
        "",
        "| | what | median time | peak memory |",
        "|---|---|---:|---:|",
    ]
    for key, label, seconds, peak in rows:
        lines.append(f"| ({key}) | {label} | {seconds:.2f} s | {peak / 2**20:.0f} MB |")
    lines += ["", "| target | measured | goal |", "|---|---:|---|"]
    for name, value, target in ratios:
        lines.append(f"| {name} | {value:.2f} | {target} |")
    lines += [
        "",
        "Reproduce: `python benchmarks/run.py` (add `--project DIR` to measure your own "
        "project, `--skip-reference` to leave out ruff and Fixit).",
        "",
    ]
    out = ROOT / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text("\n".join(lines))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
