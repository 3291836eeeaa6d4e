"""Under ``--json`` a usage error is one JSON document on stdout (what a program reading it
needs), still exit 2, still the Vietnamese message on stderr: for every command."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import click
import pytest

from giaouoc_xl.cli import cli

from .conftest import run_cli


def _commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of ``giaouoc``, groups included."""
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append((*path, name))
    return found


COMMANDS = _commands()


def _usage_document(*args: str) -> dict[str, object]:
    result = run_cli(*args)
    assert result.code == 2, (args, result)
    document = json.loads(result.out)  # exactly one document, nothing else on stdout
    assert isinstance(document, dict)
    assert document["valid"] is False and document["usage"] is True, document
    assert unicodedata.normalize("NFC", result.out) == result.out
    assert result.err.startswith(f"Lỗi: {document['error']}\n"), result.err
    return document


def test_every_command_is_covered() -> None:
    assert {"check", "merge", "appraise", "template", "demo"} <= {p[0] for p in COMMANDS if p}
    assert ("compact", "check") in COMMANDS and ("compact", "export") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "giaouoc")
def test_every_usage_error_is_one_json_document(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    unknown = _usage_document(*path, "--khong-co", "--json")
    assert "--khong-co" in str(unknown["error"])
    assert unknown["command"] == " ".join(("giaouoc", *path))
    assert unknown["help"] == f"{unknown['command']} --help"
    _usage_document(*path, "--json", "--khong-co")  # wherever --json stands among the options


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--json"), "thiếu 'SỔ_GIAO_ƯỚC'"),
        (("check", "so.xlsx", "--json"), "thiếu 'TỆP'"),
        (("compact", "check", "--json"), "thiếu 'SỔ_GIAO_ƯỚC'"),
        (("compact", "export", "--json"), "thiếu 'SỔ_GIAO_ƯỚC'"),
        (("merge", "so.xlsx", "bai_nop", "--json"), "cần --out TỆP (hoặc --dry-run)"),
        (("merge", "so.xlsx", "khong_co", "--json"), "không tìm thấy thư mục 'khong_co'"),
        (("appraise", "so.xlsx", "bai_nop", "--json"), "thiếu '--out'"),
        (("check", "so.xlsx", "x.xlsx", "--json", "--period", "xyz"), "không có kỳ 'xyz'"),
        (("merge", "so.xlsx", "bai_nop", "--jobs", "0", "--json"), "0 nằm ngoài khoảng 1–64"),
        (("template", "so.xlsx", "--json"), "không có tùy chọn --json"),
        (("demo", "--json"), "không có tùy chọn --json"),
        (("--json",), "không có tùy chọn --json"),
    ],
)
def test_the_error_is_the_one_said_without_json(
    args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bai_nop").mkdir()
    (tmp_path / "so.xlsx").write_bytes(b"")
    (tmp_path / "x.xlsx").write_bytes(b"")
    assert message in str(_usage_document(*args)["error"])
    plain = run_cli(*(a for a in args if a != "--json"))
    if plain.code == 2 and "--json" not in message:
        assert plain.out == "" and message in plain.err  # the same words, no JSON without it


def test_json_after_a_separator_is_an_argument(tmp_path: Path) -> None:
    result = run_cli("check", "--", "--json")
    assert result.code == 2 and result.out == "" and "thiếu 'TỆP'" in result.err
