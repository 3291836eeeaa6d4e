"""Where each school of the roster stands after a merge (pure): which of its files is used, its
status, its score and its rank in its bloc.

- A school's newest usable file is used (by the time its template was made, then the file's
  time, then its name); its older files are ``superseded``, saying whether their data differ.
- A school with no usable file is ``missing``; when a file of it was rejected (another compact,
  an old template…), the reason names that file.
- Valid schools are ranked within their bloc by total (see :func:`giaouoc_xl.core.scoring.rank`);
  a school whose file has errors is scored but not ranked.
"""

from __future__ import annotations

from .codes import FILE_STATUSES, REJECTED, SCHOOL_STATUSES, FileStatus, SchoolStatus
from .model import Compact, Period, School
from .results import FileOutcome, SchoolRow
from .scoring import rank, score_school
from .thresholds import school_targets


def school_rows(compact: Compact, period: Period, outcomes: list[FileOutcome]) -> list[SchoolRow]:
    """One row per school of the roster, in roster order; marks superseded files in place."""
    used: dict[str, list[FileOutcome]] = {}
    rejected: dict[str, list[FileOutcome]] = {}
    for outcome in outcomes:
        if outcome.status is FileStatus.USED:
            used.setdefault(outcome.school, []).append(outcome)
        elif outcome.status in REJECTED and outcome.school:
            rejected.setdefault(outcome.school, []).append(outcome)
    rows = [
        _row(compact, period, school, used.get(school.code, []), rejected.get(school.code, []))
        for school in compact.schools
    ]
    by_bloc: dict[str, list[SchoolRow]] = {}
    for row in rows:
        by_bloc.setdefault(row.school.bloc, []).append(row)
    for members in by_bloc.values():
        ranks = rank({r.school.code: r.total for r in members})
        for row in members:
            row.rank = ranks[row.school.code]
    return rows


def _row(
    compact: Compact,
    period: Period,
    school: School,
    files: list[FileOutcome],
    rejected: list[FileOutcome],
) -> SchoolRow:
    if not files:
        reason = SCHOOL_STATUSES[SchoolStatus.MISSING]
        if rejected:
            first = rejected[0]
            assert first.status is not None
            reason = f"Chưa có bài nộp dùng được: tệp {first.name} — {FILE_STATUSES[first.status]}"
        return SchoolRow(school, SchoolStatus.MISSING, reason, rejected[0].name if rejected else "")
    newest, *older = sorted(files, key=lambda o: (o.generated_at, o.mtime, o.name), reverse=True)
    for outcome in older:
        differs = "khác" if outcome.content() != newest.content() else "giống"
        outcome.status = FileStatus.SUPERSEDED
        outcome.reason = (
            f"Có tệp mới hơn của cùng trường: {newest.name} (số liệu {differs} tệp này)"
        )
    status = SchoolStatus.WITH_ERRORS if newest.errors else SchoolStatus.VALID
    reported = newest.unpacked()  # a merge keeps what schools reported packed
    score = score_school(
        compact, school_targets(compact, school), reported.registrations, reported.results, period
    )
    return SchoolRow.of(school, status, SCHOOL_STATUSES[status], newest, score)
