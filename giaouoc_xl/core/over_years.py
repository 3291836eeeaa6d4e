"""The award ladder's conditions over years (điều kiện theo các năm), pure: the functions an
award's condition may call on the school's history, and their values.

Each function counts the **consecutive school years up to last year** (the year before the
compact's school year, counted back) for which something held, the table of renamed and merged
schools applied (:class:`giaouoc_xl.core.history.History`):

- ``NAM_LIEN_TIEP_XEP_LOAI("Hoàn thành xuất sắc nhiệm vụ")``: with a tier at or above that one
  (the compact's tiers, best first);
- ``NAM_LIEN_TIEP_DANH_HIEU("TTLĐXS")``: with that title or award received (its code or its
  name; decided, not proposals awaiting the decision);
- ``NAM_LIEN_TIEP_KHONG_PHU_QUYET()``: without a veto outcome.

They are numbers in the condition: ``NAM_LIEN_TIEP_XEP_LOAI("Hoàn thành xuất sắc nhiệm vụ") >= 2
and KY_LUAT == 0``. A count that stopped at a year the history cannot answer (no record, or a
record that cannot say) is known only to be at least what it counted: the condition is decided
when that is enough (``>= 2`` with the last two years held), else the school's reason is the
year missing ("chưa có dữ liệu năm 2023-2024"), never a silent pass or fail.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .expressions import Call, CallValue
from .history import History, Streak, Test, streak, tier_at_least, with_award, without_veto
from .model import Compact, fold

__all__ = [
    "FUNCTIONS",
    "Past",
    "call_problem",
    "call_words",
    "evaluate_calls",
    "last_year",
]

#: The functions a condition may call, with the arguments each takes and what it counts in
#: words (how a reason reads the call).
FUNCTIONS: dict[str, tuple[int, str]] = {
    "NAM_LIEN_TIEP_XEP_LOAI": (1, "số năm liên tiếp xếp loại từ {0} trở lên"),
    "NAM_LIEN_TIEP_DANH_HIEU": (1, "số năm liên tiếp nhận {0}"),
    "NAM_LIEN_TIEP_KHONG_PHU_QUYET": (0, "số năm liên tiếp không vi phạm chỉ tiêu phủ quyết"),
}

#: Why a count could not be made without a history book.
NO_HISTORY = "chưa dùng sổ lịch sử"


def last_year(compact: Compact) -> int | None:
    """The first calendar year of the school year before the compact's (None: its school year
    cannot be read)."""
    match = re.match(r"\s*(\d{4})", compact.school_year)
    return int(match[1]) - 1 if match else None


def call_problem(compact: Compact, call: Call) -> str:
    """What is wrong with a call of a condition ('' nothing): a function that does not exist,
    the wrong number of arguments, a tier not on the compact's sheet."""
    name, args = call
    if name not in FUNCTIONS:
        return f"'{name}' không phải hàm của điều kiện theo các năm; dùng " + ", ".join(
            f"{f}(…)" for f in FUNCTIONS
        )
    count, _ = FUNCTIONS[name]
    if len(args) != count or not all(isinstance(a, str) and a.strip() for a in args):
        shown = '("…")' if count else "()"
        return f"hàm {name} cần {count} đối số là chữ trong ngoặc kép: {name}{shown}"
    if name == "NAM_LIEN_TIEP_XEP_LOAI" and fold(str(args[0])) not in {
        fold(t.name) for t in compact.tiers
    }:
        return f"hàm {name}: xếp loại '{args[0]}' không có ở sheet Xếp loại"
    return ""


def call_words(call: Call) -> str:
    """A call as a school reads it: "số năm liên tiếp xếp loại từ Hoàn thành tốt nhiệm vụ trở
    lên"."""
    name, args = call
    words = FUNCTIONS.get(name, (0, name))[1]
    return words.format(*args) if args else words


@dataclass(frozen=True)
class Past:
    """The values of a condition's calls for one school: each call's count (a range when it
    stopped at a year the history cannot answer), and the streak behind it (None without a
    history)."""

    values: Mapping[Call, CallValue]
    streaks: Mapping[Call, Streak | None]
    upto: str

    def missing(self, calls: Sequence[Call]) -> str:
        """Why the counts of ``calls`` are not known in full: each year missing with its
        reason ("chưa có dữ liệu năm 2023-2024")."""
        reasons: list[str] = []
        for call in calls:
            found = self.streaks.get(call)
            if found is None:
                reasons.append(f"chưa có dữ liệu năm {self.upto} ({NO_HISTORY})")
            else:
                reasons += [found.reasons[year] for year in found.missing]
        return "; ".join(dict.fromkeys(reasons))

    def held(self, call: Call) -> str:
        """What the school has for ``call``: "1 năm: năm 2023-2024 xếp loại …"."""
        found = self.streaks.get(call)
        if found is None:
            return f"chưa có dữ liệu ({NO_HISTORY})"
        why = found.reasons.get(found.failed, "") if found.failed else ""
        return f"{found.years} năm" + (f": {why}" if why else "")


def evaluate_calls(
    compact: Compact, history: History | None, code: str, calls: Sequence[Call]
) -> Past:
    """The values of ``calls`` for the school coded ``code`` from ``history`` (None: no
    history was given: every count is unknown)."""
    start = last_year(compact)
    upto = f"{start}-{start + 1}" if start is not None else compact.school_year
    values: dict[Call, CallValue] = {}
    streaks: dict[Call, Streak | None] = {}
    for call in calls:
        if history is None or start is None or call_problem(compact, call):
            values[call], streaks[call] = None, None
            continue
        found = streak(history, code, start, _test(compact, call))
        streaks[call] = found
        values[call] = (float(found.years), math.inf) if found.missing else float(found.years)
    return Past(values, streaks, upto)


def _test(compact: Compact, call: Call) -> Test:
    name, args = call
    if name == "NAM_LIEN_TIEP_XEP_LOAI":
        return tier_at_least(str(args[0]), [t.name for t in compact.tiers])
    if name == "NAM_LIEN_TIEP_DANH_HIEU":
        wanted = fold(str(args[0]))
        names = [str(args[0])]
        for award in compact.awards:  # its code and its name both match
            if wanted in (fold(award.code), fold(award.name)):
                names += [award.code, award.name]
        return with_award(*names)
    return without_veto()
