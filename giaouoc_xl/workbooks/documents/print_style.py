"""One print style for every workbook giaouoc_xl writes with XlsxWriter (school workbooks, the
summary): the administrative form of Nghị định 30/2020/NĐ-CP.

A4, Times New Roman; the organizer at left and the national motto at right, the place and date,
the title; repeated header rows, page numbers; a signature block with "Nơi nhận" at left and
the signer at right; each element at the size Phụ lục I of the decree sets (:data:`SIZES`). The books differ only in what they pass: the formats' base alignment, the
border colour, the lines of the signature block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
A4 = 9  # XlsxWriter's paper code
SIGN_NOTE = "(Ký, ghi rõ họ tên và đóng dấu)"
PAGE_NUMBERS = f'&C&"{FONT},Regular"&9Trang &P/&N'

#: The size (points) of each element of a document, as Nghị định 30/2020/NĐ-CP, Phụ lục I sets
#: it (the smaller of its range where the range allows one: a page of a table is tight). A
#: document's tables take a smaller size of their own where they need it.
SIZES = {
    "parent": 12.0,  # tên cơ quan chủ quản: 12-13, in hoa, đứng
    "organizer": 12.0,  # tên cơ quan ban hành: 12-13, in hoa, đứng, đậm
    "motto": 12.0,  # Quốc hiệu: 12-13, in hoa, đứng, đậm
    "motto2": 13.0,  # Tiêu ngữ: 13-14, in thường, đứng, đậm
    "number": 13.0,  # số, ký hiệu: 13, đứng
    "date": 13.0,  # địa danh, ngày tháng năm: 13-14, nghiêng
    "title": 14.0,  # tên loại văn bản: 13-14, in hoa, đứng, đậm
    "subtitle": 13.0,  # trích yếu nội dung: 13-14, đứng, đậm
    "text": 13.0,  # nội dung văn bản: 13-14, đứng
    "sign": 13.0,  # quyền hạn, chức vụ người ký: 13-14, in hoa, đứng, đậm
    "name": 13.0,  # họ tên người ký: 13-14, đứng, đậm
    "recipients_title": 12.0,  # "Nơi nhận:": 12, nghiêng, đậm
    "recipients": 11.0,  # các nơi nhận: 11, đứng
    "page": 13.0,  # số trang: 13-14, đứng
}


def workbook_options(**more: Any) -> dict[str, Any]:
    """XlsxWriter's options for every book: text is always written as text, never as a formula
    or a link. A new dict each time: XlsxWriter changes the one it is given."""
    return {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "default_format_properties": {"font_name": FONT, "font_size": 11},
        **more,
    }


def header_text(text: str) -> str:
    """Text for a print header or footer: '&' is doubled in Excel's header codes."""
    return text.replace("&", "&&")


def running_header(
    left: str, right: str, size: int, right_style: str = "Italic", right_below: str = ""
) -> str:
    """A print header: ``left`` in bold, ``right`` in ``right_style`` (and ``right_below`` on a
    second line, regular), Times New Roman."""
    header = (
        f'&L&"{FONT},Bold"&{size}{header_text(left)}'
        f'&R&"{FONT},{right_style}"&{size}{header_text(right)}'
    )
    if right_below:
        header += f'\n&"{FONT},Regular"&{size}{header_text(right_below)}'
    return header


class Styles:
    """The formats of one workbook, made from one base (font, size, vertical alignment…)."""

    def __init__(self, wb: Any, base: dict[str, Any], border_color: str) -> None:
        self.wb = wb
        self.base = {"font_name": FONT, "font_size": 11, **base}
        self.border = {"border": 1, "border_color": border_color}

    def make(self, bordered: bool = False, **props: Any) -> Any:
        """A format of the base with ``props`` (and the border, when ``bordered``)."""
        return self.wb.add_format({**self.base, **(self.border if bordered else {}), **props})

    def plain(self, **props: Any) -> Any:
        """A format with ``props`` only: conditional formats take no font or alignment."""
        return self.wb.add_format(props)


def page_setup(
    ws: Any,
    *,
    landscape: bool = False,
    scale: int = 0,
    repeat_rows: tuple[int, int] | int | None = None,
    repeat_columns: str | None = None,
    margins: tuple[float, float, float, float] | None = None,
    header: str = "",
    footer: str = "",
) -> None:
    """A4; fit to one page wide (or printed at ``scale`` %); repeated rows and columns;
    ``margins`` (left, right, top, bottom, inches); header and footer."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    if scale:
        ws.set_print_scale(scale)  # wide tables: readable print over several pages
    else:
        ws.fit_to_pages(1, 0)
    if isinstance(repeat_rows, int):
        ws.repeat_rows(repeat_rows)
    elif repeat_rows:
        ws.repeat_rows(*repeat_rows)
    if repeat_columns:
        ws.repeat_columns(repeat_columns)
    if margins:
        left, right, top, bottom = margins
        ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    if header:
        ws.set_header(header)
    if footer:
        ws.set_footer(footer)


@dataclass(frozen=True)
class Signature:
    """A signature block: "Nơi nhận" and its recipients at left; at right, lines (a date line,
    the signer's title, the note) then, below the space for signing, the signer's name (text,
    or a formula that gives it)."""

    recipients: Sequence[str]
    lines: Sequence[tuple[str, Any]]  # (text, format) from the top, at the right
    name: str = ""
    name_formula: str = ""
    recipients_at: int = 0  # row of "Nơi nhận:" below the first line
    name_at: int = 5  # row of the name below the first line


def write_signature(
    ws: Any,
    block: Signature,
    row: int,
    right: tuple[int, int],
    bold: Any,
    plain: Any,
    name_format: Any,
) -> int:
    """Write ``block`` from ``row``, the signer's part over the columns ``right``; returns the
    row after the name."""
    first, last = right
    ws.write_string(row + block.recipients_at, 0, "Nơi nhận:", bold)
    for offset, recipient in enumerate(block.recipients, start=1):
        ws.write_string(row + block.recipients_at + offset, 0, recipient, plain)
    for offset, (text, fmt) in enumerate(block.lines):
        ws.merge_range(row + offset, first, row + offset, last, text, fmt)
    name_row = row + block.name_at
    if block.name_formula:
        ws.merge_range(name_row, first, name_row, last, "", name_format)
        ws.write_formula(name_row, first, block.name_formula, name_format, block.name)
    else:
        ws.merge_range(name_row, first, name_row, last, block.name, name_format)
    return name_row + 1
