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

from collections.abc import Iterable, Mapping
from itertools import groupby

from .award_conditions import AWARD_VARIABLES, Standing, conditions, failing, readable, safe_calls
from .award_reasons import UNRANKED, Proposal, kind, summary
from .codes import SchoolStatus, Severity
from .findings import Finding
from .history import History
from .meetings import COUNCIL, COUNCIL_NAME, DECISIONS_SHEET, BlocReview
from .model import Award, Bloc, Category, Compact, Ranking, VotingBody, fold
from .numbers import vn
from .scoring import TargetScore
from .ties import (
    EMPTY_PLACE,
    Criterion,
    Tie,
    TieDecision,
    break_tie,
    decision_reasons,
    tie_criteria,
)

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
                self.proposals[school.code].reasons[award.code] = UNRANKED.get(
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
                    if not conditions(self.compact, self.history, self.tiers, school, award):
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
        body = self.body_word(award)
        why = decision_reasons(usable, body)
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
        why = conditions(self.compact, self.history, self.tiers, school, award)
        if why:
            return why
        self.proposals[school.code].eligible.append(award.code)  # the body may vote on it
        if self.voted(award):
            return self.vote_short(school, award)
        return ""

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
    over_years = [a for a in compact.awards if a.condition and safe_calls(a.condition)]
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
