"""Where each school of the roster stands after a merge (pure): which of its files is used, its
status, its score and its rank in its bloc.

- A school's newest usable file is used (by the time its template was made, then the file's
  time, then its name); its older files are ``superseded``, saying whether their data differ.
- A school with no usable file is ``missing``; when a file of it was rejected (another compact,
  an old template…), the reason names that file.
- Valid schools are ranked within their bloc by total (see :func:`giaouoc_xl.core.scoring.rank`);
  a school whose file has errors is scored but not ranked.
- With an appraisal book (:mod:`giaouoc_xl.core.appraisal`), the verified values are scored and
  ranked; the school keeps its own score beside them; a deferred school is ranked and marked.
"""

from __future__ import annotations

from .appraisal import Appraisal, appraise, roster_findings
from .awards import Standing, propose
from .codes import FILE_STATUSES, REJECTED, SCHOOL_STATUSES, FileStatus, SchoolStatus
from .findings import Finding
from .model import Compact, Period, School, VetoOutcome
from .results import FileOutcome, SchoolRow
from .scoring import rank


def school_rows(
    compact: Compact,
    period: Period,
    outcomes: list[FileOutcome],
    appraisal: Appraisal | None = None,
) -> tuple[list[SchoolRow], list[Finding]]:
    """One row per school of the roster, in roster order, and what the appraisal book has
    that cannot be used; marks superseded files in place."""
    if period is Period.REGISTRATION:
        appraisal = None  # results are appraised, not registrations
    used: dict[str, list[FileOutcome]] = {}
    rejected: dict[str, list[FileOutcome]] = {}
    for outcome in outcomes:
        if outcome.status is FileStatus.USED:
            used.setdefault(outcome.school, []).append(outcome)
        elif outcome.status in REJECTED and outcome.school:
            rejected.setdefault(outcome.school, []).append(outcome)
    findings: list[Finding] = []
    rows = [
        _row(
            compact,
            period,
            school,
            used.get(school.code, []),
            rejected.get(school.code, []),
            appraisal,
            findings,
        )
        for school in compact.schools
    ]
    if appraisal is not None:  # what reading the book found, what does not match, then the rest
        findings[:0] = [*appraisal.findings, *roster_findings(compact, appraisal, set(used))]
    by_bloc: dict[str, list[SchoolRow]] = {}
    for row in rows:
        by_bloc.setdefault(row.school.bloc, []).append(row)
    for members in by_bloc.values():
        ranks = rank({r.school.code: r.total for r in members})
        for row in members:
            row.rank = ranks[row.school.code]
    if period is not Period.REGISTRATION and compact.awards:
        findings += _proposals(compact, rows, appraisal)
    return rows, findings


def _proposals(
    compact: Compact, rows: list[SchoolRow], appraisal: Appraisal | None
) -> list[Finding]:
    """Each row's award proposal (see :mod:`giaouoc_xl.core.awards`); the ties reported."""
    standings = []
    for row in rows:
        score = row.summary
        excluded = ""
        if score is not None and score.excluded:
            codes = [
                c for c in score.veto_missed
                if (t := compact.target(c)) is not None and t.veto_outcome is VetoOutcome.EXCLUDE
            ]  # fmt: skip
            excluded = f"không xét khen thưởng (không đạt chỉ tiêu phủ quyết {', '.join(codes)})"
        standings.append(
            Standing(
                code=row.school.code,
                name=row.school.name,
                status=row.status,
                rank=row.rank,
                total=row.total,
                tier=score.tier if score else "",
                deferred=row.appraisal.deferred_text if row.appraisal else "",
                excluded=excluded,
                staff=row.outcome.staff if row.outcome else {},
            )
        )
    proposals, findings = propose(
        compact,
        standings,
        appraisal.reviews if appraisal else {},
        appraisal.votes if appraisal else {},
        appraisal.name if appraisal else "",
    )
    for row in rows:
        row.proposal = proposals.get(row.school.code)
    return findings


def _row(
    compact: Compact,
    period: Period,
    school: School,
    files: list[FileOutcome],
    rejected: list[FileOutcome],
    appraisal: Appraisal | None,
    findings: list[Finding],
) -> SchoolRow:
    decided = appraisal.schools.get(school.code) if appraisal else None
    if not files:
        reason = SCHOOL_STATUSES[SchoolStatus.MISSING]
        if rejected:
            first = rejected[0]
            assert first.status is not None
            reason = f"Chưa có bài nộp dùng được: tệp {first.name} — {FILE_STATUSES[first.status]}"
        return SchoolRow(
            school,
            SchoolStatus.MISSING,
            reason,
            rejected[0].name if rejected else "",
            appraisal=decided,
        )
    newest, *older = sorted(files, key=lambda o: (o.generated_at, o.mtime, o.name), reverse=True)
    for outcome in older:
        differs = "khác" if outcome.content() != newest.content() else "giống"
        outcome.status = FileStatus.SUPERSEDED
        outcome.reason = (
            f"Có tệp mới hơn của cùng trường: {newest.name} (số liệu {differs} tệp này)"
        )
    status = SchoolStatus.WITH_ERRORS if newest.errors else SchoolStatus.VALID
    reported = newest.unpacked()  # a merge keeps what schools reported packed
    appraised, found = appraise(
        compact,
        school,
        period,
        reported.registrations,
        reported.results,
        reported.evidence,
        appraisal,
    )
    findings.extend(found)
    return SchoolRow.of(school, status, SCHOOL_STATUSES[status], newest, appraised, decided)
