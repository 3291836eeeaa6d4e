"""Reading an earlier year's summary workbook (written by this program) into history records.

What a summary reliably holds, and where it is taken from:

- *Nhật ký* (the log, key and value a row): the compact's id, its revision, the period merged
  ("Kết quả cuối năm (cuoi-nam)"): a summary of another period is no year's result, refused;
- *Tình trạng nộp*: every school of the roster with its code, name, bloc and status code
  (column *Mã trạng thái*; in a summary written before it had one, the code stood in
  *Trạng thái*, now the status in words) (the bloc's size is counted from it);
- each bloc's annex *PL …* (a table under four header rows, found by its headers): the school's
  code, its total (verified, with an appraisal book), tier and rank;
- each bloc's signed result table *KQ …* (the same schools in the same order, the rows numbered
  alike; names, not codes): the proposals (*Đề nghị*: codes, "(chờ bình xét)" for a candidate)
  and the note, from which the veto outcome ("Không đạt chỉ tiêu phủ quyết …") and a deferral
  are taken;
- the school year: the compact book's when one is given (its id must be the summary's), else
  the overview's line "Năm học 2020-2021 — …" (or a result table's title);
- *Lỗi và cảnh báo*: the errors left (a summary with errors was a draft: said, not refused, as
  it is all an office may have of an earlier year).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.codes import SCHOOL_STATUS_WORDS, STATUS_CODE_HEADER, SchoolStatus
from ...core.columns import Column
from ...core.history import (
    AWARD_PENDING,
    NotASummary,
    Origin,
    Record,
    source_text,
    year_start,
    year_text,
)
from ...core.model import Compact, Period, fold, nfc
from ..intake.guard import OWN_OUTPUT_CELLS, OWN_OUTPUT_ROWS, read_within_limits
from ..table import find_header, read_book
from .reader import split_awards, text

__all__ = ["PastSummary", "read_past_summary"]

Grid = Sequence[Sequence[Any]]

LOG, STATUS, OVERVIEW, FINDINGS = "Nhật ký", "Tình trạng nộp", "Tổng quan", "Lỗi và cảnh báo"
RESULT, ANNEX = "KQ ", "PL "
CANDIDATE = "(chờ bình xét)"
VETO, CHANGED, DEFERRED = "Không đạt chỉ tiêu phủ quyết", "; Thẩm định điều chỉnh", "Tạm hoãn xét: "

STATUS_COLUMNS = (
    Column("code", "Mã trường"),
    Column("name", "Tên trường"),
    Column("bloc", "Khối"),
    Column("status", "Trạng thái"),
    Column("status_code", STATUS_CODE_HEADER, optional=True),
)
ANNEX_COLUMNS = (
    Column("number", "STT"),
    Column("code", "Mã trường"),
    Column("name", "Tên trường"),
    Column("total", "Tổng thẩm định", aliases=("Tổng điểm",)),
    Column("tier", "Xếp loại"),
    Column("rank", "Xếp hạng"),
)
RESULT_COLUMNS = (
    Column("number", "STT"),
    Column("name", "Tên trường"),
    Column("proposal", "Đề nghị"),
    Column("note", "Ghi chú"),
)
_YEAR_LINE = re.compile(r"năm học\s+(\d{4}\s*[-–—/]\s*\d{4})", re.IGNORECASE)


@dataclass
class PastSummary:
    """An earlier summary, read: what it is, and its schools as history records."""

    name: str
    sha256: str
    compact_id: str
    revision: str
    year: str
    records: list[Record] = field(default_factory=list)
    errors: int = 0  # findings of severity error the summary lists (it was a draft)


def read_past_summary(
    path: str | os.PathLike[str], compact: Compact | None, when: str
) -> PastSummary:
    """The year-end summary at ``path`` as history records (``when``: the day, for the source
    column). ``compact``: its compact book's, when the office has it (the school year is then
    taken from it, and the summary must be of that compact). Raises :class:`NotASummary` for
    a file that is no year-end summary of the program, :class:`UnreadableWorkbook` for one that
    cannot be read."""
    source = Path(path)
    if not source.is_file():
        raise NotASummary(f"Không tìm thấy bảng tổng hợp '{source}'")
    # a summary the program wrote: a province's long data sheet is far over a submission's
    # 20,000 rows (the package's sizes are still checked)
    guarded = read_within_limits(source, max_rows=OWN_OUTPUT_ROWS, max_cells=OWN_OUTPUT_CELLS)
    grids: dict[str, Grid] = read_book(guarded.data, "bảng tổng hợp", source.name)
    log = _log(grids.get(LOG, []))
    name = source.name
    if "Mã giao ước" not in log or STATUS not in grids:
        raise NotASummary(
            f"Tệp '{name}' không phải bảng tổng hợp do chương trình ghi (không có sheet "
            f"'{LOG}' hoặc '{STATUS}'); chưa nhập gì"
        )
    period = re.search(r"\(([a-z-]+)\)\s*$", log.get("Kỳ tổng hợp", ""))
    if period is None or period[1] != Period.YEAR_END.value:
        raise NotASummary(
            f"Bảng tổng hợp '{name}' là của kỳ '{log.get('Kỳ tổng hợp', '?')}', không phải kết "
            "quả cuối năm: chỉ nhập được bảng tổng hợp cuối năm; chưa nhập gì"
        )
    compact_id, revision = log["Mã giao ước"], log.get("Lần sửa đổi", "?")
    if compact is not None and compact.id != compact_id:
        raise NotASummary(
            f"Bảng tổng hợp '{name}' là của giao ước '{compact_id}', không phải '{compact.id}' "
            "của sổ giao ước đã chọn; chưa nhập gì"
        )
    year = compact.school_year if compact is not None else _year(grids)
    if year is None:
        raise NotASummary(
            f"Không tìm thấy năm học trong bảng tổng hợp '{name}'; chọn thêm sổ giao ước của "
            "năm đó (--compact) rồi nhập lại"
        )
    summary = PastSummary(name, hashlib.sha256(guarded.data).hexdigest(), compact_id, revision,
                          year)  # fmt: skip
    source_note = source_text(Origin.IMPORTED, compact_id, revision, when, name)
    summary.records = _records(grids, year, source_note)
    summary.errors = _errors(grids.get(FINDINGS, []))
    return summary


def _log(grid: Grid) -> dict[str, str]:
    return {
        text(row[0]): text(row[1]) for row in grid if len(row) > 1 and text(row[0]) and text(row[1])
    }


def _year(grids: dict[str, Grid]) -> str | None:
    """The school year an overview or a result table names ("Năm học 2020-2021 — …")."""
    sheets = [OVERVIEW, *(name for name in grids if name.startswith(RESULT))]
    for sheet in sheets:
        for row in grids.get(sheet, [])[:15]:
            for value in row:
                match = _YEAR_LINE.search(value) if isinstance(value, str) else None
                start = year_start(match[1]) if match else None
                if start is not None:
                    return year_text(start)
    return None


def _errors(grid: Grid) -> int:
    header, col = find_header(grid, (Column("severity", "Mức độ"),), "severity", rows=3)
    if header < 0:
        return 0
    at = col["severity"]
    return sum(1 for row in grid[header + 1 :] if at < len(row) and text(row[at]) == "Lỗi")


def _table(grid: Grid, columns: tuple[Column, ...], anchor: str) -> list[dict[str, Any]]:
    """The rows of a table found by its headers, until the first row without ``anchor``."""
    header, col = find_header(grid, columns, anchor, rows=30)
    rows: list[dict[str, Any]] = []
    if header < 0:
        return rows
    for cells in grid[header + 1 :]:
        values = {key: cells[c] if c < len(cells) else None for key, c in col.items()}
        if values.get(anchor) in (None, ""):
            break
        rows.append(values)
    return rows


def _numbered(grid: Grid, columns: tuple[Column, ...], anchor: str) -> list[dict[str, Any]]:
    """The school rows of a document's or annex's table: those numbered (STT)."""
    header, col = find_header(grid, columns, anchor, rows=30)
    if header < 0:
        return []
    rows = []
    for cells in grid[header + 1 :]:
        values = {key: cells[c] if c < len(cells) else None for key, c in col.items()}
        number = values.get("number")
        if isinstance(number, (int, float)) and not isinstance(number, bool):
            rows.append(values)
    return rows


def _whole(value: Any) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == int(value):
        return int(value)
    return None


def _records(grids: dict[str, Grid], year: str, source: str) -> list[Record]:
    schools = _table(grids[STATUS], STATUS_COLUMNS, "code")
    sizes: dict[str, int] = {}
    for row in schools:
        sizes[text(row.get("bloc"))] = sizes.get(text(row.get("bloc")), 0) + 1
    ranked = _annexes(grids)
    records = []
    for row in schools:
        code, bloc = text(row.get("code")), text(row.get("bloc"))
        try:
            status = SchoolStatus(text(row.get("status_code") or row.get("status")))
        except ValueError:
            status = None
        words = SCHOOL_STATUS_WORDS[status] if status is not None else text(row.get("status"))
        found = ranked.get(code, {})
        note = text(found.get("note"))
        deferred = re.search(re.escape(DEFERRED) + r"([^;]*)", note)
        if deferred:
            words += f"; tạm hoãn xét: {deferred[1].strip()}"
        rank = _whole(found.get("rank"))
        valid = status is SchoolStatus.VALID
        total = found.get("total") if valid else None
        awards = tuple(nfc(a.replace(CANDIDATE, "")) for a in split_awards(found.get("proposal")))
        records.append(
            Record(
                code=code,
                year=year,
                name=text(row.get("name")),
                bloc=bloc,
                status=words,
                total=float(total) if isinstance(total, (int, float)) else None,
                tier=text(found.get("tier")) if rank is not None else "",
                rank=rank,
                bloc_size=sizes.get(bloc),
                veto=_veto(note),
                awards=awards,
                award_state=AWARD_PENDING if awards else "",
                source=source,
            )
        )
    return records


def _veto(note: str) -> str:
    """The veto outcome of a result table's note (the part from "Không đạt chỉ tiêu phủ quyết"
    to the appraisal's changes)."""
    at = note.find(VETO)
    if at < 0:
        return ""
    end = note.find(CHANGED, at)
    return note[at : end if end >= 0 else len(note)].strip()


def _annexes(grids: dict[str, Grid]) -> dict[str, dict[str, Any]]:
    """Each ranked school's total, tier and rank (its bloc's annex) with its proposal and note
    (its bloc's result table: the same schools, numbered alike), by code."""
    found: dict[str, dict[str, Any]] = {}
    for sheet, grid in grids.items():
        if not sheet.startswith(ANNEX):
            continue
        table = grids.get(RESULT + sheet[len(ANNEX) :], [])
        documented = {
            _whole(row["number"]): row for row in _numbered(table, RESULT_COLUMNS, "number")
        }
        by_name = {fold(text(row.get("name"))): row for row in documented.values()}
        for row in _numbered(grid, ANNEX_COLUMNS, "code"):
            signed = documented.get(_whole(row["number"]))
            if signed is None or fold(text(signed.get("name"))) != fold(text(row.get("name"))):
                signed = by_name.get(fold(text(row.get("name"))), {})
            found[text(row.get("code"))] = {
                **row,
                **{k: signed.get(k) for k in ("proposal", "note")},
            }
    return found
