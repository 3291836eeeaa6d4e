"""The school workbook: one standard workbook per school, written with XlsxWriter.

Everything a school needs works natively in any spreadsheet (no macros): locked identity and
thresholds, unlocked input cells with data validation and Vietnamese messages, status formulas
(see :mod:`giaouoc_xl.core.assessment`), conditional formatting, print setup, and a hidden metadata
sheet. XlsxWriter is used because it writes Excel-faithful files several times faster than
openpyxl (bench/bench_school.py); text is always written as text (``strings_to_formulas`` off).

The sheets' rows and columns are the core's (:mod:`giaouoc_xl.core.school_form`), the formats
and validations :mod:`.layout`'s; many workbooks at once are :mod:`.factory`'s.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ...core.assessment import (
    MET,
    NOT_MET,
    WRONG,
    native_status,
    registration_formula,
    result_formula,
)
from ...core.model import LABELS, Compact, Period, School, Target, label
from ...core.school_form import (
    FIRST_ROW,
    HEADER_ROW,
    INSTRUCTIONS,
    KIND,
    META,
    SCHOOL,
    SCHOOL_FIELDS,
    SCHOOL_ROW,
    STAFF_FIELDS,
    STAFF_ROW,
    STAFF_TITLE,
    STAFF_TITLE_ROW,
    TARGETS,
    TEMPLATE_VERSION,
    Answers,
    collected,
    school_file_name,
    target_columns,
)
from ...core.thresholds import DIRECTION_SYMBOLS, school_targets
from ...core.values import tidy_number
from ...core.version import __version__
from ..atomic import atomic_output
from ..documents.print_style import (
    MOTTO,
    MOTTO_2,
    PAGE_NUMBERS,
    SIGN_NOTE,
    Signature,
    page_setup,
    running_header,
    workbook_options,
    write_signature,
)
from ..table import compact_meta, put, write_header, write_meta
from .layout import (
    COMMITMENT_VALIDATION,
    DATE_VALIDATION,
    INPUT_KEYS,
    Formats,
    row_height,
    staff_validation,
    target_validation,
)

__all__ = ["render_school_workbook", "target_validation", "write_school_workbook"]


def _write_value(ws: Any, row: int, col: int, value: Any, fmt: Any, date_fmt: Any = None) -> None:
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


def _instructions(ws: Any, f: Formats, compact: Compact, school: School) -> None:
    ws.set_column(0, 0, 110)
    deadlines = [
        f"   - {LABELS[Period][spec.period]}: hạn nộp {spec.deadline:%d/%m/%Y}"
        if spec.deadline
        else f"   - {LABELS[Period][spec.period]}"
        for spec in sorted(compact.periods, key=lambda s: list(Period).index(s.period))
    ]
    lines: list[tuple[str, Any]] = [
        (f"HƯỚNG DẪN ĐIỀN MẪU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}", f.title),
        (f"{school.name} (mã trường {school.code})", f.subtitle),
        ("", f.text),
        ("Điền ở đâu", f.bold),
        *((line, f.text) for line in _where_to_fill(compact)),
        ("Khi nào nộp", f.bold),
        *((line, f.text) for line in deadlines),
        ("Gửi lại như thế nào", f.bold),
        (
            f"Lưu tệp dạng .xlsx (giữ nguyên tên sheet, không thêm bớt dòng chỉ tiêu) và gửi cho "
            f"{compact.organizer.name} theo đường công văn điện tử hoặc thư điện tử.",
            f.text,
        ),
        (
            "Có thể điền bằng Excel, LibreOffice, WPS hoặc Google Sheets. Trang tính được khóa không mật khẩu "
            "để tránh sửa nhầm ngưỡng.",
            f.text,
        ),
    ]
    for row, (text, fmt) in enumerate(lines):
        ws.write_string(row, 0, text, fmt)


def _where_to_fill(compact: Compact) -> list[str]:
    """The instructions' lines on what to type in each sheet."""
    evidence = [label(spec.period) for spec in compact.periods if spec.evidence_required]
    return [
        "1. Sheet 'Trường': kiểm tra thông tin trường (đã điền sẵn, không sửa được); nhập họ tên hiệu "
        "trưởng, điện thoại, thư điện tử, ngày ký và chọn 'Có' ở ô Cam kết thực hiện.",
        "2. Sheet 'Chỉ tiêu': chỉ nhập vào các ô nền vàng. Cột 'Ngưỡng giao ước' là mức tối thiểu (≥) hoặc "
        "tối đa (≤) mà giao ước yêu cầu đối với trường, không sửa được.",
        "   - Cột 'Đăng ký': mức trường đăng ký phấn đấu, phải bằng hoặc tốt hơn ngưỡng giao ước.",
        "   - Cột 'Kết quả': kết quả thực hiện của kỳ đang báo cáo.",
        "   - Tỷ lệ nhập số từ 0 đến 100 (98,5 nghĩa là 98,5 %); số lượng nhập số nguyên; các ô có danh "
        "sách thì chọn trong danh sách.",
        "   - Cột 'Đánh giá' tự tính: Đạt / Chưa đạt / Chưa nhập / Sai dạng.",
        "   - Cột 'Góp ý dự thảo giao ước': ý kiến của trường về nội dung, chỉ tiêu (nếu có).",
        "   - Cột 'Minh chứng': số và ngày văn bản, đường dẫn hoặc tên tệp chứng minh kết quả"
        + (
            f" (bắt buộc ở kỳ: {', '.join(evidence)})."
            if evidence
            else " (nên ghi: đơn vị tổ chức đối chiếu khi thẩm định)."
        ),
        "3. Sheet 'Trường', phần Số liệu cán bộ: tổng số cán bộ, giáo viên, nhân viên và số "
        "hoàn thành nhiệm vụ, đạt Lao động tiên tiến, Chiến sĩ thi đua cơ sở, bị kỷ luật từ "
        "cảnh cáo trở lên (dùng khi xét khen thưởng).",
    ]


def _school_sheet(ws: Any, f: Formats, compact: Compact, school: School, answers: Answers) -> None:
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, "Mục", f.header)
    ws.write_string(0, 1, "Thông tin", f.header)
    identity = {
        "code": school.code,
        "name": school.name,
        "levels": school.levels_label,
        "bloc": school.bloc,
        "commune": school.commune,
        "organizer": compact.organizer.name,
        "school_year": compact.school_year,
        "compact": compact.title,
    }
    for field in SCHOOL_FIELDS:
        row = SCHOOL_ROW[field.key] - 1
        ws.write_string(row, 0, field.label, f.label)
        if field.locked:
            ws.write_string(row, 1, identity[field.key], f.identity)
        elif field.key == "date":
            _write_value(ws, row, 1, answers.signing.get("date"), f.input_date, f.input_date)
            ws.data_validation(row, 1, row, 1, DATE_VALIDATION)
        else:
            _write_value(ws, row, 1, answers.signing.get(field.key), f.input)
            if field.key == "commitment":
                ws.data_validation(row, 1, row, 1, COMMITMENT_VALIDATION)
    last = len(SCHOOL_FIELDS) + 2
    note = "Ô nền vàng là ô trường nhập; ô nền xám do đơn vị tổ chức điền sẵn."
    ws.merge_range(last, 0, last, 1, note, f.note)
    _staff_block(ws, f, compact, answers)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    page_setup(ws)


def _staff_block(ws: Any, f: Formats, compact: Compact, answers: Answers) -> None:
    """The staff figures: whole numbers, each part at most the total (native validation)."""
    required = [label(s.period) for s in compact.periods if s.staff_required]
    ws.merge_range(STAFF_TITLE_ROW - 1, 0, STAFF_TITLE_ROW - 1, 1, STAFF_TITLE, f.header)
    total_ref = f"$B${STAFF_ROW['staff_total']}"
    for field in STAFF_FIELDS:
        row = STAFF_ROW[field.key] - 1
        ws.write_string(row, 0, field.label, f.label)
        _write_value(ws, row, 1, answers.staff.get(field.key), f.input_value)
        part = field.key != "staff_total"
        ws.data_validation(row, 1, row, 1, staff_validation(total_ref if part else None))
    note = (
        f"Bắt buộc nhập ở kỳ: {', '.join(required)}."
        if required
        else "Không bắt buộc; nếu có, nhập số liệu cuối năm học."
    )
    below = STAFF_ROW[STAFF_FIELDS[-1].key]
    ws.merge_range(below, 0, below, 1, note, f.note)


class _TargetTable:
    """The targets sheet of one school: its columns (declared once, in
    :func:`giaouoc_xl.core.school_form.target_columns`) and where each one is."""

    def __init__(self, ws: Any, f: Formats, compact: Compact, school: School) -> None:
        self.ws, self.f, self.compact, self.school = ws, f, compact, school
        self.columns = target_columns(collected(compact))
        self.col = {c.key: i for i, c in enumerate(self.columns)}
        self.last_col = len(self.columns) - 1
        self.inputs = [k for k in INPUT_KEYS if k in self.col]
        self.registration_col = self.col.get("registration")
        self.result_cols = [self.col[k] for k in INPUT_KEYS[1:] if k in self.col]

    def title(self) -> None:
        ws, f, last, school = self.ws, self.f, self.last_col, self.school
        year = self.compact.school_year
        ws.merge_range(
            0, 0, 0, last, f"ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC {year}", f.title
        )
        identity = f"{school.name} — mã trường {school.code} — cấp học {school.levels_label}"
        ws.merge_range(1, 0, 1, last, identity, f.subtitle)
        ws.merge_range(2, 0, 2, last, "Chỉ nhập vào các ô nền vàng; cột Đánh giá tự tính.", f.note)
        write_header(ws, HEADER_ROW - 1, self.columns, f.header)
        ws.freeze_panes(HEADER_ROW, 3)

    def body(self, answers: Answers) -> int:
        """The targets under their content and group headers; returns the row after them."""
        ws, f, last = self.ws, self.f, self.last_col
        by_group: dict[str, list[tuple[Target, Any]]] = {}
        for target, threshold in school_targets(self.compact, self.school):
            by_group.setdefault(target.group, []).append((target, threshold))
        contents = {c.number: c for c in self.compact.contents}
        total_width = sum(c.width for c in self.columns)
        row, number = FIRST_ROW - 1, 0
        current_content: int | None = -1
        for group in (g for g in self.compact.target_groups if g.code in by_group):
            if group.content != current_content and group.content in contents:
                content = contents[group.content]
                text = f"Nội dung {content.number}: {content.title}"
                ws.merge_range(row, 0, row, last, text, f.content)
                row += 1
            current_content = group.content
            title = f"Nhóm {group.code}. {group.title}"
            ws.merge_range(row, 0, row, last, title, f.group)
            ws.set_row(row, row_height(title, total_width))
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
        ws.write_number(row, col["number"], number, f.number)
        ws.write_string(row, col["code"], target.code, f.center)
        ws.write_string(row, col["text"], target.text, f.cell)
        ws.set_row(row, row_height(target.text, self.columns[col["text"]].width))
        ws.write_string(row, col["unit"], target.unit, f.center)
        symbol = DIRECTION_SYMBOLS.get(target.direction, "") if target.direction else ""
        ws.write_string(row, col["direction"], symbol, f.center)
        value = tidy_number(threshold) if isinstance(threshold, float) else threshold
        put(ws, row, col["threshold"], value, f.locked_value)  # exact: the formulas compare it
        validation = target_validation(target)
        for key in self.inputs:
            _write_value(ws, row, col[key], typed.get(key), f.input_value)
            ws.data_validation(row, col[key], row, col[key], validation)
        self.assessments(row, target, value, typed)
        _write_value(ws, row, col["note"], typed.get("note"), f.input)
        _write_value(ws, row, col["comment"], typed.get("comment"), f.input)
        if "evidence" in col:
            _write_value(ws, row, col["evidence"], typed.get("evidence"), f.input)

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


def _targets_sheet(ws: Any, f: Formats, compact: Compact, school: School, answers: Answers) -> None:
    table = _TargetTable(ws, f, compact, school)
    table.title()
    row = table.body(answers)
    _status_formatting(
        ws, f, table.col, FIRST_ROW - 1, row - 1, table.registration_col, table.result_cols
    )
    _signature(ws, f, compact, row + 1, table.last_col)
    ws.protect(
        "",
        {
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "format_columns": True,
            "format_rows": True,
        },
    )
    organizer = compact.organizer.name.upper()
    page_setup(
        ws,
        landscape=True,
        repeat_rows=HEADER_ROW - 1,
        margins=(0.5, 0.4, 0.9, 0.6),
        header=running_header(organizer, MOTTO, 10, right_style="Bold", right_below=MOTTO_2),
        footer=PAGE_NUMBERS,
    )


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


def _signature(ws: Any, f: Formats, compact: Compact, row: int, last_col: int) -> None:
    """The principal signs at right (the name comes from the school sheet); the organizer is
    the recipient."""
    right_start = max(2, last_col // 2 - 1) + 1
    place = compact.organizer.place or "……"
    principal = xl_rowcol_to_cell(SCHOOL_ROW["principal"] - 1, 1, row_abs=True, col_abs=True)
    block = Signature(
        recipients=(f"- {compact.organizer.name};", "- Lưu: VT."),
        lines=(
            (f"{place}, ngày …… tháng …… năm ……", f.sign_note),
            ("HIỆU TRƯỞNG", f.sign),
            (SIGN_NOTE, f.sign_note),
        ),
        name_formula=f"=IF('{SCHOOL}'!{principal}=\"\",\"\",'{SCHOOL}'!{principal})",
        recipients_at=1,
        name_at=7,
    )
    write_signature(ws, block, row, (right_start, last_col), f.plain_bold, f.plain, f.sign)


def _meta_sheet(ws: Any, compact: Compact, school: School, generated_at: datetime) -> None:
    values = {
        **compact_meta(KIND, compact),
        "school_code": school.code,
        "template_version": TEMPLATE_VERSION,
        "generated_at": generated_at.astimezone(UTC).isoformat(
            sep=" ", timespec="seconds"
        ),  # no "T": xlwings would take it for a date
        "tool_version": __version__,
        "periods": ",".join(p.value for p in collected(compact)),
    }
    write_meta(ws, "Thông tin kỹ thuật của mẫu: không sửa, không xóa.", values)


def render_school_workbook(
    compact: Compact,
    school: School,
    output: str | os.PathLike[str] | BytesIO,
    generated_at: datetime,
    answers: Answers | None = None,
) -> None:
    """Write the school workbook of ``school`` to ``output`` (a path or a byte buffer),
    pre-filled with ``answers`` when given."""
    answers = answers or Answers()
    target: Any = output if isinstance(output, BytesIO) else str(output)
    wb = xlsxwriter.Workbook(target, workbook_options(in_memory=True))
    wb.set_properties(
        {
            "title": f"{compact.title} — {school.name}",
            "author": compact.organizer.name,
            "company": compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
            "created": generated_at.replace(tzinfo=None),
        }
    )
    f = Formats(wb)
    _instructions(wb.add_worksheet(INSTRUCTIONS), f, compact, school)
    _school_sheet(wb.add_worksheet(SCHOOL), f, compact, school, answers)
    targets = wb.add_worksheet(TARGETS)
    _targets_sheet(targets, f, compact, school, answers)
    _meta_sheet(wb.add_worksheet(META), compact, school, generated_at)
    targets.activate()
    wb.close()


def write_school_workbook(
    compact: Compact,
    school: School,
    outdir: str | os.PathLike[str],
    generated_at: datetime | None = None,
) -> Path:
    """Write one school's workbook into ``outdir`` atomically; return its path."""
    path = Path(outdir) / school_file_name(school.code, school.name)
    with atomic_output(path) as tmp:
        render_school_workbook(compact, school, tmp, generated_at or datetime.now(UTC))
    return path
