"""What a document is made of, before it is laid out: the NĐ 30 heading, lines of text, tables
(their columns declared with the house's :class:`~giaouoc_xl.core.columns.Column`), signatures,
spacers; and how a value prints in it (the one number rule of :mod:`giaouoc_xl.core.numbers`).

A document's columns are declared with :mod:`.columns` (text, center, points, count).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ...core.columns import Column
from ...core.numbers import NumberKind, vn
from .print_style import SIGN_NOTE

#: A line's height / the font size.
LINE = 1.25


@dataclass(frozen=True)
class Link:
    """A cell's text that takes the reader to a place of the workbook ("'KQ K-TH'!A1")."""

    text: str
    target: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Heading:
    """The NĐ 30 heading: who issues the document, its number, place and date."""

    parent: str  # the governing body, e.g. "UBND HUYỆN THANH BA" (may be empty)
    organizer: str
    number: str  # "Số: ……/BC-……"
    place_date: str  # "Thanh Ba, ngày 12 tháng 06 năm 2021"


@dataclass(frozen=True)
class Lines:
    """Text across the whole width, one row per item (wrapped when long)."""

    texts: Sequence[str]
    style: str = "text"  # "title", "subtitle", "text", "bold", "italic"


@dataclass(frozen=True)
class Table:
    """Rows of values under column headers. The document's first table sets the columns of the
    sheet; a later table may lay its columns over ``spans`` of them (first, last)."""

    columns: Sequence[Column]
    rows: Sequence[dict[str, Any]]
    spans: Sequence[tuple[int, int]] | None = None
    repeat_header: bool = True


@dataclass(frozen=True)
class Signer:
    title: str  # "TRƯỞNG PHÒNG", "NGƯỜI LẬP BIỂU"
    name: str = ""
    note: str = SIGN_NOTE


@dataclass(frozen=True)
class Signatures:
    """Who signs: one at right (the issuer), and one at left when the form has one."""

    right: Signer
    left: Signer | None = None
    recipients: Sequence[str] = ()  # "Nơi nhận" at left, when no one signs there


@dataclass(frozen=True)
class Spacer:
    height: float = 8.0


Block = Lines | Table | Signatures | Spacer


@dataclass
class Document:
    """One sheet: a heading, then blocks, on A4 portrait (or landscape)."""

    sheet: str
    heading: Heading
    blocks: list[Block]
    landscape: bool = False
    size: float = 11.0
    one_page: bool = False  # always fit to one page (a slip), however small it gets
    #: the table's rows stay contiguous (charts read them): its header is repeated by title
    #: rows only, never copied into it (:func:`.layout._header_copies`)
    contiguous: bool = False


@dataclass
class Plan:
    """How a document was laid out (for the tests and the benchmark)."""

    widths: list[float]
    scale: float
    pages: int
    breaks: list[int] = field(default_factory=list)
    rows: int = 0
    tables: list[int] = field(default_factory=list)  # the header row of each table, in order
    signatures: int | None = None  # the first row of the signatures


def number_text(value: Any) -> str:
    """A number as a document prints it (:func:`giaouoc_xl.core.numbers.vn`): "95,5", "100"."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    return vn(value)


def value_text(value: Any) -> Any:
    """A value as a document shows it in a text column: Có/Không, numbers with the decimal
    comma and no needless decimals ("95,5", "100"), text as it is."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return vn(value)
    return "" if value is None else value


@lru_cache(maxsize=1024)  # asked for every cell of every document
def kind(column: Column) -> str:
    """How a document shows a column: "number" (points, percent: right-aligned), "int" (a count,
    centred), "center" (short centred text) or "text" (wraps within its width)."""
    if column.number is NumberKind.COUNT:
        return "int"
    if column.number is not None:
        return "number"
    return "center" if column.center else "text"


def shown(column: Column, value: Any) -> str:
    """The text a column's value prints as (numbers by the one number rule)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and column.number:
        return vn(value, column.number)
    return str(value_text(value))


def cell_value(column: Column, value: Any) -> Any:
    """What a document's cell holds: points and percentages as the text the one number rule
    prints ("95,46"), the same in every application and locale (Excel would take the decimal
    separator from Windows' settings); a count stays a number (it has no decimals to print)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if number and column.number in (NumberKind.POINTS, NumberKind.PERCENT):
        return vn(value, column.number)
    return value


def width_units(measure: float) -> float:
    """The smallest XlsxWriter column width holding ``measure`` points (Excel's narrower
    measure)."""
    pixels = math.ceil(measure / 0.75)
    return max(1.0, round((pixels - 5) / 7 + 0.05, 2))


def column_points(units: float, libreoffice: bool = False) -> float:
    """What a column of XlsxWriter width ``units`` measures (LibreOffice draws it 4.76 % wider)."""
    measure = (int(units * 7 + 0.5) + 5) * 0.75
    return measure * 5.5 / 5.25 if libreoffice else measure


def row_height(lines: int, size: float) -> float:
    return round(lines * size * LINE + 1.5, 2)
