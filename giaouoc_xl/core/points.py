"""Score sheets (the form Sở and Phòng publish): criteria scored in points, sub-items, partial
credit, rounding. Pure functions, no I/O; :mod:`giaouoc_xl.core.scoring` uses them to score and
:mod:`giaouoc_xl.core.check.values` to check what a school typed.

- A criterion of kind ``points`` (*Điểm tự chấm*) holds the points themselves: from 0 to its
  maximum (``Target.points``), a multiple of its step (``Target.point_step``) when it has one.
  It earns what it holds; it is "met" at its maximum (or the points registered), and a partial
  score is never a shortfall (no "chưa đạt" warning).
- A sub-item names its criterion (``Target.parent``): the criterion holds the sum of its
  sub-items and earns it; a sub-item counts only there. The school types the sub-items (its
  workbook sums them in the criterion's cell); the office corrects the sub-items.
- A level list scored ``by_level`` earns the points its table gives the level reached
  (``Target.level_points``, lowest level first).
- "Thực hiện đầy đủ 100 %, chưa đầy đủ tối đa X %" (``Target.partial_max``): a criterion that
  does not earn its full points earns at most X % of them, whatever its rule gave.
- Rounding (``Compact.point_rounding``, "điểm lẻ đến 0,5"): each criterion's points and the
  totals are rounded **half up** to the step: with 0,5, 90 % of 6 points = 5,4 gives 5,5;
  5,25 gives 5,5; 5,2 gives 5,0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from .model import Target, ValueKind
from .numbers import vn
from .thresholds import rank

EPS = 1e-9


def round_to(value: float, step: float | None) -> float:
    """``value`` rounded half up to a multiple of ``step`` (None: left as it is)."""
    if not step:
        return value
    return round(math.floor(value / step + 0.5 + EPS) * step, 6)


def rounding_rule(step: float) -> str:
    """The compact's rounding in words, for the documents' notes."""
    up, down = 5 + step / 2, 5 + step * 0.4

    def shown(value: float) -> str:
        return f"{round(value, 6):g}".replace(".", ",")

    return (
        f"Điểm mỗi tiêu chí và tổng điểm làm tròn đến {shown(step)} điểm, phần lẻ từ nửa bước "
        f"trở lên làm tròn lên ({shown(up)} thành {shown(round_to(up, step))}, {shown(down)} "
        f"thành {shown(round_to(down, step))})."
    )


def on_step(value: float, step: float | None) -> bool:
    """Whether ``value`` is a multiple of ``step`` (always, without a step)."""
    if not step:
        return True
    ratio = value / step
    return abs(ratio - round(ratio)) <= 1e-6


def partial_cap(target: Target, points: float) -> float:
    """``points`` under the criterion's partial rule: below its full points, at most
    ``partial_max`` % of them."""
    if target.partial_max is None or points >= target.points - EPS:
        return points
    return min(points, target.points * target.partial_max / 100)


def by_level(target: Target, value: Any) -> float:
    """The points the table of a level list gives the level ``value`` (0 for none)."""
    index = rank(target, value)
    if index is None or index >= len(target.level_points):
        return 0.0
    return float(target.level_points[index])


def sub_items(targets: Iterable[Target]) -> dict[str, list[Target]]:
    """Each criterion that has sub-items (its code), with them, in order."""
    targets = list(targets)
    codes = {t.code for t in targets}
    parts: dict[str, list[Target]] = {}
    for target in targets:
        if target.parent and target.parent in codes and target.parent != target.code:
            parts.setdefault(target.parent, []).append(target)
    return parts


def with_sums(targets: Iterable[Target], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with each criterion that has sub-items holding their sum, when any of them
    has a value (the school's own cell is only their sum; an office corrects the sub-items)."""
    parts = sub_items(targets)
    if not parts:
        return dict(values)
    summed = dict(values)
    for parent, items in parts.items():
        given = [values[t.code] for t in items if _is_number(values.get(t.code))]
        if given:
            summed[parent] = float(round(sum(float(v) for v in given), 6))
    return summed


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def points_problem(target: Target, value: float) -> tuple[str, str]:
    """(finding code, what is wrong, in words after the value) of a points value typed for a
    criterion of kind points; ('', '') when it is right."""
    if target.kind is not ValueKind.POINTS:
        return "", ""
    if value < 0:
        return "out-of-range", "không được âm"
    if value > target.points + EPS:
        return "points-above-max", f"vượt điểm tối đa {vn(target.points)} của tiêu chí"
    if not on_step(value, target.point_step):
        step = vn(target.point_step or 0)
        return "points-off-step", f"không đúng bước điểm {step} (điểm lẻ đến {step})"
    cap = partial_cap(target, value)
    if cap < value - EPS:
        share = vn(target.partial_max or 0)
        return "points-above-partial", (
            f"vượt mức tối đa khi chưa thực hiện đầy đủ ({share} % của {vn(target.points)} điểm "
            f"là {vn(cap)} điểm); thực hiện đầy đủ thì chấm {vn(target.points)} điểm"
        )
    return "", ""
