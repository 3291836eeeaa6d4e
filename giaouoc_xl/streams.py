"""Standard output and error that carry Vietnamese whatever the console's code page.

On Windows, output redirected to a file or piped to another program (a log, a scheduled batch,
a caller capturing it) is encoded in the ANSI code page (cp1252, cp1258…), which has no room for
most Vietnamese letters: Python would stop at the first one with a UnicodeEncodeError. So,
before the command writes anything:

- output that is **not a console** (a file, a pipe) is written in **UTF-8**, the encoding of
  every JSON document and of every log the office opens in Notepad or Excel; ``--json`` is
  always valid UTF-8 JSON;
- a **console** whose encoding cannot show a letter (a terminal set to ASCII) gets the letter
  without its marks ("Lỗi" -> "Loi", "đ" -> "d"): readable, never a traceback. (Windows
  consoles themselves take Unicode through the console API, whatever the code page.)
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

#: The error handler that writes a letter without its diacritics.
PLAIN = "giaouoc-plain"
_LETTERS = str.maketrans({"đ": "d", "Đ": "D"})


def plain(text: str) -> str:
    """``text`` without diacritics: 'Lỗi: không đọc được' -> 'Loi: khong doc duoc'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plain_error(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    piece = plain(error.object[error.start : error.end])
    shown = piece.encode("ascii", "replace").decode("ascii")
    return shown, error.end


codecs.register_error(PLAIN, _plain_error)


def _is_utf8(stream: io.TextIOWrapper) -> bool:
    return codecs.lookup(stream.encoding).name == "utf-8"


def utf8_streams() -> None:
    """Make ``sys.stdout`` and ``sys.stderr`` safe for Vietnamese (see the module's text).
    Streams that are not the process's own text files (a test's StringIO) are left alone."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or _is_utf8(stream):
            continue
        try:
            console = stream.isatty()
        except (OSError, ValueError):
            console = False
        if console:
            stream.reconfigure(errors=PLAIN)
        else:
            stream.reconfigure(encoding="utf-8", errors="strict")
