"""Compare workbooks on what people see and use, with save-time noise left out.

``dump(path)`` renders a workbook as sorted text lines: per sheet its state, freeze panes, column
widths, merged cells, protection, print setup, data validations, conditional formats, and per
cell its value (or formula), number format, font, fill, alignment and lock. Timestamps in document
properties, zip order and style-table numbering are not part of it. ``assert_same_workbook``
shows a unified diff of the dumps when they differ (in the spirit of XlsxWriter's test helpers).
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def _color(color: Any) -> str:
    if color is None:
        return ""
    return str(color.rgb if color.type == "rgb" else f"{color.type}:{color.value}")


def _cell_line(cell: Any) -> str:
    font = cell.font
    fill = cell.fill
    align = cell.alignment
    parts = [
        f"{cell.coordinate}={cell.value!r}",
        f"t={cell.data_type}",
        f"fmt={cell.number_format}",
        f"font={font.name},{font.sz},{'b' if font.b else ''}{'i' if font.i else ''},{_color(font.color)}",
    ]
    if fill is not None and fill.fill_type:
        parts.append(f"fill={fill.fill_type}:{_color(fill.fgColor)}")
    if align is not None and (align.wrap_text or align.horizontal or align.vertical):
        parts.append(
            f"align={align.horizontal},{align.vertical},{'wrap' if align.wrap_text else ''}"
        )
    if cell.protection is not None and not cell.protection.locked:
        parts.append("unlocked")
    if cell.hyperlink is not None:
        parts.append(f"link={cell.hyperlink.location or cell.hyperlink.target}")
    return " ".join(parts)


def dump(path: str | Path) -> list[str]:
    wb = load_workbook(path)
    lines: list[str] = [f"sheets={[ws.title for ws in wb.worksheets]}"]
    for name, defined in sorted(wb.defined_names.items()):
        lines.append(f"name {name}={defined.attr_text}")
    for ws in wb.worksheets:
        prefix = f"[{ws.title}]"
        lines.append(f"{prefix} state={ws.sheet_state} freeze={ws.freeze_panes}")
        for letter, dim in sorted(ws.column_dimensions.items()):
            if dim.width:
                lines.append(f"{prefix} col {letter} width={dim.width:g} hidden={dim.hidden}")
        lines.append(f"{prefix} merged={sorted(str(r) for r in ws.merged_cells.ranges)}")
        prot = ws.protection
        lines.append(f"{prefix} protected={prot.sheet} password={bool(prot.password)}")
        setup = ws.page_setup
        lines.append(
            f"{prefix} print paper={setup.paperSize} orient={setup.orientation} "
            f"fitW={setup.fitToWidth} fitH={setup.fitToHeight} fit={ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None} "
            f"titles={ws.print_title_rows} area={ws.print_area}"
        )
        lines.append(
            f"{prefix} header={ws.oddHeader.left.text!r}|{ws.oddHeader.center.text!r}|{ws.oddHeader.right.text!r} "
            f"footer={ws.oddFooter.left.text!r}|{ws.oddFooter.center.text!r}|{ws.oddFooter.right.text!r}"
        )
        lines.append(f"{prefix} filter={ws.auto_filter.ref}")
        for dv in ws.data_validations.dataValidation:
            lines.append(
                f"{prefix} validation {dv.sqref} type={dv.type} op={dv.operator} f1={dv.formula1} "
                f"f2={dv.formula2} blank={dv.allow_blank} style={dv.errorStyle} "
                f"prompt={dv.promptTitle!r}:{dv.prompt!r} error={dv.errorTitle!r}:{dv.error!r}"
            )
        for rng, rules in ws.conditional_formatting._cf_rules.items():
            for rule in rules:
                lines.append(
                    f"{prefix} cf {rng.sqref} type={rule.type} op={rule.operator} "
                    f"formula={rule.formula} priority={rule.priority}"
                )
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.has_style:
                    lines.append(f"{prefix} {_cell_line(cell)}")
    wb.close()
    return lines


def diff(expected: str | Path, actual: str | Path, limit: int = 80) -> str:
    """A unified diff of two workbooks' dumps (empty when they are the same)."""
    result = list(
        difflib.unified_diff(
            dump(expected),
            dump(actual),
            fromfile=str(expected),
            tofile=str(actual),
            lineterm="",
            n=1,
        )
    )
    if len(result) > limit:
        result = [*result[:limit], f"... {len(result) - limit} more diff lines"]
    return "\n".join(result)


def assert_same_workbook(expected: str | Path, actual: str | Path) -> None:
    text = diff(expected, actual)
    assert not text, f"workbooks differ:\n{text}"
