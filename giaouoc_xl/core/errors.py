"""What really stops a command. Everything else is a finding (see :mod:`giaouoc_xl.core.findings`).

Each exception carries a Vietnamese message ready for people; the CLI prints it and exits 2
(a file that cannot be read at all, a usage problem) or 1 (an invalid compact).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding


class GiaoUocError(Exception):
    """Base of every error giaouoc_xl raises on purpose."""

    exit_code = 2


class UnreadableWorkbook(GiaoUocError):
    """A file that cannot be opened as a workbook at all (missing, damaged, an old format).

    The message is for people; ``detail`` keeps what a developer needs (the reader's own error,
    a native library's output) for the log sheet and ``--json``, never for a user's eyes."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class LimitExceeded(UnreadableWorkbook):
    """A file beyond a safety limit (size, zip ratio, rows and columns, memory, reading time):
    not read, so a hostile file cannot hang or exhaust the batch."""


class EncryptedWorkbook(UnreadableWorkbook):
    """A workbook protected by a password to open: the school must save it without one."""


class NotAWorkbook(UnreadableWorkbook):
    """A file that is no spreadsheet at all (a Word document, a PDF, a picture, a CSV…)."""


class UnknownSample(GiaoUocError):
    """A sample name that is not built in."""


class OutputNotWritable(GiaoUocError):
    """An output that cannot be written (open in Excel, no permission, no such folder);
    ``detail`` keeps the system's own words for the log and ``--json``."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class PdfNotWritten(GiaoUocError):
    """The documents could not be printed to PDF (no LibreOffice, or it failed); ``detail``
    keeps LibreOffice's own output for the log, never for a user's eyes."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class NothingToMerge(GiaoUocError):
    """A submissions folder with no spreadsheet that could be read (empty, or only lock files,
    documents, files refused): nothing is merged nor written, rather than a summary of schools
    that all "have not submitted". ``detail``: each file with its status, for ``--json``."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class WrongAppraisalBook(GiaoUocError):
    """An appraisal book of another compact or period, or no appraisal book at all: refused,
    so that no value staff typed is matched against the wrong schools or written over."""


class InvalidCompact(GiaoUocError):
    """A compact book with errors: the command cannot use it."""

    exit_code = 1

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings


def is_reader_panic(error: BaseException) -> bool:
    """A Rust panic inside python-calamine (e.g. a date cell holding -1e15): pyo3 raises it as a
    ``PanicException``, a BaseException, which ``except Exception`` does not catch."""
    return type(error).__name__ == "PanicException"
