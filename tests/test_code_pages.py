"""Every command, its output redirected, under the ANSI code pages of Windows (cp1252, cp1258):
what it writes is UTF-8 and whole, ``--json`` is valid UTF-8 JSON, never a UnicodeEncodeError.

On Windows, output that goes to a file or a pipe is encoded in the ANSI code page; here the same
is forced with ``PYTHONIOENCODING`` (Python's own switch for it) and a pipe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.streams import plain
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import ROOT

TB = sample("thanh-ba-2020-2021")
CODE_PAGES = ("cp1252", "cp1258")


def run(code_page: str, *args: str | Path) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONIOENCODING": code_page}
    done = subprocess.run(
        [sys.executable, "-m", "giaouoc_xl.cli", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # UTF-8, or it raises
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    return done.returncode, out, err


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bai_nop")
    for index, school in enumerate(TB.schools[:4]):
        answers = clean_answers(TB, school, Period.YEAR_END, seed=index)
        if index == 0:
            answers.targets["CT05.2"]["registration"] = 6.0  # above its ceiling: an error
        render_school_workbook(
            TB, school, path / f"{school.code}.xlsx", datetime(2026, 1, 1, tzinfo=UTC), answers
        )
    return path


@pytest.mark.slow
@pytest.mark.parametrize("code_page", CODE_PAGES)
def test_every_command_writes_utf8_whatever_the_code_page(
    code_page: str, folder: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    book = books["thanh-ba-2020-2021"]
    first = sorted(folder.iterdir())[0]
    texts = {
        "help": run(code_page, "--help"),
        "merge help": run(code_page, "merge", "--help"),
        "new": run(code_page, "compact", "new", tmp_path / "moi.xlsx", "--sample", TB.id),
        "compact check": run(code_page, "compact", "check", book),
        "template": run(
            code_page, "template", book, "--out", tmp_path / "mau", "--school", "01001"
        ),
        "check": run(code_page, "check", book, first, "--period", "cuoi-nam"),
        "merge": run(code_page, "merge", book, folder, "--out", tmp_path / "th.xlsx"),
        "appraise": run(code_page, "appraise", book, folder, "--out", tmp_path / "td.xlsx"),
        "usage": run(code_page, "merge", book),
        "missing file": run(code_page, "check", book, tmp_path / "không_có.xlsx"),
    }
    for name, (code, out, err) in texts.items():
        assert code in (0, 1, 2), name
        said = out + err
        assert any(letter in said for letter in "ướọảệĐẫ"), f"{name}: no Vietnamese in {said!r}"
    assert texts["usage"][0] == 2 and "Lỗi: thiếu" in texts["usage"][2]
    documents = {
        "compact check": run(code_page, "compact", "check", book, "--json"),
        "export": run(code_page, "compact", "export", book, "--json"),
        "check": run(code_page, "check", book, first, "--json", "--period", "cuoi-nam"),
        "merge": run(code_page, "merge", book, folder, "--out", tmp_path / "th.xlsx", "--json"),
        "appraise": run(
            code_page, "appraise", book, folder, "--out", tmp_path / "td.xlsx", "--json"
        ),
    }
    for name, (_, out, _) in documents.items():
        document = json.loads(out)
        assert isinstance(document, dict), name
    school = documents["export"][1]
    assert "Trường Tiểu học Đông Lĩnh" in school  # the letters themselves, not \\u escapes
    (finding,) = json.loads(documents["check"][1])["files"][0]["findings"]
    assert "suy dinh dưỡng" in finding["message"]


@pytest.mark.slow
def test_the_demo_under_an_ansi_code_page(tmp_path: Path) -> None:
    code, out, _ = run("cp1258", "demo", tmp_path / "demo")
    assert code == 0 and "Sổ giao ước:" in out and "Bảng tổng hợp:" in out


def test_a_console_that_cannot_show_a_letter_gets_it_without_its_marks() -> None:
    assert plain("Lỗi: không đọc được tệp 'Đông Lĩnh'") == "Loi: khong doc duoc tep 'Dong Linh'"
    script = (
        "import sys, io\n"
        "from giaouoc_xl.streams import PLAIN\n"
        "out = io.TextIOWrapper(io.BytesIO(), encoding='ascii', errors=PLAIN)\n"
        "out.write('Tổng hợp: 3 trường'); out.flush()\n"
        "sys.stdout.write(out.buffer.getvalue().decode('ascii'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout == "Tong hop: 3 truong"
