"""How a rule across the compact says a finding (:mod:`giaouoc_xl.core.compact_rules`,
:mod:`giaouoc_xl.core.ladder_rules`): a finding with its rule's code and its place in the model
(``loc``), an item's findings pointing at its fields, a part the compact cannot do without,
values used twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .codes import RULE_CODES
from .findings import Finding, Severity

__all__ = ["At", "Loc", "duplicates", "nothing", "rule_finding"]

Loc = tuple[str | int, ...]

#: The finding of each part a compact cannot do without, when that part is empty.
_EMPTY: dict[str, tuple[str, str]] = {
    "periods": (
        "no-period",
        "Giao ước chưa có kỳ báo cáo nào; nhập ít nhất một kỳ ở sheet kỳ báo cáo",
    ),
    "targets": (
        "no-targets",
        "Giao ước chưa có chỉ tiêu nào: hãy nhập các chỉ tiêu vào sheet 'Chỉ tiêu'",
    ),
    "tiers": (
        "no-tiers",
        "Giao ước chưa có bảng xếp loại; nhập các mức xếp loại và điểm tối thiểu của từng mức",
    ),
    "schools": (
        "no-schools",
        "Giao ước chưa có trường nào: hãy nhập danh sách trường vào sheet 'Danh sách trường'",
    ),
}


def rule_finding(
    code: str,
    message: str,
    loc: Loc,
    *,
    target: str = "",
    value: Any = None,
    expected: Any = None,
    severity: Severity = Severity.ERROR,
) -> Finding:
    assert code in RULE_CODES, code
    return Finding(code, severity, message, target=target, value=value, expected=expected, loc=loc)


@dataclass(frozen=True)
class At:
    """One item of the compact (a target, a tier, a school…): its findings point at its fields."""

    loc: Loc
    target: str = ""  # the target code the findings are about, if any

    def __call__(
        self, field: str, code: str, message: str, value: Any = None, **more: Any
    ) -> Finding:
        return rule_finding(
            code, message, (*self.loc, field), target=self.target, value=value, **more
        )


def nothing(part: str) -> Finding:
    """The finding of a part the compact cannot do without, when it is empty."""
    code, message = _EMPTY[part]
    return rule_finding(code, message, (part,))


def duplicates(
    items: Sequence[Any], key: Callable[[Any], Any], part: str, field: str, code: str, what: str
) -> Iterator[Finding]:
    """A finding at each item whose ``key`` an item before it has already."""
    counts = Counter(key(item) for item in items)
    seen: set[Any] = set()
    for index, item in enumerate(items):
        value = key(item)
        if counts[value] > 1:
            if value in seen:
                yield rule_finding(
                    code,
                    f"{what} '{value}' bị trùng (xuất hiện {counts[value]} lần); mỗi giá trị chỉ được dùng "
                    "một lần",
                    (part, index, field),
                    value=value,
                )
            seen.add(value)
