"""Import tables and dotted-name resolution, computed from the syntax alone (no ScopeProvider)."""

from __future__ import annotations

import libcst as cst

from structlint.sources.astnames import ImportNames, resolve_relative

# Exact type tests, shared by the walk's hot paths: libcst's concrete node classes are final,
# so `type(x) is NAME` is exact, and much cheaper than an `isinstance` that fails (it goes
# through the abstract base classes' `__instancecheck__`).
NAME = cst.Name
ATTRIBUTE = cst.Attribute
CALL = cst.Call
CHAIN = frozenset({cst.Attribute, cst.Subscript})


def dotted(expr: cst.BaseExpression) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None. Called per node: exact type tests
    (libcst's node classes are final) instead of abstract-class `isinstance`."""
    tp = type(expr)
    if tp is NAME:
        return expr.value  # type: ignore[attr-defined]
    if tp is not ATTRIBUTE:
        return None
    parts: list[str] = []
    while tp is ATTRIBUTE:
        parts.append(expr.attr.value)  # type: ignore[attr-defined]
        expr = expr.value  # type: ignore[attr-defined]
        tp = type(expr)
    if tp is NAME:
        parts.append(expr.value)  # type: ignore[attr-defined]
        return ".".join(reversed(parts))
    return None


class ImportTable(ImportNames):
    """Local name -> fully qualified name, from every import statement seen in a module.

    Scope is ignored on purpose: an import inside a function is recorded for the whole module,
    which is what a reader assumes and costs nothing.
    """

    __slots__ = ()

    def add(self, stmt: cst.Import | cst.ImportFrom) -> None:
        if isinstance(stmt, cst.Import):
            for alias in stmt.names:
                full = dotted(alias.name)
                if full is None:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.names[alias.asname.name.value] = full
                else:
                    head = full.split(".", 1)[0]
                    self.names[head] = head
            return
        base = dotted(stmt.module) if stmt.module is not None else None
        absolute = resolve_relative(self.module, self.is_package, len(stmt.relative), base)
        if isinstance(stmt.names, cst.ImportStar):
            return
        for alias in stmt.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.names[local] = f"{absolute}.{alias.name.value}" if absolute else alias.name.value

    def qualify(self, expr: cst.BaseExpression) -> str | None:
        """`pd.read_csv` -> `pandas.read_csv`; an unimported head stays as written."""
        name = dotted(expr)
        return self.qualify_dotted(name) if name is not None else None
