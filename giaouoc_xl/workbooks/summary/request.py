"""The official request for awards (Tờ trình đề nghị khen thưởng): one per authority that
decides (the ladder's *Cấp tặng*; awards without one are the organizer's own, requested from
its head), from the organizer to that authority, in the form of Nghị định 30/2020/NĐ-CP: the
heading, "TỜ TRÌNH" and what it is about, "Kính gửi", the grounds (căn cứ), how many schools
are proposed for each award, the request, the signer and *Nơi nhận*. Its list of proposals
(:mod:`.proposals`) is its annex ("Kèm theo Tờ trình số …").
"""

from __future__ import annotations

from typing import Any

from ...core.results import MergeResult
from ..documents.blocks import Document, Lines, Spacer
from ..documents.form import heading, recipient_lines, signatures
from .proposals import Grantor, chosen, pending_line, waiting


def _grounds(result: MergeResult) -> list[str]:
    """The grounds of the request: the law, the compact, the blocs' results and reviews."""
    compact = result.compact
    blocs = ", ".join(b.name for b in compact.blocs)
    appraised = ", thẩm định" if result.appraisal is not None else ""
    return [
        "Căn cứ Luật Thi đua, khen thưởng và các văn bản hướng dẫn thi hành;",
        f"Căn cứ {compact.title};",
        f"Căn cứ kết quả chấm điểm{appraised} và bình xét thi đua năm học "
        f"{compact.school_year} của các khối thi đua ({blocs});",
    ]


def _counts(result: MergeResult, grantor: Grantor) -> tuple[list[str], int]:
    """A line per award with its number of schools; the number of proposals in all."""
    pending = waiting(result)
    lines, total = [], 0
    for number, award in enumerate(grantor.awards, start=1):
        schools = len(chosen(result, award, pending))
        total += schools
        lines.append(f"{number}. {award.name}: {schools} trường.")
    return lines, total


def request_document(result: MergeResult, grantor: Grantor, sheet: str) -> Document:
    """The tờ trình of the organizer to ``grantor`` for the awards it decides."""
    compact = result.compact
    organizer, year = compact.organizer.name, compact.school_year
    counts, total = _counts(result, grantor)
    blocks: list[Any] = [
        Lines(["TỜ TRÌNH"], "title"),
        Lines([f"Về việc đề nghị khen thưởng cho các trường học năm học {year}"], "subtitle"),
        Spacer(8),
        Lines([f"Kính gửi: {grantor.name}."], "center"),
        Spacer(8),
        Lines(_grounds(result), "text"),
        Spacer(4),
        Lines(
            [
                f"{organizer} trình {grantor.name} xem xét, khen thưởng cho các trường có thành "
                f"tích trong năm học {year}, cụ thể như sau:"
            ],
            "text",
        ),
        Lines(counts, "text"),
        Lines([f"Tổng cộng: {total} lượt đề nghị. (Có danh sách kèm theo.)"], "text"),
    ]
    line = pending_line(result)
    if line is not None:
        blocks.append(line)
    blocks += [
        Spacer(4),
        Lines([f"{organizer} kính trình {grantor.name} xem xét, quyết định./."], "text"),
        signatures(
            compact,
            drawn_up=False,
            recipients=recipient_lines(compact, ["Như trên"], schools="", receiver=""),
        ),
    ]
    return Document(sheet, heading(compact, kind="TTr"), blocks)
