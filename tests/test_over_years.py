"""Conditions over years in the award ladder (issue 25, deliverable 3): the expression language's
calls (safe: a named function with texts in quotes, nothing else), a count known only in part,
the compact's check of the calls, and proposals on hand-built cases: a gap year, a renamed
school, a year recorded twice, awards still awaiting their decision, no history at all."""

from __future__ import annotations

import json
import math
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from giaouoc_xl.core.awards import BlocReview, Standing, kind, propose, readable
from giaouoc_xl.core.codes import HISTORY_CODES, SchoolStatus
from giaouoc_xl.core.compact_rules import rule_findings
from giaouoc_xl.core.expressions import ExpressionError, condition_calls, condition_names, holds
from giaouoc_xl.core.history import AWARD_PENDING, History, Record, Rename
from giaouoc_xl.core.model import Award, Bloc, Compact, School
from giaouoc_xl.core.over_years import FUNCTIONS, evaluate_calls
from giaouoc_xl.core.samples import sample

from .conftest import run_cli
from .libreoffice import convert
from .printing import overlaps, pages_text

TB = sample("thanh-ba-2020-2021")  # the year decided: 2020-2021; last year 2019-2020
XS, TOT, HT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"
TWO_XS = f'KY_LUAT == 0 and NAM_LIEN_TIEP_XEP_LOAI("{XS}") >= 2'
STAFF = {
    "staff_total": 40,
    "staff_completed": 40,
    "staff_ldtt": 30,
    "staff_cstdcs": 4,
    "staff_disciplined": 0,
}


# --------------------------------------------------------------------------- the language


def test_a_call_is_named_with_its_texts_and_never_run() -> None:
    condition = f"KY_LUAT = 0 và NAM_LIEN_TIEP_XEP_LOAI(“{XS}”) ≥ 2"  # as Excel types quotes
    assert condition_names(condition) == ["KY_LUAT"]
    assert condition_calls(condition) == [("NAM_LIEN_TIEP_XEP_LOAI", (XS,))]
    assert condition_calls("NAM_LIEN_TIEP_KHONG_PHU_QUYET() >= 3") == [
        ("NAM_LIEN_TIEP_KHONG_PHU_QUYET", ())
    ]
    # a text with a keyword, an operator or a comma in it stays a text
    assert condition_calls('NAM_LIEN_TIEP_DANH_HIEU("Cờ thi đua, không = 1") >= 1') == [
        ("NAM_LIEN_TIEP_DANH_HIEU", ("Cờ thi đua, không = 1",))
    ]
    for wrong in (
        'NAM_LIEN_TIEP_XEP_LOAI(NAM_LIEN_TIEP_XEP_LOAI("a")) > 1',  # a call in a call
        '"Xuất sắc" == 1',  # a text outside a call
        "NAM_LIEN_TIEP_XEP_LOAI(LDTT) > 1",  # a figure as an argument
        'NAM_LIEN_TIEP_XEP_LOAI(x="a") > 1',  # a keyword
        '"a"("b") > 1',  # a text called
        "(lambda: 1)() > 0",
        "_txt0 > 1",  # the parser's own name for a text
    ):
        with pytest.raises(ExpressionError):
            condition_calls(wrong)
    # a name that looks like Python's is only a name: its value is asked of the caller
    assert holds('__import__("os") > 0', {}, {}) is None


def test_a_count_known_in_part_decides_only_when_it_is_enough() -> None:
    call = ("NAM_LIEN_TIEP_XEP_LOAI", (XS,))
    at_least = {1: (1.0, math.inf), 2: (2.0, math.inf)}
    assert holds(TWO_XS, {"KY_LUAT": 0}, {call: 2.0}) is True
    assert holds(TWO_XS, {"KY_LUAT": 0}, {call: 1.0}) is False
    assert holds(TWO_XS, {"KY_LUAT": 0}, {call: at_least[2]}) is True  # two held: enough
    assert holds(TWO_XS, {"KY_LUAT": 0}, {call: at_least[1]}) is None  # the second is missing
    assert holds(TWO_XS, {"KY_LUAT": 1}, {call: at_least[1]}) is False  # decided without it
    assert holds(TWO_XS, {"KY_LUAT": 0}, {}) is None
    condition = f'NAM_LIEN_TIEP_XEP_LOAI("{XS}") < 2'
    assert holds(condition, {}, {call: at_least[2]}) is False
    assert holds(condition, {}, {call: at_least[1]}) is None
    assert holds(f'NAM_LIEN_TIEP_XEP_LOAI("{XS}") + 1 >= 3', {}, {call: at_least[2]}) is True
    assert holds(f'NAM_LIEN_TIEP_XEP_LOAI("{XS}") == 1', {}, {call: at_least[2]}) is False
    # the figures alone, as before
    assert holds("LDTT / TONG > 0,5 and KY_LUAT == 0", {"LDTT": 6, "TONG": 10, "KY_LUAT": 0})


def test_the_compact_check_names_a_wrong_call() -> None:
    def findings(condition: str) -> list[str]:
        award = TB.awards[0].model_copy(update={"condition": condition})
        compact = TB.model_copy(update={"awards": (award, *TB.awards[1:])})
        return [f.message for f in rule_findings(compact) if f.code == "invalid-award-condition"]

    assert findings(TWO_XS) == []
    assert findings('NAM_LIEN_TIEP_DANH_HIEU("TTLĐXS") >= 1') == []
    assert findings("NAM_LIEN_TIEP_KHONG_PHU_QUYET() >= 3") == []
    (message,) = findings('NAM_XUAT_SAC("a") >= 2')
    assert "'NAM_XUAT_SAC' không phải hàm của điều kiện theo các năm" in message
    (message,) = findings('NAM_LIEN_TIEP_XEP_LOAI("Xuất sắc") >= 2')
    assert "xếp loại 'Xuất sắc' không có ở sheet Xếp loại" in message
    (message,) = findings("NAM_LIEN_TIEP_XEP_LOAI() >= 2")
    assert "cần 1 đối số là chữ trong ngoặc kép" in message
    assert all(name.startswith("NAM_LIEN_TIEP_") for name in FUNCTIONS)
    assert "history-not-given" in HISTORY_CODES


def test_a_call_reads_as_words() -> None:
    assert readable(TWO_XS) == (
        f"số bị kỷ luật = 0 và số năm liên tiếp xếp loại từ {XS} trở lên ≥ 2"
    )


# --------------------------------------------------------------------------- proposals


LADDER = (
    Award(order=1, code="CO", name="Cờ thi đua", group="Hình thức", min_tier=XS, quota_count=9,
          votes="> 50%", condition=TWO_XS),
    Award(order=2, code="TT", name="Tập thể lao động tiên tiến", group="Danh hiệu", min_tier=TOT,
          quota_share=100, votes="> 50%",
          condition='NAM_LIEN_TIEP_DANH_HIEU("Tập thể lao động tiên tiến") >= 1'),
)  # fmt: skip


def _bloc(*codes: str) -> tuple[Compact, list[Standing]]:
    """A bloc of schools all first (100 points, Hoàn thành xuất sắc nhiệm vụ) this year."""
    roster = tuple(School(code=c, name=f"Trường {c}", levels=("TH",), bloc="K") for c in codes)
    compact = TB.model_copy(
        update={"blocs": (Bloc(code="K", name="Khối thử"),), "schools": roster, "awards": LADDER}
    )
    standings = [
        Standing(c, f"Trường {c}", SchoolStatus.VALID, 1, 100.0, XS, "", "", STAFF) for c in codes
    ]
    return compact, standings


def _propose(history: History | None, *codes: str) -> tuple[dict[str, object], list[str], dict]:
    compact, standings = _bloc(*codes)
    votes = {(c, a.code): 10 for c in codes for a in LADDER}
    proposals, findings = propose(
        compact, standings, {"K": BlocReview("K", 10)}, votes, "so.xlsx", history
    )
    reasons = {c: proposals[c].reasons for c in codes}
    return {c: proposals[c].awards for c in codes}, [f.code for f in findings], reasons


def rec(code: str, year: str, tier: str = XS, **fields: object) -> Record:
    return Record(code, year, tier=tier, status="Hợp lệ", **fields)  # type: ignore[arg-type]


TITLE = ("Tập thể lao động tiên tiến",)


def test_proposed_because_of_its_record_and_stopped_by_it() -> None:
    history = History(
        [
            rec("A", "2018-2019"), rec("A", "2019-2020", awards=TITLE),
            rec("B", "2018-2019"), rec("B", "2019-2020", TOT),
        ]
    )  # fmt: skip
    awards, findings, reasons = _propose(history, "A", "B")
    assert findings == []
    assert awards["A"] == ["CO", "TT"]
    assert awards["B"] == []
    assert reasons["B"]["CO"] == (
        "chưa đạt điều kiện các năm trước đến năm học 2019-2020 (số năm liên tiếp xếp loại từ "
        f"{XS} trở lên ≥ 2; trường có 0 năm: năm 2019-2020 xếp loại {TOT} (cần {XS} trở lên))"
    )
    assert kind(reasons["B"]["CO"]) == "điều kiện các năm trước"
    assert reasons["B"]["TT"].startswith("chưa đạt điều kiện các năm trước")
    assert "năm 2019-2020 không nhận Tập thể lao động tiên tiến" in reasons["B"]["TT"]


def test_a_gap_year_is_the_reason_never_a_pass_or_a_fail() -> None:
    # C: last year held, the year before it is not in the history; D: nothing at all
    history = History([rec("C", "2019-2020", awards=TITLE), rec("C", "2017-2018")])
    awards, _, reasons = _propose(history, "C", "D")
    assert awards == {"C": ["TT"], "D": []}
    assert reasons["C"]["CO"] == "chưa có dữ liệu năm 2018-2019"
    assert kind(reasons["C"]["CO"]) == "thiếu dữ liệu các năm trước"
    assert reasons["D"]["CO"] == "chưa có dữ liệu năm 2019-2020"
    assert reasons["D"]["TT"] == "chưa có dữ liệu năm 2019-2020"
    # a staff condition that fails decides whatever the history lacks
    compact, standings = _bloc("C")
    standings = [Standing(**{**standings[0].__dict__, "staff": {**STAFF, "staff_disciplined": 1}})]
    proposals, _ = propose(compact, standings, {"K": BlocReview("K", 10)}, {}, "", history)
    assert proposals["C"].reasons["CO"].startswith("chưa đạt điều kiện về cán bộ (số bị kỷ luật")


def test_a_renamed_school_counts_its_old_code_and_a_merged_one_each_school() -> None:
    # E was coded OLD_E until 2019-2020; M merged from M1 and M2 in 2020-2021, M2 one year short
    history = History(
        [
            rec("OLD_E", "2018-2019"), rec("OLD_E", "2019-2020", awards=TITLE),
            rec("M1", "2018-2019"), rec("M1", "2019-2020", awards=TITLE),
            rec("M2", "2019-2020", awards=TITLE),
        ],
        [Rename("OLD_E", "E", "2020-2021"), Rename("M1", "M", "2020-2021", old_name="Trường M1"),
         Rename("M2", "M", "2020-2021", old_name="Trường M2")],
    )  # fmt: skip
    awards, _, reasons = _propose(history, "E", "M")
    assert awards["E"] == ["CO", "TT"]
    assert awards["M"] == ["TT"]
    assert reasons["M"]["CO"] == "chưa có dữ liệu năm 2018-2019 (trường Trường M2, sáp nhập)"


def test_a_year_recorded_twice_holds_only_when_both_rows_do() -> None:
    same = [rec("F", "2018-2019"), rec("F", "2019-2020"), rec("F", "2019-2020")]
    differ = [rec("G", "2018-2019"), rec("G", "2019-2020"), rec("G", "2019-2020", HT)]
    awards, _, reasons = _propose(History(same + differ), "F", "G")
    assert "CO" in awards["F"] and "CO" not in awards["G"]
    assert f"năm 2019-2020 xếp loại {HT}" in reasons["G"]["CO"]


def test_awards_awaiting_their_decision_cannot_say() -> None:
    pending = rec("H", "2019-2020", awards=TITLE, award_state=AWARD_PENDING)
    _, _, reasons = _propose(History([pending]), "H")
    assert reasons["H"]["TT"] == "chưa có quyết định khen thưởng năm 2019-2020"


def test_without_a_history_every_school_has_the_year_missing_and_it_is_said_once() -> None:
    awards, findings, reasons = _propose(None, "A", "B")
    assert awards == {"A": [], "B": []}
    assert findings == ["history-not-given"]
    assert reasons["A"]["CO"] == "chưa có dữ liệu năm 2019-2020 (chưa dùng sổ lịch sử)"


def test_the_values_of_the_calls() -> None:
    compact, _ = _bloc("A")
    history = History([rec("A", "2019-2020", veto="Không đạt chỉ tiêu phủ quyết CT02.1")])
    calls = [("NAM_LIEN_TIEP_XEP_LOAI", (XS,)), ("NAM_LIEN_TIEP_KHONG_PHU_QUYET", ())]
    past = evaluate_calls(compact, history, "A", calls)
    assert past.values == {calls[0]: (1.0, math.inf), calls[1]: 0.0}
    assert past.upto == "2019-2020"
    assert past.missing(calls) == "chưa có dữ liệu năm 2018-2019"
    assert past.held(calls[1]) == "0 năm: năm 2019-2020: Không đạt chỉ tiêu phủ quyết CT02.1"


# --------------------------------------------------------------------------- the demo, end to end


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from giaouoc_xl.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo"))


def test_the_demo_proposes_a_school_because_of_its_record_and_stops_one_by_it(demo: Any) -> None:
    assert demo.history is not None and demo.merge.history is not None
    assert demo.merge.history.years == ["2018-2019", "2019-2020"]
    proposed, stopped, refused = demo.history_lines
    assert "đề nghị Bằng khen của Chủ tịch UBND tỉnh, hai năm liền" in proposed
    assert "không đề nghị Bằng khen của Chủ tịch UBND tỉnh, chưa đạt điều kiện các năm trước" in (
        stopped
    )
    assert "năm 2019-2020 xếp loại Hoàn thành tốt nhiệm vụ" in stopped
    assert refused.startswith("Chưa ghi năm học 2020-2021 vào sổ lịch sử")  # a draft
    reasons = [
        r.proposal.reasons.get("BK", "") for r in demo.merge.schools if r.proposal is not None
    ]
    assert sum(r.startswith("chưa đạt điều kiện các năm trước") for r in reasons) == 1
    assert not any(r.startswith("chưa có dữ liệu") for r in reasons)
    assert "history-not-given" not in {f.code for f in demo.merge.findings}
    # the documents say it whatever the school got below (the slip, the minutes' short kind)
    from giaouoc_xl.core.awards import summary

    (row,) = [
        r
        for r in demo.merge.schools
        if r.proposal and r.proposal.reasons.get("BK", "").startswith("chưa đạt điều kiện các")
    ]
    said = summary(demo.merge.compact, row.proposal)[1]
    assert "Không đề nghị Bằng khen của Chủ tịch UBND tỉnh: chưa đạt điều kiện các năm" in said
    assert "BK: điều kiện các năm trước" in summary(demo.merge.compact, row.proposal, True)[1]


def test_the_documents_show_the_change_from_last_year(demo: Any) -> None:
    from giaouoc_xl.core.progress import of_row
    from giaouoc_xl.workbooks.documents.blocks import Table
    from giaouoc_xl.workbooks.documents.slip import slip_document
    from giaouoc_xl.workbooks.summary.result_table import result_document

    result = demo.merge
    bloc = result.compact.blocs[0]
    doc = result_document(result, bloc, "KQ", datetime(2021, 6, 5))
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert "So với năm trước" in [c.header for c in table.columns]
    row = next(r for r in result.members(bloc) if r.rank == 1)
    progress = of_row(result, row)
    assert progress is not None and not progress.missing
    first = next(r for r in table.rows if r["name"] == row.school.name)
    assert first["progress"] == progress.short(row.total, row.rank)
    assert first["progress"].startswith("Tổng ")
    sentence = progress.sentence(row.total, row.rank, 18)
    assert sentence.startswith("So với năm học 2019-2020: tổng điểm ")
    assert any(
        "So với năm học 2019-2020" in line
        for block in slip_document(result, row, datetime(2021, 6, 5)).blocks
        for line in getattr(block, "texts", [])
    )


def test_the_json_carries_the_history_used(demo: Any) -> None:
    document = json.loads("".join(demo.report.json_text()))
    assert document["history"] == str(demo.history)
    school = next(s for s in document["schools"] if s["rank"] == 1)
    years = [y["year"] for y in school["history"]["years"]]
    assert years == ["2018-2019", "2019-2020"]
    change = school["history"]["change"]
    assert change["year"] == "2019-2020" and change["missing"] == ""
    assert change["rank_change"] == change["rank"] - 1


def test_the_summary_has_each_school_s_last_years_and_a_chart_per_bloc(
    demo: Any, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from giaouoc_xl.workbooks.summary.years import YEARS

    wb = load_workbook(demo.summary, read_only=True)
    assert YEARS in wb.sheetnames
    rows = [r for r in wb[YEARS].iter_rows(values_only=True)]
    header = rows[2]
    assert header[:4] == ("STT", "Tên trường", "Tổng 2018-2019", "Thứ 2018-2019")
    assert header[-1] == "So với năm trước"
    assert sum(1 for r in rows if r[1] == "Trung bình khối") == len(demo.merge.compact.blocs)
    with zipfile.ZipFile(demo.summary) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        drawn = [z.read(n).decode() for n in charts]
    assert sum("Các năm" in text and "<c:lineChart>" in text for text in drawn) == 3
    (pdf,) = convert(demo.summary, tmp_path, "pdf")
    pages = [p for p in pages_text(pdf) if "Trung bình khối" in p]
    assert len(pages) == len(demo.merge.compact.blocs)  # a bloc a page, its chart whole
    assert not overlaps(pdf)


def test_merge_with_history_on_the_command_line(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "th.xlsx"
    done = run_cli(
        "merge", demo.book, demo.returns, "--out", out, "--period", "cuoi-nam",
        "--appraisal", demo.appraisal, "--history", demo.history, "--json",
    ).json()  # fmt: skip
    assert done["history"] == str(demo.history)
    assert all("history" in s for s in done["schools"])
    missing = run_cli("merge", demo.book, demo.returns, "--out", out, "--history",
                      tmp_path / "khong_co.xlsx")  # fmt: skip
    assert missing.code == 2


def test_the_change_from_last_year_on_hand_built_cases() -> None:
    from giaouoc_xl.core.progress import progress_of

    history = History(
        [
            rec("A", "2019-2020", total=90.0, rank=5, bloc_size=12),
            rec("OLD", "2019-2020", total=80.0, rank=3, bloc_size=10),
            rec("M1", "2019-2020", total=80.0), rec("M2", "2019-2020", total=85.0),
            rec("T", "2019-2020", total=80.0, rank=2), rec("T", "2019-2020", total=81.0, rank=2),
            rec("S", "2019-2020", total=80.0, rank=2), rec("S", "2019-2020", total=80.0, rank=2),
        ],
        [Rename("OLD", "R", "2020-2021"), Rename("M1", "M", "2020-2021"),
         Rename("M2", "M", "2020-2021")],
    )  # fmt: skip
    a = progress_of(history, "A", "2020-2021")
    assert a is not None and a.short(94.5, 3) == "Tổng ▲ 4,5; thứ ▲ 2"
    assert a.short(90.0, 7) == "Tổng =; thứ ▼ 2"
    assert a.sentence(94.5, 3, 12) == (
        "So với năm học 2019-2020: tổng điểm 90 → 94,5 (▲ tăng 4,5 điểm); xếp thứ 5/12 → 3/12 "
        f"(▲ lên 2 bậc); xếp loại năm trước: {XS}."
    )
    renamed = progress_of(history, "R", "2020-2021")  # through the office's table
    assert renamed is not None and renamed.total == 80.0 and renamed.rank == 3
    merged = progress_of(history, "M", "2020-2021")
    assert merged is not None and merged.missing.startswith("sáp nhập từ nhiều trường")
    assert merged.total_change(90.0) is None
    twice = progress_of(history, "T", "2020-2021")
    assert twice is not None and "có 2 dòng khác nhau" in twice.missing
    same = progress_of(history, "S", "2020-2021")
    assert same is not None and same.total == 80.0 and not same.missing
    none = progress_of(history, "Z", "2020-2021")
    assert none is not None and none.short(90, 1) == "Chưa có dữ liệu năm 2019-2020"


# --------------------------------------------------------------------------- the button


def test_the_button_records_the_year_into_the_book_the_settings_name(
    books: dict[str, Path], tmp_path: Path
) -> None:
    import xlwings as xw

    from giaouoc_xl.core.model import Period
    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.excel import actions
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    from .test_excel import _five_returns, actions_of, payload, setting

    submissions = _five_returns(tmp_path / "bai_nop", Period.YEAR_END)
    history = tmp_path / "lich_su.xlsx"
    edits = {
        setting("excel.submissions_folder"): str(submissions),
        setting("excel.history_file"): str(history),
    }  # the current period is the registration: the button records the year's end anyway
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.record_year(book) == history and history.exists()
    said, title = next(a for a in actions_of(book) if a["func"] == "alert")["args"][:2]
    assert title == "Ghi năm học vào sổ lịch sử"
    assert said.startswith(f"Sổ lịch sử: {history} — Ghi năm học 2020-2021.")
    again = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.record_year(again) == history
    said = next(a for a in actions_of(again) if a["func"] == "alert")["args"][0]
    assert "Năm học 2020-2021 đã có trong sổ" in said
    # a school with an error left: a draft, refused, the book as it was
    before = history.read_bytes()
    school = TB.schools[0]
    answers = clean_answers(TB, school, Period.YEAR_END, seed=0)
    first = next(iter(answers.targets.values()))
    first["result:cuoi-nam"] = "chưa tổng hợp"  # text in a number cell: an error
    render_school_workbook(
        TB, school, submissions / f"{school.code}.xlsx", datetime(2026, 1, 2), answers
    )
    refused = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.record_year(refused) is None
    alert = next(a for a in actions_of(refused) if a["func"] == "alert")["args"]
    assert alert[1] == "giaouoc: không thực hiện được" and "Chưa ghi năm học" in alert[0]
    assert history.read_bytes() == before


def test_recording_a_year_counts_its_conditions_over_years_in_the_book_recorded_into(
    tmp_path: Path,
) -> None:
    from giaouoc_xl import api
    from giaouoc_xl.core.model import Period
    from giaouoc_xl.workbooks.history.reader import read_history_book
    from giaouoc_xl.workbooks.history.writer import write_history_book

    from .test_history import _returns

    two_years = f'KY_LUAT == 0 và NAM_LIEN_TIEP_XEP_LOAI("{XS}") >= 1'
    awards = tuple(
        a.model_copy(update={"condition": two_years}) if a.code == "BK" else a for a in TB.awards
    )
    book = api.write_compact_book(TB.model_copy(update={"awards": awards}), tmp_path / "so.xlsx")
    folder = _returns(tmp_path / "bai_nop")
    history = tmp_path / "lich_su.xlsx"
    # the six schools tie this year; only the first was "xuất sắc" last year
    last = [rec(s.code, "2019-2020", XS if n == 0 else TOT) for n, s in enumerate(TB.schools[:6])]
    write_history_book(History(last), history)
    done = run_cli("history", "record", book, folder, "--history", history, "--json")
    assert done.code == 0, done.err
    this_year = {r.code: r for r in read_history_book(history).records if r.year == "2020-2021"}
    assert len(this_year) == len(TB.schools)
    with_bk = [code for code, r in this_year.items() if "BK" in r.awards]
    assert with_bk == [TB.schools[0].code]  # its record counted: proposed, awaiting the vote
    assert not done.json()["notes"]
    # a merge without the book recorded into it: said
    report = api.merge(api.load_compact(book), folder, period=Period.YEAR_END)
    again = api.record_year(report, history)
    assert any("chưa dùng sổ lịch sử này" in note for note in again.notes)
