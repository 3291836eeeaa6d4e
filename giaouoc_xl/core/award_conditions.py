"""Whether a school meets an award's conditions, and why not in words, pure: what the
proposals need of one school (:class:`Standing`), the staff figures a condition may use
(:data:`AWARD_VARIABLES`), the signature, the registration, the deferral, the veto, the tier,
the total and the condition (staff figures and years past, :mod:`giaouoc_xl.core.over_years`);
the vote and the quota are :mod:`giaouoc_xl.core.awards`'s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .codes import SchoolStatus
from .expressions import Call, ExpressionError, condition_calls, condition_names, holds
from .history import History
from .model import Award, Compact, fold
from .numbers import vn
from .over_years import FUNCTIONS, Past, call_words, evaluate_calls

__all__ = [
    "AWARD_VARIABLES",
    "Standing",
    "conditions",
    "failing",
    "reaches",
    "readable",
    "safe_calls",
    "unmet",
]

#: The staff figures an award condition may use, with the school workbook's field of each.
AWARD_VARIABLES = {
    "TONG": "staff_total",
    "HTNV": "staff_completed",
    "LDTT": "staff_ldtt",
    "CSTD": "staff_cstdcs",
    "KY_LUAT": "staff_disciplined",
}


@dataclass(frozen=True)
class Standing:
    """What the proposals need of one school (from its row of the merge)."""

    code: str
    name: str
    status: SchoolStatus
    rank: int | None
    total: float | None
    tier: str
    deferred: str  # "" or "Tạm hoãn xét: …"
    excluded: str  # "" or why a veto target excludes it
    staff: Mapping[str, int]
    signed: bool | None = None  # chose "Có" in "Cam kết thực hiện" (None: not known)
    registered: bool | None = None  # its file has a usable registration (None: not known)
    bonus: float = 0.0  # verified bonus points (a tie-break criterion)
    deduction: float = 0.0  # verified deductions
    contents: Mapping[int, float] = field(default_factory=dict)  # content -> verified points


_number = vn  # the one Vietnamese number rule


def conditions(
    compact: Compact, history: History | None, tiers: list[str], school: Standing, award: Award
) -> str:
    """Why ``school`` does not meet ``award``'s conditions ('' when it does)."""
    if compact.awards_need_signature and school.signed is False:
        return "chưa ký giao ước (không chọn 'Có' ở ô Cam kết thực hiện)"
    if compact.awards_need_registration and school.registered is False:
        return "chưa đăng ký chỉ tiêu (bài nộp không có số liệu đăng ký dùng được)"
    if school.deferred:
        return school.deferred[0].lower() + school.deferred[1:]
    if school.excluded:
        return school.excluded
    if award.min_tier and not reaches(tiers, school.tier, award.min_tier):
        return f"xếp loại chưa đạt ({school.tier or 'chưa xếp loại'}; cần {award.min_tier})"
    if award.min_total is not None and (school.total or 0) + 1e-9 < award.min_total:
        return f"chưa đủ điểm ({_number(school.total or 0)}; cần ≥ {_number(award.min_total)})"
    if award.condition:
        figures = {name: school.staff.get(key) for name, key in AWARD_VARIABLES.items()}
        try:
            calls = condition_calls(award.condition)
            past = evaluate_calls(compact, history, school.code, calls)
            met = holds(award.condition, figures, past.values)
            names = condition_names(award.condition)
        except ExpressionError:
            return "thiếu số liệu cán bộ để xét điều kiện"  # said by the compact's check
        if met is None:
            if any(figures.get(n) is None for n in names) or not calls:
                return "thiếu số liệu cán bộ để xét điều kiện"
            return past.missing(calls) or "chưa có dữ liệu các năm trước để xét điều kiện"
        if not met:
            return unmet(award.condition, figures, past)
    return ""


def reaches(tiers: list[str], tier: str, minimum: str) -> bool:
    """Whether ``tier`` is ``minimum`` or better (an unknown minimum asks nothing)."""
    if fold(minimum) not in tiers:
        return True
    return fold(tier) in tiers and tiers.index(fold(tier)) <= tiers.index(fold(minimum))


def unmet(condition: str, figures: Mapping[str, float | None], past: Past) -> str:
    """Why a condition that does not hold fails, in words: its parts on the staff figures
    ("chưa đạt điều kiện về cán bộ (…)") and its parts over years ("chưa đạt điều kiện các
    năm trước (…; trường có …)")."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|và)\s+", condition, flags=re.IGNORECASE)]
    staff: list[str] = []
    over_years: list[tuple[str, list[Call]]] = []
    for part in parts if len(parts) > 1 else [condition]:
        try:
            calls = condition_calls(part)
            missed = holds(part, figures, past.values) is False
        except ExpressionError:  # a quoted text with 'và' in it: the whole condition
            staff, over_years = [], []
            break
        if missed or len(parts) == 1:
            if calls:
                over_years.append((part, calls))
            else:
                staff.append(part)
    if not staff and not over_years:
        calls = safe_calls(condition)
        if calls:
            over_years = [(condition, calls)]
        else:
            staff = [condition]
    said = []
    if staff:
        said.append(f"chưa đạt điều kiện về cán bộ ({failing(' and '.join(staff), figures)})")
    if over_years:
        held = "; ".join(
            f"{readable(part)}; trường có {past.held(call)}"
            for part, calls in over_years
            for call in calls[:1]
        )
        said.append(f"chưa đạt điều kiện các năm trước đến năm học {past.upto} ({held})")
    return "; ".join(said)


def safe_calls(condition: str) -> list[Call]:
    try:
        return condition_calls(condition)
    except ExpressionError:
        return []


def failing(condition: str, figures: Mapping[str, float | None]) -> str:
    """The parts of a condition joined by 'and' that do not hold (the whole when it is not such
    a chain), in words a school reads."""
    parts = [p.strip() for p in re.split(r"\s+(?:and|và)\s+", condition, flags=re.IGNORECASE)]
    try:
        missed = [p for p in parts if holds(p, figures) is False] if len(parts) > 1 else []
    except ExpressionError:
        missed = []
    text = " và ".join(missed) or condition
    found = {n: m.start() for n in AWARD_VARIABLES if (m := re.search(rf"\b{n}\b", text))}
    used = sorted(found, key=found.__getitem__)  # in the order the condition names them
    have = ", ".join(
        f"{_READ[n].removeprefix('số ')} {_number(value)}"
        for n in used
        if (value := figures.get(n)) is not None
    )
    return f"{readable(text)}; trường có: {have}" if have else readable(text)


#: The staff figures and operators of a condition, as a school reads them.
_READ = {
    "TONG": "tổng số cán bộ",
    "HTNV": "số hoàn thành nhiệm vụ",
    "LDTT": "số Lao động tiên tiến",
    "CSTD": "số Chiến sĩ thi đua cơ sở",
    "KY_LUAT": "số bị kỷ luật",
    ">=": "≥",
    "<=": "≤",
    "==": "=",
    "!=": "≠",
    "and": "và",
    "or": "hoặc",
    "not": "không",
}


def readable(condition: str) -> str:
    """``LDTT / TONG >= 0.7 and KY_LUAT == 0`` -> ``số Lao động tiên tiến / tổng số cán bộ ≥ 0,7
    và số bị kỷ luật = 0``."""

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("\0"):  # a call, in words already
            return calls[int(token[1:-1])]
        if token[0].isdigit():
            return token.replace(".", ",")
        return _READ.get(token, _READ.get(token.lower(), token))

    calls: list[str] = []

    def call(match: re.Match[str]) -> str:
        args = tuple(g for g in match.groups()[1:] if g is not None)
        calls.append(call_words((match[1], args)))
        return f"\0{len(calls) - 1}\0"

    text = _CALL.sub(call, condition)
    return re.sub(r"\0\d+\0|>=|<=|==|!=|\d+\.\d+|\d+|[A-Za-z_]+", word, text)


#: A call of a function over years as a condition writes it (its one text argument, if any).
_CALL = re.compile(
    r"\b(" + "|".join(FUNCTIONS) + r")\s*\(\s*(?:\"([^\"]*)\"|“([^”]*)”|'([^']*)'|‘([^’]*)’)?\s*\)"
)
