"""The status a school sees in its workbook ("Đạt" / "Chưa đạt" / "Chưa nhập" / "Sai dạng").

Two faces of one rule, kept side by side so they cannot drift apart:

- ``registration_formula`` / ``result_formula`` build the native spreadsheet formulas written
  into the school workbook (Excel, LibreOffice, WPS and Google Sheets compute them, no macros);
- ``native_status`` computes in Python exactly what those formulas show for given cell values,
  with spreadsheet semantics (blank is "", text never equals a number, comparisons of text
  ignore case). Tests recalculate real workbooks in LibreOffice and compare the two.

A percent cell holding a fraction (0.955 typed as "95,5%" in a %-formatted cell) is read as
95.5 for rates where more is better and the threshold is above 1: no one commits to a rate of
1 % or less where the threshold is 98 %. Rates where less is better (dropout, malnutrition) are
taken as typed (see :func:`giaouoc_xl.core.values.scales_fractions`).
"""

from __future__ import annotations

from typing import Any

from .model import Direction, Target, ValueKind
from .values import reads_fraction, scales_fractions

MET, NOT_MET, BLANK, WRONG = "Đạt", "Chưa đạt", "Chưa nhập", "Sai dạng"
#: A criterion scored in points, scored right (from 0 to its maximum, in its step): partial
#: points are no shortfall, so neither "Đạt" nor "Chưa đạt"
SCORED = "Đã chấm"
_OPS = {
    Direction.AT_LEAST: ">=",
    Direction.AT_MOST: "<=",
    Direction.EXACTLY: "=",
    Direction.MUST_BE_YES: "=",
}


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _op(target: Target) -> str:
    return _OPS[target.direction or Direction.EXACTLY]


def _choices(target: Target) -> str:
    return "{" + ",".join(_q(c) for c in target.choices) + "}"


def _norm(target: Target, cell: str, threshold: str) -> str:
    if scales_fractions(target):
        return f"IF(AND({cell}>0,{cell}<=1,{threshold}>1),{cell}*100,{cell})"
    return cell


def _status(
    target: Target,
    value: str,
    goal_number: str,
    goal_text: str,
    threshold: str,
    blank_test: str = "",
) -> str:
    """A status formula for the value expression ``value`` against a goal."""
    kind = target.kind
    test = blank_test or f'{value}=""'
    blank = f"IF({test},{_q(BLANK)},"
    if kind is ValueKind.POINTS:  # ``threshold``: the criterion's maximum
        return f"={blank}IF(ISNUMBER({value}),IF({_points_wrong(target, value, threshold)},{_q(WRONG)},{_q(SCORED)}),{_q(WRONG)}))"
    if kind is ValueKind.TEXT:
        return f"={blank}{_q(MET)})"
    if kind is ValueKind.YES_NO:
        valid = f'OR({value}="Có",{value}="Không")'
        return f"={blank}IF({valid},IF({value}={goal_text},{_q(MET)},{_q(NOT_MET)}),{_q(WRONG)}))"
    if kind is ValueKind.LEVEL:
        match = f"MATCH({value},{_choices(target)},0)"
        compare = f"{match}{_op(target)}{goal_number}"
        return f"={blank}IF(ISNUMBER({match}),IF({compare},{_q(MET)},{_q(NOT_MET)}),{_q(WRONG)}))"
    compare = f"{_norm(target, value, threshold)}{_op(target)}{goal_number}"
    return f"={blank}IF(ISNUMBER({value}),IF({compare},{_q(MET)},{_q(NOT_MET)}),{_q(WRONG)}))"


def _points_wrong(target: Target, value: str, most: str) -> str:
    """A spreadsheet test of a points value that is not right: below 0, above the maximum
    ``most``, off the step, above the share allowed when not earned in full."""
    tests = [f"{value}<0", f"{value}>{most}"]
    if target.point_step:
        step = f"{target.point_step:g}"
        tests.append(f"ABS({value}/{step}-ROUND({value}/{step},0))>0.000001")
    if target.partial_max is not None:
        share = f"{target.partial_max / 100:g}"
        tests.append(f"AND({value}<{most},{value}>{most}*{share}+0.000001)")
    return "OR(" + ",".join(tests) + ")"


def _points_mirror(target: Target, value: float, most: Any) -> str:
    """What :func:`_points_wrong` and the status formula show for a number ``value``."""
    if not _is_number(most):
        return WRONG
    most = float(most)
    wrong = value < 0 or value > most
    if target.point_step:
        ratio = value / target.point_step
        wrong = wrong or abs(ratio - round(ratio)) > 0.000001
    if target.partial_max is not None:
        wrong = wrong or most > value > most * target.partial_max / 100 + 0.000001
    return WRONG if wrong else SCORED


def registration_formula(target: Target, registration: str, threshold: str) -> str:
    """Status of the registration against the compact's threshold (cells like ``G7``, ``$F7``)."""
    if target.kind is ValueKind.LEVEL:
        return _status(
            target, registration, f"MATCH({threshold},{_choices(target)},0)", "", threshold
        )
    if target.kind is ValueKind.YES_NO:
        return _status(target, registration, "", threshold, threshold)
    return _status(target, registration, threshold, threshold, threshold)


def latest(results: list[str]) -> str:
    """An expression for the latest filled result among result cells (earliest period first)."""
    expression = results[0]
    for cell in results[1:]:
        expression = f'IF({cell}<>"",{cell},{expression})'
    return expression


def result_formula(
    target: Target, results: list[str], registration: str | None, threshold: str
) -> str:
    """Status of the latest result against the goal: the registration, else the threshold."""
    value = latest(results)
    # Blank when every result cell is blank; tested cell by cell because IF() over an empty
    # cell gives 0, not "", in some applications.
    blank_test = (
        results[0] + '=""'
        if len(results) == 1
        else "AND(" + ",".join(f'{c}=""' for c in results) + ")"
    )
    if target.kind is ValueKind.LEVEL:
        threshold_rank = f"MATCH({threshold},{_choices(target)},0)"
        goal = threshold_rank
        if registration:
            reg_rank = f"MATCH({registration},{_choices(target)},0)"
            goal = f"IF(ISNUMBER({reg_rank}),{reg_rank},{threshold_rank})"
        return _status(target, value, goal, "", threshold, blank_test)
    if target.kind is ValueKind.YES_NO:
        return _status(target, value, "", threshold, threshold, blank_test)
    goal = threshold
    if registration and target.kind in (ValueKind.PERCENT, ValueKind.COUNT):
        goal = f"IF(ISNUMBER({registration}),{_norm(target, registration, threshold)},{threshold})"
    return _status(target, value, goal, goal, threshold, blank_test)


# --------------------------------------------------------------------------- the Python mirror


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text_equal(a: Any, b: Any) -> bool:
    """Spreadsheet '=' on two cell values: text ignores case, never equals a number."""
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    if _is_number(a) and _is_number(b):
        return float(a) == float(b)
    return False


def normalise_percent(target: Target, value: float, threshold: Any) -> float:
    """0.955 -> 95.5 when the threshold is above 1 (see module docstring)."""
    if reads_fraction(target, value, threshold):
        return round(value * 100, 9)  # 0.57 * 100 is 56.99999999999999; spreadsheets show 57
    return value


def _rank(target: Target, value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    for index, choice in enumerate(target.choices):
        if choice.casefold() == value.casefold():
            return index + 1
    return None


def _compare(target: Target, a: float, b: float) -> bool:
    a, b = round(a, 9), round(b, 9)  # spreadsheets compare to about 15 significant digits
    direction = target.direction or Direction.EXACTLY
    if direction is Direction.AT_LEAST:
        return a >= b
    if direction is Direction.AT_MOST:
        return a <= b
    return a == b


def _mirror(target: Target, value: Any, goal_number: Any, goal_text: Any, threshold: Any) -> str:
    if _blank(value):
        return BLANK
    kind = target.kind
    if kind is ValueKind.TEXT:
        return MET
    if kind is ValueKind.POINTS:
        return _points_mirror(target, float(value), threshold) if _is_number(value) else WRONG
    if kind is ValueKind.YES_NO:
        if not (_text_equal(value, "Có") or _text_equal(value, "Không")):
            return WRONG
        return MET if _text_equal(value, goal_text) else NOT_MET
    if kind is ValueKind.LEVEL:
        rank = _rank(target, value)
        if rank is None:
            return WRONG
        return MET if goal_number is not None and _compare(target, rank, goal_number) else NOT_MET
    if not _is_number(value):
        return WRONG
    if not _is_number(goal_number):
        return NOT_MET
    return (
        MET
        if _compare(target, normalise_percent(target, float(value), threshold), float(goal_number))
        else NOT_MET
    )


def native_status(
    target: Target,
    threshold: Any,
    registration: Any,
    results: list[Any],
    has_registration: bool = True,
) -> tuple[str, str]:
    """(registration status, result status) as the workbook's formulas compute them.

    ``results`` are the raw result cells, earliest period first; blank cells are None or "".
    """
    if target.kind is ValueKind.LEVEL:
        threshold_goal: Any = _rank(target, threshold)
    else:
        threshold_goal = threshold
    reg_status = _mirror(target, registration, threshold_goal, threshold, threshold)
    latest_value: Any = None
    for value in results:
        if not _blank(value):
            latest_value = value
    goal_number, goal_text = threshold_goal, threshold
    if (
        has_registration
        and target.kind is ValueKind.LEVEL
        and _rank(target, registration) is not None
    ):
        goal_number = _rank(target, registration)
    elif (
        has_registration
        and target.kind in (ValueKind.PERCENT, ValueKind.COUNT)
        and _is_number(registration)
    ):
        goal_number = normalise_percent(target, float(registration), threshold)
        goal_text = goal_number
    result_status = _mirror(target, latest_value, goal_number, goal_text, threshold)
    return reg_status, result_status
