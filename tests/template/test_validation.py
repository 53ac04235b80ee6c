"""Bad answers stop every front door with a message, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .support import copier_copy, run

BAD_PACKAGES = {
    "my-pkg": "not a valid Python identifier",
    "class": "keyword",
    "1abc": "not a valid Python identifier",
    "kedro": "shadow a library",
    "pandas": "shadow a library",
    "polars": "shadow a library",
    "os": "standard library",
    "": "must not be empty",
    "MyPkg": "lowercase",
}


@pytest.mark.parametrize("package", sorted(BAD_PACKAGES))
def test_copier_rejects_bad_package_names(
    package: str, template_repo: Path, tmp_path: Path
) -> None:
    dst = tmp_path / "project"
    with pytest.raises(ValueError, match=BAD_PACKAGES[package]):
        copier_copy(template_repo, dst, python_package=package)
    assert not dst.exists() or not any(dst.iterdir())


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": "x"}, "at least 2 characters"),
        ({"project_name": "Bad/Name"}, "letters, digits"),
        ({"author_email": "not-an-address"}, "e-mail"),
        ({"description": 'say "hi"'}, "double quotes"),
        ({"python_version": "3.9"}, "3.9"),
        ({"dataframe_library": "spark"}, "spark"),
        ({"ci": "jenkins"}, "jenkins"),
    ],
)
def test_copier_rejects_other_bad_answers(
    answers: dict, message: str, template_repo: Path, tmp_path: Path
) -> None:
    dst = tmp_path / "project"
    with pytest.raises(ValueError, match=message):
        copier_copy(template_repo, dst, **answers)
    assert not dst.exists() or not any(dst.iterdir())


@pytest.mark.parametrize("package", ["my-pkg", "class", "1abc", "kedro", "pandas", ""])
def test_cookiecutter_hook_rejects_bad_package_names(
    package: str, template_repo: Path, tmp_path: Path
) -> None:
    result = run(
        ["cookiecutter", str(template_repo), "--directory", "template", "--no-input",
         "--output-dir", str(tmp_path), f"python_package={package}"],
        tmp_path,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "python_package" in result.stderr + result.stdout
    assert list(tmp_path.iterdir()) == []


def test_cookiecutter_hook_asks_to_quote_yaml_booleans(template_repo: Path, tmp_path: Path) -> None:
    # `include_example: yes` unquoted in a kedro new config file is a YAML boolean
    config = tmp_path / "config.yml"
    config.write_text(
        yaml.safe_dump({"default_context": {"include_example": True}}), encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir()
    result = run(
        ["cookiecutter", str(template_repo), "--directory", "template", "--no-input",
         "--config-file", str(config), "--output-dir", str(out)],
        tmp_path,
        check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "quote it in YAML" in result.stderr + result.stdout
    assert list(out.iterdir()) == []


def test_kedro_new_rejects_bad_package_names(template_repo: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    out = tmp_path / "out"
    out.mkdir()
    config.write_text(
        yaml.safe_dump(
            {
                "output_dir": str(out),
                "project_name": "House Prices",
                "python_package": "my-pkg",
                "description": "d",
                "author_name": "a",
                "author_email": "a@example.com",
                "python_version": "3.11",
                "include_example": "yes",
                "dataframe_library": "pandas",
                "ci": "none",
                "license": "MIT",
                "kedro_viz": "no",
            }
        ),
        encoding="utf-8",
    )
    result = run(
        ["kedro", "new", "--starter", str(template_repo), "--directory", "template",
         "--config", str(config)],
        tmp_path,
        check=False,
        timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert list(out.iterdir()) == []
