"""The domain model of an emulation compact (giao ước thi đua).

Pure data: pydantic models, no file I/O. Field-level validation lives here (types, ranges that
do not depend on other fields); rules across the whole compact live in
:mod:`giaouoc_xl.core.compact_rules`, which returns problems as data instead of raising.

The enums of the fields, each with its Vietnamese labels next to its stable code, and how a
typed choice or text is read, are in :mod:`giaouoc_xl.core.choices`; they are importable from
here too, so a model and its choices import from one place.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Mapping
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, TypeVar, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

# The choices, re-exported (``X as X``): a model and its choices import from one place.
from .choices import LABELS as LABELS
from .choices import NO as NO
from .choices import YES as YES
from .choices import Authority as Authority
from .choices import Category as Category
from .choices import Comparison as Comparison
from .choices import Deferral as Deferral
from .choices import Direction as Direction
from .choices import Level as Level
from .choices import MissingEvidence as MissingEvidence
from .choices import OrganizerKind as OrganizerKind
from .choices import Period as Period
from .choices import Ranking as Ranking
from .choices import RuleField as RuleField
from .choices import Scoring as Scoring
from .choices import ValueKind as ValueKind
from .choices import VetoOutcome as VetoOutcome
from .choices import VotingBody as VotingBody
from .choices import fold as fold
from .choices import label as label
from .choices import labels as labels
from .choices import nfc as nfc
from .choices import parse_choice as parse_choice
from .choices import parse_yes_no as parse_yes_no
from .findings import Severity
from .numbers import vn_percent

T = TypeVar("T")


def _choice(enum: type[StrEnum]) -> BeforeValidator:
    return BeforeValidator(lambda v: parse_choice(enum, v))


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    return value


Text = Annotated[str, BeforeValidator(_text), StringConstraints(min_length=1)]
OptionalText = Annotated[str, BeforeValidator(lambda v: "" if v is None else _text(v))]
Code = Annotated[
    str,
    BeforeValidator(_text),
    StringConstraints(min_length=1, max_length=40, pattern=r"^[^\s=+@]\S*$"),
]
YesNo = Annotated[bool, BeforeValidator(parse_yes_no)]
LevelField = Annotated[Level, _choice(Level)]
Threshold = float | str


def _decimal(value: Any) -> Any:
    """A step typed with a decimal comma ("0,5") as a number; blank as none."""
    if isinstance(value, str):
        text = nfc(value).replace(" ", "")
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return value
    return value


def _share(value: Any) -> Any:
    """A share of a bloc as typed: a fraction below 1 is a percentage stored as a fraction;
    "20 %" (text) is 20."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
        return round(value * 100, 6)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+(?:[.,]\d+)?\s*%\s*", value):
        return float(value.strip().rstrip("%").strip().replace(",", "."))
    return value


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Organizer(_Model):
    """The organizer of the compact, and how it is named on printed documents."""

    name: Text
    kind: Annotated[OrganizerKind, _choice(OrganizerKind)] = OrganizerKind.DISTRICT_OFFICE
    parent: OptionalText = (
        ""  # the governing body printed above the name, e.g. "UBND HUYỆN THANH BA"
    )
    place: OptionalText = ""  # the place name of the date line, e.g. "Thanh Ba"


class Signer(_Model):
    """Who signs the documents (người ký) and with what authority (NĐ 30/2020, Phụ lục I): the
    head signs as such (``authority`` blank: "TRƯỞNG PHÒNG"); a deputy signs "KT. TRƯỞNG PHÒNG"
    over "PHÓ TRƯỞNG PHÒNG" (``authority`` KT., ``head_title`` the head's title, ``title`` the
    signer's own)."""

    name: OptionalText = ""
    title: OptionalText = ""  # the signer's own title, e.g. "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"
    authority: Annotated[Authority, _choice(Authority)] = Authority.HEAD
    head_title: OptionalText = ""  # with KT./Q./TL.: the head's title, e.g. "TRƯỞNG PHÒNG"


class PeriodSpec(_Model):
    """A period the compact collects, with its deadline, and what a school must give in it
    besides its values: the evidence (minh chứng) of each result, the staff figures."""

    period: Annotated[Period, _choice(Period)]
    deadline: date | None = None
    evidence_required: YesNo = False
    staff_required: YesNo = False
    #: With evidence required: a result without it is an error of the file (as before this
    #: field), or earns 0 points for that criterion alone (the reason on the slip)
    missing_evidence: Annotated[MissingEvidence, _choice(MissingEvidence)] = MissingEvidence.ERROR


class Content(_Model):
    """A numbered content (nội dung): a qualitative commitment of the compact."""

    number: int = Field(ge=1, le=99)
    title: Text
    #: The most its standard criteria earn together (blank: their sum, no cap)
    max_points: float | None = Field(default=None, ge=0)


class TargetGroup(_Model):
    """A target group (nhóm chỉ tiêu)."""

    code: Code
    title: Text
    content: int | None = Field(default=None, ge=1, le=99)
    #: The most its standard criteria earn together (blank: their sum, no cap)
    max_points: float | None = Field(default=None, ge=0)


class Target(_Model):
    """A target (chỉ tiêu) with its threshold per school level."""

    code: Code
    group: Code
    content: int | None = Field(default=None, ge=1, le=99)
    text: Text
    unit: OptionalText = ""
    kind: Annotated[ValueKind, _choice(ValueKind)]
    direction: Annotated[Direction, _choice(Direction)] | None = None  # None only for text
    thresholds: dict[Level, Threshold] = Field(default_factory=dict)
    choices: tuple[str, ...] = ()  # for kind=level: the allowed values, lowest first
    points: float = Field(default=0, ge=0, le=1000)
    scoring: Annotated[Scoring, _choice(Scoring)] = Scoring.ALL_OR_NOTHING
    step: float | None = Field(default=None, gt=0)  # points lost per unit short, for deduct
    veto: YesNo = False
    veto_outcome: Annotated[VetoOutcome, _choice(VetoOutcome)] = VetoOutcome.CAP
    category: Annotated[Category, _choice(Category)] = Category.STANDARD
    periods: frozenset[Period] = frozenset(Period)
    #: kind=points: the step of the points (0,25; 0,5; 1…); blank: any value from 0 to ``points``
    point_step: Annotated[float | None, BeforeValidator(_decimal)] = Field(default=None, gt=0)
    #: kind=points: the code of the criterion this one is a sub-item of; that criterion earns
    #: the sum of its sub-items (its own cell is their sum), and a sub-item counts only there
    parent: OptionalText = ""
    #: scoring=by_level: the points of each level of ``choices`` (same order, lowest first);
    #: typed "0; 2,5; 5" or as shares of ``points``, "0%; 50%; 100%"
    level_points: tuple[float, ...] = ()
    #: "thực hiện đầy đủ 100 %, chưa đầy đủ tối đa X %": not earned in full, the criterion
    #: earns at most this share (%) of its points
    partial_max: Annotated[float | None, BeforeValidator(_share)] = Field(
        default=None, ge=0, le=100
    )

    @model_validator(mode="before")
    @classmethod
    def _level_points(cls, data: Any) -> Any:
        """Levels' points typed "0; 2,5; 5", or as shares of the points "0%; 50%; 100%"."""
        if not isinstance(data, dict) or not isinstance(data.get("level_points"), str):
            return data
        try:
            points = float(str(data.get("points", 0)).replace(",", "."))
        except ValueError:
            points = 0.0
        values: list[Any] = []
        for part in re.split(r"[;\n]", data["level_points"]):
            text = nfc(part).replace(" ", "")
            if not text:
                continue
            share = text.endswith("%")
            try:
                number = float(text.rstrip("%").replace(",", "."))
            except ValueError:
                values.append(nfc(part))  # said by pydantic, with the value typed
                continue
            values.append(round(points * number / 100, 6) if share else number)
        return {**data, "level_points": tuple(values)}

    @field_validator("choices", mode="before")
    @classmethod
    def _split_choices(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            return tuple(nfc(part) for part in re.split(r"[;\n]", value) if nfc(part))
        return value

    @property
    def levels(self) -> list[Level]:
        """The levels this target applies to: those with a threshold."""
        return [level for level in Level if level in self.thresholds]


class Tier(_Model):
    """A rating tier (xếp loại) and the minimum total it needs."""

    name: Text
    min_points: float = Field(ge=0)


_VOTES = re.compile(r"^\s*(>=|≥|>|)\s*(\d+(?:[.,]\d+)?)\s*(%|/\s*(\d+))?\s*$")


def _votes(value: Any) -> Any:
    """'> 50%', '≥ 70%', '≥ 2/3', '70' (meaning ≥ 70 %) -> '> 50' / '>= 70' / '>= 66.6667'."""
    if value is None or value == "":
        return "> 50"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 0 < value <= 1:  # "70%" typed in Excel is stored as 0.7; a share of 1 % means nothing
            value = value * 100
        value = f">= {value:g}"
    match = _VOTES.match(nfc(str(value)))
    if not match:
        raise PydanticCustomError(
            "votes",
            "'{input}' không phải tỷ lệ phiếu; ghi ví dụ '> 50%', '≥ 70%' hoặc '≥ 2/3'",
            {"input": value},
        )
    number = float(match[2].replace(",", "."))
    share = 100 * number / float(match[4]) if match[4] else number
    if not 0 <= share <= 100:
        raise PydanticCustomError(
            "votes", "tỷ lệ phiếu '{input}' phải từ 0 đến 100 %", {"input": value}
        )
    strict = match[1] == ">"
    return f"{'>' if strict else '>='} {round(share, 4):g}"


class Award(_Model):
    """A rung of the award ladder (danh hiệu, hình thức khen thưởng) and how a bloc proposes it:
    who is eligible, how many per bloc, the votes needed."""

    order: int = Field(ge=1, le=99)  # 1 is the highest
    code: Code
    name: Text
    grantor: OptionalText = ""  # who grants it, e.g. "Chủ tịch UBND tỉnh"
    group: OptionalText = ""  # awards of one group: a school gets at most one (the highest)
    min_tier: OptionalText = ""  # a tier name; blank: any tier
    min_total: float | None = Field(default=None, ge=0)  # of the verified total
    condition: OptionalText = ""  # on the staff figures: "LDTT / TONG > 0.5 and KY_LUAT == 0"
    quota_count: int | None = Field(default=None, ge=0)  # per bloc
    #: % of the bloc's schools, rounded down ("20%" typed in Excel is stored as 0.2: read as 20)
    quota_share: Annotated[float | None, BeforeValidator(_share)] = Field(
        default=None, ge=0, le=100
    )
    votes: Annotated[str, BeforeValidator(_votes)] = "> 50"  # share of the members present
    #: Who votes on it: the bloc's meeting or the organizer's council
    body: Annotated[VotingBody, _choice(VotingBody)] = VotingBody.BLOC
    #: How a tie at the quota's edge is broken, in order, before the voters decide: "phiếu"
    #: (more votes in favour), "nội dung N" (a higher verified total in content N), "điểm trừ"
    #: (fewer deductions), "điểm cộng" (more bonus), separated by ";"
    tie_breaks: OptionalText = ""

    @property
    def vote_share(self) -> float:
        return float(self.votes.split()[1])

    @property
    def vote_strict(self) -> bool:
        return self.votes.startswith("> ")

    def quota(self, schools: int) -> int | None:
        """How many of a bloc of ``schools`` may be proposed (None: no limit given)."""
        limits = []
        if self.quota_count is not None:
            limits.append(self.quota_count)
        if self.quota_share is not None:
            limits.append(int(schools * self.quota_share / 100 + 1e-9))
        return min(limits) if limits else None

    def votes_text(self) -> str:
        """'> 50 %' / '≥ 70 %' for people."""
        return f"{'>' if self.vote_strict else '≥'} {vn_percent(self.vote_share)}"


class Bloc(_Model):
    """An emulation bloc (khối / cụm thi đua)."""

    code: Code
    name: Text


class School(_Model):
    """A school of the roster. The code is text: leading zeros matter."""

    code: Code
    name: Text
    levels: tuple[LevelField, ...] = Field(min_length=1, max_length=2)
    bloc: Code
    commune: OptionalText = ""

    @field_validator("levels", mode="before")
    @classmethod
    def _split_levels(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part for part in re.split(r"[&,;/+\s]+", nfc(value)) if part)
        return value

    @property
    def levels_label(self) -> str:
        return "&".join(level.value for level in self.levels)


class CrossRule(_Model):
    """A cross-field rule (quy tắc kiểm tra) over target codes, in the spirit of DHIS2 validation
    rules: ``left operator right``, e.g. ``CT04.3 + CT06.2 <= 100``."""

    code: Code
    left: Text
    operator: Annotated[Comparison, _choice(Comparison)]
    right: Text
    severity: Annotated[Severity, _choice(Severity)] = Severity.ERROR
    message: Text
    applies_to: Annotated[RuleField, _choice(RuleField)] = RuleField.BOTH


class Compact(_Model):
    """An emulation compact: settings, contents, groups, targets, tiers, blocs and roster."""

    id: Code
    revision: int = Field(default=1, ge=1)
    title: Text
    organizer: Organizer
    school_year: Annotated[str, BeforeValidator(_text)]
    periods: tuple[PeriodSpec, ...] = ()
    current_period: Annotated[Period, _choice(Period)] = Period.REGISTRATION
    signer: Signer = Signer()
    #: The date printed on the documents (blank: "ngày … tháng … năm …" for the office to write)
    document_date: date | None = None
    #: Nơi nhận of the documents, one per line or separated by ";" (blank: the receiving
    #: authority, the schools, "Lưu: VT")
    recipients: OptionalText = ""
    #: Who may be proposed for an award: only schools that signed the compact (Cam kết thực
    #: hiện: Có) and that registered their targets (the registration period's file), when set
    awards_need_signature: YesNo = True
    awards_need_registration: YesNo = True
    veto_cap_tier: OptionalText = ""  # the best tier a school can get when a veto target is missed
    #: A floor per criterion ("không có tiêu chí nào dưới X % điểm tối đa"): a standard criterion
    #: scored below this share (%) of its points is missed like a veto target, with
    #: ``floor_outcome`` (cap at ``veto_cap_tier``, drop a tier, or exclude from awards)
    floor_share: Annotated[float | None, BeforeValidator(_share)] = Field(
        default=None, gt=0, le=100
    )
    floor_outcome: Annotated[VetoOutcome, _choice(VetoOutcome)] = VetoOutcome.CAP
    #: The tier from the standard points alone (before bonus and deductions), not the total
    tiers_before_bonus: YesNo = False
    #: Rank the schools of each bloc (default), or only recognise their tiers (no ranks)
    ranking: Annotated[Ranking, _choice(Ranking)] = Ranking.RANK
    contents: tuple[Content, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    targets: tuple[Target, ...] = ()
    tiers: tuple[Tier, ...] = ()
    blocs: tuple[Bloc, ...] = ()
    schools: tuple[School, ...] = ()
    rules: tuple[CrossRule, ...] = ()
    awards: tuple[Award, ...] = ()  # the award ladder, highest first
    #: Criterion points and totals rounded half up to this step ("điểm lẻ đến 0,5": 5,25 → 5,5,
    #: 5,2 → 5); blank: not rounded
    point_rounding: Annotated[float | None, BeforeValidator(_decimal)] = Field(
        default=None, gt=0, le=10
    )

    @field_validator("school_year")
    @classmethod
    def _school_year(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{4})\s*[-–—/]\s*(\d{4})", value)
        if not match or int(match[2]) != int(match[1]) + 1:
            raise PydanticCustomError(
                "school_year",
                "năm học '{input}' không đúng dạng; nhập hai năm liền nhau, ví dụ 2020-2021",
                {"input": value},
            )
        return f"{match[1]}-{match[2]}"

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Compact:
        """A copy, without anything derived from the original (its fingerprint, lookups and
        memo): derived values belong to the one compact they were computed from."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _DERIVED:
            copy.__dict__.pop(name, None)
        return copy

    def memo(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, computed once for this compact (a batch checks thousands of submissions
        against one). Kept on the compact itself, never in a process-wide table: a compact is
        immutable, so nothing kept here can outlive or disagree with what it was computed from
        (a reworded target is another compact, with a memo of its own)."""
        memo = self._memo
        if key not in memo:
            memo[key] = make()
        return cast(T, memo[key])

    @cached_property
    def _memo(self) -> dict[Hashable, Any]:
        return {}

    @cached_property
    def fingerprint(self) -> str:
        """A hash of the normative content: targets, thresholds, points, scoring, tiers.

        Two revisions with the same fingerprint judge a school the same way.
        """
        normative: dict[str, Any] = {
            "targets": [
                t.model_dump(mode="json", exclude={"text", "unit", "group", "content"})
                for t in sorted(self.targets, key=lambda t: t.code)
            ],
            "tiers": [t.model_dump(mode="json") for t in self.tiers],
            "rules": [r.model_dump(mode="json", exclude={"message"}) for r in self.rules],
            "veto_cap_tier": self.veto_cap_tier,
            "periods": sorted(spec.period.value for spec in self.periods),  # the template's columns
        }
        # What came later counts only when it is not its default: a compact written before it
        # keeps its fingerprint (and the workbooks handed out with it).
        zero = sorted(
            s.period.value for s in self.periods if s.missing_evidence is MissingEvidence.ZERO
        )
        later: dict[str, Any] = {
            "evidence_zero": zero,
            "content_caps": {
                str(c.number): c.max_points for c in self.contents if c.max_points is not None
            },
            "group_caps": {
                g.code: g.max_points for g in self.target_groups if g.max_points is not None
            },
            "floor": [self.floor_share, self.floor_outcome.value] if self.floor_share else [],
            "tiers_before_bonus": self.tiers_before_bonus,
            "ranking": "" if self.ranking is Ranking.RANK else self.ranking.value,
        }
        normative.update({key: value for key, value in later.items() if value})
        for target in normative["targets"]:
            target["periods"] = sorted(target["periods"])
            if target["veto_outcome"] == VetoOutcome.CAP:  # as before the field existed: the
                del target["veto_outcome"]  # workbooks handed out then keep their fingerprint
        for target in normative["targets"]:  # criteria scored in points, by level, in part:
            for name, default in _SCORE_SHEET_DEFAULTS.items():  # only when used, so that a
                if target.get(name) == default:  # compact written before them keeps its
                    del target[name]  # fingerprint
        if self.point_rounding:
            normative["point_rounding"] = self.point_rounding
        blob = json.dumps(normative, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    def target(self, code: str) -> Target | None:
        return next((t for t in self.targets if t.code == code), None)

    def period_spec(self, period: Period) -> PeriodSpec | None:
        return next((spec for spec in self.periods if spec.period is period), None)

    def school(self, code: str) -> School | None:
        return self._schools_by_code.get(code)

    def school_by_folded_code(self, code: str) -> School | None:
        """The school whose code matches ``code`` ignoring case (for file names)."""
        return self._schools_by_folded_code.get(fold(code))

    @cached_property
    def _schools_by_folded_code(self) -> dict[str, School]:
        return {fold(s.code): s for s in reversed(self.schools)}

    @cached_property
    def _schools_by_code(self) -> dict[str, School]:
        return {s.code: s for s in reversed(self.schools)}  # the first of duplicates wins

    def targets_for(self, levels: tuple[Level, ...] | list[Level]) -> list[Target]:
        """The targets that apply to a school of these levels, in compact order."""
        return [t for t in self.targets if any(level in t.thresholds for level in levels)]

    def max_points(self, levels: tuple[Level, ...] | list[Level]) -> float:
        """The points a school of these levels can earn from standard targets."""
        return sum(
            t.points
            for t in self.targets_for(levels)
            if t.category is Category.STANDARD and not t.parent  # a sub-item counts in its parent
        )

    def to_json(self) -> dict[str, Any]:
        """The compact as the JSON document of ``giaouoc compact export``."""
        data = self.model_dump(mode="json")
        for target in data["targets"]:
            target["periods"] = [p.value for p in Period if p.value in target["periods"]]
        data["fingerprint"] = self.fingerprint
        return data


#: The fields of a target added for score sheets, with their defaults: left out of the
#: fingerprint when they hold them.
_SCORE_SHEET_DEFAULTS: dict[str, Any] = {
    "point_step": None,
    "parent": "",
    "level_points": [],
    "partial_max": None,
}


#: What a compact derives from itself and keeps (see :meth:`Compact.memo`): a copy drops them.
_DERIVED = tuple(
    name for name, value in vars(Compact).items() if isinstance(value, cached_property)
)
