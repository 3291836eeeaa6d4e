"""Small helpers to write sample compacts as readable tables: what every sample shares (the
tiers, the law's award conditions and collective titles, the three periods) is here once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ..findings import Severity
from ..model import (
    Award,
    Bloc,
    Category,
    Compact,
    Comparison,
    Content,
    CrossRule,
    Direction,
    Level,
    Period,
    PeriodSpec,
    School,
    Scoring,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
    VotingBody,
)

PCT, CNT, YN, LVL, TXT = (
    ValueKind.PERCENT,
    ValueKind.COUNT,
    ValueKind.YES_NO,
    ValueKind.LEVEL,
    ValueKind.TEXT,
)
GE, LE, EQ, YES_ = Direction.AT_LEAST, Direction.AT_MOST, Direction.EXACTLY, Direction.MUST_BE_YES
REG_YE = frozenset({Period.REGISTRATION, Period.YEAR_END})
ALL = frozenset(Period)

STANDARD_LEVELS_CHOICES = ("Chưa đạt", "Mức độ 1", "Mức độ 2")
ACCREDITATION_CHOICES = ("Chưa đạt", "Cấp độ 1", "Cấp độ 2", "Cấp độ 3", "Cấp độ 4")


def target(
    code: str,
    text: str,
    unit: str,
    kind: ValueKind,
    direction: Direction | None,
    thresholds: dict[str, Any],
    points: float,
    *,
    periods: frozenset[Period] = REG_YE,
    **extra: Any,
) -> Target:
    """A target whose group and content are derived from its code: CT04.2 -> group N04."""
    group = "N" + code[2:4]
    return Target(
        code=code,
        group=group,
        text=text,
        unit=unit,
        kind=kind,
        direction=direction,
        thresholds={Level(k): v for k, v in thresholds.items()},
        points=points,
        periods=periods,
        **extra,
    )


def bonus(
    code: str, text: str, unit: str, thresholds: dict[str, Any], points: float, **extra: Any
) -> Target:
    return target(code, text, unit, CNT, GE, thresholds, points, category=Category.BONUS, **extra)


def deduction(
    code: str, text: str, unit: str, thresholds: dict[str, Any], points: float, step: float
) -> Target:
    return target(
        code,
        text,
        unit,
        CNT,
        LE,
        thresholds,
        points,
        category=Category.DEDUCTION,
        scoring=Scoring.DEDUCT,
        step=step,
    )


XS, TOT = "Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"

#: The four tiers of Vietnamese emulation (xếp loại), used by both samples.
TIERS = (
    Tier(name="Hoàn thành xuất sắc nhiệm vụ", min_points=90),
    Tier(name="Hoàn thành tốt nhiệm vụ", min_points=80),
    Tier(name="Hoàn thành nhiệm vụ", min_points=65),
    Tier(name="Không hoàn thành nhiệm vụ", min_points=0),
)


#: The staff conditions of the awards (Luật Thi đua, khen thưởng; NĐ 91/2017), on the figures
#: of the school sheet: for a flag and Tập thể lao động xuất sắc, every member completed their
#: tasks, 70 % are Lao động tiên tiến, one a Chiến sĩ thi đua, no one disciplined; for Tập thể
#: lao động tiên tiến, more than half Lao động tiên tiến; for certificates, no one disciplined.
EXCELLENT = "HTNV == TONG and LDTT / TONG >= 0,7 and CSTD >= 1 and KY_LUAT == 0"
ADVANCED = "LDTT / TONG > 0,5 and KY_LUAT == 0"
NO_DISCIPLINE = "KY_LUAT == 0"

#: Who votes on each award, a plausible arrangement (each office sets its own in the compact
#: book): the bloc's own meeting votes its flags, the bloc's leading units it honours itself
#: (suy tôn); the organizer's Hội đồng Thi đua – Khen thưởng votes the certificates and the
#: collective titles, which it proposes to the authority that grants them.
BY_BLOC, BY_COUNCIL = VotingBody.BLOC, VotingBody.COUNCIL
#: How a tie at a quota's edge is broken before the voters decide (an example: the district's
#: own choice): more votes in favour, then more verified points in content 4 (the quality of
#: education, in both samples), then fewer deductions.
TIE_BREAKS = "phiếu; nội dung 4; điểm trừ"


def form(
    order: int,
    code: str,
    name: str,
    grantor: str,
    min_tier: str,
    min_total: float,
    condition: str = NO_DISCIPLINE,
    *,
    votes: str = "> 50%",
    body: VotingBody = BY_COUNCIL,
    **quota: Any,
) -> Award:
    """A form of commendation (hình thức khen thưởng: a flag, a certificate), with its quota per
    bloc (``quota_count`` or ``quota_share``), voted by ``body`` (a flag: the bloc), ties
    broken by :data:`TIE_BREAKS`."""
    return Award(
        order=order, code=code, name=name, grantor=grantor, group="Hình thức", min_tier=min_tier,
        min_total=min_total, condition=condition, votes=votes, body=body,
        tie_breaks=TIE_BREAKS, **quota,
    )  # fmt: skip


def titles(order: int, excellent: str, advanced: str) -> tuple[Award, Award]:
    """The collective titles (danh hiệu tập thể) from ``order`` on, with the law's conditions:
    Tập thể lao động xuất sắc granted by ``excellent`` (30 % of a bloc at most, ties broken by
    the votes then the deductions), Tập thể lao động tiên tiến by ``advanced`` (no limit: no
    tie); both voted by the council."""
    return (
        Award(
            order=order, code="TTLĐXS", name="Tập thể lao động xuất sắc", grantor=excellent,
            group="Danh hiệu", min_tier=XS, min_total=90, condition=EXCELLENT, quota_share=30,
            votes="> 50%", body=BY_COUNCIL, tie_breaks="phiếu; điểm trừ",
        ),
        Award(
            order=order + 1, code="TTLĐTT", name="Tập thể lao động tiên tiến", grantor=advanced,
            group="Danh hiệu", min_tier=TOT, condition=ADVANCED, quota_share=100, votes="> 50%",
            body=BY_COUNCIL,
        ),
    )  # fmt: skip


def at_most(
    code: str, left: str, right: str, message: str, severity: Severity | None = None
) -> CrossRule:
    """The cross-field rule ``left <= right`` (an error unless ``severity`` says otherwise)."""
    given = {} if severity is None else {"severity": severity}
    return CrossRule(
        code=code, left=left, operator=Comparison.LE, right=right, message=message, **given
    )


def by_commune(
    prefix: str, level: Level, kind: str, bloc: str, communes: Iterable[str]
) -> list[School]:
    """A level's schools of bloc ``bloc``, one a commune, coded ``prefix`` then their number
    (five digits in all), named "Trường <kind> <commune>", in their commune: a town (thị trấn)
    as it is named, else "Xã <commune>"."""
    width = 5 - len(prefix)
    return [
        School(
            code=f"{prefix}{number:0{width}d}",
            name=f"Trường {kind} {commune}",
            levels=(level,),
            bloc=bloc,
            commune=commune if commune.startswith("Thị trấn") else f"Xã {commune}",
        )
        for number, commune in enumerate(communes, start=1)
    ]


def deadlines(registration: date, term1: date, year_end: date) -> tuple[PeriodSpec, ...]:
    """The three periods, each with its deadline."""
    due = (registration, term1, year_end)
    return tuple(
        PeriodSpec(period=period, deadline=day) for period, day in zip(Period, due, strict=True)
    )


def assemble(
    contents: list[str],
    groups: list[tuple[str, str, int]],
    targets: list[Target],
    rules: list[CrossRule],
    awards: tuple[Award, ...],
    settings: dict[str, Any],
    blocs: tuple[Bloc, ...],
    schools: tuple[School, ...],
) -> Compact:
    """A sample compact: numbered contents, groups, targets taking their group's content, the
    four usual tiers (a missed veto target caps at "Hoàn thành nhiệm vụ"), rules, the award
    ladder, ``settings`` (id, title, organizer, school year, periods, signer), the roster."""
    group_content = {code: content for code, _, content in groups}
    return Compact(
        revision=1,
        current_period=Period.REGISTRATION,
        veto_cap_tier="Hoàn thành nhiệm vụ",
        contents=tuple(Content(number=i, title=t) for i, t in enumerate(contents, start=1)),
        target_groups=tuple(TargetGroup(code=c, title=t, content=n) for c, t, n in groups),
        targets=tuple(t.model_copy(update={"content": group_content[t.group]}) for t in targets),
        tiers=TIERS,
        rules=tuple(rules),
        blocs=blocs,
        schools=schools,
        awards=awards,
        **settings,
    )
