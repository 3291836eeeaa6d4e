"""The checker: one planted mistake per finding code, found with the right file, sheet and cell."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from giaouoc_xl.api import check_file
from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.codes import FILE_CODES, Severity
from giaouoc_xl.core.codes import SUBMISSION_CODES as CODES
from giaouoc_xl.core.model import Compact, Level, Period, School, ValueKind
from giaouoc_xl.core.samples import SAMPLES, sample
from giaouoc_xl.core.school_form import (
    HEADER_ROW,
    SCHOOL_ROW,
    STAFF_PARTS,
    STAFF_ROW,
    Answers,
    school_file_name,
)
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.submission import Submission
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.workbooks.compact.writer import write_compact_book
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli
from .libreoffice import convert

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
TB = sample("thanh-ba-2020-2021")
SCHOOL = TB.schools[25]  # 02006, Trường Tiểu học Đông Lĩnh (TH)
YE = Period.YEAR_END


def make(
    folder: Path,
    compact: Compact = TB,
    school: School = SCHOOL,
    period: Period = Period.REGISTRATION,
    change: Callable[[Answers], None] | None = None,
    name: str | None = None,
) -> Path:
    """A clean filled workbook, with the answers changed by ``change``."""
    answers = clean_answers(compact, school, period, seed=7)
    if change:
        change(answers)
    path = folder / (name or school_file_name(school.code, school.name))
    render_school_workbook(compact, school, path, WHEN, answers)
    return path


def edit(path: Path, edits: dict[tuple[str, str], Any], delete: tuple[str, ...] = ()) -> Path:
    wb = load_workbook(path)
    for sheet in delete:
        del wb[sheet]
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    wb.save(path)
    return path


def cell(path: Path, code: str, key: str = "registration") -> str:
    sub = read_submission(path, TB)
    row = sub.row(code)
    assert row is not None
    if key == "registration":
        assert row.registration is not None
        return row.registration.cell
    if key == "threshold":
        return row.threshold.cell
    if key in ("code", "text"):
        return f"{sub.columns[key]}{row.row}"
    return row.results[Period(key)].cell


def flat(
    path: Path, period: Period = Period.REGISTRATION, compact: Compact = TB
) -> list[tuple[str, str, str, str]]:
    report = check_file(compact, path, period)
    return sorted(f.flat() for f in report.findings)


def setter(code: str, key: str, value: Any) -> Callable[[Answers], None]:
    def change(answers: Answers) -> None:
        answers.targets[code][key] = value

    return change


# --------------------------------------------------------------------------- clean submissions


@pytest.mark.parametrize("name", list(SAMPLES))
@pytest.mark.parametrize("period", list(Period))
def test_clean_submissions_have_no_finding(name: str, period: Period, tmp_path: Path) -> None:
    compact = sample(name)
    for index, school in enumerate(compact.schools[:: max(1, len(compact.schools) // 6)]):
        path = tmp_path / f"{index}.xlsx"
        render_school_workbook(
            compact, school, path, WHEN, clean_answers(compact, school, period, seed=index)
        )
        findings = check_submission(compact, read_submission(path, compact), period)
        assert findings == [], [f.message for f in findings]


# --------------------------------------------------------------------------- one case per code


def case_values(tmp: Path) -> dict[str, tuple[Path, Period, list[tuple[str, str]]]]:
    """code -> (file, period, [(sheet, cell)]) for mistakes planted through the answers."""
    cases: dict[str, tuple[Path, Period, list[tuple[str, str]]]] = {}

    def plant(
        code: str,
        change: Callable[[Answers], None],
        target: str,
        key: str = "registration",
        period: Period = Period.REGISTRATION,
    ) -> None:
        folder = tmp / code
        folder.mkdir()
        path = make(folder, period=period, change=change)
        cases[code] = (path, period, [("Chỉ tiêu", cell(path, target, key))])

    plant("missing-value", setter("CT06.2", "registration", None), "CT06.2")
    plant("invalid-value", setter("CT06.2", "registration", "gần đạt"), "CT06.2")
    plant("not-in-list", setter("CT08.1", "registration", "Mức độ 9"), "CT08.1")
    plant("out-of-range", setter("CT06.2", "registration", 150), "CT06.2")
    plant("percent-as-fraction", setter("CT06.2", "registration", 0.998), "CT06.2")
    plant("below-threshold", setter("CT06.2", "registration", 99), "CT06.2")
    plant(
        "result-below-registration",
        setter("CT06.3", "result:cuoi-nam", 99),
        "CT06.3",
        "cuoi-nam",
        YE,
    )

    def rule(answers: Answers) -> None:
        answers.targets["CT04.3"]["registration"] = 0.1
        answers.targets["CT06.2"]["registration"] = 100

    plant("rule-failed", rule, "CT04.3")
    return cases


VALUE_CODES = [
    "missing-value",
    "invalid-value",
    "not-in-list",
    "out-of-range",
    "percent-as-fraction",
    "below-threshold",
    "result-below-registration",
    "rule-failed",
]


@pytest.fixture(scope="module")
def value_cases(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Path, Period, list[tuple[str, str]]]]:
    return case_values(tmp_path_factory.mktemp("values"))


@pytest.mark.parametrize("code", VALUE_CODES)
def test_value_mistakes(
    code: str, value_cases: dict[str, tuple[Path, Period, list[tuple[str, str]]]]
) -> None:
    path, period, places = value_cases[code]
    assert flat(path, period) == sorted((path.name, sheet, c, code) for sheet, c in places)


def test_veto_target_not_met(tmp_path: Path) -> None:
    path = make(tmp_path, period=YE, change=setter("CT02.1", "result:cuoi-nam", 1))
    where = cell(path, "CT02.1", "cuoi-nam")
    assert flat(path, YE) == sorted(
        [
            (path.name, "Chỉ tiêu", where, "result-below-registration"),
            (path.name, "Chỉ tiêu", where, "veto-not-met"),
        ]
    )


def test_signing_incomplete(tmp_path: Path) -> None:
    def unsigned(answers: Answers) -> None:
        answers.signing["principal"] = None
        answers.signing["commitment"] = "Không"

    path = make(tmp_path, change=unsigned)
    assert flat(path) == [
        (path.name, "Trường", f"B{SCHOOL_ROW['principal']}", "signing-incomplete"),
        (path.name, "Trường", f"B{SCHOOL_ROW['commitment']}", "signing-incomplete"),
    ]


def _requiring(evidence: bool = False, staff: bool = False) -> Compact:
    """The Thanh Ba compact requiring evidence and/or staff figures at the end of the year."""
    periods = tuple(
        spec.model_copy(update={"evidence_required": evidence, "staff_required": staff})
        if spec.period is YE
        else spec
        for spec in TB.periods
    )
    return TB.model_copy(update={"periods": periods})


def test_evidence_missing_where_required(tmp_path: Path) -> None:
    compact = _requiring(evidence=True)
    path = make(tmp_path, compact, period=YE, change=setter("CT06.2", "evidence", None))
    sub = read_submission(path, compact)
    row = sub.row("CT06.2")
    assert row is not None and sub.row("CT06.3") is not None
    where = f"{sub.columns['evidence']}{row.row}"
    assert flat(path, YE, compact) == [(path.name, "Chỉ tiêu", where, "evidence-missing")]
    assert flat(path, YE) == []  # not required: nothing to say
    assert sub.row("CT06.3").evidence.startswith("Báo cáo số")  # type: ignore[union-attr]


def test_staff_figures_invalid_inconsistent_and_missing(tmp_path: Path) -> None:
    def figures(answers: Answers) -> None:
        answers.staff.update(
            staff_total=30, staff_completed=29, staff_ldtt=31, staff_cstdcs="nhiều"
        )
        answers.staff.pop("staff_disciplined")

    path = make(tmp_path, period=YE, change=figures)
    ldtt, cstdcs, disciplined = (f"B{STAFF_ROW[k]}" for k in STAFF_PARTS[1:])
    assert flat(path, YE) == sorted(
        [
            (path.name, "Trường", ldtt, "staff-figures-inconsistent"),
            (path.name, "Trường", cstdcs, "invalid-staff-figure"),
        ]
    )
    assert flat(path, YE, _requiring(staff=True)) == sorted(
        [
            (path.name, "Trường", ldtt, "staff-figures-inconsistent"),
            (path.name, "Trường", cstdcs, "invalid-staff-figure"),
            (path.name, "Trường", disciplined, "staff-figures-missing"),
        ]
    )
    staff = read_submission(path, TB).staff
    assert staff["staff_total"].value == 30 and staff["staff_ldtt"].value == 31


OLD = Path(__file__).parent / "data" / "02006_mau-truoc-minh-chung.xlsx"


def test_a_workbook_made_before_evidence_and_staff_reads_as_before(tmp_path: Path) -> None:
    """tests/data holds a filled workbook written by the version before these fields: no
    column, no block, no finding, the same values; only a compact requiring them says so."""
    old = read_submission(OLD, TB)
    assert "evidence" not in old.columns and old.staff == {} and not old.missing_columns
    assert all(row.evidence == "" for row in old.rows)
    assert flat(OLD, YE) == []
    new = read_submission(make(tmp_path, period=YE), TB)
    typed = lambda rows: [{p: (c.raw, c.value) for p, c in r.results.items()} for r in rows]  # noqa: E731
    assert typed(old.rows) == typed(new.rows)  # same seed, same values (a row lower now)
    assert flat(OLD, YE, _requiring(evidence=True, staff=True)) == [
        (OLD.name, "Chỉ tiêu", "", "evidence-missing"),
        (OLD.name, "Trường", "", "staff-figures-missing"),
    ]


def test_formula_without_value(tmp_path: Path) -> None:
    path = make(tmp_path)
    where = cell(path, "CT06.2")
    edit(path, {("Chỉ tiêu", where): "=99+1"})  # openpyxl stores no result
    assert flat(path) == [(path.name, "Chỉ tiêu", where, "formula-without-value")]


def test_threshold_tampered_with(tmp_path: Path) -> None:
    path = make(tmp_path)
    where = cell(path, "CT06.2", "threshold")
    edit(path, {("Chỉ tiêu", where): 90})
    assert flat(path) == [(path.name, "Chỉ tiêu", where, "threshold-changed")]
    finding = check_file(TB, path).findings[0]
    assert finding.severity is Severity.ERROR and finding.value == 90.0 and finding.expected == 99.5


def test_locked_text_changed(tmp_path: Path) -> None:
    path = make(tmp_path)
    where = cell(path, "CT06.2", "text")
    edit(path, {("Chỉ tiêu", where): "Tỷ lệ học sinh lên lớp (đã sửa)"})
    assert flat(path) == [(path.name, "Chỉ tiêu", where, "locked-cell-changed")]


def test_rows_missing_duplicated_unknown_and_stray(tmp_path: Path) -> None:
    path = make(tmp_path)
    code_06_2, code_06_3 = cell(path, "CT06.2", "code"), cell(path, "CT06.3", "code")
    code_07_1 = cell(path, "CT07.1", "code")
    edit(path, {("Chỉ tiêu", code_06_3): "CT06.2", ("Chỉ tiêu", code_07_1): "CT99.9"})
    assert flat(path) == sorted(
        [
            (path.name, "Chỉ tiêu", code_06_3, "duplicate-target"),
            (path.name, "Chỉ tiêu", code_07_1, "unknown-target"),
            (path.name, "Chỉ tiêu", "", "missing-target"),  # CT06.3
            (path.name, "Chỉ tiêu", "", "missing-target"),  # CT07.1
        ]
    )
    assert code_06_2 != code_06_3


def test_stray_row(tmp_path: Path) -> None:
    path = make(tmp_path)
    code_cell = cell(path, "CT06.4", "code")
    edit(path, {("Chỉ tiêu", code_cell): None})
    row = code_cell[1:]
    assert flat(path) == sorted(
        [
            (path.name, "Chỉ tiêu", f"A{row}", "stray-row"),
            (path.name, "Chỉ tiêu", "", "missing-target"),
        ]
    )


def test_reordered_rows_are_fine(tmp_path: Path) -> None:
    path = make(tmp_path)
    wb = load_workbook(path)
    ws = wb["Chỉ tiêu"]
    first, second = int(cell(path, "CT01.1", "code")[1:]), int(cell(path, "CT01.2", "code")[1:])
    for col in range(1, 14):
        a, b = ws.cell(first, col), ws.cell(second, col)
        a.value, b.value = b.value, a.value
    wb.save(path)
    assert flat(path) == []


def test_missing_sheet_and_column(tmp_path: Path) -> None:
    path = make(tmp_path)
    edit(path, {("Chỉ tiêu", f"L{HEADER_ROW}"): "Ghi chu"}, delete=("Trường",))
    assert flat(path) == [
        (path.name, "Chỉ tiêu", f"A{HEADER_ROW}", "missing-column"),
        (path.name, "Trường", "", "missing-sheet"),
    ]


def test_identity_changed(tmp_path: Path) -> None:
    name, levels = (f"B{SCHOOL_ROW[key]}" for key in ("name", "levels"))
    path = edit(
        make(tmp_path),
        {("Trường", name): "Trường Tiểu học Đông Lĩnh mới", ("Trường", levels): "TH&THCS"},
    )
    assert flat(path) == sorted(  # by cell: "B10" before "B9"
        [
            (path.name, "Trường", name, "identity-changed"),
            (path.name, "Trường", levels, "identity-changed"),
        ]
    )
    severities = {f.cell: f.severity for f in check_file(TB, path).findings}
    assert severities == {name: Severity.WARNING, levels: Severity.ERROR}


def test_unknown_school(tmp_path: Path) -> None:
    path = edit(make(tmp_path), {("_giaouoc", "B6"): "99999"})
    assert flat(path) == [(path.name, "Trường", f"B{SCHOOL_ROW['code']}", "unknown-school")]


def test_file_named_for_another_school(tmp_path: Path) -> None:
    path = make(tmp_path, name="02007_truong-tieu-hoc-dong-thanh.xlsx")
    assert flat(path) == [(path.name, "", "", "file-name-mismatch")]


def test_other_compact(tmp_path: Path) -> None:
    path = edit(make(tmp_path), {("_giaouoc", "B3"): "thanh-ba-2019-2020"})
    assert flat(path) == [(path.name, "", "", "other-compact")]


def test_stale_and_older_revisions(tmp_path: Path) -> None:
    current = TB.model_copy(update={"revision": 2})
    same_rules = make(
        tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path
    )  # made from revision 1
    assert flat(same_rules, compact=current) == [(same_rules.name, "", "", "older-revision")]
    targets = list(TB.targets)
    index = next(i for i, t in enumerate(targets) if t.code == "CT06.2")
    targets[index] = targets[index].model_copy(
        update={"thresholds": {Level.TH: 99.0, Level.THCS: 98.0}}
    )
    changed = current.model_copy(update={"targets": tuple(targets)})
    assert flat(same_rules, compact=changed) == [(same_rules.name, "", "", "stale-template")]


def test_missing_metadata_and_not_a_submission(tmp_path: Path) -> None:
    path = edit(make(tmp_path), {}, delete=("_giaouoc",))
    assert flat(path) == [(path.name, "", "", "missing-metadata")]
    book = write_compact_book(TB, tmp_path / "so_giao_uoc.xlsx")
    assert flat(book) == [(book.name, "", "", "not-a-submission")]


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "02006.xlsx"
    path.write_bytes("<html>Lỗi tải tệp</html>".encode())
    assert flat(path) == [(path.name, "", "", "unreadable-file")]


def test_encrypted_file(tmp_path: Path) -> None:
    from .wild import structural_encrypted_ooxml

    path = tmp_path / "02006.xlsx"
    path.write_bytes(structural_encrypted_ooxml(b"PK" * 512))
    assert flat(path) == [(path.name, "", "", "encrypted-file")]
    assert "mật khẩu" in check_file(TB, path).reason


def test_a_comment_typed_as_a_formula_is_kept(tmp_path: Path) -> None:
    """A school's comment typed as a formula and saved by a program that stores no results
    (openpyxl here) is never lost: kept as the text typed, and said."""
    from openpyxl import load_workbook

    path = make(tmp_path, school=TB.schools[0])
    wb = load_workbook(path)
    ws = wb["Chỉ tiêu"]
    header = next(r for r in range(1, 10) if ws.cell(r, 2).value == "Mã chỉ tiêu")
    comment_col = next(c.column for c in ws[header] if c.value == "Góp ý dự thảo giao ước")
    row = header + 3
    while not ws.cell(row, 2).value:
        row += 1
    ws.cell(row, comment_col).value = "=giảm chỉ tiêu này"
    wb.save(path)  # openpyxl keeps no cached value: every formula now has none
    outcome = check_file(TB, path, Period.YEAR_END)
    kept = [
        f for f in outcome.findings if f.code == "formula-without-value" and f.severity == "warning"
    ]
    assert len(kept) == 1 and "=giảm chỉ tiêu này" in kept[0].message
    assert ("Chỉ tiêu", f"{kept[0].cell}") == (
        kept[0].sheet,
        f"{ws.cell(row, comment_col).coordinate}",
    )
    assert (ws.cell(row, 2).value, "=giảm chỉ tiêu này") in outcome.comments


def test_file_over_a_limit(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "02006.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:  # a zip bomb
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    assert flat(path) == [(path.name, "", "", "over-limit")]


def test_criteria_in_points(tmp_path: Path) -> None:
    """A score sheet's own codes, planted in a hand-made one (tests/test_points_criteria.py)."""
    from .test_points_criteria import check as check_sheet
    from .test_points_criteria import test_sub_items_adding_up_or_not

    found = {f.code for f in check_sheet(tmp_path, {"TC1": 5.5, "TC5": 3.0, "TC2.a": 0.3})}
    assert {"points-above-max", "points-above-partial", "points-off-step"} <= found
    assert "points-sum-mismatch" in CODES
    (tmp_path / "sum").mkdir()
    test_sub_items_adding_up_or_not(tmp_path / "sum")  # typed over the sum: points-sum-mismatch


def test_every_code_has_a_test() -> None:
    source = Path(__file__).read_text(encoding="utf-8")
    for code in {**CODES, **FILE_CODES}:
        assert f'"{code}"' in source, code


def test_messages_speak_to_a_principal(tmp_path: Path) -> None:
    path = make(tmp_path, school=TB.schools[0], change=setter("CT05.2", "registration", 6))
    (finding,) = check_file(TB, path).findings
    assert finding.message == (
        "Chỉ tiêu CT05.2 'Tỷ lệ trẻ suy dinh dưỡng thể thấp còi': trường đăng ký 6 %, giao ước yêu cầu không quá 5 %"
    )
    assert (finding.school, finding.target, finding.value, finding.expected) == (
        "01001",
        "CT05.2",
        6.0,
        5.0,
    )


# --------------------------------------------------------------------------- properties


MUTATIONS = ["below-threshold", "missing-value", "invalid-value", "out-of-range"]


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_random_valid_submissions_and_one_mutation(data: st.DataObject, tmp_path: Path) -> None:
    compact = data.draw(st.sampled_from([sample(n) for n in SAMPLES]))
    school = data.draw(st.sampled_from(compact.schools))
    period = data.draw(st.sampled_from(list(Period)))
    seed = data.draw(st.integers(0, 10_000))
    answers = clean_answers(compact, school, period, seed=seed)
    path = tmp_path / f"{school.code}.xlsx"
    render_school_workbook(compact, school, path, WHEN, answers)
    assert check_submission(compact, read_submission(path, compact), period) == []

    numeric = [
        (t, th)
        for t, th in school_targets(compact, school)
        if t.kind in (ValueKind.PERCENT, ValueKind.COUNT)
    ]
    # a score sheet of criteria in points: its mutations are in test_points_criteria
    if not numeric:
        return
    target, threshold = data.draw(st.sampled_from(numeric))
    mutation = data.draw(st.sampled_from(MUTATIONS))
    if mutation == "below-threshold" and target.direction.value == "exactly":  # type: ignore[union-attr]
        bad: Any = float(threshold) + 1
    elif mutation == "below-threshold":
        step = 0.5 if target.kind is ValueKind.PERCENT else 1.0
        bad = (
            float(threshold) + step
            if target.direction.value == "at_most"
            else float(threshold) - step
        )  # type: ignore[union-attr]
        if bad < 0 or (target.kind is ValueKind.PERCENT and bad > 100):
            return
    else:
        bad = {"missing-value": None, "invalid-value": "không rõ", "out-of-range": -5.0}[mutation]
    answers.targets[target.code]["registration"] = bad
    render_school_workbook(compact, school, path, WHEN, answers)
    submission = read_submission(path, compact)
    findings = check_submission(compact, submission, period)
    row = submission.row(target.code)
    assert row is not None and row.registration is not None
    assert ("Chỉ tiêu", row.registration.cell, mutation) in {
        (f.sheet, f.cell, f.code) for f in findings
    }
    others = [f for f in findings if f.cell != row.registration.cell]
    # a changed registration is also the goal of the results, and may break a cross-field rule
    allowed = ("result-below-registration", "veto-not-met")
    assert all(
        (f.code in allowed and f.target == target.code) or f.code == "rule-failed" for f in others
    )


# --------------------------------------------------------------------------- real application and CLI


def _several_mistakes(folder: Path) -> Path:
    def change(answers: Answers) -> None:
        answers.targets["CT06.2"]["registration"] = 99
        answers.targets["CT08.1"]["registration"] = "Mức độ 9"
        answers.targets["CT06.4"]["registration"] = None
        answers.signing["date"] = None

    return make(folder, change=change)


@pytest.mark.slow
def test_resaved_by_libreoffice_gives_the_same_findings(tmp_path: Path) -> None:
    path = _several_mistakes(tmp_path)
    (resaved,) = convert(path, tmp_path / "lo")
    before = [(f.sheet, f.cell, f.code, f.message) for f in check_file(TB, path).findings]
    after = [(f.sheet, f.cell, f.code, f.message) for f in check_file(TB, resaved).findings]
    assert len(before) == 4 and before == after


def test_check_command(tmp_path: Path, books: dict[str, Path]) -> None:
    bad = _several_mistakes(tmp_path)
    good = make(
        tmp_path / "ok" if (tmp_path / "ok").mkdir() is None else tmp_path, school=TB.schools[0]
    )
    result = run_cli("check", books["thanh-ba-2020-2021"], good, bad)
    assert result.code == 1
    assert "✔ hợp lệ" in result.out and "✘ 3 lỗi, 1 cảnh báo" in result.out
    assert "below-threshold" in result.out and "Chỉ tiêu!G" in result.out
    document = run_cli("check", books["thanh-ba-2020-2021"], good, bad, "--json").json()
    assert document["valid"] is False and document["stats"]["files"] == 2
    assert set(document["files"][1]) >= {"file", "school", "valid", "findings"}
    assert set(document["files"][1]["findings"][0]) == {
        "code",
        "severity",
        "sheet",
        "cell",
        "target",
        "value",
        "expected",
        "message",
    }
    assert run_cli("check", books["thanh-ba-2020-2021"], good).code == 0
    unreadable = tmp_path / "x.xlsx"
    unreadable.write_bytes(b"")
    assert run_cli("check", books["thanh-ba-2020-2021"], good, unreadable).code == 2


def test_feedback_copy_and_original_untouched(tmp_path: Path, books: dict[str, Path]) -> None:
    bad = _several_mistakes(tmp_path)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    result = run_cli("check", books["thanh-ba-2020-2021"], bad, "--feedback", tmp_path / "phan_hoi")
    assert result.code == 1
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    copy = tmp_path / "phan_hoi" / bad.name
    wb = load_workbook(copy)
    assert wb.sheetnames[0] == "Kết quả kiểm tra" and wb.active.title == "Kết quả kiểm tra"
    ws = wb["Kết quả kiểm tra"]
    rows = list(ws.iter_rows(min_row=6, values_only=True))
    assert len(rows) == 4 and {r[5] for r in rows} == {
        "below-threshold",
        "not-in-list",
        "missing-value",
        "signing-incomplete",
    }
    link = next(c for c in ws["C"][5:] if c.value and c.value.startswith("Chỉ tiêu!"))
    assert (
        link.hyperlink is not None
        and link.hyperlink.location == f"'Chỉ tiêu'!{link.value.split('!')[1]}"
    )
    marked = wb["Chỉ tiêu"][link.value.split("!")[1]]
    assert marked.fill.fgColor.rgb.endswith(("FFC7CE", "FFEB9C"))
    # the annotated copy still reads as the same submission
    assert isinstance(read_submission(copy, TB), Submission)
    same_folder = run_cli("check", books["thanh-ba-2020-2021"], bad, "--feedback", bad.parent)
    assert (
        hashlib.sha256(bad.read_bytes()).hexdigest() == before
        and "không được trùng" in same_folder.err
        and same_folder.code == 2  # said before any file is read: nothing written
    )
    shutil.rmtree(tmp_path / "phan_hoi")


def _malformed_style(path: Path) -> Path:
    """The same workbook with a font size openpyxl cannot parse (``<sz val="x11"/>``), which
    python-calamine reads and the checker checks fine: the copy is what fails, not the check."""
    import zipfile

    out = path.with_name("x_" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'<sz val="11"/>', b'<sz val="x11"/>', 1)
                assert b"x11" in data
            copy.writestr(info, data)
    path.unlink()
    return out


def test_a_copy_that_cannot_be_made_is_said_and_the_other_files_get_theirs(
    tmp_path: Path, books: dict[str, Path]
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    odd = _malformed_style(make(folder, school=TB.schools[0]))
    good = _several_mistakes(folder)
    out = tmp_path / "phan_hoi"
    done = run_cli("check", books["thanh-ba-2020-2021"], odd, good, "--feedback", out)
    assert done.code == 1 and "Traceback" not in done.out + done.err and not done.err
    assert "feedback-not-written" in done.out and odd.name in done.out  # said, by the file
    assert "Error" not in done.out  # no exception's name for a user
    assert (out / good.name).exists() and not (out / odd.name).exists()
    document = run_cli(
        "check", books["thanh-ba-2020-2021"], odd, good, "--feedback", out, "--json"
    ).json()
    first, second = document["files"]
    assert first["valid"] and "feedback" not in first and second["feedback"].endswith(good.name)
    (finding,) = [f for f in first["findings"] if f["code"] == "feedback-not-written"]
    assert finding["severity"] == "warning" and "Không ghi được bản phản hồi" in finding["message"]
    assert "x11" in first["detail"]  # the library's own words: for the log and --json only


def test_number_typed_as_text(tmp_path: Path) -> None:
    path = make(tmp_path, change=setter("CT07.1", "registration", "≥ 100"))
    where = cell(path, "CT07.1")
    assert flat(path) == [(path.name, "Chỉ tiêu", where, "number-as-text")]
    (finding,) = check_file(TB, path).findings
    assert finding.severity is Severity.WARNING and "hãy nhập số" in finding.message


def test_file_name_of_another_school_ignores_case(tmp_path: Path) -> None:
    schools = tuple(s.model_copy(update={"code": f"MN{s.code}"}) for s in TB.schools)
    compact = TB.model_copy(update={"schools": schools})
    path = make(tmp_path, compact=compact, school=schools[0], name="mn01002_nop_nham.xlsx")
    assert flat(path, compact=compact) == [(path.name, "", "", "file-name-mismatch")]


def test_a_number_too_large_for_a_float_is_invalid_not_a_crash(tmp_path: Path) -> None:
    """'1e999' stored as a number reads as infinity; a count compared with int() would raise."""
    from .adversarial import rezip

    count = next(t for t in TB.targets if t.kind is ValueKind.COUNT and "MN" in t.thresholds)
    src = make(tmp_path, change=setter(count.code, "registration", 123456789.5))
    path = rezip(
        src,
        tmp_path / "vo-cuc.xlsx",
        {"xl/worksheets/sheet3.xml": lambda xml: xml.replace(b">123456789.5<", b">1e999<")},
    )
    where = cell(path, count.code)
    assert ("vo-cuc.xlsx", "Chỉ tiêu", where, "invalid-value") in flat(path)
    result = run_cli("check", write_compact_book(TB, tmp_path / "so.xlsx"), path, "--json")

    def strict(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    json.loads(result.out, parse_constant=strict)
