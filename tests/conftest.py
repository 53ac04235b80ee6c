"""How pytest-xdist (scripts/test.sh: ``-n auto --dist loadgroup``) shares out the tests.

* Tests that share an expensive session fixture run on one worker, which builds it once:
  the tests of a generated project of tests/template (``support.shared_projects``; their
  parameter id is the project's name, e.g. ``[pandas-github]``), and the modules in
  ``ONE_WORKER_MODULES``. xdist's own ``xdist_group`` marks cannot do it on pytest 9
  (xdist 3.8 renames the test ids, which pytest 9 no longer lets it), so the scheduler
  groups by id itself. Larger groups go out first (xdist's default).
* The slow tests (marker ``slow``: they generate and install projects, minutes each) come
  before the rest, so a run ends on short tests and no worker sits idle while another
  finishes a long one. A run in one process (``-n 0``, or plain ``pytest``) keeps the
  files' order.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from tests.template.support import SHARED

# Modules whose tests share a session fixture that takes minutes (the pre-commit tests
# install the hook repository into a fresh PRE_COMMIT_HOME).
ONE_WORKER_MODULES = {"tests/integration/test_precommit.py"}
PARAMETERS = re.compile(r"\[(?P<ids>[^\]]*)\]$")


def work_unit(nodeid: str) -> str:
    """The group of tests that one worker runs together: a shared project, or a module,
    or the test alone."""
    module = nodeid.split("::", 1)[0]
    if module in ONE_WORKER_MODULES:
        return module
    parameters = PARAMETERS.search(nodeid)
    if parameters and module.startswith("tests/template/") and parameters["ids"] in SHARED:
        return f"shared:{parameters['ids']}"
    return nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return SharedFixtureScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)
