"""The documentation site cannot drift from the code.

- `mkdocs build --strict` passes: no broken link or anchor, no missing page, and none of the
  checks of docs/hooks.py warns (a copier question without its section, a tutorial step that
  shows nothing, a finding of the "before" project that no step shows, an "after" project
  with findings).
- Every rule has its page at the URL its findings print.
- The rule pages are the text `structlint rule <CODE>` prints.
- The tutorial's "before" project produces exactly the findings the tutorial explains, its
  "after" project none, and the "after" project's own tests pass.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from structlint import DOCS_URL, rule_url
from structlint.cli import main as structlint_main
from structlint.inputs.config import schema
from structlint.rules.registry import all_rules, rules_by_code

pytest.importorskip("mkdocs", reason="docs extra not installed: pip install -e '.[docs]'")
pytest.importorskip("material", reason="docs extra not installed: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
TUTORIAL = DOCS / "tutorial"
NODES = "src/house_prices/pipelines/price_model/nodes.py"

# What the tutorial explains, step by step: (file, code, a piece of the reported line).
# The "before" project must produce exactly these findings (for the rules registered in
# this checkout), no more and no fewer.
BEFORE_EXPECTED = [
    (NODES, "SL103", 'API_KEY = "3f9a1c77e2b04d6a9e5b1f0c8d2a4e6b"'),
    (NODES, "SL101", 'pd.read_csv("data/01_raw/houses.csv")'),
    (NODES, "SL201", 'pd.read_csv("data/01_raw/houses.csv")'),
    (NODES, "SL102", 'requests.get("https://api.rates.example.com/v1/latest"'),
    (NODES, "SL201", 'requests.get("https://api.rates.example.com/v1/latest"'),
    (NODES, "SL203", "houses.dropna(inplace=True)"),
    (NODES, "SL203", 'houses["price_eur"] = houses["price"] * eur'),
    (NODES, "SL302", "test_size=0.2,"),
    (NODES, "SL302", "random_state=42,"),
    (NODES, "SL101", 'joblib.dump(model, "data/06_models/model.pkl")'),
    (NODES, "SL201", 'joblib.dump(model, "data/06_models/model.pkl")'),
]


def _load_hooks():
    spec = importlib.util.spec_from_file_location("structlint_docs_hooks", DOCS / "hooks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


hooks = _load_hooks()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "KEDRO_DISABLE_TELEMETRY": "1"},
        timeout=300,
    )
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return out


def _site_url() -> str:
    # mkdocs.yml is plain YAML (no !!python tags), so safe_load reads it.
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def _text(page: Path) -> str:
    """The visible text of a built page, roughly: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))


def test_strict_build_has_every_page(site: Path) -> None:
    for page in (
        "index.html",
        "quickstart/index.html",
        "tutorial/index.html",
        "template/index.html",
        "rules/index.html",
        "configuration/index.html",
        "integrations/index.html",
        "benchmarks/index.html",
        "faq/index.html",
    ):
        assert (site / page).is_file(), page
    # The tutorial projects are read by the pages, not published as loose files.
    assert not (site / "tutorial" / "before").exists()
    assert not (site / "hooks.py").exists()


def test_site_url_is_docs_url() -> None:
    assert _site_url().rstrip("/") == DOCS_URL.rstrip("/")


@pytest.mark.parametrize("code", [r.code for r in all_rules()])
def test_every_rule_has_its_page_at_its_url(site: Path, code: str) -> None:
    url = rule_url(code)
    site_url = _site_url()
    assert url.startswith(site_url), (url, site_url)
    relative = url[len(site_url) :]
    assert relative == f"rules/{code}/"
    page = site / relative / "index.html"
    assert page.is_file(), f"{url} is not a built page"
    rule = rules_by_code()[code]
    text = _text(page)
    assert f"{code} {rule.name}" in text
    assert " ".join(rule.summary.replace("`", "").split()) in " ".join(text.split()), (
        f"{code}'s summary does not render as written on its page (rulepage prints it as "
        "**bold** Markdown): put globs, `*` and `_` in backticks, e.g. `parameters*.yml`"
    )


def test_rule_index_lists_every_rule_by_family(site: Path) -> None:
    text = _text(site / "rules" / "index.html")
    for rule in all_rules():
        assert rule.code in text and rule.name in text
    for family, title, _ in hooks.FAMILIES.values():
        assert f"{family}: {title}" in text


def test_structlint_rule_prints_the_page_source(capsys: pytest.CaptureFixture[str]) -> None:
    for rule in all_rules():
        assert structlint_main(["rule", rule.code]) == 0
        printed = capsys.readouterr().out
        assert printed == hooks.rule_source(rule) + "\n", rule.code


def test_structlint_rule_sl001_command_equals_page_source() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "structlint", "rule", "SL001"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout == hooks.rule_source(rules_by_code()["SL001"]) + "\n"


def test_configuration_reference_lists_every_option(site: Path) -> None:
    text = _text(site / "configuration" / "index.html")
    for name, opt in schema().items():
        assert name in text, name
        assert " ".join(opt.doc.split()).split("`")[0][:40] in " ".join(text.split()), name


def test_template_reference_lists_every_question(site: Path) -> None:
    questions = hooks.copier_questions()
    assert questions, "copier.yml has no questions"
    text = _text(site / "template" / "index.html")
    for name, spec in questions.items():
        if spec.get("when", True) is not False:
            assert name in text, name


def _located(run) -> list[tuple[str, str, str]]:
    return sorted((f.path, f.code, run.source_line(f).strip()) for f in run.findings)


def test_tutorial_before_produces_exactly_the_findings_it_explains() -> None:
    run = hooks.lint_project(TUTORIAL / "before")
    assert not run.errors, run.errors
    registered = set(rules_by_code())
    expected = sorted(
        (path, code, next(line.strip() for line in _lines(path) if piece in line))
        for path, code, piece in BEFORE_EXPECTED
        if code in registered
    )
    assert _located(run) == expected


def _lines(path: str) -> list[str]:
    return (TUTORIAL / "before" / path).read_text(encoding="utf-8").splitlines()


def test_tutorial_page_shows_every_finding_of_the_real_run(site: Path) -> None:
    run = hooks.lint_project(TUTORIAL / "before")
    text = _text(site / "tutorial" / "index.html")
    assert run.findings
    for f in run.findings:
        assert f"{f.path}:{f.line}:{f.column}: {f.code}" in text
        assert f.message in text


@pytest.mark.parametrize("select", [None, "ALL"])
def test_tutorial_after_is_clean(select: str | None, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", str(TUTORIAL / "after"), "--no-cache", "--jobs", "1"]
    if select:
        args += ["--select", select]
    code = structlint_main(args)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "All checks passed!" in out


def test_tutorial_before_fails_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = structlint_main(["check", str(TUTORIAL / "before"), "--no-cache", "--jobs", "1"])
    assert code == 1
    assert "Found" in capsys.readouterr().out


def test_tutorial_after_own_tests_pass() -> None:
    pytest.importorskip("sklearn")
    after = TUTORIAL / "after"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=after,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(after / "src")},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_benchmarks_page_says_how_to_reproduce() -> None:
    assert "python benchmarks/run.py" in (DOCS / "benchmarks.md").read_text(encoding="utf-8")


def test_integrations_page_lists_the_pre_commit_hooks(site: Path) -> None:
    hooks_file = ROOT / ".pre-commit-hooks.yaml"
    if not hooks_file.is_file():
        pytest.skip("no .pre-commit-hooks.yaml in this checkout yet")
    ids = [h["id"] for h in yaml.safe_load(hooks_file.read_text(encoding="utf-8"))]
    assert "structlint" in ids
    text = _text(site / "integrations" / "index.html")
    for hook_id in ids:
        assert hook_id in text
