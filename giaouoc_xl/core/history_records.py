"""The history's records and their model, pure: a school's result in a school year
(:class:`Record`), a row of the office's table of renamed and merged schools
(:class:`Rename`), where a row came from (:class:`Origin`), school years ("2020-2021"), the
history book's sheets as findings name them and the errors of its files. The history itself
(:class:`~giaouoc_xl.core.history.History`) is in :mod:`giaouoc_xl.core.history`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from .codes import HISTORY_CODES
from .errors import GiaoUocError
from .model import nfc

__all__ = [
    "AWARD_DECIDED",
    "AWARD_PENDING",
    "AWARD_STATES",
    "CODES",
    "PROGRAM_FIELDS",
    "RENAMES_SHEET",
    "RESULTS_SHEET",
    "SOURCE_PREFIX",
    "HistoryRefused",
    "NotASummary",
    "Origin",
    "Record",
    "Rename",
    "WrongHistoryBook",
    "start_of",
    "year_start",
    "year_text",
]

#: The history book's sheets, as findings name them.
RESULTS_SHEET = "Kết quả các năm"
RENAMES_SHEET = "Đổi mã, sáp nhập"

#: The finding codes of the history book (kept with every other code in :mod:`.codes`).
CODES = HISTORY_CODES

#: The award status a row may have (a drop-down in the book): awards decided (typed by the
#: office, or confirmed), or proposals recorded by the program, awaiting the decision.
AWARD_DECIDED = "Đã có quyết định"
AWARD_PENDING = "Chờ quyết định"
AWARD_STATES = (AWARD_DECIDED, AWARD_PENDING)

#: The fields the program writes when it records or imports a year; recording that year again
#: replaces them. Everything else (the note, the decision, the awards once decided, columns
#: staff added) is the office's and is kept.
PROGRAM_FIELDS = ("name", "bloc", "status", "total", "tier", "rank", "bloc_size", "veto", "source")

_YEAR = re.compile(r"(\d{4})\s*[-–—/]\s*(\d{4})")


class WrongHistoryBook(GiaoUocError):
    """A file that is no history book of the program: neither used nor written over."""


class NotASummary(GiaoUocError):
    """A file to import that is no year-end summary workbook written by the program."""


class HistoryRefused(GiaoUocError):
    """A year that cannot be recorded (a draft merge, a period that is not the year's end):
    nothing written. Exit code 1, as for the errors that make the merge a draft."""

    exit_code = 1


# --------------------------------------------------------------------------- years


def year_start(value: Any) -> int | None:
    """The first calendar year of a school year typed as "2020-2021" (also "2020 - 2021",
    "2020–2021", "2020/2021"); None when it is not two consecutive years."""
    return _year_start(value) if isinstance(value, str) else None


@lru_cache(maxsize=4096)  # a history holds a few school years, looked up for every row
def _year_start(value: str) -> int | None:
    match = _YEAR.fullmatch(nfc(value))
    if not match or int(match[2]) != int(match[1]) + 1:
        return None
    return int(match[1])


def year_text(start: int) -> str:
    """2020 -> "2020-2021"."""
    return f"{start}-{start + 1}"


def start_of(year: str | int) -> int:
    """A school year as its first calendar year (2020 or "2020-2021" -> 2020)."""
    if isinstance(year, int):
        return year
    start = year_start(year)
    if start is None:
        raise ValueError(f"năm học '{year}' không đúng dạng 2020-2021")
    return start


# --------------------------------------------------------------------------- the records


class Origin(StrEnum):
    """Where a row of the history came from."""

    RECORDED = "recorded"  # by the program, from a year's final merge
    IMPORTED = "imported"  # by the program, from an earlier summary workbook
    TYPED = "typed"  # by staff (the years before the program, corrections)


#: How the source column begins for each origin the program writes.
SOURCE_PREFIX = {
    Origin.RECORDED: "Chương trình ghi từ tổng hợp cuối năm",
    Origin.IMPORTED: "Nhập từ bảng tổng hợp",
}


@dataclass(frozen=True, slots=True)
class Record:
    """One school's result in one school year, as the history book holds it.

    ``year`` is "2020-2021" (as typed when it cannot be read); ``raw`` keeps, by column key,
    what was typed in a cell that cannot be read (written back as typed, never lost);
    ``extra``: columns staff added, by header; ``row``: the book's row (1-based, 0 when the
    record is not from a book); ``since``: what the last write did to the row."""

    code: str
    year: str
    name: str = ""
    bloc: str = ""
    status: str = ""  # "Hợp lệ", "Chưa nộp"… (the program's words; blank when typed)
    total: float | None = None
    tier: str = ""
    rank: int | None = None
    bloc_size: int | None = None
    veto: str = ""  # the veto outcome ("Không đạt chỉ tiêu phủ quyết CT02.1: …"); '' none
    awards: tuple[str, ...] = ()  # titles and awards received (codes or names)
    #: AWARD_DECIDED, AWARD_PENDING (the awards are proposals awaiting the decision) or ''
    #: (decided when awards are typed; none received when there are none)
    award_state: str = ""
    decision: str = ""  # the decision (number, date), typed by the office
    note: str = ""
    source: str = ""  # what wrote it ('' typed by staff)
    since: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    row: int = 0

    @property
    def start(self) -> int | None:
        """The school year's first calendar year (None: the year cannot be read)."""
        return None if "year" in self.raw else year_start(self.year)

    @property
    def usable(self) -> bool:
        """Has a school code and a school year that can be read (else it is kept, unused)."""
        return bool(self.code) and self.start is not None

    @property
    def origin(self) -> Origin:
        for origin, prefix in SOURCE_PREFIX.items():
            if self.source.startswith(prefix):
                return origin
        return Origin.TYPED

    @property
    def pending(self) -> bool:
        """The awards are proposals awaiting the decision (or their status cannot be read)."""
        return self.award_state == AWARD_PENDING or "award_status" in self.raw

    @property
    def decided(self) -> bool:
        """Whether the office decided the awards (chose so, or typed them): recording the
        year again keeps them."""
        return self.award_state == AWARD_DECIDED or (not self.award_state and bool(self.awards))


@dataclass(frozen=True, slots=True)
class Rename:
    """A row of the office's table: the school coded ``old`` is coded ``new`` from the school
    year ``since`` on (its records of earlier years are the new school's). Several old codes
    may have one new code (a merger)."""

    old: str
    new: str
    since: str
    old_name: str = ""
    note: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    row: int = 0
    cell: str = ""  # where the old code is (findings)

    @property
    def start(self) -> int | None:
        return None if "since" in self.raw else year_start(self.since)

    @property
    def usable(self) -> bool:
        return bool(self.old) and bool(self.new) and self.start is not None
