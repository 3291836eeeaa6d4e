"""The list of award proposals (Danh sách đề nghị khen thưởng) of one authority that decides (the
ladder's *Cấp tặng*), grouped by award: the annex of that authority's official request (tờ
trình, :mod:`.request`). Lists never mix authorities: awards decided by the province and those
decided locally go to different authorities with different requests. A4 portrait in the form
of Nghị định 30/2020/NĐ-CP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...core.model import Award, Compact
from ...core.results import MergeResult, SchoolRow
from ..documents.blocks import Document, Lines, Spacer, Table
from ..documents.columns import center, count, points, text
from ..documents.form import date_text, heading, signatures
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


@dataclass(frozen=True)
class Grantor:
    """An authority that decides awards of the ladder (its *Cấp tặng*) and the awards it
    decides, in the ladder's order. ``own``: the organizer's own awards (no *Cấp tặng* given),
    requested from the organizer's head."""

    name: str
    awards: tuple[Award, ...]
    own: bool = False


def grantors(compact: Compact) -> list[Grantor]:
    """The authorities that decide the ladder's awards, in the order of their highest award
    (the same authority however its name is spaced or capitalised)."""
    groups: dict[str, list[Award]] = {}
    names: dict[str, str] = {}
    for award in sorted(compact.awards, key=lambda a: a.order):
        name = " ".join(award.grantor.split())
        groups.setdefault(name.casefold(), []).append(award)
        names.setdefault(name.casefold(), name)
    own = f"Thủ trưởng {compact.organizer.name}"
    return [
        Grantor(names[key] or own, tuple(awards), own=not key) for key, awards in groups.items()
    ]


def waiting(result: MergeResult) -> list[str]:
    """The codes of the blocs that have not voted yet (no members present typed)."""
    reviews = result.appraisal.reviews if result.appraisal else {}
    return [
        b.code for b in result.compact.blocs if not (b.code in reviews and reviews[b.code].members)
    ]


def chosen(result: MergeResult, award: Award, pending: Sequence[str] = ()) -> list[SchoolRow]:
    """The schools proposed for ``award``, bloc by bloc in rank order; in a bloc of ``pending``
    (not voted yet) its candidates."""
    return [
        row for bloc in result.compact.blocs for row in ordered(result.members(bloc))
        if row.proposal is not None and award.code in (
            row.proposal.candidates if bloc.code in pending else row.proposal.awards
        )
    ]  # fmt: skip


def proposed(result: MergeResult, grantor: Grantor) -> int:
    """How many proposals (a school and an award) go to ``grantor``."""
    pending = waiting(result)
    return sum(len(chosen(result, award, pending)) for award in grantor.awards)


def pending_line(result: MergeResult) -> Lines | None:
    """The line that says the list is provisional while a bloc has not voted."""
    pending = set(waiting(result))
    if not pending:
        return None
    blocs = result.compact.blocs
    which = "." if len(pending) == len(blocs) else (
        " (" + "; ".join(b.name for b in blocs if b.code in pending) + ")."
    )  # fmt: skip
    return Lines(
        ["Dự kiến, chưa bình xét: các trường đủ điều kiện, trong chỉ tiêu, chờ bỏ phiếu" + which],
        "italic",
    )


def annex_line(compact: Compact) -> str:
    """'(Kèm theo Tờ trình số ……/TTr-…… ngày … của …)', dated as the request is."""
    return (
        f"(Kèm theo Tờ trình số {BLANK}/TTr-{BLANK} {date_text(compact.document_date)} của "
        f"{compact.organizer.name})"
    )


def proposals_document(
    result: MergeResult,
    when: datetime | None = None,
    grantor: Grantor | None = None,
    sheet: str = PROPOSALS,
) -> Document:
    """The schools proposed to ``grantor``, grouped by award in the order of the ladder
    (None: every award, for a ladder of one authority). ``when`` is never printed."""
    compact = result.compact
    awards = grantor.awards if grantor else tuple(sorted(compact.awards, key=lambda a: a.order))
    blocks: list[Any] = [
        Lines([f"DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC {compact.school_year}"], "title"),
    ]
    if grantor is not None:
        blocks.append(Lines([f"Đề nghị {grantor.name} khen thưởng"], "subtitle"))
    blocks += [Lines([annex_line(compact)], "italic"), Spacer(6)]
    line = pending_line(result)
    if line is not None:
        blocks.append(line)
    pending = waiting(result)
    for index, award in enumerate(awards):
        rows = chosen(result, award, pending)
        number = ROMAN[index] if index < len(ROMAN) else str(index + 1)
        blocks.append(Lines([f"{number}. {award.name}: {len(rows)} trường"], "bold"))
        if not rows:
            blocks.append(Lines(["Không có trường nào được đề nghị."], "italic"))
            continue
        blocks += [Table(LIST_COLUMNS, _rows(result, award, rows)), Spacer(6)]
    blocks.append(signatures(compact))
    return Document(sheet, heading(compact, kind="DS"), blocks)


def _rows(result: MergeResult, award: Award, rows: list[SchoolRow]) -> list[dict[str, Any]]:
    blocs = {b.code: b.name for b in result.compact.blocs}
    values = []
    for number, row in enumerate(rows, start=1):
        proposal = row.proposal
        votes = proposal.votes.get(award.code) if proposal else None
        # over the members present of the body that voted on this award (the bloc or the council)
        voters = proposal.voters.get(award.code) if proposal else None
        values.append(
            {
                "number": number,
                "name": row.school.name,
                "bloc": blocs.get(row.school.bloc, row.school.bloc),
                "total": row.total,
                "tier": row.summary.tier if row.summary else "",
                "votes": (  # a candidate waits for its vote, whatever votes were typed
                    "chờ bình xét"
                    if proposal and award.code in proposal.candidates
                    else f"{votes}/{voters}"
                    if votes is not None and voters
                    else ""
                ),
            }
        )
    return values
