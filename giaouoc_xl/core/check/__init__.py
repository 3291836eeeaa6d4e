"""The checker: every problem of a returned workbook against the compact's clauses, at once.

Pure: it takes the compact and a :class:`~giaouoc_xl.core.submission.Submission` and returns findings
(no file I/O). Each rule has a stable code, listed with its meaning in
:data:`giaouoc_xl.core.codes.SUBMISSION_CODES`.
"""

from __future__ import annotations

from ..findings import Finding
from ..model import Compact, Period
from ..submission import Submission
from .base import number, show
from .identity import IdentityChecks
from .points import PointChecks
from .rules import RuleChecks
from .school_sheet import SchoolSheetChecks
from .structure import StructureChecks
from .values import ValueChecks, usable

__all__ = ["check_submission", "number", "show", "usable"]


class _Checker(
    IdentityChecks, StructureChecks, ValueChecks, PointChecks, RuleChecks, SchoolSheetChecks
):
    """Every check, each part in its own module."""


def check_submission(
    compact: Compact, submission: Submission, period: Period | None = None
) -> list[Finding]:
    """Every finding of one submission for ``period`` (default: the compact's current period)."""
    checker = _Checker(compact, submission, period or compact.current_period)
    if checker.identity():
        matched = checker.structure()
        checker.judge_values(matched)
        checker.sub_item_sums(matched)
        checker.cross_rules(matched)
        checker.staff()
        checker.signing()
    return checker.findings
