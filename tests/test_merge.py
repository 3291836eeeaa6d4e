"""The merge: every file and school accounted for, scores and ranks, a summary to trust and sign."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from giaouoc_xl.core.codes import FILE_STATUSES, SCHOOL_STATUSES, FileStatus, SchoolStatus
from giaouoc_xl.core.model import Compact, Period
from giaouoc_xl.core.numbers import vn
from giaouoc_xl.core.samples import sample
from giaouoc_xl.core.school_form import Answers, school_file_name
from giaouoc_xl.core.simulate import clean_answers
from giaouoc_xl.demo import run_demo
from giaouoc_xl.jobs.cache import cache_key
from giaouoc_xl.jobs.merge import merge
from giaouoc_xl.workbooks.school.writer import render_school_workbook
from giaouoc_xl.workbooks.summary import write_summary

from .conftest import run_cli
from .libreoffice import convert
from .wild import structural_encrypted_ooxml

TB = sample("thanh-ba-2020-2021")
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
YE = Period.YEAR_END


def hashes(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as staff have it at the end of the year: valid, invalid, duplicate, foreign,
    broken and not-spreadsheet files, names in NFD, injected formulas in texts."""
    folder = tmp_path_factory.mktemp("bai_nop")
    schools = TB.schools
    for index, school in enumerate(schools[:20]):  # the MN bloc, all but the last send
        if index == 19:
            continue
        answers = clean_answers(TB, school, YE, seed=index)
        if index == 3:
            answers.targets["CT05.2"]["registration"] = 7.0  # below the threshold of 5: an error
        if index == 4:
            answers.targets["CT04.2"]["comment"] = '=HYPERLINK("http://evil.example","bấm vào")'
            answers.targets["CT04.1"]["comment"] = "+cmd|' /C calc'!A0"
            answers.targets["CT05.1"]["comment"] = "-1+1"
            answers.targets["CT05.2"]["comment"] = "@SUM(A1:A2)"
        name = school_file_name(school.code, school.name)
        if index == 6:
            name = unicodedata.normalize("NFD", f"Trường Mầm non {index}.xlsx")  # as macOS writes
        render_school_workbook(TB, school, folder / name, WHEN, answers)
    # the same school twice: an older and a newer file
    older = folder / "cu" / "01001_lan1.xlsx"
    older.parent.mkdir()
    render_school_workbook(TB, schools[0], older, WHEN, clean_answers(TB, schools[0], YE, seed=99))
    os.utime(older, (1_600_000_000, 1_600_000_000))
    # a file of another compact, one unreadable, one lock file, one text file
    other = TB.model_copy(update={"id": "cam-khe-2020-2021"})
    render_school_workbook(
        other, schools[1], folder / "cam_khe.xlsx", WHEN, clean_answers(other, schools[1], YE)
    )
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04 truncated download")
    # an encrypted workbook is an OLE compound file holding the encrypted package, not a zip
    (folder / "mat_khau.xlsx").write_bytes(structural_encrypted_ooxml(b"PK" * 1024))
    (folder / "~$01002_x.xlsx").write_bytes(b"\x00" * 165)
    (folder / "ghi_chu.txt").write_text("nộp muộn", encoding="utf-8")
    return folder


def test_every_file_and_school_is_accounted_for(mixed: Path, tmp_path: Path) -> None:
    before = hashes(mixed)
    result = merge(TB, mixed, YE, jobs=2)
    assert hashes(mixed) == before  # no input file is modified
    names = {o.name for o in result.files}
    assert len(result.files) == len(before)
    assert {o.status for o in result.files} <= set(FILE_STATUSES)
    by_name = {o.name: o for o in result.files}
    assert by_name["cam_khe.xlsx"].status == "other-compact"
    assert by_name["hong.xlsx"].status == "unreadable" and "hỏng" in by_name["hong.xlsx"].reason
    assert by_name["~$01002_x.xlsx"].status == "lock-file"
    assert (
        by_name["mat_khau.xlsx"].status == "encrypted"
        and "mật khẩu" in by_name["mat_khau.xlsx"].reason
    )
    assert by_name["ghi_chu.txt"].status == "not-a-spreadsheet"
    assert (
        by_name["cu/01001_lan1.xlsx"].status == "superseded"
        and "khác" in by_name["cu/01001_lan1.xlsx"].reason
    )
    assert (
        unicodedata.normalize("NFC", "Trường Mầm non 6.xlsx") in names
    )  # NFD names compared in NFC
    assert len(result.schools) == len(TB.schools)
    statuses = {r.school.code: r.status for r in result.schools}
    assert set(statuses.values()) <= set(SCHOOL_STATUSES)
    assert statuses["01020"] == "missing" and statuses["02001"] == "missing"
    assert statuses["01004"] == "with-errors"
    assert sum(s == "valid" for s in statuses.values()) == 18


def test_scores_ranks_and_unranked(mixed: Path) -> None:
    result = merge(TB, mixed, YE)
    mn = [r for r in result.schools if r.school.bloc == "K-MN"]
    valid = [r for r in mn if r.status == "valid"]
    assert all(
        r.rank is not None and r.score is not None and r.score.total is not None for r in valid
    )
    assert all(r.rank is None for r in mn if r.status != "valid")
    totals = sorted((r.score.total for r in valid), reverse=True)  # type: ignore[union-attr]
    best = [r for r in valid if r.rank == 1]
    assert best and all(r.score.total == totals[0] for r in best)  # type: ignore[union-attr]


def test_registration_period_shows_compliance(mixed: Path) -> None:
    result = merge(TB, mixed, Period.REGISTRATION)
    row = next(r for r in result.schools if r.school.code == "01004")
    assert row.score is not None and row.score.total is None and row.rank is None
    assert row.score.compliant == row.score.applicable - 1


def test_summary_workbook(mixed: Path, tmp_path: Path) -> None:
    result = merge(TB, mixed, YE)
    path = write_summary(result, tmp_path / "tong_hop.xlsx")
    wb = load_workbook(path)
    blocs = ("K-MN", "K-TH", "K-THCS")
    assert wb.sheetnames == [
        "Tổng quan",
        *(f"KQ {b}" for b in blocs),  # the documents to sign first
        *(f"BB {b}" for b in blocs),  # the minutes of each bloc's review (an award ladder)
        "BB Hội đồng TĐKT",  # the council's (it votes on the titles and certificates)
        # a request per authority that decides (the province, the district), its list after it
        *("Tờ trình 1", "Đề nghị khen thưởng 1", "Tờ trình 2", "Đề nghị khen thưởng 2"),
        *(name for b in blocs for name in (f"PL {b}", f"BĐ {b}")),  # then the annexes
        "Biểu đồ nộp",
        "Biểu đồ xếp loại",
        "Tình trạng nộp",  # then what is not printed
        "Lỗi và cảnh báo",
        "Góp ý",
        "Dữ liệu",
        "Nhật ký",
    ]
    overview = wb["Tổng quan"]
    texts = [c.value for row in overview.iter_rows() for c in row if isinstance(c.value, str)]
    assert "UBND HUYỆN THANH BA" in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts and "BÁO CÁO TỔNG HỢP GIAO ƯỚC THI ĐUA" in texts
    assert "TRƯỞNG PHÒNG" in texts and "Hà Trường Sơn" in texts
    links = {c.hyperlink.location for row in overview.iter_rows() for c in row if c.hyperlink}
    assert {f"'KQ {b}'!A1" for b in blocs} | {f"'PL {b}'!A1" for b in blocs} <= links
    table = wb["KQ K-MN"]
    assert table.page_setup.orientation == "portrait" and table.page_setup.paperSize == 9
    assert table.sheet_properties.pageSetUpPr.fitToPage  # one page (1 × 1, the default)
    assert table.page_setup.fitToHeight in (None, 1) and table.page_setup.fitToWidth in (None, 1)
    rows = [r for r in table.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert tuple(" ".join(h.split()) for h in rows[header][:10]) == (  # on one line or two
        "STT", "Tên trường", "Điểm chuẩn", "Cộng", "Trừ", "Tổng", "Xếp thứ", "Xếp loại", "Đề nghị",
        "Ghi chú",
    )  # fmt: skip
    ranked = [r for r in result.members(TB.blocs[0]) if r.rank is not None]
    listed = {r[1]: r for r in rows[header + 1 : header + 1 + len(result.members(TB.blocs[0]))]}
    for school_row in ranked:
        line = listed[school_row.school.name]
        # points print as the one number rule writes them, in every application (text)
        assert line[5] == vn(school_row.total) and line[6] == school_row.rank
        assert school_row.score is not None and line[7] == school_row.score.tier
    assert [r[0] for r in rows[header + 1 :] if r[0] is not None][:3] == [1, 2, 3]
    annex = wb["PL K-MN"]
    assert annex.freeze_panes and annex.auto_filter.ref
    assert annex.page_setup.orientation == "landscape" and annex.page_setup.paperSize == 9
    assert annex.print_title_rows and annex.print_title_cols == "$A:$G"
    first_header = next(i for i, r in enumerate(annex.iter_rows(values_only=True)) if r[0] == "STT")
    assert [c.value for c in annex[first_header + 1][:7]] == [
        "STT", "Mã trường", "Tên trường", "Trạng thái", "Tổng điểm", "Xếp loại", "Xếp hạng"
    ]  # fmt: skip
    for name in ("Tình trạng nộp", "Lỗi và cảnh báo", "Góp ý", "Dữ liệu", "Nhật ký"):
        area = wb[name].print_area  # one empty cell right of the data: nothing to print
        assert area and ":" not in area.split("!")[-1].replace("$", ""), (name, area)
    status = wb["Tình trạng nộp"]
    codes_listed = {row[1] for row in status.iter_rows(min_row=3, values_only=True) if row[1]}
    assert {s.code for s in TB.schools} <= codes_listed
    data = wb["Dữ liệu"]
    assert data.auto_filter.ref and data.freeze_panes
    name = wb.defined_names["DuLieuGiaoUoc"]  # ready for a pivot table: Insert → PivotTable
    assert name.attr_text.replace("$", "") == f"'Dữ liệu'!{data.auto_filter.ref}"
    # text from submissions is text, never a formula
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(
                    ("=HYPERLINK", "+cmd", "-1+1", "@SUM")
                ):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    comments = [row[5] for row in wb["Góp ý"].iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("http://evil.example","bấm vào")' in comments
    assert {"+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A2)"} <= set(comments)
    import zipfile

    with zipfile.ZipFile(path) as package:
        charts = [n for n in package.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) >= 2 + len(TB.blocs)  # completeness, tiers, one per bloc


@pytest.mark.parametrize("period", [Period.YEAR_END, Period.REGISTRATION])
def test_written_row_by_row_nothing_is_dropped(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, period: Period
) -> None:
    """In constant_memory mode XlsxWriter silently drops a write to a row it has left: the
    summary written that way holds exactly what the same writer gives keeping every sheet."""
    result = merge(TB, mixed, period)
    when = datetime(2021, 6, 1)
    streamed = write_summary(result, tmp_path / "streamed.xlsx", when)
    from giaouoc_xl.workbooks import summary

    options = summary.workbook_options
    monkeypatch.setattr(
        summary, "workbook_options", lambda **more: options(**{**more, "constant_memory": False})
    )
    kept = write_summary(result, tmp_path / "kept.xlsx", when)
    a, b = load_workbook(streamed), load_workbook(kept)
    assert a.sheetnames == b.sheetnames
    for sheet in a.worksheets:
        other = b[sheet.title]
        assert [[c.value for c in row] for row in sheet.iter_rows()] == [
            [c.value for c in row] for row in other.iter_rows()
        ], sheet.title
        assert set(map(str, sheet.merged_cells.ranges)) == set(
            map(str, other.merged_cells.ranges)
        ), sheet.title
        heights = {r: d.height for r, d in sheet.row_dimensions.items() if d.height}
        assert heights == {r: d.height for r, d in other.row_dimensions.items() if d.height}


@pytest.mark.slow
def test_summary_opens_and_prints_in_libreoffice(mixed: Path, tmp_path: Path) -> None:
    path = write_summary(merge(TB, mixed, YE), tmp_path / "tong_hop.xlsx")
    (pdf,) = convert(path, tmp_path / "pdf", "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000


def test_previous_summary_survives_a_failed_write(
    mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    result = merge(TB, mixed, YE)
    write_summary(result, out)
    before = out.read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("giaouoc_xl.workbooks.summary.write_data", broken)
    with pytest.raises(RuntimeError):
        write_summary(result, out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["tong_hop.xlsx"]  # no temporary file left


def test_merge_pdf_without_libreoffice_says_so_and_keeps_the_summary(
    mixed: Path, tmp_path: Path, books: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIAOUOC_SOFFICE", str(tmp_path / "no-such-soffice"))
    out, pdf = tmp_path / "th.xlsx", tmp_path / "ky.pdf"
    done = run_cli("merge", books["thanh-ba-2020-2021"], mixed, "--out", out, "--pdf", pdf)
    assert done.code == 2 and out.exists() and not pdf.exists()
    assert "Không tìm thấy LibreOffice" in done.err and "Traceback" not in done.err
    document = run_cli(
        "merge", books["thanh-ba-2020-2021"], mixed, "--out", out, "--pdf", pdf, "--json"
    ).json()
    assert document["pdf"] is None and "LibreOffice" in document["pdf_error"]["message"]


@pytest.mark.slow
def test_merge_pdf_prints_the_documents(
    mixed: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    from .printing import pages_text

    out, pdf = tmp_path / "th.xlsx", tmp_path / "ky.pdf"
    done = run_cli(
        "merge", books["thanh-ba-2020-2021"], mixed, "--out", out, "--pdf", pdf,
        "--period", "cuoi-nam",
    )  # fmt: skip
    assert done.code == 1 and pdf.exists()  # 1: a school's file has errors
    pages = pages_text(pdf)
    blocs = len(TB.blocs)
    # the overview, a result table per bloc, its minutes, then per authority that decides its
    # request (tờ trình) and its list of proposals (the ladder)
    firsts = [p for p in pages if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in p]  # a document each
    assert len(firsts) == 1 + 2 * blocs + 1 + 4  # the council's minutes after the blocs'
    assert "BÁO CÁO TỔNG HỢP" in firsts[0]
    assert all("BẢNG TỔNG HỢP" in p for p in firsts[1 : 1 + blocs])
    assert all("BIÊN BẢN" in p for p in firsts[1 + blocs : 2 + 2 * blocs])
    rest = firsts[2 + 2 * blocs :]
    assert ["TỜ TRÌNH" in p for p in rest] == [True, False, True, False]
    assert all("DANH SÁCH ĐỀ NGHỊ" in p for p in rest[1::2])


def test_cache_makes_a_re_merge_cheap(mixed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(mixed, folder)
    cache = tmp_path / "cache.json"
    cold = merge(TB, folder, YE, cache=cache)
    warm = merge(TB, folder, YE, cache=cache)
    readable = [
        o for o in cold.files if o.status not in ("lock-file", "temporary", "not-a-spreadsheet")
    ]
    assert cold.cache_hits == 0 and warm.cache_hits == len(readable)
    assert [(o.name, o.status, o.reason) for o in warm.files] == [
        (o.name, o.status, o.reason) for o in cold.files
    ]
    assert [(r.school.code, r.status, r.rank, r.score) for r in warm.schools] == [
        (r.school.code, r.status, r.rank, r.score) for r in cold.schools
    ]
    changed = TB.model_copy(update={"revision": 2})
    assert merge(changed, folder, YE, cache=cache).cache_hits == 0  # a changed compact: no reuse


def test_cache_is_a_database_of_json_and_forgets_removed_files(mixed: Path, tmp_path: Path) -> None:
    import json
    import sqlite3

    folder = tmp_path / "in"
    shutil.copytree(mixed, folder)
    cache = tmp_path / "cache.sqlite"
    merge(TB, folder, YE, cache=cache)
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT name, data FROM outcome").fetchall()
    assert rows and all(isinstance(json.loads(data), dict) for _, data in rows)  # never pickle
    gone = sorted(folder.glob("*.xlsx"))[0]
    gone.unlink()
    assert merge(TB, folder, YE, cache=cache).cache_hits == len(rows) - 1
    with sqlite3.connect(cache) as db:
        names = {name for (name,) in db.execute("SELECT name FROM outcome")}
    assert gone.name not in names and len(names) == len(rows) - 1


def test_a_damaged_cache_is_started_anew(mixed: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    cache.write_bytes(b"not a database at all" * 100)
    cold = merge(TB, mixed, YE, cache=cache)
    assert cold.cache_hits == 0 and cold.school_count(SchoolStatus.VALID) > 0
    assert merge(TB, mixed, YE, cache=cache).cache_hits > 0


def test_a_merge_keeps_what_schools_reported_packed(mixed: Path) -> None:
    """Thousands of outcomes stay small: the per-target values are packed, and unpacked the
    same."""
    from giaouoc_xl.core.scoring import score_school
    from giaouoc_xl.core.thresholds import school_targets

    result = merge(TB, mixed, YE)
    used = [o for o in result.files if o.status is FileStatus.USED]
    assert used and all(o.packed and not o.raw and not o.registrations for o in used)
    for row in result.schools:
        if row.outcome is None:
            continue
        whole = row.outcome.unpacked()
        assert whole.raw and whole.registrations and not whole.packed
        fresh = score_school(
            TB, school_targets(TB, row.school), whole.registrations, whole.results, YE
        )
        assert row.score == fresh and row.summary is not None and row.summary.targets == ()
    document = result.to_json("x.xlsx")
    for indent in (None, 2):  # the streamed text is the same document
        assert json.loads("".join(result.json_text("x.xlsx", indent=indent))) == document


def test_cache_key_is_the_same_in_every_process() -> None:
    """A re-merge runs in a new process: the key must not depend on the order of a set, which
    Python changes from one process to the next (PYTHONHASHSEED)."""
    import subprocess
    import sys

    code = (
        "from giaouoc_xl.jobs.merge import cache_key\n"
        "from giaouoc_xl.core.model import Period\n"
        "from giaouoc_xl.core.samples import sample\n"
        "print(cache_key(sample('thanh-ba-2020-2021'), Period.YEAR_END))\n"
    )
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout.strip()
        for seed in (1, 2, 3, 4)
    }
    assert len(keys) == 1 and keys == {cache_key(TB, YE)}


def test_merge_command_json_and_dry_run(
    mixed: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    book = books["thanh-ba-2020-2021"]
    dry = run_cli("merge", book, mixed, "--dry-run", "--period", "cuoi-nam")
    assert dry.code == 1 and "không ghi" in dry.out  # 01004 has errors: exit 1
    assert not list(tmp_path.iterdir())
    document = run_cli(
        "merge", book, mixed, "--out", tmp_path / "th.xlsx", "--period", "cuoi-nam", "--json"
    ).json()
    assert set(document) == {
        "summary", "pdf", "appraisal", "history", "slips", "period", "schools", "files",
        "findings",
    }  # fmt: skip
    assert document["pdf"] is None  # no --pdf asked
    assert document["history"] is None and "history" not in document["schools"][0]
    assert document["period"] == "cuoi-nam" and document["summary"].endswith("th.xlsx")
    school = next(s for s in document["schools"] if s["code"] == "01002")
    assert set(school) == {
        "code",
        "name",
        "bloc",
        "status",
        "reason",
        "todo",
        "file",
        "total",
        "tier",
        "rank",
        "self_total",
        "deferred",
        "excluded_from_awards",
        "proposal",
        "changes",
        "targets",
    }
    assert school["self_total"] == school["total"] and school["changes"] == []  # no appraisal
    assert set(school["targets"][0]) == {"code", "registration", "result", "met", "points"}
    assert {f["status"] for f in document["files"]} >= {
        "used",
        "superseded",
        "other-compact",
        "unreadable",
        "lock-file",
    }
    usage = run_cli("merge", book, mixed)
    assert usage.code == 2 and "--out" in usage.err


@pytest.mark.slow
def test_demo_runs_the_whole_job(tmp_path: Path) -> None:
    result = run_demo(tmp_path / "demo")
    statuses = {o.status for o in result.merge.files}
    assert {"used", "superseded", "stale-template", "other-compact", "lock-file"} <= statuses
    schools = {r.status for r in result.merge.schools}
    assert schools == {"valid", "with-errors", "unusable", "missing"}
    assert len(result.templates) == 59 and result.summary.exists()
    cli = run_cli("demo", tmp_path / "demo2")
    assert cli.code == 0 and "Bảng tổng hợp" in cli.out and "bang_tong_hop.xlsx" in cli.out


def _compact_with_injection() -> Compact:
    school = TB.schools[0].model_copy(update={"name": "=1+1 Trường Mầm non"})
    return TB.model_copy(update={"schools": (school, *TB.schools[1:])})


def test_roster_text_is_never_a_formula_in_the_summary(tmp_path: Path) -> None:
    compact = _compact_with_injection()
    folder = tmp_path / "in"
    folder.mkdir()
    school = compact.schools[0]
    render_school_workbook(compact, school, folder / "a.xlsx", WHEN, Answers())
    path = write_summary(merge(compact, folder, YE), tmp_path / "th.xlsx")
    cells = [
        c
        for ws in load_workbook(path).worksheets
        for row in ws.iter_rows()
        for c in row
        if c.value == "=1+1 Trường Mầm non"
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_summary_open_in_excel_is_not_overwritten(
    mixed: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    out = tmp_path / "tong_hop.xlsx"
    out.write_bytes(b"the previous summary")
    (tmp_path / "~$tong_hop.xlsx").write_bytes(b"\x00" * 165)  # Excel has it open
    result = run_cli(
        "merge", books["thanh-ba-2020-2021"], mixed, "--out", out, "--period", "cuoi-nam"
    )
    assert result.code == 2 and "đang được mở" in result.err
    assert out.read_bytes() == b"the previous summary"


def test_output_folder_missing_is_a_clear_error(
    mixed: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    result = run_cli(
        "merge", books["thanh-ba-2020-2021"], mixed, "--out", tmp_path / "khong_co" / "th.xlsx"
    )
    assert result.code == 2 and "Không có thư mục" in result.err


def test_cache_keeps_a_school_whose_file_was_copied(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    school = TB.schools[0]
    render_school_workbook(
        TB, school, folder / "a.xlsx", WHEN, clean_answers(TB, school, YE, seed=1)
    )
    shutil.copy(folder / "a.xlsx", folder / "b.xlsx")
    os.utime(folder / "b.xlsx", (1_600_000_000, 1_600_000_000))
    cache = tmp_path / "cache.json"
    for _ in range(2):  # cold, then from the cache
        result = merge(TB, folder, YE, jobs=1, cache=cache)
        assert {o.name: o.status for o in result.files} == {
            "a.xlsx": "used",
            "b.xlsx": "superseded",
        }
        assert next(r for r in result.schools if r.school.code == school.code).status == "valid"
    assert result.cache_hits == 2


def test_cache_does_not_keep_name_dependent_findings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    school = TB.schools[0]
    render_school_workbook(
        TB, school, folder / "01001_a.xlsx", WHEN, clean_answers(TB, school, YE, seed=1)
    )
    cache = tmp_path / "cache.json"
    assert not merge(TB, folder, YE, jobs=1, cache=cache).findings
    (folder / "01001_a.xlsx").rename(folder / "01002_a.xlsx")  # now named for another school
    codes = [f.code for f in merge(TB, folder, YE, jobs=1, cache=cache).findings]
    assert codes == ["file-name-mismatch"]


def test_a_broken_link_is_listed_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink(tmp_path / "khong_co.xlsx", folder / "lien_ket.xlsx")
    os.symlink(tmp_path / "khong_co.txt", folder / "lien_ket.txt")
    result = merge(TB, folder, YE, jobs=1)
    assert {o.name: o.status for o in result.files} == {
        "lien_ket.txt": "unreadable",
        "lien_ket.xlsx": "unreadable",
    }


def test_term_one_scores_only_what_term_one_collects(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    school = TB.schools[0]  # MN: a few targets are collected in term I
    render_school_workbook(
        TB, school, folder / "a.xlsx", WHEN, clean_answers(TB, school, Period.TERM1, seed=1)
    )
    row = next(
        r for r in merge(TB, folder, Period.TERM1, jobs=1).schools if r.school.code == school.code
    )
    assert row.status == "valid" and row.score is not None
    assert row.score.veto_missed == () and row.score.tier == "Hoàn thành xuất sắc nhiệm vụ"
    assert row.score.total is not None and row.score.total >= 95
    not_collected = [t for t in row.score.targets if Period.TERM1 not in TB.target(t.code).periods]  # type: ignore[union-attr]
    assert not_collected and all(t.met is None and t.points == 0 for t in not_collected)
