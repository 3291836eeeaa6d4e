"""How wide a text prints in Times New Roman: the widths a writer needs to size columns and
rows (spreadsheet applications do not grow the rows of a file they open, and show a number
that does not fit as ####).

The advance widths (thousandths of an em) are those of Liberation Serif 2, metrically
compatible with Times New Roman (what LibreOffice prints it with here), for ASCII and the
letters Vietnamese adds; a Vietnamese letter with tone marks is as wide as its base letter
(measured: the tones change no advance; the horn of ơ, ư does).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_CHARS = "".join(chr(c) for c in range(32, 127)) + "ơưƠƯđĐ–—…→✓✗≥≤·×°’‘“”•«»"
# fmt: off
_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722,
    667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
    556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444,
    500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
    500, 500, 722, 500, 500, 444, 480, 200, 480, 541, 529, 542, 722, 776, 500, 722, 500,
    1000, 1000, 1000, 778, 778, 549, 549, 333, 564, 400, 333, 333, 444, 444, 350, 500, 500,
)
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722,
    667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
    556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444,
    556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333,
    556, 500, 722, 500, 500, 444, 394, 220, 394, 520, 554, 600, 778, 796, 556, 722, 500,
    1000, 1000, 1000, 778, 778, 549, 549, 333, 570, 400, 333, 333, 500, 500, 350, 500, 500,
)
_ITALIC = (
    250, 333, 420, 500, 500, 833, 778, 214, 333, 333, 500, 675, 250, 333, 250, 278, 500,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 675, 675, 675, 500, 920, 611,
    611, 667, 722, 611, 611, 722, 722, 333, 444, 667, 556, 833, 667, 722, 611, 722, 611,
    500, 556, 722, 611, 833, 611, 556, 556, 389, 278, 389, 422, 500, 333, 500, 500, 444,
    500, 444, 278, 500, 500, 278, 278, 444, 278, 722, 500, 500, 500, 500, 389, 389, 278,
    500, 444, 667, 444, 444, 389, 400, 275, 400, 541, 534, 545, 722, 754, 500, 722, 500,
    889, 889, 1000, 778, 778, 549, 549, 250, 675, 400, 333, 333, 556, 556, 350, 500, 500,
)
# fmt: on

_WIDTHS = {
    (False, False): dict(zip(_CHARS, _REGULAR, strict=True)),
    (True, False): dict(zip(_CHARS, _BOLD, strict=True)),
    (False, True): dict(zip(_CHARS, _ITALIC, strict=True)),
}
_HORNED = {"\u031b"}  # the horn of ơ, ư: the only mark that widens a letter
_UNKNOWN = 600  # a character outside the table (a symbol): about an average capital


@lru_cache(maxsize=65536)
def _advance(char: str, bold: bool, italic: bool) -> int:
    widths = _WIDTHS[(bold, italic and not bold)]
    if char in widths:
        return widths[char]
    parts = unicodedata.normalize("NFD", char)
    base = parts[0]
    if "\u031b" in parts[1:]:  # ơ ờ ớ … ư ừ …: the horned letter
        base = unicodedata.normalize("NFC", base + "\u031b")
    return widths.get(base, _UNKNOWN)


@lru_cache(maxsize=65536)  # a summary measures the same values and words again and again
def _units(text: str, bold: bool, italic: bool) -> int:
    """The advance of ``text`` in thousandths of an em: a sum, so that the advance of words
    joined by a space is the sum of theirs and the space's (no kerning; NFC composes nothing
    across a space)."""
    return sum(_advance(ch, bold, italic) for ch in unicodedata.normalize("NFC", text))


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Points ``text`` takes in Times New Roman at ``size`` points."""
    return _units(text, bold, italic) * size / 1000


@lru_cache(maxsize=65536)  # the same target texts and headers in every slip and table
def wrap(
    text: str, width: float, size: float, bold: bool = False, italic: bool = False
) -> tuple[str, ...]:
    """Lines of ``text`` wrapped at spaces within ``width`` points, as a spreadsheet does (a word
    longer than the width stays whole on its line)."""
    lines: list[str] = []
    space = _units(" ", bold, italic)
    for paragraph in text.split("\n"):
        line, units = "", 0  # the line so far and its advance: each word measured once
        for word in paragraph.split(" "):
            advance = _units(word, bold, italic)
            trial = units + space + advance if line else advance
            if line and trial * size / 1000 > width:
                lines.append(line)
                line, units = word, advance
            else:
                line, units = (f"{line} {word}" if line else word), trial
        lines.append(line)
    return tuple(lines)
