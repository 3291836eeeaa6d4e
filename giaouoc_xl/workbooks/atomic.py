"""Atomic output: write to a temporary file beside the target, then rename over it.

An interrupted or failed write leaves the previous file intact; a target locked by another
program (Excel on Windows keeps open workbooks locked) gives a clear Vietnamese error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import OutputNotWritable


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` in one rename."""
    target = Path(path)
    check_writable(target)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.stem}.", suffix=target.suffix + ".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputNotWritable(
            f"Không có quyền ghi vào thư mục '{target.parent}'; chọn thư mục khác. Chưa ghi gì."
        ) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        _set_mode(tmp, target)
        try:
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputNotWritable(
                f"Không ghi được '{target}': tệp đang mở trong Excel hoặc không có quyền ghi. "
                "Hãy đóng tệp rồi chạy lại."
            ) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


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
        raise OutputNotWritable(f"Không có thư mục '{target.parent}' để ghi tệp '{target.name}'")
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


@contextlib.contextmanager
def output_lock(path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold ``<output>.giaouoc-lock`` while a command works on an output, so two merges into the
    same summary never interleave. A lock left by a process that no longer runs is taken over."""
    target = Path(path)
    lock = target.with_name(f".{target.name}.giaouoc-lock")
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _alive(lock):
                raise OutputNotWritable(
                    f"Một lần tổng hợp khác đang ghi vào '{target.name}' (tệp khóa '{lock.name}'); "
                    "hãy chờ lần đó xong rồi chạy lại"
                ) from None
            with contextlib.suppress(FileNotFoundError):
                lock.unlink()  # left by a process that was killed
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            lock.unlink()


def _alive(lock: Path) -> bool:
    try:
        pid = int(lock.read_text().strip() or "0")
    except (OSError, ValueError):
        return False
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
