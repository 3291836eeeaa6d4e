"""Conditions over years, pure: the consecutive school years up to a year for which a test
of one record holds (:func:`streak`, :class:`Streak`), the tests (a tier, an award, no veto)
and the counts conditions ask for (:func:`years_at_tier`, :func:`years_with_award`,
:func:`years_without_veto`); a year with no record, or whose record cannot answer, is never a
silent pass or fail (docs in :mod:`giaouoc_xl.core.history`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .history_records import Record, Rename, start_of, year_text
from .model import fold

if TYPE_CHECKING:
    from .history import History

__all__ = [
    "Streak",
    "Test",
    "streak",
    "tier_at_least",
    "with_award",
    "without_veto",
    "years_at_tier",
    "years_with_award",
    "years_without_veto",
]

#: A test of one record: True, False, or None (the record cannot say), with why in words.
Test = Callable[[Record], tuple[bool | None, str]]


@dataclass(frozen=True)
class Streak:
    """Consecutive school years up to ``upto`` for which a test holds.

    ``years``: how many, counted back from ``upto`` until the first year that does not hold or
    cannot say; ``held``: those years, newest first. With ``needed`` (the years a condition
    asks for), every year of the window is looked at: ``met`` is False when one of them does
    not hold, else None when one is missing or cannot say, else True. Without it, ``met`` is
    None and the count stops at the first year that does not hold (``failed``) or is missing.
    ``missing``: the years (in the window, or the one that stopped the count) with no record or
    whose record cannot say, each with its reason in ``reasons``."""

    upto: str
    years: int
    held: tuple[str, ...]
    missing: tuple[str, ...]
    failed: str | None
    needed: int | None
    met: bool | None
    reasons: Mapping[str, str]

    @property
    def reason(self) -> str:
        """Why the condition is not met, or cannot be decided, in words ('' when met)."""
        if self.met is True:
            return ""
        if self.failed is not None and (self.met is False or self.needed is None):
            return self.reasons.get(self.failed, f"năm {self.failed} không đạt")
        return "; ".join(self.reasons[year] for year in self.missing)


def streak(
    history: History,
    code: str,
    upto: str | int,
    test: Test,
    needed: int | None = None,
    as_of: str | int | None = None,
) -> Streak:
    """The consecutive years up to ``upto`` (included) for which ``test`` holds for the school
    coded ``code`` (as of ``as_of``; by default the year after ``upto``, the year being
    decided). A year with several records (a merged school) holds when each does."""
    last = start_of(upto)
    as_of = last + 1 if as_of is None else start_of(as_of)
    held: list[str] = []
    missing: list[str] = []
    reasons: dict[str, str] = {}
    failed: str | None = None
    counting = True
    start = last
    while True:
        if needed is not None and start <= last - needed:
            break
        year = year_text(start)
        verdict, why = _verdict(*history.year_of(code, start, as_of), test, year)
        if verdict is True:
            if counting:
                held.append(year)
        else:
            counting = False
            reasons[year] = why
            if verdict is False:
                failed = failed or year
            else:
                missing.append(year)
            if needed is None:  # a year with no record always comes: the count ends
                break
        start -= 1
    met: bool | None = None
    if needed is not None:
        met = False if failed is not None else None if missing else len(held) >= needed
    return Streak(year_text(last), len(held), tuple(held), tuple(missing), failed, needed, met,
                  reasons)  # fmt: skip


def _verdict(
    records: Sequence[Record], absent: Sequence[Rename], test: Test, year: str
) -> tuple[bool | None, str]:
    """A year's verdict: False when a record does not hold, else None when a school merged in
    has no record or a record cannot say, else True."""
    if not records:
        return None, f"chưa có dữ liệu năm {year}"
    verdicts = [test(record) for record in records]
    merged = len({r.code for r in records}) > 1 or bool(absent)
    for verdict, why in verdicts:
        if verdict is False:
            return False, _of(why, records, verdicts, merged, year, False)
    if absent:
        names = ", ".join(r.old_name or r.old for r in absent)
        return None, f"chưa có dữ liệu năm {year} (trường {names}, sáp nhập)"
    for verdict, why in verdicts:
        if verdict is None:
            return None, _of(why, records, verdicts, merged, year, None)
    return True, ""


def _of(
    why: str,
    records: Sequence[Record],
    verdicts: list[tuple[bool | None, str]],
    merged: bool,
    year: str,
    wanted: bool | None,
) -> str:
    """``why`` of the year, naming the merged school it is about."""
    if not merged:
        return why
    record = next(r for r, (v, _) in zip(records, verdicts, strict=True) if v is wanted)
    return f"{why} (trường {record.name or record.code}, sáp nhập)"


def tier_at_least(minimum: str, ladder: Sequence[str | Iterable[str]]) -> Test:
    """A record whose tier is ``minimum`` or better on ``ladder`` (best first; a step may be
    several names, as tiers are named differently from year to year). A tier not on the
    ladder cannot say; no tier in a row the program wrote (not submitted, not ranked) is not
    at the tier; no tier in a row staff typed cannot say."""
    steps = [{fold(step)} if isinstance(step, str) else {fold(s) for s in step} for step in ladder]
    level = {name: index for index, names in enumerate(steps) for name in names}
    if fold(minimum) not in level:
        raise ValueError(f"xếp loại '{minimum}' không có trong thang xếp loại")
    bar = level[fold(minimum)]

    def test(record: Record) -> tuple[bool | None, str]:
        year = record.year
        if not record.tier:
            if record.status or "tier" in record.raw:
                status = record.status.lower() or "chưa xếp loại"
                return False, f"năm {year} không được xếp loại ({status})"
            return None, f"chưa có dữ liệu năm {year} (chưa nhập xếp loại)"
        step = level.get(fold(record.tier))
        if step is None:
            return None, f"năm {year}: xếp loại '{record.tier}' không có trong thang xếp loại"
        if step <= bar:
            return True, ""
        return False, f"năm {year} xếp loại {record.tier} (cần {minimum} trở lên)"

    return test


def with_award(*names: str) -> Test:
    """A record whose titles and awards received include one of ``names`` (an award's code
    and its name, matched whatever their case or spacing). Proposals still awaiting their
    decision cannot say."""
    wanted = {fold(n) for n in names if n}
    shown = names[0] if names else ""

    def test(record: Record) -> tuple[bool | None, str]:
        if record.pending:
            return None, f"chưa có quyết định khen thưởng năm {record.year}"
        if any(fold(award) in wanted for award in record.awards):
            return True, ""
        return False, f"năm {record.year} không nhận {shown}"

    return test


def without_veto() -> Test:
    """A record with no veto outcome (a blank veto column is none)."""

    def test(record: Record) -> tuple[bool | None, str]:
        if record.veto or "veto" in record.raw:
            return False, f"năm {record.year}: {record.veto or record.raw.get('veto')}"
        return True, ""

    return test


def years_at_tier(
    history: History,
    code: str,
    upto: str | int,
    minimum: str,
    ladder: Sequence[str | Iterable[str]],
    needed: int | None = None,
) -> Streak:
    """Consecutive years up to ``upto`` with a tier at or above ``minimum``."""
    return streak(history, code, upto, tier_at_least(minimum, ladder), needed)


def years_with_award(
    history: History, code: str, upto: str | int, names: Sequence[str], needed: int | None = None
) -> Streak:
    """Consecutive years up to ``upto`` with one of the award ``names`` received."""
    return streak(history, code, upto, with_award(*names), needed)


def years_without_veto(
    history: History, code: str, upto: str | int, needed: int | None = None
) -> Streak:
    """Consecutive years up to ``upto`` without a veto outcome."""
    return streak(history, code, upto, without_veto(), needed)
