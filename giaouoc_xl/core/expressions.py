"""Arithmetic over target codes for cross-field rules: ``CT04.3 + CT06.2``, ``2 * CT07.2 - 1``.

Parsed with Python's own ``ast`` (codes are first replaced by plain names) and evaluated by a
whitelist: numbers, target codes, + - * / and parentheses. Nothing else is ever executed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
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
    return _compiled(expression)(values)


_Evaluator = Callable[[Mapping[str, float | None]], float | None]


@lru_cache(maxsize=512)
def _compiled(expression: str) -> _Evaluator:
    """The whitelisted tree turned into nested closures once (a batch evaluates each rule of
    the compact for every file)."""
    tree, names = _prepare(expression)
    return _compile(tree.body, names)


def _compile(node: ast.AST, names: dict[str, str]) -> _Evaluator:
    if isinstance(node, ast.Constant):
        constant = float(node.value)  # type: ignore[arg-type]  # only numbers pass _prepare
        return lambda values: constant
    if isinstance(node, ast.Name):
        code = names[node.id]
        return lambda values: values.get(code)
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand, names)
        if isinstance(node.op, ast.USub):
            return lambda values: None if (v := operand(values)) is None else -v
        return operand
    if isinstance(node, ast.BinOp):
        left, right = _compile(node.left, names), _compile(node.right, names)
        apply = _OPERATIONS[type(node.op)]

        def binary(values: Mapping[str, float | None]) -> float | None:
            a, b = left(values), right(values)
            return None if a is None or b is None else apply(a, b)

        return binary
    raise ExpressionError("biểu thức không hợp lệ")


_OPERATIONS: dict[type, Callable[[float, float], float | None]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: None if b == 0 else a / b,
}
