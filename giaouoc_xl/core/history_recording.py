"""Recording a year into the history, pure: each school of a year-end merge as the history
records it (:func:`records_of`), the year put into the records with what staff typed kept
(:func:`put_year`), what was done (:class:`HistoryRecorded`), the source column's words and the
records' order (docs in :mod:`giaouoc_xl.core.history`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .codes import SCHOOL_STATUS_WORDS, SchoolStatus, Severity
from .findings import Finding
from .history_records import (
    AWARD_PENDING,
    PROGRAM_FIELDS,
    SOURCE_PREFIX,
    Origin,
    Record,
    year_start,
)
from .model import label
from .numbers import rounded
from .scoring import veto_text

if TYPE_CHECKING:
    from .results import MergeResult, SchoolRow

__all__ = ["HistoryRecorded", "put_year", "records_of", "sorted_records", "source_text"]


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
