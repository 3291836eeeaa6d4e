"""The functions behind the buttons. Each takes the live workbook (``xw.Book.caller()`` when
run from a button), calls the same library functions as the command line, and reports back in
the workbook. Errors come back as a Vietnamese message box, never as a traceback.
"""

from __future__ import annotations

import functools
import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .. import api
from ..api import Compact, Finding, GiaoUocError, SchoolStatus, Severity
from .workbook import (
    ERROR_LOG_SHEET,
    book_folder,
    book_grids,
    notify,
    status_bar,
    write_error_log,
    write_findings,
)

T = TypeVar("T")

#: The environment variable naming the compact book for the button in a school workbook.
COMPACT_BOOK_ENV = "GIAOUOC_SO_GIAO_UOC"


def _caller(book: Any) -> Any:
    if book is not None:
        return book
    import xlwings as xw  # only when run from a button

    return xw.Book.caller()


def button(func: Callable[..., T]) -> Callable[..., T | None]:
    """Run a button's function: the workbook it was clicked in, errors as message boxes."""

    @functools.wraps(func)
    def run(book: Any = None, *args: Any, **kwargs: Any) -> T | None:
        book = _caller(book)
        try:
            return func(book, *args, **kwargs)
        except GiaoUocError as error:
            notify(book, str(error), "giaouoc: không thực hiện được", error=True)
        except OSError as error:  # the system's, in Vietnamese with its path; its words logged
            write_error_log(book, "".join(traceback.format_exception(error)))
            message = api.system_message(error, action="mở hoặc ghi")
            notify(book, message, "giaouoc: không thực hiện được", error=True)
        except Exception as error:  # never a Python traceback dialog for staff
            write_error_log(book, "".join(traceback.format_exception(error)))
            notify(
                book,
                f"Lỗi không mong đợi; chi tiết kỹ thuật đã ghi ở sheet '{ERROR_LOG_SHEET}'. "
                "Hãy báo cho bộ phận kỹ thuật.",
                "giaouoc",
                error=True,
            )
        finally:
            status_bar(book, None)
        return None

    return run


def _compact_of(book: Any, grids: dict[str, list[list[Any]]]) -> Compact:
    result = api.read_compact_grids(grids, book.name)
    return result.require("bấm 'Kiểm tra giao ước' để xem và sửa")


def _files(book: Any, grids: dict[str, list[list[Any]]]) -> api.OfficeFiles:
    """The office's files as the settings sheet names them, beside the book."""
    return api.office_files(grids, book_folder(book))


@button
def check_compact(book: Any) -> list[Finding]:
    """Kiểm tra giao ước: validate the compact book open in Excel, list and mark the problems."""
    status_bar(book, "Đang kiểm tra sổ giao ước…")
    result = api.read_compact_grids(book_grids(book), book.name)
    write_findings(book, result.findings, f"KẾT QUẢ KIỂM TRA SỔ GIAO ƯỚC {book.name}")
    errors = sum(f.severity is Severity.ERROR for f in result.findings)
    if result.valid:
        notify(book, f"Sổ giao ước hợp lệ ({len(result.findings)} cảnh báo).", "Kiểm tra giao ước")
    else:
        notify(
            book,
            f"Sổ giao ước có {errors} lỗi: xem sheet 'Kết quả kiểm tra'; ô có lỗi được tô màu.",
            "Kiểm tra giao ước",
        )
    return result.findings


@button
def make_templates(book: Any) -> list[Path]:
    """Tạo mẫu cho các trường: one workbook per school into the folder of the settings sheet."""
    grids = book_grids(book)
    compact = _compact_of(book, grids)
    folder = _files(book, grids).templates
    status_bar(book, f"Đang ghi mẫu cho {len(compact.schools)} trường…")
    written = api.write_templates(compact, folder)
    notify(book, f"Đã ghi {len(written)} mẫu vào {folder}", "Tạo mẫu cho các trường")
    return written


def _reading(book: Any) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        status_bar(book, f"Đang đọc bài nộp {done}/{total}…")

    return progress


def _say(book: Any) -> Callable[[str], None]:
    return lambda message: status_bar(book, message)


def _merged(report: api.MergeReport) -> list[str]:
    """What a merge did, in lines for a message box: the merge (when it wrote a summary), the
    outputs written, what the job chose, what failed."""
    result, lines, shown = report.result, [], 10  # shown: the unusable schools named
    if report.summary:
        unusable = [r for r in result.schools if r.status is SchoolStatus.UNUSABLE]
        sent = f"{len(unusable)} gửi tệp không dùng được, " if unusable else ""
        lines.append(
            f"Đã tổng hợp {len(result.files)} tệp: {result.school_count(SchoolStatus.VALID)} "
            f"trường hợp lệ, {result.school_count(SchoolStatus.WITH_ERRORS)} có lỗi, {sent}"
            f"{result.school_count(SchoolStatus.MISSING)} chưa nộp. Bảng tổng hợp: "
            f"{report.summary}"
        )
        for row in unusable[:shown]:  # what was received, and what the school must do
            lines.append(f"- {row.school.code} {row.school.name}: {row.sent}; cần {row.todo}.")
        if len(unusable) > shown:
            lines.append(f"- … và {len(unusable) - shown} trường khác (sheet Tình trạng nộp).")
        if report.appraisal:
            lines.append(f"Đã chấm theo sổ thẩm định {Path(report.appraisal).name}.")
    if report.slips:
        lines.append(f"Đã ghi {len(report.slips)} phiếu kết quả vào {Path(report.slips[0]).parent}")
    if report.pdf:
        lines.append(f"Văn bản cần ký (PDF): {report.pdf}")
    lines += report.notes
    lines += [f"Chưa ghi được: {failure.message}" for failure in report.failures]
    return lines


@button
def merge_submissions(book: Any, period: Any = None) -> Path:
    """Tổng hợp: the merge as the settings sheet says (the summary beside the book, the PDF
    when one is named, with the appraisal book when there is one)."""
    grids = book_grids(book)
    report = api.merge_with_settings(
        _compact_of(book, grids),
        _files(book, grids),
        period=period,
        progress=_reading(book),
        say=_say(book),
        on_wait=_say(book),
    )
    assert report.summary is not None
    notify(book, "\n".join(_merged(report)), "Tổng hợp")
    _open(Path(report.summary))
    return Path(report.summary)


@button
def write_appraisal_book(book: Any, period: Any = None) -> Path:
    """Ghi sổ thẩm định: the appraisal book from the submissions folder; written again, it
    keeps every value staff typed."""
    grids = book_grids(book)
    files = _files(book, grids)
    _, written = api.appraise(
        _compact_of(book, grids),
        files.submissions,
        files.appraisal,
        period,
        progress=_reading(book),
        say=_say(book),
        on_wait=_say(book),
        history=files.history if files.history is not None and files.history.is_file() else None,
    )
    notify(book, "\n".join(written.lines()), "Ghi sổ thẩm định")
    _open(written.path)
    return written.path


@button
def make_slips(book: Any, period: Any = None) -> list[Path]:
    """Phiếu kết quả: a result slip per school (with the appraisal book when there is one)."""
    grids = book_grids(book)
    report = api.merge_with_settings(
        _compact_of(book, grids),
        _files(book, grids),
        summary=False,
        slips=True,
        period=period,
        progress=_reading(book),
        say=_say(book),
        on_wait=_say(book),
    )
    notify(book, "\n".join(_merged(report)), "Phiếu kết quả")
    return [Path(p) for p in report.slips]


def _open(path: Path) -> None:
    """Open the summary in Excel where the platform allows (desktop Windows and macOS)."""
    if os.environ.get("XLWINGS_ON_SERVER"):
        return
    try:
        import xlwings as xw

        xw.Book(str(path))
    except Exception:
        return


def _check_school_book(book: Any, compact: Compact) -> list[Finding]:
    findings = api.check_school_grids(compact, book_grids(book), book.name)
    write_findings(book, findings, f"KẾT QUẢ KIỂM TRA {book.name}")
    return findings


@button
def check_school(book: Any, compact_book: str | os.PathLike[str] | None = None) -> list[Finding]:
    """Kiểm tra (a school workbook): check this workbook in place, list and mark the findings.

    The compact book is the one named by ``compact_book``, else by the environment variable
    ``GIAOUOC_SO_GIAO_UOC``."""
    path = compact_book or os.environ.get(COMPACT_BOOK_ENV)
    if not path:
        raise GiaoUocError(
            f"Chưa biết sổ giao ước để kiểm tra: đặt biến môi trường {COMPACT_BOOK_ENV} là đường dẫn tới sổ"
        )
    findings = _check_school_book(book, api.load_compact(path))
    errors = sum(f.severity is Severity.ERROR for f in findings)
    notify(
        book,
        f"{errors} lỗi, {len(findings) - errors} cảnh báo; xem sheet 'Kết quả kiểm tra'.",
        "Kiểm tra",
    )
    return findings


@button
def check_open_school_books(book: Any) -> dict[str, list[Finding]]:
    """Kiểm tra các mẫu trường đang mở (from the compact book): check, in place, every school
    workbook open in Excel against the compact of this book."""
    compact = _compact_of(book, book_grids(book))
    checked: dict[str, list[Finding]] = {}
    for other in book.app.books:
        if other.name == book.name or not api.is_school_workbook(s.name for s in other.sheets):
            continue
        status_bar(book, f"Đang kiểm tra {other.name}…")
        checked[other.name] = _check_school_book(other, compact)
    if not checked:
        notify(
            book,
            "Không có mẫu của trường nào đang mở. Hãy mở các tệp trường gửi về rồi bấm lại.",
            "Kiểm tra mẫu trường",
        )
    else:
        lines = [
            f"{name}: {sum(f.severity is Severity.ERROR for f in found)} lỗi, "
            f"{sum(f.severity is Severity.WARNING for f in found)} cảnh báo"
            for name, found in checked.items()
        ]
        notify(
            book,
            "Đã kiểm tra (xem sheet 'Kết quả kiểm tra' trong từng tệp):\n" + "\n".join(lines),
            "Kiểm tra mẫu trường",
        )
    return checked


@button
def record_year(book: Any) -> Path:
    """Ghi năm học vào sổ lịch sử: the year-end merge as the settings sheet says (with the
    appraisal book when there is one), then its school year recorded into the history book
    named there ('so_lich_su.xlsx' beside the book: made when there is none). Refused, nothing
    written, while the merge is a draft (errors that would change a result)."""
    grids = book_grids(book)
    files = _files(book, grids)
    history = files.history or Path(book_folder(book)) / "so_lich_su.xlsx"
    report = api.merge_with_settings(
        _compact_of(book, grids),
        files,
        summary=False,
        period=api.Period.YEAR_END,
        progress=_reading(book),
        say=_say(book),
        on_wait=_say(book),
    )
    done = api.record_year(report, history, say=_say(book), on_wait=_say(book))
    lines = done.lines()
    if done.findings:
        lines.append(
            f"Sổ lịch sử có {len(done.findings)} ô chưa đọc được (đã giữ nguyên như đã nhập)."
        )
    notify(book, "\n".join(lines), "Ghi năm học vào sổ lịch sử")
    _open(history)
    return history


__all__ = [
    "check_compact",
    "check_open_school_books",
    "check_school",
    "make_slips",
    "make_templates",
    "merge_submissions",
    "record_year",
    "write_appraisal_book",
]
