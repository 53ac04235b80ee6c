"""Generated and mutated sources through the engine: nothing escapes as an exception, no rule
crashes, and what comes out is either findings of the rules or SL001.

The inputs are what a real repository holds by accident: truncated and half-edited files,
random bytes, other encodings with and without a PEP 263 cookie, BOMs, CRLF and lone CR line
ends, tabs, NUL bytes, very deep nesting, very long lines and empty files. Every file is
checked as a node module (`node-modules` style), so the purity rules run on it too.
"""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from structlint.inputs.config import load_settings
from structlint.rules.registry import all_rules, rules_by_code
from structlint.rules.rule import EXAMPLE_NODES_PATH, strip_markers
from structlint.run.engine import Engine, FileJob, check_source
from tests.helpers import write_project

SYNTAX_ERROR = "SL001"
ALL_CODES = frozenset(rules_by_code())
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Seeds: every rule's own good and bad examples (real node code of every shape the rules look
# at), plus a node module in the style of the template.
SEEDS = [
    strip_markers(example.source)
    for rule in all_rules()
    for example in (*rule.bad, *rule.good)
    if example.path.endswith(".py")
] + [
    '"""Nodes."""\n\nimport pandas as pd\n\n\n'
    "def clean(df: pd.DataFrame, p: dict) -> pd.DataFrame:\n"
    '    out = df.copy()\n    out["x"] = out["x"].fillna(p["fill"])  # noqa: SL203\n'
    "    return out.sample(frac=0.5, random_state=p['seed'])\n"
]

TOKENS = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "\n",
    "\n    ",
    "\t",
    "\r",
    "\r\n",
    "\\\n",
    "\\",
    "'",
    '"',
    "'''",
    '"""',
    "f'{",
    "}'",
    "#",
    "# noqa",
    "# noqa: SL201",
    "lambda x: ",
    "def ",
    "class ",
    "async ",
    "await ",
    "yield ",
    "return ",
    "global x\n",
    "nonlocal x\n",
    "import os\n",
    "from . import *\n",
    "@",
    "*",
    "**",
    ":=",
    "->",
    "...",
    "node(",
    "open(",
    "pd.read_csv(",
    ".to_csv(",
    "inplace=True",
    "0x",
    "1e",
    "é",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x0c",
    "\x1b",
    "\ud800",
    "match x:\n    case ",
    "type X = int\n",
    "def f[T](): pass\n",
]
ENCODINGS = ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-32", "cp500", "shift_jis"]


def _job(path: str = EXAMPLE_NODES_PATH) -> FileJob:
    return FileJob(path, "package", "demo.pipelines.demo.nodes", False, frozenset({"*"}))


@pytest.fixture(scope="module")
def fuzz_settings(tmp_path_factory: pytest.TempPathFactory):
    root = write_project(tmp_path_factory.mktemp("fuzz"), {})
    return load_settings(root)


def _assert_clean_result(result, data: bytes) -> None:
    assert not result.errors, result.errors
    lines = max(data.count(b"\n"), data.count(b"\r")) + 1
    for f in result.findings:
        assert f.code in ALL_CODES
        assert f.message
        assert f.line >= 1 and f.column >= 1, f
        assert f.line <= lines * 4 + 1, f  # utf-16/32 multiply bytes, never lines
    parse_failures = [f for f in result.findings if f.code == SYNTAX_ERROR]
    assert len(parse_failures) <= 1
    if parse_failures:
        assert result.findings == parse_failures  # a file that does not parse has no others


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(0, 4))):
        n = len(text)
        i = draw(st.integers(0, n))
        j = draw(st.integers(i, min(n, i + 40)))
        op = draw(st.sampled_from(["truncate", "delete", "insert", "duplicate", "swap"]))
        if op == "truncate":
            text = text[:i]
        elif op == "delete":
            text = text[:i] + text[j:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(TOKENS)) + text[i:]
        elif op == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif i + 1 < n:
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text


@st.composite
def line_ends_and_indents(draw: st.DrawFn, text: str) -> str:
    if draw(st.booleans()):
        text = text.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\n\n", "\x0c\n"])))
    if draw(st.booleans()):
        text = text.replace("    ", draw(st.sampled_from(["\t", "  ", "\t    ", " \t"])))
    return text


@st.composite
def encoded(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(mutated(), st.text(max_size=300)))
    text = draw(line_ends_and_indents(text))
    encoding = draw(st.sampled_from(ENCODINGS))
    cookie = draw(st.sampled_from(["none", "same", "other", "bogus"]))
    if cookie == "same":
        text = f"# -*- coding: {encoding} -*-\n" + text
    elif cookie == "other":
        text = f"# vim: set fileencoding={draw(st.sampled_from(ENCODINGS))} :\n" + text
    elif cookie == "bogus":
        text = "# coding: no-such-codec\n" + text
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = draw(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b""])) + data
    return data


NESTING = {
    "parens": ("x = {open}1{close}\n", "(", ")"),
    "lists": ("x = {open}{close}\n", "[", "]"),
    "dicts": ("x = {open}1{close}\n", "{1: ", "}"),
    "calls": ("x = f{open}{close}\n", "(f", ")"),
    "fstrings": ("x = {open}1{close}\n", "f'{", "}'"),
    "unary": ("x = {open}1\n", "-", ""),
    "not": ("x = {open}1\n", "not ", ""),
    "lambdas": ("x = {open}1\n", "lambda: ", ""),
    "attributes": ("x = a{open}\n", ".b", ""),
    "subscripts": ("x = a{open}\n", "[0]", ""),
    "binops": ("x = 1{open}\n", " + 1", ""),
    "continued": ("x = 1{open}\n", " + \\\n 1", ""),
    "grouped": ("x = (1{open})\n", " +\n 1", ""),
    "blocks": ("{open}pass\n", "if x:\n", ""),
}


@st.composite
def deep(draw: st.DrawFn) -> bytes:
    template, open_, close = NESTING[draw(st.sampled_from(sorted(NESTING)))]
    n = draw(st.sampled_from([1, 50, 99, 101, 199, 201, 300, 1000, 3000, 20000]))
    if template.startswith("{open}pass"):  # indentation: each level one deeper
        opens = "".join(" " * i + open_ for i in range(min(n, 300))) + " " * min(n, 300)
        return template.format(open=opens).encode()
    if open_ in (" + 1", " + \\\n 1", " +\n 1") and n > 200:
        n = draw(st.sampled_from([200, 20000]))  # valid long chains are slow for SL1xx
    return template.format(open=open_ * n, close=close * n).encode()


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(fuzz_settings, data: bytes) -> None:
    _assert_clean_result(check_source(_job(), data, fuzz_settings, ALL_CODES), data)


@FUZZ
@given(text=mutated())
def test_mutated_real_sources(fuzz_settings, text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    _assert_clean_result(check_source(_job(), data, fuzz_settings, ALL_CODES), data)


@FUZZ
@given(data=encoded())
def test_encodings_boms_line_ends_and_tabs(fuzz_settings, data: bytes) -> None:
    _assert_clean_result(check_source(_job(), data, fuzz_settings, ALL_CODES), data)


@settings(FUZZ, max_examples=60)
@given(data=deep())
def test_deep_nesting(fuzz_settings, data: bytes) -> None:
    _assert_clean_result(check_source(_job(), data, fuzz_settings, ALL_CODES), data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty", b""),
        ("bom only", codecs.BOM_UTF8),
        ("only a comment, no newline", b"# nothing"),
        ("NUL bytes", b"x = 1\x00\n"),
        ("latin-1 with cookie", b"# -*- coding: latin-1 -*-\nname = '\xe9t\xe9'\n"),
        ("latin-1 without cookie", b"name = '\xe9t\xe9'\n"),
        ("utf-16 with BOM", codecs.BOM_UTF16_LE + "x = 1\n".encode("utf-16-le")),
        ("BOM and a different cookie", codecs.BOM_UTF8 + b"# coding: latin-1\nx = 1\n"),
        ("lone CR line ends", b"import os\rdef f(df):\r    return df\r"),
        ("very long line", b"x = '" + b"a" * 2_000_000 + b"'\n"),
        ("very long file", b"def f(df):\n    return df\n\n\n" * 20_000),
        ("long valid chain", b"x = a" + b".b(1)" * 600 + b"\n"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_edge_cases(fuzz_settings, name: str, data: bytes) -> None:
    result = check_source(_job(), data, fuzz_settings, ALL_CODES)
    _assert_clean_result(result, data)
    if name in ("latin-1 with cookie", "lone CR line ends", "empty", "long valid chain"):
        assert not [f for f in result.findings if f.code == SYNTAX_ERROR], result.findings
    if name in ("NUL bytes", "latin-1 without cookie", "BOM and a different cookie"):
        assert [f.code for f in result.findings] == [SYNTAX_ERROR]


def _surrogatepass(text: str) -> bytes:
    # A mutated source may hold a lone surrogate (TOKENS has one): as test_mutated_real_sources.
    return text.encode("utf-8", errors="surrogatepass")


@settings(FUZZ, max_examples=25)
@given(files=st.lists(st.one_of(encoded(), mutated().map(_surrogatepass)), min_size=1, max_size=6))
def test_whole_engine_on_a_project_of_fuzzed_files(tmp_path_factory, files: list[bytes]) -> None:
    """Discovery, the node index, the project model, suppression and the reporters too."""
    from structlint.frontends.output import FORMATS, Report

    root = write_project(
        tmp_path_factory.mktemp("fuzzproj"),
        {
            "src/demo/__init__.py": "",
            "src/demo/pipelines/demo/pipeline.py": (
                "from kedro.pipeline import Pipeline, node\nfrom .nodes import *\n\n\n"
                "def create_pipeline(**kwargs):\n    return Pipeline([node(f, 'a', 'b')])\n"
            ),
        },
    )
    for i, data in enumerate(files):
        path = root / f"src/demo/pipelines/demo/nodes_{i}.py"
        path.write_bytes(data)
    (root / "src/demo/pipelines/demo/nodes.py").write_bytes(files[0])
    engine = Engine(load_settings(root), ALL_CODES, jobs=1, use_cache=False)
    result = engine.run()
    assert not result.errors, result.errors
    report = Report(root, result.findings, result.errors, result.files_checked, engine.read_text)
    for render in FORMATS.values():
        assert isinstance(render(report), str)


def test_a_crashing_rule_is_an_internal_error_and_the_rest_still_runs(
    fuzz_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's promise for rule bugs: reported with the rule and the file, never fatal."""
    import structlint.run.filecheck as filecheck_module
    from structlint.rules.rule import Example, FileRule

    class Exploding(FileRule):
        code = "SL999"
        name = "exploding"
        summary = "Crashes on every call."
        explanation = "Test only."
        package_code_only = False
        bad = (Example("x = 1  # expect: SL999\n"),)

        def visit_Call(self, node) -> None:
            raise ValueError("boom")

    by_code = {**rules_by_code(), "SL999": Exploding}
    real = filecheck_module._file_rules
    monkeypatch.setattr(filecheck_module, "_file_rules", lambda codes: [*real(codes), Exploding])
    source = b"import pandas as pd\n\n\ndef f(df):\n    pd.read_csv('data/01_raw/x.csv')\n"
    result = check_source(_job(), source, fuzz_settings, frozenset(by_code))
    [error] = result.errors
    assert error.where == "SL999" and error.path == EXAMPLE_NODES_PATH
    assert "ValueError: boom" in error.detail
    assert {f.code for f in result.findings} >= {"SL201"} & set(by_code)
