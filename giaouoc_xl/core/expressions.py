"""Arithmetic over target codes for cross-field rules: ``CT04.3 + CT06.2``, ``2 * CT07.2 - 1``;
and conditions over named figures for the award ladder: ``LDTT / TONG > 0,5 and KY_LUAT == 0``
(a decimal comma or point).

Parsed with Python's own ``ast`` (codes are first replaced by plain names) and evaluated by a
whitelist: numbers, names, + - * / and parentheses; in a condition also the comparisons
(< <= > >= == != and ≤ ≥ ≠ =) and ``and``/``or``/``not`` (``và``/``hoặc``/``không``), and calls
of a named function with texts in quotes and numbers as its arguments
(``NAM_LIEN_TIEP_XEP_LOAI("Hoàn thành xuất sắc nhiệm vụ") >= 2``): the expression names the call,
the caller gives its value (:func:`condition_calls`, :func:`holds`). Nothing else is ever
executed.

A call's value may be known only in part: a range ``(low, high)`` (a count of consecutive years
that stopped at a year with no record is at least that many). A comparison is then True or
False only when it is for every value of the range, else unknown (None), as a missing figure is.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TypeAlias

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

#: A text in quotes (straight or typographic, as Excel's autocorrect types them): a call's
#: argument.
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|\'([^\']*)\'|‘([^’]*)’')
_TEXT = "_txt"  # how a text in quotes is named while the condition is parsed

#: A call a condition makes: the function's name and its arguments (texts and numbers).
Call: TypeAlias = tuple[str, tuple[str | float, ...]]
#: A call's value: a number, a range (low, high) it is known to lie in, or None (unknown).
CallValue: TypeAlias = float | tuple[float, float] | None


@lru_cache(maxsize=256)
def _prepare_condition(
    expression: str,
) -> tuple[ast.Expression, dict[str, str], dict[str, str]]:
    """A condition's tree (comparisons and and/or/not over arithmetic and calls), its names
    and its texts in quotes; a number is read with a decimal comma (``LDTT / TONG > 0,7``) or a
    point (``0.7``)."""
    if _TEXT in expression:
        raise ExpressionError(f"điều kiện '{expression}' không đúng cú pháp")
    texts: dict[str, str] = {}

    def quoted(match: re.Match[str]) -> str:
        key = f"{_TEXT}{len(texts)}"
        texts[key] = next(group for group in match.groups() if group is not None)
        return f" {key} "

    text = _QUOTED.sub(quoted, expression)
    text = _DECIMAL_COMMA.sub(".", text)
    for symbol, plain in _SYMBOLS:
        text = text.replace(symbol, plain)
    text = re.sub(r"(?<![<>!=])=(?!=)", "==", text)
    names: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        word = match[1]
        if word in texts:
            return word
        if word.lower() in _KEYWORDS:
            return _KEYWORDS[word.lower()]
        return names.setdefault(word, f"_v{len(names)}")

    text = re.sub(r"(?<![\w.])([^\W\d][\w]*(?:\.[\w]+)*)", rename, text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"điều kiện '{expression}' không đúng cú pháp") from exc
    arguments = {
        id(arg) for node in ast.walk(tree) if isinstance(node, ast.Call) for arg in node.args
    }
    for node in ast.walk(tree):
        if (
            not isinstance(node, (*_ALLOWED, *_LOGIC, ast.Call))
            or (
                isinstance(node, ast.Constant)
                and (isinstance(node.value, bool) or not isinstance(node.value, (int, float)))
            )
            or (isinstance(node, ast.Call) and (node.keywords or not _named(node.func, texts)))
            or (isinstance(node, ast.Name) and node.id in texts and id(node) not in arguments)
            or (id(node) in arguments and not isinstance(node, (ast.Constant, ast.Name)))
            or (id(node) in arguments and isinstance(node, ast.Name) and node.id not in texts)
        ):
            raise ExpressionError(
                f"điều kiện '{expression}' chỉ được dùng số, tên số liệu, hàm với đối số trong "
                "ngoặc kép, + - * / ( ), so sánh (< <= > >= == !=) và and, or, not"
            )
    _check_shape(tree.body, expression)
    return tree, {v: k for k, v in names.items()}, texts


def _named(node: ast.AST, texts: Mapping[str, str]) -> bool:
    """A call's function is a plain name (never a text, an attribute or another call)."""
    return isinstance(node, ast.Name) and node.id not in texts


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
    """The names of figures a condition uses (not the functions it calls). Raises
    :class:`ExpressionError`."""
    return list(_facts(expression)[0])


def condition_calls(expression: str) -> list[Call]:
    """The calls a condition makes, each once, in the order written: (function, arguments).
    Raises :class:`ExpressionError`."""
    return list(_facts(expression)[1])


@lru_cache(maxsize=256)  # keyed by the whole text, all they depend on: a ladder's conditions
def _facts(expression: str) -> tuple[tuple[str, ...], tuple[Call, ...]]:
    """A condition's figures and calls, found once per text (a merge asks them of every
    school, for every award)."""
    tree, names, texts = _prepare_condition(expression)
    called = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)}  # type: ignore[attr-defined]
    figures = tuple(name for key, name in names.items() if key not in called)
    calls = tuple(dict.fromkeys(_call(node, names, texts) for node in _calls(tree)))
    return figures, calls


def _calls(tree: ast.AST) -> list[ast.Call]:
    return sorted(
        (n for n in ast.walk(tree) if isinstance(n, ast.Call)),
        key=lambda n: (n.lineno, n.col_offset),
    )


def _call(node: ast.Call, names: Mapping[str, str], texts: Mapping[str, str]) -> Call:
    arguments: list[str | float] = []
    for arg in node.args:
        if isinstance(arg, ast.Name):
            arguments.append(texts[arg.id])
        else:
            arguments.append(float(arg.value))  # type: ignore[attr-defined]
    return names[node.func.id], tuple(arguments)  # type: ignore[attr-defined]


def holds(
    expression: str,
    values: Mapping[str, float | None],
    calls: Mapping[Call, CallValue] | None = None,
) -> bool | None:
    """Whether the condition holds; None when a figure or a call's value it needs is missing
    or known only in a range that does not decide (or it divides by 0). ``calls``: the value
    of each call (:func:`condition_calls`); a call not there is unknown. Raises
    :class:`ExpressionError`."""
    tree, names, texts = _prepare_condition(expression)
    if not _facts(expression)[1]:  # no call: the figures decide
        return _truth(tree.body, names, values)
    return _ranged_truth(tree.body, _Scope(names, texts, values, calls or {}))


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


Range: TypeAlias = tuple[float, float]


class _Scope:
    """What a condition with calls is evaluated against."""

    def __init__(
        self,
        names: Mapping[str, str],
        texts: Mapping[str, str],
        values: Mapping[str, float | None],
        calls: Mapping[Call, CallValue],
    ) -> None:
        self.names, self.texts, self.values, self.calls = names, texts, values, calls


def _ranged_truth(node: ast.AST, scope: _Scope) -> bool | None:
    """:func:`_truth` over ranges: a comparison is decided when it is for every value."""
    if isinstance(node, ast.BoolOp):
        parts = [_ranged_truth(v, scope) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if False in parts else None if None in parts else True
        return True if True in parts else None if None in parts else False
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _ranged_truth(node.operand, scope)
        return None if inner is None else not inner
    if isinstance(node, ast.Compare):
        sides = [_range(node.left, scope), *(_range(c, scope) for c in node.comparators)]
        verdicts = [
            None if a is None or b is None else _RANGED[type(op)](a, b)
            for op, a, b in zip(node.ops, sides, sides[1:], strict=False)
        ]
        return False if False in verdicts else None if None in verdicts else True
    value = _range(node, scope)
    if value is None:
        return None
    return _RANGED[ast.NotEq](value, (0.0, 0.0))


def _range(node: ast.AST, scope: _Scope) -> Range | None:
    """The range a value of the condition lies in (low == high: known); None: unknown."""
    if isinstance(node, ast.Constant):
        return float(node.value), float(node.value)  # type: ignore[arg-type]
    if isinstance(node, ast.Name):
        value = scope.values.get(scope.names[node.id])
        return None if value is None else (float(value), float(value))
    if isinstance(node, ast.Call):
        found = scope.calls.get(_call(node, scope.names, scope.texts))
        if found is None:
            return None
        return (float(found), float(found)) if isinstance(found, (int, float)) else found
    if isinstance(node, ast.UnaryOp):
        inner = _range(node.operand, scope)
        if inner is None or isinstance(node.op, ast.UAdd):
            return inner
        return -inner[1], -inner[0]
    if isinstance(node, ast.BinOp):
        a, b = _range(node.left, scope), _range(node.right, scope)
        if a is None or b is None:
            return None
        if isinstance(node.op, ast.Add):
            return a[0] + b[0], a[1] + b[1]
        if isinstance(node.op, ast.Sub):
            return a[0] - b[1], a[1] - b[0]
        if a[0] != a[1] or b[0] != b[1]:  # a product or share of a range: not narrowed
            return None
        value = _OPERATIONS[type(node.op)](a[0], b[0])
        return None if value is None else (value, value)
    raise ExpressionError("biểu thức không hợp lệ")


_EPS = 1e-9


def _equal(a: Range, b: Range) -> bool | None:
    """Whether two ranges hold the same value: not when they do not meet, surely when each is
    a single value, else unknown (None)."""
    if a[1] < b[0] - _EPS or a[0] > b[1] + _EPS:
        return False
    if a[1] - a[0] <= _EPS and b[1] - b[0] <= _EPS:
        return True
    return None


_RANGED: dict[type, Callable[[Range, Range], bool | None]] = {
    ast.Lt: lambda a, b: True if a[1] < b[0] - _EPS else False if a[0] >= b[1] - _EPS else None,
    ast.LtE: lambda a, b: True if a[1] <= b[0] + _EPS else False if a[0] > b[1] + _EPS else None,
    ast.Gt: lambda a, b: True if a[0] > b[1] + _EPS else False if a[1] <= b[0] + _EPS else None,
    ast.GtE: lambda a, b: True if a[0] >= b[1] - _EPS else False if a[1] < b[0] - _EPS else None,
    ast.Eq: _equal,
    ast.NotEq: lambda a, b: None if (same := _equal(a, b)) is None else not same,
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
