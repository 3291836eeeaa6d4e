"""Documents to sign, laid out as Nghị định 30/2020/NĐ-CP has them, written into a worksheet
row by row (XlsxWriter's ``constant_memory`` mode keeps no sheet in memory, and allows nothing
else: every row is written in order, merges only within a row).

A document is a heading (the governing body and the issuer at left, the national motto at
right, "Số: …" and the place and date), then blocks: lines of text, tables, signatures. The
writer sizes everything itself, as no spreadsheet application grows the rows of a file it
opens: each column from its longest value in Times New Roman (:mod:`.text_metrics`), long texts
wrapped and their rows made tall enough. The page: A4 with NĐ 30's margins; when the whole
document fits one page at 70 % or more (or at the scale its width takes anyway), it is printed
on one page; else fitted to the page's
width (never a fixed scale, which a substitute font wider than Times New Roman pushes off the
page), as tall as it runs, with page breaks planned so that the signatures never stand alone
on a page, the table's header at the top of every page the table runs onto (the sheet's title
rows; copies of the header where text runs on for pages after the table, which title rows
would head too). LibreOffice keeps the planned breaks
under a fit to the width (tests/test_signed.py prints with and without Times New Roman's
metrics and finds the pages planned); Excel ignores manual breaks under a fit to a number of
pages tall, and is said to keep them when the height is left automatic, as here (not verified
without Excel: were it to drop them, its own breaks would come, nothing cut).

Numbers print with the Vietnamese decimal comma (the ``[$-42A]`` locale of the number format;
Excel takes the separator from Windows' settings).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from xlsxwriter.worksheet import Worksheet

from ...core.columns import Column
from ...core.numbers import EXCEL_FORMATS, NumberKind
from ..table import put
from .blocks import (
    Document,
    Heading,
    Lines,
    Link,
    Plan,
    Signatures,
    Signer,
    Table,
    cell_value,
    column_points,
    kind,
    row_height,
    shown,
    value_text,
    width_units,
)
from .blocks import number_text as number_text  # re-exported for the books that print numbers
from .print_style import FONT, MOTTO, MOTTO_2, SIZES
from .text_metrics import text_width, wrap
from .widths import CELL_PAD, column_widths, even_split, heading_halves, widen_for

MM = 72 / 25.4
MIN_SCALE = 0.70  # below this, a document prints over several pages instead
KEEP_ROWS = 3  # table rows kept with the signatures on their page
LINES_PER_ROW = 12  # the most lines of a paragraph in one row (a longer one takes more rows)
#: Number formats of the annexes' and data sheets' numbers (numbers there stay numbers, to
#: filter and sum): the one number rule's (:mod:`giaouoc_xl.core.numbers`).
NUMBER = EXCEL_FORMATS[NumberKind.POINTS]
INTEGER = EXCEL_FORMATS[NumberKind.COUNT]
#: A4, margins of NĐ 30 (left 30, right 15, top and bottom 20 mm).
MARGINS_MM = (30.0, 15.0, 20.0, 20.0)


class _Made(dict[str, Any]):
    """Formats made on first use, by name: a workbook writes only the formats its cells use,
    so making the others is work for nothing (a slip uses a third of them, and 2000 slips
    make theirs 2000 times)."""

    def __init__(self, make: Callable[..., Any], specs: Mapping[str, Mapping[str, Any]]) -> None:
        super().__init__()
        self._make, self._specs = make, specs

    def __missing__(self, key: str) -> Any:
        made = self[key] = self._make(**self._specs[key])
        return made


class Formats:
    """The formats of the documents of one workbook (each made once, when first used): each
    element of the form at the size Nghị định 30/2020 sets it (:data:`.print_style.SIZES`: the
    heading, the text, the signatures, *Nơi nhận*), the tables at ``size`` (smaller where a
    table needs it). ``plain``, ``parent``, ``organizer``… are attributes; ``styles``,
    ``cells`` and ``bold_cells`` map a name to its format."""

    def __init__(self, wb: Any, size: float = 11.0) -> None:
        base = {"font_name": FONT, "font_size": size, "valign": "vcenter"}
        border = {"border": 1, "border_color": "#000000"}
        s = SIZES

        def make(**props: Any) -> Any:
            return wb.add_format({**base, **props})

        text: dict[str, Any] = {"font_size": s["text"], "text_wrap": True, "valign": "top"}
        self._named = _Made(make, {
            "plain": {},
            "parent": {"font_size": s["parent"], "align": "center"},
            "organizer": {"font_size": s["organizer"], "bold": True, "align": "center"},
            "motto": {"font_size": s["motto"], "bold": True, "align": "center"},
            "motto2": {"font_size": s["motto2"], "bold": True, "underline": 1, "align": "center"},
            "number": {"font_size": s["number"], "align": "center"},
            "date": {"font_size": s["date"], "italic": True, "align": "center"},
            "header": {"bold": True, "align": "center", "text_wrap": True, **border},
            "sign": {"font_size": s["sign"], "bold": True, "align": "center"},
            "sign_name": {"font_size": s["name"], "bold": True, "align": "center"},
            "sign_note": {"font_size": s["text"] - 1, "italic": True, "align": "center"},
            "recipients_title": {"bold": True, "italic": True, "font_size": s["recipients_title"]},
            "recipients": {"font_size": s["recipients"]},
        })  # fmt: skip
        self.styles = _Made(make, {
            "title": {"font_size": s["title"], "bold": True, "align": "center", "text_wrap": True},
            "subtitle": {"font_size": s["subtitle"], "bold": True, "align": "center",
                         "text_wrap": True},
            "text": text,
            "bold": {"bold": True, **text},
            "italic": {"italic": True, **text},
            "center": {"align": "center", **text},  # "Kính gửi: …"
            "draft": {"bold": True, "align": "center", "border": 2, **text},  # DỰ THẢO
        })  # fmt: skip
        cells: dict[str, dict[str, Any]] = {
            "text": {"text_wrap": True},
            "center": {"align": "center", "text_wrap": True},
            "number": {"num_format": NUMBER, "align": "right"},
            "int": {"num_format": INTEGER, "align": "center"},
        }
        self.cells = _Made(make, {kind: {**props, **border} for kind, props in cells.items()})
        self.bold_cells = _Made(
            make, {kind: {"bold": True, **props, **border} for kind, props in cells.items()}
        )
        #: Each element's size; "body" is the tables'.
        self.sizes = {
            **s,
            **dict.fromkeys(("bold", "italic", "center", "draft"), s["text"]),
            "heading": s["motto2"],
            "body": size,
        }

    def __getattr__(self, name: str) -> Any:
        """``plain``, ``header``, ``sign``…: the format of that name, made when first used."""
        named = self.__dict__.get("_named")
        if named is None or name not in named._specs:
            raise AttributeError(name)
        made = named[name]
        setattr(self, name, made)  # found directly from now on (a blank row asks for plain)
        return made


Writer = Callable[[int], None]


class _Layout:
    """The document's rows in order (height, writer, role), before anything is written."""

    def __init__(self, ws: Any, f: Formats, doc: Document) -> None:
        self.ws, self.f, self.doc = ws, f, doc
        self.rows: list[tuple[float, Writer | None, str]] = []
        self.tables: list[int] = []
        grid = next((b for b in doc.blocks if isinstance(b, Table) and b.spans is None), None)
        if grid is not None:  # several tables of the same columns (a list by award) size them
            keys = [c.key for c in grid.columns]
            rows = [
                row
                for b in doc.blocks
                if isinstance(b, Table) and b.spans is None and [c.key for c in b.columns] == keys
                for row in b.rows
            ]
            grid = Table(grid.columns, rows)
        self.widths = (
            column_widths(grid, doc.size) if grid else [width_units(_paper(doc)[0] * 0.95)]
        )
        for block in doc.blocks:
            if isinstance(block, Table) and block.spans is not None:
                widen_for(self.widths, block, doc.size)
        self.left_last, self.right_first = heading_halves(self.widths, doc.heading)
        self.last = len(self.widths) - 1  # the halves may have added a column
        self._edges = [0.0]  # the widths are settled: each column's right edge, in points
        for width in self.widths:
            self._edges.append(self._edges[-1] + column_points(width))

    def add(self, height: float, writer: Writer | None = None, role: str = "") -> None:
        self.rows.append((height, writer, role))

    def span_points(self, first: int, last: int) -> float:
        return self._edges[last + 1] - self._edges[first]

    def heading(self, heading: Heading) -> None:
        ws, f, sizes = self.ws, self.f, self.f.sizes
        left, right, last = self.left_last, self.right_first, self.last

        def pair(left_text: str, left_fmt: Any, right_text: str, right_fmt: Any) -> Writer:
            def write(r: int) -> None:
                merged(ws, r, 0, left, left_text, left_fmt)
                merged(ws, r, right, last, right_text, right_fmt)

            return write

        high = row_height(1, max(sizes["parent"], sizes["motto"]))
        self.add(high, pair(heading.parent.upper(), f.parent, MOTTO, f.motto))
        high = row_height(1, max(sizes["organizer"], sizes["motto2"]))
        self.add(high, pair(heading.organizer.upper(), f.organizer, MOTTO_2, f.motto2))
        self.add(6, self._rule(heading.organizer.upper(), sizes["organizer"]))
        high = row_height(1, max(sizes["number"], sizes["date"]))
        self.add(high, pair(heading.number, f.number, heading.place_date, f.date))
        self.add(8, self._blank)

    def _rule(self, organizer: str, size: float) -> Writer:
        """The short rule under the issuer's name (a line, as NĐ 30 draws it)."""
        left = self.span_points(0, self.left_last)
        length = min(left, text_width(organizer, size, bold=True)) * 0.4

        def write(r: int) -> None:
            self.ws.insert_textbox(
                r,
                0,
                "",
                {
                    "width": round(length / 0.75),
                    "height": 1,
                    "x_offset": round((left - length) / 2 / 0.75),
                    "y_offset": 1,
                    "line": {"color": "black", "width": 0.75},
                    "fill": {"none": True},
                    "object_position": 1,
                },
            )
            self._blank(r)

        return write

    def _blank(self, r: int) -> None:
        self.ws.write_blank(r, 0, None, self.f.plain)  # keeps the row's height in the file

    def lines(self, block: Lines) -> None:
        fmt = self.f.styles[block.style]
        size = self.f.sizes.get(block.style, self.f.sizes["body"])
        bold = block.style in ("title", "subtitle", "bold", "draft")
        width = self.span_points(0, self.last) - CELL_PAD
        for text in block.texts:
            wrapped = wrap(text, width, size, bold)
            # a long paragraph (a council's list of a thousand schools) goes in rows of a few
            # lines each: no spreadsheet breaks a row over two pages, it cuts it
            for first in range(0, len(wrapped), LINES_PER_ROW):
                part = wrapped[first : first + LINES_PER_ROW]
                piece = text if len(part) == len(wrapped) else "\n".join(part)
                self.add(row_height(len(part), size), self._merged(piece, fmt), block.style)

    def _merged(self, text: str, fmt: Any) -> Writer:
        def write(r: int) -> None:
            merged(self.ws, r, 0, self.last, text, fmt)

        return write

    def table(self, block: Table) -> None:
        spans = list(block.spans or [(i, i) for i in range(len(block.columns))])
        size = self.f.sizes["body"]
        headers = [self.header(c, s) for c, s in zip(block.columns, spans, strict=True)]
        header_lines = max(
            len(wrap(text, self.span_points(*s) - CELL_PAD, size, True))
            for text, s in zip(headers, spans, strict=True)
        )
        role = "table_header" if block.repeat_header and block.spans is None else "header"
        self.tables.append(len(self.rows))
        self.add(row_height(header_lines, size), self._header_row(spans, headers), role)
        # Per row only what differs: the columns that wrap and their room are settled once.
        wrapping = [
            (column, column.key, self.span_points(*span) - CELL_PAD)
            for column, span in zip(block.columns, spans, strict=True)
            if kind(column) in ("text", "center")
        ]
        write = self._row(block, spans)
        add = self.rows.append
        for values in block.rows:
            bold = bool(values.get("_bold"))
            lines = 1
            for column, key, room in wrapping:
                count = len(wrap(shown(column, values.get(key)), room, size, bold))
                if count > lines:
                    lines = count
            add((row_height(lines, size), partial(write, values), "table"))

    def header(self, column: Column, span: tuple[int, int]) -> str:
        """A column's header, broken evenly where it takes two lines ("Kết quả / báo cáo",
        never "Kết quả báo / cáo" as a spreadsheet's wrapping would)."""
        room, size = self.span_points(*span) - CELL_PAD, self.f.sizes["body"]
        if len(wrap(column.header, room, size, True)) != 2:
            return column.header
        width, i = even_split(column.header, size)
        words = column.header.split()
        return f"{' '.join(words[:i])}\n{' '.join(words[i:])}" if width <= room else column.header

    def _header_row(self, spans: list[tuple[int, int]], headers: list[str]) -> Writer:
        ws, fmt = self.ws, self.f.header

        def write(r: int) -> None:
            for (first, last), text in zip(spans, headers, strict=True):
                _put(ws, r, first, last, text, fmt)

        return write

    def _row(
        self, block: Table, spans: list[tuple[int, int]]
    ) -> Callable[[dict[str, Any], int], None]:
        """The writer of a row of ``block`` (its values, then the row's number): each column's
        key, number kind, cells and formats looked up once for the table, not per cell."""
        ws, f, beside = self.ws, self.f, self.last
        cells = [
            (
                column,
                column.key,
                column.number is not None,  # else cell_value is the value itself
                first,
                last,
                f.cells[kind(column)],
                f.bold_cells[kind(column)],
            )
            for column, (first, last) in zip(block.columns, spans, strict=True)
        ]

        def write(values: dict[str, Any], r: int) -> None:
            bold = values.get("_bold")
            for column, key, number, first, last, fmt, bold_fmt in cells:
                value = values.get(key)
                if number:
                    value = cell_value(column, value)
                _put(ws, r, first, last, value, bold_fmt if bold else fmt)
            for offset, link in enumerate(values.get("_links", ()), 1):  # beside it, unprinted
                ws.write_url(r, beside + offset, f"internal:{link.target}", string=link.text)

        return write

    def signatures(self, block: Signatures) -> None:
        """The signer at right: its authority and title a line each (wrapped, never cut), the
        note, the space to sign, the name. At left *Nơi nhận* level with the signer's title;
        when someone signs at left too (who drew up the table, the secretary), *Nơi nhận*
        comes under both signatures."""
        f = self.f
        right = self._sign_lines(block.right, self.right_first, self.last)
        recipients = self._recipient_lines(block.recipients)
        left = self._sign_lines(block.left, 0, self.left_last) if block.left else recipients
        self.add(10, self._blank, "sign")
        top = max(len(left), len(right))
        for i in range(top):
            pair = (left[i] if i < len(left) else None, right[i] if i < len(right) else None)
            self.add(_pair_height(*pair), self._pair(*pair), "sign")
        under_note = sum(height for height, _, _ in self.rows[len(self.rows) - top + len(right) :])
        self.add(max(10.0, SIGN_SPACE - under_note), self._blank, "sign")
        size = f.sizes["name"]
        names = (
            (block.left.name, f.sign_name, size) if block.left and block.left.name else None,
            (block.right.name, f.sign_name, size),
        )
        self.add(_pair_height(*names), self._pair(*names), "sign")
        if block.left is not None and recipients:
            self.add(10, self._blank, "sign")
            for line in recipients:
                self.add(_pair_height(line, None), self._pair(line, None), "sign")

    def _sign_lines(self, signer: Signer, first: int, last: int) -> list[Line]:
        """A signer's title lines ("KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG") and note, each
        wrapped within the signer's columns."""
        room = self.span_points(first, last) - CELL_PAD
        title, note = self.f.sizes["sign"], self.f.sizes["sign"] - 1
        lines = [
            (part, self.f.sign, title)
            for line in signer.title.split("\n")
            for part in wrap(line, room, title, True)
        ]
        lines += [(part, self.f.sign_note, note) for part in wrap(signer.note, room, note)]
        return lines

    def _recipient_lines(self, recipients: Sequence[str]) -> list[Line]:
        """ "Nơi nhận:" and its lines (a long one wrapped, indented), within the left block."""
        if not recipients:
            return []
        f, size = self.f, self.f.sizes["recipients"]
        room = self.span_points(0, self.left_last) - CELL_PAD
        lines: list[Line] = [("Nơi nhận:", f.recipients_title, f.sizes["recipients_title"])]
        for recipient in recipients:
            parts = wrap(recipient, room - text_width("  ", size), size)
            lines += [(("  " if i else "") + part, f.recipients, size) for i, part in
                      enumerate(parts)]  # fmt: skip
        return lines

    def _pair(self, left: Line | None, right: Line | None) -> Writer:
        """A row of the signatures: a line in the left block, a line in the right one."""
        ws, plain = self.ws, self.f.plain
        halves = ((0, self.left_last, left), (self.right_first, self.last, right))

        def write(r: int) -> None:
            if not (left and left[0]):
                ws.write_blank(r, 0, None, plain)  # keeps the row's height in the file
            for first, last, line in halves:
                if line and line[0]:
                    merged(ws, r, first, last, line[0], line[1])

        return write


#: A line of the signatures: its text, format and size.
Line = tuple[str, Any, float]
#: The space to sign (points) between the signer's note and name.
SIGN_SPACE = 62.0


def _pair_height(left: Line | None, right: Line | None) -> float:
    return row_height(1, max(line[2] for line in (left, right, ("", None, 11.0)) if line))


def merged(ws: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    """Text across ``first``..``last`` of a row (one cell when they are the same)."""
    if last > first:
        ws.merge_range(row, first, row, last, text, fmt)
    else:
        ws.write_string(row, first, text, fmt)


def _put(ws: Any, row: int, first: int, last: int, value: Any, fmt: Any) -> None:
    """One cell (merged over ``first``..``last``): text always as text, never a formula."""
    if isinstance(value, Link):
        if last > first:
            ws.merge_range(row, first, row, last, "", fmt)
        ws.write_url(row, first, f"internal:{value.target}", fmt, value.text)
    elif last > first:  # XlsxWriter writes the value in the first cell of the merge
        ws.merge_range(row, first, row, last, value_text(value), fmt)
    else:
        put(ws, row, first, value, fmt)


class DocumentSheet(Worksheet):
    """A worksheet whose first printed page carries no header: NĐ 30/2020 numbers the pages of a
    document from the second on. XlsxWriter writes one header for every page; this adds the
    OOXML ``differentFirst`` flag with an empty first-page header (Excel and LibreOffice honour
    it; tests/test_printing.py reads the page numbers off the PDF)."""

    def _write_header_footer(self) -> None:
        if not self.header_footer_changed or not self.header:
            super()._write_header_footer()
            return
        attributes: list[tuple[str, Any]] = [("differentFirst", 1)]
        if not self.header_footer_scales:
            attributes.append(("scaleWithDoc", 0))
        if not self.header_footer_aligns:
            attributes.append(("alignWithMargins", 0))
        self._xml_start_tag("headerFooter", attributes)
        self._write_odd_header()
        if self.footer:
            self._write_odd_footer()
        self._xml_end_tag("headerFooter")


def write_document(wb: Any, f: Formats, doc: Document) -> Plan:
    """Write ``doc`` into a new sheet of ``wb``, every row in order; returns its layout."""
    ws = wb.add_worksheet(doc.sheet, worksheet_class=DocumentSheet)
    layout = _Layout(ws, f, doc)
    layout.heading(doc.heading)
    for block in doc.blocks:
        if isinstance(block, Lines):
            layout.lines(block)
        elif isinstance(block, Table):
            layout.table(block)
        elif isinstance(block, Signatures):
            layout.signatures(block)
        else:
            layout.add(block.height, layout._blank)
    plan = _plan(layout, doc)
    if not doc.contiguous:
        _header_copies(layout, plan)
    for r, (height, writer, _) in enumerate(layout.rows):
        ws.set_row(r, height)
        if writer is not None:
            writer(r)
    for index, width in enumerate(layout.widths):
        ws.set_column(index, index, width)
    _page(ws, doc, layout, plan)
    return plan


def _paper(doc: Document) -> tuple[float, float]:
    """The width and height (points) of the A4 page inside NĐ 30's margins."""
    left, right, top, bottom = MARGINS_MM
    width, height = (297.0, 210.0) if doc.landscape else (210.0, 297.0)
    return (width - left - right) * MM, (height - top - bottom) * MM


def _plan(layout: _Layout, doc: Document) -> Plan:
    """One page when the document fits one at 70 % or more, or at the scale its width takes
    anyway (or must: a slip); else fitted to the page's width, however wide a substitute font
    draws the columns, with the page breaks planned at the largest scale an application may
    fit it to (Excel draws columns narrower than LibreOffice): a page then never holds more
    than was planned, so no application adds a break of its own, and the signatures never
    stand alone on a page."""
    page_width, page_height = _paper(doc)
    heights = [h for h, _, _ in layout.rows]
    widest = sum(column_points(w, libreoffice=True) for w in layout.widths)
    scale_width = min(1.0, page_width / widest)
    scale_one_page = min(scale_width, page_height / sum(heights))
    roles = [role for _, _, role in layout.rows]
    plan = Plan(
        layout.widths,
        scale_one_page,
        1,
        rows=len(heights),
        tables=layout.tables,
        signatures=roles.index("sign") if "sign" in roles else None,
    )
    if scale_one_page >= min(MIN_SCALE, scale_width) or doc.one_page:
        return plan
    narrowest = sum(column_points(w) for w in layout.widths)
    plan.scale = min(1.0, page_width / narrowest)
    room = page_height / plan.scale * 0.97
    header = next((heights[i] for i, role in enumerate(roles) if role == "table_header"), 0.0)
    used = 0.0
    for r, height in enumerate(heights):
        if used + height > room:
            plan.breaks.append(r)
            used = header  # the table's header repeats at the top of the page
        used += height
    first_sign = len(roles) if plan.signatures is None else plan.signatures
    if plan.breaks and plan.breaks[-1] > first_sign - KEEP_ROWS:
        plan.breaks[-1] = max(1, first_sign - KEEP_ROWS)  # the signatures never stand alone
    _keep_with_table(plan.breaks, heights, roles, room - header)
    plan.pages = len(plan.breaks) + 1
    return plan


def _keep_with_table(
    breaks: list[int], heights: list[float], roles: list[str], room: float
) -> None:
    """A last page after the table's end would print the table's repeated header over no row:
    it takes the table's last rows along when they fit on it."""
    rows = [r for r, role in enumerate(roles) if role == "table"]
    if not breaks or "table_header" not in roles or not rows or breaks[-1] <= rows[-1]:
        return
    start = max(rows[-1] + 1 - KEEP_ROWS, breaks[-2] + 1 if len(breaks) > 1 else 1)
    if sum(heights[start:]) <= room:
        breaks[-1] = start


#: The role of a copy of the table's header at the top of a page the table runs onto.
COPY = "table_header_copy"


def _header_copies(layout: _Layout, plan: Plan) -> None:
    """A spreadsheet repeats a sheet's title rows on every page after them, and a document
    whose text runs on for pages after its table (a council's minutes: the ties, the
    conclusion) would print the table's header over that text. Such a document gets a copy
    of the header at the top of each page its table runs onto, where the plan left room for
    it, and no title rows; the plan's rows are numbered again to match."""
    roles = [role for _, _, role in layout.rows]
    if "table_header" not in roles or not plan.breaks:
        return
    header = roles.index("table_header")
    last = max(r for r, role in enumerate(roles) if role == "table")
    if plan.breaks[-1] <= last:
        return  # every page after the header starts in the table: title rows say it
    height, writer, _ = layout.rows[header]
    inside = {b for b in plan.breaks if b > header and roles[b] == "table"}
    rows: list[tuple[float, Writer | None, str]] = []
    moved: dict[int, int] = {}  # old row -> new row (a copy goes before the row it heads)
    for r, row in enumerate(layout.rows):
        if r in inside:
            rows.append((height, writer, COPY))
        moved[r] = len(rows)
        rows.append(row)
    layout.rows = rows
    # a page that starts in the table now starts with its copy
    plan.breaks = [moved[b] - (b in inside) for b in plan.breaks]
    plan.tables = [moved[t] for t in plan.tables]
    plan.signatures = None if plan.signatures is None else moved[plan.signatures]
    plan.rows = len(rows)


def _page(ws: Any, doc: Document, layout: _Layout, plan: Plan) -> None:
    left, right, top, bottom = MARGINS_MM
    ws.set_paper(9)
    if doc.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(left=left / 25.4, right=right / 25.4, top=top / 25.4, bottom=bottom / 25.4)
    ws.center_horizontally()
    ws.hide_gridlines(2)
    ws.print_area(0, 0, len(layout.rows) - 1, layout.last)
    roles = [role for _, _, role in layout.rows]
    if "table_header" in roles and COPY not in roles:
        ws.repeat_rows(roles.index("table_header"))
    if plan.pages == 1:
        ws.fit_to_pages(1, 1)
    else:  # the page's width, as tall as it runs: Excel and LibreOffice keep the planned breaks
        ws.fit_to_pages(1, 0)
        ws.set_h_pagebreaks(plan.breaks)
        page = f"{SIZES['page']:g}"  # NĐ 30: the page number, top centre, from the second page
        ws.set_header(f'&C&"{FONT},Regular"&{page}&P')
        ws.set_start_page(1)  # each document numbered from 1, printed alone or in the workbook
