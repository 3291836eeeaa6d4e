"""The library API: one function per job. The command line, the Excel buttons and the demo call
these and nothing else of the package (tests/test_layers.py holds that rule).

Jobs:

- the compact book: :func:`new_compact_book`, :func:`read_compact_book`, :func:`load_compact`,
  and, for a live workbook's values, :func:`read_compact_grids`;
- the school workbooks: :func:`write_templates`;
- checking returned files: :func:`check_files` (and :func:`check_file`), the annotated copies
  :func:`write_feedback`, and a live school workbook's values :func:`check_school_grids`;
- the merge: :func:`merge_folder` (merge, then write the summary: the cache, the lock and the
  atomic write included; with an appraisal book, the verified values scored);
- the appraisal: :func:`write_appraisal` (the appraisal book written, or written again keeping
  what staff typed) and :func:`read_appraisal_book`; :func:`write_documents_pdf` (the documents to sign as one PDF, through
  LibreOffice), :func:`write_slips` (a result slip per school), and :func:`simulate_returns`
  for the demo.

The types these take and return are re-exported here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from .core.appraisal import Appraisal
from .core.codes import (
    FILE_STATUS_SHORT,
    FILE_STATUSES,
    SCHOOL_STATUS_WORDS,
    SCHOOL_STATUSES,
    SEVERITY_LABELS,
    FileStatus,
    SchoolStatus,
    Severity,
)
from .core.errors import (
    GiaoUocError,
    InvalidCompact,
    LimitExceeded,
    OutputNotWritable,
    PdfNotWritten,
    UnknownSample,
    UnreadableWorkbook,
    WrongAppraisalBook,
)
from .core.findings import Finding
from .core.model import Compact, Level, Period, VetoOutcome, label, parse_choice
from .core.results import CheckResult, FileOutcome, MergeResult, SchoolRow
from .core.samples import SAMPLES, sample
from .core.school_form import META, RESULT_PERIODS, SCHOOL, TARGETS
from .jobs.cache import cache_path
from .jobs.file_job import examine_file, examine_files
from .jobs.merge import merge
from .jobs.pdf import find_soffice, write_documents_pdf
from .jobs.returns import simulate_appraisal, simulate_returns, simulate_vote
from .jobs.templates import write_school_workbooks
from .workbooks.appraisal_book import Written, read_appraisal_book, write_appraisal_book
from .workbooks.atomic import check_writable, output_lock
from .workbooks.compact_book import write_compact_book
from .workbooks.compact_layout import setting_value
from .workbooks.compact_reader import CompactBookResult, read_compact_workbook
from .workbooks.compact_reader import load_compact as _load_compact
from .workbooks.compact_reader import read_compact_book as _read_compact_book
from .workbooks.feedback import write_feedback as _write_feedback
from .workbooks.grid import GridWorkbook
from .workbooks.slips import check_slips
from .workbooks.slips import write_slips as _write_slips
from .workbooks.submission_reader import parse_submission
from .workbooks.summary import write_summary

__all__ = [
    "FILE_STATUSES",
    "FILE_STATUS_SHORT",
    "SAMPLES",
    "SCHOOL_STATUSES",
    "SCHOOL_STATUS_WORDS",
    "SEVERITY_LABELS",
    "CheckResult",
    "Compact",
    "CompactBookResult",
    "FileOutcome",
    "FileStatus",
    "Finding",
    "GiaoUocError",
    "InvalidCompact",
    "Level",
    "LimitExceeded",
    "MergeResult",
    "OutputNotWritable",
    "PdfNotWritten",
    "Period",
    "SchoolRow",
    "SchoolStatus",
    "Severity",
    "UnknownSample",
    "UnreadableWorkbook",
    "VetoOutcome",
    "Written",
    "WrongAppraisalBook",
    "book_setting",
    "check_file",
    "check_files",
    "check_outputs",
    "check_school_grids",
    "find_soffice",
    "is_school_workbook",
    "label",
    "load_compact",
    "merge_folder",
    "new_compact_book",
    "parse_period",
    "read_appraisal_book",
    "read_compact_book",
    "read_compact_grids",
    "sample",
    "simulate_appraisal",
    "simulate_returns",
    "simulate_vote",
    "write_appraisal",
    "write_compact_book",
    "write_documents_pdf",
    "write_feedback",
    "write_slips",
    "write_templates",
]

Grids = Mapping[str, Sequence[Sequence[Any]]]


# --------------------------------------------------------------------------- the compact book


def new_compact_book(
    path: str | os.PathLike[str], sample_name: str | None = None, force: bool = False
) -> Path:
    """Write a compact book: blank, or filled with the built-in sample ``sample_name``."""
    path = Path(path)
    if path.exists() and not force:
        raise GiaoUocError(f"Tệp '{path}' đã có; dùng --force để ghi đè")
    return write_compact_book(sample(sample_name) if sample_name else None, path)


def read_compact_book(path: str | os.PathLike[str]) -> CompactBookResult:
    """Read and validate a compact book: the compact when valid, and every finding by cell.
    Raises :class:`UnreadableWorkbook` only for a file that is no workbook at all."""
    return _read_compact_book(path)


def load_compact(path: str | os.PathLike[str]) -> Compact:
    """The validated compact of a book, or :class:`InvalidCompact` with every finding."""
    return _load_compact(path)


def read_compact_grids(grids: Grids, name: str) -> CompactBookResult:
    """Read and validate a compact book from its sheets' values (a live workbook's)."""
    return read_compact_workbook(GridWorkbook(grids), name)


def book_setting(grids: Grids, field: str) -> str:
    """The value of one setting of a compact book's settings sheet (e.g.
    ``excel.submissions_folder``), from its sheets' values; '' when blank."""
    return setting_value(grids, field)


def parse_period(value: str) -> Period:
    """A period from its code or its Vietnamese label (ValueError when it is neither)."""
    return parse_choice(Period, value)


# --------------------------------------------------------------------------- school workbooks


#: One school workbook per school of the roster (or of some codes) into a folder.
write_templates = write_school_workbooks


# --------------------------------------------------------------------------- checking


def check_file(
    compact: Compact, path: str | os.PathLike[str], period: Period | None = None
) -> FileOutcome:
    """Read, guard and check one file, in this process."""
    outcome = examine_file(compact, path, Path(path).name, period)
    outcome.path = str(Path(path))
    return outcome


def check_files(
    compact: Compact, paths: Sequence[str | os.PathLike[str]], period: Period | None = None
) -> CheckResult:
    """Read, guard and check each file in a worker process (a file that kills or hangs the
    reader is reported, the others are checked)."""
    items = [(str(p), Path(p).name) for p in paths]
    outcomes: list[FileOutcome | None] = [None] * len(items)
    for position, outcome in examine_files(compact, items, period, chunksize=4):
        outcome.path = str(Path(paths[position]))
        outcomes[position] = outcome
    return CheckResult([o for o in outcomes if o is not None])


def write_feedback(outcome: FileOutcome, outdir: str | os.PathLike[str]) -> Path:
    """The school's workbook with its findings listed and its cells marked, into ``outdir``
    (the school's own file is never modified)."""
    return _write_feedback(outcome, outdir)


def is_school_workbook(sheet_names: Iterable[str]) -> bool:
    """Whether a workbook with these sheets is a school workbook of giaouoc_xl."""
    return META in set(sheet_names)


def check_school_grids(compact: Compact, grids: Grids, name: str) -> list[Finding]:
    """Check a school workbook from its sheets' values (a live workbook's)."""
    from .core.check import check_submission

    wanted = {sheet: grids[sheet] for sheet in (SCHOOL, TARGETS, META) if sheet in grids}
    submission, _ = parse_submission(name, list(grids), wanted, compact, "xlwings")  # type: ignore[arg-type]
    return [f.replace(file=name) for f in check_submission(compact, submission)]


# --------------------------------------------------------------------------- the merge


def merge_folder(
    compact: Compact,
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    period: Period | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    dry_run: bool = False,
    appraisal: str | os.PathLike[str] | None = None,
) -> tuple[MergeResult, Path | None]:
    """Merge every file under ``folder`` and write the summary to ``out``: atomically, under a
    lock against a second merge into the same summary, with the cache of file outcomes beside
    it. With ``appraisal`` (an appraisal book), the verified values are scored. With
    ``dry_run`` (or no ``out``) the summary is not written. Returns the result and the summary
    written (None when none was)."""
    summary = Path(out) if out is not None else None
    if summary is not None and not summary.parent.is_dir():
        raise OutputNotWritable(f"Không có thư mục '{summary.parent}' để ghi bảng tổng hợp")
    period = period or compact.current_period
    book = _appraisal_book(appraisal, compact, period) if appraisal is not None else None
    cache = cache_path(summary) if summary is not None else None
    with output_lock(summary) if summary is not None else contextlib.nullcontext():
        result = merge(compact, folder, period, jobs, cache, progress, book)
        if summary is None or dry_run:
            return result, None
        return result, write_summary(result, summary)


def _appraisal_book(path: str | os.PathLike[str], compact: Compact, period: Period) -> Appraisal:
    _appraised_period(compact, period)
    return read_appraisal_book(path, compact, period)


def _appraised_period(compact: Compact, period: Period) -> None:
    """Refuse a period with no results, saying where it came from and how to choose another."""
    if period in RESULT_PERIODS:
        return
    source = (
        " (kỳ đang thu ghi ở sheet Thiết lập của sổ giao ước)"
        if period is compact.current_period
        else ""
    )
    raise WrongAppraisalBook(
        f"Kỳ '{label(period)}'{source} chưa có kết quả để thẩm định: chọn kỳ học kỳ I hoặc "
        "cuối năm (trên dòng lệnh: --period hk1 hoặc --period cuoi-nam; với nút bấm: đổi 'Kỳ "
        "đang thu' ở sheet Thiết lập)"
    )


def write_appraisal(
    compact: Compact,
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str],
    period: Period | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[MergeResult, Written]:
    """Merge ``folder`` and write (or write again) the appraisal book ``out`` from what the
    schools reported: what staff typed in the book already there is kept. The cache of file
    outcomes sits beside the book."""
    book = Path(out)
    if not book.parent.is_dir():
        raise OutputNotWritable(f"Không có thư mục '{book.parent}' để ghi sổ thẩm định")
    period = period or compact.current_period
    _appraised_period(compact, period)
    with output_lock(book):
        # an existing book first: refused before any work when it is another compact's, and
        # its verified values rank the schools for the vote
        previous = read_appraisal_book(book, compact, period) if book.exists() else None
        result = merge(compact, folder, period, jobs, cache_path(book), progress, previous)
        return result, write_appraisal_book(result, book, previous=previous)


def check_outputs(
    compact: Compact,
    summary: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    slips: str | os.PathLike[str] | None = None,
) -> None:
    """Raise :class:`OutputNotWritable` when one of the outputs of a merge cannot be written (a
    folder missing, a folder in a file's place, a file open in a spreadsheet): called before
    the merge, so that nothing is written when something could not be."""
    for path in (summary, pdf):
        if path is not None:
            check_writable(Path(path))
    if slips is not None:
        check_slips(compact.schools, slips)


def write_slips(
    result: MergeResult, folder: str | os.PathLike[str], when: datetime | None = None
) -> list[Path]:
    """One result slip per school of ``result`` into ``folder`` (phiếu kết quả)."""
    return _write_slips(result, folder, when)
