"""The CLI reference (docs/cli.md), generated from the typer app so that it cannot drift.

python -m battlemap.clidoc > docs/cli.md
"""

from __future__ import annotations

from typing import Any

import typer

from battlemap.cli import app


def _option_line(param: Any) -> str:
    names = ", ".join(f"`{n}`" for n in (*param.opts, *param.secondary_opts))
    help_text = getattr(param, "help", None) or ""
    default = param.default
    shown = ""
    if default not in (None, False, (), []) and not callable(default):
        value = getattr(default, "value", default)
        shown = f" (default: `{value}`)"
    return f"| {names} | {help_text}{shown} |"


def _command_section(name: str, command: Any) -> list[str]:
    usage = " ".join(
        "[OPTIONS]" if p.param_type_name == "option" else p.human_readable_name.upper()
        for p in command.params
        if p.param_type_name == "argument" or p is command.params[-1]
    )
    lines = [f"## `battlemap {name}`", "", f"```\nbattlemap {name} {usage}\n```", ""]
    lines += [(command.help or "").strip(), ""]
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option"]
    for argument in arguments:
        lines.append(f"- argument `{argument.human_readable_name}`")
    if arguments:
        lines.append("")
    if options:
        lines += ["| option | meaning |", "|---|---|", *map(_option_line, options), ""]
    return lines


def reference() -> str:
    group: Any = typer.main.get_command(app)
    lines = [
        "# CLI reference",
        "",
        "Generated from the program by `python -m battlemap.clidoc`; a test keeps it current.",
        "Exit codes everywhere: 0 success; 1 the input has errors (in `check`: also flags at",
        "severity error, and warnings under `--strict`); 2 usage or I/O error.",
        "`battlemap --help` and each command's `--help` are in Chinese with `--lang zh` or a",
        "Chinese locale (`LANG=zh_CN.UTF-8`).",
        "",
    ]
    for name in sorted(group.commands):
        lines += _command_section(name, group.commands[name])
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
