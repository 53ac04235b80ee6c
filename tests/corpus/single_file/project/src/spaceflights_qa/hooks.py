"""Project hooks: not nodes, so they may use the catalog and the environment."""

from __future__ import annotations

import logging
import os
import time

from kedro.framework.hooks import hook_impl

from spaceflights_qa.utils.io_helpers import fetch_json

logger = logging.getLogger(__name__)


class ProjectHooks:
    @hook_impl
    def before_pipeline_run(self, run_params, pipeline, catalog) -> None:
        self._start = time.time()  # ok: SL204 (not a node)
        companies = catalog.load("companies")  # ok: SL206 (a hook, not a node)
        logger.info("%d companies; env %s", len(companies), os.environ.get("KEDRO_ENV"))  # ok: SL204
        os.environ["WAREHOUSE_PASSWORD"] = "pa55w0rd-2024!"  # expect: SL103

    @hook_impl
    def after_pipeline_run(self, run_params, pipeline, catalog) -> None:
        catalog.save("run_log", {"seconds": time.time() - self._start})  # ok: SL206, SL204


def warm_rates_cache(url: str) -> dict:
    # Only hooks call fetch_json, no node: the helper stays unchecked (io_helpers.py).
    return fetch_json(url)
