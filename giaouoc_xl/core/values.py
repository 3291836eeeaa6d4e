"""Parsing what people type into cells: numbers with decimal commas, percents, yes/no.

Pure functions, no I/O. ``parse_number`` accepts 95, 95.5, "95,5", "95 %", "≥ 98", " 98 ";
a percent written as a fraction (0.955 in a %-formatted cell) is scaled by the caller, who
knows the cell's format.
"""

from __future__ import annotations

import math
import re
from typing import Any

from .model import NO, YES, Direction, Target, ValueKind, fold, nfc, parse_yes_no

_NUMBER = re.compile(
    r"""^\s*(?:[≥≤<>=]=?|>=|<=)?\s*      # a comparison sign people type before the value
        ([-+]?\d{1,3}(?:[ .\u00a0]\d{3})+(?:,\d+)?   # 1.234,5 or 1 234,5 (grouped, comma decimal)
        |[-+]?\d+(?:[.,]\d+)?                      # 95 or 95.5 or 95,5
        |[-+]?[.,]\d+)                             # .5 or ,5
        \s*(%)?\s*$""",
    re.VERBOSE,
)


_NUMERIC = (ValueKind.PERCENT, ValueKind.COUNT, ValueKind.POINTS)


class NotANumber(ValueError):
    """The text does not hold a number."""


def parse_number(raw: Any) -> tuple[float, bool]:
    """A number from a cell value, and whether a '%' sign was typed.

    Raises :class:`NotANumber` for text that is not a number, and for bools.
    """
    if isinstance(raw, bool):
        raise NotANumber(raw)
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise NotANumber(raw)
        return float(raw), False
    if not isinstance(raw, str):
        raise NotANumber(raw)
    match = _NUMBER.match(nfc(raw))
    if not match:
        raise NotANumber(raw)
    text = match[1].replace(" ", "").replace("\u00a0", "")
    if "," in text or text.count(".") > 1:
        text = text.replace(".", "")  # Vietnamese style: '.' groups thousands, ',' is decimal
    number = float(text.replace(",", "."))
    if not math.isfinite(number):  # four hundred digits overflow to infinity
        raise NotANumber(raw)
    return number, match[2] is not None


def tidy_number(value: float) -> float | int:
    """3.0 -> 3; other floats rounded to 10 significant decimals to drop binary noise."""
    if not math.isfinite(value):
        return value
    if value == int(value) and abs(value) < 2**53:
        return int(value)
    return round(value, 10)


def scales_fractions(target: Target) -> bool:
    """Whether a fraction typed in this target's percent cells is read as a percent.

    Only for rates where more is better (or an exact rate): there a value of 1 % or less against
    a threshold above 1 % is a fraction typed in a %-formatted cell (0.955 for 95.5 %). Rates
    where less is better (dropout 0.5 %, malnutrition) are taken as typed.
    """
    return target.kind is ValueKind.PERCENT and target.direction in (
        Direction.AT_LEAST,
        Direction.EXACTLY,
    )


def reads_fraction(target: Target, value: float, threshold: Any) -> bool:
    """Whether ``value`` in a percent cell is a fraction to scale by 100 (see ``scales_fractions``)."""
    return (
        scales_fractions(target)
        and 0 < value <= 1
        and isinstance(threshold, (int, float))
        and not isinstance(threshold, bool)
        and threshold > 1
    )


def _note_text(raw: str, notes: list[str]) -> None:
    notes.append("number-as-text")
    if "," in raw:
        notes.append("decimal-comma")
    if "%" in raw:
        notes.append("percent-sign")
    if raw != raw.strip():
        notes.append("whitespace")


def out_of_range(target: Target, value: Any) -> str:
    """What is wrong with a parsed value for its kind (a percent beyond 0–100, a count that is
    negative or not whole), in words after the value; '' when it is in range."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    if target.kind is ValueKind.PERCENT and not 0 <= value <= 100:
        return "nằm ngoài khoảng 0–100 %"
    if target.kind is ValueKind.COUNT and (value < 0 or value != int(value)):
        return "phải là số nguyên không âm"
    if target.kind is ValueKind.POINTS and not 0 <= value <= target.points + 1e-9:
        return f"nằm ngoài khoảng 0–{tidy_number(target.points)} điểm".replace(".", ",")
    if target.kind is ValueKind.POINTS and target.point_step:
        ratio = value / target.point_step
        if abs(ratio - round(ratio)) > 1e-6:
            return f"không đúng bước điểm {tidy_number(target.point_step)}".replace(".", ",")
    return ""


def parse_cell(target: Target, raw: Any, threshold: Any = None) -> tuple[Any, str, tuple[str, ...]]:
    """(value, problem, notes) of a cell holding a value of ``target``'s kind.

    ``threshold`` is the threshold cell as found beside it: a fraction in a percent cell is
    scaled to a percent when the threshold is above 1, exactly as the status formula does
    (:func:`giaouoc_xl.core.assessment.normalise_percent`).
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "", ()
    kind = target.kind
    if type(raw) is float and kind in _NUMERIC:  # the common case, from a number cell
        if not math.isfinite(raw):  # "1e999" stored as a number reads as infinity
            return None, "not-a-number", ()
        if kind is ValueKind.PERCENT and reads_fraction(target, raw, threshold):
            return float(tidy_number(raw * 100)), "", ("percent-fraction",)
        return raw, "", ()
    notes: list[str] = []
    if kind in _NUMERIC:
        try:
            number, _ = parse_number(raw)
        except NotANumber:
            return None, "not-a-number", ()
        if isinstance(raw, str):
            _note_text(raw, notes)
        elif reads_fraction(target, number, threshold):
            number *= 100
            notes.append("percent-fraction")
        return float(tidy_number(number)), "", tuple(notes)
    if kind is ValueKind.YES_NO:
        try:
            answer = parse_yes_no(raw)
        except ValueError:
            return None, "not-yes-no", ()
        text = YES if answer else NO
        if not (isinstance(raw, str) and raw.strip().casefold() == text.casefold()):
            notes.append("yes-no-spelling")
        return text, "", tuple(notes)
    if kind is ValueKind.LEVEL:
        key = fold(str(tidy_number(raw)) if isinstance(raw, float) else str(raw))
        for choice in target.choices:
            if fold(choice) == key:
                return choice, "", ()
        return None, "not-in-list", ()
    text = nfc(str(raw))
    return (text or None), "", ()


def rule_number(target: Target, value: Any) -> float | None:
    """A value as the compact's cross-field rules count it: a number as itself; a yes/no as 1
    (Có) or 0 (Không); a level as its order in the target's list of levels, 1 the lowest
    ("Chưa đạt; Mức 1; Mức 2": Mức 1 is 2); None for text or a value not in the list."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if target.kind is ValueKind.YES_NO:
        try:
            return 1.0 if parse_yes_no(value) else 0.0
        except ValueError:
            return None
    if target.kind is ValueKind.LEVEL:
        key = fold(str(value))
        return next(
            (float(n) for n, c in enumerate(target.choices, start=1) if fold(c) == key), None
        )
    return None
