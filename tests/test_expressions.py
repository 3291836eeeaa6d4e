"""Cross-field rule expressions: arithmetic over target codes, nothing else ever evaluated."""

from __future__ import annotations

import pytest

from giaouoc_xl.core.expressions import ExpressionError, codes_in, condition_names, evaluate, holds

VALUES = {"CT04.3": 10.0, "CT06.2": 5.0, "CT07": None}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("CT04.3 + CT06.2", 15.0),
        ("2 * CT04.3 - 1", 19.0),
        ("2,5 × CT06.2", 12.5),  # decimal comma and the multiplication sign people type
        ("CT04.3 ÷ CT06.2", 2.0),
        ("-CT06.2 + +CT04.3", 5.0),
        ("(CT04.3 - CT06.2) / 5", 1.0),
        ("42", 42.0),
        ("CT04.3 / (CT06.2 - 5)", None),  # division by zero: the rule does not apply
        ("CT07 + 1", None),  # a target without a value: the rule does not apply
        ("CT99 * 2", None),  # a target the school does not have
        ("CT04.3.real", None),  # a dotted name is a target code, never an attribute
        ("True + 1", None),  # so is a bare word: nothing is looked up in Python
    ],
)
def test_evaluate(expression: str, expected: float | None) -> None:
    assert evaluate(expression, VALUES) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('id')",
        "CT04.3 ** 2",
        "'a' + 'b'",
        "CT04.3 if CT06.2 else 0",
        "[CT04.3][0]",
        "lambda: 1",
        "CT04.3 +",
        "",
    ],
)
def test_anything_but_arithmetic_is_refused(expression: str) -> None:
    with pytest.raises(ExpressionError):
        evaluate(expression, VALUES)


def test_codes_in() -> None:
    assert codes_in("CT04.3 + 2 * CT06.2 - CT04.3") == ["CT04.3", "CT06.2"]


@pytest.mark.parametrize(
    "condition",
    ["(LDTT > 0) + (CSTD > 0) >= 1", "(LDTT > 1) * 2 == 2", "TONG - (KY_LUAT == 0) > 3"],
)
def test_a_comparison_inside_arithmetic_is_refused_when_the_ladder_is_checked(
    condition: str,
) -> None:
    # it would give no number at the vote: refused when the compact is checked, by cell
    with pytest.raises(ExpressionError, match="không nằm bên trong phép tính"):
        condition_names(condition)
    figures = {"TONG": 20.0, "LDTT": 12.0, "CSTD": 1.0, "KY_LUAT": 0.0, "HTNV": 20.0}
    assert holds("not (LDTT > 15 or CSTD < 1) and TONG - KY_LUAT >= 20", figures) is True
