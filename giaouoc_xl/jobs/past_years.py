"""A plausible history of the school years before a merge's (the demo's, the tests'): what an
office that starts using the program types for the years before it, as the history book holds
it. Simulated, and said so in each row's note.

Each school's total of a year before is this year's moved by a few points (fixed per school
and year: the same history every time), its tier from the compact's cut-offs, its rank in its
bloc from those totals; a school with the top tier this year kept it the year before (so that a
condition "two years in a row" changes nothing by itself); the collective titles as the
district decided them (Tập thể lao động xuất sắc for the best third of a bloc with the top
tier, Tập thể lao động tiên tiến for the others at the second tier or above); one veto outcome
the year before last. :func:`simulate_history` can lower one school's tier last year (the
school a condition over years then stops).
"""

from __future__ import annotations

import os
import zlib
from datetime import datetime
from pathlib import Path

from ..core.codes import SchoolStatus
from ..core.history import AWARD_DECIDED, History, Record, year_start, year_text
from ..core.model import Bloc, Compact, Tier
from ..core.results import MergeResult
from ..core.scoring import rank
from ..workbooks.history.writer import write_history_book

__all__ = ["NOTE", "simulate_history"]

#: What each simulated row says of itself.
NOTE = "Dữ liệu mô phỏng (bản chạy thử), nhập như đơn vị nhập các năm trước khi dùng chương trình"


def _shift(code: str, year: int) -> float:
    """A move of -4 to +3.5 points, fixed per school and year."""
    return (zlib.crc32(f"{code}/{year}".encode()) % 16) / 2 - 4


def _tier(compact: Compact, total: float) -> str:
    for tier in sorted(compact.tiers, key=lambda t: -t.min_points):
        if total + 1e-9 >= tier.min_points:
            return tier.name
    return compact.tiers[-1].name if compact.tiers else ""


def simulate_history(
    result: MergeResult,
    path: str | os.PathLike[str],
    *,
    years: int = 2,
    lowered: str = "",
    when: datetime | None = None,
) -> Path:
    """Write the history book ``path`` with ``years`` school years before ``result``'s, typed
    (as staff type the years before the program). ``lowered``: the code of a school whose
    tier last year is one step below the top tier (its total under the top tier's cut-off)."""
    compact = result.compact
    start = year_start(compact.school_year)
    assert start is not None, compact.school_year
    tiers = sorted(compact.tiers, key=lambda t: -t.min_points)
    top = tiers[0] if tiers else None
    second = tiers[1] if len(tiers) > 1 else None
    now = {
        row.school.code: (row.total if row.status is not SchoolStatus.MISSING else None)
        for row in result.schools
    }
    tiers_now = {
        row.school.code: (row.summary.tier if row.summary is not None else "")
        for row in result.schools
    }
    records: list[Record] = []
    totals = {code: (total if total is not None else 80.0) for code, total in now.items()}
    for back in range(1, years + 1):
        year = start - back
        _move_back(totals, year, back, top, second, tiers_now, lowered)
        for bloc in compact.blocs:
            records += _bloc_year(compact, bloc, totals, year, back, top, second)
    history = History(records, name=Path(path).name, organizer=compact.organizer.name)
    return Path(write_history_book(history, path, when))


def _move_back(
    totals: dict[str, float],
    year: int,
    back: int,
    top: Tier | None,
    second: Tier | None,
    tiers_now: dict[str, str],
    lowered: str,
) -> None:
    """Each school's total ``back`` years before, from the year after's (in place): a school
    at the top tier now stays there, ``lowered`` is one step below it last year."""
    for code in totals:
        moved = min(100.0, max(50.0, totals[code] - _shift(code, year)))
        if top is not None and tiers_now.get(code) == top.name:
            moved = max(moved, top.min_points + 1.0)
        if back == 1 and code == lowered and second is not None and top is not None:
            moved = min(moved, top.min_points - 1.5)
        totals[code] = round(moved * 4) / 4  # to a quarter point, as offices score


def _bloc_year(
    compact: Compact,
    bloc: Bloc,
    totals: dict[str, float],
    year: int,
    back: int,
    top: Tier | None,
    second: Tier | None,
) -> list[Record]:
    """The records of a bloc's schools in ``year``: tier, rank, the awards received (the best
    30 % at the top tier the higher one), one veto outcome the year before last."""
    records: list[Record] = []
    members = [s.code for s in compact.schools if s.bloc == bloc.code]
    ranks = rank({code: totals[code] for code in members})
    excellent = sorted(
        (c for c in members if top is not None and _tier(compact, totals[c]) == top.name),
        key=lambda c: ranks[c] or 0,
    )
    best = set(excellent[: int(len(members) * 0.3)])
    for code in members:
        school = compact.school(code)
        tier = _tier(compact, totals[code])
        good = second is not None and totals[code] + 1e-9 >= second.min_points
        awards = ("TTLĐXS",) if code in best else ("TTLĐTT",) if good else ()
        veto = ""
        if back == 2 and code == members[-1]:  # one veto outcome, the year before last
            veto = "Không đạt chỉ tiêu phủ quyết CT02.1: hạ một bậc xếp loại"
        records.append(
            Record(
                code=code,
                year=year_text(year),
                name=school.name if school else code,
                bloc=bloc.code,
                total=totals[code],
                tier=tier,
                rank=ranks[code],
                bloc_size=len(members),
                veto=veto,
                awards=awards,
                award_state=AWARD_DECIDED if awards else "",
                note=NOTE,
            )
        )
    return records
