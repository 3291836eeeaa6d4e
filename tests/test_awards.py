"""Award proposals: hand-built blocs where the rule is known (a tie at the quota, a school that
fails only the staff condition, a deferred leader, a vote short by one, groups combined, a vote
not yet held), the demo's proposals with every kind of reason, the vote typed in the appraisal
book and read back, the documents of the review rendered by LibreOffice."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.awards import BlocReview, Proposal, Standing, kind, propose, summary
from giaouoc_xl.core.codes import SchoolStatus
from giaouoc_xl.core.model import Award, Bloc, Compact, School
from giaouoc_xl.core.samples import sample

from .libreoffice import convert
from .printing import collapse, overflowing_cells, pages_text

TB = sample("thanh-ba-2020-2021")
XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"
STAFF = {
    "staff_total": 40,
    "staff_completed": 40,
    "staff_ldtt": 30,
    "staff_cstdcs": 4,
    "staff_disciplined": 0,
}
LADDER = (
    Award(order=1, code="CO", name="Cờ thi đua", group="Hình thức", min_tier=XS,
          min_total=98, quota_count=1, votes="≥ 70%",
          condition="HTNV == TONG and LDTT / TONG >= 0.7 and CSTD >= 1 and KY_LUAT == 0"),
    Award(order=2, code="GK", name="Giấy khen", group="Hình thức", min_tier=TOT, min_total=85,
          quota_count=2, votes="> 50%", condition="KY_LUAT == 0"),
    Award(order=3, code="TT", name="Tập thể lao động tiên tiến", group="Danh hiệu",
          min_tier=TOT, quota_share=100, votes="> 50%",
          condition="LDTT / TONG > 0.5 and KY_LUAT == 0"),
)  # fmt: skip


def _bloc(
    *schools: tuple[str, float, str], **staff: dict[str, int]
) -> tuple[Compact, list[Standing]]:
    """A compact of one bloc whose schools have (code, total, tier); ``staff`` overrides the
    figures of a school by code."""
    roster = tuple(
        School(code=code, name=f"Trường {code}", levels=("TH",), bloc="K") for code, _, _ in schools
    )
    compact = TB.model_copy(
        update={"blocs": (Bloc(code="K", name="Khối thử"),), "schools": roster, "awards": LADDER}
    )
    ranked = sorted(schools, key=lambda s: -s[1])
    ranks: dict[str, int] = {}
    for position, (code, total, _) in enumerate(ranked, start=1):
        same = next((c for c, t, _ in ranked if t == total), code)
        ranks[code] = ranks.get(same, position)
    standings = [
        Standing(code, f"Trường {code}", SchoolStatus.VALID, ranks[code], total, tier, "", "",
                 {**STAFF, **staff.get(code, {})})
        for code, total, tier in schools
    ]  # fmt: skip
    return compact, standings


def _run(
    compact: Compact,
    standings: list[Standing],
    members: int | None = 10,
    votes: dict[tuple[str, str], int] | None = None,
) -> tuple[dict[str, Proposal], list[Any]]:
    everyone = votes
    if everyone is None:  # everyone votes for every school and award
        everyone = {(s.code, a.code): members or 0 for s in standings for a in LADDER}
    reviews = {"K": BlocReview("K", members)} if members is not None else {}
    return propose(compact, standings, reviews, everyone, "so_tham_dinh.xlsx")


def test_down_the_ranking_within_quota_and_groups_combined() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 96, XS), ("C", 90, XS), ("D", 86, TOT))
    proposals, findings = _run(compact, schools)
    assert findings == []
    assert proposals["A"].awards == ["CO", "TT"]  # a form and a title: two groups
    assert proposals["B"].awards == ["GK", "TT"] and proposals["C"].awards == ["GK", "TT"]
    assert proposals["D"].awards == ["TT"]
    assert kind(proposals["D"].reasons["GK"]) == "hết chỉ tiêu"
    assert kind(proposals["B"].reasons["CO"]) == "chưa đủ điểm"  # 96 < 98


def test_a_group_is_one_group_however_it_is_typed() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 96, XS))
    typed = (LADDER[0], LADDER[1].model_copy(update={"group": " hình  THỨC "}), LADDER[2])
    proposals, _ = _run(compact.model_copy(update={"awards": typed}), schools)
    assert proposals["A"].awards == ["CO", "TT"]  # not CO and GK: one form of the same group


def test_a_tie_at_the_quota_is_reported_never_broken() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 95, XS), ("C", 95, XS), ("D", 95, XS))
    compact = compact.model_copy(
        update={"awards": (LADDER[0], LADDER[1].model_copy(update={"quota_count": 2}), LADDER[2])}
    )
    proposals, findings = _run(compact, schools)
    # GK: two places, three schools tied at rank 2: none of them, and the bloc is told
    assert [f.code for f in findings] == ["award-tie"]
    assert "Trường B, Trường C, Trường D" in findings[0].message and "2 suất" in findings[0].message
    for code in "BCD":
        assert "GK" not in proposals[code].awards
        assert kind(proposals[code].reasons["GK"]) == "bằng điểm, khối quyết định"
    assert proposals["A"].awards == ["CO", "TT"]


def test_a_school_failing_only_the_staff_condition() -> None:
    low = {"staff_ldtt": 18}  # 18 / 40 = 45 %: not more than half
    compact, schools = _bloc(("A", 100, XS), ("B", 96, XS), B=low)
    proposals, _ = _run(compact, schools)
    assert proposals["B"].awards == ["GK"]
    assert proposals["B"].reasons["TT"] == (
        "chưa đạt điều kiện về cán bộ (số Lao động tiên tiến / tổng số cán bộ > 0,5; trường "
        "có: Lao động tiên tiến 18, tổng số cán bộ 40)"
    )  # in words a school reads, the part of the condition it misses only, with its figures
    missing = {"staff_ldtt": None}  # type: ignore[dict-item]
    compact, schools = _bloc(("A", 100, XS), ("B", 96, XS), B=missing)  # type: ignore[arg-type]
    schools = [
        s if s.code != "B" else Standing(**{**s.__dict__, "staff": {"staff_total": 40}})
        for s in schools
    ]
    proposals, _ = _run(compact, schools)
    assert kind(proposals["B"].reasons["TT"]) == "thiếu số liệu cán bộ"


def test_a_deferred_leader_is_ranked_but_not_proposed_and_the_next_one_is() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 99, XS))
    leader = schools[0]
    schools[0] = Standing(
        **{**leader.__dict__, "deferred": "Tạm hoãn xét: đang thanh tra, kiểm tra"}
    )
    proposals, _ = _run(compact, schools)
    assert proposals["A"].awards == [] and proposals["A"].reasons["CO"].startswith("tạm hoãn")
    assert proposals["B"].awards == ["CO", "TT"]  # the flag goes down to the next one


def test_a_vote_short_by_one() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 99, XS))
    votes = {(s.code, a.code): 10 for s in schools for a in LADDER}
    votes[("A", "CO")] = 6  # ≥ 70 % of 10 needs 7
    proposals, _ = _run(compact, schools, votes=votes)
    assert proposals["A"].reasons["CO"] == "chưa đủ phiếu (6/10 = 60 %; cần ≥ 70 %)"
    assert proposals["A"].awards == ["GK", "TT"] and proposals["B"].awards == ["CO", "TT"]
    votes[("A", "CO")] = 7
    proposals, _ = _run(compact, schools, votes=votes)
    assert proposals["A"].awards == ["CO", "TT"]
    votes[("B", "GK")] = 5  # > 50 % of 10 needs 6: exactly half is not enough
    proposals, _ = _run(compact, schools, votes=votes)
    assert kind(proposals["B"].reasons["GK"]) == "chưa đủ phiếu"


def test_the_documents_say_every_award_lost_to_the_quota_or_the_vote() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 99, XS), ("C", 90, XS))
    votes = {(s.code, a.code): 10 for s in schools for a in LADDER}
    votes[("B", "GK")] = 4  # B meets CO's conditions (the quota is A's) and loses GK to the vote
    proposals, _ = _run(compact, schools, votes=votes)
    assert proposals["B"].awards == ["TT"]
    assert summary(compact, proposals["B"], short=True) == (
        "TT", "CO: hết chỉ tiêu; GK: chưa đủ phiếu"
    )  # fmt: skip
    _, why = summary(compact, proposals["B"])
    assert why.startswith(  # the awards by name, for the school's slip
        "Không đề nghị Cờ thi đua: hết chỉ tiêu (1 trường/khối); Không đề nghị Giấy khen:"
    )
    # a reason shared by several awards is said once; an award below the score is not listed
    # above what the school got
    assert summary(compact, proposals["C"], short=True) == ("GK, TT", "CO: chưa đủ điểm")
    deferred = Standing(**{**schools[0].__dict__, "deferred": "Tạm hoãn xét: đang thanh tra"})
    proposals, _ = _run(compact, [deferred, *schools[1:]], votes=votes)
    assert summary(compact, proposals["A"], short=True) == ("", "GK, TT: tạm hoãn")


def test_before_the_vote_the_schools_are_candidates() -> None:
    compact, schools = _bloc(("A", 100, XS), ("B", 96, XS))
    proposals, _ = _run(compact, schools, members=None, votes={})
    assert proposals["A"].awards == [] and proposals["A"].candidates == ["CO", "TT"]
    assert proposals["B"].candidates == ["GK", "TT"]
    assert proposals["A"].eligible == ["CO", "GK", "TT"]  # what the bloc may vote on


def test_tier_and_total_before_the_rest() -> None:
    compact, schools = _bloc(
        ("A", 100, XS), ("B", 97, XS), ("C", 84, TOT), ("D", 70, "Hoàn thành nhiệm vụ")
    )
    proposals, _ = _run(compact, schools)
    assert proposals["B"].reasons["CO"] == "chưa đủ điểm (97; cần ≥ 98)"
    assert proposals["C"].reasons["GK"] == "chưa đủ điểm (84; cần ≥ 85)"
    assert kind(proposals["D"].reasons["TT"]) == "xếp loại chưa đạt"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from giaouoc_xl.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


def test_the_demo_stops_a_school_for_each_kind_of_reason(demo: Any) -> None:
    kinds = {
        kind(reason)
        for row in demo.merge.schools
        if row.proposal is not None
        for reason in row.proposal.reasons.values()
    }
    assert {
        "xếp loại chưa đạt", "chưa đủ điểm", "điều kiện về cán bộ", "hết chỉ tiêu",
        "chưa đủ phiếu", "phủ quyết — không xét", "tạm hoãn",
    } <= kinds  # fmt: skip
    proposed = {a for row in demo.merge.schools if row.proposal for a in row.proposal.awards}
    assert {"GK", "TTLĐTT"} <= proposed
    wb = load_workbook(demo.appraisal)
    assert wb["Khối"]["D4"].value == 19 and wb["Khối"]["E4"].value == "Nguyễn Văn Hùng"
    votes = [c.value for c in wb["Bình xét"][3]]
    assert "Phiếu đồng ý: CO" in votes and "Phiếu đồng ý: TTLĐTT" in votes


def test_a_bloc_that_has_not_voted_keeps_its_candidates_in_the_list(
    demo: Any, tmp_path: Path
) -> None:
    from giaouoc_xl.api import merge_folder
    from giaouoc_xl.workbooks.documents.blocks import Lines, Table
    from giaouoc_xl.workbooks.summary.proposals import proposals_document

    book = tmp_path / "so_tham_dinh.xlsx"
    wb = load_workbook(demo.appraisal)
    blocs = wb["Khối"]
    (row,) = [r for r in range(4, blocs.max_row + 1) if blocs.cell(r, 1).value == "K-THCS"]
    blocs.cell(row, 4).value = None  # the lower secondary bloc has not met yet
    wb.save(book)
    result, _ = merge_folder(demo.merge.compact, demo.returns, None, demo.merge.period,
                             appraisal=book, history=demo.history)  # fmt: skip
    waiting = {
        (r.school.name, a) for r in result.schools if r.school.bloc == "K-THCS" and r.proposal
        for a in r.proposal.candidates
    }  # fmt: skip
    assert waiting and not any(r.proposal.awards for r in result.schools
                               if r.school.bloc == "K-THCS" and r.proposal)  # fmt: skip
    doc = proposals_document(result, datetime(2021, 6, 1))
    lines = [t for b in doc.blocks if isinstance(b, Lines) for t in b.texts]
    assert any(
        t.startswith("Dự kiến, chưa bình xét") and "Khối Trung học cơ sở" in t for t in lines
    )
    listed = {
        (row["name"], row["votes"]) for b in doc.blocks if isinstance(b, Table) for row in b.rows
    }
    for name, _ in waiting:  # each candidate of the bloc is in the list, waiting for the vote
        assert (name, "chờ bình xét") in listed
    assert any(votes.endswith("/19") for _, votes in listed)  # the blocs that voted


@pytest.mark.slow
def test_the_review_documents_print_whole(demo: Any, tmp_path: Path) -> None:
    texts = [collapse(t) for t in pages_text(demo.pdf, layout=False)]
    minutes = [t for t in texts if "BIÊN BẢN" in t]
    assert len(minutes) >= len(demo.merge.compact.blocs)
    assert all("CHỦ TRÌ" in t or "THƯ KÝ" in t or "STT" in t for t in minutes)
    assert any("Nguyễn Văn Hùng" in t and "Trần Thị Lan" in t for t in minutes)
    listed = [t for t in texts if "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in t]
    assert listed and "Tờ trình" in listed[0]
    full = " ".join(texts)
    for award in demo.merge.compact.awards:
        assert award.name in full
    lists = [f"Đề nghị khen thưởng {n}" for n in (1, 2)]  # one per authority that decides
    names = [*lists, *(f"BB {b.code}" for b in demo.merge.compact.blocs)]
    assert overflowing_cells(demo.summary, names) == []
    (summary_pdf,) = convert(demo.summary, tmp_path, "pdf")
    assert "###" not in " ".join(pages_text(summary_pdf))
