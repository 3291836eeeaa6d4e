"""The table machinery every book shares: write a table's header and cells, find the table
again in a book that came back, and turn a reader's failure into one clear message.

- :func:`write_header` lays out a table's columns (declared once per book as
  :class:`~giaouoc_xl.core.columns.Column`: key, header, width, number kind, input…);
- :func:`put` writes one cell with XlsxWriter, :func:`put_cell` with openpyxl: text that came
  from a school or from staff is always written as text, never as a live formula; a number as a
  number rounded to its kind's precision (:mod:`giaouoc_xl.core.numbers`); Yes/No as Có/Không;
- :func:`find_header` finds a table's header row and each column's position by the header
  text: moved columns, headers retyped in another case or spacing, and missing columns are all
  read (a missing one is simply absent from the answer, for the caller to report);
- :func:`read_values` reads a guarded workbook's values with python-calamine, keeping what the
  reader printed off the terminal; any failure is the book's own :class:`UnreadableWorkbook`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.columns import Column
from ..core.columns import headers as column_headers
from ..core.errors import UnreadableWorkbook, is_reader_panic
from ..core.model import Compact, fold
from ..core.numbers import NumberKind, rounded
from .grid import calamine_grids
from .intake.native import Captured, captured

__all__ = [
    "compact_meta",
    "detail",
    "find_header",
    "put",
    "put_cell",
    "read_values",
    "write_header",
    "write_meta",
]

Grid = Sequence[Sequence[Any]]


#: The office's own books (the appraisal book, the history book) alike: a hidden technical
#: sheet, an instructions sheet, each table's header under its title and a line of help.
META = "_giaouoc"
INSTRUCTIONS = "Hướng dẫn"
HEADER_ROW = 3  # 1-based: title, a line of help, then the header
#: How many rows from the top the reader looks for a sheet's header (moved a few rows down).
HEADER_SEARCH = HEADER_ROW + 5


def write_header(
    ws: Any, row: int, columns: Sequence[Column], fmt: Any, first: int = 0, height: float = 32
) -> None:
    """The header row (0-based ``row``) of a table: each column's width and header text."""
    for col, column in enumerate(columns, start=first):
        ws.set_column(col, col, column.width)
        ws.write_string(row, col, column.header, fmt)
    ws.set_row(row, height)


def put(
    ws: Any,
    row: int,
    col: int,
    value: Any,
    fmt: Any = None,
    kind: NumberKind | None = None,
    number_fmt: Any = None,
) -> None:
    """One cell with XlsxWriter (0-based), the value as it is: a number as a number (rounded to
    ``kind``'s precision when given, in ``number_fmt`` when given: a grid's numbers), Có/Không
    for a yes/no, anything else as text, never a formula; a blank cell keeps its format (a
    border, an input's colour)."""
    if isinstance(value, str):  # the most common: checked first
        if value:
            ws.write_string(row, col, value, fmt)
        else:
            ws.write_blank(row, col, None, fmt)
    elif value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", fmt)
    elif isinstance(value, (int, float)):
        number = rounded(value, kind) if kind else value
        ws.write_number(row, col, number, fmt if number_fmt is None else number_fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def put_cell(cell: Any, value: Any) -> None:
    """One openpyxl cell: text always as text (``=…`` stays what was typed), else the value."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def find_header(
    grid: Grid,
    columns: Iterable[Column] | Mapping[str, str],
    anchor: str | None,
    rows: int = 10,
) -> tuple[int, dict[str, int]]:
    """(the header row, 0-based; each found column's key -> its 0-based position) of the first
    row among the top ``rows`` that holds the ``anchor`` column's header; (-1, {}) when none
    does. ``anchor`` None: the first row is the header, whatever it holds (a table whose
    header has its fixed row). ``columns``: the table's columns, or a map of folded headers to
    keys."""
    known = columns if isinstance(columns, Mapping) else column_headers(columns)
    for r in range(min(len(grid), rows)):
        found: dict[str, int] = {}
        for c, value in enumerate(grid[r]):
            if isinstance(value, str) and value:
                key = known.get(fold(value))
                if key is not None and key not in found:
                    found[key] = c
        if anchor is None or anchor in found:
            return r, found
    return -1, {}


def compact_meta(kind: str, compact: Compact) -> dict[str, str]:
    """The first keys of a book's hidden technical sheet: what book it is, of which compact."""
    return {
        "kind": kind,
        "compact_id": compact.id,
        "compact_revision": str(compact.revision),
        "compact_fingerprint": compact.fingerprint,
    }


def write_meta(ws: Any, note: str, values: Mapping[str, str]) -> None:
    """A book's hidden technical sheet (every reader, python-calamine too, can read it, unlike
    document properties): ``note`` on top, then a key and its value a row; hidden, protected."""
    ws.write_string(0, 0, note)
    for row, (key, value) in enumerate(values.items(), start=1):
        ws.write_string(row, 0, key)
        ws.write_string(row, 1, value)
    ws.hide()
    ws.protect("")


def detail(error: BaseException, printed: str = "") -> str:
    """What a developer needs of a reader's failure: the error and what the reader printed."""
    text = f"{type(error).__name__}: {error}"
    return f"{text}\n{printed}" if printed else text


def read_values(
    data: bytes,
    failed: Callable[[BaseException, str], UnreadableWorkbook],
    read: Callable[[bytes], Any] = calamine_grids,
) -> Any:
    """``read(data)`` (by default every sheet's values, by python-calamine) with what native code
    prints kept off the terminal; a failure of the reader (an error, a Rust panic) raises
    ``failed(error, printed)``, the book's own message. Ctrl-C, exits and the time budget's
    alarm pass through."""
    native = Captured()
    try:
        with captured() as native:
            return read(data)
    except BaseException as exc:
        if not isinstance(exc, Exception) and not is_reader_panic(exc):
            raise
        raise failed(exc, native.text) from exc


def read_book(data: bytes, what: str, name: str) -> dict[str, Any]:
    """Every sheet's values of one of the program's own books (``what``: "sổ thẩm định",
    "sổ lịch sử"…, named ``name``), a failure of the reader said in those words."""

    def failed(error: BaseException, printed: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Không đọc được {what} '{name}' (tệp hỏng hoặc không phải bảng tính)",
            detail(error, printed),
        )

    grids: dict[str, Any] = read_values(data, failed)
    return grids


def read_meta(rows: Iterable[Sequence[Any]]) -> dict[str, str]:
    """The key → value pairs of a book's technical sheet (:func:`write_meta`)."""
    return {
        str(row[0]).strip(): str(row[1]).strip()
        for row in rows
        if len(row) > 1 and row[0] not in (None, "") and row[1] not in (None, "")
    }


@dataclass(frozen=True)
class Sheet:
    """A table sheet of one of the office's books (the appraisal book's, the history book's): its
    name and columns; ``anchor``, the column whose header marks the header row; its ``title``
    and line of ``help`` above the header (``{…}`` filled in when written); ``freeze``: how
    many columns stay in view."""

    name: str
    columns: tuple[Column, ...]
    anchor: str
    title: str
    help: str
    freeze: int = 2
