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


_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
#: The EncryptionInfo stream of agile encryption: its version, flags, then the XML descriptor.
_ENCRYPTION_INFO = struct.pack("<HHI", 4, 4, 0x40) + (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
    b'"http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" '
    b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
    b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>'
    b"</encryption>"
)


def _sectors(size: int, unit: int = 512) -> int:
    return (size + unit - 1) // unit


def _padded(data: bytes) -> bytes:
    return data + bytes(-len(data) % 512)


def _entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    """A compound file's directory entry (128 bytes)."""
    raw = name.encode("utf-16-le")
    return struct.pack(
        "<64sHBBIII16sIQQIQ", raw, len(raw) + 2, kind, 1, _FREE, right, child, bytes(16),
        0, 0, 0, start, size,
    )  # fmt: skip


def _password_protected(package: bytes) -> bytes:
    """``package`` as Excel saves a workbook with a password to open (ECMA-376 agile
    encryption): an OLE compound file holding an ``EncryptionInfo`` stream in its mini stream
    and the ``EncryptedPackage`` (its size, then the package scrambled: the demo needs the
    form of such a file, not its cipher)."""
    info = _ENCRYPTION_INFO
    scrambled = bytes(b ^ 0xA5 for b in package) + bytes(-len(package) % 16)
    encrypted = struct.pack("<Q", len(package)) + scrambled
    mini = _sectors(len(info), 64)  # EncryptionInfo's 64-byte mini sectors
    parts = [1, 1, _sectors(mini * 64), _sectors(len(encrypted))]  # directory, minifat, mini, big
    fats = 1
    while fats * 128 < fats + sum(parts):
        fats += 1
    fat, starts = [_FAT_SECTOR] * fats, []
    for count in parts:
        starts.append(len(fat))
        fat += [*range(len(fat) + 1, len(fat) + count), _END]
    fat += [_FREE] * (-len(fat) % 128)
    directory = (
        _entry("Root Entry", 5, _FREE, 1, starts[2], mini * 64)
        + _entry("EncryptionInfo", 2, 2, _FREE, 0, len(info))
        + _entry("EncryptedPackage", 2, _FREE, _FREE, starts[3], len(encrypted))
        + bytes(128)
    )
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16), 0x3E, 3,
        0xFFFE, 9, 6, bytes(6), 0, fats, starts[0], 0, 4096, starts[1], 1, _END, 0,
    ) + struct.pack("<109I", *range(fats), *[_FREE] * (109 - fats))  # fmt: skip
    minifat = struct.pack(f"<{mini}I", *range(1, mini), _END)
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)
    return b"".join((header, fat_bytes, directory, *map(_padded, (minifat, info, encrypted))))


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
    with its reason, a veto incident found, a school deferred for an inspection, and a result
    changed without its reason (not applied: the documents stay a draft until it is given).
    Returns what was typed, in words."""
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
    percent = _percent_target(result, lowered)
    careless = ranked[-1][len(ranked[-1]) // 2]  # a change typed, its reason forgotten
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
    unexplained = (careless, _percent_target(result, careless))
    done = _type_verified(wb["Thẩm định"], lowered, percent, incidents, unexplained)
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


def _percent_target(result: MergeResult, row: SchoolRow) -> Target:
    """The first rate ``row``'s school must reach that the period collects."""
    return next(
        t for t in result.compact.targets_for(row.school.levels)
        if t.kind is ValueKind.PERCENT and t.direction is Direction.AT_LEAST
        and result.period in t.periods
    )  # fmt: skip


def _type_verified(
    sheet: Any,
    lowered: SchoolRow,
    percent: Target,
    incidents: list[tuple[SchoolRow, str, str, str]],
    unexplained: tuple[SchoolRow, Target],
) -> list[str]:
    """In the sheet Thẩm định: ``lowered``'s ``percent`` 3 points lower, with its reason; each
    incident (school, target, minutes, outcome) found, its target at 1; ``unexplained``'s
    (school, target) 5 points lower and no reason. What was typed, in words, in the sheet's
    order."""
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
        careless, forgotten = unexplained
        if code == careless.school.code and target == forgotten.code:
            value = max(0.0, round(float(reported) - 5, 1))
            row[col["Kết quả thẩm định"]].value = value  # and no reason: not applied
            done.append(
                f"{careless.school.name}: {forgotten.code} {number(reported)} → {number(value)} "
                "chưa ghi lý do (chưa được dùng; văn bản là dự thảo)"
            )
    return done


def simulate_vote(result: MergeResult, book: str | os.PathLike[str]) -> list[str]:
    """Type in the appraisal book what the meetings that vote decide (here with openpyxl): each
    body's meeting (each bloc, and the council when it votes on an award) with its date, time,
    place, ballots, chair and secretary, its members by name and position, one of them absent;
    the votes, each award's by the body that votes on it: every school that meets an award's
    conditions has every vote, except the school that would get the second award of the
    ladder, one vote short, and, in the first tie, the schools the quota leaves out one vote
    fewer (the ladder's first criterion, the votes, settles it). The ties still open after the
    vote are decided by the voters and recorded: a school chosen by a second vote, or (the first
    tie for one place in the last bloc) the place left empty. Returns what was typed, in
    words."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    present = _type_meetings(wb, result)
    done = [f"Bình xét: {sum(present.values())} thành viên dự họp ở {len(present)} cuộc họp"]
    done += _type_votes(wb["Bình xét"], result, present)
    wb.save(book)
    done += _type_decisions(result, book, present)
    return done


#: Names of the demo's members (family, middle, given), combined by position.
_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Hữu", "Thanh", "Minh", "Ngọc", "Đức", "Thu", "Quốc", "Hồng")
_GIVEN = ("An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hạnh", "Hòa", "Hương", "Long", "Mai",
          "Nam", "Nga", "Phương", "Quang", "Tâm", "Thảo", "Trang", "Tuấn", "Vân", "Yến", "Khánh",
          "Linh")  # fmt: skip


def _name(n: int) -> str:
    return f"{_FAMILY[n % 12]} {_MIDDLE[n * 7 % 10]} {_GIVEN[n * 5 % 23]}"


def _people(result: MergeResult) -> dict[str, list[tuple[str, str, str]]]:
    """Each body's members (name, position, role): a bloc's are its schools' principals, the
    first chairing, the second writing the minutes; the council's, the office's leaders and
    staff, the head chairing."""
    from ..core.meetings import CHAIR, COUNCIL, MEMBER, SECRETARY
    from ..core.model import VotingBody

    people: dict[str, list[tuple[str, str, str]]] = {}
    for index, bloc in enumerate(result.compact.blocs):
        members = result.members(bloc)
        people[bloc.code] = [
            ("Nguyễn Văn Hùng" if (index, n) == (0, 0) else "Trần Thị Lan"
             if (index, n) == (0, 1) else _name(40 * index + n),
             f"Hiệu trưởng {row.school.name}", CHAIR if n == 0 else SECRETARY if n == 1 else MEMBER)
            for n, row in enumerate(members)
        ]  # fmt: skip
    if any(a.body is VotingBody.COUNCIL for a in result.compact.awards):
        organizer = result.compact.organizer.name
        people[COUNCIL] = [
            (_name(200), f"Trưởng phòng, Chủ tịch Hội đồng ({organizer})", CHAIR),
            (_name(201), "Phó Trưởng phòng, Phó Chủ tịch Hội đồng", MEMBER),
            (_name(202), "Chuyên viên phụ trách thi đua – khen thưởng, Thư ký Hội đồng", SECRETARY),
            (_name(203), "Chủ tịch Công đoàn ngành Giáo dục, Ủy viên", MEMBER),
            (_name(204), "Tổ trưởng tổ Mầm non, Ủy viên", MEMBER),
            (_name(205), "Tổ trưởng tổ Tiểu học, Ủy viên", MEMBER),
            (_name(206), "Tổ trưởng tổ Trung học cơ sở, Ủy viên", MEMBER),
        ]
    return people


def _type_meetings(wb: Any, result: MergeResult) -> dict[str, int]:
    """Each body's meeting on the sheet Khối and its members on Thành viên họp, the last member
    absent; returns the members present by body."""
    from datetime import time as clock
    from datetime import timedelta

    from ..core.meetings import COUNCIL

    people = _people(result)
    deadline = next((p.deadline for p in result.compact.periods if p.period is result.period), None)
    first = deadline + timedelta(days=10) if deadline else datetime(2021, 6, 7).date()
    sheet = wb["Khối"]
    col = {c.value: i for i, c in enumerate(sheet[3]) if c.value}
    present: dict[str, int] = {}
    for day, row in enumerate(sheet.iter_rows(min_row=4)):
        code = row[col["Mã khối"]].value
        if code not in people:
            continue
        members = people[code]
        present[code] = len(members) - 1  # one member is absent
        council = code == COUNCIL
        place = (f"Phòng họp {result.compact.organizer.name}" if council else
                 f"Hội trường {members[0][1].removeprefix('Hiệu trưởng ')}")  # fmt: skip
        for header, value in (
            ("Thành viên dự họp", present[code]), ("Chủ trì (họ và tên)", members[0][0]),
            ("Thư ký (họ và tên)", members[1][0] if not council else members[2][0]),
            ("Ngày họp", first + timedelta(days=day + (2 if council else 0))),
            ("Giờ bắt đầu", clock(14, 0) if council else clock(8, 0)), ("Địa điểm họp", place),
            ("Số phiếu phát ra", present[code]), ("Số phiếu thu về", present[code]),
            ("Số phiếu hợp lệ", present[code]),
        ):  # fmt: skip
            row[col[header]].value = value
    listed = wb["Thành viên họp"]
    for code, members in people.items():
        for n, (name, position, role) in enumerate(members):
            absent = n == len(members) - 1
            listed.append([code, name, position, role, "Không" if absent else "Có",
                           "Ốm, có đơn xin phép" if absent else None])  # fmt: skip
    return present


def _type_votes(sheet: Any, result: MergeResult, present: dict[str, int]) -> list[str]:
    """The votes in favour, each award's by its body's members present; one school short for
    the second award; in the first tie still open before the vote, the schools beyond the
    places one vote fewer."""
    from ..core.meetings import COUNCIL
    from ..core.model import VotingBody

    awards = sorted(result.compact.awards, key=lambda a: a.order)
    bodies = {a.code: COUNCIL if a.body is VotingBody.COUNCIL else "" for a in awards}
    short = awards[1] if len(awards) > 1 else awards[0]
    shorted, done = False, []
    rows = {r.school.code: r for r in result.schools}
    first = next((r for r in _ranked(result) if short.code in _candidates(r)), None)
    behind = _behind_in_first_tie(result, first.school.bloc if first else "")
    header = [c.value for c in sheet[3]]
    for cells in sheet.iter_rows(min_row=4):
        school = rows.get(cells[header.index("Mã trường")].value)
        if school is None or school.proposal is None:
            continue
        for code in school.proposal.eligible:
            award = next(a for a in awards if a.code == code)
            members = present[bodies[code] or school.school.bloc]
            votes = members
            if school is first and code == short.code and not shorted:
                needed = next(v for v in range(members + 1) if _enough(award, v, members))
                votes, shorted = needed - 1, True
                done.append(
                    f"{school.school.name}: {code} {votes}/{members} phiếu (thiếu một phiếu)"
                )
            elif (school.school.code, code) in behind:
                votes = members - 1
                done.append(f"{school.school.name}: {code} {votes}/{members} phiếu (bằng điểm, "
                            "ít phiếu hơn)")  # fmt: skip
            cells[header.index(f"Phiếu đồng ý: {code}")].value = votes
    return done


def _candidates(row: SchoolRow) -> list[str]:
    return row.proposal.candidates if row.proposal is not None else []


def _ranked(result: MergeResult) -> list[SchoolRow]:
    """The schools with a proposal, bloc by bloc in rank order (the vote sheet's order)."""
    return [
        row
        for bloc in result.compact.blocs
        for row in sorted(result.members(bloc), key=lambda r: (r.rank is None, r.rank or 0))
        if row.proposal is not None
    ]


def _behind_in_first_tie(result: MergeResult, avoid: str) -> set[tuple[str, str]]:
    """(school, award) of the schools that the first open tie of the first bloc but ``avoid``
    (where the school one vote short frees a place, changing its ties) leaves out, in ranking
    order: the highest tie of its bloc, which no decision on another tie changes."""
    from ..workbooks.appraisal.ties import ties_of

    tie = next((t for t in ties_of(result).values() if t.open and t.bloc != avoid), None)
    if tie is None:
        return set()
    return {(code, tie.award) for code in tie.left[tie.places_after_criteria :]}


def _type_decisions(
    result: MergeResult, book: str | os.PathLike[str], present: dict[str, int]
) -> list[str]:
    """The ties the vote leaves open, decided and recorded on the sheet Quyết định bằng điểm one
    at a time, in the order of the blocs and the ladder (a decision on a higher award changes
    the ties below it: the proposals are made again from the book as typed after each): the
    schools chosen by a second vote; the first tie for one place in the last bloc left empty."""
    from dataclasses import replace

    from openpyxl import load_workbook

    from ..core.meetings import COUNCIL
    from ..core.model import VotingBody
    from ..core.standing import school_rows
    from ..core.ties import EMPTY_PLACE
    from ..workbooks.appraisal.reader import read_appraisal_book
    from ..workbooks.appraisal.ties import ties_of

    done: list[str] = []
    emptied = False
    for _ in range(4 * len(result.compact.awards) * len(result.compact.blocs)):
        appraisal = read_appraisal_book(book, result.compact, result.period)
        rows, _ = school_rows(
            result.compact, result.period, result.files, appraisal, result.history
        )  # the conditions over years as the merge had them
        ties = [t for t in ties_of(replace(result, schools=rows)).values() if t.open]
        if not ties:
            break
        tie = ties[0]  # a decision on a higher award changes the ties below it: one at a time
        body = COUNCIL if tie.body is VotingBody.COUNCIL else tie.bloc
        members, word = present.get(body, 0), "hội đồng" if body == COUNCIL else "khối"
        wb = load_workbook(book)
        sheet = wb["Quyết định bằng điểm"]
        last = tie.bloc == result.compact.blocs[-1].code
        if last and tie.places_after_criteria == 1 and not emptied:  # the voters leave it empty
            why = (f"Bỏ phiếu lần hai các trường vẫn ngang phiếu; {word} thống nhất để trống "
                   "suất, không đề nghị")  # fmt: skip
            _decide(sheet, tie.bloc, tie.award, EMPTY_PLACE, None, why)
            done.append(f"{tie.bloc}, {tie.award}: {word} để trống "
                        f"{tie.places_after_criteria} suất")  # fmt: skip
            emptied = True
        else:
            for code in tie.left[: tie.places_after_criteria]:
                votes = members - 1
                why = (f"Bỏ phiếu lần hai giữa các trường bằng điểm: {tie.names[code]} được "
                       f"{votes}/{members} phiếu, nhiều hơn các trường còn lại")  # fmt: skip
                _decide(sheet, tie.bloc, tie.award, code, votes, why)
                done.append(f"{tie.bloc}, {tie.award}: {word} chọn {tie.names[code]} "
                            f"(lần hai {votes}/{members} phiếu)")  # fmt: skip
        wb.save(book)
    return done


def _decide(sheet: Any, bloc: str, award: str, chosen: str, votes: int | None, why: str) -> None:
    """A decision on the sheet Quyết định bằng điểm: in the row the program wrote for the tie
    when it is still empty, else in a new row."""
    header = [c.value for c in sheet[3]]
    col = {name: header.index(name) for name in header if name}
    for cells in sheet.iter_rows(min_row=4):
        if (cells[col["Mã khối"]].value, cells[col["Mã mức khen"]].value) == (bloc, award) and (
            cells[col["Trường được chọn"]].value is None
        ):
            break
    else:
        sheet.append([bloc, award])
        cells = sheet[sheet.max_row]
    cells[col["Trường được chọn"]].value = chosen
    cells[col["Số phiếu lần hai"]].value = votes
    cells[col["Lý do quyết định"]].value = why


def _enough(award: Award, votes: int, members: int) -> bool:
    share = 100 * votes / members
    return share > award.vote_share if award.vote_strict else share >= award.vote_share
