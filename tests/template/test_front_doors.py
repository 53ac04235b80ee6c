"""One source, three front doors: copier, cookiecutter and ``kedro new`` agree.

For the same answers, the three write the same files with the same bytes; only
copier adds its answers file (``.copier-answers.yml``), which updates need.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from .support import copier_copy, run

SOURCE = "kedro-structlint @ file:///opt/kedro-structlint"

# (copier answers, the same as cookiecutter/kedro-new strings)
CASES = {
    "defaults": {},
    "polars": {
        "project_name": "Polar Bears",
        "dataframe_library": "polars",
        "ci": "gitlab",
        "license": "Apache-2.0",
        "kedro_viz": True,
        "python_version": "3.12",
    },
    "spark-airflow": {
        "project_name": "Spark Houses",
        "dataframe_library": "pyspark",
        "orchestrator": "airflow",
    },
    "bare": {
        "project_name": "Bare Bones",
        "python_package": "skeleton",
        "include_example": False,
        "ci": "none",
        "license": "none",
        "author_name": "Ada O'Neill",
    },
}
DEFAULTS = {
    "project_name": "House Prices",
    "description": "A Kedro project that stays structured.",
    "author_name": "Your Name",
    "author_email": "you@example.com",
    "python_version": "3.11",
    "include_example": True,
    "dataframe_library": "pandas",
    "orchestrator": "none",
    "ci": "github",
    "license": "MIT",
    "kedro_viz": False,
}


def as_cookiecutter(answers: dict) -> dict[str, str]:
    """The same answers as cookiecutter.json strings."""
    full = DEFAULTS | answers
    out = {}
    for key, value in full.items():
        if isinstance(value, bool):
            value = "yes" if value else "no"
        out[key] = value
    out["python_package"] = answers.get(
        "python_package", full["project_name"].lower().replace(" ", "_")
    )
    out["structlint_source"] = SOURCE
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def only_dir(path: Path) -> Path:
    (child,) = list(path.iterdir())
    return child


@pytest.mark.parametrize("case", sorted(CASES))
def test_three_front_doors_write_the_same_project(
    case: str, template_repo: Path, tmp_path: Path
) -> None:
    answers = CASES[case]
    strings = as_cookiecutter(answers)

    by_copier = copier_copy(template_repo, tmp_path / "copier", structlint_source=SOURCE, **answers)

    cc_out = tmp_path / "cookiecutter"
    cc_out.mkdir()
    run(
        ["cookiecutter", str(template_repo), "--directory", "template", "--no-input",
         "--output-dir", str(cc_out), *(f"{k}={v}" for k, v in strings.items())],
        tmp_path,
    )  # fmt: skip
    by_cookiecutter = only_dir(cc_out)

    kn_out = tmp_path / "kedro-new"
    kn_out.mkdir()
    config = tmp_path / "kedro-new.yml"
    config.write_text(yaml.safe_dump({"output_dir": str(kn_out), **strings}))
    result = run(
        ["kedro", "new", "--starter", str(template_repo), "--directory", "template",
         "--config", str(config)],
        tmp_path,
        timeout=300,
    )  # fmt: skip
    assert "has been created" in result.stdout
    by_kedro_new = only_dir(kn_out)

    copier_files = tree(by_copier)
    assert ".copier-answers.yml" in copier_files
    del copier_files[".copier-answers.yml"]
    cookiecutter_files = tree(by_cookiecutter)
    kedro_new_files = tree(by_kedro_new)

    assert sorted(cookiecutter_files) == sorted(copier_files)
    assert sorted(kedro_new_files) == sorted(copier_files)
    differ = [
        name
        for name in copier_files
        if not copier_files[name] == cookiecutter_files[name] == kedro_new_files[name]
    ]
    assert not differ
    assert by_cookiecutter.name == strings["project_name"].lower().replace(" ", "-")


def test_kedro_new_interactive_prompts_accept_the_defaults(
    template_repo: Path, tmp_path: Path
) -> None:
    answers = "Interactive Test\n" + "\n" * 12  # a name, then Enter for each default
    result = subprocess.run(
        ["kedro", "new", "--starter", str(template_repo), "--directory", "template"],
        cwd=tmp_path,
        input=answers,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    project = tmp_path / "interactive-test"
    assert (project / "src/interactive_test/pipelines/data_science/nodes.py").is_file()
    assert not (project / ".copier-answers.yml").exists()
