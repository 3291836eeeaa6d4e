"""What a school is proposed for and why not, as the documents print it, pure: the
:class:`Proposal` the ladder gives each school (:mod:`giaouoc_xl.core.awards`), the short kind
of each reason (a document's narrow column) and the summary the result table and the minutes
print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .codes import SchoolStatus
from .model import Award, Compact, fold
from .ties import Tie

__all__ = ["UNRANKED", "Proposal", "kind", "summary"]


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
UNRANKED = {
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
