"""Outputs are never half-written or interleaved: a merge killed while writing leaves the previous
summary intact, and two merges into one summary do not run at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.model import Period
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.workbooks.atomic import lock_paths
from giaouoc_xl.workbooks.school.writer import render_school_workbook

from .conftest import ROOT, run_cli

pytestmark = pytest.mark.slow  # merges killed and run concurrently in subprocesses

TB = sample("thanh-ba-2020-2021")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bai_nop")
    for index, school in enumerate(TB.schools):
        answers = clean_answers(TB, school, Period.YEAR_END, seed=index)
        render_school_workbook(
            TB, school, path / f"{school.code}.xlsx", datetime(2026, 1, 1, tzinfo=UTC), answers
        )
    return path


#: Another computer's merge into the summary: holds the OS lock, records itself (as the program
#: does), holds for a moment and prints when it let go.
OTHER_MERGE = """
import json, sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    json.dump({"host": "MAY-VAN-PHONG-2", "pid": 4321, "started": time.time()}, handle)
print("held", flush=True)
time.sleep(4)  # longer than a merge takes to reach the lock, on a busy machine too
released = time.time()
lock.release()
print(released, flush=True)
"""


def test_a_second_merge_into_the_same_summary_waits_its_turn(
    folder: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    lock, holder = lock_paths(out)
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_MERGE, str(lock), str(holder)], stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert other.stdout is not None and other.stdout.readline().strip() == "held"
    waited = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "cuoi-nam"
    )
    assert other.wait(timeout=60) == 0
    released = float(other.stdout.readline())
    # said it waited, and for whom, then wrote only once the other merge had let go
    assert waited.code == 0 and out.stat().st_mtime >= released
    assert "Một lần tổng hợp khác (máy MAY-VAN-PHONG-2, tiến trình 4321, " in waited.err
    assert "đang ghi 'tong_hop.xlsx'; đang chờ lần đó xong" in waited.err
    assert not holder.exists()


def test_what_a_killed_merge_left_never_blocks_the_next(
    folder: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    lock, holder = lock_paths(out)
    lock.write_text("999999999")  # the old version's lock, with the PID of a merge long gone
    holder.write_text(  # and the record of a merge killed on another computer
        json.dumps({"host": "MAY-VAN-PHONG-2", "pid": 999999999, "started": time.time()}),
        encoding="utf-8",
    )
    done = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "cuoi-nam"
    )
    assert done.code == 0 and out.exists() and not holder.exists()
    assert "Một lần tổng hợp khác" not in done.err  # nobody waited


def test_a_merge_killed_while_writing_leaves_the_previous_summary(
    folder: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    first = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "dang-ky"
    )
    assert first.code == 0
    before = out.read_bytes()
    command = [sys.executable, "-m", "giaouoc_xl.cli", "merge", str(books["thanh-ba-2020-2021"]), str(folder),
               "--out", str(out), "--period", "cuoi-nam", "--jobs", "1"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    killed = False
    while time.monotonic() < deadline and process.poll() is None:
        if any(tmp_path.glob(".tong_hop.*.tmp")):  # the new summary is being written
            os.kill(process.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    process.wait()
    assert killed, "the merge finished before it could be interrupted"
    assert out.read_bytes() == before
    assert load_workbook(out).sheetnames[0] == "Tổng quan"  # still a readable summary
    again = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "cuoi-nam"
    )
    assert again.code == 0  # the killed merge's lock does not block the next one
