"""Validate the answers before cookiecutter (or ``kedro new``) writes anything.

copier validates in copier.yml; this hook applies the same rules for the other two
front doors. On a bad answer it prints what is wrong and exits 1, so cookiecutter
stops and removes the half-written project.
"""

import json
import keyword
import re
import sys

ANSWERS = json.loads(r"""{{ cookiecutter | tojson }}""")

CHOICES = {
    "python_version": ("3.10", "3.11", "3.12", "3.13"),
    "include_example": ("yes", "no"),
    "dataframe_library": ("pandas", "polars", "pyspark"),
    "orchestrator": ("none", "airflow"),
    "ci": ("github", "gitlab", "none"),
    "license": ("MIT", "Apache-2.0", "BSD-3-Clause", "none"),
    "kedro_viz": ("yes", "no"),
}
TAKEN = {
    "kedro", "kedro_datasets", "kedro_viz", "kedro_telemetry", "pandas", "polars",
    "numpy", "scipy", "sklearn", "pyarrow", "fsspec", "matplotlib", "pytest",
    "structlint", "ruff", "setuptools", "pip", "pyspark", "airflow", "kedro_airflow",
}  # fmt: skip


def package_problem(name: object) -> str | None:
    """Say what is wrong with ``name`` as the project's package name, or None."""
    if not isinstance(name, str) or not name:
        return "The package name must not be empty: give a lowercase identifier."
    if not (name.isidentifier() and name.isascii()):
        return (
            f"{name!r} is not a valid Python identifier: use lowercase letters, "
            "digits and underscores, not starting with a digit (e.g. house_prices)."
        )
    if name != name.lower():
        return f"Package names are lowercase: use {name.lower()!r}."
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name == "type":
        return f"{name!r} is a Python keyword: choose another name."
    if name in sys.stdlib_module_names:
        return f"{name!r} would shadow the standard library module: choose another."
    if name in TAKEN:
        return f"{name!r} would shadow a library the project uses: choose another."
    return None


def problems(answers: dict) -> list[str]:
    """Every problem with the answers, as messages a user can act on."""
    found = []
    name = answers.get("project_name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][\w -]*\w", name):
        found.append(
            f"project_name {name!r}: use letters, digits, spaces, hyphens and "
            "underscores, at least 2 characters, e.g. 'House Prices'."
        )
    package = package_problem(answers.get("python_package"))
    if package:
        found.append(f"python_package: {package}")
    email = answers.get("author_email")
    if not isinstance(email, str) or not re.fullmatch(r"[^@\s]+@[^@\s]+", email):
        found.append(f"author_email {email!r}: write it as name@example.com.")
    for key in ("description", "author_name", "structlint_source"):
        value = answers.get(key)
        if not isinstance(value, str) or "\n" in value:
            found.append(f"{key} {value!r}: give one line of text.")
        elif key != "structlint_source" and ('"' in value or "\\" in value):
            found.append(f"{key} {value!r}: leave out double quotes and backslashes.")
    for key, allowed in CHOICES.items():
        value = answers.get(key)
        if value not in allowed:
            hint = " (quote it in YAML)" if not isinstance(value, str) else ""
            found.append(f"{key} {value!r}: choose one of {', '.join(allowed)}{hint}.")
    return found


if __name__ == "__main__":
    messages = problems(ANSWERS)
    for message in messages:
        print(f"ERROR: {message}", file=sys.stderr)
    sys.exit(1 if messages else 0)
