"""Project hooks: not nodes, so they may use the catalog and the environment."""

from __future__ import annotations

import logging
import os
import time

from kedro.framework.hooks import hook_impl

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
