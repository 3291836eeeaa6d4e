"""What every part of the checker shares: the state of one check, how a finding is added to
it, and how a message quotes a value or a target."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..codes import SUBMISSION_CODES
from ..findings import Finding, Severity
from ..model import Compact, Period, School, Target, ValueKind
from ..numbers import vn
from ..submission import Submission, TargetRow

ERROR, WARNING = Severity.ERROR, Severity.WARNING

#: The school's targets found in the file, by code: the target, the threshold that binds the
#: school, the row.
Matched = dict[str, tuple[Target, Any, TargetRow]]


def number(value: float) -> str:
    """95.5 -> '95,5': the one Vietnamese number rule (:func:`giaouoc_xl.core.numbers.vn`)."""
    return vn(value)


def show(target: Target, value: Any) -> str:
    """A value as a principal reads it: '6 %', '3 học sinh', 'Có', 'Mức độ 1'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _shown(target.kind is ValueKind.PERCENT, target.unit, value)
    return str(value)


@lru_cache(maxsize=8192)  # the same thresholds and registrations recur across a batch
def _shown(percent: bool, unit: str, value: float) -> str:
    if percent:
        return f"{number(value)} %"
    return f"{number(value)} {unit}".strip()


def name_of(target: Target) -> str:
    return _named(target.code, target.text)


@lru_cache(maxsize=4096)
def _named(code: str, text: str) -> str:
    shown = text if len(text) <= 80 else text[:77] + "…"
    return f"Chỉ tiêu {code} '{shown}'"


class Checker:
    """One submission being checked against the compact: what it found so far."""

    def __init__(self, compact: Compact, submission: Submission, period: Period) -> None:
        self.compact = compact
        self.sub = submission
        self.period = period
        self.findings: list[Finding] = []
        self.school: School | None = None

    def add(
        self,
        code: str,
        severity: Severity,
        message: str,
        sheet: str = "",
        cell: str = "",
        target: str = "",
        value: Any = None,
        expected: Any = None,
        period: Period | None = None,
    ) -> None:
        """Add a finding; ``period``: the period it is about, when it is not the one checked
        (see :attr:`~giaouoc_xl.core.findings.Finding.period`)."""
        assert code in SUBMISSION_CODES, code
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                message=message,
                file=self.sub.file,
                school=self.school.code if self.school else self.sub.school_code,
                sheet=sheet,
                cell=cell,
                target=target,
                value=value,
                expected=expected,
                period=period.value if period is not None and period is not self.period else "",
            )
        )
