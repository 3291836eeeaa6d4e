"""Simulated returns: the files schools send back at the end of the year, with the mistakes of
real life (used by ``giaouoc demo`` to show the whole job on the built-in sample).

A school that never sends its file, one that sends twice (the first version in a sub-folder),
one that fills in the template of an older revision, a file from another district sent here by
mistake, registrations below the threshold, decimal commas typed as text, results that miss the
registration now and then, comments on the draft, and an Excel lock file.
"""

from __future__ import annotations

import os
import random
import struct
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.check import number
from ..core.codes import SchoolStatus
from ..core.model import (
    Award,
    Compact,
    Direction,
    Level,
    Organizer,
    Period,
    School,
    Target,
    ValueKind,
)
from ..core.results import MergeResult, SchoolRow
from ..core.school_form import Answers, school_file_name
from ..core.simulate import clean_answers
from ..core.thresholds import school_targets
from ..workbooks.school.writer import render_school_workbook

#: When the simulated templates were made.
MADE = datetime(2020, 10, 1, tzinfo=UTC)
COMMENT = "Đề nghị điều chỉnh chỉ tiêu này cho phù hợp với điều kiện của trường."


def _typed_like_people(
    compact: Compact, school: School, answers: Answers, rng: random.Random
) -> None:
    """Results that miss the registration now and then; decimal commas typed as text."""
    for target, _threshold in school_targets(compact, school):
        typed = answers.targets[target.code]
        result = typed.get("result:cuoi-nam")
        if target.kind is ValueKind.PERCENT and isinstance(result, float) and rng.random() < 0.25:
            typed["result:cuoi-nam"] = (
                max(0.0, result - rng.choice([0.5, 1.0, 2.0]))
                if target.direction is Direction.AT_LEAST
                else result
            )
        registration = typed.get("registration")
        if (
            target.kind is ValueKind.PERCENT
            and isinstance(registration, float)
            and rng.random() < 0.2
        ):
            typed["registration"] = f"{registration:g}".replace(".", ",")


def _below_threshold(compact: Compact, school: School, answers: Answers) -> None:
    """A registration 2 points under the first rate the school must reach."""
    target, threshold = next(
        (t, th)
        for t, th in school_targets(compact, school)
        if t.kind is ValueKind.PERCENT and t.direction is Direction.AT_LEAST
    )
    answers.targets[target.code]["registration"] = float(threshold) - 2


def _stranger(compact: Compact) -> tuple[Compact, School]:
    """A school of another district, with its own compact."""
    other = compact.model_copy(
        update={
            "id": "cam-khe-2020-2021",
            "organizer": Organizer(
                name="Phòng Giáo dục và Đào tạo huyện Cẩm Khê",
                parent="UBND HUYỆN CẨM KHÊ",
                place="Cẩm Khê",
            ),
            "schools": (
                School(
                    code="05012",
                    name="Trường Tiểu học Sơn Tình",
                    levels=(Level.TH,),
                    bloc="K-TH",
                    commune="Xã Sơn Tình",
                ),
            ),
        }
    )
    return other, other.schools[0]


def _password_protected(package: bytes) -> bytes:
    """``package`` as Excel saves a workbook with a password to open (ECMA-376 agile
    encryption): an OLE compound file holding an ``EncryptionInfo`` stream in its mini stream
    and the ``EncryptedPackage`` (its size, then the package scrambled: the demo needs the
    form of such a file, not its cipher)."""
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    info = struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
        b"</encryption>"
    )
    scrambled = bytes(b ^ 0xA5 for b in package) + bytes(-len(package) % 16)
    encrypted = struct.pack("<Q", len(package)) + scrambled

    def sectors(size: int, unit: int = 512) -> int:
        return (size + unit - 1) // unit

    mini = sectors(len(info), 64)  # EncryptionInfo's 64-byte mini sectors
    parts = [1, 1, sectors(mini * 64), sectors(len(encrypted))]  # directory, minifat, mini, big
    fats = 1
    while fats * 128 < fats + sum(parts):
        fats += 1
    fat, starts = [fat_sector] * fats, []
    for count in parts:
        starts.append(len(fat))
        fat += [*range(len(fat) + 1, len(fat) + count), end]
    fat += [free] * (-len(fat) % 128)

    def entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ", raw, len(raw) + 2, kind, 1, free, right, child, bytes(16),
            0, 0, 0, start, size,
        )  # fmt: skip

    directory = (
        entry("Root Entry", 5, free, 1, starts[2], mini * 64)
        + entry("EncryptionInfo", 2, 2, free, 0, len(info))
        + entry("EncryptedPackage", 2, free, free, starts[3], len(encrypted))
        + bytes(128)
    )
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3,
        0xFFFE, 9, 6, bytes(6), 0, fats, starts[0], 0, 4096, starts[1], 1, end, 0,
    ) + struct.pack("<109I", *range(fats), *[free] * (109 - fats))  # fmt: skip
    minifat = struct.pack(f"<{mini}I", *range(1, mini), end)

    def padded(data: bytes) -> bytes:
        return data + bytes(-len(data) % 512)

    return b"".join(
        (
            header,
            struct.pack(f"<{len(fat)}I", *fat),
            directory,
            padded(minifat),
            padded(info),
            padded(encrypted),
        )
    )


def simulate_returns(compact: Compact, old: Compact, folder: Path, seed: int = 2021) -> None:
    """Write into ``folder`` what the schools of ``compact`` send back at the end of the year
    (``old``: the revision some school still uses): besides the mistakes above, a school's
    workbook saved with a password to open (``02003_…xlsx``: only its name says whose it is)
    and a school that left "Cam kết thực hiện" empty (it did not sign the compact)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    schools = list(compact.schools)
    missing, stale, twice = schools[-1], schools[5], schools[30]
    locked, unsigned = schools[22], schools[13]  # 02003: a password to open; 01014: not signed
    below = {schools[2].code, schools[24].code, schools[45].code}
    for index, school in enumerate(schools):
        if school is missing:
            continue  # never sends its file
        source = old if school is stale else compact
        answers = clean_answers(source, school, Period.YEAR_END, seed=index)
        _typed_like_people(source, school, answers, rng)
        if school.code in below:
            _below_threshold(source, school, answers)
        if index % 7 == 0:
            target = school_targets(source, school)[index % len(school_targets(source, school))][0]
            answers.targets[target.code]["comment"] = COMMENT
        if school is unsigned:  # "Cam kết thực hiện" left empty: valid, but not signed
            answers.signing["commitment"] = None
        path = folder / school_file_name(school.code, school.name)
        render_school_workbook(source, school, path, MADE, answers)
        if school is locked:  # saved with a password to open: tied to 02003 by its name only
            path.write_bytes(_password_protected(path.read_bytes()))
        if school is twice:  # the first version, downloaded into a sub-folder, a day older
            first = folder / "tai_ve" / f"{path.stem} (1).xlsx"
            first.parent.mkdir(exist_ok=True)
            early = clean_answers(compact, school, Period.YEAR_END, seed=999)
            render_school_workbook(compact, school, first, MADE, early)
            os.utime(first, (time.time() - 86400, time.time() - 86400))
    other, stranger = _stranger(compact)
    render_school_workbook(
        other,
        stranger,
        folder / school_file_name(stranger.code, stranger.name),
        MADE,
        clean_answers(other, stranger, Period.YEAR_END),
    )
    # Excel's lock file of a workbook open on the sender's machine
    (folder / f"~${school_file_name(schools[10].code, schools[10].name)}").write_bytes(
        b"\x00" * 165
    )


def simulate_appraisal(result: MergeResult, book: str | os.PathLike[str]) -> list[str]:
    """Type in the appraisal book ``book`` (written from ``result``) what an office would after
    checking the evidence, the way staff do in Excel (here with openpyxl): a result lowered
    with its reason, a veto incident found, a school deferred for an inspection. Returns what
    was typed, in words."""
    from openpyxl import load_workbook

    blocs = result.compact.blocs
    ranked = [
        [r for r in result.members(b) if r.rank is not None and r.status is SchoolStatus.VALID]
        for b in blocs
    ]
    lowered = ranked[1][0] if len(ranked) > 1 and ranked[1] else ranked[0][0]
    veto = min(ranked[-1], key=lambda r: r.rank or 0)
    deferred = ranked[0][len(ranked[0]) // 2]
    excluded = min(ranked[0], key=lambda r: r.rank or 0)  # the preschools' leader
    percent = next(
        t for t in result.compact.targets_for(lowered.school.levels)
        if t.kind is ValueKind.PERCENT and t.direction is Direction.AT_LEAST
        and result.period in t.periods
    )  # fmt: skip
    incidents = [
        (
            excluded,
            "CT05.3",
            "Biên bản ngày 20/4: 01 vụ ngộ độc thực phẩm tại bếp ăn của trường",
            "không xét khen thưởng",
        ),
        (
            veto,
            "CT02.1",
            "Biên bản ngày 12/3: 01 vụ tai nạn thương tích trong giờ học chưa báo cáo",
            "chỉ tiêu phủ quyết",
        ),
    ]
    wb = load_workbook(book)
    done = _type_verified(wb["Thẩm định"], lowered, percent, incidents)
    schools = wb["Trường"]
    header = [c.value for c in schools[3]]
    for row in schools.iter_rows(min_row=4):
        if row[header.index("Mã trường")].value == deferred.school.code:
            row[header.index("Tạm hoãn xét")].value = "Đang thanh tra hoặc kiểm tra"
            row[
                header.index("Chi tiết lý do tạm hoãn")
            ].value = "Thanh tra huyện, Quyết định số 15/QĐ-TTr ngày 02/5"
            done.append(f"{deferred.school.name}: tạm hoãn xét (đang thanh tra)")
    wb.save(book)
    return done


def _type_verified(
    sheet: Any,
    lowered: SchoolRow,
    percent: Target,
    incidents: list[tuple[SchoolRow, str, str, str]],
) -> list[str]:
    """In the sheet Thẩm định: ``lowered``'s ``percent`` 3 points lower, with its reason; each
    incident (school, target, minutes, outcome) found, its target at 1. What was typed, in words,
    in the sheet's order."""
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) for name in header if name}
    done: list[str] = []
    for row in sheet.iter_rows(min_row=4):
        code, target = row[col["Mã trường"]].value, row[col["Mã chỉ tiêu"]].value
        reported = row[col["Kết quả trường báo cáo"]].value
        if code == lowered.school.code and target == percent.code:
            value = round(float(reported) - 3, 1)
            row[col["Kết quả thẩm định"]].value = value
            row[
                col["Lý do điều chỉnh"]
            ].value = f"Đối chiếu sổ theo dõi tại trường ngày 25/5: tỷ lệ thực tế {number(value)} %"
            done.append(
                f"{lowered.school.name}: {percent.code} {number(reported)} → {number(value)}"
            )
        for school, incident, minutes, outcome in incidents:
            if code == school.school.code and target == incident:
                row[col["Kết quả thẩm định"]].value = 1
                row[col["Lý do điều chỉnh"]].value = minutes
                done.append(f"{school.school.name}: {incident} {number(reported)} → 1 ({outcome})")
    return done


def simulate_vote(result: MergeResult, book: str | os.PathLike[str]) -> list[str]:
    """Type in the appraisal book what a bloc's review meeting decides (here with openpyxl): in
    each bloc one member is absent; every school that meets an award's conditions is put to the
    vote and the others vote for it, except the school that would get the second award of the
    ladder, who is one vote short. Returns what was typed, in words."""
    from openpyxl import load_workbook

    compact = result.compact
    wb = load_workbook(book)
    done: list[str] = []
    blocs = wb["Khối"]
    header = [c.value for c in blocs[3]]
    present: dict[str, int] = {}
    for row in blocs.iter_rows(min_row=4):
        code = row[header.index("Mã khối")].value
        if code is None:
            continue
        members = int(row[header.index("Số trường")].value) - 1  # one member is absent
        present[code] = members
        row[header.index("Thành viên dự họp")].value = members
        row[header.index("Chủ trì (họ và tên)")].value = "Nguyễn Văn Hùng"
        row[header.index("Thư ký (họ và tên)")].value = "Trần Thị Lan"
    awards = sorted(compact.awards, key=lambda a: a.order)
    short = awards[1] if len(awards) > 1 else awards[0]
    shorted = False
    sheet = wb["Bình xét"]
    header = [c.value for c in sheet[3]]
    rows = {r.school.code: r for r in result.schools}
    for cells in sheet.iter_rows(min_row=4):
        school = rows.get(cells[header.index("Mã trường")].value)
        if school is None or school.proposal is None:
            continue
        members = present[school.school.bloc]
        for code in school.proposal.eligible:
            column = header.index(f"Phiếu đồng ý: {code}")
            votes = members
            if code == short.code and code in school.proposal.candidates and not shorted:
                award = next(a for a in awards if a.code == code)
                needed = next(v for v in range(members + 1) if _enough(award, v, members))
                votes, shorted = needed - 1, True
                done.append(
                    f"{school.school.name}: {code} {votes}/{members} phiếu (thiếu một phiếu)"
                )
            cells[column].value = votes
    wb.save(book)
    done.insert(0, f"Bình xét: {sum(present.values())} thành viên dự họp ở {len(present)} khối")
    return done


def _enough(award: Award, votes: int, members: int) -> bool:
    share = 100 * votes / members
    return share > award.vote_share if award.vote_strict else share >= award.vote_share
