"""One door per job: each job of the library API owns all its outputs (checks them all before
writing any, applies its rules itself, reports what it wrote and what failed), the front ends
only gather input and present what it returns, and the main process never reads a whole file."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.model import Compact, Period, School
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.jobs import slips as slip_jobs
from giaouoc_xl.workbooks.documents.slip import render_slip
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import ROOT, run_cli

TB = sample("thanh-ba-2020-2021")
YE = Period.YEAR_END
PACKAGE = ROOT / "giaouoc_xl"
FRONT_ENDS = [
    *sorted((PACKAGE / "cli").glob("*.py")),
    PACKAGE / "demo.py",
    *sorted((PACKAGE / "excel").glob("*.py")),
]

#: What a front end may call of the API: the jobs, and the reading and naming it needs to
#: gather their input. Nothing that writes a part of a job's outputs.
FRONT_END_CALLS = {
    "appraise",
    "book_setting",
    "check",
    "check_school_grids",
    "import_summary",
    "is_school_workbook",
    "label",
    "load_compact",
    "merge",
    "merge_with_settings",
    "new_compact_book",
    "office_files",
    "parse_period",
    "read_compact_book",
    "read_compact_grids",
    "record_year",
    "sample",
    "simulate_appraisal",
    "simulate_history",
    "simulate_returns",
    "simulate_vote",
    # an error of the system, worded in Vietnamese (the command line's last net)
    "system_detail",
    "system_message",
    "system_reason",
    "write_compact_book",
    "write_templates",
}


def _api_names(path: Path) -> set[str]:
    """The API's functions a module uses: ``api.NAME`` and names imported from the API."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id == "api":
                names.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("api"):
            names |= {alias.name for alias in node.names}
    return {name for name in names if callable(getattr(api, name, None))}


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: p.name)
def test_a_front_end_calls_the_jobs_never_their_parts(path: Path) -> None:
    called = {n for n in _api_names(path) if not isinstance(getattr(api, n), type)}
    assert called <= FRONT_END_CALLS, called - FRONT_END_CALLS


def test_the_api_offers_no_part_of_a_job() -> None:
    parts = {"write_slips", "write_documents_pdf", "write_feedback", "check_outputs",
             "write_summary", "write_appraisal", "check_files"}  # fmt: skip
    assert not parts & set(api.__all__) and not any(hasattr(api, name) for name in parts)


# --------------------------------------------------------------------------- the merge job


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bai_nop")
    for index, school in enumerate(TB.schools[:6]):
        answers = clean_answers(TB, school, YE, seed=index)
        render_school_workbook(
            TB, school, path / f"{school.code}.xlsx", datetime(2026, 1, 1, tzinfo=UTC), answers
        )
    return path


def test_every_output_is_said_before_any_is_written(
    returns: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out, slips = tmp_path / "th.xlsx", tmp_path / "phieu"
    book = books["thanh-ba-2020-2021"]
    missing_pdf = run_cli(
        "merge", book, returns, "--out", out, "--slips", slips, "--pdf", tmp_path / "x" / "a.pdf"
    )
    assert missing_pdf.code == 2 and "Không có thư mục" in missing_pdf.err
    (tmp_path / "mot_tep").write_text("x")
    with pytest.raises(api.OutputNotWritable, match="Chưa ghi gì"):
        api.merge(TB, returns, out=out, slips=tmp_path / "mot_tep")
    slips.mkdir()
    (slips / "~$01003_truong-mam-non-dai-an.xlsx").write_bytes(b"")  # a slip open in Excel
    open_slip = run_cli("merge", book, returns, "--out", out, "--slips", slips)
    assert open_slip.code == 2 and "đang được mở" in open_slip.err
    assert not out.exists() and len(list(slips.iterdir())) == 1  # nothing written by any
    with pytest.raises(api.GiaoUocError, match="Không có thư mục bài nộp"):
        api.merge(TB, tmp_path / "khong_co", out=out)


def test_a_registration_merge_refuses_a_named_appraisal_book_and_the_button_leaves_it_aside(
    returns: Path, tmp_path: Path
) -> None:
    book = tmp_path / "so_tham_dinh.xlsx"
    api.appraise(TB, returns, book, YE)
    with pytest.raises(api.WrongAppraisalBook, match="chưa có kết quả để thẩm định"):
        api.merge(TB, returns, appraisal=book, period=Period.REGISTRATION)
    files = api.OfficeFiles(
        submissions=returns, summary=tmp_path / "th.xlsx", appraisal=book, pdf=None,
        slips=tmp_path / "phieu", templates=tmp_path / "mau",
    )  # fmt: skip
    report = api.merge_with_settings(TB, files, period=Period.REGISTRATION)
    assert report.summary == str(tmp_path / "th.xlsx") and report.appraisal is None
    assert report.notes == [
        "Chưa dùng sổ thẩm định 'so_tham_dinh.xlsx': kỳ 'Đăng ký đầu năm' chưa có kết quả để "
        "thẩm định."
    ]
    scored = api.merge_with_settings(TB, files, period=YE)
    assert scored.appraisal == str(book) and not scored.notes


def test_a_pdf_that_cannot_be_printed_is_a_failure_of_the_report_and_the_rest_stands(
    returns: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAOUOC_SOFFICE", str(tmp_path / "khong_co_soffice"))
    report = api.merge(
        TB, returns, out=tmp_path / "th.xlsx", pdf=tmp_path / "vb.pdf", slips=tmp_path / "p"
    )
    (failure,) = report.failures
    assert failure.output == "pdf" and "Không tìm thấy LibreOffice" in failure.message
    assert report.exit_code == 2 and report.pdf is None and not (tmp_path / "vb.pdf").exists()
    assert Path(report.summary or "").exists() and len(report.slips) == len(TB.schools)
    document = json.loads("".join(report.json_text()))
    assert document["pdf_error"]["message"] == failure.message
    assert document["failures"] == [failure.to_json()]


def _roster(compact: Compact, size: int) -> Compact:
    """The sample's roster repeated to ``size`` schools (codes and names of their own)."""
    schools = [
        School(
            code=f"{90000 + n}",
            name=f"{base.name} {n}",
            levels=base.levels,
            bloc=base.bloc,
            commune=base.commune,
        )
        for n, base in ((n, compact.schools[n % len(compact.schools)]) for n in range(size))
    ]
    return compact.model_copy(update={"schools": (*compact.schools, *schools)})


def test_slips_written_on_the_worker_pool_are_the_slips_written_here(
    returns: Path, tmp_path: Path
) -> None:
    compact = _roster(TB, slip_jobs.PARALLEL_FROM)  # enough schools for the pool
    when = datetime(2026, 6, 1, 8, 0)
    result = api.merge(compact, returns, period=YE).result
    written, failure = slip_jobs.write_slips(result, tmp_path / "phieu", when, jobs=2)
    assert failure is None and len(written) == len(compact.schools)
    for index in (0, 3, len(written) - 1):  # a school that sent, and two that did not
        here = tmp_path / f"here_{index}.xlsx"
        render_slip(result, result.schools[index], here, when)
        pooled = load_workbook(written[index]).active
        assert [[c.value for c in r] for r in pooled.iter_rows()] == [
            [c.value for c in r] for r in load_workbook(here).active.iter_rows()
        ]


# --------------------------------------------------------------------------- memory

#: A merge in a process of its own: its peak resident memory (the parent only: the files are
#: read by workers), before and after merging a folder with an 800 MB file that is no workbook.
MEASURE = r"""
import json, resource, sys
from giaouoc_xl import api
compact = api.sample("thanh-ba-2020-2021")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = api.merge(compact, sys.argv[1], out=sys.argv[2], period=api.Period.YEAR_END)
again = api.merge(compact, sys.argv[1], out=sys.argv[2], period=api.Period.YEAR_END)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
statuses = {o.name: o.status for o in report.result.files}
print(json.dumps({"grew_mb": (after - before) / 1024, "statuses": statuses,
                  "hits": again.result.cache_hits}))
"""


@pytest.mark.slow
def test_the_main_process_never_reads_a_whole_file(returns: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    for path in sorted(returns.iterdir())[:2]:
        (folder / path.name).write_bytes(path.read_bytes())
    with (folder / "minh_chung.xlsx").open("wb") as big:  # scanned evidence; sparse: no disk
        big.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        big.truncate(800 * 1024 * 1024)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(folder), str(tmp_path / "th.xlsx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(done.stdout)
    assert measured["grew_mb"] < 100, measured  # it grew by 800 MB when the parent hashed it
    assert measured["statuses"]["minh_chung.xlsx"] == "not-a-spreadsheet"
    assert measured["hits"] == 2  # the two workbooks hashed (by blocks) and found in the cache


def test_feedback_copies_take_names_every_system_can_write(returns: Path, tmp_path: Path) -> None:
    import unicodedata

    folder = tmp_path / "tu_may_mac"
    folder.mkdir()
    first, second = sorted(returns.iterdir())[:2]
    nfd = unicodedata.normalize("NFD", "Trường Mầm non: bản cuối.xlsx")  # as a Mac names it
    (folder / "con.xlsx").write_bytes(first.read_bytes())  # a device name on Windows
    (folder / nfd).write_bytes(second.read_bytes())
    result = api.check(TB, [folder / "con.xlsx", folder / nfd], YE, feedback=tmp_path / "phan_hoi")
    names = sorted(p.name for p in (tmp_path / "phan_hoi").iterdir())
    assert names == ["Trường Mầm non_ bản cuối.xlsx", "con_.xlsx"]
    assert [Path(o.feedback).name for o in result.files] == ["con_.xlsx", names[0]]
