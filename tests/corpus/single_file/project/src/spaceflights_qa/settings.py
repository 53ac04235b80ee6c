"""Project settings: Kedro reads these values itself."""

import os

from kedro.config import OmegaConfigLoader

from spaceflights_qa.hooks import ProjectHooks

HOOKS = (ProjectHooks(),)
CONF_SOURCE = "conf"  # ok: SL101 (a value Kedro reads)
CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": os.environ.get("KEDRO_ENV", "local"),  # ok: SL204 (settings, not a node)
}
