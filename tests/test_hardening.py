"""Outputs are never half-written or interleaved: a merge killed while writing leaves the previous
summary intact, and two merges into one summary do not run at once."""

from __future__ import annotations

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
from giaouoc_xl.workbooks.school_book import render_school_workbook

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


def test_a_second_merge_into_the_same_summary_waits_its_turn(
    folder: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    lock = tmp_path / ".tong_hop.xlsx.giaouoc-lock"
    lock.write_text(str(os.getpid()))  # a merge that is running (this very process)
    busy = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "cuoi-nam"
    )
    assert busy.code == 2 and "Một lần tổng hợp khác" in busy.err and not out.exists()
    lock.write_text("999999999")  # left by a merge that was killed
    done = run_cli(
        "merge", books["thanh-ba-2020-2021"], folder, "--out", out, "--period", "cuoi-nam"
    )
    assert done.code == 0 and out.exists() and not lock.exists()


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
