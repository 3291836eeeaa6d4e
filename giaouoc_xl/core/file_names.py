"""File names and paths that are valid on Windows and everywhere else (pure: no file is opened).

The program names files after schools and after the files schools send (school workbooks,
result slips, feedback copies). Its users run it on Windows, often on shared network folders,
where a name such as ``con.xlsx``, ``Tổ 1: Toán.xlsx`` or a name ending in a dot cannot be
created at all, and where a path longer than 260 characters (``MAX_PATH``) fails unless it is
written in the extended ``\\\\?\\`` form. :func:`safe_file_name` makes any text a valid name;
:func:`long_path` gives the extended form of a long absolute Windows path.
"""

from __future__ import annotations

import unicodedata

#: Characters Windows refuses in a file name (besides control characters).
FORBIDDEN = frozenset('<>:"/\\|?*')

#: Device names Windows reserves, with any extension and in any case (``con.xlsx``, ``Nul.txt``).
#: Windows also reads the superscript digits ¹ ² ³ as digits in COM and LPT names.
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789\u00b9\u00b2\u00b3"}
)

#: The longest name :func:`safe_file_name` gives by default, in UTF-16 code units (what
#: Windows counts): a folder path of up to about 130 characters plus the name stays under
#: Windows' 260-character ``MAX_PATH``, with room for a temporary file's longer name.
NAME_LIMIT = 120
#: Bytes of the name in UTF-8: Linux and macOS refuse a name over 255 bytes.
BYTE_LIMIT = 240
#: An extension kept through any change: a dot and up to this many letters, digits, - or _.
EXTENSION_LIMIT = 16
#: What a forbidden character becomes, and the whole name when nothing is left of it.
REPLACEMENT = "_"

#: An absolute path longer than this (in UTF-16 code units) is given its extended form.
LONG_PATH = 240


def safe_file_name(name: str, limit: int = NAME_LIMIT) -> str:
    """``name`` made a valid file name on Windows, macOS and Linux, keeping its extension.

    Unicode NFC (macOS gives NFD names); ``<>:"/\\|?*`` and control characters become ``_``;
    trailing dots and spaces (which Windows drops) are removed; a reserved device name
    (``CON``, ``nul.txt``, ``COM¹.xlsx``…) gets ``_`` after it (``con_.xlsx``); the name is cut to
    ``limit`` UTF-16 code units and 240 UTF-8 bytes, the extension kept; it is never empty.
    Idempotent: a safe name is returned unchanged.
    """
    if limit < 2 * (EXTENSION_LIMIT + 1):
        raise ValueError(f"limit {limit} leaves no room for a name and its extension")
    text = name
    for _ in range(8):  # every pass but the first changes nothing or makes the name shorter
        safe = _safe_once(text, limit)
        if safe == text:
            break
        text = safe
    return text


def _safe_once(name: str, limit: int) -> str:
    text = unicodedata.normalize("NFC", name)
    text = "".join(REPLACEMENT if _forbidden(ch) else ch for ch in text).lstrip(" ")
    stem, extension = _split_extension(text)
    while stem and not _fits(stem + extension, limit):
        stem = stem[: min(len(stem) - 1, limit)]
    if not extension:
        stem = stem.rstrip(". ")
    if not stem:
        stem = REPLACEMENT
    text = stem + extension
    device = text.partition(".")[0]
    if device.rstrip(" ").upper() in RESERVED:
        text = device + REPLACEMENT + text[len(device) :]
    return text


def _forbidden(ch: str) -> bool:
    # Cc: control characters (U+0000-001F, U+007F-009F); Cs: lone surrogates, which a name read
    # from a Linux folder in an unknown encoding can hold and no Windows name can.
    return ch in FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cs")


def _split_extension(text: str) -> tuple[str, str]:
    """'bang.tong.hop.xlsx' -> ('bang.tong.hop', '.xlsx'); no extension -> (text, '')."""
    stem, dot, extension = text.rpartition(".")
    if (
        dot
        and 0 < len(extension) <= EXTENSION_LIMIT
        and all(ch.isalnum() or ch in "-_" for ch in extension)
    ):
        return stem, dot + extension
    return text, ""


def _fits(name: str, limit: int) -> bool:
    return _utf16_length(name) <= limit and len(name.encode("utf-8")) <= BYTE_LIMIT


def _utf16_length(text: str) -> int:
    return sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def long_path(path: str, windows: bool, limit: int = LONG_PATH) -> str:
    """The extended form (``\\\\?\\C:\\…`` or ``\\\\?\\UNC\\server\\share\\…``) of an absolute Windows
    path longer than ``limit`` characters, which Windows opens whatever its length; any other
    path unchanged (``windows`` false, a short path, a relative one, one already extended).

    The extended form is not normalized by Windows, so it is normalized here: ``/`` becomes
    ``\\``, empty and ``.`` parts are dropped and ``..`` goes up one folder (never above the drive
    or the share).
    """
    if not windows or _utf16_length(path) <= limit:
        return path
    text = path.replace("/", "\\")
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return path  # already extended, or a device path
    if text.startswith("\\\\"):
        server, _, rest = text[2:].partition("\\")
        share, _, tail = rest.partition("\\")
        if not server or not share:
            return path  # not a complete UNC path
        return "\\".join(["\\\\?\\UNC", server, share, *_normalized(tail)])
    drive, root = text[:2], text[2:3]
    if drive[:1].isascii() and drive[:1].isalpha() and drive[1:] == ":" and root == "\\":
        return "\\".join(["\\\\?\\" + drive, *_normalized(text[3:])])
    return path  # relative, or relative to a drive's current folder ('C:folder')


def _normalized(tail: str) -> list[str]:
    parts: list[str] = []
    for part in tail.split("\\"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue
        parts.append(part)
    return parts
