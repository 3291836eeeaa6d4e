"""Criteria scored in points with sub-items: the criterion's own cell holds the sum of its
sub-items' (its workbook computes it; :mod:`giaouoc_xl.core.points`)."""

from __future__ import annotations

from ..points import sub_items
from ..school_form import TARGETS
from ..submission import CellValue, TargetRow
from .base import ERROR, Checker, Matched, name_of, number
from .values import usable


class PointChecks(Checker):
    """A criterion's points against the sum of its sub-items', in every input column."""

    def sub_item_sums(self, matched: Matched) -> None:
        """For each criterion with sub-items, each column where both are given: the same sum."""
        parts = sub_items(target for target, _, _ in matched.values())
        for parent, items in parts.items():
            target, _, row = matched[parent]
            cells: list[tuple[str, CellValue | None]] = [("đăng ký", row.registration)]
            cells += [(period.value, cell) for period, cell in row.results.items()]
            for what, cell in cells:
                value = usable(target, cell)
                if cell is None or value is None:
                    continue
                given = [
                    usable(item, _column(matched[item.code][2], what))
                    for item in items
                    if item.code in matched
                ]
                numbers = [v for v in given if v is not None]
                if not numbers or abs(sum(numbers) - value) <= 1e-6:
                    continue
                codes = ", ".join(item.code for item in items)
                self.add(
                    "points-sum-mismatch",
                    ERROR,
                    f"{name_of(target)}: điểm {number(value)} khác tổng điểm các tiêu chí con "
                    f"({codes}) là {number(sum(numbers))}; điểm của tiêu chí là tổng các tiêu chí "
                    "con",
                    TARGETS,
                    cell.cell,
                    target.code,
                    cell.raw,
                    sum(numbers),
                )


def _column(row: TargetRow, what: str) -> CellValue | None:
    """The cell of ``row`` in the column ``what`` ("đăng ký" or a result period's code)."""
    if what == "đăng ký":
        return row.registration
    return next((cell for period, cell in row.results.items() if period.value == what), None)
