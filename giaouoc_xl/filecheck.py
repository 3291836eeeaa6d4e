"""Check returned workbooks on disk: read each one, run the checker, keep every file accounted for.

Thin orchestration over :mod:`giaouoc_xl.reading` and :mod:`giaouoc_xl.check`; the CLI and the
Excel buttons both call :func:`check_file`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .check import check_submission
from .errors import UnreadableWorkbook
from .findings import Finding, Severity
from .model import Compact, Period
from .reading import read_submission
from .submission import Submission

#: Codes about a file as a whole, besides the checker's.
FILE_CODES = {
    "unreadable-file": "Không đọc được tệp (hỏng, rỗng, đặt mật khẩu, không phải bảng tính)"
}


@dataclass
class FileReport:
    """One checked file: its findings, or why it could not be read."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None
    unreadable: str = ""

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def school(self) -> str:
        return self.submission.school_code if self.submission else ""

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

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
        finding = Finding(
            code="unreadable-file", severity=Severity.ERROR, message=str(error), file=path.name
        )
        return FileReport(path, [finding], None, str(error))
    return FileReport(path, check_submission(compact, submission, period), submission)
