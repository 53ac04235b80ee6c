"""The contract between the engine and the rules.

A rule is a small class with its metadata, its documentation and its own good and bad examples.
File rules see one parsed module through `visit_<Node>` / `leave_<Node>` methods that the
engine's single walk dispatches to; project rules see the whole project model at once. The
engine knows nothing of any single rule: it only reads these attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from structlint.core.rule_info import (  # noqa: F401  (re-exported: the rules import them here)
    SYNTAX_ERROR,
    UNREADABLE_CONFIG,
    UNUSED_SUPPRESSION,
    Option,
    RuleInfo,
)

if TYPE_CHECKING:
    import libcst as cst

    from structlint.core.findings import Finding, Related
    from structlint.core.fixes_model import Fix
    from structlint.project.model import Project
    from structlint.sources.context import FileContext

# The package every example project uses; examples put their code under src/demo/.
EXAMPLE_PACKAGE = "demo"
EXAMPLE_NODES_PATH = "src/demo/pipelines/demo/nodes.py"

_MARKER = re.compile(r"[ \t]*# expect: ?(?P<codes>SL\d{3}(?:[, ]+SL\d{3})*)[ \t]*$")


@dataclass(frozen=True)
class Example:
    """A small project that shows a rule. `source` goes to `path`; `files` adds more files
    (pipeline.py, conf/base/catalog.yml, ...). In a bad example, a line that must carry a
    finding ends with `# expect: SL201` (YAML too); the marker is stripped from the docs."""

    source: str
    path: str = EXAMPLE_NODES_PATH
    files: Mapping[str, str] = field(default_factory=dict)
    # Extra `[tool.structlint]` lines for the example project (TOML text).
    config: str = ""
    # Make the example project a git repository (`git init && git add -A`) before the run,
    # for rules that ask git which files it tracks (SL502, SL505).
    git: bool = False
    # A bad example whose findings carry fixes says what the fixes make of it: `fixed` is
    # `source` after every fix of the rule (safe and unsafe) is applied, `fixed_files` the
    # other files the fixes change or create (path -> text after). Files named in neither
    # must stay as they were. Python text is dedented like `source`. A `# expect:` marker in
    # the fixed text marks a finding that must remain (one the fixes do not remove); the
    # comparison of the texts ignores markers. The example test then checks that the fixes
    # give exactly this, that the rule then fires exactly where the fixed texts (and the
    # files left unchanged) are marked (nowhere, usually), and that a second pass changes
    # nothing.
    fixed: str | None = None
    fixed_files: Mapping[str, str] = field(default_factory=dict)

    def all_files(self) -> dict[str, str]:
        return {**self.files, self.path: self.source}

    @property
    def has_fix(self) -> bool:
        return self.fixed is not None or bool(self.fixed_files)

    def fixed_all_files(self) -> dict[str, str]:
        """Path -> text after the fixes, for the files the fixes change or create."""
        out = dict(self.fixed_files)
        if self.fixed is not None:
            out[self.path] = self.fixed
        return out

    def expected(self) -> set[tuple[str, int, str]]:
        """(path, line, code) of every marked finding."""
        return _marked(self.all_files())

    def expected_after_fix(self) -> set[tuple[str, int, str]]:
        """(path, line, code) of every finding that must remain after the fixes: the markers
        of the fixed texts, and of the files the fixes leave as they were."""
        return _marked({**self.all_files(), **self.fixed_all_files()})


def _marked(files: Mapping[str, str]) -> set[tuple[str, int, str]]:
    """(path, line, code) of every `# expect:` marker in `files`."""
    out: set[tuple[str, int, str]] = set()
    for path, text in files.items():
        for lineno, line in enumerate(text.splitlines(), start=1):
            m = _MARKER.search(line)
            if m:
                for code in re.split(r"[, ]+", m.group("codes")):
                    out.add((path, lineno, code))
    return out


def strip_markers(text: str) -> str:
    """An example's text as the docs show it: without the `# expect:` markers."""
    return "\n".join(_MARKER.sub("", line) for line in text.splitlines()) + (
        "\n" if text.endswith("\n") else ""
    )


class Rule:
    """Metadata every rule carries. Subclass FileRule or ProjectRule, not this."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    # Markdown: why it matters and what to do instead. Examples are appended by the docs.
    explanation: ClassVar[str]
    default_enabled: ClassVar[bool] = True
    options: ClassVar[tuple[Option, ...]] = ()
    bad: ClassVar[tuple[Example, ...]] = ()
    good: ClassVar[tuple[Example, ...]] = ()
    scope: ClassVar[str] = "file"
    # Markdown: whether and how `structlint check --fix` fixes the rule's findings (safe or
    # unsafe, and when there is no fix). The rule page shows it as its "Fix" section; empty
    # means the rule has no fix.
    fix_doc: ClassVar[str] = ""


class FileRule(Rule):
    """A rule that decides from one module (plus the package's node index).

    One instance per file. Define `visit_<CSTNodeClass>(self, node)` and/or
    `leave_<CSTNodeClass>(self, node)`; a visit that returns False skips the node's children
    for every rule. Children are walked in libcst's field order: source order for statement
    lists, but e.g. `Assign` walks its targets before its value.
    """

    scope: ClassVar[str] = "file"
    # Set True for rules that only look inside node functions: the engine then skips files
    # that hold none, and `self.ctx.node_function` tells which one the walk is in.
    node_functions_only: ClassVar[bool] = False
    # Set False for rules that should also look at tests and scripts outside the package.
    package_code_only: ClassVar[bool] = True
    # What besides the file itself the rule's findings depend on: globs of the project's
    # files and folders (relative to the root, `{package}` for the package's folder, `*` not
    # crossing a `/`, a folder written with a trailing `/`) whose existence the rule asks
    # about. The cache keys every file's results by which of those exist, so a rule that
    # asks whether `pipelines/<b>/` is a folder is not answered from a stale listing.
    reads_listing: ClassVar[tuple[str, ...]] = ()
    # What the rule asks of other files' content: (glob as above, word) pairs, "does each
    # file of the glob contain the word (in its bytes)". The cache keys every file's results
    # by those answers too. A rule that needs more of another file's content than that
    # cannot be a file rule.
    reads_mentions: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx

    @classmethod
    def applies_to(cls, ctx: FileContext) -> bool:
        """Cheap test before the walk; False means the rule is not instantiated for the file."""
        if cls.package_code_only and ctx.role != "package":
            return False
        return not (cls.node_functions_only and not ctx.may_hold_node_functions)

    def report(
        self,
        node: cst.CSTNode,
        message: str,
        related: Iterable[Related] = (),
        fix: Callable[[Mapping[cst.CSTNode, Any]], Fix | None] | None = None,
        anchors: tuple[cst.CSTNode, ...] = (),
    ) -> None:
        """Report at `node`. A fix needs positions, which the engine computes after the walk
        (and only for files with findings): `fix(where)` is then called with the range of
        every node of `anchors` (`where[anchor].start.line`, `.column`: libcst's CodeRange,
        columns 0-based) and returns the Fix, or None."""
        self.ctx.report(self.code, node, message, tuple(related), fix, anchors)


class ProjectRule(Rule):
    """A rule that decides from the whole project model (conf/, pipelines, git, layout)."""

    scope: ClassVar[str] = "project"
    # Whether a run may reuse this rule's findings from the last run while none of the
    # project's files changed (contents of every file the run read, the list of files and
    # folders, the configuration and structlint's version, and its `environment()`): true
    # for a rule that decides from the project's files alone. A rule that also asks
    # something that cannot be summed up cheaply (git) sets it to False and runs every time.
    cacheable: ClassVar[bool] = True

    @classmethod
    def environment(cls) -> str:
        """What besides the project's files a cacheable rule's findings follow from (the
        installed packages it reads), as text that changes when that does: part of the key
        under which a run reuses them. Empty for a rule that reads the project alone."""
        return ""

    def check(self, project: Project) -> Iterable[Finding]:
        raise NotImplementedError
