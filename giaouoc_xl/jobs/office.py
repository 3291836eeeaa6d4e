"""The office's jobs, each owning all its outputs behind one door: the merge (the summary, the
documents as a PDF, a slip per school) and the appraisal book. The command line, the Excel
buttons and the demo call these (through :mod:`giaouoc_xl.api`) and only present what they
return.

Each job, in this order:

1. applies the rules about its inputs itself (an appraisal book only for a period with
   results; the submissions folder must exist);
2. checks that **every** output can be written before it writes any (a folder missing, a folder
   in a file's place, a file open in a spreadsheet): what cannot be written is said at once and
   nothing is written;
3. works under a lock on its main output (a second job into the same output waits, saying so);
4. writes the main output (the summary, the appraisal book) atomically; the other outputs after
   it, each failure of those a :class:`~giaouoc_xl.core.reports.OutputFailure` in the report
   (the summary stands, the command exits 2).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..core.codes import FILE_STATUS_SHORT
from ..core.errors import (
    GiaoUocError,
    NothingToMerge,
    OutputNotWritable,
    PdfNotWritten,
    WrongAppraisalBook,
)
from ..core.model import Compact, Period, label
from ..core.reports import MergeReport, OutputFailure
from ..core.results import CheckResult, FileOutcome, MergeResult
from ..core.school_form import RESULT_PERIODS
from ..workbooks.appraisal.reader import read_appraisal_book
from ..workbooks.appraisal.writer import Written, write_appraisal_book
from ..workbooks.atomic import check_writable, output_folder, output_lock
from ..workbooks.documents.slip import check_slips
from ..workbooks.history.reader import read_history_book
from ..workbooks.summary import write_summary
from .cache import cache_path
from .file_job import examine_files
from .merge import merge
from .pdf import PdfJob
from .slips import SlipJob

#: What a job says while it works: a stage ("Đang ghi bảng tổng hợp…"), or, through
#: ``on_wait``, that it waits for another job writing the same output. The command line prints
#: them on stderr, a button shows them in Excel's status bar.
Say = Callable[[str], None]
Progress = Callable[[int, int], None]


def _quiet(_: str) -> None:
    return None


def merge_job(
    compact: Compact,
    folder: str | os.PathLike[str],
    *,
    out: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    slips: str | os.PathLike[str] | None = None,
    appraisal: str | os.PathLike[str] | None = None,
    history: str | os.PathLike[str] | None = None,
    period: Period | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
    on_wait: Say | None = None,
    dry_run: bool = False,
    when: datetime | None = None,
) -> MergeReport:
    """Merge every file under ``folder`` and write what the office asked for, all or nothing
    said before anything is written: the summary ``out`` (atomically, under a lock against a
    second merge into it, with the cache of file outcomes beside it), the documents to sign as
    the PDF ``pdf``, a result slip per school into the folder ``slips``; with the appraisal
    book ``appraisal`` (a period with results only) the verified values are scored; with the
    history book ``history`` (read only) the award ladder's conditions over years are counted
    and the documents show each school's change from last year.
    ``dry_run``: nothing written. ``say``: what the job is doing, ``on_wait``: that it waits for
    another job writing the same output (in Vietnamese). Raises before writing anything when an
    output cannot be written or an input cannot be used; what failed after the summary was
    written (the PDF without LibreOffice) is in the report's ``failures``."""
    say = say or _quiet
    period = period or compact.current_period
    submissions = _submissions(folder)
    if appraisal is not None:
        appraised_period(compact, period)
    summary, pdf_path, slips_path = (
        (None, None, None) if dry_run else (_path(out), _path(pdf), _path(slips))
    )
    _check_outputs(compact, summary, pdf_path, slips_path)
    main = summary or slips_path or pdf_path
    with output_lock(main, on_wait=on_wait) if main is not None else contextlib.nullcontext():
        book = read_appraisal_book(appraisal, compact, period) if appraisal is not None else None
        past = read_history_book(history) if history is not None else None
        cache = cache_path(summary) if summary is not None else None
        result = merge(compact, submissions, period, jobs, cache, progress, book, past)
        _something_read(result, submissions)
        result.history_path = "" if history is None else str(history)
        report = MergeReport(result, appraisal=None if appraisal is None else str(appraisal))
        _write_outputs(report, summary, pdf_path, slips_path, when, jobs, say)
    return report


def _check_outputs(
    compact: Compact, summary: Path | None, pdf: Path | None, slips: Path | None
) -> None:
    """Raise before anything is written when one of the merge's outputs cannot be written."""
    if summary is not None:
        check_writable(summary)
    if pdf is not None:
        check_writable(pdf)
    if slips is not None:
        check_slips(compact.schools, slips)


def _write_outputs(
    report: MergeReport,
    summary: Path | None,
    pdf_path: Path | None,
    slips_path: Path | None,
    when: datetime | None,
    jobs: int | None,
    say: Say,
) -> None:
    """Write the merge's summary, PDF and slips, each into ``report``."""
    result = report.result
    gc.freeze()  # the result lives to the end: no collection walks it again, here or in the
    # slip workers forked from here (their collections would also copy every page it is on)
    try:
        # the slips are written by worker processes while this one writes the summary and
        # prints the PDF (LibreOffice, a process of its own): the whole job on every core
        slip_job = SlipJob.start(result, slips_path, when, jobs) if slips_path else None
        pdf_job = _start_pdf(report, pdf_path, when, say) if pdf_path else None
        try:
            if summary is not None:
                say("Đang ghi bảng tổng hợp…")
                report.summary = str(write_summary(result, summary, when))
        finally:
            if pdf_job is not None:
                _finish_pdf(report, pdf_job)
            if slip_job is not None:
                say(f"Đang ghi phiếu kết quả của {len(result.schools)} trường…")
                _slips(report, slip_job)
    finally:
        gc.unfreeze()  # a caller that stays running (Excel's Python) collects it as usual


def _path(value: str | os.PathLike[str] | None) -> Path | None:
    return None if value is None else Path(value)


def _something_read(result: MergeResult, folder: Path) -> None:
    """Raise :class:`NothingToMerge` when no file of ``folder`` could be read as a spreadsheet:
    a summary or an appraisal book of a roster that "has not submitted" would say what is not
    so (the folder is the wrong one, or every file was refused)."""
    if any(outcome.readable for outcome in result.files):
        return
    after = "chưa tổng hợp, chưa ghi gì"
    if not result.files:
        raise NothingToMerge(
            f"Thư mục bài nộp '{folder}' không có tệp nào (kể cả các thư mục con): {after}. "
            "Hãy kiểm tra đường dẫn, hoặc chép các tệp trường gửi về vào thư mục này rồi chạy lại."
        )
    counts: dict[str, int] = {}
    for outcome in result.files:
        words = FILE_STATUS_SHORT[outcome.status] if outcome.status else "không đọc được"
        counts[words] = counts.get(words, 0) + 1
    found = ", ".join(f"{count} {words}" for words, count in counts.items())
    raise NothingToMerge(
        f"Thư mục bài nộp '{folder}' không có bảng tính nào đọc được ({len(result.files)} tệp: "
        f"{found}): {after}. Hãy chọn đúng thư mục bài nộp, hoặc xem lý do của từng tệp: "
        f"giaouoc check SỔ_GIAO_ƯỚC <tệp>.",
        "; ".join(f"{o.name}: {o.status or ''} ({o.reason})" for o in result.files),
    )


def _submissions(folder: str | os.PathLike[str]) -> Path:
    path = Path(folder)
    if not path.is_dir():
        raise GiaoUocError(
            f"Không có thư mục bài nộp '{path}': kiểm tra lại đường dẫn (thư mục chứa các tệp "
            "trường gửi về)"
        )
    return path


def _slips(report: MergeReport, job: SlipJob) -> None:
    written, failure = job.finish()
    report.slips = [str(p) for p in written]
    if failure is not None:
        report.failures.append(failure)


def _start_pdf(report: MergeReport, path: Path, when: datetime | None, say: Say) -> PdfJob | None:
    """Start printing the documents; what the office should know of the print (no Times New
    Roman nor Liberation Serif on this computer) is a note of the report, and it still prints."""
    say("Đang in các văn bản cần ký ra PDF…")
    try:
        job = PdfJob.start(report.result, path, when)
    except PdfNotWritten as error:
        report.failures.append(OutputFailure("pdf", str(path), str(error), error.detail))
        return None
    if job.note:
        report.notes.append(job.note)
    return job


def _finish_pdf(report: MergeReport, job: PdfJob) -> None:
    try:
        report.pdf = str(job.finish())
    except PdfNotWritten as error:
        report.failures.append(OutputFailure("pdf", str(job.target), str(error), error.detail))
    except OutputNotWritable as error:
        report.failures.append(OutputFailure("pdf", str(job.target), str(error), error.detail))


def appraised_period(compact: Compact, period: Period) -> None:
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


def appraise_job(
    compact: Compact,
    folder: str | os.PathLike[str],
    out: str | os.PathLike[str],
    period: Period | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
    on_wait: Say | None = None,
    history: str | os.PathLike[str] | None = None,
) -> tuple[MergeResult, Written]:
    """Merge ``folder`` and write (or write again) the appraisal book ``out`` from what the
    schools reported, keeping what staff typed in the book already there. The cache of file
    outcomes sits beside the book. ``history``: the history book the award ladder's conditions
    over years count in (the candidates put to the vote meet them)."""
    say = say or _quiet
    book = Path(out)
    period = period or compact.current_period
    submissions = _submissions(folder)
    appraised_period(compact, period)
    check_writable(book)
    with output_lock(book, on_wait=on_wait):
        # an existing book first: refused before any work when it is another compact's, and
        # its verified values rank the schools for the vote
        previous = read_appraisal_book(book, compact, period) if book.exists() else None
        past = read_history_book(history) if history is not None else None
        result = merge(
            compact, submissions, period, jobs, cache_path(book), progress, previous, past
        )
        result.history_path = "" if history is None else str(history)
        _something_read(result, submissions)
        say("Đang ghi sổ thẩm định…")
        return result, write_appraisal_book(result, book, previous=previous)


def check_job(
    compact: Compact,
    paths: Sequence[str | os.PathLike[str]],
    period: Period | None = None,
    feedback: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> CheckResult:
    """Read, guard and check each file in a worker process, in the order given (a file that
    kills or hangs its reader is reported, the others are checked). With ``feedback`` (a
    folder), each school's annotated copy is written there by the worker that read the file;
    a copy that cannot be made is a finding of that file. Raises :class:`OutputNotWritable`,
    before reading any file, when the feedback folder cannot be made."""
    if feedback is not None:
        _feedback_folder(Path(feedback), paths)
    items = [(str(p), Path(p).name, "") for p in paths]
    outcomes: list[FileOutcome | None] = [None] * len(items)
    for position, outcome in examine_files(
        compact, items, period, jobs, chunksize=4, progress=progress, feedback=feedback
    ):
        outcome.path = str(Path(paths[position]))
        outcomes[position] = outcome
    return CheckResult([o for o in outcomes if o is not None])


def _feedback_folder(folder: Path, paths: Sequence[str | os.PathLike[str]]) -> None:
    own = next((Path(p) for p in paths if Path(p).resolve().parent == folder.resolve()), None)
    if own is not None:
        raise OutputNotWritable(
            f"Thư mục phản hồi '{folder}' không được trùng thư mục chứa tệp của trường (bản "
            f"phản hồi sẽ ghi đè '{own.name}'): chọn thư mục khác. Chưa kiểm tra tệp nào."
        )
    output_folder(folder, "bản phản hồi", "Chưa kiểm tra tệp nào.")


# --------------------------------------------------------------------------- from the book


#: The settings of the compact book that name the office's files, with their defaults (beside
#: the book).
_SETTINGS = {
    "submissions": ("excel.submissions_folder", "bai_nop"),
    "summary": ("excel.summary_file", "bang_tong_hop.xlsx"),
    "appraisal": ("excel.appraisal_file", "so_tham_dinh.xlsx"),
    "pdf": ("excel.pdf_file", ""),
    "slips": ("excel.slips_folder", "phieu_ket_qua"),
    "templates": ("excel.templates_folder", "mau_truong"),
    "history": ("excel.history_file", "so_lich_su.xlsx"),
}


@dataclass(frozen=True)
class OfficeFiles:
    """Where the office keeps its files, as the compact book's settings sheet names them
    (relative to the book's folder; blank: the usual names beside the book). ``pdf`` is None
    when no PDF is named (the documents are then not printed). ``history``: the history book
    (sổ lịch sử), used by the merge when it exists, written by the button that records the
    year; 'so_lich_su.xlsx' beside the book unless the settings sheet names another."""

    submissions: Path
    summary: Path
    appraisal: Path
    pdf: Path | None
    slips: Path
    templates: Path
    history: Path | None = None

    @classmethod
    def of(cls, setting: Callable[[str], str], base: Path) -> OfficeFiles:
        """``setting(field)``: a setting's value ('' when blank); ``base``: the book's folder."""
        paths: dict[str, Path | None] = {}
        for key, (field, default) in _SETTINGS.items():
            try:
                value = setting(field).strip() or default
            except (KeyError, StopIteration):  # a setting the book has not: its default
                value = default
            paths[key] = (
                (base / value if not Path(value).is_absolute() else Path(value)) if value else None
            )
        return cls(**paths)  # type: ignore[arg-type]


def merge_with_settings(
    compact: Compact,
    files: OfficeFiles,
    *,
    summary: bool = True,
    slips: bool = False,
    period: Period | None = None,
    progress: Progress | None = None,
    say: Say | None = None,
    on_wait: Say | None = None,
) -> MergeReport:
    """The merge as the compact book's settings say (the Excel buttons): the summary and, when
    a PDF file is named, the documents (``summary``); the result slips (``slips``). The
    appraisal book named there is scored when it exists and the period has results; in a
    period without results it is left aside and the report says so. The history book named
    there is used when it exists."""
    period = period or compact.current_period
    appraisal: Path | None = files.appraisal if files.appraisal.is_file() else None
    notes = []
    if appraisal is not None and period not in RESULT_PERIODS:
        notes.append(
            f"Chưa dùng sổ thẩm định '{appraisal.name}': kỳ '{label(period)}' chưa có kết quả "
            "để thẩm định."
        )
        appraisal = None
    report = merge_job(
        compact,
        files.submissions,
        out=files.summary if summary else None,
        pdf=files.pdf if summary else None,
        slips=files.slips if slips else None,
        appraisal=appraisal,
        history=files.history if files.history is not None and files.history.is_file() else None,
        period=period,
        progress=progress,
        say=say,
        on_wait=on_wait,
    )
    report.notes[:0] = notes
    return report
