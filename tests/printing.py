"""What a printed workbook looks like, for the tests: the text and the words of each page of a
PDF (poppler's ``pdftotext``), the rows of a printed table, and a static check that every cell
of a printed sheet shows whole at its column width and row height (what LibreOffice and Excel
show as ``###`` or cut off).

The static check measures with the writer's own Times New Roman metrics but on Excel's narrower
column measure; the rendered checks read what LibreOffice actually printed.
"""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import range_boundaries

from giaouoc_xl.workbooks.documents.blocks import LINE, column_points, number_text
from giaouoc_xl.workbooks.documents.text_metrics import text_width, wrap

PAD = 4.0  # points a cell's text keeps from its borders (the writer plans with 5)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pages_text(pdf: Path, layout: bool = True) -> list[str]:
    """The text of each page: ``-layout`` as laid out, else in drawing order (a wrapped cell's
    lines stay together)."""
    args = ["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", str(pdf), "-"]
    pages = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


def page_words(pdf: Path) -> list[list[Word]]:
    """The words of each page with their boxes."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        [
            Word(float(a), float(b), float(c), float(d), html.unescape(t))
            for a, b, c, d, t in re.findall(pattern, page)
        ]
        for page in out.split("<page ")[1:]
    ]


NUMBER = re.compile(r"^-?\d+(,\d+)?$")


@dataclass
class PrintedRow:
    """One row of a printed table: the words of the cells right of its STT, in reading order,
    and its numbers (left to right)."""

    words: list[Word]

    @property
    def text(self) -> str:
        return self._joined(self.words)

    @property
    def numbers(self) -> list[str]:
        return [w.text for w in sorted(self.words, key=lambda w: w.x0) if NUMBER.match(w.text)]

    def _joined(self, words: list[Word]) -> str:
        return " ".join(w.text for w in sorted(words, key=lambda w: (round(w.y0), w.x0)))

    def left_of(self, edge: float) -> str:
        """The text left of ``edge`` (the name column), its lines joined."""
        return self._joined([w for w in self.words if w.x1 < edge])

    def right_of(self, edge: float) -> str:
        """The text right of ``edge`` (tier, note), its lines joined."""
        return self._joined([w for w in self.words if w.x0 > edge])


def number_edges(rows: dict[int, PrintedRow]) -> tuple[float, float]:
    """Where the numbers of a table start and end (across its rows): the text columns at
    left and right of them."""
    numbers = [w for row in rows.values() for w in row.words if NUMBER.match(w.text)]
    return min(w.x0 for w in numbers), max(w.x1 for w in numbers)


def table_rows(words: list[Word], first_header: str = "STT") -> dict[int, PrintedRow]:
    """The rows of the table headed ``first_header`` on a page, by their STT: a row runs
    halfway to its neighbours' STT (cells are centred vertically)."""
    head = next((w for w in words if w.text == first_header), None)
    if head is None:
        return {}
    numbers = sorted(
        (w for w in words if w.text.isdigit() and w.x1 <= head.x1 + 2 and w.y0 > head.y1),
        key=lambda w: w.y0,
    )
    rows: dict[int, PrintedRow] = {}
    for i, number in enumerate(numbers):
        step = (numbers[1].middle - numbers[0].middle) if len(numbers) > 1 else 20.0
        above = numbers[i - 1].middle if i else number.middle - step
        # the last row: as far below as the one above it reached (a line under the table is
        # not part of it)
        below = (
            numbers[i + 1].middle
            if i + 1 < len(numbers)
            else number.middle + (number.middle - numbers[i - 1].middle if i else step)
        )
        top, bottom = (number.middle + above) / 2, (number.middle + below) / 2
        band = [w for w in words if top <= w.middle < bottom and w.x0 > number.x1]
        rows.setdefault(int(number.text), PrintedRow(band))
    return rows


def header_columns(words: list[Word], headers: list[str]) -> dict[str, tuple[float, float]]:
    """The x span of each header word (its first word) on a page: where its column prints."""
    spans: dict[str, tuple[float, float]] = {}
    for header in headers:
        first = header.split()[0]
        found = [w for w in words if w.text == first]
        if found:
            spans[header] = (found[0].x0, found[0].x1)
    return spans


# --------------------------------------------------------------------------- the static check


def _column_widths(ws: Any) -> dict[int, float]:
    """Each column's width (a file's <col> may set a run of columns at once)."""
    widths: dict[int, float] = {}
    for dimension in ws.column_dimensions.values():
        if dimension.width and dimension.min:
            for col in range(dimension.min, (dimension.max or dimension.min) + 1):
                widths[col] = dimension.width
    return widths


def _shown(value: Any, number_format: str) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if "0.0#" in number_format:
            return number_text(value)
        if number_format.endswith("0") and "." not in number_format:
            return str(round(value))
        return str(value)
    return str(value)


def _print_area(ws: Any) -> tuple[int, int, int, int] | None:
    area = ws.print_area
    if not area:
        return None
    ref = area.split("!")[-1].replace("$", "")
    return range_boundaries(ref)


def overflowing_cells(xlsx: Path, sheets: list[str] | None = None) -> list[str]:
    """Cells of the printed part of ``sheets`` (every worksheet by default) whose content does
    not show whole: a number wider than its column (``###``), a text cut at its border, a
    wrapped text taller than its row or holding a word wider than its column."""
    wb = openpyxl.load_workbook(xlsx)
    problems: list[str] = []
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        area = _print_area(ws)
        merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        widths = _column_widths(ws)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or cell.value == "" or not hasattr(cell, "column"):
                    continue
                if area and not (
                    area[0] <= cell.column <= area[2] and area[1] <= cell.row <= area[3]
                ):
                    continue
                span = merged.get((cell.row, cell.column))
                columns = range(span.min_col, span.max_col + 1) if span else [cell.column]
                width = sum(column_points(widths.get(c, 8.43)) for c in columns) - PAD
                problem = _overflow(ws, cell, width)
                if problem:
                    problems.append(f"{ws.title}!{cell.coordinate}: {problem}")
    return problems


def _overflow(ws: Any, cell: Any, width: float) -> str:
    size = float(cell.font.sz or 11)
    bold, italic = bool(cell.font.b), bool(cell.font.i)
    text = _shown(cell.value, cell.number_format or "")
    numeric = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
    if cell.alignment.wrap_text and not numeric:
        longest = max((text_width(w, size, bold, italic) for w in text.split()), default=0.0)
        if longest > width:
            return f"a word wider than its column ({longest:.0f} > {width:.0f} pt)"
        lines = len(wrap(text, width, size, bold, italic))
        height = ws.row_dimensions[cell.row].height or 15.0
        need = lines * size * LINE * 0.92  # the applications' line is a little under 1.25 em
        if need > height + 0.5:
            return f"{lines} lines need {need:.0f} pt, the row is {height:.0f} pt"
        return ""
    shown = text_width(text, size, bold, italic)
    if shown > width:
        return f"{'###' if numeric else 'cut'}: {text!r} needs {shown:.0f} > {width:.0f} pt"
    return ""


# --------------------------------------------------------------------------- the rendered check


@dataclass(frozen=True)
class PrintedPage:
    """A page of a PDF: its size in points and its words with their boxes."""

    width: float
    height: float
    words: list[Word]


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """Every page of ``pdf`` with its size and its words (``pdftotext -bbox``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    size = re.compile(r'^\s*width="([\d.]+)" height="([\d.]+)"')
    pages = []
    for page in out.split("<page ")[1:]:
        found = size.match(page)
        assert found, page[:80]
        words = page_words_of(page)
        pages.append(PrintedPage(float(found[1]), float(found[2]), words))
    return pages


def page_words_of(page: str) -> list[Word]:
    """The words of one page of ``pdftotext -bbox``'s output."""
    pattern = (
        r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>'
    )
    return [
        Word(float(a), float(b), float(c), float(d), html.unescape(t))
        for a, b, c, d, t in re.findall(pattern, page)
    ]


def _line_of(words: list[Word], word: Word) -> str:
    """The text of the printed line ``word`` is on (the words whose middles are within its
    height), for a message a person can find on the page."""
    same = [w for w in words if word.y0 <= w.middle <= word.y1]
    near = sorted((w for w in same if abs(w.x0 - word.x0) < 200), key=lambda w: w.x0)
    return " ".join(w.text for w in near)[:90]


def overlaps(pdf: Path, share: float = 0.25) -> dict[int, list[str]]:
    """What does not print clean in ``pdf``, by page (1-based; no key for a clean page): two
    words printed over each other (their boxes overlap across more than ``share`` of the
    smaller one's height and by more than half a point across: wrapped text in a row too short
    for it, a text cut at its cell's border and drawn under its neighbour), and words beyond the
    page's right (or left) edge.

    For any book rendered with LibreOffice (tests/libreoffice.py ``convert(book, folder,
    "pdf")``): ``assert not overlaps(pdf)``."""
    problems: dict[int, list[str]] = {}
    for number, page in enumerate(printed_pages(pdf), start=1):
        found: list[str] = []
        for word in page.words:
            if word.x1 > page.width + 0.5 or word.x0 < -0.5:
                found.append(
                    f"beyond the page's edge ({word.x0:.0f}-{word.x1:.0f} of {page.width:.0f} pt):"
                    f" {_line_of(page.words, word)!r}"
                )
        ordered = sorted(page.words, key=lambda w: w.x0)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                if b.x0 >= a.x1 - 0.5:
                    break
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                smaller = min(a.y1 - a.y0, b.y1 - b.y0)
                if across > 0.5 and down > share * smaller:
                    upper, lower = sorted((a, b), key=lambda w: w.y0)
                    found.append(
                        f"{_line_of(page.words, upper)!r} (y {upper.y0:.0f}) over "
                        f"{_line_of(page.words, lower)!r} (y {lower.y0:.0f})"
                    )
        if found:
            problems[number] = list(dict.fromkeys(found))
    return problems
