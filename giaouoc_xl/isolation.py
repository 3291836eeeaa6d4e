"""Run work on untrusted files in worker processes, so a file that kills a reader (a native
crash, not an exception: python-calamine aborts the process on some hostile files) only breaks
its own pool. The items left are then run one per process: the culprit is found and reported,
everything else still gets its result."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def run_isolated(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., Any],
    initargs: tuple[Any, ...],
    crashed: Callable[[T], R],
    chunksize: int = 16,
) -> Iterator[tuple[int, R]]:
    """(position, result) of ``func`` on each item, in order; ``crashed(item)`` for an item
    whose process died."""
    finished: set[int] = set()
    if not items:
        return
    try:
        with ProcessPoolExecutor(workers, initializer=initializer, initargs=initargs) as pool:
            for position, result in enumerate(pool.map(func, items, chunksize=chunksize)):
                finished.add(position)
                yield position, result
    except BrokenProcessPool:
        pass
    for position, item in enumerate(items):
        if position in finished:
            continue
        try:
            with ProcessPoolExecutor(1, initializer=initializer, initargs=initargs) as alone:
                result = alone.submit(func, item).result()
        except BrokenProcessPool:
            result = crashed(item)
        yield position, result
