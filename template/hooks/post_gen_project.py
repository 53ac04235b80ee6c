"""Drop the files that the answers leave out (cookiecutter and ``kedro new`` only).

copier makes the same selection with ``_exclude`` in copier.yml; keep both in step
(tests/template/test_front_doors.py compares the trees the front doors write).
"""

import shutil
from pathlib import Path

EXAMPLE = "{{ cookiecutter.include_example }}" == "yes"
CI = "{{ cookiecutter.ci }}"
LICENSE = "{{ cookiecutter.license }}"
PACKAGE = "{{ cookiecutter.python_package }}"

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

for relative in drop:
    path = Path(relative)
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
