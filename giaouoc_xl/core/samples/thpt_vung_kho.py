"""The emulation bloc of upper-secondary schools in difficult areas (Lào Cai), school year
2022-2023: a compact of 7 contents signed at THCS&THPT Tả Sìn Thàng on 23/09/2022."""

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
    XS,
    YES_,
    YN,
    assemble,
    at_most,
    bonus,
    deadlines,
    deduction,
    form,
    target,
    titles,
)

CONTENTS = [
    "Nâng cao vai trò lãnh đạo, chỉ đạo của cấp ủy, tổ chức cơ sở Đảng; tinh thần trách nhiệm, năng lực "
    "quản lý điều hành của Ban giám hiệu và sự phối hợp của các đoàn thể đối với các phong trào thi đua",
    "Triển khai và thực hiện tốt Luật Thi đua, khen thưởng và các văn bản hướng dẫn; thực hiện các mục "
    "tiêu, chỉ tiêu, nhiệm vụ đã đề ra và được cấp trên giao",
    "Gắn phong trào thi đua với xây dựng tổ chức cơ sở Đảng, đoàn thể trong sạch, vững mạnh; thực hiện "
    'quy chế dân chủ; đẩy lùi quan liêu, tham nhũng, lãng phí; phong trào "Uống nước nhớ nguồn", '
    '"Đền ơn - Đáp nghĩa", nhân đạo từ thiện',
    "Đổi mới, sáng tạo trong dạy học và quản lý; ứng dụng công nghệ thông tin, chuyển đổi số; đánh giá "
    "kết quả giáo dục chính xác, công bằng, khách quan, thực chất",
    "Xây dựng và phát triển toàn diện đội ngũ nhà giáo, cán bộ quản lý; rèn luyện đạo đức, tự học, sáng "
    "tạo; nghiên cứu khoa học và hướng dẫn học sinh nghiên cứu khoa học",
    "Đối với học sinh: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh; tu dưỡng đạo đức, "
    "tuân thủ pháp luật, nội quy; tích cực tham gia hoạt động xã hội, tình nguyện",
    "Thực hiện nghiêm chế độ tài chính, quản lý cơ sở vật chất; đầu tư trang thiết bị dạy học; thực hiện "
    '"Ba công khai"',
]

GROUPS = [
    ("N01", "Lãnh đạo, chỉ đạo; tổ chức Đảng, đoàn thể", 1),
    ("N02", "Thực hiện Luật Thi đua, khen thưởng", 2),
    ("N03", "Dân chủ, phòng chống tham nhũng, lãng phí; hoạt động xã hội", 3),
    ("N04", "Chất lượng dạy học, chuyển đổi số", 4),
    ("N05", "Đội ngũ nhà giáo, nghiên cứu khoa học", 5),
    ("N06", "Học sinh: rèn luyện, duy trì sĩ số, an toàn", 6),
    ("N07", "Tài chính, cơ sở vật chất, chuẩn quốc gia", 7),
    ("N08", "Điểm cộng, điểm trừ", 2),
]


def _both(value: object) -> dict[str, object]:
    return {"THCS": value, "THPT": value}


#: Code, text, unit, kind, direction, thresholds by level, points, and what differs from the
#: usual (veto, scoring, periods, the list of levels).
TARGETS = [
    target("CT01.1", "Chi bộ, Đảng bộ nhà trường được xếp loại hoàn thành tốt nhiệm vụ trở lên", "", YN, YES_, _both("Có"), 5),
    target("CT01.2", "Tỷ lệ tổ chức đoàn thể (Công đoàn, Đoàn Thanh niên) được xếp loại vững mạnh", "%", PCT, GE, _both(100), 5),
    target("CT02.1", "Tỷ lệ cán bộ, giáo viên, nhân viên đăng ký và ký giao ước thi đua", "%", PCT, GE, _both(100), 5),
    target("CT03.1", "Số vụ vi phạm quy chế dân chủ, tham nhũng, lãng phí bị cơ quan có thẩm quyền kết luận", "vụ", CNT, EQ, _both(0), 5, veto=True),
    target("CT03.2", 'Tổ chức hoạt động "Đền ơn - Đáp nghĩa", nhân đạo từ thiện trong năm học', "", YN, YES_, _both("Có"), 5),
    target("CT04.1", "Tỷ lệ học sinh lên lớp", "%", PCT, GE, {"THCS": 98, "THPT": 97}, 10, scoring=Scoring.PROPORTIONAL),
    target("CT04.2", "Tỷ lệ học sinh được công nhận tốt nghiệp (THCS: xét công nhận; THPT: thi tốt nghiệp)", "%", PCT, GE, {"THCS": 98, "THPT": 95}, 10, scoring=Scoring.PROPORTIONAL),
    target("CT04.3", "Số học sinh đạt giải kỳ thi chọn học sinh giỏi cấp tỉnh", "học sinh", CNT, GE, {"THCS": 2, "THPT": 3}, 5, scoring=Scoring.PROPORTIONAL),
    target("CT04.4", "Tỷ lệ giáo viên ứng dụng công nghệ thông tin, học liệu số trong dạy học", "%", PCT, GE, _both(90), 5, periods=ALL),
    target("CT05.1", "Tỷ lệ giáo viên đạt chuẩn trình độ đào tạo", "%", PCT, GE, _both(100), 5),
    target("CT05.2", "Số giáo viên đạt giáo viên dạy giỏi cấp tỉnh", "giáo viên", CNT, GE, _both(1), 5),
    target("CT05.3", "Số dự án của học sinh dự thi khoa học kỹ thuật cấp tỉnh", "dự án", CNT, GE, _both(1), 5),
    target("CT06.1", "Tỷ lệ học sinh bỏ học", "%", PCT, LE, {"THCS": 1.0, "THPT": 1.5}, 5, scoring=Scoring.DEDUCT, step=2, periods=ALL),
    target("CT06.2", "Tỷ lệ học sinh có kết quả rèn luyện (hạnh kiểm) Khá, Tốt", "%", PCT, GE, _both(90), 5, periods=ALL),
    target("CT06.3", "Số vụ bạo lực học đường, mất an toàn, tai nạn nghiêm trọng", "vụ", CNT, EQ, _both(0), 5, veto=True, periods=ALL),
    target("CT07.1", 'Thực hiện "Ba công khai" theo Thông tư 36/2017/TT-BGDĐT', "", YN, YES_, _both("Có"), 5),
    target("CT07.2", "Mức độ trường đạt chuẩn quốc gia", "", LVL, GE, _both("Mức độ 1"), 5, choices=STANDARD_LEVELS_CHOICES),
    target("CT07.3", "Cấp độ kiểm định chất lượng giáo dục", "", LVL, GE, _both("Cấp độ 1"), 5, choices=ACCREDITATION_CHOICES),
    bonus("CT08.1", "Điểm cộng: tập thể được tặng Bằng khen của UBND tỉnh trở lên", "lượt", _both(1), 2),
    deduction("CT08.2", "Điểm trừ: số báo cáo nộp chậm so với quy định", "báo cáo", _both(0), 5, step=1),
]  # fmt: skip

SCHOOLS = [
    ("10001", "Trường THCS&THPT Tả Sìn Thàng", (Level.THCS, Level.THPT), "Xã Tả Sìn Thàng"),
    ("10002", "Trường THPT số 1 Si Ma Cai", (Level.THPT,), "Xã Si Ma Cai"),
    ("10003", "Trường THPT số 2 Si Ma Cai", (Level.THPT,), "Xã Sín Chéng"),
    ("10004", "Trường THPT số 1 Mường Khương", (Level.THPT,), "Xã Mường Khương"),
    ("10005", "Trường THPT số 2 Mường Khương", (Level.THPT,), "Xã Bản Lầu"),
    ("10006", "Trường THPT số 3 Mường Khương", (Level.THPT,), "Xã Cao Sơn"),
    ("10007", "Trường THPT số 2 Bắc Hà", (Level.THPT,), "Xã Bảo Nhai"),
    ("10008", "Trường THPT số 2 Bát Xát", (Level.THPT,), "Xã Mường Hum"),
    ("10009", "Trường THPT số 2 Sa Pa", (Level.THPT,), "Xã Bản Hồ"),
    ("10010", "Trường THCS&THPT Y Tý", (Level.THCS, Level.THPT), "Xã Y Tý"),
]


RULES = [
    at_most("R01", "CT06.1 + CT04.1", "100", "Tỷ lệ học sinh bỏ học cộng tỷ lệ học sinh lên lớp không thể vượt quá 100 %"),
    at_most("R02", "CT05.2", "10", "Số giáo viên dạy giỏi cấp tỉnh lớn bất thường so với quy mô trường vùng khó; đề nghị kiểm tra lại", Severity.WARNING),
]  # fmt: skip

MINISTER = "Bộ trưởng Bộ Giáo dục và Đào tạo"
PROVINCE = "Chủ tịch UBND tỉnh Lào Cai"
DIRECTOR = "Giám đốc Sở Giáo dục và Đào tạo tỉnh Lào Cai"

#: The award ladder of a bloc of the Sở in 2022-2023: the Ministry's flag for the bloc's leader
#: (possible then; from 2024 only for blocs the Ministry itself runs, TT 29/2023), the province's
#: flag for the next, certificates, and the collective titles. The bloc's meeting votes its
#: two flags (it honours its leading schools itself), the Sở's Hội đồng Thi đua – Khen thưởng
#: the certificates and titles; ties broken as in _build.TIE_BREAKS.
AWARDS = (
    form(1, "CỜ-BỘ", "Cờ thi đua của Bộ Giáo dục và Đào tạo", MINISTER, XS, 100, EXCELLENT, quota_count=1, votes="≥ 80%", body=BY_BLOC),
    form(2, "CỜ-TỈNH", "Cờ thi đua của UBND tỉnh", PROVINCE, XS, 98, EXCELLENT, quota_count=1, votes="≥ 70%", body=BY_BLOC),
    form(3, "BK", "Bằng khen của Chủ tịch UBND tỉnh", PROVINCE, XS, 95, quota_share=20),
    form(4, "GK", "Giấy khen của Giám đốc Sở Giáo dục và Đào tạo", DIRECTOR, TOT, 85, quota_share=40),
    *titles(5, PROVINCE, DIRECTOR),
)  # fmt: skip

BLOC = Bloc(code="K-THPT-VK", name="Khối thi đua các trường THPT vùng khó khăn")
#: The compact's own settings: its id and title, who organizes it, the school year, the
#: deadline of each period, who signs.
SETTINGS: dict[str, Any] = {
    "id": "thpt-vung-kho-2022-2023",
    "title": "Giao ước thi đua Khối các trường THPT vùng khó khăn năm học 2022 - 2023",
    "organizer": Organizer(
        name="Sở Giáo dục và Đào tạo tỉnh Lào Cai",
        kind=OrganizerKind.DEPARTMENT,
        parent="UBND TỈNH LÀO CAI",
        place="Si Ma Cai",
    ),
    "school_year": "2022-2023",
    "periods": deadlines(date(2022, 9, 30), date(2023, 1, 13), date(2023, 5, 26)),
    "signer": Signer(name="Giàng Seo Vần", title="TRƯỞNG KHỐI THI ĐUA"),
}


def build() -> Compact:
    schools = tuple(
        School(code=code, name=name, levels=levels, bloc=BLOC.code, commune=commune)
        for code, name, levels, commune in SCHOOLS
    )
    return assemble(CONTENTS, GROUPS, TARGETS, RULES, AWARDS, SETTINGS, (BLOC,), schools)
