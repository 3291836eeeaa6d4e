"""pydantic errors translated where they leave the library: error type -> Vietnamese message.

``translate(error)`` takes one item of ``ValidationError.errors()`` and returns a sentence a staff
member understands. Custom errors raised by our own validators already carry Vietnamese text.
"""

from __future__ import annotations

from typing import Any

_TEMPLATES: dict[str, str] = {
    "missing": "chưa nhập (bắt buộc)",
    "string_too_short": "chưa nhập (bắt buộc)",
    "string_too_long": "quá dài (tối đa {max_length} ký tự)",
    "string_pattern_mismatch": "'{input}' không hợp lệ: không được có dấu cách và không bắt đầu bằng =, +, @",
    "string_type": "'{input}' phải là chữ",
    "float_parsing": "'{input}' không phải là số",
    "float_type": "'{input}' không phải là số",
    "int_parsing": "'{input}' không phải là số nguyên",
    "int_type": "'{input}' không phải là số nguyên",
    "int_from_float": "'{input}' phải là số nguyên",
    "greater_than_equal": "{input} phải lớn hơn hoặc bằng {ge}",
    "greater_than": "{input} phải lớn hơn {gt}",
    "less_than_equal": "{input} phải nhỏ hơn hoặc bằng {le}",
    "less_than": "{input} phải nhỏ hơn {lt}",
    "too_short": "cần ít nhất {min_length} giá trị",
    "too_long": "nhiều nhất {max_length} giá trị (ví dụ trường liên cấp: THCS&THPT)",
    "date_parsing": "'{input}' không phải là ngày (nhập dạng 15/10/2020)",
    "date_from_datetime_parsing": "'{input}' không phải là ngày (nhập dạng 15/10/2020)",
    "date_type": "'{input}' không phải là ngày (nhập dạng 15/10/2020)",
    "bool_parsing": "'{input}' không hợp lệ; nhập 'Có' hoặc 'Không'",
    "enum": "'{input}' không có trong danh sách; chọn một trong: {expected}",
    "extra_forbidden": "cột hoặc mục '{input}' không được dùng",
}


def translate(error: Any) -> str:
    """A Vietnamese message for one pydantic error dict."""
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("input", error.get("input"))
    template = _TEMPLATES.get(kind)
    if template is None:
        # Our own PydanticCustomError already speaks Vietnamese.
        return str(error.get("msg", kind))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return template
