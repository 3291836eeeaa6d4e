"""The meetings that vote on awards (pure): each bloc's review meeting and the organizer's Hội
đồng Thi đua – Khen thưởng, as the appraisal book holds them.

Who votes on an award is the ladder's *Cơ quan bình xét* (:class:`~giaouoc_xl.core.model.
VotingBody`): the bloc's own meeting (one per bloc) or the council (one meeting for the
organizer, its row in the book under :data:`COUNCIL`). A meeting has its date, time and place,
who chaired it and who wrote the minutes, its members by name and position (present or
absent), the ballots issued, returned and valid, and its decisions on the ties the ladder's
criteria left (:class:`~giaouoc_xl.core.ties.TieDecision`). The count of members present, as
typed on the meeting's row, is what the vote share is taken on and says the body has met; the
list of members is what the minutes print (a list that disagrees is a warning).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Any

from .choices import VotingBody, fold, label

if TYPE_CHECKING:
    from .ties import TieDecision

#: The council's code in the appraisal book: its row of the sheet of meetings, its members and
#: its decisions (a bloc's code is the bloc's own).
COUNCIL = "HĐ-TĐKT"
COUNCIL_NAME = label(VotingBody.COUNCIL)
#: The appraisal book's sheets of the meetings, as findings name them: each body's meeting
#: (one row a body), its members, its decisions on ties.
REVIEW_SHEET, MEMBERS_SHEET, DECISIONS_SHEET = "Khối", "Thành viên họp", "Quyết định bằng điểm"
#: A member's role at the meeting, as the book's drop-down list offers it.
CHAIR, SECRETARY, MEMBER = "Chủ trì", "Thư ký", "Thành viên"
ROLES = (CHAIR, SECRETARY, MEMBER)
#: The ballots of a meeting, in the order the minutes give them.
BALLOTS = ("issued", "returned", "valid")
BALLOT_WORDS = {"issued": "phát ra", "returned": "thu về", "valid": "hợp lệ"}


@dataclass(frozen=True)
class Member:
    """A member of a voting body at one meeting: name, position, role, present or not."""

    body: str  # a bloc's code or COUNCIL
    name: str
    position: str = ""  # "Hiệu trưởng Trường Mầm non Thanh Vân"
    role: str = ""  # Chủ trì, Thư ký, Thành viên (as typed)
    present: bool | None = None  # None: not said
    note: str = ""  # why absent
    row: int = 0
    raw_present: Any = None  # as typed (kept when it is not Có/Không)

    @property
    def typed(self) -> bool:
        return bool(self.name or self.position or self.role or self.note) or (
            self.raw_present is not None
        )

    @property
    def described(self) -> str:
        """ "Nguyễn Văn An, Hiệu trưởng Trường Mầm non Thanh Vân"."""
        return f"{self.name}, {self.position}" if self.position else self.name

    def is_role(self, role: str) -> bool:
        return fold(self.role) == fold(role)


@dataclass(frozen=True)
class BlocReview:
    """A meeting of a voting body (a bloc's review, or the council's) as the appraisal book
    holds it. ``members``: the members present (who vote), as typed."""

    bloc: str  # the bloc's code, or COUNCIL
    members: int | None = None
    chair: str = ""
    secretary: str = ""
    cell: str = ""  # where the members present are typed
    raw_members: Any = None  # as typed (kept when it is not a count)
    day: date | None = None
    start: time | None = None
    place: str = ""
    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
    #: what was typed in the other cells of the meeting's row (date, time, ballots), by column
    #: key, to be written again as it was typed
    raw: Mapping[str, Any] = field(default_factory=dict)
    cells: Mapping[str, str] = field(default_factory=dict)  # column key -> cell ("H5")
    people: tuple[Member, ...] = ()
    decisions: tuple[TieDecision, ...] = ()

    @property
    def typed(self) -> bool:
        """Whether staff typed anything in this meeting's row."""
        return (
            self.raw_members is not None
            or bool(self.chair or self.secretary or self.place)
            or any(v is not None for v in self.raw.values())
        )

    @property
    def met(self) -> bool:
        """The meeting took place: the members present are typed."""
        return self.members is not None

    @property
    def council(self) -> bool:
        return self.bloc == COUNCIL

    def present(self) -> list[Member]:
        return [m for m in self.people if m.present]

    def absent(self) -> list[Member]:
        return [m for m in self.people if m.present is False]

    def role(self, role: str) -> Member | None:
        """The member listed with ``role`` (Chủ trì, Thư ký), if any."""
        return next((m for m in self.people if m.is_role(role)), None)

    @property
    def chair_name(self) -> str:
        """The chair as typed on the meeting's row, else the member listed as Chủ trì."""
        found = self.role(CHAIR)
        return self.chair or (found.name if found else "")

    @property
    def secretary_name(self) -> str:
        found = self.role(SECRETARY)
        return self.secretary or (found.name if found else "")

    def ballots(self) -> Mapping[str, int | None]:
        return {"issued": self.issued, "returned": self.returned, "valid": self.valid}


def body_name(code: str, blocs: Mapping[str, str]) -> str:
    """A body's name: the council's, or the bloc's (``blocs``: code -> name)."""
    return COUNCIL_NAME if code == COUNCIL else blocs.get(code, code)
