"""Check returned workbooks on disk: read each one, run the checker, keep every file accounted for.

Thin orchestration over :mod:`giaouoc_xl.workbooks.submission_reader` and :mod:`giaouoc_xl.core.check`; the CLI and the
Excel buttons both call :func:`check_file`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.check import check_submission
from ..core.errors import LimitExceeded, UnreadableWorkbook
from ..core.findings import Finding, Report, Severity
from ..core.model import Compact, Period
from ..core.submission import Submission
from ..workbooks.submission_reader import read_submission
from . import guard as limits
from .guard import over_time_reason
from .isolation import run_isolated

#: Codes about a file as a whole, besides the checker's.
FILE_CODES = {
    "unreadable-file": "Không đọc được tệp (hỏng, rỗng, đặt mật khẩu, không phải bảng tính)",
    "over-limit": "Tệp vượt giới hạn an toàn (kích thước, tỷ lệ nén, số dòng/cột, thời gian đọc)",
}


@dataclass
class FileReport(Report):
    """One checked file: its findings (a :class:`Report`), or why it could not be read."""

    path: Path = field(default_factory=Path)
    submission: Submission | None = None
    unreadable: str = ""

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def school(self) -> str:
        return self.submission.school_code if self.submission else ""

    @property
    def valid(self) -> bool:
        return not self.unreadable and not self.errors


def check_file(
    compact: Compact, path: str | os.PathLike[str], period: Period | None = None
) -> FileReport:
    """Read and check one file; an unreadable file is a report with one finding, not an exception."""
    path = Path(path)
    try:
        submission = read_submission(path, compact)
    except UnreadableWorkbook as error:
        code = "over-limit" if isinstance(error, LimitExceeded) else "unreadable-file"
        return _failed(path, str(error), code)
    except Exception as error:  # a reader bug: this file is listed, the others still checked
        return _failed(path, f"Lỗi khi đọc tệp '{path.name}': {type(error).__name__}")
    try:
        return FileReport(check_submission(compact, submission, period), path, submission)
    except Exception as error:  # a checker bug, likewise
        return _failed(path, f"Lỗi khi kiểm tra tệp '{path.name}': {type(error).__name__}")


def _failed(path: Path, reason: str, code: str = "unreadable-file") -> FileReport:
    finding = Finding(code=code, severity=Severity.ERROR, message=reason, file=path.name)
    return FileReport([finding], path=path, unreadable=reason)


_WORKER: dict[str, Any] = {}


def _init_worker(compact_json: str, period: str | None) -> None:
    _WORKER["compact"] = Compact.model_validate_json(compact_json)
    _WORKER["period"] = Period(period) if period else None


def _check_in_worker(path: str) -> FileReport:
    return check_file(_WORKER["compact"], path, _WORKER["period"])


def _crashed(path: str) -> FileReport:
    name = Path(path).name
    reason = f"Tệp '{name}' làm bộ đọc dừng đột ngột (tệp hỏng hoặc được làm ra để gây lỗi)"
    return _failed(Path(path), reason)


def _timed_out(path: str) -> FileReport:
    return _failed(Path(path), over_time_reason(Path(path).name), "over-limit")


def check_files(
    compact: Compact, paths: Sequence[str | os.PathLike[str]], period: Period | None = None
) -> list[FileReport]:
    """Check several files, each read in a worker process (see :mod:`giaouoc_xl.jobs.isolation`)."""
    items = [str(p) for p in paths]
    initargs = (compact.model_dump_json(), period.value if period else None)
    reports: list[FileReport | None] = [None] * len(items)
    workers = max(1, min(os.cpu_count() or 1, len(items) // 8 or 1))
    for position, report in run_isolated(
        _check_in_worker,
        items,
        workers,
        _init_worker,
        initargs,
        _crashed,
        4,
        budget=limits.MAX_SECONDS_PER_FILE,
        timed_out=_timed_out,
    ):
        reports[position] = report
    return [r for r in reports if r is not None]
