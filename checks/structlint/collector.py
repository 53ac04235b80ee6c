"""The cyclic garbage collector, paused while a run builds and drops syntax trees.

A cold run allocates millions of small nodes (libcst's and `ast`'s) that hold no reference
cycles: reference counting frees each tree as soon as its file is done. With the collector on,
every tree still being built survives a few young collections, is promoted, and soon makes
the collector walk the whole heap, over and over: about a fifth of a cold run on a large
project. Paused, with a sweep of the youngest generation after each file, the few cycles a
file does leave (a recursive closure, a rule and its context) are still freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def sweep() -> None:
    """Collect what the last file left behind, when the collector is paused: only the
    youngest generation, which holds just what was allocated since the last sweep."""
    if not gc.isenabled():
        gc.collect(0)
