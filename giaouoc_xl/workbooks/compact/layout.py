"""The layout of the compact book: sheet names, headers, columns, dropdowns, help texts (the
settings sheet's rows are :mod:`.settings`').

Pure data, shared by the writer and the reader so that a column is described in one place: each
table's columns are the house's :class:`~giaouoc_xl.core.columns.Column` (``key``: the model
field, or "thresholds.MN" / "periods.hk1" for the split ones; ``choices``: a list of labels, or
a range like "='Khối'!$A$2:$A$200"; ``strict``: a value not in the list is refused, else only
warned about; ``number``: the kind of number, shown with a decimal comma; ``format``: "@" for a
code kept as typed). The reader finds columns by their header text, so staff may reorder or
insert columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ...core.columns import Column
from ...core.findings import Severity
from ...core.model import (
    LABELS,
    NO,
    YES,
    Category,
    Comparison,
    Direction,
    Level,
    MissingEvidence,
    Period,
    RuleField,
    Scoring,
    ValueKind,
    VetoOutcome,
    VotingBody,
    labels,
)
from ...core.numbers import NumberKind

YES_NO_CHOICES = [YES, NO]
LEVEL_CHOICES = [*(lv.value for lv in Level), "TH&THCS", "THCS&THPT", "MN&TH"]
MAX_ROWS = 1000  # rows prepared with dropdowns and formats below the header
_COUNT, _POINTS = NumberKind.COUNT, NumberKind.POINTS


@dataclass(frozen=True)
class TableSheet:
    """A sheet holding one part of the compact as a table, one item per row."""

    part: str  # the Compact field: "targets", "schools", ...
    name: str
    columns: tuple[Column, ...]
    freeze: str = "A2"
    optional: bool = False  # added after books were in use: a book without it reads as before

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.key == name)


INSTRUCTIONS = "Hướng dẫn"


def _code(header: str, width: float, example: str) -> Column:
    """The column of an item's short code, kept as typed (a code of digits keeps its zeros)."""
    return Column("code", header, width, help=f"Mã ngắn, ví dụ {example}", format="@")


def _chosen(key: str, header: str, width: float, kind: type[StrEnum]) -> Column:
    """A column whose value is picked from the labels of ``kind``."""
    return Column(key, header, width, help="Chọn trong danh sách", choices=labels(kind))


def _max_points(of: str) -> Column:
    """The cap on the points of the targets of a content or a group (added after books were in
    use: optional)."""
    return Column(
        "max_points",
        "Điểm tối đa",
        10,
        _POINTS,
        help=f"Tổng điểm các chỉ tiêu của {of} không vượt quá số này; để trống: không giới hạn",
        optional=True,
    )


PERIODS = TableSheet(
    part="periods",
    name="Kỳ báo cáo",
    columns=(
        Column("period", "Kỳ báo cáo", 28, help="Chọn kỳ giao ước cần thu", choices=labels(Period)),
        Column(
            "deadline",
            "Hạn nộp",
            16,
            help="Ngày trường phải nộp, ví dụ 15/10/2020",
            format="DD/MM/YYYY",
        ),
        Column(
            "evidence_required",
            "Bắt buộc minh chứng",
            14,
            help="Có: mỗi kết quả phải kèm minh chứng (số văn bản, đường dẫn, tên tệp); để trống là Không",
            choices=YES_NO_CHOICES,
        ),
        Column(
            "staff_required",
            "Bắt buộc số liệu cán bộ",
            14,
            help="Có: trường phải nhập số liệu cán bộ (dùng khi xét khen thưởng); để trống là Không",
            choices=YES_NO_CHOICES,
        ),
        Column(
            "missing_evidence",
            "Thiếu minh chứng thì",
            20,
            help="Khi bắt buộc minh chứng: báo lỗi bài nộp (chưa xếp hạng đến khi bổ sung), hoặc "
            "chỉ tiêu thiếu minh chứng được 0 điểm; để trống là báo lỗi bài nộp",
            choices=labels(MissingEvidence),
            optional=True,
        ),
    ),
)

CONTENTS = TableSheet(
    part="contents",
    name="Nội dung",
    columns=(
        Column("number", "Số TT", 8, _COUNT, help="Số thứ tự của nội dung: 1, 2, 3..."),
        Column("title", "Nội dung giao ước", 110, help="Nội dung cam kết thi đua"),
        _max_points("nội dung"),
    ),
)

GROUPS = TableSheet(
    part="target_groups",
    name="Nhóm chỉ tiêu",
    columns=(
        _code("Mã nhóm", 10, "N01"),
        Column("title", "Tên nhóm chỉ tiêu", 70),
        Column(
            "content",
            "Thuộc nội dung số",
            12,
            _COUNT,
            help="Số TT của nội dung ở sheet Nội dung (có thể để trống)",
        ),
        _max_points("nhóm"),
    ),
)

#: Common rules of partial credit ("chưa đầy đủ tối đa 50 %"); any other share may be typed.
PARTIAL_CHOICES = ["50%", "75%", "25%"]

_THRESHOLD_HELP = (
    "Ngưỡng giao ước cho cấp {level}: tỷ lệ 0–100, số lượng, Có/Không hoặc một mức trong danh sách "
    "(loại 'Điểm tự chấm': điểm tối đa của tiêu chí). "
    "Để trống nếu chỉ tiêu không áp dụng cho cấp {level}."
)

TARGETS = TableSheet(
    part="targets",
    name="Chỉ tiêu",
    freeze="B2",
    columns=(
        Column(
            "code",
            "Mã chỉ tiêu",
            10,
            help="Mã ổn định, ví dụ CT02.3; không đổi giữa các lần sửa",
            format="@",
        ),
        Column(
            "group",
            "Mã nhóm",
            9,
            help="Mã nhóm ở sheet Nhóm chỉ tiêu",
            choices="='Nhóm chỉ tiêu'!$A$2:$A$200",
            format="@",
        ),
        Column("content", "Nội dung số", 9, _COUNT, help="Số TT nội dung (có thể để trống)"),
        Column("text", "Nội dung chỉ tiêu", 60),
        Column("unit", "Đơn vị tính", 10),
        _chosen("kind", "Loại giá trị", 16, ValueKind),
        Column(
            "direction",
            "Chiều so sánh",
            20,
            help="≥ cho chỉ tiêu càng cao càng tốt, ≤ cho bỏ học, suy dinh dưỡng…",
            choices=labels(Direction),
        ),
        *(
            Column(
                f"thresholds.{lv.value}",
                f"Ngưỡng {lv.value}",
                9,
                NumberKind.PERCENT,  # a percent or a count (a text one is left as it is)
                help=_THRESHOLD_HELP.format(level=lv.value),
            )
            for lv in Level
        ),
        Column(
            "choices",
            "Danh sách mức (thấp → cao)",
            26,
            help="Chỉ cho loại 'Mức theo danh sách', cách nhau bởi dấu ;",
        ),
        Column("points", "Điểm", 7, _POINTS, help="Điểm chuẩn của chỉ tiêu (số ≥ 0)"),
        _chosen("scoring", "Cách tính điểm", 18, Scoring),
        Column(
            "step",
            "Điểm trừ mỗi đơn vị thiếu",
            11,
            _POINTS,
            help="Chỉ cho cách tính 'Trừ theo mức thiếu'",
        ),
        Column(
            "point_step",
            "Bước điểm",
            9,
            _POINTS,
            help="Chỉ cho loại 'Điểm tự chấm': điểm chấm là bội của số này, ví dụ 0,25 hoặc 0,5; "
            "để trống: số bất kỳ từ 0 đến điểm tối đa",
            optional=True,
        ),
        Column(
            "parent",
            "Thuộc tiêu chí",
            10,
            help="Cho tiêu chí con (loại 'Điểm tự chấm'): mã tiêu chí chứa nó; điểm của tiêu chí "
            "là tổng điểm các tiêu chí con, điểm tối đa của tiêu chí bằng tổng của chúng",
            format="@",
            optional=True,
        ),
        Column(
            "level_points",
            "Điểm từng mức",
            18,
            help="Cho cách tính 'Theo bảng điểm từng mức': điểm của mỗi mức trong danh sách, từ "
            "mức thấp đến cao, cách nhau bởi dấu ; ví dụ 0; 2,5; 5 hoặc theo tỷ lệ điểm tối đa "
            "0%; 50%; 100%",
            format="@",
            optional=True,
        ),
        Column(
            "partial_max",
            "Chưa đầy đủ: tối đa (% điểm)",
            12,
            help="'Thực hiện đầy đủ 100 %, chưa đầy đủ tối đa X %': chưa đạt đủ điểm thì được "
            "nhiều nhất X % điểm của chỉ tiêu; để trống: không giới hạn",
            choices=PARTIAL_CHOICES,
            strict=False,
            optional=True,
        ),
        Column(
            "veto",
            "Phủ quyết",
            9,
            help="Có: không đạt thì xử lý theo cột bên",
            choices=YES_NO_CHOICES,
        ),
        Column(
            "veto_outcome",
            "Không đạt phủ quyết thì",
            20,
            help="Giới hạn xếp loại (ở mức ghi ở sheet Thiết lập), hạ một bậc xếp loại, hoặc không xét "
            "khen thưởng; để trống là giới hạn xếp loại",
            choices=labels(VetoOutcome),
        ),
        Column(
            "category",
            "Loại mục",
            11,
            help="Chỉ tiêu, Điểm cộng hoặc Điểm trừ",
            choices=labels(Category),
        ),
        *(
            Column(
                f"periods.{p.value}",
                f"Nhập: {LABELS[Period][p]}",
                12,
                help="Có/Không; để trống là Có",
                choices=YES_NO_CHOICES,
            )
            for p in Period
        ),
    ),
)

RULES = TableSheet(
    part="rules",
    name="Quy tắc kiểm tra",
    columns=(
        _code("Mã quy tắc", 10, "R01"),
        Column(
            "left",
            "Vế trái",
            24,
            help="Biểu thức: số, mã chỉ tiêu và + - * / ( ), ví dụ CT04.3 + CT06.2; chỉ tiêu "
            "Có/Không tính là 1 (Có) hoặc 0 (Không), chỉ tiêu mức tính theo thứ tự mức (thấp nhất "
            "là 1)",
            format="@",
        ),
        _chosen("operator", "Phép so sánh", 10, Comparison),
        Column("right", "Vế phải", 24, help="Biểu thức như vế trái, ví dụ 100", format="@"),
        Column(
            "severity",
            "Mức độ",
            10,
            help="Lỗi: bài nộp không hợp lệ; Cảnh báo: chỉ nhắc",
            choices=labels(Severity),
        ),
        Column(
            "message",
            "Thông báo khi sai",
            60,
            help="Lời giải thích cho trường khi quy tắc không thỏa",
        ),
        Column(
            "applies_to",
            "Áp dụng cho",
            12,
            help="So sánh số đăng ký, kết quả, hay cả hai",
            choices=labels(RuleField),
        ),
    ),
)

TIERS = TableSheet(
    part="tiers",
    name="Xếp loại",
    columns=(
        Column("name", "Xếp loại", 36, help="Từ mức cao nhất xuống mức thấp nhất"),
        Column(
            "min_points",
            "Điểm tối thiểu",
            14,
            _POINTS,
            help="Tổng điểm tối thiểu để đạt mức này; giảm dần từ trên xuống",
        ),
    ),
)

VOTE_CHOICES = ["> 50%", "≥ 2/3", "≥ 70%", "≥ 80%", "≥ 90%"]

AWARDS = TableSheet(
    part="awards",
    name="Khen thưởng",
    freeze="C2",
    optional=True,  # a compact without a ladder proposes nothing, as before the ladder existed
    columns=(
        Column("order", "Thứ tự", 7, _COUNT, help="1 là mức cao nhất; xét từ trên xuống"),
        _code("Mã", 10, "CO, BK, GK, TTLDXS"),
        Column(
            "name",
            "Danh hiệu / hình thức khen thưởng",
            40,
            help="Ví dụ: Giấy khen của Chủ tịch UBND huyện",
        ),
        Column("grantor", "Cấp tặng", 26, help="Ví dụ: Chủ tịch UBND tỉnh"),
        Column(
            "group",
            "Nhóm",
            16,
            help="Các mức cùng nhóm: mỗi trường nhận nhiều nhất một (mức cao nhất); khác nhóm thì "
            "nhận kèm được (ví dụ nhóm 'Hình thức' và nhóm 'Danh hiệu')",
        ),
        Column(
            "min_tier",
            "Xếp loại tối thiểu",
            26,
            help="Tên một mức ở sheet Xếp loại; để trống: không đòi hỏi",
            choices="='Xếp loại'!$A$2:$A$20",
        ),
        Column(
            "min_total",
            "Tổng điểm tối thiểu",
            11,
            _POINTS,
            help="Tổng điểm sau thẩm định; để trống: không đòi hỏi",
        ),
        Column(
            "condition",
            "Điều kiện về cán bộ",
            44,
            help="Dùng TONG, HTNV, LDTT, CSTD, KY_LUAT (số liệu cán bộ của trường), + - * / ( ), so "
            "sánh và and, or, not. Ví dụ: LDTT / TONG > 0,5 and KY_LUAT == 0",
            format="@",
        ),
        Column(
            "quota_count",
            "Chỉ tiêu mỗi khối (số trường)",
            12,
            _COUNT,
            help="Số trường tối đa mỗi khối",
        ),
        # A share keeps General: "30%" typed in Excel then takes a percent format, which the
        # reader reads as 30 (a whole share shows no decimal separator).
        Column(
            "quota_share",
            "Chỉ tiêu mỗi khối (% số trường)",
            12,
            help="Phần trăm số trường của khối, làm tròn xuống; ghi cả hai cột thì lấy số nhỏ hơn",
        ),
        Column(
            "votes",
            "Phiếu đồng ý cần",
            12,
            help="Tỷ lệ phiếu đồng ý trên số thành viên dự họp, ví dụ > 50%, ≥ 70%, ≥ 2/3",
            choices=VOTE_CHOICES,
            strict=False,
        ),
        Column(
            "body",
            "Cơ quan bình xét",
            24,
            help="Ai bỏ phiếu: Khối thi đua (cuộc họp của khối) hoặc Hội đồng Thi đua – Khen "
            "thưởng của đơn vị; để trống: Khối thi đua",
            choices=labels(VotingBody),
            optional=True,
        ),
        Column(
            "tie_breaks",
            "Tiêu chí khi bằng điểm",
            30,
            help="Theo thứ tự, cách nhau bằng ';': phiếu (nhiều phiếu đồng ý hơn); nội dung N "
            "(tổng điểm thẩm định nội dung N cao hơn); điểm trừ (ít hơn); điểm cộng (nhiều "
            "hơn). Còn bằng nhau thì khối (hội đồng) quyết định, ghi ở sổ thẩm định",
            optional=True,
        ),
    ),
)

BLOCS = TableSheet(
    part="blocs",
    name="Khối thi đua",
    columns=(
        _code("Mã khối", 12, "K-MN"),
        Column("name", "Tên khối thi đua", 50),
    ),
)

SCHOOLS = TableSheet(
    part="schools",
    name="Danh sách trường",
    columns=(
        Column("code", "Mã trường", 12, help="Mã trường dạng văn bản (giữ số 0 ở đầu)", format="@"),
        Column("name", "Tên trường", 42),
        Column(
            "levels",
            "Cấp học",
            12,
            help="MN, TH, THCS, THPT; trường liên cấp: TH&THCS, THCS&THPT",
            choices=LEVEL_CHOICES,
            strict=False,
        ),
        Column(
            "bloc",
            "Khối thi đua",
            12,
            help="Mã khối ở sheet Khối thi đua",
            choices="='Khối thi đua'!$A$2:$A$200",
            format="@",
        ),
        Column("commune", "Xã/phường", 22),
    ),
)


TABLES: tuple[TableSheet, ...] = (
    PERIODS,
    CONTENTS,
    GROUPS,
    TARGETS,
    RULES,
    TIERS,
    AWARDS,
    BLOCS,
    SCHOOLS,
)
TABLE_BY_PART = {t.part: t for t in TABLES}
