"""Feedback for every format: a school that sent .ods or .xls (saved by LibreOffice, as a school
using it would) or .xlsb gets a marked copy as an .xlsx named after its file, which says what it
was made from; every finding's sheet!cell in the copy holds what the school typed there, marked;
text stays text; the copy reads as the same submission."""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook, SheetVisibleEnum

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.school.feedback import SHEET
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli
from .libreoffice import convert
from .printing import overlaps
from .wild import _R, CT, _b12, _content_types, _rels, _wide, _zip, xlsb_sheet

pytestmark = pytest.mark.slow  # LibreOffice saves the school's file in each format

TB = sample("thanh-ba-2020-2021")
SCHOOL = next(s for s in TB.schools if s.code == "02006")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
NOTE = "=SUM(1,2) ghi chú của trường"
FORMATS = ("ods", "xls", "xlsb")


Sheets = list[tuple[str, list[list[Any]], bool]]


def _sheets(path: Path) -> Sheets:
    """(name, values, hidden) of every sheet, as python-calamine reads them."""
    book = CalamineWorkbook.from_path(str(path))
    try:
        return [
            (
                meta.name,
                book.get_sheet_by_name(meta.name).to_python(skip_empty_area=False),
                meta.visible != SheetVisibleEnum.Visible,
            )
            for meta in book.sheets_metadata
        ]
    finally:
        book.close()


def xlsb_book(sheets: Sheets) -> bytes:
    """An .xlsb of several sheets (BIFF12, the parts of tests/wild.py's one-sheet package)
    holding ``sheets``' values: numbers and text, a hidden sheet hidden."""
    sst: dict[str, int] = {}
    bins = []
    for _, grid, _ in sheets:
        cells = [
            (r, c, v if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))
            for r, row in enumerate(grid)
            for c, v in enumerate(row)
            if v is not None and v != ""
        ]
        bins.append(xlsb_sheet(cells, sst))
    bundle = b"".join(
        _b12(0x009C, struct.pack("<II", 1 if hidden else 0, i) + _wide(f"rId{i}") + _wide(name))
        for i, (name, _, hidden) in enumerate(sheets, start=1)
    )  # BrtBundleSh: hsState (1 hidden), iTabID, relId, name
    workbook = (
        _b12(0x0083)
        + _b12(0x0099, struct.pack("<II", 0, 0) + _wide(""))
        + _b12(0x008F)
        + bundle
        + _b12(0x0090)
        + _b12(0x009D, struct.pack("<IIIdBB", 0, 0, 100, 0.001, 0, 0))
        + _b12(0x0084)
    )
    strings = _b12(0x009F, struct.pack("<II", len(sst), len(sst)))
    for text in sst:
        strings += _b12(0x0013, b"\x00" + _wide(text))
    strings += _b12(0x00A0)
    ms = "application/vnd.ms-excel"
    extra = (
        f'<Default Extension="bin" ContentType="{ms}.sheet.binary.macroEnabled.main"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.bin" ContentType="{ms}.worksheet"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Override PartName="/xl/sharedStrings.bin" ContentType="{ms}.sharedStrings"/>'
    )
    relations = [
        (f"rId{i}", f"{_R}/worksheet", f"worksheets/sheet{i}.bin")
        for i in range(1, len(sheets) + 1)
    ]
    relations.append((f"rId{len(sheets) + 1}", f"{_R}/sharedStrings", "sharedStrings.bin"))
    return _zip(
        [
            ("[Content_Types].xml", _content_types("xl/workbook.bin", CT["xlsb"], extra)),
            ("_rels/.rels", _rels(("rId1", f"{_R}/officeDocument", "xl/workbook.bin"))),
            ("xl/workbook.bin", workbook),
            ("xl/_rels/workbook.bin.rels", _rels(*relations)),
            *((f"xl/worksheets/sheet{i}.bin", data) for i, data in enumerate(bins, start=1)),
            ("xl/sharedStrings.bin", strings),
        ]
    )


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same filled workbook (errors included) as the school sent it in each format."""
    folder = tmp_path_factory.mktemp("formats")
    answers = clean_answers(TB, SCHOOL, Period.REGISTRATION, seed=5)
    answers.targets["CT06.2"]["registration"] = 90  # below the threshold
    answers.targets["CT02.2"]["registration"] = "Chắc chắn"  # neither Có nor Không
    answers.targets["CT06.4"]["note"] = NOTE  # typed text that looks like a formula
    answers.signing["date"] = None
    typed = folder / "typed" / "truong_abc.xlsx"
    typed.parent.mkdir()
    render_school_workbook(TB, SCHOOL, typed, WHEN, answers)
    files = {fmt: convert(typed, folder / "sent", fmt)[0] for fmt in ("ods", "xls")}
    files["xlsb"] = folder / "sent" / "truong_abc.xlsb"
    files["xlsb"].write_bytes(xlsb_book(_sheets(files["ods"])))
    return files


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory, books: dict[str, Path]) -> Path:
    return books["thanh-ba-2020-2021"]


def _same(copied: Any, typed: Any) -> bool:
    if isinstance(typed, float) and isinstance(copied, (int, float)):
        return abs(copied - typed) < 1e-9
    return copied == typed


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_school_that_sent_another_format_gets_a_marked_xlsx(
    fmt: str, sent: dict[str, Path], book: Path, tmp_path: Path
) -> None:
    path = sent[fmt]
    result = run_cli("check", book, path, "--feedback", tmp_path / "ph", "--json")
    assert result.code == 1, result.err
    (entry,) = json.loads(result.out)["files"]
    codes = {f["code"] for f in entry["findings"]}
    assert {"below-threshold", "invalid-value"} <= codes and "feedback-not-written" not in codes
    copy = Path(entry["feedback"])
    assert copy.name == "truong_abc.xlsx" and copy.parent == tmp_path / "ph"
    original = _sheets(path)
    wb = load_workbook(copy)
    assert wb.sheetnames == [SHEET, *(name for name, _, _ in original)]
    assert [wb[name].sheet_state == "hidden" for name, _, _ in original] == [
        hidden for _, _, hidden in original
    ]
    listing = wb[SHEET]
    said = " ".join(str(c.value) for c in listing["A"][:4] if c.value)
    assert f"(.{fmt})" in said and "tệp gốc" in said and "lưu (.xlsx)" in said
    grids = {name: grid for name, grid, _ in original}
    placed = [f for f in entry["findings"] if f["sheet"] and f["cell"]]
    assert placed
    for finding in placed:
        cell = wb[finding["sheet"]][finding["cell"]]
        grid = grids[finding["sheet"]]
        typed = grid[cell.row - 1][cell.column - 1] if cell.row <= len(grid) else ""
        assert _same(cell.value if cell.value is not None else "", typed), (finding, cell.value)
        assert cell.fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C")), finding
    # text stays text, never a formula
    notes = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == NOTE]
    assert notes and all(c.data_type == "s" for c in notes)
    # the copy, saved and sent back, reads as the same submission
    again, before = read_submission(copy, TB), read_submission(path, TB)
    assert [(r.code, r.registration and r.registration.raw) for r in again.rows] == [
        (r.code, r.registration and r.registration.raw) for r in before.rows
    ]
    assert again.school_code == before.school_code == SCHOOL.code


def test_a_copy_takes_another_name_beside_a_file_of_its_name(
    sent: dict[str, Path], book: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    ods = folder / "truong_abc.ods"
    ods.write_bytes(sent["ods"].read_bytes())
    (folder / "truong_abc.xlsx").write_bytes(sent["ods"].read_bytes())  # an .ods named .xlsx
    document = run_cli(
        "check", book, ods, folder / "truong_abc.xlsx", "--feedback", tmp_path / "ph", "--json"
    ).json()
    names = [Path(f["feedback"]).name for f in document["files"]]
    assert names == ["truong_abc_ods.xlsx", "truong_abc.xlsx"]  # neither overwrites the other
    same = run_cli("check", book, ods, "--feedback", folder, "--json")
    assert same.code == 2 and "không được trùng" in same.json()["error"]
    assert sorted(p.name for p in folder.iterdir()) == ["truong_abc.ods", "truong_abc.xlsx"]


def test_the_copies_of_values_print_clean(
    sent: dict[str, Path], book: Path, tmp_path: Path
) -> None:
    copies = []
    for fmt in FORMATS:
        out = tmp_path / fmt
        entry = run_cli("check", book, sent[fmt], "--feedback", out, "--json").json()["files"][0]
        copies.append(Path(entry["feedback"]).rename(out / f"phan_hoi_{fmt}.xlsx"))
    for pdf in convert(copies, tmp_path / "pdf", "pdf"):
        assert not overlaps(pdf), (pdf.name, overlaps(pdf))
