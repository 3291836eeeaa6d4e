"""Reading the appraisal book back: every row staff can type in, found by its sheet's header
(whatever order, case or spacing the columns have now), its verified values parsed for their
targets; a value that cannot be used is an error naming its sheet and cell.

A book of another compact or period, or a file that is no appraisal book, is refused
(:class:`WrongAppraisalBook`); a file that cannot be read is :class:`UnreadableWorkbook`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core.appraisal import Appraisal, SchoolAppraisal, Verification
from ...core.awards import BlocReview
from ...core.codes import Severity
from ...core.errors import UnreadableWorkbook, WrongAppraisalBook
from ...core.findings import Finding
from ...core.model import Compact, Deferral, Period, label, labels, nfc, parse_choice
from ...core.numbers import NumberKind, rounded, vn
from ...core.values import out_of_range, parse_cell, tidy_number
from ..atomic import lock_file
from ..intake.guard import read_within_limits
from ..table import detail, find_header, read_values
from .layout import (
    HEADER_SEARCH,
    KEPT_SHEET,
    KIND,
    META,
    REVIEW_SHEET,
    SCHOOLS_SHEET,
    SHEETS,
    TARGETS_SHEET,
    VOTE_PREFIX,
    VOTE_SHEET,
)

__all__ = ["canon", "read_appraisal_book", "shown", "text", "whole"]

Grid = Sequence[Sequence[Any]]


def read_appraisal_book(
    path: str | os.PathLike[str], compact: Compact, period: Period
) -> Appraisal:
    """The appraisal book at ``path``: every row, its verified values parsed for their targets.
    Raises :class:`WrongAppraisalBook` for a book of another compact or period (or a file that
    is no appraisal book), :class:`UnreadableWorkbook` for a file that cannot be read."""
    source = Path(path)
    if not source.exists():
        raise WrongAppraisalBook(f"Không tìm thấy sổ thẩm định '{source}'")
    guarded = read_within_limits(source)

    def failed(error: BaseException, printed: str) -> UnreadableWorkbook:
        return UnreadableWorkbook(
            f"Không đọc được sổ thẩm định '{source.name}' (tệp hỏng hoặc không phải bảng tính)",
            detail(error, printed),
        )

    grids = read_values(guarded.data, failed)
    meta = {
        str(row[0]).strip(): str(row[1]).strip()
        for row in grids.get(META, [])
        if len(row) > 1 and row[0] not in (None, "") and row[1] not in (None, "")
    }
    _check_meta(source.name, meta, compact, period)
    appraisal = Appraisal(source.name, hashlib.sha256(guarded.data).hexdigest(), compact.id, period)
    _read_targets(grids.get(TARGETS_SHEET, []), compact, appraisal)
    _read_schools(grids.get(SCHOOLS_SHEET, []), appraisal)
    _read_reviews(grids.get(REVIEW_SHEET, []), appraisal)
    _read_votes(grids.get(VOTE_SHEET, []), appraisal)
    appraisal.kept = _read_kept(grids.get(KEPT_SHEET, []))
    lock = lock_file(source)
    if lock is not None:
        message = (
            f"Sổ thẩm định '{source.name}' đang mở trong Excel hoặc LibreOffice (có tệp khóa "
            f"'{lock.name}'): đã dùng bản đã lưu; điều vừa nhập mà chưa lưu thì chưa được tính. "
            "Lưu sổ (Ctrl+S) rồi chạy lại."
        )
        warning = Finding("appraisal-book-open", Severity.WARNING, message, file=source.name)
        appraisal.findings.append(warning)
    return appraisal


def _check_meta(name: str, meta: dict[str, str], compact: Compact, period: Period) -> None:
    if meta.get("kind") != KIND:
        raise WrongAppraisalBook(
            f"Tệp '{name}' không phải sổ thẩm định của chương trình (thiếu sheet thông tin "
            "kỹ thuật); không dùng, không ghi đè"
        )
    if meta.get("compact_id") != compact.id:
        raise WrongAppraisalBook(
            f"Sổ thẩm định '{name}' là của giao ước '{meta.get('compact_id')}', không phải "
            f"'{compact.id}'; không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )
    if meta.get("period") != period.value:
        try:
            book_period = label(Period(meta.get("period", "")))
        except ValueError:
            book_period = meta.get("period", "?")
        raise WrongAppraisalBook(
            f"Sổ thẩm định '{name}' là của kỳ '{book_period}', không phải '{label(period)}'; "
            "không dùng, không ghi đè: chọn đúng sổ hoặc ghi sổ mới ở tên khác"
        )


# --------------------------------------------------------------------------- values as read


def canon(value: Any) -> str:
    """A value as one text, to tell whether a school's reported value changed."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (int, float)):
        return str(tidy_number(float(value)))
    return nfc(str(value))


def shown(value: Any, kind: NumberKind = NumberKind.POINTS) -> str:
    """A value as a message quotes it: a number by the Vietnamese rule ("95,5"), else as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return vn(value, kind)
    return canon(value)


def same(old: Any, new: Any, kind: NumberKind) -> bool:
    """Whether two reported values are the same as the book shows them (to ``kind``'s
    precision: the book keeps a number rounded to it)."""

    def shown_as(value: Any) -> Any:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return rounded(value, kind) if number else value

    return canon(shown_as(old)) == canon(shown_as(new))


def text(value: Any) -> str:
    """A cell's value as text; '' for an empty cell."""
    return "" if value is None else canon(value)


def whole(value: Any) -> int | None:
    """A whole number typed (votes, members), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return int(number) if number >= 0 and number == int(number) else None


def _value(cells: Sequence[Any], col: dict[str, int], key: str) -> Any:
    index = col.get(key)
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str):
        return nfc(value) or None
    if isinstance(value, float) and value != value:
        return None
    return value


def _header(grid: Grid, sheet: str) -> tuple[int, dict[str, int]]:
    """The header row (0-based) and key -> column of a sheet, found by header text."""
    table = SHEETS[sheet]
    return find_header(grid, table.columns, table.anchor, rows=HEADER_SEARCH)


def _cell(col: int | None, r: int) -> str:
    """The cell at 0-based column ``col`` of 0-based row ``r`` ("J12"); '' with no column."""
    return f"{xlsxwriter.utility.xl_col_to_name(col)}{r + 1}" if col is not None else ""


class _Row:
    """One row of a sheet's table as read: its values by column key."""

    __slots__ = ("cells", "col", "r")

    def __init__(self, r: int, cells: Sequence[Any], col: dict[str, int]) -> None:
        self.r, self.cells, self.col = r, cells, col

    def value(self, key: str) -> Any:
        """The value under ``key`` (None: empty, or no such column)."""
        return _value(self.cells, self.col, key)

    def text(self, key: str) -> str:
        return text(self.value(key))

    def cell(self, key: str) -> str:
        """Where the value under ``key`` is ("J12"); '' when the column is missing."""
        return _cell(self.col.get(key), self.r)


def _rows(grid: Grid, sheet: str) -> Iterator[_Row]:
    """Each row below a sheet's header that names its anchor (a school, a bloc)."""
    header, col = _header(grid, sheet)
    if header < 0:
        return
    anchor = SHEETS[sheet].anchor
    for r in range(header + 1, len(grid)):
        row = _Row(r, grid[r], col)
        if row.text(anchor):
            yield row


def _invalid(
    appraisal: Appraisal, sheet: str, cell: str, value: Any, message: str, school: str = ""
) -> None:
    """A value typed in the book that cannot be used: an error naming its sheet and cell."""
    appraisal.findings.append(
        Finding(code="appraisal-invalid-value", severity=Severity.ERROR, message=message,
                file=appraisal.name, school=school, sheet=sheet, cell=cell, value=value)
    )  # fmt: skip


# --------------------------------------------------------------------------- the sheets


def _read_targets(grid: Grid, compact: Compact, appraisal: Appraisal) -> None:
    targets = {t.code: t for t in compact.targets}
    for row in _rows(grid, TARGETS_SHEET):
        school, code = row.text("school"), row.text("target")
        if not code:
            continue
        raw = row.value("verified")
        value, problem = None, ""
        target = targets.get(code)
        if raw is not None and target is not None:
            value, problem, _ = parse_cell(target, raw)
            if not problem and out_of_range(target, value):
                value, problem = None, "out-of-range"  # said by the merge, never scored
        appraisal.entries[(school, code)] = Verification(
            school=school,
            target=code,
            value=value,
            raw=raw,
            reason=row.text("reason"),
            reported=row.value("reported"),
            cell=row.cell("verified"),
            row=row.r + 1,
            problem=problem,
        )


def _read_schools(grid: Grid, appraisal: Appraisal) -> None:
    for row in _rows(grid, SCHOOLS_SHEET):
        school, raw, cell = row.text("school"), row.value("deferral"), row.cell("deferral")
        deferral = None
        if raw is not None:
            try:
                deferral = parse_choice(Deferral, raw)
            except ValueError:
                message = (
                    f"Sổ thẩm định, sheet Trường, dòng {row.r + 1}: '{shown(raw)}' không phải "
                    f"một lý do tạm hoãn xét; chọn trong danh sách: {'; '.join(labels(Deferral))}"
                )
                _invalid(appraisal, SCHOOLS_SHEET, cell, raw, message, school=school)
        appraisal.schools[school] = SchoolAppraisal(
            school=school,
            deferral=deferral,
            detail=row.text("detail"),
            note=row.text("note"),
            cell=cell,
            row=row.r + 1,
            raw_deferral=raw,
        )


def _read_reviews(grid: Grid, appraisal: Appraisal) -> None:
    for row in _rows(grid, REVIEW_SHEET):
        raw, cell = row.value("members"), row.cell("members")
        members = whole(raw)
        if raw is not None and (members is None or members == 0):
            message = (
                f"Sổ thẩm định, sheet Khối, dòng {row.r + 1}: số thành viên dự họp "
                f"'{shown(raw)}' không phải số nguyên dương"
            )
            _invalid(appraisal, REVIEW_SHEET, cell, raw, message)
        chair, secretary = row.text("chair"), row.text("secretary")
        bloc = row.text("bloc")
        appraisal.reviews[bloc] = BlocReview(bloc, members or None, chair, secretary, cell, raw)


def _read_votes(grid: Grid, appraisal: Appraisal) -> None:
    header, _ = _header(grid, VOTE_SHEET)
    awards = {
        c: nfc(str(value))[len(VOTE_PREFIX) :].strip()
        for c, value in enumerate(grid[header] if header >= 0 else ())
        if isinstance(value, str) and nfc(value).startswith(VOTE_PREFIX)
    }
    for row in _rows(grid, VOTE_SHEET):
        school, review = row.text("school"), appraisal.reviews.get(row.text("bloc"))
        members = review.members if review else None
        for c, award in awards.items():
            raw = row.cells[c] if c < len(row.cells) else None
            if raw is None or raw == "":
                continue
            where = _cell(c, row.r)
            appraisal.typed_votes[(school, award)] = raw
            appraisal.vote_cells[(school, award)] = where
            count = whole(raw)
            if count is not None and (members is None or count <= members):
                appraisal.votes[(school, award)] = count
                continue
            why = (
                f"{count} phiếu đồng ý {award} nhiều hơn {members} thành viên dự họp (sheet "
                "Khối); chưa được dùng"
                if count is not None
                else f"số phiếu '{shown(raw)}' của {award} không phải số nguyên không âm"
            )
            message = f"Sổ thẩm định, sheet Bình xét, dòng {row.r + 1}: {why}"
            _invalid(appraisal, VOTE_SHEET, where, raw, message, school=school)


def _read_kept(grid: Grid) -> list[dict[str, Any]]:
    header, col = _header(grid, KEPT_SHEET)
    if header < 0:
        return []
    rows = []
    for r in range(header + 1, len(grid)):
        values = {key: _value(grid[r], col, key) for key in col}
        if any(v is not None for v in values.values()):
            rows.append(values)
    return rows
