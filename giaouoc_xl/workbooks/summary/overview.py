"""The overview sheet (Tổng quan): per bloc, how many schools sent a usable file; the files of
the folder by status; the signature; charts of submission and of tiers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ...core.codes import FILE_STATUSES, SCHOOL_STATUS_WORDS, SchoolStatus
from ...core.model import label
from ...core.results import MergeResult
from ..print_style import FONT
from .style import Formats, letterhead, page, signature

OVERVIEW = "Tổng quan"

#: The table of blocs: key, header, width (the mean total only in a result period).
COLUMNS = (
    ("bloc", "Khối thi đua", 28),
    ("schools", "Số trường", 11),
    ("submitted", "Đã nộp", 11),
    ("valid", SCHOOL_STATUS_WORDS[SchoolStatus.VALID], 11),
    ("with_errors", SCHOOL_STATUS_WORDS[SchoolStatus.WITH_ERRORS], 11),
    ("missing", SCHOOL_STATUS_WORDS[SchoolStatus.MISSING], 11),
    ("share", "Tỷ lệ nộp", 12),
    ("mean", "Điểm trung bình", 12),
)
COL = {key: index for index, (key, _, _) in enumerate(COLUMNS)}
COUNTED = ("schools", "submitted", "valid", "with_errors", "missing")
CHART_SERIES = (("valid", "#70AD47"), ("with_errors", "#FFC000"), ("missing", "#C00000"))


def write_overview(wb: Any, f: Formats, result: MergeResult, when: datetime) -> None:
    compact = result.compact
    ws = wb.add_worksheet(OVERVIEW)
    for col, (_, _, width) in enumerate(COLUMNS):
        ws.set_column(col, col, width)
    subtitle = f"Năm học {compact.school_year} — {label(result.period)}"
    row = letterhead(ws, f, compact, len(COLUMNS), when, "BẢNG TỔNG HỢP GIAO ƯỚC THI ĐUA", subtitle)
    first, last = _bloc_table(ws, f, result, row)
    row = _file_table(ws, f, result, last + 3)
    row = signature(ws, f, compact, row + 2, len(COLUMNS)) + 2  # the charts follow, as annexes
    _submission_chart(wb, ws, row, first, last)
    if result.scored:
        _tier_table(wb, ws, f, result, row + 13)
    page(ws, compact, landscape=False, title_rows=None)


def _bloc_table(ws: Any, f: Formats, result: MergeResult, row: int) -> tuple[int, int]:
    """The blocs' rows and their sum; returns the first and last bloc rows."""
    columns = COLUMNS if result.scored else COLUMNS[:-1]
    for col, (_, header, _) in enumerate(columns):
        ws.write_string(row, col, header, f.header)
    first = row + 1
    for count in result.blocs:
        row += 1
        ws.write_string(row, COL["bloc"], count.bloc.name, f.text)
        for key in COUNTED:
            ws.write_number(row, COL[key], getattr(count, key), f.center)
        ws.write_number(row, COL["share"], count.submitted_share, f.percent)
        if result.scored:
            if count.mean_total is not None:
                ws.write_number(row, COL["mean"], count.mean_total, f.number)
            else:
                ws.write_blank(row, COL["mean"], None, f.center)
    last = row
    row += 1
    ws.write_string(row, COL["bloc"], "Cộng", f.bold)
    for key in COUNTED:
        col = COL[key]
        total = sum(getattr(count, key) for count in result.blocs)
        cells = f"{xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)}"
        ws.write_formula(row, col, f"=SUM({cells})", f.bold_number, total)
    schools = sum(count.schools for count in result.blocs)
    submitted = sum(count.submitted for count in result.blocs)
    all_cell = xl_rowcol_to_cell(row, COL["schools"])
    sent_cell = xl_rowcol_to_cell(row, COL["submitted"])
    ws.write_formula(
        row,
        COL["share"],
        f"=IF({all_cell}=0,0,{sent_cell}/{all_cell})",
        f.percent,
        submitted / schools if schools else 0,
    )
    if result.scored:
        ws.write_blank(row, COL["mean"], None, f.bold)
    return first, last


def _file_table(ws: Any, f: Formats, result: MergeResult, row: int) -> int:
    """The files of the folder by status; returns the last row written."""
    ws.write_string(row, 0, "Tệp trong thư mục bài nộp", f.plain_bold)
    order = list(FILE_STATUSES)
    for status, count in sorted(result.file_counts().items(), key=lambda i: order.index(i[0])):
        row += 1
        ws.write_string(row, 0, FILE_STATUSES[status], f.text)
        ws.write_number(row, 1, count, f.center)
    return row


def _submission_chart(wb: Any, ws: Any, row: int, first: int, last: int) -> None:
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for key, color in CHART_SERIES:
        col = COL[key]
        chart.add_series(
            {
                "name": COLUMNS[col][1],
                "categories": [OVERVIEW, first, 0, last, 0],
                "values": [OVERVIEW, first, col, last, col],
                "fill": {"color": color},
            }
        )
    chart.set_title({"name": "Tình trạng nộp theo khối", "name_font": {"name": FONT, "size": 12}})
    chart.set_y_axis({"min": 0, "major_gridlines": {"visible": True}})
    chart.set_legend({"position": "bottom", "font": {"name": FONT}})
    chart.set_size({"width": 620, "height": 240})
    ws.insert_chart(row, 0, chart)


def _tier_table(wb: Any, ws: Any, f: Formats, result: MergeResult, row: int) -> None:
    """How many valid schools have each tier, and its chart."""
    tiers = [t.name for t in result.compact.tiers]
    ws.write_string(row, 0, "Xếp loại", f.header)
    ws.write_string(row, 1, "Số trường", f.header)
    valid = [r for r in result.schools if r.status is SchoolStatus.VALID and r.score]
    for index, tier in enumerate(tiers, start=1):
        ws.write_string(row + index, 0, tier, f.text)
        count = sum(1 for r in valid if r.score is not None and r.score.tier == tier)
        ws.write_number(row + index, 1, count, f.center)
    chart = wb.add_chart({"type": "column"})
    chart.add_series(
        {
            "name": "Số trường",
            "categories": [OVERVIEW, row + 1, 0, row + len(tiers), 0],
            "values": [OVERVIEW, row + 1, 1, row + len(tiers), 1],
            "fill": {"color": "#4472C4"},
        }
    )
    chart.set_title(
        {"name": "Phân bố xếp loại (trường hợp lệ)", "name_font": {"name": FONT, "size": 12}}
    )
    chart.set_legend({"none": True})
    chart.set_y_axis({"min": 0})
    chart.set_size({"width": 620, "height": 240})
    ws.insert_chart(row + len(tiers) + 2, 0, chart)
