"""The operating system's errors in Vietnamese: what a user reads instead of the system's own
words ("No such file or directory", "Permission denied") or an exception's class name, which
are kept for ``--json`` and the log (:func:`system_detail`).

Worded from the error's number (``errno``; on Windows also its ``winerror``), never from its
text: the same under every system language.
"""

from __future__ import annotations

import errno

#: Each error number -> what happened, in words that follow "không đọc được '…': ".
_REASONS: dict[int, str] = {
    errno.ENOENT: "không tìm thấy (đường dẫn sai, tệp đã bị xóa, đổi tên hoặc chuyển đi)",
    errno.EACCES: "không có quyền truy cập (hãy xin quyền đọc, ghi hoặc chép tệp sang chỗ khác)",
    errno.EPERM: "hệ điều hành không cho phép (tệp bị khóa hoặc không có quyền)",
    errno.EISDIR: "là thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EBUSY: "đang được chương trình khác dùng",
    errno.ENAMETOOLONG: "tên hoặc đường dẫn quá dài",
    errno.ELOOP: "đường dẫn tắt (liên kết) trỏ vòng quanh",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc, không ghi được",
    errno.EIO: "lỗi đọc ghi của ổ đĩa (ổ hỏng, USB hoặc mạng bị ngắt)",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.ENFILE: "mở quá nhiều tệp cùng lúc",
    errno.EEXIST: "đã có tệp hoặc thư mục trùng tên",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EINVAL: "tên hoặc đường dẫn không hợp lệ",
    errno.EXDEV: "không chuyển được sang ổ đĩa khác",
    errno.ETIMEDOUT: "hết thời gian chờ (ổ mạng không trả lời)",
    errno.EAGAIN: "tạm thời chưa đọc được (thử lại sau)",
}

#: Windows' own numbers (``OSError.winerror``) that say more than their errno.
_WINDOWS_REASONS: dict[int, str] = {
    32: "đang mở trong Excel hoặc chương trình khác (hãy đóng tệp rồi thử lại)",
    33: "một phần của tệp đang bị chương trình khác khóa (hãy đóng tệp rồi thử lại)",
    53: "không tìm thấy đường dẫn mạng",
    67: "không tìm thấy tên mạng (thư mục dùng chung)",
    123: "tên hoặc đường dẫn có ký tự không hợp lệ",
    1920: "hệ điều hành không cho mở tệp (tệp tải từ mạng bị chặn hoặc đang bị quét)",
}


def system_reason(error: OSError) -> str:
    """What went wrong, in Vietnamese, from the error's number; a general phrase with the
    number when it is not one of the known ones."""
    winerror = getattr(error, "winerror", None)
    if isinstance(winerror, int) and winerror in _WINDOWS_REASONS:
        return _WINDOWS_REASONS[winerror]
    if isinstance(error, FileNotFoundError):
        return _REASONS[errno.ENOENT]
    if isinstance(error, PermissionError) and error.errno not in _REASONS:
        return _REASONS[errno.EACCES]
    if isinstance(error.errno, int) and error.errno in _REASONS:
        return _REASONS[error.errno]
    if isinstance(error, IsADirectoryError):
        return _REASONS[errno.EISDIR]
    if isinstance(error, NotADirectoryError):
        return _REASONS[errno.ENOTDIR]
    if isinstance(error, TimeoutError):
        return _REASONS[errno.ETIMEDOUT]
    number = f" (mã lỗi {error.errno})" if isinstance(error.errno, int) else ""
    return f"lỗi của hệ điều hành{number}"


def system_message(error: OSError, path: object = None, action: str = "đọc") -> str:
    """``Không đọc được 'bai_nop/x.xlsx': không tìm thấy (…)``: the path the error is about
    (``path``, else the error's own), ``action`` the verb (đọc, ghi, mở, tạo)."""
    where = path if path is not None else error.filename
    named = f" '{where}'" if where not in (None, "") else ""
    return f"Không {action} được{named}: {system_reason(error)}"


def system_detail(error: BaseException) -> str:
    """The system's own words and the error's class, for ``--json`` and the log only."""
    return f"{type(error).__name__}: {error}"
