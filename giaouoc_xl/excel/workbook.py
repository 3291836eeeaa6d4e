"""Reading from and writing to a live ``xlwings.Book`` (desktop Excel, or xlwings' remote book)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..api import Finding, Severity

RESULTS_SHEET = "Kết quả kiểm tra"
COLORS = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C"}
_HEADERS = ["STT", "Mức độ", "Vị trí", "Chỉ tiêu", "Nội dung", "Mã"]


def book_grids(book: Any, skip: tuple[str, ...] = (RESULTS_SHEET,)) -> dict[str, list[list[Any]]]:
    """Every sheet's values from A1, as lists of rows (the results sheet of a previous run left out)."""
    grids: dict[str, list[list[Any]]] = {}
    for sheet in book.sheets:
        if sheet.name in skip:
            continue
        used = sheet.used_range
        values = used.options(ndim=2).value or []
        top, left = used.row - 1, used.column - 1
        rows: list[list[Any]] = [[] for _ in range(top)]
        rows += [[None] * left + list(row) for row in values]
        grids[sheet.name] = rows
    return grids


def book_folder(book: Any) -> Path:
    """The folder of the workbook on disk (the current folder for a book with no path)."""
    try:
        path = Path(book.fullname)
    except Exception:  # a remote book, or a new unsaved one
        return Path.cwd()
    return path.parent if path.parent != Path() else Path.cwd()


def _previous_marks(book: Any) -> list[tuple[str, str]]:
    """The cells a previous run coloured, from its results sheet ("Sheet!A1" in column C)."""
    names = [s.name for s in book.sheets]
    if RESULTS_SHEET not in names:
        return []
    values = book.sheets[RESULTS_SHEET].used_range.options(ndim=2).value or []
    marks = []
    for row in values[1:]:
        where = row[2] if len(row) > 2 else None
        if isinstance(where, str) and "!" in where:
            sheet, cell = where.rsplit("!", 1)
            marks.append((sheet, cell))
    return marks


def write_findings(book: Any, findings: list[Finding], title: str) -> None:
    """List ``findings`` on the results sheet, colour their cells, clear the previous run's marks."""
    names = [s.name for s in book.sheets]
    for sheet, cell in _previous_marks(book):
        if sheet in names:
            book.sheets[sheet][cell].color = None
    if RESULTS_SHEET in names:
        results = book.sheets[RESULTS_SHEET]
        results.clear()
    else:
        results = book.sheets.add(RESULTS_SHEET, after=book.sheets[len(names) - 1])
    rows: list[list[Any]] = [[title, "", "", "", "", ""], _HEADERS]
    for number, finding in enumerate(findings, start=1):
        rows.append(list(finding.listed(number)))
    if not findings:
        rows.append(["", "", "", "", "Không phát hiện lỗi.", ""])
    # text is written as text: a leading apostrophe keeps Excel from reading "=..." as a formula
    results["A1"].value = [[_as_text(v) for v in row] for row in rows]
    for finding in findings:
        if finding.sheet in names and finding.cell:
            book.sheets[finding.sheet][finding.cell].color = COLORS[finding.severity]


def _as_text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


ERROR_LOG_SHEET = "Nhật ký lỗi"


def write_error_log(book: Any, text: str) -> None:
    """The technical detail of an unexpected error, on a sheet of its own (for whoever supports
    the office): never in a message box."""
    names = [s.name for s in book.sheets]
    if ERROR_LOG_SHEET in names:
        log = book.sheets[ERROR_LOG_SHEET]
        log.clear()
    else:
        log = book.sheets.add(ERROR_LOG_SHEET, after=book.sheets[len(names) - 1])
    lines = [
        ["Chi tiết kỹ thuật của lỗi (gửi cho bộ phận kỹ thuật)"],
        *([line] for line in text.splitlines()),
    ]
    log["A1"].value = [[_as_text(v) for v in row] for row in lines]


def notify(book: Any, message: str, title: str = "giaouoc", error: bool = False) -> None:
    """A message box (Excel's own, not a Python traceback)."""
    book.app.alert(message, title=title, mode="critical" if error else "info")


def status_bar(book: Any, text: str | None) -> None:
    """Excel's status bar, where the platform has one (not in the remote book or Excel on the web)."""
    try:
        book.app.status_bar = text or False
    except Exception:
        return
