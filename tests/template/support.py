"""Fixtures of the template tests: a clean snapshot of the template, real generation.

Everything here is real: copier, cookiecutter, ``kedro new``, git, uv, pre-commit.
The template is copied from a *snapshot* of this checkout (tracked and untracked,
not ignored files, committed with fixed dates into a git repository), so that

* uncommitted work in the checkout is what gets tested, and
* copier's default ``structlint_source`` (``git+file://<template>@<commit>``) points
  at a commit that really exists, exactly as for a user who copies a clean clone.

Fixed commit dates make the snapshot's commit hash depend only on its content, so
uv's cache and pre-commit's hook environments are reused between runs.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import tomllib

REPO_ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT_ROOT = Path(tempfile.gettempdir()) / "kedro-structlint-template-tests"
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "template-tests",
    "GIT_AUTHOR_EMAIL": "template-tests@example.com",
    "GIT_COMMITTER_NAME": "template-tests",
    "GIT_COMMITTER_EMAIL": "template-tests@example.com",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def run(
    args: list[str] | str,
    cwd: Path,
    *,
    env: Mapping[str, str] | None = None,
    check: bool = True,
    timeout: float = 900,
    input: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command with no stdin (a prompt would fail, not hang), return its output.

    ``input`` is sent to the command's stdin instead (then closed).
    """
    full_env = dict(os.environ)
    # The tests prove the project itself keeps telemetry quiet, so never rely on these;
    # and no virtual environment of the caller leaks into the project's commands.
    for name in ("KEDRO_DISABLE_TELEMETRY", "DO_NOT_TRACK", "VIRTUAL_ENV"):
        full_env.pop(name, None)
    full_env.update(GIT_ENV)
    full_env.update(env or {})
    result = subprocess.run(
        args,
        cwd=cwd,
        env=full_env,
        stdin=subprocess.DEVNULL if input is None else None,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{args} failed in {cwd} with exit code {result.returncode}\n"
            f"--- stdout\n{result.stdout[-6000:]}\n--- stderr\n{result.stderr[-6000:]}"
        )
    return result


def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return run(["git", "-c", "init.defaultBranch=main", *args], cwd, check=check)


def checkout_files() -> list[str]:
    """This checkout's files that git tracks or would track (not ignored, present)."""
    listed = run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], REPO_ROOT
    ).stdout
    return [
        relative
        for relative in sorted(set(filter(None, listed.split("\0"))))
        if (REPO_ROOT / relative).is_file()
    ]


def snapshot_checkout(dst: Path) -> str:
    """Copy this checkout's files (not ignored) to ``dst`` as a one-commit git repo."""
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for relative in checkout_files():
        target = dst / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / relative, target)
    git("init", "-q", cwd=dst)
    git("add", "-A", cwd=dst)
    git("commit", "-q", "-m", "snapshot", cwd=dst)
    return git("rev-parse", "HEAD", cwd=dst).stdout.strip()


@pytest.fixture(scope="session")
def template_repo() -> Path:
    """A clean git repository holding this checkout's template (and linter).

    Named after a hash of the content, so a run reuses the snapshot (and the caches
    keyed by its path and commit) of an earlier run with the same files, and runs
    with different files never share one.
    """
    digest = hashlib.sha256()
    for relative in checkout_files():
        digest.update(relative.encode() + b"\0" + (REPO_ROOT / relative).read_bytes())
    path = SNAPSHOT_ROOT / f"template-{digest.hexdigest()[:16]}"
    if not (path / ".git").is_dir():
        SNAPSHOT_ROOT.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix="building-", dir=SNAPSHOT_ROOT))
        snapshot_checkout(building / "template")
        try:
            (building / "template").rename(path)
        except OSError:  # another run finished the same snapshot first
            shutil.rmtree(building / "template", ignore_errors=True)
        shutil.rmtree(building, ignore_errors=True)
    return path


def copier_copy(template: Path, dst: Path, vcs_ref: str = "HEAD", **data: Any) -> Path:
    """``copier copy --defaults --data ...`` through copier's Python API."""
    import copier

    copier.run_copy(
        str(template),
        str(dst),
        data=data,
        defaults=True,
        quiet=True,
        vcs_ref=vcs_ref,
        unsafe=False,
    )
    return dst


@pytest.fixture
def generate(template_repo: Path, tmp_path: Path):
    """Generate a project with copier; returns its path."""

    def _generate(name: str = "project", **data: Any) -> Path:
        return copier_copy(template_repo, tmp_path / name, **data)

    return _generate


class Project:
    """A generated project with its own virtual environment (uv, shared cache).

    ``groups`` are the dependency groups installed; ``extra_env`` goes to every command
    the tests run in it (the project itself never sees it otherwise).
    """

    def __init__(
        self,
        path: Path,
        groups: tuple[str, ...] = ("dev",),
        extra_env: Mapping[str, str] | None = None,
    ) -> None:
        self.path = path
        self.bin = path / ".venv" / ("Scripts" if os.name == "nt" else "bin")
        self.groups = groups
        self.extra_env = dict(extra_env or {})

    def install(self, python: str = sys.executable) -> None:
        """``uv venv`` (with ``python``, the tests' own by default) and the groups."""
        if not (self.path / ".venv").exists():
            run(["uv", "venv", "-q", "--python", python, ".venv"], self.path)
        group_args = [arg for group in self.groups for arg in ("--group", group)]
        run(
            ["uv", "pip", "install", "-q", "--python", str(self.bin / "python"),
             "-e", ".", *group_args],
            self.path,
        )  # fmt: skip

    def env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "VIRTUAL_ENV": str(self.path / ".venv"),
            "COLUMNS": "200",
            **self.extra_env,
        }

    def run(
        self, *args: str, check: bool = True, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run one of the venv's commands (kedro, pytest, ruff, structlint...)."""
        env = self.env()
        return run(
            [str(self.bin / args[0]), *args[1:]], self.path, env=env, check=check, input=input
        )

    def shell(self, script: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a bash script (a CI step) with the venv's commands first on PATH."""
        return run(
            ["bash", "-eo", "pipefail", "-c", script], self.path, env=self.env(), check=check
        )

    def git_commit(self, message: str) -> None:
        git("add", "-A", cwd=self.path)
        git("commit", "-q", "--no-verify", "-m", message, cwd=self.path)


def package_of(project: Project) -> str:
    """The project's Python package (``[tool.kedro] package_name``)."""
    return tomllib.loads((project.path / "pyproject.toml").read_text())["tool"]["kedro"][
        "package_name"
    ]


def ignored_entries(path: Path) -> set[str]:
    """The files and folders git ignores in ``path`` (a folder git ignores whole: one entry)."""
    listed = git(
        "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory", cwd=path
    ).stdout
    return set(filter(None, listed.split("\0")))


class SharedProject(Project):
    """A generated, committed and installed project that several tests use in turn.

    Generating and installing takes a good part of a test's time, so each set of answers
    is built once per session (per xdist worker); ``reset()`` gives every test the
    project exactly as generated: the generated commit, no file a test added (git ignores
    them or not: data, caches, a new pipeline), the ignored files of the generation
    (``conf/local/credentials.yml``) with their content, no git hook a test installed.
    Only the virtual environment is kept.
    """

    def snapshot(self) -> None:
        """Record the state ``reset()`` goes back to: call it right after the install."""
        self.commit = git("rev-parse", "HEAD", cwd=self.path).stdout.strip()
        self.ignored = ignored_entries(self.path)
        self.ignored_files = {
            name: (self.path / name).read_bytes()
            for name in self.ignored
            if (self.path / name).is_file()
        }
        self.hooks = {p.name for p in (self.path / ".git/hooks").iterdir()}

    def reset(self) -> None:
        git("reset", "-q", "--hard", self.commit, cwd=self.path)
        git("clean", "-fdq", cwd=self.path)
        # git may list a folder and its files too (versioned datasets): parents first
        for name in sorted(ignored_entries(self.path) - self.ignored):
            target = self.path / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            else:
                target.unlink(missing_ok=True)
        for name, content in self.ignored_files.items():
            target = self.path / name
            if not target.is_file() or target.read_bytes() != content:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        for hook in (self.path / ".git/hooks").iterdir():
            if hook.name not in self.hooks:
                hook.unlink()


LINTER_MISSING = not (REPO_ROOT / "checks" / "structlint" / "cli.py").exists()
needs_structlint = pytest.mark.skipif(
    LINTER_MISSING, reason="the structlint linter (checks/structlint/cli.py) is not there yet"
)


def build_project(
    template: Path,
    dst: Path,
    python: str = sys.executable,
    groups: tuple[str, ...] = ("dev",),
    extra_env: Mapping[str, str] | None = None,
    project_class: type[Project] = Project,
    **data: Any,
) -> Project:
    """copier copy, ``git init`` and a first commit, then the install (``groups``)."""
    project = project_class(copier_copy(template, dst, **data), groups, extra_env)
    git("init", "-q", cwd=project.path)
    project.git_commit("Generated from the template")
    project.install(python)
    return project


# The JVM's JIT compilers are most of a short Spark run's CPU time: the client compiler
# alone halves it (measured 44 s -> 21 s of CPU for a session and a few small jobs).
# Only the tests set this; the generated project runs Spark with its defaults.
FAST_JVM = {"JAVA_TOOL_OPTIONS": "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"}

# The projects that several tests share (``shared_projects``): name -> copier answers,
# with ``groups`` (the dependency groups installed) and ``extra_env`` of the tests.
SHARED: dict[str, dict[str, Any]] = {
    "pandas-github": {},
    "polars-gitlab": {"project_name": "Polar Bears", "dataframe_library": "polars", "ci": "gitlab"},
    "bare-github": {"project_name": "Bare Bones", "include_example": False},
    "bare-gitlab": {"project_name": "Bare Bones", "include_example": False, "ci": "gitlab"},
    "pyspark-gitlab": {
        "project_name": "Spark Houses",
        "dataframe_library": "pyspark",
        "ci": "gitlab",
        "extra_env": FAST_JVM,
    },
    "airflow-github": {"orchestrator": "airflow", "groups": ("dev", "airflow")},
}


@pytest.fixture(scope="session")
def shared_projects(template_repo: Path, tmp_path_factory) -> Iterator:
    """``get(name)``: the session's project ``SHARED[name]``, reset for the caller.

    Built by the first test that asks (once per xdist worker; the tests of one name run
    on one worker, see ``shared()``).
    """
    built: dict[str, SharedProject] = {}

    def _get(name: str) -> SharedProject:
        if name in built:
            built[name].reset()
            return built[name]
        data = dict(SHARED[name])
        if data.get("dataframe_library") == "pyspark" and shutil.which("java") is None:
            pytest.fail("Java 17 is not installed: .ci/run installs openjdk-17-jre-headless")
        groups = data.pop("groups", ("dev",))
        extra_env = data.pop("extra_env", None)
        dst = tmp_path_factory.mktemp(f"shared-{name}") / SHARED_DIRS.get(name, "project")
        project = build_project(
            template_repo, dst, sys.executable, groups, extra_env, SharedProject, **data
        )
        assert isinstance(project, SharedProject)
        project.snapshot()
        built[name] = project
        return project

    yield _get


# Folder names of shared projects that tests expect (the rest: ``project``).
SHARED_DIRS = {"pyspark-gitlab": "spark-houses", "airflow-github": "house-prices"}


def shared(*names: str) -> pytest.MarkDecorator:
    """Parametrize ``variant`` over shared projects; the test then calls
    ``shared_projects(variant)``. The parameter id is the project's name: with
    pytest-xdist, the tests of one name run on one worker, which builds it once
    (tests/conftest.py)."""
    return pytest.mark.parametrize("variant", [pytest.param(n, id=n) for n in names])


@pytest.fixture
def project_factory(template_repo: Path, tmp_path: Path) -> Iterator:
    """A project of its own for the test (generated and installed)."""

    def _make(
        name: str = "project",
        python: str = sys.executable,
        groups: tuple[str, ...] = ("dev",),
        **data: Any,
    ) -> Project:
        return build_project(template_repo, tmp_path / name, python, groups, **data)

    yield _make
