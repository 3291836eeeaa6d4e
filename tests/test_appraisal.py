"""The appraisal (thẩm định): the book written from a merge, typed in by staff (openpyxl, then
saved by LibreOffice as an office would), read back, written again after new submissions
without losing a value; the merge scoring the verified values; every rule with its finding;
the documents showing both scores and every change; the result slips."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.appraisal import Appraisal, Verification, appraise
from giaouoc_xl.core.codes import SchoolStatus
from giaouoc_xl.core.errors import OutputNotWritable, WrongAppraisalBook
from giaouoc_xl.core.model import LABELS, Compact, Deferral, Period, VetoOutcome, labels
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.thresholds import school_targets
from giaouoc_xl.workbooks.appraisal.reader import read_appraisal_book
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli
from .libreoffice import convert

TB = sample("thanh-ba-2020-2021")
YE = Period.YEAR_END
WHEN = datetime(2021, 5, 25, tzinfo=UTC)
MN = TB.schools[:6]  # six preschools of the bloc K-MN


def _send(folder: Path, index: int, change: Any = None) -> Path:
    school = MN[index]
    answers = clean_answers(TB, school, YE, seed=index)
    if change:
        change(answers)
    path = folder / school_file_name(school.code, school.name)
    render_school_workbook(TB, school, path, WHEN, answers)
    return path


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    for index in range(5):  # the sixth school has not sent yet
        _send(folder, index)
    return folder


def _appraisal_only(findings: list[Any]) -> list[Any]:
    """The appraisal's own findings (the sample's award ladder adds its ties)."""
    return [f for f in findings if f.code.startswith("appraisal-")]


def _rows(path: Path, sheet: str = "Thẩm định") -> tuple[Any, dict[str, int]]:
    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[3]]
    return wb, {name: header.index(name) for name in header if name}


def _type(path: Path, entries: dict[tuple[str, str], tuple[Any, str]]) -> None:
    """Type verified values and reasons as staff would (openpyxl standing in for Excel)."""
    wb, col = _rows(path)
    ws = wb["Thẩm định"]
    for row in ws.iter_rows(min_row=4):
        key = (row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value)
        if key in entries:
            value, reason = entries[key]
            row[col["Kết quả thẩm định"]].value = value
            row[col["Lý do điều chỉnh"]].value = reason or None
    wb.save(path)


def _defer(path: Path, code: str, what: str, detail: str = "") -> None:
    wb, col = _rows(path, "Trường")
    ws = wb["Trường"]
    for row in ws.iter_rows(min_row=4):
        if row[col["Mã trường"]].value == code:
            row[col["Tạm hoãn xét"]].value = what
            row[col["Chi tiết lý do tạm hoãn"]].value = detail or None
    wb.save(path)


def _reported(path: Path, school: str, target: str) -> Any:
    wb, col = _rows(path)
    for row in wb["Thẩm định"].iter_rows(min_row=4):
        if (row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value) == (school, target):
            return row[col["Kết quả trường báo cáo"]].value
    raise AssertionError((school, target))


def test_the_book_holds_what_schools_reported_locked_and_inputs_unlocked(
    returns: Path, tmp_path: Path
) -> None:
    result, written = api.appraise(TB, returns, tmp_path / "tham_dinh.xlsx", YE)
    applicable = {s.code: [t for t, _ in school_targets(TB, s) if YE in t.periods] for s in MN[:5]}
    assert written.rows == sum(map(len, applicable.values())) and written.schools == len(TB.schools)
    wb, col = _rows(written.path)
    ws = wb["Thẩm định"]
    first = ws[4]
    assert first[col["Mã trường"]].value == MN[0].code
    assert str(first[col["Minh chứng"]].value).startswith("Báo cáo số")  # the school's evidence
    assert first[col["Mã chỉ tiêu"]].protection.locked
    assert not first[col["Kết quả thẩm định"]].protection.locked
    assert not first[col["Lý do điều chỉnh"]].protection.locked
    assert ws.protection.sheet and wb["Trường"].protection.sheet
    validated = {str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert any(f"J{first[0].row}" in ref for ref in validated)  # the target's own validation
    school = result.schools[0]
    assert school.score is not None
    own = {t.code: t.points for t in school.score.targets}
    assert first[col["Điểm tự chấm"]].value == own[first[col["Mã chỉ tiêu"]].value]


def test_round_trip_openpyxl_then_libreoffice_and_the_merge_scores_verified_values(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    school = MN[1]
    reported = _reported(book, school.code, "CT01.1")
    _type(book, {(school.code, "CT01.1"): (reported - 5, "Đối chiếu hồ sơ: thấp hơn 5 điểm %")})
    _defer(book, MN[2].code, "Đang thanh tra hoặc kiểm tra", "QĐ 15/QĐ-TTr")
    (saved,) = convert(book, tmp_path / "lo", "xlsx")  # opened and saved by LibreOffice
    for path in (book, saved):
        appraisal = read_appraisal_book(path, TB, YE)
        entry = appraisal.entries[(school.code, "CT01.1")]
        assert entry.value == reported - 5 and entry.reason.startswith("Đối chiếu")
        assert appraisal.schools[MN[2].code].deferral is Deferral.INSPECTION
        assert appraisal.schools[MN[2].code].detail == "QĐ 15/QĐ-TTr"
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=saved)
    row = next(r for r in result.schools if r.school.code == school.code)
    assert row.self_summary is not None and row.summary is not None
    assert row.summary.total == pytest.approx(row.self_summary.total - 5)  # CT01.1 lost
    (change,) = row.changes
    assert (change.target, change.reported, change.verified) == ("CT01.1", reported, reported - 5)
    assert change.points_before == 5 and change.points_after == 0 and change.evidence
    deferred = next(r for r in result.schools if r.school.code == MN[2].code)
    assert deferred.deferred and deferred.rank is not None  # ranked, and marked
    assert _appraisal_only(result.appraisal_findings) == []


def test_written_again_after_new_submissions_keeps_every_value_typed(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    _type(
        book,
        {
            (MN[0].code, "CT01.1"): (90, "Lý do A"),
            (MN[1].code, "CT04.1"): (None, "Đã xem, đúng"),  # a reason alone is kept too
            (MN[4].code, "CT01.1"): (80, "Lý do C"),
        },
    )
    _defer(book, MN[3].code, "Có khiếu nại hoặc tố cáo chưa giải quyết")
    # rows re-ordered by hand: matching is by codes, never by position
    wb, _ = _rows(book)
    ws = wb["Thẩm định"]
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    for r, row_values in enumerate(reversed(values), start=4):
        for c, value in enumerate(row_values, start=1):
            ws.cell(r, c).value = value
    wb.save(book)
    # the sixth school sends; the first corrects CT01.1; the fifth leaves the roster
    _send(returns, 5)
    _send(returns, 0, lambda a: a.targets["CT01.1"].update({"result:cuoi-nam": 97.0}))
    roster = TB.model_copy(update={"schools": tuple(s for s in TB.schools if s.code != MN[4].code)})
    _, written = api.appraise(roster, returns, book, YE)
    assert written.carried == 2 and written.changed == 1 and written.kept == 1
    appraisal = read_appraisal_book(book, roster, YE)
    assert appraisal.entries[(MN[0].code, "CT01.1")].raw == 90
    assert appraisal.entries[(MN[1].code, "CT04.1")].reason == "Đã xem, đúng"
    assert appraisal.schools[MN[3].code].deferral is Deferral.COMPLAINT
    assert any(r[0] == MN[5].code for r in _cells(book))  # the new school's rows
    since = {(r[0], r[3]): r[11] for r in _cells(book)}
    assert "97" in since[(MN[0].code, "CT01.1")]  # the change since, said
    assert since[(MN[5].code, "CT01.1")].startswith("Dòng mới")
    kept = appraisal.kept
    assert [(k["school"], k["target"], k["verified"], k["reason"]) for k in kept] == [
        (MN[4].code, "CT01.1", 80, "Lý do C")
    ]
    api.appraise(roster, returns, book, YE)  # kept again, not lost
    assert len(read_appraisal_book(book, roster, YE).kept) == 1


def test_the_vote_is_typed_in_the_book_and_kept_when_written_again(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    wb = load_workbook(book)
    review, vote = wb["Khối"], wb["Bình xét"]
    assert [c.value for c in review[3]][:4] == [
        "Mã khối",
        "Tên khối thi đua",
        "Số trường",
        "Thành viên dự họp",
    ]
    review["D4"], review["E4"], review["F4"] = 18, "Nguyễn Văn Hùng", "Trần Thị Lan"
    header = [c.value for c in vote[3]]
    column = header.index("Phiếu đồng ý: GK") + 1
    first = vote.cell(4, 2).value
    vote.cell(4, column).value = 12
    wb.save(book)
    (saved,) = convert(book, tmp_path / "lo", "xlsx")  # saved by LibreOffice as an office would
    appraisal = read_appraisal_book(saved, TB, YE)
    assert appraisal.reviews["K-MN"].members == 18 and appraisal.reviews["K-MN"].chair
    assert appraisal.votes == {(first, "GK"): 12}
    api.appraise(TB, returns, saved, YE)
    again = read_appraisal_book(saved, TB, YE)
    assert again.votes == {(first, "GK"): 12} and again.reviews["K-MN"].secretary == "Trần Thị Lan"
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=saved)
    row = next(r for r in result.schools if r.school.code == first)
    assert row.proposal is not None and row.proposal.votes.get("GK") == 12


def _vote(path: Path, school: str, award: str, value: Any) -> None:
    wb = load_workbook(path)
    ws = wb["Bình xét"]
    header = [c.value for c in ws[3]]
    column = header.index(f"Phiếu đồng ý: {award}") + 1
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == school)
    ws.cell(row, column).value = value
    wb.save(path)


def _kept(book: Path) -> list[dict[str, Any]]:
    return read_appraisal_book(book, TB, YE).kept


def test_what_no_longer_matches_is_kept_and_goes_back_when_it_matches_again(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    school = MN[2].code
    _type(book, {(school, "CT01.1"): (85, "Biên bản kiểm tra số 12")})
    _defer(book, school, "Đang thanh tra hoặc kiểm tra", "Thanh tra huyện")
    _vote(book, school, "GK", "12 phiếu")  # not a count: a finding, and kept as typed
    wb = load_workbook(book)
    wb["Khối"]["D4"], wb["Khối"]["E4"] = 15, "Nguyễn Văn Hùng"
    wb.save(book)
    # the school's file breaks: its rows leave the targets and vote sheets
    path = next(returns.glob(f"{school}*"))
    good = path.read_bytes()
    path.write_bytes(good[:300])
    _, written = api.appraise(TB, returns, book, YE)
    kept = {(k["sheet"], k.get("target") or k.get("award")): k for k in _kept(book)}
    assert written.kept == 2 and set(kept) == {("Thẩm định", "CT01.1"), ("Bình xét", "GK")}
    assert kept[("Thẩm định", "CT01.1")]["verified"] == 85
    assert kept[("Bình xét", "GK")]["votes"] == "12 phiếu"
    assert all("chưa có bài nộp dùng được" in k["why"] for k in kept.values())
    appraisal = read_appraisal_book(book, TB, YE)  # the deferral stays on its row
    assert appraisal.schools[school].deferral is Deferral.INSPECTION
    assert appraisal.reviews["K-MN"].members == 15
    # the school sends again: everything goes back to its place, nothing left behind
    path.write_bytes(good)
    _, written = api.appraise(TB, returns, book, YE)
    assert written.restored == 2 and written.kept == 0 and written.carried == 0
    assert any("đưa về đúng chỗ" in line for line in written.lines())
    appraisal = read_appraisal_book(book, TB, YE)
    assert appraisal.entries[(school, "CT01.1")].raw == 85
    assert appraisal.entries[(school, "CT01.1")].reason == "Biên bản kiểm tra số 12"
    assert appraisal.typed_votes == {(school, "GK"): "12 phiếu"}
    assert [f.cell for f in appraisal.findings if f.code == "appraisal-invalid-value"]
    since = {(r[0], r[3]): r[11] for r in _cells(book)}
    assert since[(school, "CT01.1")].startswith("Đưa về từ sheet 'Không còn khớp'")
    assert _kept(book) == []


def test_the_vote_and_the_meetings_are_kept_while_the_ladder_is_changed(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    first = MN[0].code
    _vote(book, first, "GK", 14)
    wb = load_workbook(book)
    wb["Khối"]["D4"], wb["Khối"]["F4"] = 15, "Trần Thị Lan"
    wb.save(book)
    # the ladder is taken out of the compact for a while: the vote and the meeting are kept
    bare = TB.model_copy(update={"awards": ()})
    _, written = api.appraise(bare, returns, book, YE)
    assert "Bình xét" not in load_workbook(book).sheetnames and written.kept == 2
    kept = read_appraisal_book(book, bare, YE).kept
    assert {(k["sheet"], k["why"]) for k in kept} == {
        ("Khối", "Sổ giao ước không còn thang khen thưởng"),
        ("Bình xét", "Sổ giao ước không còn thang khen thưởng"),
    }
    # an award renamed: its votes are kept with why, the meeting goes back
    renamed = TB.model_copy(
        update={"awards": tuple(
            a.model_copy(update={"code": "GK2"}) if a.code == "GK" else a for a in TB.awards
        )}
    )  # fmt: skip
    _, written = api.appraise(renamed, returns, book, YE)
    assert written.restored == 1 and written.kept == 1
    (vote,) = read_appraisal_book(book, renamed, YE).kept
    assert (vote["school"], vote["award"], vote["votes"]) == (first, "GK", 14)
    assert vote["why"].startswith("Mức khen không còn")
    # the ladder as it was: the votes are back, the merge counts them
    _, written = api.appraise(TB, returns, book, YE)
    appraisal = read_appraisal_book(book, TB, YE)
    assert appraisal.votes == {(first, "GK"): 14} and appraisal.kept == []
    assert appraisal.reviews["K-MN"].members == 15
    assert appraisal.reviews["K-MN"].secretary == "Trần Thị Lan"


def test_each_deferral_can_be_picked_from_the_list(returns: Path, tmp_path: Path) -> None:
    # Excel and LibreOffice split a list validation's choices at each comma: no label has one
    assert [text for texts in LABELS.values() for text in texts.values() if "," in text] == []
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    ws = load_workbook(book)["Trường"]
    (shown,) = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert shown.strip('"').split(",") == labels(Deferral)  # what the drop-down offers
    for index, picked in enumerate(labels(Deferral)):
        _defer(book, MN[index].code, picked)
    # what the list of the previous version offered (its labels cut at the comma) still reads
    _defer(book, MN[4].code, "Đang thanh tra")
    schools = read_appraisal_book(book, TB, YE).schools
    assert [schools[s.code].deferral for s in MN[:5]] == [*Deferral, Deferral.INSPECTION]
    assert read_appraisal_book(book, TB, YE).findings == []


def _cells(book: Path) -> list[list[Any]]:
    wb, _ = _rows(book)
    return [[c.value for c in row] for row in wb["Thẩm định"].iter_rows(min_row=4)]


def test_a_book_of_another_compact_or_period_is_refused_and_left_untouched(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    before = hashlib.sha256(book.read_bytes()).hexdigest()
    with pytest.raises(WrongAppraisalBook, match="kỳ 'Kết quả cuối năm'"):
        api.appraise(TB, returns, book, Period.TERM1)
    other = TB.model_copy(update={"id": "cam-khe-2020-2021"})
    with pytest.raises(WrongAppraisalBook, match="giao ước 'thanh-ba-2020-2021'"):
        api.appraise(other, returns, book, YE)
    with pytest.raises(WrongAppraisalBook, match="chưa có kết quả"):
        api.appraise(TB, returns, tmp_path / "dk.xlsx", Period.REGISTRATION)
    summary = tmp_path / "th.xlsx"
    api.merge_folder(TB, returns, summary, YE)
    summary_hash = hashlib.sha256(summary.read_bytes()).hexdigest()
    with pytest.raises(WrongAppraisalBook, match="không phải sổ thẩm định"):
        api.appraise(TB, returns, summary, YE)
    assert hashlib.sha256(summary.read_bytes()).hexdigest() == summary_hash
    assert hashlib.sha256(book.read_bytes()).hexdigest() == before
    done = run_cli(
        "merge", _book(tmp_path), returns, "--dry-run", "--period", "cuoi-nam",
        "--appraisal", summary,
    )  # fmt: skip
    assert done.code == 2 and "không phải sổ thẩm định" in done.err


def _book(tmp_path: Path) -> Path:
    path = tmp_path / "so.xlsx"
    if not path.exists():
        api.write_compact_book(TB, path)
    return path


def test_every_appraisal_rule_is_a_finding_never_a_silent_drop(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    reported = _reported(book, MN[0].code, "CT01.1")
    _type(
        book,
        {
            (MN[0].code, "CT01.1"): (reported - 1, ""),  # changed, no reason
            (MN[1].code, "CT01.1"): ("nhiều", "?"),  # not a number
            (MN[2].code, "CT01.1"): (reported, ""),  # the same: nothing to say
        },
    )
    wb, _ = _rows(book)
    ws = wb["Thẩm định"]
    ws.append(["99999", "Trường lạ", "K-MN", "CT01.1", None, None, None, None, None, 50, "x"])
    ws.append([MN[0].code, MN[0].name, "K-MN", "CT99.9", None, None, None, None, None, 50, "x"])
    ws.append([MN[5].code, MN[5].name, "K-MN", "CT01.1", None, None, None, None, None, 50, "x"])
    schools = wb["Trường"]
    for row in schools.iter_rows(min_row=4):
        if row[0].value == MN[3].code:
            row[5].value = "Đi nghỉ mát"  # not one of the reasons
    wb.save(book)
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    codes = sorted((f.code, f.school, f.sheet) for f in _appraisal_only(result.appraisal_findings))
    assert codes == sorted(
        [
            ("appraisal-reason-missing", MN[0].code, "Thẩm định"),
            ("appraisal-invalid-value", MN[1].code, "Thẩm định"),
            ("appraisal-unknown-school", "99999", "Thẩm định"),
            ("appraisal-unknown-target", MN[0].code, "Thẩm định"),
            ("appraisal-without-submission", MN[5].code, "Thẩm định"),
            ("appraisal-invalid-value", MN[3].code, "Trường"),
        ]
    )
    assert all(
        f.cell and f.file == "tham_dinh.xlsx" for f in _appraisal_only(result.appraisal_findings)
    )
    assert result.has_errors  # the merge exits 1
    same = next(r for r in result.schools if r.school.code == MN[2].code)
    assert same.changes == ()
    # a change without its reason is not applied: the school's own value is scored, the
    # documents are a draft until the reason is given
    unexplained = next(r for r in result.schools if r.school.code == MN[0].code)
    assert unexplained.changes == () and unexplained.summary == unexplained.self_summary
    (missing,) = [f for f in result.appraisal_findings if f.code == "appraisal-reason-missing"]
    assert "chưa dùng kết quả thẩm định" in missing.message
    assert result.draft and result.open_errors == sum(
        f.severity == "error" for f in result.findings
    )


def test_a_verified_value_out_of_range_or_more_votes_than_members_is_never_used(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    _type(
        book,
        {
            (MN[0].code, "CT04.1"): (150, "Đối chiếu sổ"),  # a percent above 100
            (MN[1].code, "CT01.2"): (1.5, "Đối chiếu sổ"),  # a count of people not whole
        },
    )
    wb = load_workbook(book)
    wb["Khối"]["D4"] = 19  # K-MN: 19 members present
    wb["Khối"]["D7"] = 19  # the council, which votes on GK: 19 members present
    wb.save(book)
    _vote(book, MN[2].code, "GK", 25)
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    found = {
        (f.school, f.sheet): f for f in result.appraisal_findings if f.code.startswith("appraisal-")
    }
    assert set(found) == {
        (MN[0].code, "Thẩm định"),
        (MN[1].code, "Thẩm định"),
        (MN[2].code, "Bình xét"),
    }
    assert all(f.code == "appraisal-invalid-value" and f.cell for f in found.values())
    assert "'150' của" in found[(MN[0].code, "Thẩm định")].message
    assert "ngoài khoảng hợp lệ" in found[(MN[1].code, "Thẩm định")].message
    assert "25 phiếu đồng ý GK nhiều hơn 19 thành viên" in found[(MN[2].code, "Bình xét")].message
    assert result.has_errors
    rows = {r.school.code: r for r in result.schools}
    assert rows[MN[0].code].changes == () and rows[MN[1].code].changes == ()  # not scored
    proposal = rows[MN[2].code].proposal
    assert proposal is not None and "GK" not in proposal.awards and "GK" not in proposal.votes


def _score_with(outcome: VetoOutcome, verified_incidents: float) -> Any:
    targets = tuple(
        t.model_copy(update={"veto_outcome": outcome}) if t.code == "CT02.1" else t
        for t in TB.targets
    )
    compact = TB.model_copy(update={"targets": targets})
    school = MN[0]
    answers = clean_answers(compact, school, YE, seed=0)
    results = {
        c: v["result:cuoi-nam"] for c, v in answers.targets.items() if "result:cuoi-nam" in v
    }
    registrations = {c: v.get("registration") for c, v in answers.targets.items()}
    appraisal = Appraisal("tham_dinh.xlsx", "", compact.id, YE)
    appraisal.entries[(school.code, "CT02.1")] = Verification(
        school.code, "CT02.1", verified_incidents, verified_incidents, "Biên bản ngày 12/3"
    )
    appraised, findings = appraise(compact, school, YE, registrations, results, {}, appraisal)
    assert findings == []
    return compact, appraised


@pytest.mark.parametrize("outcome", list(VetoOutcome))
def test_a_missed_veto_target_does_what_the_compact_says(outcome: VetoOutcome) -> None:
    compact, appraised = _score_with(outcome, 1)
    own, score = appraised.self_score, appraised.score
    names = [t.name for t in compact.tiers]
    assert own.veto_missed == () and score.veto_missed == ("CT02.1",)
    natural = next(t.name for t in compact.tiers if score.total + 1e-9 >= t.min_points)
    if outcome is VetoOutcome.CAP:
        assert names.index(score.tier) >= names.index(compact.veto_cap_tier)
        assert not score.excluded
    elif outcome is VetoOutcome.DROP:
        assert names.index(score.tier) == min(names.index(natural) + 1, len(names) - 1)
        assert not score.excluded
    else:
        assert score.tier == natural and score.excluded


def test_the_demo_shows_the_appraisal_from_book_to_slips(tmp_path: Path) -> None:
    demo = api_demo(tmp_path)
    assert demo.appraisal is not None and len(demo.typed) >= 5
    result = demo.merge
    changed = [r for r in result.schools if r.changes]
    assert len(changed) == 3 and all(c.reason for r in changed for c in r.changes)
    deferred = [r for r in result.schools if r.deferred]
    assert len(deferred) == 1 and deferred[0].rank is not None
    vetoed = next(r for r in changed if any(c.target == "CT02.1" for c in r.changes))
    assert vetoed.summary is not None and vetoed.summary.veto_missed == ("CT02.1",)
    excluded = next(r for r in changed if any(c.target == "CT05.3" for c in r.changes))
    assert excluded.summary is not None and excluded.summary.excluded
    assert len(demo.slips) == len(result.compact.schools)
    assert {p.name for p in demo.slips} == {
        school_file_name(s.code, s.name) for s in result.compact.schools
    }
    wb = load_workbook(demo.summary)
    changes = [r for r in wb["Thẩm định"].iter_rows(values_only=True) if r[0] in (1, 2, 3)]
    assert len(changes) == 3 and all(r[7] for r in changes)  # with their reasons
    table = [[c for c in r if c is not None] for r in wb["KQ K-THCS"].iter_rows(values_only=True)]
    header = [" ".join(str(h).split()) for h in next(r for r in table if r and r[0] == "STT")]
    assert header[2:4] == ["Tự chấm", "Thẩm định"] and "Đề nghị" in header  # however broken
    note = next(r for r in table if vetoed.school.name in r)[-1]
    assert "CT02.1: hạ một bậc xếp loại" in note
    log = {r[0]: r[1] for r in wb["Nhật ký"].iter_rows(values_only=True) if r[0]}
    assert log["Sổ thẩm định"] == "so_tham_dinh.xlsx"
    assert (
        log["SHA-256 của sổ thẩm định"] == hashlib.sha256(demo.appraisal.read_bytes()).hexdigest()
    )


def api_demo(folder: Path) -> Any:
    from giaouoc_xl.demo import run_demo

    return run_demo(folder)


def test_cli_appraise_then_merge_with_the_book_and_slips(returns: Path, tmp_path: Path) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    done = run_cli("appraise", _book(tmp_path), returns, "--out", book, "--period", "cuoi-nam")
    assert done.code == 0 and "Sổ thẩm định:" in done.out and book.exists()
    again = run_cli(
        "appraise", _book(tmp_path), returns, "--out", book, "--period", "cuoi-nam", "--json"
    ).json()
    assert again["rows"] > 0 and again["changed"] == 0
    reported = _reported(book, MN[0].code, "CT01.1")
    _type(book, {(MN[0].code, "CT01.1"): (reported - 2, "Lý do")})
    slips = tmp_path / "phieu"
    merged = run_cli(
        "merge", _book(tmp_path), returns, "--out", tmp_path / "th.xlsx", "--appraisal", book,
        "--slips", slips, "--period", "cuoi-nam", "--json",
    ).json()  # fmt: skip
    school = next(s for s in merged["schools"] if s["code"] == MN[0].code)
    assert school["self_total"] - school["total"] == pytest.approx(5)
    assert school["changes"][0]["reason"] == "Lý do" and merged["appraisal"] == str(book)
    assert len(merged["slips"]) == len(TB.schools) and all(
        Path(p).exists() for p in merged["slips"]
    )
    wrong = run_cli("appraise", _book(tmp_path), returns, "--out", book, "--period", "dang-ky")
    assert wrong.code == 2 and "chưa có kết quả" in wrong.err and "--period cuoi-nam" in wrong.err


def test_merge_writes_nothing_when_a_slip_cannot_be_written(returns: Path, tmp_path: Path) -> None:
    slips, out = tmp_path / "phieu", tmp_path / "th.xlsx"
    slips.mkdir()
    (slips / f"~${school_file_name(TB.schools[0].code, TB.schools[0].name)}").write_bytes(b"")
    done = run_cli("merge", _book(tmp_path), returns, "--out", out, "--slips", slips,
                   "--period", "cuoi-nam")  # fmt: skip
    assert done.code == 2 and "đang được mở" in done.err and "chưa ghi gì" in done.err
    assert not out.exists() and [p.name[:2] for p in slips.iterdir()] == ["~$"]


def test_the_office_reads_its_own_books_findings_on_screen(returns: Path, tmp_path: Path) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    _vote(book, MN[0].code, "GK", 12)
    wb = load_workbook(book)
    vote = wb["Bình xét"]
    vote.append(["K-MN", "0100", "Trường gõ nhầm mã", None, None, None, 11])  # a mistyped code
    wb.save(book)
    (tmp_path / f"~${book.name}").write_bytes(b"")  # and the book still open in Excel
    done = run_cli("merge", _book(tmp_path), returns, "--dry-run", "--appraisal", book,
                   "--period", "cuoi-nam")  # fmt: skip
    said = " ".join(done.out.split())  # as read, whatever the terminal's width
    assert "• Sổ thẩm định 'tham_dinh.xlsx' đang mở" in said
    assert "• Sổ thẩm định, sheet Bình xét, ô " in said
    assert "mã trường '0100' không có trong danh sách" in said
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    (unknown,) = [f for f in result.appraisal_findings if f.code == "appraisal-unknown-school"]
    assert (unknown.sheet, unknown.school, unknown.value) == ("Bình xét", "0100", 11)
    assert unknown.cell.endswith(str(load_workbook(book)["Bình xét"].max_row))
    row = next(r for r in result.schools if r.school.code == MN[0].code)
    assert row.proposal is not None and row.proposal.votes == {"GK": 12}  # on record


def test_slips_are_all_written_or_none_is_and_it_is_said(returns: Path, tmp_path: Path) -> None:
    out = tmp_path / "phieu"
    written = [Path(p) for p in api.merge(TB, returns, slips=out, period=YE).slips]
    headers = {c.value for row in load_workbook(written[0]).active.iter_rows() for c in row}
    assert "Kết quả\nbáo cáo" in headers  # a header on two lines breaks evenly, never "báo / cáo"
    before = {p: p.read_bytes() for p in written}
    (out / f"~${written[30].name}").write_bytes(b"")  # the 31st slip open in Excel
    with pytest.raises(OutputNotWritable, match=r"đang được mở.*chưa ghi gì"):
        api.merge(TB, returns, slips=out, period=YE)
    assert {p: p.read_bytes() for p in written} == before  # none rewritten


def test_an_appraisal_book_open_in_excel_is_said(returns: Path, tmp_path: Path) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    (tmp_path / f"~${book.name}").write_bytes(b"")
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    (said,) = [f for f in result.appraisal_findings if f.code == "appraisal-book-open"]
    assert "đang mở" in said.message and "Ctrl+S" in said.message and not result.has_errors


@pytest.mark.slow
def test_slips_print_on_one_page_each(returns: Path, tmp_path: Path) -> None:
    from .printing import collapse, pages_text

    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    reported = _reported(book, MN[0].code, "CT01.1")
    _type(book, {(MN[0].code, "CT01.1"): (reported - 5, "Hồ sơ minh chứng chưa đủ")})
    report = api.merge(TB, returns, slips=tmp_path / "phieu", appraisal=book, period=YE)
    result, slips = report.result, [Path(p) for p in report.slips]
    chosen = [slips[0], slips[5]]  # a school appraised, one that has not sent
    pdfs = convert(chosen, tmp_path / "pdf", "pdf")
    for pdf, row in zip(pdfs, (result.schools[0], result.schools[5]), strict=True):
        (page,) = pages_text(pdf, layout=False)
        text = collapse(page)
        assert "PHIẾU KẾT QUẢ THI ĐUA NĂM HỌC 2020-2021" in text and row.school.name in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Hà Trường Sơn" in text
    first = collapse(pages_text(pdfs[0], layout=False)[0])
    assert "Hồ sơ minh chứng chưa đủ" in first and "sau thẩm định" in first
    assert "chưa nộp" in collapse(pages_text(pdfs[1], layout=False)[0])


def test_the_registration_period_is_not_appraised(returns: Path, tmp_path: Path) -> None:
    compact: Compact = TB
    result, _ = api.merge_folder(compact, returns, None, Period.REGISTRATION)
    assert all(r.changes == () for r in result.schools)
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    with pytest.raises(WrongAppraisalBook, match="chưa có kết quả"):
        api.merge_folder(compact, returns, None, Period.REGISTRATION, appraisal=book)


def test_scores_with_and_without_a_book_agree_when_nothing_was_typed(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    plain, _ = api.merge_folder(TB, returns, None, YE)
    with_book, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    assert [(r.school.code, r.total, r.rank) for r in plain.schools] == [
        (r.school.code, r.total, r.rank) for r in with_book.schools
    ]
    assert _appraisal_only(with_book.appraisal_findings) == []
    assert all(r.changes == () and r.self_summary == r.summary for r in with_book.schools)
    assert with_book.school_count(SchoolStatus.MISSING) == plain.school_count(SchoolStatus.MISSING)
