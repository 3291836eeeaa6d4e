"""`giaouoc history`: the history book (sổ lịch sử thi đua), each school's results across school
years. Registered on the main group by one import at the end of :mod:`giaouoc_xl.cli`.

- ``history record SỔ_GIAO_ƯỚC THƯ_MỤC_BÀI_NỘP --history TỆP``: the year-end merge, then the
  year recorded. The merge is run again rather than a summary read back because that is what
  an office has in hand after its final merge (the compact book, the submissions, the
  appraisal book) and it gives the year exactly: every code, total, rank and proposal as the
  program computed them, and whether errors remain (a draft is refused). With ``--out`` (the
  summary of the final merge) its cache is used and the summary is written again alike.
- ``history import BẢNG_TỔNG_HỢP --history TỆP``: an earlier year's summary workbook (written by
  the program) into the book, for the years whose submissions are gone.

Thin, like every command: it reads its arguments, calls the library's jobs and prints what
they return.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .. import api
from ..api import HistoryRecorded, Period
from . import _reading, _reported, cli, params, render
from .vietnamese import Argument, Group, PathType

__all__ = ["history"]

_HISTORY = params.file_option(
    "--history",
    "history_path",
    "Sổ lịch sử (.xlsx): chưa có thì tạo, có rồi thì giữ mọi ô đã nhập.",
    required=True,
)


def _show(done: HistoryRecorded, as_json: bool, **more: Any) -> None:
    """What was recorded: its JSON document, or its lines and the book's findings."""
    if as_json:
        render.emit_json({**done.to_json(), **more})
        return
    for line in done.lines():
        click.echo(line)
    if done.findings:
        click.echo("Sổ lịch sử có ô chưa đọc được (đã giữ nguyên như đã nhập):")
        render.print_findings(done.findings)


@cli.group("history", cls=Group)
def history() -> None:
    """Sổ lịch sử thi đua: kết quả các năm học của từng trường."""


@history.command("record")
@params.book("Sổ giao ước (.xlsx) của năm học cần ghi.")
@params.submissions
@_HISTORY
@params.file_option(
    "--appraisal", "appraisal", "Sổ thẩm định đã dùng khi tổng hợp cuối năm.", exists=True
)
@params.file_option(
    "--out",
    "out",
    "Ghi cả bảng tổng hợp cuối năm (.xlsx), dùng bộ nhớ đệm của lần tổng hợp trước.",
)
@params.jobs(params.READ_JOBS)
@params.as_json
def record(
    book: Path,
    folder: Path,
    history_path: Path,
    appraisal: Path | None,
    out: Path | None,
    jobs: int | None,
    as_json: bool,
) -> None:
    """Tổng hợp cuối năm rồi ghi kết quả năm học vào sổ lịch sử.

    Không ghi khi bảng tổng hợp còn lỗi làm thay đổi kết quả (bản dự thảo). Ghi lại một năm đã
    có: thay các cột chương trình ghi, giữ mọi ô đơn vị đã nhập.
    """
    with _reported(as_json):
        with _reading(book, as_json) as (compact, progress):
            # the book recorded into is the one the ladder's conditions over years count in
            past = history_path if history_path.is_file() else None
            report = api.merge(
                compact, folder, out=out, appraisal=appraisal, history=past,
                period=Period.YEAR_END, jobs=jobs, progress=progress, say=render.stage(as_json),
                on_wait=render.waiting,
            )  # fmt: skip
        done = api.record_year(report, history_path, say=render.stage(as_json),
                               on_wait=render.waiting)  # fmt: skip
    _show(done, as_json, summary=report.summary)
    sys.exit(max(done.exit_code, report.exit_code))


@history.command("import")
@click.argument(
    "summary",
    cls=Argument,
    metavar="BẢNG_TỔNG_HỢP",
    type=PathType(dir_okay=False, exists=True),
    description="Bảng tổng hợp cuối năm của một năm học trước, do chương trình ghi (.xlsx).",
)
@_HISTORY
@params.file_option(
    "--compact",
    "book",
    "Sổ giao ước của năm học đó (nếu còn): lấy năm học từ sổ, kiểm tra đúng giao ước.",
    exists=True,
)
@params.as_json
def import_command(summary: Path, history_path: Path, book: Path | None, as_json: bool) -> None:
    """Nhập bảng tổng hợp cuối năm của một năm học trước vào sổ lịch sử."""
    with _reported(as_json):
        compact = api.load_compact(book) if book is not None else None
        done = api.import_summary(summary, compact, history_path, say=render.stage(as_json),
                                  on_wait=render.waiting)  # fmt: skip
    _show(done, as_json)
    sys.exit(done.exit_code)
