"""What a run hands its workers and gets back: plain data, imported by the cache, the memo
and the workers as well as by the engine."""

from __future__ import annotations

from dataclasses import dataclass, field

from structlint.core.findings import Finding, InternalError


@dataclass(frozen=True)
class FileJob:
    path: str
    role: str
    module: str | None
    is_init: bool
    node_names: frozenset[str]
    # CPython's parser took this exact text earlier in the run (its `ast` summary was made):
    # the parse need not ask it again before handing a long file to libcst.
    python_parses: bool = False
    # Helpers of this file that node functions reach: `NodeIndex.helpers_for`.
    helpers: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[InternalError] = field(default_factory=list)
    # Content digest of the bytes the findings were computed from (None: none were read).
    # The cache stores them under it: a file edited while the run reads it twice (here to
    # look it up, in a worker to check it) is then stored under what the worker saw.
    digest: str | None = None


@dataclass
class RunResult:
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    notes: list[str] = field(default_factory=list)
    # Python and YAML files the project has (0: nothing to check, no project here).
    files_found: int = -1
