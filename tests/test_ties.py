"""Ties decided on record, who votes, who may be proposed (issue 22, points 3, 6, 8): each
tie-break criterion of the ladder, the voters' decision typed in the appraisal book (a school
chosen, a place left empty), an undecided tie after the vote an error and the documents a
draft, the council's votes and the bloc's, signing and registering; the meetings in the
appraisal book (date, time, place, ballots, members, decisions) written, typed with openpyxl
and saved by LibreOffice, read back and written again without losing anything; the minutes
of each body rendered by LibreOffice and looked at; the demo, whose every place is filled or
left empty by a recorded decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.awards import BlocReview, Proposal, Standing, kind, propose
from giaouoc_xl.core.codes import RULE_CODES, SchoolStatus, Severity
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.meetings import COUNCIL
from giaouoc_xl.core.model import Award, Bloc, Compact, Period, School, VotingBody
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.core.ties import EMPTY_PLACE, TieDecision, tie_criteria
from giaouoc_xl.workbooks.appraisal.reader import read_appraisal_book
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .libreoffice import convert
from .printing import overflowing_cells, page_words, pages_text

TB = sample("thanh-ba-2020-2021")
XS = "Hoàn thành xuất sắc nhiệm vụ"
STAFF = {"staff_total": 40, "staff_completed": 40, "staff_ldtt": 30, "staff_cstdcs": 4,
         "staff_disciplined": 0}  # fmt: skip
GK = Award(order=1, code="GK", name="Giấy khen", group="Hình thức", min_total=85, quota_count=2,
           votes="> 50%")  # fmt: skip


def _bloc(
    totals: dict[str, float], award: Award = GK, **fields: dict[str, Any]
) -> tuple[Compact, list[Standing]]:
    """A compact of one bloc K whose schools have these totals (all of tier XS) and ``award``
    alone; ``fields`` sets a Standing's fields by school code."""
    roster = tuple(School(code=c, name=f"Trường {c}", levels=("TH",), bloc="K") for c in totals)
    compact = TB.model_copy(
        update={"blocs": (Bloc(code="K", name="Khối thử"),), "schools": roster, "awards": (award,)}
    )
    ordered = sorted(totals.values(), reverse=True)
    standings = [
        Standing(code, f"Trường {code}", SchoolStatus.VALID, ordered.index(total) + 1, total, XS,
                 "", "", STAFF, **fields.get(code, {}))
        for code, total in totals.items()
    ]  # fmt: skip
    return compact, standings


def _votes(standings: list[Standing], count: int = 10, **less: int) -> dict[tuple[str, str], int]:
    return {(s.code, a): count - less.get(s.code, 0) for s in standings for a in ("GK", "CO")}


def _propose(
    compact: Compact, standings: list[Standing], reviews: dict[str, BlocReview] | None = None,
    votes: dict[tuple[str, str], int] | None = None,
) -> tuple[dict[str, Proposal], list[Any]]:  # fmt: skip
    reviews = {"K": BlocReview("K", 10)} if reviews is None else reviews
    return propose(compact, standings, reviews, _votes(standings) if votes is None else votes,
                   "so_tham_dinh.xlsx")  # fmt: skip


# --------------------------------------------------------------------------- the criteria


def test_the_points_per_content_are_asked_only_by_a_criterion_naming_one() -> None:
    from giaouoc_xl.core.awards import content_points, uses_contents
    from giaouoc_xl.core.scoring import TargetScore

    assert uses_contents(TB)  # the sample's ladder: "phiếu; nội dung 4; điểm trừ"
    assert not uses_contents(TB.model_copy(update={"awards": (GK,)}))
    code = next(t.code for t in TB.targets if t.content == 4 or t.group in ("N04", "N06"))
    assert content_points(TB, [TargetScore(code, None, None, None, True, 2.5)]) == {4: 2.5}


def test_the_criteria_are_read_in_order_and_each_unknown_part_is_said() -> None:
    criteria, unknown = tie_criteria("Phiếu; nội dung 4 ;ĐIỂM TRỪ;  diem cong; tuổi trường")
    assert [(c.kind, c.content) for c in criteria] == [
        ("votes", None), ("content", 4), ("deduction", None), ("bonus", None)
    ]  # fmt: skip
    assert unknown == ["tuổi trường"]
    assert criteria[1].words == "tổng điểm thẩm định nội dung 4 cao hơn"


def test_a_wrong_criterion_is_a_finding_of_its_cell() -> None:
    awards = (GK.model_copy(update={"tie_breaks": "phiếu; nội dung 9; thâm niên"}),)
    found = [f for f in rule_findings(TB.model_copy(update={"awards": awards}))
             if f.code == "invalid-tie-break"]  # fmt: skip
    assert "invalid-tie-break" in RULE_CODES
    assert [f.loc for f in found] == [("awards", 0, "tie_breaks")] * 2
    assert "'thâm niên' không hiểu được" in found[0].message
    assert "nội dung 9" in found[1].message and "1, 2, 3, 4, 5" in found[1].message
    assert not [f for f in rule_findings(TB) if f.code == "invalid-tie-break"]  # the samples


def test_the_compact_book_says_which_cell_holds_a_wrong_criterion(tmp_path: Path) -> None:
    from giaouoc_xl.workbooks.compact.reader import read_compact_book
    from giaouoc_xl.workbooks.compact.writer import write_compact_book

    awards = list(TB.awards)
    awards[2] = awards[2].model_copy(update={"tie_breaks": "phiếu; nội dung 9"})
    book = write_compact_book(TB.model_copy(update={"awards": tuple(awards)}), tmp_path / "b.xlsx")
    found = [f for f in read_compact_book(book).findings if f.code == "invalid-tie-break"]
    assert [(f.sheet, f.cell) for f in found] == [("Khen thưởng", "M4")]


@pytest.mark.parametrize(
    ("criteria", "fields", "votes", "behind", "shown"),
    [
        ("phiếu", {}, {"C": 1}, "C", "9 phiếu; trường xếp trên: 10 phiếu"),
        ("nội dung 4", {"A": {"contents": {4: 40.0}}, "B": {"contents": {4: 40.0}},
                        "C": {"contents": {4: 38.5}}}, {}, "C", "nội dung 4: 38,5 điểm"),
        ("điểm trừ", {"A": {"deduction": 2.0}}, {}, "A", "điểm trừ 2; trường xếp trên: điểm trừ 0"),
        ("điểm cộng", {"B": {"bonus": 1.0}, "C": {"bonus": 1.0}}, {}, "A", "điểm cộng 0"),
    ],
)  # fmt: skip
def test_each_criterion_breaks_a_tie(
    criteria: str, fields: dict[str, Any], votes: dict[str, int], behind: str, shown: str
) -> None:
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95}, GK.model_copy(
        update={"tie_breaks": criteria}), **fields)  # fmt: skip
    proposals, findings = _propose(compact, standings, votes=_votes(standings, **votes))
    assert findings == []
    chosen = sorted(c for c, p in proposals.items() if p.awards == ["GK"])
    assert chosen == sorted(set("ABC") - {behind})
    why = proposals[behind].reasons["GK"]
    assert kind(why) == "bằng điểm, xếp sau theo tiêu chí" and shown in why, why
    tie = proposals["A"].ties["GK"]
    assert tie is proposals["C"].ties["GK"] and not tie.open and len(tie.steps) == 1
    assert tie.steps[0].behind == (behind,)


def test_the_criteria_apply_in_order_until_the_tie_is_broken() -> None:
    award = GK.model_copy(update={"tie_breaks": "phiếu; điểm trừ", "quota_count": 1})
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95}, award, B={"deduction": 1.0})
    proposals, findings = _propose(compact, standings, votes=_votes(standings, C=2))
    assert findings == [] and proposals["A"].awards == ["GK"]
    steps = proposals["A"].ties["GK"].steps
    assert [(s.criterion.kind, s.behind) for s in steps] == [
        ("votes", ("C",)),
        ("deduction", ("B",)),
    ]


# --------------------------------------------------------------------------- the voters' decision


def _decided(*decisions: TieDecision, members: int | None = 10) -> dict[str, BlocReview]:
    return {"K": BlocReview("K", members, decisions=decisions)}


def test_a_school_left_out_of_a_large_tie_is_not_told_every_other_schools_reason() -> None:
    """A reason typed per school chosen (hundreds, in a bloc where everyone ties): a school the
    voters did not choose is told how many reasons there are and where they are written, not
    each of them (its reason is printed on its slip and in every list)."""
    codes = [f"S{i:02d}" for i in range(12)]
    compact, standings = _bloc(dict.fromkeys(codes, 95), GK.model_copy(update={"quota_count": 5}))
    decisions = [
        TieDecision("K", "GK", (code,), votes=7, reason=f"{code} được 7/10 phiếu", cell=f"D{4 + i}")
        for i, code in enumerate(codes[:5])
    ]
    proposals, findings = _propose(compact, standings, _decided(*decisions))
    assert findings == [] and [c for c in codes if proposals[c].awards] == codes[:5]
    why = proposals["S11"].reasons["GK"]
    assert why == "bằng điểm, khối quyết định chọn trường khác: 5 lý do, ghi ở biên bản họp khối"
    assert kind(why) == "bằng điểm, khối chọn trường khác"
    # a few reasons are told in full, as typed
    few = [replace(d, reason="Bỏ phiếu lần hai") for d in decisions[:4]] + [decisions[4]]
    proposals, _ = _propose(compact, standings, _decided(*few))
    assert proposals["S11"].reasons["GK"].endswith("Bỏ phiếu lần hai; S04 được 7/10 phiếu")


def test_a_recorded_decision_chooses_and_the_others_say_why() -> None:
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95})
    decision = TieDecision("K", "GK", ("C", "A"), votes=7, reason="Bỏ phiếu lần hai", cell="D4")
    proposals, findings = _propose(compact, standings, _decided(decision))
    assert findings == []
    assert proposals["A"].awards == ["GK"] and proposals["C"].awards == ["GK"]
    why = proposals["B"].reasons["GK"]
    assert kind(why) == "bằng điểm, khối chọn trường khác" and "Bỏ phiếu lần hai" in why
    tie = proposals["B"].ties["GK"]
    assert tie.decided == ("C", "A") and tie.decisions == [decision] and not tie.open


def test_a_place_left_empty_only_by_the_voters_decision() -> None:
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95})
    empty = TieDecision("K", "GK", empty=True, reason="Vẫn ngang phiếu sau lần hai")
    proposals, findings = _propose(compact, standings, _decided(empty))
    assert findings == [] and not any(p.awards for p in proposals.values())
    assert all(kind(p.reasons["GK"]) == "bằng điểm, khối để trống suất" for p in proposals.values())
    one = TieDecision("K", "GK", ("B",), reason="Lần hai: 6/10")  # one chosen, the other empty
    proposals, findings = _propose(compact, standings, _decided(one, empty))
    assert findings == [] and [c for c, p in proposals.items() if p.awards] == ["B"]
    assert proposals["A"].ties["GK"].empty == 1


@pytest.mark.parametrize(
    ("decision", "said"),
    [
        (TieDecision("K", "GK", ("A", "B")), "chưa ghi lý do"),
        (TieDecision("K", "GK", ("A", "Z"), reason="Lần hai"), "trường Z không nằm trong"),
        (TieDecision("K", "GK", ("A", "B", "C"), reason="Lần hai"), "chọn 3 trường nhưng chỉ còn 2"),
    ],
)  # fmt: skip
def test_a_decision_that_cannot_be_applied_leaves_the_tie_open(
    decision: TieDecision, said: str
) -> None:
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95})
    proposals, findings = _propose(compact, standings, _decided(replace(decision, cell="D5")))
    wrong = [f for f in findings if f.code == "tie-decision-invalid"]
    assert wrong and said in wrong[0].message and wrong[0].cell == "D5"
    assert wrong[0].severity is Severity.ERROR and wrong[0].sheet == "Quyết định bằng điểm"
    assert [f.code for f in findings if f.severity is Severity.ERROR][-1] == "award-tie"
    assert not any(p.awards for p in proposals.values())


def test_a_decision_for_a_tie_there_is_not_is_said_never_applied() -> None:
    compact, standings = _bloc({"A": 99, "B": 95, "C": 90})
    stale = TieDecision("K", "GK", ("C",), reason="Lần hai", row=5, cell="D5")
    proposals, findings = _propose(compact, standings, _decided(stale))
    assert [(f.code, f.severity, f.cell) for f in findings] == [
        ("tie-decision-invalid", Severity.WARNING, "D5")
    ]
    assert proposals["C"].awards == []


def test_an_undecided_tie_is_an_error_after_the_vote_a_warning_before() -> None:
    compact, standings = _bloc({"A": 95, "B": 95, "C": 95})
    _, findings = _propose(compact, standings)
    (tie,) = findings
    assert (tie.code, tie.severity) == ("award-tie", Severity.ERROR)
    assert "Quyết định bằng điểm" in tie.message and EMPTY_PLACE in tie.message
    proposals, findings = _propose(compact, standings, {}, {})  # before the vote: provisional
    assert [(f.code, f.severity) for f in findings] == [("award-tie", Severity.WARNING)]
    assert not any(p.candidates for p in proposals.values())


# --------------------------------------------------------------------------- who votes


def test_council_awards_take_the_councils_votes_once_the_bloc_has_met() -> None:
    flag = Award(order=1, code="CO", name="Cờ thi đua", group="Cờ", quota_count=1, votes="> 50%")
    council = GK.model_copy(update={"order": 2, "body": VotingBody.COUNCIL, "quota_count": 3})
    compact, standings = _bloc({"A": 99, "B": 95, "C": 90}, flag)
    compact = compact.model_copy(update={"awards": (flag, council)})
    votes = _votes(standings, count=19)
    for code in "ABC":
        votes[(code, "GK")] = 4  # the council's 7 members: 4 is more than half
    reviews = {"K": BlocReview("K", 19), COUNCIL: BlocReview(COUNCIL, 7)}
    proposals, findings = _propose(compact, standings, reviews, votes)
    assert findings == [] and proposals["A"].awards == ["CO", "GK"]
    assert proposals["B"].awards == ["GK"] and proposals["B"].voters == {"CO": 19, "GK": 7}
    reviews[COUNCIL] = BlocReview(COUNCIL, 9)  # 4 of 9 is not more than half
    proposals, _ = _propose(compact, standings, reviews, votes)
    assert proposals["B"].reasons["GK"] == "chưa đủ phiếu (4/9 = 44,44 %; cần > 50 %)"
    # the bloc has not met: the council has not taken up its schools yet
    proposals, _ = _propose(compact, standings, {COUNCIL: BlocReview(COUNCIL, 7)}, votes)
    assert proposals["B"].candidates == ["GK"] and proposals["B"].awards == []


# --------------------------------------------------------------------------- eligibility


@pytest.mark.parametrize(
    ("field", "setting", "why"),
    [
        ("signed", "awards_need_signature", "chưa ký giao ước"),
        ("registered", "awards_need_registration", "chưa đăng ký chỉ tiêu"),
    ],
)
def test_a_school_that_did_not_sign_or_register_is_ranked_not_proposed(
    field: str, setting: str, why: str
) -> None:
    compact, standings = _bloc({"A": 99, "B": 95, "C": 90}, A={field: False}, B={field: True})
    proposals, _ = _propose(compact, standings)
    assert kind(proposals["A"].reasons["GK"]) == why and proposals["A"].awards == []
    assert proposals["B"].awards == ["GK"] and proposals["C"].awards == ["GK"]  # the next one
    assert standings[0].rank == 1  # still ranked: the ranking is not the proposals'
    proposals, _ = _propose(compact.model_copy(update={setting: False}), standings)
    assert proposals["A"].awards == ["GK"]


# --------------------------------------------------------------------------- the appraisal book

YE = Period.YEAR_END
WHEN = datetime(2021, 5, 25, tzinfo=UTC)
MN = TB.schools[:6]


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    for index, school in enumerate(MN[:5]):
        answers = clean_answers(TB, school, YE, seed=index)
        render_school_workbook(TB, school, folder / school_file_name(school.code, school.name),
                               WHEN, answers)  # fmt: skip
    return folder


def _sheet(wb: Any, name: str) -> tuple[Any, dict[str, int]]:
    ws = wb[name]
    return ws, {c.value: c.column for c in ws[3] if c.value}


def _type_meeting(book: Path, values: dict[str, Any], row: int = 4) -> None:
    wb = load_workbook(book)
    ws, col = _sheet(wb, "Khối")
    for header, value in values.items():
        ws.cell(row, col[header]).value = value
    wb.save(book)


def _append(book: Path, sheet: str, *rows: list[Any]) -> list[int]:
    """Rows typed below the sheet's table, as staff add them; their row numbers."""
    wb = load_workbook(book)
    numbers = []
    for row in rows:
        wb[sheet].append(row)
        numbers.append(wb[sheet].max_row)
    wb.save(book)
    return numbers


MEETING = {
    "Thành viên dự họp": 3, "Chủ trì (họ và tên)": "Nguyễn Văn Hùng",
    "Thư ký (họ và tên)": "Trần Thị Lan", "Ngày họp": date(2021, 6, 8),
    "Giờ bắt đầu": time(14, 30), "Địa điểm họp": "Hội trường Trường Mầm non Thanh Vân",
    "Số phiếu phát ra": 3, "Số phiếu thu về": 3, "Số phiếu hợp lệ": 3,
}  # fmt: skip
MEMBERS: list[list[Any]] = [
    ["K-MN", "Nguyễn Văn Hùng", "Hiệu trưởng Trường Mầm non Thanh Vân", "Chủ trì", "Có", None],
    ["K-MN", "Trần Thị Lan", "Hiệu trưởng Trường Mầm non Đồng Xuân", "Thư ký", "Có", None],
    ["K-MN", "Lê Thị Mai", "Hiệu trưởng Trường Mầm non Hanh Cù", "Thành viên", "Có", None],
    ["K-MN", "Phạm Văn Nam", "Hiệu trưởng Trường Mầm non Yển Khê", "Thành viên", "Không",
     "Ốm, có đơn"],
]  # fmt: skip


def _meeting(book: Path) -> BlocReview:
    return read_appraisal_book(book, TB, YE).reviews["K-MN"]


@pytest.mark.slow
def test_the_meetings_are_kept_through_openpyxl_libreoffice_and_a_new_write(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    wb = load_workbook(book)
    assert {"Khối", "Thành viên họp", "Quyết định bằng điểm"} <= set(wb.sheetnames)
    council = [r for r in wb["Khối"].iter_rows(min_row=4, values_only=True) if r[0] == COUNCIL]
    assert council and council[0][1] == "Hội đồng Thi đua – Khen thưởng"  # the ladder's GK, BK…
    _type_meeting(book, MEETING)
    _append(book, "Thành viên họp", *MEMBERS)
    decision = ["K-MN", "CO", None, MN[0].code, 2, "Bỏ phiếu lần hai: 2/3 phiếu"]
    _append(book, "Quyết định bằng điểm", decision)
    (saved,) = convert(book, tmp_path / "lo", "xlsx")  # saved by LibreOffice as an office would
    for path in (book, saved):
        review = _meeting(path)
        assert (review.day, review.start, review.place) == (
            date(2021, 6, 8), time(14, 30), "Hội trường Trường Mầm non Thanh Vân"
        )  # fmt: skip
        assert (review.members, review.issued, review.returned, review.valid) == (3, 3, 3, 3)
        assert [m.name for m in review.present()] == [m[1] for m in MEMBERS[:3]]
        assert [(m.name, m.note) for m in review.absent()] == [("Phạm Văn Nam", "Ốm, có đơn")]
        assert [(d.schools, d.votes, d.reason) for d in review.decisions] == [
            ((MN[0].code,), 2, "Bỏ phiếu lần hai: 2/3 phiếu")
        ]
    first = read_appraisal_book(saved, TB, YE)
    api.appraise(TB, returns, saved, YE)  # written again: nothing typed is lost
    again = read_appraisal_book(saved, TB, YE)
    assert _kept(again.reviews["K-MN"]) == _kept(first.reviews["K-MN"])
    assert [(m.described, m.role, m.present, m.note) for m in again.people] == [
        (m.described, m.role, m.present, m.note) for m in first.people
    ]
    assert [d.raw for d in again.decisions] == [d.raw for d in first.decisions]
    assert again.findings == [] and again.kept == []


def _kept(review: BlocReview) -> tuple[Any, ...]:
    """What staff typed of a meeting, as read."""
    return (review.members, review.chair, review.secretary, review.day, review.start,
            review.place, review.issued, review.returned, review.valid, dict(review.raw),
            [(d.schools, d.votes, d.reason) for d in review.decisions])  # fmt: skip


def test_what_cannot_be_read_is_a_finding_by_its_cell(returns: Path, tmp_path: Path) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    _type_meeting(book, {**MEETING, "Ngày họp": "hôm qua", "Giờ bắt đầu": "chiều",
                         "Số phiếu phát ra": "ba", "Số phiếu thu về": 4, "Số phiếu hợp lệ": 5})  # fmt: skip
    _append(book, "Thành viên họp", [*MEMBERS[0][:4], "chắc có", None], ["K-XX", "Ai đó"])
    (second,) = _append(book, "Quyết định bằng điểm",
                        ["K-MN", "CO", None, MN[0].code, "hai", "Lần hai"])  # fmt: skip
    appraisal = read_appraisal_book(book, TB, YE)
    found = {(f.code, f.sheet, f.cell) for f in appraisal.findings}
    assert {
        ("appraisal-invalid-value", "Khối", "G4"),  # the date
        ("appraisal-invalid-value", "Khối", "H4"),  # the time
        ("appraisal-invalid-value", "Khối", "J4"),  # ballots issued
        ("meeting-inconsistent", "Khối", "L4"),  # more valid than returned
        ("appraisal-invalid-value", "Thành viên họp", "E4"),  # present: neither Có nor Không
        ("meeting-inconsistent", "Thành viên họp", "A5"),  # a body that does not exist
        ("appraisal-invalid-value", "Quyết định bằng điểm", f"E{second}"),  # the second vote
    } <= found, found
    review = appraisal.reviews["K-MN"]
    assert review.day is None and review.raw["day"] == "hôm qua" and review.issued is None
    api.appraise(TB, returns, book, YE)  # kept as typed, and the stray member kept aside
    again = read_appraisal_book(book, TB, YE)
    assert again.reviews["K-MN"].raw["day"] == "hôm qua"
    assert [k["person"] for k in again.kept if k["sheet"] == "Thành viên họp"] == ["Ai đó"]


def test_an_undecided_tie_after_the_vote_makes_the_documents_a_draft(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    result, _ = api.appraise(TB, returns, book, YE)
    ties = {(t.bloc, t.award): t for r in result.schools if r.proposal
            for t in r.proposal.ties.values() if t.open}  # fmt: skip
    tie = ties[("K-MN", "BK")]  # the preschools at 102 tie for the two Bằng khen
    assert (tie.body, tie.places, len(tie.left)) == (VotingBody.COUNCIL, 2, 4)
    wb = load_workbook(book)
    ws, col = _sheet(wb, "Quyết định bằng điểm")
    prefilled = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[:2] == ("K-MN", "BK")]
    assert prefilled and prefilled[0][2].startswith("Hội đồng Thi đua – Khen thưởng quyết định")
    _type_meeting(book, {"Thành viên dự họp": 5})  # the bloc has met
    _type_meeting(book, {"Thành viên dự họp": 7}, row=7)  # and the council, which votes on BK
    wb = load_workbook(book)
    ws, col = _sheet(wb, "Bình xét")
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "K-MN":
            row[col["Phiếu đồng ý: BK"] - 1].value = 7
    wb.save(book)
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    undecided = [f for f in result.findings if f.code == "award-tie" and f.target == "BK"]
    assert undecided and undecided[0].severity is Severity.ERROR
    assert result.draft and result.open_errors >= 1
    chosen = tie.left[:2]
    _append(book, "Quyết định bằng điểm",
            ["K-MN", "BK", None, "; ".join(chosen), 5, "Bỏ phiếu lần hai: 5/7 phiếu"])  # fmt: skip
    result, _ = api.merge_folder(TB, returns, None, YE, appraisal=book)
    assert not [f for f in result.findings if f.code == "award-tie" and f.target == "BK"]
    rows = {r.school.code: r for r in result.schools}
    for code in tie.left:
        proposal = rows[code].proposal
        assert proposal is not None and ("BK" in proposal.awards) == (code in chosen)
        assert proposal.voters.get("BK") == 7


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from giaouoc_xl.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


@pytest.mark.slow
def test_the_demo_fills_every_place_or_leaves_it_empty_by_a_recorded_decision(demo: Any) -> None:
    result = demo.merge
    ties = {id(t): t for r in result.schools if r.proposal for t in r.proposal.ties.values()}
    assert ties and not any(t.open for t in ties.values())
    assert not [f for f in result.findings if f.code in ("award-tie", "tie-decision-invalid")]
    assert any(t.steps and not t.left for t in ties.values())  # settled by a criterion
    assert any(t.decided for t in ties.values()) and any(t.empty for t in ties.values())
    kinds = {kind(w) for r in result.schools if r.proposal for w in r.proposal.reasons.values()}
    assert "bằng điểm, khối quyết định" not in kinds
    assert "bằng điểm, hội đồng quyết định" not in kinds
    # the change without its reason is not applied: the documents are a draft
    assert any(f.code == "appraisal-reason-missing" for f in result.findings) and result.draft
    reviews = result.appraisal.reviews if result.appraisal else {}
    assert set(reviews) == {"K-MN", "K-TH", "K-THCS", COUNCIL}
    assert all(r.day and r.start and r.place and len(r.absent()) == 1 for r in reviews.values())


@pytest.mark.slow
def test_the_list_counts_each_awards_votes_over_the_body_that_voted(demo: Any) -> None:
    from giaouoc_xl.workbooks.summary.proposals import _rows, chosen

    result = demo.merge
    reviews = result.appraisal.reviews
    seen = set()
    for award in result.compact.awards:
        rows = chosen(result, award)
        for row, values in zip(rows, _rows(result, award, rows), strict=True):
            body = COUNCIL if award.body is VotingBody.COUNCIL else row.school.bloc
            votes = row.proposal.votes[award.code]
            assert values["votes"] == f"{votes}/{reviews[body].members}", (award.code, row)
            seen.add(award.body)
    assert seen == {VotingBody.BLOC, VotingBody.COUNCIL}  # the council's 7, not the bloc's 19


@pytest.mark.slow
def test_the_json_carries_each_tie_and_who_voted(demo: Any) -> None:
    schools = demo.merge.to_json()["schools"]
    ties = [t for s in schools if s["proposal"] for t in s["proposal"]["ties"].values()]
    assert ties and all(not t["open"] and len(t["schools"]) > 1 for t in ties)
    assert any(t["steps"] and t["steps"][0]["criterion"] == "nhiều phiếu đồng ý hơn" for t in ties)
    assert any(t["decided"] and t["reasons"] for t in ties)  # the voters' decision, its reason
    for tie in ties:
        placed = tie["chosen"]
        assert len(placed) + tie["empty"] == tie["places"] and set(placed) <= set(tie["schools"])
    voted = [s["proposal"] for s in schools if s["proposal"] and s["proposal"]["votes"]]
    assert voted and all(set(p["voters"]) == set(p["votes"]) for p in voted)


@pytest.mark.slow
def test_schools_sharing_the_lead_are_named_together_by_what_they_got(demo: Any) -> None:
    """Where every school of a bloc ties at the top, the minutes say who got the top award and
    who did not in a line per outcome, each school once (a line per school, each with the
    tie's reasons, made a council's minutes of two thousand schools a thousand pages)."""
    from giaouoc_xl.workbooks.summary.minutes import _Minutes

    result = demo.merge
    tied = replace(result, schools=[replace(row, rank=1) for row in result.schools])
    minutes = _Minutes(tied, COUNCIL, list(tied.compact.blocs), "BB")
    lines = minutes.leaders()
    for bloc in tied.compact.blocs:
        members = tied.members(bloc)
        said = [line for line in lines if f" {bloc.name}: " in line]
        assert 1 <= len(said) < len(members)
        named = {row.school.name: 0 for row in members}
        for line in said:
            listed = line.split(f" {bloc.name}: ", 1)[1].split(" điểm): ", 1)[0]
            schools = listed.rsplit(" (", 1)[0].split(", ")
            head = f"{len(schools)} trường cùng dẫn đầu" if len(schools) > 1 else "Trường dẫn đầu"
            assert line.startswith(f"{head} {bloc.name}: "), line
            for name in schools:
                named[name] += 1
        assert set(named.values()) == {1}, named  # every school once, none forgotten


def _render(docs: list[Any], folder: Path) -> Path:
    import xlsxwriter

    from giaouoc_xl.workbooks.documents.layout import Formats, write_document
    from giaouoc_xl.workbooks.documents.print_style import workbook_options

    book = folder / "bien_ban.xlsx"
    wb = xlsxwriter.Workbook(str(book), workbook_options(constant_memory=True))
    formats = Formats(wb)
    for doc in docs:
        write_document(wb, formats, doc)
    wb.close()
    return book


@pytest.mark.slow
def test_the_tables_header_heads_the_pages_it_runs_onto_and_no_page_after(
    demo: Any, tmp_path: Path
) -> None:
    """The council's minutes run on for pages after their table (the ties, the conclusion):
    a spreadsheet's title rows would print the table's header over that text (the demo's
    pages 4 and 5 did). The header is copied at the top of each page the table runs onto
    instead, and the pages of text after it start with text (looked at: the demo's council
    minutes, pages 3 and 4)."""
    from giaouoc_xl.workbooks.summary.minutes import council_minutes_document

    result = demo.merge
    council = council_minutes_document(result)
    assert council is not None
    book = _render([council], tmp_path)
    ws = load_workbook(book)[council.sheet]
    assert ws.print_title_rows is None  # no title rows: they would head every page
    breaks = [b.id for b in ws.row_breaks.brk]
    (pdf,) = convert(book, tmp_path, "pdf")
    pages = [" ".join(page.split()) for page in pages_text(pdf)]
    assert len(pages) == len(breaks) + 1 > 2
    table = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "STT"]
    assert len(table) >= 2  # the header and its copies
    for number, first in enumerate(breaks, start=2):  # the row a page starts with (1-based)
        text = pages[number - 1]
        starts_with_copy = first + 1 in table
        assert ("STT Tên trường" in text[:80]) == starts_with_copy, (number, text[:80])
    assert not any("STT" in page[:80] for page in pages[-2:])  # the text after the table


@pytest.mark.slow
def test_the_minutes_say_who_met_how_they_voted_and_decided(demo: Any, tmp_path: Path) -> None:
    from giaouoc_xl.workbooks.summary.minutes import council_minutes_document, minutes_document

    result = demo.merge
    blocs = result.compact.blocs
    docs = [minutes_document(result, b, f"BB {b.code}", datetime(2026, 12, 7)) for b in blocs]
    council = council_minutes_document(result)
    assert council is not None
    book = _render([*docs, council], tmp_path)
    assert overflowing_cells(book) == []
    (pdf,) = convert(book, tmp_path, "pdf")
    pages = pages_text(pdf, layout=False)
    text = " ".join(" ".join(p.split()) for p in pages)
    assert "2026" not in text  # the day of the run is never printed
    reviews = result.appraisal.reviews
    for code in (*(b.code for b in blocs), COUNCIL):
        review = reviews[code]
        said = f"ngày {review.day.day:02d} tháng {review.day.month}"
        assert text.count(said) >= 2, said  # the heading and the time line
        assert (
            f"{review.chair_name}," in text and f"Vắng mặt (1): {review.absent()[0].name}" in text
        )
        assert f"số phiếu hợp lệ: {review.valid}" in text
    assert "Nguyễn Văn Hùng, Hiệu trưởng" in text and "Trần Thị Lan" in text
    assert "Phiếu đồng ý trên 19 thành viên dự họp" in text and "CO 19 (100 %)" in text
    assert "Theo tiêu chí 'nhiều phiếu đồng ý hơn'" in text  # a tie settled by a criterion
    assert "Hội đồng quyết định chọn" in text and "Hội đồng quyết định để trống 1 suất" in text
    assert "Trường dẫn đầu Khối Mầm non" in text and "Cờ thi đua của UBND tỉnh" in text
    assert "Họp Hội đồng Thi đua – Khen thưởng" in text and "THƯ KÝ" in text and "CHỦ TRÌ" in text
    # every word within the page (the pages were looked at: tests/test_ties.py's docstring)
    for number, words in enumerate(page_words(pdf), start=1):
        assert all(w.x1 <= 596 and w.x0 >= 0 for w in words), number
    starts = [n for n, page in enumerate(pages) if "BIÊN BẢN" in page] + [len(pages)]
    lengths = [b - a for a, b in pairwise(starts)]
    assert len(lengths) == len(docs) + 1 and max(lengths[:-1]) <= 2 and lengths[-1] <= 6, lengths


def test_the_councils_meeting_is_kept_aside_while_it_votes_on_nothing(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    _type_meeting(book, {"Thành viên dự họp": 6, "Địa điểm họp": "Phòng họp"}, row=7)
    council = ["HĐ-TĐKT", "Bùi Văn Nam", "Trưởng phòng, Chủ tịch Hội đồng", "Chủ trì", "Có"]
    _append(book, "Thành viên họp", council)
    blocs_only = TB.model_copy(
        update={"awards": tuple(a.model_copy(update={"body": VotingBody.BLOC}) for a in TB.awards)}
    )
    _, written = api.appraise(blocs_only, returns, book, YE)
    kept = read_appraisal_book(book, blocs_only, YE).kept
    assert written.kept == 2 and {(k["sheet"], k["why"]) for k in kept} == {
        (sheet, "Thang khen thưởng không còn mức nào do hội đồng bình xét")
        for sheet in ("Khối", "Thành viên họp")
    }
    assert COUNCIL not in [r[0] for r in load_workbook(book)["Khối"].iter_rows(values_only=True)]
    _, written = api.appraise(TB, returns, book, YE)  # the council votes again: all goes back
    assert written.restored == 2 and written.kept == 0
    review = read_appraisal_book(book, TB, YE).reviews[COUNCIL]
    assert (review.members, review.place, review.chair_name) == (6, "Phòng họp", "Bùi Văn Nam")
