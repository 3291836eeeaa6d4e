"""A result slip per school (phiếu kết quả), written on a pool of worker processes.

A slip is a small workbook of its own (about 8 ms of XlsxWriter each, on one core): 2000 of
them on one core would add some 16 s to a merge. The merge's result is sent once to each worker
(its initializer), and each worker writes the slips of the schools it is given, each slip
atomically, while the merge's own process writes the summary and prints the PDF
(:class:`SlipJob`: started, then finished); a district's few dozen are written in this process,
where starting workers would cost more than it saves. A slip that cannot be written is said in the report with how many were; the
others are written all the same.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core.errors import OutputNotWritable
from ..core.reports import OutputFailure
from ..core.results import MergeResult
from ..workbooks.atomic import atomic_output, output_folder
from ..workbooks.documents.slip import check_slips, render_slip, slip_paths

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


class SlipJob:
    """Slips being written: started with :meth:`start` (the workers begin at once, while the
    caller writes the summary and prints the PDF), finished with :meth:`finish`."""

    def __init__(self, result: MergeResult, paths: list[Path], when: datetime) -> None:
        self.result, self.paths, self.when = result, paths, when
        self.errors = [""] * len(paths)
        self.pool: ProcessPoolExecutor | None = None
        self.pending: Iterator[str] | None = None

    @classmethod
    def start(
        cls,
        result: MergeResult,
        folder: str | os.PathLike[str],
        when: datetime | None = None,
        jobs: int | None = None,
    ) -> SlipJob:
        """Check the slips can be written (raises :class:`OutputNotWritable` before any is),
        make the folder, and set the workers to write them (a district's few dozen are written
        at :meth:`finish`, in this process)."""
        out = Path(folder)
        schools = [row.school for row in result.schools]
        check_slips(schools, out)
        output_folder(out, "phiếu kết quả")
        job = cls(result, slip_paths(schools, out), when or datetime.now())
        count = len(job.paths)
        workers = min(jobs or os.cpu_count() or 1, max(1, count // (PARALLEL_FROM // 2)))
        if count >= PARALLEL_FROM and workers >= 2:
            initargs = (result, job.paths, job.when)
            job.pool = ProcessPoolExecutor(workers, initializer=_init, initargs=initargs)
            chunk = max(1, min(64, count // (workers * 4)))
            job.pending = job.pool.map(_write, range(count), chunksize=chunk)
        return job

    def finish(self) -> tuple[list[Path], OutputFailure | None]:
        """Wait for every slip: (the slips written, the failure when some could not be)."""
        done: set[int] = set()
        if self.pending is not None and self.pool is not None:
            try:
                for index, error in enumerate(self.pending):
                    self.errors[index] = error
                    done.add(index)
            except BrokenProcessPool:  # a worker died (out of memory): the rest are written here
                pass
            finally:
                self.pool.shutdown()
        missing = [i for i in range(len(self.paths)) if i not in done]
        if missing:
            _init(self.result, self.paths, self.when)
            try:
                for index in missing:
                    self.errors[index] = _write(index)
            finally:
                _WORKER.clear()
        return self._outcome()

    def _outcome(self) -> tuple[list[Path], OutputFailure | None]:
        written = [p for p, error in zip(self.paths, self.errors, strict=True) if not error]
        failed = [error for error in self.errors if error]
        if not failed:
            return written, None
        message = (
            f"Đã ghi {len(written)}/{len(self.paths)} phiếu kết quả; {len(failed)} phiếu chưa ghi "
            f"được ({failed[0]}). Đóng các phiếu đang mở rồi chạy lại để ghi đủ."
        )
        return written, OutputFailure("slips", str(self.paths[0].parent), message)


def write_slips(
    result: MergeResult,
    folder: str | os.PathLike[str],
    when: datetime | None = None,
    jobs: int | None = None,
) -> tuple[list[Path], OutputFailure | None]:
    """One slip per school of ``result`` into ``folder`` (made if needed): (the slips written,
    the failure when some could not be). Raises :class:`OutputNotWritable`, before writing any,
    when the folder cannot be made or a slip is open in a spreadsheet."""
    return SlipJob.start(result, folder, when, jobs).finish()
