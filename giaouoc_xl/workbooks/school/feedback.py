"""Feedback copies: the school's own workbook with its findings listed and its cells marked.

A copy is written into another folder (atomically); the school's file is never modified. Every
text taken from the submission is written as text, never as a formula.

A workbook of the Excel 2007 family (.xlsx, .xlsm, a template) is copied whole with openpyxl. A
school that sent another format (.ods from LibreOffice, .xls, .xlsb) gets an .xlsx named after
its file (``truong_abc.ods`` -> ``truong_abc.xlsx``): the values python-calamine read, at the
same sheets and cells, so that every finding's sheet!cell points at what the school typed; the
copy says what it was made from and what the school should do with it.

The list of findings (:data:`SHEET`) prints clean in every application: its columns are as wide
as their words and its rows as tall as their wrapped text, measured with the documents' Times
New Roman metrics (:mod:`giaouoc_xl.workbooks.documents.text_metrics`). Findings about another
period than the one checked (a first-semester shortfall in a year-end check) are left out: they
stay in the JSON.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from copy import copy
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ...core.errors import OutputNotWritable, UnreadableWorkbook
from ...core.file_names import safe_file_name
from ...core.findings import Finding, Severity
from ...core.results import FileOutcome
from ..atomic import atomic_output
from ..documents.blocks import column_points, row_height
from ..documents.text_metrics import text_width, wrap
from ..intake.formats import DESCRIPTIONS, OOXML, Format
from ..intake.guard import Guarded, read_within_limits
from ..table import detail, put_cell, read_values

SHEET = "Kết quả kiểm tra"
_FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
}
_FONT = "Times New Roman"
_SIZE = 11.0
_TITLE_SIZE = 14.0
#: Points a cell keeps from its borders when it wraps (the documents plan with 5).
_PAD = 6.0
#: The list's columns: header and (least, most) width in XlsxWriter/openpyxl units.
_COLUMNS = (
    ("STT", (5, 6)),
    ("Mức độ", (9, 10)),
    ("Vị trí", (12, 24)),
    ("Chỉ tiêu", (9, 12)),
    ("Nội dung", (70, 70)),
    ("Mã", (12, 30)),
)
_HEADER_ROW = 5
_MACRO = frozenset({Format.XLSM, Format.XLTM})


def write_feedback(
    report: FileOutcome,
    outdir: str | os.PathLike[str],
    data: bytes | None = None,
    checked_at: datetime | None = None,
) -> Path:
    """Write the annotated copy of ``report``'s file (at ``report.path``) into ``outdir``;
    return its path. ``data``: the file's bytes as they were read and checked (the copy is made
    from what was checked, in the process that read it: see
    :func:`giaouoc_xl.jobs.file_job.examine_file`). A file of another format than the Excel 2007
    family gets an .xlsx of its values (see the module's docstring)."""
    given = Path(report.path or report.name)
    source = given.resolve()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    guarded = read_within_limits(source, data)
    target = (out / safe_file_name(copy_name(given, guarded.format))).resolve()
    if target.parent == source.parent:
        raise OutputNotWritable(
            f"Thư mục phản hồi không được trùng thư mục bài nộp (sẽ ghi đè '{report.name}')"
            if target == source
            else f"Thư mục phản hồi không được trùng thư mục bài nộp (bản sao '{target.name}' "
            "sẽ thành một bài nộp nữa)"
        )
    if guarded.format in OOXML:
        wb = load_workbook(BytesIO(guarded.data), keep_vba=guarded.format in _MACRO)
        wb.template = False  # a template the school filled: its copy is a workbook
        made_from = None
    else:
        wb = _values_copy(report.name, guarded)
        made_from = guarded.format
    for name in [n for n in wb.sheetnames if n == SHEET]:
        del wb[name]  # a previous check's sheet
    shown = report.current
    for finding in shown:
        if finding.sheet in wb.sheetnames and finding.cell:
            wb[finding.sheet][finding.cell].fill = _FILLS[finding.severity]
    ws = wb.create_sheet(SHEET, 0)
    _write_list(ws, report, shown, checked_at or datetime.now(), made_from)
    wb.active = 0
    for sheet in wb.worksheets:
        sheet.sheet_view.tabSelected = sheet is ws
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target


def copy_name(given: Path, found: Format) -> str:
    """The feedback copy's file name: the school's own for an .xlsx or .xlsm; else its name with
    the suffix of the copy (``truong_abc.ods`` -> ``truong_abc.xlsx``), or, when the school's
    folder holds a file of that name too, with the format added (``truong_abc_ods.xlsx``)."""
    suffix = ".xlsm" if found in _MACRO else ".xlsx"
    if given.suffix.lower() == suffix:
        return given.name
    name = f"{given.stem}{suffix}"
    if (given.parent / name).exists():
        name = f"{given.stem}_{given.suffix.lstrip('.').lower() or found.value}{suffix}"
    return name


# --------------------------------------------------------------------------- a copy of values


def _values_copy(name: str, guarded: Guarded) -> Workbook:
    """A new workbook of the values python-calamine reads from every worksheet, at the same
    sheet names and cells (text as text, never a formula), hidden sheets hidden; in Times New
    Roman, each column about as wide as its values (at most :data:`_MOST` units) and each row
    as tall as its wrapped text, so that it reads and prints clean."""

    def failed(exc: BaseException, printed: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Không đọc lại được tệp '{name}' để ghi bản phản hồi", detail(exc, printed)
        )

    sheets: list[tuple[str, list[list[Any]], bool]] = read_values(
        guarded.data, failed, _calamine_sheets
    )
    wb = Workbook()
    _times_by_default(wb)
    assert wb.active is not None
    wb.remove(wb.active)
    body, wrapped = Font(name=_FONT), Alignment(wrap_text=True, vertical="top")
    for title, grid, hidden in sheets:
        ws = wb.create_sheet(title)
        widths: dict[int, float] = {}
        for row in grid:
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    shown = text_width(str(value), _SIZE) if isinstance(value, str) else 50.0
                    widths[c] = max(widths.get(c, 0.0), shown)
        units = {c: _units(points) for c, points in widths.items()}
        for c, width in units.items():
            ws.column_dimensions[get_column_letter(c)].width = width
        for r, row in enumerate(grid, start=1):
            count = 1
            for c, value in enumerate(row, start=1):
                if value is None or value == "":
                    continue
                cell = ws.cell(row=r, column=c)
                put_cell(cell, value)
                cell.font = body
                if isinstance(value, str):
                    cell.alignment = wrapped
                    count = max(count, _lines(value, units[c]))
            if count > 1:
                ws.row_dimensions[r].height = row_height(count, _SIZE)
        if hidden:
            ws.sheet_state = "hidden"
        _one_page_wide(ws)
    return wb


def _one_page_wide(ws: Worksheet) -> None:
    """A4 landscape, one page wide."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


#: The widest column of a copy of values (XlsxWriter/openpyxl units): longer texts wrap.
_MOST = 48


def _units(points: float) -> float:
    """The narrowest column (8 to :data:`_MOST` units) that holds ``points`` of text."""
    units = 8
    while column_points(units) - _PAD < points and units < _MOST:
        units += 1
    return float(units)


def _times_by_default(wb: Workbook) -> None:
    """Times New Roman as the copy's default font, as in the school workbook: column widths
    are measured in the default font's digits (LibreOffice without Calibri would draw every
    column wider). openpyxl has no public setting for it: its first font and the Normal style
    are replaced while the book is empty."""
    font = Font(name=_FONT, sz=_SIZE, family=1)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = copy(font)


def _calamine_sheets(data: bytes) -> list[tuple[str, list[list[Any]], bool]]:
    """(name, values, hidden) of every worksheet, in order."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    book = CalamineWorkbook.from_filelike(BytesIO(data))
    try:
        return [
            (
                sheet.name,
                book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False),
                sheet.visible != SheetVisibleEnum.Visible,
            )
            for sheet in book.sheets_metadata
            if sheet.typ == SheetTypeEnum.WorkSheet
        ]
    finally:
        book.close()


# --------------------------------------------------------------------------- the list


def _lines(text: str, units: float, bold: bool = False, size: float = _SIZE) -> int:
    """How many lines ``text`` takes wrapped in a column ``units`` wide (Excel's narrower
    measure of a column: LibreOffice draws it wider, so never more lines there); a word wider
    than the column is broken across lines, as LibreOffice does."""
    if not text:
        return 1
    room = column_points(units) - _PAD
    return sum(
        max(1, math.ceil(text_width(line, size, bold) / room))
        for line in wrap(text, room, size, bold)
    )


def _widths(findings: Sequence[Finding]) -> list[float]:
    """Each column as wide as its longest word (a code, a place) within its bounds."""
    widths = []
    for index, (header, (least, most)) in enumerate(_COLUMNS):
        texts = [header, *(f.listed(n)[index] for n, f in enumerate(findings, 1))]
        words = [w for text in texts for w in str(text).split()]
        need = max((text_width(w, _SIZE, bold=True) for w in words), default=0.0) + _PAD + 2
        units = least
        while column_points(units) < need and units < most:
            units += 1
        widths.append(float(units))
    return widths


def _intro(
    report: FileOutcome, shown: Sequence[Finding], checked_at: datetime, made_from: Format | None
) -> list[tuple[str, Font]]:
    """The lines above the list: title, file, verdict, and what a converted copy is."""
    errors = [f for f in shown if f.severity is Severity.ERROR]
    warnings = len(shown) - len(errors)
    verdict = (
        "Không phát hiện lỗi."
        if not shown
        else f"{len(errors)} lỗi, {warnings} cảnh báo. Ô có lỗi tô đỏ, ô cần xem lại tô vàng."
    )
    lines = [
        ("KẾT QUẢ KIỂM TRA BÀI NỘP", Font(name=_FONT, bold=True, size=_TITLE_SIZE)),
        (
            f"Tệp: {report.name} — kiểm tra lúc {checked_at:%H:%M ngày %d/%m/%Y}",
            Font(name=_FONT),
        ),
        (verdict, Font(name=_FONT)),
    ]
    if made_from is not None:
        lines.append(
            (
                f"Bản này được làm từ tệp {DESCRIPTIONS[made_from]} của trường: chỉ gồm giá trị "
                "các ô (không có định dạng, công thức, kiểm tra dữ liệu), ở đúng sheet và ô như "
                "tệp của trường. Hãy sửa trong tệp gốc của trường rồi gửi lại, hoặc sửa ngay trên "
                "bản này và lưu (.xlsx) để gửi.",
                Font(name=_FONT, italic=True, color="9C0006"),
            )
        )
    return lines


def _write_list(
    ws: Worksheet,
    report: FileOutcome,
    shown: Sequence[Finding],
    checked_at: datetime,
    made_from: Format | None,
) -> None:
    bold = Font(name=_FONT, bold=True)
    body = Font(name=_FONT)
    wrapped = Alignment(wrap_text=True, vertical="top")
    widths = _widths(shown)
    last = get_column_letter(len(_COLUMNS))
    total = sum(widths)
    for row, (text, font) in enumerate(_intro(report, shown, checked_at, made_from), start=1):
        cell = ws.cell(row=row, column=1)
        put_cell(cell, text)
        cell.font = font
        cell.alignment = wrapped
        ws.merge_cells(f"A{row}:{last}{row}")
        size = float(font.sz or _SIZE)
        lines = _lines(text, total, bool(font.b), size)
        ws.row_dimensions[row].height = row_height(lines, size)
    header_lines = 1
    for col, ((text, _), width) in enumerate(zip(_COLUMNS, widths, strict=True), start=1):
        cell = ws.cell(row=_HEADER_ROW, column=col)
        put_cell(cell, text)
        cell.font = bold
        cell.alignment = wrapped
        ws.column_dimensions[cell.column_letter].width = width
        header_lines = max(header_lines, _lines(text, width, bold=True))
    ws.row_dimensions[_HEADER_ROW].height = row_height(header_lines, _SIZE)
    for number, finding in enumerate(shown, start=1):
        row = _HEADER_ROW + number
        values = finding.listed(number)
        first = ws.cell(row=row, column=1, value=number)
        first.font, first.alignment = body, Alignment(horizontal="center", vertical="top")
        lines = 1
        for col, text in enumerate(values[1:], start=2):
            cell = ws.cell(row=row, column=col)
            put_cell(cell, text)
            cell.font = body
            cell.alignment = wrapped
            lines = max(lines, _lines(str(text or ""), widths[col - 1]))
        ws.row_dimensions[row].height = row_height(lines, _SIZE)
        if finding.sheet and finding.cell:
            link = ws.cell(row=row, column=3)
            link.hyperlink = Hyperlink(
                ref=link.coordinate, location=f"'{finding.sheet}'!{finding.cell}"
            )
            link.font = Font(name=_FONT, color="0563C1", underline="single")
        ws.cell(row=row, column=2).fill = _FILLS[finding.severity]
    ws.freeze_panes = f"A{_HEADER_ROW + 1}"
    _one_page_wide(ws)
    ws.print_title_rows = f"{_HEADER_ROW}:{_HEADER_ROW}"
    ws.print_area = f"A1:{last}{_HEADER_ROW + len(shown)}"
