"""Thanh Ba district (Phú Thọ), school year 2020-2021: 59 principals of MN, TH and THCS schools
sign a compact of 5 contents and 10 target groups (seed article of 15/10/2020)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..findings import Severity
from ..model import Bloc, Compact, Level, Organizer, OrganizerKind, School, Scoring, Signer
from ._build import (
    ACCREDITATION_CHOICES,
    ALL,
    BY_BLOC,
    CNT,
    EQ,
    EXCELLENT,
    GE,
    LE,
    LVL,
    PCT,
    STANDARD_LEVELS_CHOICES,
    TOT,
    TXT,
    XS,
    YES_,
    YN,
    assemble,
    at_most,
    bonus,
    by_commune,
    deadlines,
    deduction,
    form,
    target,
    titles,
)

CONTENTS = [
    "Tiếp tục triển khai thực hiện có hiệu quả Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị "
    "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; chấp hành chủ trương, "
    "chính sách của Đảng, pháp luật của Nhà nước và quy định của ngành",
    "Xây dựng môi trường giáo dục an toàn, lành mạnh, thân thiện; phòng, chống bạo lực học đường",
    "Tuyên truyền xây dựng trường học văn hóa, lan tỏa hành vi ứng xử đẹp; phê phán, phòng ngừa, ngăn "
    "chặn việc đăng tải, chia sẻ hành vi tiêu cực, vụ việc bạo lực học đường trên môi trường mạng",
    "Tiếp tục đổi mới hoạt động giáo dục, thực hiện tốt nhiệm vụ trọng tâm của cấp học, nâng cao chất "
    "lượng giáo dục",
    "Nêu cao tinh thần trách nhiệm của cán bộ quản lý, giáo viên, nhân viên; xây dựng đội ngũ, trường "
    "chuẩn quốc gia, thực hiện công khai, dân chủ trong nhà trường",
]

GROUPS = [
    ("N01", "Học tập và làm theo Bác; chấp hành pháp luật, kỷ cương", 1),
    ("N02", "An toàn trường học, phòng chống bạo lực học đường", 2),
    ("N03", "Văn hóa học đường, ứng xử trên môi trường mạng", 3),
    ("N04", "Huy động, duy trì sĩ số", 4),
    ("N05", "Chăm sóc, nuôi dưỡng trẻ (mầm non)", 4),
    ("N06", "Chất lượng giáo dục", 4),
    ("N07", "Đội ngũ cán bộ quản lý, giáo viên, nhân viên", 5),
    ("N08", "Trường chuẩn quốc gia, kiểm định chất lượng", 5),
    ("N09", "Quản lý, công khai, ứng dụng công nghệ thông tin", 5),
    ("N10", "Điểm cộng, điểm trừ", 5),
]

ALL3 = ("MN", "TH", "THCS")


def _all(value: object) -> dict[str, object]:
    return dict.fromkeys(ALL3, value)


#: Code, text, unit, kind, direction, thresholds by level, points, and what differs from the
#: usual (veto, scoring, periods, the list of levels).
TARGETS = [
    target("CT01.1", "Tỷ lệ cán bộ, giáo viên, nhân viên học tập, quán triệt Chỉ thị 05-CT/TW và các nghị quyết, văn bản của ngành", "%", PCT, GE, _all(100), 5),
    target("CT01.2", "Số cán bộ, giáo viên, nhân viên vi phạm pháp luật, bị kỷ luật", "người", CNT, EQ, _all(0), 5, veto=True),
    target("CT02.1", "Số vụ bạo lực học đường, mất an toàn, tai nạn thương tích nghiêm trọng trong nhà trường", "vụ", CNT, EQ, _all(0), 10, veto=True, periods=ALL),
    target("CT02.2", "Nhà trường đạt tiêu chuẩn an toàn, phòng chống tai nạn thương tích", "", YN, YES_, _all("Có"), 5),
    target("CT03.1", "Tỷ lệ nhóm, lớp thực hiện tốt Bộ quy tắc ứng xử văn hóa trong trường học", "%", PCT, GE, _all(95), 5, scoring=Scoring.PROPORTIONAL),
    target("CT03.2", "Số vụ cán bộ, giáo viên, học sinh đăng tải, chia sẻ thông tin, hình ảnh tiêu cực trên mạng xã hội", "vụ", CNT, EQ, _all(0), 5, periods=ALL),
    target("CT04.1", "Tỷ lệ huy động trẻ, học sinh trong độ tuổi ra lớp", "%", PCT, GE, {"MN": 98, "TH": 100, "THCS": 99}, 5),
    target("CT04.2", "Tỷ lệ trẻ đi học chuyên cần", "%", PCT, GE, {"MN": 95}, 5, scoring=Scoring.PROPORTIONAL, periods=ALL),
    target("CT04.3", "Tỷ lệ học sinh bỏ học", "%", PCT, LE, {"TH": 0.1, "THCS": 0.5}, 5, scoring=Scoring.DEDUCT, step=5, periods=ALL),
    target("CT05.1", "Tỷ lệ trẻ suy dinh dưỡng thể nhẹ cân", "%", PCT, LE, {"MN": 4}, 5, periods=ALL),
    target("CT05.2", "Tỷ lệ trẻ suy dinh dưỡng thể thấp còi", "%", PCT, LE, {"MN": 5}, 5, periods=ALL),
    target("CT05.3", "Số vụ ngộ độc thực phẩm tại trường", "vụ", CNT, EQ, {"MN": 0}, 5, veto=True, periods=ALL),
    target("CT06.1", "Tỷ lệ trẻ 5 tuổi hoàn thành chương trình giáo dục mầm non", "%", PCT, GE, {"MN": 99}, 5),
    target("CT06.2", "Tỷ lệ học sinh hoàn thành chương trình lớp học (TH), lên lớp thẳng (THCS)", "%", PCT, GE, {"TH": 99.5, "THCS": 98}, 10, scoring=Scoring.PROPORTIONAL),
    target("CT06.3", "Tỷ lệ học sinh hoàn thành chương trình tiểu học (TH), được công nhận tốt nghiệp THCS", "%", PCT, GE, {"TH": 100, "THCS": 98}, 5),
    target("CT06.4", "Số học sinh đạt giải trong các cuộc thi, giao lưu cấp huyện trở lên", "học sinh", CNT, GE, {"TH": 5, "THCS": 10}, 5, scoring=Scoring.PROPORTIONAL),
    target("CT07.1", "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo theo Luật Giáo dục 2019", "%", PCT, GE, {"MN": 95, "TH": 100, "THCS": 100}, 5),
    target("CT07.2", "Số giáo viên dạy giỏi cấp huyện trở lên", "giáo viên", CNT, GE, {"MN": 2, "TH": 3, "THCS": 3}, 5, scoring=Scoring.PROPORTIONAL),
    target("CT07.3", "Tỷ lệ giáo viên được đánh giá chuẩn nghề nghiệp mức Khá trở lên", "%", PCT, GE, _all(85), 5),
    target("CT07.4", "Tên sáng kiến kinh nghiệm, giải pháp đăng ký của nhà trường", "", TXT, None, _all("Áp dụng"), 0),
    target("CT08.1", "Mức độ trường đạt chuẩn quốc gia", "", LVL, GE, _all("Mức độ 1"), 5, choices=STANDARD_LEVELS_CHOICES),
    target("CT08.2", "Cấp độ kiểm định chất lượng giáo dục", "", LVL, GE, _all("Cấp độ 2"), 5, choices=ACCREDITATION_CHOICES),
    target("CT09.1", 'Thực hiện "Ba công khai" theo Thông tư 36/2017/TT-BGDĐT', "", YN, YES_, _all("Có"), 5),
    target("CT09.2", "Tỷ lệ hồ sơ trên cơ sở dữ liệu ngành được cập nhật đúng hạn", "%", PCT, GE, _all(100), 5),
    bonus("CT10.1", "Điểm cộng: tập thể, cá nhân được khen thưởng cấp tỉnh trở lên", "lượt", _all(1), 2),
    deduction("CT10.2", "Điểm trừ: số báo cáo nộp chậm so với quy định", "báo cáo", _all(0), 5, step=1),
]  # fmt: skip

COMMUNES = [
    "Thị trấn Thanh Ba",
    "Chí Tiên",
    "Đại An",
    "Đỗ Sơn",
    "Đỗ Xuyên",
    "Đông Lĩnh",
    "Đông Thành",
    "Hanh Cù",
    "Hoàng Cương",
    "Khải Xuân",
    "Lương Lỗ",
    "Mạn Lạn",
    "Năng Yên",
    "Ninh Dân",
    "Quảng Yên",
    "Sơn Cương",
    "Thái Ninh",
    "Thanh Hà",
    "Vân Lĩnh",
    "Yển Khê",
]

LEVEL_NAMES = {Level.MN: "Mầm non", Level.TH: "Tiểu học", Level.THCS: "THCS"}
BLOCS = {
    Level.MN: ("K-MN", "Khối Mầm non"),
    Level.TH: ("K-TH", "Khối Tiểu học"),
    Level.THCS: ("K-THCS", "Khối Trung học cơ sở"),
}


def _schools() -> list[School]:
    schools = []
    for prefix, level in (("01", Level.MN), ("02", Level.TH), ("03", Level.THCS)):
        communes = [c for c in COMMUNES if not (level is Level.THCS and c == "Quảng Yên")]
        schools += by_commune(prefix, level, LEVEL_NAMES[level], BLOCS[level][0], communes)
    return schools


RULES = [
    at_most("R01", "CT04.3 + CT06.2", "100", "Tỷ lệ học sinh bỏ học cộng tỷ lệ học sinh hoàn thành chương trình lớp học không thể vượt quá 100 %"),
    at_most("R02", "CT06.4", "200", "Số học sinh đạt giải cấp huyện trở lên lớn bất thường; đề nghị kiểm tra lại", Severity.WARNING),
]  # fmt: skip

PROVINCE, DISTRICT = "Chủ tịch UBND tỉnh Phú Thọ", "Chủ tịch UBND huyện Thanh Ba"

#: The award ladder of a district in 2020-2021 (Luật Thi đua, khen thưởng 2003; NĐ 91/2017;
#: the province's rules): two groups a school may combine, the forms of commendation and the
#: collective titles. The titles' staff conditions are the law's; quotas and votes are the
#: district's own choice (a realistic example, to be set by each office). The flag is voted by
#: the bloc's meeting, the rest by the district's Hội đồng Thi đua – Khen thưởng; ties at a
#: quota's edge broken by the votes, content 4, the deductions (_build.TIE_BREAKS).
AWARDS = (
    form(1, "CO", "Cờ thi đua của UBND tỉnh", PROVINCE, XS, 100, EXCELLENT, quota_count=1, votes="≥ 70%", body=BY_BLOC),
    form(2, "BK", "Bằng khen của Chủ tịch UBND tỉnh", PROVINCE, XS, 97, quota_share=10),
    form(3, "GK", "Giấy khen của Chủ tịch UBND huyện", DISTRICT, TOT, 85, quota_share=30),
    *titles(4, PROVINCE, DISTRICT),
)  # fmt: skip

#: The compact's own settings: its id and title, who organizes it, the school year, the
#: deadline of each period, who signs.
SETTINGS: dict[str, Any] = {
    "id": "thanh-ba-2020-2021",
    "title": "Giao ước thi đua năm học 2020 - 2021",
    "organizer": Organizer(
        name="Phòng Giáo dục và Đào tạo huyện Thanh Ba",
        kind=OrganizerKind.DISTRICT_OFFICE,
        parent="UBND HUYỆN THANH BA",
        place="Thanh Ba",
    ),
    "school_year": "2020-2021",
    "periods": deadlines(date(2020, 10, 9), date(2021, 1, 15), date(2021, 5, 25)),
    "signer": Signer(name="Hà Trường Sơn", title="TRƯỞNG PHÒNG"),
}


def build() -> Compact:
    blocs = tuple(Bloc(code=code, name=name) for code, name in BLOCS.values())
    return assemble(CONTENTS, GROUPS, TARGETS, RULES, AWARDS, SETTINGS, blocs, tuple(_schools()))
