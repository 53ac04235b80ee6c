"""A new user's first hour (issue 11): what the README and copier's message promise works.

- every Python the template offers installs, runs and lints a project (and the linter
  itself runs there: tomli below 3.11);
- the steps copier prints after `copy` work with nothing but Python, pip and git;
- cookiecutter and `kedro new` say at once when the project cannot install the linter;
- `copier copy` into a folder that has files: the documented dry run writes nothing;
- `mkdocs serve`, as the README says, serves the site.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import tomllib
import yaml

from .support import GIT_ENV, PYTHON, REPO_ROOT, git, run
from .test_front_doors import as_cookiecutter

pytestmark = pytest.mark.slow

# The template's python_version choices; each is tested below (the tests' own Python by
# every other template test).
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` on this machine: on PATH, or one pyenv installed."""
    candidates = [shutil.which(f"python{version}") or ""]
    candidates += sorted(
        glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}"))
    )
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return None


def test_python_choices_are_the_tested_ones() -> None:
    copier = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())
    assert copier["python_version"]["choices"] == PYTHONS
    prompts = yaml.safe_load((REPO_ROOT / "template/prompts.yml").read_text())
    assert ", ".join(PYTHONS) in prompts["python_version"]["text"]
    meta = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())
    assert meta["project"]["requires-python"] == f">={PYTHONS[0]}"
    assert any(
        d.startswith("tomli") and "python_version < '3.11'" in d
        for d in meta["project"]["dependencies"]
    )
    readme = (REPO_ROOT / "README.md").read_text()
    assert f"Python {PYTHONS[0]} to {PYTHONS[-1]}" in readme


@pytest.mark.parametrize("version", [v for v in PYTHONS if v != PYTHON])
def test_every_offered_python_installs_runs_and_lints(project_factory, version: str) -> None:
    python = find_python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    project = project_factory(python_version=version, python=python)

    assert project.run("python", "--version").stdout.startswith(f"Python {version}.")
    project.run("kedro", "run")
    project.run("pytest", "-q", "-p", "no:cacheprovider")
    project.run("pre-commit", "--version")
    # the linter runs on this Python too (on 3.10 it reads TOML with tomli)
    assert project.run("structlint", "--version").returncode == 0
    result = project.run("structlint", "check", "--select", "ALL", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    project.run("ruff", "check", "--no-cache", ".")


def next_steps(message: str) -> list[str]:
    """The commands of copier's "Next steps" block, as printed."""
    lines = message.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Next steps"))
    block = lines[start + 1 :]
    first = next(i for i, line in enumerate(block) if line.startswith("  "))
    commands = []
    for line in block[first:]:
        if not line.startswith("  "):
            break
        commands.append(line.strip())
    return commands


def test_the_steps_copier_prints_work_with_pip_alone(template_repo: Path, tmp_path: Path) -> None:
    copy = run(
        ["copier", "copy", "--defaults", "--vcs-ref", "HEAD", str(template_repo), "house-prices"],
        tmp_path,
    )
    message = copy.stdout + copy.stderr
    commands = next_steps(message)
    assert commands[0] == "cd house-prices"
    assert any("pip install -e . --group dev" in c for c in commands)
    assert not any(c.startswith("uv ") for c in commands), "uv is not installed by anything"

    # a machine with Python, pip and git: no uv, no activated virtualenv
    path = os.pathsep.join(
        d for d in os.environ["PATH"].split(os.pathsep) if d and not Path(d, "uv").exists()
    )
    assert shutil.which("uv", path=path) is None
    assert shutil.which(f"python{PYTHON}", path=path), f"python{PYTHON} is not on PATH"
    script = "set -ex\n" + "\n".join(commands)
    result = run(
        ["bash", "-c", script],
        tmp_path,
        env={"PATH": path, "COLUMNS": "200", **GIT_ENV},
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Pipeline execution completed successfully" in " ".join(
        result.stderr.split() + result.stdout.split()
    )
    assert "All checks passed!" in result.stdout


def test_cookiecutter_and_kedro_new_warn_about_an_unreachable_linter(
    template_repo: Path, tmp_path: Path
) -> None:
    # the default (the package index, which does not have kedro-structlint)
    out = tmp_path / "cc"
    out.mkdir()
    result = run(
        ["cookiecutter", str(template_repo), "--directory", "template", "--no-input",
         "--output-dir", str(out)],
        tmp_path,
    )  # fmt: skip
    assert (
        "WARNING: the dev dependency kedro-structlint comes from the package index" in result.stderr
    )
    assert "pyproject.toml ([dependency-groups] dev) and .pre-commit-config.yaml" in result.stderr

    # a path on this machine (kedro new, the same hook)
    config = tmp_path / "kedro-new.yml"
    kn_out = tmp_path / "kn"
    kn_out.mkdir()
    config.write_text(
        yaml.safe_dump(
            {
                "output_dir": str(kn_out),
                **as_cookiecutter({"project_name": "Warned Project"}),
                "structlint_source": "kedro-structlint @ git+file:///opt/kedro-structlint@abc",
            }
        )
    )
    result = run(
        ["kedro", "new", "--starter", str(template_repo), "--directory", "template",
         "--config", str(config)],
        tmp_path,
        timeout=300,
    )  # fmt: skip
    text = result.stdout + result.stderr
    assert "WARNING: kedro-structlint is installed from a path on this machine" in text
    assert "CI and colleagues cannot reach it" in text

    # a reachable source: no warning
    result = run(
        ["cookiecutter", str(template_repo), "--directory", "template", "--no-input",
         "--output-dir", str(out), "--overwrite-if-exists",
         "structlint_source=kedro-structlint @ git+https://git.example.com/k.git@abc"],
        tmp_path,
    )  # fmt: skip
    assert "WARNING" not in result.stderr


def test_copier_copy_into_a_folder_with_files(template_repo: Path, tmp_path: Path) -> None:
    """copier writes file by file; the docs give the dry run that writes nothing."""
    docs = (REPO_ROOT / "docs/template.md").read_text()
    dry_run = "copier copy --pretend --skip '*'"
    assert dry_run in docs and "copier copy --skip '*'" in docs

    def folder_with_files(name: str) -> Path:
        dst = tmp_path / name
        dst.mkdir()
        git("init", "-q", cwd=dst)
        (dst / "README.md").write_text("# Our project\n")
        (dst / "pyproject.toml").write_text("[project]\nname = 'ours'\n")
        return dst

    def copier(*args: str, dst: Path) -> subprocess.CompletedProcess[str]:
        return run(
            [
                "copier",
                "copy",
                "--defaults",
                "--vcs-ref",
                "HEAD",
                *args,
                str(template_repo),
                str(dst),
            ],
            tmp_path,
            check=False,
        )

    # the dry run: lists every file that is there already, writes nothing
    dst = folder_with_files("dry")
    before = sorted(p.relative_to(dst) for p in dst.rglob("*") if ".git" not in p.parts)
    result = copier("--pretend", "--skip", "*", dst=dst)
    assert result.returncode == 0, result.stderr
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)
    conflicts = re.findall(r"^\s*conflict\s+(\S+)\s*$", plain, re.MULTILINE)
    assert set(conflicts) == {"README.md", "pyproject.toml"}
    assert "Dry run (--pretend): nothing was written" in result.stdout + result.stderr
    after = sorted(p.relative_to(dst) for p in dst.rglob("*") if ".git" not in p.parts)
    assert after == before

    # keep every file that is there, add the rest
    dst = folder_with_files("keep")
    result = copier("--skip", "*", dst=dst)
    assert result.returncode == 0, result.stderr
    assert (dst / "README.md").read_text() == "# Our project\n"
    assert (dst / "conf/base/catalog.yml").is_file()

    # what the docs warn about: without a terminal, copier stops at the first existing
    # file (after writing the ones before it) and asks for --overwrite
    dst = folder_with_files("stops")
    result = copier(dst=dst)
    assert result.returncode != 0
    assert "--overwrite" in result.stderr
    assert (dst / "README.md").read_text() == "# Our project\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_mkdocs_serve_serves_the_site() -> None:
    """`mkdocs serve` (README: "Build it with ... mkdocs serve") serves the rule pages."""
    mkdocs = shutil.which("mkdocs") or str(Path(sys.executable).parent / "mkdocs")
    port = free_port()
    # mkdocs serve mounts the site at site_url's path (/en/latest/)
    site_url = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text())["site_url"]
    mount = urllib.parse.urlsplit(site_url).path.rstrip("/")
    server = subprocess.Popen(
        [mkdocs, "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        page = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{mount}/rules/SL201/", timeout=5
                ) as r:
                    page = r.read().decode()
                break
            except OSError:
                time.sleep(1)
        if page is None:
            server.terminate()
            log = server.communicate(timeout=30)[0]
            pytest.fail(
                f"mkdocs serve did not serve the site (exit {server.returncode}):\n{log[-4000:]}"
            )
        assert "SL201" in page
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
