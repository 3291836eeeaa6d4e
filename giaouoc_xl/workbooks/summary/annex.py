"""The annex of a bloc (phụ lục): each school's registration, result and verdict per target,
under the headers of its contents and groups; its total, tier and rank next to its name at the
left, frozen; the bloc's averages; a bar chart of the totals on a chart sheet of its own.

Written row by row (``constant_memory``), so its headers draw "merged" cells with borders
instead of merging rows. Printed A4 landscape at a readable scale: the targets are split by
content onto further pages, each repeating the school columns and the header rows. Its top is
NĐ 30's form of an annex ("PHỤ LỤC", its title, "(Kèm theo …)" the document it belongs to), with
no national motto of its own; it stands over the school columns, so that every page of the annex
carries it whole (repeated columns print every row of theirs); the issuer is in the running
header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from ...core.codes import SCHOOL_STATUS_WORDS, SchoolStatus
from ...core.model import Bloc, Compact, Level, Target, label
from ...core.numbers import NumberKind, rounded
from ...core.results import MergeResult, SchoolRow
from ..documents.blocks import column_points, number_text, row_height, width_units
from ..documents.layout import INTEGER, NUMBER, merged
from ..documents.print_style import FONT, PAGE_NUMBERS, running_header
from ..documents.text_metrics import text_width, wrap
from ..table import put
from .data import TARGET_FIELDS, target_values
from .result_table import ordered, ranks
from .style import MET, NOT_MET, Formats, chart_page, criteria_equals

SIZE = 10.0  # the grid's font size
PAD = 5.0
MIN_SCALE, MAX_SCALE = 0.6, 1.0
#: Printable width of A4 landscape within the annex's margins (297 - 15 - 10 mm), in points.
PAGE_WIDTH = (297 - 15 - 10) * 72 / 25.4
SCORED_PARTS = ("ĐK", "KQ", "Đạt")  # per target: registration, result, met
REGISTRATION_PARTS = ("ĐK", "Đạt ngưỡng")
#: The school's columns at the left: key, header, width cap in points (None: sized to fit);
#: every annex starts with these, then has its own.
_SCHOOL = (
    ("number", "STT", None),
    ("code", "Mã trường", None),
    ("name", "Tên trường", 170.0),
    ("status", "Trạng thái", None),
)
#: After a scored annex's totals: the school's tier and rank.
_PLACE = (("tier", "Xếp loại", 150.0), ("rank", "Xếp hạng", None))
SCORED_FIXED = (*_SCHOOL, ("total", "Tổng điểm", None), *_PLACE)
#: With an appraisal book: the school's own total beside the verified one (totals: the result
#: table's "Tự chấm" and "Thẩm định" are standard points, before Cộng and Trừ).
APPRAISED_FIXED = (
    *_SCHOOL,
    ("self_total", "Tổng tự chấm", None),
    ("total", "Tổng thẩm định", None),
    *_PLACE,
)
REGISTRATION_FIXED = (
    *_SCHOOL,
    ("compliant", "Số chỉ tiêu đạt ngưỡng", None),
    ("share", "Tỷ lệ", None),
)


@dataclass
class Grid:
    """Where everything is on a bloc's annex, and how wide."""

    targets: list[Target]
    scored: bool
    widths: list[float]  # XlsxWriter units, every column
    appraised: bool = False  # with an appraisal book: the school's own total too
    ranked: bool = True  # False: a compact that only recognises, no column of ranks

    @property
    def fixed(self) -> tuple[tuple[str, str, float | None], ...]:
        if not self.scored:
            return REGISTRATION_FIXED
        fixed = APPRAISED_FIXED if self.appraised else SCORED_FIXED
        return fixed if self.ranked else tuple(c for c in fixed if c[0] != "rank")

    @property
    def parts(self) -> tuple[str, ...]:
        return SCORED_PARTS if self.scored else REGISTRATION_PARTS

    def col(self, key: str) -> int:
        return next(i for i, (k, _, _) in enumerate(self.fixed) if k == key)

    def target_col(self, index: int, part: int = 0) -> int:
        return len(self.fixed) + index * len(self.parts) + part

    def mark_col(self, index: int) -> int:
        return self.target_col(index, len(self.parts) - 1)

    @property
    def width(self) -> int:
        return len(self.fixed) + len(self.parts) * len(self.targets)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return number_text(value)
    return "" if value is None else str(value)


def _fixed_values(row: SchoolRow, grid: Grid, number: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        "number": number,
        "code": row.school.code,
        "name": row.school.name,
        "status": SCHOOL_STATUS_WORDS[row.status],
    }
    score = row.summary
    if score is None or row.status is SchoolStatus.MISSING:
        return values
    if grid.scored:
        if score.total is not None:
            values.update(total=score.total, tier=score.tier, rank=row.rank)
            own = row.self_summary or score
            values["self_total"] = own.total
    else:
        values.update(
            compliant=score.compliant,
            share=round(100 * score.compliant / score.applicable, 1) if score.applicable else 0.0,
        )
    return values


@dataclass
class Body:
    """A bloc's school rows as the annex shows them, worked out once."""

    fixed: list[dict[str, Any]]  # per school: its fixed columns' values
    cells: list[list[Any]]  # per school: a value per target column (the mark as ✓, ✗ or "")
    means: dict[int, float]  # target column -> the bloc's mean (of the usable values)
    shares: list[str]  # per target: "15/19 (79 %)" of the schools judged
    mean_total: float | None


def _body(grid: Grid, members: list[SchoolRow]) -> Body:
    parts = len(grid.parts)
    codes = [t.code for t in grid.targets]
    shown = [TARGET_FIELDS.index(name) for name in ("registration", "result")[: parts - 1]]
    code_at, met_at = TARGET_FIELDS.index("code"), TARGET_FIELDS.index("met")
    unscored = [None] * (parts - 1) + [""]  # a target the school has no score for
    fixed, cells = [], []
    sums: dict[int, list[float]] = {}
    met = [0] * len(codes)
    judged = [0] * len(codes)
    for number, row in enumerate(members, start=1):
        fixed.append(_fixed_values(row, grid, number))
        scores = {values[code_at]: values for values in target_values(row)}
        raw: dict[str, tuple[Any, Any]] | None = None  # as typed: read only when needed
        counted = row.status is not SchoolStatus.MISSING
        line: list[Any] = []
        for index, code in enumerate(codes):
            score = scores.get(code)
            if score is None:
                line += unscored
                continue
            for part, at in enumerate(shown):
                value = score[at]
                if value is None:  # not usable: the value as the school typed it
                    if raw is None:
                        raw = row.outcome.unpacked().raw if row.outcome else {}
                    value = raw.get(code, (None, None))[part]
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sums.setdefault(index * parts + part, []).append(value)
                line.append(value)
            mark = score[met_at]
            if mark is None:
                line.append("")
            else:
                line.append(MET if mark else NOT_MET)
                if counted:
                    judged[index] += 1
                    met[index] += mark
        cells.append(line)
    totals = [r.total for r in members if r.total is not None] if grid.scored else []
    return Body(
        fixed,
        cells,
        {col: sum(v) / len(v) for col, v in sums.items()},
        [
            f"{m}/{j} ({round(100 * m / j)} %)" if j else ""
            for m, j in zip(met, judged, strict=True)
        ],
        sum(totals) / len(totals) if totals else None,
    )


def _widest(values: Any, need: float, bold: bool = False) -> float:
    """The widest of ``need`` and the values as shown, each distinct value measured once (a
    value and its type: True is not 1)."""
    for _, value in set(zip(map(type, values), values, strict=True)):
        width = text_width(_shown(value), SIZE, bold)
        if width > need:
            need = width
    return need


def _grid(
    compact: Compact, members: list[SchoolRow], scored: bool, appraised: bool = False
) -> tuple[Grid, Body]:
    """The annex's columns, each as wide as its longest value (the bloc's rows included)."""
    levels = [lv for lv in Level if any(lv in r.school.levels for r in members)]
    grid = Grid(compact.targets_for(levels), scored, [], appraised, ranks(compact))
    body = _body(grid, members)
    needs: list[float] = []
    for key, header, cap in grid.fixed:
        need = max(text_width(word, SIZE, bold=True) for word in header.split())
        need = _widest([values.get(key) for values in body.fixed], need)
        if key == "total" and body.mean_total is not None:
            need = max(need, text_width(number_text(body.mean_total), SIZE, bold=True))
        needs.append(min(need + PAD, cap) if cap else need + PAD)
    parts = len(grid.parts)
    columns = list(zip(*body.cells, strict=True))  # per target column: every school
    for index, target in enumerate(grid.targets):
        first = len(needs)
        for part, header in enumerate(grid.parts):
            column = index * parts + part
            need = max(text_width(target.code, SIZE, True) / parts, text_width(header, SIZE, True))
            if part < parts - 1:
                need = _widest(columns[column], need) if columns else need
                if column in body.means:
                    need = max(need, text_width(number_text(body.means[column]), SIZE, True))
            needs.append(need + PAD)
        short = text_width(body.shares[index], SIZE) + PAD - sum(needs[first:])
        if short > 0:  # the count of schools meeting it, under the target's columns
            needs[-1] += short
    grid.widths = [width_units(n * 1.02) for n in needs]
    return grid, body


def write_annex(
    wb: Any, f: Formats, result: MergeResult, bloc: Bloc, sheet: str
) -> tuple[int, int, Grid] | None:
    """The annex of ``bloc``; returns its first and last school rows and its grid (for the
    chart), or None for a bloc without schools."""
    compact = result.compact
    members = ordered(result.members(bloc))
    grid, body = _grid(compact, members, result.scored, result.appraisal is not None)
    scale, breaks = plan_columns(grid, compact)
    ws = wb.add_worksheet(sheet)
    for index, width in enumerate(grid.widths):
        ws.set_column(index, index, width)
    top = _title(ws, f, grid, result, bloc)
    first = _headers(ws, f, compact, grid, top, breaks)
    _school_lines(ws, f, first, members, grid, body)
    last = first + len(members) - 1
    if members:
        _bloc_rows(ws, f, grid, body, last + 1)
    ws.freeze_panes(first, len(grid.fixed))
    ws.autofilter(first - 1, 0, max(first - 1, last), grid.width - 1)
    if last >= first:
        _highlights(ws, f, compact, grid, first, last)
    _page(ws, compact, grid, (top, first - 1), scale, breaks)
    return (first, last, grid) if members else None


def _title(ws: Any, f: Formats, grid: Grid, result: MergeResult, bloc: Bloc) -> int:
    """NĐ 30's annex top over the school columns; returns the next free row."""
    compact = result.compact
    document = "kết quả chấm điểm thi đua" if result.scored else "đăng ký chỉ tiêu giao ước thi đua"
    last = len(grid.fixed) - 1
    room = _points(grid, 0, last) - PAD
    note = f"(Kèm theo Bảng tổng hợp {document} năm học {compact.school_year}"
    what = f"{bloc.name} — {label(result.period)})"
    if len(wrap(f"{note}, {what}", room, 11.0, italic=True)) > 1:
        what = "\n" + what  # the bloc and the period together on a line of their own
    lines = (
        ("PHỤ LỤC", f.annex_title, 13.0, True),
        (f"KẾT QUẢ CHI TIẾT THEO CHỈ TIÊU — {bloc.name.upper()}", f.annex_title, 13.0, True),
        (f"{note}, {what}", f.annex_note, 11.0, False),
    )
    for row, (text, fmt, size, bold) in enumerate(lines):
        ws.set_row(row, row_height(len(wrap(text, room, size, bold, italic=not bold)), size))
        merged(ws, row, 0, last, text, fmt)
    ws.set_row(len(lines), 8)
    ws.write_blank(len(lines), 0, None, f.plain)  # row by row, an empty row needs a cell
    return len(lines) + 1


def _headers(ws: Any, f: Formats, compact: Compact, grid: Grid, top: int, breaks: list[int]) -> int:
    """Four header rows (contents, groups, targets, parts); returns the first data row. The
    school columns' headings stand in the last row, the cells above them bordered alike; a
    content or group split by a page break is headed on both pages."""
    content_row, group_row, target_row, part_row = top, top + 1, top + 2, top + 3
    spans = {
        row: _spans(compact, grid, kind, breaks)
        for row, kind in ((content_row, "content"), (group_row, "group"))
    }
    group_height = max(
        [30.0]
        + [
            row_height(len(wrap(text, _points(grid, a, b) - PAD, SIZE, True)), SIZE)
            for a, b, text in spans[group_row]
        ]
    )
    for row, height in ((content_row, 15.0), (group_row, group_height), (target_row, 15.0)):
        ws.set_row(row, height)
        for col in range(len(grid.fixed)):
            ws.write_blank(row, col, None, f.header_open)
        for first, last, text in spans.get(row, []):
            merged(ws, row, first, last, text, f.group)
        if row == target_row:
            for index, target in enumerate(grid.targets):
                col = grid.target_col(index)
                merged(ws, row, col, grid.mark_col(index), target.code, f.header)
                ws.write_comment(
                    xl_rowcol_to_cell(row, col), target.text[:250], {"font_name": FONT}
                )
    fixed_lines = max(
        len(wrap(header, column_points(grid.widths[i]) - PAD, SIZE, True))
        for i, (_, header, _) in enumerate(grid.fixed)
    )
    ws.set_row(part_row, row_height(fixed_lines, SIZE))
    for col, (_, header, _) in enumerate(grid.fixed):
        ws.write_string(part_row, col, header, f.header_closed)
    for index in range(len(grid.targets)):
        for offset, text in enumerate(grid.parts):
            ws.write_string(part_row, grid.target_col(index, offset), text, f.header)
    return part_row + 1


def _points(grid: Grid, first: int, last: int) -> float:
    return sum(column_points(w) for w in grid.widths[first : last + 1])


def _spans(
    compact: Compact, grid: Grid, kind: str, breaks: list[int] | tuple[int, ...] = ()
) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of the content or group headers over the targets; a
    header is split where a page starts (its second part marked "(tiếp)")."""
    groups = {g.code: g for g in compact.target_groups}
    contents = {c.number: c for c in compact.contents}
    spans: list[tuple[int, int, str]] = []
    texts: list[str] = []  # each span's text before any "(tiếp)"
    for index, target in enumerate(grid.targets):
        col, end = grid.target_col(index), grid.mark_col(index)
        group = groups.get(target.group)
        if kind == "content":
            content = contents.get(group.content) if group and group.content is not None else None
            text = f"Nội dung {content.number}" if content else ""
        else:
            text = f"{group.code}. {group.title}" if group else target.group
        if texts and texts[-1] == text and spans[-1][1] == col - 1:
            if col not in breaks:
                spans[-1] = (spans[-1][0], end, spans[-1][2])  # the same header: widen it
                continue
            spans.append((col, end, f"{text} (tiếp)" if text else ""))
        else:
            spans.append((col, end, text))
        texts.append(text)
    return spans


def _school_lines(
    ws: Any, f: Formats, first: int, members: list[SchoolRow], grid: Grid, body: Body
) -> None:
    """Every school's row: the fixed columns by their format, the targets' values centred (a
    number by the one number rule: points, decimal comma), their marks as text. What each
    column needs is settled once for the sheet, not per cell."""
    room = column_points(grid.widths[grid.col("name")]) - PAD
    fixed = []
    for col, (key, _, _) in enumerate(grid.fixed):
        fmt = f.fixed.get(key, f.grid_center)
        count = fmt is f.grid_int
        kind = NumberKind.COUNT if count else NumberKind.POINTS
        fixed.append((col, key, fmt, kind, fmt if count else f.grid_number))
    parts, start = len(grid.parts), len(grid.fixed)
    marks = [column % parts == parts - 1 for column in range(len(grid.targets) * parts)]
    center, number, points = f.grid_center, f.grid_number, NumberKind.POINTS
    set_row, write_string = ws.set_row, ws.write_string
    for row, school_row, values, line in zip(
        range(first, first + len(members)), members, body.fixed, body.cells, strict=True
    ):
        set_row(row, row_height(len(wrap(school_row.school.name, room, SIZE)), SIZE))
        for col, key, fmt, kind, number_fmt in fixed:
            put(ws, row, col, values.get(key), fmt, kind, number_fmt)
        for col, value, mark in zip(range(start, start + len(line)), line, marks, strict=True):
            if mark:
                write_string(row, col, value, center)
            else:
                put(ws, row, col, value, center, points, number)


def _bloc_rows(ws: Any, f: Formats, grid: Grid, body: Body, row: int) -> None:
    """The bloc's averages, and how many schools meet each target (row by row)."""
    _bloc_label(ws, f, grid, row, "Trung bình của khối")
    if body.mean_total is not None:
        ws.write_number(row, grid.col("total"), rounded(body.mean_total), f.grid_bold_number)
    parts, start = len(grid.parts), len(grid.fixed)
    for column in range(len(grid.targets) * parts):
        if column in body.means:
            ws.write_number(row, start + column, rounded(body.means[column]), f.grid_bold_number)
        else:
            ws.write_blank(row, start + column, None, f.grid_bold)
    _bloc_label(ws, f, grid, row + 1, "Số trường đạt / tỷ lệ")
    for index, share in enumerate(body.shares):
        ws.merge_range(
            row + 1, grid.target_col(index), row + 1, grid.mark_col(index), share, f.grid_center
        )


def _bloc_label(ws: Any, f: Formats, grid: Grid, row: int, text: str) -> None:
    name = grid.col("name")
    ws.set_row(row, row_height(1, SIZE))
    ws.write_blank(row, 0, None, f.grid_bold)
    ws.merge_range(row, 1, row, name, text, f.grid_bold)
    for col in range(name + 1, len(grid.fixed)):
        ws.write_blank(row, col, None, f.grid_bold)


def _highlights(ws: Any, f: Formats, compact: Compact, grid: Grid, first: int, last: int) -> None:
    """Not met red, met green, the top tier green; a missing school grey, errors and an unusable file red. The marks
    of every target in one rule each (a range of many columns)."""
    marks = [grid.mark_col(index) for index in range(len(grid.targets))]
    rules: list[tuple[list[int], str, Any]] = []
    if marks:
        rules += [(marks, NOT_MET, f.red), (marks, MET, f.green)]
    if grid.scored and compact.tiers:
        rules.append(([grid.col("tier")], compact.tiers[0].name, f.green))
    status = grid.col("status")
    rules.append(([status], SCHOOL_STATUS_WORDS[SchoolStatus.MISSING], f.grey))
    rules.append(([status], SCHOOL_STATUS_WORDS[SchoolStatus.WITH_ERRORS], f.red))
    rules.append(([status], SCHOOL_STATUS_WORDS[SchoolStatus.UNUSABLE], f.red))  # sent, not read
    for columns, text, fmt in rules:
        ranges = " ".join(xl_range(first, col, last, col) for col in columns)
        ws.conditional_format(
            first, columns[0], last, columns[0],
            {"type": "cell", "criteria": "==", "value": criteria_equals(text), "format": fmt,
             "multi_range": ranges},
        )  # fmt: skip


def _page(
    ws: Any, compact: Compact, grid: Grid, headers: tuple[int, int], scale: int, breaks: list[int]
) -> None:
    """A4 landscape: the school columns and the header rows on every page, the targets split
    by content (then group, then target) at the largest readable scale."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=15 / 25.4, right=10 / 25.4, top=15 / 25.4, bottom=15 / 25.4)
    ws.hide_gridlines(2)
    ws.repeat_rows(*headers)
    ws.repeat_columns(0, len(grid.fixed) - 1)
    ws.set_print_scale(scale)
    if breaks:
        ws.set_v_pagebreaks(breaks)
    ws.set_header(running_header(compact.organizer.name.upper(), compact.title, 9))
    ws.set_footer(PAGE_NUMBERS)


def plan_columns(grid: Grid, compact: Compact) -> tuple[int, list[int]]:
    """(print scale in %, the columns where a page starts): the largest scale at which the
    school columns and each content's targets fit the page width, at least 60 %; contents
    packed onto pages in order, a content wider than a page split at its groups' edges."""
    fixed = _points(grid, 0, len(grid.fixed) - 1) * 5.5 / 5.25
    blocks = _blocks(grid, compact)
    widest = max((w for _, w in blocks), default=0.0)
    scale = max(MIN_SCALE, min(MAX_SCALE, PAGE_WIDTH / (fixed + widest) if widest else MAX_SCALE))
    scale = int(scale * 100) / 100
    room = PAGE_WIDTH / scale - fixed
    breaks: list[int] = []
    used = 0.0
    for start, width in blocks:
        if used and used + width > room:
            breaks.append(start)
            used = 0.0
        used += width
    return int(scale * 100), breaks


def _blocks(grid: Grid, compact: Compact) -> list[tuple[int, float]]:
    """(first column, printed width) of each content's targets; a content too wide for a page
    at the smallest scale comes as its groups, and a group as its targets."""
    room = PAGE_WIDTH / MIN_SCALE - _points(grid, 0, len(grid.fixed) - 1) * 5.5 / 5.25
    lo = 5.5 / 5.25
    out: list[tuple[int, float]] = []
    for level in ("content", "group"):
        out = []
        for first, last, _ in _spans(compact, grid, level):
            out.append((first, _points(grid, first, last) * lo))
        if all(width <= room for _, width in out):
            return out
    return [
        (grid.target_col(i), _points(grid, grid.target_col(i), grid.mark_col(i)) * lo)
        for i in range(len(grid.targets))
    ]


def write_annex_chart(
    wb: Any, sheet: str, chart_sheet: str, bloc: Bloc, rows: tuple[int, int, Grid]
) -> None:
    """The bloc's totals as bars, on a chart sheet of its own."""
    first, last, grid = rows
    chart = wb.add_chart({"type": "bar"})
    name, total = grid.col("name"), grid.col("total")
    chart.add_series(
        {
            "name": "Tổng điểm",
            "categories": [sheet, first, name, last, name],
            "values": [sheet, first, total, last, total],
            "fill": {"color": "#4472C4"},
            "data_labels": {"value": True, "num_format": NUMBER, "font": {"name": FONT, "size": 8}},
        }
    )
    chart.set_title({"name": f"Tổng điểm — {bloc.name}", "name_font": {"name": FONT, "size": 14}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True, "num_font": {"name": FONT, "size": 8}})
    chart.set_x_axis({"min": 0, "num_format": INTEGER, "num_font": {"name": FONT}})
    chart_page(wb, chart_sheet, chart)
