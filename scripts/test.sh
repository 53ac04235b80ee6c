#!/usr/bin/env bash
# Run the whole test suite of kedro-structlint (linter, template, docs) from a fresh checkout.
# Needs only python3 (3.11+: the suite's tools, e.g. pre-commit 4.7, need it), pip and git;
# everything else is installed into ./.venv.
# Extra arguments go to pytest, e.g.  bash scripts/test.sh -m "not slow"  or  -k SL201
# The tests run on one worker per core (pytest-xdist, at most 4); the tests that share a
# generated project are one xdist group, run by one worker (tests/README.md). `-n 0` runs
# them in this process instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "The test suite needs Python 3.11+ (python3 is $(python3 -V 2>&1)); the linter and the" >&2
  echo "generated projects also run on 3.10 (tests/template/test_first_hour.py)." >&2
  exit 2
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,docs,server]"
# The tests call the real tools (structlint, kedro, copier, pre-commit, uv, ruff, mkdocs,
# `structlint server`; npm for the VS Code extension and nvim for tests/server are optional).
export PATH="$PWD/.venv/bin:$PATH"
export KEDRO_DISABLE_TELEMETRY=true DO_NOT_TRACK=1
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist loadgroup "$@"
