"""Counts that are true: a submissions folder with nothing to read is said, with a non-zero
exit and nothing written (not a summary of 59 schools that "have not submitted"); the appraisal
book counts the schools that submitted and those that did not."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.errors import NothingToMerge
from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import run_cli

TB = sample("thanh-ba-2020-2021")
YE = Period.YEAR_END
SENT = 5


@pytest.fixture
def book(books: dict[str, Path]) -> Path:
    return books["thanh-ba-2020-2021"]


def _nothing_written(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if p.suffix in (".xlsx", ".pdf")]


@pytest.mark.parametrize("dry_run", [False, True])
def test_an_empty_folder_is_said_and_nothing_is_written(
    book: Path, tmp_path: Path, dry_run: bool
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    out = tmp_path / "ket_qua"
    out.mkdir()
    args = ["--dry-run"] if dry_run else ["--out", out / "tong_hop.xlsx"]
    done = run_cli("merge", book, folder, *args)
    assert done.code == 2 and done.out == ""
    assert done.err.startswith(f"Lỗi: Thư mục bài nộp '{folder}' không có tệp nào")
    assert "chưa ghi gì" in done.err and "Tệp: " not in done.err
    _nothing_written(out)
    as_json = run_cli("merge", book, folder, *args, "--json")
    document = json.loads(as_json.out)  # one JSON document
    assert as_json.code == 2 and document["valid"] is False
    assert "không có tệp nào" in document["error"]


def test_a_folder_with_no_readable_spreadsheet_is_said(book: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    (folder / "con").mkdir(parents=True)
    (folder / "~$02001.xlsx").write_bytes(b"lock")  # Excel's lock file
    (folder / "con" / "bao_cao.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (folder / "ghi_chu.txt").write_text("Danh sách trường đã nộp", encoding="utf-8")
    done = run_cli("merge", book, folder, "--out", tmp_path / "tong_hop.xlsx")
    assert done.code == 2
    message = " ".join(done.err.split())
    assert f"Thư mục bài nộp '{folder}' không có bảng tính nào đọc được (3 tệp:" in message
    assert "2 không phải bảng tính" in message and "1 tệp khóa" in message
    assert not (tmp_path / "tong_hop.xlsx").exists()
    as_json = run_cli("merge", book, folder, "--dry-run", "--json")
    document = json.loads(as_json.out)
    assert "lock-file" in document["detail"]  # each file with its code, for support
    with pytest.raises(NothingToMerge):
        api.merge(TB, folder, period=YE)
    # the appraisal book neither
    appraised = run_cli(
        "appraise", book, folder, "--out", tmp_path / "tham_dinh.xlsx", "--period", "cuoi-nam"
    )
    assert appraised.code == 2 and "không có bảng tính nào đọc được" in appraised.err
    assert not (tmp_path / "tham_dinh.xlsx").exists()


@pytest.fixture(scope="module")
def five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five schools' year-end returns (of three blocs); the other 54 have not submitted."""
    folder = tmp_path_factory.mktemp("five") / "bai_nop"
    folder.mkdir()
    schools = [TB.schools[0], TB.schools[1], TB.schools[20], TB.schools[21], TB.schools[40]]
    for index, school in enumerate(schools):
        answers = clean_answers(TB, school, YE, seed=index)
        render_school_workbook(
            TB, school, folder / f"{school.code}.xlsx", datetime(2026, 1, 1, tzinfo=UTC), answers
        )
    return folder


def test_appraise_counts_the_schools_that_submitted(book: Path, five: Path, tmp_path: Path) -> None:
    out = tmp_path / "so_tham_dinh.xlsx"
    done = run_cli("appraise", book, five, "--out", out, "--period", "cuoi-nam")
    assert done.code == 0, done.err
    text = " ".join(done.out.split())
    sheet = load_workbook(out, read_only=True)["Thẩm định"].iter_rows(min_row=4, values_only=True)
    rows = [row for row in sheet if row and row[0]]
    assert f"dòng chỉ tiêu của {SENT} trường đã nộp bài (trong 59 trường)" in text, text
    assert "54 trường chưa nộp" in text and "của 59 trường." not in text
    document = json.loads(
        run_cli("appraise", book, five, "--out", out, "--period", "cuoi-nam", "--json").out
    )
    assert (document["submitted"], document["missing"], document["unusable"]) == (SENT, 54, 0)
    assert document["schools"] == 59 and document["rows"] > 0
    assert len(rows) == document["rows"] and len({row[0] for row in rows}) == SENT


def test_appraise_counts_a_school_whose_file_could_not_be_used(
    book: Path, five: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    for path in five.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "02005_hong.xlsx").write_bytes(b"PK\x03\x04 cut short")  # damaged, tied by name
    written = api.appraise(TB, folder, tmp_path / "so.xlsx", YE)[1]
    assert (written.submitted, written.missing, written.unusable) == (SENT, 53, 1)
    assert "1 trường gửi tệp không dùng được" in " ".join(written.lines())
