"""Reading returned school workbooks: what schools really send, read right, with cell addresses."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from giaouoc_xl.core.errors import UnreadableWorkbook
from giaouoc_xl.core.model import Compact, Period, ValueKind
from giaouoc_xl.core.samples import SAMPLES, sample
from giaouoc_xl.core.school_form import HEADER_ROW, SCHOOL_ROW, Answers
from giaouoc_xl.core.submission import Submission, replace
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .filling import cell_of, fill
from .libreoffice import convert

YE = Period.YEAR_END
SAMPLE_COMPACTS = [sample(name) for name in SAMPLES]


def same(a: Submission, b: Submission) -> bool:
    """Equal but for the file name and the engine."""
    return replace(a, file="", engine="") == replace(b, file="", engine="")


def test_blank_workbook_reads_completely(thanh_ba_school: Path, thanh_ba: Compact) -> None:
    sub = read_submission(thanh_ba_school, thanh_ba)
    assert (
        sub.compact_id == thanh_ba.id
        and sub.revision == 1
        and sub.fingerprint == thanh_ba.fingerprint
    )
    assert sub.school_code == "02006" and sub.identity["name"] == "Trường Tiểu học Đông Lĩnh"
    assert sub.identity["levels"] == "TH" and sub.identity_cells["name"] == f"B{SCHOOL_ROW['name']}"
    assert not sub.missing_sheets and not sub.missing_columns and not sub.stray_rows
    assert [r.code for r in sub.rows] == [t.code for t in thanh_ba.targets_for(["TH"])]  # type: ignore[list-item]
    row = sub.row("CT06.2")
    at = HEADER_ROW + 18  # the 15th target, under 5 contents' and groups' rows
    assert row is not None and row.threshold.value == 99.5 and row.threshold.cell == f"F{at}"
    assert (
        row.registration is not None
        and row.registration.cell == f"G{at}"
        and row.registration.blank
    )
    assert {p: c.cell for p, c in row.results.items()} == {Period.TERM1: f"H{at}", YE: f"I{at}"}
    assert row.status_registration == "Chưa nhập"
    principal = sub.signing["principal"]
    assert principal.cell == f"B{SCHOOL_ROW['principal']}" and principal.blank


TYPED: list[tuple[str, str, Any, Any, tuple[str, ...]]] = [
    # (target, input, typed, parsed, notes)
    ("CT06.2", "registration", "95,5", 95.5, ("number-as-text", "decimal-comma")),
    ("CT06.2", "registration", "95 %", 95.0, ("number-as-text", "percent-sign")),
    ("CT06.2", "registration", "95%", 95.0, ("number-as-text", "percent-sign")),
    ("CT06.2", "registration", " 98 ", 98.0, ("number-as-text", "whitespace")),
    ("CT06.2", "registration", "≥ 98", 98.0, ("number-as-text",)),
    ("CT06.2", "registration", 0.955, 95.5, ("percent-fraction",)),
    ("CT06.2", "registration", 99.7, 99.7, ()),
    ("CT04.3", "registration", 0.1, 0.1, ()),  # a dropout rate of 0.1 % stays 0.1
    ("CT06.4", "registration", 3.0, 3.0, ()),
    ("CT06.4", "registration", "3.0", 3.0, ("number-as-text",)),
    ("CT02.2", "registration", "không", "Không", ()),  # case does not matter, as in the formulas
    ("CT02.2", "registration", "Có", "Có", ()),
    ("CT02.2", "registration", "x", "Có", ("yes-no-spelling",)),
    ("CT08.1", "registration", "mức độ 1", "Mức độ 1", ()),
    ("CT07.4", "registration", "Đổi mới sinh hoạt chuyên môn", "Đổi mới sinh hoạt chuyên môn", ()),
]


@pytest.mark.parametrize(("code", "key", "typed", "parsed", "notes"), TYPED)
def test_values_as_schools_type_them(
    thanh_ba_school: Path,
    thanh_ba: Compact,
    tmp_path: Path,
    code: str,
    key: str,
    typed: Any,
    parsed: Any,
    notes: tuple[str, ...],
) -> None:
    path = fill(thanh_ba_school, tmp_path / "s.xlsx", {(code, key): typed})
    for engine in ("calamine", "openpyxl"):
        row = read_submission(path, thanh_ba, engine).row(code)
        assert row is not None and row.registration is not None
        assert (row.registration.value, row.registration.notes, row.registration.problem) == (
            parsed,
            notes,
            "",
        )
        assert row.registration.cell == cell_of(path, code, key)


@pytest.mark.parametrize(
    ("code", "typed", "problem"),
    [
        ("CT06.2", "chín mươi", "not-a-number"),
        ("CT02.2", "Chưa rõ", "not-yes-no"),
        ("CT08.1", "Mức độ 5", "not-in-list"),
    ],
)
def test_values_that_cannot_be_understood(
    thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path, code: str, typed: str, problem: str
) -> None:
    path = fill(thanh_ba_school, tmp_path / "s.xlsx", {(code, "result:cuoi-nam"): typed})
    row = read_submission(path, thanh_ba).row(code)
    assert row is not None
    cell = row.results[YE]
    assert (cell.raw, cell.value, cell.problem) == (typed, None, problem)
    assert cell.cell == cell_of(path, code, "result:cuoi-nam")


def test_formula_without_cached_value_is_reported_not_guessed(
    thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path
) -> None:
    path = fill(
        thanh_ba_school, tmp_path / "s.xlsx", {("CT06.2", "registration"): "=90+9"}
    )  # openpyxl: no value
    for engine in ("calamine", "openpyxl"):
        cell = read_submission(path, thanh_ba, engine).row("CT06.2").registration  # type: ignore[union-attr]
        assert cell is not None and (cell.problem, cell.value) == ("formula-without-value", None)


def test_formula_with_cached_value_is_used(
    thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path
) -> None:
    path = fill(thanh_ba_school, tmp_path / "s.xlsx", {("CT06.2", "registration"): "=90+9.7"})
    (resaved,) = convert(path, tmp_path / "lo")  # LibreOffice calculates and stores the value
    cell = read_submission(resaved, thanh_ba).row("CT06.2").registration  # type: ignore[union-attr]
    assert cell is not None and cell.value == 99.7 and cell.problem == ""


def test_rows_are_matched_by_code_not_position(
    thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(thanh_ba_school)
    ws = wb["Chỉ tiêu"]
    ws.protection.sheet = False
    a, b = HEADER_ROW + 3, HEADER_ROW + 4  # CT01.1 and CT01.2: swap the two rows
    for col in range(1, 14):
        ws.cell(a, col).value, ws.cell(b, col).value = ws.cell(b, col).value, ws.cell(a, col).value
    ws[f"G{a}"] = 0  # now the CT01.2 registration (a count of violations)
    ws[f"G{b}"] = 100  # now the CT01.1 registration (a percent)
    wb.save(tmp_path / "s.xlsx")
    sub = read_submission(tmp_path / "s.xlsx", thanh_ba)
    assert sub.row("CT01.2").registration.value == 0.0  # type: ignore[union-attr]
    assert sub.row("CT01.1").registration.cell == f"G{b}"  # type: ignore[union-attr]


def test_missing_duplicated_and_stray_rows_are_seen(
    thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(thanh_ba_school)
    ws = wb["Chỉ tiêu"]
    ws[f"B{HEADER_ROW + 4}"] = "CT01.1"  # CT01.2 renamed: CT01.1 twice, CT01.2 missing
    lost = HEADER_ROW + 7
    ws[f"B{lost}"] = None  # CT02.1 lost its code but has a value
    ws[f"G{lost}"] = 0
    wb.save(tmp_path / "s.xlsx")
    sub = read_submission(tmp_path / "s.xlsx", thanh_ba)
    codes = [r.code for r in sub.rows]
    assert codes.count("CT01.1") == 2 and "CT01.2" not in codes and "CT02.1" not in codes
    assert sub.stray_rows == (lost,)


def test_missing_sheet_and_column(thanh_ba_school: Path, thanh_ba: Compact, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(thanh_ba_school)
    del wb["_giaouoc"]
    wb["Chỉ tiêu"][f"G{HEADER_ROW}"] = "Đăng kí"  # header changed
    wb.save(tmp_path / "s.xlsx")
    sub = read_submission(tmp_path / "s.xlsx", thanh_ba)
    assert sub.missing_sheets == ("_giaouoc",) and sub.meta == {}
    assert (
        sub.missing_columns == ("registration", "status_registration")
        or "registration" in sub.missing_columns
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "rỗng"), (b"<html>bao cao</html>", "không phải"), (b"PK\x03\x04broken", "hỏng")],
)
def test_unreadable_files(tmp_path: Path, thanh_ba: Compact, content: bytes, reason: str) -> None:
    path = tmp_path / "truong.xlsx"
    path.write_bytes(content)
    with pytest.raises(UnreadableWorkbook, match=reason):
        read_submission(path, thanh_ba)


def _answers(compact: Compact, school_index: int) -> Answers:
    school = compact.schools[school_index]
    typed: dict[str, dict[str, Any]] = {}
    for n, (target, threshold) in enumerate(school_targets(compact, school)):
        if target.kind is ValueKind.PERCENT:
            value: Any = threshold + (n % 3 - 1) * 0.5 if isinstance(threshold, float) else 50.0
            value = max(0.0, min(100.0, value))
            typed[target.code] = {
                "registration": value,
                "result:cuoi-nam": f"{value:.1f}".replace(".", ","),
                "result:hk1": None,
            }
        elif target.kind is ValueKind.COUNT:
            typed[target.code] = {"registration": float(n % 4), "result:cuoi-nam": float(n % 5)}
        elif target.kind is ValueKind.YES_NO:
            typed[target.code] = {
                "registration": "Có",
                "result:cuoi-nam": "Không" if n % 2 else "Có",
            }
        elif target.kind is ValueKind.LEVEL:
            typed[target.code] = {
                "registration": target.choices[-1],
                "result:cuoi-nam": target.choices[1],
            }
        else:
            typed[target.code] = {
                "registration": "Sáng kiến A",
                "comment": "Đề nghị giữ chỉ tiêu này",
            }
        typed[target.code]["note"] = "ghi chú" if n % 4 == 0 else None
    return Answers(
        targets=typed,
        signing={
            "principal": "Nguyễn Thị Lan",
            "phone": "0210 3885 123",
            "date": date(2020, 10, 12),
            "commitment": "Có",
        },
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_resaved_by_libreoffice_reads_the_same(thanh_ba: Compact, tmp_path: Path, fmt: str) -> None:
    original = tmp_path / "02006.xlsx"
    render_school_workbook(
        thanh_ba,
        thanh_ba.schools[25],
        original,
        datetime(2020, 10, 1, tzinfo=UTC),
        _answers(thanh_ba, 25),
    )
    (resaved,) = convert(original, tmp_path / "lo", fmt)
    before, after = read_submission(original, thanh_ba), read_submission(resaved, thanh_ba)
    assert before.row("CT06.2").registration.value is not None  # type: ignore[union-attr]
    assert same(before, after)


def test_xlsm_is_read(thanh_ba: Compact, thanh_ba_school: Path, tmp_path: Path) -> None:
    path = tmp_path / "02006.xlsm"
    shutil.copy(thanh_ba_school, path)
    assert same(read_submission(thanh_ba_school, thanh_ba), read_submission(path, thanh_ba))


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_both_engines_read_the_same(data: st.DataObject, tmp_path: Path) -> None:
    compact = data.draw(st.sampled_from(SAMPLE_COMPACTS))
    school = data.draw(st.sampled_from(compact.schools))
    values = st.one_of(
        st.none(),
        st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),
        st.integers(0, 50),
        st.sampled_from(
            ["95,5", "98 %", " 97 ", "Có", "không", "Mức độ 1", "Cấp độ 3", "abc", "", "≥ 90"]
        ),
    )
    typed = {
        target.code: {
            key: data.draw(values) for key in ("registration", "result:hk1", "result:cuoi-nam")
        }
        for target, _ in school_targets(compact, school)
    }
    path = tmp_path / "random.xlsx"
    render_school_workbook(
        compact, school, path, datetime(2026, 1, 1, tzinfo=UTC), Answers(targets=typed)
    )
    fast, reference = read_submission(path, compact), read_submission(path, compact, "openpyxl")
    assert same(fast, reference)
    registered = any(p.period is Period.REGISTRATION for p in compact.periods)
    for row in fast.rows:
        if not registered:  # a score sheet of the year's end alone (than-thien-2008-2009)
            assert row.registration is None
            continue
        written = typed[row.code]["registration"]
        expected = (
            None
            if written in (None, "")
            else float(written)
            if isinstance(written, int)
            else written
        )
        assert row.registration is not None and row.registration.raw == expected
