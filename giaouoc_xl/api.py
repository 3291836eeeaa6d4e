"""The library API: one function per job. The command line, the Excel buttons and the demo call
these and nothing else of the package (tests/test_layers.py holds that rule), and only present
what they return (tests/test_one_door.py holds that they call the jobs, not their parts).

The jobs, each owning all its outputs (it checks every output can be written before writing
any, applies every rule about its inputs itself, and returns what it wrote and each non-fatal
failure as data):

- :func:`check`: read, guard and check returned files; the feedback copies;
- :func:`merge`: the summary, the documents to sign as a PDF, a result slip per school, with
  the appraisal book's verified values; :func:`merge_with_settings` does it as a compact
  book's settings sheet names the files (the buttons);
- :func:`appraise`: the appraisal book written, or written again keeping what staff typed;
- the compact book: :func:`new_compact_book`, :func:`read_compact_book`, :func:`load_compact`,
  and, for a live workbook's values, :func:`read_compact_grids`, :func:`book_setting`,
  :func:`office_files`;
- the school workbooks: :func:`write_templates`; a live school workbook's values:
  :func:`check_school_grids`;
- the demo's simulations: :func:`simulate_returns`, :func:`simulate_appraisal`,
  :func:`simulate_vote`, :func:`simulate_history`; of a score sheet's demo,
  :func:`simulate_self_scores`, :func:`simulate_corrections`.

Shorthands for library callers: :func:`check_file` (one file, in this process),
:func:`merge_folder` (the merge with its summary alone). The types these take and return are
re-exported here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .core.buttons import BUTTONS, BY_SCRIPT
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
from .core.findings import Finding, Report
from .core.model import Compact, Level, Period, VetoOutcome, label, parse_choice
from .core.reports import MergeReport, OutputFailure
from .core.results import CheckResult, FileOutcome, MergeResult, SchoolRow
from .core.samples import SAMPLES, sample
from .core.school_form import META, SCHOOL, TARGETS
from .core.system_errors import system_detail, system_message, system_reason
from .jobs.file_job import examine_file
from .jobs.office import OfficeFiles, appraise_job, check_job, merge_job
from .jobs.office import merge_with_settings as _merge_with_settings
from .jobs.past_years import simulate_history
from .jobs.pdf import find_soffice
from .jobs.returns import simulate_appraisal, simulate_returns, simulate_vote
from .jobs.self_scores import simulate_corrections, simulate_self_scores
from .jobs.templates import write_school_workbooks
from .workbooks.appraisal.reader import read_appraisal_book
from .workbooks.appraisal.writer import Written
from .workbooks.compact.reader import CompactBookResult, read_compact_workbook
from .workbooks.compact.reader import load_compact as _load_compact
from .workbooks.compact.reader import read_compact_book as _read_compact_book
from .workbooks.compact.settings import setting_value
from .workbooks.compact.writer import write_compact_book
from .workbooks.grid import GridWorkbook
from .workbooks.school.reader import parse_submission

__all__ = [
    "BUTTONS",
    "BY_SCRIPT",
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
    "HistoryRecorded",
    "HistoryRefused",
    "InvalidCompact",
    "Level",
    "LimitExceeded",
    "MergeReport",
    "MergeResult",
    "OfficeFiles",
    "OutputFailure",
    "OutputNotWritable",
    "PdfNotWritten",
    "Period",
    "Report",
    "SchoolRow",
    "SchoolStatus",
    "Severity",
    "UnknownSample",
    "UnreadableWorkbook",
    "VetoOutcome",
    "Written",
    "WrongAppraisalBook",
    "WrongHistoryBook",
    "appraise",
    "book_setting",
    "check",
    "check_file",
    "check_school_grids",
    "find_soffice",
    "import_summary",
    "is_school_workbook",
    "label",
    "load_compact",
    "merge",
    "merge_folder",
    "merge_with_settings",
    "new_compact_book",
    "office_files",
    "parse_period",
    "read_appraisal_book",
    "read_compact_book",
    "read_compact_grids",
    "record_year",
    "sample",
    "simulate_appraisal",
    "simulate_corrections",
    "simulate_history",
    "simulate_returns",
    "simulate_self_scores",
    "simulate_vote",
    "system_detail",
    "system_message",
    "system_reason",
    "write_compact_book",
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


#: **The check job** (:func:`giaouoc_xl.jobs.office.check_job`): read, guard and check each file
#: in a worker process; with ``feedback``, each school's annotated copy.
check = check_job


def check_file(
    compact: Compact, path: str | os.PathLike[str], period: Period | None = None
) -> FileOutcome:
    """Read, guard and check one file in this process (no worker, no time budget: for a
    caller that checks one file it trusts, e.g. a test or a notebook)."""
    outcome = examine_file(compact, path, Path(path).name, period)
    outcome.path = str(Path(path))
    return outcome


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


#: **The merge job** (:func:`giaouoc_xl.jobs.office.merge_job`): the summary, the documents to
#: sign as a PDF, a slip per school, all said before anything is written.
merge = merge_job


def merge_folder(
    compact: Compact,
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    period: Period | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    dry_run: bool = False,
    appraisal: str | os.PathLike[str] | None = None,
    history: str | os.PathLike[str] | None = None,
) -> tuple[MergeResult, Path | None]:
    """The merge job with the summary alone, as (result, the summary written or None): a
    shorthand of :func:`merge` for library callers."""
    report = merge(
        compact, folder, out=out, appraisal=appraisal, history=history, period=period,
        jobs=jobs, progress=progress, dry_run=dry_run,
    )  # fmt: skip
    return report.result, None if report.summary is None else Path(report.summary)


def office_files(grids: Grids, base: str | os.PathLike[str]) -> OfficeFiles:
    """Where the office keeps its files, as the settings sheet of a compact book (its sheets'
    values) names them, relative to the book's folder ``base``."""
    return OfficeFiles.of(lambda field: setting_value(grids, field), Path(base))


#: **The merge job as the compact book's settings say** (the Excel buttons): the files named
#: there, the appraisal book when it exists and the period has results.
merge_with_settings = _merge_with_settings


# --------------------------------------------------------------------------- the appraisal


#: **The appraisal job** (:func:`giaouoc_xl.jobs.office.appraise_job`): the appraisal book,
#: written or written again keeping what staff typed.
appraise = appraise_job


# --------------------------------------------------------------------------- the history

from .core.history import HistoryRecorded, HistoryRefused, WrongHistoryBook  # noqa: E402
from .jobs.history import import_summary_job, record_year_job  # noqa: E402

#: **Recording a year** (:func:`giaouoc_xl.jobs.history.record_year_job`): a final year-end
#: merge's results (its report or result) into the history book; refused for a draft.
record_year = record_year_job

#: **Importing an earlier summary** (:func:`giaouoc_xl.jobs.history.import_summary_job`): a
#: year-end summary workbook the program wrote, into the history book.
import_summary = import_summary_job
