"""The school workbook's school sheet: the school's identity (locked), the principal's
signing and commitment, the staff figures, under the school's heading and over the principal's
signature block (:mod:`.document`)."""

from __future__ import annotations

from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ...core.model import Compact, School, label
from ...core.school_form import (
    SCHOOL_FIELDS,
    SCHOOL_HEADER_ROW,
    SCHOOL_ROW,
    STAFF_FIELDS,
    STAFF_ROW,
    STAFF_TITLE,
    STAFF_TITLE_ROW,
    Answers,
)
from ..documents.blocks import column_points
from ..documents.print_style import page_setup
from .document import Heading, Rows, make_heading, signature, write_heading
from .layout import (
    COMMITMENT_VALIDATION,
    DATE_VALIDATION,
    Formats,
    input_value,
    lines,
    span_points,
    staff_validation,
)

#: The school sheet's two columns: the labels, the values (the heading's halves over them).
SCHOOL_WIDTHS = (38.0, 50.0)
SCHOOL_MARGINS = (0.7, 0.5, 0.6, 0.6)


def _school_title(compact: Compact) -> str:
    return f"THÔNG TIN VÀ CAM KẾT THỰC HIỆN GIAO ƯỚC THI ĐUA\nNĂM HỌC {compact.school_year}"


def school_identity(compact: Compact, school: School) -> dict[str, str]:
    return {
        "code": school.code,
        "name": school.name,
        "levels": school.levels_label,
        "bloc": school.bloc,
        "commune": school.commune,
        "organizer": compact.organizer.name,
        "school_year": compact.school_year,
        "compact": compact.title,
    }


def school_heading(compact: Compact, school: School, answers: Answers) -> Heading:
    signed = answers.signing.get("date")
    return make_heading(compact, school, _school_title(compact), SCHOOL_WIDTHS, signed, split=False)


def write_school_sheet(
    ws: Any,
    f: Formats,
    compact: Compact,
    school: School,
    answers: Answers,
    place_ref: str,
) -> None:
    ws.set_column(0, 0, SCHOOL_WIDTHS[0])
    ws.set_column(1, 1, SCHOOL_WIDTHS[1])
    rows = Rows(ws)
    heading = school_heading(compact, school, answers)
    date_ref = xl_rowcol_to_cell(SCHOOL_ROW["date"] - 1, 1, row_abs=True, col_abs=True)
    write_heading(ws, rows, f, heading, date_ref, place_ref)
    header = SCHOOL_HEADER_ROW - 1
    ws.write_string(header, 0, "Mục", f.header)
    ws.write_string(header, 1, "Thông tin", f.header)
    label_points, value_points = (column_points(w) for w in SCHOOL_WIDTHS)
    identity = school_identity(compact, school)
    for item in SCHOOL_FIELDS:
        row = SCHOOL_ROW[item.key] - 1
        ws.write_string(row, 0, item.label, f.label)
        count = lines(item.label, label_points, bold=True)
        if item.locked:
            ws.write_string(row, 1, identity[item.key], f.identity)
            count = max(count, lines(identity[item.key], value_points))
        elif item.key == "date":
            input_value(ws, row, 1, answers.signing.get("date"), f.input_date, f.input_date)
            ws.data_validation(row, 1, row, 1, DATE_VALIDATION)
        else:
            typed = answers.signing.get(item.key)
            input_value(ws, row, 1, typed, f.input)
            if isinstance(typed, str):
                count = max(count, lines(typed, value_points))
            if item.key == "commitment":
                ws.data_validation(row, 1, row, 1, COMMITMENT_VALIDATION)
        rows.fit(row, count)
    note_row = SCHOOL_ROW[SCHOOL_FIELDS[-1].key] + 1  # 0-based: a gap below the fields
    note = "Ô nền vàng là ô trường nhập; ô nền xám do đơn vị tổ chức điền sẵn."
    ws.merge_range(note_row, 0, note_row, 1, note, f.note)
    rows.fit(note_row, lines(note, label_points + value_points, italic=True))
    below = _staff_block(ws, rows, f, compact, answers)
    end = signature(ws, rows, f, below + 1, heading, ())
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    left, right, top, bottom = SCHOOL_MARGINS
    page_setup(ws, margins=(left, right, top, bottom))
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.print_area(0, 0, end - 1, 1)


def _staff_block(ws: Any, rows: Rows, f: Formats, compact: Compact, answers: Answers) -> int:
    """The staff figures: whole numbers, each part at most the total (native validation);
    returns the row after the note below them."""
    required = [label(s.period) for s in compact.periods if s.staff_required]
    title = STAFF_TITLE_ROW - 1
    ws.merge_range(title, 0, title, 1, STAFF_TITLE, f.header)
    rows.fit(title, lines(STAFF_TITLE, span_points(SCHOOL_WIDTHS), bold=True))
    total_ref = f"$B${STAFF_ROW['staff_total']}"
    for item in STAFF_FIELDS:
        row = STAFF_ROW[item.key] - 1
        ws.write_string(row, 0, item.label, f.label)
        input_value(ws, row, 1, answers.staff.get(item.key), f.input_value)
        part = item.key != "staff_total"
        ws.data_validation(row, 1, row, 1, staff_validation(total_ref if part else None))
        rows.fit(row, lines(item.label, column_points(SCHOOL_WIDTHS[0]), bold=True))
    note = (
        f"Bắt buộc nhập ở kỳ: {', '.join(required)}."
        if required
        else "Không bắt buộc; nếu có, nhập số liệu cuối năm học."
    )
    below = STAFF_ROW[STAFF_FIELDS[-1].key]
    ws.merge_range(below, 0, below, 1, note, f.note)
    rows.fit(below, lines(note, span_points(SCHOOL_WIDTHS), italic=True))
    return below + 1
