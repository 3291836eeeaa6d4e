"""A native library's own output, kept off the user's terminal.

python-calamine is written in Rust. On some damaged files it panics, and Rust prints the panic
on the process's standard error, file descriptor 2, directly: ``sys.stderr`` never sees it.
Every call into it runs inside :func:`captured`, which points descriptor 2 at a log file for the
call and gives the text back, for the log sheet and ``--json`` (a reason for people is written
separately). In a worker process the log file is ``native-<pid>.log`` in the folder named by
:data:`LOG_DIR_ENV`, so that when the native code kills the process the worker's parent still
finds what it printed (see :mod:`giaouoc_xl.jobs.isolation`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

#: The environment variable naming the folder of the workers' native logs.
LOG_DIR_ENV = "GIAOUOC_NATIVE_LOG_DIR"
_MOST = 64 * 1024  # what is kept of one call's output

_LOG: dict[int, int] = {}  # pid -> descriptor of this process's log file


@dataclass
class Captured:
    """What the native code printed during the call (after it)."""

    text: str = ""


def _log_fd() -> int:
    pid = os.getpid()
    if pid not in _LOG:  # a forked child gets a file of its own
        folder = os.environ.get(LOG_DIR_ENV)
        if folder and os.path.isdir(folder):
            fd = os.open(os.path.join(folder, f"native-{pid}.log"), os.O_RDWR | os.O_CREAT, 0o600)
        else:
            fd, name = tempfile.mkstemp(prefix="giaouoc-native-", suffix=".log")
            os.unlink(name)  # nobody else needs to find it
        _LOG[pid] = fd
    return _LOG[pid]


@contextlib.contextmanager
def captured() -> Iterator[Captured]:
    """Run the body with descriptor 2 pointed at this process's log file; the text it received
    is in the yielded object's ``text`` afterwards."""
    holder = Captured()
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    log = _log_fd()
    os.ftruncate(log, 0)
    os.lseek(log, 0, os.SEEK_SET)
    saved = os.dup(2)
    os.dup2(log, 2)
    try:
        yield holder
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.lseek(log, 0, os.SEEK_SET)
        holder.text = os.read(log, _MOST).decode("utf-8", "replace").strip()
        os.ftruncate(log, 0)  # an empty log: nothing left for the parent to blame on this call


def leftovers(folder: str) -> str:
    """The text left in the workers' logs under ``folder`` (by a process that died inside a
    native call), and the logs emptied."""
    texts = []
    with contextlib.suppress(OSError):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                with open(path, "rb") as handle:
                    text = handle.read(_MOST).decode("utf-8", "replace").strip()
                os.truncate(path, 0)
                if text:
                    texts.append(text)
    return "\n".join(texts)
