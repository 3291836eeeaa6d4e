"""The settings sheet of the compact book: one :class:`Setting` a row (its label in column A,
its value in column B, its help in column C), shared by the writer and the reader; the reader
finds each setting by its label, so staff may reorder the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...core.model import (
    Authority,
    OrganizerKind,
    Period,
    Ranking,
    VetoOutcome,
    fold,
    labels,
)
from .layout import YES_NO_CHOICES


@dataclass(frozen=True)
class Setting:
    """One row of the settings sheet: label in column A, value in column B, help in column C."""

    field: str  # "id", "organizer.name", ...
    label: str
    help: str
    choices: list[str] | str | None = None
    number_format: str = "General"


@dataclass(frozen=True)
class SettingsSheet:
    name: str
    settings: tuple[Setting, ...] = field(default_factory=tuple)

    def setting(self, name: str) -> Setting:
        return next(s for s in self.settings if s.field == name)


SETTINGS = SettingsSheet(
    name="Thiết lập",
    settings=(
        Setting(
            "id",
            "Mã giao ước",
            "Mã ngắn, không dấu cách, ví dụ thanh-ba-2020-2021. Không đổi khi sửa.",
        ),
        Setting(
            "revision",
            "Lần sửa đổi",
            "Tăng thêm 1 mỗi khi sửa nội dung giao ước sau khi đã gửi mẫu.",
        ),
        Setting("title", "Tên giao ước", "Ví dụ: Giao ước thi đua năm học 2020 - 2021"),
        Setting(
            "organizer.name", "Đơn vị tổ chức", "Ví dụ: Phòng Giáo dục và Đào tạo huyện Thanh Ba"
        ),
        Setting(
            "organizer.kind", "Loại đơn vị tổ chức", "Chọn trong danh sách", labels(OrganizerKind)
        ),
        Setting(
            "organizer.parent",
            "Cơ quan chủ quản",
            "In phía trên tên đơn vị, ví dụ: UBND HUYỆN THANH BA",
        ),
        Setting("organizer.place", "Địa danh", "Dùng ở dòng ngày tháng, ví dụ: Thanh Ba"),
        Setting("school_year", "Năm học", "Hai năm liền nhau, ví dụ 2020-2021", number_format="@"),
        Setting(
            "current_period",
            "Kỳ đang thu",
            "Kỳ dùng khi tổng hợp nếu không chọn kỳ khác",
            labels(Period),
        ),
        Setting("signer.name", "Người ký", "Họ và tên người ký các văn bản"),
        Setting(
            "signer.title", "Chức vụ người ký", "Ví dụ: TRƯỞNG PHÒNG; cấp phó: PHÓ TRƯỞNG PHÒNG"
        ),
        Setting(
            "veto_cap_tier",
            "Xếp loại tối đa khi không đạt chỉ tiêu phủ quyết",
            "Tên một mức trong sheet Xếp loại; để trống nếu không giới hạn",
            "='Xếp loại'!$A$2:$A$20",
        ),
        Setting(
            "signer.authority",
            "Thẩm quyền ký",
            "Người đứng đầu ký (hoặc để trống); cấp phó ký thay: KT.; thay mặt tập thể: TM.; "
            "quyền: Q.; thừa lệnh: TL.; thừa ủy quyền: TUQ. (Nghị định 30/2020)",
            labels(Authority),
        ),
        Setting(
            "signer.head_title",
            "Chức vụ người đứng đầu",
            "Khi ký KT., Q., TL., TUQ.: chức vụ của người đứng đầu, ví dụ TRƯỞNG PHÒNG (in: KT. "
            "TRƯỞNG PHÒNG, dòng dưới PHÓ TRƯỞNG PHÒNG)",
        ),
        Setting(
            "document_date",
            "Ngày văn bản",
            "Ngày ghi trên các văn bản (báo cáo, danh sách, tờ trình); để trống: in 'ngày … "
            "tháng … năm …' để văn thư ghi tay",
            number_format="dd/mm/yyyy",
        ),
        Setting(
            "recipients",
            "Nơi nhận",
            "Mỗi nơi một dòng hoặc cách nhau bằng dấu ';'; để trống: cấp nhận văn bản, các "
            "trường, Lưu: VT",
        ),
        Setting(
            "point_rounding",
            "Làm tròn điểm đến",
            "Điểm lẻ của mỗi tiêu chí và của tổng điểm làm tròn đến bước này, từ nửa bước trở "
            "lên làm tròn lên, ví dụ 0,5: 5,4 thành 5,5; 5,25 thành 5,5; 5,2 thành 5; để trống: "
            "không làm tròn",
            number_format="0.00",
        ),
        Setting(
            "awards_need_signature",
            "Chỉ đề nghị khen thưởng trường đã ký giao ước",
            "Có (mặc định): trường chưa chọn 'Có' ở ô Cam kết thực hiện không được đề nghị",
            YES_NO_CHOICES,
        ),
        Setting(
            "awards_need_registration",
            "Chỉ đề nghị khen thưởng trường đã đăng ký chỉ tiêu",
            "Có (mặc định): trường không có bài đăng ký đầu năm dùng được không được đề nghị",
            YES_NO_CHOICES,
        ),
        Setting(
            "floor_share",
            "Ngưỡng tối thiểu mỗi tiêu chí (% điểm tối đa)",
            "Không có tiêu chí nào dưới mức này, ví dụ 50: tiêu chí được dưới 50 % điểm của nó "
            "thì xử lý như không đạt chỉ tiêu phủ quyết (dòng dưới); để trống: không có ngưỡng",
        ),
        Setting(
            "floor_outcome",
            "Có tiêu chí dưới ngưỡng tối thiểu thì",
            "Giới hạn xếp loại (ở mức tối đa ghi trên), hạ một bậc xếp loại, hoặc không xét "
            "khen thưởng; để trống: giới hạn xếp loại",
            labels(VetoOutcome),
        ),
        Setting(
            "tiers_before_bonus",
            "Xếp loại theo điểm trước khi cộng, trừ",
            "Có: xếp loại theo tổng điểm các tiêu chí, chưa tính điểm cộng và điểm trừ; Không "
            "(mặc định): theo tổng điểm sau khi cộng, trừ",
            YES_NO_CHOICES,
        ),
        Setting(
            "ranking",
            "Xếp hạng hay chỉ công nhận",
            "Xếp hạng trong khối (mặc định); Chỉ công nhận: không xếp thứ, mỗi trường chỉ được "
            "công nhận theo xếp loại (ví dụ Đạt / Chưa đạt), khen thưởng không theo thứ hạng",
            labels(Ranking),
        ),
        # For the Excel buttons only (not part of the compact): where to write and read files.
        Setting(
            "excel.templates_folder",
            "Thư mục mẫu cho trường",
            "Cho nút 'Tạo mẫu cho các trường'; để trống: thư mục 'mau_truong' cạnh sổ này",
        ),
        Setting(
            "excel.submissions_folder",
            "Thư mục bài nộp",
            "Cho nút 'Tổng hợp'; để trống: thư mục 'bai_nop' cạnh sổ này",
        ),
        Setting(
            "excel.summary_file",
            "Tệp bảng tổng hợp",
            "Cho nút 'Tổng hợp'; để trống: 'bang_tong_hop.xlsx' cạnh sổ này",
        ),
        Setting(
            "excel.appraisal_file",
            "Tệp sổ thẩm định",
            "Cho nút 'Ghi sổ thẩm định' và 'Tổng hợp'; để trống: 'so_tham_dinh.xlsx' cạnh sổ này "
            "(có sổ thì nút 'Tổng hợp' chấm theo kết quả thẩm định)",
        ),
        Setting(
            "excel.history_file",
            "Tệp sổ lịch sử",
            "Cho nút 'Ghi năm học vào sổ lịch sử', 'Ghi sổ thẩm định' và 'Tổng hợp'; để trống: "
            "'so_lich_su.xlsx' cạnh sổ này (có sổ thì xét điều kiện khen thưởng theo các năm và "
            "ghi tiến bộ so với năm trước)",
        ),
        Setting(
            "excel.slips_folder",
            "Thư mục phiếu kết quả",
            "Cho nút 'Phiếu kết quả'; để trống: thư mục 'phieu_ket_qua' cạnh sổ này",
        ),
        Setting(
            "excel.pdf_file",
            "Tệp PDF văn bản cần ký",
            "Cho nút 'Tổng hợp': in tổng quan và bảng kết quả từng khối ra tệp này "
            "(cần LibreOffice); để trống: không in",
        ),
    ),
)


def setting_value(grids: Mapping[str, Sequence[Sequence[Any]]], name: str) -> str:
    """The value of the setting ``name`` in the settings sheet's values (label in column A,
    value in column B), as text; '' when blank or absent."""
    wanted = fold(SETTINGS.setting(name).label)
    for row in grids.get(SETTINGS.name, []):
        if row and isinstance(row[0], str) and fold(row[0]) == wanted:
            value = row[1] if len(row) > 1 else None
            return "" if value is None else str(value).strip()
    return ""
