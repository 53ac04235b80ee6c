"""The proof: small real Kedro projects, one per failure Kedro knows. Each is run twice: the
real `kedro run` must fail (or, for the clean project, succeed), and structlint must report
the matching code at the right line before anything runs (or stay silent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run
from tests.project.kedro_projects import (
    CATALOG,
    CATALOG_PATH,
    NODES,
    NODES_PATH,
    PARAMETERS,
    PARAMETERS_PATH,
    PIPELINE,
    PIPELINE_PATH,
    kedro_run,
    line_of,
    make,
)

PROJECT_CODES = ["SL002", "SL3", "SL4"]

CYCLE = """\
from kedro.pipeline import Pipeline, node

from .nodes import clean, report, score


def create_pipeline(**kwargs) -> Pipeline:
    return Pipeline(
        [
            node(clean, "companies", "clean_companies", name="clean"),
            node(report, ["clean_companies", "looped"], "summary_in", name="join"),
            node(clean, "summary_in", "looped", name="loop"),
            node(score, ["summary_in", "params:factor"], "summary", name="score"),
        ]
    )
"""

# What `kedro run` says for each case.
KEDRO_SAYS = {
    "misspelt-free-input": "not found in the DataCatalog",
    "missing-parameter": "not found in the DataCatalog",
    "misspelt-nested-parameter": "not found in the DataCatalog",
    "dataset-type-typo": "CSVDatset",
    "too-many-inputs": "Inputs of 'clean' function",
    "output-arity": "Failed to save outputs of node split",
    "duplicate-output": "OutputNotUniqueError",
    "cycle": "CircularDependencyError",
}

# name -> (files changed, path of the expected finding, text on the expected line, code)
BROKEN = {
    "misspelt-free-input": (
        {PIPELINE_PATH: PIPELINE.replace('"companies"', '"companys"')},
        PIPELINE_PATH,
        '"companys"',
        "SL401",
    ),
    "missing-parameter": (
        {PARAMETERS_PATH: PARAMETERS.replace("factor: 2.0\n", "")},
        PIPELINE_PATH,
        '"params:factor"',
        "SL304",
    ),
    "misspelt-nested-parameter": (
        {
            PIPELINE_PATH: PIPELINE.replace(
                "params:model_options.test_size", "params:model_option.test_size"
            )
        },
        PIPELINE_PATH,
        "params:model_option.test_size",
        "SL304",
    ),
    "dataset-type-typo": (
        {CATALOG_PATH: CATALOG.replace("type: pandas.CSVDataset", "type: pandas.CSVDatset", 1)},
        CATALOG_PATH,
        "pandas.CSVDatset",
        "SL408",
    ),
    "too-many-inputs": (
        {
            PIPELINE_PATH: PIPELINE.replace(
                'node(clean, "companies",', 'node(clean, ["companies", "params:factor"],'
            )
        },
        PIPELINE_PATH,
        "node(clean,",
        "SL406",
    ),
    "output-arity": (
        {
            PIPELINE_PATH: PIPELINE.replace(
                '["train", "test"],\n                name="split"',
                '["train", "test", "val"],\n                name="split"',
            )
        },
        PIPELINE_PATH,
        "node(\n",
        "SL406",
    ),
    "duplicate-output": (
        {
            PIPELINE_PATH: PIPELINE.replace(
                'node(report, ["train", "test"], "summary", name="report"),',
                'node(report, ["train", "test"], "summary", name="report"),\n'
                '            node(clean, "companies", "scored", name="again"),',
            )
        },
        PIPELINE_PATH,
        'name="again"',
        "SL407",
    ),
    "cycle": ({PIPELINE_PATH: CYCLE}, PIPELINE_PATH, 'name="join"', "SL407"),
}


def _expected_line(files: dict[str, str], path: str, needle: str) -> int:
    text = (
        files.get(path)
        or {
            PIPELINE_PATH: PIPELINE,
            NODES_PATH: NODES,
            CATALOG_PATH: CATALOG,
            PARAMETERS_PATH: PARAMETERS,
        }[path]
    )
    if needle == "node(\n":  # the multi-line split node
        return line_of(text, "split,") - 1
    return line_of(text, needle)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_structlint_reports_before_kedro_runs(case: str, tmp_path: Path) -> None:
    files, path, needle, code = BROKEN[case]
    make(tmp_path, files)
    result = run(tmp_path, select=PROJECT_CODES)
    assert not result.errors, result.errors
    got = {(f.path, f.line, f.code) for f in result.findings}
    assert (path, _expected_line(files, path, needle), code) in got, sorted(got)


def test_clean_project_is_silent(tmp_path: Path) -> None:
    make(tmp_path)
    result = run(tmp_path, select=PROJECT_CODES)
    assert not result.errors, result.errors
    assert result.findings == []


def test_messages_suggest_near_names(tmp_path: Path) -> None:
    make(tmp_path, BROKEN["misspelt-free-input"][0])
    (msg,) = [f.message for f in run(tmp_path, select=["SL401"]).findings]
    assert "`companies`" in msg
    make(tmp_path, BROKEN["misspelt-nested-parameter"][0])
    (msg,) = [f.message for f in run(tmp_path, select=["SL304"]).findings]
    assert "`params:model_options.test_size`" in msg
    make(tmp_path, BROKEN["dataset-type-typo"][0])
    (msg,) = [f.message for f in run(tmp_path, select=["SL408"]).findings]
    assert "`pandas.CSVDataset`" in msg


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_kedro_run_fails(case: str, tmp_path: Path) -> None:
    make(tmp_path, BROKEN[case][0])
    proc = kedro_run(tmp_path)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-3000:]
    assert KEDRO_SAYS[case] in " ".join(out.split()), out[-3000:]


@pytest.mark.slow
def test_kedro_run_succeeds_on_clean_project(tmp_path: Path) -> None:
    make(tmp_path)
    proc = kedro_run(tmp_path)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert (tmp_path / "data/08_reporting/summary.csv").is_file()
