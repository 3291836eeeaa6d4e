"""The buttons of the compact book, declared once.

Each row names everything a button is, for both of its channels:

- desktop Excel with Python: ``workbooks/xlsm.py`` puts a form button named ``shape``, captioned
  ``caption``, over ``cell`` of the instructions sheet of ``so_giao_uoc.xlsm``; it runs the VBA
  sub ``macro``, which calls ``giaouoc_xl.excel.actions.<action>`` through ``RunPython``;
- xlwings Lite: ``excel/lite.py`` registers the script ``script`` with
  ``@script(button="[shape]sheet!cell")`` and lists it in ``__all__`` (``main.py`` holds
  ``from giaouoc_xl.excel.lite import *``); ``in_lite`` says whether the work can be done there
  (the browser sees no folder and no other workbook) or the script explains where to do it.

The README's list of the Lite scripts is generated from this table (tests/test_lite.py). Pure
data, in the core because the workbook writer and the front end both read it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The sheet the buttons sit on: the compact book's instructions sheet (the same name as
#: ``workbooks.compact_layout.INSTRUCTIONS``; tests/test_xlsm.py holds that they agree).
SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Button:
    """One button of the compact book (see the module's docstring for what each field binds)."""

    script: str  # the xlwings Lite script: a function of giaouoc_xl.excel.lite
    shape: str  # the shape's name on the sheet, shared by both channels
    caption: str  # what staff read on the button
    macro: str  # the VBA sub of the book's GiaoUoc module
    action: str  # the function of giaouoc_xl.excel.actions that sub runs
    cell: str  # the cell the shape covers, where xlwings Lite binds the script
    in_lite: bool  # the script does the work in xlwings Lite (else it says where to do it)

    @property
    def lite_button(self) -> str:
        """The ``button=`` of xlwings' ``@script``: ``[shape]sheet!cell``."""
        return f"[{self.shape}]{SHEET}!{self.cell}"


BUTTONS = (
    Button(
        "kiem_tra_giao_uoc",
        "btnKiemTraGiaoUoc",
        "Kiểm tra giao ước",
        "KiemTraGiaoUoc",
        "check_compact",
        "A22",
        in_lite=True,
    ),
    Button(
        "tao_mau_cho_cac_truong",
        "btnTaoMau",
        "Tạo mẫu cho các trường",
        "TaoMauChoCacTruong",
        "make_templates",
        "A25",
        in_lite=False,
    ),
    Button(
        "tong_hop",
        "btnTongHop",
        "Tổng hợp",
        "TongHop",
        "merge_submissions",
        "A28",
        in_lite=False,
    ),
    Button(
        "kiem_tra_mau_truong",
        "btnKiemTraMauTruong",
        "Kiểm tra các mẫu trường đang mở",
        "KiemTraMauTruong",
        "check_open_school_books",
        "A31",
        in_lite=False,
    ),
    Button(
        "ghi_so_tham_dinh",
        "btnSoThamDinh",
        "Ghi sổ thẩm định",
        "GhiSoThamDinh",
        "write_appraisal_book",
        "A34",
        in_lite=False,
    ),
    Button(
        "phieu_ket_qua",
        "btnPhieuKetQua",
        "Phiếu kết quả",
        "PhieuKetQua",
        "make_slips",
        "A37",
        in_lite=False,
    ),
    Button(
        "ghi_so_lich_su",
        "btnSoLichSu",
        "Ghi năm học vào sổ lịch sử",
        "GhiSoLichSu",
        "record_year",
        "A40",
        in_lite=False,
    ),
)

#: The buttons by their xlwings Lite script's name.
BY_SCRIPT = {button.script: button for button in BUTTONS}
