"""The school workbook: one standard workbook per school, written with XlsxWriter.

Everything a school needs works natively in any spreadsheet (no macros): locked identity and
thresholds, unlocked input cells with data validation and Vietnamese messages, status formulas
(see :mod:`giaouoc_xl.core.assessment`), conditional formatting, print setup, and a hidden metadata
sheet. XlsxWriter is used because it writes Excel-faithful files several times faster than
openpyxl (bench/bench_school.py); text is always written as text (``strings_to_formulas`` off).

What the principal signs is the school's own document (Nghị định 30/2020/NĐ-CP): the school
sheet (its identity, commitment and staff figures) and the targets sheet (the registration and
the report) each open with the school's heading, the managing body over the school at left and
the national motto at right, "Số: …" and the place and date (the signing date once typed in the
school sheet), the title; and close with the principal's signature block.

Every row that wraps has its height set from the documents' Times New Roman metrics
(:mod:`giaouoc_xl.workbooks.documents.text_metrics`): LibreOffice grows no row of a file whose
height is set, Excel no row of a file it opens. The targets sheet prints at a fixed scale with
its page breaks planned, so that a content's or a group's title never ends a page and the
signature block is never cut.

The sheets' rows and columns are the core's (:mod:`giaouoc_xl.core.school_form`), the formats
and validations :mod:`.layout`'s; many workbooks at once are :mod:`.factory`'s.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
from ...core.model import (
    LABELS,
    Compact,
    MissingEvidence,
    OrganizerKind,
    Period,
    School,
    Target,
    ValueKind,
    label,
)
from ...core.points import sub_items
from ...core.school_form import (
    FIRST_ROW,
    HEADER_ROW,
    HEADING_ROWS,
    INSTRUCTIONS,
    KIND,
    META,
    SCHOOL,
    SCHOOL_FIELDS,
    SCHOOL_HEADER_ROW,
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
from ..documents.blocks import column_points
from ..documents.layout import DocumentSheet
from ..documents.print_style import (
    FONT,
    MOTTO,
    MOTTO_2,
    SIGN_NOTE,
    page_setup,
    workbook_options,
)
from ..documents.text_metrics import text_width
from ..table import compact_meta, put, write_header, write_meta
from .layout import (
    COMMITMENT_VALIDATION,
    DATE_VALIDATION,
    HEADING_SIZE,
    INPUT_KEYS,
    PAD,
    SIZE,
    TITLE_SIZE,
    Formats,
    height,
    lines,
    span_points,
    staff_validation,
    target_validation,
)

__all__ = [
    "identity_lines",
    "managing_body",
    "render_school_workbook",
    "school_place",
    "target_validation",
    "write_school_workbook",
]

#: The instructions' one column, as wide as an A4 portrait page holds (LibreOffice's wider
#: measure of it included).
INSTRUCTION_WIDTH = 90
#: The school sheet's two columns: the labels, the values (the heading's halves over them).
SCHOOL_WIDTHS = (38.0, 50.0)
#: Room the targets sheet's heading keeps for the school's name (a long one, in capitals) and
#: for the place and date: the columns are split the same for every school of a compact (the
#: factory copies one workbook to many schools).
NAME_ROOM = text_width("TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ ĐỒNG XUÂN", HEADING_SIZE, bold=True)
PLACE_ROOM = text_width("Phường Phú Thọ, ngày 30 tháng 12 năm 2020", HEADING_SIZE, italic=True)
NUMBER_LINE = "Số: ……/……"
DOTTED_DATE = "ngày …… tháng …… năm ……"
#: The targets sheet on A4 landscape: margins (left, right, top, bottom, inches) and what the
#: page holds between them, in points.
TARGET_MARGINS = (0.5, 0.4, 0.7, 0.5)
TARGET_PAGE = ((297 - 25.4 * 0.9) * 72 / 25.4, (210 - 25.4 * 1.2) * 72 / 25.4)
SCHOOL_MARGINS = (0.7, 0.5, 0.6, 0.6)
INSTRUCTION_MARGINS = (0.6, 0.5, 0.6, 0.6)
#: Target rows kept with the signature block on its page.
KEEP_ROWS = 2
#: The place-name words before a commune's own name ("Xã Đông Lĩnh" -> "Đông Lĩnh").
_COMMUNE_WORDS = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+(?=\D)", re.IGNORECASE)
_EDUCATION = re.compile(r"giáo dục và đào tạo", re.IGNORECASE)


# --------------------------------------------------------------------------- the school's names


def managing_body(compact: Compact) -> str:
    """The school's managing body (cơ quan chủ quản) as its heading prints it, in capitals and
    with NĐ 30's usual abbreviation ("PHÒNG GD&ĐT HUYỆN THANH BA"): the organizer when it is an
    education office or a commune; else (a bloc's lead school, another organizer) the body
    printed above the organizer, which the schools of the bloc share."""
    offices = (OrganizerKind.DEPARTMENT, OrganizerKind.DISTRICT_OFFICE, OrganizerKind.COMMUNE)
    organizer = compact.organizer
    name = organizer.name if organizer.kind in offices else organizer.parent
    return _EDUCATION.sub("GD&ĐT", name).upper()


def school_place(compact: Compact, school: School) -> str:
    """The place name of the school's documents: its commune without the word before the name
    ("Xã Đông Lĩnh" -> "Đông Lĩnh"; "Phường 1" stays), else the organizer's place."""
    commune = school.commune.strip()
    if commune:
        return _COMMUNE_WORDS.sub("", commune)
    return compact.organizer.place or "……"


def _place_date(place: str, signed: Any) -> str:
    """ "Đông Lĩnh, ngày 15 tháng 10 năm 2020", or with dots for the school to fill in."""
    if isinstance(signed, (date, datetime)):
        return f"{place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
    return f"{place}, {DOTTED_DATE}"


def _date_formula(place_ref: str, date_ref: str) -> str:
    """The place and date line as a formula: the signing date typed in the school sheet, or
    dots (the place is read from the technical sheet: no text of the roster in a formula)."""
    day, month = f'TEXT(DAY({date_ref}),"00")', f'TEXT(MONTH({date_ref}),"00")'
    typed = f'{place_ref}&", ngày "&{day}&" tháng "&{month}&" năm "&YEAR({date_ref})'
    return f'=IF(ISNUMBER({date_ref}),{typed},{place_ref}&", {DOTTED_DATE}")'


# --------------------------------------------------------------------------- rows and pages


@dataclass
class _Rows:
    """The heights set on a sheet and each row's part in the page plan: "keep" (a title that
    stays with the row below it), "header" (the table's repeated header), "sign"."""

    ws: Any
    heights: dict[int, float] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)

    def set(self, row: int, points: float, role: str = "") -> None:
        self.ws.set_row(row, points)
        self.heights[row] = points
        if role:
            self.roles[row] = role

    def fit(self, row: int, count: int, size: float = SIZE, role: str = "") -> None:
        self.set(row, height(count, size), role)


def _halves(widths: Sequence[float], left_need: float, right_need: float) -> tuple[int, int]:
    """The heading's left block (columns 0..returned first) and right block (the second
    returned..last): each the fewest columns at its side that hold its lines."""
    points = [column_points(w) for w in widths]
    left, running = len(points) - 2, 0.0
    for index, width in enumerate(points[:-1]):
        running += width
        if running >= left_need:
            left = index
            break
    right, running = left + 1, 0.0
    for index in range(len(points) - 1, left, -1):
        running += points[index]
        if running >= right_need:
            right = index
            break
    return left, right


@dataclass(frozen=True)
class _Heading:
    """The school's NĐ 30 heading over a sheet's columns ``widths``."""

    managing: str
    school: str
    place: str
    title: str
    widths: tuple[float, ...]
    left: int  # the last column of the left block
    right: int  # the first column of the right block
    signed: Any = None  # the signing date, when the workbook is pre-filled with one
    name_lines: int = 1  # lines kept for the school's name, however short (see identity_lines)

    @property
    def left_points(self) -> float:
        return span_points(self.widths[: self.left + 1])

    @property
    def right_points(self) -> float:
        return span_points(self.widths[self.right :])

    def counts(self) -> tuple[int, ...]:
        """The lines of the rows whose text is the school's: its name, its place and date."""
        place = max(
            lines(_place_date(self.place, None), self.right_points, HEADING_SIZE, italic=True),
            lines(
                _place_date(self.place, self.signed), self.right_points, HEADING_SIZE, italic=True
            ),
        )
        name = lines(self.school, self.left_points, HEADING_SIZE, bold=True)
        return (max(name, self.name_lines), place)


def _heading(
    compact: Compact, school: School, title: str, widths: Sequence[float], signed: Any, split: bool
) -> _Heading:
    """The heading of a sheet; ``split``: its halves placed by what they hold (the targets
    sheet), else the first column and the rest (the school sheet)."""
    managing = managing_body(compact)
    if split:
        left_need = PAD + max(
            text_width(managing, HEADING_SIZE), NAME_ROOM, text_width(NUMBER_LINE, HEADING_SIZE)
        )
        right_need = PAD + max(
            text_width(MOTTO, HEADING_SIZE, bold=True),
            text_width(MOTTO_2, HEADING_SIZE + 1, bold=True),
            PLACE_ROOM,
        )
        left, right = _halves(widths, left_need, right_need)
    else:
        left, right = 0, 1
    return _Heading(
        managing,
        school.name.upper(),
        school_place(compact, school),
        title,
        tuple(widths),
        left,
        right,
        signed,
        1 if split else 2,  # the school sheet's narrow half: most names take two lines
    )


def _merged(ws: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    if last > first:
        ws.merge_range(row, first, row, last, text, fmt)
    else:
        ws.write_string(row, first, text, fmt)


def _write_heading(
    ws: Any, rows: _Rows, f: Formats, heading: _Heading, date_ref: str, place_ref: str
) -> None:
    """The heading's rows (0 to :data:`HEADING_ROWS` - 1), the title last."""
    left, right, last = heading.left, heading.right, len(heading.widths) - 1
    left_points = heading.left_points
    managing_lines = lines(heading.managing, left_points, HEADING_SIZE)
    _merged(ws, 0, 0, left, heading.managing, f.managing)
    _merged(ws, 0, right, last, MOTTO, f.motto)
    rows.fit(0, managing_lines, HEADING_SIZE, "keep")
    school_lines, place_lines = heading.counts()
    _merged(ws, 1, 0, left, heading.school, f.school)
    _merged(ws, 1, right, last, MOTTO_2, f.motto2)
    rows.set(1, max(height(school_lines, HEADING_SIZE), height(1, HEADING_SIZE + 1)), "keep")
    _rule(ws, 2, left_points)
    rows.set(2, 8, "keep")
    _merged(ws, 3, 0, left, NUMBER_LINE, f.doc_number)
    if right < last:
        ws.merge_range(3, right, 3, last, "", f.place_date)
    ws.write_formula(
        3, right, _date_formula(place_ref, date_ref), f.place_date,
        _place_date(heading.place, heading.signed),
    )  # fmt: skip
    rows.fit(3, place_lines, HEADING_SIZE, "keep")
    ws.write_blank(4, 0, None)
    rows.set(4, 8, "keep")
    title_lines = lines(heading.title, span_points(heading.widths), TITLE_SIZE, bold=True)
    _merged(ws, HEADING_ROWS - 1, 0, last, heading.title, f.title)
    rows.fit(HEADING_ROWS - 1, title_lines, TITLE_SIZE, "keep")


def _rule(ws: Any, row: int, block: float) -> None:
    """The short rule under the school's name, centred in the left block (a line, as NĐ 30
    draws it: a third to a half of the name; the same for every school, so that the factory's
    copies keep it)."""
    length = min(block, NAME_ROOM) * 0.4
    ws.insert_textbox(
        row,
        0,
        "",
        {
            "width": round(length / 0.75),
            "height": 1,
            "x_offset": max(0, round((block - length) / 2 / 0.75)),
            "y_offset": 3,  # below the name's descenders
            "line": {"color": "black", "width": 0.75},
            "fill": {"none": True},
            "object_position": 1,
        },
    )


def _signature(
    ws: Any,
    rows: _Rows,
    f: Formats,
    row: int,
    heading: _Heading,
    recipients: Sequence[str],
) -> int:
    """The principal's signature block from ``row`` (a gap, then "Nơi nhận" at left when there
    are recipients, HIỆU TRƯỞNG at right, the note, room to sign, the name typed in the school
    sheet); returns the row after it."""
    left, right, last = heading.left, heading.right, len(heading.widths) - 1
    principal = xl_rowcol_to_cell(SCHOOL_ROW["principal"] - 1, 1, row_abs=True, col_abs=True)
    ws.write_blank(row, 0, None)
    rows.set(row, 10, "sign")
    left_lines = [("Nơi nhận:", f.recipients_title, HEADING_SIZE), *((r, f.recipients, SIZE) for r in recipients)] if recipients else []  # fmt: skip
    right_lines = [("HIỆU TRƯỞNG", f.sign, HEADING_SIZE), (SIGN_NOTE, f.sign_note, SIZE)]
    for offset in range(max(len(left_lines), len(right_lines))):
        r = row + 1 + offset
        count, size = 1, SIZE
        if offset < len(left_lines):
            text, fmt, size = left_lines[offset]
            _merged(ws, r, 0, left, text, fmt)
            count = lines(text, heading.left_points, size, bold=offset == 0)
        if offset < len(right_lines):
            text, fmt, right_size = right_lines[offset]
            _merged(ws, r, right, last, text, fmt)
            size = max(size, right_size)
        rows.fit(r, count, size, "sign")
    room = row + 1 + max(len(left_lines), len(right_lines))
    ws.write_blank(room, 0, None)
    rows.set(room, 58, "sign")
    name = room + 1
    if right < last:
        ws.merge_range(name, right, name, last, "", f.sign_name)
    ws.write_formula(
        name, right, f"=IF('{SCHOOL}'!{principal}=\"\",\"\",'{SCHOOL}'!{principal})",
        f.sign_name, "",
    )  # fmt: skip
    rows.fit(name, 1, HEADING_SIZE, "sign")
    return name + 1


def _page_breaks(rows: _Rows, last: int, room: float, header: int) -> list[int]:
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


# --------------------------------------------------------------------------- instructions


def _value(ws: Any, row: int, col: int, value: Any, fmt: Any, date_fmt: Any = None) -> None:
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


def _instruction_subtitle(school: School) -> str:
    return f"{school.name} (mã trường {school.code})"


def _instructions(ws: Any, f: Formats, compact: Compact, school: School) -> None:
    ws.set_column(0, 0, INSTRUCTION_WIDTH)
    width = column_points(INSTRUCTION_WIDTH)
    rows = _Rows(ws)
    deadlines = [
        f"   - {LABELS[Period][spec.period]}: hạn nộp {spec.deadline:%d/%m/%Y}"
        if spec.deadline
        else f"   - {LABELS[Period][spec.period]}"
        for spec in sorted(compact.periods, key=lambda s: list(Period).index(s.period))
    ]
    texts: list[tuple[str, Any, float, bool, bool]] = [
        (
            f"HƯỚNG DẪN ĐIỀN MẪU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}",
            f.title,
            TITLE_SIZE,
            True,
            False,
        ),
        (_instruction_subtitle(school), f.subtitle, SIZE, False, True),
        ("", f.text, SIZE, False, False),
        ("Điền ở đâu", f.bold, SIZE, True, False),
        *((line, f.text, SIZE, False, False) for line in _where_to_fill(compact)),
        ("Khi nào nộp", f.bold, SIZE, True, False),
        *((line, f.text, SIZE, False, False) for line in deadlines),
        ("Gửi lại như thế nào", f.bold, SIZE, True, False),
        (
            f"Lưu tệp dạng .xlsx (giữ nguyên tên sheet, không thêm bớt dòng chỉ tiêu) và gửi cho "
            f"{compact.organizer.name} theo đường công văn điện tử hoặc thư điện tử.",
            f.text,
            SIZE,
            False,
            False,
        ),
        (
            "Có thể điền bằng Excel, LibreOffice, WPS hoặc Google Sheets. Trang tính được khóa "
            "không mật khẩu để tránh sửa nhầm ngưỡng.",
            f.text,
            SIZE,
            False,
            False,
        ),
        (
            "In: sheet 'Trường' và sheet 'Chỉ tiêu' in ra là văn bản của trường (tiêu đề theo "
            "Nghị định 30/2020/NĐ-CP, chỗ ký của hiệu trưởng); ngày ký nhập ở sheet 'Trường' "
            "được in vào dòng địa danh, ngày tháng.",
            f.text,
            SIZE,
            False,
            False,
        ),
    ]
    for row, (text, fmt, size, bold, italic) in enumerate(texts):
        ws.write_string(row, 0, text, fmt)
        rows.fit(row, lines(text, width, size, bold, italic), size)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    left, right, top, bottom = INSTRUCTION_MARGINS
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.print_area(0, 0, len(texts) - 1, 0)


def _points_instructions(compact: Compact) -> list[str]:
    """The instructions' lines on criteria scored in points, when the compact has any."""
    if not any(t.kind is ValueKind.POINTS for t in compact.targets):
        return []
    lines = [
        "   - Tiêu chí chấm bằng điểm (ngưỡng ghi điểm tối đa): nhập điểm tự chấm từ 0 đến điểm "
        "tối đa, theo bước điểm của tiêu chí; cột 'Đánh giá' báo Đã chấm hoặc Sai dạng."
    ]
    if any(t.parent for t in compact.targets):
        lines.append(
            "   - Tiêu chí có tiêu chí con: chấm từng tiêu chí con; ô của tiêu chí tự cộng điểm "
            "các tiêu chí con (không sửa được)."
        )
    return lines


def _where_to_fill(compact: Compact) -> list[str]:
    """The instructions' lines on what to type in each sheet."""
    evidence = [
        label(spec.period)
        + (
            " — thiếu thì chỉ tiêu đó được 0 điểm"
            if spec.missing_evidence is MissingEvidence.ZERO
            else ""
        )
        for spec in compact.periods
        if spec.evidence_required
    ]
    return [
        "1. Sheet 'Trường': kiểm tra thông tin trường (đã điền sẵn, không sửa được); nhập họ tên hiệu "
        "trưởng, điện thoại, thư điện tử, ngày ký và chọn 'Có' ở ô Cam kết thực hiện.",
        "2. Sheet 'Chỉ tiêu': chỉ nhập vào các ô nền vàng. Cột 'Ngưỡng giao ước' là mức tối thiểu (≥) hoặc "
        "tối đa (≤) mà giao ước yêu cầu đối với trường, không sửa được.",
        *(
            [
                "   - Cột 'Đăng ký': mức trường đăng ký phấn đấu, phải bằng hoặc tốt hơn ngưỡng giao ước."
            ]
            if not compact.periods or Period.REGISTRATION in collected(compact)
            else []  # a score sheet of the year's end alone has no column of registrations
        ),
        "   - Cột 'Kết quả': kết quả thực hiện của kỳ đang báo cáo.",
        "   - Tỷ lệ nhập số từ 0 đến 100 (98,5 nghĩa là 98,5 %); số lượng nhập số nguyên; các ô có danh "
        "sách thì chọn trong danh sách.",
        "   - Cột 'Đánh giá' tự tính: Đạt / Chưa đạt / Chưa nhập / Sai dạng.",
        *_points_instructions(compact),
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


# --------------------------------------------------------------------------- the school sheet


def _school_title(compact: Compact) -> str:
    return f"THÔNG TIN VÀ CAM KẾT THỰC HIỆN GIAO ƯỚC THI ĐUA\nNĂM HỌC {compact.school_year}"


def _identity(compact: Compact, school: School) -> dict[str, str]:
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


def _school_heading(compact: Compact, school: School, answers: Answers) -> _Heading:
    signed = answers.signing.get("date")
    return _heading(compact, school, _school_title(compact), SCHOOL_WIDTHS, signed, split=False)


def _school_sheet(
    ws: Any,
    f: Formats,
    compact: Compact,
    school: School,
    answers: Answers,
    place_ref: str,
) -> None:
    ws.set_column(0, 0, SCHOOL_WIDTHS[0])
    ws.set_column(1, 1, SCHOOL_WIDTHS[1])
    rows = _Rows(ws)
    heading = _school_heading(compact, school, answers)
    date_ref = xl_rowcol_to_cell(SCHOOL_ROW["date"] - 1, 1, row_abs=True, col_abs=True)
    _write_heading(ws, rows, f, heading, date_ref, place_ref)
    header = SCHOOL_HEADER_ROW - 1
    ws.write_string(header, 0, "Mục", f.header)
    ws.write_string(header, 1, "Thông tin", f.header)
    label_points, value_points = (column_points(w) for w in SCHOOL_WIDTHS)
    identity = _identity(compact, school)
    for item in SCHOOL_FIELDS:
        row = SCHOOL_ROW[item.key] - 1
        ws.write_string(row, 0, item.label, f.label)
        count = lines(item.label, label_points, bold=True)
        if item.locked:
            ws.write_string(row, 1, identity[item.key], f.identity)
            count = max(count, lines(identity[item.key], value_points))
        elif item.key == "date":
            _value(ws, row, 1, answers.signing.get("date"), f.input_date, f.input_date)
            ws.data_validation(row, 1, row, 1, DATE_VALIDATION)
        else:
            typed = answers.signing.get(item.key)
            _value(ws, row, 1, typed, f.input)
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
    end = _signature(ws, rows, f, below + 1, heading, ())
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
    left, right, top, bottom = SCHOOL_MARGINS
    page_setup(ws, margins=(left, right, top, bottom))
    ws.fit_to_pages(1, 1)
    ws.center_horizontally()
    ws.print_area(0, 0, end - 1, 1)


def _staff_block(ws: Any, rows: _Rows, f: Formats, compact: Compact, answers: Answers) -> int:
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
        _value(ws, row, 1, answers.staff.get(item.key), f.input_value)
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


# --------------------------------------------------------------------------- the targets sheet


def _targets_title(compact: Compact) -> str:
    return f"ĐĂNG KÝ VÀ BÁO CÁO CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}"


def _targets_subtitle(school: School) -> str:
    return f"{school.name} — mã trường {school.code} — cấp học {school.levels_label}"


def _target_widths(compact: Compact) -> list[float]:
    return [float(c.width) for c in target_columns(collected(compact))]


def _targets_heading(compact: Compact, school: School, answers: Answers) -> _Heading:
    signed = answers.signing.get("date")
    widths = _target_widths(compact)
    return _heading(compact, school, _targets_title(compact), widths, signed, split=True)


class _TargetTable:
    """The targets sheet of one school: its columns (declared once, in
    :func:`giaouoc_xl.core.school_form.target_columns`) and where each one is."""

    def __init__(self, ws: Any, f: Formats, compact: Compact, school: School) -> None:
        self.ws, self.f, self.compact, self.school = ws, f, compact, school
        self.rows = _Rows(ws)
        self.columns = target_columns(collected(compact))
        self.col = {c.key: i for i, c in enumerate(self.columns)}
        self.points = [column_points(c.width) for c in self.columns]
        self.last_col = len(self.columns) - 1
        self.inputs = [k for k in INPUT_KEYS if k in self.col]
        self.registration_col = self.col.get("registration")
        self.result_cols = [self.col[k] for k in INPUT_KEYS[1:] if k in self.col]
        self.at: dict[str, int] = {}  # each target's row

    def title(self, heading: _Heading, place_ref: str) -> None:
        ws, f, last, rows = self.ws, self.f, self.last_col, self.rows
        date_ref = xl_rowcol_to_cell(SCHOOL_ROW["date"] - 1, 1, row_abs=True, col_abs=True)
        _write_heading(ws, rows, f, heading, f"'{SCHOOL}'!{date_ref}", place_ref)
        total = sum(self.points)
        identity = _targets_subtitle(self.school)
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
            _value(ws, row, col[key], typed.get(key), f.input_value)
            ws.data_validation(row, col[key], row, col[key], validation)
        self.assessments(row, target, value, typed)
        _value(ws, row, col["note"], typed.get("note"), f.input)
        _value(ws, row, col["comment"], typed.get("comment"), f.input)
        if "evidence" in col:
            _value(ws, row, col["evidence"], typed.get("evidence"), f.input)
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


def _targets_sheet(
    ws: Any, f: Formats, compact: Compact, school: School, answers: Answers, place_ref: str
) -> None:
    table = _TargetTable(ws, f, compact, school)
    heading = _targets_heading(compact, school, answers)
    table.title(heading, place_ref)
    row = table.body(answers)
    table.sums(answers)
    _status_formatting(
        ws, f, table.col, FIRST_ROW - 1, row - 1, table.registration_col, table.result_cols
    )
    recipients = (f"- {compact.organizer.name};", "- Lưu: VT.")
    end = _signature(ws, table.rows, f, row, heading, recipients)
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


# --------------------------------------------------------------------------- the workbook


def identity_lines(compact: Compact, school: School) -> tuple[int, ...]:
    """The lines of every row whose height depends on the school's own texts (its name, code,
    bloc, commune): two schools with the same lines get workbooks that differ only in those
    texts (what :class:`~.factory.SchoolWorkbookFactory` relies on to copy one to many)."""
    blank = Answers()
    identity = _identity(compact, school)
    value_points = column_points(SCHOOL_WIDTHS[1])
    return (
        lines(_instruction_subtitle(school), column_points(INSTRUCTION_WIDTH), italic=True),
        *_school_heading(compact, school, blank).counts(),
        *(lines(identity[k], value_points) for k in ("code", "name", "bloc", "commune")),
        *_targets_heading(compact, school, blank).counts(),
        lines(_targets_subtitle(school), span_points(_target_widths(compact)), italic=True),
    )


def _meta_values(compact: Compact, school: School, generated_at: datetime) -> dict[str, str]:
    return {
        **compact_meta(KIND, compact),
        "school_code": school.code,
        "template_version": TEMPLATE_VERSION,
        "generated_at": generated_at.astimezone(UTC).isoformat(
            sep=" ", timespec="seconds"
        ),  # no "T": xlwings would take it for a date
        "tool_version": __version__,
        "periods": ",".join(p.value for p in collected(compact)),
        "school_place": school_place(compact, school),  # the date line's formulas read it
    }


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
    meta = _meta_values(compact, school, generated_at)
    place_row = list(meta).index("school_place") + 1  # below the technical sheet's note
    place_ref = f"'{META}'!" + xl_rowcol_to_cell(place_row, 1, row_abs=True, col_abs=True)
    _instructions(wb.add_worksheet(INSTRUCTIONS), f, compact, school)
    _school_sheet(wb.add_worksheet(SCHOOL), f, compact, school, answers, place_ref)
    targets = wb.add_worksheet(TARGETS, worksheet_class=DocumentSheet)
    _targets_sheet(targets, f, compact, school, answers, place_ref)
    write_meta(wb.add_worksheet(META), "Thông tin kỹ thuật của mẫu: không sửa, không xóa.", meta)
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
