"""The choices of a compact: every enum, with its stable code (what JSON and the CLI use) and its
Vietnamese label (what staff see in dropdowns); both are read on input, leniently (case, spaces,
NFC, a label typed without its symbol, an earlier label). Also how a typed text is normalised
and matched, and how a yes or a no is read.

Pure data and functions, no file I/O; the models that use them are in
:mod:`giaouoc_xl.core.model`.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from pydantic_core import PydanticCustomError

from .findings import SEVERITY_LABELS, Severity

E = TypeVar("E", bound=StrEnum)


@lru_cache(maxsize=16384)
def nfc(text: str) -> str:
    """Unicode NFC with surrounding whitespace removed: how every text of ours is stored."""
    return unicodedata.normalize("NFC", text).strip()


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """A key for lenient matching of labels: NFC, case-folded, inner whitespace collapsed."""
    return " ".join(nfc(text).casefold().split())


class Level(StrEnum):
    """School level (cấp học)."""

    MN = "MN"
    TH = "TH"
    THCS = "THCS"
    THPT = "THPT"


class ValueKind(StrEnum):
    """What a target's value is (loại giá trị)."""

    PERCENT = "percent"
    COUNT = "count"
    YES_NO = "yes_no"
    LEVEL = "level"
    TEXT = "text"
    #: The points themselves, 0 to the criterion's maximum (``Target.points``), in its step
    #: (``Target.point_step``): a criterion of a score sheet the school scores itself (tự chấm)
    POINTS = "points"


class Direction(StrEnum):
    """How a value is compared with its threshold (chiều so sánh): at least, at most, exactly,
    or a yes that must be given (a yes/no target)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    MUST_BE_YES = "must_be_yes"


class Scoring(StrEnum):
    """How a target earns its points (cách tính điểm)."""

    ALL_OR_NOTHING = "all_or_nothing"
    PROPORTIONAL = "proportional"
    DEDUCT = "deduct"
    #: A level list scored by its table of level → points (``Target.level_points``)
    BY_LEVEL = "by_level"


class Category(StrEnum):
    """Standard target, bonus item (điểm cộng) or deduction item (điểm trừ)."""

    STANDARD = "standard"
    BONUS = "bonus"
    DEDUCTION = "deduction"


class Period(StrEnum):
    """A collection period (kỳ báo cáo): the registration at the start of the year, the first
    term's results, the year-end results."""

    REGISTRATION = "dang-ky"
    TERM1 = "hk1"
    YEAR_END = "cuoi-nam"


class Comparison(StrEnum):
    """The operator of a cross-field rule."""

    LE = "<="
    GE = ">="
    EQ = "="
    LT = "<"
    GT = ">"
    NE = "<>"


class RuleField(StrEnum):
    """Which value of each target a cross-field rule compares: the registration, the result of
    the period collected, or both."""

    REGISTRATION = "dang-ky"
    RESULT = "ket-qua"
    BOTH = "ca-hai"


class VetoOutcome(StrEnum):
    """What a missed veto target (chỉ tiêu phủ quyết) does to a school."""

    CAP = "gioi-han"  # the tier is at best the compact's veto_cap_tier
    DROP = "ha-bac"  # the tier is dropped one step (hạ một bậc)
    EXCLUDE = "khong-xet"  # the tier stands, but the school is not proposed for awards


class Ranking(StrEnum):
    """What a compact does with the schools' totals: rank them within each bloc (xếp hạng), or
    only recognise each school's tier (công nhận: Đạt / Chưa đạt, or the compact's named tiers),
    with no rank anywhere and no quota by rank."""

    RANK = "xep-hang"
    RECOGNISE = "cong-nhan"


class MissingEvidence(StrEnum):
    """What a result without its evidence (minh chứng) does, in a period that requires it: an
    error of the file (it is not ranked until fixed), or 0 points for that criterion alone."""

    ERROR = "loi-tep"
    ZERO = "khong-diem"


class Deferral(StrEnum):
    """Why a school's review is deferred (tạm hoãn xét; Nghị định 98/2023, Điều 4): an
    inspection, a discipline case, a complaint or accusation not yet settled, another reason."""

    INSPECTION = "thanh-tra"
    DISCIPLINE = "ky-luat"
    COMPLAINT = "khieu-nai"
    OTHER = "khac"


class VotingBody(StrEnum):
    """Who votes on an award: the bloc's own review meeting (commonly for the bloc's flag and
    leading unit) or the organizer's emulation and commendation council (Hội đồng Thi đua –
    Khen thưởng, commonly for titles and certificates). Each body that met has its minutes."""

    BLOC = "khoi"
    COUNCIL = "hoi-dong"


class Authority(StrEnum):
    """How the signer signs (Nghị định 30/2020, Phụ lục I): for the collective (TM.), in place
    of the head (KT.), acting head (Q.), by order (TL.), by authorisation (TUQ.), or as the head
    (none)."""

    HEAD = ""
    FOR_COLLECTIVE = "TM."
    DEPUTY = "KT."
    ACTING = "Q."
    BY_ORDER = "TL."
    AUTHORISED = "TUQ."


class OrganizerKind(StrEnum):
    """Who organizes the compact (đơn vị tổ chức)."""

    DEPARTMENT = "so"  # Sở GD&ĐT (province)
    DISTRICT_OFFICE = "phong"  # Phòng GD&ĐT (district, before the 2025 reform)
    COMMUNE = "xa"  # UBND xã/phường (commune office, after the 2025 two-tier reform)
    LEAD_SCHOOL = "truong"  # the lead school of an emulation bloc
    OTHER = "khac"


LABELS: dict[type[StrEnum], dict[Any, str]] = {
    Level: {level: level.value for level in Level},
    ValueKind: {
        ValueKind.PERCENT: "Tỷ lệ %",
        ValueKind.COUNT: "Số lượng",
        ValueKind.YES_NO: "Có/Không",
        ValueKind.LEVEL: "Mức theo danh sách",
        ValueKind.TEXT: "Văn bản",
        ValueKind.POINTS: "Điểm tự chấm",
    },
    Direction: {
        Direction.AT_LEAST: "Không thấp hơn (≥)",
        Direction.AT_MOST: "Không vượt quá (≤)",
        Direction.EXACTLY: "Đúng bằng (=)",
        Direction.MUST_BE_YES: "Phải đạt (Có)",
    },
    Scoring: {
        Scoring.ALL_OR_NOTHING: "Đạt mới tính điểm",
        Scoring.PROPORTIONAL: "Theo tỷ lệ đạt",
        Scoring.DEDUCT: "Trừ theo mức thiếu",
        Scoring.BY_LEVEL: "Theo bảng điểm từng mức",
    },
    Category: {
        Category.STANDARD: "Chỉ tiêu",
        Category.BONUS: "Điểm cộng",
        Category.DEDUCTION: "Điểm trừ",
    },
    Period: {
        Period.REGISTRATION: "Đăng ký đầu năm",
        Period.TERM1: "Kết quả học kỳ I",
        Period.YEAR_END: "Kết quả cuối năm",
    },
    Comparison: {
        Comparison.LE: "≤",
        Comparison.GE: "≥",
        Comparison.EQ: "=",
        Comparison.LT: "<",
        Comparison.GT: ">",
        Comparison.NE: "≠",
    },
    RuleField: {
        RuleField.REGISTRATION: "Đăng ký",
        RuleField.RESULT: "Kết quả",
        RuleField.BOTH: "Cả hai",
    },
    Severity: SEVERITY_LABELS,
    VetoOutcome: {
        VetoOutcome.CAP: "Giới hạn xếp loại",
        VetoOutcome.DROP: "Hạ một bậc xếp loại",
        VetoOutcome.EXCLUDE: "Không xét khen thưởng",
    },
    Ranking: {
        Ranking.RANK: "Xếp hạng trong khối",
        Ranking.RECOGNISE: "Chỉ công nhận (không xếp hạng)",
    },
    MissingEvidence: {
        MissingEvidence.ERROR: "Báo lỗi bài nộp",
        MissingEvidence.ZERO: "Tiêu chí được 0 điểm",
    },
    Deferral: {
        Deferral.INSPECTION: "Đang thanh tra hoặc kiểm tra",
        Deferral.DISCIPLINE: "Đang xem xét kỷ luật",
        Deferral.COMPLAINT: "Có khiếu nại hoặc tố cáo chưa giải quyết",
        Deferral.OTHER: "Lý do khác",
    },
    VotingBody: {
        VotingBody.BLOC: "Khối thi đua",
        VotingBody.COUNCIL: "Hội đồng Thi đua – Khen thưởng",
    },
    Authority: {
        Authority.HEAD: "Người đứng đầu ký",
        Authority.FOR_COLLECTIVE: "TM.",
        Authority.DEPUTY: "KT.",
        Authority.ACTING: "Q.",
        Authority.BY_ORDER: "TL.",
        Authority.AUTHORISED: "TUQ.",
    },
    OrganizerKind: {
        OrganizerKind.DEPARTMENT: "Sở GD&ĐT",
        OrganizerKind.DISTRICT_OFFICE: "Phòng GD&ĐT",
        OrganizerKind.COMMUNE: "UBND xã/phường",
        OrganizerKind.LEAD_SCHOOL: "Trường trưởng khối",
        OrganizerKind.OTHER: "Khác",
    },
}

#: Labels are choices of a list validation, which Excel and LibreOffice split at each comma: no
#: label has one (a test holds it). Earlier labels, and the pieces an earlier list offered, still
#: read: a book typed with them keeps its meaning.
ALIASES: dict[type[StrEnum], dict[str, Any]] = {
    Deferral: {
        fold(text): member
        for member, texts in (
            (Deferral.INSPECTION, ("Đang thanh tra, kiểm tra", "Đang thanh tra", "kiểm tra")),
            (
                Deferral.COMPLAINT,
                ("Có khiếu nại, tố cáo chưa giải quyết", "Có khiếu nại", "tố cáo chưa giải quyết"),
            ),
        )
        for text in texts
    },
}

YES = "Có"
NO = "Không"
_YES_WORDS = {"có", "co", "x", "yes", "y", "true", "1", "đạt", "dat", "rồi"}
_NO_WORDS = {"không", "khong", "ko", "k", "no", "n", "false", "0", "chưa", "chua", "chưa đạt"}


def label(value: StrEnum) -> str:
    """The Vietnamese label of an enum member."""
    return LABELS[type(value)][value]


def labels(enum: type[StrEnum]) -> list[str]:
    """Every Vietnamese label of an enum, in declaration order."""
    return [LABELS[enum][member] for member in enum]


def parse_choice(enum: type[E], value: Any) -> E:
    """Accept a stable code or a Vietnamese label of ``enum``, leniently (case, spaces, NFC).

    Raises ``PydanticCustomError('choice', ...)`` listing the labels, so it reads well in Vietnamese.
    """
    if isinstance(value, enum):
        return value
    if isinstance(value, str):
        key = fold(value)
        for member in enum:
            if key in (fold(member.value), fold(LABELS[enum][member])):
                return member
        # A label typed without its symbol, e.g. "Không thấp hơn" for "Không thấp hơn (≥)".
        for member in enum:
            bare = fold(re.sub(r"\s*\(.*\)$", "", LABELS[enum][member]))
            if key == bare:
                return member
        alias = ALIASES.get(enum, {}).get(key)
        if alias is not None:
            return alias
    raise PydanticCustomError(
        "choice",
        "'{input}' không có trong danh sách; chọn một trong: {expected}",
        {"input": value, "expected": "; ".join(labels(enum))},
    )


def parse_yes_no(value: Any) -> bool:
    """'Có' / 'Không' (and common spellings) to a bool; blank is not accepted here."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        key = fold(value)
        if key in _YES_WORDS:
            return True
        if key in _NO_WORDS:
            return False
    raise PydanticCustomError(
        "yes_no", "'{input}' không hợp lệ; nhập 'Có' hoặc 'Không'", {"input": value}
    )
