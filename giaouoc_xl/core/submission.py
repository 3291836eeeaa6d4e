"""A returned school workbook as data (``Submission``): what was found, where, raw and parsed.

Pure data, no I/O and no judgement: the reader (:mod:`giaouoc_xl.workbooks.school.reader`) fills them, the
checker decides what is wrong. Every value keeps its cell address, its raw content and how it
was understood (``notes``), or why it could not be (``problem``).

These are named tuples and a frozen dataclass rather than pydantic models: a batch merge
builds about a hundred of them per file for thousands of files, and validating data the reader
has just built cost more than reading the file itself (bench/bench_school.py). ``to_json``
gives plain data.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .model import Period, fold


def replace(obj: Any, **changes: Any) -> Any:
    """A copy of a submission object with some fields changed."""
    if isinstance(obj, tuple):
        return obj._replace(**changes)  # type: ignore[attr-defined]
    return dataclasses.replace(obj, **changes)


class CellValue(NamedTuple):
    """One input cell as found."""

    cell: str = ""  # "G7"; empty when the column itself is missing
    raw: Any = None  # the cell's content: text, number, bool, date (ISO text) or None
    value: Any = None  # parsed for the target's kind: float, "Có"/"Không", a list level, text
    problem: str = ""  # "", "not-a-number", "not-yes-no", "not-in-list", "formula-without-value"
    notes: tuple[str, ...] = ()  # how it was understood: "number-as-text", "decimal-comma", ...

    @property
    def blank(self) -> bool:
        return self.value is None and not self.problem


class TargetRow(NamedTuple):
    """One target row of the targets sheet, matched by its code."""

    code: str
    row: int
    threshold: CellValue
    text: str = ""
    unit: str = ""
    direction: str = ""
    registration: CellValue | None = None
    results: dict[Period, CellValue] = {}  # noqa: RUF012  (never mutated: built by the reader)
    note: str = ""
    comment: str = ""
    status_registration: Any = None  # the cached value of the status formula, as saved
    status_result: Any = None
    formulas: tuple[str, ...] = ()  # "note", "comment": typed as a formula saved without a value
    evidence: str = ""  # the school's reference for its result (minh chứng); "" when none


@dataclass(frozen=True, slots=True, kw_only=True)
class Submission:
    """A returned school workbook, read."""

    file: str
    engine: str = ""
    sheets: tuple[str, ...] = ()
    missing_sheets: tuple[str, ...] = ()
    missing_columns: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # target table: key -> column letter
    meta: dict[str, str] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)
    identity_cells: dict[str, str] = field(default_factory=dict)
    signing: dict[str, CellValue] = field(default_factory=dict)
    staff: dict[str, CellValue] = field(default_factory=dict)  # the staff figures found
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

    @property
    def signed(self) -> bool:
        """Whether the school chose "Có" in "Cam kết thực hiện": it signed the compact."""
        return signed(self.signing.get("commitment"))

    def row(self, code: str) -> TargetRow | None:
        return next((r for r in self.rows if r.code == code), None)

    def to_json(self) -> dict[str, Any]:
        """The submission as plain JSON-ready data."""
        return _jsonable(dataclasses.asdict(self))


#: What a school types in "Cam kết thực hiện" to sign.
_SIGNED = ("có", "x", "yes")


def signed(cell: CellValue | None) -> bool:
    """Whether a commitment cell holds a yes."""
    return cell is not None and cell.value is not None and fold(str(cell.value)) in _SIGNED


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return _jsonable(value._asdict())
    if isinstance(value, dict):
        return {str(getattr(k, "value", k)): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
