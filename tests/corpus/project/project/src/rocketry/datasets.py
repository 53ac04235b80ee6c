from pathlib import PurePosixPath
from typing import Any

from kedro.io import AbstractDataset


class ImageDataset(AbstractDataset[dict, dict]):
    def __init__(self, filepath: str) -> None:
        self._filepath = PurePosixPath(filepath)

    def _load(self) -> dict:
        return {}

    def _save(self, data: dict) -> None:
        return None

    def _describe(self) -> dict[str, Any]:
        return {"filepath": str(self._filepath)}
