"""Findings are data: what a check found, where, and a Vietnamese message for people.

A ``Finding`` has a stable kebab-case ``code`` (tests, JSON and the README rely on it), a
severity, and where it was found. The core fills ``loc`` (a path into the model, e.g.
``("targets", 3, "thresholds", "MN")``); the workbook layer turns it into ``sheet`` and ``cell``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


class Finding(BaseModel):
    """One problem found, with everything a person needs to fix it."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity = Severity.ERROR
    message: str
    file: str = ""
    school: str = ""
    sheet: str = ""
    cell: str = ""
    target: str = ""
    value: Any = None
    expected: Any = None
    loc: tuple[str | int, ...] = Field(default=(), exclude=True)

    @property
    def where(self) -> str:
        """``Sheet!D12`` (or the sheet alone, or nothing)."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def flat(self) -> tuple[str, str, str, str]:
        """(file, sheet, cell, code): the identity tests compare."""
        return (self.file, self.sheet, self.cell, self.code)


class Report(BaseModel):
    """Findings collected from one or many checks."""

    findings: list[Finding] = Field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        """No finding of severity error."""
        return not self.errors

    @property
    def stats(self) -> dict[str, Any]:
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "codes": dict(sorted(Counter(f.code for f in self.findings).items())),
        }

    def flatten(self) -> list[tuple[str, str, str, str]]:
        return [f.flat() for f in self.findings]

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def __iter__(self) -> Iterator[Finding]:  # type: ignore[override]
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)
