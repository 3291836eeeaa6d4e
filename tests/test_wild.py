"""Every file a school can really send (built at test time by tests/wild.py): binary, template,
old, encrypted, damaged, foreign and hostile workbooks beside the real submissions.

``giaouoc check`` and ``giaouoc merge`` give each file the same status and the same reason,
naming what it is; no exception class name or native library text reaches a reason or the
terminal (stderr holds nothing: there is no progress bar without a terminal); the technical
detail is kept in ``--json`` and in the summary's log sheet; the valid submissions are scored
exactly as without the others.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from . import wild
from .adversarial import WHEN
from .conftest import ROOT

pytestmark = pytest.mark.slow  # builds 55 kinds of files and runs the CLI in subprocesses

TB = sample("thanh-ba-2020-2021")

#: kind -> (status, words every reason of it holds)
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    # read: a spreadsheet, but not a submission of this compact
    "xlsx": ("not-a-submission", ("không phải là mẫu giao ước",)),
    "xlsm": ("not-a-submission", ()),
    "xltx": ("not-a-submission", ()),
    "xltm": ("not-a-submission", ()),
    "xlsb": ("not-a-submission", ()),
    "xls": ("not-a-submission", ()),
    "xls-biff5": ("not-a-submission", ()),
    "ods": ("not-a-submission", ()),
    "encrypted-xlsx": ("encrypted", ("mật khẩu", "bỏ mật khẩu")),
    "encrypted-xlsx-structural": ("encrypted", ("mật khẩu",)),
    "encrypted-xlsb": ("encrypted", ("mật khẩu",)),
    "encrypted-xls": ("encrypted", ("mật khẩu", "97–2003")),
    "encrypted-ods": ("encrypted", ("mật khẩu", "LibreOffice")),
    "truncated-xlsx": ("unreadable", ("tải về chưa hết",)),
    "truncated-xls": ("unreadable", ("tải về chưa hết", ".xls")),
    "truncated-ods": ("unreadable", ("tải về chưa hết",)),
    "truncated-xlsb": ("unreadable", ("tải về chưa hết",)),
    "corrupt-zip-entry-xlsx": ("unreadable", ("bị hỏng",)),
    "cfb-panic-xls": ("unreadable", ("bị hỏng",)),
    "cfb-fat-loop-xls": ("unreadable", ("bị hỏng",)),
    "cfb-bad-start-xls": ("unreadable", ("bị hỏng",)),
    "xlsb-panic-isst": ("unreadable", ("bị hỏng", ".xlsb")),
    "xlsb-panic-relid": ("unreadable", ("bị hỏng", ".xlsb")),
    "xls-panic-boundsheet": ("unreadable", ("bị hỏng", ".xls")),
    "excel-2": ("unreadable", ("2.x–4.0", "lưu lại dạng .xlsx")),
    "excel-3": ("unreadable", ("2.x–4.0",)),
    "excel-4": ("unreadable", ("2.x–4.0",)),
    "word-as-xls": ("not-a-spreadsheet", ("văn bản Word", "chỉ mang đuôi .xls")),
    "docx-as-xlsx": ("not-a-spreadsheet", ("văn bản Word (.docx)", "chỉ mang đuôi .xlsx")),
    "pptx": ("not-a-spreadsheet", ("PowerPoint",)),
    "pdf": ("not-a-spreadsheet", ("PDF",)),
    "pdf-as-xlsx": ("not-a-spreadsheet", ("PDF", "chỉ mang đuôi .xlsx")),
    "png": ("not-a-spreadsheet", ("ảnh",)),
    "jpg-as-xlsx": ("not-a-spreadsheet", ("ảnh",)),
    "gif": ("not-a-spreadsheet", ("ảnh",)),
    "csv": ("not-a-spreadsheet", ("CSV", "hãy gửi tệp Excel của mẫu")),
    "csv-as-xlsx": ("not-a-spreadsheet", ("CSV",)),
    "html-as-xls": ("not-a-spreadsheet", ("trang web",)),
    "xml2003-as-xls": ("unreadable", ("XML của Excel 2003",)),
    "zip-as-xlsx": ("not-a-spreadsheet", ("tệp nén .zip",)),
    "empty-xlsx": ("unreadable", ("rỗng",)),
    "xlsx-xxe": ("unreadable", ("DTD",)),
    "xlsx-entity-bomb": ("unreadable", ("DTD",)),
    "xls-huge-cell": ("over-limit", ("65.536", "20.000 dòng")),
    "xls-dim-huge": ("over-limit", ("khai báo",)),
    "xls-dim-u32max": ("over-limit", ("khai báo",)),
    "xls-dim-inverted": ("unreadable", ("bị hỏng",)),
    "xls-dim-lie-small": ("over-limit", ("65.536",)),
    "xls-40000-rows": ("over-limit", ("40.000",)),
    "ods-huge-cell": ("over-limit", ("65.536",)),
    "ods-huge-max": ("over-limit", ("1.048.576",)),
    "ods-repeat-bomb": ("over-limit", ("1.048.576",)),
    "xlsb-huge-cell": ("over-limit", ("65.536",)),
    "xlsb-huge-max": ("over-limit", ("1.048.576",)),
    "xlsb-dim-lie-small": ("over-limit", ("65.536",)),
}

#: What must never be in a reason: exception class names, native library text, paths in code.
INTERNALS = re.compile(
    r"[A-Z][A-Za-z]+(Error|Exception)|Calamine|panicked|Traceback|\.rs:|0x[0-9a-f]{4}|format="
)


def _giaouoc(*args: Any) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own: what reaches its stderr is what a user sees."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "giaouoc_xl.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path], Path]:
    """The submissions folder: every wild kind, and two real submissions (one as a template)."""
    folder = tmp_path_factory.mktemp("bai_nop")
    built = wild.build_all(folder / "la")
    for school in TB.schools[:2]:
        answers = clean_answers(TB, school, Period.YEAR_END)
        render_school_workbook(
            TB, school, folder / school_file_name(school.code, school.name), WHEN, answers
        )
    # the third school saved its workbook as an Excel template (.xltx): read all the same
    school = TB.schools[2]
    plain = folder / "mau.xlsx"
    render_school_workbook(TB, school, plain, WHEN, clean_answers(TB, school, Period.YEAR_END))
    (folder / f"{school.code}.xltx").write_bytes(wild.ooxml_variant(plain.read_bytes(), "xltx"))
    plain.unlink()
    book = tmp_path_factory.mktemp("so") / "so.xlsx"
    from giaouoc_xl.workbooks.compact.writer import write_compact_book

    write_compact_book(TB, book)
    return folder, built, book


@pytest.fixture(scope="module")
def merged(folder: tuple[Path, dict[str, Path], Path]) -> tuple[dict[str, Any], Path, str]:
    root, _, book = folder
    out = root.parent / "tong_hop.xlsx"
    done = _giaouoc("merge", book, root, "--out", out, "--period", "cuoi-nam", "--json")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout), out, done.stderr


@pytest.fixture(scope="module")
def checked(folder: tuple[Path, dict[str, Path], Path]) -> tuple[dict[str, Any], str]:
    _, built, book = folder
    done = _giaouoc("check", book, *built.values(), "--period", "cuoi-nam", "--json")
    assert done.returncode == 2
    return json.loads(done.stdout), done.stderr


def test_every_kind_gets_its_status_and_a_reason_that_names_it(
    folder: tuple[Path, dict[str, Path], Path], merged: tuple[dict[str, Any], Path, str]
) -> None:
    root, built, _ = folder
    files = {f["file"]: f for f in merged[0]["files"]}
    assert set(built) == set(EXPECTED)
    for kind, path in built.items():
        entry = files[path.relative_to(root).as_posix()]
        status, words = EXPECTED[kind]
        assert entry["status"] == status, (kind, entry)
        assert all(word in entry["reason"] for word in words), (kind, entry["reason"])
        assert path.name in entry["reason"] or status == "not-a-submission", (kind, entry)
        assert not INTERNALS.search(entry["reason"]), (kind, entry["reason"])


def test_check_and_merge_agree_on_every_file(
    folder: tuple[Path, dict[str, Path], Path],
    merged: tuple[dict[str, Any], Path, str],
    checked: tuple[dict[str, Any], str],
) -> None:
    root, built, _ = folder
    by_merge = {f["file"]: f for f in merged[0]["files"]}
    by_check = {Path(f["file"]).name: f for f in checked[0]["files"]}
    for kind, path in built.items():
        from_merge = by_merge[path.relative_to(root).as_posix()]
        from_check = by_check[path.name]
        assert from_check["status"] == from_merge["status"], kind
        assert from_check["reason"] == from_merge["reason"], kind


def test_nothing_but_the_results_reaches_the_terminal(
    merged: tuple[dict[str, Any], Path, str], checked: tuple[dict[str, Any], str]
) -> None:
    # several of these files make python-calamine panic or print; none of it is shown
    assert merged[2] == ""
    assert checked[1] == ""


def test_the_text_output_is_clean_too(folder: tuple[Path, dict[str, Path], Path]) -> None:
    _, built, book = folder
    panicking = [built[k] for k in ("truncated-xls", "xlsb-panic-isst", "xls-panic-boundsheet")]
    done = _giaouoc("check", book, *panicking)
    assert done.returncode == 2 and done.stderr == ""
    assert "panicked" not in done.stdout and "Error" not in done.stdout


def test_the_valid_submissions_are_used_and_scored_as_without_the_others(
    folder: tuple[Path, dict[str, Path], Path],
    merged: tuple[dict[str, Any], Path, str],
    tmp_path: Path,
) -> None:
    root, _, book = folder
    alone = tmp_path / "chi_bai_tot"
    alone.mkdir()
    for path in root.glob("*.xl*"):  # only the real submissions, without the wild kinds
        (alone / path.name).write_bytes(path.read_bytes())
    done = _giaouoc("merge", book, alone, "--dry-run", "--period", "cuoi-nam", "--json")
    expected = {s["code"]: s for s in json.loads(done.stdout)["schools"]}
    schools = {s["code"]: s for s in merged[0]["schools"]}
    for school in TB.schools[:3]:  # the third one sent an Excel template (.xltx)
        assert schools[school.code]["status"] == "valid", school.code
        assert schools[school.code] == expected[school.code]
    assert sum(s["status"] == "missing" for s in schools.values()) == len(TB.schools) - 3


def test_the_detail_is_kept_for_the_log(merged: tuple[dict[str, Any], Path, str]) -> None:
    document, summary, _ = merged
    details = {f["file"].rsplit("/", 1)[-1]: f["detail"] for f in document["files"]}
    assert "format=encrypted-ooxml" in details["matkhau.xlsx"]
    assert "DOCTYPE" in details["xxe.xlsx"]
    wb = load_workbook(summary, read_only=True)
    log = [row for row in wb["Nhật ký"].iter_rows(values_only=True) if row and row[0]]
    logged = {str(row[0]).rsplit("/", 1)[-1]: row for row in log}
    assert "encrypted-ooxml" in str(logged["matkhau.xlsx"][3])
    wb.close()
