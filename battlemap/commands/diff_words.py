"""`battlemap diff` in words: what a sales manager asks, in the reader's language.

The JSON result keeps ids and codes; this module turns one comparison into sentences
grouped as a manager reads them: deals (stage, value, close date, coverage), people
(joined, left, stance, trust), risks (flags opened and closed, in the playbook's own
sentences). People appear by name; stages, stances, roles, pillars and flags by their
playbook labels; money and dates as the map prints them. The sentences are plain text:
`diff_text` escapes them for a terminal or for Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from battlemap.commands.diff import WORKING_FILE, AccountDiff, Side
from battlemap.language import Words
from battlemap.model import Account
from battlemap.playbook.labels import Labels
from battlemap.render.formatting import Formatter

W = {
    "working": Words("working file", "工作区文件"),
    "heading": Words("{name} ({file}): {start} → {end}", "{name}（{file}）：{start} → {end}"),
    "absent_old": Words(
        "{revision}: the file is not there; everything counts as new",
        "{revision} 中没有这个文件，全部算作新增",
    ),
    "absent_new": Words("{revision}: the file is not there", "{revision} 中没有这个文件"),
    "errors": Words("{revision} has errors, not compared:", "{revision} 有错误，未比较："),
    "error": Words(
        "line {line}, column {column}: {message}", "第 {line} 行第 {column} 列：{message}"
    ),
    "no_changes": Words("No changes.", "没有变化。"),
    "deals": Words("Deals", "商机"),
    "people": Words("People", "人员"),
    "risks": Words("Risks", "风险"),
    "deal_added": Words(
        "New deal: {name} ({stage}, {value})", "新商机：{name}（{stage}，{value}）"
    ),
    "deal_removed": Words("Deal removed: {name}", "商机已移除：{name}"),
    "joined": Words("Joined: {name}", "新加入：{name}"),
    "joined_title": Words("Joined: {name}, {title}", "新加入：{name}，{title}"),
    "left": Words("Left: {name} (on {day})", "已离职：{name}（{day}）"),
    "removed": Words("Removed from the map: {name}", "已从地图移除：{name}"),
    "changes": Words("{name}: {changes}", "{name}：{changes}"),
    "separator": Words("; ", "；"),
    "list": Words(", ", "、"),
    "change": Words("{what} {before} → {after}", "{what} {before} → {after}"),
    "change_how": Words("{what} {before} → {after} ({how})", "{what} {before} → {after}（{how}）"),
    "gap_opened": Words(
        "New trust gap: {name}, {pillar} ({actual}; {required} needed)",
        "新的信任缺口：{name} · {pillar}（{actual}，需要 {required}）",
    ),
    "gap_closed": Words("Trust gap closed: {name}, {pillar}", "信任缺口已补上：{name} · {pillar}"),
    "flag_opened": Words("New ({severity}): {message}", "新出现（{severity}）：{message}"),
    "flag_closed": Words("Resolved: {message}", "已解除：{message}"),
    "unassessed": Words("not assessed", "未评估"),
    "trust": Words("trust ({pillar})", "{pillar}"),
    "none": Words("none", "无"),
}
"""Every sentence of the report, in both languages."""

FIELDS = {
    "stage": Words("stage", "阶段"),
    "result": Words("result", "结果"),
    "value": Words("value", "金额"),
    "close_date": Words("expected close", "预计成交"),
    "coverage": Words("coverage", "覆盖"),
    "title": Words("title", "职务"),
    "stance": Words("stance", "立场"),
    "influence": Words("influence", "影响力"),
    "owner": Words("our owner", "我方负责人"),
    "reports_to": Words("reports to", "汇报给"),
    "roles": Words("roles", "角色"),
}
"""The fields a change names."""

HOW = {
    "forward": Words("advanced", "推进"),
    "back": Words("moved back", "倒退"),
    "up": Words("up", "上升"),
    "down": Words("down", "下降"),
}
"""The direction of a stage or trust move (a trust level first or no longer assessed says
so by its value)."""

LABEL_GROUPS = {
    "stance": "stances",
    "influence": "influence",
    "result": "results",
    "coverage": "coverage",
}
"""Fields whose values are keys of the playbook's ``labels``."""


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class AccountWords:
    """One comparison as a reader gets it: a heading, notes about the sides, sections."""

    heading: str
    notes: tuple[str, ...]
    sections: tuple[Section, ...]


def revision_name(revision: str, lang: str) -> str:
    return W["working"].in_(lang) if revision == WORKING_FILE else revision


class _Words:
    """The lookups of one report: labels of its playbook, names of its accounts, formats."""

    def __init__(self, diff: AccountDiff) -> None:
        self.diff = diff
        self.lang = diff.lang
        self.labels = Labels(diff.playbook, diff.lang)
        accounts = [side.account for side in (diff.new, diff.old) if side.account]
        currency = accounts[0].currency if accounts else "CNY"
        self.fmt = Formatter(diff.lang, currency)
        self.accounts: list[Account] = accounts

    def say(self, key: str, **values: object) -> str:
        return W[key].format(**values).in_(self.lang)

    def label(self, group: str, key: str | None) -> str:
        return W["none"].in_(self.lang) if key is None else self.labels.of(group, key)

    def stage(self, key: str | None) -> str:
        return W["none"].in_(self.lang) if key is None else self.labels.stage(key)

    def pillar(self, key: str) -> str:
        return self.labels.pillar(key)

    def contact(self, ident: str | None) -> str:
        for account in self.accounts:
            found = account.contact(ident) if ident else None
            if found is not None:
                return found.label
        return ident or W["none"].in_(self.lang)

    def team(self, ident: str | None) -> str:
        for account in self.accounts:
            for member in account.team:
                if member.id == ident:
                    return member.name
        return ident or W["none"].in_(self.lang)

    def value(self, field: str, value: Any) -> str:
        """A changed value as the map shows it."""
        shown: dict[str, Callable[[Any], str]] = {
            "stage": self.stage,
            "value": lambda v: self.fmt.money(v),
            "close_date": lambda v: self.fmt.day(v) if isinstance(v, date) else str(v or "–"),
            "owner": self.team,
            "reports_to": self.contact,
            "roles": lambda v: (
                self.say("list").join(self.label("roles", r) for r in v) or W["none"].in_(self.lang)
            ),
        }
        if field in LABEL_GROUPS:
            return self.label(LABEL_GROUPS[field], value)
        if field in shown:
            return shown[field](value)
        if field.startswith("trust."):
            return W["unassessed"].in_(self.lang) if value is None else str(value)
        return W["none"].in_(self.lang) if value is None else str(value)

    def change(self, change: dict[str, Any]) -> str:
        field = change["field"]
        if field.startswith("trust."):
            what = self.say("trust", pillar=self.pillar(field.removeprefix("trust.")))
        else:
            what = FIELDS[field].in_(self.lang) if field in FIELDS else field
        before = self.value(field, change["from"])
        after = self.value(field, change["to"])
        how = change.get("move") or change.get("direction")
        if how in HOW:
            shown_how = HOW[how].in_(self.lang)
            return self.say("change_how", what=what, before=before, after=after, how=shown_how)
        return self.say("change", what=what, before=before, after=after)

    def changed(self, item: dict[str, Any]) -> str:
        changes = self.say("separator").join(self.change(c) for c in item["changes"])
        return self.say("changes", name=item["name"], changes=changes)


def _deals(words: _Words, section: dict[str, Any]) -> list[str]:
    new = words.diff.new.account
    by_id = {o.id: o for o in new.opportunities} if new else {}
    lines = []
    for item in section.get("added", ()):
        deal = by_id.get(item["id"])
        stage = words.stage(deal.stage if deal else None)
        value = words.fmt.money(deal.value if deal else None)
        lines.append(words.say("deal_added", name=item["name"], stage=stage, value=value))
    lines += [words.say("deal_removed", name=item["name"]) for item in section.get("removed", ())]
    lines += [words.changed(item) for item in section.get("changed", ())]
    return lines


def _joined(words: _Words, item: dict[str, Any]) -> str:
    new = words.diff.new.account
    contact = new.contact(item["id"]) if new else None
    if contact is not None and contact.title and contact.title != item["name"]:
        return words.say("joined_title", name=item["name"], title=contact.title)
    return words.say("joined", name=item["name"])


def _people(words: _Words, contacts: dict[str, Any], gaps: dict[str, Any]) -> list[str]:
    lines = [_joined(words, item) for item in contacts.get("added", ())]
    lines += [
        words.say("left", name=item["name"], day=words.fmt.day(item["on"]))
        for item in contacts.get("departed", ())
    ]
    lines += [words.say("removed", name=item["name"]) for item in contacts.get("removed", ())]
    lines += [words.changed(item) for item in contacts.get("changed", ())]
    lines += _gaps(words, gaps)
    return lines


def _gaps(words: _Words, gaps: dict[str, Any]) -> list[str]:
    found = {
        (gap.contact, gap.pillar): gap
        for side in (words.diff.old, words.diff.new)
        for gap in (side.assessment.trust_gaps if side.assessment else ())
    }
    lines = []
    for kind in ("opened", "closed"):
        for contact, pillar in gaps.get(kind, ()):
            name, shown = words.contact(contact), words.pillar(pillar)
            gap = found.get((contact, pillar))
            if kind == "closed" or gap is None:
                lines.append(words.say("gap_closed", name=name, pillar=shown))
                continue
            actual = W["unassessed"].in_(words.lang) if gap.actual is None else gap.actual
            lines.append(
                words.say(
                    "gap_opened", name=name, pillar=shown, actual=actual, required=gap.required
                )
            )
    return lines


def _flag_texts(side: Side) -> dict[tuple[str, ...], tuple[str, str]]:
    """(code, subject kind, subject id) -> (severity, message) of a side's flags."""
    flags = side.assessment.flags if side.assessment else ()
    return {(f.code, f.subject.kind, f.subject.id): (f.severity, f.message) for f in flags}


def _risks(words: _Words, flags: dict[str, Any]) -> list[str]:
    """Flags opened (from the later side) and closed (from the earlier), each sentence
    once: two subjects of one rule may read the same."""
    lines: dict[str, None] = {}
    opened, closed = _flag_texts(words.diff.new), _flag_texts(words.diff.old)
    for key in flags.get("opened", ()):
        severity, message = opened[tuple(key)]
        shown = words.label("severities", severity)
        lines[words.say("flag_opened", severity=shown, message=message)] = None
    for key in flags.get("closed", ()):
        _, message = closed[tuple(key)]
        lines[words.say("flag_closed", message=message)] = None
    return list(lines)


def _side_notes(words: _Words) -> list[str]:
    notes = []
    result = words.diff.result
    for key, absent in (("from", "absent_old"), ("to", "absent_new")):
        info = result[key]
        revision = revision_name(info["revision"], words.lang)
        if not info["exists"]:
            notes.append(words.say(absent, revision=revision))
        if info.get("errors"):
            notes.append(words.say("errors", revision=revision))
            notes += [
                "  " + words.say("error", **{k: e[k] for k in ("line", "column", "message")})
                for e in info["errors"]
            ]
    return notes


def account_words(diff: AccountDiff) -> AccountWords:
    """The comparison as sentences, grouped for a manager."""
    words = _Words(diff)
    result = diff.result
    account = next((s.account for s in (diff.new, diff.old) if s.account), None)
    heading = words.say(
        "heading",
        name=account.name if account else diff.file,
        file=diff.file,
        start=revision_name(result["from"]["revision"], diff.lang),
        end=revision_name(result["to"]["revision"], diff.lang),
    )
    groups = (
        ("deals", _deals(words, result.get("opportunities", {}))),
        ("people", _people(words, result.get("contacts", {}), result.get("trust_gaps", {}))),
        ("risks", _risks(words, result.get("flags", {}))),
    )
    sections = tuple(Section(W[key].in_(diff.lang), tuple(lines)) for key, lines in groups if lines)
    notes = _side_notes(words)
    if not sections and not any(result[k].get("errors") for k in ("from", "to")):
        notes.append(W["no_changes"].in_(diff.lang))
    return AccountWords(heading, tuple(notes), sections)
