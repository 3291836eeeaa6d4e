"""The summary's sheet of the last years (Các năm), with a history book: per bloc, each school's
total and rank of the school years before this one (from the history book, renamed and merged
schools through the office's table) and of this year, the change from last year; under each
bloc's table the bloc's average, highest and lowest total per year, and beside it a small chart
of them (XlsxWriter, a line per figure).

An annex: printed on A4 landscape, one bloc after another, a bloc's rows kept together with its
chart when they fit a page.
"""

from __future__ import annotations

from typing import Any

from ...core.codes import SchoolStatus
from ...core.history import year_start, year_text
from ...core.model import Bloc
from ...core.numbers import rounded
from ...core.progress import last_years, of_row
from ...core.results import MergeResult, SchoolRow
from ..documents.layout import NUMBER
from ..documents.print_style import FONT
from .style import Formats

__all__ = ["YEARS", "write_years"]

YEARS = "Các năm"
#: How many school years before this one the sheet shows.
SHOWN = 4
_CHART_ROWS = 14  # the chart's height in rows (a bloc shorter than it is padded)


def _years(result: MergeResult) -> list[str]:
    """The school years shown: those the history holds of the :data:`SHOWN` before this one,
    then this one."""
    assert result.history is not None
    start = year_start(result.compact.school_year)
    if start is None:
        return [result.compact.school_year]
    known = set(result.history.years)
    before = [year_text(s) for s in range(start - SHOWN, start) if year_text(s) in known]
    return [*before, result.compact.school_year]


def write_years(wb: Any, f: Formats, result: MergeResult) -> None:
    """The sheet, when the merge has a history book and results (else nothing)."""
    if result.history is None or not result.scored:
        return
    years = _years(result)
    ws = wb.add_worksheet(YEARS)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.repeat_rows(2)
    ws.set_column(0, 0, 5)
    ws.set_column(1, 1, 30)
    last = 1 + 2 * len(years)
    ws.set_column(2, last, 7.5)
    ws.set_column(last + 1, last + 1, 24)
    title = f"KẾT QUẢ CÁC NĂM HỌC CỦA TỪNG TRƯỜNG (SỔ LỊCH SỬ: {result.history_path or '—'})"
    ws.merge_range(0, 0, 0, last + 1, title, f.annex_title)
    ws.set_row(0, 30)
    header = ["STT", "Tên trường"]
    for year in years:
        header += [f"Tổng {year}", f"Thứ {year}"]
    header.append("So với năm trước")
    row = 2
    for col, text in enumerate(header):
        ws.write_string(row, col, text, f.header)
    ws.set_row(row, 42)
    row += 1
    breaks = []
    for bloc in result.compact.blocs:
        if row > 3:  # each bloc on a page of its own: its chart never cut
            breaks.append(row)
        row = _bloc(wb, ws, f, result, bloc, years, row, last)
    ws.set_h_pagebreaks(breaks[:1023])  # Excel's limit
    ws.freeze_panes(3, 2)


def _bloc(
    wb: Any,
    ws: Any,
    f: Formats,
    result: MergeResult,
    bloc: Bloc,
    years: list[str],
    row: int,
    last: int,
) -> int:
    """One bloc's rows, its figures per year and its chart; returns the next free row."""
    assert result.history is not None
    members = sorted(result.members(bloc), key=lambda r: (r.rank is None, r.rank or 0))
    ws.merge_range(row, 0, row, last + 1, bloc.name, f.group)
    row += 1
    first = row
    totals: dict[int, list[float]] = {i: [] for i in range(len(years))}
    for number, member in enumerate(members, start=1):
        ws.write_number(row, 0, number, f.grid_int)
        ws.write_string(row, 1, member.school.name, f.grid_text)
        past = {r.year: r for r in last_years(result.history, member.school.code,
                                               result.compact.school_year, SHOWN)}  # fmt: skip
        for index, year in enumerate(years):
            total, rank = _values(member, past.get(year), index == len(years) - 1)
            col = 2 + 2 * index
            _number(ws, row, col, total, f.grid_number)
            _number(ws, row, col + 1, rank, f.grid_int)
            if total is not None:
                totals[index].append(total)
        progress = of_row(result, member)
        score = member.summary
        said = (
            progress.short(score.total if score else None, member.rank)
            if progress is not None and member.status is SchoolStatus.VALID
            else ""
        )
        ws.write_string(row, last + 1, said, f.grid_center)
        row += 1
    figures = row + 1  # the first row of figures, below the years
    row, lowest = _figures(ws, f, years, totals, row)
    if any(totals.values()):
        _chart(wb, ws, bloc, years, figures, last + 2, first, lowest)
    return max(row, first + _CHART_ROWS) + 1


def _figures(
    ws: Any, f: Formats, years: list[str], totals: dict[int, list[float]], row: int
) -> tuple[int, float]:
    """The bloc's figures per year from ``row``, the years side by side (what the chart draws);
    returns the next free row and the lowest figure (at most 100)."""
    lowest = 100.0
    ws.write_string(row, 1, "Năm học", f.header)
    for index, year in enumerate(years):
        ws.write_string(row, 2 + index, year, f.header)
    ws.set_row(row, 30)
    row += 1
    for label_text, pick in (
        ("Trung bình khối", lambda v: sum(v) / len(v)),
        ("Cao nhất", max),
        ("Thấp nhất", min),
    ):
        ws.write_string(row, 1, label_text, f.grid_bold)
        for index in range(len(years)):
            values = totals[index]
            figure = rounded(pick(values)) if values else None
            _number(ws, row, 2 + index, figure, f.grid_bold_number)
            lowest = min(lowest, figure) if figure is not None else lowest
        row += 1
    return row, lowest


def _values(member: SchoolRow, record: Any, now: bool) -> tuple[float | None, int | None]:
    if now:
        valid = member.status is SchoolStatus.VALID and member.total is not None
        return (rounded(member.total) if valid else None), member.rank  # type: ignore[arg-type]
    if record is None:
        return None, None
    return record.total, record.rank


def _number(ws: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def _chart(
    wb: Any, ws: Any, bloc: Bloc, years: list[str], top: int, col: int, at: int, lowest: float
) -> None:
    """The bloc's average, highest and lowest total per year, a line each."""
    chart = wb.add_chart({"type": "line"})
    sheet = ws.get_name()
    colours = ("#4472C4", "#70AD47", "#C00000")
    end = 2 + len(years) - 1
    for offset, colour in zip(range(3), colours, strict=True):
        row = top + offset
        chart.add_series(
            {
                "name": [sheet, row, 1],
                "categories": [sheet, top - 1, 2, top - 1, end],
                "values": [sheet, row, 2, row, end],
                "line": {"color": colour, "width": 1.5},
                "marker": {"type": "circle", "size": 5, "fill": {"color": colour}},
            }
        )
    chart.set_title({"name": bloc.name, "name_font": {"name": FONT, "size": 10}})
    chart.set_legend({"position": "bottom", "font": {"name": FONT, "size": 8}})
    chart.set_x_axis({"num_font": {"name": FONT, "size": 8}})
    floor = max(0, int(lowest // 10) * 10 - 10)  # the lines apart, not flat at the top
    chart.set_y_axis({"min": floor, "num_format": NUMBER, "num_font": {"name": FONT, "size": 8}})
    chart.set_size({"width": 420, "height": 240})
    ws.insert_chart(at, col, chart, {"x_offset": 8, "y_offset": 4})
