"""The summary's formats and its page, letterhead and signature (in the one print style)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.model import Compact
from ..print_style import (
    PAGE_NUMBERS,
    SIGN_NOTE,
    Letterhead,
    Signature,
    Styles,
    page_setup,
    running_header,
    write_letterhead,
    write_signature,
)

MET, NOT_MET = "✓", "✗"


class Formats:
    """Every format of the summary workbook."""

    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "vcenter"}, border_color="#808080")
        self.letterhead = Letterhead(
            parent=s.make(align="center"),
            org=s.make(bold=True, align="center"),
            motto=s.make(bold=True, align="center"),
            motto2=s.make(bold=True, underline=1, align="center"),
            date=s.make(italic=True, align="center"),
            title=s.make(bold=True, font_size=14, align="center"),
            subtitle=s.make(italic=True, align="center"),
        )
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", text_wrap=True)
        self.group = s.make(True, bold=True, bg_color="#F2F2F2", align="center", text_wrap=True)
        self.text = s.make(True)
        self.wrap = s.make(True, text_wrap=True, valign="top")
        self.center = s.make(True, align="center")
        self.number = s.make(True, num_format="0.##", align="center")
        self.percent = s.make(True, num_format="0.0%", align="center")
        self.bold = s.make(True, bold=True)
        self.bold_number = s.make(True, bold=True, num_format="0.##", align="center")
        self.plain = s.make()
        self.plain_bold = s.make(bold=True)
        self.sign = s.make(bold=True, align="center")
        self.sign_note = s.make(italic=True, align="center")
        self.red = s.plain(bg_color="#FFC7CE", font_color="#9C0006")
        self.green = s.plain(bg_color="#C6EFCE", font_color="#006100")
        self.grey = s.plain(font_color="#808080")


def page(
    ws: Any,
    compact: Compact,
    landscape: bool,
    title_rows: tuple[int, int] | None,
    title_cols: str | None = None,
    scale: int = 0,
) -> None:
    """A4 with the organizer and the compact's title in the running header, page numbers."""
    page_setup(
        ws,
        landscape=landscape,
        scale=scale,
        repeat_rows=title_rows,
        repeat_columns=title_cols,
        margins=(0.5, 0.4, 0.7, 0.6),
        header=running_header(compact.organizer.name.upper(), compact.title, 9),
        footer=PAGE_NUMBERS,
    )


def letterhead(
    ws: Any, f: Formats, compact: Compact, width: int, when: datetime, title: str, subtitle: str
) -> int:
    """The administrative header over ``width`` columns; returns the next free row."""
    return write_letterhead(ws, f.letterhead, compact, width, when, title, subtitle)


def signature(ws: Any, f: Formats, compact: Compact, row: int, width: int) -> int:
    """The signer of the compact book at right, the recipients at left; returns the next row."""
    half = max(1, width // 2)
    signer = compact.signer
    block = Signature(
        recipients=("- Các trường trong khối;", "- Lưu: VT."),
        lines=((signer.title.upper() or "NGƯỜI KÝ", f.sign), (SIGN_NOTE, f.sign_note)),
        name=signer.name,
    )
    return write_signature(
        ws, block, row, (half, max(half, width - 1)), f.plain_bold, f.plain, f.sign
    )


def write_value(ws: Any, row: int, col: int, value: Any, f: Formats) -> None:
    """A reported value: blank, Có/Không, a number, or text (never a formula)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, f.center)
    elif isinstance(value, bool):
        ws.write_string(row, col, "Có" if value else "Không", f.center)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, f.number)
    else:
        ws.write_string(row, col, str(value), f.center)


def criteria_equals(text: str) -> str:
    """A conditional format's value comparing a cell with the text ``text``."""
    return '"' + text.replace('"', '""') + '"'
