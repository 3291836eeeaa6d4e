"""The arguments and options several commands share, declared once: the compact book, the
submissions folder, ``--period``, ``--jobs``, ``--json``; and the checks of a period's and a
sample's name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from .. import api
from ..api import SAMPLES, Period
from .vietnamese import Argument, CountRange, PathType


def book(description: str) -> Callable[[Any], Any]:
    """The compact book argument of a command."""
    return click.argument(
        "book",
        cls=Argument,
        metavar="SỔ_GIAO_ƯỚC",
        type=PathType(dir_okay=False),
        description=description,
    )


def period(help_text: str) -> Callable[[Any], Any]:
    return click.option(
        "--period", metavar="KỲ", callback=lambda _c, _p, v: _period_option(v), help=help_text
    )


def jobs(help_text: str) -> Callable[[Any], Any]:
    return click.option("--jobs", type=CountRange(1, 64), default=None, metavar="N", help=help_text)


def out_folder(
    flag: str, dest: str, help_text: str, *, required: bool = False
) -> Callable[[Any], Any]:
    """An option naming a folder the command writes into (template's --out, --feedback,
    --slips)."""
    return click.option(
        flag, dest, required=required, type=PathType(file_okay=False), help=help_text
    )


def file_option(
    flag: str, dest: str, help_text: str, *, exists: bool = False, required: bool = False
) -> Callable[[Any], Any]:
    """An option naming one file (--out, --pdf, --appraisal, --history, --compact); ``exists``:
    a file the command reads, which must be there."""
    return click.option(
        flag,
        dest,
        required=required,
        type=PathType(dir_okay=False, exists=exists),
        metavar="TỆP",
        help=help_text,
    )


READ_JOBS = "Số tiến trình đọc song song (mặc định: số lõi CPU)."


def json_flag(help_text: str = "In kết quả dạng JSON.") -> Callable[[Any], Any]:
    return click.option("--json", "as_json", is_flag=True, help=help_text)


as_json = json_flag()
submissions = click.argument(
    "folder",
    cls=Argument,
    metavar="THƯ_MỤC_BÀI_NỘP",
    type=PathType(file_okay=False, exists=True),
    description="Thư mục bài nộp (đọc cả thư mục con).",
)


def over_submissions(
    book_help: str, out_help: str, period_help: str, *, out_required: bool = False
) -> Callable[[Any], Any]:
    """What a job over a submissions folder takes first (merge, appraise), in this order:
    SỔ_GIAO_ƯỚC THƯ_MỤC_BÀI_NỘP --out TỆP --period KỲ --jobs N."""
    out = file_option("--out", "out", out_help, required=out_required)
    shared = [book(book_help), submissions, out, period(period_help), jobs(READ_JOBS)]

    def declare(command: Any) -> Any:
        for decorator in reversed(shared):  # as if written above the command, top first
            command = decorator(command)
        return command

    return declare


def sample_option(value: str | None) -> str | None:
    """``--sample``: a built-in sample's name."""
    if value is not None and value not in SAMPLES:
        raise click.BadParameter(f"không có mẫu '{value}'; chọn một trong: {', '.join(SAMPLES)}")
    return value


def _period_option(value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return api.parse_period(value)
    except ValueError:
        choices = ", ".join(p.value for p in Period)
        raise click.BadParameter(f"không có kỳ '{value}'; chọn một trong: {choices}") from None
