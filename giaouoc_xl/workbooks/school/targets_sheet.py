"""The school workbook's targets sheet: the registration and the report, one row per target
under its content's and group's titles, the Đạt / Chưa đạt formulas
(:mod:`giaouoc_xl.core.assessment`) and their colours, under the school's heading and over the
principal's signature block (:mod:`.document`).

It prints at a fixed scale with its page breaks planned, so that a content's or a group's title
never ends a page and the signature block is never cut.
"""

from __future__ import annotations

import math
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ...core.assessment import (
    MET,
    NOT_MET,
    WRONG,
    native_status,
    registration_formula,
    result_formula,
)
from ...core.model import Compact, School, Target
from ...core.points import sub_items
from ...core.school_form import (
    FIRST_ROW,
    HEADER_ROW,
    HEADING_ROWS,
    SCHOOL,
    SCHOOL_ROW,
    Answers,
    collected,
    target_columns,
)
from ...core.thresholds import DIRECTION_SYMBOLS, school_targets
from ...core.values import tidy_number
from ..documents.blocks import column_points
from ..documents.print_style import FONT
from ..table import put, write_header
from .document import Heading, Rows, make_heading, signature, write_heading
from .layout import INPUT_KEYS, Formats, input_value, lines, target_validation

#: The targets sheet on A4 landscape: margins (left, right, top, bottom, inches) and what the
#: page holds between them, in points.
TARGET_MARGINS = (0.5, 0.4, 0.7, 0.5)
TARGET_PAGE = ((297 - 25.4 * 0.9) * 72 / 25.4, (210 - 25.4 * 1.2) * 72 / 25.4)
#: Target rows kept with the signature block on its page.
KEEP_ROWS = 2


def _targets_title(compact: Compact) -> str:
    return f"ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}"


def targets_subtitle(school: School) -> str:
    return f"{school.name} — mã trường {school.code} — cấp học {school.levels_label}"


def target_widths(compact: Compact) -> list[float]:
    return [float(c.width) for c in target_columns(collected(compact))]


def targets_heading(compact: Compact, school: School, answers: Answers) -> Heading:
    signed = answers.signing.get("date")
    widths = target_widths(compact)
    return make_heading(compact, school, _targets_title(compact), widths, signed, split=True)


class _TargetTable:
    """The targets sheet of one school: its columns (declared once, in
    :func:`giaouoc_xl.core.school_form.target_columns`) and where each one is."""

    def __init__(self, ws: Any, f: Formats, compact: Compact, school: School) -> None:
        self.ws, self.f, self.compact, self.school = ws, f, compact, school
        self.rows = Rows(ws)
        self.columns = target_columns(collected(compact))
        self.col = {c.key: i for i, c in enumerate(self.columns)}
        self.points = [column_points(c.width) for c in self.columns]
        self.last_col = len(self.columns) - 1
        self.inputs = [k for k in INPUT_KEYS if k in self.col]
        self.registration_col = self.col.get("registration")
        self.result_cols = [self.col[k] for k in INPUT_KEYS[1:] if k in self.col]
        self.at: dict[str, int] = {}  # each target's row

    def title(self, heading: Heading, place_ref: str) -> None:
        ws, f, last, rows = self.ws, self.f, self.last_col, self.rows
        date_ref = xl_rowcol_to_cell(SCHOOL_ROW["date"] - 1, 1, row_abs=True, col_abs=True)
        write_heading(ws, rows, f, heading, f"'{SCHOOL}'!{date_ref}", place_ref)
        total = sum(self.points)
        identity = targets_subtitle(self.school)
        below = HEADING_ROWS
        ws.merge_range(below, 0, below, last, identity, f.subtitle)
        rows.fit(below, lines(identity, total, italic=True), role="keep")
        note = "Chỉ nhập vào các ô nền vàng; cột Đánh giá tự tính."
        ws.merge_range(below + 1, 0, below + 1, last, note, f.note)
        rows.fit(below + 1, lines(note, total, italic=True), role="keep")
        write_header(ws, HEADER_ROW - 1, self.columns, f.header)
        header_lines = max(
            lines(c.header, p, bold=True) for c, p in zip(self.columns, self.points, strict=True)
        )
        rows.fit(HEADER_ROW - 1, header_lines, role="header")
        ws.freeze_panes(HEADER_ROW, 3)

    def body(self, answers: Answers) -> int:
        """The targets under their content and group headers; returns the row after them."""
        ws, f, last, rows = self.ws, self.f, self.last_col, self.rows
        by_group: dict[str, list[tuple[Target, Any]]] = {}
        for target, threshold in school_targets(self.compact, self.school):
            by_group.setdefault(target.group, []).append((target, threshold))
        contents = {c.number: c for c in self.compact.contents}
        total = sum(self.points)
        row, number = FIRST_ROW - 1, 0
        current_content: int | None = -1
        for group in (g for g in self.compact.target_groups if g.code in by_group):
            if group.content != current_content and group.content in contents:
                content = contents[group.content]
                text = f"Nội dung {content.number}: {content.title}"
                ws.merge_range(row, 0, row, last, text, f.content)
                rows.fit(row, lines(text, total, bold=True), role="keep")
                row += 1
            current_content = group.content
            title = f"Nhóm {group.code}. {group.title}"
            ws.merge_range(row, 0, row, last, title, f.group)
            rows.fit(row, lines(title, total, bold=True, italic=True), role="keep")
            row += 1
            for target, threshold in by_group[group.code]:
                number += 1
                self.target_row(
                    row, number, target, threshold, answers.targets.get(target.code, {})
                )
                row += 1
        return row

    def target_row(
        self, row: int, number: int, target: Target, threshold: Any, typed: dict[str, Any]
    ) -> None:
        ws, f, col = self.ws, self.f, self.col
        self.at[target.code] = row
        ws.write_number(row, col["number"], number, f.number)
        ws.write_string(row, col["code"], target.code, f.center)
        ws.write_string(row, col["text"], target.text, f.cell)
        ws.write_string(row, col["unit"], target.unit, f.center)
        symbol = DIRECTION_SYMBOLS.get(target.direction, "") if target.direction else ""
        ws.write_string(row, col["direction"], symbol, f.center)
        value = tidy_number(threshold) if isinstance(threshold, float) else threshold
        put(ws, row, col["threshold"], value, f.locked_value)  # exact: the formulas compare it
        validation = target_validation(target)
        for key in self.inputs:
            input_value(ws, row, col[key], typed.get(key), f.input_value)
            ws.data_validation(row, col[key], row, col[key], validation)
        self.assessments(row, target, value, typed)
        input_value(ws, row, col["note"], typed.get("note"), f.input)
        input_value(ws, row, col["comment"], typed.get("comment"), f.input)
        if "evidence" in col:
            input_value(ws, row, col["evidence"], typed.get("evidence"), f.input)
        texts = {
            "code": target.code,
            "text": target.text,
            "unit": target.unit,
            "threshold": value if isinstance(value, str) else "",
            **{k: v for k, v in typed.items() if isinstance(v, str) and k in col},
        }
        count = max(
            lines(text, self.points[col[key]], bold=key == "threshold")
            for key, text in texts.items()
        )
        self.rows.fit(row, count)

    def sums(self, answers: Answers) -> None:
        """A criterion with sub-items holds their sum, computed by the workbook (locked: the
        school scores the sub-items; blank while they all are)."""
        parts = sub_items(t for t, _ in school_targets(self.compact, self.school))
        for parent, items in parts.items():
            row = self.at.get(parent)
            rows = [self.at[t.code] for t in items if t.code in self.at]
            if row is None or not rows:
                continue
            for key in self.inputs:
                c = self.col[key]
                refs = ",".join(xl_rowcol_to_cell(r, c) for r in rows)
                typed = [answers.targets.get(t.code, {}).get(key) for t in items]
                numbers = [v for v in typed if isinstance(v, (int, float)) and v is not True]
                value: Any = tidy_number(float(sum(numbers))) if numbers else ""
                formula = f'=IF(COUNT({refs})=0,"",SUM({refs}))'
                self.ws.write_formula(row, c, formula, self.f.locked_value, value)

    def assessments(self, row: int, target: Target, threshold: Any, typed: dict[str, Any]) -> None:
        """The formulas that tell the school Đạt / Chưa đạt, with the values they show now."""
        ws, f, col, r1 = self.ws, self.f, self.col, row + 1
        reg_status, result_status = native_status(
            target,
            threshold,
            typed.get("registration"),
            [typed.get(key) for key in self.inputs if key != "registration"],
            self.registration_col is not None,
        )
        threshold_ref = f"${xl_col_to_name(col['threshold'])}{r1}"
        reg_ref = None
        if self.registration_col is not None:
            reg_ref = f"{xl_col_to_name(self.registration_col)}{r1}"
            formula = registration_formula(target, reg_ref, threshold_ref)
            ws.write_formula(row, col["status_registration"], formula, f.status, reg_status)
        if self.result_cols:
            refs = [f"{xl_col_to_name(c)}{r1}" for c in self.result_cols]
            formula = result_formula(target, refs, reg_ref, threshold_ref)
            ws.write_formula(row, col["status_result"], formula, f.status, result_status)

    def page(self, end: int) -> None:
        """A4 landscape at the scale that fits the table's width (measured as LibreOffice
        draws it, the wider), page breaks planned (:func:`_page_breaks`), the header repeated,
        the page number at the top from the second page on (NĐ 30/2020)."""
        ws = self.ws
        width = sum(column_points(c.width, libreoffice=True) for c in self.columns)
        page_width, page_height = TARGET_PAGE
        scale = math.floor(min(1.0, page_width / width) * 98) / 100
        left, right, top, bottom = TARGET_MARGINS
        ws.set_paper(9)
        ws.set_landscape()
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
        ws.set_print_scale(int(scale * 100))
        ws.repeat_rows(HEADER_ROW - 1)
        ws.print_area(0, 0, end - 1, self.last_col)
        breaks = _page_breaks(self.rows, end - 1, page_height / scale * 0.96, HEADER_ROW - 1)
        if breaks:
            ws.set_h_pagebreaks(breaks)
        ws.set_header(f'&C&"{FONT},Regular"&11&P')  # NĐ 30: from the second page on
        ws.set_start_page(1)  # the document's own pages, printed alone or with the workbook


def write_targets_sheet(
    ws: Any, f: Formats, compact: Compact, school: School, answers: Answers, place_ref: str
) -> None:
    table = _TargetTable(ws, f, compact, school)
    heading = targets_heading(compact, school, answers)
    table.title(heading, place_ref)
    row = table.body(answers)
    table.sums(answers)
    _status_formatting(
        ws, f, table.col, FIRST_ROW - 1, row - 1, table.registration_col, table.result_cols
    )
    recipients = (f"- {compact.organizer.name};", "- Lưu: VT.")
    end = signature(ws, table.rows, f, row, heading, recipients)
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )
    table.page(end)


def _status_formatting(
    ws: Any,
    f: Formats,
    col: dict[str, int],
    first: int,
    last: int,
    registration_col: int | None,
    result_cols: list[int],
) -> None:
    if last < first:
        return
    for key in ("status_registration", "status_result"):
        if key in col:
            c = col[key]
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {"type": "cell", "criteria": "==", "value": f'"{MET}"', "format": f.met},
            )
            for bad in (NOT_MET, WRONG):
                ws.conditional_format(
                    first,
                    c,
                    last,
                    c,
                    {"type": "cell", "criteria": "==", "value": f'"{bad}"', "format": f.not_met},
                )
    pairs = []
    if registration_col is not None:
        pairs.append(([registration_col], col["status_registration"]))
    if result_cols:
        pairs.append((result_cols, col["status_result"]))
    for cells, status_col in pairs:
        status = f"${xl_col_to_name(status_col)}{first + 1}"
        for c in cells:
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {
                    "type": "formula",
                    "criteria": f'=OR({status}="{NOT_MET}",{status}="{WRONG}")',
                    "format": f.not_met,
                },
            )
            ws.conditional_format(
                first,
                c,
                last,
                c,
                {"type": "formula", "criteria": f'={status}="{MET}"', "format": f.met},
            )


def _page_breaks(rows: Rows, last: int, room: float, header: int) -> list[int]:
    """Rows that start a page, for pages ``room`` points tall (the table's header repeated from
    the second on): never after a title that belongs to the row below, never inside the
    signature block, which takes :data:`KEEP_ROWS` target rows along."""
    heights = [rows.heights.get(r, 15.0) for r in range(last + 1)]
    roles = [rows.roles.get(r, "") for r in range(last + 1)]
    first_sign = roles.index("sign") if "sign" in roles else last + 1
    repeat = heights[header]
    breaks: list[int] = []
    used = 0.0
    for r, points in enumerate(heights):
        if used + points > room and r > header + 1:
            start = r
            if r >= first_sign:  # the signature block stays whole, with rows of the table
                start = max(first_sign - KEEP_ROWS, header + 1)
            floor = breaks[-1] if breaks else header + 1
            while start - 1 > floor and roles[start - 1] == "keep":
                start -= 1
            if breaks and start <= breaks[-1]:
                start = r  # nothing better: break where the page is full
            breaks.append(start)
            used = repeat + sum(heights[start:r])
        used += points
    return breaks
