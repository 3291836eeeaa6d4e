"""The merge against an adversarial corpus (tests/adversarial.py): every file is accounted for with
a status its kind allows, nothing crashes or hangs, no input file is touched, and nothing a school
typed becomes a formula or lets a file's content leak into an output."""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.codes import (
    FILE_STATUS_WORDS,
    FILE_STATUSES,
    SCHOOL_STATUS_WORDS,
    SCHOOL_STATUSES,
)
from giaouoc_xl.core.results import MergeResult
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.summary import write_summary

from .adversarial import (
    INJECTED_FILE_NAMES,
    INJECTED_NAME,
    INJECTED_PRINCIPAL,
    INJECTIONS,
    LAUGHS,
    SECRET,
    TB,
    YE,
    Case,
    generate,
    rezip,
)
from .conftest import ROOT, run_cli

pytestmark = pytest.mark.slow  # the adversarial corpus, with LibreOffice conversions

#: A cell starting with one of these is a formula to a spreadsheet application.
PREFIXES = ("=", "+", "-", "@")
#: Everything of a submission that looks like a formula (file names without their extension).
TYPED = (
    *INJECTIONS,
    INJECTED_NAME,
    INJECTED_PRINCIPAL,
    *(name.rsplit(".", 1)[0] for name in INJECTED_FILE_NAMES),
)
#: The summary's own formulas (totals of the overview): a function of cell references, no text.
OWN_FORMULA = re.compile(r"=[A-Z]+\([A-Z0-9$:,.=<>*/+\- ]*\)")
#: What must never appear in an output: the content behind the XXE entities and symlinks.
LEAKS = (SECRET, LAUGHS, "root:x:0:0")
#: Peak resident memory allowed to the merge of the corpus and to each of its workers.
MAX_PEAK_MB = 400


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: after ``seconds`` the worker processes this test started are
    stopped (so the pool does not wait for them) and TimeoutError is raised."""

    def expire(signum: int, frame: Any) -> None:
        for child in multiprocessing.active_children():
            child.terminate()
        raise TimeoutError(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def files_in(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (NFC relative name) -> its SHA-256, or a symlink's target."""
    found = {}
    for root, _, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            key = unicodedata.normalize("NFC", path.relative_to(folder).as_posix())
            if path.is_symlink():
                found[key] = f"-> {os.readlink(path)}"
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("adversarial")
    folder = root / "bai_nop"
    return folder, generate(folder, root / "work")


@pytest.fixture(scope="module")
def merged(corpus: tuple[Path, list[Case]]) -> tuple[MergeResult, dict[str, str], dict[str, str]]:
    folder, _ = corpus
    before = files_in(folder)
    with deadline(60):
        result = merge(TB, folder, YE, jobs=2)
    return result, before, files_in(folder)


def test_the_corpus_is_adversarial(corpus: tuple[Path, list[Case]]) -> None:
    folder, cases = corpus
    bad_kinds = {c.kind for c in cases if c.bad}
    assert len(bad_kinds) >= 30, sorted(bad_kinds)
    assert any(not c.bad for c in cases)
    assert {c.key for c in cases} == set(files_in(folder))  # one case per file, no stray file
    assert any(c.name != c.key for c in cases)  # an NFD name is among them


def test_every_file_has_the_status_of_its_kind(
    corpus: tuple[Path, list[Case]], merged: tuple[MergeResult, dict[str, str], dict[str, str]]
) -> None:
    _, cases = corpus
    result, before, after = merged
    assert after == before  # no input file is modified, added or removed
    assert len(result.files) == len(before)
    outcomes = {o.name: o for o in result.files}
    assert set(outcomes) == set(before)
    wrong = []
    for case in cases:
        outcome = outcomes[case.key]
        problems = []
        if outcome.status not in case.statuses:
            problems.append(f"status {outcome.status!r} not in {sorted(case.statuses)}")
        if case.reason and case.reason not in outcome.reason:
            problems.append(f"reason {outcome.reason!r} lacks {case.reason!r}")
        if case.finding and case.finding not in {f.code for f in outcome.findings}:
            problems.append(f"no finding {case.finding!r}")
        if outcome.status == "used" and outcome.school != case.school:
            problems.append(f"used as school {outcome.school!r}, not {case.school!r}")
        if problems:
            wrong.append((case.kind, case.key, outcome.reason, problems))
    assert not wrong, "\n".join(map(str, wrong))
    assert {o.status for o in result.files} <= set(FILE_STATUSES)


def test_every_school_has_a_row(
    corpus: tuple[Path, list[Case]], merged: tuple[MergeResult, dict[str, str], dict[str, str]]
) -> None:
    _, cases = corpus
    result, _, _ = merged
    rows = {r.school.code: r for r in result.schools}
    assert len(result.schools) == len(TB.schools) and set(rows) == {s.code for s in TB.schools}
    assert {r.status for r in result.schools} <= set(SCHOOL_STATUSES)
    outcomes = {o.name: o for o in result.files}
    for case in cases:
        if case.school_statuses:
            row = rows[case.school]
            assert row.status in case.school_statuses, (case.kind, row.status, row.reason)
        if case.school and outcomes[case.key].status == "used":
            assert rows[case.school].file == case.key, case.kind
    with_a_file = {c.school for c in cases if c.school}
    assert all(r.status == "missing" for code, r in rows.items() if code not in with_a_file)


def cells(path: Path) -> Iterator[tuple[str, Any]]:
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield f"{ws.title}!{cell.coordinate}", cell


def assert_no_formula_from_a_submission(path: Path) -> None:
    texts = set()
    for where, cell in cells(path):
        if not isinstance(cell.value, str):
            continue
        texts.add(cell.value)
        if any(typed in cell.value for typed in TYPED):
            assert cell.data_type == "s", (where, cell.value)
        if cell.value.startswith(PREFIXES) and cell.data_type != "s":
            assert cell.data_type == "f" and OWN_FORMULA.fullmatch(cell.value), (where, cell.value)
        assert not any(leak in cell.value for leak in LEAKS), (where, cell.value[:200])
    # the typed texts are in the summary, as text: the check above saw them
    shown = "\n".join(texts)
    for typed in (*INJECTIONS, *INJECTED_FILE_NAMES):
        assert typed in texts or typed in shown, typed


def test_summary_holds_no_formula_from_a_submission(
    merged: tuple[MergeResult, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    result, _, _ = merged
    with deadline(60):
        path = write_summary(result, tmp_path / "tong_hop.xlsx")
    assert_no_formula_from_a_submission(path)
    comments = {
        row[5]
        for row in load_workbook(path, read_only=True)["Góp ý"].iter_rows(values_only=True)
        if len(row) > 5
    }
    assert set(INJECTIONS) <= comments
    rows = list(load_workbook(path, read_only=True)["Tình trạng nộp"].iter_rows(values_only=True))
    files_at = next(i for i, row in enumerate(rows) if row[:3] == ("STT", "Trạng thái", "Tệp"))
    assert rows[files_at][8] == "Mã trạng thái"
    listed = {row[2]: (row[1], row[8], row[5]) for row in rows[files_at + 1 :] if row[2]}
    # every file, with its status in words, its code in a column of its own, its reason
    assert listed == {
        o.name: (FILE_STATUS_WORDS[o.status], o.status, o.reason) for o in result.files if o.status
    }
    assert all(FILE_STATUSES.get(code) and reason for _, code, reason in listed.values())
    schools = {row[1]: (row[4], row[8]) for row in rows[2:files_at] if row[1]}
    assert schools == {  # every school
        r.school.code: (SCHOOL_STATUS_WORDS[r.status], r.status) for r in result.schools
    }


def test_the_command_line_merges_the_corpus(
    corpus: tuple[Path, list[Case]], books: dict[str, Path], tmp_path: Path
) -> None:
    folder, cases = corpus
    before = files_in(folder)
    out = tmp_path / "tong_hop.xlsx"
    with deadline(90):
        done = run_cli(
            "merge",
            books["thanh-ba-2020-2021"],
            folder,
            "--out",
            out,
            "--period",
            "cuoi-nam",
            "--json",
        )
    assert done.code in (0, 1), done.err
    document = json.loads(done.out)
    statuses = {f["file"]: f["status"] for f in document["files"]}
    assert set(statuses) == {c.key for c in cases}
    assert all(statuses[c.key] in c.statuses for c in cases)
    assert len(document["schools"]) == len(TB.schools)
    assert not any(leak in done.out + done.err for leak in LEAKS)
    assert files_in(folder) == before
    assert_no_formula_from_a_submission(out)


# --------------------------------------------------------------------------- files that kill or block a reader


def _merge_in_a_subprocess(folder: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    """Merge ``folder`` in another process: a file that kills or blocks the process must not
    take the test run with it."""
    code = (
        "import sys\n"
        "from giaouoc_xl.jobs.merge import merge\n"
        "from giaouoc_xl.core.model import Period\n"
        "from giaouoc_xl.core.samples import sample\n"
        "result = merge(sample('thanh-ba-2020-2021'), sys.argv[1], Period.YEAR_END, jobs=1)\n"
        "print({o.name: str(o.status) for o in result.files})\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    return subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=ROOT,
        check=False,
    )


def test_a_lying_dimension_is_refused_not_fatal(tmp_path: Path) -> None:
    from giaouoc_xl.core.simulate import clean_answers
    from giaouoc_xl.workbooks.school.writer import render_school_workbook

    from .adversarial import WHEN

    school = TB.schools[0]
    source = tmp_path / "good.xlsx"
    render_school_workbook(TB, school, source, WHEN, clean_answers(TB, school, YE, seed=1))
    folder = tmp_path / "in"
    folder.mkdir()

    def far_cell(xml: bytes) -> bytes:  # the sheet still declares <dimension ref="A1:M50"/>
        return xml.replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            b"</sheetData>",
        )

    rezip(source, folder / "lying-dimension.xlsx", {"xl/worksheets/sheet3.xml": far_cell})
    done = _merge_in_a_subprocess(folder, timeout=60)
    assert done.returncode == 0, done.stderr[-300:]
    # the reader asks for half a terabyte: the worker's memory ceiling stops it, quietly
    assert "'lying-dimension.xlsx': 'over-limit'" in done.stdout
    assert done.stderr == ""


def test_a_fifo_named_like_a_workbook_does_not_hang(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "hang.xlsx")
    try:
        done = _merge_in_a_subprocess(folder, timeout=8)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError("the merge blocked on a FIFO") from expired
    assert done.returncode == 0 and "'hang.xlsx'" in done.stdout


def test_the_corpus_merges_in_bounded_memory(
    corpus: tuple[Path, list[Case]], tmp_path: Path
) -> None:
    """Peak resident memory of the merge and of its worker processes, in a fresh process."""
    folder, cases = corpus
    code = (
        "import json, resource, sys\n"
        "from giaouoc_xl.jobs.merge import merge\n"
        "from giaouoc_xl.core.model import Period\n"
        "from giaouoc_xl.core.samples import sample\n"
        "result = merge(sample('thanh-ba-2020-2021'), sys.argv[1], Period.YEAR_END, jobs=2)\n"
        # this process's own high-water mark: ru_maxrss would carry the RSS of the process it
        # was forked from (pytest, hundreds of MB late in a run) across exec
        "status = open('/proc/self/status').read()\n"
        "own = int(status.split('VmHWM:')[1].split()[0]) // 1024\n"
        "workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024\n"
        "print(json.dumps({'files': len(result.files), 'own': own, 'workers': workers}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "RUST_BACKTRACE": "0"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    peak = json.loads(done.stdout.strip().splitlines()[-1])
    assert peak["files"] == len(cases)
    # a zip bomb, a million styled rows or a far cell would take gigabytes if read
    assert peak["own"] < MAX_PEAK_MB and peak["workers"] < MAX_PEAK_MB, peak
