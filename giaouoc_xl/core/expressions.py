"""Arithmetic over target codes for cross-field rules: ``CT04.3 + CT06.2``, ``2 * CT07.2 - 1``;
and conditions over named figures for the award ladder: ``LDTT / TONG > 0,5 and KY_LUAT == 0``
(a decimal comma or point).

Parsed with Python's own ``ast`` (codes are first replaced by plain names) and evaluated by a
whitelist: numbers, names, + - * / and parentheses; in a condition also the comparisons
(< <= > >= == != and ≤ ≥ ≠ =) and ``and``/``or``/``not`` (``và``/``hoặc``/``không``). Nothing
else is ever executed.
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


_LOGIC = (
    ast.Compare, ast.BoolOp, ast.And, ast.Or, ast.Not,
    ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq,
)  # fmt: skip
_KEYWORDS = {"and": "and", "or": "or", "not": "not", "và": "and", "hoặc": "or", "không": "not"}
_SYMBOLS = (("≥", ">="), ("≤", "<="), ("≠", "!="), ("<>", "!="))


#: The Vietnamese decimal comma between digits (``0,7``), as staff type a number.
_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d)")


@lru_cache(maxsize=256)
def _prepare_condition(expression: str) -> tuple[ast.Expression, dict[str, str]]:
    """A condition's tree (comparisons and and/or/not over arithmetic) and its names; a number
    is read with a decimal comma (``LDTT / TONG > 0,7``) or a point (``0.7``)."""
    text = _DECIMAL_COMMA.sub(".", expression)
    for symbol, plain in _SYMBOLS:
        text = text.replace(symbol, plain)
    text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        word = match[1]
        if word.lower() in _KEYWORDS:
            return _KEYWORDS[word.lower()]
        return names.setdefault(word, f"_v{len(names)}")

    text = re.sub(r"(?<![\w.])([^\W\d][\w]*(?:\.[\w]+)*)", rename, text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"điều kiện '{expression}' không đúng cú pháp") from exc
    for node in ast.walk(tree):
        if not isinstance(node, (*_ALLOWED, *_LOGIC)) or (
            isinstance(node, ast.Constant)
            and (isinstance(node.value, bool) or not isinstance(node.value, (int, float)))
        ):
            raise ExpressionError(
                f"điều kiện '{expression}' chỉ được dùng số, tên số liệu, + - * / ( ), so sánh "
                "(< <= > >= == !=) và and, or, not"
            )
    _check_shape(tree.body, expression)
    return tree, {v: k for k, v in names.items()}


def _is_logic(node: ast.AST) -> bool:
    return isinstance(node, (ast.BoolOp, ast.Compare)) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    )


def _check_shape(node: ast.AST, expression: str) -> None:
    """and/or/not over comparisons over arithmetic, never the other way round: a comparison
    inside a sum (``(LDTT > 0) + (CSTD > 0)``) has no number to give."""
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check_shape(value, expression)
        return
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check_shape(node.operand, expression)
        return
    sides = [node.left, *node.comparators] if isinstance(node, ast.Compare) else [node]
    for side in sides:
        if any(_is_logic(n) for n in ast.walk(side)):
            raise ExpressionError(
                f"điều kiện '{expression}': so sánh và and, or, not không nằm bên trong phép "
                "tính; viết ví dụ LDTT > 0 or CSTD > 0"
            )


def condition_names(expression: str) -> list[str]:
    """The names a condition uses. Raises :class:`ExpressionError`."""
    _, names = _prepare_condition(expression)
    return list(names.values())


def holds(expression: str, values: Mapping[str, float | None]) -> bool | None:
    """Whether the condition holds; None when a figure it needs is missing (or divides by 0).
    Raises :class:`ExpressionError`."""
    tree, names = _prepare_condition(expression)
    return _truth(tree.body, names, values)


def _truth(node: ast.AST, names: dict[str, str], values: Mapping[str, float | None]) -> bool | None:
    if isinstance(node, ast.BoolOp):
        parts = [_truth(v, names, values) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if False in parts else None if None in parts else True
        return True if True in parts else None if None in parts else False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _truth(node.operand, names, values)
        return None if inner is None else not inner
    if isinstance(node, ast.Compare):
        sides = [_compile(node.left, names)(values)]
        sides += [_compile(c, names)(values) for c in node.comparators]
        if any(side is None for side in sides):
            return None
        return all(
            _COMPARE[type(op)](a, b)  # type: ignore[arg-type]
            for op, a, b in zip(node.ops, sides, sides[1:], strict=False)
        )
    value = _compile(node, names)(values)
    return None if value is None else value != 0


_COMPARE: dict[type, Callable[[float, float], bool]] = {
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b + 1e-9,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a + 1e-9 >= b,
    ast.Eq: lambda a, b: abs(a - b) <= 1e-9,
    ast.NotEq: lambda a, b: abs(a - b) > 1e-9,
}


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
