"""Python syntax newer than the running interpreter's parser, for the `ast` summaries.

The project's own code may be written for a newer Python than the one structlint runs on:
`type X = int` and PEP 695 generics (`def f[T](x: T)`, `class C[T]:`) are Python 3.12. The
file rules parse with libcst's native parser, which knows that syntax on any Python; the
`ast` summaries (node functions, the pipeline model) use CPython's parser, which on 3.11
refuses the whole file. `downlevel` gives such a file's text with those constructs rewritten
to what the running parser knows, on the same lines and, but for the `type` keyword, the same
columns: the type parameters become blanks (`def f   (x: T)`), an alias an assignment
(`X = int`). Only a file CPython refused reaches it (a normal run never imports libcst here).
"""

from __future__ import annotations

import re
import sys

# What 3.12 added that the rewrite knows: a cheap look before libcst is asked at all.
NEWER = re.compile(r"^[ \t]*type[ \t]+\w|\b(?:def|class)[ \t]+\w+[ \t]*\[", re.MULTILINE)


def may_hold_newer_syntax(text: str) -> bool:
    return sys.version_info < (3, 12) and NEWER.search(text) is not None


_LINE_END = re.compile(r"\r\n|\r|\n")


def _blank(code: str) -> str:
    """As many blanks as `code` has characters, its line ends kept (joined by a backslash,
    which is allowed between a def's name and its parameters): the same lines and columns."""
    return _LINE_END.sub(lambda m: "\\" + m.group(), re.sub(r"[^\r\n]", " ", code))


def downlevel(text: str) -> str | None:
    """The text rewritten for the running parser, or None (libcst refuses it too, it may nest
    too deeply for libcst to parse safely, or there is nothing to rewrite)."""
    import libcst as cst

    from structlint.sources.source import may_be_too_deep, parse_module

    if may_be_too_deep(text):  # libcst's parser would recurse without a guard
        return None
    try:
        module = parse_module(text)
    except Exception:
        return None

    class _Rewrite(cst.CSTTransformer):
        def _blanked(self, original: cst.CSTNode, updated: cst.CSTNode) -> cst.CSTNode:
            params = getattr(original, "type_parameters", None)
            if params is None:
                return updated
            gap = "".join(
                module.code_for_node(n)
                for n in (
                    original.whitespace_after_name,  # type: ignore[attr-defined]
                    params,
                    original.whitespace_after_type_parameters,  # type: ignore[attr-defined]
                )
            )
            return updated.with_changes(
                type_parameters=None,
                whitespace_after_type_parameters=cst.SimpleWhitespace(""),
                whitespace_after_name=cst.SimpleWhitespace(_blank(gap)),
            )

        def leave_FunctionDef(
            self, original: cst.FunctionDef, updated: cst.FunctionDef
        ) -> cst.CSTNode:
            return self._blanked(original, updated)

        def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.CSTNode:
            return self._blanked(original, updated)

        def leave_TypeAlias(self, original: cst.TypeAlias, updated: cst.TypeAlias) -> cst.CSTNode:
            return cst.Assign(
                targets=[cst.AssignTarget(updated.name)],
                value=updated.value,
                semicolon=updated.semicolon,
            )

    try:
        out = module.visit(_Rewrite()).code
    except Exception:
        return None
    return out if out != text else None
