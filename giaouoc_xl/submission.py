"""A returned school workbook as data (``Submission``): what was found, where, raw and parsed.

Pure models, no I/O and no judgement: the reader (:mod:`giaouoc_xl.reading`) fills them, the
checker decides what is wrong. Every value keeps its cell address, its raw content and how it
was understood (``notes``), or why it could not be (``problem``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from .model import Period


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CellValue(_Model):
    """One input cell as found."""

    cell: str = ""  # "G7"; empty when the column itself is missing
    raw: Any = None  # the cell's content: text, number, bool, date (ISO text) or None
    value: Any = None  # parsed for the target's kind: float, "Có"/"Không", a list level, text
    problem: str = ""  # "", "not-a-number", "not-yes-no", "not-in-list", "formula-without-value"
    notes: tuple[str, ...] = ()  # how it was understood: "number-as-text", "decimal-comma", ...

    @property
    def blank(self) -> bool:
        return self.value is None and not self.problem


class TargetRow(_Model):
    """One target row of the targets sheet, matched by its code."""

    code: str
    row: int
    text: str = ""
    unit: str = ""
    direction: str = ""
    threshold: CellValue
    registration: CellValue | None = None
    results: dict[Period, CellValue] = {}
    note: str = ""
    comment: str = ""
    status_registration: Any = None  # the cached value of the status formula, as saved
    status_result: Any = None


class Submission(_Model):
    """A returned school workbook, read."""

    file: str
    engine: str = ""
    sheets: tuple[str, ...] = ()
    missing_sheets: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    meta: dict[str, str] = {}
    identity: dict[str, str] = {}
    identity_cells: dict[str, str] = {}
    signing: dict[str, CellValue] = {}
    rows: tuple[TargetRow, ...] = ()
    stray_rows: tuple[int, ...] = ()  # rows with input but no target code

    @property
    def compact_id(self) -> str:
        return self.meta.get("compact_id", "")

    @property
    def revision(self) -> int | None:
        try:
            return int(self.meta.get("compact_revision", ""))
        except ValueError:
            return None

    @property
    def fingerprint(self) -> str:
        return self.meta.get("compact_fingerprint", "")

    @property
    def school_code(self) -> str:
        return self.meta.get("school_code", "") or self.identity.get("code", "")

    @property
    def generated_at(self) -> str:
        return self.meta.get("generated_at", "")

    def row(self, code: str) -> TargetRow | None:
        return next((r for r in self.rows if r.code == code), None)
