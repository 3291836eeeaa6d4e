"""Every status and finding code of giaouoc_xl, with its Vietnamese meaning: one module.

The codes are stable (JSON, tests and the README rely on them); the README's tables are
generated from these tables and tested against them (tests/readme_help.py).
"""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: an error makes a book or a submission unusable."""

    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS = {Severity.ERROR: "Lỗi", Severity.WARNING: "Cảnh báo"}


class FileStatus(StrEnum):
    """What became of one file found under the submissions folder."""

    USED = "used"
    SUPERSEDED = "superseded"
    NOT_A_SUBMISSION = "not-a-submission"
    OTHER_COMPACT = "other-compact"
    STALE_TEMPLATE = "stale-template"
    UNKNOWN_SCHOOL = "unknown-school"
    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    OVER_LIMIT = "over-limit"
    LOCK_FILE = "lock-file"
    TEMPORARY = "temporary"
    NOT_A_SPREADSHEET = "not-a-spreadsheet"


#: Files that were read but are not a usable submission of this compact: the checker's finding
#: of the same code says why.
REJECTED = frozenset(
    {
        FileStatus.NOT_A_SUBMISSION,
        FileStatus.OTHER_COMPACT,
        FileStatus.STALE_TEMPLATE,
        FileStatus.UNKNOWN_SCHOOL,
    }
)
#: Files that could not be read at all (a finding ``unreadable-file`` or ``over-limit``).
REFUSED = frozenset({FileStatus.UNREADABLE, FileStatus.ENCRYPTED, FileStatus.OVER_LIMIT})
#: Files listed but not read: lock and temporary files (by their name), and files that are no
#: spreadsheet (by their content).
SKIPPED = frozenset({FileStatus.LOCK_FILE, FileStatus.TEMPORARY, FileStatus.NOT_A_SPREADSHEET})

#: Each file status with its meaning (the README lists them).
FILE_STATUSES: dict[FileStatus, str] = {
    FileStatus.USED: "Bài nộp được dùng để tổng hợp",
    FileStatus.SUPERSEDED: "Có bài nộp mới hơn của cùng trường; bài này không dùng",
    FileStatus.NOT_A_SUBMISSION: "Không phải mẫu giao ước của chương trình",
    FileStatus.OTHER_COMPACT: "Mẫu của một giao ước khác",
    FileStatus.STALE_TEMPLATE: "Mẫu cũ, chỉ tiêu hoặc ngưỡng khác giao ước hiện hành",
    FileStatus.UNKNOWN_SCHOOL: "Mã trường không có trong danh sách",
    FileStatus.UNREADABLE: "Không đọc được tệp (hỏng, tải về chưa hết, rỗng, phiên bản Excel quá cũ…)",
    FileStatus.ENCRYPTED: "Tệp đặt mật khẩu: trường cần lưu lại không mật khẩu rồi gửi lại",
    FileStatus.OVER_LIMIT: "Tệp vượt giới hạn an toàn (quá lớn, nghi 'zip bomb', quá nhiều dòng, đọc quá lâu); không đọc",
    FileStatus.LOCK_FILE: "Tệp khóa tạm của Excel/LibreOffice, bỏ qua",
    FileStatus.TEMPORARY: "Tệp tạm hoặc tệp ẩn, bỏ qua",
    FileStatus.NOT_A_SPREADSHEET: "Không phải bảng tính (văn bản Word, PDF, ảnh, CSV…), bỏ qua",
}

#: The same in a word or two, for a one-line count ("57 dùng được, 1 mẫu cũ").
FILE_STATUS_SHORT: dict[FileStatus, str] = {
    FileStatus.USED: "dùng được",
    FileStatus.SUPERSEDED: "bị bài mới hơn thay",
    FileStatus.NOT_A_SUBMISSION: "không phải bài nộp",
    FileStatus.OTHER_COMPACT: "của giao ước khác",
    FileStatus.STALE_TEMPLATE: "mẫu cũ",
    FileStatus.UNKNOWN_SCHOOL: "mã trường lạ",
    FileStatus.UNREADABLE: "không đọc được",
    FileStatus.ENCRYPTED: "có mật khẩu",
    FileStatus.OVER_LIMIT: "vượt giới hạn",
    FileStatus.LOCK_FILE: "tệp khóa",
    FileStatus.TEMPORARY: "tệp tạm",
    FileStatus.NOT_A_SPREADSHEET: "không phải bảng tính",
}

#: The same with a capital, for a column of a sheet a person reads (*Tình trạng nộp*,
#: *Nhật ký*); the code stays in a column of its own (:data:`STATUS_CODE_HEADER`).
FILE_STATUS_WORDS: dict[FileStatus, str] = {
    status: short[:1].upper() + short[1:] for status, short in FILE_STATUS_SHORT.items()
}

#: The header of the column that keeps a status's code beside its Vietnamese label, for
#: filtering and for the programs that read the sheet back.
STATUS_CODE_HEADER = "Mã trạng thái"


#: Files that make the school they are tied to "sent, but not usable" when it has no usable
#: file: read but of another compact, an old template, no template at all; refused unread
#: (damaged, encrypted, over the limits); no spreadsheet at all. Each with what the school
#: sent, in its own words (a slip is addressed to the school), and what it must do.
UNUSABLE_FILES: dict[FileStatus, tuple[str, str]] = {
    FileStatus.STALE_TEMPLATE: (
        "tệp theo mẫu cũ của giao ước (chỉ tiêu, ngưỡng hoặc điểm đã thay đổi)",
        "gửi lại tệp theo mẫu mới: điền lại số liệu vào mẫu mới đơn vị đã gửi",
    ),
    FileStatus.OTHER_COMPACT: (
        "tệp theo mẫu của một giao ước khác",
        "gửi lại tệp theo mẫu của giao ước này (mẫu đơn vị đã gửi cho trường)",
    ),
    FileStatus.NOT_A_SUBMISSION: (
        "một bảng tính không phải mẫu giao ước của trường",
        "điền vào mẫu giao ước đơn vị đã gửi cho trường rồi gửi lại",
    ),
    FileStatus.ENCRYPTED: (
        "tệp có đặt mật khẩu, không mở được",
        "bỏ mật khẩu rồi gửi lại (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu: "
        "xóa mật khẩu)",
    ),
    FileStatus.UNREADABLE: (
        "tệp bị hỏng hoặc không đọc được",
        "mở lại tệp bằng Excel hoặc LibreOffice, lưu dạng .xlsx rồi gửi lại",
    ),
    FileStatus.OVER_LIMIT: (
        "tệp quá lớn hoặc bất thường, không đọc được",
        "gửi lại đúng tệp mẫu đã điền (không chèn ảnh, không thêm sheet, dòng, cột)",
    ),
    FileStatus.NOT_A_SPREADSHEET: (
        "tệp không phải bảng tính (văn bản Word, PDF, ảnh…)",
        "gửi tệp Excel theo mẫu giao ước của trường (không gửi văn bản Word, PDF, ảnh)",
    ),
}


class SchoolStatus(StrEnum):
    """What the merge found for one school of the roster."""

    VALID = "valid"
    WITH_ERRORS = "with-errors"
    UNUSABLE = "unusable"
    MISSING = "missing"


#: Each school status with its meaning (the README lists them).
SCHOOL_STATUSES: dict[SchoolStatus, str] = {
    SchoolStatus.VALID: "Đã nộp, hợp lệ",
    SchoolStatus.WITH_ERRORS: "Đã nộp nhưng có lỗi; không xếp hạng",
    SchoolStatus.UNUSABLE: (
        "Đã gửi tệp nhưng không dùng được (mẫu cũ, mẫu của giao ước khác, đặt mật khẩu, hỏng, "
        "không phải bảng tính…); không xếp hạng, trường cần gửi lại"
    ),
    SchoolStatus.MISSING: "Chưa nộp: chưa nhận được tệp nào của trường",
}

#: The same, in a word, for the columns of printed tables.
SCHOOL_STATUS_WORDS: dict[SchoolStatus, str] = {
    SchoolStatus.VALID: "Hợp lệ",
    SchoolStatus.WITH_ERRORS: "Có lỗi",
    SchoolStatus.UNUSABLE: "Không dùng được",  # the file sent (short: an annex's column)
    SchoolStatus.MISSING: "Chưa nộp",
}

#: What a school of each status must do (its slip, the terminal, the buttons); an unusable
#: file's own is in :data:`UNUSABLE_FILES`.
SCHOOL_TODO: dict[SchoolStatus, str] = {
    SchoolStatus.VALID: "",
    SchoolStatus.WITH_ERRORS: "sửa các lỗi trong tệp rồi gửi lại",
    SchoolStatus.UNUSABLE: "gửi lại tệp theo mẫu giao ước của trường",
    SchoolStatus.MISSING: "gửi tệp mẫu giao ước của trường đã điền đủ số liệu",
}

#: Codes of the compact book's reader: a sheet, a column or a cell that cannot be read.
BOOK_CODES: dict[str, str] = {
    "missing-sheet": "Không tìm thấy một sheet của sổ (bị đổi tên hoặc xóa)",
    "missing-column": "Một cột bị đổi tiêu đề hoặc bị xóa",
    "missing-value": "Ô bắt buộc còn trống",
    "invalid-value": "Giá trị sai kiểu: chữ trong ô số, ngày không đúng, năm học sai dạng…",
    "unknown-choice": "Giá trị không có trong danh sách chọn (loại giá trị, chiều so sánh, cấp học…)",
    "school-code-not-text": "Mã trường nhập dạng số nên mất số 0 ở đầu",
}

#: Codes of the rules across a compact (:mod:`giaouoc_xl.core.compact_rules`).
RULE_CODES: dict[str, str] = {
    "empty-compact": "Sổ giao ước còn trống: chưa có nhóm chỉ tiêu, chỉ tiêu, trường",
    "no-period": "Chưa có kỳ báo cáo nào",
    "duplicate-period": "Một kỳ báo cáo được nhập hai lần",
    "current-period-not-collected": "Kỳ đang thu không nằm trong các kỳ báo cáo",
    "unknown-veto-tier": "Xếp loại tối đa khi không đạt chỉ tiêu phủ quyết không có trong bảng xếp loại",
    "floor-without-cap-tier": "Ngưỡng tối thiểu mỗi tiêu chí giới hạn xếp loại mà chưa ghi xếp loại tối đa",
    "duplicate-content": "Số thứ tự nội dung bị trùng",
    "duplicate-group": "Mã nhóm chỉ tiêu bị trùng",
    "unknown-content": "Nhóm hoặc chỉ tiêu thuộc một nội dung không có",
    "no-targets": "Chưa có chỉ tiêu nào",
    "duplicate-target": "Mã chỉ tiêu bị trùng",
    "unknown-group": "Chỉ tiêu thuộc một nhóm không có",
    "missing-direction": "Chưa chọn chiều so sánh",
    "direction-kind-mismatch": "Chiều so sánh không hợp với loại giá trị",
    "missing-choices": "Loại 'Mức theo danh sách' nhưng chưa có danh sách mức",
    "unusable-choices": "Danh sách mức có dấu phẩy hoặc dài quá 255 ký tự: không làm được danh sách chọn",
    "deduct-without-step": "Cách tính 'Trừ theo mức thiếu' nhưng chưa có điểm trừ mỗi đơn vị",
    "scoring-kind-mismatch": "Cách tính điểm không hợp với loại giá trị",
    "target-without-threshold": "Chỉ tiêu chưa có ngưỡng cho cấp học nào",
    "invalid-threshold": "Ngưỡng sai kiểu hoặc ngoài khoảng (tỷ lệ 0–100, số lượng ≥ 0, mức trong danh sách)",
    "no-tiers": "Chưa có bảng xếp loại",
    "duplicate-tier": "Tên xếp loại bị trùng",
    "tiers-not-ordered": "Điểm tối thiểu của các mức xếp loại không giảm dần",
    "tier-above-total": "Điểm tối thiểu của một mức cao hơn tổng điểm trường có thể đạt",
    "no-schools": "Chưa có trường nào",
    "duplicate-bloc": "Mã khối thi đua bị trùng",
    "duplicate-school": "Mã trường bị trùng",
    "unknown-bloc": "Trường thuộc một khối không có",
    "duplicate-level": "Cấp học của trường bị lặp",
    "level-without-targets": "Trường có một cấp học mà không chỉ tiêu nào áp dụng",
    "duplicate-rule": "Mã quy tắc kiểm tra bị trùng",
    "invalid-expression": "Biểu thức của quy tắc kiểm tra sai cú pháp",
    "rule-unknown-target": "Quy tắc kiểm tra dùng một mã chỉ tiêu không có",
    "rule-text-target": "Quy tắc kiểm tra dùng một chỉ tiêu loại Văn bản (không có giá trị để tính)",
    "duplicate-award": "Mã hoặc thứ tự của một mức khen thưởng bị trùng",
    "unknown-award-tier": "Xếp loại tối thiểu của một mức khen thưởng không có trong bảng xếp loại",
    "invalid-award-condition": "Điều kiện của một mức khen thưởng sai cú pháp, dùng tên số liệu cán bộ không có, hoặc gọi hàm theo các năm không có, thiếu đối số, với xếp loại không có",
    "award-without-quota": "Một mức khen thưởng chưa có chỉ tiêu mỗi khối",
    "award-above-total": "Tổng điểm tối thiểu của mức khen thưởng cao hơn số điểm tối đa trường đạt được",
    "invalid-tie-break": "Tiêu chí khi bằng điểm của một mức khen thưởng không hiểu được, hoặc nhắc một nội dung không có",
    "level-points-mismatch": "Bảng điểm từng mức không có đúng một số điểm cho mỗi mức của danh sách, hoặc có mức vượt điểm của tiêu chí",
    "unknown-parent": "Tiêu chí con thuộc một tiêu chí không có, hoặc tiêu chí con lại có tiêu chí con",
    "parent-not-points": "Tiêu chí con hoặc tiêu chí có tiêu chí con không phải loại 'Điểm tự chấm'",
    "parts-points-mismatch": "Tổng điểm tối đa của các tiêu chí con khác điểm tối đa của tiêu chí",
}

#: Codes about a submitted file as a whole.
FILE_CODES: dict[str, str] = {
    "unreadable-file": "Không đọc được tệp (hỏng, tải về chưa hết, rỗng, không phải bảng tính, phiên bản quá cũ)",
    "encrypted-file": "Tệp đặt mật khẩu khi mở; trường cần lưu lại không mật khẩu",
    "over-limit": "Tệp vượt giới hạn an toàn (kích thước, tỷ lệ nén, số dòng/cột, bộ nhớ, thời gian đọc)",
    "feedback-not-written": "Không ghi được bản phản hồi cho tệp (định dạng chưa hỗ trợ, thư mục phản hồi trùng thư mục bài nộp, tệp hỏng một phần); kết quả kiểm tra vẫn đúng",
}

#: Codes of the checker of a submission (:mod:`giaouoc_xl.core.check`).
SUBMISSION_CODES: dict[str, str] = {
    "not-a-submission": "Tệp không phải mẫu giao ước của chương trình (thiếu thông tin mẫu)",
    "missing-metadata": "Sheet thông tin mẫu bị xóa; nhận diện trường theo sheet Trường",
    "other-compact": "Mẫu của một giao ước khác",
    "stale-template": "Mẫu của lần sửa đổi cũ, có ngưỡng hoặc điểm khác giao ước hiện hành",
    "older-revision": "Mẫu của lần sửa đổi cũ nhưng nội dung chấm điểm không đổi",
    "unknown-school": "Mã trường không có trong danh sách trường",
    "file-name-mismatch": "Tên tệp gợi ý một trường khác với trường trong tệp",
    "identity-changed": "Thông tin trường (mã, tên, cấp học, khối) bị sửa",
    "missing-sheet": "Thiếu sheet Trường hoặc Chỉ tiêu",
    "missing-column": "Thiếu một cột của bảng chỉ tiêu",
    "missing-target": "Thiếu dòng của một chỉ tiêu",
    "duplicate-target": "Một chỉ tiêu xuất hiện hai lần",
    "unknown-target": "Dòng có mã chỉ tiêu không thuộc giao ước hoặc không áp dụng cho trường",
    "stray-row": "Dòng có số liệu nhưng không có mã chỉ tiêu",
    "threshold-changed": "Ngưỡng giao ước trong tệp bị sửa (ngưỡng luôn lấy theo sổ giao ước)",
    "locked-cell-changed": "Nội dung chỉ tiêu hoặc yêu cầu trong tệp bị sửa",
    "missing-value": "Chưa nhập số liệu bắt buộc của kỳ",
    "invalid-value": "Số liệu không đúng kiểu (chữ trong ô số, Có/Không sai)",
    "not-in-list": "Giá trị không có trong danh sách mức",
    "out-of-range": "Số liệu ngoài khoảng (tỷ lệ 0–100, số lượng nguyên ≥ 0)",
    "formula-without-value": "Ô có công thức nhưng chưa có kết quả tính (tệp chưa được tính lại)",
    "percent-as-fraction": "Tỷ lệ nhập dạng phân số trong ô định dạng %, đã hiểu thành %",
    "number-as-text": "Số được nhập dạng chữ (ví dụ '≥ 98', '95,5' trong ô chữ): công thức trong tệp báo Sai dạng",
    "below-threshold": "Đăng ký thấp hơn (kém hơn) ngưỡng giao ước của cấp học",
    "result-below-registration": "Kết quả chưa đạt mức đã đăng ký",
    "veto-not-met": "Không đạt chỉ tiêu phủ quyết",
    "rule-failed": "Không thỏa quy tắc kiểm tra giữa các chỉ tiêu",
    "signing-incomplete": "Thiếu cam kết thực hiện, họ tên hiệu trưởng hoặc ngày ký",
    "evidence-missing": "Kỳ bắt buộc minh chứng mà một kết quả chưa ghi minh chứng",
    "invalid-staff-figure": "Số liệu cán bộ không phải số nguyên không âm",
    "staff-figures-inconsistent": "Một số liệu cán bộ lớn hơn tổng số cán bộ, giáo viên, nhân viên",
    "staff-figures-missing": "Kỳ bắt buộc số liệu cán bộ mà trường chưa nhập đủ",
    "points-above-max": "Điểm tự chấm vượt điểm tối đa của tiêu chí",
    "points-off-step": "Điểm tự chấm không đúng bước điểm của tiêu chí (ví dụ điểm lẻ đến 0,5)",
    "points-above-partial": "Điểm tự chấm khi chưa thực hiện đầy đủ vượt mức tối đa giao ước cho phép (ví dụ 50 % điểm)",
    "points-sum-mismatch": "Điểm của tiêu chí khác tổng điểm các tiêu chí con",
}

#: Codes of the appraisal book merged with the files (:mod:`giaouoc_xl.core.appraisal`).
APPRAISAL_CODES: dict[str, str] = {
    "appraisal-reason-missing": "Kết quả thẩm định khác kết quả trường báo cáo nhưng chưa ghi lý do",
    "appraisal-unknown-school": "Dòng của sổ thẩm định có mã trường không có trong danh sách",
    "appraisal-unknown-target": "Dòng của sổ thẩm định có chỉ tiêu không thuộc giao ước hoặc không áp dụng cho trường",
    "appraisal-invalid-value": "Kết quả thẩm định hoặc lý do tạm hoãn không đúng kiểu, không có trong danh sách",
    "appraisal-without-submission": "Có kết quả thẩm định cho trường chưa có bài nộp dùng được",
    "appraisal-book-open": "Sổ thẩm định đang mở trong Excel/LibreOffice: dùng bản đã lưu, điều chưa lưu chưa được tính",
    "award-tie": "Các trường bằng điểm ở ranh giới chỉ tiêu khen thưởng mà tiêu chí của thang không phân định được: khối hoặc hội đồng cần quyết định (cảnh báo trước khi họp, lỗi khi đã họp mà chưa quyết định)",
    "tie-decision-invalid": "Quyết định khi bằng điểm không dùng được: thiếu lý do, trường không nằm trong các trường bằng điểm, chọn nhiều hơn số suất, hoặc không còn bằng điểm",
    "meeting-inconsistent": "Thông tin cuộc họp bình xét không khớp: phiếu thu về nhiều hơn phát ra, hợp lệ nhiều hơn thu về, số thành viên dự họp khác danh sách thành viên có mặt, thành viên của khối hoặc hội đồng không có",
}

#: Codes of the history book (:mod:`giaouoc_xl.core.history`, ``giaouoc history``) and of the
#: award conditions over years that use it (``giaouoc merge … --history``).
HISTORY_CODES: dict[str, str] = {
    "history-invalid-year": "Năm học không đúng dạng: hai năm liền nhau, ví dụ 2020-2021",
    "history-invalid-total": "Tổng điểm không phải là số",
    "history-invalid-rank": "Thứ hạng hoặc số trường của khối không phải số nguyên dương",
    "history-invalid-choice": "Tình trạng khen thưởng không có trong danh sách chọn",
    "history-missing-key": "Dòng có số liệu nhưng thiếu mã trường hoặc năm học: chưa dùng được",
    "history-duplicate-row": "Một trường có hai dòng cùng năm học: điều kiện xét cả hai dòng",
    "history-code-not-text": "Mã trường nhập dạng số nên có thể mất số 0 ở đầu",
    "history-invalid-mapping": "Dòng đổi mã thiếu mã cũ, mã mới hoặc năm học bắt đầu đúng dạng",
    "history-mapping-conflict": "Một mã cũ được chuyển hai lần, hoặc chuyển sang chính nó",
    "history-book-open": "Sổ lịch sử đang mở: dùng bản đã lưu",
    "history-not-given": "Thang khen thưởng có điều kiện theo các năm mà chưa dùng sổ lịch sử: trường cần xét có lý do chưa có dữ liệu năm trước",
}

#: What a school does about a finding of its file (its slip lists each error with it).
FIXES: dict[str, str] = {
    "unreadable-file": "Mở lại tệp bằng Excel hoặc LibreOffice, lưu dạng .xlsx rồi gửi lại",
    "encrypted-file": "Bỏ mật khẩu của tệp rồi gửi lại",
    "over-limit": "Gửi lại đúng tệp mẫu đã điền (không chèn ảnh, không thêm sheet, dòng, cột)",
    "not-a-submission": "Điền vào mẫu giao ước đơn vị đã gửi cho trường rồi gửi lại",
    "missing-metadata": "Dùng tệp mẫu đơn vị đã gửi, không xóa sheet nào của mẫu",
    "other-compact": "Gửi lại tệp theo mẫu của giao ước này",
    "stale-template": "Điền lại số liệu vào mẫu mới rồi gửi lại",
    "older-revision": "Không cần sửa; lần sau dùng mẫu mới",
    "unknown-school": "Dùng đúng tệp mẫu đơn vị đã gửi cho trường",
    "file-name-mismatch": "Kiểm tra lại đã gửi đúng tệp của trường",
    "identity-changed": "Ghi lại thông tin trường như trong mẫu (không sửa mã, tên, cấp học, khối)",
    "missing-sheet": "Dùng lại tệp mẫu; không xóa, không đổi tên sheet",
    "missing-column": "Dùng lại tệp mẫu; không xóa, không đổi tiêu đề cột",
    "missing-target": "Chép lại dòng của chỉ tiêu từ tệp mẫu",
    "duplicate-target": "Xóa dòng chỉ tiêu bị lặp",
    "unknown-target": "Xóa dòng này hoặc ghi lại đúng mã chỉ tiêu",
    "stray-row": "Ghi số liệu vào đúng dòng của chỉ tiêu",
    "threshold-changed": "Không sửa ngưỡng giao ước (ngưỡng luôn lấy theo sổ giao ước)",
    "locked-cell-changed": "Không sửa nội dung chỉ tiêu và yêu cầu của mẫu",
    "missing-value": "Nhập số liệu vào ô này",
    "invalid-value": "Nhập lại đúng kiểu: số, Có/Không hoặc mức trong danh sách",
    "not-in-list": "Chọn một mức trong danh sách của ô",
    "out-of-range": "Nhập lại trong khoảng cho phép (tỷ lệ 0–100, số lượng nguyên ≥ 0)",
    "formula-without-value": "Nhập số thay cho công thức, hoặc tính lại (F9) rồi lưu",
    "percent-as-fraction": "Kiểm tra lại tỷ lệ đã nhập",
    "number-as-text": "Nhập số, không kèm chữ hay ký hiệu (ví dụ 95,5)",
    "below-threshold": "Đăng ký lại mức không thấp hơn ngưỡng giao ước của cấp học",
    "result-below-registration": "Kiểm tra lại kết quả; nếu đúng, giải trình khi thẩm định",
    "veto-not-met": "Kiểm tra lại kết quả của chỉ tiêu phủ quyết",
    "rule-failed": "Sửa các chỉ tiêu liên quan cho khớp nhau",
    "signing-incomplete": "Chọn 'Có' ở ô Cam kết thực hiện, ghi họ tên hiệu trưởng và ngày ký",
    "evidence-missing": "Ghi minh chứng (số, ngày của văn bản) cho kết quả",
    "invalid-staff-figure": "Nhập số nguyên không âm",
    "staff-figures-inconsistent": "Sửa số liệu cán bộ cho không vượt tổng số",
    "staff-figures-missing": "Nhập đủ số liệu cán bộ ở sheet Trường",
    "points-above-max": "Chấm lại không quá điểm tối đa của tiêu chí",
    "points-off-step": "Chấm lại theo đúng bước điểm của tiêu chí",
    "points-above-partial": "Chấm đủ điểm nếu đã thực hiện đầy đủ, nếu chưa thì không quá mức tối đa cho phép",
    "points-sum-mismatch": "Chấm từng tiêu chí con; điểm tiêu chí là tổng các tiêu chí con (không sửa công thức)",
}
