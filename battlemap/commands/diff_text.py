"""`battlemap diff --format text|md`: the comparison as a reader gets it.

Names, notes and values come from the account, which anyone with push rights may write.
In text every line goes through `printable` (as `check`'s diagnostics do), so a contact
named with a line break or a terminal escape cannot forge a line or drive the reader's
terminal. In Markdown (a merge-request comment) every sentence goes through `md_inline`,
so a name cannot become markup, a link, a table break or a mention.
"""

from __future__ import annotations

from battlemap.commands.diff import AccountDiff
from battlemap.commands.diff_folder import FolderDiff
from battlemap.commands.diff_words import AccountWords, account_words, revision_name
from battlemap.diagnostics import printable
from battlemap.language import Words
from battlemap.markdown import md_inline

FOLDER = {
    "heading": Words("{folder}: {start} → {end}", "{folder}：{start} → {end}"),
    "summary": Words(
        "Accounts changed: {changed}; added: {added}; removed: {removed}; unchanged: {unchanged}.",
        "账户：变化 {changed} 个，新增 {added} 个，移除 {removed} 个，未变 {unchanged} 个。",
    ),
    "added": Words("New accounts", "新增的账户"),
    "removed": Words("Removed accounts", "移除的账户"),
    "account": Words("{name} ({file})", "{name}（{file}）"),
    "errors": Words(
        "{name} ({file}) has errors: see `battlemap check {file}`",
        "{name}（{file}）有错误：请运行 battlemap check {file}",
    ),
}
"""The folder report's own sentences."""


def _text_lines(words: AccountWords) -> list[str]:
    lines = [words.heading, *(f"  {note}" for note in words.notes)]
    for section in words.sections:
        lines.append(f"  {section.title}")
        lines += [f"    - {line}" for line in section.lines]
    return lines


def _md_lines(words: AccountWords, level: str) -> list[str]:
    lines = [f"{level} {md_inline(words.heading)}", ""]
    lines += [f"{md_inline(note.strip())}  " for note in words.notes]
    if words.notes:
        lines.append("")
    for section in words.sections:
        lines += [f"**{md_inline(section.title)}**", ""]
        lines += [f"- {md_inline(line)}" for line in section.lines]
        lines.append("")
    return lines


def format_diff(diff: AccountDiff) -> str:
    """One account's comparison as terminal text."""
    return "\n".join(printable(line) for line in _text_lines(account_words(diff)))


def format_diff_md(diff: AccountDiff) -> str:
    """One account's comparison as a Markdown comment."""
    return "\n".join(_md_lines(account_words(diff), "###")).rstrip() + "\n"


def _summary(report: FolderDiff) -> str:
    counts = {
        "changed": len(report.changed),
        "added": len(report.added),
        "removed": len(report.removed),
        "unchanged": report.unchanged,
    }
    return FOLDER["summary"].format(**counts).in_(report.lang)


def _named_lists(report: FolderDiff) -> list[tuple[str, list[str]]]:
    """The added and the removed accounts, each list with its title (empty lists left out)."""
    lang = report.lang
    found = []
    for key, diffs in (("added", report.added), ("removed", report.removed)):
        names = []
        for diff in diffs:
            side = diff.new if key == "added" else diff.old
            name = side.account.name if side.account else diff.file
            sentence = "errors" if side.errors else "account"
            names.append(FOLDER[sentence].format(name=name, file=diff.file).in_(lang))
        if names:
            found.append((FOLDER[key].in_(lang), names))
    return found


def _heading(report: FolderDiff) -> str:
    start = revision_name(report.start, report.lang)
    end = revision_name(report.end, report.lang)
    return FOLDER["heading"].format(folder=report.folder, start=start, end=end).in_(report.lang)


def format_folder(report: FolderDiff) -> str:
    """Every account of a folder compared, as terminal text."""
    lines = [_heading(report), _summary(report)]
    for title, names in _named_lists(report):
        lines += [title, *(f"  - {name}" for name in names)]
    for diff in report.changed:
        lines += ["", *_text_lines(account_words(diff))]
    return "\n".join(printable(line) for line in lines)


def format_folder_md(report: FolderDiff) -> str:
    """Every account of a folder compared, as a Markdown comment."""
    lines = [f"## {md_inline(_heading(report))}", "", md_inline(_summary(report)), ""]
    for title, names in _named_lists(report):
        lines += [f"**{md_inline(title)}**", ""]
        lines += [f"- {md_inline(name)}" for name in names]
        lines.append("")
    for diff in report.changed:
        lines += _md_lines(account_words(diff), "###")
    return "\n".join(lines).rstrip() + "\n"
