"""Usage errors of the command line (a missing argument, an unknown option, a bad choice)
in the run's language.

Why not click's own text: it is English only ("Missing argument 'PATHS...'."), and a user
who writes accounts in Chinese gets every other message in Chinese. The language is
``--lang`` when the command line has a readable one, else the environment's (the rest of
the command line is not trusted: it is what went wrong). `Commands`, battlemap's command
group, prints them; the option values battlemap reads itself (``--today``, ``build
--format``) are refused here in both languages too.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any

import typer
from typer import Abort

# typer (0.20 on) carries its own copy of click; its usage errors are these classes.
from typer._click import exceptions as click
from typer.core import TyperGroup

from battlemap.diagnostics import printable
from battlemap.language import LANGUAGES, Words, terminal_lang
from battlemap.options import FORMATS


class WordedBadParameter(click.BadParameter):
    """A bad option value whose message battlemap wrote in both languages; ``option``
    names it when the command's own code finds it bad (click then knows no parameter)."""

    def __init__(self, words: Words, option: str) -> None:
        super().__init__(words.en, param_hint=f"'{option}'")
        self.words = words


def parse_day(value: str | None) -> date | None:
    """``--today`` (YYYY-MM-DD), or None when not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        words = Words("'{value}' is not a date (YYYY-MM-DD)", "「{value}」不是日期（YYYY-MM-DD）")
        raise WordedBadParameter(words.format(value=value), "--today") from err


def output_formats(value: str) -> tuple[str, ...]:
    """``build --format``: formats of `options.FORMATS`, comma-separated, each once."""
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not chosen or any(f not in FORMATS for f in chosen):
        words = Words("formats are {en} (comma-separated)", "格式可以是 {zh}（用英文逗号分隔）")
        raise WordedBadParameter(
            words.format(en=", ".join(FORMATS), zh="、".join(FORMATS)), "--format"
        )
    return chosen


def usage_lang(args: Sequence[str]) -> str:
    """``--lang zh`` (or ``--lang=zh``) from the command line, else the environment's."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.removeprefix("--lang=")
    return terminal_lang(chosen if chosen in LANGUAGES else None)


_NO_SUCH_COMMAND = re.compile(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?")
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra arguments? \((.*)\)")
_BELOW_RANGE = re.compile(r"(.*) is not in the range x>=(.*)\.")
_OUT_OF_RANGE = re.compile(r"(.*) is not in the range (.*)\.")
_PATH_REFUSED = re.compile(r"(?:File|Directory|Path) '(.*)' (.*)\.")
_PATH_REASONS = {
    "does not exist": "「{path}」不存在",
    "is a file": "「{path}」是文件，这里要的是文件夹",
    "is a directory": "「{path}」是文件夹，这里要的是文件",
    "is not readable": "「{path}」无法读取（没有权限）",
    "is not writable": "「{path}」无法写入（没有权限）",
}


def _missing(err: click.MissingParameter) -> Words:
    param = err.param
    hint = param.get_error_hint(err.ctx) if param is not None and err.ctx else ""
    kind = err.param_type or (param.param_type_name if param is not None else "")
    if kind == "argument":
        return Words("Missing argument {hint}.", "缺少参数 {hint}。").format(hint=hint)
    return Words("Missing option {hint}.", "缺少选项 {hint}。").format(hint=hint)


def _no_such_option(err: click.NoSuchOption) -> Words:
    message = Words("No such option: {name}", "没有这个选项：{name}").format(name=err.option_name)
    close = sorted(err.possibilities or ())
    if not close:
        return message
    listed = Words(", ".join(close), "、".join(close))
    hint = Words(" Did you mean {close.en}?", "；是不是 {close.zh}？").format(close=listed)
    return Words(message.en + hint.en, message.zh + hint.zh)


def _bad_parameter(err: click.BadParameter) -> Words:
    if isinstance(err, WordedBadParameter):
        reason = err.words
    elif err.param is not None and getattr(err.param.type, "choices", None):
        choices = [str(getattr(c, "value", c)) for c in getattr(err.param.type, "choices", ())]
        reason = Words(err.message, "可选：{choices}").format(choices="、".join(choices))
    elif below := _BELOW_RANGE.fullmatch(err.message):
        reason = Words(err.message, "{value} 太小，至少为 {least}").format(
            value=below[1], least=below[2]
        )
    elif (path := _PATH_REFUSED.fullmatch(err.message)) and path[2] in _PATH_REASONS:
        reason = Words(err.message, _PATH_REASONS[path[2]].format(path=path[1]))
    elif outside := _OUT_OF_RANGE.fullmatch(err.message):
        reason = Words(err.message, "{value} 超出范围（{range}）").format(
            value=outside[1], range=outside[2]
        )
    else:
        reason = Words(err.message, err.message)
    if isinstance(err.param_hint, str):
        hint = err.param_hint
    else:
        hint = err.param.get_error_hint(err.ctx) if err.param is not None and err.ctx else ""
    return Words("Invalid value for {hint}: {reason.en}", "{hint} 的值无效：{reason.zh}").format(
        hint=hint, reason=reason
    )


def _other(err: click.UsageError) -> Words:
    message = err.format_message()
    command = _NO_SUCH_COMMAND.fullmatch(message)
    if command:
        close = (
            Words("", "；是不是 {close}？").format(close=command[2])
            if command[2]
            else Words("", "")
        )
        return Words(message, "没有命令「{name}」{close}").format(name=command[1], close=close.zh)
    extra = _EXTRA_ARGUMENTS.fullmatch(message)
    if extra:
        return Words(message, "多余的参数：{extra}").format(extra=extra[1])
    if isinstance(err, click.BadOptionUsage) and "requires an argument" in message:
        return Words(message, "选项 {name} 后面要写一个值").format(name=err.option_name)
    return Words(message, message)


def usage_message(err: click.UsageError) -> Words:
    """What went wrong, in both languages (click's English where it has no translation)."""
    if isinstance(err, click.MissingParameter):
        return _missing(err)
    if isinstance(err, click.NoSuchOption):
        return _no_such_option(err)
    if isinstance(err, click.BadParameter):
        return _bad_parameter(err)
    return _other(err)


_TRY_HELP = Words("Try '{command} --help' for help.", "查看帮助：{command} --help")
_ERROR = Words("Error: {message}", "错误：{message}")


def format_usage_error(err: click.UsageError, lang: str) -> str:
    """What `battlemap` prints for a usage error: the usage line, where to find help, and
    the error (as click lays it out)."""
    lines = []
    if err.ctx is not None:
        usage = err.ctx.get_usage()
        lines.append(usage.replace("Usage: ", "用法：", 1) if lang == "zh" else usage)
        lines.append(_TRY_HELP.format(command=err.ctx.command_path).in_(lang))
        lines.append("")
    lines.append(_ERROR.format(message=printable(usage_message(err).in_(lang))).in_(lang))
    return "\n".join(lines)


class Commands(TyperGroup):
    """battlemap's commands, with usage errors in the run's language.

    Why around ``main``: click prints its usage errors itself (in English) when it runs
    standalone; run non-standalone, the error comes back here to be said in the run's
    language, and the exit codes stay click's (2 for usage, the command's own otherwise)."""

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        if usage_lang(argv) == "zh":
            from battlemap.commands.help_zh import speak_chinese

            speak_chinese(self)
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.NoArgsIsHelpError as err:
            err.show()  # the help itself
            sys.exit(err.exit_code)
        except click.UsageError as err:
            typer.echo(format_usage_error(err, usage_lang(argv)), err=True)
            sys.exit(err.exit_code)
        except click.ClickException as err:
            err.show()
            sys.exit(err.exit_code)
        except Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)
