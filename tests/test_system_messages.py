"""Every error of the operating system in Vietnamese, naming its path: a missing file, no
permission, a folder given as a file, a file given as a folder… Never the system's own words
("No such file or directory") nor an exception's class to the user; those stay in ``--json``'s
``detail`` and the log."""

from __future__ import annotations

import errno
import json
import re
import unicodedata
from pathlib import Path

import pytest

from giaouoc_xl import api
from giaouoc_xl.core.codes import FileStatus
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.system_errors import system_message, system_reason
from giaouoc_xl.jobs.file_job import examine_file

from .conftest import run_cli

#: What the system or Python says in English: never shown to a user.
NATIVE = re.compile(
    r"No such file|Permission denied|Is a directory|Not a directory|Errno|Error\b|"
    r"FileNotFound|OSError|Traceback"
)


def _vietnamese(text: str) -> None:
    assert not NATIVE.search(text), text
    assert unicodedata.normalize("NFC", text) == text


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (FileNotFoundError(errno.ENOENT, "No such file or directory", "x.xlsx"), "không tìm thấy"),
        (PermissionError(errno.EACCES, "Permission denied", "x.xlsx"), "không có quyền"),
        (PermissionError(errno.EPERM, "Operation not permitted"), "không cho phép"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "x"), "là thư mục, không phải tệp"),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory", "a/b"), "không phải thư mục"),
        (OSError(errno.ENOSPC, "No space left on device"), "ổ đĩa đã đầy"),
        (OSError(errno.EROFS, "Read-only file system"), "chỉ cho đọc"),
        (OSError(errno.ENAMETOOLONG, "File name too long"), "quá dài"),
        (OSError(99999, "Something odd"), "lỗi của hệ điều hành (mã lỗi 99999)"),
        (OSError("no number at all"), "lỗi của hệ điều hành"),
    ],
)
def test_each_system_error_is_worded_in_vietnamese(error: OSError, words: str) -> None:
    reason = system_reason(error)
    assert words in reason
    _vietnamese(reason)
    message = system_message(error)
    _vietnamese(message)
    if error.filename:
        assert f"'{error.filename}'" in message


def test_a_file_another_program_holds_open_on_windows() -> None:
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    assert "đang mở trong Excel" in system_message(error, "bai_nop/a.xlsx", "ghi")
    assert system_message(error, "bai_nop/a.xlsx", "ghi").startswith(
        "Không ghi được 'bai_nop/a.xlsx': "
    )


@pytest.fixture
def book(tmp_path: Path, books: dict[str, Path]) -> Path:
    return books["thanh-ba-2020-2021"]


def test_a_missing_school_file_is_said_in_vietnamese(
    book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    done = run_cli("check", book, "khong_co.xlsx")
    assert done.code == 2
    assert "Không đọc được tệp 'khong_co.xlsx': không tìm thấy" in " ".join(done.out.split())
    _vietnamese(done.out + done.err)
    as_json = run_cli("check", book, "khong_co.xlsx", "--json")
    document = json.loads(as_json.out)
    (result,) = document["files"]
    messages = [f["message"] for f in result["findings"]]
    assert any("không tìm thấy" in m for m in messages)
    for message in messages:
        _vietnamese(message)
    assert "FileNotFoundError" in json.dumps(document)  # the system's words, for support


def test_a_broken_link_is_said_in_vietnamese(book: Path, tmp_path: Path) -> None:
    link = tmp_path / "lien_ket.xlsx"
    link.symlink_to(tmp_path / "da_xoa.xlsx")
    done = run_cli("check", book, link)
    assert done.code == 2 and "không tìm thấy" in done.out
    _vietnamese(done.out + done.err)


def test_a_file_that_cannot_be_read_is_said_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, thanh_ba_school: Path
) -> None:
    """No permission to read (a test run as root reads everything: the system's answer is
    simulated where the file is read)."""
    denied = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == thanh_ba_school.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return denied(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    outcome = examine_file(sample("thanh-ba-2020-2021"), thanh_ba_school, thanh_ba_school.name)
    assert outcome.status is FileStatus.UNREADABLE
    assert outcome.reason.startswith(f"Không đọc được tệp '{thanh_ba_school.name}': không có quyền")
    _vietnamese(outcome.reason)
    assert "PermissionError" in outcome.detail  # kept for --json and the log


def test_a_folder_given_as_a_file_and_a_file_as_a_folder(book: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bai_nop"
    folder.mkdir()
    cases = [
        (("check", book, folder), f"'{folder}' là thư mục, không phải tệp"),
        (("check", folder, book), f"'{folder}' là thư mục, không phải tệp"),
        (("merge", book, book, "--dry-run"), f"'{book}' là tệp, không phải thư mục"),
        (
            ("merge", book, book / "con", "--dry-run"),
            "một phần của đường dẫn là tệp, không phải thư mục",
        ),
        (("check", book, book, "--feedback", book), f"'{book}' là tệp, không phải thư mục"),
    ]
    for args, message in cases:
        done = run_cli(*args)
        assert done.code == 2, args
        assert message in done.err, (args, done.err)
        _vietnamese(done.err)


def test_a_system_error_no_job_worded_is_still_vietnamese(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command line's last net: an OSError that reaches it is said in Vietnamese with its
    path, exit 2; under --json one JSON document keeps the system's words in ``detail``."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "so_giao_uoc.xlsx")

    monkeypatch.setattr(api, "read_compact_book", refused)
    done = run_cli("compact", "check", book)
    assert done.code == 2 and done.out == ""
    assert done.err.startswith(
        "Lỗi: Không mở hoặc ghi được 'so_giao_uoc.xlsx': không có quyền truy cập"
    )
    _vietnamese(done.err)
    as_json = run_cli("compact", "check", book, "--json")
    assert as_json.code == 2
    document = json.loads(as_json.out)
    assert document["valid"] is False and "không có quyền" in document["error"]
    assert document["detail"].startswith("PermissionError: [Errno 13] Permission denied")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="a folder no file can be made in")
def test_a_folder_no_file_can_be_written_in_is_said_at_once(book: Path, tmp_path: Path) -> None:
    """The summary asked into a folder where no file can be made (a system folder; no
    permission, a read-only disk alike): said at once, not waited for as if another merge held
    its lock."""
    import time

    folder = tmp_path / "bai_nop"
    folder.mkdir()
    (folder / "ghi_chu.txt").write_text("chưa có bài nộp", encoding="utf-8")
    started = time.monotonic()
    done = run_cli("merge", book, folder, "--out", "/proc/tong_hop.xlsx")
    assert time.monotonic() - started < 30
    assert done.code == 2
    assert "Không ghi được 'tong_hop.xlsx' vào thư mục '/proc'" in done.err, done.err
    _vietnamese(done.err)


def test_an_output_folder_that_cannot_be_made_says_why(book: Path, tmp_path: Path) -> None:
    done = run_cli("template", book, "--out", book / "mau_truong")
    assert done.code == 2
    assert done.err.startswith(
        f"Lỗi: Không tạo được thư mục mẫu cho các trường '{book / 'mau_truong'}': một phần của "
        "đường dẫn là tệp, không phải thư mục. Chưa ghi gì."
    ), done.err
    _vietnamese(done.err)
