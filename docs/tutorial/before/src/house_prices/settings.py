"""Project settings: Kedro's defaults are what this project needs."""

from kedro.config import OmegaConfigLoader

CONFIG_LOADER_CLASS = OmegaConfigLoader
