"""A result slip per school (phiếu kết quả): one small workbook each, one A4 page in the form of
Nghị định 30/2020/NĐ-CP, named like the school workbooks, so the office can send each school its
own result: its targets, what it reported, what the appraisal verified and why, the points, its
total, tier and rank in its bloc, a deferral or a veto outcome.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core.awards import summary as proposal_summary
from ...core.codes import SchoolStatus
from ...core.errors import OutputNotWritable
from ...core.model import School, label
from ...core.numbers import vn
from ...core.results import MergeResult, SchoolRow
from ...core.school_form import school_file_name
from ...core.version import __version__
from ..atomic import check_writable
from ..summary.result_table import veto_note
from .blocks import Document, Lines, Signatures, Signer, Spacer, Table, value_text
from .columns import center, count, points, text
from .form import heading
from .layout import Formats, write_document
from .print_style import workbook_options

SIZE = 10.0
SHEET = "Phiếu kết quả"
COLUMNS = (
    count("number", "STT"),
    center("code", "Mã"),
    text("text", "Chỉ tiêu", max_width=190.0),
    center("registration", "Đăng ký", max_width=60.0),
    center("reported", "Kết quả báo cáo", max_width=60.0),
    center("verified", "Thẩm định", max_width=60.0),
    points("points", "Điểm"),
    text("reason", "Lý do điều chỉnh", max_width=120.0, min_width=60.0),
)


def _standing(result: MergeResult, row: SchoolRow) -> list[str]:
    """The school's result in sentences."""
    if row.status is SchoolStatus.MISSING:
        return ["Trường chưa nộp bài báo cáo kết quả của kỳ này; chưa được chấm điểm, xếp hạng."]
    score, own = row.summary, row.self_summary or row.summary
    members = result.members(next(b for b in result.compact.blocs if b.code == row.school.bloc))
    ranked = sum(1 for r in members if r.rank is not None)
    lines = []
    if score is not None and score.total is not None and own is not None:
        total = f"Tổng điểm tự chấm: {_number(own.total)}"
        if result.appraisal is not None:
            total += f"; sau thẩm định: {_number(score.total)}"
        lines.append(total + f" (cộng {_number(score.bonus)}, trừ {_number(score.deduction)}).")
        if row.rank is not None:
            lines.append(f"Xếp loại: {score.tier}. Xếp thứ {row.rank}/{ranked} trong khối.")
        else:
            lines.append(f"Xếp loại: {score.tier or '—'}. Chưa xếp hạng: bài nộp có lỗi.")
        if score.veto_missed:
            lines.append(veto_note(result, score.veto_missed) + ".")
    if row.appraisal is not None and row.appraisal.deferred_text:
        lines.append(row.appraisal.deferred_text + ".")
    if result.compact.awards and row.proposal is not None:
        names = {a.code: a.name for a in result.compact.awards}
        if row.proposal.awards:
            lines.append(
                "Đề nghị khen thưởng: " + "; ".join(names[c] for c in row.proposal.awards) + "."
            )
        elif row.proposal.candidates:
            lines.append(
                "Dự kiến đề nghị (chờ bình xét): "
                + "; ".join(names[c] for c in row.proposal.candidates)
                + "."
            )
        why = proposal_summary(result.compact, row.proposal)[1]
        if why:
            lines.append(why + ".")
    return lines


def _number(value: float | None) -> str:
    return "—" if value is None else vn(value)


def _target_rows(result: MergeResult, row: SchoolRow) -> list[dict[str, Any]]:
    score = row.score
    if score is None or row.outcome is None:
        return []
    reported = row.outcome.unpacked()
    changes = {c.target: c for c in row.changes}
    rows = []
    for number, target_score in enumerate(score.targets, start=1):
        target = result.compact.target(target_score.code)
        change = changes.get(target_score.code)
        typed = reported.raw.get(target_score.code, (None, None))
        rows.append(
            {
                "number": number,
                "code": target_score.code,
                "text": target.text if target else "",
                "registration": value_text(reported.registrations.get(target_score.code, typed[0])),
                "reported": value_text(reported.results.get(target_score.code, typed[1])),
                "verified": value_text(change.verified) if change else "",
                "points": target_score.points,
                "reason": change.reason if change else "",
            }
        )
    return rows


def slip_document(result: MergeResult, row: SchoolRow, when: datetime) -> Document:
    compact = result.compact
    bloc = next((b.name for b in compact.blocs if b.code == row.school.bloc), row.school.bloc)
    blocks: list[Any] = [
        Lines([f"PHIẾU KẾT QUẢ THI ĐUA NĂM HỌC {compact.school_year}"], "title"),
        Lines([f"{row.school.name} — {bloc} — {label(result.period)}"], "subtitle"),
        Spacer(4),
        Lines(_standing(result, row), "text"),
        Spacer(4),
    ]
    rows = _target_rows(result, row)
    if rows:
        blocks.append(Table(COLUMNS, rows))
    signer = compact.signer
    blocks.append(
        Signatures(
            right=Signer(signer.title.upper() or "THỦ TRƯỞNG ĐƠN VỊ", signer.name),
            recipients=(f"- {row.school.name};", "- Lưu: VT."),
        )
    )
    return Document(SHEET, heading(compact, when, "PB"), blocks, size=SIZE, one_page=True)


def render_slip(
    result: MergeResult, row: SchoolRow, output: str | os.PathLike[str], when: datetime
) -> None:
    # in memory: a slip is small, and XlsxWriter's temporary file per part costs a third of it
    wb = xlsxwriter.Workbook(str(output), workbook_options(in_memory=True))
    wb.set_properties(
        {
            "title": f"Phiếu kết quả — {row.school.name}",
            "author": result.compact.organizer.name,
            "comments": f"giaouoc_xl {__version__}",
        }
    )
    write_document(wb, Formats(wb, SIZE), slip_document(result, row, when))
    wb.close()


def slip_paths(schools: Iterable[School], folder: Path) -> list[Path]:
    """Where each school's slip goes: named like the school's own workbook."""
    return [folder / school_file_name(school.code, school.name) for school in schools]


def check_slips(schools: Iterable[School], folder: str | os.PathLike[str]) -> None:
    """Raise :class:`OutputNotWritable` when a slip cannot be written (the folder is a file, a
    slip is open in a spreadsheet), before any work is done."""
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise OutputNotWritable(
            f"'{out}' là một tệp, không phải thư mục: chọn thư mục ghi phiếu kết quả. Chưa ghi gì."
        )
    if out.is_dir():
        for path in slip_paths(schools, out):
            check_writable(path)
