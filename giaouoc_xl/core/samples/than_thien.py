"""The evaluation of the emulation movement "Xây dựng trường học thân thiện, học sinh tích cực"
in a district, school year 2008-2009: a score sheet of criteria in points, self-scored by each
school (tự đánh giá) and scored again by the office's evaluating team (đoàn đánh giá).

Source: Công văn số 1741/BGDĐT-GDTrH ngày 05/3/2009 của Bộ Giáo dục và Đào tạo "Hướng dẫn đánh
giá kết quả phong trào thi đua 'Xây dựng trường học thân thiện, học sinh tích cực'", following
Chỉ thị số 40/2008/CT-BGDĐT ngày 22/7/2008 and Kế hoạch số 307/KH-BGDĐT ngày 22/7/2008.

What is from the source (as issue 24 read it): five contents, the five of Chỉ thị 40/2008, of
20 points each, 100 in all; each criterion up to 5 points, in sub-items of 1,0 point each;
scored by the school, then by the evaluating team.

ASSUMPTIONS (the full text, its criteria's wording and its tiers' cut-offs, could not be read
from any stored source; each is marked in the compact's book and in the README too):

- the criteria: four per content, each of five sub-items of 1,0, reconstructed from the contents
  and the activities Kế hoạch 307 lists under each; their wording is ours, not the Công văn's;
- a sub-item is scored 0; 0,5 or 1 (``point_step`` 0,5): a half point for what is partly done;
- the tiers: Xuất sắc ≥ 90, Tốt ≥ 75, Khá ≥ 60, Trung bình ≥ 50, Cần cố gắng below 50;
- recognition by tier, no ranks (the evaluation classifies each school; it does not rank them),
  and no award ladder: what a tier earns is the office's own decision;
- the organizer (Phòng GD&ĐT huyện Đoan Hùng, Phú Thọ), its 12 primary and lower-secondary
  schools named by commune, the signer and the deadline are plausible, not an official list.
"""

from __future__ import annotations

from datetime import date

from ..model import (
    Bloc,
    Compact,
    Content,
    Level,
    Organizer,
    Period,
    PeriodSpec,
    Ranking,
    Signer,
    Target,
    TargetGroup,
    Tier,
    ValueKind,
)
from ._build import by_commune

ID = "than-thien-2008-2009"
SOURCE = (
    "Công văn số 1741/BGDĐT-GDTrH ngày 05/3/2009 của Bộ Giáo dục và Đào tạo hướng dẫn đánh giá "
    'kết quả phong trào thi đua "Xây dựng trường học thân thiện, học sinh tích cực"'
)
#: What the user reads in the compact's book and the documents' running header (at most about
#: 150 characters: Excel's header holds 255 with the organizer's name and the fonts): the
#: source, and that the criteria and tiers are assumed.
TITLE = (
    'Đánh giá phong trào thi đua "Xây dựng trường học thân thiện, học sinh tích cực" năm học '
    "2008 - 2009 theo CV 1741/BGDĐT-GDTrH (tiêu chí, xếp loại: giả định)"
)

#: The five contents of Chỉ thị 40/2008/CT-BGDĐT, 20 points each.
CONTENTS = [
    "Xây dựng trường lớp xanh, sạch, đẹp, an toàn",
    "Dạy và học có hiệu quả, phù hợp với đặc điểm lứa tuổi của học sinh ở mỗi địa phương, giúp "
    "các em tự tin trong học tập",
    "Rèn luyện kỹ năng sống cho học sinh",
    "Tổ chức các hoạt động tập thể vui tươi, lành mạnh",
    "Học sinh tham gia tìm hiểu, chăm sóc và phát huy giá trị các di tích lịch sử, văn hóa, "
    "cách mạng ở địa phương",
]
GROUPS = [
    "Trường lớp xanh, sạch, đẹp, an toàn",
    "Dạy và học có hiệu quả",
    "Kỹ năng sống",
    "Hoạt động tập thể",
    "Di tích lịch sử, văn hóa, cách mạng",
]

#: ASSUMED criteria (the Công văn's own wording could not be read): four per content, each with
#: its five sub-items of 1,0 point, from the activities of Kế hoạch 307/KH-BGDĐT.
CRITERIA: list[list[tuple[str, tuple[str, str, str, str, str]]]] = [
    [
        ("Trường an toàn, sạch sẽ, có cây xanh, thoáng mát", (
            "Có tường rào, cổng trường, biển tên trường đúng quy định",
            "Sân trường, lớp học được quét dọn sạch sẽ hằng ngày",
            "Có cây xanh, bóng mát, bồn hoa được chăm sóc",
            "Lớp học đủ ánh sáng, thoáng mát, bàn ghế phù hợp lứa tuổi",
            "Không có nguy cơ mất an toàn về điện, công trình, cây cối",
        )),
        ("Học sinh trồng cây vào dịp đầu xuân, chăm sóc cây thường xuyên", (
            "Có kế hoạch trồng cây đầu xuân",
            "Mỗi lớp trồng và nhận chăm sóc cây",
            "Cây được tưới, chăm sóc thường xuyên",
            "Phân công lớp, nhóm học sinh chăm sóc từng khu vực",
            "Có theo dõi, nhận xét việc chăm sóc cây của các lớp",
        )),
        ("Có đủ nhà vệ sinh ở vị trí phù hợp, được giữ gìn sạch sẽ", (
            "Đủ nhà vệ sinh riêng cho học sinh nam, nữ và giáo viên",
            "Nhà vệ sinh ở vị trí phù hợp, thuận tiện",
            "Có nước sạch, xà phòng rửa tay",
            "Nhà vệ sinh được làm sạch hằng ngày, không có mùi hôi",
            "Học sinh được hướng dẫn sử dụng, giữ gìn nhà vệ sinh",
        )),
        ("Học sinh tích cực bảo vệ cảnh quan môi trường, giữ vệ sinh nơi công cộng, trường lớp "
         "và cá nhân", (
            "Tổ chức lao động vệ sinh trường lớp định kỳ",
            "Có thùng rác; học sinh không xả rác bừa bãi",
            "Học sinh tham gia làm sạch nơi công cộng ở địa phương",
            "Học sinh giữ vệ sinh cá nhân, trang phục gọn gàng",
            "Lớp học được trang trí đẹp, phù hợp",
        )),
    ],
    [
        ("Giáo viên tích cực đổi mới phương pháp dạy học phù hợp với học sinh", (
            "Giáo viên có kế hoạch đổi mới phương pháp dạy học",
            "Giờ dạy khuyến khích học sinh chủ động, sáng tạo",
            "Giáo viên sử dụng, tự làm đồ dùng dạy học",
            "Dạy học sát đối tượng, giúp đỡ học sinh yếu",
            "Tổ chuyên môn sinh hoạt về đổi mới phương pháp",
        )),
        ("Học sinh được khuyến khích tích cực, chủ động, tự tin trong học tập", (
            "Học sinh mạnh dạn phát biểu, nêu thắc mắc",
            "Học sinh học nhóm, biết tự học",
            "Học sinh được đề xuất sáng kiến, cách học hay",
            "Có câu lạc bộ, hoạt động ngoại khóa học tập",
            "Học sinh được nhận xét, động viên kịp thời",
        )),
        ("Ứng dụng công nghệ thông tin trong dạy và học", (
            "Trường có máy tính, máy chiếu phục vụ dạy học",
            "Giáo viên soạn giảng có ứng dụng công nghệ thông tin",
            "Học sinh được học tin học, khai thác thông tin",
            "Giáo viên được bồi dưỡng công nghệ thông tin",
            "Trường trao đổi với cha mẹ học sinh qua thư điện tử hoặc trang tin",
        )),
        ("Kết quả học tập tiến bộ, giảm học sinh bỏ học, lưu ban", (
            "Tỷ lệ học sinh lên lớp đạt kế hoạch năm học",
            "Tỷ lệ học sinh bỏ học giảm so với năm trước",
            "Có kế hoạch và tổ chức phụ đạo học sinh yếu",
            "Có bồi dưỡng học sinh giỏi",
            "Chất lượng giáo dục được cha mẹ học sinh ghi nhận",
        )),
    ],
    [
        ("Rèn luyện kỹ năng ứng xử hợp lý với các tình huống trong cuộc sống, thói quen làm "
         "việc, sinh hoạt theo nhóm", (
            "Có kế hoạch giáo dục kỹ năng sống",
            "Lồng ghép kỹ năng sống trong các môn học",
            "Tổ chức hoạt động, sinh hoạt theo nhóm",
            "Học sinh lễ phép, ứng xử có văn hóa",
            "Giáo viên được tập huấn giáo dục kỹ năng sống",
        )),
        ("Rèn luyện sức khỏe, phòng chống tai nạn giao thông, đuối nước và các tai nạn thương "
         "tích khác", (
            "Tuyên truyền, giáo dục an toàn giao thông",
            "Giáo dục phòng chống đuối nước",
            "Có tủ thuốc và người phụ trách y tế trường học",
            "Khám sức khỏe định kỳ cho học sinh",
            "Không có tai nạn thương tích nghiêm trọng trong trường",
        )),
        ("Rèn luyện kỹ năng ứng xử văn hóa, chung sống hòa bình, phòng ngừa bạo lực và các tệ "
         "nạn xã hội", (
            "Nội quy, quy tắc ứng xử được công khai",
            "Không có bạo lực học đường",
            "Tuyên truyền phòng chống ma túy, tệ nạn xã hội",
            "Phối hợp với gia đình, địa phương giáo dục học sinh",
            "Tư vấn, giúp đỡ học sinh có hoàn cảnh khó khăn",
        )),
        ("Thầy cô, nhân viên và học sinh thân thiện, tôn trọng nhau", (
            "Giáo viên không xúc phạm, trù dập học sinh",
            "Học sinh đoàn kết, giúp đỡ bạn bè",
            "Nhà trường và cha mẹ học sinh thường xuyên trao đổi",
            "Có hộp thư góp ý, lắng nghe ý kiến học sinh",
            "Học sinh yêu trường, lớp, tin tưởng thầy cô",
        )),
    ],
    [
        ("Tổ chức hoạt động văn nghệ, thể thao thiết thực, học sinh tham gia chủ động, tự giác", (
            "Có kế hoạch hoạt động văn nghệ, thể thao",
            "Tổ chức hội diễn, hội thi văn nghệ",
            "Tổ chức hội khỏe Phù Đổng, giải thể thao",
            "Đa số học sinh tham gia",
            "Có đội văn nghệ, đội thể thao của trường",
        )),
        ("Tổ chức trò chơi dân gian và các hoạt động vui chơi giải trí tích cực khác", (
            "Phổ biến trò chơi dân gian trong giờ ra chơi",
            "Tổ chức thi trò chơi dân gian",
            "Có sân chơi, dụng cụ vui chơi",
            "Học sinh được hướng dẫn hát dân ca",
            "Hoạt động vui chơi an toàn, lành mạnh",
        )),
        ("Tổ chức hoạt động Đội, Sao nhi đồng, hoạt động ngoài giờ lên lớp", (
            "Liên đội, chi đội hoạt động đều đặn",
            "Hoạt động ngoài giờ lên lớp theo chủ đề",
            "Tổ chức kỷ niệm các ngày lễ lớn",
            "Có hoạt động tình nguyện, nhân đạo",
            "Học sinh tự quản, tự tổ chức hoạt động",
        )),
        ("Hoạt động tập thể gắn với truyền thống nhà trường, địa phương", (
            "Lễ khai giảng, tổng kết được tổ chức trang trọng",
            "Giao lưu giữa các lớp, các trường",
            "Mời nghệ nhân, cựu chiến binh giao lưu",
            "Cha mẹ học sinh tham gia các hoạt động",
            "Tổng kết, khen thưởng học sinh tích cực",
        )),
    ],
    [
        ("Nhận chăm sóc di tích, công trình văn hóa, đài tưởng niệm hoặc nghĩa trang liệt sĩ", (
            "Có kế hoạch nhận chăm sóc di tích",
            "Phân công lớp, chi đội chăm sóc",
            "Vệ sinh, chăm sóc di tích định kỳ",
            "Có sổ theo dõi việc chăm sóc di tích",
            "Được chính quyền hoặc ban quản lý di tích xác nhận",
        )),
        ("Giáo dục truyền thống văn hóa dân tộc, truyền thống cách mạng cho học sinh", (
            "Lồng ghép giáo dục truyền thống trong các môn học",
            "Tổ chức tham quan di tích",
            "Tổ chức nói chuyện truyền thống",
            "Học sinh tìm hiểu lịch sử địa phương",
            "Thư viện có tư liệu về di tích địa phương",
        )),
        ("Tuyên truyền, giới thiệu các di tích, công trình văn hóa của địa phương", (
            "Học sinh giới thiệu được di tích cho bạn bè, khách",
            "Tổ chức thi tìm hiểu về di tích",
            "Có góc truyền thống, bảng tin về di tích",
            "Sưu tầm tranh ảnh, hiện vật",
            "Phát thanh măng non giới thiệu di tích",
        )),
        ("Phối hợp với chính quyền, đoàn thể, nhân dân phát huy giá trị di tích", (
            "Phối hợp với UBND xã, thị trấn",
            "Tham gia lễ hội truyền thống của địa phương",
            "Tham gia hoạt động đền ơn đáp nghĩa",
            "Vận động nhân dân cùng giữ gìn di tích",
            "Báo cáo kết quả với cấp trên",
        )),
    ],
]  # fmt: skip

ITEMS = "abcde"
#: A sub-item is scored 0; 0,5 or 1 (ASSUMED: a half point for what is partly done).
ITEM_STEP = 0.5
LEVELS = (Level.TH, Level.THCS)
YEAR_END = Period.YEAR_END


def _criterion(code: str, content: int, text: str, most: float, **extra: object) -> Target:
    return Target(
        code=code,
        group=f"N{content}",
        content=content,
        text=text,
        unit="điểm",
        kind=ValueKind.POINTS,
        thresholds=dict.fromkeys(LEVELS, most),
        points=most,
        periods=frozenset({YEAR_END}),
        **extra,
    )


def targets() -> tuple[Target, ...]:
    """TCn.m of 5 points, then its sub-items TCn.m.a … TCn.m.e of 1,0 each, step 0,5."""
    found: list[Target] = []
    for content, criteria in enumerate(CRITERIA, start=1):
        for number, (text, items) in enumerate(criteria, start=1):
            code = f"TC{content}.{number}"
            found.append(_criterion(code, content, text, 5.0))
            found += [
                _criterion(f"{code}.{item}", content, sub, 1.0, parent=code, point_step=ITEM_STEP)
                for item, sub in zip(ITEMS, items, strict=True)
            ]
    return tuple(found)


#: ASSUMED tiers (the Công văn's cut-offs could not be read).
TIERS = (
    Tier(name="Xuất sắc", min_points=90),
    Tier(name="Tốt", min_points=75),
    Tier(name="Khá", min_points=60),
    Tier(name="Trung bình", min_points=50),
    Tier(name="Cần cố gắng", min_points=0),
)

BLOCS = (
    Bloc(code="K-TH", name="Khối các trường tiểu học"),
    Bloc(code="K-THCS", name="Khối các trường trung học cơ sở"),
)
#: Plausible schools, named by commune (not an official list): each level's communes.
COMMUNES = {
    Level.TH: ("Thị trấn Đoan Hùng", "Chí Đám", "Tây Cốc", "Ca Đình", "Phúc Lai", "Hùng Xuyên"),
    Level.THCS: ("Thị trấn Đoan Hùng", "Chí Đám", "Tây Cốc", "Bằng Luân", "Vân Du", "Sóc Đăng"),
}


def build() -> Compact:
    schools = (
        *by_commune("2", Level.TH, "Tiểu học", "K-TH", COMMUNES[Level.TH]),
        *by_commune("3", Level.THCS, "THCS", "K-THCS", COMMUNES[Level.THCS]),
    )
    return Compact(
        id=ID,
        revision=1,
        title=TITLE,
        organizer=Organizer(
            name="Phòng Giáo dục và Đào tạo huyện Đoan Hùng",
            parent="UBND HUYỆN ĐOAN HÙNG",
            place="Đoan Hùng",
        ),
        school_year="2008-2009",
        periods=(PeriodSpec(period=YEAR_END, deadline=date(2009, 5, 15)),),
        current_period=YEAR_END,
        signer=Signer(name="Nguyễn Văn Thành", title="TRƯỞNG PHÒNG"),
        awards_need_registration=False,
        ranking=Ranking.RECOGNISE,
        contents=tuple(
            Content(number=n, title=title, max_points=20)
            for n, title in enumerate(CONTENTS, start=1)
        ),
        target_groups=tuple(
            TargetGroup(code=f"N{n}", title=title, content=n)
            for n, title in enumerate(GROUPS, start=1)
        ),
        targets=targets(),
        tiers=TIERS,
        blocs=BLOCS,
        schools=schools,
    )
