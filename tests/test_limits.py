"""Files beyond safe limits are refused with a clear reason before any reader touches them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from giaouoc_xl.errors import UnreadableWorkbook
from giaouoc_xl.merge import merge
from giaouoc_xl.model import Period
from giaouoc_xl.reading import read_submission
from giaouoc_xl.samples import sample

TB = sample("thanh-ba-2020-2021")


def far_cell(path: Path) -> Path:
    """A tiny workbook with one value at XFD1048576: python-calamine would abort the process."""
    wb = Workbook()
    wb.active.title = "Chỉ tiêu"
    wb.active["A1"] = "a"
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    return path


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))  # ~4 KB compressed
    return path


@pytest.mark.parametrize(("make", "reason"), [(far_cell, "vượt giới hạn"), (zip_bomb, "zip bomb")])
def test_refused_before_reading(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "truong.xlsx")
    with pytest.raises(UnreadableWorkbook, match=reason):
        read_submission(path, TB)


def test_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    far_cell(folder / "a.xlsx")
    zip_bomb(folder / "b.xlsx")
    result = merge(TB, folder, Period.YEAR_END, jobs=2)
    assert {o.name: o.status for o in result.files} == {
        "a.xlsx": "unreadable",
        "b.xlsx": "unreadable",
    }
