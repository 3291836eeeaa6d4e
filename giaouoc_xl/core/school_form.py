"""The layout of the school workbook: sheet names, rows, columns, metadata keys.

Shared by the writer (:mod:`giaouoc_xl.workbooks.school.writer`) and the reader
(:mod:`giaouoc_xl.workbooks.school.reader`): a column is described in one place. The reader finds the target
columns by their header text and the target rows by their code, so reordered rows or an
inserted column are still read right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .columns import Column
from .file_names import safe_file_name
from .model import Compact, Period
from .numbers import NumberKind

#: The layout's version: 2 has the school's NĐ 30 heading above the school and target sheets
#: (version 1, without it, is read the same: rows are found by their labels and codes).
TEMPLATE_VERSION = "2"
KIND = "giaouoc-school-workbook"

INSTRUCTIONS = "Hướng dẫn"
SCHOOL = "Trường"
TARGETS = "Chỉ tiêu"
META = "_giaouoc"  # hidden: every reader (calamine too) can read it, unlike document properties

#: Rows of the school's heading (NĐ 30/2020) on top of the school and target sheets, their title
#: included: the managing body and the school | the national motto, "Số: …" | the place and
#: date, the title.
HEADING_ROWS = 6
HEADER_ROW = HEADING_ROWS + 3  # 1-based row of the target table's header (title, identity, note)
FIRST_ROW = HEADER_ROW + 1
SCHOOL_HEADER_ROW = HEADING_ROWS + 1  # 1-based row of the school sheet's "Mục | Thông tin"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    locked: bool


def _fields(labels: dict[str, str], *, locked: bool) -> tuple[Field, ...]:
    return tuple(Field(key, label, locked) for key, label in labels.items())


#: The school's identity, filled in by the office and locked.
_IDENTITY = {
    "code": "Mã trường",
    "name": "Tên trường",
    "levels": "Cấp học",
    "bloc": "Khối thi đua",
    "commune": "Xã/phường",
    "organizer": "Đơn vị tổ chức",
    "school_year": "Năm học",
    "compact": "Giao ước",
}
#: Who signs for the school, and the commitment: typed by the school.
_SIGNING = {
    "principal": "Hiệu trưởng (họ và tên)",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "date": "Ngày ký",
    "commitment": "Cam kết thực hiện",
}
# The school sheet: label in column A, value in column B, under the header.
SCHOOL_FIELDS = (*_fields(_IDENTITY, locked=True), *_fields(_SIGNING, locked=False))
SCHOOL_ROW = {f.key: row for row, f in enumerate(SCHOOL_FIELDS, start=SCHOOL_HEADER_ROW + 1)}
FIELD_LABELS = {f.key: f.label for f in SCHOOL_FIELDS}
SIGNING_KEYS = tuple(_SIGNING)

#: The staff figures (số liệu cán bộ) under the school's identity: what award conditions count.
#: Optional unless the compact requires them for a period; a workbook made before they existed
#: has none, and is read as before.
STAFF_TITLE = "SỐ LIỆU CÁN BỘ, GIÁO VIÊN, NHÂN VIÊN (số người; dùng khi xét khen thưởng)"
STAFF_FIELDS = _fields(
    {
        "staff_total": "Tổng số CB, GV, NV",
        "staff_completed": "Hoàn thành nhiệm vụ trở lên",
        "staff_ldtt": "Lao động tiên tiến",
        "staff_cstdcs": "Chiến sĩ thi đua cơ sở",
        "staff_disciplined": "Kỷ luật từ cảnh cáo trở lên",
    },
    locked=False,
)
#: The same in a message's words.
STAFF_NAMES = {
    "staff_total": "tổng số cán bộ, giáo viên, nhân viên",
    "staff_completed": "số hoàn thành nhiệm vụ trở lên",
    "staff_ldtt": "số đạt Lao động tiên tiến",
    "staff_cstdcs": "số đạt Chiến sĩ thi đua cơ sở",
    "staff_disciplined": "số bị kỷ luật từ cảnh cáo trở lên",
}
#: 1-based: below the identity, a gap, the note and a gap
STAFF_TITLE_ROW = SCHOOL_HEADER_ROW + len(SCHOOL_FIELDS) + 4
STAFF_ROW = {f.key: row for row, f in enumerate(STAFF_FIELDS, start=STAFF_TITLE_ROW + 1)}
#: The figures that count people among the total (each at most the total).
STAFF_PARTS = ("staff_completed", "staff_ldtt", "staff_cstdcs", "staff_disciplined")

RESULT_PERIODS = (Period.TERM1, Period.YEAR_END)
RESULT_HEADERS = {Period.TERM1: "Kết quả học kỳ I", Period.YEAR_END: "Kết quả cuối năm"}


#: A target's value (threshold, registration, results): a percent, a count or a text. Its cells
#: take the format of a percent, which shows a count whole and any decimal with a comma.
_VALUE = NumberKind.PERCENT


def target_columns(periods: list[Period] | tuple[Period, ...]) -> list[Column]:
    """The target table's columns for a compact collecting ``periods``."""
    columns = [
        Column("number", "STT", 5, number=NumberKind.COUNT),
        Column("code", "Mã chỉ tiêu", 9),
        Column("text", "Nội dung chỉ tiêu", 48),
        Column("unit", "Đơn vị tính", 9),
        Column("direction", "Yêu cầu", 8),
        Column("threshold", "Ngưỡng giao ước", 11, number=_VALUE),
    ]
    if Period.REGISTRATION in periods:
        columns.append(Column("registration", "Đăng ký", 11, number=_VALUE, input=True))
    for period in RESULT_PERIODS:
        if period in periods:
            header = RESULT_HEADERS[period]
            columns.append(Column(f"result:{period.value}", header, 11, _VALUE, input=True))
    if Period.REGISTRATION in periods:
        columns.append(Column("status_registration", "Đánh giá đăng ký", 11))
    if any(p in periods for p in RESULT_PERIODS):
        columns.append(Column("status_result", "Đánh giá kết quả", 11))
    columns.append(Column("note", "Ghi chú", 20, input=True))
    columns.append(Column("comment", "Góp ý dự thảo giao ước", 26, input=True))
    if any(p in periods for p in RESULT_PERIODS):
        columns.append(Column("evidence", "Minh chứng", 26, input=True, optional=True))
    return columns


#: Every column's header by its key (whatever the periods collected).
COLUMN_HEADERS = {c.key: c.header for c in target_columns(list(Period))}


def collected(compact: Compact) -> list[Period]:
    """The periods the compact collects, in calendar order."""
    wanted = {spec.period for spec in compact.periods}
    return [p for p in Period if p in wanted]


def ascii_slug(text: str) -> str:
    """'Trường Mầm non Đông Lĩnh' -> 'truong-mam-non-dong-linh' (for file names)."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in plain).split()
    return "-".join(words)[:60] or "truong"


def school_file_name(code: str, name: str) -> str:
    """'01', 'Trường Mầm non Đông Lĩnh' -> '01_truong-mam-non-dong-linh.xlsx': a name valid on
    Windows and everywhere (see :func:`~giaouoc_xl.core.file_names.safe_file_name`)."""
    safe_code = "".join(ch for ch in code if ch.isascii() and (ch.isalnum() or ch in "-_.")) or "x"
    return safe_file_name(f"{safe_code}_{ascii_slug(name)}.xlsx")


@dataclass
class Answers:
    """What a school typed, to pre-fill a workbook (simulated returns, benchmarks, tests).

    ``targets`` maps a target code to {"registration" | "result:hk1" | "result:cuoi-nam" |
    "note" | "comment" | "evidence": value}; ``signing`` maps "principal", "phone", "email",
    "date", "commitment" to a value; ``staff`` maps a key of :data:`STAFF_FIELDS` to a number.
    """

    targets: dict[str, dict[str, Any]] = field(default_factory=dict)
    signing: dict[str, Any] = field(default_factory=dict)
    staff: dict[str, Any] = field(default_factory=dict)
