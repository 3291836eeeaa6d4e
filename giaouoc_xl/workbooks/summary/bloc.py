"""One sheet per bloc: each school's registration, result and verdict per target under the
headers of its content and group, its total, tier and rank; the bloc's averages; a chart.

The sheet's columns are declared once by :class:`BlocGrid`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from ...core.codes import SCHOOL_STATUS_WORDS, SchoolStatus
from ...core.model import Bloc, Compact, Level, Target, label
from ...core.results import MergeResult, SchoolRow
from ...core.scoring import TargetScore
from ..print_style import FONT
from .style import MET, NOT_MET, Formats, criteria_equals, letterhead, page, signature, write_value

#: The school's columns at the left: key, header, width.
FIXED = (
    ("number", "STT", 5),
    ("code", "Mã trường", 9),
    ("name", "Tên trường", 34),
    ("status", "Trạng thái", 12),
)
TARGET_WIDTH = 6.5
TAIL_WIDTH = 11
SCORED_PARTS = ("ĐK", "KQ", "Đạt")  # per target: registration, result, met
REGISTRATION_PARTS = ("ĐK", "Đạt ngưỡng")  # per target: registration, meets the threshold
SCORED_TAIL = (("total", "Tổng điểm"), ("tier", "Xếp loại"), ("rank", "Xếp hạng"))
REGISTRATION_TAIL = (("compliant", "Số chỉ tiêu đạt ngưỡng"), ("share", "Tỷ lệ"))
LETTERHEAD_COLUMNS = 16


def bloc_sheet_name(bloc: Bloc) -> str:
    """A valid, unique-enough sheet name for a bloc."""
    return re.sub(r"[\[\]:*?/\\']", "-", f"Khối {bloc.code}")[:31]


@dataclass(frozen=True)
class BlocGrid:
    """Where everything is on a bloc's sheet."""

    targets: list[Target]
    scored: bool

    @property
    def parts(self) -> tuple[str, ...]:
        return SCORED_PARTS if self.scored else REGISTRATION_PARTS

    @property
    def tail(self) -> tuple[tuple[str, str], ...]:
        return SCORED_TAIL if self.scored else REGISTRATION_TAIL

    @property
    def width(self) -> int:
        return len(FIXED) + len(self.parts) * len(self.targets) + len(self.tail)

    def col(self, key: str) -> int:
        """The column of a fixed (left) or tail (right) key."""
        for index, (name, *_) in enumerate(FIXED):
            if name == key:
                return index
        keys = [name for name, _ in self.tail]
        return self.width - len(keys) + keys.index(key)

    def target_col(self, index: int, part: int = 0) -> int:
        """The column of a target's part (0: registration, 1: result, last: met)."""
        return len(FIXED) + index * len(self.parts) + part

    def mark_col(self, index: int) -> int:
        return self.target_col(index, len(self.parts) - 1)


def write_bloc(wb: Any, f: Formats, result: MergeResult, bloc: Bloc, when: datetime) -> None:
    compact = result.compact
    members = result.members(bloc)
    levels = [lv for lv in Level if any(lv in r.school.levels for r in members)]
    grid = BlocGrid(compact.targets_for(levels), result.scored)
    ws = wb.add_worksheet(bloc_sheet_name(bloc))
    _columns(ws, grid)
    title = f"KẾT QUẢ GIAO ƯỚC THI ĐUA — {bloc.name.upper()}"
    subtitle = f"Năm học {compact.school_year} — {label(result.period)}"
    top = letterhead(ws, f, compact, min(grid.width, LETTERHEAD_COLUMNS), when, title, subtitle)
    first = _headers(ws, f, compact, grid, top)
    for number, school_row in enumerate(members, start=1):
        _school_line(ws, f, first + number - 1, number, school_row, grid)
    last = first + len(members) - 1
    if members:
        _bloc_rows(ws, f, grid, members, last + 1)
    ws.freeze_panes(first, 3)
    ws.autofilter(first - 1, 0, max(first - 1, last), grid.width - 1)
    if last >= first:
        _highlights(ws, f, compact, grid, first, last)
    after = last + 4
    if result.scored and members:
        after = _chart(wb, ws, bloc, grid, first, last, after)
    signature(ws, f, compact, after, min(grid.width, LETTERHEAD_COLUMNS))
    page(ws, compact, landscape=True, title_rows=(top, first - 1), title_cols="A:C", scale=75)


def _columns(ws: Any, grid: BlocGrid) -> None:
    for col, (_, _, width) in enumerate(FIXED):
        ws.set_column(col, col, width)
    ws.set_column(grid.target_col(0), grid.target_col(len(grid.targets)) - 1, TARGET_WIDTH)
    ws.set_column(grid.width - len(grid.tail), grid.width - 1, TAIL_WIDTH)


def _headers(ws: Any, f: Formats, compact: Compact, grid: BlocGrid, top: int) -> int:
    """Four header rows (contents, groups, targets, parts); returns the first data row."""
    content_row, group_row, target_row, part_row = top, top + 1, top + 2, top + 3
    for col, (_, text, _) in enumerate(FIXED):
        ws.merge_range(content_row, col, part_row, col, text, f.header)
    parts = grid.parts
    for index, target in enumerate(grid.targets):
        col = grid.target_col(index)
        if len(parts) > 1:
            ws.merge_range(target_row, col, target_row, col + len(parts) - 1, target.code, f.header)
        else:
            ws.write_string(target_row, col, target.code, f.header)
        ws.write_comment(xl_rowcol_to_cell(target_row, col), target.text[:250], {"font_name": FONT})
        for offset, text in enumerate(parts):
            ws.write_string(part_row, col + offset, text, f.header)
    for row, spans in (
        (content_row, _spans(compact, grid, "content")),
        (group_row, _spans(compact, grid, "group")),
    ):
        for first, last, text in spans:
            if first == last:
                ws.write_string(row, first, text, f.group)
            else:
                ws.merge_range(row, first, row, last, text, f.group)
    for key, text in grid.tail:
        col = grid.col(key)
        ws.merge_range(content_row, col, part_row, col, text, f.header)
    ws.set_row(group_row, 45)
    return part_row + 1


def _spans(compact: Compact, grid: BlocGrid, kind: str) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of the content or group headers over the targets."""
    groups = {g.code: g for g in compact.target_groups}
    contents = {c.number: c for c in compact.contents}
    spans: list[tuple[int, int, str]] = []
    width = len(grid.parts)
    for index, target in enumerate(grid.targets):
        col = grid.target_col(index)
        group = groups.get(target.group)
        if kind == "content":
            content = contents.get(group.content) if group and group.content is not None else None
            text = f"Nội dung {content.number}" if content else ""
        else:
            text = f"{group.code}. {group.title}" if group else target.group
        if spans and spans[-1][2] == text and spans[-1][1] == col - 1:
            spans[-1] = (spans[-1][0], col + width - 1, text)  # the same header: widen it
        else:
            spans.append((col, col + width - 1, text))
    return spans


def _scores(row: SchoolRow) -> dict[str, TargetScore]:
    return {t.code: t for t in row.score.targets} if row.score else {}


def _school_line(
    ws: Any, f: Formats, row: int, number: int, school_row: SchoolRow, grid: BlocGrid
) -> None:
    ws.write_number(row, grid.col("number"), number, f.center)
    ws.write_string(row, grid.col("code"), school_row.school.code, f.center)
    ws.write_string(row, grid.col("name"), school_row.school.name, f.text)
    ws.write_string(row, grid.col("status"), SCHOOL_STATUS_WORDS[school_row.status], f.center)
    scores = _scores(school_row)
    raw = school_row.outcome.raw if school_row.outcome else {}
    for index, target in enumerate(grid.targets):
        col = grid.target_col(index)
        score = scores.get(target.code)
        if score is None:
            for offset in range(len(grid.parts)):
                ws.write_blank(row, col + offset, None, f.center)
            continue
        typed = raw.get(target.code, (None, None))
        write_value(
            ws, row, col, score.registration if score.registration is not None else typed[0], f
        )
        if grid.scored:
            write_value(ws, row, col + 1, score.result if score.result is not None else typed[1], f)
        mark = "" if score.met is None else MET if score.met else NOT_MET
        ws.write_string(row, grid.mark_col(index), mark, f.center)
    if grid.scored:
        _scored_tail(ws, f, row, school_row, grid)
    else:
        _registration_tail(ws, f, row, school_row, grid)


def _scored_tail(ws: Any, f: Formats, row: int, school_row: SchoolRow, grid: BlocGrid) -> None:
    score = school_row.score
    if score and score.total is not None and school_row.status is not SchoolStatus.MISSING:
        ws.write_number(row, grid.col("total"), score.total, f.number)
        ws.write_string(row, grid.col("tier"), score.tier, f.center)
    else:
        ws.write_blank(row, grid.col("total"), None, f.center)
        ws.write_blank(row, grid.col("tier"), None, f.center)
    if school_row.rank is not None:
        ws.write_number(row, grid.col("rank"), school_row.rank, f.center)
    else:
        ws.write_blank(row, grid.col("rank"), None, f.center)


def _registration_tail(
    ws: Any, f: Formats, row: int, school_row: SchoolRow, grid: BlocGrid
) -> None:
    score = school_row.score
    if score and school_row.status is not SchoolStatus.MISSING:
        share = score.compliant / score.applicable if score.applicable else 0
        ws.write_number(row, grid.col("compliant"), score.compliant, f.center)
        ws.write_number(row, grid.col("share"), share, f.percent)
    else:
        ws.write_blank(row, grid.col("compliant"), None, f.center)
        ws.write_blank(row, grid.col("share"), None, f.center)


def _bloc_rows(ws: Any, f: Formats, grid: BlocGrid, members: list[SchoolRow], row: int) -> None:
    """The bloc's averages, and how many schools meet each target."""
    ws.merge_range(row, 0, row, len(FIXED) - 1, "Trung bình của khối", f.bold)
    ws.merge_range(row + 1, 0, row + 1, len(FIXED) - 1, "Số trường đạt / tỷ lệ", f.bold)
    scores = [(r, _scores(r)) for r in members]
    for index, target in enumerate(grid.targets):
        col = grid.target_col(index)
        for part in range(len(grid.parts) - 1):  # the registration, and the result
            values = [_part(s.get(target.code), part) for _, s in scores]
            numbers = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
            if numbers:
                ws.write_number(row, col + part, sum(numbers) / len(numbers), f.bold_number)
            else:
                ws.write_blank(row, col + part, None, f.bold)
        marks = [
            s[target.code].met if target.code in s else None
            for r, s in scores
            if r.status is not SchoolStatus.MISSING
        ]
        met = sum(1 for m in marks if m)
        judged = sum(1 for m in marks if m is not None)
        share = f"{met}/{judged} ({met / judged:.0%})" if judged else ""
        if len(grid.parts) > 1:
            ws.merge_range(row + 1, col, row + 1, grid.mark_col(index), share, f.center)
        else:
            ws.write_string(row + 1, col, share, f.center)
        ws.write_blank(row, grid.mark_col(index), None, f.bold)
    for col in range(grid.width - len(grid.tail), grid.width):
        ws.write_blank(row, col, None, f.bold)
        ws.write_blank(row + 1, col, None, f.bold)
    if grid.scored:
        totals = [r.total for r in members if r.total is not None]
        if totals:
            ws.write_number(row, grid.col("total"), sum(totals) / len(totals), f.bold_number)


def _part(score: TargetScore | None, part: int) -> Any:
    if score is None:
        return None
    return score.registration if part == 0 else score.result


def _highlights(
    ws: Any, f: Formats, compact: Compact, grid: BlocGrid, first: int, last: int
) -> None:
    """Not met red, met green, the top tier green; a missing school grey, errors red."""
    rules: list[tuple[int, str, Any]] = []
    for index in range(len(grid.targets)):
        col = grid.mark_col(index)
        rules += [(col, NOT_MET, f.red), (col, MET, f.green)]
    if grid.scored and compact.tiers:
        rules.append((grid.col("tier"), compact.tiers[0].name, f.green))
    status = grid.col("status")
    rules.append((status, SCHOOL_STATUS_WORDS[SchoolStatus.MISSING], f.grey))
    rules.append((status, SCHOOL_STATUS_WORDS[SchoolStatus.WITH_ERRORS], f.red))
    for col, text, fmt in rules:
        ws.conditional_format(
            first,
            col,
            last,
            col,
            {"type": "cell", "criteria": "==", "value": criteria_equals(text), "format": fmt},
        )


def _chart(wb: Any, ws: Any, bloc: Bloc, grid: BlocGrid, first: int, last: int, at: int) -> int:
    """A bar chart of the schools' totals below the table; returns the row after it."""
    members = last - first + 1
    chart = wb.add_chart({"type": "bar"})
    name = bloc_sheet_name(bloc)
    total = grid.col("total")
    chart.add_series(
        {
            "name": "Tổng điểm",
            "categories": [name, first, grid.col("name"), last, grid.col("name")],
            "values": [name, first, total, last, total],
            "fill": {"color": "#4472C4"},
        }
    )
    chart.set_title({"name": f"Tổng điểm — {bloc.name}", "name_font": {"name": FONT, "size": 12}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_size({"width": 720, "height": max(300, 18 * members + 80)})
    ws.insert_chart(at, 2, chart)
    return at + max(16, members + 6)
