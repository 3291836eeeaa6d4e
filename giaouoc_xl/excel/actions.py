"""The functions behind the buttons. Each takes the live workbook (``xw.Book.caller()`` when
run from a button), calls the same library functions as the command line, and reports back in
the workbook. Errors come back as a Vietnamese message box, never as a traceback.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..core.check import check_submission
from ..core.errors import GiaoUocError
from ..core.findings import Finding, Severity
from ..core.model import Compact
from ..core.school_form import META, SCHOOL, TARGETS
from ..jobs.merge import merge
from ..workbooks.atomic import output_lock
from ..workbooks.compact_book import read_compact_workbook
from ..workbooks.compact_layout import SETTINGS
from ..workbooks.grid import GridWorkbook
from ..workbooks.school_book import write_school_workbooks
from ..workbooks.submission_reader import parse_submission
from ..workbooks.summary_book import write_summary
from .workbook import book_folder, book_grids, notify, setting, status, write_findings

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
        except Exception as error:  # never a Python traceback dialog for staff
            notify(
                book,
                f"Lỗi không mong đợi ({type(error).__name__}): {error}. Hãy báo cho bộ phận kỹ thuật.",
                "giaouoc",
                error=True,
            )
        finally:
            status(book, None)
        return None

    return run


def _compact_of(book: Any, grids: dict[str, list[list[Any]]]) -> Compact:
    result = read_compact_workbook(GridWorkbook(grids), book.name)
    return result.require("bấm 'Kiểm tra giao ước' để xem và sửa")


def _folder(book: Any, grids: dict[str, list[list[Any]]], label: str, default: str) -> Path:
    value = setting(grids, SETTINGS.name, label)
    base = book_folder(book)
    return (
        (base / value)
        if value and not Path(value).is_absolute()
        else Path(value)
        if value
        else base / default
    )


@button
def check_compact(book: Any) -> list[Finding]:
    """Kiểm tra giao ước: validate the compact book open in Excel, list and mark the problems."""
    status(book, "Đang kiểm tra sổ giao ước…")
    result = read_compact_workbook(GridWorkbook(book_grids(book)), book.name)
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
    folder = _folder(book, grids, "Thư mục mẫu cho trường", "mau_truong")
    status(book, f"Đang ghi mẫu cho {len(compact.schools)} trường…")
    written = write_school_workbooks(compact, folder)
    notify(book, f"Đã ghi {len(written)} mẫu vào {folder}", "Tạo mẫu cho các trường")
    return written


@button
def merge_submissions(book: Any, period: Any = None) -> Path:
    """Tổng hợp: merge the submissions folder, write the summary beside the book."""
    grids = book_grids(book)
    compact = _compact_of(book, grids)
    folder = _folder(book, grids, "Thư mục bài nộp", "bai_nop")
    if not folder.is_dir():
        raise GiaoUocError(
            f"Không có thư mục bài nộp '{folder}'; ghi đúng đường dẫn ở sheet 'Thiết lập'"
        )
    out = _folder(book, grids, "Tệp bảng tổng hợp", "bang_tong_hop.xlsx")

    def progress(done: int, total: int) -> None:
        status(book, f"Đang đọc bài nộp {done}/{total}…")

    cache = out.with_name(f".{out.name}.giaouoc-cache.json")
    with output_lock(out):
        result = merge(compact, folder, period, cache=cache, progress=progress)
        status(book, "Đang ghi bảng tổng hợp…")
        written = write_summary(result, out)
    counts = {
        s: sum(r.status == s for r in result.schools) for s in ("valid", "with-errors", "missing")
    }
    notify(
        book,
        f"Đã tổng hợp {len(result.files)} tệp: {counts['valid']} trường hợp lệ, {counts['with-errors']} có lỗi, "
        f"{counts['missing']} chưa nộp. Bảng tổng hợp: {written}",
        "Tổng hợp",
    )
    _open(written)
    return written


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
    grids = book_grids(book)
    wanted = {name: grids[name] for name in (SCHOOL, TARGETS, META) if name in grids}
    submission, _ = parse_submission(book.name, list(grids), wanted, compact, "xlwings")
    findings = [f.replace(file=book.name) for f in check_submission(compact, submission)]
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
    from ..workbooks.compact_book import load_compact

    findings = _check_school_book(book, load_compact(path))
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
        if other.name == book.name or META not in [s.name for s in other.sheets]:
            continue
        status(book, f"Đang kiểm tra {other.name}…")
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


__all__ = [
    "check_compact",
    "check_open_school_books",
    "check_school",
    "make_templates",
    "merge_submissions",
]
