"""What staff typed in the previous appraisal book, kept and put back when the book is written
again: matched by school and target (award, bloc) codes, never by row position; the rows of
the sheets staff fill in freely (members, decisions on ties) kept as rows, each under its body
(bloc or council) and award.

Each sheet takes out of :class:`Typed` what it writes again; what no sheet takes, and what an
earlier write kept that still cannot go back, is kept on *Không còn khớp* with why
(:func:`kept_rows`); a kept row goes back to its sheet as soon as its key is there again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...core.appraisal import Appraisal, SchoolAppraisal, Verification
from ...core.meetings import BALLOTS, COUNCIL, BlocReview, Member
from ...core.model import Compact, VotingBody
from ...core.results import MergeResult
from ...core.ties import TieDecision
from .layout import (
    DECISIONS_SHEET,
    MEMBERS_SHEET,
    REVIEW_SHEET,
    SCHOOLS_SHEET,
    TARGETS_SHEET,
    VOTE_SHEET,
)
from .reader import text, whole

__all__ = ["Typed", "bodies", "kept_rows"]

Key = tuple[str, str]


@dataclass
class Typed:
    """What staff typed in the previous book, by key. Rows of *Không còn khớp* go back under
    their key unless the same key was typed again on its own sheet. Each sheet takes out what it
    writes; what is left is kept on *Không còn khớp*."""

    entries: dict[Key, Verification]
    decided: dict[str, SchoolAppraisal]
    reviews: dict[str, BlocReview]
    votes: dict[Key, Any]  # (school, award) -> as typed
    restored: set[tuple[str, str, str]]  # (sheet, *key) brought back from Không còn khớp
    kept: list[dict[str, Any]]  # earlier kept rows that cannot go back
    returned: int = 0  # rows brought back and written on their sheet
    people: list[Member] = field(default_factory=list)  # in the order typed
    decisions: list[TieDecision] = field(default_factory=list)
    back_rows: set[int] = field(default_factory=set)  # free rows back from Không còn khớp (id)

    @classmethod
    def of(cls, previous: Appraisal | None) -> Typed:
        if previous is None:
            return cls({}, {}, {}, {}, set(), [])
        typed = cls(
            dict(previous.entries),  # untyped rows too: they show what changed since
            dict(previous.schools),
            dict(previous.reviews),
            dict(previous.typed_votes),
            set(),
            [],
            people=[m for m in previous.people if m.typed],
            decisions=[d for d in previous.decisions if d.typed],
        )
        for row in previous.kept:
            if not typed.restore(row):
                typed.kept.append(row)
        return typed

    def restore(self, row: dict[str, Any]) -> bool:
        """Put a kept row back under its key; False when its key is typed again already."""
        sheet, school = row.get("sheet"), text(row.get("school"))
        key: Key
        if sheet == TARGETS_SHEET and school and row.get("target") is not None:
            key = (school, text(row.get("target")))
            if key in self.entries and self.entries[key].typed:
                return False
            self.entries[key] = Verification(
                school, key[1], raw=row.get("verified"), reason=text(row.get("reason")),
                reported=row.get("reported"),
            )  # fmt: skip
        elif sheet == SCHOOLS_SHEET and school:
            key = (school, "")
            if school in self.decided and self.decided[school].typed:
                return False
            self.decided[school] = SchoolAppraisal(
                school, detail=text(row.get("detail")), note=text(row.get("note")),
                raw_deferral=row.get("deferral"),
            )  # fmt: skip
        elif sheet == REVIEW_SHEET and row.get("bloc") is not None:
            key = (text(row.get("bloc")), "")
            if key[0] in self.reviews and self.reviews[key[0]].typed:
                return False
            self.reviews[key[0]] = BlocReview(
                key[0], whole(row.get("members")), text(row.get("chair")),
                text(row.get("secretary")), raw_members=row.get("members"),
                place=text(row.get("place")),
                raw={k: row.get(k) for k in ("day", "start", *BALLOTS)},
            )  # fmt: skip
        elif sheet == VOTE_SHEET and school and row.get("award") is not None:
            key = (school, text(row.get("award")))
            if key in self.votes:
                return False
            self.votes[key] = row.get("votes")
        elif sheet in (MEMBERS_SHEET, DECISIONS_SHEET):
            return self.restore_free(str(sheet), row)
        else:
            return False  # a row this version does not know: kept as it is
        self.restored.add((str(sheet), *key))
        return True

    def restore_free(self, sheet: str, row: dict[str, Any]) -> bool:
        """A member or a decision kept earlier, back among the rows of its sheet."""
        body = text(row.get("bloc"))
        if sheet == MEMBERS_SHEET:
            member = Member(body, text(row.get("person")), text(row.get("position")),
                            text(row.get("role")), None, text(row.get("absence")),
                            raw_present=row.get("present"))  # fmt: skip
            self.people.append(member)
            self.back_rows.add(id(member))
        else:
            raw = {k: row.get(k) for k in ("chosen", "second", "decision")}
            decision = TieDecision(body, text(row.get("award")), raw=raw)
            self.decisions.append(decision)
            self.back_rows.add(id(decision))
        return True

    def back(self, sheet: str, key: Key) -> bool:
        """Whether the row written under ``key`` came back from Không còn khớp."""
        return (sheet, *key) in self.restored

    def take(self, sheet: str, store: dict[Any, Any], key: Any) -> Any:
        """What was typed under ``key`` (None: nothing), taken out of ``store`` as its sheet
        writes it: what no sheet takes is kept on Không còn khớp."""
        value = store.pop(key, None)
        if value is not None and self.back(sheet, key if isinstance(key, tuple) else (key, "")):
            self.returned += 1
        return value


def bodies(compact: Compact) -> list[str]:
    """The bodies that meet, in the book's order: each bloc, then the council when the ladder
    has an award it votes on (none without a ladder)."""
    if not compact.awards:
        return []
    council = any(a.body is VotingBody.COUNCIL for a in compact.awards)
    return [b.code for b in compact.blocs] + ([COUNCIL] if council else [])


NO_LADDER = "Sổ giao ước không còn thang khen thưởng"
NO_AWARD = "Mức khen không còn trong thang khen thưởng của sổ giao ước"


def kept_rows(result: MergeResult, typed: Typed) -> list[dict[str, Any]]:
    """What staff typed that has no row in this book, with why; and what an earlier write kept
    that cannot go back."""
    compact = result.compact
    used = {r.school.code for r in result.schools if r.outcome is not None}
    ladder = {a.code for a in compact.awards}

    def why_school(code: str, otherwise: str) -> str:
        if compact.school(code) is None:
            return "Mã trường không có trong danh sách trường của sổ giao ước"
        return "Trường hiện chưa có bài nộp dùng được" if code not in used else otherwise

    rows: list[dict[str, Any]] = []
    for (school, target), entry in typed.entries.items():
        if entry.typed:
            why = why_school(
                school, "Chỉ tiêu không còn thuộc giao ước hoặc không áp dụng cho trường ở kỳ này"
            )
            rows.append({"sheet": TARGETS_SHEET, "school": school, "target": target,
                         "reported": entry.reported, "verified": entry.raw,
                         "reason": entry.reason, "why": why})  # fmt: skip
    for school, decided in typed.decided.items():
        if decided.typed:
            rows.append({"sheet": SCHOOLS_SHEET, "school": school, "deferral": decided.raw_deferral,
                         "detail": decided.detail, "note": decided.note,
                         "why": why_school(school, "")})  # fmt: skip
    for (school, award), votes in typed.votes.items():
        why = (
            NO_LADDER if not ladder else NO_AWARD if award not in ladder else why_school(school, "")
        )
        rows.append({"sheet": VOTE_SHEET, "school": school, "award": award, "votes": votes,
                     "why": why})  # fmt: skip
    return rows + _kept_meetings(compact, typed) + typed.kept


def _kept_meetings(compact: Compact, typed: Typed) -> list[dict[str, Any]]:
    """The meetings, members and decisions typed for a body, bloc or award there is not."""
    ladder = {a.code for a in compact.awards}
    blocs = {b.code for b in compact.blocs}
    meeting = set(bodies(compact))

    def why_body(body: str) -> str:
        if not ladder:
            return NO_LADDER
        if body == COUNCIL:
            return "Thang khen thưởng không còn mức nào do hội đồng bình xét"
        return "Khối không còn trong sổ giao ước"

    rows: list[dict[str, Any]] = []
    for bloc, review in typed.reviews.items():
        if review.typed:
            why = why_body(bloc) if bloc not in meeting else ""
            rows.append({"sheet": REVIEW_SHEET, "bloc": bloc, "members": review.raw_members,
                         "chair": review.chair, "secretary": review.secretary,
                         "place": review.place or None, **review.raw, "why": why})  # fmt: skip
    for member in typed.people:
        if member.body not in meeting:
            rows.append({"sheet": MEMBERS_SHEET, "bloc": member.body, "person": member.name,
                         "position": member.position, "role": member.role,
                         "present": member.raw_present, "absence": member.note,
                         "why": why_body(member.body)})  # fmt: skip
    for decision in typed.decisions:
        if decision.bloc not in blocs or decision.award not in ladder:
            why = NO_AWARD if decision.bloc in blocs and ladder else why_body(decision.bloc)
            rows.append({"sheet": DECISIONS_SHEET, "bloc": decision.bloc, "award": decision.award,
                         **decision.raw, "why": why})  # fmt: skip
    return rows
