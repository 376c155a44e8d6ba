"""Work over many accounts on all cores, in input order, with an optional progress bar.

Why processes: the work is pure Python (YAML, validation, rules, templates), so threads
would share one interpreter lock. Workers are forked, so they start with the parent's
imports and caches; one account is in memory at a time per worker.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 8
"""Fewer items than this run in the current process (a pool costs more than it saves)."""


def worker_count() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def map_in_order(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    show_progress: bool = False,
    label: str = "",
) -> list[Result]:
    """``[function(item) for item in items]``, on all cores when there are many items."""
    workers = min(worker_count(), len(items))
    with _progress(len(items), show_progress, label) as advance:
        if workers <= 1 or len(items) < PARALLEL_FROM:
            results = []
            for item in items:
                results.append(function(item))
                advance()
            return results
        import multiprocessing  # only here: a single account never pays for it
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(items) // (workers * 8))
            results = []
            for result in pool.map(function, items, chunksize=chunk):
                results.append(result)
                advance()
            return results


@contextmanager
def _progress(total: int, enabled: bool, label: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on a terminal (stderr); nothing otherwise."""
    if not enabled or not sys.stderr.isatty() or total < 2:
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)
