"""The school workbook's layout for the writer: cell formats, the native validations of the
input cells (with their Vietnamese messages), the sizes of rows and how an input cell is written.

The sheets, rows and columns themselves are declared in the core
(:mod:`giaouoc_xl.core.school_form`), where the checker reports findings by them; their number
formats follow the house's one number rule (:mod:`giaouoc_xl.core.numbers`): a threshold or a
value a school types shows with a decimal comma in Excel and LibreOffice alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from ...core.model import Period, Target, ValueKind
from ...core.numbers import vn
from ...core.school_form import RESULT_PERIODS, target_columns
from ..documents.blocks import column_points, row_height
from ..documents.print_style import Styles
from ..documents.text_metrics import text_width, wrap
from ..table import put

#: The input columns of a target row that hold a value: the registration, then each result.
INPUT_KEYS = ("registration", *(f"result:{p.value}" for p in RESULT_PERIODS))

#: Each target column's cell format (declared with the column, in the core).
CELL_FORMATS = {c.key: c.cell_format for c in target_columns(list(Period))}

VALIDATIONS: dict[ValueKind, dict[str, Any]] = {
    ValueKind.PERCENT: {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": 100,
        "input_title": "Tỷ lệ %",
        "input_message": "Nhập số từ 0 đến 100, ví dụ 98,5 (không cần gõ dấu %).",
        "error_title": "Tỷ lệ không hợp lệ",
        "error_message": "Tỷ lệ phải là một số từ 0 đến 100.",
    },
    ValueKind.COUNT: {
        "validate": "integer",
        "criteria": ">=",
        "value": 0,
        "input_title": "Số lượng",
        "input_message": "Nhập một số nguyên không âm, ví dụ 0, 3, 12.",
        "error_title": "Số lượng không hợp lệ",
        "error_message": "Số lượng phải là số nguyên không âm.",
    },
    ValueKind.YES_NO: {
        "validate": "list",
        "source": ["Có", "Không"],
        "input_title": "Có/Không",
        "input_message": "Chọn Có hoặc Không trong danh sách.",
        "error_title": "Giá trị không hợp lệ",
        "error_message": "Chỉ chọn Có hoặc Không.",
    },
    ValueKind.TEXT: {
        "validate": "length",
        "criteria": "<=",
        "value": 1000,
        "input_title": "Nội dung",
        "input_message": "Nhập nội dung (tối đa 1000 ký tự).",
        "error_title": "Quá dài",
        "error_message": "Nội dung tối đa 1000 ký tự.",
    },
}

#: The school sheet's signing date and commitment.
DATE_VALIDATION: dict[str, Any] = {
    "validate": "date",
    "criteria": ">",
    "value": datetime(2000, 1, 1),
    "input_title": "Ngày ký",
    "input_message": "Nhập ngày, ví dụ 15/10/2020.",
    "error_title": "Ngày không hợp lệ",
    "error_message": "Nhập một ngày, ví dụ 15/10/2020.",
}
COMMITMENT_VALIDATION: dict[str, Any] = {
    "validate": "list",
    "source": ["Có", "Không"],
    "input_title": "Cam kết thực hiện",
    "input_message": "Chọn Có: trường cam kết thực hiện đầy đủ các nội dung, chỉ tiêu giao ước.",
    "error_title": "Giá trị không hợp lệ",
    "error_message": "Chọn Có hoặc Không.",
}


def staff_validation(total_ref: str | None) -> dict[str, Any]:
    """A staff figure: a whole number of people, at most the total (``total_ref``, the total's
    cell) for a part of it; the total itself when ``total_ref`` is None."""
    part = total_ref is not None
    return {
        "validate": "integer",
        "criteria": "between",
        "minimum": 0,
        "maximum": f"={total_ref}" if part else 100000,
        "input_title": "Số người",
        "input_message": (
            "Số nguyên không âm, không lớn hơn tổng số cán bộ, giáo viên, nhân viên."
            if part
            else "Số nguyên không âm: tổng số cán bộ, giáo viên, nhân viên của trường."
        ),
        "error_title": "Số người không hợp lệ",
        "error_message": (
            "Nhập số nguyên từ 0 đến tổng số cán bộ, giáo viên, nhân viên."
            if part
            else "Nhập một số nguyên không âm."
        ),
    }


def _level_validation(target: Target) -> dict[str, Any]:
    return {
        "validate": "list",
        "source": list(target.choices),
        "input_title": "Chọn mức",
        "input_message": ("Chọn trong danh sách: " + "; ".join(target.choices))[:255],
        "error_title": "Mức không hợp lệ",
        "error_message": "Chỉ chọn một mức trong danh sách.",
    }


def target_validation(target: Target) -> dict[str, Any]:
    """The native validation of a target's input cell (the appraisal book uses it too)."""
    if target.kind is ValueKind.LEVEL:
        return _level_validation(target)
    if target.kind is ValueKind.POINTS:
        return _points_validation(target)
    return VALIDATIONS[target.kind]


def _points_validation(target: Target) -> dict[str, Any]:
    """A criterion scored in points: a number from 0 to its maximum (the step and the partial
    rule said in the message; the status formula and the check hold them)."""
    most = vn(target.points)
    rules = [f"Nhập điểm tự chấm từ 0 đến {most}"]
    if target.point_step:
        rules.append(f"theo bước {vn(target.point_step)}")
    if target.partial_max is not None:
        part = vn(target.points * target.partial_max / 100)
        rules.append(f"chưa thực hiện đầy đủ thì tối đa {part}")
    return {
        "validate": "decimal",
        "criteria": "between",
        "minimum": 0,
        "maximum": target.points,
        "input_title": "Điểm tự chấm",
        "input_message": ("; ".join(rules) + ".")[:255],
        "error_title": "Điểm không hợp lệ",
        "error_message": f"Điểm phải là một số từ 0 đến {most}.",
    }


#: The body's and the heading's font sizes (NĐ 30/2020: the heading 12-13, the title 14).
SIZE = 11.0
HEADING_SIZE = 12.0
TITLE_SIZE = 14.0
#: Points a wrapped cell's text keeps from its borders (the documents plan with 5).
PAD = 6.0


def span_points(widths: Sequence[float]) -> float:
    """What columns of these XlsxWriter widths measure together, in points (Excel's narrower
    measure: LibreOffice draws them wider, so text never takes more lines there)."""
    return sum(column_points(w) for w in widths)


def lines(
    text: str, points: float, size: float = SIZE, bold: bool = False, italic: bool = False
) -> int:
    """How many lines ``text`` takes wrapped within ``points`` (the cell's width, its padding
    taken off), in Times New Roman (:mod:`giaouoc_xl.workbooks.documents.text_metrics`)."""
    if not text:
        return 1
    room = points - PAD
    return sum(  # a word wider than the cell is broken across lines, as LibreOffice does
        max(1, math.ceil(text_width(line, size, bold, italic) / room))
        for line in wrap(text, room, size, bold, italic)
    )


def height(count: int, size: float = SIZE) -> float:
    """The height of a row of ``count`` lines of ``size`` points: spreadsheet applications do
    not grow the rows of a file they open (LibreOffice not even for wrapped text in a row whose
    height is set), so the writer sets every row that wraps."""
    return row_height(max(1, count), size)


class Formats:
    """The cell formats of one school workbook (XlsxWriter formats are made per workbook)."""

    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "top", "text_wrap": True}, border_color="#9BA7B4")
        value = CELL_FORMATS["registration"]  # a target's value, typed or given: Vietnamese
        self.title = s.make(bold=True, font_size=14, align="center", valign="vcenter")
        self.subtitle = s.make(italic=True, align="center")
        self.note = s.make(italic=True, font_color="#555555")
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", valign="vcenter")
        self.content = s.make(True, bold=True, bg_color="#F2F2F2")
        self.group = s.make(True, bold=True, italic=True)
        self.cell = s.make(True)
        self.center = s.make(True, align="center")
        self.number = s.make(True, align="center", num_format=CELL_FORMATS["number"])
        self.locked_value = s.make(
            True,
            bg_color="#EDEDED",
            align="center",
            bold=True,
            num_format=CELL_FORMATS["threshold"],
        )
        self.input = s.make(True, bg_color="#FFF2CC", locked=False)
        self.input_value = s.make(True, bg_color="#FFF2CC", locked=False, num_format=value)
        self.input_date = s.make(True, bg_color="#FFF2CC", locked=False, num_format="dd/mm/yyyy")
        self.status = s.make(True, align="center")
        self.label = s.make(True, bold=True)
        self.identity = s.make(True, bg_color="#EDEDED")
        self.text = s.make()
        self.bold = s.make(bold=True)
        self.plain = s.make(text_wrap=False)
        self.plain_bold = s.make(text_wrap=False, bold=True)
        self.sign = s.make(align="center", bold=True, text_wrap=False, font_size=HEADING_SIZE)
        self.sign_note = s.make(align="center", italic=True, text_wrap=False)
        self.sign_name = s.make(align="center", bold=True, text_wrap=False, font_size=HEADING_SIZE)
        # the school's NĐ 30 heading (the managing body and the school | the motto, number,
        # place and date), centred in its half
        heading: dict[str, Any] = {
            "font_size": HEADING_SIZE,
            "align": "center",
            "valign": "vcenter",
        }
        self.managing = s.make(**heading)
        self.school = s.make(bold=True, **heading)
        self.motto = s.make(bold=True, text_wrap=False, **heading)
        self.motto2 = s.make(
            bold=True, underline=1, text_wrap=False, **{**heading, "font_size": HEADING_SIZE + 1}
        )
        self.doc_number = s.make(**heading)
        self.place_date = s.make(italic=True, **heading)
        self.recipients_title = s.make(bold=True, italic=True, font_size=HEADING_SIZE)
        self.recipients = s.make()
        self.met = s.plain(bg_color="#C6EFCE", font_color="#006100")
        self.not_met = s.plain(bg_color="#FFC7CE", font_color="#9C0006")


def input_value(ws: Any, row: int, col: int, value: Any, fmt: Any, date_fmt: Any = None) -> None:
    """An input cell, blank or pre-filled: a date as a date, a yes/no as TRUE/FALSE (as a
    spreadsheet stores one), anything else as :func:`~giaouoc_xl.workbooks.table.put` writes it
    (text always as text)."""
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (date, datetime)):
        ws.write_datetime(
            row,
            col,
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day),
            date_fmt or fmt,
        )
    else:
        put(ws, row, col, value, fmt)
