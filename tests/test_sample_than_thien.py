"""The third built-in sample, a score sheet after CV 1741/BGDĐT-GDTrH (than-thien-2008-2009):
its shape, the schools' self scores, and the appraisal's corrections through real workbooks —
the schools' workbooks written and filled, merged, the appraisal book typed in as staff type it,
merged again — with totals computed by hand; the demo on it; its documents printed clean."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.model import Compact, Level, Period, Ranking, School, ValueKind
from giaouoc_xl.core.results import MergeResult, SchoolRow
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers, self_scored
from giaouoc_xl.workbooks.documents.blocks import Lines, Table
from giaouoc_xl.workbooks.documents.print_style import running_header
from giaouoc_xl.workbooks.documents.slip import slip_document
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli

NAME = "than-thien-2008-2009"
YE = Period.YEAR_END
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def compact() -> Compact:
    return sample(NAME)


def test_the_shape_of_the_scheme(compact: Compact) -> None:
    """Five contents of 20 points (Chỉ thị 40/2008), four criteria of 5 points each, every
    criterion five sub-items of 1,0 scored in steps of 0,5; 100 points for each level; tiers
    recognised, no ranks; the source and its assumptions said in the title."""
    assert rule_findings(compact) == []
    assert [c.max_points for c in compact.contents] == [20] * 5
    criteria = [t for t in compact.targets if not t.parent]
    items = [t for t in compact.targets if t.parent]
    assert len(criteria) == 20 and len(items) == 100
    assert all(t.kind is ValueKind.POINTS for t in compact.targets)
    assert {t.points for t in criteria} == {5} and {t.points for t in items} == {1}
    assert {t.point_step for t in items} == {0.5}
    for level in (Level.TH, Level.THCS):
        assert compact.max_points([level]) == 100
    assert compact.ranking is Ranking.RECOGNISE and not compact.awards
    assert [(t.name, t.min_points) for t in compact.tiers] == [
        ("Xuất sắc", 90), ("Tốt", 75), ("Khá", 60), ("Trung bình", 50), ("Cần cố gắng", 0),
    ]  # fmt: skip
    assert "1741/BGDĐT-GDTrH" in compact.title and "giả định" in compact.title
    # the annexes' running header (organizer, title) within Excel's 255 characters
    header = running_header(compact.organizer.name.upper(), compact.title, 9)
    assert len(header) <= 255


def test_simulated_self_scores_are_plausible(compact: Compact, tmp_path: Path) -> None:
    """On the step, within the maximum, a criterion the sum of its sub-items; each school's
    workbook so filled is clean, its criterion cells the workbook's own sums."""
    for index, school in enumerate(compact.schools):
        answers = self_scored(compact, school, clean_answers(compact, school, YE, index), index)
        values = {code: typed["result:cuoi-nam"] for code, typed in answers.targets.items()}
        for target in compact.targets:
            value = values[target.code]
            assert 0 <= value <= target.points
            if target.parent:
                assert value * 2 == int(value * 2)
            else:
                parts = [values[f"{target.code}.{item}"] for item in "abcde"]
                assert value == sum(parts)
        if index < 2:
            path = tmp_path / f"{school.code}.xlsx"
            render_school_workbook(compact, school, path, WHEN, answers)
            submission = read_submission(path, compact)
            assert check_submission(compact, submission, YE) == []
            row = submission.row("TC1.1")
            assert row is not None and row.results[YE].value == values["TC1.1"]
    totals = [
        sum(v["result:cuoi-nam"] for c, v in a.targets.items() if c.count(".") == 1)
        for a in (
            self_scored(compact, s, clean_answers(compact, s, YE, n), n)
            for n, s in enumerate(compact.schools)
        )
    ]
    assert len(set(totals)) > 3 and min(totals) >= 50  # schools differ, none implausibly low


# --------------------------------------------------------------------------- by hand

#: School A (20001, primary): the first sub-item of every criterion half done (0,5), the rest
#: in full: 20 × 4,5 = 90, Xuất sắc. The team finds TC1.3.d half done: 0,5, TC1.3 4: 89,5,
#: Tốt (below 90 by half a point).
#: School B (30006, lower secondary): TC3.2 not done at all (0 of 5), the rest in full: 95,
#: Xuất sắc. The team finds TC5.1.e not done: 0, TC5.1 4: 94, Xuất sắc still.
A, B = "20001", "30006"


def _scores(school: School, compact: Compact) -> dict[str, float]:
    values = {t.code: 1.0 for t in compact.targets if t.parent}
    if school.code == A:
        values.update({t.code: 0.5 for t in compact.targets if t.code.endswith(".a")})
    else:
        values.update({f"TC3.2.{item}": 0.0 for item in "abcde"})
    return values


def _fill(compact: Compact, school: School, folder: Path) -> Path:
    answers = clean_answers(compact, school, YE)
    for code, value in _scores(school, compact).items():
        answers.targets[code]["result:cuoi-nam"] = value
    path = folder / school_file_name(school.code, school.name)
    render_school_workbook(compact, school, path, WHEN, answers)
    return path


def _type_corrections(book: Path) -> None:
    """What the team types in the sheet Thẩm định, as staff do in Excel."""
    wb = load_workbook(book)
    sheet = wb["Thẩm định"]
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) for name in header if name}
    typed = {
        (A, "TC1.3.d"): (0.5, "Nhà vệ sinh chưa được làm sạch hằng ngày"),
        (B, "TC5.1.e"): (0, "Chưa có xác nhận của UBND xã"),
    }
    for row in sheet.iter_rows(min_row=4):
        key = (row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value)
        if key in typed:
            row[col["Kết quả thẩm định"]].value, row[col["Lý do điều chỉnh"]].value = typed.pop(key)
    assert not typed, typed
    wb.save(book)


@pytest.fixture(scope="module")
def appraised(compact: Compact, tmp_path_factory: pytest.TempPathFactory) -> MergeResult:
    """A's and B's workbooks filled, merged into the appraisal book, the corrections typed,
    merged again with the book."""
    folder = tmp_path_factory.mktemp("than_thien")
    returns = folder / "bai_nop"
    returns.mkdir()
    for school in compact.schools:
        if school.code in (A, B):
            _fill(compact, school, returns)
    _, written = api.appraise(compact, returns, folder / "so_tham_dinh.xlsx", YE)
    _type_corrections(written.path)
    report = api.merge(compact, returns, appraisal=written.path, period=YE)
    return report.result


def _row(result: MergeResult, code: str) -> SchoolRow:
    return next(r for r in result.schools if r.school.code == code)


def test_totals_by_hand(appraised: MergeResult) -> None:
    a, b = _row(appraised, A), _row(appraised, B)
    assert a.self_summary is not None and a.summary is not None
    assert a.self_summary.total == 90 and a.self_summary.tier == "Xuất sắc"
    assert a.summary.total == 89.5 and a.summary.tier == "Tốt"
    assert b.self_summary is not None and b.summary is not None
    assert b.self_summary.total == 95 and b.summary.total == 94 and b.summary.tier == "Xuất sắc"
    assert a.rank is None and b.rank is None  # recognised, never ranked
    assert [(c.target, c.reported, c.verified) for c in a.changes] == [("TC1.3.d", 1, 0.5)]
    assert [(c.target, c.points_before, c.points_after) for c in b.changes] == [("TC5.1.e", 1, 0)]
    assert a.score is not None
    points = {t.code: t.points for t in a.score.targets}
    assert points["TC1.3"] == 4 and points["TC1.1"] == 4.5 and points["TC1.3.d"] == 0.5


def test_the_slip_shows_self_and_verified_per_criterion(appraised: MergeResult) -> None:
    """Tự chấm and Thẩm định side by side on the sub-item corrected and on its criterion, the
    reason beside them; no column of registrations (none is collected)."""
    document = slip_document(appraised, _row(appraised, A), WHEN)
    (table,) = [b for b in document.blocks if isinstance(b, Table)]
    headers = [c.header for c in table.columns]
    assert "Tự chấm" in headers and "Thẩm định" in headers and "Đăng ký" not in headers
    rows = {r["code"]: r for r in table.rows}
    assert (rows["TC1.3.d"]["reported"], rows["TC1.3.d"]["verified"]) == ("1", "0,5")
    assert rows["TC1.3.d"]["reason"] == "Nhà vệ sinh chưa được làm sạch hằng ngày"
    assert (rows["TC1.3"]["reported"], rows["TC1.3"]["verified"]) == ("4,5", "4")
    assert "TC1.3.d" in rows["TC1.3"]["reason"]
    assert rows["TC1.1"]["verified"] == ""  # not corrected
    text = " ".join(t for b in document.blocks if isinstance(b, Lines) for t in b.texts)
    assert "Tổng điểm tự chấm: 90; sau thẩm định: 89,5" in text and "Xếp loại: Tốt" in text
    assert not document.one_page  # 120 rows: as many pages as it needs


def test_the_commands_on_the_sample(tmp_path: Path) -> None:
    """compact new --sample, template, check, appraise, merge."""
    book = tmp_path / "so.xlsx"
    assert run_cli("compact", "new", book, "--sample", NAME).code == 0
    assert run_cli("compact", "check", book).code == 0
    done = run_cli("template", book, "--out", tmp_path / "mau", "--school", A)
    assert done.code == 0, done.err
    compact = api.load_compact(book)
    returns = tmp_path / "bai_nop"
    returns.mkdir()
    path = _fill(compact, next(s for s in compact.schools if s.code == A), returns)
    assert run_cli("check", book, path).code == 0
    done = run_cli("appraise", book, returns, "--out", tmp_path / "so_tham_dinh.xlsx")
    assert done.code == 0, done.err
    _type_corrections_a(tmp_path / "so_tham_dinh.xlsx")
    done = run_cli(
        "merge", book, returns, "--out", tmp_path / "th.xlsx",
        "--appraisal", tmp_path / "so_tham_dinh.xlsx", "--json",
    )  # fmt: skip
    assert done.code == 0, done.err
    assert '"total": 89.5' in done.out


def _type_corrections_a(book: Path) -> None:
    wb = load_workbook(book)
    sheet = wb["Thẩm định"]
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) for name in header if name}
    for row in sheet.iter_rows(min_row=4):
        if (row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value) == (A, "TC1.3.d"):
            row[col["Kết quả thẩm định"]].value = 0.5
            row[col["Lý do điều chỉnh"]].value = "Nhà vệ sinh chưa sạch"
    wb.save(book)


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("demo")
    done = run_cli("demo", out, "--sample", NAME)
    assert done.code == 0, done.err
    return out, done.out


def test_the_demo_runs_end_to_end(demo: Any) -> None:
    """Twelve self-scored returns, two corrections with their reasons, the documents."""
    out, said = demo
    assert "TC1.3.d tự chấm" in said and "TC5.1.e tự chấm" in said
    assert len(list((out / "phieu_ket_qua").glob("*.xlsx"))) == 12
    wb = load_workbook(out / "bang_tong_hop.xlsx", read_only=True)
    assert "Thẩm định" in wb.sheetnames
    wb.close()
    book = load_workbook(out / "so_tham_dinh.xlsx", read_only=True)
    sheet = book["Thẩm định"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header = list(rows[0])
    reasons = [r for r in rows[1:] if r[header.index("Lý do điều chỉnh")] not in (None, "")]
    assert len(reasons) == 2
    book.close()


@pytest.mark.slow  # LibreOffice prints the documents
def test_the_documents_of_the_sample_print_clean(demo: Any, tmp_path: Path) -> None:
    """The school workbook returned, a corrected school's slip (three pages), the appraisal book
    (1,440 rows) and the documents to sign: no line over another, no word past the edge; Tự
    chấm and Thẩm định printed."""
    from .libreoffice import convert
    from .printing import collapse, overlaps, pages_text

    out, _ = demo
    slip = next((out / "phieu_ket_qua").glob(f"{A}_*.xlsx"))
    returned = next((out / "bai_nop").glob(f"{A}_*.xlsx"))
    # named alike (the school's file name): printed into folders of their own
    printed = [
        convert(path, tmp_path / folder, "pdf", timeout=600)[0]
        for path, folder in (
            (slip, "phieu"),
            (returned, "bai_nop"),
            (out / "so_tham_dinh.xlsx", "tham_dinh"),
        )
    ]
    for pdf in [*printed, out / "van_ban_ky.pdf"]:
        assert not overlaps(pdf), pdf
    text = collapse(" ".join(pages_text(printed[0], layout=False)))
    assert "Tự chấm" in text and "Thẩm định" in text and "TC1.3.d" in text
    assert len(pages_text(printed[0])) > 1


def test_a_sub_item_off_the_step_or_above_its_maximum(compact: Compact, tmp_path: Path) -> None:
    """The README's example: a sub-item of TC1.3 scored 0,75 is off the step 0,5, one scored
    1,5 above its maximum 1, each an error at its cell."""
    school = compact.schools[0]
    answers = clean_answers(compact, school, YE)
    answers.targets["TC1.3.a"]["result:cuoi-nam"] = 0.75
    answers.targets["TC1.3.b"]["result:cuoi-nam"] = 1.5
    path = tmp_path / "truong.xlsx"
    render_school_workbook(compact, school, path, WHEN, answers)
    found = {
        (f.code, f.target) for f in check_submission(compact, read_submission(path, compact), YE)
    }
    assert {("points-off-step", "TC1.3.a"), ("points-above-max", "TC1.3.b")} <= found


def test_the_instructions_name_no_column_of_registrations(compact: Compact, tmp_path: Path) -> None:
    """The sample collects the year's end alone: its workbook's instructions say nothing of a
    column 'Đăng ký' it does not have; a sample that registers keeps the line."""
    path = tmp_path / "mau.xlsx"
    render_school_workbook(compact, compact.schools[0], path, WHEN)
    lines = [c.value for c in load_workbook(path)["Hướng dẫn"]["A"] if c.value]
    assert not any("Cột 'Đăng ký'" in line for line in lines)
    assert any("chấm từng tiêu chí con" in line for line in lines)
    other = sample("thanh-ba-2020-2021")
    render_school_workbook(other, other.schools[0], path, WHEN)
    lines = [c.value for c in load_workbook(path)["Hướng dẫn"]["A"] if c.value]
    assert any("Cột 'Đăng ký'" in line for line in lines)
