"""Reading the meetings back from the appraisal book: each body's row of the sheet *Khối* (date,
time, place, ballots, chair, secretary, members present), its members (*Thành viên họp*) and
its decisions on ties (*Quyết định bằng điểm*). What cannot be read is an error by its cell and
is not used; what does not agree (more ballots returned than issued, a count of members present
other than the list's) is a warning by its cell.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ...core.appraisal import Appraisal
from ...core.codes import Severity
from ...core.findings import Finding
from ...core.meetings import BALLOT_WORDS, BALLOTS, COUNCIL, BlocReview, Member
from ...core.model import Compact, VotingBody, parse_yes_no
from ...core.ties import TieDecision, is_empty_place
from .cells import Grid, Row, clock, day, invalid, rows, shown, typed_rows, whole
from .layout import DECISIONS_SHEET, MEMBERS_SHEET, REVIEW_SHEET

__all__ = ["read_decisions", "read_meetings", "read_members"]


def _disagree(appraisal: Appraisal, sheet: str, cell: str, value: Any, message: str) -> None:
    """What staff typed about a meeting that does not agree: a warning by its cell."""
    appraisal.findings.append(
        Finding("meeting-inconsistent", Severity.WARNING, message, appraisal.name, "", sheet,
                cell, value=value)
    )  # fmt: skip


def _line(row: Row) -> str:
    return f"dòng {row.r + 1}"


def read_meetings(grid: Grid, appraisal: Appraisal) -> None:
    """Each body's meeting, a row of the sheet Khối."""
    for row in rows(grid, REVIEW_SHEET):
        code, where = row.text("bloc"), f"Sổ thẩm định, sheet {REVIEW_SHEET}, {_line(row)}"
        raw_members, cell = row.value("members"), row.cell("members")
        members = whole(raw_members)
        if raw_members is not None and not members:
            message = (
                f"{where}: số thành viên dự họp '{shown(raw_members)}' không phải số nguyên dương"
            )
            invalid(appraisal, REVIEW_SHEET, cell, raw_members, message)
        raw = {key: row.value(key) for key in ("day", "start", *BALLOTS)}
        on, start = _when(appraisal, row, raw, where)
        ballots = {key: _ballot(appraisal, row, raw[key], key, where) for key in BALLOTS}
        _ballots_agree(appraisal, row, ballots, where)
        appraisal.reviews[code] = BlocReview(
            code, members or None, row.text("chair"), row.text("secretary"), cell, raw_members,
            on, start, row.text("place"), ballots["issued"], ballots["returned"],
            ballots["valid"], raw, {key: row.cell(key) for key in ("members", *raw)},
        )  # fmt: skip


def _when(appraisal: Appraisal, row: Row, raw: dict[str, Any], where: str) -> tuple[Any, Any]:
    """The meeting's date and time, each an error by its cell when it cannot be read."""
    on = day(raw["day"]) if raw["day"] is not None else None
    if raw["day"] is not None and on is None:
        message = (f"{where}: ngày họp '{shown(raw['day'])}' không đọc được; ghi ngày/tháng/năm, "
                   "ví dụ 12/06/2021")  # fmt: skip
        invalid(appraisal, REVIEW_SHEET, row.cell("day"), raw["day"], message)
    start = clock(raw["start"]) if raw["start"] is not None else None
    if raw["start"] is not None and start is None:
        message = (f"{where}: giờ bắt đầu '{shown(raw['start'])}' không đọc được; ghi giờ:phút, "
                   "ví dụ 14:00")  # fmt: skip
        invalid(appraisal, REVIEW_SHEET, row.cell("start"), raw["start"], message)
    return on, start


def _ballot(appraisal: Appraisal, row: Row, value: Any, key: str, where: str) -> int | None:
    count = whole(value)
    if value is not None and count is None:
        message = (f"{where}: số phiếu {BALLOT_WORDS[key]} '{shown(value)}' không phải số nguyên "
                   "không âm")  # fmt: skip
        invalid(appraisal, REVIEW_SHEET, row.cell(key), value, message)
    return count


def _ballots_agree(
    appraisal: Appraisal, row: Row, ballots: dict[str, int | None], where: str
) -> None:
    """No more ballots returned than issued, no more valid than returned."""
    for more, than in (("returned", "issued"), ("valid", "returned")):
        many, few = ballots[more], ballots[than]
        if many is not None and few is not None and many > few:
            message = (f"{where}: số phiếu {BALLOT_WORDS[more]} ({many}) nhiều hơn số phiếu "
                       f"{BALLOT_WORDS[than]} ({few})")  # fmt: skip
            _disagree(appraisal, REVIEW_SHEET, row.cell(more), many, message)


def read_members(grid: Grid, compact: Compact, appraisal: Appraisal) -> None:
    """The members of each body at its meeting (the number present that counts is the one
    typed on the sheet Khối)."""
    bodies = {b.code for b in compact.blocs} | {COUNCIL}
    listed: dict[str, list[Member]] = {}
    for row in typed_rows(grid, MEMBERS_SHEET):
        where = f"Sổ thẩm định, sheet {MEMBERS_SHEET}, {_line(row)}"
        raw_present, present = row.value("present"), None
        if raw_present is not None:
            try:
                present = parse_yes_no(raw_present)
            except ValueError:
                message = f"{where}: có mặt '{shown(raw_present)}' không hợp lệ; ghi Có hoặc Không"
                invalid(appraisal, MEMBERS_SHEET, row.cell("present"), raw_present, message)
        member = Member(
            row.text("bloc"), row.text("person"), row.text("position"), row.text("role"),
            present, row.text("absence"), row.r + 1, raw_present,
        )  # fmt: skip
        appraisal.people.append(member)
        if member.body not in bodies:
            known = ", ".join(sorted(bodies))
            message = (f"{where}: mã khối '{member.body}' không có (các mã: {known}); thành viên "
                       "này không được tính")  # fmt: skip
            _disagree(appraisal, MEMBERS_SHEET, row.cell("bloc"), member.body or None, message)
        elif not member.name:
            message = f"{where}: chưa ghi họ và tên; dòng này không được tính"
            _disagree(appraisal, MEMBERS_SHEET, row.cell("person"), None, message)
        else:
            listed.setdefault(member.body, []).append(member)
    for body, people in listed.items():
        appraisal.reviews[body] = _with_people(appraisal, body, people)
    for review in appraisal.reviews.values():
        issued, members = review.issued, review.members
        if issued is not None and members is not None and issued != members:
            message = (f"Sổ thẩm định, sheet {REVIEW_SHEET}, {review.bloc}: số phiếu phát ra "
                       f"({issued}) khác số thành viên dự họp ({members})")  # fmt: skip
            _disagree(appraisal, REVIEW_SHEET, review.cells.get("issued", ""), issued, message)


def _with_people(appraisal: Appraisal, body: str, people: list[Member]) -> BlocReview:
    """``body``'s meeting with its members. The members present that count (the vote's base,
    and whether the body has met) are the number typed on the sheet Khối: a list that says
    otherwise, or a list without that number, is said."""
    review = appraisal.reviews.get(body) or BlocReview(body)
    present = sum(1 for m in people if m.present)
    where = f"Sổ thẩm định, sheet {REVIEW_SHEET}, {body}"
    if review.members is not None and present and present != review.members:
        message = (f"{where}: số thành viên dự họp ({review.members}) khác số người có mặt ở "
                   f"sheet {MEMBERS_SHEET} ({present})")  # fmt: skip
        _disagree(appraisal, REVIEW_SHEET, review.cell, review.members, message)
    elif review.raw_members is None and present:
        message = (f"{where}: chưa nhập số thành viên dự họp (sheet {MEMBERS_SHEET} có {present} "
                   "người có mặt); cuộc họp chưa được tính là đã bỏ phiếu")  # fmt: skip
        _disagree(appraisal, REVIEW_SHEET, review.cell, None, message)
    return replace(review, people=tuple(people))


def read_decisions(grid: Grid, compact: Compact, appraisal: Appraisal) -> None:
    """The voters' decisions on ties, each given to the meeting of the body that votes on its
    award (a decision on an award or bloc that does not exist is said by the merge)."""
    awards = {a.code: a for a in compact.awards}
    for row in typed_rows(grid, DECISIONS_SHEET):
        raw = {key: row.value(key) for key in ("chosen", "second", "decision")}
        if all(value is None for value in raw.values()):
            continue  # a tie the program wrote, not decided yet
        bloc, code, chosen = row.text("bloc"), row.text("award"), row.text("chosen")
        award = awards.get(code)
        body = COUNCIL if award is not None and award.body is VotingBody.COUNCIL else bloc
        review = appraisal.reviews.get(body) or BlocReview(body)
        empty = is_empty_place(chosen)
        schools = () if empty else tuple(c for c in re.split(r"[;,\s]+", chosen) if c)
        second = _second(appraisal, row, raw["second"], review.members)
        decision = TieDecision(bloc, code, schools, empty, second, row.text("decision"),
                               row.cell("chosen"), row.r + 1, raw)  # fmt: skip
        appraisal.decisions.append(decision)
        appraisal.reviews[body] = replace(review, decisions=(*review.decisions, decision))


def _second(appraisal: Appraisal, row: Row, value: Any, members: int | None) -> int | None:
    """The second vote's count: a whole number, no more than the members present."""
    count = whole(value)
    where = f"Sổ thẩm định, sheet {DECISIONS_SHEET}, {_line(row)}"
    if value is not None and count is None:
        why = f"số phiếu lần hai '{shown(value)}' không phải số nguyên không âm"
    elif count is not None and members is not None and count > members:
        why = f"số phiếu lần hai ({count}) nhiều hơn số thành viên dự họp ({members})"
    else:
        return count
    invalid(appraisal, DECISIONS_SHEET, row.cell("second"), value, f"{where}: {why}")
    return None
