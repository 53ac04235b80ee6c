"""Drop the files that the answers leave out (cookiecutter and ``kedro new`` only).

copier makes the same selection with ``_exclude`` in copier.yml; keep both in step
(tests/template/test_front_doors.py compares the trees the front doors write).
"""

import shutil
import sys
from pathlib import Path

EXAMPLE = "{{ cookiecutter.include_example }}" == "yes"
CI = "{{ cookiecutter.ci }}"
LICENSE = "{{ cookiecutter.license }}"
PACKAGE = "{{ cookiecutter.python_package }}"
SOURCE = "{{ cookiecutter.structlint_source }}"
SPARK = EXAMPLE and "{{ cookiecutter.dataframe_library }}" == "pyspark"
AIRFLOW = "{{ cookiecutter.orchestrator }}" == "airflow"

drop = []
if not EXAMPLE:
    for name in ("data_processing", "data_science", "reporting"):
        drop += [
            f"src/{PACKAGE}/pipelines/{name}",
            f"tests/pipelines/{name}",
            f"conf/base/parameters_{name}.yml",
        ]
    drop.append("data/01_raw/houses.csv")
if CI != "github":
    drop.append(".github")
if CI != "gitlab":
    drop.append(".gitlab-ci.yml")
if LICENSE == "none":
    drop.append("LICENSE")
if not SPARK:
    drop += [f"src/{PACKAGE}/hooks.py", "conf/base/spark.yml", "tests/conftest.py"]
if not AIRFLOW:
    drop.append("tests/test_airflow_dag.py")

for relative in drop:
    path = Path(relative)
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()

# The linter's source: cookiecutter and `kedro new` cannot pin it to the template's
# commit (copier does), so say at once what the project will not be able to install.
WHERE = (
    "pyproject.toml ([dependency-groups] dev) and .pre-commit-config.yaml (the structlint "
    "hook)"
)
EXAMPLE_SOURCE = "kedro-structlint @ git+https://<your git server>/kedro-structlint.git@<commit>"
if SOURCE.strip() == "kedro-structlint":
    print(
        "WARNING: the dev dependency kedro-structlint comes from the package index, which "
        "does not have it yet: installing the project's dev group fails. In "
        f"{WHERE}, replace it with a source you can reach, e.g. \"{EXAMPLE_SOURCE}\" "
        "(or generate with structlint_source=\"kedro-structlint @ git+<url>@<commit>\").",
        file=sys.stderr,
    )
elif "file:" in SOURCE:
    print(
        f"WARNING: kedro-structlint is installed from a path on this machine ({SOURCE}). "
        "CI and colleagues cannot reach it (the generated CI stops saying so): before you "
        f"push, replace it in {WHERE} with a source they can reach, e.g. "
        f"\"{EXAMPLE_SOURCE}\".",
        file=sys.stderr,
    )
