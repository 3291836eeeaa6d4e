"""Statuses in the words a person reads, codes in a column of their own: the summary's
*Tình trạng nộp* and *Nhật ký* sheets, written and read back; a summary written before the
codes had their column (the code in *Trạng thái*) is still imported as the year it records."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl import api
from giaouoc_xl.core.codes import (
    FILE_STATUS_SHORT,
    FILE_STATUS_WORDS,
    SCHOOL_STATUS_WORDS,
    STATUS_CODE_HEADER,
)
from giaouoc_xl.core.model import Period, nfc
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.history.reader import read_history_book
from giaouoc_xl.workbooks.school.writer import render_school_workbook

TB = sample("thanh-ba-2020-2021")
YE = Period.YEAR_END


def test_every_file_status_has_its_words() -> None:
    assert set(FILE_STATUS_WORDS) == set(FILE_STATUS_SHORT)
    for status, words in FILE_STATUS_WORDS.items():
        assert words == nfc(words) and words[0].isupper() and words != status.value
        assert words.lower() == FILE_STATUS_SHORT[status]


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year-end summary of three clean returns (the other schools have not sent) and a file
    that is no spreadsheet."""
    base = tmp_path_factory.mktemp("labels")
    folder = base / "bai_nop"
    folder.mkdir()
    for index, school in enumerate(TB.schools[:3]):
        answers = clean_answers(TB, school, YE, seed=index)
        path = folder / f"{school.code}.xlsx"
        render_school_workbook(TB, school, path, datetime(2026, 1, 1, tzinfo=UTC), answers)
    (folder / "ghi_chu.docx").write_bytes(b"PK\x03\x04 not a workbook")
    report = api.merge(TB, folder, out=base / "bang_tong_hop.xlsx", period=YE)
    assert report.summary
    return Path(report.summary)


def test_the_status_sheets_show_words_and_keep_codes(summary: Path) -> None:
    wb = load_workbook(summary, read_only=True)
    rows = list(wb["Tình trạng nộp"].iter_rows(values_only=True))
    assert rows[1][4] == "Trạng thái" and rows[1][8] == STATUS_CODE_HEADER
    files_at = next(i for i, row in enumerate(rows) if row[:3] == ("STT", "Trạng thái", "Tệp"))
    schools = {row[1]: (row[4], row[8]) for row in rows[2:files_at] if row[1]}
    assert schools[TB.schools[0].code] == (SCHOOL_STATUS_WORDS["valid"], "valid")
    assert schools[TB.schools[5].code] == ("Chưa nộp", "missing")
    assert len(schools) == len(TB.schools)
    files = {row[2]: (row[1], row[8]) for row in rows[files_at + 1 :] if row[2]}
    assert files[f"{TB.schools[0].code}.xlsx"] == ("Dùng được", "used")
    assert files["ghi_chu.docx"][1] in {"unreadable", "not-a-spreadsheet"}
    assert files["ghi_chu.docx"][0] in {"Không đọc được", "Không phải bảng tính"}
    log = list(wb["Nhật ký"].iter_rows(values_only=True))
    at = next(i for i, row in enumerate(log) if row[:2] == ("Tệp", "Trạng thái"))
    assert log[at][4] == STATUS_CODE_HEADER
    assert {row[0]: (row[1], row[4]) for row in log[at + 1 :] if row[0]} == files


def test_a_summary_with_codes_in_its_status_column_is_still_imported(
    summary: Path, tmp_path: Path
) -> None:
    """A summary written before the codes had a column of their own: its *Trạng thái* held the
    code; imported, it records the same statuses."""
    older = tmp_path / "bang_tong_hop_cu.xlsx"
    wb = load_workbook(summary)
    ws = wb["Tình trạng nộp"]
    for row in ws.iter_rows(min_row=2):
        code = row[8].value
        if code == STATUS_CODE_HEADER:
            row[8].value = None
        elif code:
            row[4].value = code
            row[8].value = None
    wb.save(older)
    new, old = tmp_path / "moi.xlsx", tmp_path / "cu.xlsx"
    api.import_summary(summary, TB, new)
    api.import_summary(older, TB, old)

    def statuses(path: Path) -> dict[str, str]:
        return {r.code: r.status for r in read_history_book(path).records}

    assert statuses(old) == statuses(new)
    assert statuses(new)[TB.schools[0].code] == "Hợp lệ"
    assert statuses(new)[TB.schools[5].code] == "Chưa nộp"
