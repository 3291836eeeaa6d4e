"""xlwings Lite scripts (Excel 365 and Excel on the web, nothing installed locally).

In the xlwings Lite editor, ``main.py`` holds ``from giaouoc_xl.excel.lite import *`` and
``requirements.txt`` holds ``giaouoc_xl``. The scripts are the buttons of the table in
:mod:`giaouoc_xl.core.buttons`: each function here is registered (``@script(button=...)``) from
its row, found by the function's name, and ``__all__`` lists every row, so the star import brings
each script into ``main.py``, where xlwings Lite looks for them. A script runs when its shape (a
shape of that name, linked to the cell it covers) is clicked; the README says how to make one.

xlwings Lite runs Python inside the browser, with no access to the computer's folders: checking
the open compact book works fully there; writing the school workbooks and merging a folder of
submissions need folders, so those buttons explain that the command line (or the desktop
buttons) does that work. Heavy batch work stays with ``giaouoc merge``. Nothing here imports
python-calamine, which has no build for the browser (Pyodide).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import xlwings as xw
from xlwings import script

from ..api import BUTTONS, BY_SCRIPT
from . import actions
from .workbook import notify

__all__ = [button.script for button in BUTTONS]


def _registered(func: Callable[[xw.Book], None]) -> Callable[..., Any]:
    """``func`` registered as the xlwings Lite script of its button (the row of its name)."""
    return script(button=BY_SCRIPT[func.__name__].lite_button)(func)


NEEDS_FOLDERS = (
    "xlwings Lite chạy trong trình duyệt, không truy cập được thư mục trên máy. "
    "Hãy dùng nút này trong Excel trên máy tính có cài giaouoc_xl, hoặc lệnh: {command}"
)


@_registered
def kiem_tra_giao_uoc(book: xw.Book) -> None:
    """Kiểm tra giao ước: validate the compact book, list and mark the problems."""
    actions.check_compact(book)


#: What a button that needs the computer's folders says in xlwings Lite: its title, and where
#: its work is done instead (the desktop buttons, or the command).
_ELSEWHERE = {
    "tao_mau_cho_cac_truong": (
        "Tạo mẫu cho các trường",
        NEEDS_FOLDERS.format(command="giaouoc template so_giao_uoc.xlsx --out mau_truong"),
    ),
    "tong_hop": (
        "Tổng hợp",
        NEEDS_FOLDERS.format(
            command="giaouoc merge so_giao_uoc.xlsx bai_nop --out bang_tong_hop.xlsx"
        ),
    ),
    "kiem_tra_mau_truong": (
        "Kiểm tra mẫu trường",
        "xlwings Lite chỉ làm việc với sổ đang mở này. Hãy kiểm tra tệp của trường bằng nút này "
        "trong Excel trên máy tính, hoặc lệnh: giaouoc check so_giao_uoc.xlsx <tệp của trường>",
    ),
    "ghi_so_tham_dinh": (
        "Ghi sổ thẩm định",
        NEEDS_FOLDERS.format(
            command="giaouoc appraise so_giao_uoc.xlsx bai_nop --out so_tham_dinh.xlsx"
        ),
    ),
    "phieu_ket_qua": (
        "Phiếu kết quả",
        NEEDS_FOLDERS.format(
            command="giaouoc merge so_giao_uoc.xlsx bai_nop --out bang_tong_hop.xlsx "
            "--appraisal so_tham_dinh.xlsx --slips phieu_ket_qua"
        ),
    ),
    "ghi_so_lich_su": (
        "Ghi năm học vào sổ lịch sử",
        NEEDS_FOLDERS.format(
            command="giaouoc history record so_giao_uoc.xlsx bai_nop --history so_lich_su.xlsx "
            "--appraisal so_tham_dinh.xlsx"
        ),
    ),
}


def _explaining(name: str) -> Callable[..., Any]:
    """The script ``name``: it says where its button's work is done (it needs folders, or other
    workbooks, which xlwings Lite cannot reach)."""
    title, text = _ELSEWHERE[name]

    def run(book: xw.Book) -> None:
        notify(book, text, title)

    run.__name__ = run.__qualname__ = name
    run.__doc__ = f"{title} (explained: done by the desktop buttons or the command line)."
    return _registered(run)


tao_mau_cho_cac_truong = _explaining("tao_mau_cho_cac_truong")
tong_hop = _explaining("tong_hop")
kiem_tra_mau_truong = _explaining("kiem_tra_mau_truong")
ghi_so_tham_dinh = _explaining("ghi_so_tham_dinh")
phieu_ket_qua = _explaining("phieu_ket_qua")
ghi_so_lich_su = _explaining("ghi_so_lich_su")
