"""The run's worker processes: forked with what this process holds kept out of the collector's
way; the file checks spread over them (cache hits taken first), the summaries a cold run
parses on all cores, and the early worker that a run after an edit forks before it knows
what changed."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from structlint.run.filecheck import check_batch, check_each, lost_batch, preload

if TYPE_CHECKING:  # imported when a pool starts: a warm run starts none
    from concurrent.futures import ProcessPoolExecutor

    from structlint.core.results import FileJob, FileResult
    from structlint.inputs.config import Settings
    from structlint.run.cache import ResultCache

# Summaries the cache lacks, per worker process, below which they are made in this process.
PARALLEL_SUMMARIES = 64


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


def summarize_in_workers(
    items: list[tuple[str, str, str | None, bool]], jobs: int
) -> list[dict | None]:
    """The `ast` summaries of these modules, on up to `jobs` processes (in this one when
    there are few)."""
    from structlint.project.summary import summarize_batch

    workers = min(jobs, max(1, len(items) // PARALLEL_SUMMARIES))
    if workers <= 1:
        return summarize_batch(items)
    # Interleaved, in order: the results are put back together by position.
    batches = [items[i :: workers * 2] for i in range(workers * 2)]
    try:
        with start_pool(workers) as pool:
            done = list(pool.map(summarize_batch, batches))
    except Exception:  # a lost worker costs time, not the summaries: do them here
        return summarize_batch(items)
    out: list[dict | None] = [None] * len(items)
    for i, batch in enumerate(done):
        out[i :: workers * 2] = batch
    return out


def start_early(jobs: int, cache: ResultCache | None, codes: frozenset[str]):
    """After an edit (the last run's memo is there but stale), fork the worker that will
    check the changed files now: it imports libcst and the file rules while this process
    works out what changed, and is handed the files by `check_files`. None when the run has
    no memo or one job."""
    if jobs > 1 and cache is not None and cache.memo is not None:
        return start_pool(1, preload, (codes,))
    return None


def check_files(
    jobs: Sequence[FileJob],
    *,
    root: Path,
    settings: Settings,
    codes: frozenset[str],
    cache: ResultCache | None,
    read_bytes: Callable[[str], bytes | None],
    processes: int,
    early: ProcessPoolExecutor | None = None,
    meanwhile: Callable[[], None] = lambda: None,
    overlap: bool = False,
) -> list[FileResult]:
    """Check the files, and call `meanwhile` once, while worker processes (if any) run.
    With `overlap` (`meanwhile` has real work) and more than one process, even a single file
    goes to a worker: parsing it, libcst's import included, then costs no time of its own
    beside the whole-project rules, which is what a run after a small edit waits for.
    `early`: the pool `start_early` forked, used or shut down here."""
    todo: list[FileJob] = []
    results: list[FileResult] = []
    datas: dict[str, bytes | None] = {}
    for job in jobs:
        data = read_bytes(job.path)
        hit = cache.get(job, data) if cache is not None and data is not None else None
        if hit is not None:
            results.append(hit)
        else:
            datas[job.path] = data
            todo.append(job)
    workers = min(processes, max(1, len(todo) // 8))
    if workers <= 1 and not (overlap and processes > 1 and todo):
        meanwhile()
        fresh = check_each(todo, lambda job: datas[job.path], settings, codes)
        if early is not None:
            early.shutdown()  # long done with its imports: `meanwhile` took longer
    else:
        # Interleaved batches: big and small files spread over the workers.
        count = min(workers * 4, len(todo))
        batches = [todo[i::count] for i in range(count)]
        if early is not None and workers > 1:
            early.shutdown(wait=False, cancel_futures=True)
            early = None
        with early or start_pool(workers) as pool:
            futures = [pool.submit(check_batch, root, batch, settings, codes) for batch in batches]
            meanwhile()
            fresh = []
            for batch, future in zip(batches, futures, strict=True):
                try:
                    fresh.extend(future.result())
                except Exception as exc:
                    # A worker that dies (killed, out of memory, a crash in native code)
                    # costs its batch, not the run.
                    fresh.extend(lost_batch(batch, exc))
    if cache is not None:
        by_path = {j.path: j for j in todo}
        for r in fresh:
            if not r.errors:
                cache.put(by_path[r.path], r.digest, r)
    return results + fresh
