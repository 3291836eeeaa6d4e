"""The history book (issue 25, phase 1): the model's conditions over years on hand-built cases
(a gap year, a renamed school, two merged schools, a year recorded twice), the book written,
typed into and read back without losing anything typed, recording a final merge (refused for a
draft), importing a summary the program wrote, and the two commands end to end."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.history import (
    AWARD_DECIDED,
    AWARD_PENDING,
    CODES,
    History,
    Origin,
    Record,
    Rename,
    put_year,
    records_of,
    streak,
    with_award,
    years_at_tier,
    years_with_award,
    years_without_veto,
)
from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.history.layout import HEADER_ROW, RENAMES_SHEET, RESULTS_SHEET
from giaouoc_xl.workbooks.history.reader import read_history_book
from giaouoc_xl.workbooks.history.writer import write_history_book
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli
from .libreoffice import convert

TB = sample("thanh-ba-2020-2021")
YE = Period.YEAR_END
YEAR = TB.school_year  # 2020-2021
HTXS, HTT, HT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ"
#: Tiers are named differently from year to year: a step of the ladder may have several names.
LADDER = [(HTXS, "Xuất sắc"), (HTT, "Tốt"), HT]


def rec(code: str, year: str, tier: str = HTXS, **fields: object) -> Record:
    """A row the program wrote (it has a status)."""
    return Record(code, year, tier=tier, status=str(fields.pop("status", "Hợp lệ")), **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the model


def test_a_gap_year_is_missing_never_a_pass_or_a_fail() -> None:
    history = History([rec("A", "2018-2019"), rec("A", "2020-2021"), rec("A", "2021-2022")])
    # 2019-2020 has no row: two years counted, the gap named, the condition undecided
    found = years_at_tier(history, "A", "2021-2022", HTXS, LADDER, needed=3)
    assert (found.years, found.met, found.missing) == (2, None, ("2019-2020",))
    assert found.reason == "chưa có dữ liệu năm 2019-2020"
    assert years_at_tier(history, "A", "2021-2022", HTXS, LADDER, needed=2).met is True
    # a known failure in the window decides, whatever the gap
    history = History([rec("A", "2019-2020", HT), rec("A", "2021-2022")])
    found = years_at_tier(history, "A", "2021-2022", HTT, LADDER, needed=3)
    assert found.met is False and found.failed == "2019-2020"
    assert found.missing == ("2020-2021",)
    assert found.reason == f"năm 2019-2020 xếp loại {HT} (cần {HTT} trở lên)"
    # without a number of years: the count stops at the first year that is not there
    found = years_at_tier(history, "A", "2021-2022", HTT, LADDER)
    assert (found.years, found.held, found.missing, found.met) == (
        1, ("2021-2022",), ("2020-2021",), None,
    )  # fmt: skip


def test_tiers_named_otherwise_a_tier_off_the_ladder_and_a_school_not_ranked() -> None:
    history = History(
        [
            rec("A", "2019-2020", "Xuất sắc"),  # the same step, named as that year named it
            rec("A", "2020-2021", "Loại A"),  # not on the ladder: cannot say
            rec("B", "2020-2021", "", status="Chưa nộp"),  # the program's row: not ranked
            Record("C", "2020-2021"),  # typed without a tier: cannot say
        ]
    )
    assert years_at_tier(history, "A", "2019-2020", HTXS, LADDER, needed=1).met is True
    off = years_at_tier(history, "A", "2020-2021", HTT, LADDER, needed=2)
    assert off.met is None and "xếp loại 'Loại A' không có trong thang" in off.reason
    assert years_at_tier(history, "B", "2020-2021", HT, LADDER, needed=1).met is False
    assert years_at_tier(history, "C", "2020-2021", HT, LADDER, needed=1).met is None
    with pytest.raises(ValueError, match="không có trong thang"):
        years_at_tier(history, "A", "2020-2021", "Giỏi", LADDER)


def test_awards_awaiting_their_decision_cannot_say_and_a_veto_outcome_breaks_the_run() -> None:
    history = History(
        [
            rec("A", "2018-2019", awards=("TTLĐXS",)),  # typed: decided
            rec("A", "2019-2020", awards=("Tập thể lao động xuất sắc",), award_state=AWARD_DECIDED),
            rec("A", "2020-2021", awards=("TTLĐXS",), award_state=AWARD_PENDING),
            rec("B", "2019-2020", veto="Không đạt chỉ tiêu phủ quyết CT02.1: hạ một bậc"),
            rec("B", "2020-2021"),
        ]
    )
    names = ("TTLĐXS", "Tập thể lao động xuất sắc")
    assert years_with_award(history, "A", "2019-2020", names, needed=2).met is True
    pending = years_with_award(history, "A", "2020-2021", names, needed=2)
    assert pending.met is None and pending.reason == "chưa có quyết định khen thưởng năm 2020-2021"
    assert years_with_award(history, "A", "2019-2020", ("BK",), needed=1).met is False
    veto = years_without_veto(history, "B", "2020-2021", needed=2)
    assert (veto.met, veto.years, veto.failed) == (False, 1, "2019-2020")
    assert "CT02.1" in veto.reason


def test_a_renamed_school_keeps_its_record() -> None:
    # commune reorganisation: school 01005 is 91005 from 2025-2026 on
    history = History(
        [rec("01005", "2023-2024"), rec("01005", "2024-2025"), rec("91005", "2025-2026")],
        [Rename("01005", "91005", "2025-2026")],
    )
    found = years_at_tier(history, "91005", "2025-2026", HTXS, LADDER, needed=3)
    assert found.met is True and found.held == ("2025-2026", "2024-2025", "2023-2024")
    assert [r.code for r in history.lookup("91005", "2024-2025")] == ["01005"]
    assert list(history.over_years("91005")) == ["2023-2024", "2024-2025", "2025-2026"]
    # as of a year before the rename, the new code has no past
    assert history.lookup("91005", "2023-2024", as_of="2024-2025") == ()
    # the old code's rows from the rename's year on are not the new school's
    later = History([rec("01005", "2025-2026")], [Rename("01005", "91005", "2025-2026")])
    assert later.lookup("91005", "2025-2026") == ()
    # a chain: A -> B in 2023, B -> C in 2025
    chain = History(
        [rec("A", "2021-2022"), rec("B", "2023-2024"), rec("C", "2025-2026")],
        [Rename("A", "B", "2023-2024"), Rename("B", "C", "2025-2026")],
    )
    assert [r.code for r in chain.lookup("C", "2021-2022")] == ["A"]
    assert chain.codes("C", "2021-2022") == ["C", "B", "A"]


def test_two_merged_schools_count_when_both_did() -> None:
    renames = [Rename("01010", "91010", "2025-2026"), Rename("01011", "91010", "2025-2026")]
    history = History(
        [
            rec("01010", "2023-2024"), rec("01011", "2023-2024"),
            rec("01010", "2024-2025"), rec("01011", "2024-2025", HTT, name="Trường MN Lương Lỗ"),
        ],
        renames,
    )  # fmt: skip
    assert len(history.lookup("91010", "2024-2025")) == 2
    found = years_at_tier(history, "91010", "2024-2025", HTXS, LADDER, needed=2)
    assert found.met is False and found.failed == "2024-2025"
    assert found.reason.endswith("(trường Trường MN Lương Lỗ, sáp nhập)")
    assert years_at_tier(history, "91010", "2024-2025", HTT, LADDER, needed=2).met is True
    # one of the two has no row for a year: that year cannot say
    named = [Rename("01010", "91010", "2025-2026", "Trường MN Ninh Dân"), renames[1]]
    gap = History([rec("01010", "2023-2024"), rec("01011", "2024-2025")], named)
    undecided = years_at_tier(gap, "91010", "2024-2025", HTT, LADDER, needed=1)
    assert undecided.met is None and undecided.missing == ("2024-2025",)
    assert undecided.reason == "chưa có dữ liệu năm 2024-2025 (trường Trường MN Ninh Dân, sáp nhập)"
    # ... unless a year of the other does not hold: then the run is broken whatever is missing
    broken = History([rec("01011", "2024-2025", HT)], named)
    assert years_at_tier(broken, "91010", "2024-2025", HTT, LADDER, needed=1).met is False


def test_a_conflicting_table_is_said_and_its_first_row_stands() -> None:
    history = History(
        [rec("A", "2020-2021")],
        [Rename("A", "B", "2022-2023", row=4), Rename("A", "C", "2022-2023", row=5),
         Rename("D", "D", "2022-2023", row=6)],
    )  # fmt: skip
    assert [f.code for f in history.findings] == ["history-mapping-conflict"] * 2
    assert [r.code for r in history.lookup("B", "2020-2021")] == ["A"]
    assert history.lookup("C", "2020-2021") == ()


def test_a_year_recorded_twice_replaces_the_program_fields_and_keeps_what_was_typed() -> None:
    first = [
        rec("A", YEAR, total=90.0, rank=2, awards=("GK",), award_state=AWARD_PENDING),
        rec("B", YEAR, total=95.0, rank=1, awards=("BK",), award_state=AWARD_PENDING),
        rec("Z", YEAR, total=80.0, rank=3),  # left the roster before the second recording
    ]
    rows, done = put_year([], YEAR, first, "lần 1")
    assert (done.added, done.replaced, done.kept, done.year_known) == (3, 0, 0, False)
    # the office types: a note for A, B's decision (it received another award), an older year
    typed = {
        "A": {"note": "Khen đột xuất"},
        "B": {"awards": ("CO",), "award_state": AWARD_DECIDED, "decision": "QĐ 12/QĐ-UBND"},
    }
    rows = [replace(r, **typed.get(r.code, {})) for r in rows]  # type: ignore[arg-type]
    rows.append(Record("A", "2019-2020", tier=HTXS, note="nhập tay"))
    second = [
        rec("A", YEAR, total=91.5, rank=1, awards=("BK",), award_state=AWARD_PENDING),
        rec("B", YEAR, total=90.0, rank=2, awards=("GK",), award_state=AWARD_PENDING),
    ]
    rows, done = put_year(rows, YEAR, second, "lần 2")
    assert (done.added, done.replaced, done.kept, done.year_known) == (0, 2, 1, True)
    by = {(r.code, r.year): r for r in rows}
    a, b, z = by[("A", YEAR)], by[("B", YEAR)], by[("Z", YEAR)]
    assert (a.total, a.rank, a.awards, a.note) == (91.5, 1, ("BK",), "Khen đột xuất")
    assert (b.total, b.awards, b.award_state, b.decision) == (90.0, ("CO",), AWARD_DECIDED,
                                                              "QĐ 12/QĐ-UBND")  # fmt: skip
    assert z.total == 80.0 and "không có trong lần ghi này" in z.since
    assert by[("A", "2019-2020")].note == "nhập tay" and by[("A", "2019-2020")].since == ""
    assert "giữ khen thưởng đã có quyết định" in b.since
    assert any("đã có trong sổ" in line for line in done.lines())


def test_an_award_status_that_cannot_be_read_is_kept_as_typed_and_cannot_say() -> None:
    typed = Record("A", YEAR, awards=("BK",), raw={"award_status": "đã QĐ"})
    assert years_with_award(History([typed]), "A", YEAR, ("BK",), needed=1).met is None
    rows, _ = put_year([typed], YEAR, [rec("A", YEAR, awards=("GK",), award_state=AWARD_PENDING)],
                       "lần 2")  # fmt: skip
    assert (rows[0].awards, rows[0].raw) == (("BK",), {"award_status": "đã QĐ"})


def test_every_code_has_a_meaning() -> None:
    assert all(code.startswith("history-") and meaning for code, meaning in CODES.items())


# --------------------------------------------------------------------------- merges to record


def _returns(folder: Path, broken: bool = False) -> Path:
    """Six clean year-end returns (the other 53 schools have not sent: no error); ``broken``:
    one more whose result is text in a number cell (an error: the merge is a draft)."""
    folder.mkdir()
    schools = TB.schools[:7] if broken else TB.schools[:6]
    for index, school in enumerate(schools):
        answers = clean_answers(TB, school, YE, seed=index)
        if index == 6:
            code = next(t.code for t in TB.targets_for(school.levels) if YE in t.periods)
            answers.targets[code]["result:cuoi-nam"] = "chưa có số liệu"
        render_school_workbook(
            TB, school, folder / f"{school.code}.xlsx", datetime(2026, 1, 1, tzinfo=UTC), answers
        )
    return folder


@pytest.fixture(scope="module")
def final(tmp_path_factory: pytest.TempPathFactory) -> api.MergeReport:
    """A final year-end merge (no error left) with its summary."""
    base = tmp_path_factory.mktemp("final")
    report = api.merge(TB, _returns(base / "bai_nop"), out=base / "bang_tong_hop.xlsx", period=YE)
    assert not report.result.draft
    return report


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> api.MergeReport:
    base = tmp_path_factory.mktemp("draft")
    report = api.merge(TB, _returns(base / "bai_nop", broken=True), period=YE)
    assert report.result.draft
    return report


def test_recording_is_refused_for_a_draft_and_for_another_period(
    draft: api.MergeReport, final: api.MergeReport, tmp_path: Path
) -> None:
    book = tmp_path / "lich_su.xlsx"
    with pytest.raises(api.HistoryRefused, match=r"còn 1 lỗi .*DỰ THẢO.*Chưa ghi gì"):
        api.record_year(draft, book)
    term = api.merge(TB, final.result.folder, period=Period.TERM1).result
    with pytest.raises(api.HistoryRefused, match="chỉ ghi được kết quả cuối năm"):
        api.record_year(term, book)
    assert not book.exists()


def test_a_misspelled_option_is_refused_as_python_refuses_it(
    final: api.MergeReport, tmp_path: Path
) -> None:
    """Both history jobs take their options (say, on_wait, when) from one declaration; a name
    they do not take stops the call, nothing written, as a misspelled keyword does."""
    book = tmp_path / "lich_su.xlsx"
    with pytest.raises(TypeError, match="unexpected keyword argument 'on_wiat'"):
        api.record_year(final, book, on_wiat=print)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected keyword argument 'wen'"):
        api.import_summary(tmp_path / "bang.xlsx", None, book, wen=None)  # type: ignore[call-arg]
    assert not book.exists()


def test_recording_a_year_twice_replaces_it_and_says_so(
    final: api.MergeReport, tmp_path: Path
) -> None:
    book = tmp_path / "lich_su.xlsx"
    first = api.record_year(final, book)
    assert (first.added, first.replaced, first.year_known, first.origin) == (
        59, 0, False, Origin.RECORDED,
    )  # fmt: skip
    again = api.record_year(final.result, book)
    assert (again.added, again.replaced, again.kept, again.year_known) == (0, 59, 0, True)
    assert f"Năm học {YEAR} đã có trong sổ" in again.lines()[1]
    assert again.to_json()["year_replaced"] is True and again.years == [YEAR]
    history = read_history_book(book)
    assert not history.findings and len(history.records) == 59
    expected = records_of(final.result, first.source)
    assert {r.code: (r.total, r.tier, r.rank, r.bloc_size, r.awards) for r in history.records} == {
        r.code: (r.total, r.tier, r.rank, r.bloc_size, r.awards) for r in expected
    }
    sent = [r for r in history.records if r.total is not None]
    assert len(sent) == 6 and all(r.award_state == AWARD_PENDING for r in sent if r.awards)


# --------------------------------------------------------------------------- the book


def _type_into(book: Path, out: Path) -> None:
    """What an office types with a spreadsheet: a note and a decision on rows the program
    wrote, a year before the program (typed whole), a rank that is no whole number, a school
    renamed, a column of its own."""
    wb = load_workbook(book)
    ws = wb[RESULTS_SHEET]
    header = [c.value for c in ws[HEADER_ROW]]
    col = {name: header.index(name) + 1 for name in header if name}
    rows = {ws.cell(r, col["Mã trường"]).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    first, second = TB.schools[0].code, TB.schools[1].code
    ws.cell(rows[first], col["Ghi chú của đơn vị"], "Được khen đột xuất")
    ws.cell(rows[second], col["Danh hiệu, khen thưởng"], "Cờ thi đua của UBND tỉnh")
    ws.cell(rows[second], col["Tình trạng khen thưởng"], AWARD_DECIDED)
    ws.cell(rows[second], col["Số, ngày quyết định"], "QĐ 1234/QĐ-UBND ngày 20/8/2021")
    extra = len(header) + 1
    ws.cell(HEADER_ROW, extra, "Người nhập")
    ws.cell(rows[first], extra, "Chị Lan")
    last = ws.max_row
    typed = {"Năm học": "2019-2020", "Mã trường": first, "Tên trường (năm đó)": "Trường MN TT",
             "Tổng điểm": 96.755, "Xếp loại": "Xuất sắc", "Xếp thứ": 2,
             "Danh hiệu, khen thưởng": "TTLĐXS", "Ghi chú của đơn vị": "từ sổ cũ"}  # fmt: skip
    for name, value in typed.items():
        ws.cell(last + 1, col[name], value)
    bad = {"Năm học": "2019", "Mã trường": second, "Xếp thứ": "3a", "Ghi chú của đơn vị": "?"}
    for name, value in bad.items():
        ws.cell(last + 2, col[name], value)
    ws.cell(last + 3, col["Năm học"], "2018-2019")  # a school that left long ago
    ws.cell(last + 3, col["Mã trường"], "09999")
    ws.cell(last + 3, col["Xếp loại"], HTT)
    renames = wb[RENAMES_SHEET]
    for c, value in enumerate(["01099", "Trường MN cũ", first, "2020-2021", "sáp nhập 2020"], 1):
        renames.cell(HEADER_ROW + 1, c, value)
    wb.save(out)


def _check_typed_kept(history: History) -> None:
    first, second = TB.schools[0].code, TB.schools[1].code
    by = {(r.code, r.year): r for r in history.records if r.usable}
    assert by[(first, YEAR)].note == "Được khen đột xuất"
    assert by[(first, YEAR)].extra == {"Người nhập": "Chị Lan"}
    decided = by[(second, YEAR)]
    assert (decided.awards, decided.award_state) == (("Cờ thi đua của UBND tỉnh",), AWARD_DECIDED)
    assert decided.decision == "QĐ 1234/QĐ-UBND ngày 20/8/2021"
    past = by[(first, "2019-2020")]
    assert (past.total, past.tier, past.rank, past.awards, past.origin) == (
        96.755, "Xuất sắc", 2, ("TTLĐXS",), Origin.TYPED,
    )  # fmt: skip
    assert by[("09999", "2018-2019")].tier == HTT
    bad = next(r for r in history.records if not r.usable)
    assert bad.raw == {"year": "2019", "rank": "3a"} and bad.note == "?"
    codes = sorted(f.code for f in history.findings)
    assert codes == ["history-invalid-rank", "history-invalid-year"]
    assert all(f.sheet == RESULTS_SHEET and f.cell for f in history.findings)
    (rename,) = history.renames
    assert (rename.old, rename.new, rename.since) == ("01099", first, "2020-2021")
    assert history.extra == ("Người nhập",)


def test_what_was_typed_is_kept_when_the_year_is_recorded_again(
    final: api.MergeReport, tmp_path: Path
) -> None:
    book = tmp_path / "lich_su.xlsx"
    api.record_year(final, book)
    _type_into(book, book)
    _check_typed_kept(read_history_book(book))
    done = api.record_year(final, book)
    assert (done.replaced, done.kept, done.added) == (59, 0, 0)
    assert sorted(f.code for f in done.findings) == [
        "history-invalid-rank", "history-invalid-year",
    ]  # fmt: skip
    assert done.exit_code == 1  # the book has cells that cannot be read
    history = read_history_book(book)
    _check_typed_kept(history)
    # by year, then bloc, then rank; the row whose year cannot be read last
    years = [r.year for r in history.records]
    assert years[:2] == ["2018-2019", "2019-2020"] and years[-1] == "2019"
    ranks = [r.rank for r in history.records if r.year == YEAR and r.bloc == "K-MN"]
    assert ranks == sorted(ranks, key=lambda x: (x is None, x or 0))


@pytest.mark.slow
def test_the_book_round_trips_through_libreoffice(final: api.MergeReport, tmp_path: Path) -> None:
    book = tmp_path / "lich_su.xlsx"
    api.record_year(final, book)
    typed = tmp_path / "go" / "lich_su.xlsx"
    typed.parent.mkdir()
    _type_into(book, typed)
    (saved,) = convert(typed, tmp_path / "lo")  # saved by LibreOffice, as an office would
    _check_typed_kept(read_history_book(saved))
    api.record_year(final, saved)
    _check_typed_kept(read_history_book(saved))
    # what LibreOffice keeps of the book: the formats and the drop-down
    ws = load_workbook(saved)[RESULTS_SHEET]
    header = [c.value for c in ws[HEADER_ROW]]
    total = ws.cell(HEADER_ROW + 1, header.index("Tổng điểm") + 1)
    assert "[$-42A]" in total.number_format
    assert any("Chờ quyết định" in str(v.formula1) for v in ws.data_validations.dataValidation)


def test_the_mapping_of_a_renamed_and_two_merged_schools_read_from_the_book(tmp_path: Path) -> None:
    book = tmp_path / "lich_su.xlsx"
    records = [
        rec("01001", "2023-2024"), rec("01001", "2024-2025"),  # renamed 91001
        rec("01010", "2024-2025"), rec("01011", "2024-2025", HTT),  # merged into 91010
        rec("91001", "2025-2026"), rec("91010", "2025-2026"),
    ]  # fmt: skip
    renames = [
        Rename("01001", "91001", "2025-2026", "Trường MN Thị trấn"),
        Rename("01010", "91010", "2025-2026", "Trường MN Lương Lỗ"),
        Rename("01011", "91010", "2025-2026", "Trường MN Ninh Dân"),
        Rename("01012", "", "2025 - 2026"),  # incomplete: said, kept as typed
    ]
    write_history_book(History(records, renames, organizer="Phòng GD&ĐT"), book)
    history = read_history_book(book)
    assert history.organizer == "Phòng GD&ĐT"
    assert [f.code for f in history.findings] == ["history-invalid-mapping"]
    assert years_at_tier(history, "91001", "2025-2026", HTXS, LADDER, needed=3).met is True
    merged = years_at_tier(history, "91010", "2025-2026", HTXS, LADDER, needed=2)
    assert merged.met is False and merged.failed == "2024-2025"
    assert years_at_tier(history, "91010", "2025-2026", HTT, LADDER, needed=2).met is True
    assert sorted(history.mapped(["91010"])) == [("01010", "91010"), ("01011", "91010")]
    assert (history.renames[-1].since, history.renames[-1].new) == ("2025-2026", "")


def test_a_file_that_is_no_history_book_is_refused_and_left_alone(
    final: api.MergeReport, tmp_path: Path
) -> None:
    summary = Path(final.summary or "")
    copy = tmp_path / "bang_tong_hop.xlsx"
    shutil.copy(summary, copy)
    before = copy.read_bytes()
    with pytest.raises(api.WrongHistoryBook, match="không phải sổ lịch sử"):
        api.record_year(final, copy)
    assert copy.read_bytes() == before


# --------------------------------------------------------------------------- importing


def test_importing_a_summary_the_program_wrote_gives_the_year_as_recorded(
    final: api.MergeReport, tmp_path: Path
) -> None:
    summary = Path(final.summary or "")
    recorded, imported = tmp_path / "ghi.xlsx", tmp_path / "nhap.xlsx"
    api.record_year(final, recorded)
    done = api.import_summary(summary, None, imported)
    assert (done.year, done.added, done.origin) == (YEAR, 59, Origin.IMPORTED)
    assert done.source.startswith("Nhập từ bảng tổng hợp 'bang_tong_hop.xlsx'")
    fields = ("name", "bloc", "status", "total", "tier", "rank", "bloc_size", "veto", "awards",
              "award_state")  # fmt: skip

    def table(path: Path) -> dict[str, tuple[object, ...]]:
        return {
            r.code: tuple(getattr(r, f) for f in fields) for r in read_history_book(path).records
        }

    assert table(imported) == table(recorded)
    # with that year's compact book: the same year; a second import replaces the year
    again = api.import_summary(summary, TB, imported)
    assert again.year_known and again.replaced == 59 and table(imported) == table(recorded)


@pytest.mark.slow
def test_importing_the_demo_summary_gives_what_its_merge_would_record(tmp_path: Path) -> None:
    # the demo's summary has it all: verified totals, a deferral, veto outcomes, the bloc's
    # vote and proposals, schools that sent an unusable file or nothing; and errors left (a
    # draft: imported as it is, and said)
    from giaouoc_xl.demo import run_demo

    demo = run_demo(tmp_path / "demo")
    assert demo.merge.draft
    done = api.import_summary(demo.summary, None, tmp_path / "lich_su.xlsx")
    assert done.notes and "bản dự thảo" in done.notes[0]
    fields = ("name", "bloc", "status", "total", "tier", "rank", "bloc_size", "veto", "awards",
              "award_state")  # fmt: skip
    imported = {r.code: r for r in read_history_book(tmp_path / "lich_su.xlsx").records}
    for record in records_of(demo.merge, ""):
        assert [getattr(imported[record.code], f) for f in fields] == [
            getattr(record, f) for f in fields
        ], record.code
    statuses = {r.status for r in imported.values()}
    assert any("tạm hoãn xét" in s for s in statuses) and any(r.veto for r in imported.values())
    assert any(r.awards for r in imported.values())


def test_importing_refuses_what_is_no_year_end_summary_of_this_compact(
    final: api.MergeReport, tmp_path: Path
) -> None:
    book = tmp_path / "lich_su.xlsx"
    other = sample("thpt-vung-kho-2022-2023")
    with pytest.raises(api.GiaoUocError, match="không phải 'thpt-vung-kho-2022-2023'"):
        api.import_summary(final.summary or "", other, book)
    term = tmp_path / "hk1.xlsx"
    api.merge(TB, final.result.folder, out=term, period=Period.TERM1)
    with pytest.raises(api.GiaoUocError, match="chỉ nhập được bảng tổng hợp cuối năm"):
        api.import_summary(term, None, book)
    assert not book.exists()


# --------------------------------------------------------------------------- the commands


def test_the_commands_end_to_end(
    final: api.MergeReport, draft: api.MergeReport, books: dict[str, Path], tmp_path: Path
) -> None:
    compact_book = books["thanh-ba-2020-2021"]
    book = tmp_path / "lich_su.xlsx"
    out = tmp_path / "bang_tong_hop.xlsx"
    recorded = run_cli(
        "history", "record", compact_book, final.result.folder, "--history", book, "--out", out,
        "--json",
    )  # fmt: skip
    assert recorded.code == 0, recorded.err
    document = recorded.json()
    assert (document["year"], document["added"], document["summary"]) == (YEAR, 59, str(out))
    again = run_cli("history", "record", compact_book, final.result.folder, "--history", book)
    assert again.code == 0 and f"Năm học {YEAR} đã có trong sổ" in again.out
    imported = run_cli("history", "import", out, "--history", book, "--compact", compact_book)
    assert imported.code == 0 and "Nhập năm học 2020-2021" in imported.out
    refused = run_cli(
        "history", "record", compact_book, draft.result.folder, "--history", book, "--json"
    )
    assert refused.code == 1 and "DỰ THẢO" in json.loads(refused.out)["error"]
    not_a_summary = run_cli("history", "import", compact_book, "--history", book)
    assert not_a_summary.code == 2 and "không phải bảng tổng hợp" in not_a_summary.err
    usage = run_cli("history", "import", out)
    assert usage.code == 2 and "thiếu '--history'" in usage.err
    assert len(read_history_book(book).records) == 59


def test_a_streak_asks_as_of_the_year_being_decided() -> None:
    # a school merged into B only in 2026-2027: B's history up to 2024-2025 is its own
    history = History(
        [rec("B", "2024-2025"), rec("D", "2024-2025", HT)], [Rename("D", "B", "2026-2027")]
    )
    assert streak(history, "B", "2024-2025", with_award("x")).upto == "2024-2025"
    assert years_at_tier(history, "B", "2024-2025", HTXS, LADDER, needed=1).met is True


def test_a_large_history_is_laid_out_on_sheets_of_whole_years_and_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a province's history is longer than a sheet the guard reads (20,000 rows): sheets of
    # whole years, each read back, the rows staff add on any of them kept
    from giaouoc_xl.workbooks.history import writer

    monkeypatch.setattr(writer, "ROWS_PER_SHEET", 25)
    records = [rec(f"{n:05d}", f"{2015 + y}-{2016 + y}", rank=n + 1) for y in range(4)
               for n in range(10)] + [rec(f"{n:05d}", "2019-2020") for n in range(30)]  # fmt: skip
    book = tmp_path / "lich_su.xlsx"
    write_history_book(History(records), book)
    names = load_workbook(book).sheetnames
    assert names[1:5] == [
        "Kết quả 2015-2016 đến 2016-2017", "Kết quả 2017-2018 đến 2018-2019",
        "Kết quả 2019-2020", "Kết quả 2019-2020 (2)",
    ]  # fmt: skip
    wb = load_workbook(book)
    ws = wb["Kết quả 2017-2018 đến 2018-2019"]
    ws.cell(ws.max_row + 1, 1, "2014-2015")
    ws.cell(ws.max_row, 2, "00001")
    wb.save(book)
    history = read_history_book(book)
    assert len(history.records) == 71 and not history.findings
    assert history.years[0] == "2014-2015" and len(history.over_years("00001")) == 6


def test_a_province_s_summary_is_imported_whatever_the_length_of_its_sheets(
    final: api.MergeReport, tmp_path: Path
) -> None:
    # a province's long data sheet has a row per school and target: far over the 20,000 rows
    # a school's submission may have; the program's own summary is read whatever its length
    from giaouoc_xl.api import LimitExceeded
    from giaouoc_xl.workbooks.intake.guard import MAX_ROWS, read_within_limits

    wb = load_workbook(final.summary or "")
    data = wb["Dữ liệu"]
    for number in range(MAX_ROWS + 10):
        data.append(["99999", f"Trường {number}", "", "CT01.1", 1])
    big = tmp_path / "tong_hop_tinh.xlsx"
    wb.save(big)
    with pytest.raises(LimitExceeded):  # as a school's submission: refused
        read_within_limits(big)
    done = api.import_summary(big, TB, tmp_path / "lich_su.xlsx")
    assert done.added == len(TB.schools) and done.year == YEAR
