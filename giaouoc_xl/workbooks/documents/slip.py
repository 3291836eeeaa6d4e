"""A result slip per school (phiếu kết quả): one small workbook each, one A4 page in the form of
Nghị định 30/2020/NĐ-CP, named like the school workbooks, so the office can send each school its
own result: its targets, what it reported, what the appraisal verified and why, the points, its
total, tier and rank in its bloc, a deferral or a veto outcome.

A slip says what was received and what the school must do: a school with errors gets each
error (target, cell, what was found, what to do) above its targets, on one page or continued
on a second when the list is long; a school whose file cannot be used, what it sent and how to
send it again; a school that sent nothing, what to send.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from ...core import points as score_sheet
from ...core.awards import summary as proposal_summary
from ...core.codes import FIXES, SchoolStatus
from ...core.errors import OutputNotWritable
from ...core.findings import Finding
from ...core.model import Category, Compact, Period, School, ValueKind, label
from ...core.numbers import vn
from ...core.progress import of_row
from ...core.results import MergeResult, SchoolRow
from ...core.school_form import school_file_name
from ...core.scoring import SchoolScore
from ...core.standing import BY_NAME
from ...core.version import __version__
from ..atomic import check_writable
from ..summary.result_table import floor_note, ranks, veto_note
from .blocks import Column, Document, Lines, Spacer, Table, value_text
from .columns import center, count, points, text
from .form import as_sent, heading, recipient_lines, signatures
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
#: A slip of more rows than this prints on as many pages as it needs (a score sheet of 20
#: criteria in 100 sub-items), its table's header repeated; a shorter one on one page.
ONE_PAGE_ROWS = 40


def _columns(compact: Compact) -> tuple[Column, ...]:
    """The slip's columns: with a score sheet (every criterion scored in points), what the school
    reported is its self score, "Tự chấm", beside "Thẩm định"; with no registration collected,
    no column of registrations."""
    standard = [t for t in compact.targets if t.category is Category.STANDARD]
    scored = bool(standard) and all(t.kind is ValueKind.POINTS for t in standard)
    registered = any(p.period is Period.REGISTRATION for p in compact.periods)
    columns = []
    for column in COLUMNS:
        if column.key == "registration" and not registered and compact.periods:
            continue
        if column.key == "reported" and scored:
            column = center("reported", "Tự chấm", max_width=60.0)
        columns.append(column)
    return tuple(columns)


#: What a school does about a finding whose code has no entry in FIXES.
FIX = "Sửa theo nội dung lỗi rồi gửi lại"


def _received(result: MergeResult, row: SchoolRow) -> list[str]:
    """What was received of a school that sent nothing or nothing usable, and what it must do."""
    period = label(result.period).lower()
    if row.status is SchoolStatus.MISSING:
        return [
            f"Đơn vị chưa nhận được bài báo cáo {period} của trường (trường chưa nộp); trường "
            "chưa được chấm điểm, xếp hạng.",
            f"Trường cần gửi: {_what_to_send(result, row)}.",
        ]
    received = row.received
    name = received.name.rsplit("/", 1)[-1] if received else row.file
    tied = f" ({BY_NAME})" if row.by_name else ""
    return [
        f"Đơn vị đã nhận tệp '{name}' của trường{tied}: {row.sent}. Tệp này không dùng được để "
        "tổng hợp; trường chưa được chấm điểm, xếp hạng.",
        f"Trường cần {row.todo}.",
        f"Tệp gửi lại: {_what_to_send(result, row)}.",
    ]


def _what_to_send(result: MergeResult, row: SchoolRow) -> str:
    """The school's own template filled in for the period, with what the period requires."""
    spec = result.compact.period_spec(result.period)
    what = "kết quả thực hiện các chỉ tiêu" if result.scored else "mức đăng ký các chỉ tiêu"
    extras = []
    if spec is not None and spec.evidence_required and result.scored:
        extras.append("minh chứng của từng kết quả")
    if spec is not None and spec.staff_required:
        extras.append("số liệu cán bộ")
    more = "".join(f", {extra}" for extra in extras)
    file = school_file_name(row.school.code, row.school.name)
    return (
        f"tệp mẫu giao ước của trường ({file}) đã điền đủ {what}{more}, chọn 'Có' ở ô Cam kết "
        "thực hiện, không đặt mật khẩu"
    )


def _errors(row: SchoolRow) -> list[Finding]:
    """The errors of the file used (of the period merged)."""
    return row.outcome.errors if row.outcome is not None else []


def _error_lines(errors: list[Finding]) -> list[str]:
    """Each error as a numbered line: the target (unless its message names it), the cell,
    what was found, what to do. Lines, not a table: a table laid over the targets' columns
    is widened to its longest value (documents/layout.py), and a message is long."""
    lines = []
    for number, f in enumerate(errors, start=1):
        where = [f"chỉ tiêu {f.target}"] if f.target and f.target not in f.message else []
        where += [f"ô {f.where}"] if f.cell else [f"sheet {f.sheet}"] if f.sheet else []
        at = ", ".join(where)
        at = f"{at[:1].upper()}{at[1:]}: " if at else ""
        lines.append(
            f"{number}. {at}{f.message.rstrip('.')}. Cần làm: {FIXES.get(f.code, FIX).rstrip('.')}."
        )
    return lines


def _standing(result: MergeResult, row: SchoolRow) -> list[str]:
    """The school's result in sentences."""
    if row.status in (SchoolStatus.MISSING, SchoolStatus.UNUSABLE):
        return _received(result, row)
    score, own = row.summary, row.self_summary or row.summary
    members = result.members(next(b for b in result.compact.blocs if b.code == row.school.bloc))
    ranked = sum(1 for r in members if r.rank is not None)
    lines = []
    errors = _errors(row) if row.status is SchoolStatus.WITH_ERRORS else []
    if errors:
        ranked_or = "xếp hạng" if ranks(result.compact) else "công nhận"  # recognised, no rank
        lines.append(
            f"Đơn vị đã nhận bài báo cáo của trường (tệp '{row.file.rsplit('/', 1)[-1]}'); bài "
            f"có {len(errors)} lỗi nên chưa được {ranked_or}. Trường cần sửa từng lỗi dưới đây "
            "trong tệp rồi gửi lại."
        )
    if score is not None and score.total is not None and own is not None:
        provisional = " (tạm tính)" if errors else ""
        total = f"Tổng điểm tự chấm{provisional}: {_number(own.total)}"
        if result.appraisal is not None:
            total += f"; sau thẩm định: {_number(score.total)}"
        lines.append(total + f" (cộng {_number(score.bonus)}, trừ {_number(score.deduction)}).")
        if result.compact.point_rounding:  # "điểm lẻ đến 0,5"
            lines.append(score_sheet.rounding_rule(result.compact.point_rounding))
        lines += _caps_lines(result, score)
        if result.compact.tiers_before_bonus:
            lines.append(
                f"Xếp loại theo điểm chuẩn trước khi cộng, trừ: {_number(score.standard)} điểm."
            )
        if row.rank is not None:
            lines.append(f"Xếp loại: {score.tier}. Xếp thứ {row.rank}/{ranked} trong khối.")
        elif not errors and not ranks(result.compact):  # recognised: the tier, never a rank
            lines.append(
                f"Xếp loại: {score.tier or '—'}. Giao ước chỉ công nhận theo xếp loại, không "
                "xếp thứ trong khối."
            )
        else:
            not_yet = "Chưa xếp hạng" if ranks(result.compact) else "Chưa công nhận"
            lines.append(
                f"Xếp loại (tạm tính): {score.tier or '—'}. {not_yet}: bài nộp có "
                f"{len(errors)} lỗi cần sửa."
            )
        if score.veto_missed:
            lines.append(veto_note(result, score.veto_missed) + ".")
        progress = of_row(result, row)
        if progress is not None and row.status is SchoolStatus.VALID:  # never a provisional total
            lines.append(progress.sentence(score.total, row.rank, ranked or None))
        if score.floor_missed:
            lines.append(floor_note(result, score.floor_missed) + ".")
    if row.appraisal is not None and row.appraisal.deferred_text:
        lines.append(row.appraisal.deferred_text + ".")
    return lines + _award_lines(result, row)


def _award_lines(result: MergeResult, row: SchoolRow) -> list[str]:
    """The awards the school is proposed for, or a candidate for, and why not the others."""
    lines: list[str] = []
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


def _caps_lines(result: MergeResult, score: SchoolScore) -> list[str]:
    """What the maximum points of a group or a content took from the school's points."""
    if not score.caps:
        return []
    compact = result.compact
    parts = []
    for kind, key, taken in score.caps:
        if kind == "group":
            most = next((g.max_points for g in compact.target_groups if g.code == key), None)
            parts.append(f"nhóm {key} tối đa {_number(most)} điểm (không tính {_number(taken)})")
        else:
            most = next((c.max_points for c in compact.contents if str(c.number) == key), None)
            parts.append(
                f"nội dung {key} tối đa {_number(most)} điểm (không tính {_number(taken)})"
            )
    return ["Điểm vượt mức tối đa không được tính: " + "; ".join(parts) + "."]


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
        items = [c for c in row.changes if target and _parent(result, c.target) == target.code]
        if change is None and items:  # a criterion whose sub-items the appraisal corrected
            rows.append(_corrected_criterion(number, target_score, target, reported, items))
            continue
        rows.append(
            {
                "number": number,
                "code": target_score.code,
                "text": target.text if target else "",
                "registration": value_text(reported.registrations.get(target_score.code, typed[0])),
                "reported": value_text(reported.results.get(target_score.code, typed[1])),
                "verified": value_text(change.verified) if change else "",
                "points": target_score.points,
                # the appraisal's reason, or why it earned nothing (no evidence)
                "reason": change.reason if change else target_score.reason,
            }
        )
    return rows


def _parent(result: MergeResult, code: str) -> str:
    target = result.compact.target(code)
    return target.parent if target is not None else ""


def _corrected_criterion(
    number: int, score: Any, target: Any, reported: Any, items: list[Any]
) -> dict[str, Any]:
    """The row of a criterion whose sub-items the appraisal corrected: the school's own sum
    (Tự chấm), the criterion's points after the appraisal (Thẩm định), the sub-items named."""
    typed = reported.raw.get(target.code, (None, None))
    return {
        "number": number,
        "code": target.code,
        "text": target.text,
        "registration": value_text(reported.registrations.get(target.code, typed[0])),
        "reported": value_text(reported.results.get(target.code, typed[1])),
        "verified": value_text(score.points),
        "points": score.points,
        "reason": "Theo điểm thẩm định " + ", ".join(c.target for c in items),
    }


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
    errors = _errors(row) if row.status is SchoolStatus.WITH_ERRORS else []
    if errors:  # what to fix first
        blocks += [
            Lines([f"Các lỗi cần sửa ({len(errors)}):"], "bold"),
            Lines(_error_lines(errors), "text"),
            Spacer(6),
        ]
        if rows:
            blocks.append(Lines(["Kết quả từng chỉ tiêu (tạm tính, trước khi sửa)"], "bold"))
    if rows:
        blocks.append(Table(_columns(compact), rows))
    # the signer with its authority whole (KT. …), Nơi nhận: the school, then the book's list
    recipients = recipient_lines(compact, [row.school.name], schools="", receiver="")
    blocks.append(signatures(compact, drawn_up=False, recipients=recipients))
    # one page however small, but a long list of errors goes on to a second page
    one_page = not errors and len(rows) <= ONE_PAGE_ROWS
    document = Document(SHEET, heading(compact, kind="PB"), blocks, size=SIZE, one_page=one_page)
    return as_sent(document, result)


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
