"""What the `giaouoc` command shows: JSON documents on stdout, findings and verdicts, the merge's
summary, the demo's outputs, a progress bar and the jobs' stages on the terminal. Everything
here prints what the library returned; no figure is worked out here.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..api import (
    FILE_STATUS_SHORT,
    SEVERITY_LABELS,
    CheckResult,
    Compact,
    CompactBookResult,
    Finding,
    GiaoUocError,
    InvalidCompact,
    Level,
    MergeReport,
    MergeResult,
    Period,
    Report,
    SchoolStatus,
    Severity,
    Written,
    label,
)

if TYPE_CHECKING:
    from ..demo import DemoResult

#: What a job calls as files are read: (done, total).
OnProgress = Callable[[int, int], None]

#: How many missing schools, and findings about the appraisal book, a merge's summary names.
SHOWN = 10


# --------------------------------------------------------------------------- JSON


def _indent() -> int | None:
    # indented for a person at a terminal; compact for a program (and several times faster:
    # Python's JSON encoder only runs in C without indentation)
    return 2 if sys.stdout.isatty() else None


def emit_json(document: Any) -> None:
    """The one JSON document of a command, on stdout."""
    click.echo(json.dumps(document, ensure_ascii=False, indent=_indent(), default=str))


def emit_invalid_book_json(result: CompactBookResult) -> None:
    """``compact export`` of a book with errors: its findings, nothing exported."""
    emit_json({"valid": False, "findings": [f.to_json() for f in result.findings]})


# --------------------------------------------------------------------------- errors, findings


def print_error(error: GiaoUocError, as_json: bool) -> None:
    """What stopped a command: a JSON document with ``--json``, else a line on stderr (and an
    invalid compact's findings)."""
    findings = error.findings if isinstance(error, InvalidCompact) else None
    if as_json:
        document: dict[str, Any] = {"valid": False, "error": str(error)}
        detail = getattr(error, "detail", "")
        if detail:
            document["detail"] = detail
        if findings is not None:
            document["findings"] = [f.to_json() for f in findings]
        emit_json(document)
        return
    click.echo(f"Lỗi: {error}", err=True)
    if findings:
        print_findings(findings)


def print_findings(findings: Iterable[Finding]) -> None:
    """One line a finding: severity, sheet and cell, code, message."""
    for finding in findings:
        where = finding.where or "-"
        click.echo(
            f"  {SEVERITY_LABELS[finding.severity]:<9} {where:<24} [{finding.code}] {finding.message}"
        )


# --------------------------------------------------------------------------- the compact book


def _compact_summary(compact: Compact) -> str:
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


def show_compact_check(result: CompactBookResult, as_json: bool) -> None:
    """A compact book's JSON document; or its verdict (what it holds when valid, else its
    counts) and its findings."""
    if as_json:
        emit_json(result.to_json())
        return
    if result.valid and result.compact is not None:
        click.echo(f"{result.path}: hợp lệ — {_compact_summary(result.compact)}")
    else:
        stats = result.report.stats
        click.echo(f"{result.path}: {stats['errors']} lỗi, {stats['warnings']} cảnh báo")
    print_findings(result.findings)


# --------------------------------------------------------------------------- check


def _findings_table(findings: list[Finding]) -> Table:
    table = Table(show_lines=False, expand=True, box=box.SIMPLE_HEAD)
    table.add_column("Mức độ", no_wrap=True)
    table.add_column("Vị trí", no_wrap=True)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Nội dung", ratio=1)
    for finding in findings:
        style = "red" if finding.severity is Severity.ERROR else "yellow"
        table.add_row(
            f"[{style}]{SEVERITY_LABELS[finding.severity]}[/]",
            escape(finding.where or "-"),
            finding.code,
            escape(finding.message),
        )
    return table


def show_check(result: CheckResult, as_json: bool) -> None:
    """The check's JSON document; or a table of findings grouped by file, a one-line verdict
    per file and the counts."""
    if as_json:
        emit_json(result.to_json())
        return
    console = Console(highlight=False, soft_wrap=False)
    for report in result.files:
        school = f" — trường {report.school}" if report.school else ""
        console.rule(f"[bold]{escape(report.name)}{escape(school)}", align="left")
        if report.findings:
            console.print(_findings_table(report.findings))
        if report.unreadable:
            verdict = "[red]✘ không đọc được[/]"
        elif report.valid:
            verdict = f"[green]✔ hợp lệ[/] ({len(report.warnings)} cảnh báo)"
        else:
            verdict = f"[red]✘ {len(report.errors)} lỗi[/], {len(report.warnings)} cảnh báo"
        console.print(f"{verdict} — {escape(report.name)}")
        if report.feedback:
            console.print(f"  Bản phản hồi: {escape(report.feedback)}")
    stats = result.stats
    console.print(
        f"\n[bold]Tổng cộng:[/] {stats['files']} tệp, {stats['valid_files']} hợp lệ, "
        f"{stats['files'] - stats['valid_files']} có lỗi"
    )


# --------------------------------------------------------------------------- merge


def _bloc_table(result: MergeResult) -> Table:
    table = Table(
        title=f"Tổng hợp {label(result.period).lower()} — {len(result.files)} tệp",
        box=box.SIMPLE_HEAD,
    )
    columns = ("Khối", "Số trường", "Hợp lệ", "Có lỗi", "Tệp không dùng được", "Chưa nộp")
    for column in columns:
        table.add_column(column, justify="left" if column == "Khối" else "right")
    for count in result.blocs:
        table.add_row(
            escape(count.bloc.name),
            str(count.schools),
            str(count.valid),
            str(count.with_errors),
            str(count.unusable),
            str(count.missing),
        )
    return table


def _print_merge_findings(console: Console, result: MergeResult) -> None:
    """Who sent files that cannot be used (why, what to do), who has not sent, how many errors
    and warnings, and the office's own book's findings."""
    unusable = [r for r in result.schools if r.status is SchoolStatus.UNUSABLE]
    if unusable:
        console.print("Đã gửi tệp nhưng không dùng được (chưa xếp hạng, cần gửi lại):")
        for row in unusable[:SHOWN]:
            console.print(
                f"[red]•[/] {escape(row.school.code)} {escape(row.school.name)}: {escape(row.sent)}"
                f" — tệp {escape(row.file)}{' (nhận theo mã trường trong tên tệp)' * row.by_name}"
                f"; cần {escape(row.todo)}"
            )
        if len(unusable) > SHOWN:
            console.print(f"… và {len(unusable) - SHOWN} trường khác (xem sheet Tình trạng nộp).")
    missing = [r.school for r in result.schools if r.status is SchoolStatus.MISSING]
    if missing:
        console.print(
            "Chưa nộp: "
            + escape(", ".join(f"{s.code} {s.name}" for s in missing[:SHOWN]))
            + (" …" if len(missing) > SHOWN else "")
        )
    stats = Report(result.findings).stats
    console.print(f"Lỗi: {stats['errors']}, cảnh báo: {stats['warnings']}")
    # the office's own books (appraisal, history): said here, not only in the summary
    office = [f for f in result.appraisal_findings if f.code.startswith(("appraisal-", "history-"))]
    for finding in office[:SHOWN]:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        console.print(f"[{colour}]•[/] {escape(finding.message)}")
    if len(office) > SHOWN:
        console.print(
            f"… và {len(office) - SHOWN} phát hiện khác về sổ thẩm định, sổ lịch sử (xem bảng "
            "tổng hợp)."
        )


def _print_outputs(console: Console, report: MergeReport) -> None:
    """What the merge wrote, and (on stderr) each output it could not write."""
    for note in report.notes:
        console.print(escape(note))
    history = report.result.history
    if history is not None:
        years = f" (năm học {history.years[0]} đến {history.years[-1]})" if history.years else ""
        console.print(f"Sổ lịch sử: {escape(report.result.history_path)}{years}")
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


def show_merge(report: MergeReport, as_json: bool) -> None:
    """A merge's JSON document, written a school at a time (a province's is large); or
    :func:`print_merge`."""
    if not as_json:
        print_merge(report)
        return
    for piece in report.json_text(indent=_indent()):
        sys.stdout.write(piece)
    sys.stdout.write("\n")


def print_merge(report: MergeReport) -> None:
    """What a merge did: the files and schools per bloc, what was written, what failed."""
    result = report.result
    console = Console(highlight=False)
    console.print(_bloc_table(result))
    console.print(
        "Tệp: "
        + ", ".join(
            f"{count} {FILE_STATUS_SHORT[status]}" for status, count in result.file_counts().items()
        )
    )
    _print_merge_findings(console, result)
    _print_outputs(console, report)


# --------------------------------------------------------------------------- other commands


def print_new_book(out: Path, sample_name: str | None) -> None:
    what = f"theo mẫu {sample_name}" if sample_name else "trống"
    click.echo(f"Đã ghi sổ giao ước {what}: {out}")


def print_templates(written: list[Path], outdir: Path) -> None:
    click.echo(f"Đã ghi {len(written)} mẫu vào {outdir}")


def show_appraisal(period: Period, written: Written, as_json: bool) -> None:
    """The appraisal book written: its JSON document (with the period), or its lines."""
    if as_json:
        emit_json({**written.to_json(), "period": period.value})
        return
    console = Console(highlight=False)
    for line in written.lines():
        console.print(escape(line))


def _print_demo_books(result: DemoResult, kind: str, returns: str, typed: str) -> None:
    """The books a demo wrote, then the lines its simulated office typed into the appraisal
    book: ``kind`` after the compact book's name, what the returns are, who typed."""
    click.echo(f"Sổ giao ước{kind}: {result.book}")
    click.echo(f"Mẫu cho {len(result.templates)} trường: {result.templates[0].parent}")
    click.echo(f"Bài nộp mô phỏng ({returns}): {result.returns}")
    click.echo(f"Sổ thẩm định: {result.appraisal}; {typed} (mô phỏng):")
    for line in result.typed:
        click.echo(f"  - {line}")


def print_demo(result: DemoResult) -> None:
    """Where the demo wrote each thing, what its simulated office typed, and its merge."""
    _print_demo_books(result, "", "có lỗi thường gặp", "đơn vị đã nhập")
    if result.history is not None:
        click.echo(f"Sổ lịch sử (hai năm học trước, mô phỏng): {result.history}")
        for line in result.history_lines:
            click.echo(f"  - {line}")
    assert result.report is not None
    print_merge(result.report)
    click.echo(
        f"Xong trong {result.seconds:.1f} giây. Mở {result.summary} bằng Excel hoặc LibreOffice để xem và in."
    )


def print_score_sheet_demo(result: DemoResult) -> None:
    """The score sheet's demo: where it wrote each thing, the corrections its simulated
    evaluating team typed, and its merge."""
    _print_demo_books(
        result, " (bảng điểm)", "trường tự chấm từng tiêu chí", "đoàn đánh giá đã chấm lại"
    )
    assert result.report is not None
    print_merge(result.report)
    click.echo(
        f"Xong trong {result.seconds:.1f} giây. Phiếu kết quả và phụ lục thẩm định ghi điểm tự "
        f"chấm và điểm thẩm định của từng tiêu chí được chấm lại; mở {result.summary} để xem và in."
    )


# --------------------------------------------------------------------------- while a job runs


def stage(as_json: bool) -> Callable[[str], None] | None:
    """What a job is doing, on the terminal's stderr (not when stderr is a file or a pipe:
    a batch's log keeps what matters)."""
    if as_json or not sys.stderr.isatty():
        return None
    return lambda message: click.echo(message, err=True)


def waiting(message: str) -> None:
    """Another job writes the same output: always said (a batch's log says why it waited)."""
    click.echo(message, err=True)


@contextlib.contextmanager
def progress(show: bool) -> Iterator[OnProgress | None]:
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
