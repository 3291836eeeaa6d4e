"""The data sheets of the summary: the long table for filters and pivot tables (Dữ liệu) and
the log of the merge (Nhật ký). Neither is printed with the workbook.

The long table is written row by row (``constant_memory``), which an Excel Table cannot be:
it is an autofilter range with a workbook-level name, ``DuLieuGiaoUoc``, which a PivotTable
(Insert → PivotTable → Table/Range: DuLieuGiaoUoc) and formulas take as their source."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import Any

from ...core.codes import FILE_STATUS_WORDS, STATUS_CODE_HEADER
from ...core.model import label
from ...core.results import MergeResult, SchoolRow, astuple_fast, unpack
from ...core.scoring import TargetScore
from ...core.version import __version__
from .names import DATA, LOG, quoted
from .style import Formats, not_printed

TABLE_NAME = "DuLieuGiaoUoc"
#: A target's score as the summary's sheets read it: a tuple of TargetScore's fields, in order.
TARGET_FIELDS = tuple(field.name for field in fields(TargetScore))

#: One row per school and target: header, width.
DATA_COLUMNS = (
    ("Mã trường", 10),
    ("Tên trường", 34),
    ("Khối", 10),
    ("Chỉ tiêu", 9),
    ("Kỳ", 18),
    ("Đăng ký", 10),
    ("Kết quả", 10),
    ("Đạt", 8),
    ("Điểm", 8),
)
LOG_WIDTHS = (30, 70, 66, 80, 18)
#: The detail is technical (a reader's error, what native code printed): for whoever supports
#: the office, never shown as a reason. A file's status in words, its code in the last column.
LOG_HEADERS = ("Tệp", "Trạng thái", "SHA-256", "Chi tiết kỹ thuật", STATUS_CODE_HEADER)


def target_values(row: SchoolRow) -> list[tuple[Any, ...]]:
    """A school's target scores as tuples of :data:`TARGET_FIELDS`, as the row keeps them
    packed: what ``row.score`` unpacks, without building a TargetScore of each (most of its
    cost, paid per school by the annex and the data sheet)."""
    if row.summary is None:
        return []
    if not row.packed_targets:
        return [astuple_fast(score) for score in row.summary.targets]
    values: list[tuple[Any, ...]] = unpack(row.packed_targets)
    return values


_CODE, _REGISTRATION, _RESULT, _MET, _POINTS = (
    TARGET_FIELDS.index(name) for name in ("code", "registration", "result", "met", "points")
)


def write_data(wb: Any, f: Formats, result: MergeResult) -> None:
    """One row per school and target, under a filter, named for PivotTables."""
    ws = wb.add_worksheet(DATA)
    for col, (header, width) in enumerate(DATA_COLUMNS):
        ws.set_column(col, col, width)
        ws.write_string(0, col, header, f.header)
    period = label(result.period)
    # The longest sheet of the summary (schools × targets rows): written straight from the
    # scores with the typed write methods bound once, no intermediate rows.
    write_string, write_number = ws.write_string, ws.write_number
    scored = result.scored
    r = 0
    for school_row in result.schools:
        school = school_row.school
        code, name, bloc = school.code, school.name, school.bloc
        for score in target_values(school_row):  # unpacked for this school only
            r += 1
            write_string(r, 0, code)
            write_string(r, 1, name)
            write_string(r, 2, bloc)
            write_string(r, 3, score[_CODE])
            write_string(r, 4, period)
            for c, value in ((5, score[_REGISTRATION]), (6, score[_RESULT])):
                if value is None:
                    continue
                if isinstance(value, bool):
                    write_string(r, c, "Có" if value else "Không")
                elif isinstance(value, (int, float)):
                    write_number(r, c, value)
                else:
                    write_string(r, c, str(value))
            met = score[_MET]
            if met is not None:
                write_string(r, 7, "Có" if met else "Không")
            if scored and score[_POINTS] is not None:
                write_number(r, 8, score[_POINTS])
    last = max(1, r)  # r: the last data row
    ws.autofilter(0, 0, last, len(DATA_COLUMNS) - 1)
    wb.define_name(TABLE_NAME, f"={quoted(DATA)}!$A$1:${chr(64 + len(DATA_COLUMNS))}${last + 1}")
    not_printed(ws, len(DATA_COLUMNS) - 1)
    ws.freeze_panes(1, 0)


def write_log(wb: Any, f: Formats, result: MergeResult, when: datetime) -> None:
    """What was merged, when, by which version, and every file's hash."""
    ws = wb.add_worksheet(LOG)
    for col, width in enumerate(LOG_WIDTHS):
        ws.set_column(col, col, width)
    compact = result.compact
    facts = [
        ("Công cụ", f"giaouoc_xl {__version__}"),
        ("Mã giao ước", compact.id),
        ("Lần sửa đổi", str(compact.revision)),
        ("Dấu vân tay (fingerprint)", compact.fingerprint),
        ("Kỳ tổng hợp", f"{label(result.period)} ({result.period.value})"),
        ("Thư mục bài nộp", result.folder),
        ("Bắt đầu", result.started.strftime("%d/%m/%Y %H:%M:%S")),
        ("Ghi bảng tổng hợp", when.strftime("%d/%m/%Y %H:%M:%S")),
        ("Số tệp", str(len(result.files))),
        ("Số tệp lấy từ bộ nhớ đệm", str(result.cache_hits)),
    ]
    if result.appraisal is not None:
        facts += [
            ("Sổ thẩm định", result.appraisal.name),
            ("SHA-256 của sổ thẩm định", result.appraisal.sha256),
        ]
    for row, (key, value) in enumerate(facts):
        ws.write_string(row, 0, key, f.bold)
        ws.write_string(row, 1, value, f.text)
    row = len(facts) + 1
    for col, text in enumerate(LOG_HEADERS):
        ws.write_string(row, col, text, f.header)
    not_printed(ws, len(LOG_HEADERS) - 1)
    for outcome in result.files:
        row += 1
        ws.write_string(row, 0, outcome.name, f.text)
        status = outcome.status
        ws.write_string(row, 1, FILE_STATUS_WORDS[status] if status else "", f.text)
        ws.write_string(row, 2, outcome.sha256, f.text)
        ws.write_string(row, 4, status or "", f.text)
        if outcome.detail:
            ws.write_string(row, 3, outcome.detail[:2000], f.text)
