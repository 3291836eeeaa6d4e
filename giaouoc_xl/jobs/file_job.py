"""One file in, one :class:`~giaouoc_xl.core.results.FileOutcome` out: the single path by which
``giaouoc check``, ``giaouoc merge`` and the Excel buttons read, guard and check a file.

:func:`examine_file` never raises for a bad file: whatever the file is, it comes back with a
status and a Vietnamese reason. :func:`examine_files` runs it over many files in worker
processes (:mod:`giaouoc_xl.jobs.isolation`): a file that kills or hangs its reader is reported,
the others still get their outcome.
"""

from __future__ import annotations

import hashlib
import os
import stat as statmod
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.check import check_submission, usable
from ..core.codes import FILE_STATUSES, REJECTED, FileStatus
from ..core.errors import LimitExceeded, UnreadableWorkbook
from ..core.findings import Finding
from ..core.model import Compact, Period
from ..core.results import FileOutcome
from ..core.school_form import RESULT_PERIODS
from ..core.submission import Submission
from ..workbooks.submission_reader import read_submission
from .discovery import skipped_status
from .isolation import run_isolated

#: Seconds to read and check one file; past it the file is abandoned (see :mod:`.isolation`).
MAX_SECONDS_PER_FILE = 30.0


def over_time_reason(name: str) -> str:
    """Why a file that took more than :data:`MAX_SECONDS_PER_FILE` to read was abandoned."""
    return (
        f"Tệp '{name}' đọc quá {MAX_SECONDS_PER_FILE:g} giây (tệp bất thường hoặc được làm ra "
        "để gây treo); không dùng tệp này"
    )


def triage(path: Path, name: str) -> FileOutcome | None:
    """The outcome of a file that is not read at all (its name says it is a lock, temporary or
    other file; it is not a regular file; it cannot be opened), or None for a file to read."""
    skipped = skipped_status(name)
    try:
        info = path.stat()
        if not statmod.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            return FileOutcome(name).refuse(
                FileStatus.UNREADABLE, f"Không đọc được tệp '{name}': không phải tệp thông thường"
            )
    except OSError as error:  # a broken link, a file that vanished, no permission
        reason = f"Không đọc được tệp '{name}': {error.strerror or type(error).__name__}"
        return FileOutcome(name).refuse(FileStatus.UNREADABLE, reason)
    if skipped is not None:
        outcome = FileOutcome(name, mtime=info.st_mtime, size=info.st_size)
        return outcome.refuse(skipped, FILE_STATUSES[skipped])
    return None


def examine_file(
    compact: Compact, path: str | os.PathLike[str], name: str, period: Period | None = None
) -> FileOutcome:
    """Read, guard and check one file for ``period`` (default: the compact's current one)."""
    path = Path(path)
    skipped = triage(path, name)
    if skipped is not None:
        return skipped
    try:
        data = path.read_bytes()
        info = path.stat()
    except OSError as error:  # vanished, or no permission, since it was found
        reason = f"Không đọc được tệp '{name}': {error.strerror or type(error).__name__}"
        return FileOutcome(name).refuse(FileStatus.UNREADABLE, reason)
    outcome = FileOutcome(
        name=name, sha256=hashlib.sha256(data).hexdigest(), mtime=info.st_mtime, size=info.st_size
    )
    try:
        submission = read_submission(path, compact, data=data)
    except LimitExceeded as error:
        return outcome.refuse(FileStatus.OVER_LIMIT, str(error))
    except UnreadableWorkbook as error:
        return outcome.refuse(FileStatus.UNREADABLE, str(error))
    except Exception as error:  # a reader bug must not stop the batch: the file is listed
        reason = f"Lỗi khi đọc tệp '{name}': {type(error).__name__}"
        return outcome.refuse(FileStatus.UNREADABLE, reason)
    period = period or compact.current_period
    try:
        findings = [f.replace(file=name) for f in check_submission(compact, submission, period)]
        _take(outcome, compact, submission, findings, period)
    except Exception as error:  # a checker bug must not stop the batch either
        reason = f"Lỗi khi kiểm tra tệp '{name}': {type(error).__name__}"
        return outcome.refuse(FileStatus.UNREADABLE, reason)
    return outcome


def _take(
    outcome: FileOutcome,
    compact: Compact,
    submission: Submission,
    findings: list[Finding],
    period: Period,
) -> None:
    """Fill ``outcome`` with what the summary needs of a checked submission."""
    outcome.school = submission.school_code
    outcome.findings = findings
    rejected = next((f for f in findings if f.code in REJECTED), None)
    if rejected is not None:
        outcome.status, outcome.reason = FileStatus(rejected.code), rejected.message
        return
    outcome.status, outcome.reason = FileStatus.USED, FILE_STATUSES[FileStatus.USED]
    outcome.generated_at = submission.generated_at
    seen: set[str] = set()
    for row in submission.rows:
        if row.code in seen:
            continue
        seen.add(row.code)
        result_cell = row.results.get(period) if period in RESULT_PERIODS else None
        target = compact.target(row.code)
        registration = usable(target, row.registration) if target else None
        result = usable(target, result_cell) if target else None
        if registration is not None and not isinstance(registration, bool):
            outcome.registrations[row.code] = registration
        if result is not None:
            outcome.results[row.code] = result
        outcome.raw[row.code] = (
            row.registration.raw if row.registration else None,
            result_cell.raw if result_cell else None,
        )
        if row.comment:
            outcome.comments.append((row.code, row.comment))


# --------------------------------------------------------------------------- many files

_WORKER: dict[str, Any] = {}


def _init_worker(compact_json: str, period: str | None) -> None:
    _WORKER["compact"] = Compact.model_validate_json(compact_json)
    _WORKER["period"] = Period(period) if period else None


def _examine_in_worker(item: tuple[str, str]) -> FileOutcome:
    path, name = item
    return examine_file(_WORKER["compact"], path, name, _WORKER["period"])


def _crashed(item: tuple[str, str]) -> FileOutcome:
    name = item[1]
    reason = f"Tệp '{name}' làm bộ đọc dừng đột ngột (tệp hỏng hoặc được làm ra để gây lỗi); không dùng tệp này"
    return FileOutcome(name).refuse(FileStatus.UNREADABLE, reason)


def _timed_out(item: tuple[str, str]) -> FileOutcome:
    return FileOutcome(item[1]).refuse(FileStatus.OVER_LIMIT, over_time_reason(item[1]))


def examine_files(
    compact: Compact,
    items: Sequence[tuple[str, str]],
    period: Period | None = None,
    jobs: int | None = None,
    chunksize: int = 16,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[int, FileOutcome]]:
    """(position, outcome) of each (path, name) in ``items``, each examined in a worker process
    within :data:`MAX_SECONDS_PER_FILE`, in order."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(items) // 8 or 1))
    initargs = (compact.model_dump_json(), period.value if period else None)
    for done, (position, outcome) in enumerate(
        run_isolated(
            _examine_in_worker,
            items,
            workers,
            _init_worker,
            initargs,
            _crashed,
            chunksize,
            budget=MAX_SECONDS_PER_FILE,
            timed_out=_timed_out,
        ),
        start=1,
    ):
        if progress:
            progress(done, len(items))
        yield position, outcome
