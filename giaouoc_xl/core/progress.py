"""Each school's change from last year (tiến bộ so với năm trước), pure: what the history book
holds of the school the school year before the compact's (the office's table of renamed and
merged schools applied), and the change of its total and of its rank in its bloc, with the
direction: ▲ better, ▼ worse, = the same (a rank going from 5 to 3 is ▲ 2).

A school with no record last year, a merged school (several schools last year: their totals do
not add up to one) and a year typed twice with different values have nothing to compare with,
and say why; nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .codes import SchoolStatus
from .history import History, Record, year_start, year_text
from .numbers import vn

if TYPE_CHECKING:
    from .results import MergeResult, SchoolRow

__all__ = ["Progress", "arrow", "last_years", "of_row", "progress_of", "school_history"]


@dataclass(frozen=True)
class Progress:
    """Last year's result of one school, to compare this year's with. ``missing``: why there
    is nothing to compare with ('' when there is)."""

    year: str
    total: float | None = None
    rank: int | None = None
    bloc_size: int | None = None
    tier: str = ""
    missing: str = ""

    def total_change(self, total: float | None) -> float | None:
        """This year's total minus last year's (None: one of them is not known)."""
        if self.missing or total is None or self.total is None:
            return None
        return round(total - self.total, 4)

    def rank_change(self, rank: int | None) -> int | None:
        """Places gained in the bloc (positive: better; None: one of the ranks is not known)."""
        if self.missing or rank is None or self.rank is None:
            return None
        return self.rank - rank

    def short(self, total: float | None, rank: int | None) -> str:
        """The change in a table's cell: "Tổng ▲ 4,5; thứ ▲ 2", "Tổng = ; thứ ▼ 1", or why
        there is none."""
        if self.missing:
            return _capital(self.missing.split(" (")[0])
        parts = []
        change = self.total_change(total)
        if change is not None:
            parts.append(f"Tổng {arrow(change)} {vn(abs(change))}" if change else "Tổng =")
        places = self.rank_change(rank)
        if places is not None:
            parts.append(f"thứ {arrow(places)} {abs(places)}" if places else "thứ =")
        return "; ".join(parts) or f"Năm {self.year} chưa xếp hạng"

    def sentence(self, total: float | None, rank: int | None, size: int | None) -> str:
        """The change in a sentence (a school's slip)."""
        if self.missing:
            return f"So với năm học trước: {self.missing}."
        said = []
        change = self.total_change(total)
        if change is not None and self.total is not None and total is not None:
            how = _how(change, f"{vn(abs(change))} điểm", "tăng", "giảm", "không đổi")
            said.append(f"tổng điểm {vn(self.total)} → {vn(total)} ({arrow(change)} {how})")
        elif self.total is not None:
            said.append(f"tổng điểm năm trước {vn(self.total)}")
        places = self.rank_change(rank)
        if places is not None and self.rank is not None and rank is not None:
            before = f"{self.rank}/{self.bloc_size}" if self.bloc_size else str(self.rank)
            after = f"{rank}/{size}" if size else str(rank)
            how = _how(places, f"{abs(places)} bậc", "lên", "xuống", "giữ nguyên")
            said.append(f"xếp thứ {before} → {after} ({arrow(places)} {how})")
        elif self.rank is not None:
            said.append(f"năm trước xếp thứ {self.rank}")
        if self.tier:
            said.append(f"xếp loại năm trước: {self.tier}")
        if not said:
            return f"So với năm học {self.year}: năm đó trường chưa được chấm điểm, xếp hạng."
        return f"So với năm học {self.year}: " + "; ".join(said) + "."

    def to_json(self, total: float | None, rank: int | None) -> dict[str, Any]:
        return {
            "year": self.year,
            "total": self.total,
            "rank": self.rank,
            "bloc_size": self.bloc_size,
            "tier": self.tier,
            "total_change": self.total_change(total),
            "rank_change": self.rank_change(rank),
            "missing": self.missing,
        }


def arrow(change: float) -> str:
    """▲ better, ▼ worse, = the same."""
    return "▲" if change > 0 else "▼" if change < 0 else "="


def _how(change: float, size: str, up: str, down: str, same: str) -> str:
    """A change in words: ``up`` or ``down`` then its ``size`` as shown ("tăng 4,5 điểm",
    "xuống 2 bậc"), or ``same`` when there is none."""
    if not change:
        return same
    return f"{up if change > 0 else down} {size}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def progress_of(history: History, code: str, school_year: str) -> Progress | None:
    """Last year's result of the school coded ``code`` in a compact of ``school_year`` (None:
    the school year cannot be read)."""
    start = year_start(school_year)
    if start is None:
        return None
    year = year_text(start - 1)
    records, absent = history.year_of(code, start - 1, start)
    if not records:
        return Progress(year, missing=f"chưa có dữ liệu năm {year}")
    if len({r.code for r in records}) > 1 or absent:
        names = ", ".join(dict.fromkeys(r.name or r.code for r in records))
        return Progress(
            year, missing=f"sáp nhập từ nhiều trường (năm {year}: {names}), không so sánh"
        )
    first = records[0]
    if any(_values(r) != _values(first) for r in records[1:]):
        return Progress(
            year,
            missing=f"năm {year} có {len(records)} dòng khác nhau trong sổ lịch sử, không so sánh",
        )
    return Progress(year, first.total, first.rank, first.bloc_size, first.tier)


def _values(record: Record) -> tuple[Any, ...]:
    return record.total, record.rank, record.tier


def last_years(history: History, code: str, school_year: str, count: int = 5) -> list[Record]:
    """The school's records of the ``count`` school years before ``school_year``, oldest first,
    one per year (the first row of a year typed twice; a merged school's own code only when it
    has one, else none), the table applied."""
    start = year_start(school_year)
    if start is None:
        return []
    found = []
    for before in range(start - count, start):
        records = history.lookup(code, before, start)
        own = [r for r in records if r.code == code] or (records if len(records) == 1 else [])
        if own:
            found.append(own[0])
    return found


def of_row(result: MergeResult, row: SchoolRow) -> Progress | None:
    """The change of a school of a merge from last year (None: the merge has no history, or
    is of the registration period)."""
    if result.history is None or not result.scored:
        return None
    return progress_of(result.history, row.school.code, result.compact.school_year)


def school_history(result: MergeResult, row: SchoolRow) -> dict[str, Any]:
    """What ``--json`` carries of the history used for one school: its records of the last
    years (the table applied) and its change from last year."""
    assert result.history is not None
    records = last_years(result.history, row.school.code, result.compact.school_year)
    progress = of_row(result, row)
    score = row.summary
    total = score.total if score is not None and row.status is SchoolStatus.VALID else None
    return {
        "years": [
            {
                "year": r.year,
                "code": r.code,
                "total": r.total,
                "rank": r.rank,
                "bloc_size": r.bloc_size,
                "tier": r.tier,
                "awards": list(r.awards),
                "award_state": r.award_state,
                "veto": r.veto,
            }
            for r in records
        ],
        "change": progress.to_json(total, row.rank) if progress is not None else None,
    }
