"""Award proposals (đề nghị khen thưởng), pure: from a bloc's verified ranking, its vote and the
compact's award ladder, who is proposed for what, and why each other school is not.

The rules (docs/design.md, "Rules of the domain"; README, "Khen thưởng"):

- awards are taken from the highest (order 1) down; for each, the bloc's ranked schools are
  taken down the verified ranking, and each school eligible gets it while the bloc's quota
  lasts (a count, or a share of the bloc's schools rounded down);
- eligible: not deferred (tạm hoãn xét), not excluded by a missed veto target, the tier and the
  verified total at least the award's minimum, the staff condition true, and — once the bloc's
  members present are in the appraisal book — more votes in favour than the award needs;
- awards of one group: a school gets at most one (the highest); of different groups: both;
- schools of equal rank that are all eligible but fewer places are left than they are: none of
  them is proposed and the tie is reported (the bloc decides), never broken silently; the
  places stay with them;
- before the bloc's vote is in the book, the schools that would be proposed are *candidates*
  (to be put to the vote), not proposals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from .codes import SchoolStatus, Severity
from .expressions import ExpressionError, holds
from .findings import Finding
from .model import Award, Bloc, Compact, fold
from .numbers import vn

#: The staff figures an award condition may use, with the school workbook's field of each.
AWARD_VARIABLES = {
    "TONG": "staff_total",
    "HTNV": "staff_completed",
    "LDTT": "staff_ldtt",
    "CSTD": "staff_cstdcs",
    "KY_LUAT": "staff_disciplined",
}


@dataclass(frozen=True)
class BlocReview:
    """A bloc's review meeting as the appraisal book holds it."""

    bloc: str
    members: int | None = None  # members present (who vote)
    chair: str = ""
    secretary: str = ""
    cell: str = ""
    raw_members: Any = None  # as typed (kept when it is not a count)

    @property
    def typed(self) -> bool:
        """Whether staff typed anything for this meeting."""
        return self.raw_members is not None or bool(self.chair) or bool(self.secretary)


@dataclass
class Proposal:
    """What a school is proposed for, what it is a candidate for before the vote, and why it
    is not proposed for each other award (award code -> reason)."""

    awards: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)  # award code -> votes in favour
    eligible: list[str] = field(default_factory=list)  # meets all but the vote and the quota


@dataclass(frozen=True)
class Standing:
    """What the proposals need of one school (from its row of the merge)."""

    code: str
    name: str
    status: SchoolStatus
    rank: int | None
    total: float | None
    tier: str
    deferred: str  # "" or "Tạm hoãn xét: …"
    excluded: str  # "" or why a veto target excludes it
    staff: Mapping[str, int]


_number = vn  # the one Vietnamese number rule


class _Bloc:
    """The proposals of one bloc."""

    def __init__(
        self,
        compact: Compact,
        bloc: Bloc,
        schools: list[Standing],
        review: BlocReview | None,
        votes: Mapping[tuple[str, str], int],
        book: str,
    ) -> None:
        self.compact, self.bloc, self.schools = compact, bloc, schools
        self.review, self.votes, self.book = review, votes, book
        self.proposals = {s.code: Proposal() for s in schools}
        self.held: dict[tuple[str, str], str] = {}  # (school, group) -> award received
        self.findings: list[Finding] = []
        self.tiers = [fold(t.name) for t in compact.tiers]

    @property
    def voted(self) -> bool:
        return self.review is not None and self.review.members is not None

    def run(self) -> None:
        ranked = sorted(
            (s for s in self.schools if s.rank is not None and s.status is SchoolStatus.VALID),
            key=lambda s: s.rank or 0,
        )
        placed = {id(s) for s in ranked}  # by identity: comparing whole rows is quadratic
        unranked = [s for s in self.schools if id(s) not in placed]
        ladder = sorted(self.compact.awards, key=lambda a: a.order)
        for award in ladder:
            self.award(award, ranked)
            for school in unranked:
                self.proposals[school.code].reasons[award.code] = (
                    "chưa nộp" if school.status is SchoolStatus.MISSING
                    else "bài nộp có lỗi, chưa xếp hạng"
                )  # fmt: skip
        for school in self.schools:  # every vote typed is on record (the minutes, --json)
            self.proposals[school.code].votes = {
                a.code: self.votes[(school.code, a.code)]
                for a in ladder
                if (school.code, a.code) in self.votes
            }

    def award(self, award: Award, ranked: list[Standing]) -> None:
        left = award.quota(len(self.schools))
        tie = False
        for _, same in groupby(ranked, key=lambda s: s.rank):
            eligible = []
            for school in same:
                if (school.code, fold(award.group)) in self.held:  # a higher award of this group
                    if not self.conditions(school, award):
                        self.proposals[school.code].eligible.append(award.code)
                    continue
                why = self.ineligible(school, award)
                if why:
                    self.proposals[school.code].reasons[award.code] = why
                else:
                    eligible.append(school)
            if not eligible:
                continue
            if left is not None and (tie or left <= 0):
                for school in eligible:
                    self.proposals[school.code].reasons[award.code] = (
                        f"hết chỉ tiêu ({award.quota(len(self.schools))} trường/khối)"
                    )
                continue
            if left is not None and len(eligible) > left:
                tie = True
                self.tied(award, eligible, left)
                continue
            for school in eligible:
                proposal = self.proposals[school.code]
                if self.voted:
                    proposal.awards.append(award.code)
                else:
                    proposal.candidates.append(award.code)
                self.held[(school.code, fold(award.group))] = award.code
            if left is not None:
                left -= len(eligible)

    def tied(self, award: Award, eligible: list[Standing], left: int) -> None:
        names = ", ".join(s.name for s in eligible)
        for school in eligible:
            self.proposals[school.code].reasons[award.code] = (
                f"bằng điểm với trường khác ở ranh giới chỉ tiêu ({len(eligible)} trường, còn "
                f"{left} suất): khối quyết định"
            )
        message = (
            f"{self.bloc.name}, {award.name}: {names} bằng điểm (hạng {eligible[0].rank}) mà chỉ "
            f"còn {left} suất; chương trình không tự chọn, khối cần quyết định"
        )
        self.findings.append(
            Finding(
                "award-tie",
                Severity.WARNING,
                message,
                self.book,
                eligible[0].code,
                target=award.code,
            )
        )

    def ineligible(self, school: Standing, award: Award) -> str:
        """Why ``school`` cannot get ``award`` ('' when it can), in the order a person checks:
        its standing and figures, then the bloc's vote."""
        why = self.conditions(school, award)
        if why:
            return why
        self.proposals[school.code].eligible.append(award.code)  # the bloc may vote on it
        if self.voted:
            return self.vote_short(school, award)
        return ""

    def conditions(self, school: Standing, award: Award) -> str:
        """Why ``school`` does not meet ``award``'s conditions ('' when it does)."""
        if school.deferred:
            return school.deferred[0].lower() + school.deferred[1:]
        if school.excluded:
            return school.excluded
        if award.min_tier and not self.reaches(school.tier, award.min_tier):
            return f"xếp loại chưa đạt ({school.tier or 'chưa xếp loại'}; cần {award.min_tier})"
        if award.min_total is not None and (school.total or 0) + 1e-9 < award.min_total:
            return f"chưa đủ điểm ({_number(school.total or 0)}; cần ≥ {_number(award.min_total)})"
        if award.condition:
            figures = {name: school.staff.get(key) for name, key in AWARD_VARIABLES.items()}
            try:
                met = holds(award.condition, figures)
            except ExpressionError:
                met = None  # said by the compact's check
            if met is None:
                return "thiếu số liệu cán bộ để xét điều kiện"
            if not met:
                return f"chưa đạt điều kiện về cán bộ ({failing(award.condition, figures)})"
        return ""

    def reaches(self, tier: str, minimum: str) -> bool:
        """Whether ``tier`` is ``minimum`` or better (an unknown minimum asks nothing)."""
        if fold(minimum) not in self.tiers:
            return True
        return fold(tier) in self.tiers and self.tiers.index(fold(tier)) <= self.tiers.index(
            fold(minimum)
        )

    def vote_short(self, school: Standing, award: Award) -> str:
        assert self.review is not None and self.review.members is not None
        members = self.review.members
        count = self.votes.get((school.code, award.code))
        if count is None:
            return "chưa có số phiếu bình xét"
        self.proposals[school.code].votes[award.code] = count
        share = 100 * count / members if members else 0.0
        enough = share > award.vote_share if award.vote_strict else share + 1e-9 >= award.vote_share
        if enough:
            return ""
        return f"chưa đủ phiếu ({count}/{members} = {_number(share)} %; cần {award.votes_text()})"


def failing(condition: str, figures: Mapping[str, float | None]) -> str:
    """The parts of a condition joined by 'and' that do not hold (the whole when it is not such
    a chain), in words a school reads."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|và)\s+", condition, flags=re.IGNORECASE)]
    try:
        missed = [p for p in parts if holds(p, figures) is False] if len(parts) > 1 else []
    except ExpressionError:
        missed = []
    text = " và ".join(missed) or condition
    found = {n: m.start() for n in AWARD_VARIABLES if (m := re.search(rf"\b{n}\b", text))}
    used = sorted(found, key=found.__getitem__)  # in the order the condition names them
    have = ", ".join(
        f"{_READ[n].removeprefix('số ')} {_number(value)}"
        for n in used
        if (value := figures.get(n)) is not None
    )
    return f"{readable(text)}; trường có: {have}" if have else readable(text)


#: The staff figures and operators of a condition, as a school reads them.
_READ = {
    "TONG": "tổng số cán bộ",
    "HTNV": "số hoàn thành nhiệm vụ",
    "LDTT": "số Lao động tiên tiến",
    "CSTD": "số Chiến sĩ thi đua cơ sở",
    "KY_LUAT": "số bị kỷ luật",
    ">=": "≥",
    "<=": "≤",
    "==": "=",
    "!=": "≠",
    "and": "và",
    "or": "hoặc",
    "not": "không",
}


def readable(condition: str) -> str:
    """``LDTT / TONG >= 0.7 and KY_LUAT == 0`` -> ``số Lao động tiên tiến / tổng số cán bộ ≥ 0,7
    và số bị kỷ luật = 0``."""

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if token[0].isdigit():
            return token.replace(".", ",")
        return _READ.get(token, _READ.get(token.lower(), token))

    return re.sub(r">=|<=|==|!=|\d+\.\d+|\d+|[A-Za-z_]+", word, condition)


def propose(
    compact: Compact,
    schools: Iterable[Standing],
    reviews: Mapping[str, BlocReview],
    votes: Mapping[tuple[str, str], int],
    book: str = "",
) -> tuple[dict[str, Proposal], list[Finding]]:
    """Every school's proposal, bloc by bloc, and the ties reported."""
    by_bloc: dict[str, list[Standing]] = {}
    codes = {s.code: s for s in compact.schools}
    for school in schools:
        bloc = codes[school.code].bloc if school.code in codes else ""
        by_bloc.setdefault(bloc, []).append(school)
    proposals: dict[str, Proposal] = {}
    findings: list[Finding] = []
    if not compact.awards:
        return proposals, findings
    for bloc_item in compact.blocs:
        run = _Bloc(
            compact,
            bloc_item,
            by_bloc.get(bloc_item.code, []),
            reviews.get(bloc_item.code),
            votes,
            book,
        )
        run.run()
        proposals.update(run.proposals)
        findings += run.findings
    return proposals, findings


#: The kinds of reason, as a document's narrow column names them (the full reason in JSON).
_KINDS = (
    ("tạm hoãn", "tạm hoãn"),
    ("không xét khen thưởng", "phủ quyết — không xét"),
    ("xếp loại chưa đạt", "xếp loại chưa đạt"),
    ("chưa đủ điểm", "chưa đủ điểm"),
    ("thiếu số liệu cán bộ", "thiếu số liệu cán bộ"),
    ("chưa đạt điều kiện về cán bộ", "điều kiện về cán bộ"),
    ("chưa có số phiếu", "chưa có phiếu"),
    ("chưa đủ phiếu", "chưa đủ phiếu"),
    ("hết chỉ tiêu", "hết chỉ tiêu"),
    ("bằng điểm", "bằng điểm, khối quyết định"),
    ("chưa nộp", "chưa nộp"),
    ("bài nộp có lỗi", "bài có lỗi"),
)


def kind(reason: str) -> str:
    """The short kind of a reason: "hết chỉ tiêu", "chưa đủ phiếu"…"""
    return next((short for start, short in _KINDS if reason.startswith(start)), reason)


#: Reasons that stop a school which meets an award's conditions: each is printed, not only the
#: one just above what the school got.
_DECIDED = ("hết chỉ tiêu", "chưa đủ phiếu", "chưa có số phiếu", "bằng điểm")


def summary(compact: Compact, proposal: Proposal | None, short: bool = False) -> tuple[str, str]:
    """(what the school is proposed for, why not) as the documents print them: in each group,
    why not the award just above what it got (or the most attainable one when it got none),
    and why not each award it met the conditions of but lost to the quota or the vote; awards
    with the same reason named together. ``short``: the kinds of reason only."""
    if proposal is None or not compact.awards:
        return "", ""
    got = proposal.awards or [f"{c} (chờ bình xét)" for c in proposal.candidates]
    held = proposal.awards + proposal.candidates
    groups: dict[str, list[Award]] = {}
    for award in sorted(compact.awards, key=lambda a: a.order):
        groups.setdefault(fold(award.group), []).append(award)
    said: dict[str, list[str]] = {}  # reason -> award codes, in ladder order
    for awards in groups.values():
        best = next((a for a in awards if a.code in held), None)
        missed = [a for a in awards if a.code in proposal.reasons]
        if best is not None:
            missed = [a for a in missed if a.order < best.order]
        target = missed[-1] if missed else None  # just above what it got, or the most attainable
        for award in missed:
            why = proposal.reasons[award.code]
            if award is target or why.startswith(_DECIDED):
                said.setdefault(kind(why) if short else why, []).append(award.code)
    names = {a.code: a.name for a in compact.awards}
    notes = [
        f"{', '.join(codes)}: {why}"
        if short
        else f"Không đề nghị {', '.join(names[c] for c in codes)}: {why}"
        for why, codes in said.items()
    ]
    return ", ".join(got), "; ".join(notes)
