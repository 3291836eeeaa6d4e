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
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..core.check import check_submission, usable
from ..core.codes import FILE_STATUSES, REJECTED, FileStatus, Severity
from ..core.errors import (
    EncryptedWorkbook,
    GiaoUocError,
    LimitExceeded,
    NotAWorkbook,
    UnreadableWorkbook,
)
from ..core.findings import Finding
from ..core.model import Compact, Period
from ..core.results import FileOutcome
from ..core.school_form import RESULT_PERIODS
from ..core.submission import Submission
from ..core.system_errors import system_detail, system_reason
from ..workbooks.atomic import system_path
from ..workbooks.intake.guard import MAX_FILE_BYTES
from ..workbooks.school.feedback import write_feedback
from ..workbooks.school.reader import read_submission
from .discovery import skipped_status
from .isolation import run_isolated

#: Seconds to read and check one file; past it the file is abandoned (see :mod:`.isolation`).
MAX_SECONDS_PER_FILE = 30.0
#: Address space a worker may take beyond what it had at its start (see :mod:`.isolation`):
#: the largest sheet within the guard's limits peaks well below it (README, "Limits").
MAX_MEMORY_PER_WORKER = 768 * 1024 * 1024


def over_time_reason(name: str) -> str:
    """Why a file that took more than :data:`MAX_SECONDS_PER_FILE` to read was abandoned."""
    return (
        f"Tệp '{name}' đọc quá {MAX_SECONDS_PER_FILE:g} giây (tệp bất thường hoặc được làm ra "
        "để gây treo); không dùng tệp này"
    )


def triage(path: Path, name: str) -> FileOutcome | None:
    """The outcome of a file that is not read at all (a lock or temporary file by its name, not
    a regular file, a file that cannot be opened), or None for a file to examine."""
    skipped = skipped_status(name)
    try:
        info = path.stat()
        if not statmod.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            return FileOutcome(name).refuse(
                FileStatus.UNREADABLE, f"Không đọc được tệp '{name}': không phải tệp thông thường"
            )
    except OSError as error:  # a broken link, a file that vanished, no permission
        return _unopenable(FileOutcome(name), error)
    if skipped is not None:
        outcome = FileOutcome(name, mtime=info.st_mtime, size=info.st_size)
        return outcome.refuse(skipped, FILE_STATUSES[skipped])
    return None


def _unopenable(outcome: FileOutcome, error: OSError) -> FileOutcome:
    reason = f"Không đọc được tệp '{outcome.name}': {system_reason(error)}"
    return outcome.refuse(FileStatus.UNREADABLE, reason, system_detail(error))


#: What stops a file from being read -> its status (the most specific first).
_REFUSALS = (
    (LimitExceeded, FileStatus.OVER_LIMIT),
    (EncryptedWorkbook, FileStatus.ENCRYPTED),
    (NotAWorkbook, FileStatus.NOT_A_SPREADSHEET),
    (UnreadableWorkbook, FileStatus.UNREADABLE),
)


def examine_file(
    compact: Compact,
    path: str | os.PathLike[str],
    name: str,
    period: Period | None = None,
    feedback: str | os.PathLike[str] | None = None,
    digest: str = "",
) -> FileOutcome:
    """Read, guard and check one file for ``period`` (default: the compact's current one).

    With ``feedback`` (a folder), the school's annotated copy is written there from the very
    bytes that were checked, in this process: a copy that cannot be made (a style openpyxl
    cannot parse, a format it cannot write) is a finding of this file, never a crash of the
    others. ``digest``: the file's SHA-256 when the caller has hashed it already."""
    path = Path(path)
    skipped = triage(path, name)
    if skipped is not None:
        return skipped
    outcome = FileOutcome(name, path=str(path))
    try:
        info = path.stat()
        data = system_path(path).read_bytes() if info.st_size <= MAX_FILE_BYTES else None
    except OSError as error:  # vanished, or no permission, since it was found
        return _unopenable(outcome, error)
    outcome.mtime, outcome.size = info.st_mtime, info.st_size
    if data is not None:
        outcome.sha256 = digest or hashlib.sha256(data).hexdigest()
    checked = _read_and_check(compact, path, name, period, data, outcome)
    if feedback is not None and checked.readable:
        _feedback(checked, feedback, data)
    return checked


def _read_and_check(
    compact: Compact,
    path: Path,
    name: str,
    period: Period | None,
    data: bytes | None,
    outcome: FileOutcome,
) -> FileOutcome:
    try:
        submission = read_submission(path, compact, data=data)
    except UnreadableWorkbook as error:
        status = next(s for kind, s in _REFUSALS if isinstance(error, kind))
        return outcome.refuse(status, str(error), error.detail)
    except MemoryError as error:
        return outcome.refuse(FileStatus.OVER_LIMIT, _memory_reason(name), repr(error))
    except Exception as error:  # a reader bug must not stop the batch: the file is listed
        reason = (
            f"Lỗi khi đọc tệp '{name}'; hãy báo cho bộ phận kỹ thuật (chi tiết ở sheet Nhật ký)"
        )
        return outcome.refuse(FileStatus.UNREADABLE, reason, _trace(error))
    period = period or compact.current_period
    try:
        findings = [f.replace(file=name) for f in check_submission(compact, submission, period)]
        _take(outcome, compact, submission, findings, period)
    except Exception as error:  # a checker bug must not stop the batch either
        reason = f"Lỗi khi kiểm tra tệp '{name}'; hãy báo cho bộ phận kỹ thuật (chi tiết ở sheet Nhật ký)"
        return outcome.refuse(FileStatus.UNREADABLE, reason, _trace(error))
    return outcome


def _feedback(outcome: FileOutcome, folder: str | os.PathLike[str], data: bytes | None) -> None:
    """Write the school's annotated copy, or say why it could not be (a finding of the file)."""
    try:
        outcome.feedback = str(write_feedback(outcome, folder, data))
        return
    except GiaoUocError as error:
        message, detail = str(error), ""
    except Exception as error:  # a style or part openpyxl cannot parse: the file was checked
        message = (
            f"Không ghi được bản phản hồi cho tệp '{outcome.name}': chương trình ghi bản sao "
            "không đọc được một phần định dạng của tệp (kết quả kiểm tra ở trên vẫn đúng); "
            "hãy gửi trường danh sách lỗi này"
        )
        detail = _trace(error)
    outcome.findings.append(
        Finding("feedback-not-written", Severity.WARNING, message, file=outcome.name)
    )
    if detail:
        outcome.detail = detail


def _trace(error: BaseException) -> str:
    """A bug's type, message and where it happened: for the log, never for a user's eyes."""
    return "".join(traceback.format_exception(error)).strip()[-4000:]


def _memory_reason(name: str) -> str:
    return (
        f"Tệp '{name}' cần quá nhiều bộ nhớ để đọc (vượt {MAX_MEMORY_PER_WORKER // 2**20} MB cho "
        "mỗi tệp); không đọc để tránh làm treo máy"
    )


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
    outcome.signed = submission.signed
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
        if row.evidence:
            outcome.evidence[row.code] = row.evidence
    outcome.staff = {k: c.value for k, c in submission.staff.items() if c.value is not None}


# --------------------------------------------------------------------------- many files

_WORKER: dict[str, Any] = {}


#: One file for a worker: (path, name, its SHA-256 when the parent has hashed it, or "").
Item = tuple[str, str, str]


def _init_worker(compact_json: str, period: str | None, feedback: str | None) -> None:
    _WORKER["compact"] = Compact.model_validate_json(compact_json)
    _WORKER["period"] = Period(period) if period else None
    _WORKER["feedback"] = feedback


def _examine_in_worker(item: Item) -> FileOutcome:
    path, name, digest = item
    compact, period, feedback = _WORKER["compact"], _WORKER["period"], _WORKER["feedback"]
    return examine_file(compact, path, name, period, feedback, digest)


#: What native code prints when it cannot get memory (Rust's allocator; pyo3 on a MemoryError).
_OUT_OF_MEMORY = ("memory allocation of", "PyObject pointer is null", "MemoryError")


def _crashed(item: Item, printed: str) -> FileOutcome:
    """A file whose worker died reading it: out of memory (the ceiling), or a damaged file."""
    name = item[1]
    if any(sign in printed for sign in _OUT_OF_MEMORY):
        return FileOutcome(name).refuse(FileStatus.OVER_LIMIT, _memory_reason(name), printed)
    reason = (
        f"Tệp '{name}' bị hỏng: bộ đọc bảng tính dừng đột ngột khi đọc (tệp hỏng hoặc được làm "
        "ra để gây lỗi); không dùng tệp này"
    )
    return FileOutcome(name).refuse(FileStatus.UNREADABLE, reason, printed or "worker died")


def _timed_out(item: Item) -> FileOutcome:
    return FileOutcome(item[1]).refuse(FileStatus.OVER_LIMIT, over_time_reason(item[1]))


def examine_files(
    compact: Compact,
    items: Sequence[Item],
    period: Period | None = None,
    jobs: int | None = None,
    chunksize: int = 16,
    progress: Callable[[int, int], None] | None = None,
    feedback: str | os.PathLike[str] | None = None,
) -> Iterator[tuple[int, FileOutcome]]:
    """(position, outcome) of each (path, name, digest) in ``items``, each examined in a worker
    process within :data:`MAX_SECONDS_PER_FILE`, in order (with ``feedback``, each school's
    annotated copy written there by the worker that read the file)."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(items) // 8 or 1))
    folder = None if feedback is None else str(feedback)
    initargs = (compact.model_dump_json(), period.value if period else None, folder)
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
            memory=MAX_MEMORY_PER_WORKER,
        ),
        start=1,
    ):
        if progress:
            progress(done, len(items))
        yield position, outcome
