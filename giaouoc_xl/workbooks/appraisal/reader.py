"""Reading the appraisal book back: every row staff can type in, found by its sheet's header
(whatever order, case or spacing the columns have now), its verified values parsed for their
targets; a value that cannot be used is an error naming its sheet and cell.

A book of another compact or period, or a file that is no appraisal book, is refused
(:class:`WrongAppraisalBook`); a file that cannot be read is :class:`UnreadableWorkbook`.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from ...core.appraisal import Appraisal, SchoolAppraisal, Verification
from ...core.codes import Severity
from ...core.errors import WrongAppraisalBook
from ...core.findings import Finding
from ...core.meetings import COUNCIL
from ...core.model import Compact, Deferral, Period, VotingBody, label, labels, nfc, parse_choice
from ...core.values import out_of_range, parse_cell
from ..atomic import lock_file
from ..intake.guard import read_within_limits
from ..table import read_book, read_meta
from .cells import (
    Grid,
    canon,
    cell_name,
    invalid,
    rows,
    same,
    shown,
    table_header,
    text,
    value_at,
    whole,
)
from .layout import (
    DECISIONS_SHEET,
    KEPT_SHEET,
    KIND,
    MEMBERS_SHEET,
    META,
    REVIEW_SHEET,
    SCHOOLS_SHEET,
    TARGETS_SHEET,
    VOTE_PREFIX,
    VOTE_SHEET,
)
from .meetings import read_decisions, read_meetings, read_members

__all__ = ["canon", "read_appraisal_book", "same", "shown", "text", "whole"]


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
    grids = read_book(guarded.data, "sổ thẩm định", source.name)
    meta = read_meta(grids.get(META, []))
    _check_meta(source.name, meta, compact, period)
    appraisal = Appraisal(source.name, hashlib.sha256(guarded.data).hexdigest(), compact.id, period)
    _read_targets(grids.get(TARGETS_SHEET, []), compact, appraisal)
    _read_schools(grids.get(SCHOOLS_SHEET, []), appraisal)
    read_meetings(grids.get(REVIEW_SHEET, []), appraisal)
    read_members(grids.get(MEMBERS_SHEET, []), compact, appraisal)
    read_decisions(grids.get(DECISIONS_SHEET, []), compact, appraisal)
    _read_votes(grids.get(VOTE_SHEET, []), compact, appraisal)
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


# --------------------------------------------------------------------------- the sheets


def _read_targets(grid: Grid, compact: Compact, appraisal: Appraisal) -> None:
    targets = {t.code: t for t in compact.targets}
    for row in rows(grid, TARGETS_SHEET):
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
    for row in rows(grid, SCHOOLS_SHEET):
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
                invalid(appraisal, SCHOOLS_SHEET, cell, raw, message, school=school)
        appraisal.schools[school] = SchoolAppraisal(
            school=school,
            deferral=deferral,
            detail=row.text("detail"),
            note=row.text("note"),
            cell=cell,
            row=row.r + 1,
            raw_deferral=raw,
        )


def _read_votes(grid: Grid, compact: Compact, appraisal: Appraisal) -> None:
    """The votes in favour, each no more than the members present of the body that votes on
    its award (the bloc's meeting, or the council's)."""
    bodies = {a.code: a.body for a in compact.awards}
    header, _ = table_header(grid, VOTE_SHEET)
    awards = {
        c: nfc(str(value))[len(VOTE_PREFIX) :].strip()
        for c, value in enumerate(grid[header] if header >= 0 else ())
        if isinstance(value, str) and nfc(value).startswith(VOTE_PREFIX)
    }
    for row in rows(grid, VOTE_SHEET):
        school = row.text("school")
        for c, award in awards.items():
            raw = row.cells[c] if c < len(row.cells) else None
            if raw is None or raw == "":
                continue
            body = COUNCIL if bodies.get(award) is VotingBody.COUNCIL else row.text("bloc")
            review = appraisal.reviews.get(body)
            members = review.members if review else None
            where = cell_name(c, row.r)
            appraisal.typed_votes[(school, award)] = raw
            appraisal.vote_cells[(school, award)] = where
            count = whole(raw)
            if count is not None and (members is None or count <= members):
                appraisal.votes[(school, award)] = count
                continue
            why = (
                f"{count} phiếu đồng ý {award} nhiều hơn {members} thành viên dự họp của "
                f"{'hội đồng' if body == COUNCIL else 'khối'} (sheet Khối); chưa được dùng"
                if count is not None
                else f"số phiếu '{shown(raw)}' của {award} không phải số nguyên không âm"
            )
            message = f"Sổ thẩm định, sheet Bình xét, dòng {row.r + 1}: {why}"
            invalid(appraisal, VOTE_SHEET, where, raw, message, school=school)


def _read_kept(grid: Grid) -> list[dict[str, Any]]:
    header, col = table_header(grid, KEPT_SHEET)
    if header < 0:
        return []
    rows = []
    for r in range(header + 1, len(grid)):
        values = {key: value_at(grid[r], col, key) for key in col}
        if any(v is not None for v in values.values()):
            rows.append(values)
    return rows
