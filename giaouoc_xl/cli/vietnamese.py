"""click in Vietnamese: parameter types with Vietnamese messages, a help page laid out the same
under every click version, and usage errors worded from the exceptions' attributes, never from
click's English.
"""

from __future__ import annotations

import difflib
import json
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..api import system_detail, system_message, system_reason

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."

#: The context every command runs in: ``-h`` as well as ``--help``, help wrapped at 100.
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


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
        except OSError as error:
            if self.exists and not isinstance(error, FileNotFoundError):
                self.fail(f"không mở được '{value}': {system_reason(error)}", param, ctx)
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


def usage_message(error: click.UsageError) -> str:
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


def wants_json(argv: list[str]) -> bool:
    """Whether the command line asks for JSON (``--json`` among the options, before any
    ``--``): what a usage error, found before the options are read, goes by."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--json":
            return True
    return False


def usage_document(error: click.UsageError, prog_name: str) -> dict[str, Any]:
    """The one JSON document of a usage error under ``--json``: what a program reading stdout
    needs (the exit code is 2, as without ``--json``)."""
    path = error.ctx.command_path if error.ctx else prog_name
    return {
        "valid": False,
        "error": usage_message(error),
        "usage": True,
        "command": path,
        "help": f"{path} --help",
    }


def system_error(error: OSError, as_json: bool) -> None:
    """An error of the operating system that reached the command line: said in Vietnamese with
    the path it is about, never in the system's words or by the exception's class (those go to
    ``detail`` under ``--json``); exit 2."""
    message = system_message(error, action="mở hoặc ghi")  # whichever it was, said truly
    if as_json:
        document = {"valid": False, "error": message, "detail": system_detail(error)}
        click.echo(json.dumps(document, ensure_ascii=False))
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(2)


def run(command: click.Command, argv: list[str] | None, prog_name: str) -> None:
    """Run ``command`` as click's standalone mode does, with everything it says in Vietnamese:
    usage errors (exit 2; with ``--json`` also one JSON document on stdout), Ctrl+C (130), a
    group called with no arguments (its help), an error of the system no job worded
    (:func:`system_error`)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        command.main(args=argv, prog_name=prog_name, standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "")
        sys.exit(0)
    except click.UsageError as error:
        path = error.ctx.command_path if error.ctx else prog_name
        if wants_json(args):
            document = usage_document(error, prog_name)
            indent = 2 if sys.stdout.isatty() else None
            click.echo(json.dumps(document, ensure_ascii=False, indent=indent))
        click.echo(f"Lỗi: {usage_message(error)}\nXem hướng dẫn: {path} --help", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("Đã dừng.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # the reader of the output went away (`| head`): nothing to say
        sys.exit(1)
    except OSError as error:  # what no job turned into a message of its own
        system_error(error, wants_json(args))
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
