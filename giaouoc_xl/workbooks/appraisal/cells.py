"""Values as the appraisal book's reader reads them: one cell's value as text or a whole
number, a table's rows found by its header, a date and a time typed in any of the ways staff
type them, and the finding of a value that cannot be used (by its sheet and cell)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import xlsxwriter

from ...core.appraisal import Appraisal
from ...core.codes import Severity
from ...core.findings import Finding
from ...core.model import nfc
from ...core.numbers import NumberKind, rounded, vn
from ...core.values import tidy_number
from ..table import find_header
from .layout import HEADER_SEARCH, SHEETS

__all__ = [
    "Grid",
    "Row",
    "canon",
    "cell_name",
    "clock",
    "day",
    "invalid",
    "rows",
    "same",
    "shown",
    "table_header",
    "text",
    "typed_rows",
    "value_at",
    "whole",
]

Grid = Sequence[Sequence[Any]]


# --------------------------------------------------------------------------- values as read


def canon(value: Any) -> str:
    """A value as one text, to tell whether a school's reported value changed."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return str(tidy_number(float(value)))
    return nfc(str(value))


def shown(value: Any, kind: NumberKind = NumberKind.POINTS) -> str:
    """A value as a message quotes it: a number by the Vietnamese rule ("95,5"), else as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return vn(value, kind)
    return canon(value)


def same(old: Any, new: Any, kind: NumberKind) -> bool:
    """Whether two reported values are the same as the book shows them (to ``kind``'s
    precision: the book keeps a number rounded to it)."""

    def shown_as(value: Any) -> Any:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return rounded(value, kind) if number else value

    return canon(shown_as(old)) == canon(shown_as(new))


def text(value: Any) -> str:
    """A cell's value as text; '' for an empty cell."""
    return "" if value is None else canon(value)


def whole(value: Any) -> int | None:
    """A whole number typed (votes, members), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return int(number) if number >= 0 and number == int(number) else None


def value_at(cells: Sequence[Any], col: dict[str, int], key: str) -> Any:
    index = col.get(key)
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str):
        return nfc(value) or None
    if isinstance(value, float) and value != value:
        return None
    return value


def table_header(grid: Grid, sheet: str) -> tuple[int, dict[str, int]]:
    """The header row (0-based) and key -> column of a sheet, found by header text."""
    table = SHEETS[sheet]
    return find_header(grid, table.columns, table.anchor, rows=HEADER_SEARCH)


def cell_name(col: int | None, r: int) -> str:
    """The cell at 0-based column ``col`` of 0-based row ``r`` ("J12"); '' with no column."""
    return f"{xlsxwriter.utility.xl_col_to_name(col)}{r + 1}" if col is not None else ""


class Row:
    """One row of a sheet's table as read: its values by column key."""

    __slots__ = ("cells", "col", "r")

    def __init__(self, r: int, cells: Sequence[Any], col: dict[str, int]) -> None:
        self.r, self.cells, self.col = r, cells, col

    def value(self, key: str) -> Any:
        """The value under ``key`` (None: empty, or no such column)."""
        return value_at(self.cells, self.col, key)

    def text(self, key: str) -> str:
        return text(self.value(key))

    def cell(self, key: str) -> str:
        """Where the value under ``key`` is ("J12"); '' when the column is missing."""
        return cell_name(self.col.get(key), self.r)


def rows(grid: Grid, sheet: str) -> Iterator[Row]:
    """Each row below a sheet's header that names its anchor (a school, a bloc)."""
    header, col = table_header(grid, sheet)
    if header < 0:
        return
    anchor = SHEETS[sheet].anchor
    for r in range(header + 1, len(grid)):
        row = Row(r, grid[r], col)
        if row.text(anchor):
            yield row


def typed_rows(grid: Grid, sheet: str) -> Iterator[Row]:
    """Each row below a sheet's header with anything typed in its columns (the sheets staff
    fill in freely: a row without its anchor is read too, to be reported)."""
    found, col = table_header(grid, sheet)
    if found < 0:
        return
    for r in range(found + 1, len(grid)):
        row = Row(r, grid[r], col)
        if any(row.value(key) is not None for key in col):
            yield row


def invalid(
    appraisal: Appraisal, sheet: str, cell: str, value: Any, message: str, school: str = ""
) -> None:
    """A value typed in the book that cannot be used: an error naming its sheet and cell."""
    appraisal.findings.append(
        Finding(code="appraisal-invalid-value", severity=Severity.ERROR, message=message,
                file=appraisal.name, school=school, sheet=sheet, cell=cell, value=value)
    )  # fmt: skip


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: "14:30", "14 giờ 30", "14h30", "14g", "8 giờ 00 phút", "14:30:00".
_TIME_TEXT = re.compile(r"(\d{1,2})\s*(?::|giờ|gio|h|g)\s*(\d{1,2})?\s*(?:phút|phut|p|:\d{1,2})?")


def day(value: Any) -> date | None:
    """A date typed in a cell: a date (a date-formatted cell), "12/6/2021", "12-06-2021",
    "2021-06-12", or a day number of a General cell; None when it is none of these."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return date(1899, 12, 30) + timedelta(days=int(value)) if 20000 < value < 80000 else None
    if isinstance(value, str):
        found = _DATE_TEXT.fullmatch(value.strip())
        numbers = (found[3], found[2], found[1]) if found else None
        iso = _ISO_DATE.fullmatch(value.strip())
        numbers = (iso[1], iso[2], iso[3]) if iso else numbers
        if numbers:
            try:
                return date(*(int(n) for n in numbers))
            except ValueError:
                return None
    return None


def clock(value: Any) -> time | None:
    """A time of day typed in a cell: a time (a time-formatted cell), a fraction of a day,
    "14:30", "14 giờ 30", "14h30"; None when it is none of these."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0 <= value < 1:
            return None
        minutes = round(value * 24 * 60)
        return time(minutes // 60 % 24, minutes % 60)
    if isinstance(value, str):
        found = _TIME_TEXT.fullmatch(value.strip().casefold())
        if found:
            hour, minute = int(found[1]), int(found[2] or 0)
            if hour < 24 and minute < 60:
                return time(hour, minute)
    return None
