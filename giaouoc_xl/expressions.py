"""Arithmetic over target codes for cross-field rules: ``CT04.3 + CT06.2``, ``2 * CT07.2 - 1``.

Parsed with Python's own ``ast`` (codes are first replaced by plain names) and evaluated by a
whitelist: numbers, target codes, + - * / and parentheses. Nothing else is ever executed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from functools import lru_cache

_CODE = re.compile(r"(?<![\w.])([A-Za-z][\w]*(?:\.[\w]+)*)")


_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub, ast.UAdd,
)  # fmt: skip


class ExpressionError(ValueError):
    """An expression that is not simple arithmetic over target codes."""


@lru_cache(maxsize=512)
def _prepare(expression: str) -> tuple[ast.Expression, dict[str, str]]:
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        code = match[1]
        return names.setdefault(code, f"_v{len(names)}") if code not in names else names[code]

    text = _CODE.sub(rename, expression.replace(",", ".").replace("×", "*").replace("÷", "/"))
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"biểu thức '{expression}' không đúng cú pháp") from exc
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED) or (
            isinstance(node, ast.Constant)
            and (isinstance(node.value, bool) or not isinstance(node.value, (int, float)))
        ):
            raise ExpressionError(
                f"biểu thức '{expression}' chỉ được dùng số, mã chỉ tiêu và + - * / ( )"
            )
    return tree, {v: k for k, v in names.items()}


def codes_in(expression: str) -> list[str]:
    """The target codes an expression uses. Raises :class:`ExpressionError`."""
    _, names = _prepare(expression)
    return list(names.values())


def evaluate(expression: str, values: Mapping[str, float | None]) -> float | None:
    """The value of ``expression``; None when a code it uses has no value (or divides by 0)."""
    tree, names = _prepare(expression)

    def walk(node: ast.AST) -> float | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return float(node.value)  # type: ignore[arg-type]  # only numbers pass _prepare
        if isinstance(node, ast.Name):
            return values.get(names[node.id])
        if isinstance(node, ast.UnaryOp):
            operand = walk(node.operand)
            return (
                None
                if operand is None
                else (-operand if isinstance(node.op, ast.USub) else operand)
            )
        if isinstance(node, ast.BinOp):
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            return None if right == 0 else left / right
        raise ExpressionError("biểu thức không hợp lệ")

    return walk(tree)
