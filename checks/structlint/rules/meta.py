"""SL0xx: the linter itself. The engine produces these findings; the classes carry their docs."""

from __future__ import annotations

from structlint.rules.rule import SYNTAX_ERROR, UNUSED_SUPPRESSION, Example, FileRule


class SyntaxErrorRule(FileRule):
    code = SYNTAX_ERROR
    name = "syntax-error"
    summary = "A Python file that does not parse, or is not text."
    package_code_only = False
    explanation = """
structlint reads every Python file of the project with libcst. A file that does not parse
cannot be checked, and Kedro would fail to import it as well. The finding points at the line
where the parser gave up; the other files are still checked.

Fix the syntax error (or, for a file that is not Python at all, rename it or add it to
`exclude`).
"""
    bad = (Example("def clean(df):\n    return df.dropna(  # expect: SL001\n"),)
    good = (Example("def clean(df):\n    return df.dropna()\n"),)


# SL002 unreadable-config lives in rules/project/sl002_unreadable_config.py: its YAML findings
# come from the project model.


class UnusedSuppressionRule(FileRule):
    code = UNUSED_SUPPRESSION
    name = "unused-suppression"
    summary = "A `# noqa: SLxxx` comment that suppressed nothing."
    default_enabled = False
    package_code_only = False
    explanation = """
A suppression that no longer suppresses anything hides the next real problem on that line.
structlint reports each structlint code of a `# noqa:` comment that matched no finding in this
run (codes of other tools, and bare `# noqa`, are left alone; so are codes of rules that did not
run). Off by default, like ruff's RUF100: turn it on with `extend-select = ["SL003"]`.

Remove the code from the comment, or the whole comment when nothing is left.
"""
    fix_doc = """
Safe. `--fix` removes the unused code from the comment, with the separator beside it
(`# noqa: SL201, SL203` -> `# noqa: SL203`), or the whole directive when it named nothing else:
its reason text goes with it, a comment after it (`# noqa: SL201  # see #42`) stays. A
`# noqa` inside a string literal is text, not a comment, and is never touched.
"""
    bad = (
        Example(
            "def double(x: int) -> int:\n    return x * 2  # noqa: SL201  # expect: SL003\n",
            config='extend-select = ["SL201"]',
            fixed="def double(x: int) -> int:\n    return x * 2\n",
        ),
        Example(
            "def load(path: str) -> str:\n"
            "    with open(path) as f:  # noqa: SL203, SL201  # expect: SL003\n"
            "        return f.read()  # noqa: SL201 - reads the fixture  # expect: SL003\n",
            config='extend-select = ["SL201", "SL203"]',
            fixed="def load(path: str) -> str:\n"
            "    with open(path) as f:  # noqa: SL201\n"
            "        return f.read()\n",
        ),
    )
    good = (
        Example(
            "def load(path: str) -> str:\n"
            "    with open(path) as f:  # noqa: SL201 - migrating to the catalog in #42\n"
            "        return f.read()\n",
            config='extend-select = ["SL201"]',
        ),
    )
