"""Worker processes: forked with what this process holds kept out of the collector's way."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when a pool starts: a warm run starts none
    from concurrent.futures import ProcessPoolExecutor


def _nothing() -> None:
    return None


def start_pool(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A process pool whose workers exist when this returns (a first task makes a forking pool,
    Linux's default before Python 3.14, start them all), each having run `initializer` or
    running it now. Other start methods start a worker per task as needed.

    What this process holds is frozen out of the collector while they are forked: a sweep in a
    worker would otherwise touch, and so copy, every page of it."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)
    gc.freeze()
    try:
        pool.submit(_nothing)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()  # the workers are forked: this process collects as usual again
    return pool
