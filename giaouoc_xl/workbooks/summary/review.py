"""The documents of the bloc's review (bình xét), with a compact that has an award ladder:

- the minutes of each bloc's meeting (Biên bản họp bình xét): time and place left for the
  secretary, chair and secretary, the members present, the vote and the table, signed by the
  secretary and the chair;
- the list of award proposals (Danh sách đề nghị khen thưởng), grouped by award, to go with the
  official request (tờ trình).

A4 portrait in the form of Nghị định 30/2020/NĐ-CP, like the other documents.
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
from .names import PROPOSALS
from .result_table import heading, ordered, signatures

MINUTES_COLUMNS = (
    count("number", "STT"),
    text("name", "Tên trường", max_width=120.0),
    points("total", "Tổng điểm"),
    count("rank", "Xếp thứ"),
    text("votes", "Phiếu đồng ý", max_width=75.0),
    center("proposal", "Đề nghị", max_width=60.0),
    text("note", "Không đề nghị (lý do)", max_width=125.0, min_width=70.0),
)
LIST_COLUMNS = (
    count("number", "STT"),
    text("name", "Tên trường", max_width=170.0),
    text("bloc", "Khối thi đua", max_width=110.0),
    points("total", "Tổng điểm"),
    center("tier", "Xếp loại", max_width=150.0),
    center("votes", "Phiếu đồng ý"),
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


def proposals_document(result: MergeResult, when: datetime) -> Document:
    """Every school proposed, grouped by award, in the order of the ladder."""
    compact = result.compact
    blocs = {b.code: b.name for b in compact.blocs}
    blocks: list[Any] = [
        Lines([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC {compact.school_year}"], "title"),
        Lines(
            [
                f"(Kèm theo Tờ trình số {BLANK}/TTr-{BLANK} ngày {BLANK} tháng {BLANK} năm {BLANK} "
                f"của {compact.organizer.name})"
            ],
            "italic",
        ),
        Spacer(6),
    ]
    reviews = result.appraisal.reviews if result.appraisal else {}
    pending = [b for b in compact.blocs if not (b.code in reviews and reviews[b.code].members)]
    if pending:
        blocks.append(
            Lines(
                [
                    "Dự kiến, chưa bình xét: các trường đủ điều kiện, trong chỉ tiêu, chờ bỏ phiếu"
                    + ("." if len(pending) == len(compact.blocs) else
                       " (" + "; ".join(b.name for b in pending) + ").")
                ],
                "italic",
            )
        )  # fmt: skip
    waiting = {b.code for b in pending}  # by code: comparing whole blocs is slow at 100 blocs
    for index, award in enumerate(sorted(compact.awards, key=lambda a: a.order)):
        chosen = [
            row for bloc in compact.blocs for row in ordered(result.members(bloc))
            if row.proposal is not None and award.code in (
                row.proposal.candidates if bloc.code in waiting else row.proposal.awards
            )
        ]  # fmt: skip
        grantor = f" ({award.grantor})" if award.grantor else ""
        title = f"{ROMAN[index] if index < len(ROMAN) else index + 1}. {award.name}{grantor}"
        blocks.append(Lines([f"{title}: {len(chosen)} trường"], "bold"))
        if not chosen:
            blocks.append(Lines(["Không có trường nào được đề nghị."], "italic"))
            continue
        rows = []
        for number, row in enumerate(chosen, start=1):
            review = result.appraisal.reviews.get(row.school.bloc) if result.appraisal else None
            votes = row.proposal.votes.get(award.code) if row.proposal else None
            rows.append(
                {
                    "number": number,
                    "name": row.school.name,
                    "bloc": blocs.get(row.school.bloc, row.school.bloc),
                    "total": row.total,
                    "tier": row.summary.tier if row.summary else "",
                    "votes": (
                        f"{votes}/{review.members}"
                        if votes is not None and review and review.members
                        else "chờ bình xét"
                        if row.proposal and award.code in row.proposal.candidates
                        else ""
                    ),
                }
            )
        blocks.append(Table(LIST_COLUMNS, rows))
        blocks.append(Spacer(6))
    blocks.append(signatures(compact))
    return Document(PROPOSALS, heading(compact, when, "DS"), blocks)
