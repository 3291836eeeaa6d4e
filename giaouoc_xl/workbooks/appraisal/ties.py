"""The appraisal book's sheet of the voters' decisions on ties (*Quyết định bằng điểm*): every
decision staff typed, kept as typed, with the schools tied as the merge found them; and for
each tie still open a row the program writes, naming the schools tied and the places left,
for staff to fill in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...core.model import VotingBody, label
from ...core.numbers import vn
from ...core.results import MergeResult
from ...core.ties import EMPTY_PLACE, Tie

if TYPE_CHECKING:
    from .typed import Typed

__all__ = ["decisions_sheet", "pick", "tie_text", "ties_of"]


def pick(title: str, choices: list[str], strict: bool = False) -> dict[str, Any]:
    """A drop-down list; not ``strict``: what is typed otherwise is accepted (and said by the
    reader when it cannot be used)."""
    return {"validate": "list", "source": choices, "input_title": title,
            "error_type": "stop" if strict else "warning", "error_title": title,
            "error_message": "Giá trị không có trong danh sách."}  # fmt: skip


def ties_of(result: MergeResult) -> dict[tuple[str, str], Tie]:
    """Every tie of the merge by (bloc, award), in the order of the blocs and the ladder."""
    found: dict[tuple[str, str], Tie] = {}
    for row in result.schools:
        if row.proposal is not None:
            for tie in row.proposal.ties.values():
                found.setdefault((tie.bloc, tie.award), tie)
    blocs = [b.code for b in result.compact.blocs]
    ladder = [a.code for a in sorted(result.compact.awards, key=lambda a: a.order)]
    return dict(sorted(found.items(), key=lambda kv: (blocs.index(kv[0][0]),
                                                      ladder.index(kv[0][1]))))  # fmt: skip


def tie_text(tie: Tie) -> str:
    """The schools tied and the places, as the sheet shows them: "Hội đồng Thi đua – Khen
    thưởng quyết định: 01003 Trường MN A; 01007 Trường MN B bằng 95 điểm (hạng 4), 1 suất"."""
    who = label(tie.body) if tie.body is VotingBody.COUNCIL else "Khối"
    left = tie.left or tie.schools
    named = "; ".join(f"{code} {tie.names.get(code, '')}".strip() for code in left)
    places = tie.places_after_criteria
    text = f"{who} quyết định: {named} bằng {vn(tie.total)} điểm (hạng {tie.rank}), {places} suất"
    if tie.steps:
        text += "; sau tiêu chí của thang còn bằng nhau"
    if not tie.open:
        text += " — đã quyết định" if tie.decided or tie.empty else " — tiêu chí đã phân định"
    return text


def decisions_sheet(table: Any, result: MergeResult, typed: Typed) -> None:
    """The decisions typed (those whose bloc and award still exist: the others are kept on
    *Không còn khớp*), each with its tie as found; then a row for each tie still open that no
    decision names yet."""
    ties = ties_of(result)
    blocs = [b.code for b in result.compact.blocs]
    ladder = {a.code for a in result.compact.awards}
    named = set()
    for decision in typed.decisions:
        if decision.bloc not in blocs or decision.award not in ladder:
            continue
        key = (decision.bloc, decision.award)
        named.add(key)
        typed.returned += id(decision) in typed.back_rows
        tie = ties.get(key)
        tied = tie_text(tie) if tie else "Không còn trường nào bằng điểm ở ranh giới chỉ tiêu"
        table.add({"bloc": decision.bloc, "award": decision.award, "tied": tied,
                   **decision.raw})  # fmt: skip
    for key, tie in ties.items():
        if tie.open and key not in named:
            table.add({"bloc": tie.bloc, "award": tie.award, "tied": tie_text(tie)})
    awards = [a.code for a in sorted(result.compact.awards, key=lambda a: a.order)]
    table.free(
        {"bloc": pick("Mã khối", blocs), "award": pick("Mã mức khen", awards),
         "chosen": {"validate": "any", "input_title": "Trường được chọn",
                    "input_message": f"Mã trường (nhiều trường: cách nhau bằng ;), hoặc "
                                     f"{EMPTY_PLACE}"}},
    )  # fmt: skip
    table.close(protected=False)
