"""Award proposals (đề nghị khen thưởng), pure: from a bloc's verified ranking, the votes and
the compact's award ladder, who is proposed for what, and why each other school is not.

The rules (docs/design.md, "Rules of the domain"; README, "Khen thưởng"):

- awards are taken from the highest (order 1) down; for each, the bloc's ranked schools are
  taken down the verified ranking, and each school eligible gets it while the bloc's quota
  lasts (a count, or a share of the bloc's schools rounded down); in a compact that only
  recognises (``Ranking.RECOGNISE``) there is no ranking: every eligible valid school gets it,
  and no quota applies;
- eligible: signed the compact and registered its targets (when the compact book asks it), not
  deferred (tạm hoãn xét), not excluded by a missed veto target, the tier and the verified
  total at least the award's minimum, the staff condition true, and — once the body that votes
  on the award has met — more votes in favour than the award needs;
- who votes is the award's body (:mod:`giaouoc_xl.core.meetings`): the bloc's own meeting, or
  the organizer's council, whose members present the vote share is taken on; when the ladder
  has awards of the bloc, the council takes up a bloc's schools once the bloc has met;
- awards of one group: a school gets at most one (the highest); of different groups: both;
- schools of equal rank that are all eligible but fewer places are left than they are: the
  award's tie-break criteria in order, then the voters' decision typed in the appraisal book
  (:mod:`giaouoc_xl.core.ties`); what neither settles stays open: none of them is proposed,
  the places stay with them, and it is reported (a warning before the vote, an error after);
- before the body's vote is in the book, the schools that would be proposed are *candidates*
  (to be put to the vote), not proposals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from .codes import SchoolStatus, Severity
from .expressions import Call, ExpressionError, condition_calls, condition_names, holds
from .findings import Finding
from .history import History
from .meetings import COUNCIL, COUNCIL_NAME, DECISIONS_SHEET, BlocReview
from .model import Award, Bloc, Category, Compact, Ranking, VotingBody, fold
from .numbers import vn
from .over_years import FUNCTIONS, Past, call_words, evaluate_calls
from .scoring import TargetScore
from .ties import EMPTY_PLACE, Criterion, Tie, TieDecision, break_tie, tie_criteria

__all__ = [
    "AWARD_VARIABLES",
    "COUNCIL",
    "BlocReview",
    "Proposal",
    "Standing",
    "content_points",
    "failing",
    "kind",
    "propose",
    "readable",
    "summary",
    "uses_contents",
]

#: The staff figures an award condition may use, with the school workbook's field of each.
AWARD_VARIABLES = {
    "TONG": "staff_total",
    "HTNV": "staff_completed",
    "LDTT": "staff_ldtt",
    "CSTD": "staff_cstdcs",
    "KY_LUAT": "staff_disciplined",
}


@dataclass
class Proposal:
    """What a school is proposed for, what it is a candidate for before the vote, and why it
    is not proposed for each other award (award code -> reason)."""

    awards: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)  # award code -> votes in favour
    eligible: list[str] = field(default_factory=list)  # meets all but the vote and the quota
    #: award code -> the members present of the body that voted on it (the share's base)
    voters: dict[str, int] = field(default_factory=dict)
    ties: dict[str, Tie] = field(default_factory=dict)  # award code -> the tie it was part of


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
    signed: bool | None = None  # chose "Có" in "Cam kết thực hiện" (None: not known)
    registered: bool | None = None  # its file has a usable registration (None: not known)
    bonus: float = 0.0  # verified bonus points (a tie-break criterion)
    deduction: float = 0.0  # verified deductions
    contents: Mapping[int, float] = field(default_factory=dict)  # content -> verified points


def uses_contents(compact: Compact) -> bool:
    """Whether a tie-break criterion of the ladder names a content: only then are the schools'
    points per content needed (:func:`content_points`)."""
    return compact.memo(
        "tie-break contents",
        lambda: any(
            c.kind == "content" for a in compact.awards for c in tie_criteria(a.tie_breaks)[0]
        ),
    )


def content_points(compact: Compact, targets: Iterable[TargetScore]) -> dict[int, float]:
    """A school's verified points per content (the standard targets': a tie-break criterion
    "nội dung N"), from its scored targets."""
    groups = {g.code: g.content for g in compact.target_groups}
    found: dict[int, float] = {}
    for score in targets:
        target = compact.target(score.code)
        if target is None or target.category is not Category.STANDARD or target.parent:
            continue  # a sub-item's points are in its criterion's
        content = target.content if target.content is not None else groups.get(target.group)
        if content is not None:
            found[content] = found.get(content, 0.0) + score.points
    return found


_number = vn  # the one Vietnamese number rule


class _Bloc:
    """The proposals of one bloc."""

    def __init__(
        self,
        compact: Compact,
        bloc: Bloc,
        schools: list[Standing],
        reviews: Mapping[str, BlocReview],
        votes: Mapping[tuple[str, str], int],
        book: str,
        history: History | None = None,
    ) -> None:
        self.compact, self.bloc, self.schools = compact, bloc, schools
        self.reviews, self.votes, self.book = reviews, votes, book
        self.history = history  # the history book: conditions over years (None: not given)
        self.proposals = {s.code: Proposal() for s in schools}
        self.held: dict[tuple[str, str], str] = {}  # (school, group) -> award received
        self.findings: list[Finding] = []
        self.tiers = [fold(t.name) for t in compact.tiers]
        self.by_code = {s.code: s for s in schools}
        self.decisions: dict[str, list[TieDecision]] = {}  # award -> this bloc's decisions
        for review in reviews.values():
            for decision in review.decisions:
                if decision.bloc == bloc.code:
                    self.decisions.setdefault(decision.award, []).append(decision)
        self.used: set[int] = set()  # the decisions applied or found wrong, by identity
        self.bloc_votes = any(a.body is VotingBody.BLOC for a in compact.awards)

    def review(self, award: Award) -> BlocReview | None:
        """The meeting of the body that votes on ``award``."""
        return self.reviews.get(COUNCIL if award.body is VotingBody.COUNCIL else self.bloc.code)

    def voted(self, award: Award) -> bool:
        """Whether the body that votes on ``award`` has met (the council: for this bloc once the
        bloc has met, when blocs vote on awards of their own)."""
        review = self.review(award)
        if review is None or review.members is None:
            return False
        if award.body is VotingBody.COUNCIL and self.bloc_votes:
            own = self.reviews.get(self.bloc.code)
            return own is not None and own.members is not None
        return True

    def run(self) -> None:
        recognised = self.compact.ranking is Ranking.RECOGNISE  # every valid school, no rank
        ranked = sorted(
            (
                s
                for s in self.schools
                if (s.rank is not None or recognised) and s.status is SchoolStatus.VALID
            ),
            key=lambda s: s.rank or 0,
        )
        placed = {id(s) for s in ranked}  # by identity: comparing whole rows is quadratic
        unranked = [s for s in self.schools if id(s) not in placed]
        ladder = sorted(self.compact.awards, key=lambda a: a.order)
        for award in ladder:
            self.award(award, ranked)
            for school in unranked:
                self.proposals[school.code].reasons[award.code] = _UNRANKED.get(
                    school.status, "bài nộp có lỗi, chưa xếp hạng"
                )
        for school in self.schools:  # every vote typed is on record (the minutes, --json)
            proposal = self.proposals[school.code]
            proposal.votes = {
                a.code: self.votes[(school.code, a.code)]
                for a in ladder
                if (school.code, a.code) in self.votes
            }
            for award in ladder:
                review = self.review(award)
                if award.code in proposal.votes and review is not None and review.members:
                    proposal.voters[award.code] = review.members

    def award(self, award: Award, ranked: list[Standing]) -> None:
        # recognised without ranks: every eligible school, no quota taken down a ranking
        recognised = self.compact.ranking is Ranking.RECOGNISE
        left = None if recognised else award.quota(len(self.schools))
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
                chosen = self.tied(award, eligible, left)
                if chosen is None:  # open: the places stay with the schools tied
                    tie = True
                    continue
                eligible, left = chosen, len(chosen)
            self.grant(award, eligible)
            if left is not None:
                left -= len(eligible)

    def grant(self, award: Award, schools: list[Standing]) -> None:
        voted = self.voted(award)
        for school in schools:
            proposal = self.proposals[school.code]
            (proposal.awards if voted else proposal.candidates).append(award.code)
            self.held[(school.code, fold(award.group))] = award.code

    # ----------------------------------------------------------------------- ties

    def tied(self, award: Award, eligible: list[Standing], left: int) -> list[Standing] | None:
        """The schools that get the ``left`` places ``eligible`` tie for: by the award's
        criteria, then by the voters' decision; None while the tie is open. Every school tied
        gets the record, and those left out their reason."""
        criteria, _ = tie_criteria(award.tie_breaks)
        codes = [s.code for s in eligible]
        record = Tie(
            self.bloc.code, award.code, award.body, eligible[0].rank, eligible[0].total,
            tuple(codes), left, {s.code: s.name for s in eligible},
        )  # fmt: skip
        steps, still = break_tie(codes, left, criteria, lambda c, k: self.value(c, award, k))
        record.steps, record.left = steps, tuple(still)
        chosen = [c for step in steps for c in step.chosen]
        for step in steps:
            cut = min(v for c, v in step.values.items() if c not in step.behind)
            for code in step.behind:
                self.proposals[code].reasons[award.code] = (
                    f"bằng điểm, xếp sau theo tiêu chí '{step.criterion.words}' "
                    f"({step.criterion.show(step.values[code])}; trường xếp trên: "
                    f"{step.criterion.show(cut)})"
                )
        if still:
            decided = self.decide(award, record, still, left - len(chosen))
            if decided is None:
                self.undecided(award, record, still, left - len(chosen), criteria)
                for code in codes:
                    self.proposals[code].ties[award.code] = record
                return None
            chosen += decided
        record.chosen = chosen
        for code in codes:
            self.proposals[code].ties[award.code] = record
        return [self.by_code[c] for c in chosen]

    def value(self, code: str, award: Award, criterion: Criterion) -> float:
        """A school's value under a tie-break criterion (more is better)."""
        school = self.by_code[code]
        if criterion.kind == "votes":
            return float(self.votes.get((code, award.code), 0))
        if criterion.kind == "content":
            return school.contents.get(criterion.content or 0, 0.0)
        return -school.deduction if criterion.kind == "deduction" else school.bonus

    def body_word(self, award: Award) -> str:
        return "hội đồng" if award.body is VotingBody.COUNCIL else "khối"

    def decide(self, award: Award, record: Tie, still: list[str], places: int) -> list[str] | None:
        """The voters' decision on the schools ``still`` tied for ``places`` places: the codes
        chosen (the places not filled stay empty), or None when none was typed or it cannot be
        applied (each wrong row is a finding by its cell)."""
        rows = [d for d in self.decisions.get(award.code, []) if id(d) not in self.used]
        usable: list[TieDecision] = []
        for decision in rows:
            self.used.add(id(decision))
            wrong = self.wrong(decision, still)
            if wrong:
                self.decision_finding(decision, award, wrong, Severity.ERROR)
            else:
                usable.append(decision)
        chosen = list(dict.fromkeys(c for d in usable for c in d.schools))
        empty = any(d.empty for d in usable)
        if not usable or len(chosen) > places or (len(chosen) < places and not empty):
            if usable and len(chosen) > places:
                self.decision_finding(
                    usable[0], award,
                    f"chọn {len(chosen)} trường nhưng chỉ còn {places} suất", Severity.ERROR,
                )  # fmt: skip
            record.decisions = usable
            return None
        record.decisions, record.decided, record.empty = usable, tuple(chosen), places - len(chosen)
        why = "; ".join(dict.fromkeys(d.reason for d in usable))
        body = self.body_word(award)
        for code in still:
            if code not in chosen:
                self.proposals[code].reasons[award.code] = (
                    f"bằng điểm, {body} quyết định chọn trường khác: {why}"
                    if chosen
                    else f"bằng điểm, {body} quyết định để trống suất: {why}"
                )
        return chosen

    def wrong(self, decision: TieDecision, still: list[str]) -> str:
        """Why a decision row cannot be applied ('' when it can)."""
        if not decision.reason:
            return "chưa ghi lý do; quyết định chưa được dùng cho đến khi ghi lý do"
        strangers = [c for c in decision.schools if c not in still]
        if strangers:
            names = ", ".join(self.by_code[c].name for c in still)
            return (
                f"trường {', '.join(strangers)} không nằm trong các trường còn bằng điểm ({names})"
            )
        if not decision.schools and not decision.empty:
            return f"chưa ghi trường được chọn (mã trường) hoặc '{EMPTY_PLACE}'"
        return ""

    def decision_finding(
        self, decision: TieDecision, award: Award, why: str, severity: Severity
    ) -> None:
        self.findings.append(
            Finding(
                "tie-decision-invalid",
                severity,
                f"Sổ thẩm định, sheet {DECISIONS_SHEET}, dòng {decision.row}: quyết định khi bằng "
                f"điểm của {self.bloc.name}, {award.name}: {why}",
                self.book,
                decision.schools[0] if decision.schools else "",
                DECISIONS_SHEET,
                decision.cell,
                award.code,
                decision.raw.get("chosen"),
            )
        )

    def undecided(
        self, award: Award, record: Tie, still: list[str], left: int, criteria: list[Criterion]
    ) -> None:
        """A tie no criterion nor decision settled: none of ``still`` is proposed, and it is
        said (an error once the body has met, a warning before)."""
        record.open = True
        names = ", ".join(self.by_code[c].name for c in still)
        body = self.body_word(award)
        for code in still:
            self.proposals[code].reasons[award.code] = (
                f"bằng điểm với trường khác ở ranh giới chỉ tiêu ({len(still)} trường, còn "
                f"{left} suất): {body} quyết định"
            )
        said = (
            f"các tiêu chí khi bằng điểm ({'; '.join(c.words for c in criteria)}) vẫn bằng nhau"
            if criteria
            else "thang khen thưởng không có tiêu chí khi bằng điểm"
        )
        chosen = len({c for d in record.decisions for c in d.schools})
        typed = (
            f"; đã ghi chọn {chosen} trường, cần chọn đủ hoặc ghi '{EMPTY_PLACE}'" if chosen else ""
        )
        voters = COUNCIL_NAME if award.body is VotingBody.COUNCIL else body
        message = (
            f"{self.bloc.name}, {award.name}: {names} bằng điểm (hạng {record.rank}) mà chỉ "
            f"còn {left} suất; {said}{typed}. Chương trình không tự chọn: {voters} quyết định "
            f"và ghi ở sheet '{DECISIONS_SHEET}' của sổ thẩm định (trường được chọn, số phiếu "
            f"lần hai, lý do; hoặc '{EMPTY_PLACE}' và lý do)"
        )
        severity = Severity.ERROR if self.voted(award) else Severity.WARNING
        self.findings.append(
            Finding("award-tie", severity, message, self.book, still[0], target=award.code)
        )

    # ----------------------------------------------------------------------- eligibility

    def ineligible(self, school: Standing, award: Award) -> str:
        """Why ``school`` cannot get ``award`` ('' when it can), in the order a person checks:
        its standing and figures, then the vote."""
        why = self.conditions(school, award)
        if why:
            return why
        self.proposals[school.code].eligible.append(award.code)  # the body may vote on it
        if self.voted(award):
            return self.vote_short(school, award)
        return ""

    def conditions(self, school: Standing, award: Award) -> str:
        """Why ``school`` does not meet ``award``'s conditions ('' when it does)."""
        if self.compact.awards_need_signature and school.signed is False:
            return "chưa ký giao ước (không chọn 'Có' ở ô Cam kết thực hiện)"
        if self.compact.awards_need_registration and school.registered is False:
            return "chưa đăng ký chỉ tiêu (bài nộp không có số liệu đăng ký dùng được)"
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
                calls = condition_calls(award.condition)
                past = evaluate_calls(self.compact, self.history, school.code, calls)
                met = holds(award.condition, figures, past.values)
                names = condition_names(award.condition)
            except ExpressionError:
                return "thiếu số liệu cán bộ để xét điều kiện"  # said by the compact's check
            if met is None:
                if any(figures.get(n) is None for n in names) or not calls:
                    return "thiếu số liệu cán bộ để xét điều kiện"
                return past.missing(calls) or "chưa có dữ liệu các năm trước để xét điều kiện"
            if not met:
                return unmet(award.condition, figures, past)
        return ""

    def reaches(self, tier: str, minimum: str) -> bool:
        """Whether ``tier`` is ``minimum`` or better (an unknown minimum asks nothing)."""
        if fold(minimum) not in self.tiers:
            return True
        return fold(tier) in self.tiers and self.tiers.index(fold(tier)) <= self.tiers.index(
            fold(minimum)
        )

    def vote_short(self, school: Standing, award: Award) -> str:
        review = self.review(award)
        assert review is not None and review.members is not None
        members = review.members
        count = self.votes.get((school.code, award.code))
        if count is None:
            return "chưa có số phiếu bình xét"
        self.proposals[school.code].votes[award.code] = count
        share = 100 * count / members if members else 0.0
        enough = share > award.vote_share if award.vote_strict else share + 1e-9 >= award.vote_share
        if enough:
            return ""
        return f"chưa đủ phiếu ({count}/{members} = {_number(share)} %; cần {award.votes_text()})"


def unmet(condition: str, figures: Mapping[str, float | None], past: Past) -> str:
    """Why a condition that does not hold fails, in words: its parts on the staff figures
    ("chưa đạt điều kiện về cán bộ (…)") and its parts over years ("chưa đạt điều kiện các
    năm trước (…; trường có …)")."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|và)\s+", condition, flags=re.IGNORECASE)]
    staff: list[str] = []
    over_years: list[tuple[str, list[Call]]] = []
    for part in parts if len(parts) > 1 else [condition]:
        try:
            calls = condition_calls(part)
            missed = holds(part, figures, past.values) is False
        except ExpressionError:  # a quoted text with 'và' in it: the whole condition
            staff, over_years = [], []
            break
        if missed or len(parts) == 1:
            if calls:
                over_years.append((part, calls))
            else:
                staff.append(part)
    if not staff and not over_years:
        calls = _safe_calls(condition)
        if calls:
            over_years = [(condition, calls)]
        else:
            staff = [condition]
    said = []
    if staff:
        said.append(f"chưa đạt điều kiện về cán bộ ({failing(' and '.join(staff), figures)})")
    if over_years:
        held = "; ".join(
            f"{readable(part)}; trường có {past.held(call)}"
            for part, calls in over_years
            for call in calls[:1]
        )
        said.append(f"chưa đạt điều kiện các năm trước đến năm học {past.upto} ({held})")
    return "; ".join(said)


def _safe_calls(condition: str) -> list[Call]:
    try:
        return condition_calls(condition)
    except ExpressionError:
        return []


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
        if token.startswith("\0"):  # a call, in words already
            return calls[int(token[1:-1])]
        if token[0].isdigit():
            return token.replace(".", ",")
        return _READ.get(token, _READ.get(token.lower(), token))

    calls: list[str] = []

    def call(match: re.Match[str]) -> str:
        args = tuple(g for g in match.groups()[1:] if g is not None)
        calls.append(call_words((match[1], args)))
        return f"\0{len(calls) - 1}\0"

    text = _CALL.sub(call, condition)
    return re.sub(r"\0\d+\0|>=|<=|==|!=|\d+\.\d+|\d+|[A-Za-z_]+", word, text)


#: A call of a function over years as a condition writes it (its one text argument, if any).
_CALL = re.compile(
    r"\b(" + "|".join(FUNCTIONS) + r")\s*\(\s*(?:\"([^\"]*)\"|“([^”]*)”|'([^']*)'|‘([^’]*)’)?\s*\)"
)


def propose(
    compact: Compact,
    schools: Iterable[Standing],
    reviews: Mapping[str, BlocReview],
    votes: Mapping[tuple[str, str], int],
    book: str = "",
    history: History | None = None,
) -> tuple[dict[str, Proposal], list[Finding]]:
    """Every school's proposal, bloc by bloc, and the ties reported (``reviews``: each body's
    meeting by its code, a bloc's or :data:`COUNCIL`, with the decisions on ties it took);
    a decision on a tie that no longer exists is said too. ``history``: the history book the
    ladder's conditions over years count in (:mod:`giaouoc_xl.core.over_years`); without it,
    a school such a condition is checked for has the year missing as its reason, and it is
    said once."""
    by_bloc: dict[str, list[Standing]] = {}
    codes = {s.code: s for s in compact.schools}
    for school in schools:
        bloc = codes[school.code].bloc if school.code in codes else ""
        by_bloc.setdefault(bloc, []).append(school)
    proposals: dict[str, Proposal] = {}
    findings: list[Finding] = []
    if not compact.awards:
        return proposals, findings
    used: set[int] = set()
    for bloc_item in compact.blocs:
        run = _Bloc(
            compact, bloc_item, by_bloc.get(bloc_item.code, []), reviews, votes, book, history
        )
        run.run()
        proposals.update(run.proposals)
        findings += run.findings
        used |= run.used
    findings += _unused(compact, reviews, used, book)
    if history is None:
        findings += _without_history(compact)
    return proposals, findings


def _without_history(compact: Compact) -> list[Finding]:
    """A ladder with conditions over years and no history book: said once."""
    over_years = [a for a in compact.awards if a.condition and _safe_calls(a.condition)]
    if not over_years:
        return []
    names = ", ".join(a.name for a in over_years)
    return [
        Finding(
            "history-not-given",
            Severity.WARNING,
            f"Thang khen thưởng có điều kiện theo các năm ({names}) mà chưa dùng sổ lịch sử: "
            "trường cần xét các mức này có lý do 'chưa có dữ liệu năm …'. Tổng hợp với sổ lịch "
            "sử (dòng lệnh: --history TỆP; nút bấm: tên sổ ở sheet Thiết lập).",
            target=over_years[0].code,
        )
    ]


def _unused(
    compact: Compact, reviews: Mapping[str, BlocReview], used: set[int], book: str
) -> list[Finding]:
    """The decisions typed for a tie there is not (any more): said, never applied."""
    blocs = {b.code: b.name for b in compact.blocs}
    awards = {a.code: a.name for a in compact.awards}
    found = []
    for review in reviews.values():
        for decision in review.decisions:
            if id(decision) in used:
                continue
            where = f"{blocs.get(decision.bloc, decision.bloc)}, {awards.get(decision.award, decision.award)}"
            found.append(
                Finding(
                    "tie-decision-invalid",
                    Severity.WARNING,
                    f"Sổ thẩm định, sheet {DECISIONS_SHEET}, dòng {decision.row}: {where} không "
                    "còn trường nào bằng điểm ở ranh giới chỉ tiêu (hoặc tiêu chí khi bằng điểm "
                    "đã phân định); quyết định này không được dùng",
                    book,
                    decision.schools[0] if decision.schools else "",
                    DECISIONS_SHEET,
                    decision.cell,
                    decision.award,
                    decision.raw.get("chosen"),
                )
            )
    return found


#: The kinds of reason, as a document's narrow column names them (the full reason in JSON).
_KINDS = (
    ("chưa ký giao ước", "chưa ký giao ước"),
    ("chưa đăng ký chỉ tiêu", "chưa đăng ký chỉ tiêu"),
    ("tạm hoãn", "tạm hoãn"),
    ("không xét khen thưởng", "phủ quyết — không xét"),
    ("xếp loại chưa đạt", "xếp loại chưa đạt"),
    ("chưa đủ điểm", "chưa đủ điểm"),
    ("thiếu số liệu cán bộ", "thiếu số liệu cán bộ"),
    ("chưa đạt điều kiện về cán bộ", "điều kiện về cán bộ"),
    ("chưa đạt điều kiện các năm trước", "điều kiện các năm trước"),
    ("chưa có dữ liệu năm", "thiếu dữ liệu các năm trước"),
    ("chưa có số phiếu", "chưa có phiếu"),
    ("chưa đủ phiếu", "chưa đủ phiếu"),
    ("hết chỉ tiêu", "hết chỉ tiêu"),
    ("bằng điểm, xếp sau theo tiêu chí", "bằng điểm, xếp sau theo tiêu chí"),
    ("bằng điểm, khối quyết định chọn", "bằng điểm, khối chọn trường khác"),
    ("bằng điểm, hội đồng quyết định chọn", "bằng điểm, hội đồng chọn trường khác"),
    ("bằng điểm, khối quyết định để trống", "bằng điểm, khối để trống suất"),
    ("bằng điểm, hội đồng quyết định để trống", "bằng điểm, hội đồng để trống suất"),
    ("chưa nộp", "chưa nộp"),
    ("bài nộp có lỗi", "bài có lỗi"),
    ("tệp gửi không dùng được", "tệp không dùng được"),
)

#: Why a school that is not ranked is not proposed.
_UNRANKED = {
    SchoolStatus.MISSING: "chưa nộp",
    SchoolStatus.UNUSABLE: "tệp gửi không dùng được, chưa xếp hạng",
}


def kind(reason: str) -> str:
    """The short kind of a reason: "hết chỉ tiêu", "chưa đủ phiếu"…"""
    found = next((short for start, short in _KINDS if reason.startswith(start)), None)
    if found is None and reason.startswith("bằng điểm"):  # a tie still open
        return f"bằng điểm, {'hội đồng' if reason.endswith('hội đồng quyết định') else 'khối'} quyết định"
    return reason if found is None else found


#: Reasons that stop a school which meets an award's conditions: each is printed, not only the
#: one just above what the school got.
_DECIDED = ("hết chỉ tiêu", "chưa đủ phiếu", "chưa có số phiếu", "bằng điểm")
#: Reasons over years: a school that met this year's tier and total and was stopped by its
#: record (or by a year the history lacks) is told, whatever it got below.
_OVER_YEARS = ("chưa đạt điều kiện các năm trước", "chưa có dữ liệu năm")


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
            if award is target or why.startswith(_DECIDED + _OVER_YEARS):
                said.setdefault(kind(why) if short else why, []).append(award.code)
    names = {a.code: a.name for a in compact.awards}
    notes = [
        f"{', '.join(codes)}: {why}"
        if short
        else f"Không đề nghị {', '.join(names[c] for c in codes)}: {why}"
        for why, codes in said.items()
    ]
    return ", ".join(got), "; ".join(notes)
