"""A check of one period does not repeat another period's shortfalls as warnings: a year-end
check keeps a first-semester result below the registration in its findings (and the JSON, with
its ``period``) but out of what a person reads for the year's end (the counts, the feedback
sheet); messages name the period in its own case ("kết quả học kỳ I")."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook

from giaouoc_xl.core.check import check_submission
from giaouoc_xl.core.findings import Finding, Report, Severity
from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import Answers
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.jobs.file_job import examine_file
from giaouoc_xl.workbooks.school.reader import read_submission
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli

TB = sample("thanh-ba-2020-2021")
SCHOOL = next(s for s in TB.schools if s.code == "02006")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
HK1, YE = Period.TERM1, Period.YEAR_END


def _short_in_both(folder: Path) -> Path:
    """Year-end results typed: CT06.2 short of its registration in the first semester only,
    CT04.1 short in both."""
    answers: Answers = clean_answers(TB, SCHOOL, YE, seed=11)
    answers.targets["CT06.2"].update(
        {"registration": 99.8, "result:hk1": 99.6, "result:cuoi-nam": 99.8}
    )
    answers.targets["CT04.3"].update({"result:hk1": 0, "result:cuoi-nam": 0})  # + CT06.2 ≤ 100
    answers.targets["CT04.1"].update({"registration": 100, "result:hk1": 98, "result:cuoi-nam": 99})
    path = folder / "02006_truong-tieu-hoc-dong-linh.xlsx"
    render_school_workbook(TB, SCHOOL, path, WHEN, answers)
    return path


def _findings(path: Path, period: Period) -> list[Finding]:
    return check_submission(TB, read_submission(path, TB), period)


def test_another_periods_shortfall_is_marked_with_its_period(tmp_path: Path) -> None:
    path = _short_in_both(tmp_path)
    year_end = _findings(path, YE)
    shortfalls = {(f.target, f.period) for f in year_end if f.code == "result-below-registration"}
    assert shortfalls == {("CT06.2", "hk1"), ("CT04.1", "hk1"), ("CT04.1", "")}
    report = Report(year_end)
    assert {(f.target, f.period) for f in report.other_periods} == {
        ("CT06.2", "hk1"),
        ("CT04.1", "hk1"),
    }
    assert [f.target for f in report.warnings] == ["CT04.1"]  # what matters at the year's end
    assert report.stats == {"errors": 0, "warnings": 1, "other_periods": 2}
    assert all(not f.period for f in report.current)
    # the first semester's own check: its shortfalls are its own, the year's end is to come
    term = Report(_findings(path, HK1))
    assert {f.target for f in term.warnings} == {"CT06.2", "CT04.1"}
    assert {(f.target, f.period) for f in term.other_periods} == {("CT04.1", "cuoi-nam")}


def test_the_period_is_named_in_its_own_case(tmp_path: Path) -> None:
    messages = [f.message for f in _findings(_short_in_both(tmp_path), YE)]
    assert any("kết quả học kỳ I là 99,6 %" in m for m in messages), messages
    assert not any("học kỳ i " in m for m in messages)
    assert any("kết quả cuối năm là 99 %" in m for m in messages)


def test_the_json_keeps_the_period_and_reads_it_back() -> None:
    finding = Finding("result-below-registration", Severity.WARNING, "…", period="hk1")
    document = finding.to_json()
    assert document["period"] == "hk1"
    assert Finding.from_json(json.loads(json.dumps(document))) == finding
    assert "period" not in Finding("x").to_json()  # only on findings about another period


def test_the_feedback_sheet_and_the_counts_are_of_the_period_checked(tmp_path: Path) -> None:
    path = _short_in_both(tmp_path)
    outcome = examine_file(TB, path, path.name, YE, feedback=tmp_path / "ph")
    assert outcome.valid and len(outcome.warnings) == 1 and len(outcome.other_periods) == 2
    ws = load_workbook(outcome.feedback)["Kết quả kiểm tra"]
    listed = [r for r in ws.iter_rows(min_row=6, values_only=True) if r[0]]
    assert [(r[3], r[5]) for r in listed] == [("CT04.1", "result-below-registration")]
    assert "0 lỗi, 1 cảnh báo" in str(ws["A3"].value)
    result = run_cli("check", "--period", "cuoi-nam", "--json", _book(tmp_path), path)
    document = json.loads(result.out)
    assert document["stats"]["warnings"] == 1 and document["stats"]["other_periods"] == 2


def _book(folder: Path) -> Path:
    from giaouoc_xl.workbooks.compact.writer import write_compact_book

    return write_compact_book(TB, folder / "so.xlsx")


def test_the_checks_json_marks_each_finding_with_its_period(tmp_path: Path) -> None:
    path = _short_in_both(tmp_path)
    result = run_cli("check", "--period", "cuoi-nam", "--json", _book(tmp_path), path)
    (entry,) = json.loads(result.out)["files"]
    periods = [f.get("period") for f in entry["findings"] if f["target"] == "CT06.2"]
    assert periods == ["hk1"]
