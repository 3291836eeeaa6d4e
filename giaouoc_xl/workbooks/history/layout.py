"""The history book's layout (sổ lịch sử thi đua), declared once: its sheets and the columns of
each (what the writer lays out and the reader finds by its header), the hidden sheet that
names the book.

Sheets:

- *Kết quả các năm*: one row per school and school year (by year, then bloc, then rank): what
  the program recorded or imported (name as it was, bloc, status, total, tier, rank, the bloc's
  size, the veto outcome, the proposals) and what the office types (the awards received and
  their decision, a note); every cell can be typed and corrected (the years before the
  program are typed in whole). A history longer than a sheet the guard reads is laid out on
  sheets of whole years ("Kết quả 2015-2016 đến 2019-2020"…), all of them read;
- *Đổi mã, sáp nhập*: the office's table of renamed and merged schools (old code, old name,
  new code, from which school year, a note);
- *Hướng dẫn*: how to read, type and correct it;
- a hidden sheet naming the book (:data:`KIND`).

Every number follows the one Vietnamese number rule (:mod:`giaouoc_xl.core.numbers`): totals
with at most 2 decimals, ranks and counts whole.
"""

from __future__ import annotations

from ...core.columns import Column
from ...core.history import AWARD_STATES, RENAMES_SHEET, RESULTS_SHEET
from ...core.numbers import NumberKind
from ..table import HEADER_ROW, HEADER_SEARCH, INSTRUCTIONS, META, Sheet

__all__ = [
    "HEADER_ROW",
    "HEADER_SEARCH",
    "INSTRUCTIONS",
    "KIND",
    "META",
    "RENAMES",
    "RENAMES_SHEET",
    "RENAME_COLUMNS",
    "RESULTS",
    "RESULTS_SHEET",
    "RESULT_COLUMNS",
    "SHEETS",
    "Sheet",
]

#: What the hidden sheet says the book is; a book without it is no history book.
KIND = "giaouoc-history-book"

POINTS, COUNT = NumberKind.POINTS, NumberKind.COUNT
YEAR_HELP = "Hai năm liền nhau, ví dụ 2020-2021."

#: One row per school and school year. ``input``: typed by the office only (the program never
#: writes it); every other cell is written by the program and can be corrected.
RESULT_COLUMNS = (
    Column("year", "Năm học", 11, center=True, format="@", help=YEAR_HELP),
    Column("code", "Mã trường", 10, center=True, format="@",
           help="Mã trường năm đó (trường đổi mã: ghi ở sheet 'Đổi mã, sáp nhập')."),
    Column("name", "Tên trường (năm đó)", 32),
    Column("bloc", "Khối", 9, center=True),
    Column("status", "Tình trạng", 16),
    Column("total", "Tổng điểm", 9, number=POINTS, center=True),
    Column("tier", "Xếp loại", 26, help="Ghi như năm đó xếp loại (tên xếp loại có thể khác "
           "giữa các năm)."),
    Column("rank", "Xếp thứ", 7, number=COUNT, center=True),
    Column("bloc_size", "Số trường của khối", 9, number=COUNT, center=True),
    Column("veto", "Phủ quyết", 30, help="Hậu quả khi không đạt chỉ tiêu phủ quyết; để trống "
           "nếu không có."),
    Column("awards", "Danh hiệu, khen thưởng", 28, input=True,
           help="Mã hoặc tên danh hiệu, hình thức khen thưởng, cách nhau bởi dấu phẩy."),
    Column("award_status", "Tình trạng khen thưởng", 16, input=True, choices=AWARD_STATES,
           help="'Chờ quyết định': mới là đề nghị. Có quyết định thì chọn 'Đã có quyết định' và "
           "sửa cột bên trái cho đúng quyết định."),
    Column("decision", "Số, ngày quyết định", 22, input=True),
    Column("note", "Ghi chú của đơn vị", 30, input=True),
    Column("source", "Nguồn", 36, help="Chương trình ghi; để trống ở dòng nhập tay."),
    Column("since", "Lần ghi gần nhất", 50, help="Chương trình ghi: lần ghi sổ gần nhất đã làm "
           "gì với dòng này."),
)  # fmt: skip

#: The office's table of renamed and merged schools.
RENAME_COLUMNS = (
    Column("old", "Mã cũ", 10, input=True, center=True, format="@"),
    Column("old_name", "Tên cũ", 32, input=True),
    Column("new", "Mã mới", 10, input=True, center=True, format="@"),
    Column("since", "Từ năm học", 11, input=True, center=True, format="@",
           help="Năm học đầu tiên dùng mã mới. " + YEAR_HELP),
    Column("note", "Ghi chú", 40, input=True),
)  # fmt: skip


RESULTS = Sheet(RESULTS_SHEET, RESULT_COLUMNS, "code", "KẾT QUẢ THI ĐUA CÁC NĂM HỌC",
                "Mỗi dòng là kết quả một năm học của một trường. Nhập thêm dòng cho các năm "
                "trước; sửa được mọi ô; ô nền vàng là phần đơn vị nhập (chương trình không ghi "
                "đè).", freeze=3)  # fmt: skip
RENAMES = Sheet(RENAMES_SHEET, RENAME_COLUMNS, "old", "TRƯỜNG ĐỔI MÃ, SÁP NHẬP",
                "Mỗi dòng: trường mang mã cũ, từ năm học ghi ở cột 'Từ năm học' mang mã mới; kết "
                "quả các năm trước của mã cũ tính cho mã mới. Nhiều mã cũ cùng một mã mới: các "
                "trường sáp nhập.")  # fmt: skip
#: Each table sheet by its name.
SHEETS = {sheet.name: sheet for sheet in (RESULTS, RENAMES)}
