"""The `structlint` command as users run it: a subprocess on a real project on disk.

Exit codes (0 clean, 1 findings, 2 usage or configuration error), rule selection, the
configuration errors, every output format, suppression, and which files a run looks at. SL001
(syntax-error) exists from the start; tests that need a rule other engineers are writing skip
with the reason until that rule is registered.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from structlint import __version__
from structlint.rules.registry import all_rules
from tests.integration.conftest import (
    BROKEN,
    CLEAN_FILES,
    make_project,
    require,
    run_structlint,
)

BROKEN_PATH = "src/demo/pipelines/demo/broken.py"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A Kedro project with exactly one finding: SL001 in broken.py, line 2."""
    return make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN})


def _json(stdout: str) -> list[dict]:
    data = json.loads(stdout)
    assert isinstance(data, list)
    return data


# --- exit codes -------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [False, True], ids=["structlint", "python-m"])
def test_exit_0_on_a_clean_project(project: Path, module: bool) -> None:
    r = run_structlint("check", cwd=project, module=module)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "All checks passed!" in r.stdout


@pytest.mark.parametrize("module", [False, True], ids=["structlint", "python-m"])
def test_exit_1_on_findings(broken: Path, module: bool) -> None:
    r = run_structlint("check", "--no-cache", cwd=broken, module=module)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{BROKEN_PATH}:2:" in r.stdout
    assert "SL001 syntax-error" in r.stdout
    assert "Found 1 finding." in r.stdout


def test_check_is_the_default_command(broken: Path) -> None:
    """`structlint src/` means `structlint check src/`, as with options first."""
    assert run_structlint("src", cwd=broken).returncode == 1
    assert run_structlint("--select", "SL001", "src", cwd=broken).returncode == 1
    assert run_structlint("--ignore", "SL001", cwd=broken).returncode == 0


def test_exit_zero_keeps_findings_but_exits_0(broken: Path) -> None:
    r = run_structlint("check", "--exit-zero", cwd=broken)
    assert r.returncode == 0, r.stderr
    assert "SL001" in r.stdout


def test_exit_zero_does_not_hide_configuration_errors(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", config='selct = ["SL001"]\n')
    assert run_structlint("check", "--exit-zero", cwd=root).returncode == 2


def test_unknown_option_is_a_usage_error(project: Path) -> None:
    r = run_structlint("check", "--frobnicate", cwd=project)
    assert r.returncode == 2
    assert "unrecognized arguments: --frobnicate" in r.stderr
    assert "usage: structlint" in r.stderr


@pytest.mark.parametrize("fmt", ["xml", "FULL"])
def test_unknown_output_format_is_a_usage_error(project: Path, fmt: str) -> None:
    r = run_structlint("check", "--output-format", fmt, cwd=project)
    assert r.returncode == 2
    assert "invalid choice" in r.stderr


def test_jobs_must_be_positive(project: Path) -> None:
    r = run_structlint("check", "--jobs", "0", cwd=project)
    assert r.returncode == 2
    assert "--jobs" in r.stderr


def test_missing_path_is_a_usage_error(project: Path) -> None:
    r = run_structlint("check", "src/demo/nope.py", cwd=project)
    assert r.returncode == 2
    assert "src/demo/nope.py" in r.stderr and "no such file" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_config_file_is_a_usage_error(project: Path) -> None:
    r = run_structlint("check", "--config", "elsewhere/pyproject.toml", cwd=project)
    assert r.returncode == 2
    assert "elsewhere/pyproject.toml" in r.stderr


def test_version(tmp_path: Path) -> None:
    for module in (False, True):
        r = run_structlint("--version", cwd=tmp_path, module=module)
        assert r.returncode == 0
        assert r.stdout.strip() == f"structlint {__version__}"


# --- configuration errors ---------------------------------------------------------------------


def test_unknown_config_key_names_key_place_and_nearest(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", config='extend-selct = ["SL001"]\n')
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2
    pyproject = root / "pyproject.toml"
    line = pyproject.read_text().splitlines().index('extend-selct = ["SL001"]') + 1
    assert f"pyproject.toml:{line}:" in r.stderr
    assert "unknown key `extend-selct`" in r.stderr
    assert "Did you mean `extend-select`?" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize(
    ("line", "key", "kind"),
    [
        ('select = "SL001"', "select", "list[str]"),
        ("bare-noqa = 1", "bare-noqa", "bool"),
        ('per-file-ignores = {"tests/*" = "SL001"}', "per-file-ignores", "dict[str, list[str]]"),
        ("exclude = [1, 2]", "exclude", "list[str]"),
    ],
)
def test_wrong_type_in_config(tmp_path: Path, line: str, key: str, kind: str) -> None:
    root = make_project(tmp_path / "proj", config=line + "\n")
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2, r.stdout + r.stderr
    assert f"`{key}` must be {kind}" in r.stderr
    assert "pyproject.toml:" in r.stderr


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"pyproject.toml": "[tool.structlint\nselect = [\n"})
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2
    assert str(root / "pyproject.toml") in r.stderr
    assert "not valid TOML" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_selector_in_config(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", config='ignore = ["SL0001"]\n')
    r = run_structlint("check", cwd=root)
    assert r.returncode == 2
    assert "unknown rule selector `SL0001`" in r.stderr
    assert "[tool.structlint] ignore" in r.stderr


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select", "--extend-ignore"])
@pytest.mark.parametrize("selector", ["SL9", "E501", "SL0011"])
def test_unknown_selector_on_the_command_line(broken: Path, option: str, selector: str) -> None:
    r = run_structlint("check", option, selector, cwd=broken)
    assert r.returncode == 2
    assert f"unknown rule selector `{selector}`" in r.stderr
    assert option in r.stderr


# --- rule selection ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), 1),
        (("--select", "ALL"), 1),
        (("--select", "SL001"), 1),
        (("--select", "SL0"), 1),
        (("--select", "sl001"), 1),
        (("--select", "SL003"), 0),
        (("--select", "SL003", "--extend-select", "SL001"), 1),
        (("--select", "SL003,SL001"), 1),
        (("--ignore", "SL001"), 0),
        (("--ignore", "SL0"), 0),
        (("--ignore", "ALL"), 0),
        (("--extend-ignore", "SL001"), 0),
        (("--select", "ALL", "--ignore", "SL0"), 0),
        # The more specific selector wins, as in ruff.
        (("--select", "SL001", "--ignore", "SL0"), 1),
        (("--select", "SL0", "--ignore", "SL001"), 0),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v),
)
def test_select_and_ignore(broken: Path, args: tuple[str, ...], expected: int) -> None:
    r = run_structlint("check", "--no-cache", *args, cwd=broken)
    assert r.returncode == expected, r.stdout + r.stderr


def test_config_ignore_and_command_line_extend_select(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN}, config='ignore = ["SL0"]\n')
    assert run_structlint("check", cwd=root).returncode == 0
    # --select replaces the configured select, but the configured ignore still applies
    # unless the command line names the code more specifically.
    assert run_structlint("check", "--select", "SL001", cwd=root).returncode == 1


def test_select_all_runs_every_registered_rule(broken: Path) -> None:
    r = run_structlint("check", "--select", "ALL", "--show-settings", cwd=broken)
    assert r.returncode == 0
    enabled = next(line for line in r.stdout.splitlines() if line.startswith("enabled rules:"))
    assert enabled == "enabled rules: " + ", ".join(rule.code for rule in all_rules())


# --- output formats ---------------------------------------------------------------------------


def test_full_format_shows_the_line_and_the_help_link(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "full", cwd=broken)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith(f"{BROKEN_PATH}:2:"))
    assert "SL001 syntax-error" in lines[head]
    assert lines[head + 2] == "2 |     return df.dropna("
    assert "^" in lines[head + 3]
    assert any("= help: https://" in line and "SL001" in line for line in lines)


def test_concise_format_is_one_line_per_finding(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "concise", cwd=broken)
    assert r.returncode == 1
    finding_lines = [line for line in r.stdout.splitlines() if "SL001" in line]
    assert len(finding_lines) == 1
    assert re.match(rf"^{re.escape(BROKEN_PATH)}:2:\d+: SL001 syntax-error \S", finding_lines[0])
    assert "|" not in r.stdout  # no code frame


def test_json_format_is_ruff_shaped(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "json", cwd=broken)
    assert r.returncode == 1
    [item] = _json(r.stdout)
    assert set(item) >= {
        "code",
        "message",
        "filename",
        "location",
        "end_location",
        "url",
        "noqa_row",
        "fix",
        "related",
    }
    assert item["code"] == "SL001"
    assert item["message"]
    assert Path(item["filename"]).is_absolute()
    assert Path(item["filename"]) == (broken / BROKEN_PATH).resolve()
    assert item["location"]["row"] == 2 and item["location"]["column"] >= 1
    assert set(item["end_location"]) == {"row", "column"}
    assert item["url"].startswith("https://") and "SL001" in item["url"]
    assert item["noqa_row"] == 2
    assert item["fix"] is None
    assert item["related"] == []


def test_json_format_on_a_clean_project_is_an_empty_list(project: Path) -> None:
    r = run_structlint("check", "--output-format", "json", cwd=project)
    assert r.returncode == 0
    assert _json(r.stdout) == []


def test_sarif_format_is_what_github_code_scanning_reads(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "sarif", cwd=broken)
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["version"] == "2.1.0"
    assert "sarif" in doc["$schema"]
    [run] = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "structlint"
    assert driver["version"] == __version__
    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids))
    assert {rule.code for rule in all_rules()} <= set(ids)
    for rule in rules:
        assert rule["helpUri"].startswith("https://")
        assert rule["shortDescription"]["text"]
        assert rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    [result] = run["results"]
    assert result["ruleId"] == "SL001"
    assert ids[result["ruleIndex"]] == "SL001"
    assert result["level"] in ("error", "warning", "note")
    assert result["message"]["text"]
    [location] = result["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == BROKEN_PATH
    assert physical["region"]["startLine"] == 2
    assert physical["region"]["startColumn"] >= 1
    assert result["partialFingerprints"]
    base = run["originalUriBaseIds"][physical["artifactLocation"]["uriBaseId"]]["uri"]
    assert base.startswith("file://") and base.endswith("/")
    _validate_sarif_subset(doc)


def _validate_sarif_subset(doc: dict) -> None:
    """The part of the SARIF 2.1.0 schema that GitHub code scanning relies on, as a JSON schema
    (the full OASIS schema is not shipped by any package available here)."""
    jsonschema = pytest.importorskip("jsonschema")
    message = {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}
    region = {
        "type": "object",
        "required": ["startLine"],
        "properties": {
            "startLine": {"type": "integer", "minimum": 1},
            "startColumn": {"type": "integer", "minimum": 1},
            "endLine": {"type": "integer", "minimum": 1},
            "endColumn": {"type": "integer", "minimum": 1},
        },
    }
    schema = {
        "type": "object",
        "required": ["version", "runs"],
        "properties": {
            "version": {"const": "2.1.0"},
            "runs": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["tool", "results"],
                    "properties": {
                        "tool": {
                            "type": "object",
                            "required": ["driver"],
                            "properties": {
                                "driver": {
                                    "type": "object",
                                    "required": ["name", "rules"],
                                    "properties": {
                                        "name": {"type": "string"},
                                        "rules": {
                                            "type": "array",
                                            "items": {
                                                "type": "object",
                                                "required": ["id", "helpUri", "help"],
                                                "properties": {
                                                    "id": {"type": "string"},
                                                    "helpUri": {"type": "string", "format": "uri"},
                                                    "help": message,
                                                    "shortDescription": message,
                                                    "fullDescription": message,
                                                },
                                            },
                                        },
                                    },
                                }
                            },
                        },
                        "results": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["ruleId", "message", "locations"],
                                "properties": {
                                    "ruleId": {"type": "string"},
                                    "ruleIndex": {"type": "integer", "minimum": 0},
                                    "level": {"enum": ["none", "note", "warning", "error"]},
                                    "message": message,
                                    "locations": {
                                        "type": "array",
                                        "minItems": 1,
                                        "items": {
                                            "type": "object",
                                            "required": ["physicalLocation"],
                                            "properties": {
                                                "physicalLocation": {
                                                    "type": "object",
                                                    "required": ["artifactLocation", "region"],
                                                    "properties": {
                                                        "artifactLocation": {
                                                            "type": "object",
                                                            "required": ["uri"],
                                                        },
                                                        "region": region,
                                                    },
                                                }
                                            },
                                        },
                                    },
                                    "partialFingerprints": {
                                        "type": "object",
                                        "additionalProperties": {"type": "string"},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    }
    jsonschema.validate(doc, schema)


def test_github_format_prints_workflow_annotations(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "github", cwd=broken)
    assert r.returncode == 1
    [line] = [x for x in r.stdout.splitlines() if x.strip()]
    assert line.startswith(f"::error title=SL001 syntax-error,file={BROKEN_PATH},line=2,col=")
    assert "::SL001 " in line


def test_gitlab_format_is_code_quality_json(broken: Path) -> None:
    r = run_structlint("check", "--output-format", "gitlab", cwd=broken)
    assert r.returncode == 1
    [item] = _json(r.stdout)
    assert item["check_name"] == "SL001"
    assert "SL001" in item["description"]
    assert re.fullmatch(r"[0-9a-f]{16,}", item["fingerprint"])
    assert item["severity"] in ("info", "minor", "major", "critical", "blocker")
    assert item["location"]["path"] == BROKEN_PATH
    assert item["location"]["lines"]["begin"] == 2


def test_gitlab_fingerprints_are_unique_and_stable(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN, "src/demo/other.py": "x = (\n"})
    first = _json(run_structlint("check", "--output-format", "gitlab", cwd=root).stdout)
    again = _json(run_structlint("check", "--output-format", "gitlab", cwd=root).stdout)
    prints = [item["fingerprint"] for item in first]
    assert len(prints) == 2 == len(set(prints))
    assert prints == [item["fingerprint"] for item in again]


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_machine_formats_keep_stdout_parseable_with_statistics(broken: Path, fmt: str) -> None:
    r = run_structlint("check", "--output-format", fmt, "--statistics", cwd=broken)
    assert r.returncode == 1
    json.loads(r.stdout)
    assert "SL001" in r.stderr


def test_statistics_counts_findings_per_rule(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN, "src/demo/other.py": "x = (\n"})
    r = run_structlint("check", "--statistics", cwd=root)
    assert r.returncode == 1
    assert re.search(r"^\s*2\tSL001\tsyntax-error$", r.stdout, re.MULTILINE), r.stdout


def test_show_settings_prints_the_resolved_configuration(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "proj", {BROKEN_PATH: BROKEN}, config='extend-select = ["SL003"]\n'
    )
    r = run_structlint("check", "--show-settings", cwd=root)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert f"project root: {root}" in out
    assert f"config file: {root / 'pyproject.toml'}" in out
    assert "kedro package: demo" in out
    enabled = next(line for line in out.splitlines() if line.startswith("enabled rules:"))
    assert "SL001" in enabled and "SL003" in enabled
    assert 'extend-select = ["SL003"]' in out
    assert "bare-noqa = false" in out
    assert re.search(r"^files: \d+ Python", out, re.MULTILINE)
    assert "SL001" not in out.replace(enabled, "").replace("SL003", "")  # nothing was checked


def test_jobs_1_and_2_give_identical_results(tmp_path: Path) -> None:
    files: dict[str, str] = {}
    for i in range(60):
        if i % 3 == 0:
            files[f"src/demo/mod_{i:02d}.py"] = f"def f{i}(:\n    pass\n"
        else:
            files[f"src/demo/mod_{i:02d}.py"] = f"VALUE_{i} = {i}\n\n\ndef f{i}(x):\n    return x\n"
        files[f"src/demo/pipelines/p{i % 4}/__init__.py"] = ""
    root = make_project(tmp_path / "proj", files)
    outs = []
    for jobs in ("1", "2"):
        r = run_structlint(
            "check",
            "--select",
            "ALL",
            "--output-format",
            "json",
            "--no-cache",
            "--jobs",
            jobs,
            cwd=root,
        )
        assert r.returncode == 1, r.stderr
        outs.append(_json(r.stdout))
    assert outs[0] == outs[1]
    assert sum(1 for item in outs[0] if item["code"] == "SL001") == 20


# --- the rule command -------------------------------------------------------------------------


def test_rule_prints_the_rule_page(tmp_path: Path) -> None:
    for arg in ("SL001", "sl001", "syntax-error"):
        r = run_structlint("rule", arg, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert "SL001" in r.stdout and "syntax-error" in r.stdout
        assert "does not parse" in r.stdout


def test_rule_json(tmp_path: Path) -> None:
    r = run_structlint("rule", "SL001", "--output-format", "json", cwd=tmp_path)
    assert r.returncode == 0
    page = json.loads(r.stdout)
    assert page["code"] == "SL001" and page["name"] == "syntax-error"
    assert page["explanation"] and page["default"] is True


def test_rule_all_lists_every_rule(tmp_path: Path) -> None:
    r = run_structlint("rule", "--all", cwd=tmp_path)
    assert r.returncode == 0
    for rule in all_rules():
        row = next(line for line in r.stdout.splitlines() if line.startswith(rule.code))
        assert rule.name in row
        assert ("on" if rule.default_enabled else "off") in row.split()
    listed = _json(run_structlint("rule", "--all", "--output-format", "json", cwd=tmp_path).stdout)
    assert [item["code"] for item in listed] == [rule.code for rule in all_rules()]


def test_unknown_rule_is_a_usage_error(tmp_path: Path) -> None:
    r = run_structlint("rule", "SL0001", cwd=tmp_path)
    assert r.returncode == 2
    assert "no rule `SL0001`" in r.stderr
    assert "Did you mean SL001?" in r.stderr


# --- suppression ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("  # noqa: SL001", 0),
        ("  # noqa:SL001", 0),
        ("  # NOQA: sl001", 0),
        ("  # noqa: SL101, SL001", 0),
        ("  # noqa: SL101,SL001 - legacy module", 0),
        ("  # noqa: SL101", 1),
        ("  # noqa", 1),  # bare noqa does not suppress structlint findings by default
        ("  # noqa: E501", 1),
    ],
)
def test_noqa_on_the_reported_line(tmp_path: Path, comment: str, expected: int) -> None:
    source = f"def broken(df):\n    return df.dropna({comment}\n"
    root = make_project(tmp_path / "proj", {BROKEN_PATH: source})
    r = run_structlint("check", "--no-cache", cwd=root)
    assert r.returncode == expected, r.stdout + r.stderr


def test_bare_noqa_suppresses_when_configured(tmp_path: Path) -> None:
    source = "def broken(df):\n    return df.dropna(  # noqa\n"
    root = make_project(tmp_path / "proj", {BROKEN_PATH: source}, config="bare-noqa = true\n")
    r = run_structlint("check", cwd=root)
    assert r.returncode == 0, r.stdout + r.stderr


def test_noqa_on_another_line_does_not_suppress(tmp_path: Path) -> None:
    source = "def broken(df):  # noqa: SL001\n    return df.dropna(\n"
    root = make_project(tmp_path / "proj", {BROKEN_PATH: source})
    assert run_structlint("check", cwd=root).returncode == 1


MULTILINE_IO = """\
import pandas as pd


def clean(path: str) -> pd.DataFrame:
    frame = pd.read_csv({first}
        path,
        sep=";",
    ){last}
    return frame
"""

MULTILINE_PIPELINE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline([node(clean, "raw_path", "clean", name="clean")])
"""


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("", "", 1),
        ("  # noqa: SL201", "", 0),
        ("", "  # noqa: SL201", 0),
        ("", "  # noqa: SL203", 1),
    ],
    ids=["none", "first-line", "last-line", "other-code"],
)
def test_noqa_on_first_or_last_line_of_a_multiline_statement(
    tmp_path: Path, first: str, last: str, expected: int
) -> None:
    require("SL201")
    root = make_project(
        tmp_path / "proj",
        {
            "src/demo/pipelines/demo/nodes.py": MULTILINE_IO.format(first=first, last=last),
            "src/demo/pipelines/demo/pipeline.py": MULTILINE_PIPELINE,
        },
    )
    r = run_structlint("check", "--select", "SL201", "--output-format", "json", cwd=root)
    assert r.returncode == expected, r.stdout + r.stderr
    if expected:
        [item] = _json(r.stdout)
        assert item["code"] == "SL201" and item["location"]["row"] == 5


def test_unused_suppression_is_reported_when_selected(tmp_path: Path) -> None:
    source = "def ok(df):\n    return df  # noqa: SL001\n"
    root = make_project(tmp_path / "proj", {BROKEN_PATH: source})
    assert run_structlint("check", cwd=root).returncode == 0
    r = run_structlint("check", "--extend-select", "SL003", "--output-format", "json", cwd=root)
    assert r.returncode == 1
    [item] = _json(r.stdout)
    assert item["code"] == "SL003" and item["location"]["row"] == 2


def test_per_file_ignores(tmp_path: Path) -> None:
    files = {BROKEN_PATH: BROKEN, "src/demo/other.py": "x = (\n"}
    config = '[tool.structlint.per-file-ignores]\n"src/demo/pipelines/**" = ["SL0"]\n'
    root = make_project(tmp_path / "proj", files, config=config)
    r = run_structlint("check", "--output-format", "json", cwd=root)
    assert r.returncode == 1
    assert [Path(item["filename"]).name for item in _json(r.stdout)] == ["other.py"]


# --- which files a run looks at ---------------------------------------------------------------


def test_explicit_paths_report_only_those_files(tmp_path: Path) -> None:
    files = {BROKEN_PATH: BROKEN, "src/demo/other.py": "x = (\n"}
    root = make_project(tmp_path / "proj", files)
    r = run_structlint("check", "src/demo/other.py", "--output-format", "json", cwd=root)
    assert r.returncode == 1
    assert [Path(item["filename"]).name for item in _json(r.stdout)] == ["other.py"]
    # A folder means every file under it; a clean file alone exits 0.
    r = run_structlint("check", "src/demo/pipelines", "--output-format", "json", cwd=root)
    assert [Path(item["filename"]).name for item in _json(r.stdout)] == ["broken.py"]
    assert run_structlint("check", "src/demo/__init__.py", cwd=root).returncode == 0


def test_explicit_paths_from_another_directory(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN})
    r = run_structlint("check", root / BROKEN_PATH, cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert f"{BROKEN_PATH}:2:" in r.stdout


def test_exclude_is_honoured(tmp_path: Path) -> None:
    files = {BROKEN_PATH: BROKEN, "src/demo/vendor/old.py": "x = (\n"}
    root = make_project(
        tmp_path / "proj", files, config='exclude = ["src/demo/vendor/", "broken.py"]\n'
    )
    r = run_structlint("check", cwd=root)
    assert r.returncode == 0, r.stdout
    # Excluded files stay excluded when passed explicitly (what pre-commit does).
    assert run_structlint("check", BROKEN_PATH, cwd=root).returncode == 0


def test_gitignore_is_honoured(tmp_path: Path) -> None:
    files = {
        "src/demo/generated/out.py": "x = (\n",
        "src/demo/pipelines/demo/scratch_1.py": "x = (\n",
        ".gitignore": CLEAN_FILES[".gitignore"] + "generated/\n",
        "src/demo/pipelines/.gitignore": "scratch_*.py\n",
        "notebooks/.venv/lib/site.py": "x = (\n",
    }
    root = make_project(tmp_path / "proj", files)
    r = run_structlint("check", cwd=root)
    assert r.returncode == 0, r.stdout


def test_default_excludes_skip_virtualenvs_and_caches(tmp_path: Path) -> None:
    files = {
        f"{folder}/mod.py": "x = (\n"
        for folder in (".venv/lib", "venv/lib", "build/lib", "src/demo/__pycache__", ".tox/py")
    }
    root = make_project(tmp_path / "proj", files)
    assert run_structlint("check", cwd=root).returncode == 0


def test_project_root_is_found_from_a_subfolder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {BROKEN_PATH: BROKEN}, config='ignore = ["SL001"]\n')
    r = run_structlint("check", cwd=root / "src" / "demo")
    assert r.returncode == 0, r.stdout + r.stderr  # the project's config was read


def test_yaml_paths_are_checked(project: Path) -> None:
    assert run_structlint("check", "conf/base/catalog.yml", cwd=project).returncode == 0
    (project / "conf/base/parameters.yml").write_text("threshold: [0.5\n")
    r = run_structlint(
        "check", "conf/base/parameters.yml", "--output-format", "concise", cwd=project
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert "conf/base/parameters.yml:" in r.stdout and "SL002" in r.stdout
    assert "Traceback" not in r.stderr
