"""Run work on untrusted files in worker processes, within a time budget per file.

A file that kills a reader (a native crash, not an exception: python-calamine aborts the process
on some hostile files) only breaks its own pool; the items left are then run one per process, so
the culprit is found and reported and everything else still gets its result.

Each item has ``budget`` seconds. Past it, an alarm interrupts the Python code working on it and
the item gets ``timed_out(item)``; if the worker is stuck in native code, where no alarm can reach,
a watchdog thread (:func:`faulthandler.dump_traceback_later`) ends the worker at twice the budget
and the item is reported as timed out by the one-per-process pass.
"""

from __future__ import annotations

import faulthandler
import functools
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_HARD_FACTOR = 2.0  # the watchdog ends a stuck worker at this many budgets (plus a second)


class _OverBudget(BaseException):
    """Raised by the alarm inside the work; a BaseException so that the work's own
    ``except Exception`` (which turns reader bugs into statuses) does not swallow it."""


_WORKING = [False]  # whether the alarm may still interrupt: not once the work has returned


def _alarm(signum: int, frame: Any) -> None:
    if _WORKING[0]:
        raise _OverBudget


def hard_limit(budget: float) -> float:
    """Seconds after which a worker stuck on one item is ended."""
    return budget * _HARD_FACTOR + 1.0


def _within_budget(
    func: Callable[[T], R], timed_out: Callable[[T], R], budget: float | None, item: T
) -> R:
    if budget is None:
        return func(item)
    soft = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    with open(os.devnull, "w") as quiet:  # the watchdog's traceback is of no use to anyone
        faulthandler.dump_traceback_later(hard_limit(budget), exit=True, file=quiet)
        try:
            if soft:
                previous = signal.signal(signal.SIGALRM, _alarm)
                _WORKING[0] = True
                signal.setitimer(signal.ITIMER_REAL, budget)
            try:
                return func(item)
            finally:
                _WORKING[0] = False  # an alarm from now on must not discard the result
                if soft:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    signal.signal(signal.SIGALRM, previous)
        except _OverBudget:
            return timed_out(item)
        finally:
            faulthandler.cancel_dump_traceback_later()


def run_isolated(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., Any],
    initargs: tuple[Any, ...],
    crashed: Callable[[T], R],
    chunksize: int = 16,
    budget: float | None = None,
    timed_out: Callable[[T], R] | None = None,
) -> Iterator[tuple[int, R]]:
    """(position, result) of ``func`` on each item, in order; ``crashed(item)`` for an item
    whose process died, ``timed_out(item)`` for one that took more than ``budget`` seconds.
    ``func``, ``crashed`` and ``timed_out`` must be picklable (module-level functions)."""
    finished: set[int] = set()
    if not items:
        return
    late = timed_out or crashed
    work = functools.partial(_within_budget, func, late, budget)
    try:
        with ProcessPoolExecutor(workers, initializer=initializer, initargs=initargs) as pool:
            for position, result in enumerate(pool.map(work, items, chunksize=chunksize)):
                finished.add(position)
                yield position, result
    except BrokenProcessPool:
        pass
    for position, item in enumerate(items):
        if position in finished:
            continue
        started = time.monotonic()
        try:
            with ProcessPoolExecutor(1, initializer=initializer, initargs=initargs) as alone:
                result = alone.submit(work, item).result()
        except BrokenProcessPool:
            stuck = budget is not None and time.monotonic() - started >= hard_limit(budget)
            result = late(item) if stuck else crashed(item)
        yield position, result
