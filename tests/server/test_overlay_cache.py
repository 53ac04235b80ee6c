"""Unsaved buffers (`overlays`) never poison the disk cache: a check of the files as they
are on disk after a check with an overlay finds what is on disk, both ways round; and the
quick file check (`Project.check_file`) and the model (`Project.model`) write no cache."""

from __future__ import annotations

from pathlib import Path

from structlint.api import Project
from tests.server.project import NODES, NODES_BAD, NODES_GOOD, demo_project


def _sl101(result) -> list[tuple[str, int]]:
    return [(f.path, f.line) for f in result.findings if f.code == "SL101"]


def test_overlay_findings_stay_out_of_later_disk_runs(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    project = Project.open(root)
    assert _sl101(project.check(jobs=1)) == [(NODES, 3)]  # disk: the finding, cached
    # The buffer fixes it: the overlay run is clean, the disk run that follows is not.
    assert _sl101(project.check(jobs=1, overlays={NODES: NODES_GOOD})) == []
    assert _sl101(project.check(jobs=1)) == [(NODES, 3)]
    assert _sl101(Project.open(root).check(jobs=1)) == [(NODES, 3)]  # a new process's view
    # The other way round: disk clean, the buffer has the finding.
    (root / NODES).write_text(NODES_GOOD, encoding="utf-8")
    assert _sl101(project.check(jobs=1)) == []
    assert _sl101(project.check(jobs=1, overlays={NODES: NODES_BAD})) == [(NODES, 3)]
    assert _sl101(project.check(jobs=1)) == []
    assert _sl101(project.check()) == []  # all cores: the workers read the disk


def test_quick_check_and_model_leave_the_cache_alone(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    project = Project.open(root)
    project.check(jobs=1)
    cache = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if "cache" in str(p))
    assert cache, "the check wrote a cache"
    edited = NODES_BAD.replace("report.csv", "other.csv")
    model = project.model({NODES: edited})
    assert "companies" in model.conf.catalog
    found = project.check_file(NODES, edited)
    assert [(f.code, f.line) for f in found.findings] == [("SL101", 3)]
    assert "other.csv" in found.findings[0].message
    after = sorted((p, p.stat().st_mtime_ns) for p in root.rglob("*") if "cache" in str(p))
    assert after == cache
    assert _sl101(project.check(jobs=1)) == [(NODES, 3)]
    assert "report.csv" in project.check(jobs=1).findings[-1].message


def test_check_file_applies_noqa_and_reports_a_syntax_error(tmp_path: Path) -> None:
    root = demo_project(tmp_path / "p")
    project = Project.open(root)
    quiet = NODES_BAD.replace('report.csv"', 'report.csv"  # noqa: SL101')
    assert project.check_file(NODES, quiet).findings == []
    broken = project.check_file(NODES, NODES_BAD + "\ndef broken(:\n")
    assert [f.code for f in broken.findings] == ["SL001"]
