"""The macro-enabled compact book: VBA modules readable, buttons bound to subs that exist, subs
calling Python functions that exist, xlwings settings present, LibreOffice opens it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication

from giaouoc_xl.excel import lite
from giaouoc_xl.workbooks.compact_reader import read_compact_book
from giaouoc_xl.workbooks.xlsm import BUTTONS, XLWINGS_CONF, build_xlsm

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
    assert {name: caption for name, (caption, _) in buttons.items()} == {
        b.name: b.caption for b in BUTTONS
    }
    for _, macro in buttons.values():
        assert macro in subs, macro
    for command in subs.values():
        match = re.fullmatch(r"from ([\w.]+) import (\w+); (\w+)\(\)", command)
        assert match and match[2] == match[3], command
        assert callable(getattr(importlib.import_module(match[1]), match[2]))


def test_lite_buttons_use_the_same_shape_names(built: Path) -> None:
    from xlwings import server

    names = {m["button"].split("]")[0].lstrip("[") for m in server.custom_scripts_meta(lite)}
    assert names == set(_buttons(built))


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
