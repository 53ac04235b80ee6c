"""Definition, references, hover and completion, from the static project model that
`structlint.api.Project.model()` builds (no project code is imported or run).

Places are (path, line, column) with the model's numbering: project-relative POSIX paths,
1-based lines and columns. A dataset name is the name Kedro uses, after the pipeline's
namespace (a node's `"model_input"` in `pipeline(..., namespace="ds")` is `ds.model_input`);
a `params:` name likewise."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Place = tuple[str, int, int]

PARAMS = "params:"
# A Python string literal on one line (no prefix but r/b/f/u), and where its text starts.
_STRING = re.compile(
    r"""(?P<prefix>[rRbBuUfF]{0,2})(?P<q>['"])(?P<body>(?:\\.|(?!(?P=q)).)*)(?P=q)"""
)


@dataclass
class Use:
    name: str
    place: Place  # where the string is written
    written: str  # the string as written (before the namespace)
    produces: bool
    node: str  # the node's label
    pipelines: tuple[str, ...]


@dataclass
class Hover:
    title: str
    lines: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        return "\n\n".join([f"**{self.title}**", *self.lines])


def string_at(line_text: str, character: int) -> tuple[str, int, int] | None:
    """(text, start, end) of the one-line string literal around `character` (0-based), the
    span being the text between the quotes."""
    for m in _STRING.finditer(line_text):
        if m.start("q") <= character <= m.end():
            return m.group("body"), m.start("body"), m.end("body")
    return None


def _base(name: str) -> str:
    return name.split("@", 1)[0]  # transcoding: `df@spark` is the `df` entry


class Navigator:
    def __init__(self, model: Any) -> None:
        self.model = model
        self.conf = model.conf
        self.uses: dict[str, list[Use]] = {}
        self.by_site: dict[tuple[str, int], list[Use]] = {}
        try:
            nodes = model.pipelines.unique_nodes()
        except Exception:  # a model that cannot be followed still gives its catalog
            nodes = []
        for node, pipelines in nodes:
            for produces, datasets in ((False, node.inputs), (True, node.outputs)):
                for ds in datasets:
                    place = (ds.loc.path, ds.loc.line, ds.loc.column)
                    use = Use(ds.name, place, ds.original, produces, node.label, tuple(pipelines))
                    self.uses.setdefault(ds.name, []).append(use)
                    self.by_site.setdefault((ds.loc.path, ds.loc.line), []).append(use)

    # ------------------------------------------------------------------ what is where
    def name_in_python(self, path: str, line: int, line_text: str, character: int) -> str | None:
        """The dataset (or `params:`) name of the string under the cursor: the namespaced
        name when a registered node writes that string there, else the string itself."""
        hit = string_at(line_text, character)
        if hit is None:
            return None
        text = hit[0]
        for use in self.by_site.get((path, line), []):
            if use.written == text:
                return use.name
        return text if text else None

    def key_in_yaml(self, path: str, line: int) -> str | None:
        """The catalog entry, factory pattern or `params:<dotted key>` written on a line of
        a configuration file."""
        conf = self.conf
        for env in conf.envs():
            for f in conf.files_of("catalog", env):
                if f.path == path and isinstance(f.data, dict):
                    for k, loc in getattr(f.data, "locs", {}).items():
                        if loc.line == line:
                            return str(k)
            for f in conf.files_of("parameters", env):
                if f.path == path and isinstance(f.data, dict):
                    found = _key_on_line(f.data, line, "")
                    if found:
                        return PARAMS + found
        return None

    # ------------------------------------------------------------------ answers
    def definition(self, name: str) -> list[Place]:
        if name.startswith(PARAMS):
            place = self._parameter_place(name[len(PARAMS) :])
            return [place] if place else []
        entry = self.conf.catalog.get(_base(name))
        if entry is not None:
            return [_place(entry.loc)]
        hit = self.conf.match_pattern(_base(name))
        if hit is not None:
            return [_place(hit[0].loc)]
        return []

    def references(self, name: str) -> list[Place]:
        """Every node input or output that is `name`: for a factory pattern, every dataset
        name it is the pattern for; for `params:a`, `params:a` and `params:a.b...`."""
        out: list[Place] = []
        if name.startswith(PARAMS):
            for used, uses in self.uses.items():
                if used == name or used.startswith(name + "."):
                    out += [u.place for u in uses]
        elif "{" in name:
            for used, uses in self.uses.items():
                if _base(used) in self.conf.catalog:
                    continue
                hit = self.conf.match_pattern(_base(used))
                if hit is not None and hit[0].name == name:
                    out += [u.place for u in uses]
        else:
            for used, uses in self.uses.items():
                if _base(used) == _base(name):
                    out += [u.place for u in uses]
        return sorted(set(out))

    def hover(self, name: str) -> Hover | None:
        if name.startswith(PARAMS):
            value = self._parameter_value(name[len(PARAMS) :])
            if value is _MISSING:
                return None
            return Hover(f"`{name}`", [f"value: `{_short(value)}`", *self._pipelines_of(name)])
        got = self.conf.dataset_config(_base(name))
        uses = self.uses.get(name)
        if got is None and not uses:
            return None
        lines: list[str] = []
        if got is None:
            lines.append("not in the catalog: a `MemoryDataset` when the pipeline runs")
        else:
            config, loc = got
            entry = self.conf.catalog.get(_base(name))
            if entry is None:
                hit = self.conf.match_pattern(_base(name))
                if hit is not None:
                    lines.append(f"from the factory pattern `{hit[0].name}`")
            if isinstance(config, dict):
                for key in ("type", "filepath", "path", "table_name"):
                    if config.get(key) is not None:
                        lines.append(f"{key}: `{_short(config[key])}`")
                layer = _layer(config)
                if layer:
                    lines.append(f"layer: `{layer}`")
            lines.append(f"defined in `{loc.path}` line {loc.line}")
        lines += self._pipelines_of(name)
        return Hover(f"dataset `{name}`", lines)

    def completions(self) -> list[tuple[str, str]]:
        """(label, detail) of every name a node can read or write: catalog entries, names
        the pipelines already use, and the `params:` keys."""
        out: dict[str, str] = {}
        for name, entry in self.conf.catalog.items():
            cfg = entry.config if isinstance(entry.config, dict) else {}
            out[name] = str(cfg.get("type") or "catalog entry")
        for name in self.uses:
            if not name.startswith(PARAMS):
                out.setdefault(name, "dataset of a pipeline")
        try:
            paths, _ = self.conf.parameter_paths
        except Exception:
            paths = frozenset()
        for p in sorted(paths):
            out[PARAMS + p] = "parameter"
        out.setdefault("parameters", "all the parameters")
        return sorted(out.items())

    # ------------------------------------------------------------------ helpers
    def _pipelines_of(self, name: str) -> list[str]:
        producers: set[str] = set()
        consumers: set[str] = set()
        for use in self.uses.get(name, []):
            (producers if use.produces else consumers).update(use.pipelines)
        lines = []
        if producers:
            lines.append("produced in: " + ", ".join(f"`{p}`" for p in sorted(producers)))
        if consumers:
            lines.append("consumed in: " + ", ".join(f"`{p}`" for p in sorted(consumers)))
        return lines

    def _parameter_place(self, dotted: str) -> Place | None:
        parts = dotted.split(".")
        tops = self.conf.parameter_locs.get(parts[0])
        if not tops:
            return None
        place = _place(tops[-1])
        value = self.conf.parameters.get(parts[0])
        for part in parts[1:]:
            if not isinstance(value, dict) or part not in value:
                break
            loc = getattr(value, "locs", {}).get(part)
            if loc is not None:
                place = _place(loc)
            value = value[part]
        return place

    def _parameter_value(self, dotted: str) -> Any:
        value: Any = self.conf.parameters
        for part in dotted.split("."):
            if not isinstance(value, dict) or part not in value:
                return _MISSING
            value = value[part]
        return value


_MISSING = object()


def _key_on_line(data: dict, line: int, prefix: str) -> str | None:
    for k, loc in getattr(data, "locs", {}).items():
        dotted = f"{prefix}{k}"
        if loc.line == line:
            return dotted
        value = data.get(k)
        if isinstance(value, dict):
            found = _key_on_line(value, line, dotted + ".")
            if found:
                return found
    return None


def _place(loc: Any) -> Place:
    return (loc.path, loc.line, loc.column)


def _layer(config: dict) -> str | None:
    meta = config.get("metadata")
    if isinstance(meta, dict):
        viz = meta.get("kedro-viz")
        if isinstance(viz, dict) and viz.get("layer"):
            return str(viz["layer"])
    return str(config["layer"]) if config.get("layer") else None


def _short(value: Any, width: int = 80) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def in_node_call(text_before: str) -> bool:
    """Whether a string that starts at the end of `text_before` is an argument of a
    `node(...)` call other than `name=`, `tags=`, `namespace=` (an input or an output): the
    brackets still open there are walked back to the innermost call."""
    depth = 0
    quote: str | None = None
    i = len(text_before) - 1
    stop = max(-1, i - 20_000)
    while i > stop:
        c = text_before[i]
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in ")]}":
            depth += 1
        elif c in "([{":
            if depth:
                depth -= 1
            elif c == "(":
                if re.search(r"\bnode\s*$", text_before[max(0, i - 40) : i]) is None:
                    return False
                keywords = re.findall(r"\b(\w+)\s*=(?!=)", _top_level(text_before[i + 1 :]))
                return not keywords or keywords[-1] in ("inputs", "outputs")
        i -= 1
    return False


def _top_level(args: str) -> str:
    """The text of a call's arguments with nested brackets and strings blanked out."""
    out = []
    depth = 0
    quote: str | None = None
    for c in args:
        if quote:
            if c == quote:
                quote = None
            continue
        if c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(c)
            continue
        out.append(" ")
    return "".join(out)
