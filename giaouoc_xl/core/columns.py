"""A column of a table in any book, declared once: what the writer lays out and what the reader
finds by its header. Pure data (the school workbook's columns are declared in the core, where the
checker reports findings by them).

Every book declares its tables as tuples of :class:`Column`; the shared machinery of the
workbook layer (:mod:`giaouoc_xl.workbooks.table`) writes their headers and cells and finds them
again in a returned book, whatever order, case or spacing its headers have now.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import fold
from .numbers import EXCEL_FORMATS, NumberKind


@dataclass(frozen=True)
class Column:
    """One column of a table.

    ``key`` names it in code; ``header`` is what people read (and what the reader looks for);
    ``width`` in a spreadsheet's character units; ``number``: the kind of number it holds (its
    precision and format, :mod:`giaouoc_xl.core.numbers`), None for text; ``input``: people type
    into it (unlocked, highlighted); ``optional``: books made before it existed do not have it,
    and that is no finding; ``choices`` / ``strict``: a drop-down list, and whether a value not
    in it is refused; ``help``: the hint shown on the cell; ``aliases``: earlier headers it is
    still found by; ``center``, ``max_width``, ``min_width``: how a printed document lays it
    out; ``format``: the cells' format when they hold no number (text, a date)."""

    key: str
    header: str
    width: float = 10.0
    number: NumberKind | None = None
    input: bool = False
    optional: bool = False
    choices: Sequence[str] | str | None = None
    strict: bool = True
    help: str = ""
    aliases: tuple[str, ...] = ()
    #: In a printed document (widths measured from the text): centred rather than left, and
    #: the bounds of the measured width in points.
    center: bool = False
    max_width: float | None = None
    min_width: float = 0.0
    #: The cells' format where they hold no number of a kind: ``"@"`` (text, kept as typed:
    #: codes with leading zeros), a date's ``"DD/MM/YYYY"``.
    format: str = ""

    @property
    def cell_format(self) -> str:
        """The cells' number format: their number kind's Vietnamese format, else ``format``,
        else General."""
        if self.number is not None:
            return EXCEL_FORMATS[self.number]
        return self.format or "General"


def headers(columns: Iterable[Column]) -> dict[str, str]:
    """Each header (and alias), folded (case, spacing, Unicode form), -> its column's key."""
    found: dict[str, str] = {}
    for column in columns:
        for text in (column.header, *column.aliases):
            found.setdefault(fold(text), column.key)
    return found
