"""Atomic output: write to a temporary file beside the target, then rename over it.

An interrupted or failed write leaves the previous file intact; a target locked by another
program (Excel on Windows keeps open workbooks locked) gives a clear Vietnamese error and leaves
no temporary file behind. :func:`output_lock` keeps two commands from writing the same output at
once, through the operating system's own file locks (``filelock``), which the system releases
when the process holding one dies, on every OS and on shared network folders.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from filelock import FileLock, Timeout

from ..core.errors import OutputNotWritable
from ..core.file_names import long_path
from ..core.system_errors import system_reason

#: Waits (seconds) between attempts to rename over a target that another program holds open:
#: Excel for as long as the workbook is open, an antivirus or the search indexer for a moment
#: after a file is written. About a second in all.
REPLACE_WAITS = (0.05, 0.1, 0.15, 0.2, 0.25, 0.25)

#: How long (seconds) a second command waits for the output another one is writing.
LOCK_TIMEOUT = 600.0


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` in one rename.

    The temporary file is flushed to the disk before the rename, and the folder after it (where
    the system allows), so that a power cut leaves either the old file or the whole new one. A
    target held open by another program is retried for about a second, then refused with
    :class:`OutputNotWritable`; the temporary file is removed whatever happens.
    """
    target = Path(path)
    check_writable(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=system_path(target.parent)
        )
    except OSError as exc:
        raise OutputNotWritable(
            f"Không có quyền ghi vào thư mục '{target.parent}'; chọn thư mục khác. Chưa ghi gì.",
            _detail(exc),
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _set_mode(tmp, target)
        _sync_file(tmp, target)
        _replace(tmp, target)
        _sync_folder(target.parent)
    finally:
        _remove(tmp)


def _sync_file(tmp: Path, target: Path) -> None:
    """Flush the temporary file (written and closed by name by a library) to the disk."""
    try:
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputNotWritable(
            f"Không ghi được '{target.name}': ổ đĩa đầy hoặc bị lỗi khi lưu. "
            f"{_previous(target)} Hãy kiểm tra ổ đĩa rồi chạy lại.",
            _detail(exc),
        ) from exc


def _replace(tmp: Path, target: Path) -> None:
    """Rename ``tmp`` over ``target``, retrying a target that another program holds open."""
    existed = target.exists()
    for wait in (*REPLACE_WAITS, None):
        try:
            os.replace(tmp, system_path(target))
            return
        except PermissionError as exc:
            if wait is not None:
                time.sleep(wait)
                continue
            if existed:
                message = (
                    f"Không ghi được '{target.name}': tệp đang mở trong Excel hoặc chương trình "
                    "khác (hoặc là tệp chỉ đọc). Hãy đóng tệp rồi chạy lại; bản cũ vẫn nguyên."
                )
            else:
                message = (
                    f"Không ghi được '{target.name}': thư mục '{target.parent}' không cho ghi "
                    "(không có quyền, hoặc đang bị chương trình khác giữ). Chưa ghi gì; hãy "
                    "chạy lại hoặc chọn thư mục khác."
                )
            raise OutputNotWritable(message, _detail(exc)) from exc
        except OSError as exc:
            raise OutputNotWritable(
                f"Không ghi được '{target.name}' vào thư mục '{target.parent}'. "
                f"{_previous(target)} Hãy chọn thư mục khác rồi chạy lại.",
                _detail(exc),
            ) from exc


def system_path(path: Path) -> Path:
    """``path`` as the system is given it: on Windows, a long absolute path in its extended
    form (``\\\\?\\``, see :func:`giaouoc_xl.core.file_names.long_path`), which Windows opens
    whatever its length; elsewhere, and for a short path, unchanged. Messages keep the path as
    the user gave it."""
    if os.name != "nt":
        return path
    return Path(long_path(os.path.abspath(path), windows=True))


def _detail(error: OSError) -> str:
    """The system's own words, for ``--json`` and the log, never for a user's eyes."""
    return f"{type(error).__name__}: {error}"


def _previous(target: Path) -> str:
    return "Bản cũ vẫn nguyên." if target.exists() else "Chưa ghi gì."


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of the renamed file (POSIX); skipped silently where a folder
    cannot be opened (Windows) or synced (some network file systems)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(tmp: Path) -> None:
    """Remove the temporary file, waiting a moment for a scanner that holds it (Windows); never
    raises, so that the error that matters is the one reported."""
    for wait in (*REPLACE_WAITS, None):
        try:
            tmp.unlink()
        except FileNotFoundError:
            return
        except PermissionError:
            if wait is None:
                return
            time.sleep(wait)
        except OSError:
            return
        else:
            return


def lock_file(path: Path) -> Path | None:
    """The lock file Excel (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a
    workbook it has open, when there is one."""
    for lock in (path.parent / f"~${path.name}", path.parent / f".~lock.{path.name}#"):
        if lock.exists():
            return lock
    return None


def check_writable(target: Path) -> None:
    """Raise :class:`OutputNotWritable`, before anything is written, when ``target`` cannot be
    written: no folder, a folder of that name, the file open in a spreadsheet."""
    if not target.parent.is_dir():
        raise OutputNotWritable(
            f"Không có thư mục '{target.parent}' để ghi tệp '{target.name}'. Chưa ghi gì."
        )
    if target.is_dir():
        raise OutputNotWritable(
            f"'{target}' là một thư mục, không phải tệp: hãy ghi tên tệp cần tạo. Chưa ghi gì."
        )
    lock = lock_file(target)
    if lock is not None:
        raise OutputNotWritable(
            f"Tệp '{target.name}' đang được mở trong Excel hoặc LibreOffice (có tệp khóa "
            f"'{lock.name}'). Hãy đóng tệp rồi chạy lại; chưa ghi gì."
        )


def output_folder(folder: Path, what: str, nothing_done: str = "Chưa ghi gì.") -> Path:
    """Make ``folder`` (and its parents) to hold outputs; raise :class:`OutputNotWritable`,
    saying what it was for (``what``: "phiếu kết quả") and that ``nothing_done``, when a file
    stands in its place or it cannot be made."""
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritable(
            f"'{folder}' là một tệp, không phải thư mục: chọn thư mục ghi {what}. {nothing_done}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputNotWritable(
            f"Không tạo được thư mục {what} '{folder}': {system_reason(error)}. {nothing_done}",
            _detail(error),
        ) from error
    return folder


def _set_mode(tmp: Path, target: Path) -> None:
    """Give the new file the mode of the one it replaces, else the usual 0666 less the umask
    (mkstemp makes 0600 files, which other users of a shared folder could not open)."""
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


# --- one command at a time on an output ------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """Who holds an output's lock, as recorded in the side file by the holder itself."""

    host: str
    pid: int | None
    started: float | None  # seconds since the epoch
    command: str = ""


def lock_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The lock file of an output (``.<name>.giaouoc-lock``, locked by the OS) and the side
    file beside it that says who holds it (``.<name>.giaouoc-holder``: on Windows the locked
    file cannot be read by others)."""
    target = Path(path)
    return (
        target.with_name(f".{target.name}.giaouoc-lock"),
        target.with_name(f".{target.name}.giaouoc-holder"),
    )


@contextlib.contextmanager
def output_lock(
    path: str | os.PathLike[str],
    on_wait: Callable[[str], None] | None = None,
    timeout: float = LOCK_TIMEOUT,
) -> Iterator[None]:
    """Hold the lock of the output ``path`` while a command works on it, so that two merges into
    the same summary never interleave.

    The lock is the operating system's own (``filelock``: ``flock`` on POSIX, ``LockFileEx`` on
    Windows), which the system drops when its holder dies: a lock file or a side file left by a
    killed process, of this computer or another, never blocks. When another command holds it,
    ``on_wait`` is called once with a Vietnamese message naming the output and the holder, then
    this one waits up to ``timeout`` seconds (negative or ``math.inf``: for ever) and raises
    :class:`OutputNotWritable`, nothing written, when the other has not finished by then.
    """
    target = Path(path)
    lock_path, holder_path = lock_paths(target)
    if not target.parent.is_dir():  # filelock would make the folder
        raise OutputNotWritable(
            f"Không có thư mục '{target.parent}' để ghi tệp '{target.name}'. Chưa ghi gì."
        )
    lock = FileLock(lock_path, poll_interval=0.1)
    try:
        try:
            lock.acquire(blocking=False)
        except Timeout:
            if not lock_path.exists():  # no one holds it: can a file be made there at all?
                _writable_folder(target)
            holder = _current_holder(holder_path)
            forever = timeout < 0 or math.isinf(timeout)
            if on_wait is not None and (forever or timeout > 0):
                on_wait(waiting_message(target, holder, None if forever else timeout))
            try:
                lock.acquire(timeout=-1 if forever else max(timeout, 0.0))
            except Timeout:
                raise OutputNotWritable(
                    timeout_message(target, _current_holder(holder_path) or holder, timeout)
                ) from None
    except OSError as exc:  # the lock file cannot be made or opened (Timeout handled above)
        raise OutputNotWritable(
            f"Không mở được tệp khóa '{lock_path.name}' trong thư mục '{target.parent}' (không có "
            "quyền ghi). Chưa ghi gì. Nếu không còn lần tổng hợp nào đang chạy, hãy xóa tệp khóa "
            "đó rồi chạy lại.",
            _detail(exc),
        ) from exc
    try:
        _write_holder(holder_path)
        yield
    finally:
        # the record goes while the lock is still held, so a next holder's record is never lost
        with contextlib.suppress(OSError):
            holder_path.unlink()
        lock.release()


def _writable_folder(target: Path) -> None:
    """Raise :class:`OutputNotWritable` when no file can be made in ``target``'s folder (no
    permission, a read-only disk, a system folder): ``filelock`` says only that the lock was not
    taken, as if another command held it, and would be waited for in vain."""
    try:
        with tempfile.TemporaryFile(dir=system_path(target.parent)):
            pass
    except OSError as exc:
        raise OutputNotWritable(
            f"Không ghi được '{target.name}' vào thư mục '{target.parent}': không tạo được tệp "
            "nào trong thư mục này (không có quyền ghi, ổ đĩa chỉ đọc hoặc thư mục của hệ thống). "
            "Chưa ghi gì; hãy chọn thư mục khác.",
            _detail(exc),
        ) from exc


def _write_holder(holder_path: Path) -> None:
    """Record who holds the lock: for people, never to judge whether the lock is held."""
    record = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started": time.time(),
        "command": " ".join(sys.argv)[:500],
    }
    with contextlib.suppress(OSError):  # only a message depends on it
        holder_path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def read_holder(holder_path: Path) -> Holder | None:
    """The holder recorded in a side file, or None (no file, a file being written, garbage)."""
    try:
        record = json.loads(holder_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    host, pid, started = record.get("host"), record.get("pid"), record.get("started")
    return Holder(
        host=_printable(host) if isinstance(host, str) else "",
        pid=pid if _number(pid) and isinstance(pid, int) and pid > 0 else None,
        started=float(started) if _number(started) and math.isfinite(started) else None,
        command=_printable(record.get("command") or "", 200),
    )


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _current_holder(holder_path: Path) -> Holder | None:
    """The holder's record, waiting a moment for one that has just taken the lock to write it."""
    for _ in range(5):
        holder = read_holder(holder_path)
        if holder is not None:
            return holder
        time.sleep(0.1)
    return None


def _printable(text: object, limit: int = 60) -> str:
    return "".join(ch for ch in str(text) if ch.isprintable())[:limit]


def waiting_message(target: Path, holder: Holder | None, timeout: float | None) -> str:
    """What ``on_wait`` is told: who writes the output, and that this command waits."""
    limit = f" (tối đa {_duration(timeout)})" if timeout is not None else ""
    return (
        f"Một lần tổng hợp khác{_who(holder)} đang ghi '{target.name}'; "
        f"đang chờ lần đó xong{limit}…"
    )


def timeout_message(target: Path, holder: Holder | None, timeout: float) -> str:
    """Why nothing was written after waiting (or without waiting), and what to do."""
    busy = (
        f"Đã chờ {_duration(timeout)} mà lần tổng hợp khác{_who(holder)} vẫn đang ghi"
        if timeout > 0
        else f"Một lần tổng hợp khác{_who(holder)} đang ghi"
    )
    return (
        f"{busy} '{target.name}'. Chưa ghi gì. Hãy chờ lần đó xong rồi chạy lại; nếu chương "
        "trình trên máy đó bị treo, hãy tắt nó (hoặc khởi động lại máy đó) rồi chạy lại."
    )


def _who(holder: Holder | None) -> str:
    if holder is None:
        return ""
    parts = []
    if holder.host:
        parts.append("máy này" if holder.host == socket.gethostname() else f"máy {holder.host}")
    if holder.pid is not None:
        parts.append(f"tiến trình {holder.pid}")
    if holder.started is not None:
        parts.append(f"bắt đầu lúc {_clock(holder.started)}")
    return f" ({', '.join(parts)})" if parts else ""


def _clock(started: float) -> str:
    """14:05, or 14:05 ngày 03/05/2026 when not today."""
    try:
        moment = time.localtime(started)
    except (OverflowError, OSError, ValueError):
        return "?"
    clock = time.strftime("%H:%M", moment)
    if time.strftime("%Y%m%d", moment) != time.strftime("%Y%m%d"):
        clock += time.strftime(" ngày %d/%m/%Y", moment)
    return clock


def _duration(seconds: float) -> str:
    """600 -> '10 phút', 90 -> '1 phút 30 giây', 0.5 -> '1 giây'."""
    minutes, rest = divmod(max(1, round(seconds)), 60)
    parts = [f"{minutes} phút"] if minutes else []
    if rest:
        parts.append(f"{rest} giây")
    return " ".join(parts)
