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

from collections.abc import Iterable, Sequence

from . import history_recording, history_records, history_streaks
from .codes import Severity
from .findings import Finding
from .history_recording import HistoryRecorded, put_year, records_of, sorted_records, source_text  # noqa: F401
from .history_records import (  # noqa: F401
    AWARD_DECIDED,
    AWARD_PENDING,
    AWARD_STATES,
    CODES,
    PROGRAM_FIELDS,
    RENAMES_SHEET,
    RESULTS_SHEET,
    SOURCE_PREFIX,
    HistoryRefused,
    NotASummary,
    Origin,
    Record,
    Rename,
    WrongHistoryBook,
    start_of,
    year_start,
    year_text,
)
from .history_streaks import (  # noqa: F401
    Streak,
    Test,
    streak,
    tier_at_least,
    with_award,
    without_veto,
    years_at_tier,
    years_with_award,
    years_without_veto,
)

#: What this module re-exports: the history itself, and each part's public names (imported
#: above only to be re-exported, hence the F401 exemptions).
__all__ = ["History"]
__all__ += history_records.__all__
__all__ += history_recording.__all__
__all__ += history_streaks.__all__


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
        return [each for each, _, _ in self._tree(code, start_of(year), as_of)]

    def _tree(
        self, code: str, start: int, as_of: str | int | None
    ) -> list[tuple[str, Rename | None, bool]]:
        """(code, the table's row it came through, whether no row leads further back)."""
        found: list[tuple[str, Rename | None, bool]] = []
        limit = start_of(as_of) if as_of is not None else None
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
        start = start_of(year)
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
