"""The package's layers (CONTRIBUTING.md, "Layers"): no import circle among structlint's modules,
and each module imports only modules of its own layer or of the layers below it.

The graph is read from the sources with `ast`, and every import counts: those at the top of a
module, those inside functions and those under `if TYPE_CHECKING:`. A lazy import is there to
keep a warm run from paying for a module (tests/linter/test_lazy_imports.py), not to hide a
dependency: the module still needs the one it imports, so it still points down the layers.
`from package import name` is an edge to the submodule `package.name` when there is one (the
package's `__init__` runs first, but importing a sibling through its package is no circle),
else to the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "checks"
PACKAGE = "structlint"

# Bottom to top. A module belongs to the first entry its dotted name starts with (an entry
# names a module or a package and everything under it).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("core", ("structlint.core", "structlint.__init__")),
    ("inputs", ("structlint.inputs",)),
    ("sources", ("structlint.sources",)),
    ("project", ("structlint.project",)),
    ("rules", ("structlint.rules",)),
    ("fixes", ("structlint.fixes",)),
    ("run", ("structlint.run",)),
    ("api", ("structlint.api",)),
    ("frontends", ("structlint.frontends", "structlint.fixer", "structlint.server")),
    ("entry points", ("structlint.cli", "structlint.registry", "structlint.__main__")),
)


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ours that `name` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target != PACKAGE and not target.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in known else target)
    out.discard(name)
    return {m for m in out if m in known}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def layer_of(name: str) -> int | None:
    key = "structlint.__init__" if name == PACKAGE else name
    for i, (_, prefixes) in enumerate(LAYERS):
        if any(key == p or key.startswith(p + ".") for p in prefixes):
            return i
    return None


def find_circle(g: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a path that comes back to its start), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        stack.append(v)
        for w in sorted(g[v]):
            if state.get(w) == 1:
                return [*stack[stack.index(w) :], w]
            if w not in state:
                found = visit(w)
                if found:
                    return found
        stack.pop()
        state[v] = 2
        return None

    for v in sorted(g):
        if v not in state:
            found = visit(v)
            if found:
                return found
    return None


def test_the_graph_is_read() -> None:
    g = graph()
    assert "structlint.run.engine" in g["structlint.api"]
    # a lazy import counts: the engine imports the project model inside a method
    assert "structlint.project.model" in g["structlint.run.engine"]


def test_no_import_circle() -> None:
    circle = find_circle(graph())
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_every_module_has_a_layer() -> None:
    missing = [m for m in graph() if layer_of(m) is None]
    assert not missing, f"declare the layer of {missing} in LAYERS (and in CONTRIBUTING.md)"


def test_each_layer_imports_only_its_own_and_the_layers_below() -> None:
    upward = []
    for module, targets in sorted(graph().items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{module} ({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})")
    assert not upward, "imports that go up the layers:\n" + "\n".join(upward)


def test_the_circle_finder_names_a_circle() -> None:
    g = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_circle(g) == ["a", "b", "c", "a"]
    assert find_circle({"a": {"b"}, "b": set()}) is None
