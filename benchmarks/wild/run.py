"""Precision of structlint on real public Kedro projects, against a hand-made label set.

    python benchmarks/wild/run.py                   # every project of projects.toml
    python benchmarks/wild/run.py --project NAME    # one project (repeatable)
    python benchmarks/wild/run.py --no-run          # re-score findings.jsonl against labels.jsonl

For each project of `projects.toml` it exports the pinned commit from a bare mirror
(`<mirror-root>/<owner>+<name>/repo`, default /work/.mirror), renders it with cookiecutter when the
entry says so (what `kedro new --starter` does), commits the result into a fresh git repository
(the layout rules read git), and runs `structlint check` twice: `--select ALL` as JSON (the
findings) and the default selection as concise text (which findings a user sees by default, and
the closing lines the run prints). Every finding goes to findings.jsonl with the stripped text of
its source line; labels.jsonl holds one verdict per (project, code, path, line text), so a label
survives findings moving to other line numbers. Not a test: it reports, nothing fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

HERE = Path(__file__).resolve().parent
PROJECTS = HERE / "projects.toml"
FINDINGS = HERE / "findings.jsonl"
LABELS = HERE / "labels.jsonl"
NOTES = HERE / "notes.jsonl"
DEFAULT_MIRROR = Path(os.environ.get("WILD_MIRROR", "/work/.mirror"))
# `path:line:col: SL123 ...` of the concise format; anything else on stdout is a closing line.
CONCISE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>SL\d{3}) ")
# The export's commit must not depend on the user's git configuration (identity, signing).
IDENTITY = "user.name=wild", "user.email=wild@example.invalid", "commit.gpgsign=false"
GIT_ID = [arg for setting in IDENTITY for arg in ("-c", setting)]


@dataclass(frozen=True)
class Project:
    name: str
    repo: str
    commit: str
    subdir: str
    render: str  # "none" or "cookiecutter"
    kedro: str  # the Kedro version the project declares, as written
    note: str
    context: dict[str, str]  # cookiecutter values that differ from what `kedro new` passes today

    @classmethod
    def from_toml(cls, raw: dict[str, Any]) -> Project:
        return cls(
            name=raw["name"],
            repo=raw["repo"],
            commit=raw["commit"],
            subdir=raw.get("subdir", ""),
            render=raw.get("render", "none"),
            kedro=raw.get("kedro", "?"),
            note=raw.get("note", ""),
            context=dict(raw.get("context", {})),
        )


def load_projects() -> list[Project]:
    with PROJECTS.open("rb") as fh:
        data = tomllib.load(fh)
    return [Project.from_toml(p) for p in data["project"]]


def mirror_dir(root: Path, repo: str) -> Path:
    return root / repo.replace("/", "+") / "repo"


def git(args: list[str], cwd: Path | None = None, git_dir: Path | None = None) -> str:
    cmd = ["git", *GIT_ID]
    if git_dir is not None:
        cmd += ["--git-dir", str(git_dir)]
    out = subprocess.run(cmd + args, cwd=cwd, capture_output=True, text=True, check=True)
    return out.stdout


def export_tree(git_dir: Path, commit: str, dest: Path) -> list[str]:
    """Write every file of `commit` under `dest`; return the paths whose content is absent.

    `git archive` stops at the first missing blob, and snapshots here lack files of 4 MiB and
    more, so blobs are read one by one and a missing one becomes an empty file (still tracked,
    which is all the layout rules look at).
    """
    listing = git(["ls-tree", "-r", "-z", commit], git_dir=git_dir)
    entries: list[tuple[str, str, str]] = []
    for item in listing.split("\0"):
        if not item:
            continue
        meta, path = item.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob":
            entries.append((mode, sha, path))
    missing: list[str] = []
    proc = subprocess.Popen(
        ["git", "--git-dir", str(git_dir), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    for _mode, sha, path in entries:
        proc.stdin.write(f"{sha}\n".encode())
        proc.stdin.flush()
        header = proc.stdout.readline().decode().split()
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if len(header) < 3 or header[1] == "missing":
            missing.append(path)
            target.write_bytes(b"")
            continue
        body = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)  # the newline after each object
        # A symlink (mode 120000) is written as a file holding its target: never followed out.
        target.write_bytes(body)
    proc.stdin.close()
    proc.wait()
    return missing


def commit_all(root: Path, force: bool) -> None:
    """A fresh repository with every file committed: `force` keeps files that the project's own
    .gitignore ignores but its authors committed anyway (as the original repository tracks them)."""
    git(["init", "-q"], cwd=root)
    git(["add", "-A", "-f"] if force else ["add", "-A"], cwd=root)
    git(["commit", "-q", "--allow-empty", "-m", "wild export"], cwd=root)


def render(starter: Path, out: Path, context: dict[str, str]) -> Path:
    """What `kedro new --starter <dir>` does offline: cookiecutter without prompts, with the
    context that kedro passes (its own version, no extra tools, no example pipeline); an old
    starter gets the Kedro version it was written for from `context`."""
    import kedro

    values = {"kedro_version": kedro.__version__, "tools": "none", "example_pipeline": "False"}
    values.update(context)
    out.mkdir(parents=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cookiecutter",
            "--no-input",
            "-o",
            str(out),
            str(starter),
            *(f"{k}={v}" for k, v in values.items()),
        ],
        check=True,
        capture_output=True,
    )
    (made,) = [p for p in out.iterdir() if p.is_dir()]
    return made


def prepare(project: Project, mirror: Path, work: Path) -> tuple[Path, list[str]]:
    git_dir = mirror_dir(mirror, project.repo)
    if not git_dir.is_dir():
        raise SystemExit(
            f"{project.name}: no mirror at {git_dir}; fetch {project.repo} first (see README.md)"
        )
    tree = work / "tree"
    missing = export_tree(git_dir, project.commit, tree)
    if project.render == "cookiecutter":
        root = render(tree / project.subdir, work / "rendered", project.context)
        commit_all(root, force=False)
        return root, missing
    commit_all(tree, force=True)
    return (tree / project.subdir if project.subdir else tree), missing


def structlint(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "structlint", "check", *args, "--no-cache"],
        capture_output=True,
        text=True,
    )


def line_text(root: Path, rel: str, line: int) -> str:
    try:
        raw = (root / rel).read_bytes()
    except OSError:
        return ""
    if b"\0" in raw[:4096]:
        return "<binary>"  # a stable key for a binary data file's finding
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return "<binary>"
    if 1 <= line <= len(lines):
        return lines[line - 1].strip()[:240]
    return ""


def check_project(
    project: Project, mirror: Path, keep: Path | None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix=f"wild-{project.name}-") as tmp:
        work = Path(tmp)
        if keep is not None:  # exports kept for reading findings against the code while labelling
            work = keep / project.name
            if work.exists():
                subprocess.run(["rm", "-rf", str(work)], check=True)
            work.mkdir(parents=True)
        try:
            root, missing = prepare(project, mirror, work)
        except subprocess.CalledProcessError as exc:
            # A starter that does not render (or a commit not in the mirror) is reported, not fatal.
            err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
            why = f"could not prepare: {' '.join(map(str, exc.cmd[:4]))} ... {err.strip()[-300:]}"
            return [], failed_note(project, why)
        every = structlint([str(root), "--select", "ALL", "--output-format", "json", "-v"])
        default = structlint([str(root), "--output-format", "concise"])
        try:
            raw = json.loads(every.stdout or "[]")
        except json.JSONDecodeError:
            raw = []
        shown: set[tuple[str, int, str]] = set()
        closing: list[str] = []
        for text in default.stdout.splitlines():
            m = CONCISE.match(text)
            if m:
                shown.add((m["path"], int(m["line"]), m["code"]))
            elif text.strip():
                closing.append(text)
        # A closing note may go to stderr (as `-v` notes do): a user sees it all the same.
        closing += [t for t in default.stderr.splitlines() if t.strip()]
        findings = []
        for item in raw:
            rel = os.path.relpath(item["filename"], root)
            line = int(item["location"]["row"])
            findings.append(
                {
                    "project": project.name,
                    "code": item["code"],
                    "path": rel,
                    "line": line,
                    "default": (rel, line, item["code"]) in shown,
                    "message": item["message"],
                    "text": line_text(root, rel, line),
                }
            )
        py_lines = sum(
            len(p.read_bytes().splitlines()) for p in root.rglob("*.py") if ".git" not in p.parts
        )
        note = {
            "project": project.name,
            "python_lines": py_lines,
            "missing_blobs": len(missing),
            "exit_all": every.returncode,
            "exit_default": default.returncode,
            "closing": closing,
            "verbose_notes": [t for t in every.stderr.splitlines() if t.strip()],
        }
        return findings, note


def failed_note(project: Project, why: str) -> dict[str, Any]:
    return {
        "project": project.name,
        "python_lines": 0,
        "missing_blobs": 0,
        "exit_all": -1,
        "exit_default": -1,
        "closing": [why],
        "verbose_notes": [],
    }


def key(item: dict[str, Any]) -> tuple[str, str, str, str]:
    return (item["project"], item["code"], item["path"], item["text"])


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(t) for t in path.read_text().splitlines() if t.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))


def row(name: str, c: Counter[str]) -> str:
    counts = f"{c['findings']:>9}{c['labelled']:>9}{c['TRUE']:>6}{c['FALSE']:>6}"
    return f"{name:<29}{counts}{ratio(c):>10}"


HEADER = f"{'':<29}{'findings':>9}{'labelled':>9}{'TRUE':>6}{'FALSE':>6}{'precision':>10}"


def score(findings: list[dict[str, Any]], labels: list[dict[str, Any]], only_default: bool) -> int:
    verdicts = {key(lab): lab for lab in labels}
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    per_project: dict[str, Counter[str]] = defaultdict(Counter)
    causes: Counter[tuple[str, str]] = Counter()
    unlabelled: list[dict[str, Any]] = []
    for f in findings:
        if only_default and not f["default"]:
            continue
        lab = verdicts.get(key(f))
        for c in (per_rule[f["code"]], per_project[f["project"]]):
            c["findings"] += 1
            if lab is not None:
                c["labelled"] += 1
                c[lab["verdict"]] += 1
        if lab is None:
            unlabelled.append(f)
        elif lab["verdict"] == "FALSE":
            causes[(f["code"], lab["cause"])] += 1
    title = "default selection" if only_default else "--select ALL"
    print(f"\n## precision per rule ({title})\n\n{HEADER}")
    total: Counter[str] = Counter()
    for code in sorted(per_rule):
        total.update(per_rule[code])
        print(row(code, per_rule[code]))
    print(row("all", total))
    if only_default:
        return len(unlabelled)
    print(f"\n## precision per project ({title})\n\n{HEADER}")
    for name, c in per_project.items():
        print(row(name, c))
    print("\n## FALSE findings by rule and cause\n")
    for (code, cause), n in sorted(causes.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"{code} {n:>4}  {cause}")
    if unlabelled:
        print(f"\n## {len(unlabelled)} findings to label\n")
        for f in unlabelled:
            where = f"{f['path']}:{f['line']}"
            print(f"{f['project']}\t{f['code']}\t{where}\t{f['text']}\n    {f['message']}")
    return len(unlabelled)


def ratio(c: Counter[str]) -> str:
    judged = c["TRUE"] + c["FALSE"]
    return f"{c['TRUE'] / judged:.2f}" if judged else "-"


# What a closing line must say for a partly followed graph to count as reported.
SAYS_SO = re.compile(r"follow|incomplete|not modelled|could not", re.IGNORECASE)


def silent(note: dict[str, Any]) -> bool:
    """The graph was not wholly followed (`-v` says so) but the default output did not say it."""
    return bool(note["verbose_notes"]) and not any(SAYS_SO.search(t) for t in note["closing"])


def print_notes(notes: list[dict[str, Any]]) -> None:
    print("## projects\n")
    for n in notes:
        flag = "" if n["exit_all"] in (0, 1) and n["exit_default"] in (0, 1) else "  <-- ERROR EXIT"
        exits = f"exit {n['exit_all']}/{n['exit_default']}"
        absent = f"{n['missing_blobs']} files absent from the snapshot"
        if silent(n):
            flag += "  <-- SILENT: not all followed, the default output does not say so"
        print(f"{n['project']}: {n['python_lines']} lines of Python, {exits}, {absent}{flag}")
        for t in n["closing"]:
            print(f"    | {t}")
        # `-v` notes repeat per registered pipeline: show each distinct reason once, with a count.
        reasons = Counter(t.split(" only partly followed: ", 1)[-1] for t in n["verbose_notes"])
        for t, times in sorted(reasons.items(), key=lambda kv: -kv[1])[:12]:
            print(f"    -v {t}" + (f"  (x{times})" if times > 1 else ""))
        if len(reasons) > 12:
            print(f"    -v ... and {len(reasons) - 12} more distinct notes")
    quiet = [n["project"] for n in notes if silent(n)]
    print(f"\n{len(quiet)} of {len(notes)} projects silently incomplete: {', '.join(quiet) or '-'}")


def markdown(
    projects: list[Project],
    findings: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    labels: list[dict[str, Any]],
) -> None:
    """The README's tables: projects, precision per rule, FALSE findings by cause."""
    verdicts = {key(lab): lab for lab in labels}
    by_note = {n["project"]: n for n in notes}
    print(
        "| project | repository @ commit | folder | Kedro declared | Python lines | findings |",
        end="",
    )
    print(" precision | silently incomplete |")
    print("|---|---|---|---|---:|---:|---:|---|")
    for p in projects:
        if p.name not in by_note:
            continue
        c: Counter[str] = Counter()
        for f in findings:
            if f["project"] == p.name:
                c["findings"] += 1
                lab = verdicts.get(key(f))
                c[lab["verdict"] if lab else "unlabelled"] += 1
        folder = f"`{p.subdir or '.'}`" + (" rendered" if p.render == "cookiecutter" else "")
        n = by_note[p.name]
        quiet = "yes" if silent(n) else ""
        print(
            f"| {p.name} | {p.repo} @ `{p.commit[:10]}` | {folder} | {p.kedro} |"
            f" {n['python_lines']} | {c['findings']} | {ratio(c)} | {quiet} |"
        )
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    causes: Counter[tuple[str, str]] = Counter()
    for f in findings:
        c = per_rule[f["code"]]
        c["findings"] += 1
        lab = verdicts.get(key(f))
        if lab:
            c[lab["verdict"]] += 1
            if lab["verdict"] == "FALSE":
                causes[(f["code"], lab["cause"])] += 1
    total: Counter[str] = Counter()
    print("\n| rule | findings | TRUE | FALSE | precision |\n|---|---:|---:|---:|---:|")
    for code in sorted(per_rule):
        c = per_rule[code]
        total.update(c)
        print(f"| {code} | {c['findings']} | {c['TRUE']} | {c['FALSE']} | {ratio(c)} |")
    print(f"| all | {total['findings']} | {total['TRUE']} | {total['FALSE']} | {ratio(total)} |")
    print("\n| rule | FALSE | cause |\n|---|---:|---|")
    for (code, cause), n_false in sorted(causes.items(), key=lambda kv: (kv[0][0], -kv[1])):
        print(f"| {code} | {n_false} | {cause} |")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--project", action="append", help="only this project (repeatable)")
    ap.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="folder of bare mirrors")
    ap.add_argument("--no-run", action="store_true", help="score findings.jsonl as written")
    ap.add_argument("--keep", type=Path, help="keep each exported project under KEEP/<name>/")
    ap.add_argument(
        "--out",
        type=Path,
        default=HERE,
        help="folder for findings.jsonl and notes.jsonl (default: beside run.py; another folder"
        " measures a branch without touching the committed baseline)",
    )
    ap.add_argument("--markdown", action="store_true", help="print the README's tables instead")
    args = ap.parse_args()
    projects = load_projects()
    if args.project:
        unknown = set(args.project) - {p.name for p in projects}
        if unknown:
            raise SystemExit(f"unknown project(s): {', '.join(sorted(unknown))}")
        projects = [p for p in projects if p.name in args.project]
    findings_file = args.out / FINDINGS.name
    notes_file = args.out / NOTES.name
    args.out.mkdir(parents=True, exist_ok=True)
    findings = read_jsonl(findings_file)
    notes = read_jsonl(notes_file)
    if not args.no_run:
        names = {p.name for p in projects}
        findings = [f for f in findings if f["project"] not in names]
        notes = [n for n in notes if n["project"] not in names]
        for project in projects:
            print(f"checking {project.name} ...", file=sys.stderr, flush=True)
            found, note = check_project(project, args.mirror, args.keep)
            findings += found
            notes.append(note)
        order = {p.name: i for i, p in enumerate(load_projects())}
        findings.sort(key=lambda f: (order.get(f["project"], 99), f["path"], f["line"], f["code"]))
        notes.sort(key=lambda n: order.get(n["project"], 99))
        write_jsonl(findings_file, findings)
        write_jsonl(notes_file, notes)
    labels = read_jsonl(LABELS)
    if args.markdown:
        markdown(load_projects(), findings, notes, labels)
        return 0
    print_notes(notes)
    score(findings, labels, only_default=True)
    score(findings, labels, only_default=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
