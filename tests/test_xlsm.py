"""The macro-enabled compact book: VBA modules readable, the buttons of the table each over its
cell and bound to a sub that calls the table's Python function, xlwings settings present,
LibreOffice opens it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication

from giaouoc_xl.core.buttons import BUTTONS, SHEET
from giaouoc_xl.excel import lite
from giaouoc_xl.workbooks.compact.layout import INSTRUCTIONS
from giaouoc_xl.workbooks.compact.reader import read_compact_book
from giaouoc_xl.workbooks.compact.xlsm import XLWINGS_CONF, build_xlsm

from .conftest import ROOT
from .libreoffice import convert
from .workbook_diff import assert_same_workbook

pytestmark = pytest.mark.slow  # builds the .xlsm, LibreOffice opens it

COMMITTED = ROOT / "workbook_templates" / "so_giao_uoc.xlsm"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_xlsm(tmp_path_factory.mktemp("xlsm") / "so_giao_uoc.xlsm")


def _modules(path: Path) -> dict[str, str]:
    with ExcelFile(path) as book:
        return {name: book.get_module(name) for name in book.module_names()}


def _buttons(path: Path) -> dict[str, tuple[str, str]]:
    app = ExcelApplication.open(path, with_vba=False)
    return {s.name: (s.text, s.macro) for view in app.sheets() for s in view.shapes()}


def test_vba_modules_are_present_and_readable(built: Path) -> None:
    modules = _modules(built)
    assert {"xlwings", "Dictionary", "GiaoUoc"} <= set(modules)
    assert "Public Function RunPython(" in modules["xlwings"]


def test_every_button_calls_a_sub_that_calls_a_python_function(built: Path) -> None:
    modules = _modules(built)
    subs = dict(re.findall(r'Sub (\w+)\(\)\s+RunPython "([^"]+)"', modules["GiaoUoc"]))
    buttons = _buttons(built)
    assert buttons == {b.shape: (b.caption, b.macro) for b in BUTTONS}
    for button in BUTTONS:
        command = subs[button.macro]
        match = re.fullmatch(r"from ([\w.]+) import (\w+); (\w+)\(\)", command)
        assert match and match[2] == match[3] == button.action, command
        assert callable(getattr(importlib.import_module(match[1]), match[2]))


def test_every_button_covers_its_cell(built: Path) -> None:
    # where Excel's object model says each shape lies (pyopenvba runs the VBA)
    app = ExcelApplication.open(built, with_vba=False)
    app.add_module(
        "Function Covers(name)\r\n"
        f'    Set s = Worksheets("{SHEET}").Shapes(name)\r\n'
        '    Covers = s.TopLeftCell.Address(False, False) & ":" & '
        "s.BottomRightCell.Address(False, False)\r\n"
        "End Function\r\n",
        name="Where",
    )
    assert SHEET == INSTRUCTIONS
    for button in BUTTONS:
        first, last = str(app.run("Covers", button.shape)).split(":")
        assert first[0] == last[0] == button.cell[0], button
        assert int(first[1:]) <= int(button.cell[1:]) <= int(last[1:]), (button, first, last)


def test_lite_buttons_use_the_same_shape_names(built: Path) -> None:
    from xlwings import server

    bound = {m["button"] for m in server.custom_scripts_meta(lite)}
    assert bound == {f"[{b.shape}]{SHEET}!{b.cell}" for b in BUTTONS}
    assert {b.partition("]")[0].removeprefix("[") for b in bound} == set(_buttons(built))


def test_xlwings_settings_and_the_compact_book(built: Path) -> None:
    wb = load_workbook(built, keep_vba=True)
    conf = {row[0]: row[1] for row in wb[XLWINGS_CONF].iter_rows(max_row=9, values_only=True)}
    assert set(conf) >= {"Interpreter_Win", "PYTHONPATH", "Show Console"}
    assert str(conf["Interpreter_Win"]).endswith("python.exe")
    assert [f.code for f in read_compact_book(built).findings] == ["empty-compact"]  # a blank book


def test_libreoffice_opens_it(built: Path, tmp_path: Path) -> None:
    (pdf,) = convert(built, tmp_path, "pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_committed_xlsm_has_not_drifted(built: Path) -> None:
    # On failure, regenerate with: python -m giaouoc_xl.jobs.builtin_templates workbook_templates
    assert_same_workbook(COMMITTED, built)
    assert _modules(COMMITTED) == _modules(built)
    assert _buttons(COMMITTED) == _buttons(built)
