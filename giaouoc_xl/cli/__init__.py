"""The `giaouoc` command. Thin: each command reads its arguments, calls one job of the library
API, hands what it returns to :mod:`.render` and sets the exit code. click's Vietnamese layer is
:mod:`.vietnamese`; the arguments several commands share are in :mod:`.params`.

Exit codes (docs/design.md, "Interfaces"): 0 no errors; 1 findings of severity error or an invalid compact;
2 a usage error or a file that could not be read at all. With ``--json`` exactly one JSON
document is printed on stdout.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .. import __version__, api
from ..api import SAMPLES, Compact, GiaoUocError, Period
from ..demo import SAMPLE as THANH_BA
from ..demo import run_demo
from ..demo_score_sheet import SCORE_SHEET, run_score_sheet_demo
from ..streams import utf8_streams
from . import params, render
from .vietnamese import CONTEXT, Argument, Command, CountRange, Group, PathType, UsageError, run

__all__ = ["CountRange", "PathType", "cli", "main"]

#: The samples the demo runs on: the compact ranked and voted on, the score sheet.
DEMOS = (THANH_BA, SCORE_SHEET)


@contextlib.contextmanager
def _reported(as_json: bool = False) -> Iterator[None]:
    """Around a command's calls to the library: an error it raises is shown (as the JSON
    document with ``--json``) and ends the command with the error's exit code."""
    try:
        yield
    except GiaoUocError as error:
        render.print_error(error, as_json)
        sys.exit(error.exit_code)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(
    __version__, "-V", "--version", message="giaouoc %(version)s", help="Hiện phiên bản rồi thoát."
)
def cli() -> None:
    """giaouoc: giao ước thi đua của các trường học trên Excel.

    Soạn sổ giao ước, kiểm tra, xuất dữ liệu; chạy thử toàn bộ với 'giaouoc demo'.
    """


def _demo_sample(value: str) -> str:
    if value not in DEMOS:
        raise click.BadParameter(
            f"không chạy thử được trên mẫu '{value}'; chọn một trong: {', '.join(DEMOS)}"
        )
    return value


@cli.command(cls=Command)
@click.argument(
    "outdir",
    cls=Argument,
    metavar="THƯ_MỤC",
    description="Thư mục ghi kết quả chạy thử (mặc định: giaouoc-demo).",
    required=False,
    default="giaouoc-demo",
    type=PathType(file_okay=False),
)
@click.option(
    "--sample",
    "sample_name",
    metavar="TÊN",
    callback=lambda _c, _p, v: _demo_sample(v),
    default=DEMOS[0],
    show_default=True,
    help=f"Mẫu chạy thử: {DEMOS[0]} (giao ước xếp hạng, bình xét khen thưởng) hoặc "
    f"{DEMOS[1]} (bảng điểm: trường tự chấm, phòng chấm thẩm định).",
)
def demo(outdir: Path, sample_name: str) -> None:
    """Chạy thử toàn bộ trên mẫu Thanh Ba hoặc mẫu bảng điểm --sample (ghi vào THƯ_MỤC)."""
    if sample_name == SCORE_SHEET:
        with _reported():
            scored = run_score_sheet_demo(outdir)
        render.print_score_sheet_demo(scored)
        return
    with _reported():
        result = run_demo(outdir)
    render.print_demo(result)


@cli.group(cls=Group)
def compact() -> None:
    """Sổ giao ước: tạo mới, kiểm tra, xuất JSON."""


@compact.command(
    "new",
    cls=Command,
    # "\b": kept as written, so that no name is broken at a hyphen as click wraps option help
    epilog="\b\nMẫu có sẵn (TÊN của --sample):\n" + "\n".join(f"  {name}" for name in SAMPLES),
)
@click.argument(
    "out",
    cls=Argument,
    metavar="TỆP_SỔ",
    type=PathType(dir_okay=False),
    description="Tệp sổ giao ước cần tạo (.xlsx).",
)
@click.option(
    "--sample",
    "sample_name",
    metavar="TÊN",
    callback=lambda _c, _p, v: params.sample_option(v),
    help="Điền sẵn một giao ước mẫu (tên ở cuối trang này).",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu TỆP_SỔ đã có.")
def compact_new(out: Path, sample_name: str | None, force: bool) -> None:
    """Tạo sổ giao ước TỆP_SỔ (.xlsx; trống, hoặc theo mẫu)."""
    with _reported():
        api.new_compact_book(out, sample_name, force)
    render.print_new_book(out, sample_name)


@compact.command("check", cls=Command)
@params.book("Sổ giao ước cần kiểm tra (.xlsx).")
@params.as_json
def compact_check(book: Path, as_json: bool) -> None:
    """Kiểm tra SỔ_GIAO_ƯỚC: báo mọi lỗi cùng lúc, kèm sheet và ô."""
    with _reported(as_json):
        result = api.read_compact_book(book)
    render.show_compact_check(result, as_json)
    sys.exit(result.exit_code)


@compact.command("export", cls=Command)
@params.book("Sổ giao ước cần xuất (.xlsx).")
@params.json_flag("Xuất dạng JSON (bắt buộc: hiện chỉ có dạng này).")
@click.pass_context
def compact_export(ctx: click.Context, book: Path, as_json: bool) -> None:
    """Xuất giao ước trong SỔ_GIAO_ƯỚC dạng JSON (chỉ khi sổ hợp lệ)."""
    if not as_json:
        raise UsageError("cần --json (hiện chỉ xuất được dạng JSON)", ctx)
    with _reported(as_json):
        result = api.read_compact_book(book)
    if result.compact is None:
        render.emit_invalid_book_json(result)
        sys.exit(result.exit_code)
    render.emit_json(result.compact.to_json())


@cli.command("template", cls=Command)
@params.book("Sổ giao ước (.xlsx) có danh sách trường.")
@params.out_folder("--out", "outdir", "Thư mục ghi các mẫu.", required=True)
@click.option(
    "--school",
    "schools",
    multiple=True,
    metavar="MÃ",
    help="Chỉ ghi mẫu của trường có mã này (lặp lại được).",
)
@params.jobs("Số tiến trình song song (mặc định: số lõi CPU).")
def template(book: Path, outdir: Path, schools: tuple[str, ...], jobs: int | None) -> None:
    """Ghi mẫu giao ước cho từng trường (một tệp .xlsx mỗi trường) vào thư mục ghi ở --out."""
    with _reported():
        compact = api.load_compact(book)
        written = api.write_templates(compact, outdir, schools or None, jobs)
    render.print_templates(written, outdir)


@cli.command("check", cls=Command)
@params.book("Sổ giao ước (.xlsx) dùng để kiểm tra.")
@click.argument(
    "files",
    cls=Argument,
    metavar="TỆP",
    nargs=-1,
    required=True,
    type=PathType(dir_okay=False),
    description="Các tệp trường gửi về (.xlsx, .xlsm, .xls, .ods…).",
)
@params.period("Kỳ kiểm tra: dang-ky, hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).")
@params.as_json
@params.out_folder(
    "--feedback",
    "feedback_dir",
    "Ghi bản sao của từng tệp kèm sheet 'Kết quả kiểm tra' vào thư mục này.",
)
def check_command(
    book: Path,
    files: tuple[Path, ...],
    period: Period | None,
    as_json: bool,
    feedback_dir: Path | None,
) -> None:
    """Kiểm tra các TỆP trường gửi về theo SỔ_GIAO_ƯỚC."""
    with _reported(as_json):
        compact = api.load_compact(book)
        result = api.check(compact, files, period, feedback_dir)
    render.show_check(result, as_json)
    sys.exit(result.exit_code)


@contextlib.contextmanager
def _reading(book: Path, as_json: bool) -> Iterator[tuple[Compact, render.OnProgress | None]]:
    """A job over a submissions folder: the compact, and a progress bar while files are read;
    an error shown as :func:`_reported` does."""
    with _reported(as_json):
        compact = api.load_compact(book)
        with render.progress(show=not as_json) as progress:
            yield compact, progress


@cli.command("merge", cls=Command)
@params.over_submissions(
    "Sổ giao ước (.xlsx) dùng để tổng hợp.",
    "Bảng tổng hợp cần ghi (.xlsx); bắt buộc trừ khi dùng --dry-run.",
    "Kỳ tổng hợp: dang-ky, hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).",
)
@params.file_option(
    "--pdf",
    "pdf",
    "In thêm các văn bản cần ký (tổng quan, bảng kết quả từng khối) ra một tệp PDF "
    "(cần LibreOffice).",
)
@params.file_option(
    "--appraisal",
    "appraisal",
    "Sổ thẩm định: chấm điểm theo kết quả thẩm định (ghi sổ bằng 'giaouoc appraise').",
    exists=True,
)
@params.file_option(
    "--history",
    "history_path",
    "Sổ lịch sử (ghi bằng 'giaouoc history'): xét điều kiện khen thưởng theo các năm, "
    "ghi tiến bộ so với năm trước.",
    exists=True,
)
@params.out_folder("--slips", "slips", "Ghi phiếu kết quả của từng trường vào thư mục này.")
@click.option(
    "--dry-run", is_flag=True, help="Làm mọi bước trừ ghi bảng tổng hợp; in bảng tình trạng."
)
@params.as_json
@click.pass_context
def merge_command(
    ctx: click.Context,
    book: Path,
    folder: Path,
    out: Path | None,
    period: Period | None,
    jobs: int | None,
    pdf: Path | None,
    appraisal: Path | None,
    history_path: Path | None,
    slips: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Tổng hợp mọi bài nộp trong THƯ_MỤC_BÀI_NỘP theo SỔ_GIAO_ƯỚC thành bảng tổng hợp."""
    if out is None and not dry_run:
        raise UsageError("cần --out TỆP (hoặc --dry-run)", ctx)
    with _reading(book, as_json) as (compact, progress):
        report = api.merge(
            compact, folder, out=out, pdf=pdf, slips=slips, appraisal=appraisal,
            history=history_path, period=period, jobs=jobs, progress=progress,
            say=render.stage(as_json), on_wait=render.waiting, dry_run=dry_run,
        )  # fmt: skip
    render.show_merge(report, as_json)
    sys.exit(report.exit_code)


@cli.command("appraise", cls=Command)
@params.over_submissions(
    "Sổ giao ước (.xlsx).",
    "Sổ thẩm định cần ghi (.xlsx); đã có thì ghi lại, giữ mọi ô đã nhập.",
    "Kỳ thẩm định: hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).",
    out_required=True,
)
@params.file_option(
    "--history",
    "history_path",
    "Sổ lịch sử: đưa ra bình xét các trường đạt điều kiện khen thưởng theo các năm.",
    exists=True,
)
@params.as_json
def appraise_command(
    book: Path,
    folder: Path,
    out: Path,
    period: Period | None,
    jobs: int | None,
    history_path: Path | None,
    as_json: bool,
) -> None:
    """Ghi sổ thẩm định từ bài nộp trong THƯ_MỤC_BÀI_NỘP, giữ mọi ô đã nhập."""
    with _reading(book, as_json) as (compact, progress):
        result, written = api.appraise(
            compact, folder, out, period, jobs, progress, render.stage(as_json), render.waiting,
            history=history_path,
        )  # fmt: skip
    render.show_appraisal(result.period, written, as_json)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    utf8_streams()  # before anything is written: Vietnamese through any code page
    run(cli, argv, prog_name="giaouoc")


from . import history  # noqa: E402, F401  (registers `giaouoc history`: the history book)
