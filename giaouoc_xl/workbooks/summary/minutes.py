"""The minutes of each bloc's review meeting (Biên bản họp bình xét), with a compact that has an
award ladder: the meeting, who came, the vote and the table of proposals, signed by the
secretary and the chair. A4 portrait in the form of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.awards import summary as proposal_summary
from ...core.codes import SchoolStatus
from ...core.model import Bloc, label
from ...core.results import MergeResult, SchoolRow
from ..documents.blocks import Document, Lines, Signatures, Signer, Spacer, Table
from ..documents.columns import center, count, points, text
from ..documents.form import heading
from .result_table import ordered

MINUTES_COLUMNS = (
    count("number", "STT"),
    text("name", "Tên trường", max_width=120.0),
    points("total", "Tổng điểm"),
    count("rank", "Xếp thứ"),
    text("votes", "Phiếu đồng ý", max_width=75.0),
    center("proposal", "Đề nghị", max_width=60.0),
    text("note", "Không đề nghị (lý do)", max_width=125.0, min_width=70.0),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
BLANK = "……"


def _votes(row: SchoolRow, members: int | None) -> str:
    if row.proposal is None or not row.proposal.votes:
        return ""
    return "; ".join(f"{code} {count}" for code, count in row.proposal.votes.items())


def minutes_document(result: MergeResult, bloc: Bloc, sheet: str, when: datetime) -> Document:
    """The minutes of ``bloc``'s review meeting."""
    compact = result.compact
    review = result.appraisal.reviews.get(bloc.code) if result.appraisal else None
    members = result.members(bloc)
    present = review.members if review else None
    chair = review.chair if review and review.chair else BLANK
    secretary = review.secretary if review and review.secretary else BLANK
    rows: list[dict[str, Any]] = []
    for number, row in enumerate(ordered(members), start=1):
        proposed, why = proposal_summary(compact, row.proposal, short=True)
        score = row.summary
        counted = row.status is SchoolStatus.VALID and score is not None
        rows.append(
            {
                "number": number,
                "name": row.school.name,
                "total": row.total if counted else None,
                "rank": row.rank,
                "votes": _votes(row, present),
                "proposal": proposed,
                "note": why,
            }
        )
    lines = [
        f"Thời gian: {BLANK} giờ {BLANK} phút, ngày {BLANK} tháng {BLANK} năm {BLANK}.",
        f"Địa điểm: {BLANK * 8}",
        f"Chủ trì: {chair}. Thư ký: {secretary}.",
        f"Thành viên dự họp: {present if present is not None else BLANK} / {len(members)} "
        "đơn vị trong khối; số phiếu đồng ý ghi trên số thành viên dự họp.",
        "Nội dung: căn cứ kết quả chấm điểm thi đua sau thẩm định, khối bình xét, bỏ phiếu và "
        "đề nghị khen thưởng. Kết quả như sau:",
    ]
    if present is None:
        lines.append("(Chưa nhập số thành viên dự họp và phiếu bình xét: cột Đề nghị là dự kiến.)")
    legend = "; ".join(f"{a.code} = {a.name} (cần {a.votes_text()} phiếu)"
                       for a in sorted(compact.awards, key=lambda a: a.order))  # fmt: skip
    return Document(
        sheet,
        heading(compact, when, "BB"),
        [
            Lines(["BIÊN BẢN"], "title"),
            Lines(
                [
                    f"Họp bình xét thi đua {bloc.name} năm học {compact.school_year} — "
                    f"{label(result.period)}"
                ],
                "subtitle",
            ),
            Spacer(6),
            Lines(lines, "text"),
            Spacer(4),
            Table(MINUTES_COLUMNS, rows),
            Lines([f"Đề nghị: {legend}."], "italic"),
            Lines(
                [
                    f"Cuộc họp kết thúc lúc {BLANK} giờ {BLANK} cùng ngày; biên bản đã được đọc "
                    "lại và các thành viên dự họp thông qua."
                ],
                "text",
            ),
            Signatures(
                right=Signer("CHỦ TRÌ", "" if chair == BLANK else chair, "(Ký, ghi rõ họ tên)"),
                left=Signer(
                    "THƯ KÝ", "" if secretary == BLANK else secretary, "(Ký, ghi rõ họ tên)"
                ),
            ),
        ],
    )
