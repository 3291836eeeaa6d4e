"""The form of every document the office signs and sends, as Nghị định 30/2020/NĐ-CP has it,
from the compact book: the heading (the governing body and the issuer, the number left for the
office, the place and date), the signatures (the signer and the authority it signs with).
"""

from __future__ import annotations

from datetime import datetime

from ...core.model import Compact
from .blocks import Heading, Signatures, Signer


def heading(compact: Compact, when: datetime, kind: str = "BC") -> Heading:
    """The NĐ 30 heading of a document of ``compact``; the number is left for the office."""
    place = compact.organizer.place or "……"
    return Heading(
        parent=compact.organizer.parent,
        organizer=compact.organizer.name,
        number=f"Số: ……/{kind}-……",
        place_date=f"{place}, ngày {when.day:02d} tháng {when.month:02d} năm {when.year}",
    )


def signatures(compact: Compact, left: Signer | None = None) -> Signatures:
    """The signer of the compact book at right; at left who drew up the table."""
    signer = compact.signer
    right = Signer(signer.title.upper() or "THỦ TRƯỞNG ĐƠN VỊ", signer.name)
    return Signatures(
        right=right, left=left or Signer("NGƯỜI LẬP BIỂU", note="(Ký, ghi rõ họ tên)")
    )
