"""The compact book (sổ giao ước) written from a model, with openpyxl: one sheet per part of the
compact (:mod:`giaouoc_xl.workbooks.compact.layout`), dropdowns, help texts and formats.

openpyxl, not XlsxWriter, because staff edit this book and the buttons' macro-enabled copy is
built from it (:mod:`giaouoc_xl.workbooks.compact.xlsm`). Read back by
:mod:`giaouoc_xl.workbooks.compact.reader`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
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
from ..table import put_cell
from .layout import (
    INSTRUCTIONS,
    MAX_ROWS,
    SETTINGS,
    TABLES,
    TableSheet,
)

FONT = "Times New Roman"
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TITLE_FONT = Font(name=FONT, bold=True, size=14)
_HEADER_FONT = Font(name=FONT, bold=True)
_BODY_FONT = Font(name=FONT)
_THIN = Side(style="thin", color="9BA7B4")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


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
    ws.row_dimensions[1].height = 45


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
    ("7. Sheet 'Xếp loại': từ mức cao nhất xuống, điểm tối thiểu giảm dần.", ""),
    (
        "7. Sheet 'Khối thi đua' và 'Danh sách trường': mỗi trường một dòng, mã trường dạng văn bản.",
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
    ws = wb.active
    assert ws is not None
    ws.title = INSTRUCTIONS
    ws.column_dimensions["A"].width = 120
    for row, (text, style) in enumerate(INSTRUCTION_LINES, start=1):
        cell = ws.cell(row=row, column=1)
        put_cell(cell, text)
        cell.font = (
            _TITLE_FONT if style == "title" else _HEADER_FONT if style == "head" else _BODY_FONT
        )
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def make_compact_workbook(compact: Compact | None) -> Workbook:
    """The compact book as an openpyxl workbook (blank when ``compact`` is None)."""
    wb = Workbook()
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
