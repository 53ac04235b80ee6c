"""Order of the tests on pytest-xdist's workers (scripts/test.sh): the slow ones first.

Each worker runs its tests in collection order, and a worker that ends while the other
still runs a long test sits idle. With the slow tests (marker `slow`: they generate and
install projects, minutes each) first, a run ends on short tests. A run in one process
(`-n 0`, or plain `pytest`) keeps the files' order.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)
