"""The school's own document form (Nghị định 30/2020/NĐ-CP), shared by the school sheet and
the targets sheet: each opens with the school's heading, the managing body over the school at
left and the national motto at right, "Số: …" and the place and date (the signing date once
typed in the school sheet), the title; and closes with the principal's signature block.

Every row that wraps has its height set from the documents' Times New Roman metrics
(:mod:`giaouoc_xl.workbooks.documents.text_metrics`), kept in :class:`Rows` with each row's
part in the targets sheet's page plan (:mod:`.targets_sheet`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ...core.model import Compact, OrganizerKind, School
from ...core.school_form import HEADING_ROWS, SCHOOL, SCHOOL_ROW
from ..documents.blocks import column_points
from ..documents.print_style import MOTTO, MOTTO_2, SIGN_NOTE
from ..documents.text_metrics import text_width
from .layout import HEADING_SIZE, PAD, SIZE, TITLE_SIZE, Formats, height, lines, span_points

#: Room the targets sheet's heading keeps for the school's name (a long one, in capitals) and
#: for the place and date: the columns are split the same for every school of a compact (the
#: factory copies one workbook to many schools).
NAME_ROOM = text_width("TRƯỜNG TIỂU HỌC VÀ TRUNG HỌC CƠ SỞ ĐỒNG XUÂN", HEADING_SIZE, bold=True)
PLACE_ROOM = text_width("Phường Phú Thọ, ngày 30 tháng 12 năm 2020", HEADING_SIZE, italic=True)
NUMBER_LINE = "Số: ……/……"
DOTTED_DATE = "ngày …… tháng …… năm ……"
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


# --------------------------------------------------------- rows, the heading, the signature


@dataclass
class Rows:
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
class Heading:
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


def make_heading(
    compact: Compact, school: School, title: str, widths: Sequence[float], signed: Any, split: bool
) -> Heading:
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
    return Heading(
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


def write_heading(
    ws: Any, rows: Rows, f: Formats, heading: Heading, date_ref: str, place_ref: str
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


def signature(
    ws: Any,
    rows: Rows,
    f: Formats,
    row: int,
    heading: Heading,
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
