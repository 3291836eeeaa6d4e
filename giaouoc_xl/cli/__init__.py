"""The `giaouoc` command. Thin: it reads arguments, calls the library, prints, sets the exit code.

Exit codes (docs/design.md, "Interfaces"): 0 no errors; 1 findings of severity error or an invalid compact;
2 a usage error or a file that could not be read at all. With ``--json`` exactly one JSON
document is printed on stdout.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NoReturn

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from . import __version__, api
from .api import (
    FILE_STATUS_SHORT,
    SAMPLES,
    SEVERITY_LABELS,
    CheckResult,
    Compact,
    CompactBookResult,
    Finding,
    GiaoUocError,
    InvalidCompact,
    Level,
    MergeReport,
    Period,
    SchoolStatus,
    Severity,
    label,
)
from .demo import run_demo
from .streams import utf8_streams

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."


class UsageError(click.UsageError):
    """A usage error this module words in Vietnamese itself: printed as it is."""


class PathType(click.ParamType):
    """A path on disk, checked with Vietnamese messages that name it (click.Path's are English).

    ``file_okay=False``: a folder; ``dir_okay=False``: a file; ``exists``: it must be there.
    An existing path must be readable. The value is a :class:`pathlib.Path`."""

    name = "path"

    def __init__(self, *, file_okay: bool = True, dir_okay: bool = True, exists: bool = False):
        self.file_okay, self.dir_okay, self.exists = file_okay, dir_okay, exists

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        if isinstance(param, click.Argument):
            return None  # an argument is shown by its name (SỔ_GIAO_ƯỚC, THƯ_MỤC_BÀI_NỘP)
        return "THƯ_MỤC" if not self.file_okay else "TỆP" if not self.dir_okay else "ĐƯỜNG_DẪN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            if self.exists:
                kind = "thư mục" if not self.file_okay else "tệp" if not self.dir_okay else ""
                self.fail(f"không tìm thấy {kind or 'đường dẫn'} '{value}'", param, ctx)
            return path
        if not self.file_okay and not stat.S_ISDIR(mode):
            self.fail(f"'{value}' là tệp, không phải thư mục", param, ctx)
        if not self.dir_okay and stat.S_ISDIR(mode):
            self.fail(f"'{value}' là thư mục, không phải tệp", param, ctx)
        if not os.access(path, os.R_OK):
            self.fail(f"không có quyền đọc '{value}'", param, ctx)
        return path

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        kind = "dir" if not self.file_okay else "file"
        return [click.shell_completion.CompletionItem(incomplete, type=kind)]


class CountRange(click.ParamType):
    """A whole number from ``low`` to ``high``, with Vietnamese messages and help note."""

    name = "integer"

    def __init__(self, low: int, high: int) -> None:
        self.low, self.high = low, high

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return None if isinstance(param, click.Argument) else "SỐ"

    def describe(self) -> str:
        return f"{self.low}–{self.high}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"'{value}' không phải số nguyên", param, ctx)
        if not self.low <= number <= self.high:
            self.fail(f"{number} nằm ngoài khoảng {self.describe()}", param, ctx)
        return number


def _suggestion(word: str, candidates: Iterable[str]) -> str:
    """``; có phải 'appraise'?`` when ``word`` looks like a mistyped candidate, else ``""``."""
    close = difflib.get_close_matches(word, list(candidates))
    if not close:
        return ""
    return "; có phải " + " hay ".join(f"'{c}'" for c in close) + "?"


def _help_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """An option's row in the help: its names, its help, and its notes in Vietnamese."""
    record = param.get_help_record(ctx)
    if record is None or not isinstance(param, click.Option):
        return record
    extra = param.get_help_extra(ctx)
    notes = []
    if "envvars" in extra:
        notes.append("biến môi trường: " + ", ".join(extra["envvars"]))
    if "default" in extra:
        notes.append(f"mặc định: {extra['default']}")
    if isinstance(param.type, CountRange):
        notes.append(param.type.describe())
    if "required" in extra:
        notes.append("bắt buộc")
    text = param.help or ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return record[0], text


class Argument(click.Argument):
    """A positional argument with a one-line Vietnamese description for the help page.

    click lists arguments in the help only from 8.5 on, and under an English heading; the
    description is kept here and printed by :class:`_Vietnamese` the same way under every
    click the project allows."""

    def __init__(self, *args: Any, description: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.description = description

    def help_metavar(self) -> str:
        """``SỔ_GIAO_ƯỚC``, ``TỆP...``, ``[THƯ_MỤC]``: as the usage line shows it."""
        name = (self.metavar or self.name or "").upper()
        if self.nargs != 1:
            name += "..."
        return name if self.required else f"[{name}]"


class _Vietnamese:
    """Click's help page in Vietnamese, laid out by us so that it is the same under every click
    version: usage, text, arguments ("Tham số"), options ("Tùy chọn"), commands ("Lệnh")."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)  # type: ignore[attr-defined]
        self._format_arguments(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)  # type: ignore[attr-defined]

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cách dùng: ")

    def _format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (param.help_metavar(), param.description)
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
            if isinstance(param, Argument)
        ]
        if rows:
            with formatter.section("Tham số"):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        opts = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if isinstance(param, click.Argument):
                continue  # click 8.5 gives arguments a help record too: they are listed above
            record = _help_record(param, ctx)
            if record is not None:
                opts.append(record)
        if opts:
            with formatter.section("Tùy chọn"):
                formatter.write_dl(opts)
        if isinstance(self, click.Group):
            commands = []
            for name in self.list_commands(ctx):
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                commands.append((name, command.get_short_help_str(limit=70)))
            if commands:
                with formatter.section("Lệnh"):
                    formatter.write_dl(commands)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """click's parsing; the errors are given this command's context (click leaves an
        option's missing value without one) and extra arguments are refused in Vietnamese."""
        strict = not ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest: list[str] = super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as error:
            error.ctx = error.ctx or ctx
            raise
        finally:
            ctx.allow_extra_args = not strict
        if strict and rest and not ctx.resilient_parsing:
            raise UsageError(f"thừa tham số: {' '.join(rest)}", ctx)
        return rest

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option


class Command(_Vietnamese, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        super().__init__(*args, **kwargs)


class Group(_Vietnamese, click.Group):
    command_class = Command
    group_class = type  # subgroups use this same class

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY CHỌN]")
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM SỐ]...")
        super().__init__(*args, **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        return None  # listed by format_options under "Lệnh"

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        unknown = self.get_command(ctx, name) is None and not name.startswith("-")
        if unknown and not ctx.resilient_parsing:
            visible = [n for n in self.list_commands(ctx) if not self.commands[n].hidden]
            raise UsageError(f"không có lệnh '{name}'{_suggestion(name, visible)}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        # nothing left after the group's own options (`giaouoc --`): click says "Missing command."
        left = ctx.args or getattr(ctx, "_protected_args", None)
        if not left and not self.invoke_without_command:
            raise UsageError("thiếu lệnh", ctx)
        return super().invoke(ctx)


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _emit_json(document: Any) -> None:
    # indented for a person at a terminal; compact for a program (and several times faster:
    # Python's JSON encoder only runs in C without indentation)
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json.dumps(document, ensure_ascii=False, indent=indent, default=str))


def _fail(error: GiaoUocError, as_json: bool) -> NoReturn:
    if as_json:
        detail = getattr(error, "detail", "")
        _emit_json({"valid": False, "error": str(error), **({"detail": detail} if detail else {})})
    else:
        click.echo(f"Lỗi: {error}", err=True)
    sys.exit(error.exit_code)


def _print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        where = finding.where or "-"
        click.echo(
            f"  {SEVERITY_LABELS[finding.severity]:<9} {where:<24} [{finding.code}] {finding.message}"
        )


def _summary(compact: Compact) -> str:
    per_level = ", ".join(
        f"{level.value} {compact.max_points([level]):g} điểm"
        for level in Level
        if compact.targets_for([level])
    )
    return (
        f"{len(compact.contents)} nội dung, {len(compact.target_groups)} nhóm chỉ tiêu, "
        f"{len(compact.targets)} chỉ tiêu ({per_level}), {len(compact.tiers)} mức xếp loại, "
        f"{len(compact.blocs)} khối, {len(compact.schools)} trường"
    )


def _check_book(path: Path, as_json: bool) -> CompactBookResult:
    try:
        return api.read_compact_book(path)
    except GiaoUocError as error:
        _fail(error, as_json)


def _book(description: str) -> Callable[[Any], Any]:
    """The compact book argument of a command."""
    return click.argument(
        "book",
        cls=Argument,
        metavar="SỔ_GIAO_ƯỚC",
        type=PathType(dir_okay=False),
        description=description,
    )


def _period(help_text: str) -> Callable[[Any], Any]:
    return click.option(
        "--period", metavar="KỲ", callback=lambda _c, _p, v: _period_option(v), help=help_text
    )


def _jobs(help_text: str) -> Callable[[Any], Any]:
    return click.option("--jobs", type=CountRange(1, 64), default=None, metavar="N", help=help_text)


_json = click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON.")
_submissions = click.argument(
    "folder",
    cls=Argument,
    metavar="THƯ_MỤC_BÀI_NỘP",
    type=PathType(file_okay=False, exists=True),
    description="Thư mục bài nộp (đọc cả thư mục con).",
)


def _sample_option(value: str | None) -> str | None:
    if value is not None and value not in SAMPLES:
        raise click.BadParameter(f"không có mẫu '{value}'; chọn một trong: {', '.join(SAMPLES)}")
    return value


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(
    __version__, "-V", "--version", message="giaouoc %(version)s", help="Hiện phiên bản rồi thoát."
)
def cli() -> None:
    """giaouoc: giao ước thi đua của các trường học trên Excel.

    Soạn sổ giao ước, kiểm tra, xuất dữ liệu; chạy thử toàn bộ với 'giaouoc demo'.
    """


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
def demo(outdir: Path) -> None:
    """Chạy thử toàn bộ trên mẫu Thanh Ba (ghi vào THƯ_MỤC)."""
    try:
        result = run_demo(outdir)
    except GiaoUocError as error:
        _fail(error, False)
    click.echo(f"Sổ giao ước: {result.book}")
    click.echo(f"Mẫu cho {len(result.templates)} trường: {result.templates[0].parent}")
    click.echo(f"Bài nộp mô phỏng (có lỗi thường gặp): {result.returns}")
    click.echo(f"Sổ thẩm định: {result.appraisal}; đơn vị đã nhập (mô phỏng):")
    for line in result.typed:
        click.echo(f"  - {line}")
    assert result.report is not None
    print_merge(result.report)
    click.echo(
        f"Xong trong {result.seconds:.1f} giây. Mở {result.summary} bằng Excel hoặc LibreOffice để xem và in."
    )


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
    callback=lambda _c, _p, v: _sample_option(v),
    help="Điền sẵn một giao ước mẫu (tên ở cuối trang này).",
)
@click.option("--force", is_flag=True, help="Ghi đè nếu TỆP_SỔ đã có.")
def compact_new(out: Path, sample_name: str | None, force: bool) -> None:
    """Tạo sổ giao ước TỆP_SỔ (.xlsx; trống, hoặc theo mẫu)."""
    try:
        api.new_compact_book(out, sample_name, force)
    except GiaoUocError as error:
        _fail(error, False)
    what = f"theo mẫu {sample_name}" if sample_name else "trống"
    click.echo(f"Đã ghi sổ giao ước {what}: {out}")


@compact.command("check", cls=Command)
@_book("Sổ giao ước cần kiểm tra (.xlsx).")
@_json
def compact_check(book: Path, as_json: bool) -> None:
    """Kiểm tra SỔ_GIAO_ƯỚC: báo mọi lỗi cùng lúc, kèm sheet và ô."""
    result = _check_book(book, as_json)
    errors = [f for f in result.findings if f.severity == "error"]
    if as_json:
        _emit_json(
            {
                "valid": result.valid,
                "file": str(book),
                "stats": {"errors": len(errors), "warnings": len(result.findings) - len(errors)},
                "findings": [f.to_json() for f in result.findings],
            }
        )
    elif result.valid and result.compact is not None:
        click.echo(f"{book}: hợp lệ — {_summary(result.compact)}")
        _print_findings(result.findings)
    else:
        click.echo(f"{book}: {len(errors)} lỗi, {len(result.findings) - len(errors)} cảnh báo")
        _print_findings(result.findings)
    sys.exit(0 if result.valid else 1)


@compact.command("export", cls=Command)
@_book("Sổ giao ước cần xuất (.xlsx).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Xuất dạng JSON (bắt buộc: hiện chỉ có dạng này).",
)
@click.pass_context
def compact_export(ctx: click.Context, book: Path, as_json: bool) -> None:
    """Xuất giao ước trong SỔ_GIAO_ƯỚC dạng JSON (chỉ khi sổ hợp lệ)."""
    if not as_json:
        raise UsageError("cần --json (hiện chỉ xuất được dạng JSON)", ctx)
    result = _check_book(book, True)
    if result.compact is None:
        _emit_json({"valid": False, "findings": [f.to_json() for f in result.findings]})
        sys.exit(1)
    _emit_json(result.compact.to_json())


@cli.command("template", cls=Command)
@_book("Sổ giao ước (.xlsx) có danh sách trường.")
@click.option(
    "--out",
    "outdir",
    required=True,
    type=PathType(file_okay=False),
    help="Thư mục ghi các mẫu.",
)
@click.option(
    "--school",
    "schools",
    multiple=True,
    metavar="MÃ",
    help="Chỉ ghi mẫu của trường có mã này (lặp lại được).",
)
@_jobs("Số tiến trình song song (mặc định: số lõi CPU).")
def template(book: Path, outdir: Path, schools: tuple[str, ...], jobs: int | None) -> None:
    """Ghi mẫu giao ước cho từng trường (một tệp .xlsx mỗi trường) vào thư mục ghi ở --out."""
    try:
        compact = api.load_compact(book)
        written = api.write_templates(compact, outdir, schools or None, jobs)
    except InvalidCompact as error:
        click.echo(f"Lỗi: {error}", err=True)
        _print_findings([f for f in error.findings])
        sys.exit(1)
    except GiaoUocError as error:
        _fail(error, False)
    click.echo(f"Đã ghi {len(written)} mẫu vào {outdir}")


def _period_option(value: str | None) -> Period | None:
    if value is None:
        return None
    try:
        return api.parse_period(value)
    except ValueError:
        choices = ", ".join(p.value for p in Period)
        raise click.BadParameter(f"không có kỳ '{value}'; chọn một trong: {choices}") from None


def _load_compact_or_exit(book: Path, as_json: bool) -> Compact:
    try:
        return api.load_compact(book)
    except InvalidCompact as error:
        if as_json:
            _emit_json(
                {
                    "valid": False,
                    "error": str(error),
                    "findings": [f.to_json() for f in error.findings],
                }
            )
        else:
            click.echo(f"Lỗi: {error}", err=True)
            _print_findings(error.findings)
        sys.exit(1)
    except GiaoUocError as error:
        _fail(error, as_json)


@cli.command("check", cls=Command)
@_book("Sổ giao ước (.xlsx) dùng để kiểm tra.")
@click.argument(
    "files",
    cls=Argument,
    metavar="TỆP",
    nargs=-1,
    required=True,
    type=PathType(dir_okay=False),
    description="Các tệp trường gửi về (.xlsx, .xlsm, .xls, .ods…).",
)
@_period("Kỳ kiểm tra: dang-ky, hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).")
@_json
@click.option(
    "--feedback",
    "feedback_dir",
    type=PathType(file_okay=False),
    metavar="THƯ_MỤC",
    help="Ghi bản sao của từng tệp kèm sheet 'Kết quả kiểm tra' vào thư mục này.",
)
def check_command(
    book: Path,
    files: tuple[Path, ...],
    period: Period | None,
    as_json: bool,
    feedback_dir: Path | None,
) -> None:
    """Kiểm tra các TỆP trường gửi về theo SỔ_GIAO_ƯỚC."""
    compact = _load_compact_or_exit(book, as_json)
    try:
        result = api.check(compact, files, period, feedback_dir)
    except GiaoUocError as error:
        _fail(error, as_json)
    if as_json:
        _emit_json(result.to_json())
    else:
        print_reports(result)
    sys.exit(result.exit_code)


def print_reports(result: CheckResult) -> None:
    """A table of findings grouped by file, and a one-line verdict per file."""
    console = Console(highlight=False, soft_wrap=False)
    reports = result.files
    for report in reports:
        school = f" — trường {report.school}" if report.school else ""
        console.rule(f"[bold]{escape(report.name)}{escape(school)}", align="left")
        if report.findings:
            table = Table(show_lines=False, expand=True, box=box.SIMPLE_HEAD)
            table.add_column("Mức độ", no_wrap=True)
            table.add_column("Vị trí", no_wrap=True)
            table.add_column("Mã", no_wrap=True)
            table.add_column("Nội dung", ratio=1)
            for finding in report.findings:
                style = "red" if finding.severity is Severity.ERROR else "yellow"
                table.add_row(
                    f"[{style}]{SEVERITY_LABELS[finding.severity]}[/]",
                    escape(finding.where or "-"),
                    finding.code,
                    escape(finding.message),
                )
            console.print(table)
        if report.unreadable:
            verdict = "[red]✘ không đọc được[/]"
        elif report.valid:
            verdict = f"[green]✔ hợp lệ[/] ({len(report.warnings)} cảnh báo)"
        else:
            verdict = f"[red]✘ {len(report.errors)} lỗi[/], {len(report.warnings)} cảnh báo"
        console.print(f"{verdict} — {escape(report.name)}")
        if report.feedback:
            console.print(f"  Bản phản hồi: {escape(report.feedback)}")
    valid = sum(r.valid for r in reports)
    console.print(
        f"\n[bold]Tổng cộng:[/] {len(reports)} tệp, {valid} hợp lệ, {len(reports) - valid} có lỗi"
    )


@cli.command("merge", cls=Command)
@_book("Sổ giao ước (.xlsx) dùng để tổng hợp.")
@_submissions
@click.option(
    "--out",
    "out",
    type=PathType(dir_okay=False),
    metavar="TỆP",
    help="Bảng tổng hợp cần ghi (.xlsx); bắt buộc trừ khi dùng --dry-run.",
)
@_period("Kỳ tổng hợp: dang-ky, hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).")
@_jobs("Số tiến trình đọc song song (mặc định: số lõi CPU).")
@click.option(
    "--pdf",
    "pdf",
    type=PathType(dir_okay=False),
    metavar="TỆP",
    help="In thêm các văn bản cần ký (tổng quan, bảng kết quả từng khối) ra một tệp PDF "
    "(cần LibreOffice).",
)
@click.option(
    "--appraisal",
    "appraisal",
    type=PathType(dir_okay=False, exists=True),
    metavar="TỆP",
    help="Sổ thẩm định: chấm điểm theo kết quả thẩm định (ghi sổ bằng 'giaouoc appraise').",
)
@click.option(
    "--slips",
    "slips",
    type=PathType(file_okay=False),
    metavar="THƯ_MỤC",
    help="Ghi phiếu kết quả của từng trường vào thư mục này.",
)
@click.option(
    "--dry-run", is_flag=True, help="Làm mọi bước trừ ghi bảng tổng hợp; in bảng tình trạng."
)
@_json
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
    slips: Path | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Tổng hợp mọi bài nộp trong THƯ_MỤC_BÀI_NỘP theo SỔ_GIAO_ƯỚC thành bảng tổng hợp."""
    if out is None and not dry_run:
        raise UsageError("cần --out TỆP (hoặc --dry-run)", ctx)
    compact = _load_compact_or_exit(book, as_json)
    try:
        with _progress(show=not as_json) as progress:
            report = api.merge(
                compact, folder, out=out, pdf=pdf, slips=slips, appraisal=appraisal,
                period=period, jobs=jobs, progress=progress, say=_stage(as_json),
                on_wait=_waiting, dry_run=dry_run,
            )  # fmt: skip
    except GiaoUocError as error:
        _fail(error, as_json)
    if as_json:
        indent = 2 if sys.stdout.isatty() else None
        for piece in report.json_text(indent=indent):  # a school at a time
            sys.stdout.write(piece)
        sys.stdout.write("\n")
    else:
        print_merge(report)
    sys.exit(report.exit_code)


@cli.command("appraise", cls=Command)
@_book("Sổ giao ước (.xlsx).")
@_submissions
@click.option(
    "--out",
    "out",
    required=True,
    type=PathType(dir_okay=False),
    metavar="TỆP",
    help="Sổ thẩm định cần ghi (.xlsx); đã có thì ghi lại, giữ mọi ô đã nhập.",
)
@_period("Kỳ thẩm định: hk1, cuoi-nam (mặc định: kỳ đang thu trong sổ).")
@_jobs("Số tiến trình đọc song song (mặc định: số lõi CPU).")
@_json
def appraise_command(
    book: Path, folder: Path, out: Path, period: Period | None, jobs: int | None, as_json: bool
) -> None:
    """Ghi sổ thẩm định từ bài nộp trong THƯ_MỤC_BÀI_NỘP, giữ mọi ô đã nhập."""
    compact = _load_compact_or_exit(book, as_json)
    try:
        with _progress(show=not as_json) as progress:
            result, written = api.appraise(
                compact, folder, out, period, jobs, progress, _stage(as_json), _waiting
            )
    except GiaoUocError as error:
        _fail(error, as_json)
    if as_json:
        _emit_json({**written.to_json(), "period": result.period.value})
        return
    console = Console(highlight=False)
    for line in written.lines():
        console.print(escape(line))


def _stage(as_json: bool) -> Callable[[str], None] | None:
    """What a job is doing, on the terminal's stderr (not when stderr is a file or a pipe:
    a batch's log keeps what matters)."""
    if as_json or not sys.stderr.isatty():
        return None
    return lambda message: click.echo(message, err=True)


def _waiting(message: str) -> None:
    """Another job writes the same output: always said (a batch's log says why it waited)."""
    click.echo(message, err=True)


@contextlib.contextmanager
def _progress(show: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal while files are read (none when not a terminal)."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    with Progress(
        TextColumn("Đang đọc bài nộp"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("đọc", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def print_merge(report: MergeReport) -> None:
    """What a merge did: the files and schools per bloc, what was written, what failed."""
    result = report.result
    console = Console(highlight=False)
    table = Table(
        title=f"Tổng hợp {label(result.period).lower()} — {len(result.files)} tệp",
        box=box.SIMPLE_HEAD,
    )
    for column in ("Khối", "Số trường", "Hợp lệ", "Có lỗi", "Chưa nộp"):
        table.add_column(column, justify="left" if column == "Khối" else "right")
    for count in result.blocs:
        table.add_row(
            escape(count.bloc.name),
            str(count.schools),
            str(count.valid),
            str(count.with_errors),
            str(count.missing),
        )
    console.print(table)
    console.print(
        "Tệp: "
        + ", ".join(
            f"{count} {FILE_STATUS_SHORT[status]}" for status, count in result.file_counts().items()
        )
    )
    missing = [r.school for r in result.schools if r.status is SchoolStatus.MISSING]
    if missing:
        console.print(
            "Chưa nộp: "
            + escape(", ".join(f"{s.code} {s.name}" for s in missing[:10]))
            + (" …" if len(missing) > 10 else "")
        )
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    console.print(f"Lỗi: {errors}, cảnh báo: {len(result.findings) - errors}")
    office = [f for f in result.appraisal_findings if f.code.startswith("appraisal-")]
    for finding in office[:10]:  # the office's own book: said here, not only in the summary
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        console.print(f"[{colour}]•[/] {escape(finding.message)}")
    if len(office) > 10:
        console.print(
            f"… và {len(office) - 10} phát hiện khác về sổ thẩm định (xem bảng tổng hợp)."
        )
    for note in report.notes:
        console.print(escape(note))
    if report.summary:
        console.print(f"[bold]Bảng tổng hợp:[/] {escape(report.summary)}")
    else:
        console.print("(--dry-run: không ghi bảng tổng hợp)")
    if report.slips:
        folder = str(Path(report.slips[0]).parent)
        console.print(f"[bold]Phiếu kết quả:[/] {len(report.slips)} tệp trong {escape(folder)}")
    if report.pdf:
        console.print(f"[bold]Văn bản cần ký (PDF):[/] {escape(report.pdf)}")
    errors_console = Console(stderr=True, highlight=False)
    for failure in report.failures:
        errors_console.print(f"[red]Lỗi:[/] {escape(failure.message)}")


def _param_hint(error: click.BadParameter) -> str:
    """``'--jobs'`` or ``'THƯ_MỤC_BÀI_NỘP'``: the parameter an error is about, as the help shows it."""
    if error.param is not None and error.ctx is not None:
        return error.param.get_error_hint(error.ctx)
    hint = error.param_hint
    if isinstance(hint, str):
        return f"'{hint}'"
    return " / ".join(f"'{h}'" for h in hint) if hint else "tham số"


def _option_usage(error: click.BadOptionUsage) -> str:
    """An option given a value it does not take, or none when it needs one."""
    name = error.option_name
    params = error.ctx.command.get_params(error.ctx) if error.ctx else []
    option = next(
        (p for p in params if isinstance(p, click.Option) and name in (*p.opts, *p.secondary_opts)),
        None,
    )
    if option is None:
        return f"dùng sai tùy chọn {name}"
    if option.is_flag or option.count:
        return f"tùy chọn {name} không nhận giá trị"
    return f"tùy chọn {name} cần {option.nargs if option.nargs > 1 else 'một'} giá trị"


def _usage_message(error: click.UsageError) -> str:
    """The error in Vietnamese, built from the exception's attributes, never click's English."""
    if isinstance(error, UsageError):
        return error.message
    if isinstance(error, click.NoSuchOption):
        name = error.option_name
        return f"không có tùy chọn {name}{_suggestion(name, error.possibilities or ())}"
    if isinstance(error, click.BadOptionUsage):
        return _option_usage(error)
    if isinstance(error, click.MissingParameter):
        return f"thiếu {_param_hint(error)}"
    if isinstance(error, click.BadParameter):
        return f"{_param_hint(error)} không hợp lệ: {error.message}"
    return "dùng lệnh chưa đúng cách"  # any other of click's (English) usage errors


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    utf8_streams()  # before anything is written: Vietnamese through any code page
    try:
        cli.main(args=argv, prog_name="giaouoc", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "")
        sys.exit(0)
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx else "giaouoc"
        click.echo(f"Lỗi: {_usage_message(error)}\nXem hướng dẫn: {command} --help", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)


if __name__ == "__main__":
    main()
