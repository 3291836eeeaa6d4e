"""Worksheets made of plain value grids, shaped like openpyxl's for the readers.

The Excel buttons read a live workbook through xlwings as lists of rows of values; wrapping
them in ``GridWorkbook`` lets the compact book reader run on them unchanged, so a button gives
the same findings as the command line for the same workbook.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openpyxl.utils import get_column_letter


class GridCell:
    """A cell: value, position and number format ("General" unless the grid knows better)."""

    __slots__ = ("column", "number_format", "row", "value")

    def __init__(self, row: int, column: int, value: Any, number_format: str = "General") -> None:
        self.row, self.column, self.value = row, column, value
        self.number_format = number_format

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column)

    @property
    def coordinate(self) -> str:
        return f"{self.column_letter}{self.row}"


class GridSheet:
    """A worksheet of values, rows and columns numbered from 1 like openpyxl's."""

    def __init__(
        self,
        title: str,
        rows: Sequence[Sequence[Any]],
        number_formats: Mapping[tuple[int, int], str] | None = None,
    ) -> None:
        self.title = title
        self._rows = [list(row) for row in rows]
        self.max_column = max((len(row) for row in self._rows), default=0)
        self._formats = number_formats or {}

    def cell(self, row: int, column: int) -> GridCell:
        values = self._rows[row - 1] if 0 < row <= len(self._rows) else []
        value = values[column - 1] if 0 < column <= len(values) else None
        return GridCell(row, column, value, self._formats.get((row, column), "General"))

    def iter_rows(
        self, min_row: int = 1, max_row: int | None = None
    ) -> Iterator[tuple[GridCell, ...]]:
        last = len(self._rows) if max_row is None else min(max_row, len(self._rows))
        for r in range(min_row, last + 1):
            yield tuple(self.cell(r, c) for c in range(1, max(self.max_column, 1) + 1))


class GridWorkbook:
    """Sheets of values by name, in order."""

    def __init__(
        self,
        sheets: Mapping[str, Sequence[Sequence[Any]]],
        number_formats: Mapping[str, Mapping[tuple[int, int], str]] | None = None,
    ) -> None:
        formats = number_formats or {}
        self.worksheets = [
            GridSheet(name, rows, formats.get(name)) for name, rows in sheets.items()
        ]

    def close(self) -> None:
        return None


def calamine_grids(data: bytes) -> dict[str, list[list[Any]]]:
    """Every sheet's values, read by python-calamine from the bytes of a guarded workbook."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        return {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names
        }
    finally:
        book.close()
