"""Criteria scored in points (issue 24, points 1–3): sub-items, partial credit by level and by
the partial rule, rounding; hand-made cases with totals computed by hand, the compact book, the
school workbook and the appraisal of a points criterion."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.appraisal import Appraisal, Verification, appraise
from giaouoc_xl.core.assessment import SCORED, WRONG, native_status
from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.findings import Finding, Severity
from giaouoc_xl.core.model import (
    Bloc,
    Compact,
    Content,
    Level,
    Organizer,
    Period,
    PeriodSpec,
    School,
    Scoring,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
)
from giaouoc_xl.core.points import round_to
from giaouoc_xl.core.samples import SAMPLES, sample
from giaouoc_xl.core.school_form import Answers
from giaouoc_xl.core.scoring import SchoolScore, earned, score_school
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.workbooks.compact.reader import read_compact_book
from giaouoc_xl.workbooks.compact.writer import write_compact_book
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
YE = Period.YEAR_END


def points(code: str, most: float, **extra: Any) -> Target:
    return Target(
        code=code,
        group="N1",
        content=1,
        text=f"Tiêu chí {code}",
        kind=ValueKind.POINTS,
        thresholds={Level.TH: most},
        points=most,
        periods=frozenset({YE}),
        **extra,
    )


#: A score sheet in the form of CV 1741/BGDĐT-GDTrH (criteria up to 5 points, sub-items of 1,0)
#: with a level table, a proportional criterion and the partial rule.
TARGETS = (
    points("TC1", 5, point_step=0.5),
    points("TC2", 3),
    points("TC2.a", 1, parent="TC2", point_step=0.25),
    points("TC2.b", 1, parent="TC2", point_step=0.25),
    points("TC2.c", 1, parent="TC2", point_step=0.25),
    Target(
        code="TC3",
        group="N1",
        text="Xếp loại thư viện",
        kind=ValueKind.LEVEL,
        direction="at_least",
        choices=("Chưa đạt", "Đạt", "Tốt"),
        thresholds={Level.TH: "Chưa đạt"},
        points=4,
        scoring=Scoring.BY_LEVEL,
        level_points="0%; 50%; 100%",
        periods=frozenset({YE}),
    ),
    Target(
        code="TC4",
        group="N1",
        text="Tỷ lệ hoàn thành kế hoạch",
        kind=ValueKind.PERCENT,
        direction="at_least",
        thresholds={Level.TH: 100.0},
        points=6,
        scoring=Scoring.PROPORTIONAL,
        periods=frozenset({YE}),
    ),
    points("TC5", 5, point_step=0.5, partial_max=50),
)


def compact(**update: Any) -> Compact:
    fields: dict[str, Any] = {
        "targets": TARGETS,
        "contents": (Content(number=1, title="Trường học thân thiện"),),
        "target_groups": (TargetGroup(code="N1", title="Nhóm 1", content=1),),
        "tiers": (Tier(name="Tốt", min_points=20), Tier(name="Khá", min_points=15)),
        **update,
    }
    return Compact(
        id="bang-diem",
        title="Bảng điểm thi đua",
        organizer=Organizer(name="Phòng GD&ĐT Thử"),
        school_year="2025-2026",
        periods=(PeriodSpec(period=YE),),
        current_period=YE,
        blocs=(Bloc(code="K1", name="Khối 1"),),
        schools=(School(code="001", name="Trường Tiểu học A", levels=("TH",), bloc="K1"),),
        **fields,
    )


SHEET = compact(point_rounding=0.5)
SCHOOL = SHEET.schools[0]


def score(book: Compact, results: dict[str, Any]) -> SchoolScore:
    return score_school(book, school_targets(book, SCHOOL), {}, results, YE)


def by_code(result: SchoolScore) -> dict[str, float]:
    return {t.code: t.points for t in result.targets}


def test_the_sheet_is_valid() -> None:
    assert rule_findings(SHEET) == []
    assert SHEET.max_points([Level.TH]) == 5 + 3 + 4 + 6 + 5  # sub-items count in TC2


RESULTS = {
    "TC1": 4.5,
    "TC2.a": 0.75,
    "TC2.b": 1.0,
    "TC2.c": 0.0,
    "TC3": "Đạt",
    "TC4": 90.0,
    "TC5": 2.5,
}


def test_totals_by_hand() -> None:
    """Unrounded: 4,5 + (0,75 + 1 + 0) + 2 (50 % of 4) + 5,4 (90 % of 6) + 2,5 = 16,15.
    Rounded half up to 0,5 per criterion: TC2 1,75 → 2; TC4 5,4 → 5,5: 4,5 + 2 + 2 + 5,5 +
    2,5 = 16,5."""
    plain = score(compact(), RESULTS)
    assert by_code(plain)["TC2"] == pytest.approx(1.75)
    assert by_code(plain)["TC3"] == 2 and by_code(plain)["TC4"] == pytest.approx(5.4)
    assert plain.total == pytest.approx(16.15) and plain.tier == "Khá"
    rounded = score(SHEET, RESULTS)
    assert by_code(rounded)["TC2"] == 2 and by_code(rounded)["TC4"] == 5.5
    assert by_code(rounded)["TC1"] == 4.5
    assert rounded.total == 16.5


def test_criterion_at_its_maximum_and_sub_items_full() -> None:
    full = {"TC1": 5.0, "TC2.a": 1.0, "TC2.b": 1.0, "TC2.c": 1.0, "TC3": "Tốt", "TC4": 100.0}
    result = score(SHEET, {**full, "TC5": 5.0})
    assert result.total == 23 and result.tier == "Tốt"
    assert {t.code: t.met for t in result.targets}["TC1"] is True


def test_partial_rule_caps_what_is_not_full() -> None:
    """'Đầy đủ 100 %, chưa đầy đủ tối đa 50 %': 4 of 5 earns 2,5; 5 of 5 earns 5."""
    tc5 = SHEET.target("TC5")
    assert tc5 is not None
    assert earned(tc5, 4.0, 5.0) == (False, 2.5)
    assert earned(tc5, 5.0, 5.0) == (True, 5.0)
    proportional = TARGETS[6].model_copy(update={"partial_max": 50.0})
    assert earned(proportional, 90.0, 100.0) == (False, 3.0)  # 5,4 capped at 50 % of 6
    assert earned(proportional, 100.0, 100.0) == (True, 6.0)


def test_level_table() -> None:
    tc3 = SHEET.target("TC3")
    assert tc3 is not None and tc3.level_points == (0.0, 2.0, 4.0)
    assert [earned(tc3, level, "Chưa đạt")[1] for level in tc3.choices] == [0, 2, 4]
    typed = tc3.model_copy(update={"level_points": (0.0, 2.5, 4.0)})
    assert earned(typed, "Đạt", "Chưa đạt")[1] == 2.5


@pytest.mark.parametrize(
    ("value", "step", "expected"),
    [(5.25, 0.5, 5.5), (5.4, 0.5, 5.5), (5.2, 0.5, 5.0), (5.24, 0.5, 5.0), (5.125, 0.25, 5.25)],
)
def test_rounding_half_up(value: float, step: float, expected: float) -> None:
    assert round_to(value, step) == expected


def test_total_rounded_at_the_boundary() -> None:
    """Criteria stepped by 0,25, rounding to 0,5: TC1 4,75 → 5; TC2 0,25 + 0,5 + 0,5 = 1,25 →
    1,5; total 5 + 1,5 + 2 + 6 + 2,5 = 17."""
    results = {**RESULTS, "TC1": 4.75, "TC2.a": 0.25, "TC2.b": 0.5, "TC2.c": 0.5, "TC4": 100.0}
    result = score(SHEET, results)
    assert by_code(result)["TC1"] == 5 and by_code(result)["TC2"] == 1.5
    assert result.total == 17


#: The samples written before criteria in points (the third, than-thien-2008-2009, is one).
OLDER = [name for name in SAMPLES if name != "than-thien-2008-2009"]


@pytest.mark.parametrize("name", OLDER)
def test_old_compacts_keep_their_meaning_and_fingerprint(name: str) -> None:
    book = sample(name)
    assert all(not t.parent and t.point_step is None and not t.level_points for t in book.targets)
    assert book.point_rounding is None
    assert Compact.model_validate(book.model_dump()).fingerprint == book.fingerprint
    assert compact().fingerprint != compact(point_rounding=0.5).fingerprint
    changed = TARGETS[0].model_copy(update={"point_step": 0.25})
    assert compact().fingerprint != compact(targets=(changed, *TARGETS[1:])).fingerprint


def test_compact_rules() -> None:
    bad_parent = points("TC9", 1, parent="TCX")
    wrong_sum = TARGETS[1].model_copy(update={"points": 4.0, "thresholds": {Level.TH: 4.0}})
    short_table = TARGETS[5].model_copy(update={"level_points": (0.0, 4.0)})
    book = compact(targets=(*TARGETS[:1], wrong_sum, *TARGETS[2:5], short_table, bad_parent))
    codes = {(f.code, f.target) for f in rule_findings(book)}
    assert ("unknown-parent", "TC9") in codes
    assert ("parts-points-mismatch", "TC2") in codes
    assert ("level-points-mismatch", "TC3") in codes
    off = TARGETS[0].model_copy(update={"thresholds": {Level.TH: 4.0}})
    found = rule_findings(compact(targets=(off, *TARGETS[1:])))
    assert {f.code for f in found} == {"invalid-threshold"}


def test_compact_book_round_trip(tmp_path: Path) -> None:
    path = write_compact_book(SHEET, tmp_path / "so.xlsx")
    read = read_compact_book(path)
    assert read.valid, read.findings
    assert read.compact is not None and read.compact.fingerprint == SHEET.fingerprint
    assert read.compact == SHEET


def test_an_older_compact_book_reads_without_the_new_columns(tmp_path: Path) -> None:
    path = write_compact_book(sample("thanh-ba-2020-2021"), tmp_path / "so.xlsx")
    wb = load_workbook(path)
    ws = wb["Chỉ tiêu"]
    for header in ("Bước điểm", "Thuộc tiêu chí", "Điểm từng mức", "Chưa đầy đủ: tối đa (% điểm)"):
        column = next(c.column for c in ws[1] if c.value == header)
        ws.delete_cols(column)
    settings = wb["Thiết lập"]
    settings.delete_rows(next(c.row for c in settings["A"] if c.value == "Làm tròn điểm đến"))
    wb.save(path)
    read = read_compact_book(path)
    assert read.valid, read.findings
    assert read.compact is not None
    assert read.compact.fingerprint == sample("thanh-ba-2020-2021").fingerprint


def answers(values: dict[str, Any]) -> Answers:
    typed = clean_answers(SHEET, SCHOOL, YE, seed=3)
    for code, value in values.items():
        typed.targets[code][f"result:{YE.value}"] = value
    return typed


def check(tmp_path: Path, values: dict[str, Any]) -> list[Finding]:
    path = tmp_path / "truong.xlsx"
    render_school_workbook(SHEET, SCHOOL, path, WHEN, answers(values))
    return check_submission(SHEET, read_submission(path, SHEET), YE)


def test_school_workbook_clean_by_default(tmp_path: Path) -> None:
    assert [f for f in check(tmp_path, {}) if f.severity is Severity.ERROR] == []


def test_school_workbook_points_checked_by_cell(tmp_path: Path) -> None:
    found = check(tmp_path, {"TC1": 5.5, "TC5": 3.0, "TC2.a": 0.3, "TC3": "Đạt", "TC4": 90.0})
    at = {(f.code, f.target): f for f in found}
    above = at[("points-above-max", "TC1")]
    assert above.sheet == "Chỉ tiêu" and above.cell and above.file == "truong.xlsx"
    assert "vượt điểm tối đa 5" in above.message and "5,5" in above.message
    assert "2,5 điểm" in at[("points-above-partial", "TC5")].message
    assert "bước điểm 0,25" in at[("points-off-step", "TC2.a")].message
    # partial points are no shortfall: no "chưa đạt" warning on a criterion in points
    below = {f.target for f in found if f.code == "result-below-registration"}
    assert below <= {"TC3", "TC4"}


def test_sub_items_adding_up_or_not(tmp_path: Path) -> None:
    path = tmp_path / "truong.xlsx"
    render_school_workbook(SHEET, SCHOOL, path, WHEN, answers({"TC2.a": 0.5, "TC2.c": 0.25}))
    sub = read_submission(path, SHEET)
    row = sub.row("TC2")
    assert row is not None and row.results[YE].value == 1.75  # the workbook's sum: 0,5 + 1 + 0,25
    assert not [f for f in check_submission(SHEET, sub, YE) if f.code == "points-sum-mismatch"]
    wb = load_workbook(path)
    wb["Chỉ tiêu"][row.results[YE].cell] = 3  # typed over the sum
    wb.save(path)
    found = check_submission(SHEET, read_submission(path, SHEET), YE)
    mismatch = [f for f in found if f.code == "points-sum-mismatch"]
    assert len(mismatch) == 1 and mismatch[0].cell == row.results[YE].cell
    assert "1,75" in mismatch[0].message


def test_status_formula_mirror() -> None:
    tc5 = SHEET.target("TC5")
    assert tc5 is not None
    assert native_status(tc5, 5.0, None, [2.5], False)[1] == SCORED
    assert native_status(tc5, 5.0, None, [3.0], False)[1] == WRONG  # above 50 % when not full
    assert native_status(tc5, 5.0, None, [5.0], False)[1] == SCORED
    assert native_status(tc5, 5.0, None, [2.25], False)[1] == WRONG  # off the step


def test_appraisal_corrects_a_sub_item_with_its_reason() -> None:
    appraisal = Appraisal(name="so_tham_dinh.xlsx", sha256="", compact_id=SHEET.id, period=YE)
    appraisal.entries[("001", "TC2.b")] = Verification(
        school="001", target="TC2.b", value=0.5, raw=0.5, reason="Thiếu biên bản", cell="F9"
    )
    results = {**RESULTS, "TC2": 1.75}
    appraised, findings = appraise(SHEET, SCHOOL, YE, {}, results, {}, appraisal)
    assert findings == []
    assert by_code(appraised.score)["TC2"] == 1.5  # 0,75 + 0,5 + 0, rounded: 1,5
    assert appraised.self_score.total == 16.5 and appraised.score.total == 16


def _merged(folder: Path, values: dict[str, Any]) -> Any:
    from giaouoc_xl import api

    folder.mkdir(exist_ok=True)
    render_school_workbook(SHEET, SCHOOL, folder / "truong_a.xlsx", WHEN, answers(values))
    result, _ = api.merge_folder(SHEET, folder, None, YE)
    return result


def test_the_rounding_rule_in_the_documents_notes(tmp_path: Path) -> None:
    from giaouoc_xl.workbooks.documents.blocks import Lines
    from giaouoc_xl.workbooks.documents.slip import slip_document
    from giaouoc_xl.workbooks.summary.result_table import result_document

    result = _merged(tmp_path / "bai_nop", {"TC4": 90.0, "TC3": "Đạt"})
    (row,) = result.schools
    assert row.summary.total == 5 + 3 + 2 + 5.5 + 5  # TC4: 90 % of 6 = 5,4 → 5,5

    def lines(document: Any) -> str:
        return " ".join(t for b in document.blocks if isinstance(b, Lines) for t in b.texts)

    rule = "làm tròn đến 0,5 điểm, phần lẻ từ nửa bước trở lên làm tròn lên (5,25 thành 5,5"
    assert rule in lines(result_document(result, SHEET.blocs[0], "KQ", WHEN))
    assert rule in lines(slip_document(result, row, WHEN))
    plain = compact()
    assert not plain.point_rounding


def _printed(tmp_path: Path) -> dict[str, Path]:
    """A returned school workbook, a blank one and the appraisal book of a compact with criteria
    in points (sub-items, a level table, the partial rule), printed by LibreOffice."""
    from giaouoc_xl import api

    from .libreoffice import convert

    folder = tmp_path / "bai_nop"
    _merged(folder, {"TC2.a": 0.5, "TC4": 90.0, "TC3": "Đạt"})
    appraisal = tmp_path / "so_tham_dinh.xlsx"
    api.appraise(SHEET, folder, appraisal, YE)
    blank = tmp_path / "mau.xlsx"
    render_school_workbook(SHEET, SCHOOL, blank, WHEN)
    books = {"returned": folder / "truong_a.xlsx", "blank": blank, "appraisal": appraisal}
    printed = convert(list(books.values()), tmp_path / "pdf", "pdf", timeout=600)
    return dict(zip(books, printed, strict=True))


@pytest.mark.slow  # LibreOffice prints the books
def test_school_workbooks_in_points_print_clean(tmp_path: Path) -> None:
    """No line over another, no word past the page's edge; the sum of the sub-items and the
    status of a criterion in points are printed."""
    from .printing import overlaps, pages_text

    printed = _printed(tmp_path)
    for name in ("returned", "blank"):
        assert not overlaps(printed[name]), name
    text = " ".join(pages_text(printed["returned"]))
    assert "Đã chấm" in text and "2,5" in text  # TC2: 0,5 + 1 + 1


@pytest.mark.slow  # LibreOffice prints the book
def test_the_appraisal_book_with_criteria_in_points_prints_clean(tmp_path: Path) -> None:
    """The office's book: a row per criterion and sub-item, the self scores in points."""
    from .printing import overlaps, pages_text

    printed = _printed(tmp_path)["appraisal"]
    assert not overlaps(printed)
    text = " ".join(pages_text(printed))
    assert "TC2.a" in text and "Điểm tự" in text


def test_appraisal_of_a_criterion_with_sub_items_goes_through_them() -> None:
    appraisal = Appraisal(name="so_tham_dinh.xlsx", sha256="", compact_id=SHEET.id, period=YE)
    appraisal.entries[("001", "TC2")] = Verification(
        school="001", target="TC2", value=1.0, raw=1, reason="Thiếu minh chứng", cell="F8"
    )
    results = {**RESULTS, "TC2": 1.75}
    appraised, findings = appraise(SHEET, SCHOOL, YE, {}, results, {}, appraisal)
    (finding,) = findings
    assert finding.code == "appraisal-invalid-value" and finding.cell == "F8"
    assert "TC2.a, TC2.b, TC2.c" in finding.message
    assert appraised.score.total == appraised.self_score.total == 16.5  # nothing changed


def test_a_contents_points_count_a_criterion_once() -> None:
    """A tie-break 'nội dung 1' adds the criterion (the sum of its sub-items) once."""
    from giaouoc_xl.core.awards import content_points

    result = score(SHEET, RESULTS)
    # content 1: TC1 4,5 + TC2 2 (1,75 rounded) + TC5 2,5; TC3 and TC4 name no content but
    # their group's (N1, content 1): 2 + 5,5
    assert content_points(SHEET, result.targets) == {1: 4.5 + 2 + 2.5 + 2 + 5.5}


def test_a_verified_score_out_of_its_range_is_not_scored() -> None:
    """The appraisal book reads a verified score as a school's: above the maximum or off the
    step, it is out of range (said by the merge, never scored)."""
    from giaouoc_xl.core.values import out_of_range, parse_cell

    tc1 = SHEET.target("TC1")
    assert tc1 is not None
    assert parse_cell(tc1, "4,5") == (4.5, "", ("number-as-text", "decimal-comma"))
    assert out_of_range(tc1, 4.5) == ""
    assert out_of_range(tc1, 5.5) == "nằm ngoài khoảng 0–5 điểm"
    assert out_of_range(tc1, 4.25) == "không đúng bước điểm 0,5"


def test_a_scheme_like_cv_1741_can_be_written(tmp_path: Path) -> None:
    """CV 1741/BGDĐT-GDTrH's shape: five contents of 20 points, four criteria of up to 5 points
    each, every criterion five sub-items of 1,0 (scored in steps of 0,25 here): valid, 100
    points, read back from its book as written."""
    targets = []
    for content in range(1, 6):
        for criterion in range(1, 5):
            code = f"ND{content}.{criterion}"
            targets.append(points(code, 5).model_copy(update={"group": f"N{content}"}))
            for item in "abcde":
                sub = points(f"{code}.{item}", 1, parent=code, point_step=0.25)
                targets.append(sub.model_copy(update={"group": f"N{content}"}))
    scheme = compact(
        targets=tuple(targets),
        contents=tuple(Content(number=n, title=f"Nội dung {n}") for n in range(1, 6)),
        target_groups=tuple(
            TargetGroup(code=f"N{n}", title=f"Nội dung {n}", content=n) for n in range(1, 6)
        ),
        tiers=(Tier(name="Tốt", min_points=90), Tier(name="Khá", min_points=75)),
    )
    assert rule_findings(scheme) == [] and scheme.max_points([Level.TH]) == 100
    results = {t.code: 1.0 for t in scheme.targets if t.parent}
    results["ND1.1.a"] = 0.75  # one sub-item a quarter short
    assert score(scheme, results).total == 99.75
    read = read_compact_book(write_compact_book(scheme, tmp_path / "so.xlsx"))
    assert read.valid and read.compact == scheme
