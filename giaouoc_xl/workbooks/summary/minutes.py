"""The minutes of each meeting that votes on awards (Biên bản họp bình xét): each bloc's review
meeting, and the organizer's Hội đồng Thi đua – Khen thưởng when the ladder has an award it
votes on. A4 portrait in the form of Nghị định 30/2020/NĐ-CP, dated by the meeting (the
appraisal book), never by the day it is printed.

What a meeting's minutes say, from the appraisal book and the proposals: when and where it
met (blank lines when not typed), who chaired and who wrote them, its members by name and
position and those absent, the ballots issued, returned and valid; the votes per school and
award with their share, each tie at a quota's edge and how it was settled (a criterion of the
ladder, the voters' decision with its reason, a place left empty), why the leading school
received or did not receive the body's top award; the conclusion; the secretary's and the
chair's signatures, *Nơi nhận*. Each body's minutes speak of the awards it votes on.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from ...core.awards import Proposal
from ...core.awards import summary as proposal_summary
from ...core.codes import SchoolStatus
from ...core.meetings import BALLOT_WORDS, BALLOTS, COUNCIL, COUNCIL_NAME, BlocReview
from ...core.model import Award, Bloc, Compact, VotingBody, fold, label
from ...core.numbers import NumberKind, vn
from ...core.results import MergeResult, SchoolRow
from ...core.ties import Tie
from ..documents.blocks import Block, Document, Lines, Signatures, Signer, Spacer, Table
from ..documents.columns import center, count, points, text
from ..documents.form import date_text, heading, recipient_lines
from .result_table import ordered, ranks

MINUTES_COLUMNS = (
    count("number", "STT"),
    text("name", "Tên trường", max_width=120.0),
    points("total", "Tổng điểm"),
    count("rank", "Xếp thứ"),
    text("votes", "Phiếu đồng ý (tỷ lệ)", max_width=100.0),
    center("proposal", "Đề nghị", max_width=60.0),
    text("note", "Không đề nghị (lý do)", max_width=125.0, min_width=70.0),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
BLANK = "……"
#: The sheet of the council's minutes in the summary.
COUNCIL_SHEET = "BB Hội đồng TĐKT"


def minutes_document(result: MergeResult, bloc: Bloc, sheet: str, when: datetime) -> Document:
    """The minutes of ``bloc``'s review meeting (``when``: the run, never printed)."""
    return _Minutes(result, bloc.code, [bloc], sheet).document()


def council_minutes_document(
    result: MergeResult, sheet: str = COUNCIL_SHEET, when: datetime | None = None
) -> Document | None:
    """The minutes of the council's meeting, when the ladder has an award it votes on."""
    if not any(a.body is VotingBody.COUNCIL for a in result.compact.awards):
        return None
    return _Minutes(result, COUNCIL, list(result.compact.blocs), sheet).document()


def _only(proposal: Proposal | None, codes: set[str]) -> Proposal | None:
    """``proposal`` as it concerns the awards ``codes`` only."""
    if proposal is None:
        return None
    return replace(
        proposal,
        awards=[c for c in proposal.awards if c in codes],
        candidates=[c for c in proposal.candidates if c in codes],
        reasons={c: why for c, why in proposal.reasons.items() if c in codes},
    )


class _Minutes:
    """One meeting's minutes: the body (a bloc's code or COUNCIL), the blocs it speaks of."""

    def __init__(self, result: MergeResult, body: str, blocs: list[Bloc], sheet: str) -> None:
        self.result, self.body, self.blocs, self.sheet = result, body, blocs, sheet
        compact = result.compact
        appraisal = result.appraisal
        self.review: BlocReview | None = appraisal.reviews.get(body) if appraisal else None
        council = body == COUNCIL
        ladder = sorted(compact.awards, key=lambda a: a.order)
        own = [a for a in ladder if (a.body is VotingBody.COUNCIL) == council]
        self.awards = own or ladder  # no award of this body: it speaks of them all, as before
        self.codes = {a.code for a in self.awards}
        self.voting = compact.model_copy(update={"awards": tuple(self.awards)})
        self.word = "hội đồng" if council else "khối"

    @property
    def compact(self) -> Compact:
        return self.result.compact

    def document(self) -> Document:
        review = self.review
        blocks: list[Block] = [
            Lines(["BIÊN BẢN"], "title"),
            Lines([self.subtitle()], "subtitle"),
            Spacer(6),
            Lines(self.opening(), "text"),
            Lines(["I. THÀNH PHẦN"], "bold"),
            Lines(self.attendance(), "text"),
            Lines(["II. NỘI DUNG VÀ KẾT QUẢ BỎ PHIẾU"], "bold"),
            Lines(self.ballots(), "text"),
            Table(self.columns(), self.rows()),
            Lines([self.legend()], "italic"),
        ]
        ties = self.ties()
        if ties:
            blocks += [Lines(["III. CÁC TRƯỜNG BẰNG ĐIỂM Ở RANH GIỚI CHỈ TIÊU"], "bold")]
            blocks += [Lines(ties, "text")]
        blocks += [
            Lines([f"{ROMAN[2 + bool(ties)]}. KẾT LUẬN"], "bold"),
            Lines([*self.leaders(), *self.conclusion(), self.closing()], "text"),
            self.signatures(),
        ]
        on = review.day if review else None  # the meeting's date; blank when not typed
        return Document(self.sheet, heading(self.compact, None, "BB", on=on), blocks)

    def subtitle(self) -> str:
        compact, period = self.compact, label(self.result.period)
        if self.body == COUNCIL:
            return (f"Họp {COUNCIL_NAME} xét đề nghị khen thưởng năm học "
                    f"{compact.school_year} — {period}")  # fmt: skip
        return f"Họp bình xét thi đua {self.blocs[0].name} năm học {compact.school_year} — {period}"

    def opening(self) -> list[str]:
        """When and where (blank lines for the secretary when not typed)."""
        review = self.review
        start = review.start if review else None
        hour = (
            f"{start.hour:02d} giờ {start.minute:02d} phút"
            if start
            else f"{BLANK} giờ {BLANK} phút"
        )
        day = date_text(review.day if review else None)
        place = review.place if review and review.place else BLANK * 8
        return [f"Thời gian: bắt đầu lúc {hour}, {day}.", f"Địa điểm: {place}."]

    def attendance(self) -> list[str]:
        """Chair, secretary, the members present by name and position, those absent."""
        review = self.review
        chair = review.chair_name if review else ""
        secretary = review.secretary_name if review else ""
        lines = [f"Chủ trì: {self.described(chair)}.", f"Thư ký: {self.described(secretary)}."]
        whole = self.whole()
        present = review.members if review else None
        listed = review.present() if review else []
        counted = f"{present if present is not None else BLANK}" + (f"/{whole}" if whole else "")
        lines.append(
            f"Thành viên dự họp: {counted} "
            f"{'thành viên' if self.body == COUNCIL or listed else 'đơn vị trong khối'}"
            + (":" if listed else "; số phiếu đồng ý tính trên số thành viên dự họp.")
        )
        lines += [f"{n}. {m.described}" for n, m in enumerate(listed, start=1)]
        absent = review.absent() if review else []
        if absent:
            lines.append(
                f"Vắng mặt ({len(absent)}): "
                + "; ".join(m.described + (f" (lý do: {m.note})" if m.note else "") for m in absent)
                + "."
            )
        return lines

    def described(self, name: str) -> str:
        """A chair's or secretary's name with the position listed for them, or a blank."""
        if not name:
            return BLANK * 4
        member = next(
            (m for m in (self.review.people if self.review else ()) if m.name == name), None
        )
        return member.described if member else name

    def whole(self) -> int | None:
        """Everyone who could attend: the members listed, else the bloc's schools (the
        council's, unknown)."""
        review = self.review
        if review is not None and review.people:
            return len(review.people)
        return None if self.body == COUNCIL else len(self.result.members(self.blocs[0]))

    def ballots(self) -> list[str]:
        review = self.review
        said = "; ".join(
            f"số phiếu {BALLOT_WORDS[key]}: {value if value is not None else BLANK}"
            for key, value in (review.ballots() if review else dict.fromkeys(BALLOTS)).items()
        )
        lines = [
            f"Căn cứ kết quả chấm điểm thi đua sau thẩm định, {self.word} bình xét và bỏ phiếu "
            "đề nghị khen thưởng.",
            f"{said[0].upper()}{said[1:]}.",
        ]
        if not (review and review.met):
            lines.append(
                "(Chưa nhập số thành viên dự họp và phiếu bình xét: cột Đề nghị là dự kiến.)"
            )
        lines.append("Kết quả bỏ phiếu:")
        return lines

    def columns(self) -> tuple[Any, ...]:
        """The table's columns; the votes' header says what their share is of; no rank in a
        compact that only recognises."""
        columns = self.shares()
        return columns if ranks(self.compact) else tuple(c for c in columns if c.key != "rank")

    def shares(self) -> tuple[Any, ...]:
        members = self.review.members if self.review else None
        if not members:
            return MINUTES_COLUMNS
        header = f"Phiếu đồng ý trên {members} thành viên dự họp (tỷ lệ)"
        votes = replace(MINUTES_COLUMNS[4], header=header)
        return (*MINUTES_COLUMNS[:4], votes, *MINUTES_COLUMNS[5:])

    def rows(self) -> list[dict[str, Any]]:
        """The schools the meeting voted on: a bloc's every school by rank; the council's, the
        schools put to its vote, bloc by bloc."""
        rows: list[dict[str, Any]] = []
        number = 0
        for bloc in self.blocs:
            members = ordered(self.result.members(bloc))
            if self.body == COUNCIL:
                members = [r for r in members if self.considered(r)]
                if not members:
                    continue
                rows.append({"name": bloc.name, "_bold": True})
            for row in members:
                number += 1
                rows.append(self.row(number, row))
        return rows

    def considered(self, row: SchoolRow) -> bool:
        proposal = row.proposal
        return proposal is not None and bool(
            self.codes
            & {*proposal.eligible, *proposal.votes, *proposal.awards, *proposal.candidates}
        )

    def row(self, number: int, row: SchoolRow) -> dict[str, Any]:
        proposed, why = proposal_summary(self.voting, _only(row.proposal, self.codes), short=True)
        counted = row.status is SchoolStatus.VALID and row.summary is not None
        return {"number": number, "name": row.school.name, "total": row.total if counted else None,
                "rank": row.rank, "votes": self.votes(row), "proposal": proposed,
                "note": why}  # fmt: skip

    def votes(self, row: SchoolRow) -> str:
        """ "CO 19 (100 %)" for each award of this body the school had votes for (the share of
        the members present, whom the column's header names)."""
        proposal = row.proposal
        if proposal is None:
            return ""
        said = []
        for award in self.awards:
            votes = proposal.votes.get(award.code)
            if votes is None:
                continue
            voters = proposal.voters.get(award.code)
            share = f" ({vn(100 * votes / voters, NumberKind.PERCENT)} %)" if voters else ""
            said.append(f"{award.code} {votes}{share}")
        return "; ".join(said)

    def legend(self) -> str:
        said = "; ".join(f"{a.code} = {a.name} (cần {a.votes_text()} phiếu)" for a in self.awards)
        others = [a.code for a in self.compact.awards if a.code not in self.codes]
        if others and self.body != COUNCIL:
            said += f". Các mức {', '.join(others)} do {COUNCIL_NAME} bình xét (biên bản riêng)"
        return f"Đề nghị: {said}."

    def ties(self) -> list[str]:
        """Each tie at a quota's edge among this body's awards, and how it was settled."""
        found: dict[int, Tie] = {}
        for bloc in self.blocs:
            for row in self.result.members(bloc):
                for code, tie in row.proposal.ties.items() if row.proposal else ():
                    if code in self.codes:
                        found.setdefault(id(tie), tie)
        return [line for tie in found.values() for line in self.tie(tie)]

    def tie(self, tie: Tie) -> list[str]:
        award = next(a for a in self.awards if a.code == tie.award)
        names = tie.names
        where = f" ({self.bloc_name(tie.bloc)})" if self.body == COUNCIL else ""
        lines = [
            f"- {award.name}{where}: {', '.join(names[c] for c in tie.schools)} bằng "
            f"{vn(tie.total)} điểm (hạng {tie.rank}), tranh {tie.places} suất."
        ]
        for step in tie.steps:
            show = step.criterion.show
            chosen = ", ".join(f"{names[c]} ({show(step.values[c])})" for c in step.chosen)
            behind = ", ".join(f"{names[c]} ({show(step.values[c])})" for c in step.behind)
            parts = [f"chọn {chosen}" if chosen else "", f"xếp sau {behind}" if behind else ""]
            said = "; ".join(p for p in parts if p)
            lines.append(f"  Theo tiêu chí '{step.criterion.words}': {said}.")
        lines += self.decided(award, tie)
        return lines

    def decided(self, award: Award, tie: Tie) -> list[str]:
        """What the voters decided on the schools the criteria left tied."""
        if not tie.left:
            return []
        names = tie.names
        left = ", ".join(names[c] for c in tie.left)
        criteria = "Các tiêu chí khi bằng điểm không phân định được" if award.tie_breaks else (
            "Thang khen thưởng không có tiêu chí khi bằng điểm"
        )  # fmt: skip
        lines = [f"  {criteria}: {left} tranh {tie.places_after_criteria} suất."]
        if tie.open:
            lines.append(f"  CHƯA QUYẾT ĐỊNH: {self.word} cần quyết định và ghi ở sổ thẩm định; "
                         "biên bản còn là dự thảo.")  # fmt: skip
            return lines
        why = "; ".join(dict.fromkeys(d.reason for d in tie.decisions))
        members = self.review.members if self.review else None
        second = [d.votes for d in tie.decisions if d.votes is not None]
        count = (
            f" (bỏ phiếu lần hai: {second[0]}{f'/{members}' if members else ''} phiếu)"
            if second
            else ""
        )
        if tie.decided:
            chosen = ", ".join(names.get(c, c) for c in tie.decided)
            lines.append(f"  {self.word.capitalize()} quyết định chọn {chosen}{count}: {why}.")
        if tie.empty:
            lines.append(f"  {self.word.capitalize()} quyết định để trống {tie.empty} suất: {why}.")
        return lines

    def bloc_name(self, code: str) -> str:
        return next((b.name for b in self.compact.blocs if b.code == code), code)

    def leaders(self) -> list[str]:
        """Why each bloc's leading school received or did not receive this body's top award."""
        top = self.awards[0]
        lines = []
        for bloc in self.blocs:
            # schools that share the lead and got the same are named together: a bloc where
            # hundreds tie at the top gets a line per outcome, not a paragraph per school
            outcomes: dict[str, list[SchoolRow]] = {}
            for row in self.result.members(bloc):
                if row.rank == 1:
                    outcomes.setdefault(self.got(row, top), []).append(row)
            for got, rows in outcomes.items():
                names = ", ".join(row.school.name for row in rows)
                who = f"{len(rows)} trường cùng dẫn đầu" if len(rows) > 1 else "Trường dẫn đầu"
                lines.append(f"{who} {bloc.name}: {names} ({vn(rows[0].total)} điểm): {got}.")
        return lines

    def got(self, row: SchoolRow, award: Award) -> str:
        proposal = row.proposal
        if proposal is None:
            return f"không được đề nghị {award.name}"
        if award.code in proposal.awards:
            votes, voters = proposal.votes.get(award.code), proposal.voters.get(award.code)
            if votes is None or not voters:
                return f"được đề nghị {award.name}"
            share = vn(100 * votes / voters, NumberKind.PERCENT)
            return f"được đề nghị {award.name} ({votes}/{voters} phiếu, {share} %)"
        if award.code in proposal.candidates:
            return f"dự kiến đề nghị {award.name} (chờ bình xét)"
        held = [
            a for a in self.compact.awards
            if a.code in proposal.awards and fold(a.group) == fold(award.group)
        ]  # fmt: skip
        why = proposal.reasons.get(award.code)
        if why is None and held:
            why = f"đã được đề nghị {held[0].name}"
        return f"không được đề nghị {award.name}: {why or 'không đủ điều kiện'}"

    def conclusion(self) -> list[str]:
        """Who is proposed for each of this body's awards (candidates before the vote)."""
        lines = [f"{self.word.capitalize()} thống nhất đề nghị khen thưởng:"]
        for award in self.awards:
            chosen = [
                row.school.name
                for bloc in self.blocs
                for row in ordered(self.result.members(bloc))
                if row.proposal is not None
                and award.code in (*row.proposal.awards, *row.proposal.candidates)
            ]
            said = (
                f"{len(chosen)} trường — {', '.join(chosen)}" if chosen else "không có trường nào"
            )
            lines.append(f"- {award.name}: {said}.")
        return lines

    def closing(self) -> str:
        return (f"Cuộc họp kết thúc lúc {BLANK} giờ {BLANK} cùng ngày; biên bản đã được đọc lại "
                "và các thành viên dự họp thông qua.")  # fmt: skip

    def signatures(self) -> Signatures:
        """The secretary at left, the chair at right; *Nơi nhận* as the compact book has it."""
        review = self.review
        return Signatures(
            right=Signer("CHỦ TRÌ", review.chair_name if review else "", "(Ký, ghi rõ họ tên)"),
            left=Signer("THƯ KÝ", review.secretary_name if review else "", "(Ký, ghi rõ họ tên)"),
            recipients=recipient_lines(self.compact),
        )
