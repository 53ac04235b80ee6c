"""The cyclic garbage collector, paused while a run builds and drops syntax trees.

A cold run allocates millions of small nodes (libcst's and `ast`'s) that hold no reference
cycles: reference counting frees each tree as soon as its file is done. With the collector on,
every tree still being built survives a few young collections, is promoted, and soon makes
the collector walk the whole heap, over and over: about a fifth of a cold run on a large
project. Paused, the trees are still freed as each file is done, and a sweep of the youngest
generation now and then frees any cycle a rule leaves behind.
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


# Objects allocated since the last sweep and still alive: past this many, a sweep is worth
# its walk over them. A file's tree is gone by then (reference counting), so what is counted
# is what outlives files: results, summaries, the project model.
_SWEEP_AFTER = 100_000


def sweep() -> None:
    """Free whatever cycles the files checked so far left behind, when the collector is
    paused. Only the youngest generation is collected, and only once it has grown: each
    surviving object is looked at once, not once per file."""
    if not gc.isenabled() and gc.get_count()[0] > _SWEEP_AFTER:
        gc.collect(0)


def settle() -> None:
    """What is alive now lives for the rest of the run (the node index, the project model):
    move it out of the collector's sight, so a later sweep does not walk it. The engine hands
    it back (`gc.unfreeze`) at the end of the run."""
    if not gc.isenabled():
        gc.freeze()
