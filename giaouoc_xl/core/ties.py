"""Ties at a quota's edge (pure): the ladder's tie-break criteria, the voters' decisions, and
the record of how each tie was settled (what the minutes print).

When more eligible schools of equal rank than places are left for an award, the award's
criteria (*Tiêu chí khi bằng điểm*, in order, separated by ';') are applied one after the
other to the schools still tied:

- ``phiếu``: more votes in favour;
- ``nội dung N``: a higher verified total in content N;
- ``điểm trừ``: fewer deductions;
- ``điểm cộng``: more bonus points.

What they leave tied is decided by the body that votes on the award (the bloc, or the council)
and typed in the appraisal book (:class:`TieDecision`): the school(s) chosen, a second vote's
count and the reason, or that the place stays empty, with the reason. Nothing is ever chosen
silently: a tie no one decided keeps its places open (:class:`Tie` ``open``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .choices import VotingBody
from .numbers import vn

#: What staff type for a place the voters leave empty (in the school chosen's cell).
EMPTY_PLACE = "Để trống suất"


def is_empty_place(text: str) -> bool:
    """Whether staff typed that the place stays empty ("Để trống suất", "để trống")."""
    return _bare(text) in ("de trong suat", "de trong", "bo trong suat", "khong chon")


def _bare(text: str) -> str:
    """Lower case, no diacritics, single spaces: "Nội  dung 4" -> "noi dung 4"."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Criterion:
    """One tie-break criterion of the ladder."""

    kind: str  # "votes", "content", "deduction", "bonus"
    content: int | None = None  # for "content": its number

    @property
    def words(self) -> str:
        """The criterion as the minutes say it."""
        return {
            "votes": "nhiều phiếu đồng ý hơn",
            "content": f"tổng điểm thẩm định nội dung {self.content} cao hơn",
            "deduction": "ít điểm trừ hơn",
            "bonus": "nhiều điểm cộng hơn",
        }[self.kind]

    def show(self, value: float) -> str:
        """A school's value under this criterion, in words: "18 phiếu", "điểm trừ 2"."""
        if self.kind == "votes":
            return f"{vn(value)} phiếu"
        if self.kind == "content":
            return f"nội dung {self.content}: {vn(value)} điểm"
        # deductions are ranked negated (fewer is better): shown as they are
        return f"điểm trừ {vn(-value)}" if self.kind == "deduction" else f"điểm cộng {vn(value)}"


_WORDS = {
    "phieu": "votes",
    "so phieu": "votes",
    "phieu dong y": "votes",
    "so phieu dong y": "votes",
    "diem tru": "deduction",
    "it diem tru": "deduction",
    "diem cong": "bonus",
    "nhieu diem cong": "bonus",
}


def tie_criteria(text: str) -> tuple[list[Criterion], list[str]]:
    """The criteria of a ladder's *Tiêu chí khi bằng điểm* in order, and the parts not
    understood (as typed)."""
    criteria: list[Criterion] = []
    unknown: list[str] = []
    for part in re.split(r"[;\n]+", text or ""):
        typed = part.strip()
        if not typed:
            continue
        bare = _bare(typed)
        content = re.fullmatch(r"(?:tong diem )?noi dung\s*(\d+)", bare)
        if content:
            criteria.append(Criterion("content", int(content[1])))
        elif bare in _WORDS:
            criteria.append(Criterion(_WORDS[bare]))
        else:
            unknown.append(typed)
    return criteria, unknown


@dataclass(frozen=True)
class TieDecision:
    """The voters' decision on a tie, a row of the appraisal book: the school(s) chosen for
    ``award`` in ``bloc`` (the bloc where the places are: the quota is per bloc), or that the
    places not filled stay empty; the second vote's count and the reason."""

    bloc: str
    award: str
    schools: tuple[str, ...] = ()  # the codes chosen
    empty: bool = False  # "Để trống suất": the places not filled stay empty
    votes: int | None = None  # the second vote's count
    reason: str = ""
    cell: str = ""  # where the school chosen is typed
    row: int = 0
    #: the cells as typed, by column key (chosen, second, decision), to be written again
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def typed(self) -> bool:
        return any(self.raw.get(k) is not None for k in ("chosen", "second", "decision"))


#: How many distinct reasons of the voters' decisions a school left out is told in full; past
#: that (a reason typed per school chosen, in a tie of hundreds), the minutes hold them.
REASONS_TOLD = 3


def decision_reasons(decisions: Sequence[TieDecision], body: str) -> str:
    """The reasons of ``decisions`` as told to a school the voters did not choose: each distinct
    reason, or, when there are more than :data:`REASONS_TOLD`, where they are written (a
    school's reason is printed on its slip and in every list; it must not carry every other
    school's)."""
    reasons = list(dict.fromkeys(d.reason for d in decisions))
    if len(reasons) <= REASONS_TOLD:
        return "; ".join(reasons)
    return f"{len(reasons)} lý do, ghi ở biên bản họp {body}"


@dataclass(frozen=True)
class TieStep:
    """One criterion applied to the schools still tied: who it put in, who behind, and each
    school's value under it."""

    criterion: Criterion
    chosen: tuple[str, ...]
    behind: tuple[str, ...]
    values: Mapping[str, float]


@dataclass
class Tie:
    """A tie at the edge of an award's quota in a bloc, and how it was settled."""

    bloc: str
    award: str
    body: VotingBody
    rank: int | None
    total: float | None
    schools: tuple[str, ...]  # every school tied, in ranking order
    places: int  # the places left for them
    names: Mapping[str, str]  # code -> school name
    steps: list[TieStep] = field(default_factory=list)
    decisions: list[TieDecision] = field(default_factory=list)  # applied
    chosen: list[str] = field(default_factory=list)  # who got the places, in order
    decided: tuple[str, ...] = ()  # who the voters chose
    empty: int = 0  # places the voters left empty
    left: tuple[str, ...] = ()  # still tied after the criteria (what the voters decide on)
    open: bool = False  # undecided: the places stay with the schools still tied

    @property
    def places_after_criteria(self) -> int:
        return self.places - sum(len(step.chosen) for step in self.steps)


def break_tie(
    tied: Sequence[str],
    places: int,
    criteria: Sequence[Criterion],
    value: Callable[[str, Criterion], float],
) -> tuple[list[TieStep], list[str]]:
    """Apply ``criteria`` in order to the codes ``tied`` for ``places`` places: the steps taken
    and the codes still tied (for the places not filled by the steps). ``value``: a school's
    value under a criterion, more is better."""
    group, left, steps = list(tied), places, []
    for criterion in criteria:
        if left <= 0 or len(group) <= left:
            break
        values = {code: round(value(code, criterion), 6) for code in group}
        order = sorted(group, key=lambda c: -values[c])  # stable: ties keep the ranking order
        chosen: list[str] = []
        behind: list[str] = []
        still: list[str] = []
        for level in dict.fromkeys(values[c] for c in order):
            same = [c for c in order if values[c] == level]
            if len(same) <= left - len(chosen) and not still:
                chosen += same
            elif not still and left - len(chosen) > 0:
                still = same
            else:
                behind += same
        if chosen or behind:
            steps.append(TieStep(criterion, tuple(chosen), tuple(behind), values))
        group, left = still, left - len(chosen)
    return steps, group if left > 0 else []
