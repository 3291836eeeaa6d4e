"""The result table of a bloc, the document the office signs: "Bảng tổng hợp kết quả chấm điểm
thi đua" (or, in the registration period, of the registrations), one A4 page for a bloc of up
to 40 schools.

Rows go by rank; schools not ranked come last, with the reason. Its columns are declared once
here (:data:`SCORED`, :data:`REGISTRATION`); the appraisal and award issues add theirs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core import points as score_sheet
from ...core.awards import summary as proposal_summary
from ...core.codes import FILE_STATUS_SHORT, SchoolStatus
from ...core.model import Bloc, Compact, Ranking, VetoOutcome, fold, label
from ...core.numbers import vn_percent
from ...core.progress import of_row
from ...core.results import MergeResult, SchoolRow
from ...core.scoring import veto_text
from ..documents.blocks import Column, Document, Lines, Spacer, Table
from ..documents.columns import center, count, points, text
from ..documents.form import heading, signatures

NAME_WIDTH = 150.0  # points: a longer school name wraps
NOTE_WIDTH = 120.0

#: The columns every table of a bloc starts with (the row number, the school) and ends with.
_SCHOOL = (count("number", "STT"), text("name", "Tên trường", max_width=NAME_WIDTH))
_NOTE = text("note", "Ghi chú", max_width=NOTE_WIDTH, min_width=60.0)
#: What follows the standard points in a scored table: the bonus, deductions, total and rank.
_TOTALS = (
    points("bonus", "Cộng"),
    points("deduction", "Trừ"),
    points("total", "Tổng"),
    count("rank", "Xếp thứ"),
)

SCORED: tuple[Column, ...] = (
    *_SCHOOL,
    points("standard", "Điểm chuẩn"),
    *_TOTALS,
    center("tier", "Xếp loại", max_width=140.0),
    _NOTE,
)
#: With an appraisal book: the standard points as the school scored itself and as verified.
APPRAISED: tuple[Column, ...] = (
    *_SCHOOL,
    points("self_standard", "Tự chấm"),
    points("standard", "Thẩm định"),
    *_TOTALS,
    center("tier", "Xếp loại", max_width=110.0),
    _NOTE,
)
APPRAISED_LEGEND = (
    "Tự chấm, Thẩm định: điểm chuẩn trường tự chấm và sau thẩm định; Tổng = điểm chuẩn thẩm "
    "định + Cộng − Trừ."
)
REGISTRATION: tuple[Column, ...] = (
    *_SCHOOL,
    count("compliant", "Chỉ tiêu đăng ký đạt ngưỡng"),
    count("applicable", "Tổng số chỉ tiêu"),
    center("signed", "Đã ký cam kết"),
    _NOTE,
)
#: Why a school is not ranked, in the table's note: what was received.
NOT_RANKED = {
    SchoolStatus.MISSING: "Chưa nộp",
    SchoolStatus.WITH_ERRORS: "Bài nộp có lỗi, chưa xếp hạng",
    SchoolStatus.UNUSABLE: "Tệp gửi không dùng được",
}


def ordered(members: list[SchoolRow], compact: Compact | None = None) -> list[SchoolRow]:
    """Ranked schools by rank (ties in roster order), then those with errors, then those whose
    files cannot be used, then those that sent nothing. In a compact that only recognises (no
    ranks), the valid schools by tier, best first, each tier in roster order."""
    unranked = {SchoolStatus.WITH_ERRORS: 1, SchoolStatus.UNUSABLE: 2, SchoolStatus.MISSING: 3}
    tiers: dict[str, int] = {}
    if compact is not None and not ranks(compact):
        tiers = {fold(t.name): n for n, t in enumerate(compact.tiers)}

    def tier(row: SchoolRow) -> int:
        if not tiers or row.status is not SchoolStatus.VALID or row.summary is None:
            return 0
        return tiers.get(fold(row.summary.tier), len(tiers))

    return sorted(
        members,
        key=lambda r: (r.rank is None, r.rank or 0, unranked.get(r.status, 0), tier(r)),
    )


def ranks(compact: Compact) -> bool:
    """Whether the compact ranks its schools (else it only recognises their tiers)."""
    return compact.ranking is Ranking.RANK


#: What a document of a compact that only recognises says of it.
RECOGNITION_LEGEND = (
    "Giao ước chỉ công nhận theo xếp loại, không xếp thứ: các trường xếp theo xếp loại, cùng "
    "xếp loại theo thứ tự danh sách."
)
#: What a document says when the tiers are taken before the bonus and deductions.
BEFORE_BONUS_LEGEND = "Xếp loại theo điểm chuẩn, trước khi cộng điểm cộng và trừ điểm trừ."


def floor_note(result: MergeResult, missed: tuple[str, ...], short: bool = False) -> str:
    """ "Có tiêu chí dưới ngưỡng tối thiểu (50 % điểm tối đa) CT01, CT03: hạ một bậc xếp loại";
    ``short`` (the table's note, its legend saying the floor): "Dưới ngưỡng tối thiểu CT01, CT03:
    hạ một bậc xếp loại"."""
    compact = result.compact
    if compact.floor_outcome is VetoOutcome.CAP:
        what = f"xếp loại tối đa {compact.veto_cap_tier}" if compact.veto_cap_tier else ""
    else:
        what = label(compact.floor_outcome).lower()
    share = vn_percent(compact.floor_share or 0)
    said = (
        f"Dưới ngưỡng tối thiểu {', '.join(missed)}"
        if short
        else f"Có tiêu chí dưới ngưỡng tối thiểu ({share} điểm tối đa) {', '.join(missed)}"
    )
    return said + (f": {what}" if what else "")


def floor_legend(compact: Compact) -> str:
    """ "Ngưỡng tối thiểu: không tiêu chí nào dưới 50 % điểm tối đa của tiêu chí"."""
    share = vn_percent(compact.floor_share or 0)
    return f"Ngưỡng tối thiểu: không tiêu chí nào dưới {share} điểm tối đa của tiêu chí."


def note(result: MergeResult, row: SchoolRow) -> str:
    """Why a school is not ranked (what was received: nothing, a file with errors, a file that
    cannot be used and why), or what else the signers must know: the deferral, the veto
    targets missed and what they did, the results the appraisal changed."""
    if row.status is SchoolStatus.WITH_ERRORS and not result.scored:
        return "Bài nộp có lỗi, cần sửa"  # nothing is ranked in the registration period
    if row.status is SchoolStatus.UNUSABLE:
        received = row.received
        short = FILE_STATUS_SHORT.get(received.status, "") if received and received.status else ""
        said = f"{NOT_RANKED[row.status]} ({short})" if short else NOT_RANKED[row.status]
        return f"{said}, cần gửi lại"  # two lines at most: the table stays on one page
    notes: list[str] = []
    if row.status in NOT_RANKED:
        notes.append(NOT_RANKED[row.status])
    if row.appraisal is not None and row.appraisal.deferral is not None:
        notes.append(f"Tạm hoãn xét: {label(row.appraisal.deferral).lower()}")
    score = row.summary
    if score is not None and score.veto_missed and row.status is not SchoolStatus.MISSING:
        notes.append(veto_note(result, score.veto_missed))
    if score is not None and score.floor_missed and row.status is not SchoolStatus.MISSING:
        notes.append(floor_note(result, score.floor_missed, short=True))
    if row.changes:
        notes.append("Thẩm định điều chỉnh: " + ", ".join(c.target for c in row.changes))
    return "; ".join(notes)


def veto_note(result: MergeResult, missed: tuple[str, ...]) -> str:
    """ "Không đạt chỉ tiêu phủ quyết CT02.1: hạ một bậc xếp loại"."""
    return veto_text(result.compact, missed)


#: The proposal's column, before the note, when the compact has an award ladder.
PROPOSAL = center("proposal", "Đề nghị", max_width=80.0)
#: The change from last year, before the note, when the merge has a history book.
PROGRESS = text("progress", "So với năm trước", max_width=62.0, min_width=50.0)


def progress_legend(result: MergeResult) -> str:
    """What the change column compares."""
    start = result.compact.school_year[:4]
    last = f"{int(start) - 1}-{start}" if start.isdigit() else "trước"
    return (
        f"So với năm trước: tổng điểm và thứ hạng trong khối so với năm học {last} (sổ lịch "
        "sử); ▲ tăng, lên hạng; ▼ giảm, xuống hạng; = không đổi."
    )


def with_proposals(columns: tuple[Column, ...]) -> tuple[Column, ...]:
    return (*columns[:-1], PROPOSAL, columns[-1])


def awards_legend(compact: Compact) -> str:
    """'Đề nghị: CO = Cờ thi đua của UBND tỉnh; BK = …' (the table shows the codes)."""
    names = "; ".join(f"{a.code} = {a.name}" for a in sorted(compact.awards, key=lambda a: a.order))
    return f"Đề nghị: {names}."


def _scored_row(result: MergeResult, number: int, row: SchoolRow) -> dict[str, Any]:
    values: dict[str, Any] = {"number": number, "name": row.school.name, "note": note(result, row)}
    if result.compact.awards:  # the reasons are in the minutes: the table stays one page
        values["proposal"] = proposal_summary(result.compact, row.proposal)[0]
    score = row.summary
    if row.status is SchoolStatus.VALID and score is not None and score.total is not None:
        own = row.self_summary or score
        values.update(
            self_standard=own.standard,
            standard=score.standard,
            bonus=score.bonus,
            deduction=score.deduction,
            total=score.total,
            rank=row.rank,
            tier=score.tier,
        )
        if not ranks(result.compact):  # only recognised: the tier is the result, no rank
            values.pop("rank")
        progress = of_row(result, row)
        if progress is not None:
            values["progress"] = progress.short(score.total, row.rank)
    return values


def _registration_row(result: MergeResult, number: int, row: SchoolRow) -> dict[str, Any]:
    values: dict[str, Any] = {"number": number, "name": row.school.name, "note": note(result, row)}
    score = row.summary
    if row.status is not SchoolStatus.MISSING and score is not None:
        signed = row.outcome is not None and row.outcome.signed
        values.update(
            compliant=score.compliant,
            applicable=score.applicable,
            signed="Có" if signed else "Chưa",
        )
    return values


def result_document(result: MergeResult, bloc: Bloc, sheet: str, when: datetime) -> Document:
    """The signed result table of ``bloc``."""
    compact = result.compact
    legend: list[Any] = []
    if result.scored:
        title = f"BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA NĂM HỌC {compact.school_year}"
        columns, make = (APPRAISED, _scored_row) if result.appraisal else (SCORED, _scored_row)
        members = ordered(result.members(bloc), compact)
        if result.appraisal:
            legend = [Lines([APPRAISED_LEGEND], "italic")]
        if compact.point_rounding:  # "điểm lẻ đến 0,5"
            legend.append(Lines([score_sheet.rounding_rule(compact.point_rounding)], "italic"))
        if not ranks(compact):  # no column of ranks, and the table says why
            columns = tuple(c for c in columns if c.key != "rank")
            legend.append(Lines([RECOGNITION_LEGEND], "italic"))
        if compact.tiers_before_bonus:
            legend.append(Lines([BEFORE_BONUS_LEGEND], "italic"))
        if compact.floor_share:
            legend.append(Lines([floor_legend(compact)], "italic"))
        if compact.awards:
            columns = with_proposals(columns)
            legend.append(Lines([awards_legend(compact)], "italic"))
        if result.history is not None:
            columns = (*columns[:-1], PROGRESS, columns[-1])
            legend.append(Lines([progress_legend(result)], "italic"))
    else:
        title = f"BẢNG TỔNG HỢP ĐĂNG KÝ CHỈ TIÊU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}"
        columns, make = REGISTRATION, _registration_row
        members = ordered(result.members(bloc))  # with errors, then missing, last
    rows = [make(result, number, row) for number, row in enumerate(members, start=1)]
    subtitle = f"{bloc.name} — {label(result.period)}"
    return Document(
        sheet,
        heading(compact, when),
        [
            Lines([title], "title"),
            Lines([subtitle], "subtitle"),
            Spacer(6),
            Table(columns, rows),
            *legend,
            signatures(compact),
        ],
    )
