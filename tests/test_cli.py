"""The `giaouoc` command end to end, as the issues' "done when" describe it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest

from giaouoc_xl import __version__
from giaouoc_xl.cli import CountRange, PathType, cli
from giaouoc_xl.core.model import Level

from .conftest import run_cli
from .readme_help import help_text, iter_commands


def test_sample_book_checks_and_exports(tmp_path: Path) -> None:
    book = tmp_path / "X.xlsx"
    assert run_cli("compact", "new", book, "--sample", "thanh-ba-2020-2021").code == 0
    checked = run_cli("compact", "check", book)
    assert checked.code == 0 and "hợp lệ" in checked.out
    exported = run_cli("compact", "export", book, "--json")
    assert exported.code == 0
    data = exported.json()
    assert {
        "id",
        "revision",
        "fingerprint",
        "organizer",
        "school_year",
        "contents",
        "target_groups",
        "targets",
        "tiers",
        "blocs",
        "schools",
    } <= set(data)
    assert (
        len(data["schools"]),
        len(data["contents"]),
        len(data["target_groups"]),
        len(data["blocs"]),
    ) == (59, 5, 10, 3)
    assert {
        "code",
        "group",
        "content",
        "text",
        "unit",
        "kind",
        "direction",
        "thresholds",
        "points",
        "scoring",
        "veto",
    } <= set(data["targets"][0])
    assert (
        set(data["schools"][0]) >= {"code", "name", "levels", "bloc"}
        and data["schools"][0]["code"] == "01001"
    )
    for level in ("MN", "TH", "THCS"):
        points = sum(
            t["points"]
            for t in data["targets"]
            if level in t["thresholds"] and t["category"] == "standard"
        )
        assert points == 100, level


def test_thpt_sample_has_seven_contents_and_a_two_level_school(tmp_path: Path) -> None:
    book = tmp_path / "thpt.xlsx"
    run_cli("compact", "new", book, "--sample", "thpt-vung-kho-2022-2023")
    data = run_cli("compact", "export", book, "--json").json()
    assert len(data["contents"]) == 7
    assert any(
        s["levels"] == ["THCS", "THPT"] and "Tả Sìn Thàng" in s["name"] for s in data["schools"]
    )
    for level in (Level.THCS, Level.THPT):
        points = sum(
            t["points"]
            for t in data["targets"]
            if level in t["thresholds"] and t["category"] == "standard"
        )
        assert points == 100


def test_json_mode_prints_one_document_only(tmp_path: Path) -> None:
    book = tmp_path / "X.xlsx"
    run_cli("compact", "new", book, "--sample", "thanh-ba-2020-2021")
    result = run_cli("compact", "check", book, "--json")
    assert result.code == 0 and result.err == ""
    document = json.loads(result.out)
    assert document["valid"] is True and document["findings"] == []


def test_export_of_an_invalid_book_exits_1(tmp_path: Path) -> None:
    book = tmp_path / "blank.xlsx"
    run_cli("compact", "new", book)
    result = run_cli("compact", "export", book, "--json")
    assert result.code == 1 and result.json()["valid"] is False


def test_new_does_not_overwrite_without_force(tmp_path: Path) -> None:
    book = tmp_path / "X.xlsx"
    book.write_bytes(b"staff work")
    result = run_cli("compact", "new", book)
    assert result.code == 2 and "--force" in result.err
    assert book.read_bytes() == b"staff work"
    assert run_cli("compact", "new", book, "--force").code == 0


def test_usage_errors_exit_2_in_vietnamese(tmp_path: Path) -> None:
    assert run_cli("compact", "new").code == 2
    unknown = run_cli("compact", "new", tmp_path / "x.xlsx", "--sample", "ha-noi")
    assert unknown.code == 2 and "không có mẫu 'ha-noi'" in unknown.err
    assert "không có lệnh" in run_cli("khong-co").err
    assert "không có tùy chọn --bad" in run_cli("compact", "check", "x", "--bad").err


@pytest.mark.slow
def test_demo_writes_book_templates_and_summary(tmp_path: Path) -> None:
    result = run_cli("demo", tmp_path / "demo")
    assert result.code == 0, result.err
    assert (tmp_path / "demo" / "so_giao_uoc_thanh-ba-2020-2021.xlsx").exists()
    assert len(list((tmp_path / "demo" / "mau_truong").glob("*.xlsx"))) == 59
    assert (tmp_path / "demo" / "bang_tong_hop.xlsx").exists()
    assert "Mẫu cho 59 trường" in result.out and "Bảng tổng hợp" in result.out


def test_console_script_and_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "giaouoc_xl.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"giaouoc {__version__}"
    helped = subprocess.run(
        [sys.executable, "-m", "giaouoc_xl.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        "Cách dùng: giaouoc" in helped.stdout
        and "Tùy chọn" in helped.stdout
        and "Lệnh" in helped.stdout
    )


#: click's own English, which must never reach a user (stderr of an error, or any `--help`).
ENGLISH = re.compile(
    r"does not exist|Did you mean|requires an argument|does not take|is not|range|required\]"
    r"|default:|Usage|Error|Exception|Traceback|Missing|Got unexpected|No such|is a (file|dir)"
    r"|\b(DIRECTORY|FILE|PATH|TEXT|INTEGER|BOOLEAN)\b"
)


def _usage_error(*args: str) -> str:
    """The stderr of a usage error: exit code 2, nothing on stdout, NFC, no click English."""
    result = run_cli(*args)
    assert result.code == 2 and result.out == "", (args, result)
    assert unicodedata.normalize("NFC", result.err) == result.err
    assert not ENGLISH.search(result.err), result.err
    return result.err


def _lines(message: str, command: str) -> str:
    return f"Lỗi: {message}\nXem hướng dẫn: {command} --help\n"


USAGE_ERRORS = [
    (
        ("merge", "so.xlsx", "bai_nop", "--out", "b.xlsx", "--appraisal", "nope.xlsx"),
        "'--appraisal' không hợp lệ: không tìm thấy tệp 'nope.xlsx'",
        "giaouoc merge",
    ),
    (
        ("merge", "so.xlsx", "bai_nop", "--out", "b.xlsx", "--appraisal", "bai_nop"),
        "'--appraisal' không hợp lệ: 'bai_nop' là thư mục, không phải tệp",
        "giaouoc merge",
    ),
    (
        ("appraise", "so.xlsx", "nodir/", "--out", "x.xlsx"),
        "'THƯ_MỤC_BÀI_NỘP' không hợp lệ: không tìm thấy thư mục 'nodir/'",
        "giaouoc appraise",
    ),
    (
        ("appraise", "so.xlsx", "so.xlsx", "--out", "x.xlsx"),
        "'THƯ_MỤC_BÀI_NỘP' không hợp lệ: 'so.xlsx' là tệp, không phải thư mục",
        "giaouoc appraise",
    ),
    (
        ("template", "so.xlsx", "--out", "so.xlsx"),
        "'--out' không hợp lệ: 'so.xlsx' là tệp, không phải thư mục",
        "giaouoc template",
    ),
    (
        ("compact", "new", "bai_nop"),
        "'TỆP_SỔ' không hợp lệ: 'bai_nop' là thư mục, không phải tệp",
        "giaouoc compact new",
    ),
    (
        ("merge", "so.xlsx", "bai_nop", "--out", "b.xlsx", "--jobs", "0"),
        "'--jobs' không hợp lệ: 0 nằm ngoài khoảng 1–64",
        "giaouoc merge",
    ),
    (
        ("template", "so.xlsx", "--out", "mau", "--jobs", "65"),
        "'--jobs' không hợp lệ: 65 nằm ngoài khoảng 1–64",
        "giaouoc template",
    ),
    (
        ("appraise", "so.xlsx", "bai_nop", "--out", "x.xlsx", "--jobs", "abc"),
        "'--jobs' không hợp lệ: 'abc' không phải số nguyên",
        "giaouoc appraise",
    ),
    (
        ("merge", "so.xlsx", "bai_nop", "--out", "b.xlsx", "--period", "xyz"),
        "'--period' không hợp lệ: không có kỳ 'xyz'; chọn một trong: dang-ky, hk1, cuoi-nam",
        "giaouoc merge",
    ),
    (("apprise",), "không có lệnh 'apprise'; có phải 'appraise'?", "giaouoc"),
    (("compact", "chek"), "không có lệnh 'chek'; có phải 'check'?", "giaouoc compact"),
    (("khong-co",), "không có lệnh 'khong-co'", "giaouoc"),
    (("--",), "thiếu lệnh", "giaouoc"),
    (("compact", "--"), "thiếu lệnh", "giaouoc compact"),
    (
        ("merge", "so.xlsx", "bai_nop", "--out", "b.xlsx", "--slips"),
        "tùy chọn --slips cần một giá trị",
        "giaouoc merge",
    ),
    (
        ("merge", "so.xlsx", "bai_nop", "--dry-run", "--json=3"),
        "tùy chọn --json không nhận giá trị",
        "giaouoc merge",
    ),
    (
        ("merge", "so.xlsx", "bai_nop", "--slip", "phieu"),
        "không có tùy chọn --slip; có phải '--slips' hay '--help'?",
        "giaouoc merge",
    ),
    (("-x",), "không có tùy chọn -x", "giaouoc"),
    (("merge", "so.xlsx", "bai_nop", "x", "y"), "thừa tham số: x y", "giaouoc merge"),
    (("template", "so.xlsx"), "thiếu '--out'", "giaouoc template"),
    (("check", "so.xlsx"), "thiếu 'TỆP'", "giaouoc check"),
    (("merge", "so.xlsx", "bai_nop"), "cần --out TỆP (hoặc --dry-run)", "giaouoc merge"),
]


@pytest.mark.parametrize(("args", "message", "command"), USAGE_ERRORS)
def test_every_usage_error_is_vietnamese(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    message: str,
    command: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bai_nop").mkdir()
    (tmp_path / "so.xlsx").write_bytes(b"")
    assert _usage_error(*args) == _lines(message, command)


def test_an_unreadable_path_is_named_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "so.xlsx").write_bytes(b"")
    monkeypatch.setattr(os, "access", lambda *_args, **_kwargs: False)  # root reads everything
    message = "'SỔ_GIAO_ƯỚC' không hợp lệ: không có quyền đọc 'so.xlsx'"
    assert _usage_error("compact", "check", "so.xlsx") == _lines(message, "giaouoc compact check")


def test_every_help_page_is_vietnamese() -> None:
    pages = {path: help_text(path) for path in iter_commands()}
    for path, page in pages.items():
        assert not ENGLISH.search(page), (path, ENGLISH.search(page))
        assert unicodedata.normalize("NFC", page) == page
    template = pages[("template",)]
    assert "--out THƯ_MỤC" in template and "[bắt buộc]" in template and "[1–64]" in template
    assert "[bắt buộc]" in pages[("appraise",)] and "[1–64]" in pages[("merge",)]


def test_every_parameter_type_words_its_errors_in_vietnamese() -> None:
    # click's own types (Path, IntRange, Choice, INT…) fail in English: only these are used.
    for path in iter_commands():
        command: click.Command = cli
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            allowed = (PathType, CountRange, click.types.StringParamType, click.types.BoolParamType)
            assert isinstance(param.type, allowed), (path, param.name, param.type)
