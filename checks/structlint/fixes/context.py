"""What a cross-file fix may ask: the project model (which `node()` calls wire a function,
namespaces, the configuration), every file's text, and a file's libcst tree with positions.

Built once per fixing pass, after the check; never on the check's own path (it parses with
libcst and builds the whole model)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from structlint.inputs.config import Settings
from structlint.inputs.discovery import discover
from structlint.project.model import Project, build_project
from structlint.project.node_index import NodeIndex
from structlint.project.pipelines import NodeInst

_PIPELINE_FOLDER = re.compile(r"(?:^|/)pipelines/(?P<name>[A-Za-z_][A-Za-z0-9_]*)/")


@dataclass
class Parsed:
    """One Python file as libcst sees it, with the position of every node."""

    path: str
    text: str
    module: cst.Module
    positions: dict[cst.CSTNode, CodeRange]
    # `node_wiring.names_of`'s memo: id of a statement -> (the statement, its names).
    names_memo: dict[int, tuple[cst.CSTNode, set[str]]] = field(default_factory=dict, repr=False)

    @cached_property
    def _starts(self) -> dict[tuple[int, int], list[cst.CSTNode]]:
        out: dict[tuple[int, int], list[cst.CSTNode]] = {}
        for n, r in self.positions.items():
            out.setdefault((r.start.line, r.start.column), []).append(n)
        return out

    def at(self, line: int, column: int, kinds: tuple[type, ...]) -> list[cst.CSTNode]:
        """Nodes of `kinds` that start at `line` (1-based), `column` (0-based): outermost
        first."""
        hits = [n for n in self._starts.get((line, column), ()) if isinstance(n, kinds)]
        return sorted(
            hits,
            key=lambda n: (self.positions[n].end.line, self.positions[n].end.column),
            reverse=True,
        )

    def enclosing_function(self, target: cst.CSTNode) -> cst.FunctionDef | None:
        """The top-level function whose body holds `target`."""
        pos = self.positions[target]
        for stmt in self.module.body:
            if isinstance(stmt, cst.FunctionDef):
                r = self.positions[stmt]
                if (r.start.line, r.start.column) <= (pos.start.line, pos.start.column) and (
                    pos.end.line,
                    pos.end.column,
                ) <= (r.end.line, r.end.column):
                    return stmt
        return None


@dataclass
class FixContext:
    settings: Settings
    read_text: Callable[[str], str | None]
    _parsed: dict[str, Parsed | None] = field(default_factory=dict)

    @cached_property
    def project(self) -> Project:
        files = discover(self.settings, ())
        return build_project(self.settings, files, self.read_text, NodeIndex({}))

    def parsed(self, path: str) -> Parsed | None:
        if path not in self._parsed:
            self._parsed[path] = self._parse(path)
        return self._parsed[path]

    def _parse(self, path: str) -> Parsed | None:
        text = self.read_text(path)
        if text is None:
            return None
        try:
            wrapper = MetadataWrapper(cst.parse_module(text), unsafe_skip_copy=True)
        except cst.ParserSyntaxError:
            return None
        positions = dict(wrapper.resolve(PositionProvider))
        return Parsed(path, text, wrapper.module, positions)

    def wiring(self, path: str, function: str) -> list[NodeInst] | None:
        """Every registered node that runs `function` of `path`; None when a fix cannot
        see them all (no such node, a pipeline not followed to the end, a `partial`)."""
        pipes = self.project.pipelines
        if not pipes.complete:
            return None
        found = [
            n
            for n, _ in pipes.unique_nodes()
            if n.func is not None and n.func.module == path and n.func.name == function
        ]
        if not found:
            return None
        for n in found:
            if n.func is None or n.func.bound_pos or n.func.bound_kw:
                return None
            if n.input_kind not in ("none", "str", "list", "dict"):
                return None
        return found

    @staticmethod
    def pipeline_name(path: str) -> str | None:
        """`price_model` for `src/pkg/pipelines/price_model/nodes.py`."""
        m = _PIPELINE_FOLDER.search(path)
        return m.group("name") if m else None

    def conf_file(self, kind: str, pipeline: str | None) -> str:
        """Where a new entry of `kind` ("parameters", "catalog") goes: the pipeline's own
        `conf/base/<kind>_<pipeline>.yml` when the project keeps one file per pipeline (one
        such file exists), else `conf/base/<kind>.yml`."""
        conf = self.project.conf
        base = f"{conf.conf_dir}/{conf.base_env}"
        own = [
            f.path
            for f in conf.files_of(kind, conf.base_env)
            if f.path.rsplit("/", 1)[-1].startswith(f"{kind}_")
        ]
        if pipeline and own:
            return f"{base}/{kind}_{pipeline}.yml"
        plain = f"{base}/{kind}.yml"
        return plain
