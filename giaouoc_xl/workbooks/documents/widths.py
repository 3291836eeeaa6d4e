"""The widths of a document's columns and of its heading's two halves, in Times New Roman's
metrics (:mod:`.text_metrics`): each column as wide as its longest value, its header on two
lines at most, evenly split; the issuer's and the motto's blocks as wide as their lines."""

from __future__ import annotations

from .blocks import Heading, Table, column_points, kind, shown, width_units
from .print_style import MOTTO, MOTTO_2, SIZES
from .text_metrics import text_width

CELL_PAD = 5.0  # points: a cell's inner spacing and border


def even_split(header: str, size: float) -> tuple[float, int]:
    """A header's most even split on two lines ("Phiếu / đồng ý", never "Phiếu đồng / ý"): the
    width it needs and the number of words on its first line (0: a single word)."""
    words = header.split()
    if len(words) < 2:
        return text_width(header, size, bold=True), 0
    return min(
        (max(text_width(" ".join(words[:i]), size, bold=True),
             text_width(" ".join(words[i:]), size, bold=True)), i)
        for i in range(1, len(words))
    )  # fmt: skip


def column_widths(table: Table, size: float) -> list[float]:
    """Each column's width from its longest value (its header on two lines at most)."""
    widths = []
    bolds = [bool(values.get("_bold")) for values in table.rows]
    for column in table.columns:
        need, _ = even_split(column.header, size)
        if kind(column) == "text":
            need = max(need, text_width(column.header, size, bold=True))
        key = column.key
        for values, bold in zip(table.rows, bolds, strict=True):
            width = text_width(shown(column, values.get(key)), size, bold)
            if width > need:
                need = width
        need = max(need + CELL_PAD, column.min_width)
        if column.max_width:
            need = min(need, column.max_width)
        widths.append(width_units(need * 1.02))
    return widths


def widen_for(widths: list[float], table: Table, size: float) -> None:
    """Widen the columns a later table lays its columns over, so that its words fit."""
    assert table.spans is not None
    for column, (first, last) in zip(table.columns, table.spans, strict=True):
        words = [*column.header.split(), *(shown(column, v.get(column.key)) for v in table.rows)]
        need = max((text_width(w, size, bold=True) for w in words), default=0.0) + CELL_PAD
        if kind(column) != "text":  # a number or a short value stays on one line
            need = max(need, *(text_width(shown(column, v.get(column.key)), size) + CELL_PAD
                               for v in table.rows)) if table.rows else need  # fmt: skip
        have = sum(column_points(w) for w in widths[first : last + 1])
        if have < need:
            widths[last] = width_units(column_points(widths[last]) + need - have)


def heading_halves(widths: list[float], heading: Heading) -> tuple[int, int]:
    """The heading's left block (the issuer) and where the right one (the motto) starts: each
    as wide as its lines at NĐ 30's sizes, the columns widened when the table is narrower than
    the heading. A document without a table (one column as wide as the page) is split in two."""
    s = SIZES
    left_need = CELL_PAD + max(
        text_width(heading.parent.upper(), s["parent"]),
        text_width(heading.organizer.upper(), s["organizer"], bold=True),
        text_width(heading.number, s["number"]),
    )
    right_need = CELL_PAD + max(
        text_width(MOTTO, s["motto"], bold=True),
        text_width(MOTTO_2, s["motto2"], bold=True),
        text_width(heading.place_date, s["date"], italic=True),
    )
    total = sum(column_points(w) for w in widths)
    if len(widths) == 1:
        left = max(left_need, column_points(widths[0]) - right_need)
        widths[:] = [width_units(left), width_units(right_need)]
        return 0, 1
    if total < left_need + right_need:
        factor = (left_need + right_need) / total * 1.01
        widths[:] = [width_units(column_points(w) * factor) for w in widths]
    running = 0.0
    left_last = len(widths) - 2
    for index, width in enumerate(widths[:-1]):
        running += column_points(width)
        if running >= left_need:
            left_last = index
            break
    right = sum(column_points(w) for w in widths[left_last + 1 :])
    if right < right_need:
        widths[-1] = width_units(column_points(widths[-1]) + right_need - right)
    return left_last, left_last + 1
