"""xlwings Lite scripts (Excel 365 and Excel on the web, nothing installed locally).

In the xlwings Lite editor, ``main.py`` holds ``from giaouoc_xl.excel.lite import *`` and
``requirements.txt`` holds ``giaouoc_xl``. Each script is bound to a shape (a button) named in
its ``button=`` argument; ``so_giao_uoc.xlsm`` has shapes of those names on its first sheet, and
in a plain ``.xlsx`` book insert a shape there and give it that name.

xlwings Lite runs Python inside the browser, with no access to the computer's folders: checking
the open compact book works fully there; writing the school workbooks and merging a folder of
submissions need folders, so those buttons explain that the command line (or the desktop
buttons) does that work. Heavy batch work stays with ``giaouoc merge``.
"""

from __future__ import annotations

import xlwings as xw
from xlwings import script

from . import actions
from .workbook import notify

NEEDS_FOLDERS = (
    "xlwings Lite chạy trong trình duyệt, không truy cập được thư mục trên máy. "
    "Hãy dùng nút này trong Excel trên máy tính có cài giaouoc_xl, hoặc lệnh: {command}"
)


@script(button="[btnKiemTraGiaoUoc]Hướng dẫn!A22")
def kiem_tra_giao_uoc(book: xw.Book) -> None:
    """Kiểm tra giao ước: validate the compact book, list and mark the problems."""
    actions.check_compact(book)


@script(button="[btnTaoMau]Hướng dẫn!A25")
def tao_mau_cho_cac_truong(book: xw.Book) -> None:
    """Tạo mẫu cho các trường (needs folders: explained, done by the desktop or the CLI)."""
    notify(
        book,
        NEEDS_FOLDERS.format(command="giaouoc template so_giao_uoc.xlsx --out mau_truong"),
        "Tạo mẫu cho các trường",
    )


@script(button="[btnTongHop]Hướng dẫn!A28")
def tong_hop(book: xw.Book) -> None:
    """Tổng hợp (needs folders: explained, done by the desktop or the CLI)."""
    notify(
        book,
        NEEDS_FOLDERS.format(
            command="giaouoc merge so_giao_uoc.xlsx bai_nop --out bang_tong_hop.xlsx"
        ),
        "Tổng hợp",
    )


@script(button="[btnKiemTraMauTruong]Hướng dẫn!A31")
def kiem_tra_mau_truong(book: xw.Book) -> None:
    """Kiểm tra các mẫu trường đang mở (xlwings Lite sees only this workbook: explained)."""
    notify(
        book,
        "xlwings Lite chỉ làm việc với sổ đang mở này. Hãy kiểm tra tệp của trường bằng nút này trong Excel "
        "trên máy tính, hoặc lệnh: giaouoc check so_giao_uoc.xlsx <tệp của trường>",
        "Kiểm tra mẫu trường",
    )


__all__ = ["kiem_tra_giao_uoc", "kiem_tra_mau_truong", "tao_mau_cho_cac_truong", "tong_hop"]


@script(button="[btnSoThamDinh]Hướng dẫn!A34")
def ghi_so_tham_dinh(book: xw.Book) -> None:
    """Ghi sổ thẩm định (needs folders: explained, done by the desktop or the CLI)."""
    notify(
        book,
        NEEDS_FOLDERS.format(
            command="giaouoc appraise so_giao_uoc.xlsx bai_nop --out so_tham_dinh.xlsx"
        ),
        "Ghi sổ thẩm định",
    )


@script(button="[btnPhieuKetQua]Hướng dẫn!A37")
def phieu_ket_qua(book: xw.Book) -> None:
    """Phiếu kết quả (needs folders: explained, done by the desktop or the CLI)."""
    notify(
        book,
        NEEDS_FOLDERS.format(
            command="giaouoc merge so_giao_uoc.xlsx bai_nop --out bang_tong_hop.xlsx "
            "--appraisal so_tham_dinh.xlsx --slips phieu_ket_qua"
        ),
        "Phiếu kết quả",
    )
