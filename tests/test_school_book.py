"""Generating school workbooks: one per school, with everything working natively."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.model import Compact, Level
from giaouoc_xl.core.school_form import (
    HEADER_ROW,
    META,
    SCHOOL,
    SCHOOL_ROW,
    TARGETS,
    ascii_slug,
    school_file_name,
)
from giaouoc_xl.core.thresholds import threshold_for
from giaouoc_xl.jobs.templates import write_school_workbooks
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import GENERATED_AT, run_cli
from .filling import columns, target_rows
from .workbook_diff import assert_same_workbook

THANH_BA = "thanh-ba-2020-2021"
THPT = "thpt-vung-kho-2022-2023"


def test_one_workbook_per_school_named_from_code_and_name(
    school_books: dict[str, list[Path]], compacts: dict[str, Compact]
) -> None:
    for name, paths in school_books.items():
        assert len(paths) == len(compacts[name].schools)
        assert all(p.exists() for p in paths)
        assert len({p.name for p in paths}) == len(paths)
    assert "02006_truong-tieu-hoc-dong-linh.xlsx" in {p.name for p in school_books[THANH_BA]}
    assert "10001_truong-thcs-thpt-ta-sin-thang.xlsx" in {p.name for p in school_books[THPT]}


def test_ascii_file_names() -> None:
    assert ascii_slug("Trường Mầm non Đông Lĩnh") == "truong-mam-non-dong-linh"
    assert school_file_name("../01", "=cmd|' /C calc'!A0") == "..01_cmd-c-calc-a0.xlsx"


def test_template_command(books: dict[str, Path], tmp_path: Path) -> None:
    result = run_cli("template", books[THANH_BA], "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert "Đã ghi 59 mẫu" in result.out
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 59
    some = run_cli(
        "template",
        books[THANH_BA],
        "--out",
        tmp_path / "some",
        "--school",
        "01001",
        "--school",
        "03019",
    )
    assert some.code == 0 and sorted(p.name[:5] for p in (tmp_path / "some").iterdir()) == [
        "01001",
        "03019",
    ]
    unknown = run_cli("template", books[THANH_BA], "--out", tmp_path / "x", "--school", "99999")
    assert unknown.code == 2 and "99999" in unknown.err


def test_template_refuses_an_invalid_compact(tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    run_cli("compact", "new", blank)
    result = run_cli("template", blank, "--out", tmp_path / "out")
    assert result.code == 1 and "empty-compact" in result.out


def test_fast_copies_equal_a_direct_build(
    school_books: dict[str, list[Path]], compacts: dict[str, Compact], tmp_path: Path
) -> None:
    compact = compacts[THPT]
    for school in compact.schools[:2]:  # a two-level school and a THPT school
        direct = tmp_path / f"direct-{school.code}.xlsx"
        render_school_workbook(compact, school, direct, GENERATED_AT)
        copy = next(p for p in school_books[THPT] if p.name.startswith(school.code))
        assert_same_workbook(direct, copy)


def test_sequential_and_parallel_generation_agree(
    compacts: dict[str, Compact], tmp_path: Path
) -> None:
    compact = compacts[THANH_BA]
    one = write_school_workbooks(compact, tmp_path / "one", jobs=1, generated_at=GENERATED_AT)
    two = write_school_workbooks(compact, tmp_path / "two", jobs=2, generated_at=GENERATED_AT)
    assert [p.name for p in one] == [p.name for p in two]
    assert_same_workbook(one[40], two[40])


def test_workbook_contents(thanh_ba_school: Path, thanh_ba: Compact) -> None:
    wb = load_workbook(thanh_ba_school)
    assert wb.sheetnames == ["Hướng dẫn", SCHOOL, TARGETS, META]
    assert wb[META].sheet_state == "hidden"
    meta = {r[0]: r[1] for r in wb[META].iter_rows(min_row=2, values_only=True)}
    assert meta["compact_id"] == thanh_ba.id and meta["compact_fingerprint"] == thanh_ba.fingerprint
    assert meta["school_code"] == "02006" and meta["template_version"] == "2"
    assert meta["generated_at"] == "2026-01-01 00:00:00+00:00"
    assert meta["school_place"] == "Đông Lĩnh"  # the date line's place: "Xã Đông Lĩnh"

    school = wb[SCHOOL]
    code, principal = (f"B{SCHOOL_ROW[key]}" for key in ("code", "principal"))
    assert school[code].value == "02006" and school[code].protection.locked
    assert school[principal].protection.locked is False  # principal's name is an input
    assert school.protection.sheet

    ws = wb[TARGETS]
    assert ws.protection.sheet and not ws.protection.password
    cols, rows = columns(ws), target_rows(ws)
    applicable = {t.code for t in thanh_ba.targets_for([Level.TH])}
    assert set(rows) == applicable  # only the targets of the school's level, no MN-only ones
    row = rows["CT06.2"]
    assert ws[f"{cols['threshold']}{row}"].value == 99.5
    assert ws[f"{cols['threshold']}{row}"].protection.locked
    for key in ("registration", "result:hk1", "result:cuoi-nam", "note", "comment"):
        assert ws[f"{cols[key]}{row}"].protection.locked is False, key
    assert str(ws[f"{cols['status_registration']}{row}"].value).startswith("=IF(")

    kinds = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            kinds[str(rng)] = (dv.type, dv.operator, dv.formula1, dv.formula2, dv.prompt)
    assert kinds[f"{cols['registration']}{row}"][:4] == (
        "decimal",
        None,
        "0",
        "100",
    )  # between: the default
    assert kinds[f"{cols['registration']}{rows['CT06.4']}"][:3] == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    assert kinds[f"{cols['registration']}{rows['CT02.2']}"][2] == '"Có,Không"'
    assert kinds[f"{cols['registration']}{rows['CT08.1']}"][2] == '"Chưa đạt,Mức độ 1,Mức độ 2"'
    assert "Nhập số từ 0 đến 100" in kinds[f"{cols['registration']}{row}"][4]
    assert ws.conditional_formatting  # met green, not met red

    setup = ws.page_setup
    assert (setup.paperSize, setup.orientation) == (9, "landscape")
    assert 50 <= setup.scale < 100  # one page wide, at a scale the page breaks are planned for
    assert ws.row_breaks.count >= 1
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    # the school's own heading (NĐ 30/2020), not the office's: managing body, school, motto
    heading = [c.value for r in ws.iter_rows(max_row=HEADER_ROW) for c in r if c.value]
    assert heading[:4] == [
        "PHÒNG GD&ĐT HUYỆN THANH BA",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TRƯỜNG TIỂU HỌC ĐÔNG LĨNH",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert "Số: ……/……" in heading and not ws.oddHeader.left.text
    assert any(str(v).startswith("=IF(ISNUMBER('Trường'!$B$") for v in heading)  # the date
    assert ws[f"A{row}"].font.name == "Times New Roman"
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert "HIỆU TRƯỞNG" in texts and any(t.startswith("Nội dung 4:") for t in texts)
    assert any(t.startswith("Nhóm N06.") for t in texts)


def test_two_level_school_takes_the_stricter_threshold(
    school_books: dict[str, list[Path]], thpt: Compact
) -> None:
    path = next(p for p in school_books[THPT] if p.name.startswith("10001_"))
    ws = load_workbook(path)[TARGETS]
    cols, rows = columns(ws), target_rows(ws)
    assert set(rows) == {t.code for t in thpt.targets}
    assert ws[f"{cols['threshold']}{rows['CT04.1']}"].value == 98  # THCS 98 vs THPT 97: at least
    assert ws[f"{cols['threshold']}{rows['CT06.1']}"].value == 1  # THCS 1.0 vs THPT 1.5: at most
    target = thpt.target("CT07.3")
    assert target is not None and threshold_for(target, (Level.THCS, Level.THPT)) == "Cấp độ 1"


def test_text_from_the_roster_is_never_a_formula(thanh_ba: Compact, tmp_path: Path) -> None:
    school = thanh_ba.schools[0].model_copy(
        update={"name": '=HYPERLINK("http://x","y")', "commune": "@SUM(1)"}
    )
    compact = thanh_ba.model_copy(update={"schools": (school,)})
    (path,) = write_school_workbooks(compact, tmp_path)
    ws = load_workbook(path)[SCHOOL]
    name, commune = (f"B{SCHOOL_ROW[key]}" for key in ("name", "commune"))
    assert ws[name].value == '=HYPERLINK("http://x","y")' and ws[name].data_type == "s"
    assert ws[commune].data_type == "s"
    assert ws["A2"].value == '=HYPERLINK("HTTP://X","Y")' and ws["A2"].data_type == "s"


@pytest.mark.parametrize("name", [THANH_BA, THPT])
def test_blank_school_workbooks_are_committed(name: str) -> None:
    from giaouoc_xl.jobs.builtin_templates import TEMPLATE_FILES

    assert any(f.startswith(f"mau_truong_{name}_") for f in TEMPLATE_FILES)
