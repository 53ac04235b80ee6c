"""MkDocs hooks: the pages that must not drift from the code are generated at build time.

- `rules/<CODE>.md` for every registered rule: exactly `structlint.rules.rulepage.rule_page(rule)`,
  the text `structlint rule <CODE>` prints, served at `rules/<CODE>/` (= `structlint.rule_url`).
- `rules/index.md`: every rule by family, from the same metadata.
- Placeholders in hand-written pages (HTML comments, so the sources still read well):
  - `<!-- structlint:config -->`: the `[tool.structlint]` options, from `config.schema()`.
  - `<!-- structlint:copier-questions -->`: the template's questions, from `copier.yml`.
  - `<!-- structlint:pre-commit-hooks -->`: the hooks of `.pre-commit-hooks.yaml`.
  - `<!-- structlint:findings project=before select=SL101,SL201 grep="read_csv" -->`:
    a real structlint run over `docs/tutorial/<project>/`, rendered by structlint's own
    reporters (`format=full` by default): all findings, or those of the selected codes
    (`select`) on source lines that match a regex (`grep`), at most `first` of them.
  - `<!-- structlint:source file=before/src/.../nodes.py function=load_houses -->`: a file
    of a tutorial project, or one function of it, as a titled code block.
  - `[[SL201]]`: a link to the rule's page, titled with its code and name.

Anything that would make a page lie (a copier question without its section, a tutorial step
that shows no finding, an "after" project with findings, a finding the tutorial never shows)
is logged as a warning, so `mkdocs build --strict` fails.
"""

from __future__ import annotations

import ast
import functools
import logging
import posixpath
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File, Files

from structlint import DOCS_URL, rule_url
from structlint.core.findings import Finding, InternalError
from structlint.frontends.output import FORMATS, Report
from structlint.inputs.config import ENGINE_OPTIONS, load_settings, schema
from structlint.rules.registry import all_rules, rules_by_code
from structlint.rules.rule import Rule
from structlint.rules.rulepage import rule_page
from structlint.run.engine import Engine
from structlint.run.selection import resolve

log = logging.getLogger("mkdocs.hooks.structlint")

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
TUTORIAL = DOCS / "tutorial"

FAMILIES = {
    "0": (
        "SL0xx",
        "the linter itself",
        "files it cannot read or parse, broken configuration, unused suppressions",
    ),
    "1": ("SL1xx", "hardcoded locations", "paths, URIs and secrets written into code"),
    "2": ("SL2xx", "node purity", "what a node function may not do"),
    "3": (
        "SL3xx",
        "parameters only via config",
        "hyperparameters and configuration reach nodes through `params:`",
    ),
    "4": (
        "SL4xx",
        "catalog and pipeline graph",
        "read statically from `conf/` and the pipeline code",
    ),
    "5": (
        "SL5xx",
        "project layout and hygiene",
        "the folders, tests and git habits of a Kedro project",
    ),
    "6": (
        "SL6xx",
        "deployment readiness",
        "what breaks when the project runs under an orchestrator, on a cluster or in parallel",
    ),
}

_PLACEHOLDER = re.compile(r"<!--\s*structlint:(?P<name>[\w-]+)(?P<args>[^>]*?)\s*-->")
_RULE_LINK = re.compile(r"\[\[(?P<code>SL\d{3})\]\]")


# --------------------------------------------------------------------------- rule pages


def rule_source(rule: type[Rule]) -> str:
    """The Markdown source of a rule's page: the very text `structlint rule <CODE>` prints."""
    return rule_page(rule)


def rule_doc_path(code: str) -> str:
    return f"rules/{code}.md"


def family_of(code: str) -> str:
    return code[2]


def rules_index() -> str:
    rules = all_rules()
    lines = [
        "# Rule reference",
        "",
        "Every rule has a short code (`SL201`) that stays stable once shipped, a kebab-case name "
        "(`io-in-node`) and a page of its own, generated from the rule's metadata: the same text "
        "`structlint rule SL201` prints, with a bad and a good example that are tests of the rule.",
        "",
        f"{len(rules)} rules; {sum(r.default_enabled for r in rules)} are on by default. "
        "Select more with `extend-select` (or `--select ALL`), fewer with `ignore`: see the "
        "[configuration reference](../configuration.md). Suppress one finding with "
        "`# noqa: SL201 - reason` on its line.",
        "",
    ]
    for digit, (family, title, blurb) in FAMILIES.items():
        members = [r for r in rules if family_of(r.code) == digit]
        lines += [f"## {family}: {title}", "", f"{blurb[0].upper()}{blurb[1:]}.", ""]
        if not members:
            lines += ["No rule of this family ships in this version yet.", ""]
            continue
        lines += ["| code | name | default | scope | summary |", "|---|---|---|---|---|"]
        for r in members:
            scope = "project" if r.scope == "project" else "file"
            state = "on" if r.default_enabled else "off"
            lines.append(
                f"| [{r.code}]({r.code}.md) | `{r.name}` | {state} | {scope} | {_cell(r.summary)} |"
            )
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


# --------------------------------------------------------------------------- mkdocs events


# The mkdocs command of this process ("build", "serve", "gh-deploy"): `mkdocs serve`
# replaces site_url with its own address (http://127.0.0.1:8000/), which is no mistake.
_COMMAND: list[str] = []


def on_startup(command: str, dirty: bool) -> None:
    _COMMAND[:] = [command]


def on_config(config: Any) -> Any:
    site_url = (config.get("site_url") or "").rstrip("/")
    host, port = config["dev_addr"]
    serving = _COMMAND == ["serve"] or site_url == f"http://{host}:{port}"
    if site_url != DOCS_URL.rstrip("/") and not serving:
        log.warning(
            "mkdocs.yml site_url %r differs from structlint.DOCS_URL %r: the URLs in findings "
            "would not lead to the rule pages. Make them equal.",
            config.get("site_url"),
            DOCS_URL,
        )
    # The rule pages go into the navigation by family, under the rules index.
    nav = config.get("nav") or []
    for entry in nav:
        if isinstance(entry, dict) and "Rule reference" in entry:
            section: list[Any] = ["rules/index.md"]
            for digit, (family, title, _) in FAMILIES.items():
                members = [r for r in all_rules() if family_of(r.code) == digit]
                if members:
                    section.append(
                        {
                            f"{family} {title}": [
                                {f"{r.code} {r.name}": rule_doc_path(r.code)} for r in members
                            ]
                        }
                    )
            entry["Rule reference"] = section
    return config


def on_files(files: Files, config: Any) -> Files:
    generated = {"rules/index.md": rules_index()}
    for rule in all_rules():
        generated[rule_doc_path(rule.code)] = rule_source(rule)
    for src_uri, content in generated.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            log.warning("docs/%s is generated by docs/hooks.py: delete the file.", src_uri)
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    src_uri = page.file.src_uri

    def placeholder(m: re.Match[str]) -> str:
        name = m.group("name")
        args = dict(kv.split("=", 1) for kv in shlex.split(m.group("args")) if "=" in kv)
        handler = PLACEHOLDERS.get(name)
        if handler is None:
            log.warning("%s: unknown placeholder structlint:%s", src_uri, name)
            return m.group(0)
        return handler(src_uri, markdown, **args)

    markdown = _PLACEHOLDER.sub(placeholder, markdown)
    return _RULE_LINK.sub(lambda m: rule_link(m.group("code"), src_uri), markdown)


def on_post_build(config: Any) -> None:
    # Every finding of a tutorial "before" project must be shown by some step of the page.
    for project, run in _RUNS.items():
        if project.endswith("before"):
            shown = _SHOWN.get(project, set())
            for f in run.findings:
                if (f.path, f.line, f.code) not in shown:
                    log.warning(
                        "tutorial: %s:%s: %s of docs/tutorial/%s is not shown by any step",
                        f.path,
                        f.line,
                        f.code,
                        project,
                    )
    _RUNS.clear()
    _SHOWN.clear()


# --------------------------------------------------------------------------- placeholders


def rule_link(code: str, src_uri: str) -> str:
    rule = rules_by_code().get(code)
    if rule is None:
        log.info("%s: rule %s is not registered (yet): rendered without a link", src_uri, code)
        return f"`{code}`"
    target = posixpath.relpath(rule_doc_path(code), posixpath.dirname(src_uri) or ".")
    return f"[{code} `{rule.name}`]({target})"


def config_reference(src_uri: str, markdown: str, **_: str) -> str:
    owners: dict[str, list[str]] = {}
    for rule in all_rules():
        for opt in rule.options:
            owners.setdefault(opt.name, []).append(rule.code)
    engine = {o.name for o in ENGINE_OPTIONS}
    options = schema()
    lines = [
        "| key | type | default | used by |",
        "|---|---|---|---|",
    ]
    for name, opt in options.items():
        used = (
            "every run"
            if name in engine
            else ", ".join(rule_link(c, src_uri) for c in owners.get(name, []))
        )
        default = _toml(opt.default)
        shown = f"`{default}`" if len(default) <= 40 else f"[see below](#{_anchor(name)})"
        lines.append(f"| [`{name}`](#{_anchor(name)}) | `{opt.kind}` | {shown} | {used} |")
    lines.append("")
    for name, opt in options.items():
        lines += [
            f"### `{name}` {{ #{_anchor(name)} }}",
            "",
            f"Type `{opt.kind}`, default `{_toml(opt.default)}`.",
            "",
            opt.doc.strip(),
            "",
        ]
        if name not in engine:
            codes = ", ".join(rule_link(c, src_uri) for c in owners.get(name, []))
            lines += [f"Read by {codes}.", ""]
    return "\n".join(lines)


def _anchor(name: str) -> str:
    return "opt-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + " }"
    return str(value)


def copier_questions() -> dict[str, dict[str, Any]]:
    """The questions of copier.yml (keys not starting with `_`), in file order."""
    path = ROOT / "copier.yml"
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        k: (v if isinstance(v, dict) else {"default": v})
        for k, v in data.items()
        if not k.startswith("_")
    }


def _is_asked(spec: dict[str, Any]) -> bool:
    return spec.get("when", True) is not False


def copier_table(src_uri: str, markdown: str, **_: str) -> str:
    questions = copier_questions()
    if not questions:
        log.warning("%s: copier.yml not found or empty: no question table", src_uri)
        return "*copier.yml not found.*"
    lines = [
        "| question | type | default | choices | asked |",
        "|---|---|---|---|---|",
    ]
    for name, spec in questions.items():
        if not _is_asked(spec):
            continue
        if f"### `{name}`" not in markdown:
            log.warning(
                "%s: copier.yml question `%s` has no '### `%s`' section explaining what it changes",
                src_uri,
                name,
                name,
            )
        choices = spec.get("choices")
        if isinstance(choices, dict):
            shown = "<br>".join(
                f"`{v}`" + (f": {_cell(k)}" if str(k) != str(v) else "") for k, v in choices.items()
            )
        elif isinstance(choices, list):
            shown = ", ".join(f"`{c}`" for c in choices)
        else:
            shown = ""
        default = spec.get("default", "")
        if isinstance(default, str) and "{{" in default:
            default_cell = "derived from earlier answers"
        elif isinstance(default, bool):
            default_cell = f"`{'yes' if default else 'no'}`"
        else:
            default_cell = f"`{default}`" if default != "" else ""
        when = spec.get("when", True)
        asked = "always" if when is True else f"when `{_jinja_condition(when)}`"
        validated = " (validated)" if spec.get("validator") else ""
        lines.append(
            f"| [`{name}`](#{name}) | {spec.get('type', 'str')}{validated} | "
            f"{default_cell} | {shown} | {asked} |"
        )
    computed = [n for n, s in questions.items() if not _is_asked(s)]
    if computed:
        lines += [
            "",
            "Computed, never asked: " + ", ".join(f"`{n}`" for n in computed) + ".",
        ]
    return "\n".join(lines)


def _jinja_condition(when: Any) -> str:
    text = str(when).strip()
    m = re.fullmatch(r"\{\{\s*(.*?)\s*\}\}", text)
    return m.group(1) if m else text


def pre_commit_hooks(src_uri: str, markdown: str, **_: str) -> str:
    path = ROOT / ".pre-commit-hooks.yaml"
    if not path.is_file():
        log.info("%s: .pre-commit-hooks.yaml not found", src_uri)
        return "*This checkout has no `.pre-commit-hooks.yaml` yet.*"
    hooks = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    lines = ["| hook id | runs | on | description |", "|---|---|---|---|"]
    for hook in hooks:
        on = hook.get("types_or") or hook.get("types") or []
        files = hook.get("files")
        where = ", ".join(f"`{t}`" for t in on) or (f"`{files}`" if files else "all files")
        lines.append(
            f"| `{hook.get('id')}` | `{hook.get('entry')}` | {where} | "
            f"{_cell(hook.get('description', hook.get('name', '')))} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- tutorial runs


@dataclass
class LintRun:
    root: Path
    findings: list[Finding]
    errors: list[InternalError]
    files_checked: int
    engine: Engine

    def source_line(self, f: Finding) -> str:
        text = self.engine.read_text(f.path) or ""
        lines = text.splitlines()
        return lines[f.line - 1] if 0 < f.line <= len(lines) else ""

    def render(self, fmt: str, codes: Iterable[str] | None = None) -> str:
        wanted = set(codes) if codes else None
        findings = [f for f in self.findings if wanted is None or f.code in wanted]
        report = Report(self.root, findings, self.errors, self.files_checked, self.engine.read_text)
        return FORMATS[fmt](report)


_RUNS: dict[str, LintRun] = {}
_SHOWN: dict[str, set[tuple[str, int, str]]] = {}


def lint_project(root: Path) -> LintRun:
    """`structlint check` in `root`, as the command line does it (its own configuration,
    default rule selection), in this process and without the cache."""
    settings = load_settings(root)
    v = settings.values
    by_code = rules_by_code()
    codes = resolve(
        {c: r.default_enabled for c, r in by_code.items()},
        v["select"],
        v["extend-select"],
        [*v["ignore"], *v["extend-ignore"]],
    )
    engine = Engine(settings, codes, jobs=1, use_cache=False)
    result = engine.run([])
    return LintRun(root, result.findings, result.errors, result.files_checked, engine)


@functools.cache
def _project_dir(project: str) -> Path:
    return (TUTORIAL / project).resolve()


def findings_block(
    src_uri: str,
    markdown: str,
    project: str = "before",
    select: str = "",
    format: str = "full",
    first: str = "",
    grep: str = "",
    **_: str,
) -> str:
    root = _project_dir(project)
    if project not in _RUNS:
        _RUNS[project] = lint_project(root)
    run = _RUNS[project]
    for e in run.errors:
        log.warning(
            "tutorial %s: internal error in %s on %s: %s", project, e.where, e.path, e.detail
        )
    codes = [c.strip() for c in select.split(",") if c.strip()] or None
    findings = [f for f in run.findings if codes is None or f.code in codes]
    if grep:
        findings = [f for f in findings if re.search(grep, run.source_line(f))]
    if first:
        findings = findings[: int(first)]
    if project.endswith("after") and run.findings:
        log.warning(
            "tutorial: docs/tutorial/%s should be clean but has %d findings: %s",
            project,
            len(run.findings),
            "; ".join(f"{f.path}:{f.line} {f.code}" for f in run.findings),
        )
    if project.endswith("before") and codes:
        registered = [c for c in codes if c in rules_by_code()]
        if registered and not findings:
            log.warning(
                "%s: the tutorial step for %s shows no finding: docs/tutorial/%s no longer "
                "produces it. Update the step or the project.",
                src_uri,
                ",".join(registered),
                project,
            )
    _SHOWN.setdefault(project, set()).update((f.path, f.line, f.code) for f in findings)
    report = Report(run.root, findings, run.errors, run.files_checked, run.engine.read_text)
    text = FORMATS[format](report).rstrip()
    # Machine formats print absolute paths: show a user's, not the build machine's.
    text = text.replace(str(run.root), "/home/you/house-prices")
    lang = "json" if format in ("json", "sarif", "gitlab") else "text"
    return f"```{lang}\n{text}\n```"


def source_block(
    src_uri: str, markdown: str, file: str = "", function: str = "", title: str = "", **_: str
) -> str:
    """A file of a tutorial project (or one top-level function of it) as a code block."""
    path = TUTORIAL / file
    if not path.is_file():
        log.warning("%s: structlint:source: no file docs/tutorial/%s", src_uri, file)
        return ""
    text = path.read_text(encoding="utf-8")
    if function:
        tree = ast.parse(text)
        found = [
            n
            for n in tree.body
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == function
        ]
        if not found:
            log.warning("%s: no function %s in docs/tutorial/%s", src_uri, function, file)
            return ""
        lines = text.splitlines()
        text = "\n".join(lines[found[0].lineno - 1 : found[0].end_lineno]) + "\n"
    suffix = Path(file).suffix
    lang = {".py": "python", ".yml": "yaml", ".yaml": "yaml", ".toml": "toml"}.get(suffix, "text")
    shown = title or file.split("/", 1)[1]
    return f'```{lang} title="{shown}"\n{text.rstrip()}\n```'


PLACEHOLDERS = {
    "config": config_reference,
    "copier-questions": copier_table,
    "pre-commit-hooks": pre_commit_hooks,
    "findings": findings_block,
    "source": source_block,
}


def rule_url_path(code: str) -> str:
    """The part of `rule_url(code)` below the site root: `rules/SL201/`."""
    return rule_url(code)[len(DOCS_URL.rstrip("/")) + 1 :]
