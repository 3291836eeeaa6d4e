"""One Vietnamese number rule, for every message, document, slip and book.

A number is read with the **decimal comma** ("95,5"), never a decimal point, and with a stated
precision per kind of value:

- **points** (a target's points, totals, a verified score): at most 2 decimals, trailing zeros
  dropped: 95, 95,5, 99,97 (never "95,0" beside "99,97"); a score is rounded half up at the
  second decimal (3,335 -> 3,34), as a person rounds;
- **percent** (a share, a threshold in %): the same, at most 2 decimals: 99,5 · 0,1;
- **count** (schools, pupils, votes): a whole number.

In text (messages, documents, slips) :func:`vn` writes the number itself. In a workbook a number
stays a number (staff filter, sort and sum it) with :data:`EXCEL_FORMATS`: the format is tagged
with the Vietnamese locale (``[$-42A]``), so LibreOffice shows the comma whatever the computer's
own locale; Excel follows the computer's regional settings for the separator itself, so where a
number is only read and printed (the documents to sign, the slips) it is written as text by
:func:`vn`, the same in every application.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache


class NumberKind(StrEnum):
    """What a number counts, which decides its precision."""

    POINTS = "points"
    PERCENT = "percent"
    COUNT = "count"


#: Decimals shown at most, per kind.
DECIMALS = {NumberKind.POINTS: 2, NumberKind.PERCENT: 2, NumberKind.COUNT: 0}

#: The Vietnamese locale's tag in a number format: LibreOffice then writes the decimal comma.
LOCALE = "[$-42A]"
#: Excel/LibreOffice number formats per kind. ``General`` shows no trailing decimal separator
#: (``0.##`` would show "95," in Excel); values are rounded to their precision when written
#: (:func:`rounded`), so General shows at most the stated decimals.
EXCEL_FORMATS = {
    NumberKind.POINTS: f"{LOCALE}General",
    NumberKind.PERCENT: f"{LOCALE}General",
    NumberKind.COUNT: f"{LOCALE}0",
}


def rounded(value: float, kind: NumberKind = NumberKind.POINTS) -> float | int:
    """``value`` rounded half up to its kind's precision: 3.335 -> 3.34, 95.0 -> 95."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _rounded(value, kind)


@lru_cache(maxsize=65536, typed=True)  # the same scores recur across a summary
def _rounded(value: float, kind: NumberKind) -> float | int:
    try:
        exact = Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, OverflowError):
        return value
    step = Decimal(1).scaleb(-DECIMALS[kind])
    result = exact.quantize(step, rounding=ROUND_HALF_UP)
    return int(result) if result == result.to_integral_value() else float(result)


@lru_cache(maxsize=65536, typed=True)  # a summary prints the same points thousands of times
def vn(value: float | int | None, kind: NumberKind = NumberKind.POINTS) -> str:
    """A number as a Vietnamese reader reads it: 95,46 · 95,5 · 100 · "" for none.

    >>> vn(95.456), vn(95.0), vn(0.1, NumberKind.PERCENT), vn(1234.5), vn(None)
    ('95,46', '95', '0,1', '1234,5', '')
    """
    if value is None or isinstance(value, bool):
        return ""
    shown = rounded(value, kind)
    if isinstance(shown, int):
        return str(shown)
    text = f"{shown:.{DECIMALS[kind]}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def vn_percent(value: float | int | None) -> str:
    """A percentage with its sign, as messages write it: "95,5 %"."""
    return f"{vn(value, NumberKind.PERCENT)} %" if value is not None else ""
