"""Run work on untrusted files in worker processes, within a time budget per file.

A file that kills a reader (a native crash, not an exception: python-calamine aborts the process
on some hostile files) only breaks its own pool; the items left are then run one per process, so
the culprit is found and reported and everything else still gets its result.

Each item has ``budget`` seconds. Past it, an alarm interrupts the Python code working on it and
the item gets ``timed_out(item)``; if the worker is stuck in native code, where no alarm can reach,
a watchdog thread (:func:`faulthandler.dump_traceback_later`) ends the worker at twice the budget
and the item is reported as timed out by the one-per-process pass.

Each worker also has a **memory ceiling**: ``memory`` bytes of address space beyond what it had
when it started (``RLIMIT_AS``, where the system has it). A native reader that asks for more
aborts its own process (reported by ``crashed``) instead of exhausting the machine. What native
code prints on the worker's standard error is kept in a log file per worker
(:mod:`giaouoc_xl.workbooks.intake.native`): ``crashed(item, printed)`` gets what the process printed
before it died, and nothing reaches the user's terminal.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import functools
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from ..workbooks.intake.native import LOG_DIR_ENV, leftovers

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


def _limit_memory(memory: int) -> None:
    """At most ``memory`` more bytes of address space for this process (Linux: the address
    space now is in /proc/self/statm); one malloc arena, so threads do not reserve their own."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX
    try:
        import resource

        with open("/proc/self/statm") as statm:
            now = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        resource.setrlimit(resource.RLIMIT_AS, (now + memory, now + memory))
    except (ImportError, OSError, ValueError):
        return  # not Linux: no ceiling, the guard's limits still hold


def _died_silently(crashed: Callable[[T, str], R], item: T) -> R:
    return crashed(item, "")


def _start_worker(
    log_dir: str, memory: int | None, initializer: Callable[..., Any], *initargs: Any
) -> None:
    os.environ[LOG_DIR_ENV] = log_dir  # native output goes there, not to the terminal
    os.environ["RUST_BACKTRACE"] = "0"  # a backtrace may hang a process out of memory
    faulthandler.disable()  # a crash is reported by the parent, not printed by the worker
    if memory:
        _limit_memory(memory)
    initializer(*initargs)


def run_isolated(
    func: Callable[[T], R],
    items: Sequence[T],
    workers: int,
    initializer: Callable[..., Any],
    initargs: tuple[Any, ...],
    crashed: Callable[[T, str], R],
    chunksize: int = 16,
    budget: float | None = None,
    timed_out: Callable[[T], R] | None = None,
    memory: int | None = None,
) -> Iterator[tuple[int, R]]:
    """(position, result) of ``func`` on each item, in order; ``crashed(item, printed)`` for an
    item whose process died (with what it printed), ``timed_out(item)`` for one that took more
    than ``budget`` seconds. ``func`` and ``timed_out`` must be picklable (module-level)."""
    if not items:
        return
    log_dir = tempfile.mkdtemp(prefix="giaouoc-native-")
    late: Callable[[T], R] = timed_out or functools.partial(_died_silently, crashed)
    work = functools.partial(_within_budget, func, late, budget)
    start = functools.partial(_start_worker, log_dir, memory, initializer)
    finished: set[int] = set()
    try:
        try:
            with ProcessPoolExecutor(workers, initializer=start, initargs=initargs) as pool:
                for position, result in enumerate(pool.map(work, items, chunksize=chunksize)):
                    finished.add(position)
                    yield position, result
        except BrokenProcessPool:
            pass
        for position, item in enumerate(items):  # one process each: the culprit is found
            if position in finished:
                continue
            leftovers(log_dir)  # what the broken pool's workers left is not this item's
            started = time.monotonic()
            try:
                with ProcessPoolExecutor(1, initializer=start, initargs=initargs) as alone:
                    result = alone.submit(work, item).result()
            except BrokenProcessPool:
                stuck = budget is not None and time.monotonic() - started >= hard_limit(budget)
                result = late(item) if stuck else crashed(item, leftovers(log_dir))
            yield position, result
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
