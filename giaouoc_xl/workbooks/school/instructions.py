"""The school workbook's instructions sheet: what to type where, when to send it back and how,
on one A4 portrait page."""

from __future__ import annotations

from typing import Any

from ...core.model import LABELS, Compact, MissingEvidence, Period, School, ValueKind, label
from ...core.school_form import collected
from ..documents.blocks import column_points
from .document import Rows
from .layout import SIZE, TITLE_SIZE, Formats, lines

#: The instructions' one column, as wide as an A4 portrait page holds (LibreOffice's wider
#: measure of it included).
INSTRUCTION_WIDTH = 90
INSTRUCTION_MARGINS = (0.6, 0.5, 0.6, 0.6)


def instruction_subtitle(school: School) -> str:
    return f"{school.name} (mã trường {school.code})"


def write_instructions(ws: Any, f: Formats, compact: Compact, school: School) -> None:
    ws.set_column(0, 0, INSTRUCTION_WIDTH)
    width = column_points(INSTRUCTION_WIDTH)
    rows = Rows(ws)
    deadlines = [
        f"   - {LABELS[Period][spec.period]}: hạn nộp {spec.deadline:%d/%m/%Y}"
        if spec.deadline
        else f"   - {LABELS[Period][spec.period]}"
        for spec in sorted(compact.periods, key=lambda s: list(Period).index(s.period))
    ]
    texts: list[tuple[str, Any, float, bool, bool]] = [
        (
            f"HƯỚNG DẪN ĐIỀN MẪU GIAO ƯỚC THI ĐUA NĂM HỌC {compact.school_year}",
            f.title,
            TITLE_SIZE,
            True,
            False,
        ),
        (instruction_subtitle(school), f.subtitle, SIZE, False, True),
        ("", f.text, SIZE, False, False),
        ("Điền ở đâu", f.bold, SIZE, True, False),
        *((line, f.text, SIZE, False, False) for line in _where_to_fill(compact)),
        ("Khi nào nộp", f.bold, SIZE, True, False),
        *((line, f.text, SIZE, False, False) for line in deadlines),
        ("Gửi lại như thế nào", f.bold, SIZE, True, False),
        (
            f"Lưu tệp dạng .xlsx (giữ nguyên tên sheet, không thêm bớt dòng chỉ tiêu) và gửi cho "
            f"{compact.organizer.name} theo đường công văn điện tử hoặc thư điện tử.",
            f.text,
            SIZE,
            False,
            False,
        ),
        (
            "Có thể điền bằng Excel, LibreOffice, WPS hoặc Google Sheets. Trang tính được khóa "
            "không mật khẩu để tránh sửa nhầm ngưỡng.",
            f.text,
            SIZE,
            False,
            False,
        ),
        (
            "In: sheet 'Trường' và sheet 'Chỉ tiêu' in ra là văn bản của trường (tiêu đề theo "
            "Nghị định 30/2020/NĐ-CP, chỗ ký của hiệu trưởng); ngày ký nhập ở sheet 'Trường' "
            "được in vào dòng địa danh, ngày tháng.",
            f.text,
            SIZE,
            False,
            False,
        ),
    ]
    for row, (text, fmt, size, bold, italic) in enumerate(texts):
        ws.write_string(row, 0, text, fmt)
        rows.fit(row, lines(text, width, size, bold, italic), size)
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    left, right, top, bottom = INSTRUCTION_MARGINS
    ws.set_margins(left=left, right=right, top=top, bottom=bottom)
    ws.print_area(0, 0, len(texts) - 1, 0)


def _points_instructions(compact: Compact) -> list[str]:
    """The instructions' lines on criteria scored in points, when the compact has any."""
    if not any(t.kind is ValueKind.POINTS for t in compact.targets):
        return []
    lines = [
        "   - Tiêu chí chấm bằng điểm (ngưỡng ghi điểm tối đa): nhập điểm tự chấm từ 0 đến điểm "
        "tối đa, theo bước điểm của tiêu chí; cột 'Đánh giá' báo Đã chấm hoặc Sai dạng."
    ]
    if any(t.parent for t in compact.targets):
        lines.append(
            "   - Tiêu chí có tiêu chí con: chấm từng tiêu chí con; ô của tiêu chí tự cộng điểm "
            "các tiêu chí con (không sửa được)."
        )
    return lines


def _where_to_fill(compact: Compact) -> list[str]:
    """The instructions' lines on what to type in each sheet."""
    evidence = [
        label(spec.period)
        + (
            " — thiếu thì chỉ tiêu đó được 0 điểm"
            if spec.missing_evidence is MissingEvidence.ZERO
            else ""
        )
        for spec in compact.periods
        if spec.evidence_required
    ]
    return [
        "1. Sheet 'Trường': kiểm tra thông tin trường (đã điền sẵn, không sửa được); nhập họ tên hiệu "
        "trưởng, điện thoại, thư điện tử, ngày ký và chọn 'Có' ở ô Cam kết thực hiện.",
        "2. Sheet 'Chỉ tiêu': chỉ nhập vào các ô nền vàng. Cột 'Ngưỡng giao ước' là mức tối thiểu (≥) hoặc "
        "tối đa (≤) mà giao ước yêu cầu đối với trường, không sửa được.",
        *(
            [
                "   - Cột 'Đăng ký': mức trường đăng ký phấn đấu, phải bằng hoặc tốt hơn ngưỡng giao ước."
            ]
            if not compact.periods or Period.REGISTRATION in collected(compact)
            else []  # a score sheet of the year's end alone has no column of registrations
        ),
        "   - Cột 'Kết quả': kết quả thực hiện của kỳ đang báo cáo.",
        "   - Tỷ lệ nhập số từ 0 đến 100 (98,5 nghĩa là 98,5 %); số lượng nhập số nguyên; các ô có danh "
        "sách thì chọn trong danh sách.",
        "   - Cột 'Đánh giá' tự tính: Đạt / Chưa đạt / Chưa nhập / Sai dạng.",
        *_points_instructions(compact),
        "   - Cột 'Góp ý dự thảo giao ước': ý kiến của trường về nội dung, chỉ tiêu (nếu có).",
        "   - Cột 'Minh chứng': số và ngày văn bản, đường dẫn hoặc tên tệp chứng minh kết quả"
        + (
            f" (bắt buộc ở kỳ: {', '.join(evidence)})."
            if evidence
            else " (nên ghi: đơn vị tổ chức đối chiếu khi thẩm định)."
        ),
        "3. Sheet 'Trường', phần Số liệu cán bộ: tổng số cán bộ, giáo viên, nhân viên và số "
        "hoàn thành nhiệm vụ, đạt Lao động tiên tiến, Chiến sĩ thi đua cơ sở, bị kỷ luật từ "
        "cảnh cáo trở lên (dùng khi xét khen thưởng).",
    ]
