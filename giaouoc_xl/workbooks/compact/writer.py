"""The compact book (sổ giao ước) written from a model, with openpyxl: one sheet per part of the
compact (:mod:`giaouoc_xl.workbooks.compact.layout`), dropdowns, help texts and formats.

openpyxl, not XlsxWriter, because staff edit this book and the buttons' macro-enabled copy is
built from it (:mod:`giaouoc_xl.workbooks.compact.xlsm`). Read back by
:mod:`giaouoc_xl.workbooks.compact.reader`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from ...core.model import (
    LABELS,
    NO,
    YES,
    Compact,
    Level,
    OrganizerKind,
    Period,
    PeriodSpec,
    Tier,
)
from ...core.values import tidy_number
from ..atomic import atomic_output
from ..documents.blocks import column_points, row_height
from ..documents.text_metrics import text_width, wrap
from ..table import put_cell
from .layout import (
    INSTRUCTIONS,
    MAX_ROWS,
    TABLES,
    TableSheet,
)
from .settings import SETTINGS

FONT = "Times New Roman"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name=FONT, bold=True, size=14)
_HEADER_FONT = Font(name=FONT, bold=True)
_BODY_FONT = Font(name=FONT)
_THIN = Side(style="thin", color="9BA7B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


#: The instructions' one column, as wide as an A4 portrait page holds (LibreOffice draws a
#: column about 5 % wider than Excel: both fit).
INSTRUCTION_WIDTH = 90
#: Points a wrapped cell's text keeps from its borders (the documents plan with 5).
_PAD = 6.0


# --------------------------------------------------------------------------- sizes and print


def _lines(
    text: str, width: float, size: float = 11.0, bold: bool = False, italic: bool = False
) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` wide (openpyxl's unit), in Times New
    Roman (the documents' metrics, on Excel's narrower measure of a column); a word wider than
    the column is broken across lines, as LibreOffice does."""
    if not text:
        return 1
    room = column_points(width) - _PAD
    return sum(
        max(1, math.ceil(text_width(line, size, bold, italic) / room))
        for line in wrap(text, room, size, bold, italic)
    )


def _fit_rows(ws: Worksheet, widths: Sequence[float], first: int) -> None:
    """Rows from ``first`` as tall as their wrapped text: LibreOffice and Excel grow no row of a
    file they open, and print a taller text over the row below. A row of one line keeps the
    default height (Excel still fits it to what staff type)."""
    for row in ws.iter_rows(min_row=first, max_row=ws.max_row):
        count = 1
        for cell, width in zip(row, widths, strict=False):
            if isinstance(cell.value, str) and cell.alignment.wrap_text:
                font = cell.font
                count = max(
                    count,
                    _lines(cell.value, width, float(font.sz or 11), bool(font.b), bool(font.i)),
                )
        if count > 1:
            ws.row_dimensions[row[0].row].height = row_height(count, 11.0)


def _print_table(ws: Worksheet, last_row: int, columns: int) -> None:
    """A table sheet prints on A4 landscape, one page wide, its header on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(columns)}{max(2, last_row)}"


# --------------------------------------------------------------------------- writing


def _display(value: Any) -> Any:
    """A model value as staff see it in a cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Level):
        return value.value
    for enum, names in LABELS.items():
        if isinstance(value, enum):
            return names[value]
    if isinstance(value, float):
        return tidy_number(value)
    return value


def _row_values(sheet: TableSheet, item: Any) -> list[Any]:
    values: list[Any] = []
    for column in sheet.columns:
        name, _, key = column.key.partition(".")
        if name == "thresholds":
            raw = item.thresholds.get(Level(key))
        elif name == "periods":
            raw = Period(key) in item.periods
        else:
            raw = getattr(item, name)
        if name == "votes":
            raw = item.votes_text()
        elif name == "choices":
            raw = "; ".join(raw) or None
        elif name == "level_points":  # "0; 2,5; 5"
            raw = "; ".join(str(tidy_number(p)).replace(".", ",") for p in raw) or None
        elif name == "levels":
            raw = "&".join(level.value for level in raw)
        values.append(_display(raw))
    return values


def _setting_value(compact: Compact, name: str) -> Any:
    if name.startswith("excel."):
        return None  # the buttons' own settings start blank
    value: Any = compact
    for part in name.split("."):
        value = getattr(value, part)
    return _display(value) if value != "" else None


def _title(text: str) -> str:
    """An input-message title within Excel's 32 characters, cut at a word."""
    if len(text) <= 32:
        return text
    return text[:31].rsplit(" ", 1)[0] + "…"


def _validation(
    choices: Sequence[str] | str, prompt: str, title: str, strict: bool
) -> DataValidation:
    formula = choices if isinstance(choices, str) else '"' + ",".join(choices) + '"'
    dv = DataValidation(
        type="list",
        formula1=formula.lstrip("="),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=bool(prompt),
        errorStyle="stop" if strict else "warning",
        errorTitle="Giá trị không hợp lệ",
        error="Hãy chọn một giá trị trong danh sách.",
        promptTitle=_title(title),
        prompt=prompt[:255] if prompt else None,
    )
    return dv


def _prompt(prompt: str, title: str) -> DataValidation:
    return DataValidation(
        type="custom",
        formula1="TRUE",
        allow_blank=True,
        showInputMessage=True,
        promptTitle=_title(title),
        prompt=prompt[:255],
    )


def _header(ws: Worksheet, headers: list[str], widths: list[float]) -> None:
    for index, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=1, column=index)
        put_cell(cell, text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    header = max(
        _lines(text, width, bold=True) for text, width in zip(headers, widths, strict=True)
    )
    ws.row_dimensions[1].height = max(45.0, row_height(header, 11.0))


def _write_table(wb: Workbook, sheet: TableSheet, items: list[BaseModel]) -> None:
    ws = wb.create_sheet(sheet.name)
    _header(ws, [c.header for c in sheet.columns], [c.width for c in sheet.columns])
    ws.freeze_panes = sheet.freeze
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, item in enumerate(items, start=2):
        for col, value in enumerate(_row_values(sheet, item), start=1):
            cell = ws.cell(row=row, column=col)
            put_cell(cell, value)
            cell.font = _BODY_FONT
            cell.alignment = wrap
    for col, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(col)
        cells = f"{letter}2:{letter}{MAX_ROWS + 1}"
        if column.cell_format != "General":
            for (cell,) in ws.iter_rows(min_row=2, max_row=MAX_ROWS + 1, min_col=col, max_col=col):
                cell.number_format = column.cell_format
        if column.choices:
            dv = _validation(column.choices, column.help, column.header, column.strict)
        elif column.help:
            dv = _prompt(column.help, column.header)
        else:
            continue
        ws.add_data_validation(dv)
        dv.add(cells)
    if items:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{len(items) + 1}"
    _fit_rows(ws, [c.width for c in sheet.columns], 2)
    _print_table(ws, len(items) + 1, len(sheet.columns))


def _write_settings(wb: Workbook, compact: Compact | None) -> None:
    ws = wb.create_sheet(SETTINGS.name)
    _header(ws, ["Mục", "Giá trị", "Ghi chú"], [44, 60, 70])
    ws.freeze_panes = "A2"
    for row, setting in enumerate(SETTINGS.settings, start=2):
        put_cell(ws.cell(row=row, column=1), setting.label)
        ws.cell(row=row, column=1).font = _HEADER_FONT
        value = (
            _setting_value(compact, setting.field)
            if compact
            else _BLANK_SETTINGS.get(setting.field)
        )
        cell = ws.cell(row=row, column=2)
        put_cell(cell, value)
        cell.font = _BODY_FONT
        cell.number_format = setting.number_format
        put_cell(ws.cell(row=row, column=3), setting.help)
        ws.cell(row=row, column=3).font = Font(name=FONT, italic=True, color="555555")
        for col in (1, 2, 3):
            ws.cell(row=row, column=col).border = _BORDER
            ws.cell(row=row, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        if setting.choices:
            dv = _validation(setting.choices, setting.help, setting.label, True)
            ws.add_data_validation(dv)
            dv.add(f"B{row}")
    _fit_rows(ws, [44, 60, 70], 2)
    _print_table(ws, len(SETTINGS.settings) + 1, 3)


_BLANK_SETTINGS: dict[str, Any] = {
    "revision": 1,
    "organizer.kind": LABELS[OrganizerKind][OrganizerKind.DISTRICT_OFFICE],
    "current_period": LABELS[Period][Period.REGISTRATION],
}

_BLANK_PERIODS = [PeriodSpec(period=p) for p in Period]
_BLANK_TIERS = [
    Tier(name="Hoàn thành xuất sắc nhiệm vụ", min_points=90),
    Tier(name="Hoàn thành tốt nhiệm vụ", min_points=80),
    Tier(name="Hoàn thành nhiệm vụ", min_points=65),
    Tier(name="Không hoàn thành nhiệm vụ", min_points=0),
]

INSTRUCTION_LINES = [
    ("SỔ GIAO ƯỚC THI ĐUA", "title"),
    (
        "Sổ này là nguồn gốc của giao ước: mọi mẫu gửi trường và mọi bảng tổng hợp đều lấy từ đây.",
        "",
    ),
    ("Các bước", "head"),
    ("1. Sheet 'Thiết lập': mã giao ước, đơn vị tổ chức, năm học, kỳ đang thu, người ký.", ""),
    ("2. Sheet 'Kỳ báo cáo': các kỳ cần thu (đăng ký đầu năm, học kỳ I, cuối năm) và hạn nộp.", ""),
    ("3. Sheet 'Nội dung': các nội dung giao ước, đánh số 1, 2, 3...", ""),
    ("4. Sheet 'Nhóm chỉ tiêu': mã nhóm (ví dụ N01), tên nhóm, nội dung mà nhóm thuộc về.", ""),
    (
        "5. Sheet 'Chỉ tiêu': mỗi dòng một chỉ tiêu; ngưỡng theo từng cấp học (để trống nếu không áp dụng).",
        "",
    ),
    (
        "   Tỷ lệ nhập số từ 0 đến 100 (98 nghĩa là 98 %). Bỏ học, suy dinh dưỡng: chọn 'Không vượt quá (≤)'.",
        "",
    ),
    ("   Số vụ bạo lực, mất an toàn: loại 'Số lượng', chiều 'Đúng bằng (=)', ngưỡng 0.", ""),
    ("   Chuẩn quốc gia, kiểm định: loại 'Mức theo danh sách', danh sách mức từ thấp đến cao.", ""),
    (
        "6. Sheet 'Quy tắc kiểm tra' (không bắt buộc): quy tắc giữa các chỉ tiêu, ví dụ CT04.3 + CT06.2 ≤ 100.",
        "",
    ),
    (
        "   Mỗi vế là số, mã chỉ tiêu và + - * / ( ); quy tắc nào có chỉ tiêu không áp dụng cho trường thì bỏ qua.",
        "",
    ),
    (
        "   Chỉ tiêu Có/Không được tính là 1 (Có) hoặc 0 (Không); chỉ tiêu mức được tính theo thứ tự "
        "của mức trong danh sách, mức thấp nhất là 1.",
        "",
    ),
    ("7. Sheet 'Xếp loại': từ mức cao nhất xuống, điểm tối thiểu giảm dần.", ""),
    (
        "8. Sheet 'Khen thưởng' (không bắt buộc): thang khen thưởng, mỗi dòng một mức từ cao xuống; "
        "xếp loại và tổng điểm tối thiểu, điều kiện về cán bộ, chỉ tiêu mỗi khối, tỷ lệ phiếu đồng ý.",
        "",
    ),
    (
        "9. Sheet 'Khối thi đua' và 'Danh sách trường': mỗi trường một dòng, mã trường dạng văn bản.",
        "",
    ),
    ("Kiểm tra", "head"),
    (
        "Chạy: giaouoc compact check <tệp sổ giao ước>. Mọi lỗi được báo cùng lúc, kèm sheet và ô cần sửa.",
        "",
    ),
    ("Lưu ý", "head"),
    ("Không đổi tên sheet và tiêu đề cột. Có thể thêm dòng; dòng trống được bỏ qua.", ""),
    ("Khi sửa giao ước sau khi đã gửi mẫu cho trường, tăng 'Lần sửa đổi' ở sheet Thiết lập.", ""),
]


def _write_instructions(wb: Workbook) -> None:
    """The instructions, wrapped to an A4 portrait page: each row as tall as its lines."""
    ws = wb.active
    assert ws is not None
    ws.title = INSTRUCTIONS
    ws.column_dimensions["A"].width = INSTRUCTION_WIDTH
    for row, (text, style) in enumerate(INSTRUCTION_LINES, start=1):
        cell = ws.cell(row=row, column=1)
        put_cell(cell, text)
        font = _TITLE_FONT if style == "title" else _HEADER_FONT if style == "head" else _BODY_FONT
        cell.font = font
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        size = float(font.sz or 11)
        count = _lines(text, INSTRUCTION_WIDTH, size, bool(font.b))
        ws.row_dimensions[row].height = row_height(count, size)
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 0.6, 0.5
    ws.print_area = f"A1:A{len(INSTRUCTION_LINES)}"


def _times_by_default(wb: Workbook) -> None:
    """Times New Roman as the book's default font, as in every book XlsxWriter writes here: an
    application measures column widths in the default font's digits, and LibreOffice without
    Calibri (substituted by a wider font) would draw every column a third wider than Excel, the
    instructions past the page's edge. openpyxl has no public setting for it: its first font and
    the Normal style are replaced while the book is still empty."""
    font = Font(name=FONT, sz=11, family=1)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = copy(font)


def make_compact_workbook(compact: Compact | None) -> Workbook:
    """The compact book as an openpyxl workbook (blank when ``compact`` is None)."""
    wb = Workbook()
    _times_by_default(wb)
    _write_instructions(wb)
    _write_settings(wb, compact)
    for sheet in TABLES:
        if compact is None:
            items: list[BaseModel] = {"periods": _BLANK_PERIODS, "tiers": _BLANK_TIERS}.get(
                sheet.part, []
            )  # type: ignore[assignment]
        else:
            items = list(getattr(compact, sheet.part))
        _write_table(wb, sheet, items)
    wb.active = 1 if compact is None else 0
    return wb


def write_compact_book(compact: Compact | None, path: str | os.PathLike[str]) -> Path:
    """Write the compact book to ``path`` atomically."""
    wb = make_compact_workbook(compact)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    return Path(path)
