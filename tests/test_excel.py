"""The Excel buttons, driven by xlwings' own remote Book built from real workbooks' contents.

xlwings' remote engine records what a button does as actions (values written, colours set,
sheets added, message boxes); the tests assert on those actions. A button gives the same
findings as the command line for the same workbook.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import xlwings as xw
from openpyxl import load_workbook
from xlwings import server

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.excel import actions, lite
from giaouoc_xl.excel.workbook import RESULTS_SHEET
from giaouoc_xl.workbooks.compact.settings import SETTINGS
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import edit_book, run_cli

TB = sample("thanh-ba-2020-2021")


def _json_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    return value


def payload(
    path: Path,
    extra: dict[str, list[list[Any]]] | None = None,
    edits: dict[tuple[str, str], Any] | None = None,
) -> dict[str, Any]:
    """What Excel sends xlwings for a workbook: every sheet's values (here, of a real file)."""
    wb = load_workbook(path, data_only=True)
    for (sheet, cell), value in (edits or {}).items():
        wb[sheet][cell] = value
    sheets = []
    for ws in wb.worksheets:
        rows = [[_json_value(v) for v in row] for row in ws.iter_rows(values_only=True)] or [[""]]
        width = max(len(r) for r in rows)
        sheets.append(
            {
                "name": ws.title,
                "values": [r + [""] * (width - len(r)) for r in rows],
                "pictures": [],
                "tables": [],
            }
        )
    for name, rows in (extra or {}).items():
        sheets.append({"name": name, "values": rows, "pictures": [], "tables": []})
    return {
        "client": "Microsoft Office Scripts",
        "version": xw.__version__,
        "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
        "names": [],
        "sheets": sheets,
    }


def actions_of(book: Any) -> list[dict[str, Any]]:
    return book.json()["actions"]  # type: ignore[no-any-return]


def results_rows(
    book_actions: list[dict[str, Any]], book_json: dict[str, Any], results_position: int
) -> list[list[Any]]:
    writes = [
        a
        for a in book_actions
        if a["func"] == "setValues" and a["sheet_position"] == results_position
    ]
    assert len(writes) == 1
    return writes[0]["values"]  # type: ignore[no-any-return]


def test_check_compact_button_matches_the_command_line(
    books: dict[str, Path], tmp_path: Path
) -> None:
    broken = edit_book(
        books["thanh-ba-2020-2021"],
        tmp_path / "so.xlsx",
        {("Chỉ tiêu", "H2"): 150, ("Danh sách trường", "D2"): "K-XX"},
    )
    data = payload(broken)
    book = xw.Book(json=data)
    findings = actions.check_compact(book)
    cli = run_cli("compact", "check", broken, "--json").json()["findings"]
    assert [(f.sheet, f.cell, f.code, f.message) for f in findings] == [
        (f["sheet"], f["cell"], f["code"], f["message"]) for f in cli
    ]
    done = actions_of(book)
    added = [a for a in done if a["func"] == "addSheet"]
    assert added and added[0]["args"][1] == RESULTS_SHEET
    position = added[0]["args"][0]
    rows = results_rows(done, data, position)
    assert rows[1] == ["STT", "Mức độ", "Vị trí", "Chỉ tiêu", "Nội dung", "Mã"]
    assert {r[2] for r in rows[2:]} == {"Chỉ tiêu!H2", "Danh sách trường!D2"}
    colours = {
        (a["sheet_position"], a["start_row"], a["start_column"], a["args"][0])
        for a in done
        if a["func"] == "setRangeColor"
    }
    sheet_index = {s["name"]: i for i, s in enumerate(data["sheets"])}
    assert (sheet_index["Chỉ tiêu"], 1, 7, "#FFC7CE") in colours  # H2
    assert (sheet_index["Danh sách trường"], 1, 3, "#FFC7CE") in colours  # D2
    alert = [a for a in done if a["func"] == "alert"]
    assert alert and "2 lỗi" in alert[0]["args"][0]


def test_check_compact_clears_the_previous_marks(books: dict[str, Path]) -> None:
    previous = [
        ["KẾT QUẢ", "", "", "", "", ""],
        ["STT", "Mức độ", "Vị trí", "Chỉ tiêu", "Nội dung", "Mã"],
        [1, "Lỗi", "Chỉ tiêu!H2", "CT01.1", "…", "invalid-threshold"],
    ]
    data = payload(books["thanh-ba-2020-2021"], extra={RESULTS_SHEET: previous})
    book = xw.Book(json=data)
    assert actions.check_compact(book) == []
    done = actions_of(book)
    targets = next(i for i, s in enumerate(data["sheets"]) if s["name"] == "Chỉ tiêu")
    assert {
        "func": "setRangeColor",
        "args": [None],
        "sheet_position": targets,
        "start_row": 1,
        "start_column": 7,
    }.items() <= next(a for a in done if a["func"] == "setRangeColor").items()
    assert any(a["func"] == "sheetClear" for a in done) and not any(
        a["func"] == "addSheet" for a in done
    )
    assert "hợp lệ" in next(a for a in done if a["func"] == "alert")["args"][0]


def setting(field: str) -> tuple[str, str]:
    """The settings sheet's cell of a setting (label in column A, value in column B)."""
    index = next(i for i, s in enumerate(SETTINGS.settings) if s.field == field)
    return (SETTINGS.name, f"B{index + 2}")


def test_make_templates_button(books: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    data = payload(
        books["thanh-ba-2020-2021"], edits={setting("excel.templates_folder"): str(folder)}
    )
    book = xw.Book(json=data)
    written = actions.make_templates(book)
    assert written is not None and len(written) == 59 and len(list(folder.glob("*.xlsx"))) == 59
    message = next(a for a in actions_of(book) if a["func"] == "alert")["args"][0]
    assert message == f"Đã ghi 59 mẫu vào {folder}"


def test_merge_button(books: dict[str, Path], tmp_path: Path) -> None:
    submissions = tmp_path / "bai_nop"
    submissions.mkdir()
    for index, school in enumerate(TB.schools[:5]):
        render_school_workbook(
            TB,
            school,
            submissions / f"{school.code}.xlsx",
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            clean_answers(TB, school, Period.REGISTRATION, seed=index),
        )
    out = tmp_path / "tong_hop.xlsx"
    data = payload(
        books["thanh-ba-2020-2021"],
        edits={
            setting("excel.submissions_folder"): str(submissions),
            setting("excel.summary_file"): str(out),
        },
    )
    book = xw.Book(json=data)
    assert actions.merge_submissions(book) == out and out.exists()
    message = next(a for a in actions_of(book) if a["func"] == "alert")["args"][0]
    assert "5 tệp: 5 trường hợp lệ, 0 có lỗi, 54 chưa nộp" in message
    cli = run_cli("merge", books["thanh-ba-2020-2021"], submissions, "--dry-run", "--json").json()
    assert sum(s["status"] == "valid" for s in cli["schools"]) == 5


def _five_returns(folder: Path, period: Period = Period.REGISTRATION) -> Path:
    folder.mkdir()
    for index, school in enumerate(TB.schools[:5]):
        render_school_workbook(
            TB,
            school,
            folder / f"{school.code}.xlsx",
            dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
            clean_answers(TB, school, period, seed=index),
        )
    return folder


@pytest.mark.slow
def test_merge_button_prints_the_documents_to_pdf(books: dict[str, Path], tmp_path: Path) -> None:
    submissions = _five_returns(tmp_path / "bai_nop")
    out, pdf = tmp_path / "tong_hop.xlsx", tmp_path / "van_ban_ky.pdf"
    edits = {
        setting("excel.submissions_folder"): str(submissions),
        setting("excel.summary_file"): str(out),
    }
    edits[setting("excel.pdf_file")] = str(pdf)
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.merge_submissions(book) == out
    message = next(a for a in actions_of(book) if a["func"] == "alert")["args"][0]
    assert f"Văn bản cần ký (PDF): {pdf}" in message
    assert pdf.read_bytes().startswith(b"%PDF")


def test_merge_button_without_libreoffice_still_writes_the_summary(
    books: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAOUOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    submissions = _five_returns(tmp_path / "bai_nop")
    out, pdf = tmp_path / "tong_hop.xlsx", tmp_path / "van_ban_ky.pdf"
    edits = {
        setting("excel.submissions_folder"): str(submissions),
        setting("excel.summary_file"): str(out),
    }
    edits[setting("excel.pdf_file")] = str(pdf)
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.merge_submissions(book) == out and out.exists() and not pdf.exists()
    alert = next(a for a in actions_of(book) if a["func"] == "alert")
    assert "Không tìm thấy LibreOffice" in alert["args"][0] and "Bảng tổng hợp" in alert["args"][0]
    assert "Traceback" not in alert["args"][0]


def test_appraisal_and_slips_buttons(books: dict[str, Path], tmp_path: Path) -> None:
    submissions = _five_returns(tmp_path / "bai_nop", Period.YEAR_END)
    book_path = tmp_path / "tham_dinh.xlsx"
    edits = {
        setting("excel.submissions_folder"): str(submissions),
        setting("excel.appraisal_file"): str(book_path),
        setting("excel.slips_folder"): str(tmp_path / "phieu"),
        setting("excel.summary_file"): str(tmp_path / "tong_hop.xlsx"),
        setting("current_period"): "Kết quả cuối năm",
    }
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.write_appraisal_book(book) == book_path and book_path.exists()
    message = next(a for a in actions_of(book) if a["func"] == "alert")["args"][0]
    assert message.startswith(f"Sổ thẩm định: {book_path}")
    again = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    slips = actions.make_slips(again)
    assert slips is not None and len(slips) == len(TB.schools)
    alert = next(a for a in actions_of(again) if a["func"] == "alert")["args"][0]
    assert alert == f"Đã ghi {len(TB.schools)} phiếu kết quả vào {tmp_path / 'phieu'}"
    merged = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    out = actions.merge_submissions(merged)
    assert out == tmp_path / "tong_hop.xlsx"
    said = next(a for a in actions_of(merged) if a["func"] == "alert")["args"][0]
    assert "Đã chấm theo sổ thẩm định tham_dinh.xlsx" in said


def test_outputs_that_cannot_be_written_are_said_plainly_and_the_book_is_untouched(
    books: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submissions = _five_returns(tmp_path / "bai_nop", Period.YEAR_END)
    base = {
        setting("excel.submissions_folder"): str(submissions),
        setting("current_period"): "Kết quả cuối năm",
    }
    # LibreOffice missing: the summary is written and opened, the PDF said not written
    monkeypatch.setenv("GIAOUOC_SOFFICE", str(tmp_path / "khong_co_soffice"))
    out = tmp_path / "tong_hop.xlsx"
    edits = {**base, setting("excel.summary_file"): str(out),
             setting("excel.pdf_file"): str(tmp_path / "vb.pdf")}  # fmt: skip
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits=edits))
    assert actions.merge_submissions(book) == out and out.exists()
    said = next(a for a in actions_of(book) if a["func"] == "alert")["args"]
    assert said[1] == "Tổng hợp" and "Chưa ghi được: Không tìm thấy LibreOffice" in said[0]
    out.unlink()
    # the summary named as an existing folder; the slips folder named as an existing file; the
    # PDF's folder missing (as the command line does: said before anything is written)
    (tmp_path / "mot_thu_muc").mkdir()
    (tmp_path / "mot_tep").write_text("x")
    for edit, run in (
        ({setting("excel.summary_file"): str(tmp_path / "mot_thu_muc")}, actions.merge_submissions),
        ({setting("excel.slips_folder"): str(tmp_path / "mot_tep")}, actions.make_slips),
        ({setting("excel.summary_file"): str(out),
          setting("excel.pdf_file"): str(tmp_path / "khong_co" / "vb.pdf")}, actions.merge_submissions),
    ):  # fmt: skip
        book = xw.Book(json=payload(books["thanh-ba-2020-2021"], edits={**base, **edit}))
        assert run(book) is None
        alert = next(a for a in actions_of(book) if a["func"] == "alert")["args"]
        assert alert[1] == "giaouoc: không thực hiện được"
        assert "Chưa ghi gì" in alert[0] or "Không có thư mục" in alert[0]
        assert "Error" not in alert[0] and "exists" not in alert[0]
        assert not [a for a in actions_of(book) if a["func"] == "setValues"]  # book unchanged
        assert not out.exists()  # nothing written


def test_a_failing_button_shows_a_vietnamese_message_not_a_traceback(tmp_path: Path) -> None:
    blank = tmp_path / "trong.xlsx"
    run_cli("compact", "new", blank)
    book = xw.Book(json=payload(blank))
    assert actions.make_templates(book) is None
    alert = next(a for a in actions_of(book) if a["func"] == "alert")
    assert alert["args"][1] == "giaouoc: không thực hiện được" and alert["args"][3] == "critical"
    assert "Traceback" not in alert["args"][0] and "có 1 lỗi" in alert["args"][0]


def test_an_error_of_the_system_is_said_in_vietnamese_with_its_path(
    books: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "mau_truong")

    monkeypatch.setattr(actions.api, "write_templates", refused)
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"]))
    assert actions.make_templates(book) is None
    alert = next(a for a in actions_of(book) if a["func"] == "alert")["args"]
    assert alert[1] == "giaouoc: không thực hiện được"
    assert alert[0].startswith("Không mở hoặc ghi được 'mau_truong': không có quyền")
    assert "Permission" not in alert[0] and "Errno" not in alert[0]
    logged = [a for a in actions_of(book) if a["func"] == "setValues"]
    assert any("PermissionError" in str(a["values"]) for a in logged)  # for support


def test_an_unexpected_error_keeps_its_detail_off_the_message(
    books: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(actions.api, "write_templates", bug)
    book = xw.Book(json=payload(books["thanh-ba-2020-2021"]))
    assert actions.make_templates(book) is None
    alert = next(a for a in actions_of(book) if a["func"] == "alert")
    assert "ZeroDivisionError" not in alert["args"][0] and "Nhật ký lỗi" in alert["args"][0]
    logged = [a for a in actions_of(book) if a["func"] == "setValues"]
    assert any("ZeroDivisionError" in str(a["values"]) for a in logged)


def test_check_school_button_matches_the_command_line(
    books: dict[str, Path], tmp_path: Path
) -> None:
    school = TB.schools[25]
    answers = clean_answers(TB, school, Period.REGISTRATION, seed=3)
    answers.targets["CT06.2"]["registration"] = 98.0  # below the TH threshold of 99.5
    answers.signing["date"] = None
    path = tmp_path / "02006_truong-tieu-hoc-dong-linh.xlsx"
    render_school_workbook(TB, school, path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), answers)
    book = xw.Book(json=payload(path))
    findings = actions.check_school(book, compact_book=books["thanh-ba-2020-2021"])
    cli = run_cli("check", books["thanh-ba-2020-2021"], path, "--json").json()["files"][0][
        "findings"
    ]
    assert [(f.sheet, f.cell, f.code, f.message) for f in findings] == [
        (f["sheet"], f["cell"], f["code"], f["message"]) for f in cli
    ]
    assert {f.code for f in findings} == {"below-threshold", "signing-incomplete"}


@pytest.mark.slow
def test_lite_scripts_are_listed_with_their_buttons(books: dict[str, Path]) -> None:
    meta = {m["function_name"]: m for m in server.custom_scripts_meta(lite)}
    assert {name: m["button"] for name, m in meta.items()} == {
        "kiem_tra_giao_uoc": "[btnKiemTraGiaoUoc]Hướng dẫn!A22",
        "tao_mau_cho_cac_truong": "[btnTaoMau]Hướng dẫn!A25",
        "tong_hop": "[btnTongHop]Hướng dẫn!A28",
        "kiem_tra_mau_truong": "[btnKiemTraMauTruong]Hướng dẫn!A31",
        "ghi_so_tham_dinh": "[btnSoThamDinh]Hướng dẫn!A34",
        "phieu_ket_qua": "[btnPhieuKetQua]Hướng dẫn!A37",
        "ghi_so_lich_su": "[btnSoLichSu]Hướng dẫn!A40",
    }
    for name in meta:
        book = xw.Book(json=payload(books["thanh-ba-2020-2021"]))
        asyncio.run(server.custom_scripts_call(lite, name, typehint_to_value={xw.Book: book}))
        done = actions_of(book)
        assert any(a["func"] == "alert" for a in done), name
        if name == "kiem_tra_giao_uoc":
            assert any(a["func"] == "addSheet" and a["args"][1] == RESULTS_SHEET for a in done)


def test_check_open_school_books_checks_each_in_place(
    books: dict[str, Path], tmp_path: Path
) -> None:
    school = TB.schools[0]
    answers = clean_answers(TB, school, Period.REGISTRATION, seed=5)
    answers.targets["CT05.2"]["registration"] = 6.0  # malnutrition above the threshold of 5 %
    path = tmp_path / "01001_mam-non-nop-lai.xlsx"
    render_school_workbook(TB, school, path, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), answers)
    school_book = xw.Book(json=payload(path))  # open beside the compact book in the same Excel
    compact_book = xw.Book(json=payload(books["thanh-ba-2020-2021"]))
    checked = actions.check_open_school_books(compact_book)
    assert checked is not None and path.name in checked
    cli = run_cli("check", books["thanh-ba-2020-2021"], path, "--json").json()["files"][0][
        "findings"
    ]
    assert [(f.sheet, f.cell, f.code) for f in checked[path.name]] == [
        (f["sheet"], f["cell"], f["code"]) for f in cli
    ]
    assert any(
        a["func"] == "addSheet" and a["args"][1] == RESULTS_SHEET for a in actions_of(school_book)
    )
    assert path.name in next(a for a in actions_of(compact_book) if a["func"] == "alert")["args"][0]
