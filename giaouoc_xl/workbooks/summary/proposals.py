"""The list of award proposals (Danh sách đề nghị khen thưởng), grouped by award, to go with the
official request (tờ trình). A4 portrait in the form of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ...core.results import MergeResult
from ..documents.blocks import Document, Lines, Spacer, Table
from ..documents.columns import center, count, points, text
from ..documents.form import heading, signatures
from .names import PROPOSALS
from .result_table import ordered

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
