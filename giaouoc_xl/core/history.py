"""Each school's results across school years (the history the office keeps), pure.

A compact is signed every school year, and the office's decisions look back: several titles
and awards need results over consecutive years. The history holds, per school and school year
("2020-2021"), what that year's final merge said and what was decided after it
(:class:`Record`): the school's code and name as they were, its bloc, status, total, tier, rank
in its bloc (and the bloc's size), the veto outcome if any, the titles and awards received, a
note; and where the row came from (:class:`Origin`: recorded by the program from a final
merge, imported from an earlier summary workbook, or typed by staff for the years before the
program was used).

Schools are matched by code. A school renamed or merged (the 2025 reorganisation of communes
renamed many) is followed through the office's table of :class:`Rename` rows: old code → new
code from a school year on; several old codes may merge into one. :class:`History` answers
"this school's records in year Y" with the table applied, as of a given year.

Conditions over years (:func:`streak`, :func:`years_at_tier`, :func:`years_with_award`,
:func:`years_without_veto`) count the consecutive years up to a year for which a test holds,
and say which years are missing: a year with no record, or whose record cannot answer (a tier
not on the ladder, awards still awaiting their decision), is never a silent pass or fail.
A merged school's year holds when it holds for every school merged into it (the strict
reading: the office keeps the table, and can leave out a school it does not want counted).

Recording a year into a history (:func:`put_year`) keeps what staff typed: a row is matched by
school code and year; the program replaces only its own fields (:data:`PROGRAM_FIELDS`), keeps
the note, the decision, the awards once decided, and any column staff added; a row of that year
whose school is not in the new results (it left the roster) is kept as it is.

The history book itself (sheets, columns, reading and writing) is in
:mod:`giaouoc_xl.workbooks.history`; this module opens no file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .codes import HISTORY_CODES, SCHOOL_STATUS_WORDS, SchoolStatus, Severity
from .errors import GiaoUocError
from .findings import Finding
from .model import fold, label, nfc
from .numbers import rounded
from .scoring import veto_text

if TYPE_CHECKING:
    from .results import MergeResult, SchoolRow

__all__ = [
    "AWARD_DECIDED",
    "AWARD_PENDING",
    "AWARD_STATES",
    "CODES",
    "PROGRAM_FIELDS",
    "RENAMES_SHEET",
    "RESULTS_SHEET",
    "History",
    "HistoryRecorded",
    "HistoryRefused",
    "NotASummary",
    "Origin",
    "Record",
    "Rename",
    "Streak",
    "WrongHistoryBook",
    "put_year",
    "records_of",
    "sorted_records",
    "source_text",
    "streak",
    "tier_at_least",
    "with_award",
    "without_veto",
    "year_start",
    "year_text",
    "years_at_tier",
    "years_with_award",
    "years_without_veto",
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


# --------------------------------------------------------------------------- the history


class History:
    """Every record and the table of renamed and merged schools, looked up by school and year.

    Built once (an index by code and year, the renames by new code); each lookup is a few
    dictionary reads, so a merge can ask for every school of a province."""

    def __init__(
        self,
        records: Iterable[Record] = (),
        renames: Iterable[Rename] = (),
        findings: Iterable[Finding] = (),
        *,
        name: str = "",
        organizer: str = "",
        extra: Sequence[str] = (),
        renames_extra: Sequence[str] = (),
    ) -> None:
        self.records = list(records)
        self.renames = list(renames)
        self.findings = list(findings)
        self.name, self.organizer = name, organizer
        self.extra, self.renames_extra = tuple(extra), tuple(renames_extra)
        self._index: dict[tuple[str, int], list[Record]] = {}
        for record in self.records:
            start = record.start
            if record.code and start is not None:
                self._index.setdefault((record.code, start), []).append(record)
        self._into: dict[str, list[Rename]] = {}
        self.findings += self._table()

    def _table(self) -> list[Finding]:
        """Index the usable renames by new code; a conflict is a warning and the first row
        stands."""
        findings: list[Finding] = []
        seen: dict[str, Rename] = {}
        for rename in self.renames:
            if not rename.usable:
                continue
            first = seen.get(rename.old)
            if rename.old == rename.new or first is not None:
                why = (
                    f"mã '{rename.old}' chuyển sang chính nó"
                    if rename.old == rename.new
                    else f"mã '{rename.old}' đã được chuyển sang '{first.new}' ở dòng {first.row}"
                    if first is not None
                    else ""
                )
                message = f"Sổ lịch sử, sheet {RENAMES_SHEET}, dòng {rename.row}: {why}; dòng này chưa được dùng"
                findings.append(
                    Finding("history-mapping-conflict", Severity.WARNING, message, self.name,
                            rename.old, RENAMES_SHEET, rename.cell, value=rename.new)
                )  # fmt: skip
                continue
            seen[rename.old] = rename
            self._into.setdefault(rename.new, []).append(rename)
        return findings

    @property
    def years(self) -> list[str]:
        """The school years the history knows, oldest first."""
        return [year_text(s) for s in sorted({start for _, start in self._index})]

    def codes(self, code: str, year: str | int, as_of: str | int | None = None) -> list[str]:
        """The codes the school coded ``code`` (as of the school year ``as_of``; None: now) had
        in ``year``: its own, and those of the schools renamed or merged into it after
        ``year`` and by ``as_of``, followed back through the table."""
        return [each for each, _, _ in self._tree(code, _start(year), as_of)]

    def _tree(
        self, code: str, start: int, as_of: str | int | None
    ) -> list[tuple[str, Rename | None, bool]]:
        """(code, the table's row it came through, whether no row leads further back)."""
        found: list[tuple[str, Rename | None, bool]] = []
        limit = _start(as_of) if as_of is not None else None
        self._walk(code, start, limit, None, found, set())
        return found

    def _walk(
        self,
        code: str,
        start: int,
        limit: int | None,
        via: Rename | None,
        found: list[tuple[str, Rename | None, bool]],
        seen: set[str],
    ) -> None:
        if code in seen:  # a loop in the table: each code once
            return
        seen.add(code)
        at = len(found)
        found.append((code, via, True))
        for rename in self._into.get(code, ()):
            since = rename.start
            assert since is not None  # usable renames only
            if start < since and (limit is None or since <= limit):
                # before ``since`` the school was coded ``old``: its own predecessors count up
                # to the year before
                found[at] = (code, via, False)
                self._walk(rename.old, start, since - 1, rename, found, seen)

    def lookup(
        self, code: str, year: str | int, as_of: str | int | None = None
    ) -> tuple[Record, ...]:
        """The school's records of ``year``, the table applied (several: a merged school's
        predecessors, or a row typed twice); () when the history has none."""
        return self.year_of(code, year, as_of)[0]

    def year_of(
        self, code: str, year: str | int, as_of: str | int | None = None
    ) -> tuple[tuple[Record, ...], tuple[Rename, ...]]:
        """(the school's records of ``year``, the table's rows of the schools renamed or
        merged into it that have no record that year)."""
        start = _start(year)
        found: list[Record] = []
        absent: list[Rename] = []
        for each, via, leaf in self._tree(code, start, as_of):
            records = self._index.get((each, start), ())
            found += records
            if leaf and via is not None and not records:
                absent.append(via)
        return tuple(found), tuple(absent)

    def over_years(
        self, code: str, as_of: str | int | None = None
    ) -> dict[str, tuple[Record, ...]]:
        """The school's records, year by year (oldest first), the table applied."""
        return {year: found for year in self.years if (found := self.lookup(code, year, as_of))}

    def mapped(self, codes: Iterable[str]) -> list[tuple[str, str]]:
        """The (old, new) rows of the table that concern these codes (as old or new)."""
        wanted = set(codes)
        return [
            (r.old, r.new)
            for rows in self._into.values()
            for r in rows
            if r.old in wanted or r.new in wanted
        ]


def _start(year: str | int) -> int:
    if isinstance(year, int):
        return year
    start = year_start(year)
    if start is None:
        raise ValueError(f"năm học '{year}' không đúng dạng 2020-2021")
    return start


# --------------------------------------------------------------------------- over years

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
    last = _start(upto)
    as_of = last + 1 if as_of is None else _start(as_of)
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


# --------------------------------------------------------------------------- recording a year


def records_of(result: MergeResult, source: str) -> list[Record]:
    """Each school of a year-end merge as the history records it (``source``: what wrote
    it): its status, total, tier and rank in its bloc with the bloc's size, the veto outcome,
    and its proposals (awaiting the decision)."""
    compact = result.compact
    sizes = {bloc.code: len(result.members(bloc)) for bloc in compact.blocs}
    return [_record_of(result, row, sizes.get(row.school.bloc), source) for row in result.schools]


def _record_of(result: MergeResult, row: SchoolRow, size: int | None, source: str) -> Record:
    school, score = row.school, row.summary
    status = SCHOOL_STATUS_WORDS[row.status]
    if row.appraisal is not None and row.appraisal.deferral is not None:
        status += f"; tạm hoãn xét: {label(row.appraisal.deferral).lower()}"
    ranked = row.status is SchoolStatus.VALID and score is not None  # ranked, or recognised
    total = row.total
    awards: list[str] = []
    if row.proposal is not None:
        awards = [*row.proposal.awards, *row.proposal.candidates]
    veto = ""
    if score is not None and score.veto_missed and row.status is not SchoolStatus.MISSING:
        veto = veto_text(result.compact, score.veto_missed)
    return Record(
        code=school.code,
        year=result.compact.school_year,
        name=school.name,
        bloc=school.bloc,
        status=status,
        total=None if total is None else float(rounded(total)),
        tier=score.tier if ranked and score is not None else "",
        rank=row.rank,
        bloc_size=size,
        veto=veto,
        awards=tuple(awards),
        award_state=AWARD_PENDING if awards else "",
        source=source,
    )


def source_text(origin: Origin, compact_id: str, revision: str, when: str, file: str = "") -> str:
    """What the source column says of a row the program wrote: "Chương trình ghi từ tổng hợp
    cuối năm (giao ước thanh-ba-2020-2021, lần sửa đổi 2), 07/12/2026"."""
    named = f" '{file}'" if file else ""
    return f"{SOURCE_PREFIX[origin]}{named} (giao ước {compact_id}, lần sửa đổi {revision}), {when}"


@dataclass
class HistoryRecorded:
    """What recording (or importing) a year into the history book did, for the message after
    it and ``--json``."""

    path: str
    year: str
    origin: Origin
    source: str
    added: int = 0  # rows of schools new to that year
    replaced: int = 0  # rows of that year whose program fields were replaced
    kept: int = 0  # rows of that year kept as they were (the school is not in these results)
    year_known: bool = False  # the year was in the history already: its rows were replaced
    mapped: list[tuple[str, str]] = field(default_factory=list)  # (old, new) codes concerned
    rows: int = 0  # rows in the book after
    years: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # of the book as read
    notes: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """1 when the book has errors (rows that cannot be used), else 0."""
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "history": self.path,
            "year": self.year,
            "origin": self.origin.value,
            "source": self.source,
            "added": self.added,
            "replaced": self.replaced,
            "kept": self.kept,
            "year_replaced": self.year_known,
            "mapped": [{"old": old, "new": new} for old, new in self.mapped],
            "rows": self.rows,
            "years": self.years,
            "notes": list(self.notes),
            "findings": [f.to_json() for f in self.findings],
        }

    def lines(self) -> list[str]:
        """What was done, in words (the command line, the button)."""
        how = "Ghi" if self.origin is Origin.RECORDED else "Nhập"
        lines = [f"Sổ lịch sử: {self.path} — {how} năm học {self.year}."]
        if self.year_known:
            lines.append(
                f"Năm học {self.year} đã có trong sổ: đã thay các cột chương trình ghi (tổng "
                f"điểm, xếp loại, thứ hạng, phủ quyết, đề nghị khen thưởng chưa có quyết định) "
                f"của {self.replaced} trường; giữ nguyên ghi chú, khen thưởng đã có quyết định và "
                "các cột đơn vị tự thêm."
            )
        if self.added:
            lines.append(f"Thêm {self.added} dòng mới.")
        if self.kept:
            lines.append(
                f"Giữ nguyên {self.kept} dòng năm {self.year} của trường không có trong lần ghi "
                "này (đã rời danh sách hoặc nhập tay)."
            )
        if self.mapped:
            pairs = ", ".join(f"{old} → {new}" for old, new in self.mapped[:10])
            more = f" và {len(self.mapped) - 10} trường khác" if len(self.mapped) > 10 else ""
            lines.append(f"Trường đổi mã hoặc sáp nhập theo bảng của đơn vị: {pairs}{more}.")
        lines.append(
            f"Sổ có {self.rows} dòng, {len(self.years)} năm học"
            + (f" ({self.years[0]} đến {self.years[-1]})." if self.years else ".")
        )
        lines += self.notes
        return lines


def put_year(
    records: Sequence[Record], year: str, new: Sequence[Record], since: str
) -> tuple[list[Record], HistoryRecorded]:
    """``records`` with the year's ``new`` results put in, matched by school code: a row of
    that year the program already had is replaced in its program fields (the note, the
    decision, the awards once decided and the columns staff added kept); a row of that year
    for a school not in ``new`` is kept; a school not there yet gets a row. ``since`` says
    when (written in each row touched). Returns the records and what was done (its counts;
    the caller fills in the rest)."""
    by_code = {r.code: r for r in new}
    out: list[Record] = []
    done = HistoryRecorded("", year, new[0].origin if new else Origin.RECORDED, "")
    taken: set[str] = set()
    start = year_start(year)
    for record in records:
        if record.start != start or not record.code:
            out.append(replace(record, since="") if record.since else record)
            continue
        done.year_known = True
        fresh = by_code.get(record.code)
        if fresh is None or record.code in taken:
            done.kept += 1
            out.append(
                replace(record, since=f"{since}: trường không có trong lần ghi này, giữ nguyên")
            )
            continue
        taken.add(record.code)
        done.replaced += 1
        out.append(_replaced(record, fresh, since))
    for record in new:
        if record.code not in taken:
            done.added += 1
            out.append(replace(record, since=f"{since}: dòng mới"))
    return out, done


def _replaced(old: Record, fresh: Record, since: str) -> Record:
    """``old`` with ``fresh``'s program fields; its awards too unless the office decided them
    (or typed an award status the reader could not read: kept as typed)."""
    values: dict[str, Any] = {name: getattr(fresh, name) for name in PROGRAM_FIELDS}
    raw = {k: v for k, v in old.raw.items() if k not in PROGRAM_FIELDS}
    keep = old.decided or "award_status" in old.raw
    if not keep:
        values.update(awards=fresh.awards, award_state=fresh.award_state)
    what = "thay các cột chương trình ghi" + ("; giữ khen thưởng đã có quyết định" if keep else "")
    return replace(old, **values, raw=raw, since=f"{since}: {what}")


def sorted_records(records: Iterable[Record]) -> list[Record]:
    """By school year, bloc, rank (unranked last), code; rows whose year cannot be read last,
    in the order they came."""
    return sorted(
        records,
        key=lambda r: (
            r.start is None,
            r.start or 0,
            r.bloc,
            r.rank is None,
            r.rank or 0,
            r.code,
        ),
    )
