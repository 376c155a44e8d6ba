"""The command line's help in Chinese: every help text of the commands and their options,
keyed by its English text (the way a gettext catalogue is), and the words click writes
around them (``Usage:``, the section headings, ``[default: …]``).

Why keyed by the English: the English stays where typer reads it, next to each option and
in each command's docstring (docs/cli.md is generated from those); a test holds this table
to the app, so an option added without its Chinese fails the tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from typer._click.core import Context
from typer._click.formatting import HelpFormatter

HELP_ZH = {
    # battlemap itself, and the options typer and click add
    "Compile key-account battle maps (客户作战地图) from YAML account files.": (
        "把客户档案（YAML）编译成客户作战地图。"
    ),
    "Print the version.": "显示版本号。",
    "Install completion for the current shell.": "为当前 shell 安装命令补全。",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "显示当前 shell 的命令补全脚本，便于复制或自行安装。"
    ),
    "Show this message and exit.": "显示本帮助并退出。",
    "Examples: battlemap init accounts/east-steel.yaml; battlemap check accounts/; "
    "battlemap build accounts/ --format html,pdf -o build/. "
    "Colour only on a terminal; NO_COLOR=1 turns it off.": (
        "例如：battlemap init accounts/east-steel.yaml；battlemap check accounts/；"
        "battlemap build accounts/ --format html,pdf -o build/。"
        "只在终端上显示颜色；设置 NO_COLOR=1 可关闭颜色。"
    ),
    # options several commands share
    "Account files, or folders to search.": "客户档案，或要在其中查找客户档案的文件夹。",
    "A playbook override applied last.": "最后叠加的作战手册覆盖文件。",
    "Refuse account files larger than this.": "拒绝大于此字节数的客户档案。",
    "Include date checks as of this day (YYYY-MM-DD).": "以这一天（YYYY-MM-DD）为准做日期检查。",
    "A folder of templates that replace the built-in ones of the same name.": (
        "模板文件夹：其中的文件替换内置的同名模板。"
    ),
    "A stylesheet added after the built-in one.": "在内置样式表之后加入的样式表。",
    "Write it to this file.": "写入这个文件。",
    # check
    "Validate account files and print diagnostics (for CI and pre-commit).\n\n"
    "Example: battlemap check accounts/ --format github; battlemap check --fix accounts/": (
        "检查客户档案并列出诊断（可用于 CI 和 pre-commit）。\n\n"
        "例如：battlemap check accounts/ --format github；battlemap check --fix accounts/"
    ),
    "How to print diagnostics.": "诊断的输出格式。",
    "Fail on warnings too.": "有警告也算失败。",
    "The day to check dates against (YYYY-MM-DD); default today.": (
        "检查日期时所用的“今天”（YYYY-MM-DD）；默认是今天。"
    ),
    "Print only errors and warnings: no infos, no summary line.": (
        "只列出错误和警告：不列提示，也不打印汇总行。"
    ),
    "Skip given YAML files that are not accounts (no top-level 'battlemap:' key, or "
    "battlemap.yaml) instead of reporting them; for pre-commit.": (
        "跳过给出的、不是客户档案的 YAML 文件（顶层没有 battlemap: 键，或是 battlemap.yaml），"
        "不报错；供 pre-commit 使用。"
    ),
    "First write the fixes whose intent is unambiguous (labels to codes, names to ids, "
    "1500万 to 15000000, 26% to 0.26, dates to YYYY-MM-DD, full-width punctuation in YAML "
    "syntax) into the files, one line per fix; then check.": (
        "先把意图明确的修改写进文件（标签改为代码、姓名改为 id、1500万 改为 15000000、26% 改为 "
        "0.26、日期改为 YYYY-MM-DD、YAML 语法中的全角标点改为半角），每处修改列一行；然后再检查。"
    ),
    "Language of the messages (default: each file's lang, else battlemap.yaml's "
    "defaults.lang, else LC_ALL/LANG).": (
        "信息的语言（默认：各文件的 lang，否则 battlemap.yaml 的 defaults.lang，"
        "否则 LC_ALL/LANG）。"
    ),
    # build
    "Compile accounts to battle maps: OUT/<account id>.html, .pdf, .json.\n\n"
    "Example: battlemap build examples/zh.yaml --format html,pdf -o build/": (
        "把客户档案编译成作战地图：OUT/<客户 id>.html、.pdf、.json。\n\n"
        "例如：battlemap build examples/zh.yaml --format html,pdf -o build/"
    ),
    "Output folder.": "输出文件夹。",
    "Comma-separated: html, pdf, json.": "用英文逗号分隔：html、pdf、json。",
    "Language of labels and messages (default: the account's).": (
        "标签和信息的语言（默认：客户档案的语言）。"
    ),
    "Rebuild every account, even unchanged ones.": "重新生成每个客户，包括没有变化的。",
    "No progress bar.": "不显示进度条。",
    "Paper size of the PDF.": "PDF 的纸张大小。",
    "Page orientation of the PDF.": "PDF 的纸张方向。",
    # brief
    "The one-page briefing to print before a visit (discreet unless --full).\n\n"
    "Example: battlemap brief accounts/east-steel.yaml --visit mes-review --format pdf": (
        "拜访前打印的一页纸简报（默认只含可以给客户看到的内容；--full 打印全部）。\n\n"
        "例如：battlemap brief accounts/east-steel.yaml --visit mes-review --format pdf"
    ),
    "The account file.": "客户档案。",
    "The visit's id (default: the next visit without an outcome).": (
        "拜访的 id（默认：下一次还没有结果的拜访）。"
    ),
    "The file (default: build/<account>.<visit>.brief.html).": (
        "输出文件（默认：build/<客户>.<拜访>.brief.html）。"
    ),
    "html or pdf (default: pdf for an -o ending in .pdf).": (
        "html 或 pdf（默认：-o 以 .pdf 结尾时为 pdf）。"
    ),
    "Choose the next visit on or after this day (YYYY-MM-DD).": (
        "选这一天（YYYY-MM-DD）或之后的下一次拜访。"
    ),
    "Also print stances, trust, flags, competitors, implicit needs, personal wins and "
    "concerns, negotiation and notes (not for the customer's eyes).": (
        "同时打印立场、信任、风险提示、竞争对手、隐性需求、个人赢点与顾虑、谈判和备注"
        "（不宜给客户看到）。"
    ),
    # diff
    "What changed in an account, or in every account of a folder, between two git\n"
    "revisions: deals, people and risks.\n\n"
    "Example: battlemap diff accounts/ --from HEAD~5 --format md": (
        "客户档案（或文件夹中的每个客户档案）在两个 git 版本之间的变化：商机、人员和风险。\n\n"
        "例如：battlemap diff accounts/ --from HEAD~5 --format md"
    ),
    "The account file, or a folder: every account in it.": (
        "客户档案，或文件夹（其中的每个客户档案）。"
    ),
    "The earlier git revision.": "较早的 git 版本。",
    "The later revision (default: the files as they are on disk).": (
        "较晚的版本（默认：磁盘上的当前文件）。"
    ),
    "text, md (a merge-request comment) or json (ids, codes).": (
        "text、md（合并请求的评论）或 json（含 id 和代码）。"
    ),
    # history
    "The account over its git log: one point per commit, movements in words, a timeline.\n\n"
    "Example: battlemap history accounts/east-steel.yaml --since 2026-09-01 --format html "
    "-o h.html": (
        "客户档案在 git 记录中的历程：每个提交一个点，用文字说明变化，并画出时间线。\n\n"
        "例如：battlemap history accounts/east-steel.yaml --since 2026-09-01 --format html "
        "-o h.html"
    ),
    "From this day (YYYY-MM-DD) or after this git revision.": (
        "从这一天（YYYY-MM-DD）起，或这个 git 版本之后。"
    ),
    "Link each point of the page to its commit: a URL with {commit} in it.": (
        "把页面上的每个点链接到它的提交：含 {commit} 的网址。"
    ),
    "A folder of templates that override ours.": "模板文件夹：其中的文件替换内置的同名模板。",
    # schema
    "Print a JSON Schema (account, playbook, config, report or history).\n\n"
    "Example: battlemap schema account -o account.schema.json": (
        "打印 JSON Schema（account、playbook、config、report 或 history）。\n\n"
        "例如：battlemap schema account -o account.schema.json"
    ),
    "Which schema.": "哪一个 schema。",
    # init
    "Write a commented starter account that passes `check` (never overwrites).\n\n"
    "Examples: battlemap init accounts/east-steel.yaml --lang zh;\n"
    "battlemap init --repo (writes battlemap.yaml)": (
        "生成一个带注释、能通过 check 的客户档案模板（不会覆盖已有文件）。\n\n"
        "例如：battlemap init accounts/east-steel.yaml --lang zh；\n"
        "battlemap init --repo（生成 battlemap.yaml）"
    ),
    "The account file to create (.yaml or .yml); with --repo, battlemap.yaml or the folder "
    "to write it in.": (
        "要创建的客户档案（.yaml 或 .yml）；用 --repo 时是 battlemap.yaml 或要写入它的文件夹。"
    ),
    "Language of the starter and of what init says (default: LC_ALL/LANG, else en).": (
        "模板和 init 提示信息的语言（默认：LC_ALL/LANG，否则英文）。"
    ),
    "Write a commented battlemap.yaml instead.": "改为生成带注释的 battlemap.yaml。",
    # playbook
    "Print the playbook in effect: the default, then battlemap.yaml, then --playbook.\n\n"
    "Example: battlemap playbook accounts/ --explain --lang en": (
        "打印实际生效的作战手册：默认手册，再叠加 battlemap.yaml，再叠加 --playbook。\n\n"
        "例如：battlemap playbook accounts/ --explain --lang en"
    ),
    "An account file, or a folder: the battlemap.yaml that applies to it.": (
        "客户档案或文件夹：用适用于它的 battlemap.yaml。"
    ),
    "End each value with where it came from (default or FILE:LINE).": (
        "在每个值后注明来源（默认手册，或 文件:行）。"
    ),
    "Show each text in this language only.": "每段文字只显示这种语言。",
    # import
    "Add or update contacts from a CRM export or a spreadsheet (never deletes).\n\n"
    "Example: battlemap import crm-export.csv --into accounts/east-steel.yaml --dry-run": (
        "从 CRM 导出文件或表格中添加、更新联系人（不会删除）。\n\n"
        "例如：battlemap import crm-export.csv --into accounts/east-steel.yaml --dry-run"
    ),
    "A .csv or .xlsx file of contacts.": "联系人的 .csv 或 .xlsx 文件。",
    "The account file to add them to.": "要加入联系人的客户档案。",
    "The workbook's sheet (default: the first).": "工作簿中的工作表（默认：第一个）。",
    "A YAML file mapping headers to fields.": "表头与字段对应关系的 YAML 文件。",
    "Print the change as a diff; write nothing.": "以 diff 形式打印改动，不写入任何文件。",
    # export
    "Export an account: visits and steps to a calendar, contacts to Excel, page one to "
    "Markdown.\n\n"
    "Example: battlemap export accounts/east-steel.yaml --format ics -o east-steel.ics": (
        "导出客户：拜访和行动导出为日历，联系人导出为 Excel，第一页导出为 Markdown。\n\n"
        "例如：battlemap export accounts/east-steel.yaml --format ics -o east-steel.ics"
    ),
    "ics (calendar), csv (contacts for Excel) or md (page one).": (
        "ics（日历）、csv（联系人，可用 Excel 打开）或 md（第一页）。"
    ),
    "The file (default: standard output).": "输出文件（默认：标准输出）。",
    "ics: add titles, stances, deals, outcomes (private).": (
        "ics：加入职务、立场、商机和拜访结果（仅供内部）。"
    ),
    # serve
    "A live preview while editing: index, maps and briefs served from memory; open pages\n"
    "reload when a file is saved and show its errors over the page. Ctrl-C stops it.\n\n"
    "Example: battlemap serve accounts/ --open": (
        "编辑时的实时预览：在内存中提供索引、作战地图和简报；保存文件后打开的页面会自动刷新，"
        "有错误时显示在页面上方。按 Ctrl-C 停止。\n\n"
        "例如：battlemap serve accounts/ --open"
    ),
    "A folder of accounts, or one file.": "客户档案所在的文件夹，或一个客户档案。",
    "The address to listen on (others: a warning).": "监听的地址（不是本机地址时会给出警告）。",
    "The port (0: any free port).": "端口（0：任选一个空闲端口）。",
    "Open the index in a browser.": "在浏览器中打开索引页。",
}

_HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
_USAGE_WORDS = (("[OPTIONS]", "[选项]"), ("COMMAND [ARGS]...", "命令 [参数]..."))
_EXTRAS = (
    (re.compile(r"\[default: ([^\]]*)\]"), r"[默认：\1]"),
    (re.compile(r"\[required\]"), "[必填]"),
)


def chinese(text: str) -> str:
    """``text`` (an option's help, perhaps with click's ``[default: …]`` after it) in Chinese;
    unchanged when the table does not hold it."""
    base, gap, extras = text.partition("  [")
    said = HELP_ZH.get(" ".join(base.split()), base)
    if gap:
        extras = "[" + extras
        for pattern, replacement in _EXTRAS:
            extras = pattern.sub(replacement, extras)
        return f"{said}  {extras}"
    return said


class ChineseHelpFormatter(HelpFormatter):
    """click's help layout with its own words in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in _USAGE_WORDS:
            args = args.replace(english, chinese)
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, chinese(text)) for term, text in rows], *args, **kwargs)


class ChineseContext(Context):
    formatter_class = ChineseHelpFormatter


def speak_chinese(group: Any) -> None:
    """Put the Chinese help on ``group`` and its commands (click objects built for this run)."""
    for command in (group, *group.commands.values()):
        command.context_class = ChineseContext
        if command.help:
            command.help = HELP_ZH.get(command.help, command.help)
            command.short_help = command.help.split("。")[0] + "。"
        if command.epilog:
            command.epilog = HELP_ZH.get(command.epilog, command.epilog)
        for param in command.params:
            if getattr(param, "help", None):
                param.help = HELP_ZH.get(param.help, param.help)


def help_texts(group: Any) -> Iterable[str]:
    """Every help text of ``group`` and its commands (for the test that holds the table)."""
    for command in (group, *group.commands.values()):
        yield from (text for text in (command.help, command.epilog) if text)
        yield from (p.help for p in command.params if getattr(p, "help", None))
