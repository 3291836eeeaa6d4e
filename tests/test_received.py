"""What was received, said exactly: a school that sent a file is never "chưa nộp".

A school with files tied to it but none usable (an old template, an encrypted file, a PDF…) is
``unusable``: not ranked, its reason the newest file's and what it must do; a file whose content
names no school is tied by the code its name starts with, and says so; a merge with any of them
exits 1 with errors counted. Every document, slip and screen says what was received and what
the school must do: the result table's note, the overview (schools, never files), the status
sheet, the terminal, the Excel buttons' message, the slips (each error with its target and
cell; one A4 page, continued on a second when the list is long).

What the rendered pages showed (LibreOffice, ``pdftoppm -r 60``, looked at): the demo's slips of
01006 (old template) and 02003 (encrypted, tied by its name) one page each, the heading, what
was received, what to do, the signature whole, no table; a school with 2 errors one page, the
numbered errors above its targets; a school with 22 errors two pages, the page number "2" at
the top of the second, the errors then the targets' table whole with its header, the signature
at the end; the overview one page, its first table the schools by status (4 statuses and the
total), its bloc table with the column "Không dùng được", nothing cut or overlapping.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.cli.render import print_merge
from giaouoc_xl.core.codes import (
    FIXES,
    SCHOOL_STATUSES,
    UNUSABLE_FILES,
    FileStatus,
    SchoolStatus,
)
from giaouoc_xl.core.findings import Report
from giaouoc_xl.core.model import Compact, Period
from giaouoc_xl.core.reports import MergeReport
from giaouoc_xl.core.results import MergeResult, SchoolRow
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.demo import DemoResult, revised, run_demo
from giaouoc_xl.excel.actions import _merged
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.documents.blocks import Lines, Table
from giaouoc_xl.workbooks.documents.slip import render_slip, slip_document
from giaouoc_xl.workbooks.intake.formats import Format, identify
from giaouoc_xl.workbooks.school.writer import render_school_workbook
from giaouoc_xl.workbooks.summary import write_summary
from giaouoc_xl.workbooks.summary.overview import overview_document
from giaouoc_xl.workbooks.summary.result_table import NOT_RANKED, note, ordered

from .conftest import run_cli
from .libreoffice import convert
from .printing import collapse, pages_text
from .wild import structural_encrypted_ooxml

OLD, COMPACT = revised(api.sample("thanh-ba-2020-2021"))  # revision 1 (stale), revision 2
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
YE = Period.YEAR_END
SCHOOLS = {s.code: s for s in COMPACT.schools}
ENCRYPTED = school_file_name("02003", SCHOOLS["02003"].name)  # 02003_truong-tieu-hoc-dai-an
SENT = {"01001", "01002", "01003", "02003", "02004", "02006"}  # every school that sent a file


def _send(folder: Path, code: str, answers_of: Any = None, compact: Compact = COMPACT) -> Path:
    school = SCHOOLS[code]
    answers = clean_answers(compact, school, YE, seed=int(code))
    if answers_of is not None:
        answers_of(answers)
    path = folder / school_file_name(code, school.name)
    render_school_workbook(compact, school, path, WHEN, answers)
    return path


def _below(answers: Any) -> None:
    answers.targets["CT05.2"]["registration"] = 7.0  # the threshold is at most 5
    answers.targets["CT01.1"]["registration"] = 90.0  # the threshold is 100


def _no_results(answers: Any) -> None:
    for typed in answers.targets.values():
        typed.pop("result:cuoi-nam", None)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """01001 valid; 01002 two errors; 01003 an old template; 02003 an encrypted workbook that
    only its name ties to it; 02004 a PDF named after it; 02005 only Excel's lock file; 02006 a
    valid file and an older encrypted one; an encrypted file named after no school."""
    root = tmp_path_factory.mktemp("bai_nop")
    _send(root, "01001")
    _send(root, "01002", _below)
    _send(root, "01003", compact=OLD)
    (root / ENCRYPTED).write_bytes(structural_encrypted_ooxml(b"PK" * 2048))
    (root / "02004_bao-cao-cuoi-nam.pdf").write_bytes(b"%PDF-1.4\n% bao cao\n")
    (root / f"~${school_file_name('02005', SCHOOLS['02005'].name)}").write_bytes(b"\x00" * 165)
    _send(root, "02006")
    (root / "cu").mkdir()
    (root / "cu" / "02006_lan-truoc.xlsx").write_bytes(structural_encrypted_ooxml(b"PK" * 64))
    (root / "mat_khau.xlsx").write_bytes(structural_encrypted_ooxml(b"PK" * 64))
    return root


@pytest.fixture(scope="module")
def result(folder: Path) -> MergeResult:
    return merge(COMPACT, folder, YE, jobs=1)


def _rows(result: MergeResult) -> dict[str, SchoolRow]:
    return {r.school.code: r for r in result.schools}


def test_a_school_that_sent_only_unusable_files_is_unusable(result: MergeResult) -> None:
    rows = _rows(result)
    statuses = {code: rows[code].status for code in (*SENT, "02005")}
    assert statuses == {
        "01001": SchoolStatus.VALID,
        "01002": SchoolStatus.WITH_ERRORS,
        "01003": SchoolStatus.UNUSABLE,  # tied by its content
        "02003": SchoolStatus.UNUSABLE,  # tied by its name
        "02004": SchoolStatus.UNUSABLE,  # a PDF, tied by its name
        "02005": SchoolStatus.MISSING,  # a lock file is never tied
        "02006": SchoolStatus.VALID,  # an unusable older file does not matter
    }
    assert all(r.status is SchoolStatus.MISSING for c, r in rows.items() if c not in SENT)
    assert all(r.rank is None and r.total is None for r in rows.values() if r.status != "valid")
    stale = rows["01003"]
    assert stale.file == school_file_name("01003", SCHOOLS["01003"].name) and not stale.by_name
    assert "mẫu cũ" in stale.reason and stale.received is not None
    assert stale.todo == UNUSABLE_FILES[FileStatus.STALE_TEMPLATE][1]
    assert "gửi lại tệp theo mẫu mới" in stale.todo


def test_an_encrypted_file_is_tied_by_the_code_in_its_name(result: MergeResult) -> None:
    row = _rows(result)["02003"]
    assert row.file == ENCRYPTED and row.by_name
    assert row.received is not None and row.received.status is FileStatus.ENCRYPTED
    assert row.reason.startswith(f"Đã gửi tệp '{ENCRYPTED}' (nhận theo mã trường trong tên tệp)")
    assert "mật khẩu" in row.reason and row.todo.startswith("bỏ mật khẩu rồi gửi lại")
    files = {o.name: o for o in result.files}
    assert files[ENCRYPTED].school == "02003"  # the status sheet's and the JSON's file row
    assert files["mat_khau.xlsx"].school == "" and files["mat_khau.xlsx"].status == "encrypted"
    lock = next(o for o in result.files if o.status is FileStatus.LOCK_FILE)
    assert lock.school == ""
    pdf = _rows(result)["02004"]
    assert pdf.by_name and pdf.received is not None
    assert pdf.received.status is FileStatus.NOT_A_SPREADSHEET
    assert "không phải bảng tính" in pdf.sent and "Excel" in pdf.todo


def test_a_merge_with_unusable_files_reports_its_errors(result: MergeResult, folder: Path) -> None:
    assert result.has_errors and result.draft
    found = {(f.code, f.school) for f in result.findings if f.severity == "error"}
    assert {("stale-template", "01003"), ("encrypted-file", "02003")} <= found
    assert ("unreadable-file", "02004") in found  # the PDF's refusal
    assert not any(f.school == "02006" and f.code == "encrypted-file" for f in result.findings)
    errors = Report(result.findings).stats["errors"]
    assert errors == 2 + 3 and result.open_errors == errors  # 01002's two, three refusals
    counts = {c.bloc.code: c for c in result.blocs}
    assert (counts["K-MN"].valid, counts["K-MN"].with_errors, counts["K-MN"].unusable) == (1, 1, 1)
    assert (counts["K-TH"].valid, counts["K-TH"].with_errors, counts["K-TH"].unusable) == (1, 0, 2)
    assert counts["K-TH"].submitted == 3 and counts["K-TH"].missing == 17
    document = result.to_json()
    schools = {s["code"]: s for s in document["schools"]}
    assert schools["02003"]["status"] == "unusable" and schools["02003"]["file"] == ENCRYPTED
    assert "nhận theo mã trường trong tên tệp" in schools["02003"]["reason"]
    assert schools["02003"]["todo"].startswith("bỏ mật khẩu")
    assert schools["02005"]["reason"] == SCHOOL_STATUSES[SchoolStatus.MISSING]
    assert all(schools[c]["status"] != "missing" for c in SENT)


def test_the_registration_period_too(folder: Path) -> None:
    registration = merge(COMPACT, folder, Period.REGISTRATION, jobs=1)
    rows = _rows(registration)
    assert rows["02003"].status is SchoolStatus.UNUSABLE and rows["02003"].by_name
    assert rows["01003"].status is SchoolStatus.UNUSABLE and registration.has_errors
    assert note(registration, rows["02003"]) == (
        "Tệp gửi không dùng được (có mật khẩu), cần gửi lại"
    )


def test_the_command_exits_1_and_lists_who_sent_what(folder: Path, tmp_path: Path) -> None:
    book = api.write_compact_book(COMPACT, tmp_path / "so.xlsx")
    done = run_cli("merge", book, folder, "--dry-run", "--period", "cuoi-nam")
    assert done.code == 1, done.err
    text = collapse(done.out)
    errors = re.search(r"Lỗi: (\d+)", text)
    assert errors is not None and int(errors[1]) == 5
    assert "Đã gửi tệp nhưng không dùng được" in text
    for code in ("01003", "02003", "02004"):
        assert code in text.split("Chưa nộp:")[0]  # listed with why, before the missing ones
    missing = text.split("Chưa nộp:")[1].split("Lỗi:")[0]
    assert not any(code in missing for code in SENT) and missing.startswith(" 01004 ")
    assert "nhận theo mã trường trong tên tệp" in text and "bỏ mật khẩu" in text
    document = run_cli("merge", book, folder, "--dry-run", "--period", "cuoi-nam", "--json")
    assert document.code == 1
    schools = {s["code"]: s for s in document.json()["schools"]}
    assert {schools[c]["status"] for c in ("01003", "02003", "02004")} == {"unusable"}


def test_the_result_table_says_what_was_received(result: MergeResult) -> None:
    rows = _rows(result)
    said = {code: note(result, rows[code]) for code in ("01002", "01003", "02003", "02005")}
    assert said["01003"] == "Tệp gửi không dùng được (mẫu cũ), cần gửi lại"
    assert (
        said["02003"].startswith(NOT_RANKED[SchoolStatus.UNUSABLE]) and "mật khẩu" in said["02003"]
    )
    assert said["01002"].startswith(NOT_RANKED[SchoolStatus.WITH_ERRORS])
    assert said["02005"] == "Chưa nộp"
    assert not any("chưa nộp" in note(result, rows[c]).lower() for c in SENT)
    bloc = next(b for b in COMPACT.blocs if b.code == "K-TH")
    order = [r.status for r in ordered(result.members(bloc))]
    assert order == sorted(
        order, key=[SchoolStatus.VALID, "with-errors", "unusable", "missing"].index
    )


def _document_texts(document: Any) -> list[str]:
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Lines):
            texts += block.texts
        elif isinstance(block, Table):
            texts += [str(v) for row in block.rows for k, v in row.items() if not k.startswith("_")]
            texts += [c.header for c in block.columns]
    return texts


def test_the_overview_counts_schools_never_files(result: MergeResult) -> None:
    document = overview_document(result, WHEN)
    texts = _document_texts(document)
    first = next(b for b in document.blocks if isinstance(b, Table))
    counts = {row["status"]: row["count"] for row in first.rows}
    assert list(counts.values()) == [2, 1, 3, len(COMPACT.schools) - 6, len(COMPACT.schools)]
    assert "Đã gửi tệp nhưng không dùng được (mẫu cũ, đặt mật khẩu…), cần gửi lại" in counts
    assert [c.header for c in first.columns] == ["Tình trạng", "Số trường"]
    flat = " ".join(texts).lower()
    for technical in ("tệp khóa", "tệp tạm", "số tệp", "sha", "~$", ".xlsx", "bỏ qua"):
        assert technical not in flat, technical
    blocs = [b for b in document.blocks if isinstance(b, Table)][-1]
    total = blocs.rows[-1]
    assert (total["valid"], total["with_errors"], total["unusable"], total["submitted"]) == (
        2,
        1,
        3,
        6,
    )
    assert "Không dùng được" in [c.header for c in blocs.columns]


def test_the_status_sheet_says_what_each_school_must_do(
    result: MergeResult, tmp_path: Path
) -> None:
    path = write_summary(result, tmp_path / "tong_hop.xlsx")
    rows = list(load_workbook(path, read_only=True)["Tình trạng nộp"].iter_rows(values_only=True))
    assert rows[1][:9] == (
        "STT", "Mã trường", "Tên trường", "Khối", "Trạng thái", "Lý do", "Tệp", "Trường cần làm",
        "Mã trạng thái",
    )  # fmt: skip
    schools = {row[1]: row for row in rows[2:] if row[1] in SCHOOLS}
    # the status in words, its code in a column of its own (for filtering)
    assert schools["02003"][4] == "Không dùng được" and schools["02003"][8] == "unusable"
    assert (schools["02005"][4], schools["02005"][8]) == ("Chưa nộp", "missing")
    assert schools["02003"][6] == ENCRYPTED
    assert "nhận theo mã trường trong tên tệp" in schools["02003"][5]
    assert schools["02003"][7].startswith("bỏ mật khẩu")
    assert schools["01002"][7] == "sửa các lỗi trong tệp rồi gửi lại"
    assert schools["01001"][7] in (None, "")  # a valid school has nothing to do
    findings = list(
        load_workbook(path, read_only=True)["Lỗi và cảnh báo"].iter_rows(values_only=True)
    )
    assert any(row[2] == "02003" and row[7] == "encrypted-file" for row in findings)
    # every file: in the status sheet's second table and in the log, in words and by its code
    files_at = next(i for i, row in enumerate(rows) if row[:3] == ("STT", "Trạng thái", "Tệp"))
    assert rows[files_at][8] == "Mã trạng thái"
    files = {row[2]: (row[1], row[8]) for row in rows[files_at + 1 :] if row[2]}
    assert files[ENCRYPTED] == ("Có mật khẩu", "encrypted")
    log = list(load_workbook(path, read_only=True)["Nhật ký"].iter_rows(values_only=True))
    log_at = next(i for i, row in enumerate(log) if row[:2] == ("Tệp", "Trạng thái"))
    assert log[log_at][4] == "Mã trạng thái"
    logged = {row[0]: (row[1], row[4]) for row in log[log_at + 1 :] if row[0]}
    assert logged == files and len(logged) == len(result.files)
    codes = {status.value for status in FileStatus} | {status.value for status in SchoolStatus}
    shown = [row[4] for row in rows[2:files_at]] + [word for word, _ in files.values()]
    assert not codes & set(shown)  # no code where a person reads the status


def test_the_annex_marks_an_unusable_file_as_it_marks_errors(
    result: MergeResult, tmp_path: Path
) -> None:
    path = write_summary(result, tmp_path / "tong_hop.xlsx")
    bloc = SCHOOLS["02003"].bloc
    ws = load_workbook(path)[next(n for n in load_workbook(path).sheetnames
                                  if n.startswith("PL ") and bloc in n)]  # fmt: skip
    rules = {
        rule.formula[0]: rule.dxfId  # the format (red, grey) by its number
        for ranges in ws.conditional_formatting
        for rule in ranges.rules
        if rule.formula
    }
    assert rules['"Không dùng được"'] == rules['"Có lỗi"'] != rules['"Chưa nộp"']
    status = next(row for row in ws.iter_rows(values_only=True) if "02003" in row)
    assert "Không dùng được" in status


def _slip_text(result: MergeResult, code: str) -> str:
    return collapse(" ".join(_document_texts(slip_document(result, _rows(result)[code], WHEN))))


def test_a_slip_lists_each_error_with_its_target_and_cell(result: MergeResult) -> None:
    row = _rows(result)["01002"]
    assert row.outcome is not None
    errors = row.outcome.errors
    assert len(errors) == 2
    text = _slip_text(result, "01002")
    assert "Chưa xếp hạng: bài nộp có lỗi." not in text and "Các lỗi cần sửa (2):" in text
    for number, finding in enumerate(errors, start=1):
        assert finding.target in text and f"Ô {finding.sheet}!{finding.cell}" in text
        line = f"{number}. Ô {finding.sheet}!{finding.cell}: {finding.message.rstrip('.')}."
        assert line in text and FIXES[finding.code] in text
    assert "Kết quả từng chỉ tiêu (tạm tính, trước khi sửa)" in text
    document = slip_document(result, row, WHEN)
    assert not document.one_page  # a long list may go on to a second page
    assert slip_document(result, _rows(result)["01001"], WHEN).one_page


def test_slips_say_what_was_received_and_what_to_do(result: MergeResult) -> None:
    encrypted = _slip_text(result, "02003")
    assert f"Đơn vị đã nhận tệp '{ENCRYPTED}' của trường (nhận theo mã trường trong tên tệp)" in (
        encrypted
    )
    assert (
        "tệp có đặt mật khẩu, không mở được" in encrypted and "bỏ mật khẩu rồi gửi lại" in encrypted
    )
    stale = _slip_text(result, "01003")
    assert "tệp theo mẫu cũ của giao ước" in stale and "gửi lại tệp theo mẫu mới" in stale
    missing = _slip_text(result, "02005")
    assert "chưa nộp" in missing and school_file_name("02005", SCHOOLS["02005"].name) in missing
    assert "Trường cần gửi: tệp mẫu giao ước của trường" in missing
    for code in SENT:
        assert "chưa nộp" not in _slip_text(result, code).lower(), code


def test_the_buttons_and_the_terminal_name_the_unusable_schools(
    result: MergeResult, capsys: pytest.CaptureFixture[str]
) -> None:
    report = MergeReport(result, summary="bang_tong_hop.xlsx")
    lines = _merged(report)
    assert "2 trường hợp lệ, 1 có lỗi, 3 gửi tệp không dùng được, " in lines[0]
    named = [line for line in lines if line.startswith("- ")]
    assert [line.split()[1] for line in named] == ["01003", "02003", "02004"]
    assert "bỏ mật khẩu" in named[1] and "mẫu cũ" in named[0]
    print_merge(report)
    out = collapse(capsys.readouterr().out)
    assert "Tệp không dùng được" in out or "Tệp không dùng" in out
    assert "02003" in out.split("Chưa nộp:")[0] and "Lỗi: 5" in out


# --------------------------------------------------------------------------- the demo, printed


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), jobs=1)


@pytest.mark.slow
def test_the_demo_has_an_old_template_an_encrypted_file_and_an_unsigned_school(
    demo: DemoResult, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(demo.merge)
    assert rows["01006"].status is SchoolStatus.UNUSABLE and not rows["01006"].by_name
    assert rows["02003"].status is SchoolStatus.UNUSABLE and rows["02003"].by_name
    assert identify((demo.returns / ENCRYPTED).read_bytes()) is Format.ENCRYPTED_OOXML
    unsigned = rows["01014"]
    assert unsigned.status is SchoolStatus.VALID and unsigned.outcome is not None
    assert not unsigned.outcome.signed and unsigned.rank is not None  # ranked all the same
    assert demo.merge.has_errors and demo.report is not None and demo.report.exit_code == 1
    sent = {o.school for o in demo.merge.files if o.school in SCHOOLS}
    document = demo.merge.to_json()
    for school in document["schools"]:
        if school["code"] in sent:
            assert school["status"] != "missing", school["code"]
    for bloc in COMPACT.blocs:
        for row in demo.merge.members(bloc):
            if row.school.code in sent:
                assert "chưa nộp" not in note(demo.merge, row).lower(), row.school.code
    print_merge(demo.report)
    out = collapse(capsys.readouterr().out)
    missing = out.split("Chưa nộp:")[1].split("Lỗi:")[0]
    assert not any(code in missing for code in sent) and "03019" in missing
    errors = re.search(r"Lỗi: (\d+)", out)
    assert errors is not None and int(errors[1]) > 0


def _pages(pdf: Path) -> list[str]:
    return [collapse(page) for page in pages_text(pdf, layout=False)]


@pytest.mark.slow
def test_the_slips_and_the_overview_print_whole(
    demo: DemoResult, result: MergeResult, tmp_path: Path
) -> None:
    slips = {Path(p).name[:5]: Path(p) for p in demo.slips}
    chosen = [slips[code] for code in ("01006", "02003", "01003", "03019")]
    long = tmp_path / "loi_nhieu.xlsx"  # 22 errors: every result missing
    long_folder = tmp_path / "nhieu_loi"
    long_folder.mkdir()
    _send(long_folder, "01001", _no_results)
    many = merge(COMPACT, long_folder, YE, jobs=1)
    render_slip(many, many.schools[0], long, WHEN)
    short = tmp_path / "hai_loi.xlsx"
    render_slip(result, _rows(result)["01002"], short, WHEN)
    pdfs = convert([*chosen, long, short], tmp_path / "pdf", "pdf")
    stale, encrypted, with_errors, missing, long_pdf, short_pdf = (_pages(p) for p in pdfs)
    signers = [demo.merge.compact.signer.name] * 4 + [COMPACT.signer.name] * 2
    printed = (stale, encrypted, with_errors, missing, long_pdf, short_pdf)
    for pages, signer in zip(printed, signers, strict=True):
        assert len(pages) == (2 if pages is long_pdf else 1)
        assert "PHIẾU KẾT QUẢ THI ĐUA NĂM HỌC 2020-2021" in pages[0]
        assert "Nơi nhận:" in pages[-1] and signer in pages[-1]  # the signature whole, last
    assert "tệp theo mẫu cũ của giao ước" in stale[0] and "gửi lại tệp theo mẫu mới" in stale[0]
    assert "chưa nộp" not in stale[0].lower() and "chưa nộp" not in encrypted[0].lower()
    assert "nhận theo mã trường trong tên tệp" in encrypted[0] and "bỏ mật khẩu" in encrypted[0]
    outcome = _rows(demo.merge)["01003"].outcome
    assert outcome is not None and len(outcome.errors) == 1
    assert "Các lỗi cần sửa (1):" in with_errors[0] and outcome.errors[0].where in with_errors[0]
    assert "chưa nộp" in missing[0] and "Trường cần gửi" in missing[0]
    assert "Các lỗi cần sửa (2):" in short_pdf[0] and "Kết quả từng chỉ tiêu" in short_pdf[0]
    assert len(long_pdf) == 2  # continued on a second page, numbered
    assert long_pdf[1].startswith("2 ")
    assert "Các lỗi cần sửa (22):" in long_pdf[0]
    joined = " ".join(long_pdf)
    assert all(f"{n}. Ô Chỉ tiêu!" in joined for n in range(1, 23))
    assert demo.pdf is not None
    overview = _pages(demo.pdf)[0]
    assert "BÁO CÁO TỔNG HỢP GIAO ƯỚC THI ĐUA" in overview
    assert "Tình trạng nộp của các trường" in overview and "Số trường" in overview
    assert "Đã gửi tệp nhưng không dùng được (mẫu cũ, đặt mật khẩu…), cần gửi lại 2" in overview
    assert "Tệp khóa" not in overview and "tệp khóa" not in overview and "Số tệp" not in overview
    assert "Không dùng được" in overview and "BẢNG TỔNG HỢP" in _pages(demo.pdf)[1]
