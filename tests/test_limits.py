"""Files beyond safe limits are refused with a clear reason before any reader touches them."""

from __future__ import annotations

import hashlib
import signal
import struct
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from giaouoc_xl.core.errors import LimitExceeded, UnreadableWorkbook
from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.jobs.isolation import run_isolated
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.intake.guard import read_within_limits
from giaouoc_xl.workbooks.school.reader import read_submission

TB = sample("thanh-ba-2020-2021")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def far_cell(path: Path) -> Path:
    """A tiny workbook with one value at XFD1048576: python-calamine would abort the process."""
    wb = Workbook()
    wb.active.title = "Chỉ tiêu"
    wb.active["A1"] = "a"
    wb.active["XFD1048576"] = "x"
    wb.save(path)
    return path


def zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))  # ~4 KB compressed
    return path


@pytest.mark.parametrize(("make", "reason"), [(far_cell, "vượt giới hạn"), (zip_bomb, "zip bomb")])
def test_refused_before_reading(tmp_path: Path, make, reason: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "truong.xlsx")
    with pytest.raises(UnreadableWorkbook, match=reason):
        read_submission(path, TB)


def test_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    far_cell(folder / "a.xlsx")
    zip_bomb(folder / "b.xlsx")
    result = merge(TB, folder, Period.YEAR_END, jobs=2)
    assert {o.name: o.status for o in result.files} == {
        "a.xlsx": "over-limit",
        "b.xlsx": "over-limit",
    }
    assert all(o.findings[0].code == "over-limit" for o in result.files)


def test_check_command_survives_a_file_that_kills_the_reader(
    tmp_path: Path, books: dict[str, Path]
) -> None:
    from datetime import UTC, datetime

    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    from .adversarial import rezip
    from .conftest import run_cli

    school = TB.schools[0]
    good = tmp_path / "good.xlsx"
    render_school_workbook(
        TB,
        school,
        good,
        datetime(2026, 1, 1, tzinfo=UTC),
        clean_answers(TB, school, Period.REGISTRATION),
    )

    def far_cell(xml: bytes) -> bytes:  # the sheet still declares a small <dimension>
        return xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    lying = tmp_path / "lying.xlsx"
    rezip(good, lying, {"xl/worksheets/sheet3.xml": far_cell})
    result = run_cli("check", books["thanh-ba-2020-2021"], good, lying, "--json")
    assert result.code == 2
    files = {Path(f["file"]).name: f for f in result.json()["files"]}
    assert files["good.xlsx"]["valid"] is True
    # python-calamine asks for half a terabyte: the worker's memory ceiling stops it
    assert [f["code"] for f in files["lying.xlsx"]["findings"]] == ["over-limit"]
    assert "bộ nhớ" in files["lying.xlsx"]["reason"]
    assert "memory allocation" in files["lying.xlsx"]["detail"]
    assert result.err == ""  # nothing the native reader printed reaches the terminal


# --------------------------------------------------------------------------- time budget


def _spin(item: int) -> str:
    if item == 1:
        while True:  # Python code that never ends: the alarm reaches it
            pass
    return f"done {item}"


def _stuck(item: int) -> str:
    if item == 1:  # as if stuck in native code: the alarm is blocked, only the watchdog helps
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(30)
    return f"done {item}"


def _late(item: int) -> str:
    return f"late {item}"


def _dead(item: int, printed: str) -> str:
    return f"crashed {item}"


def _nothing() -> None:
    return None


@pytest.mark.slow
@pytest.mark.parametrize("func", [_spin, _stuck])
def test_an_item_over_its_time_budget_is_abandoned(func) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    results = dict(
        run_isolated(func, [0, 1, 2, 3], 2, _nothing, (), _dead, 1, budget=0.5, timed_out=_late)
    )
    assert results == {0: "done 0", 1: "late 1", 2: "done 2", 3: "done 3"}
    assert time.monotonic() - started < 15  # not the 30 s sleep, let alone forever


@pytest.mark.slow
def test_merge_reports_a_file_over_the_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.jobs import file_job as limits
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    school = TB.schools[0]
    render_school_workbook(
        TB, school, folder / "a.xlsx", WHEN, clean_answers(TB, school, Period.YEAR_END)
    )
    monkeypatch.setattr(limits, "MAX_SECONDS_PER_FILE", 1e-6)  # no file can be read that fast
    result = merge(TB, folder, Period.YEAR_END, jobs=1)
    (outcome,) = result.files
    assert outcome.status == "over-limit"
    assert "đọc quá" in outcome.reason and "a.xlsx" in outcome.reason
    assert [f.code for f in outcome.findings] == ["over-limit"]
    assert {s.status for s in result.schools} == {"missing"}
    data = (folder / "a.xlsx").read_bytes()  # still listed with its hash, size and time
    assert outcome.sha256 == hashlib.sha256(data).hexdigest() and outcome.size == len(data)
    assert outcome.mtime > 0


# --------------------------------------------------------------------------- the zip directory


def _parts(path: Path) -> list[tuple[bytes, int, int, int, int]]:
    with zipfile.ZipFile(path) as package:
        return [
            (i.filename.encode(), i.compress_type, i.compress_size, i.file_size, i.header_offset)
            for i in package.infolist()
        ]


def test_central_directory_reads_what_zipfile_reads(
    tmp_path: Path, school_books: dict[str, list[Path]]
) -> None:
    from giaouoc_xl.workbooks.intake.guard import _central_directory

    books = [p for paths in school_books.values() for p in paths[:3]]
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as package:
        package.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
        package.writestr("xl/tên có dấu.xml", "<x/>")  # a UTF-8 name
    for path in [*books, stored]:
        assert _central_directory(path.read_bytes()) == _parts(path), path.name


def test_unusual_packages_fall_back_to_zipfile(tmp_path: Path) -> None:
    from giaouoc_xl.workbooks.intake.guard import _central_directory

    commented = tmp_path / "comment.xlsx"
    with zipfile.ZipFile(commented, "w") as package:
        package.writestr("a.xml", "<a/>")
        package.comment = b"written by a mail gateway"
    assert _central_directory(commented.read_bytes()) is None
    data = far_cell(tmp_path / "far.xlsx").read_bytes()
    assert _central_directory(data[:-30]) is None  # truncated
    assert _central_directory(b"") is None
    with pytest.raises(UnreadableWorkbook, match="vượt giới hạn"):  # still refused, by zipfile
        read_submission(_with_comment(tmp_path / "far.xlsx", tmp_path / "far2.xlsx"), TB)


def _with_comment(src: Path, dest: Path) -> Path:
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.comment = b"x"
    return dest


def _checker_bug(compact: Any, submission: Any, period: Any) -> list[Any]:
    raise ZeroDivisionError("a bug in a rule")


def test_a_checker_bug_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from giaouoc_xl import api
    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.jobs import file_job
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    for school in TB.schools[:2]:
        render_school_workbook(
            TB,
            school,
            folder / f"{school.code}.xlsx",
            WHEN,
            clean_answers(TB, school, Period.YEAR_END),
        )
    # merge and check read files through one job (workers are forked: the patch is theirs too)
    monkeypatch.setattr(file_job, "check_submission", _checker_bug)
    result = merge(TB, folder, Period.YEAR_END, jobs=1)
    assert [(o.status, o.findings[0].code) for o in result.files] == [
        ("unreadable", "unreadable-file")
    ] * 2
    assert all("Lỗi khi kiểm tra" in o.reason for o in result.files)
    # the bug's name is for the log sheet and --json, never in a reason
    assert all("ZeroDivisionError" in o.detail and "Error" not in o.reason for o in result.files)
    (report,) = api.check(TB, [folder / f"{TB.schools[0].code}.xlsx"]).files
    assert not report.valid and "Lỗi khi kiểm tra" in report.unreadable


# --------------------------------------------------------------------------- packages built to fool the guard


def _rows_workbook(rows: int) -> bytes:
    """A workbook of ``rows`` rows whose sheet declares no dimension (so only a scan tells)."""
    import io
    import re

    wb = Workbook()
    for r in range(1, rows + 1):
        wb.active.cell(r, 1, r)
    buffer = io.BytesIO()
    wb.save(buffer)
    old = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b"", data)
            new.writestr(info.filename, data)
    return out.getvalue()


def _split(data: bytes) -> tuple[bytes, bytes, int]:
    count, size, offset = struct.unpack_from("<HLL", data, len(data) - 22 + 10)
    return data[:offset], data[offset : offset + size], count


def _shift(directory: bytes, delta: int) -> bytes:
    out, position = bytearray(directory), 0
    while position < len(out):
        name, extra, comment = struct.unpack_from("<HHH", out, position + 28)
        (offset,) = struct.unpack_from("<L", out, position + 42)
        struct.pack_into("<L", out, position + 42, offset + delta)
        position += 46 + name + extra + comment
    return bytes(out)


def test_a_decoy_directory_does_not_fool_the_guard(tmp_path: Path) -> None:
    """Two central directories: a harmless one where the end record points, the real one just
    before the end record, where zipfile and calamine's zip reader look. The guard must judge
    the package the readers will read (found in review: the fast path once read the decoy)."""
    hostile_parts, hostile_directory, count = _split(_rows_workbook(30_000))
    decoy_parts, decoy_directory, decoy_count = _split(_rows_workbook(5))
    assert count == decoy_count
    prefix = len(decoy_directory)  # what the readers take for data before the archive
    decoy_at = prefix + len(hostile_parts)
    directory_at = decoy_at + len(decoy_parts)
    body = (
        (b"PK\x03\x04" + b"\0" * prefix)[:prefix]  # it starts like a zip, as workbooks do
        + hostile_parts
        + decoy_parts
        + _shift(decoy_directory, decoy_at)
        + hostile_directory
    )
    end = struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(hostile_directory), directory_at, 0
    )
    path = tmp_path / "hai-muc-luc.xlsx"
    path.write_bytes(body + end)
    with zipfile.ZipFile(path) as package:  # what a reader sees: the 30,000-row sheet
        assert max(i.file_size for i in package.infolist()) > 1_000_000
    with pytest.raises(LimitExceeded, match="dòng"):
        read_within_limits(path)


def test_a_sheet_outside_the_usual_folder_is_checked(tmp_path: Path) -> None:
    """Readers follow the workbook's relationships to its sheets, wherever they are."""
    import io

    old = zipfile.ZipFile(io.BytesIO(_rows_workbook(30_000)))
    path = tmp_path / "sheet-lac-cho.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info).replace(b"worksheets/sheet1.xml", b"data/trang1.xml")
            new.writestr(info.filename.replace("worksheets/sheet1.xml", "data/trang1.xml"), data)
    with zipfile.ZipFile(path) as package:
        assert "xl/data/trang1.xml" in package.namelist()
    with pytest.raises(LimitExceeded, match="dòng"):
        read_within_limits(path)


def test_a_value_that_panics_the_reader_is_one_unreadable_file(tmp_path: Path) -> None:
    """python-calamine panics (a BaseException, not an Exception) on a date cell holding -1e15;
    found by tests/test_fuzz.py. The file is unreadable with a reason, the batch goes on."""
    from openpyxl import load_workbook

    from giaouoc_xl.core.school_form import SCHOOL, SCHOOL_ROW
    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = TB.schools[:2]
    for school in (good, bad):
        answers = clean_answers(TB, school, Period.YEAR_END)
        render_school_workbook(TB, school, folder / f"{school.code}.xlsx", WHEN, answers)
    wb = load_workbook(folder / f"{bad.code}.xlsx")
    cell = wb[SCHOOL][f"B{SCHOOL_ROW['date']}"]
    cell.value, cell.number_format = -1e15, "dd/mm/yyyy"
    wb.save(folder / f"{bad.code}.xlsx")
    with pytest.raises(UnreadableWorkbook, match="bị hỏng") as raised:
        read_submission(folder / f"{bad.code}.xlsx", TB)
    # a panic is a damaged file for people; its text is kept for the log, off the terminal
    assert "PanicException" in raised.value.detail and "panicked" in raised.value.detail
    result = merge(TB, folder, Period.YEAR_END, jobs=1)
    statuses = {o.name: o.status for o in result.files}
    assert statuses == {f"{good.code}.xlsx": "used", f"{bad.code}.xlsx": "unreadable"}
