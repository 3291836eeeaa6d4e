"""The history jobs: recording a year's final merge into the history book, importing an earlier
summary workbook into it. Each owns its one output, the history book, as the office's other
jobs do (:mod:`.office`):

1. the rules about its input first: a year is recorded only from a year-end merge that is no
   draft (no error left that would change a result: :attr:`MergeResult.draft`); a summary is
   imported only when it is a year-end summary written by the program;
2. the book checked writable before anything (a folder missing, the book open in a
   spreadsheet): nothing written otherwise;
3. under the lock of the book (a second job into the same book waits, saying so), the book
   already there is read (a file that is no history book is refused and left as it is), the
   year put in keeping everything typed (:func:`giaouoc_xl.core.history.put_year`), and the
   book written atomically;
4. what was done returned as data (:class:`~giaouoc_xl.core.history.HistoryRecorded`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypedDict, Unpack

from ..core.expressions import ExpressionError, condition_calls
from ..core.history import (
    History,
    HistoryRecorded,
    HistoryRefused,
    Origin,
    Record,
    put_year,
    records_of,
    source_text,
)
from ..core.model import Compact, Period, label
from ..core.reports import MergeReport
from ..core.results import MergeResult
from ..workbooks.atomic import check_writable, output_lock
from ..workbooks.history.imported import read_past_summary
from ..workbooks.history.reader import read_history_book
from ..workbooks.history.writer import write_history_book

__all__ = ["Hooks", "import_summary_job", "record_year_job"]

Say = Callable[[str], None]


class Hooks(TypedDict, total=False):
    """What both jobs take besides their input: ``say``, what the job is doing; ``on_wait``,
    that it waits for another job writing the same book; ``when``, the time the book records
    (now)."""

    say: Say | None
    on_wait: Say | None
    when: datetime | None


def _quiet(_: str) -> None:
    return None


def _known(hooks: Hooks) -> Hooks:
    """``hooks`` as given, a name the jobs do not take refused as Python refuses a misspelled
    keyword (a caller of the library, not a user, sees it)."""
    unknown = sorted(set(hooks) - set(Hooks.__annotations__))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    return hooks


def record_year_job(
    source: MergeReport | MergeResult, history: str | os.PathLike[str], **hooks: Unpack[Hooks]
) -> HistoryRecorded:
    """Record the school year of a final year-end merge (its report or its result) into the
    history book ``history`` (made when there is none). Refused, nothing written, for a merge
    of another period or a draft (errors that would change a result remain). Recording a year
    already in the book replaces the program's fields of its rows and says so."""
    hooks = _known(hooks)
    result = source.result if isinstance(source, MergeReport) else source
    compact, year = result.compact, result.compact.school_year
    if result.period is not Period.YEAR_END:
        raise HistoryRefused(
            f"Chưa ghi năm học {year} vào sổ lịch sử: đây là tổng hợp kỳ '{label(result.period)}'"
            f"; chỉ ghi được kết quả cuối năm (tổng hợp với --period {Period.YEAR_END.value})"
        )
    if result.draft:
        raise HistoryRefused(
            f"Chưa ghi năm học {year} vào sổ lịch sử: bảng tổng hợp còn {result.open_errors} lỗi "
            "làm thay đổi kết quả (bản DỰ THẢO). Sửa các lỗi (xem sheet 'Lỗi và cảnh báo' của "
            "bảng tổng hợp: bài nộp có lỗi, kết quả thẩm định thiếu lý do…), tổng hợp lại rồi "
            "ghi năm học. Chưa ghi gì."
        )
    when = hooks.get("when") or datetime.now()
    known = Path(history).is_file()  # before it is written
    note = source_text(Origin.RECORDED, compact.id, str(compact.revision), _day(when))
    records = records_of(result, note)
    done = _put(history, year, records, compact.organizer.name, Origin.RECORDED, when, hooks)
    done.source = note
    if result.history is None and known and _over_years(compact):
        done.notes.append(
            "Lưu ý: lần tổng hợp vừa ghi chưa dùng sổ lịch sử này, nên các mức khen thưởng có "
            "điều kiện theo các năm chưa được xét (lý do 'chưa có dữ liệu năm …'). Tổng hợp lại "
            "với sổ lịch sử (--history) rồi ghi lại năm học."
        )
    return done


def _over_years(compact: Compact) -> bool:
    """Whether an award's condition counts years in the history book."""
    for award in compact.awards:
        try:
            if award.condition and condition_calls(award.condition):
                return True
        except ExpressionError:
            continue
    return False


def import_summary_job(
    summary: str | os.PathLike[str],
    compact: Compact | None,
    history: str | os.PathLike[str],
    **hooks: Unpack[Hooks],
) -> HistoryRecorded:
    """Import an earlier year's summary workbook written by the program (its year-end results:
    totals, tiers, ranks, veto outcomes, proposals) into the history book ``history``.
    ``compact``: that year's compact, when the office has its book (the school year is taken
    from it and checked against the summary), else None (the year the summary names). A year
    already in the book is replaced as :func:`record_year_job` does."""
    hooks = _known(hooks)
    say = hooks.get("say") or _quiet
    target = Path(history)
    check_writable(target)
    when = hooks.get("when") or datetime.now()
    say(f"Đang đọc bảng tổng hợp '{Path(summary).name}'…")
    past = read_past_summary(summary, compact, _day(when))
    organizer = compact.organizer.name if compact is not None else ""
    done = _put(history, past.year, past.records, organizer, Origin.IMPORTED, when, hooks)
    done.source = past.records[0].source if past.records else ""
    if past.errors:
        done.notes.append(
            f"Lưu ý: bảng tổng hợp '{past.name}' còn {past.errors} lỗi (bản dự thảo): đã nhập "
            "đúng như bảng ghi; trường có bài nộp lỗi không có tổng điểm, thứ hạng. Kiểm tra lại "
            "các dòng năm này trong sổ."
        )
    return done


def _put(
    history: str | os.PathLike[str],
    year: str,
    records: list[Record],
    organizer: str,
    origin: Origin,
    when: datetime,
    hooks: Hooks,
) -> HistoryRecorded:
    """Put ``records`` of ``year`` into the book at ``history`` and write it, under its lock."""
    say = hooks.get("say") or _quiet
    target = Path(history)
    check_writable(target)
    with output_lock(target, on_wait=hooks.get("on_wait")):
        book = read_history_book(target) if target.exists() else History(name=target.name)
        since = (
            f"{_day(when, clock=True)}, {'ghi' if origin is Origin.RECORDED else 'nhập'} năm {year}"
        )
        rows, done = put_year(book.records, year, records, since)
        notes = []
        if book.organizer and organizer and book.organizer != organizer:
            notes.append(
                f"Lưu ý: sổ lịch sử là của '{book.organizer}', kết quả vừa ghi là của "
                f"'{organizer}'; nếu nhầm sổ, hãy khôi phục bản trước."
            )
        after = History(
            rows,
            book.renames,
            name=book.name,
            organizer=book.organizer or organizer,
            extra=book.extra,
            renames_extra=book.renames_extra,
        )
        say("Đang ghi sổ lịch sử…")
        write_history_book(after, target, when)
    done.path, done.origin = str(target), origin
    done.rows, done.years = len(rows), after.years
    done.mapped = after.mapped(r.code for r in records)
    done.findings = list(book.findings)
    done.notes = notes
    return done


def _day(when: datetime, clock: bool = False) -> str:
    return when.strftime("%d/%m/%Y %H:%M" if clock else "%d/%m/%Y")
