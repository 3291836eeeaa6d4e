"""The appraisal (thẩm định), pure: what the office verified, and what it does to the scores.

The office checks each school's self-reported results against its evidence and writes, in the
appraisal book (:mod:`giaouoc_xl.workbooks.appraisal.writer`), a verified value and a reason for
each result it changes, and per school a deferral (tạm hoãn xét) with its reason. Here:

- a verified value replaces the school's own result for scoring; an unchanged value needs
  nothing, a changed one needs a reason: without it the change is not applied, the school's own
  value stands and the finding says so (``appraisal-reason-missing``);
- a row for a school or a target the compact does not have is a finding, never dropped
  silently; so is a verified value that cannot be read, or one for a school that sent nothing
  usable;
- the school keeps both scores: its own (``self_score``) and the verified one, and every change
  (target, reported, verified, points before and after, reason, evidence).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .check import number
from .codes import Severity
from .findings import Finding
from .meetings import DECISIONS_SHEET, MEMBERS_SHEET, REVIEW_SHEET, BlocReview, Member
from .model import Compact, Deferral, Period, School, label
from .points import sub_items
from .scoring import SchoolScore, TargetScore, score_school
from .thresholds import school_targets
from .ties import TieDecision

#: The appraisal book's sheets, as findings name them.
TARGETS_SHEET = "Thẩm định"
SCHOOLS_SHEET = "Trường"
KEPT_SHEET = "Không còn khớp"
VOTE_SHEET = "Bình xét"
__all__ = [
    "DECISIONS_SHEET",
    "KEPT_SHEET",
    "MEMBERS_SHEET",
    "REVIEW_SHEET",
    "SCHOOLS_SHEET",
    "TARGETS_SHEET",
    "VOTE_SHEET",
    "Appraisal",
    "Appraised",
    "BlocReview",
    "Change",
    "Member",
    "SchoolAppraisal",
    "TieDecision",
    "Verification",
    "appraise",
    "roster_findings",
    "shown",
]


def shown(value: Any) -> str:
    """A value typed in a cell as a message quotes it: 97 not 97.0, 95,5 with the comma."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Verification:
    """One row of the appraisal book: a school's target, as the office verified it."""

    school: str
    target: str
    value: Any = None  # the verified value, parsed for the target's kind (None: not given)
    raw: Any = None  # as typed
    reason: str = ""
    reported: Any = None  # the school's value when the book was written (to see changes since)
    cell: str = ""  # where the verified value is, e.g. "J12"
    row: int = 0
    problem: str = ""  # the verified value could not be read ("not-a-number", …)

    @property
    def typed(self) -> bool:
        """Whether staff typed anything in this row."""
        return self.raw is not None or bool(self.reason)


@dataclass(frozen=True)
class SchoolAppraisal:
    """A school's row of the appraisal book: its deferral and the office's note."""

    school: str
    deferral: Deferral | None = None
    detail: str = ""  # the deferral's particulars (the inspection, the complaint…)
    note: str = ""
    cell: str = ""  # where the deferral is
    row: int = 0
    raw_deferral: Any = None  # as typed (kept when it is not one of the choices)

    @property
    def typed(self) -> bool:
        return self.raw_deferral is not None or bool(self.detail) or bool(self.note)

    @property
    def deferred_text(self) -> str:
        """ "Tạm hoãn xét: đang thanh tra, kiểm tra (…)"; '' when not deferred."""
        if self.deferral is None:
            return ""
        detail = f" ({self.detail})" if self.detail else ""
        return f"Tạm hoãn xét: {label(self.deferral).lower()}{detail}"


@dataclass
class Appraisal:
    """An appraisal book, read: every row staff typed in, and what could not be read."""

    name: str  # the book's file name
    sha256: str
    compact_id: str
    period: Period
    entries: dict[tuple[str, str], Verification] = field(default_factory=dict)
    schools: dict[str, SchoolAppraisal] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # what reading found
    kept: list[dict[str, Any]] = field(default_factory=list)  # rows that no longer matched
    #: each body's meeting by its code (a bloc's, or COUNCIL), with its members and decisions
    reviews: dict[str, BlocReview] = field(default_factory=dict)
    people: list[Member] = field(default_factory=list)  # every member row, as read
    decisions: list[TieDecision] = field(default_factory=list)  # every decision row, as read
    votes: dict[tuple[str, str], int] = field(default_factory=dict)  # (school, award) -> for
    #: every vote cell typed, as typed (a count or not), to be written again as it was
    typed_votes: dict[tuple[str, str], Any] = field(default_factory=dict)
    vote_cells: dict[tuple[str, str], str] = field(default_factory=dict)  # where each is
    _by_school: dict[str, list[Verification]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def for_school(self, code: str) -> list[Verification]:
        """The rows typed for one school (an index built on first use, once the book is read:
        a province's book has tens of thousands of rows, looked up once per school)."""
        if self._by_school is None:
            index: dict[str, list[Verification]] = {}
            for (school, _), verification in self.entries.items():
                index.setdefault(school, []).append(verification)
            self._by_school = index
        return self._by_school.get(code, [])


@dataclass(frozen=True)
class Change:
    """A result the appraisal changed, as the documents list it."""

    target: str
    reported: Any
    verified: Any
    points_before: float
    points_after: float
    reason: str
    evidence: str = ""


@dataclass(frozen=True)
class Appraised:
    """A school after the appraisal: the score that counts, its own, and the changes."""

    score: SchoolScore
    self_score: SchoolScore
    changes: tuple[Change, ...] = ()


def roster_findings(compact: Compact, appraisal: Appraisal, used: set[str]) -> list[Finding]:
    """Rows of the book for schools or targets the compact does not have, unreadable verified
    values, and verified values of a school that sent nothing usable (``used``: the codes of
    the schools whose file is used)."""
    return [
        *_entry_findings(compact, appraisal, used),
        *_stray_rows(compact, appraisal),
    ]


def _entry_findings(compact: Compact, appraisal: Appraisal, used: set[str]) -> Iterator[Finding]:
    """The rows of the sheet Thẩm định that do not count, and why."""
    applicable: dict[str, set[str]] = {}  # school -> the codes of its targets, once a school
    for verification in appraisal.entries.values():
        school = compact.school(verification.school)
        said = partial(
            Finding,
            file=appraisal.name,
            school=verification.school,
            sheet=TARGETS_SHEET,
            cell=verification.cell,
            target=verification.target,
        )
        if school is None:
            yield said(
                "appraisal-unknown-school",
                Severity.ERROR,
                f"Sổ thẩm định, dòng {verification.row}: mã trường '{verification.school}' "
                "không có trong danh sách trường; dòng này không được dùng",
            )
            continue
        codes = applicable.get(school.code)
        if codes is None:
            codes = applicable[school.code] = {t.code for t, _ in school_targets(compact, school)}
        if verification.target not in codes:
            yield said(
                "appraisal-unknown-target",
                Severity.ERROR,
                f"Sổ thẩm định, dòng {verification.row}: chỉ tiêu '{verification.target}' "
                f"không thuộc giao ước hoặc không áp dụng cho {school.name}; dòng này không "
                "được dùng",
            )
        elif verification.problem:
            what = "ngoài khoảng hợp lệ" if verification.problem == "out-of-range" else (
                "không đúng kiểu"
            )  # fmt: skip
            yield said(
                "appraisal-invalid-value",
                Severity.ERROR,
                f"Sổ thẩm định: kết quả thẩm định '{shown(verification.raw)}' của "
                f"{school.name}, chỉ tiêu {verification.target} {what}; chưa được dùng",
                value=verification.raw,
            )
        elif verification.value is not None and school.code not in used:
            yield said(
                "appraisal-without-submission",
                Severity.WARNING,
                f"Sổ thẩm định: {school.name} chưa có bài nộp dùng được; kết quả thẩm định "
                f"chỉ tiêu {verification.target} chưa được tính",
                value=verification.raw,
            )


def _stray_rows(compact: Compact, appraisal: Appraisal) -> Iterator[Finding]:
    """Rows typed in the sheets Trường and Bình xét for a school the compact does not have."""
    for code, row in appraisal.schools.items():
        if compact.school(code) is None and row.typed:
            yield _stray(appraisal, code, SCHOOLS_SHEET, row.cell, f"dòng {row.row}", "dòng này")
    for (code, award), cell in appraisal.vote_cells.items():
        if compact.school(code) is None:
            typed = appraisal.typed_votes.get((code, award))
            yield _stray(appraisal, code, VOTE_SHEET, cell, f"ô {cell}", f"số phiếu {award}", typed)


def _stray(
    appraisal: Appraisal, code: str, sheet: str, cell: str, place: str, what: str, value: Any = None
) -> Finding:
    return Finding(
        "appraisal-unknown-school",
        Severity.ERROR,
        f"Sổ thẩm định, sheet {sheet}, {place}: mã trường '{code}' không có trong danh sách "
        f"trường; {what} không được dùng",
        appraisal.name,
        code,
        sheet,
        cell,
        value=value,
    )


def appraise(
    compact: Compact,
    school: School,
    period: Period,
    registrations: dict[str, Any],
    results: dict[str, Any],
    evidence: dict[str, str],
    appraisal: Appraisal | None,
) -> tuple[Appraised, list[Finding]]:
    """Score a school on its own values and on the verified ones; list the changes."""
    applicable = school_targets(compact, school)
    own = score_school(compact, applicable, registrations, results, period, evidence)
    if appraisal is None:
        return Appraised(own, own), []
    codes = [t.code for t, _ in applicable]
    parents = sub_items(t for t, _ in applicable)  # verified through their sub-items
    verified, reasons, findings = _verified(appraisal, school, set(codes) - set(parents), results)
    findings += _parents_typed(appraisal, school, parents, results)
    if not reasons:
        return Appraised(own, own), findings
    score = score_school(compact, applicable, registrations, verified, period, evidence)
    before = {t.code: t for t in own.targets}
    after = {t.code: t for t in score.targets}
    changes = tuple(
        Change(
            code,
            results.get(code),
            verified[code],
            _points(before.get(code)),
            _points(after.get(code)),
            reasons[code],
            evidence.get(code, ""),
        )
        for code in codes
        if code in reasons
    )
    return Appraised(score, own, changes), findings


def _verified(
    appraisal: Appraisal, school: School, codes: set[str], results: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, str], list[Finding]]:
    """The school's results with the verified values that differ from them, the reason of each
    (by target code), and a finding for each changed value without its reason."""
    verified = dict(results)
    reasons: dict[str, str] = {}
    findings: list[Finding] = []
    for verification in appraisal.for_school(school.code):
        if verification.target not in codes or verification.problem:
            continue  # said by roster_findings
        if verification.value is None:
            continue
        if verification.value == results.get(verification.target):
            continue  # the same as the school's: nothing changes, no reason needed
        if not verification.reason:  # no change without its reason: the school's value stands
            findings.append(
                _verification_finding(
                    appraisal,
                    school,
                    verification,
                    "appraisal-reason-missing",
                    Severity.ERROR,
                    "kết quả thẩm định khác kết quả trường báo cáo nhưng chưa ghi lý do; chưa "
                    "dùng kết quả thẩm định (vẫn chấm theo kết quả trường báo cáo) cho đến khi "
                    "ghi lý do",
                )
            )
            continue
        verified[verification.target] = verification.value
        reasons[verification.target] = verification.reason
    return verified, reasons, findings


def _parents_typed(
    appraisal: Appraisal, school: School, parents: dict[str, Any], results: dict[str, Any]
) -> list[Finding]:
    """A verified value typed for a criterion with sub-items: not used (the criterion earns the
    sum of its sub-items, which the office corrects), and said."""
    findings = []
    for verification in appraisal.for_school(school.code):
        if verification.target not in parents or verification.value is None:
            continue
        if verification.problem or verification.value == results.get(verification.target):
            continue
        items = ", ".join(t.code for t in parents[verification.target])
        findings.append(
            _verification_finding(
                appraisal,
                school,
                verification,
                "appraisal-invalid-value",
                Severity.WARNING,
                f"điểm của chỉ tiêu là tổng điểm các tiêu chí con ({items}); kết quả thẩm định "
                "ghi ở dòng chỉ tiêu không được dùng, hãy thẩm định từng tiêu chí con",
            )
        )
    return findings


def _verification_finding(
    appraisal: Appraisal,
    school: School,
    verification: Verification,
    code: str,
    severity: Severity,
    problem: str,
) -> Finding:
    """A finding on a verified value of the sheet Thẩm định: where it is, what was typed, and
    the ``problem`` after the school's name and the target's code."""
    return Finding(
        code,
        severity,
        f"Sổ thẩm định: {school.name}, chỉ tiêu {verification.target}: {problem}",
        appraisal.name,
        school.code,
        TARGETS_SHEET,
        verification.cell,
        verification.target,
        verification.raw,
    )


def _points(score: TargetScore | None) -> float:
    return score.points if score is not None else 0.0
