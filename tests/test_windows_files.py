"""Windows-safe output files, with Windows' failures simulated (there is no Windows here).

A rename over a file Excel holds open (PermissionError), the order of fsync and rename, a lock of
an output held by another process (of another computer, as on a shared folder), lock and side
files left by a killed process, and names and paths that Windows refuses.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path, PureWindowsPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from giaouoc_xl.core.errors import OutputNotWritable
from giaouoc_xl.core.file_names import long_path, safe_file_name
from giaouoc_xl.core.school_form import school_file_name
from giaouoc_xl.workbooks import atomic
from giaouoc_xl.workbooks.atomic import atomic_output, lock_paths, output_lock

# --- a rename refused because the target is open --------------------------------------------


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waits: list[float] = []
    monkeypatch.setattr(atomic.time, "sleep", waits.append)
    return waits


def refuse_replace(monkeypatch: pytest.MonkeyPatch, times: int | None) -> list[tuple[str, str]]:
    """os.replace raises PermissionError (as Windows does while Excel holds the target) ``times``
    times, or always; the calls are recorded."""
    real = os.replace
    calls: list[tuple[str, str]] = []

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append((os.fspath(src), os.fspath(dst)))
        if times is None or len(calls) <= times:
            raise PermissionError(13, "The process cannot access the file", os.fspath(dst))
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return calls


def test_a_target_held_open_for_a_moment_is_written_after_a_retry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_sleep: list[float]
) -> None:
    target = tmp_path / "bang_tong_hop.xlsx"
    target.write_bytes(b"old")
    calls = refuse_replace(monkeypatch, times=3)
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    assert len(calls) == 4 and len(no_sleep) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang_tong_hop.xlsx"]


def test_a_target_held_open_is_refused_by_name_and_nothing_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_sleep: list[float]
) -> None:
    target = tmp_path / "bang_tong_hop.xlsx"
    target.write_bytes(b"old")
    refuse_replace(monkeypatch, times=None)
    with pytest.raises(OutputNotWritable) as caught, atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    message = str(caught.value)
    assert message == (
        "Không ghi được 'bang_tong_hop.xlsx': tệp đang mở trong Excel hoặc chương trình khác "
        "(hoặc là tệp chỉ đọc). Hãy đóng tệp rồi chạy lại; bản cũ vẫn nguyên."
    )
    assert "PermissionError" not in message and "cannot access" not in message
    assert isinstance(caught.value.__cause__, PermissionError)  # kept for a developer
    assert 0.8 <= sum(no_sleep) <= 1.5  # retried for about a second
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang_tong_hop.xlsx"]  # no temporary


def test_a_temporary_file_a_scanner_holds_is_removed_when_it_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_sleep: list[float]
) -> None:
    # an antivirus holding the new file: the rename is refused, and so is the first removal
    refuse_replace(monkeypatch, times=None)
    real_unlink = Path.unlink
    refused: list[Path] = []

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if not refused:
            refused.append(self)
            raise PermissionError(13, "in use", str(self))
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    target = tmp_path / "phieu.xlsx"
    with pytest.raises(OutputNotWritable, match=r"'phieu\.xlsx'"), atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert refused and list(tmp_path.iterdir()) == []


def test_the_new_file_is_on_the_disk_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("replace")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    target = tmp_path / "bang_tong_hop.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert events == ["fsync file", "replace", "fsync folder"]
    assert target.read_bytes() == b"new"


def test_a_folder_that_cannot_be_synced_is_skipped_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def open_(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path).is_dir():
            raise PermissionError(13, "Access is denied")  # Windows opens no folder
        return real_open(path, flags, *args)

    monkeypatch.setattr(atomic.os, "open", open_)
    target = tmp_path / "bang_tong_hop.xlsx"
    with atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"


def test_a_failed_sync_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    target = tmp_path / "bang_tong_hop.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputNotWritable) as caught, atomic_output(target) as tmp:
        tmp.write_bytes(b"new")
    assert "'bang_tong_hop.xlsx'" in str(caught.value) and "No space" not in str(caught.value)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang_tong_hop.xlsx"]


# --- one command at a time on an output -------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import json, sys, time
    from filelock import FileLock

    lock = FileLock(sys.argv[1])
    lock.acquire()
    record = {"host": "MAY-VAN-PHONG-2", "pid": 4321, "started": time.time(),
              "command": "giaouoc merge so.xlsx bai_nop --out bang_tong_hop.xlsx"}
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(record, handle)
    print("held", flush=True)
    sys.stdin.readline()  # holds until told to finish
    lock.release()
    """
)


@pytest.fixture
def other_merge(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str], Callable[[], None]]]:
    """Another computer's merge writing tmp_path/bang_tong_hop.xlsx: a process that holds the
    OS lock and has recorded itself as host MAY-VAN-PHONG-2; call the third item to end it."""
    target = tmp_path / "bang_tong_hop.xlsx"
    lock, holder = lock_paths(target)
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(holder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "held"

    def finish() -> None:
        if process.poll() is None and process.stdin is not None and not process.stdin.closed:
            process.stdin.write("\n")
            process.stdin.close()

    try:
        yield target, process, finish
    finally:
        finish()
        process.wait(timeout=30)


def test_a_second_merge_says_who_writes_the_summary_and_waits_its_turn(
    other_merge: tuple[Path, subprocess.Popen[str], Callable[[], None]],
) -> None:
    target, process, finish = other_merge
    messages: list[str] = []

    def on_wait(message: str) -> None:
        messages.append(message)
        finish()  # the other merge finishes while this one waits

    with output_lock(target, on_wait=on_wait, timeout=30):
        assert process.wait(timeout=30) == 0  # taken only once the other let go
        holder = json.loads(lock_paths(target)[1].read_text(encoding="utf-8"))
        assert (holder["host"], holder["pid"]) == (socket.gethostname(), os.getpid())
    assert len(messages) == 1
    message = messages[0]
    assert message.startswith(
        "Một lần tổng hợp khác (máy MAY-VAN-PHONG-2, tiến trình 4321, bắt đầu lúc "
    )
    assert "đang ghi 'bang_tong_hop.xlsx'; đang chờ lần đó xong (tối đa 30 giây)…" in message
    assert unicodedata.is_normalized("NFC", message)
    assert not lock_paths(target)[1].exists()  # the record goes with the hold


def test_a_merge_that_waits_too_long_writes_nothing_and_says_what_to_do(
    other_merge: tuple[Path, subprocess.Popen[str], Callable[[], None]],
) -> None:
    target, process, _ = other_merge
    messages: list[str] = []
    entered = False
    started = time.monotonic()
    with pytest.raises(OutputNotWritable) as caught, output_lock(target, messages.append, 0.5):
        entered = True
    assert not entered and time.monotonic() - started >= 0.5
    assert len(messages) == 1 and "MAY-VAN-PHONG-2" in messages[0]
    message = str(caught.value)
    assert message.startswith("Đã chờ 1 giây mà lần tổng hợp khác (máy MAY-VAN-PHONG-2, ")
    assert "'bang_tong_hop.xlsx'" in message and "Chưa ghi gì" in message
    assert "Hãy chờ lần đó xong rồi chạy lại" in message
    assert "Timeout" not in message and "lock" not in message
    assert process.poll() is None  # the other merge was left alone


def test_a_lock_without_a_record_still_makes_a_merge_wait(
    tmp_path: Path, other_merge: tuple[Path, subprocess.Popen[str], Callable[[], None]]
) -> None:
    target, _, _ = other_merge
    lock_paths(target)[1].unlink()  # e.g. a holder that could not write its record
    messages: list[str] = []
    with pytest.raises(OutputNotWritable), output_lock(target, messages.append, 0.3):
        pass
    assert messages == [
        "Một lần tổng hợp khác đang ghi 'bang_tong_hop.xlsx'; đang chờ lần đó xong (tối đa 1 giây)…"
    ]


def test_no_wait_at_all_is_refused_at_once(
    other_merge: tuple[Path, subprocess.Popen[str], Callable[[], None]],
) -> None:
    target, _, _ = other_merge
    messages: list[str] = []
    with pytest.raises(OutputNotWritable) as caught, output_lock(target, messages.append, 0):
        pass
    assert messages == []  # nobody is told it waits
    assert str(caught.value).startswith(
        "Một lần tổng hợp khác (máy MAY-VAN-PHONG-2, tiến trình 4321, bắt đầu lúc "
    )
    assert "đang ghi 'bang_tong_hop.xlsx'. Chưa ghi gì." in str(caught.value)


def test_an_output_in_no_folder_is_said_so(tmp_path: Path) -> None:
    with (
        pytest.raises(OutputNotWritable, match=r"Không có thư mục .* Chưa ghi gì"),
        output_lock(tmp_path / "khong_co" / "bang.xlsx"),
    ):
        pass
    assert list(tmp_path.iterdir()) == []  # no folder made


def test_what_a_killed_merge_left_never_blocks(tmp_path: Path) -> None:
    target = tmp_path / "bang_tong_hop.xlsx"
    lock, holder = lock_paths(target)
    assert lock.name == ".bang_tong_hop.xlsx.giaouoc-lock"
    lock.write_text("999999999")  # the old version's lock, with the PID of a merge long gone
    holder.write_text(  # and a record of a merge killed on another computer
        json.dumps({"host": "MAY-VAN-PHONG-2", "pid": 999999999, "started": time.time()}),
        encoding="utf-8",
    )
    messages: list[str] = []
    started = time.monotonic()
    with output_lock(target, on_wait=messages.append, timeout=5):
        assert time.monotonic() - started < 1
        record = json.loads(holder.read_text(encoding="utf-8"))
        assert record["host"] == socket.gethostname() and record["pid"] == os.getpid()
    assert messages == []
    assert not holder.exists()


def test_a_process_killed_while_holding_the_lock_never_blocks(tmp_path: Path) -> None:
    target = tmp_path / "bang_tong_hop.xlsx"
    lock, holder = lock_paths(target)
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock), str(holder)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stdout.readline().strip() == "held"
    process.kill()  # the OS drops its lock; its record stays behind
    process.wait(timeout=30)
    assert holder.exists()
    messages: list[str] = []
    with output_lock(target, on_wait=messages.append, timeout=5):
        pass
    assert messages == []


def test_output_lock_keeps_its_old_call(tmp_path: Path) -> None:
    target = tmp_path / "so_tham_dinh.xlsx"
    with output_lock(target):
        assert lock_paths(target)[1].exists()
    with output_lock(str(target)):  # a second time, in the same process
        pass


def test_a_lock_file_that_cannot_be_opened_is_said_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def acquire(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.FileLock, "acquire", acquire)
    with pytest.raises(OutputNotWritable) as caught, output_lock(tmp_path / "bang.xlsx"):
        pass
    assert "'.bang.xlsx.giaouoc-lock'" in str(caught.value) and "Chưa ghi gì" in str(caught.value)
    assert "Permission denied" not in str(caught.value)


# --- names and paths Windows accepts -------------------------------------------------------------

# Written out here, apart from the module, so that the test does not take the rules on trust.
DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
EXTENSIONS = [".xlsx", ".xls", ".xlsm", ".ods", ".pdf", ".txt", ".json", ".tar"]


def assert_valid_on_windows(name: str) -> None:
    assert name, "empty"
    assert not set(name) & set('<>:"/\\|?*'), name
    assert all(unicodedata.category(ch) not in ("Cc", "Cs") for ch in name), name
    assert not name.endswith((".", " ")), name
    assert name.partition(".")[0].rstrip(" ").upper() not in DEVICES, name
    assert len(name.encode("utf-16-le")) // 2 <= 120, name
    assert len(name.encode("utf-8")) <= 255, name
    assert unicodedata.is_normalized("NFC", name), name


#: Text rich in what Windows refuses: device names, forbidden and control characters, trailing
#: dots and spaces, decomposed accents (macOS), lone surrogates (a Linux name of unknown bytes).
PIECES = [
    *["CON", "con", "Nul", "AuX", "prn", "COM1", "com¹", "LPT9", "lpt³", "CONIN$", ".", ".."],
    *' <>:"/\\|?*\x00\x1f\x7f\udc80Đ𝔸',
    *["e\u0301", "u\u031b\u0300", "x" * 50, *EXTENSIONS],
]
TRICKY = st.lists(st.one_of(st.text(max_size=6), st.sampled_from(PIECES)), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.text(min_size=100, max_size=400), TRICKY))
@example("con.xlsx")
@example("Nul.txt")
@example("COM¹.xlsx")
@example("CON .txt")
@example("...")
@example("")
@example("a" * 1000 + "\x00")
@example("𝔸" * 200)
@example("ệ" * 200)
def test_any_text_becomes_a_valid_windows_name(text: str) -> None:
    name = safe_file_name(text)
    assert_valid_on_windows(name)
    assert safe_file_name(name) == name  # idempotent


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), TRICKY), st.sampled_from(EXTENSIONS))
def test_the_extension_is_kept(stem: str, extension: str) -> None:
    name = safe_file_name(stem + extension)
    assert name.endswith(extension) and len(name) > len(extension)
    assert_valid_on_windows(name)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("con.xlsx", "con_.xlsx"),
        ("Nul.txt", "Nul_.txt"),
        ("COM¹.xlsx", "COM¹_.xlsx"),
        ("lpt9", "lpt9_"),
        ("aux.tar.gz", "aux_.tar.gz"),
        ("CONSOLE.xlsx", "CONSOLE.xlsx"),  # only the exact device names
        ("Tổ 1: Toán/Tin?.xlsx", "Tổ 1_ Toán_Tin_.xlsx"),
        ("Tru\u031bo\u031b\u0300ng Đông.xlsx", "Trường Đông.xlsx"),  # NFD (macOS) -> NFC
        ("bao cao. ", "bao cao"),
        ("  .xlsx", "_.xlsx"),
        ("a\udc80b.xlsx", "a_b.xlsx"),
        ("Trường THCS. Hà Nội", "Trường THCS. Hà Nội"),
        ("01_truong-mam-non-dong-linh.xlsx", "01_truong-mam-non-dong-linh.xlsx"),
    ],
)
def test_safe_names(text: str, safe: str) -> None:
    assert safe_file_name(text) == safe


def test_a_long_name_is_cut_keeping_its_extension() -> None:
    name = safe_file_name("Trường Tiểu học " * 20 + ".xlsx")
    assert len(name) == 120 and name.endswith(".xlsx")
    assert safe_file_name("x" * 300 + ".xlsx", limit=60) == "x" * 55 + ".xlsx"


def test_school_file_names_are_safe_on_windows() -> None:
    assert school_file_name("CON", "") == "CON_truong.xlsx"
    assert school_file_name("0" * 300, "Trường Mầm non Đông Lĩnh").endswith(".xlsx")
    assert len(school_file_name("0" * 300, "x")) == 120
    assert school_file_name("01", "Trường Mầm non Đông Lĩnh") == (
        "01_truong-mam-non-dong-linh.xlsx"
    )


FOLDER = "C:\\Users\\Van thu\\Documents\\Giao uoc thi dua\\2025-2026\\Bai nop\\"


@pytest.mark.parametrize(
    ("path", "windows", "expected"),
    [
        (FOLDER + "a.xlsx", True, FOLDER + "a.xlsx"),  # short: unchanged
        ("C:\\" + "x" * 250, False, "C:\\" + "x" * 250),  # not Windows: unchanged
        ("thu_muc\\" + "x" * 250, True, "thu_muc\\" + "x" * 250),  # relative: unchanged
        ("C:" + "x" * 250, True, "C:" + "x" * 250),  # relative to C:'s folder: unchanged
        ("\\\\?\\C:\\" + "x" * 250, True, "\\\\?\\C:\\" + "x" * 250),  # already extended
        ("C:\\" + "x" * 250, True, "\\\\?\\C:\\" + "x" * 250),
        ("D:/a/./b/../" + "x" * 250, True, "\\\\?\\D:\\a\\" + "x" * 250),
        ("\\\\may-chu\\chung\\" + "x" * 250, True, "\\\\?\\UNC\\may-chu\\chung\\" + "x" * 250),
        ("//may-chu/chung/a//" + "x" * 250, True, "\\\\?\\UNC\\may-chu\\chung\\a\\" + "x" * 250),
    ],
)
def test_long_paths(path: str, windows: bool, expected: str) -> None:
    assert long_path(path, windows) == expected


def test_a_long_path_keeps_its_parts() -> None:
    path = FOLDER + "\\".join(["Trường Tiểu học Đông Lĩnh"] * 8) + "\\phieu.xlsx"
    extended = long_path(path, windows=True)
    assert extended.startswith("\\\\?\\C:\\")
    assert PureWindowsPath(extended).parts[1:] == PureWindowsPath(path).parts[1:]
    assert PureWindowsPath(extended).name == "phieu.xlsx"
    assert long_path(extended, windows=True) == extended  # idempotent
