"""The macro-enabled compact book (``so_giao_uoc.xlsm``) for desktop Excel with Python.

Built on Linux by the project's own code, in three steps:

1. the compact book itself (openpyxl, :func:`giaouoc_xl.workbooks.compact.writer.make_compact_workbook`),
   plus the ``xlwings.conf`` sheet xlwings reads its settings from (interpreter, PYTHONPATH);
2. form buttons with Vietnamese captions on the instructions sheet, each over its cell and bound
   to a macro (pyopenvba, which writes the drawing, VML and control parts Excel expects): the
   buttons are the rows of :mod:`giaouoc_xl.core.buttons`, the table that also binds the xlwings
   Lite scripts (``excel/lite.py``) to the same shape names and cells;
3. the VBA project (pyopenvba): xlwings' standalone modules (``xlwings``, ``Dictionary``, taken
   from the ``quickstart_standalone.xlsm`` that ships with the installed xlwings) and our
   ``GiaoUoc`` module, whose subs call the button functions through ``RunPython``.

pyopenvba is a development dependency: staff receive the built file, they never build it.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from ...core.buttons import BUTTONS, SHEET
from ...core.model import Compact
from ..table import put_cell
from .layout import INSTRUCTIONS
from .writer import make_compact_workbook

#: Where and how big each button is drawn, in points: over its cell, whose column is A.
BUTTON_LEFT, BUTTON_INSET, BUTTON_WIDTH, BUTTON_HEIGHT = 12.0, 3.0, 220.0, 30.0

XLWINGS_CONF = "xlwings.conf"

CONF_ROWS: list[tuple[str, object]] = [
    (
        "Interpreter_Win",
        r"C:\Users\TEN_NGUOI_DUNG\AppData\Local\Programs\Python\Python311\python.exe",
    ),
    ("Interpreter_Mac", ""),
    ("PYTHONPATH", ""),
    ("Conda Path", ""),
    ("Conda Env", ""),
    ("UDF Modules", ""),
    ("Debug UDFs", False),
    ("Use UDF Server", False),
    ("Show Console", False),
]


def _row_top(sheet: Worksheet, row: int) -> float:
    """Where ``row`` starts, in points from the top of ``sheet`` (rows of default height unless
    set), as Excel and pyopenvba place a shape."""
    default = sheet.sheet_format.defaultRowHeight or 15.0
    return sum(
        (sheet.row_dimensions[r].height or default) if r in sheet.row_dimensions else default
        for r in range(1, row)
    )


def _button_row(cell: str) -> int:
    column, row = coordinate_from_string(cell)
    if column != "A":
        raise ValueError(f"a button's cell is in column A: {cell}")
    return row


def vba_module() -> str:
    """The ``GiaoUoc`` VBA module: one sub per button, each a ``RunPython`` call."""
    lines = [
        'Attribute VB_Name = "GiaoUoc"',
        "' Các nút bấm của giaouoc_xl: mỗi nút gọi một hàm Python qua xlwings.",
        "",
    ]
    for button in BUTTONS:
        lines += [
            f"Sub {button.macro}()",
            f'    RunPython "from giaouoc_xl.excel.actions import {button.action}; {button.action}()"',
            "End Sub",
            "",
        ]
    return "\r\n".join(lines)


def _xlwings_modules() -> dict[str, str]:
    """xlwings' standalone VBA modules, from the quickstart book of the installed xlwings."""
    import xlwings
    from pyopenvba import ExcelFile

    quickstart = Path(xlwings.__file__).parent / "quickstart_standalone.xlsm"
    with ExcelFile(quickstart) as book:
        return {name: book.get_module(name) for name in ("xlwings", "Dictionary")}


_R = b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _declare_relationships_namespace(path: Path) -> None:
    """pyopenvba adds ``<drawing r:id=...>`` to a worksheet whose root (written by openpyxl
    without relationships) does not declare the ``r`` prefix; strict readers (openpyxl, Excel)
    reject that. Declare it on the root element of such worksheets."""
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts:
            if (
                info.filename.startswith("xl/worksheets/sheet")
                and b" r:id=" in data
                and _R not in data[:2000]
            ):
                data = data.replace(b"<worksheet ", b"<worksheet " + _R + b" ", 1)
            package.writestr(info, data)


def build_xlsm(path: str | os.PathLike[str], compact: Compact | None = None) -> Path:
    """Write the macro-enabled compact book (blank, or with ``compact``) to ``path``."""
    from pyopenvba import ExcelFile, VBAModuleKind
    from pyopenvba.apps.excel import ExcelApplication

    target = Path(path)
    wb = make_compact_workbook(compact)
    conf = wb.create_sheet(XLWINGS_CONF)
    for row, (key, value) in enumerate(CONF_ROWS, start=1):
        put_cell(conf.cell(row=row, column=1), key)
        put_cell(conf.cell(row=row, column=2), value)
    notes = [
        "Cài đặt cho xlwings (các nút bấm). Interpreter_Win: đường dẫn tới python.exe đã cài giaouoc_xl.",
        "PYTHONPATH: để trống nếu đã 'pip install giaouoc_xl'. Xem README, mục 'Nút bấm trong Excel'.",
    ]
    for offset, text in enumerate(notes):
        put_cell(conf.cell(row=len(CONF_ROWS) + 3 + offset, column=1), text)
    conf.column_dimensions["A"].width = 18
    conf.column_dimensions["B"].width = 80
    if SHEET != INSTRUCTIONS:
        raise ValueError(f"the buttons' sheet {SHEET!r} is not the instructions sheet")
    guide = wb[INSTRUCTIONS]
    rows = [_button_row(button.cell) for button in BUTTONS]
    put_cell(
        guide.cell(row=min(rows) - 1, column=1),
        "Nút bấm (Excel trên máy tính có cài Python và giaouoc_xl, xem README):",
    )
    tops = [_row_top(guide, row) + BUTTON_INSET for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder) / "so.xlsx"
        wb.save(plain)
        app = ExcelApplication.open(plain, with_vba=False)
        sheet = app.sheet(INSTRUCTIONS)
        for button, top in zip(BUTTONS, tops, strict=True):
            sheet.add_button(
                name=button.shape,
                left=BUTTON_LEFT,
                top=top,
                width=BUTTON_WIDTH,
                height=BUTTON_HEIGHT,
                text=button.caption,
                macro=button.macro,
            )
        staged = Path(folder) / "so.xlsm"
        app.save(staged)
        _declare_relationships_namespace(staged)
        with ExcelFile(staged) as book:
            project = book.add_vba_project()
            for name, source in _xlwings_modules().items():
                kind = VBAModuleKind.other if name == "Dictionary" else VBAModuleKind.standard
                project.add_module(name, source, kind=kind)
            project.add_module("GiaoUoc", vba_module())
            book.save(target)
    return target
