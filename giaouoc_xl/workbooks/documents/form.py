"""The form of every document the office signs and sends, as Nghị định 30/2020/NĐ-CP has it,
from the compact book: the heading (the governing body and the issuer, the number left for the
office, the place and the date), the signatures (the signer with the authority it signs with,
printed whole), *Nơi nhận*, and the DỰ THẢO line of a document that is not yet true.

A document is dated from the books, never from the day it is printed: the compact book's
document date, or the meeting's date for the minutes (``on``); with none, the date line is left
blank ("ngày …… tháng …… năm ……") for the office to write by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from ...core.model import Compact
from ...core.model import Signer as BookSigner
from ...core.results import MergeResult
from .blocks import Document, Heading, Lines, Signatures, Signer, Spacer

BLANK = "……"
#: The date line's words when no date is set (the office writes it by hand).
BLANK_DATE = f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
#: What signs for the issuer when the compact book names no title.
HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
DRAWN_UP = Signer("NGƯỜI LẬP BIỂU", note="(Ký, ghi rõ họ tên)")
#: The style of the DỰ THẢO line (documents/layout.py's formats).
DRAFT_STYLE = "draft"


class _BookDate:
    """The compact book's document date (the default of :func:`heading`)."""


BOOK_DATE = _BookDate()


def date_text(day: date | None) -> str:
    """'ngày 05 tháng 6 năm 2021' (NĐ 30: a day below 10 and the months 1 and 2 take a 0), or
    the blank line for the office."""
    if day is None:
        return BLANK_DATE
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def heading(
    compact: Compact,
    when: datetime | None = None,
    kind: str = "BC",
    *,
    on: date | _BookDate | None = BOOK_DATE,
) -> Heading:
    """The NĐ 30 heading of a document of ``compact``; the number is left for the office.

    Dated ``on`` when given (the minutes: the meeting's date; None: the blank line), else from
    the compact book's document date (blank when none is set). ``when``, the time of the run,
    is never printed: it is accepted for the callers that still pass it."""
    day = compact.document_date if isinstance(on, _BookDate) else on
    place = compact.organizer.place or BLANK
    return Heading(
        parent=compact.organizer.parent,
        organizer=compact.organizer.name,
        number=f"Số: {BLANK}/{kind}-{BLANK}",
        place_date=f"{place}, {date_text(day)}",
    )


def signer_title(signer: BookSigner) -> str:
    """The signer's authority and title as printed, a line each ('\\n' between): "TRƯỞNG
    PHÒNG"; "KT. TRƯỞNG PHÒNG" over "PHÓ TRƯỞNG PHÒNG"; "TM. ỦY BAN NHÂN DÂN" over "CHỦ TỊCH";
    "Q. TRƯỞNG PHÒNG" (an acting head signs as the head, on one line)."""
    own = signer.title.upper() or HEAD
    authority = signer.authority.value
    if not authority:
        return own
    head = signer.head_title.upper() or HEAD
    if authority == "Q." or own == head:
        return f"{authority} {head}"
    return f"{authority} {head}\n{own}"


def _item(text: str) -> str:
    return re.sub(r"^[\s\-–—•+*]+|[\s;.,]+$", "", text)


def recipient_lines(
    compact: Compact,
    first: Sequence[str] = (),
    schools: str = "Các trường",
    receiver: str | None = None,
) -> tuple[str, ...]:
    """*Nơi nhận* as printed ("- Như trên;" … "- Lưu: VT."): ``first`` (the addressee of a
    request, the school of a slip), then the compact book's list, or by default ``receiver``
    (None: the governing body, "để báo cáo"; "": none), ``schools`` and "Lưu: VT"."""
    typed = [_item(part) for part in re.split(r"[\n;]", compact.recipients)]
    items = [part for part in typed if part]
    if not items:
        parent = compact.organizer.parent
        if receiver is None:
            receiver = f"{parent} (để báo cáo)" if parent else ""
        items = [part for part in (receiver, schools, "Lưu: VT") if part]
    unique = list(dict.fromkeys(_item(part) for part in (*first, *items) if _item(part)))
    return tuple(f"- {item}{'.' if i == len(unique) - 1 else ';'}" for i, item in enumerate(unique))


def signatures(
    compact: Compact,
    left: Signer | None = None,
    *,
    recipients: Sequence[str] | None = None,
    drawn_up: bool = True,
) -> Signatures:
    """The signer of the compact book at right, its authority whole (:func:`signer_title`);
    at left ``left``, or who drew up the table (``drawn_up``), or nobody; *Nơi nhận* always
    (``recipients``: lines as :func:`recipient_lines` makes them; by default the book's)."""
    signer = compact.signer
    return Signatures(
        right=Signer(signer_title(signer), signer.name),
        left=left or (DRAWN_UP if drawn_up else None),
        recipients=recipient_lines(compact) if recipients is None else tuple(recipients),
    )


def draft_text(open_errors: int) -> str:
    """The line that heads a draft: "DỰ THẢO — còn 3 lỗi cần xử lý trước khi ký"."""
    return f"DỰ THẢO — còn {open_errors} lỗi cần xử lý trước khi ký"


def as_sent(doc: Document, result: MergeResult) -> Document:
    """``doc`` as it is sent: headed DỰ THẢO with the count of open errors, above its title,
    while ``result`` is a draft (an error that would change a result remains), and as it is
    once none remains; with *Nơi nhận* (the compact book's, :func:`recipient_lines`) under
    signatures that have none. Applying it twice changes nothing more."""
    blocks = [
        replace(block, recipients=recipient_lines(result.compact))
        if isinstance(block, Signatures) and not block.recipients
        else block
        for block in doc.blocks
    ]
    drafted = bool(blocks) and isinstance(blocks[0], Lines) and blocks[0].style == DRAFT_STYLE
    if result.draft and not drafted:
        blocks[:0] = [Lines([draft_text(result.open_errors)], DRAFT_STYLE), Spacer(4)]
    return replace(doc, blocks=blocks)
