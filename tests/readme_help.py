"""The README's command reference: the real `--help` of every command, between markers.

``python -m tests.readme_help`` rewrites that part of README.md; tests/test_docs.py fails when
the README and the CLI disagree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import click

from giaouoc_xl.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"
WIDTH = "100"


def iter_commands(
    group: click.Group = cli, path: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every command path, depth first, in the order `--help` lists them."""
    yield path
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from iter_commands(command, (*path, name))
        elif command is not None:
            yield (*path, name)


def help_text(path: tuple[str, ...]) -> str:
    from .conftest import run_cli

    previous = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH
    try:
        result = run_cli(*path, "--help")
    finally:
        if previous is None:
            os.environ.pop("COLUMNS", None)
        else:
            os.environ["COLUMNS"] = previous
    assert result.code == 0, result.err
    return result.out.rstrip() + "\n"


def render() -> str:
    parts = []
    for path in iter_commands():
        title = " ".join(("giaouoc", *path))
        parts.append(f"### `{title}`\n\n```text\n{help_text(path)}```\n")
    return "\n".join(parts)


def _table(codes: dict[str, str]) -> list[str]:
    return [
        "| Mã | Ý nghĩa |",
        "|---|---|",
        *(f"| `{code}` | {meaning} |" for code, meaning in codes.items()),
    ]


def render_codes() -> str:
    from giaouoc_xl.core.codes import APPRAISAL_CODES, FILE_CODES, HISTORY_CODES
    from giaouoc_xl.core.codes import BOOK_CODES as READER_CODES
    from giaouoc_xl.core.codes import RULE_CODES as CODES
    from giaouoc_xl.core.codes import SUBMISSION_CODES as CHECK_CODES

    lines = [
        "**Sổ giao ước** (`giaouoc compact check`):",
        "",
        *_table({**READER_CODES, **CODES}),
        "",
        "**Bài nộp của trường** (`giaouoc check`):",
        "",
        *_table({**FILE_CODES, **CHECK_CODES}),
        "",
        "**Sổ thẩm định** (`giaouoc merge … --appraisal`):",
        "",
        *_table(APPRAISAL_CODES),
        "",
        "**Sổ lịch sử** (`giaouoc history`, `giaouoc merge … --history`):",
        "",
        *_table(HISTORY_CODES),
    ]
    return "\n".join(lines) + "\n"


def _worded(codes: dict[str, str], words: dict[str, str]) -> list[str]:
    return [
        "| Mã | Trạng thái | Ý nghĩa |",
        "|---|---|---|",
        *(f"| `{code}` | {words[code]} | {meaning} |" for code, meaning in codes.items()),
    ]


def render_statuses() -> str:
    from giaouoc_xl.core.codes import (
        FILE_STATUS_WORDS,
        FILE_STATUSES,
        SCHOOL_STATUS_WORDS,
        SCHOOL_STATUSES,
    )

    lines = [
        "Tình trạng của **tệp** (JSON: mã; sheet *Tình trạng nộp* và *Nhật ký*: chữ ở cột "
        "*Trạng thái*, mã ở cột *Mã trạng thái* để lọc):",
        "",
        *_worded(FILE_STATUSES, FILE_STATUS_WORDS),
        "",
        "Tình trạng của **trường** (JSON: mã; sheet *Tình trạng nộp*: chữ ở cột *Trạng thái*, mã "
        "ở cột *Mã trạng thái*; phụ lục và các văn bản in: chữ):",
        "",
        *_worded(SCHOOL_STATUSES, SCHOOL_STATUS_WORDS),
    ]
    return "\n".join(lines) + "\n"


def render_lite() -> str:
    from tests.test_lite import render

    return render()


BLOCKS = {
    "help": render,
    "codes": render_codes,
    "statuses": render_statuses,
    "lite": render_lite,
}


def documented_block(readme: str, name: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    match = re.search(re.escape(start) + r"\n(.*)" + re.escape(end), readme, re.S)
    assert match, f"README.md has no {start} ... {end} markers"
    return match[1]


def update() -> None:
    text = README.read_text(encoding="utf-8")
    for name, render_block in BLOCKS.items():
        start = f"<!-- {name}:start -->\n"
        text = text.replace(start + documented_block(text, name), start + render_block() + "\n")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    update()
