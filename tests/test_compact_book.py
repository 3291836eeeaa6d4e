"""The compact book: round trips, what staff see, and every broken book staff could make."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from giaouoc_xl.core.codes import Severity
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.model import (
    Award,
    Bloc,
    Category,
    Compact,
    Content,
    Direction,
    Level,
    Organizer,
    OrganizerKind,
    Period,
    PeriodSpec,
    School,
    Scoring,
    Signer,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
    labels,
)
from giaouoc_xl.workbooks.compact.reader import CompactBookResult
from giaouoc_xl.workbooks.compact.reader import read_compact_book as read_with
from giaouoc_xl.workbooks.compact.writer import write_compact_book

from .conftest import edit_book, run_cli
from .libreoffice import convert
from .wild import structural_encrypted_ooxml


def read_compact_book(path: Path) -> CompactBookResult:
    """Every read in these tests runs both engines: python-calamine (the default) must give
    exactly what openpyxl (the reference) gives, compact and findings alike."""
    fast, reference = read_with(path), read_with(path, engine="openpyxl")
    assert fast.compact == reference.compact
    assert [(f.flat(), f.severity, f.message) for f in fast.findings] == [
        (f.flat(), f.severity, f.message) for f in reference.findings
    ]
    return fast


THANH_BA = "thanh-ba-2020-2021"


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", [THANH_BA, "thpt-vung-kho-2022-2023"])
def test_sample_round_trips(
    name: str, books: dict[str, Path], compacts: dict[str, Compact]
) -> None:
    result = read_compact_book(books[name])
    assert result.findings == []
    assert result.compact == compacts[name]
    assert result.compact is not None and result.compact.fingerprint == compacts[name].fingerprint


@pytest.mark.slow
def test_book_resaved_by_libreoffice_reads_the_same(
    books: dict[str, Path], compacts: dict[str, Compact], tmp_path: Path
) -> None:
    (resaved,) = convert(books[THANH_BA], tmp_path)
    result = read_compact_book(resaved)
    assert result.findings == []
    assert result.compact == compacts[THANH_BA]


_letters = (
    string.ascii_letters + "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ"
)
words = st.text(alphabet=_letters + string.digits, min_size=1, max_size=8)
phrases = st.lists(words, min_size=1, max_size=5).map(" ".join)
codes = st.text(
    alphabet=string.ascii_uppercase + string.digits + ".-_", min_size=1, max_size=8
).filter(lambda c: c[0] not in "-+" and not c.replace(".", "").isdigit())
hundredths = st.integers(0, 10_000).map(lambda n: n / 100)


@st.composite
def targets(draw: st.DrawFn, code: str, group: str, levels: list[Level]) -> Target:
    kind = draw(st.sampled_from(list(ValueKind)))
    applies = draw(st.lists(st.sampled_from(levels), min_size=1, unique=True))
    choices: tuple[str, ...] = ()
    direction: Direction | None
    scoring = Scoring.ALL_OR_NOTHING
    step = None
    if kind is ValueKind.PERCENT:
        value: Any = hundredths
        direction = draw(
            st.sampled_from([Direction.AT_LEAST, Direction.AT_MOST, Direction.EXACTLY])
        )
        scoring = draw(st.sampled_from(list(Scoring)))
    elif kind is ValueKind.COUNT:
        value = st.integers(0, 500).map(float)
        direction = draw(
            st.sampled_from([Direction.AT_LEAST, Direction.AT_MOST, Direction.EXACTLY])
        )
        scoring = draw(st.sampled_from(list(Scoring)))
    elif kind is ValueKind.YES_NO:
        value = st.just("Có")
        direction = Direction.MUST_BE_YES
    elif kind is ValueKind.LEVEL:
        choices = tuple(draw(st.lists(phrases, min_size=2, max_size=5, unique_by=str.casefold)))
        value = st.sampled_from(choices)
        direction = draw(st.sampled_from([Direction.AT_LEAST, Direction.EXACTLY]))
    else:
        value = phrases
        direction = draw(st.sampled_from([None, Direction.EXACTLY]))
    if scoring is Scoring.DEDUCT:
        step = draw(st.integers(1, 10).map(float))
    return Target(
        code=code,
        group=group,
        content=None,
        text=draw(phrases),
        unit=draw(st.sampled_from(["", "%", "vụ", "học sinh"])),
        kind=kind,
        direction=direction,
        thresholds={level: draw(value) for level in applies},
        choices=choices,
        points=draw(st.integers(0, 20).map(float)),
        scoring=scoring,
        step=step,
        veto=draw(st.booleans()),
        category=draw(st.sampled_from(list(Category))),
        periods=frozenset(draw(st.lists(st.sampled_from(list(Period)), unique=True))),
    )


@st.composite
def compacts_strategy(draw: st.DrawFn) -> Compact:
    levels = draw(st.lists(st.sampled_from(list(Level)), min_size=1, max_size=4, unique=True))
    contents = tuple(
        Content(number=i, title=draw(phrases)) for i in range(1, draw(st.integers(1, 3)) + 1)
    )
    group_codes = draw(st.lists(codes, min_size=1, max_size=3, unique=True))
    groups = tuple(
        TargetGroup(code=c, title=draw(phrases), content=draw(st.sampled_from([None, 1])))
        for c in group_codes
    )
    target_codes = draw(st.lists(codes, min_size=1, max_size=6, unique=True))
    target_list = tuple(
        draw(targets(c, draw(st.sampled_from(group_codes)), levels)) for c in target_codes
    )
    bloc_codes = draw(st.lists(codes, min_size=1, max_size=2, unique=True))
    school_codes = draw(
        st.lists(
            st.text(string.digits, min_size=2, max_size=6), min_size=1, max_size=5, unique=True
        )
    )
    schools = tuple(
        School(
            code=c,
            name=draw(phrases),
            levels=(draw(st.sampled_from(levels)),),
            bloc=draw(st.sampled_from(bloc_codes)),
            commune=draw(st.sampled_from(["", "Xã A"])),
        )
        for c in school_codes
    )
    compact = Compact(
        id=draw(codes),
        revision=draw(st.integers(1, 9)),
        title=draw(phrases),
        organizer=Organizer(
            name=draw(phrases),
            kind=draw(st.sampled_from(list(OrganizerKind))),
            parent="",
            place=draw(phrases),
        ),
        school_year="2024-2025",
        periods=tuple(PeriodSpec(period=p, deadline=date(2025, 1, 15)) for p in Period),
        current_period=draw(st.sampled_from(list(Period))),
        signer=Signer(name=draw(phrases), title="TRƯỞNG PHÒNG"),
        veto_cap_tier="",
        contents=contents,
        target_groups=groups,
        targets=target_list,
        tiers=(
            Tier(name="Tốt", min_points=draw(st.integers(1, 3))),
            Tier(name="Chưa tốt", min_points=0),
        ),
        blocs=tuple(Bloc(code=c, name=draw(phrases)) for c in bloc_codes),
        schools=schools,
    )
    assume(rule_findings(compact) == [])
    return compact


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(compact=compacts_strategy())
def test_any_valid_compact_round_trips(
    compact: Compact, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("prop") / "book.xlsx"
    write_compact_book(compact, path)
    result = read_compact_book(path)
    assert result.findings == []
    assert result.compact == compact


# --------------------------------------------------------------------------- what staff see


def test_book_is_made_for_staff(books: dict[str, Path]) -> None:
    wb = load_workbook(books[THANH_BA])
    assert wb.sheetnames == [
        "Hướng dẫn",
        "Thiết lập",
        "Kỳ báo cáo",
        "Nội dung",
        "Nhóm chỉ tiêu",
        "Chỉ tiêu",
        "Quy tắc kiểm tra",
        "Xếp loại",
        "Khen thưởng",
        "Khối thi đua",
        "Danh sách trường",
    ]
    awards = wb["Khen thưởng"]
    header = [c.value for c in awards[1]]
    assert header[:3] == ["Thứ tự", "Mã", "Danh hiệu / hình thức khen thưởng"]
    validated = {str(dv.sqref).split(":")[0][:1] for dv in awards.data_validations.dataValidation}
    column = {name: chr(65 + i) for i, name in enumerate(header)}
    assert {column["Xếp loại tối thiểu"], column["Phiếu đồng ý cần"]} <= validated  # dropdowns
    assert (
        awards["C2"].value == "Cờ thi đua của UBND tỉnh"
        and awards[f"{column['Phiếu đồng ý cần']}2"].value == "≥ 70 %"
    )
    targets = wb["Chỉ tiêu"]
    roster = wb["Danh sách trường"]
    assert targets.freeze_panes == "B2" and roster.freeze_panes == "A2"
    assert targets.column_dimensions["D"].width == 60

    def validation(ws: Any, cell: str) -> str:
        found = [
            dv
            for dv in ws.data_validations.dataValidation
            if cell in dv.sqref and dv.type == "list"
        ]
        assert found, f"no dropdown on {ws.title}!{cell}"
        return str(found[0].formula1)

    assert validation(targets, "F2") == '"' + ",".join(labels(ValueKind)) + '"'
    assert validation(targets, "G30") == '"' + ",".join(labels(Direction)) + '"'
    assert validation(targets, "N2") == '"' + ",".join(labels(Scoring)) + '"'
    assert validation(targets, "B2") == "'Nhóm chỉ tiêu'!$A$2:$A$200"
    assert "THCS&THPT" in validation(roster, "C2")
    assert validation(roster, "D2") == "'Khối thi đua'!$A$2:$A$200"
    assert roster["A2"].number_format == "@" and roster["A2"].data_type == "s"
    assert wb["Hướng dẫn"]["A1"].value == "SỔ GIAO ƯỚC THI ĐUA"


def test_text_starting_with_equals_is_written_as_text(thanh_ba: Compact, tmp_path: Path) -> None:
    school = thanh_ba.schools[0].model_copy(update={"name": '=HYPERLINK("http://x","y")'})
    compact = thanh_ba.model_copy(update={"schools": (school, *thanh_ba.schools[1:])})
    path = write_compact_book(compact, tmp_path / "book.xlsx")
    cell = load_workbook(path)["Danh sách trường"]["B2"]
    assert cell.data_type == "s"
    assert read_compact_book(path).compact == compact


# --------------------------------------------------------------------------- broken books

SET = "Thiết lập"
TGT = "Chỉ tiêu"
ROS = "Danh sách trường"

BROKEN: dict[str, tuple[dict[tuple[str, str], Any], list[tuple[str, str, str]]]] = {
    "duplicate target code": ({(TGT, "A3"): "CT01.1"}, [(TGT, "A3", "duplicate-target")]),
    "percent threshold of 150": ({(TGT, "H2"): 150}, [(TGT, "H2", "invalid-threshold")]),
    "unknown level": ({(ROS, "C2"): "MG"}, [(ROS, "C2", "unknown-choice")]),
    "school in a bloc that does not exist": ({(ROS, "D2"): "K-XX"}, [(ROS, "D2", "unknown-bloc")]),
    "missing direction": ({(TGT, "G2"): None}, [(TGT, "G2", "missing-direction")]),
    "school code typed as a number": ({(ROS, "A2"): 1001}, [(ROS, "A2", "school-code-not-text")]),
    "text in the points cell": ({(TGT, "M2"): "năm"}, [(TGT, "M2", "invalid-value")]),
    "unknown value kind": ({(TGT, "F2"): "Phần trăm"}, [(TGT, "F2", "unknown-choice")]),
    "tiers out of order": ({("Xếp loại", "B3"): 95}, [("Xếp loại", "B3", "tiers-not-ordered")]),
    "target in a group that does not exist": ({(TGT, "B2"): "N99"}, [(TGT, "B2", "unknown-group")]),
    "target text deleted": ({(TGT, "D2"): None}, [(TGT, "D2", "missing-value")]),
    "school year typed wrong": ({(SET, "B9"): "2020"}, [(SET, "B9", "invalid-value")]),
    "compact id deleted": ({(SET, "B2"): None}, [(SET, "B2", "missing-value")]),
    "negative count threshold": ({(TGT, "H3"): -1}, [(TGT, "H3", "invalid-threshold")]),
    "yes/no threshold typed as a word": (
        {(TGT, "H5"): "Chắc chắn"},
        [(TGT, "H5", "invalid-threshold")],
    ),
    "three levels for one school": ({(ROS, "C2"): "MN&TH&THCS"}, [(ROS, "C2", "invalid-value")]),
    "two schools with the same code": ({(ROS, "A3"): "01001"}, [(ROS, "A3", "duplicate-school")]),
    "veto cap tier not a tier": ({(SET, "B13"): "Tốt"}, [(SET, "B13", "unknown-veto-tier")]),
    "deadline not a date": ({("Kỳ báo cáo", "B2"): "sớm"}, [("Kỳ báo cáo", "B2", "invalid-value")]),
    "threshold level not in the list": (
        {(TGT, "H22"): "Mức độ 3"},
        [(TGT, "H22", "invalid-threshold")],
    ),
    "every problem at once": (
        {(TGT, "A3"): "CT01.1", (TGT, "H2"): 150, (ROS, "C2"): "MG", (ROS, "D3"): "K-XX"},
        [
            (TGT, "H2", "invalid-threshold"),
            (TGT, "A3", "duplicate-target"),
            (ROS, "C2", "unknown-choice"),
            (ROS, "D3", "unknown-bloc"),
        ],
    ),
}


@pytest.fixture(scope="module")
def broken_books(
    books: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every broken book of BROKEN, edited once as staff would in Excel."""
    wb = load_workbook(books[THANH_BA])  # loaded once; each case's edits are undone after saving
    paths = {}
    for case, (edits, _) in BROKEN.items():
        before = {(sheet, cell): wb[sheet][cell].value for sheet, cell in edits}
        for (sheet, cell), value in edits.items():
            wb[sheet][cell] = value
        paths[case] = tmp_path_factory.mktemp("broken") / "broken.xlsx"
        wb.save(paths[case])
        for (sheet, cell), value in before.items():
            wb[sheet][cell] = value
    return paths


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_book_is_rejected_with_sheet_and_cell(
    case: str, broken_books: dict[str, Path]
) -> None:
    # Each broken book is read once, by the command staff run; the other engine and the text
    # output are compared over all books below.
    expected = BROKEN[case][1]
    cli = run_cli("compact", "check", broken_books[case], "--json")
    assert cli.code == 1
    document = cli.json()
    assert document["valid"] is False
    assert sorted((f["sheet"], f["cell"], f["code"]) for f in document["findings"]) == sorted(
        expected
    )
    assert all(f["message"] and f["file"] == "broken.xlsx" for f in document["findings"])


def test_broken_book_findings_are_printed_with_sheet_and_cell(
    broken_books: dict[str, Path],
) -> None:
    case = "every problem at once"
    cli = run_cli("compact", "check", broken_books[case])
    assert cli.code == 1
    for sheet, cell, code in BROKEN[case][1]:
        assert f"{sheet}!{cell}" in cli.out and f"[{code}]" in cli.out


@pytest.mark.slow
def test_broken_books_read_the_same_with_both_engines(broken_books: dict[str, Path]) -> None:
    for case, path in broken_books.items():
        result = read_compact_book(path)  # both engines, compared
        assert sorted((f.sheet, f.cell, f.code) for f in result.findings) == sorted(
            BROKEN[case][1]
        ), case
        assert result.compact is None, case


def test_messages_are_vietnamese_not_pydantic(books: dict[str, Path], tmp_path: Path) -> None:
    path = edit_book(books[THANH_BA], tmp_path / "b.xlsx", {(TGT, "M2"): "năm", (ROS, "C2"): "MG"})
    messages = [f.message for f in read_compact_book(path).findings]
    assert messages == [
        "Điểm: 'năm' không phải là số",
        "Cấp học: 'MG' không có trong danh sách; chọn một trong: MN; TH; THCS; THPT",
    ]


@pytest.mark.parametrize(
    ("cell", "typed", "expected"),
    [("H2", "95,5", 95.5), ("H2", "≥ 98", 98.0), ("H2", " 97 % ", 97.0), ("I12", "0,3", 0.3)],
)
def test_thresholds_typed_as_text_are_understood(
    books: dict[str, Path], tmp_path: Path, cell: str, typed: str, expected: float
) -> None:
    path = edit_book(books[THANH_BA], tmp_path / "b.xlsx", {(TGT, cell): typed})
    compact = read_compact_book(path).compact
    assert compact is not None
    row = int(cell[1:]) - 2
    level = {"H": Level.MN, "I": Level.TH}[cell[0]]
    assert compact.targets[row].thresholds[level] == expected


def test_percent_formatted_cell_holding_a_fraction(books: dict[str, Path], tmp_path: Path) -> None:
    wb = load_workbook(books[THANH_BA])
    wb[TGT]["H2"] = 0.98
    wb[TGT]["H2"].number_format = "0%"
    wb.save(tmp_path / "b.xlsx")
    compact = read_compact_book(tmp_path / "b.xlsx").compact
    assert compact is not None and compact.targets[0].thresholds[Level.MN] == 98.0


def test_staff_may_reorder_columns_and_leave_blank_rows(
    books: dict[str, Path], tmp_path: Path
) -> None:
    wb = load_workbook(books[THANH_BA])
    ws = wb[ROS]
    ws.move_range("E1:E60", cols=2)  # Xã/phường moved two columns right
    ws.insert_rows(10, amount=3)  # three blank rows in the middle
    wb.save(tmp_path / "b.xlsx")
    result = read_compact_book(tmp_path / "b.xlsx")
    assert result.findings == []
    assert result.compact is not None and len(result.compact.schools) == 59
    assert result.compact.schools[0].commune == "Thị trấn Thanh Ba"


def test_renamed_sheet_and_header(books: dict[str, Path], tmp_path: Path) -> None:
    wb = load_workbook(books[THANH_BA])
    wb["Khối thi đua"].title = "Khối"
    wb[TGT]["G1"] = "Chiều"
    wb.save(tmp_path / "b.xlsx")
    flat = {(f.sheet, f.cell, f.code) for f in read_compact_book(tmp_path / "b.xlsx").findings}
    assert ("Khối thi đua", "", "missing-sheet") in flat
    assert (TGT, "A1", "missing-column") in flat
    assert (ROS, "D2", "unknown-bloc") in flat  # every school's bloc is now unknown


def test_blank_book_gives_one_clear_message(tmp_path: Path) -> None:
    path = write_compact_book(None, tmp_path / "blank.xlsx")
    findings = read_compact_book(path).findings
    assert [(f.code, f.sheet) for f in findings] == [("empty-compact", "Chỉ tiêu")]
    assert "chưa có chỉ tiêu" in findings[0].message
    assert run_cli("compact", "check", path).code == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "rỗng"),
        (b"hello", "không phải bảng tính"),
        (structural_encrypted_ooxml(b"PK" * 100), "mật khẩu"),
    ],
)
def test_unreadable_file_exits_2(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "so.xlsx"
    path.write_bytes(content)
    result = run_cli("compact", "check", path)
    assert result.code == 2 and reason in result.err
    document = run_cli("compact", "check", path, "--json")
    assert document.code == 2 and document.json()["valid"] is False


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run_cli("compact", "check", tmp_path / "khong-co.xlsx")
    assert result.code == 2 and "Không tìm thấy" in result.err


def test_reading_never_modifies_the_book(books: dict[str, Path]) -> None:
    before = books[THANH_BA].read_bytes()
    read_compact_book(books[THANH_BA])
    assert books[THANH_BA].read_bytes() == before


def test_a_broken_award_ladder_is_found_by_cell(books: dict[str, Path], tmp_path: Path) -> None:
    sheet = "Khen thưởng"
    header = [c.value for c in load_workbook(books[THANH_BA])[sheet][1]]
    column = {name: chr(65 + i) for i, name in enumerate(header)}
    edits = {
        (sheet, f"{column['Xếp loại tối thiểu']}3"): "Xuất sắc nhất",
        (sheet, f"{column['Điều kiện về cán bộ']}4"): "LDTT / TONG > 0.5 and SO_HS > 100",
        (sheet, f"{column['Phiếu đồng ý cần']}5"): "nhiều",
        (sheet, f"{column['Mã']}6"): "GK",
    }
    path = edit_book(books[THANH_BA], tmp_path / "b.xlsx", edits)
    result = read_compact_book(path)
    found = {(f.sheet, f.cell, f.code) for f in result.findings}
    assert (sheet, f"{column['Xếp loại tối thiểu']}3", "unknown-award-tier") in found
    assert (sheet, f"{column['Điều kiện về cán bộ']}4", "invalid-award-condition") in found
    assert (sheet, f"{column['Mã']}6", "duplicate-award") in found
    votes = next(f for f in result.findings if f.cell == f"{column['Phiếu đồng ý cần']}5")
    assert votes.sheet == sheet and "tỷ lệ phiếu" in votes.message
    assert not result.valid


def _ladder(book: Path) -> tuple[Any, Any, dict[str, str]]:
    wb = load_workbook(book)
    ws = wb["Khen thưởng"]
    return wb, ws, {c.value: c.column_letter for c in ws[1] if c.value}


def test_award_shares_typed_as_excel_stores_them(books: dict[str, Path], tmp_path: Path) -> None:
    wb, ws, column = _ladder(books[THANH_BA])
    share, votes = column["Chỉ tiêu mỗi khối (% số trường)"], column["Phiếu đồng ý cần"]
    ws[f"{share}4"], ws[f"{share}4"].number_format = 0.3, "0%"  # "30%" typed in Excel
    ws[f"{votes}3"], ws[f"{votes}3"].number_format = 0.5, "0%"  # "50%"
    ws[f"{share}5"] = "20 %"  # typed as text
    ws[f"{share}6"], ws[f"{share}6"].number_format = 1, "0%"  # "100%": no limit
    wb.save(tmp_path / "b.xlsx")
    result = read_compact_book(tmp_path / "b.xlsx")  # both engines, the same
    assert result.findings == [] and result.compact is not None
    awards = result.compact.awards
    assert [awards[i].quota_share for i in (2, 3, 4)] == [30.0, 20.0, 100.0]
    assert awards[1].votes == ">= 50"
    # what the Excel button reads (values only, no formats): a fraction is still a share
    assert Award(order=1, code="X", name="X", quota_share=0.3, votes=0.7).quota_share == 30.0
    assert Award(order=1, code="X", name="X", quota_share=0.3, votes=0.7).votes == ">= 70"


def test_a_book_made_before_the_award_ladder_still_reads(
    books: dict[str, Path], tmp_path: Path
) -> None:
    wb, _, _ = _ladder(books[THANH_BA])
    del wb["Khen thưởng"]
    wb.save(tmp_path / "b.xlsx")
    result = read_compact_book(tmp_path / "b.xlsx")
    assert result.findings == [] and result.compact is not None
    assert result.compact.awards == ()  # no ladder: no proposals, as before


def test_ladder_checks_run_while_a_setting_is_wrong(books: dict[str, Path], tmp_path: Path) -> None:
    wb, ws, column = _ladder(books[THANH_BA])
    ws[f"{column['Xếp loại tối thiểu']}3"] = "Xuat sac"
    wb["Thiết lập"]["B2"] = None  # the compact's id
    wb.save(tmp_path / "b.xlsx")
    found = {(f.sheet, f.cell, f.code) for f in read_compact_book(tmp_path / "b.xlsx").findings}
    assert found == {
        ("Thiết lập", "B2", "missing-value"),
        ("Khen thưởng", f"{column['Xếp loại tối thiểu']}3", "unknown-award-tier"),
    }


def test_a_minimum_total_no_school_can_reach_is_said(
    books: dict[str, Path], tmp_path: Path
) -> None:
    wb, ws, column = _ladder(books[THANH_BA])
    ws[f"{column['Tổng điểm tối thiểu']}4"] = 500
    wb.save(tmp_path / "b.xlsx")
    result = read_compact_book(tmp_path / "b.xlsx")
    (finding,) = result.findings
    assert (finding.sheet, finding.cell, finding.code) == (
        "Khen thưởng", f"{column['Tổng điểm tối thiểu']}4", "award-above-total"
    )  # fmt: skip
    assert finding.severity is Severity.WARNING and result.valid  # a warning: the book is usable
