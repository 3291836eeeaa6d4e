"""The summary workbook (bảng tổng hợp), written with XlsxWriter from a ``MergeResult``.

Print-ready as an administrative document in the style of Nghị định 30/2020/NĐ-CP: A4, Times
New Roman, the organizer at left and the national motto at right, the place and date, the
title, repeated header rows, page numbers and a signature block. Every text that came from a
submission is written as text (``strings_to_formulas`` is off and only ``write_string`` is used).
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from .. import __version__
from ..core.findings import SEVERITY_LABELS
from ..core.model import Bloc, Compact, Level, Target, label
from ..core.scoring import TargetScore
from ..jobs.merge import FILE_STATUSES, MergeResult, SchoolRow
from .atomic import atomic_output

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
MET, NOT_MET = "✓", "✗"

OVERVIEW = "Tổng quan"
STATUS = "Tình trạng nộp"
FINDINGS = "Lỗi và cảnh báo"
COMMENTS = "Góp ý"
DATA = "Dữ liệu"
LOG = "Nhật ký"


def bloc_sheet_name(bloc: Bloc) -> str:
    """A valid, unique-enough sheet name for a bloc."""
    return re.sub(r"[\[\]:*?/\\']", "-", f"Khối {bloc.code}")[:31]


def _header_text(text: str) -> str:
    return text.replace("&", "&&")


class _Formats:
    def __init__(self, wb: Any) -> None:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
        border = {"border": 1, "border_color": "#808080"}

        def make(**props: Any) -> Any:
            return wb.add_format({**base, **props})

        self.org = make(bold=True, align="center")
        self.parent = make(align="center")
        self.motto = make(bold=True, align="center")
        self.motto2 = make(bold=True, underline=1, align="center")
        self.date = make(italic=True, align="center")
        self.title = make(bold=True, font_size=14, align="center")
        self.subtitle = make(italic=True, align="center")
        self.header = make(bold=True, bg_color="#DDEBF7", align="center", text_wrap=True, **border)
        self.group = make(bold=True, bg_color="#F2F2F2", align="center", text_wrap=True, **border)
        self.text = make(**border)
        self.wrap = make(text_wrap=True, valign="top", **border)
        self.center = make(align="center", **border)
        self.number = make(num_format="0.##", align="center", **border)
        self.percent = make(num_format="0.0%", align="center", **border)
        self.bold = make(bold=True, **border)
        self.bold_number = make(bold=True, num_format="0.##", align="center", **border)
        self.plain = make()
        self.plain_bold = make(bold=True)
        self.sign = make(bold=True, align="center")
        self.sign_note = make(italic=True, align="center")
        self.red = wb.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
        self.green = wb.add_format({"bg_color": "#C6EFCE", "font_color": "#006100"})
        self.grey = wb.add_format({"font_color": "#808080"})


def _page(
    ws: Any,
    compact: Compact,
    landscape: bool,
    title_rows: tuple[int, int] | None,
    title_cols: str | None = None,
    scale: int = 0,
) -> None:
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    if scale:
        ws.set_print_scale(scale)  # wide tables: readable print over several pages
    else:
        ws.fit_to_pages(1, 0)
    if title_rows:
        ws.repeat_rows(*title_rows)
    if title_cols:
        ws.repeat_columns(title_cols)
    ws.set_margins(left=0.5, right=0.4, top=0.7, bottom=0.6)
    ws.set_header(
        f'&L&"{FONT},Bold"&9{_header_text(compact.organizer.name.upper())}&R&"{FONT},Italic"&9{_header_text(compact.title)}'
    )
    ws.set_footer(f'&C&"{FONT},Regular"&9Trang &P/&N')


def _letterhead(
    ws: Any, f: _Formats, compact: Compact, width: int, when: datetime, title: str, subtitle: str
) -> int:
    """The administrative header; returns the next free row."""
    half = max(1, width // 2)
    left_end, right_start, last = half - 1, half, max(half, width - 1)
    parent = compact.organizer.parent.upper()
    if parent:
        ws.merge_range(0, 0, 0, left_end, parent, f.parent)
    ws.merge_range(1, 0, 1, left_end, compact.organizer.name.upper(), f.org)
    ws.merge_range(0, right_start, 0, last, MOTTO, f.motto)
    ws.merge_range(1, right_start, 1, last, MOTTO_2, f.motto2)
    place = compact.organizer.place or "……"
    ws.merge_range(
        3,
        right_start,
        3,
        last,
        f"{place}, ngày {when.day:02d} tháng {when.month:02d} năm {when.year}",
        f.date,
    )
    ws.merge_range(5, 0, 5, last, title, f.title)
    ws.merge_range(6, 0, 6, last, subtitle, f.subtitle)
    return 8


def _signature(ws: Any, f: _Formats, compact: Compact, row: int, width: int) -> int:
    half = max(1, width // 2)
    last = max(half, width - 1)
    ws.write_string(row, 0, "Nơi nhận:", f.plain_bold)
    ws.write_string(row + 1, 0, "- Các trường trong khối;", f.plain)
    ws.write_string(row + 2, 0, "- Lưu: VT.", f.plain)
    signer = compact.signer
    ws.merge_range(row, half, row, last, signer.title.upper() or "NGƯỜI KÝ", f.sign)
    ws.merge_range(row + 1, half, row + 1, last, "(Ký, ghi rõ họ tên và đóng dấu)", f.sign_note)
    ws.merge_range(row + 5, half, row + 5, last, signer.name, f.sign)
    return row + 6


def _value(ws: Any, row: int, col: int, value: Any, f: _Formats) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, f.center)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", f.center)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, f.number)
    else:
        ws.write_string(row, col, str(value), f.center)


# --------------------------------------------------------------------------- sheets


def _overview(wb: Any, f: _Formats, result: MergeResult, when: datetime) -> None:
    compact = result.compact
    ws = wb.add_worksheet(OVERVIEW)
    widths = [28, 11, 11, 11, 11, 11, 12, 12]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    row = _letterhead(
        ws,
        f,
        compact,
        len(widths),
        when,
        "BẢNG TỔNG HỢP GIAO ƯỚC THI ĐUA",
        f"Năm học {compact.school_year} — {label(result.period)}",
    )
    headers = ["Khối thi đua", "Số trường", "Đã nộp", "Hợp lệ", "Có lỗi", "Chưa nộp", "Tỷ lệ nộp"]
    if result.scored:
        headers.append("Điểm trung bình")
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, f.header)
    first = row + 1
    for bloc in compact.blocs:
        row += 1
        members = [r for r in result.schools if r.school.bloc == bloc.code]
        submitted = [r for r in members if r.status != "missing"]
        valid = [r for r in members if r.status == "valid"]
        ws.write_string(row, 0, bloc.name, f.text)
        for col, number in enumerate(
            [
                len(members),
                len(submitted),
                len(valid),
                len(submitted) - len(valid),
                len(members) - len(submitted),
            ],
            start=1,
        ):
            ws.write_number(row, col, number, f.center)
        ws.write_number(row, 6, len(submitted) / len(members) if members else 0, f.percent)
        if result.scored:
            totals = [r.score.total for r in valid if r.score and r.score.total is not None]
            if totals:
                ws.write_number(row, 7, sum(totals) / len(totals), f.number)
            else:
                ws.write_blank(row, 7, None, f.center)
    last = row
    row += 1
    ws.write_string(row, 0, "Cộng", f.bold)
    for col in range(1, 6):
        ws.write_formula(
            row,
            col,
            f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})",
            f.bold_number,
            sum(_bloc_counts(result)[col - 1]),
        )
    counts = _bloc_counts(result)
    ws.write_formula(
        row,
        6,
        f"=IF({xl_rowcol_to_cell(row, 1)}=0,0,{xl_rowcol_to_cell(row, 2)}/{xl_rowcol_to_cell(row, 1)})",
        f.percent,
        sum(counts[1]) / sum(counts[0]) if sum(counts[0]) else 0,
    )
    if result.scored:
        ws.write_blank(row, 7, None, f.bold)

    row += 2
    ws.write_string(row, 0, "Tệp trong thư mục bài nộp", f.plain_bold)
    statuses: dict[str, int] = {}
    for outcome in result.files:
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    for status, count in sorted(
        statuses.items(), key=lambda item: list(FILE_STATUSES).index(item[0])
    ):
        row += 1
        ws.write_string(row, 0, FILE_STATUSES[status], f.text)
        ws.write_number(row, 1, count, f.center)
    row = _signature(ws, f, compact, row + 2, len(widths)) + 2  # the charts follow, as annexes

    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    for col, name, color in (
        (3, "Hợp lệ", "#70AD47"),
        (4, "Có lỗi", "#FFC000"),
        (5, "Chưa nộp", "#C00000"),
    ):
        chart.add_series(
            {
                "name": name,
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
    row += 13
    if result.scored:
        tiers = [t.name for t in result.compact.tiers]
        ws.write_string(row, 0, "Xếp loại", f.header)
        ws.write_string(row, 1, "Số trường", f.header)
        for index, tier in enumerate(tiers, start=1):
            ws.write_string(row + index, 0, tier, f.text)
            ws.write_number(
                row + index,
                1,
                sum(
                    1
                    for r in result.schools
                    if r.status == "valid" and r.score and r.score.tier == tier
                ),
                f.center,
            )
        tier_chart = wb.add_chart({"type": "column"})
        tier_chart.add_series(
            {
                "name": "Số trường",
                "categories": [OVERVIEW, row + 1, 0, row + len(tiers), 0],
                "values": [OVERVIEW, row + 1, 1, row + len(tiers), 1],
                "fill": {"color": "#4472C4"},
            }
        )
        tier_chart.set_title(
            {"name": "Phân bố xếp loại (trường hợp lệ)", "name_font": {"name": FONT, "size": 12}}
        )
        tier_chart.set_legend({"none": True})
        tier_chart.set_y_axis({"min": 0})
        tier_chart.set_size({"width": 620, "height": 240})
        ws.insert_chart(row + len(tiers) + 2, 0, tier_chart)
        row += len(tiers) + 15
    _page(ws, compact, landscape=False, title_rows=None)


def _bloc_counts(result: MergeResult) -> list[list[int]]:
    columns: list[list[int]] = [[], [], [], [], []]
    for bloc in result.compact.blocs:
        members = [r for r in result.schools if r.school.bloc == bloc.code]
        submitted = sum(r.status != "missing" for r in members)
        valid = sum(r.status == "valid" for r in members)
        for column, value in zip(
            columns,
            [len(members), submitted, valid, submitted - valid, len(members) - submitted],
            strict=True,
        ):
            column.append(value)
    return columns


def _bloc(wb: Any, f: _Formats, result: MergeResult, bloc: Bloc, when: datetime) -> None:
    compact = result.compact
    members = [r for r in result.schools if r.school.bloc == bloc.code]
    levels = [lv for lv in Level if any(lv in r.school.levels for r in members)]
    targets = compact.targets_for(levels)
    scored = result.scored
    per = ["ĐK", "KQ", "Đạt"] if scored else ["ĐK", "Đạt ngưỡng"]
    fixed = ["STT", "Mã trường", "Tên trường", "Trạng thái"]
    tail = ["Tổng điểm", "Xếp loại", "Xếp hạng"] if scored else ["Số chỉ tiêu đạt ngưỡng", "Tỷ lệ"]
    width = len(fixed) + len(per) * len(targets) + len(tail)
    ws = wb.add_worksheet(bloc_sheet_name(bloc))
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 9)
    ws.set_column(2, 2, 34)
    ws.set_column(3, 3, 12)
    ws.set_column(len(fixed), len(fixed) + len(per) * len(targets) - 1, 6.5)
    ws.set_column(width - len(tail), width - 1, 11)
    row = _letterhead(
        ws,
        f,
        compact,
        min(width, 16),
        when,
        f"KẾT QUẢ GIAO ƯỚC THI ĐUA — {bloc.name.upper()}",
        f"Năm học {compact.school_year} — {label(result.period)}",
    )
    # header rows: contents, groups, targets, sub-columns
    content_row, group_row, target_row, sub_row = row, row + 1, row + 2, row + 3
    for col, text in enumerate(fixed):
        ws.merge_range(content_row, col, sub_row, col, text, f.header)
    groups = {g.code: g for g in compact.target_groups}
    contents = {c.number: c for c in compact.contents}
    start = len(fixed)
    spans: dict[str, list[tuple[int, int, str]]] = {
        "content": [],
        "group": [],
    }  # (first, last, text)
    for index, target in enumerate(targets):
        col = start + index * len(per)
        group = groups.get(target.group)
        content = contents.get(group.content) if group and group.content is not None else None
        content_text = f"Nội dung {content.number}" if content else ""
        group_text = f"{group.code}. {group.title}" if group else target.group
        for kind, text in (("content", content_text), ("group", group_text)):
            line = spans[kind]
            if line and line[-1][2] == text and line[-1][1] == col - 1:
                line[-1] = (line[-1][0], col + len(per) - 1, text)  # the same header: widen it
            else:
                line.append((col, col + len(per) - 1, text))
        if len(per) > 1:
            ws.merge_range(target_row, col, target_row, col + len(per) - 1, target.code, f.header)
        else:
            ws.write_string(target_row, col, target.code, f.header)
        ws.write_comment(xl_rowcol_to_cell(target_row, col), target.text[:250], {"font_name": FONT})
        for offset, text in enumerate(per):
            ws.write_string(sub_row, col + offset, text, f.header)
    for kind, items in spans.items():
        header_row = content_row if kind == "content" else group_row
        for first, last, text in items:
            if first == last:
                ws.write_string(header_row, first, text, f.group)
            else:
                ws.merge_range(header_row, first, header_row, last, text, f.group)
    for offset, text in enumerate(tail):
        col = width - len(tail) + offset
        ws.merge_range(content_row, col, sub_row, col, text, f.header)
    ws.set_row(group_row, 45)
    # one row per school of the bloc
    first_data = sub_row + 1
    row = first_data
    for number, school_row in enumerate(members, start=1):
        _school_line(ws, f, row, number, school_row, targets, per, start, scored, width)
        row += 1
    last_data = row - 1
    # the bloc row: averages, count and share meeting each target
    if members:
        ws.merge_range(row, 0, row, 3, "Trung bình của khối", f.bold)
        ws.merge_range(row + 1, 0, row + 1, 3, "Số trường đạt / tỷ lệ", f.bold)
        for index, target in enumerate(targets):
            col = start + index * len(per)
            for offset in range(len(per) - 1):
                values = [
                    v
                    for v in (_cell_value(r, target.code, offset) for r in members)
                    if isinstance(v, (int, float)) and not isinstance(v, bool)
                ]
                if values:
                    ws.write_number(row, col + offset, sum(values) / len(values), f.bold_number)
                else:
                    ws.write_blank(row, col + offset, None, f.bold)
            marks = [_met(r, target.code) for r in members if r.status != "missing"]
            met = sum(1 for m in marks if m)
            judged = sum(1 for m in marks if m is not None)
            share = f"{met}/{judged} ({met / judged:.0%})" if judged else ""
            ws.merge_range(row + 1, col, row + 1, col + len(per) - 1, share, f.center) if len(
                per
            ) > 1 else ws.write_string(row + 1, col, share, f.center)
            ws.write_blank(row, col + len(per) - 1, None, f.bold)
        for col in range(width - len(tail), width):
            ws.write_blank(row, col, None, f.bold)
            ws.write_blank(row + 1, col, None, f.bold)
        if scored:
            totals = [
                r.score.total
                for r in members
                if r.status == "valid" and r.score and r.score.total is not None
            ]
            if totals:
                ws.write_number(row, width - 3, sum(totals) / len(totals), f.bold_number)
    ws.freeze_panes(first_data, 3)
    ws.autofilter(sub_row, 0, max(sub_row, last_data), width - 1)
    # conditional formatting: not met red, met green, top tier green
    if last_data >= first_data:
        met_cols = [start + i * len(per) + len(per) - 1 for i in range(len(targets))]
        for col in met_cols:
            ws.conditional_format(
                first_data,
                col,
                last_data,
                col,
                {"type": "cell", "criteria": "==", "value": f'"{NOT_MET}"', "format": f.red},
            )
            ws.conditional_format(
                first_data,
                col,
                last_data,
                col,
                {"type": "cell", "criteria": "==", "value": f'"{MET}"', "format": f.green},
            )
        if scored and compact.tiers:
            tier_col = width - 2
            ws.conditional_format(
                first_data,
                tier_col,
                last_data,
                tier_col,
                {
                    "type": "cell",
                    "criteria": "==",
                    "value": '"' + compact.tiers[0].name.replace('"', '""') + '"',
                    "format": f.green,
                },
            )
        ws.conditional_format(
            first_data,
            3,
            last_data,
            3,
            {"type": "cell", "criteria": "==", "value": '"Chưa nộp"', "format": f.grey},
        )
        ws.conditional_format(
            first_data,
            3,
            last_data,
            3,
            {"type": "cell", "criteria": "==", "value": '"Có lỗi"', "format": f.red},
        )
    after = row + 3
    if scored and members:
        chart = wb.add_chart({"type": "bar"})
        name = bloc_sheet_name(bloc)
        chart.add_series(
            {
                "name": "Tổng điểm",
                "categories": [name, first_data, 2, last_data, 2],
                "values": [name, first_data, width - 3, last_data, width - 3],
                "fill": {"color": "#4472C4"},
            }
        )
        chart.set_title(
            {"name": f"Tổng điểm — {bloc.name}", "name_font": {"name": FONT, "size": 12}}
        )
        chart.set_legend({"none": True})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 720, "height": max(300, 18 * len(members) + 80)})
        ws.insert_chart(after, 2, chart)
        after += max(16, len(members) + 6)
    _signature(ws, f, compact, after, min(width, 16))
    _page(
        ws, compact, landscape=True, title_rows=(content_row, sub_row), title_cols="A:C", scale=75
    )


def _cell_value(row: SchoolRow, code: str, offset: int) -> Any:
    score = _target(row, code)
    if score is None:
        return None
    return score.registration if offset == 0 else score.result


def _target(row: SchoolRow, code: str) -> TargetScore | None:
    if row.score is None:
        return None
    return next((t for t in row.score.targets if t.code == code), None)


def _met(row: SchoolRow, code: str) -> bool | None:
    score = _target(row, code)
    return None if score is None else score.met


_STATUS_LABELS = {"valid": "Hợp lệ", "with-errors": "Có lỗi", "missing": "Chưa nộp"}


def _school_line(
    ws: Any,
    f: _Formats,
    row: int,
    number: int,
    school_row: SchoolRow,
    targets: list[Target],
    per: list[str],
    start: int,
    scored: bool,
    width: int,
) -> None:
    ws.write_number(row, 0, number, f.center)
    ws.write_string(row, 1, school_row.school.code, f.center)
    ws.write_string(row, 2, school_row.school.name, f.text)
    ws.write_string(row, 3, _STATUS_LABELS[school_row.status], f.center)
    scores = {t.code: t for t in school_row.score.targets} if school_row.score else {}
    raw = school_row.outcome.raw if school_row.outcome else {}
    for index, target in enumerate(targets):
        col = start + index * len(per)
        score = scores.get(target.code)
        if score is None:
            for offset in range(len(per)):
                ws.write_blank(row, col + offset, None, f.center)
            continue
        typed = raw.get(target.code, (None, None))
        _value(ws, row, col, score.registration if score.registration is not None else typed[0], f)
        if scored:
            _value(ws, row, col + 1, score.result if score.result is not None else typed[1], f)
        mark = "" if score.met is None else MET if score.met else NOT_MET
        ws.write_string(row, col + len(per) - 1, mark, f.center)
    score_all = school_row.score
    if scored:
        if score_all and score_all.total is not None and school_row.status != "missing":
            ws.write_number(row, width - 3, score_all.total, f.number)
            ws.write_string(row, width - 2, score_all.tier, f.center)
        else:
            ws.write_blank(row, width - 3, None, f.center)
            ws.write_blank(row, width - 2, None, f.center)
        if school_row.rank is not None:
            ws.write_number(row, width - 1, school_row.rank, f.center)
        else:
            ws.write_blank(row, width - 1, None, f.center)
    elif score_all and school_row.status != "missing":
        ws.write_number(row, width - 2, score_all.compliant, f.center)
        ws.write_number(
            row,
            width - 1,
            score_all.compliant / score_all.applicable if score_all.applicable else 0,
            f.percent,
        )
    else:
        ws.write_blank(row, width - 2, None, f.center)
        ws.write_blank(row, width - 1, None, f.center)


def _status(wb: Any, f: _Formats, result: MergeResult) -> None:
    ws = wb.add_worksheet(STATUS)
    widths = [5, 10, 36, 14, 16, 60, 40, 66, 18, 10]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.write_string(0, 0, "TÌNH TRẠNG NỘP CỦA CÁC TRƯỜNG", f.plain_bold)
    headers = ["STT", "Mã trường", "Tên trường", "Khối", "Trạng thái", "Lý do", "Tệp"]
    for col, text in enumerate(headers):
        ws.write_string(1, col, text, f.header)
    row = 2
    for number, school_row in enumerate(result.schools, start=1):
        values = [
            school_row.school.code,
            school_row.school.name,
            school_row.school.bloc,
            school_row.status,
            school_row.reason,
            school_row.file,
        ]
        ws.write_number(row, 0, number, f.center)
        for col, value in enumerate(values, start=1):
            ws.write_string(row, col, value, f.text)
        row += 1
    row += 1
    ws.write_string(row, 0, "CÁC TỆP TRONG THƯ MỤC BÀI NỘP", f.plain_bold)
    row += 1
    headers = [
        "STT",
        "Trạng thái",
        "Tệp",
        "Trường",
        "Kích thước",
        "Lý do",
        "Ngày sửa đổi",
        "SHA-256",
    ]
    for col, text in enumerate(headers):
        ws.write_string(row, col, text, f.header)
    row += 1
    for number, outcome in enumerate(result.files, start=1):
        ws.write_number(row, 0, number, f.center)
        ws.write_string(row, 1, outcome.status, f.text)
        ws.write_string(row, 2, outcome.name, f.text)
        ws.write_string(row, 3, outcome.school, f.text)
        ws.write_number(row, 4, outcome.size, f.center)
        ws.write_string(row, 5, outcome.reason, f.text)
        ws.write_string(
            row,
            6,
            datetime.fromtimestamp(outcome.mtime).strftime("%d/%m/%Y %H:%M:%S")
            if outcome.mtime
            else "",
            f.text,
        )
        ws.write_string(row, 7, outcome.sha256, f.text)
        row += 1
    ws.freeze_panes(2, 0)
    _page(ws, result.compact, landscape=True, title_rows=None)


def _findings(wb: Any, f: _Formats, result: MergeResult) -> None:
    ws = wb.add_worksheet(FINDINGS)
    headers = ["STT", "Tệp", "Trường", "Mức độ", "Sheet", "Ô", "Chỉ tiêu", "Mã", "Nội dung"]
    widths = [5, 36, 9, 9, 12, 6, 9, 22, 90]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        ws.set_column(col, col, width)
        ws.write_string(0, col, text, f.header)
    row = 1
    for number, finding in enumerate(result.findings, start=1):
        ws.write_number(row, 0, number, f.center)
        values = [
            finding.file,
            finding.school,
            SEVERITY_LABELS[finding.severity],
            finding.sheet,
            finding.cell,
            finding.target,
            finding.code,
            finding.message,
        ]
        for col, value in enumerate(values, start=1):
            ws.write_string(row, col, str(value), f.text)
        row += 1
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(0, row - 1), len(headers) - 1)
    _page(ws, result.compact, landscape=True, title_rows=(0, 0))


def _comments(wb: Any, f: _Formats, result: MergeResult) -> None:
    ws = wb.add_worksheet(COMMENTS)
    headers = [
        "STT",
        "Mã trường",
        "Tên trường",
        "Chỉ tiêu",
        "Nội dung chỉ tiêu",
        "Góp ý của trường",
    ]
    widths = [5, 10, 32, 9, 50, 70]
    for col, (text, width) in enumerate(zip(headers, widths, strict=True)):
        ws.set_column(col, col, width)
        ws.write_string(0, col, text, f.header)
    targets = {t.code: t for t in result.compact.targets}
    row = 1
    for school_row in result.schools:
        if school_row.outcome is None:
            continue
        for code, comment in school_row.outcome.comments:
            target = targets.get(code)
            values = [
                school_row.school.code,
                school_row.school.name,
                code,
                target.text if target else "",
                comment,
            ]
            ws.write_number(row, 0, row, f.center)
            for col, value in enumerate(values, start=1):
                ws.write_string(row, col, value, f.wrap)
            row += 1
    ws.freeze_panes(1, 0)
    _page(ws, result.compact, landscape=True, title_rows=(0, 0))


def _data(wb: Any, f: _Formats, result: MergeResult) -> None:
    ws = wb.add_worksheet(DATA)
    columns = [
        "Mã trường",
        "Tên trường",
        "Khối",
        "Chỉ tiêu",
        "Kỳ",
        "Đăng ký",
        "Kết quả",
        "Đạt",
        "Điểm",
    ]
    widths = [10, 34, 10, 9, 18, 10, 10, 8, 8]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    period = label(result.period)
    # The longest sheet of the summary (schools × targets rows): written straight from the
    # scores with the typed write methods bound once, no intermediate rows.
    write_string, write_number = ws.write_string, ws.write_number
    scored = result.scored
    r = 0
    for school_row in result.schools:
        if school_row.score is None:
            continue
        school = school_row.school
        code, name, bloc = school.code, school.name, school.bloc
        for score in school_row.score.targets:
            r += 1
            write_string(r, 0, code)
            write_string(r, 1, name)
            write_string(r, 2, bloc)
            write_string(r, 3, score.code)
            write_string(r, 4, period)
            for c, value in ((5, score.registration), (6, score.result)):
                if value is None:
                    continue
                if isinstance(value, bool):
                    write_string(r, c, "Có" if value else "Không")
                elif isinstance(value, (int, float)):
                    write_number(r, c, value)
                else:
                    write_string(r, c, str(value))
            if score.met is not None:
                write_string(r, 7, "Có" if score.met else "Không")
            if scored and score.points is not None:
                write_number(r, 8, score.points)
    ws.add_table(
        0,
        0,
        max(1, r),  # r: the last data row
        len(columns) - 1,
        {
            "name": "DuLieuGiaoUoc",
            "style": "Table Style Light 9",
            "columns": [{"header": c} for c in columns],
        },
    )
    ws.freeze_panes(1, 0)


def _log(wb: Any, f: _Formats, result: MergeResult, when: datetime) -> None:
    ws = wb.add_worksheet(LOG)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 2, 66)
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
    for row, (key, value) in enumerate(facts):
        ws.write_string(row, 0, key, f.bold)
        ws.write_string(row, 1, value, f.text)
    row = len(facts) + 1
    for col, text in enumerate(["Tệp", "Trạng thái", "SHA-256"]):
        ws.write_string(row, col, text, f.header)
    for outcome in result.files:
        row += 1
        ws.write_string(row, 0, outcome.name, f.text)
        ws.write_string(row, 1, outcome.status, f.text)
        ws.write_string(row, 2, outcome.sha256, f.text)


def build_summary(
    result: MergeResult, output: str | os.PathLike[str], when: datetime | None = None
) -> None:
    """Write the summary workbook of ``result`` to ``output`` (not atomic: see write_summary)."""
    when = when or datetime.now()
    wb = xlsxwriter.Workbook(
        str(output),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "default_format_properties": {"font_name": FONT, "font_size": 11},
        },
    )
    wb.set_properties(
        {
            "title": f"Bảng tổng hợp — {result.compact.title}",
            "author": result.compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
        }
    )
    f = _Formats(wb)
    _overview(wb, f, result, when)
    for bloc in result.compact.blocs:
        _bloc(wb, f, result, bloc, when)
    _status(wb, f, result)
    _findings(wb, f, result)
    _comments(wb, f, result)
    _data(wb, f, result)
    _log(wb, f, result, when)
    wb.close()


def write_summary(
    result: MergeResult, path: str | os.PathLike[str], when: datetime | None = None
) -> Path:
    """Write the summary workbook atomically: an interrupted write leaves the previous one."""
    with atomic_output(path) as tmp:
        build_summary(result, tmp, when)
    return Path(path)
