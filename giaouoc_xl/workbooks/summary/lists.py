"""The working lists of the summary: submission status of every school (what was received and
what it must do) and of every file (the per-file detail: lock files, hashes…), findings,
comments. Each list's columns are declared once (header, width). They are for filtering and
following up, not for signing: they stay out of "print the whole workbook"."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.codes import (
    FILE_STATUS_WORDS,
    SCHOOL_STATUS_WORDS,
    SEVERITY_LABELS,
    STATUS_CODE_HEADER,
)
from ...core.results import MergeResult
from .names import COMMENTS, FINDINGS, STATUS
from .style import Formats, not_printed

#: The status sheet's column widths (its two tables share the columns). Each table shows a
#: status in words (*Trạng thái*) and keeps its code in its last column, for filtering.
STATUS_WIDTHS = (5, 20, 36, 14, 20, 60, 40, 66, 18, 10)
SCHOOL_HEADERS = (
    "STT",
    "Mã trường",
    "Tên trường",
    "Khối",
    "Trạng thái",
    "Lý do",
    "Tệp",
    "Trường cần làm",
    STATUS_CODE_HEADER,
)
FILE_HEADERS = (
    "STT",
    "Trạng thái",
    "Tệp",
    "Trường",
    "Kích thước",
    "Lý do",
    "Ngày sửa đổi",
    "SHA-256",
    STATUS_CODE_HEADER,
)
FINDING_COLUMNS = (
    ("STT", 5),
    ("Tệp", 36),
    ("Trường", 9),
    ("Mức độ", 9),
    ("Sheet", 12),
    ("Ô", 6),
    ("Chỉ tiêu", 9),
    ("Mã", 22),
    ("Nội dung", 90),
)
COMMENT_COLUMNS = (
    ("STT", 5),
    ("Mã trường", 10),
    ("Tên trường", 32),
    ("Chỉ tiêu", 9),
    ("Nội dung chỉ tiêu", 50),
    ("Góp ý của trường", 70),
)


def _headers(ws: Any, f: Formats, row: int, headers: tuple[str, ...]) -> None:
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, f.header)


def _columns(ws: Any, f: Formats, columns: tuple[tuple[str, float], ...]) -> None:
    for col, (text, width) in enumerate(columns):
        ws.set_column(col, col, width)
        ws.write_string(0, col, text, f.header)


def write_status(wb: Any, f: Formats, result: MergeResult) -> None:
    """Every school with its status, reason, file and what it must do, then every file of the
    folder."""
    ws = wb.add_worksheet(STATUS)
    for col, width in enumerate(STATUS_WIDTHS):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, "TÌNH TRẠNG NỘP CỦA CÁC TRƯỜNG", f.plain_bold)
    _headers(ws, f, 1, SCHOOL_HEADERS)
    row = 2
    for number, school_row in enumerate(result.schools, start=1):
        school = school_row.school
        status = school_row.status
        values = (school.code, school.name, school.bloc, SCHOOL_STATUS_WORDS[status])
        rest = (school_row.reason, school_row.file, school_row.todo, status.value)
        ws.write_number(row, 0, number, f.center)
        for col, value in enumerate((*values, *rest), start=1):
            ws.write_string(row, col, value, f.text)
        row += 1
    ws.write_string(row + 1, 0, "CÁC TỆP TRONG THƯ MỤC BÀI NỘP", f.plain_bold)
    _headers(ws, f, row + 2, FILE_HEADERS)
    for number, outcome in enumerate(result.files, start=1):
        at = row + 2 + number
        changed = datetime.fromtimestamp(outcome.mtime).strftime("%d/%m/%Y %H:%M:%S")
        ws.write_number(at, 0, number, f.center)
        ws.write_string(at, 1, FILE_STATUS_WORDS[outcome.status] if outcome.status else "", f.text)
        ws.write_string(at, 2, outcome.name, f.text)
        ws.write_string(at, 3, outcome.school, f.text)
        ws.write_number(at, 4, outcome.size, f.center)
        ws.write_string(at, 5, outcome.reason, f.text)
        ws.write_string(at, 6, changed if outcome.mtime else "", f.text)
        ws.write_string(at, 7, outcome.sha256, f.text)
        ws.write_string(at, 8, outcome.status or "", f.text)
    ws.freeze_panes(2, 0)
    not_printed(ws, len(STATUS_WIDTHS) - 1)


def write_findings(wb: Any, f: Formats, result: MergeResult) -> None:
    """Every finding of the files used or superseded, with an autofilter."""
    ws = wb.add_worksheet(FINDINGS)
    _columns(ws, f, FINDING_COLUMNS)
    row = 1
    for number, finding in enumerate(result.findings, start=1):
        ws.write_number(row, 0, number, f.center)
        values = (
            finding.file,
            finding.school,
            SEVERITY_LABELS[finding.severity],
            finding.sheet,
            finding.cell,
            finding.target,
            finding.code,
            finding.message,
        )
        for col, value in enumerate(values, start=1):
            ws.write_string(row, col, str(value), f.text)
        row += 1
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(0, row - 1), len(FINDING_COLUMNS) - 1)
    not_printed(ws, len(FINDING_COLUMNS) - 1)


def write_comments(wb: Any, f: Formats, result: MergeResult) -> None:
    """Every comment of a school on the draft compact, with the target's text."""
    ws = wb.add_worksheet(COMMENTS)
    _columns(ws, f, COMMENT_COLUMNS)
    targets = {t.code: t for t in result.compact.targets}
    row = 1
    for school_row in result.schools:
        if school_row.outcome is None:
            continue
        for code, comment in school_row.outcome.unpacked().comments:
            target = targets.get(code)
            school = school_row.school
            values = (school.code, school.name, code, target.text if target else "", comment)
            ws.write_number(row, 0, row, f.center)
            for col, value in enumerate(values, start=1):
                ws.write_string(row, col, value, f.wrap)
            row += 1
    ws.freeze_panes(1, 0)
    not_printed(ws, len(COMMENT_COLUMNS) - 1)
