"""Findings are data: what a check found, where, and a Vietnamese message for people.

A ``Finding`` has a stable kebab-case ``code`` (tests, JSON and the README rely on it), a
severity, and where it was found. The core fills ``loc`` (a path into the model, e.g.
``("targets", 3, "thresholds", "MN")``); the workbook layer turns it into ``sheet`` and ``cell``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any

from .codes import SEVERITY_LABELS, Severity

__all__ = ["SEVERITY_LABELS", "Finding", "Report", "Severity", "WithFindings", "jsonable"]


def jsonable(value: Any) -> Any:
    """A cell value or an expectation as strict JSON data: dates as ISO text, NaN and infinities
    as null, containers element by element, anything else as text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    return str(value)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found, with everything a person needs to fix it.

    A plain frozen dataclass, not a pydantic model: a batch creates tens of thousands of them,
    all from values the library itself typed (about 6× cheaper to build)."""

    code: str
    severity: Severity = Severity.ERROR
    message: str = ""
    file: str = ""
    school: str = ""
    sheet: str = ""
    cell: str = ""
    target: str = ""
    value: Any = None
    expected: Any = None
    loc: tuple[str | int, ...] = field(default=(), compare=False)
    #: The period a finding is about when it is not the period checked (a first-semester result
    #: below the registration, seen in a year-end check): a :class:`~giaouoc_xl.core.model.Period`
    #: value ("hk1"), else "". Kept in the JSON (its ``period`` key), left out of what a person
    #: reads for the period checked (the terminal's table and counts, the feedback sheet).
    period: str = ""

    @property
    def where(self) -> str:
        """``Sheet!D12`` (or the sheet alone, or nothing)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def listed(self, number: int) -> tuple[Any, ...]:
        """The finding as a numbered line of a list a person reads (the feedback copy's sheet,
        the buttons' results sheet): STT, Mức độ, Vị trí, Chỉ tiêu, Nội dung, Mã."""
        return (number, SEVERITY_LABELS[self.severity], self.where, self.target, self.message,
                self.code)  # fmt: skip

    def flat(self) -> tuple[str, str, str, str]:
        """(file, sheet, cell, code): the identity tests compare."""
        return (self.file, self.sheet, self.cell, self.code)

    def replace(self, **changes: Any) -> Finding:
        """A copy with some fields changed (``file``, ``sheet``, ``cell`` when it is placed)."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "school": self.school,
            "sheet": self.sheet,
            "cell": self.cell,
            "target": self.target,
            "value": jsonable(self.value),
            "expected": jsonable(self.expected),
            "message": self.message,
            **({"period": self.period} if self.period else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        fields = {k: v for k, v in data.items() if k != "loc"}  # "period" only when it has one
        fields["severity"] = Severity(fields.get("severity", Severity.ERROR))
        return cls(**fields)


class WithFindings:
    """Errors and warnings of anything that holds ``findings``.

    A finding about another period than the one checked (``Finding.period`` set: a
    first-semester shortfall seen in a year-end check) is in ``findings`` (and the JSON) but in
    none of ``current``, ``errors`` and ``warnings``: what a person reads for the period checked
    (the terminal, the feedback sheet, the counts). ``other_periods`` lists them."""

    findings: list[Finding]

    @property
    def current(self) -> list[Finding]:
        """The findings of the period checked, in order."""
        return [f for f in self.findings if not f.period]

    @property
    def other_periods(self) -> list[Finding]:
        """The findings about another period's values (each with its ``period``)."""
        return [f for f in self.findings if f.period]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR and not f.period]

    @property
    def warnings(self) -> list[Finding]:
        """The warnings of the period checked."""
        return [f for f in self.findings if f.severity is Severity.WARNING and not f.period]


@dataclass
class Report(WithFindings):
    """Findings collected from one or many checks, and what they add up to: the figures a front
    end prints (``--json``'s ``stats``, a verdict's counts) and never works out itself."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """No finding of severity error."""
        return not self.errors

    @property
    def stats(self) -> dict[str, int]:
        """``{"errors": …, "warnings": …}``: the counts of the ``stats`` of ``--json``, of the
        period checked; ``"other_periods"``: the findings about another period's values, when
        there are any."""
        errors = warnings = other = 0
        for f in self.findings:
            if f.period:
                other += 1
            elif f.severity is Severity.ERROR:
                errors += 1
            else:
                warnings += 1
        counts = {"errors": errors, "warnings": warnings}
        if other:
            counts["other_periods"] = other
        return counts

    def flatten(self) -> list[tuple[str, str, str, str]]:
        return [f.flat() for f in self.findings]

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)
