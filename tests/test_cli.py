"""The `giaouoc` command end to end, as the issues' "done when" describe it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from giaouoc_xl import __version__
from giaouoc_xl.core.model import Level

from .conftest import run_cli


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
