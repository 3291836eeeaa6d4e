"""A result slip per school (phiếu kết quả), written on a pool of worker processes.

A slip is a small workbook of its own (about 10 ms of XlsxWriter each, on one core): 2000 of
them on one core would add some 20 s to a merge. The merge's result is sent once to each worker
(its initializer), and each worker writes the slips of the schools it is given, each slip
atomically; a district's few dozen are written here, where starting workers would cost more
than it saves. A slip that cannot be written is said in the report with how many were; the
others are written all the same.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.errors import OutputNotWritable
from ..core.reports import OutputFailure
from ..core.results import MergeResult
from ..workbooks.atomic import atomic_output
from ..workbooks.slips import check_slips, render_slip, slip_paths

#: Fewer slips than this are written in this process.
PARALLEL_FROM = 120

_WORKER: dict[str, Any] = {}


def _init(result: MergeResult, paths: list[Path], when: datetime) -> None:
    _WORKER.update(result=result, paths=paths, when=when)


def _write(index: int) -> str:
    """Write the slip of school ``index``; '' when written, else why not (Vietnamese)."""
    result, path = _WORKER["result"], _WORKER["paths"][index]
    try:
        with atomic_output(path) as tmp:
            render_slip(result, result.schools[index], tmp, _WORKER["when"])
    except OutputNotWritable as error:
        return str(error)
    return ""


def write_slips(
    result: MergeResult,
    folder: str | os.PathLike[str],
    when: datetime | None = None,
    jobs: int | None = None,
) -> tuple[list[Path], OutputFailure | None]:
    """One slip per school of ``result`` into ``folder`` (made if needed): (the slips written,
    the failure when some could not be). Raises :class:`OutputNotWritable`, before writing any,
    when the folder cannot be made or a slip is open in a spreadsheet."""
    when = when or datetime.now()
    out = Path(folder)
    schools = [row.school for row in result.schools]
    check_slips(schools, out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputNotWritable(
            f"Không tạo được thư mục phiếu kết quả '{out}' (không có quyền ghi, hoặc thư mục "
            "cha không có). Chưa ghi gì."
        ) from error
    paths = slip_paths(schools, out)
    _init(result, paths, when)
    try:
        errors = _run(len(paths), jobs)
    finally:
        _WORKER.clear()
    written = [path for path, error in zip(paths, errors, strict=True) if not error]
    failed = [error for error in errors if error]
    if not failed:
        return written, None
    message = (
        f"Đã ghi {len(written)}/{len(paths)} phiếu kết quả; {len(failed)} phiếu chưa ghi được "
        f"({failed[0]}). Đóng các phiếu đang mở rồi chạy lại để ghi đủ."
    )
    return written, OutputFailure("slips", str(out), message)


def _run(count: int, jobs: int | None) -> list[str]:
    workers = min(jobs or os.cpu_count() or 1, max(1, count // (PARALLEL_FROM // 2)))
    if count < PARALLEL_FROM or workers < 2:
        return [_write(index) for index in range(count)]
    errors = [""] * count
    done: set[int] = set()
    initargs = (_WORKER["result"], _WORKER["paths"], _WORKER["when"])
    chunk = max(1, min(64, count // (workers * 4)))
    try:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=initargs) as pool:
            for index, error in enumerate(pool.map(_write, range(count), chunksize=chunk)):
                errors[index] = error
                done.add(index)
    except BrokenProcessPool:  # a worker died (out of memory): the rest are written here
        for index in range(count):
            if index not in done:
                errors[index] = _write(index)
    return errors
