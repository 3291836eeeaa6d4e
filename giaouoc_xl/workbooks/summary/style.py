"""The formats of the summary's annexes and lists (in the one print style)."""

from __future__ import annotations

from typing import Any

from ..documents.layout import INTEGER, NUMBER
from ..documents.print_style import Styles

MET, NOT_MET = "✓", "✗"


class Formats:
    """Every format of the summary workbook but its documents' (:mod:`..document`)."""

    def __init__(self, wb: Any) -> None:
        s = Styles(wb, {"valign": "vcenter"}, border_color="#808080")
        self.annex_title = s.make(bold=True, font_size=13, align="center", text_wrap=True)
        self.annex_note = s.make(italic=True, align="center", text_wrap=True)
        self.header = s.make(True, bold=True, bg_color="#DDEBF7", align="center", text_wrap=True)
        self.text = s.make(True)
        self.wrap = s.make(True, text_wrap=True, valign="top")
        self.center = s.make(True, align="center")
        self.bold = s.make(True, bold=True)
        self.plain = s.make()
        self.plain_bold = s.make(bold=True)
        grid = Styles(wb, {"valign": "vcenter", "font_size": 10}, border_color="#808080")
        side: dict[str, Any] = {
            "left": 1,
            "right": 1,
            "left_color": "#808080",
            "right_color": "#808080",
        }
        head: dict[str, Any] = {
            "bold": True,
            "bg_color": "#DDEBF7",
            "align": "center",
            "text_wrap": True,
        }
        self.header_open = grid.make(**head, **side, top=1, top_color="#808080")
        self.header_closed = grid.make(**head, **side, bottom=1, bottom_color="#808080")
        self.group = grid.make(True, bold=True, bg_color="#F2F2F2", align="center", text_wrap=True)
        self.grid_text = grid.make(True, text_wrap=True)
        self.grid_center = grid.make(True, align="center", text_wrap=True)
        self.grid_int = grid.make(True, align="center", num_format=INTEGER)
        self.grid_number = grid.make(True, align="center", num_format=NUMBER)
        self.grid_bold = grid.make(True, bold=True)
        self.grid_bold_number = grid.make(True, bold=True, align="center", num_format=NUMBER)
        self.red = s.plain(bg_color="#FFC7CE", font_color="#9C0006")
        self.green = s.plain(bg_color="#C6EFCE", font_color="#006100")
        self.grey = s.plain(font_color="#808080")
        #: The annex's fixed columns (school, totals, rank…) by key; the others centred.
        self.fixed = {
            "number": self.grid_int, "rank": self.grid_int, "compliant": self.grid_int,
            "total": self.grid_number, "self_total": self.grid_number,
            "share": self.grid_number, "name": self.grid_text,
        }  # fmt: skip


def chart_page(wb: Any, name: str, chart: Any) -> None:
    """A chart on a chart sheet of its own: one A4 landscape page, never cut."""
    sheet = wb.add_chartsheet(name)
    sheet.set_chart(chart)
    sheet.set_paper(9)
    sheet.set_landscape()


def not_printed(ws: Any, last_col: int) -> None:
    """Keep a data sheet out of "print the whole workbook" (it stays visible, filterable,
    usable): its print area is one empty cell just right of its data. To print it, clear the
    print area (Excel: Page Layout → Print Area → Clear Print Area)."""
    ws.print_area(0, last_col + 1, 0, last_col + 1)


def criteria_equals(text: str) -> str:
    """A conditional format's value comparing a cell with the text ``text``."""
    return '"' + text.replace('"', '""') + '"'
