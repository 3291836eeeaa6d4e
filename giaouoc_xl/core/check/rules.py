"""The compact's cross-field rules (CT04.3 + CT06.2 <= 100) on the registrations, and on the
results of a period that collects them."""

from __future__ import annotations

from ..expressions import ExpressionError, codes_in, evaluate
from ..model import Compact, Comparison, CrossRule, Period, RuleField, label
from ..school_form import RESULT_PERIODS, TARGETS
from ..values import rule_number
from .base import Checker, Matched, number
from .values import usable

_COMPARE = {
    Comparison.LE: lambda a, b: a <= b + 1e-9,
    Comparison.GE: lambda a, b: a >= b - 1e-9,
    Comparison.EQ: lambda a, b: abs(a - b) <= 1e-9,
    Comparison.LT: lambda a, b: a < b - 1e-9,
    Comparison.GT: lambda a, b: a > b + 1e-9,
    Comparison.NE: lambda a, b: abs(a - b) > 1e-9,
}


class RuleChecks(Checker):
    """The cross-field rules."""

    def cross_rules(self, matched: Matched) -> None:
        if not self.compact.rules:
            return
        fields: list[Period | None] = [None]  # None: the registration
        if self.period in RESULT_PERIODS:
            fields.append(self.period)
        for field in fields:
            values: dict[str, float | None] = {}
            cells: dict[str, str] = {}
            for code in _rule_codes(self.compact):
                if code not in matched:
                    continue  # the rule does not apply to this school
                target, _, row = matched[code]
                cell = row.registration if field is None else row.results.get(field)
                values[code] = rule_number(target, usable(target, cell))  # Có 1, a level's order
                if cell is not None:
                    cells[code] = cell.cell
            wanted = RuleField.REGISTRATION if field is None else RuleField.RESULT
            for rule in self.compact.rules:
                if rule.applies_to in (wanted, RuleField.BOTH):
                    self.cross_rule(
                        rule, "registration" if field is None else field.value, values, cells
                    )

    def cross_rule(
        self, rule: CrossRule, field: str, values: dict[str, float | None], cells: dict[str, str]
    ) -> None:
        try:
            left, right = evaluate(rule.left, values), evaluate(rule.right, values)
        except ExpressionError:
            return  # reported when the compact book was checked
        if left is None or right is None or _COMPARE[rule.operator](left, right):
            return  # a target missing or not applicable: the rule does not apply
        codes = [c for c in codes_in(rule.left) + codes_in(rule.right) if c in values]
        what = "đăng ký" if field == "registration" else "kết quả"
        self.add(
            "rule-failed",
            rule.severity,
            f"Quy tắc {rule.code} ({what}): {rule.message} ({rule.left} = {number(left)}, yêu cầu "
            f"{label(rule.operator)} {rule.right} = {number(right)})",
            TARGETS,
            cells.get(codes[0], "") if codes else "",
            ", ".join(codes),
            left,
            right,
        )


def _rule_codes(compact: Compact) -> list[str]:
    """Every target code the cross-field rules use."""

    def make() -> list[str]:
        codes: list[str] = []
        for rule in compact.rules:
            for side in (rule.left, rule.right):
                try:
                    codes += [c for c in codes_in(side) if c not in codes]
                except ExpressionError:
                    continue
        return codes

    return compact.memo("rule codes", make)
