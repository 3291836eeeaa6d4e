"""Where each school of the roster stands after a merge (pure): which of its files is used, its
status, its score and its rank in its bloc.

- A school's newest usable file is used (by the time its template was made, then the file's
  time, then its name); its older files are ``superseded``, saying whether their data differ.
- A school with files tied to it but none usable (an old template, another compact, no
  template at all, encrypted, damaged, over the limits, a Word or PDF file) is ``unusable``:
  sent, but not usable, with the reason of its newest such file and what it must do; it is
  not ranked. A file is tied to the school its content names; a file whose content names no
  school (it could not be opened, or is no workbook) to the school whose code starts its name
  (``02003_truong-….xlsx``), and the reason says so. Lock and temporary files are never tied.
- A school with no file at all is ``missing`` (chưa nộp).
- Valid schools are ranked within their bloc by total (see :func:`giaouoc_xl.core.scoring.rank`);
  a school whose file has errors is scored but not ranked. A compact that only recognises
  (``Ranking.RECOGNISE``) ranks no school: each has its tier, and no rank.
- With an appraisal book (:mod:`giaouoc_xl.core.appraisal`), the verified values are scored and
  ranked; the school keeps its own score beside them; a deferred school is ranked and marked.
"""

from __future__ import annotations

import re

from .appraisal import Appraisal, SchoolAppraisal, appraise, roster_findings
from .awards import Standing, content_points, propose, uses_contents
from .codes import SCHOOL_STATUSES, UNUSABLE_FILES, FileStatus, SchoolStatus
from .findings import Finding
from .history import History
from .model import Compact, Period, Ranking, School, VetoOutcome
from .results import FileOutcome, SchoolRow
from .scoring import rank


def school_rows(
    compact: Compact,
    period: Period,
    outcomes: list[FileOutcome],
    appraisal: Appraisal | None = None,
    history: History | None = None,
) -> tuple[list[SchoolRow], list[Finding]]:
    """One row per school of the roster, in roster order, and what the appraisal book has
    that cannot be used; marks superseded files in place. ``history``: the history book the
    award ladder's conditions over years count in."""
    if period is Period.REGISTRATION:
        appraisal = None  # results are appraised, not registrations
    used: dict[str, list[FileOutcome]] = {}
    rejected: dict[str, list[FileOutcome]] = {}
    by_name: set[str] = set()  # the files tied to a school by the code in their name
    for outcome in outcomes:
        if outcome.status is FileStatus.USED:
            used.setdefault(outcome.school, []).append(outcome)
        elif outcome.status in UNUSABLE_FILES:
            school = _tie(compact, outcome, by_name)
            if school:
                rejected.setdefault(school, []).append(outcome)
    findings: list[Finding] = []
    rows = [
        _row(
            compact,
            period,
            school,
            used.get(school.code, []),
            rejected.get(school.code, []),
            by_name,
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
        if compact.ranking is Ranking.RECOGNISE:
            break  # recognised by tier only: no school has a rank, the first as the last
        ranks = rank({r.school.code: r.total for r in members})
        for row in members:
            row.rank = ranks[row.school.code]
    if period is not Period.REGISTRATION and compact.awards:
        findings += _proposals(compact, rows, appraisal, history)
    return rows, findings


def _proposals(
    compact: Compact,
    rows: list[SchoolRow],
    appraisal: Appraisal | None,
    history: History | None = None,
) -> list[Finding]:
    """Each row's award proposal (see :mod:`giaouoc_xl.core.awards`); the ties reported."""
    standings = []
    by_content = uses_contents(compact)  # the points per content only when a criterion needs them
    for row in rows:
        score = row.summary
        outcome = row.outcome
        excluded = ""
        if score is not None and score.excluded:
            codes = [
                c for c in score.veto_missed
                if (t := compact.target(c)) is not None and t.veto_outcome is VetoOutcome.EXCLUDE
            ]  # fmt: skip
            whys = [f"không đạt chỉ tiêu phủ quyết {', '.join(codes)}"] if codes else []
            if score.floor_missed and compact.floor_outcome is VetoOutcome.EXCLUDE:
                whys.append(f"{FLOOR_WORDS} {', '.join(score.floor_missed)}")
            excluded = f"không xét khen thưởng ({'; '.join(whys)})"
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
                staff=outcome.staff if outcome else {},
                signed=outcome.signed if outcome else None,
                registered=bool(outcome.unpacked().registrations) if outcome else None,
                bonus=score.bonus if score else 0.0,
                deduction=score.deduction if score else 0.0,
                contents=content_points(compact, whole.targets)
                if by_content and (whole := row.score) is not None
                else {},
            )
        )
    proposals, findings = propose(
        compact,
        standings,
        appraisal.reviews if appraisal else {},
        appraisal.votes if appraisal else {},
        appraisal.name if appraisal else "",
        history,
    )
    for row in rows:
        row.proposal = proposals.get(row.school.code)
    return findings


#: Said of the criteria below the compact's floor (Compact.floor_share).
FLOOR_WORDS = "có tiêu chí dưới ngưỡng tối thiểu"


#: The code a school's file name starts with: "02003_truong-…", "02003 Đại An", "02003-…".
_NAME_CODE = re.compile(r"[_\s.-]")
#: Why a file was tied to a school by its name, in the school's reason.
BY_NAME = "nhận theo mã trường trong tên tệp"


def _tie(compact: Compact, outcome: FileOutcome, by_name: set[str]) -> str:
    """The roster school an unusable file is tied to ('' for none): the school its content
    names; when its content names none (not opened, no workbook), the school whose code
    starts its name, which then becomes the file's school."""
    if outcome.school:
        return outcome.school if compact.school(outcome.school) is not None else ""
    stem = outcome.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    prefix = _NAME_CODE.split(stem, maxsplit=1)[0]
    school = compact.school_by_folded_code(prefix) if prefix else None
    if school is None:
        return ""
    outcome.school = school.code
    outcome.findings = [f if f.school else f.replace(school=school.code) for f in outcome.findings]
    by_name.add(outcome.name)
    return school.code


def _newest_first(files: list[FileOutcome]) -> list[FileOutcome]:
    """By the time the template was made, then the file's time, then its name."""
    return sorted(files, key=lambda o: (o.generated_at, o.mtime, o.name), reverse=True)


def _unusable(
    school: School,
    rejected: list[FileOutcome],
    by_name: set[str],
    decided: SchoolAppraisal | None,
) -> SchoolRow:
    """A school that sent files, none usable: the newest one says why (its own reason; what
    the school must do is the row's ``todo``)."""
    newest = _newest_first(rejected)[0]
    tied = f" ({BY_NAME})" if newest.name in by_name else ""
    others = f"; và {len(rejected) - 1} tệp khác cũng không dùng được" if len(rejected) > 1 else ""
    reason = (
        f"Đã gửi tệp '{newest.name}'{tied} nhưng không dùng được: "
        f"{newest.reason.rstrip('.')}{others}"
    )
    return SchoolRow(
        school,
        SchoolStatus.UNUSABLE,
        reason,
        newest.name,
        appraisal=decided,
        received=newest,
        by_name=bool(tied),
    )


def _row(
    compact: Compact,
    period: Period,
    school: School,
    files: list[FileOutcome],
    rejected: list[FileOutcome],
    by_name: set[str],
    appraisal: Appraisal | None,
    findings: list[Finding],
) -> SchoolRow:
    decided = appraisal.schools.get(school.code) if appraisal else None
    if not files:
        if rejected:
            return _unusable(school, rejected, by_name, decided)
        return SchoolRow(
            school, SchoolStatus.MISSING, SCHOOL_STATUSES[SchoolStatus.MISSING], appraisal=decided
        )
    newest, *older = _newest_first(files)
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
