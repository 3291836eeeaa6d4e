"""The appraisal book's layout, declared once: its sheets, the columns of each (what the writer
lays out and the reader finds by its header), the hidden sheet that names the book.

Sheets:

- *Hướng dẫn*: how to fill the book in;
- *Thẩm định*: one row per school and target, what the school reported (registration, result,
  evidence, its own points) locked; unlocked, with the target's native validation, the verified
  result and the reason of a change; a column saying what changed since the book was last
  written;
- *Trường*: one row per school: its status and own total, locked; unlocked, the deferral (tạm
  hoãn xét, a list), its particulars and a note;
- *Khối*, *Thành viên họp*, *Quyết định bằng điểm* and *Bình xét* (with an award ladder): the
  meeting of each body that votes (each bloc, and the organizer's council when the ladder has
  an award it votes on): date, time, place, ballots, chair and secretary; its members by name
  and position, present or absent; its decisions on the ties the ladder's criteria left; the
  votes;
- *Không còn khớp*: every row staff typed in that no longer matches a school or a target of the
  merge (a school left the roster, a file is no longer usable…), kept word for word;
- a hidden sheet naming the compact, its revision and the period (:data:`KIND`).

Every number the book shows follows the one Vietnamese number rule
(:mod:`giaouoc_xl.core.numbers`): a column's ``number`` is its kind (precision and format).
"""

from __future__ import annotations

from dataclasses import replace

from ...core.appraisal import (
    DECISIONS_SHEET,
    KEPT_SHEET,
    MEMBERS_SHEET,
    REVIEW_SHEET,
    SCHOOLS_SHEET,
    TARGETS_SHEET,
    VOTE_SHEET,
)
from ...core.columns import Column
from ...core.meetings import COUNCIL, ROLES
from ...core.model import NO, YES, Award, Target, ValueKind, VotingBody, label
from ...core.numbers import NumberKind
from ...core.ties import EMPTY_PLACE
from ..table import HEADER_ROW, HEADER_SEARCH, INSTRUCTIONS, META, Sheet

__all__ = [
    "DECISIONS",
    "DECISIONS_SHEET",
    "DECISION_COLUMNS",
    "FREE_ROWS",
    "HEADER_ROW",
    "HEADER_SEARCH",
    "INSTRUCTIONS",
    "KEPT",
    "KEPT_COLUMNS",
    "KEPT_SHEET",
    "KIND",
    "MEETING_COLUMNS",
    "MEMBERS_SHEET",
    "MEMBER_COLUMNS",
    "META",
    "PEOPLE",
    "REVIEW",
    "REVIEW_COLUMNS",
    "REVIEW_SHEET",
    "SCHOOLS",
    "SCHOOLS_SHEET",
    "SCHOOL_COLUMNS",
    "SHEETS",
    "TARGETS",
    "TARGETS_SHEET",
    "TARGET_COLUMNS",
    "VOTE",
    "VOTE_COLUMNS",
    "VOTE_PREFIX",
    "VOTE_SHEET",
    "Sheet",
    "result_kind",
    "vote_column",
]

#: What the hidden sheet says the book is; a book without it is no appraisal book.
KIND = "giaouoc-appraisal-book"

POINTS, COUNT = NumberKind.POINTS, NumberKind.COUNT

# Columns found on several sheets, declared once (a sheet may set its own width).
SCHOOL = Column("school", "Mã trường", 10, center=True)
NAME = Column("name", "Tên trường", 34)
BLOC = Column("bloc", "Khối", 9, center=True)
TARGET = Column("target", "Mã chỉ tiêu", 10, center=True)
REPORTED = Column("reported", "Kết quả trường báo cáo", 12, number=POINTS, center=True)
BLOC_CODE = Column("bloc", "Mã khối", 10, center=True)
# What staff type, column by column.
VERIFIED = Column("verified", "Kết quả thẩm định", 12, input=True)
REASON = Column("reason", "Lý do điều chỉnh", 36, input=True)
DEFERRAL = Column("deferral", "Tạm hoãn xét", 30, input=True)
DETAIL = Column("detail", "Chi tiết lý do tạm hoãn", 36, input=True)
NOTE = Column("note", "Ghi chú của đơn vị", 36, input=True)
MEMBERS = Column("members", "Thành viên dự họp", 11, input=True)
CHAIR = Column("chair", "Chủ trì (họ và tên)", 28, input=True)
SECRETARY = Column("secretary", "Thư ký (họ và tên)", 28, input=True)
# The meeting's own record (books made before these columns read as before: optional).
DAY = Column("day", "Ngày họp", 12, input=True, optional=True, format="DD/MM/YYYY")
START = Column("start", "Giờ bắt đầu", 9, input=True, optional=True, format="HH:MM")
PLACE = Column("place", "Địa điểm họp", 30, input=True, optional=True)
ISSUED = Column("issued", "Số phiếu phát ra", 10, number=COUNT, input=True, optional=True)
RETURNED = Column("returned", "Số phiếu thu về", 10, number=COUNT, input=True, optional=True)
VALID = Column("valid", "Số phiếu hợp lệ", 10, number=COUNT, input=True, optional=True)
# A member of a body at its meeting.
BODY = Column("bloc", "Mã khối", 11, input=True, help=f"Mã khối, hoặc {COUNCIL} (hội đồng)")
PERSON = Column("person", "Họ và tên", 26, input=True)
POSITION = Column("position", "Chức vụ, đơn vị", 40, input=True)
ROLE = Column("role", "Vai trò", 12, input=True, choices=ROLES)
PRESENT = Column("present", "Có mặt", 8, input=True, choices=(YES, NO))
ABSENCE = Column("absence", "Lý do vắng", 30, input=True, optional=True)
# A decision on a tie.
AWARD_CODE = Column("award", "Mã mức khen", 11, input=True)
TIED = Column("tied", "Các trường bằng điểm (chương trình ghi)", 44)
CHOSEN = Column("chosen", "Trường được chọn", 16, input=True,
                help=f"Mã trường (nhiều trường: cách nhau bằng ;), hoặc {EMPTY_PLACE}")  # fmt: skip
SECOND = Column("second", "Số phiếu lần hai", 10, number=COUNT, input=True, optional=True)
DECISION = Column("decision", "Lý do quyết định", 40, input=True)

#: The school × target rows; ``registration`` and ``reported`` take their target's kind
#: (:func:`result_kind`).
TARGET_COLUMNS = (
    SCHOOL, replace(NAME, width=30), BLOC, TARGET,
    Column("text", "Nội dung chỉ tiêu", 44),
    Column("registration", "Đăng ký", 10, number=POINTS, center=True),
    REPORTED,
    Column("evidence", "Minh chứng", 28),
    Column("points", "Điểm tự chấm", 9, number=POINTS, center=True),
    VERIFIED, REASON,
    Column("since", "Thay đổi từ lần ghi trước", 30),
)  # fmt: skip
SCHOOL_COLUMNS = (
    SCHOOL, NAME, BLOC,
    Column("status", "Tình trạng bài nộp", 14, center=True),
    Column("self_total", "Tổng điểm tự chấm", 11, number=POINTS, center=True),
    DEFERRAL, DETAIL, NOTE,
)  # fmt: skip
#: The meeting's record beside who came, who chairs, who writes (kept as typed).
MEETING_COLUMNS = (DAY, START, PLACE, ISSUED, RETURNED, VALID)
#: Each body's meeting (with an award ladder): a row per bloc, and one for the council when
#: the ladder has an award it votes on; who came, who chairs, who writes, when and where, the
#: ballots.
REVIEW_COLUMNS = (
    BLOC_CODE,
    Column("name", "Tên khối thi đua", 34),
    Column("schools", "Số trường", 9, number=COUNT, center=True),
    MEMBERS, CHAIR, SECRETARY, *MEETING_COLUMNS,
)  # fmt: skip
#: The members of each body at its meeting, a row each, typed by staff.
MEMBER_COLUMNS = (BODY, PERSON, POSITION, ROLE, PRESENT, ABSENCE)
#: The voters' decisions on the ties the ladder's criteria left, a row per decision; the
#: program writes a row for each tie still open, with the schools tied.
DECISION_COLUMNS = (replace(BODY, help=""), AWARD_CODE, TIED, CHOSEN, SECOND, DECISION)
#: The vote: one row per school, a column of votes in favour per award of the ladder
#: (:func:`vote_column`).
VOTE_COLUMNS = (
    BLOC, SCHOOL, NAME,
    Column("rank", "Xếp thứ", 8, number=COUNT, center=True),
    Column("total", "Tổng điểm", 9, number=POINTS, center=True),
    Column("tier", "Xếp loại", 26),
)  # fmt: skip
VOTE_PREFIX = "Phiếu đồng ý: "


def kept(column: Column, width: float) -> Column:
    """``column`` as *Không còn khớp* keeps it: plain text or number, word for word."""
    return Column(column.key, column.header, width)


#: Whatever was typed on any sheet and no longer has a row there, kept word for word (numbers
#: as typed, never rounded); written again, a row goes back to its sheet as soon as its school
#: (target, award, bloc) is there.
KEPT_COLUMNS = (
    Column("sheet", "Từ sheet", 12),
    kept(SCHOOL, 10),
    kept(TARGET, 10),
    kept(REPORTED, 12),
    kept(VERIFIED, 12),
    kept(REASON, 30),
    kept(DEFERRAL, 24),
    kept(DETAIL, 30),
    kept(NOTE, 30),
    kept(BLOC_CODE, 10),
    kept(MEMBERS, 11),
    kept(CHAIR, 24),
    kept(SECRETARY, 24),
    *(kept(column, 12) for column in MEETING_COLUMNS),
    Column("award", "Mức khen", 10),
    Column("votes", "Phiếu đồng ý", 10),
    *(kept(column, column.width) for column in (PERSON, POSITION, ROLE, PRESENT, ABSENCE)),
    *(kept(column, column.width) for column in (CHOSEN, SECOND, DECISION)),
    Column("why", "Vì sao không còn khớp", 44),
)


#: What the school reported per target, and what the office verified.
TARGETS = Sheet(TARGETS_SHEET, TARGET_COLUMNS, "school", "THẨM ĐỊNH KẾT QUẢ — {period}",
                "Chỉ nhập vào các ô nền vàng: kết quả thẩm định (khi khác kết quả trường báo cáo) "
                "và lý do.", freeze=4)  # fmt: skip
#: Each school's deferral and the office's note.
SCHOOLS = Sheet(SCHOOLS_SHEET, SCHOOL_COLUMNS, "school", "TẠM HOÃN XÉT VÀ GHI CHÚ THEO TRƯỜNG",
                "Chỉ nhập vào các ô nền vàng: chọn lý do tạm hoãn xét (nếu có), ghi chi tiết, "
                "ghi chú.")  # fmt: skip
#: Each body's meeting (with an award ladder).
REVIEW = Sheet(REVIEW_SHEET, REVIEW_COLUMNS, "bloc", "CUỘC HỌP BÌNH XÉT CỦA TỪNG KHỐI VÀ HỘI ĐỒNG",
               "Mỗi khối và hội đồng một dòng: số thành viên dự họp (người bỏ phiếu), chủ trì, "
               "thư ký, ngày, giờ, địa điểm, số phiếu phát ra, thu về, hợp lệ: dùng cho biên bản "
               "bình xét.")  # fmt: skip
#: The members of each body at its meeting.
PEOPLE = Sheet(MEMBERS_SHEET, MEMBER_COLUMNS, "bloc", "THÀNH VIÊN CÁC CUỘC HỌP BÌNH XÉT",
                f"Mỗi thành viên một dòng: mã khối (hội đồng: {COUNCIL}), họ và tên, chức vụ và "
                "đơn vị, vai trò, có mặt hay vắng (và lý do vắng): in vào biên bản. Số thành "
                "viên dự họp vẫn nhập ở sheet Khối.", freeze=2)  # fmt: skip
#: The voters' decisions on ties.
DECISIONS = Sheet(DECISIONS_SHEET, DECISION_COLUMNS, "bloc", "QUYẾT ĐỊNH KHI BẰNG ĐIỂM",
                  "Các trường bằng điểm ở ranh giới chỉ tiêu mà tiêu chí của thang không phân "
                  "định được: ghi trường được chọn (mã trường), số phiếu lần hai và lý do; hoặc "
                  f"'{EMPTY_PLACE}' và lý do. Chọn hai trường: hai dòng (hoặc mã cách nhau bằng "
                  "dấu ;).", freeze=3)  # fmt: skip
#: The bloc's vote (with an award ladder): ``{awards}``, the ladder's awards.
VOTE = Sheet(VOTE_SHEET, VOTE_COLUMNS, "school", "BÌNH XÉT: SỐ PHIẾU ĐỒNG Ý",
             "Với mỗi trường được đưa ra bình xét một mức khen thưởng, nhập số phiếu đồng ý. "
             "{awards}")  # fmt: skip
#: What was typed and no longer matches, kept word for word.
KEPT = Sheet(KEPT_SHEET, KEPT_COLUMNS, "school", "CÁC DÒNG ĐÃ NHẬP NHƯNG KHÔNG CÒN KHỚP",
             "Giữ nguyên để không mất gì đã nhập; lần ghi sổ sau, dòng nào khớp lại (trường, chỉ "
             "tiêu, mức khen, khối có lại) tự về đúng sheet.")  # fmt: skip
#: Each table sheet by its name.
SHEETS = {sheet.name: sheet for sheet in (TARGETS, SCHOOLS, REVIEW, PEOPLE, DECISIONS, VOTE, KEPT)}
#: Rows of the sheets staff fill in freely (members, decisions) ready to type in: unlocked,
#: with their drop-down lists.
FREE_ROWS = 1000


def body_of(award: Award) -> str:
    """Who votes on ``award``, in a word for the vote sheet's help."""
    return "hội đồng" if award.body is VotingBody.COUNCIL else "khối"


def body_label(award: Award) -> str:
    return label(award.body)


def vote_column(award: Award) -> Column:
    """The column of votes in favour of ``award`` on the vote sheet (typed by staff)."""
    return Column(f"vote:{award.code}", f"{VOTE_PREFIX}{award.code}", 12, input=True)


def result_kind(target: Target) -> NumberKind:
    """The precision of what a school registered and reported for ``target``: a percent's; any
    other number (a count is whole when it is right) at most 2 decimals, so that a wrong one
    is shown as it is."""
    return NumberKind.PERCENT if target.kind is ValueKind.PERCENT else POINTS
