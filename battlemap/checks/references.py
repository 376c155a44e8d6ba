"""Ids: unique within their list, every reference resolves, reporting lines form no cycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.checks.access import (
    committee_ids,
    contacts,
    entries,
    ids,
    opportunities,
    strings,
    text,
)
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words
from battlemap.schema import NO_WORDS, did_you_mean
from battlemap.source import Document, KeyPath

_KINDS = {
    "contact": Words("a contact", "联系人"),
    "team member": Words("a team member", "团队成员"),
    "opportunity": Words("an opportunity", "商机"),
}
"""What a reference names, as a message says it (English with its article)."""

_ID_LISTS: tuple[tuple[str, ...], ...] = (
    ("team",),
    ("contacts",),
    ("opportunities",),
    ("visits",),
)
_PER_OPPORTUNITY_ID_LISTS: tuple[tuple[str, ...], ...] = (
    ("needs",),
    ("competition", "criteria"),
    ("competition", "competitors"),
)


def _id_lists(data: Any) -> Iterator[tuple[KeyPath, str]]:
    """Every list whose entries carry ids, with a name for messages."""
    for path in _ID_LISTS:
        yield path, path[-1]
    for opportunity_path, _ in opportunities(data):
        for sub in _PER_OPPORTUNITY_ID_LISTS:
            yield (*opportunity_path, *sub), sub[-1]


@register("duplicate-id", Severity.ERROR, "Two entries of one list share an id.")
def duplicate_ids(context: CheckContext) -> Iterator[Finding]:
    document = context.document
    for list_path, name in _id_lists(document.data):
        for path, ident, line in _repeats(document, list_path, "id"):
            message = Words(
                "duplicate id '{ident}' in {name} (first at line {line})",
                "{name} 中的 id「{ident}」重复（第一次在第 {line} 行）",
            )
            yield Finding(path, message.format(ident=ident, name=name, line=line))
    for ident, entry_path in ids(document.data, ("team",)).items():
        if ident in context.shared_team:
            message = Words(
                "team id '{ident}' is also defined in the repository's battlemap.yaml",
                "团队 id「{ident}」在仓库的 battlemap.yaml 中也定义了",
            )
            yield Finding((*entry_path, "id"), message.format(ident=ident))


@register("duplicate-crm-id", Severity.ERROR, "Two contacts, or two opportunities, share a crm_id.")
def duplicate_crm_ids(context: CheckContext) -> Iterator[Finding]:
    """A CRM id is the key `battlemap import` matches by: two entries with one would make
    the next import update the wrong one."""
    for list_path in (("contacts",), ("opportunities",)):
        for path, crm_id, line in _repeats(context.document, list_path, "crm_id"):
            message = Words(
                "duplicate crm_id '{crm_id}' in {name} (first at line {line})",
                "{name} 中的 crm_id「{crm_id}」重复（第一次在第 {line} 行）",
            )
            yield Finding(path, message.format(crm_id=crm_id, name=list_path[0], line=line))


def _repeats(
    document: Document, list_path: KeyPath, key: str
) -> Iterator[tuple[KeyPath, str, int]]:
    """(path, value, line of the first) of each entry whose ``key`` an earlier one has."""
    first: dict[str, KeyPath] = {}
    for entry_path, entry in entries(document.data, list_path):
        value = text(entry, key)
        if value is None:
            continue
        if value in first:
            yield (*entry_path, key), value, document.position((*first[value], key)).line
        else:
            first[value] = entry_path


class _Targets:
    """The ids a reference may name, by kind."""

    def __init__(self, context: CheckContext) -> None:
        data = context.document.data
        self.by_kind = {
            "contact": list(ids(data, ("contacts",))),
            "team member": [*context.shared_team, *ids(data, ("team",))],
            "opportunity": list(ids(data, ("opportunities",))),
        }

    def finding(self, kind: str, value: str, path: KeyPath) -> Finding | None:
        known = self.by_kind[kind]
        if value in known:
            return None
        message = Words(
            "'{value}' is not {kind.en} id{hint.en}", "「{value}」不是{kind.zh}的 id{hint.zh}"
        ).format(value=value, kind=_KINDS[kind], hint=did_you_mean(value, known) or NO_WORDS)
        if not known:
            none = Words(" (this account defines no {kind}s)", "（这个客户没有定义任何{zh}）")
            none = none.format(kind=kind, zh=_KINDS[kind].zh)
            message = Words(message.en + none.en, message.zh + none.zh)
        return Finding(path, message)


def references_in(data: Any) -> Iterator[tuple[str, str, KeyPath]]:
    """(kind, id, path) of every id reference in the document."""
    account = data.get("account") if isinstance(data, dict) else None
    if isinstance(account, dict) and isinstance(account.get("owner"), str):
        yield "team member", account["owner"], ("account", "owner")
    for path, contact in contacts(data):
        yield from _single(contact, path, "reports_to", "contact")
        yield from _listed(contact, path, "also_reports_to", "contact")
        yield from _single(contact, path, "owner", "team member")
    for path, link in entries(data, ("influence",)):
        yield from _single(link, path, "from", "contact")
        yield from _single(link, path, "to", "contact")
    for path, opportunity in opportunities(data):
        yield from _opportunity_references(path, opportunity)
    for path, visit in entries(data, ("visits",)):
        yield from _single(visit, path, "opportunity", "opportunity")
        yield from _listed(visit, path, "attendees", "contact")
        yield from _listed(visit, path, "team", "team member")
    for path, activity in entries(data, ("relationship", "activities")):
        yield from _listed(activity, path, "contacts", "contact")
        yield from _listed(activity, path, "team", "team member")


def _opportunity_references(
    path: KeyPath, opportunity: dict[str, Any]
) -> Iterator[tuple[str, str, KeyPath]]:
    for relative, member in committee_ids(opportunity):
        yield "contact", member, (*path, *relative)
    for need_path, need in entries(opportunity, ("needs",)):
        yield from _listed(need, (*path, *need_path), "confirmed_by", "contact")
        plan = need.get("plan")
        if isinstance(plan, dict):
            yield from _single(plan, (*path, *need_path, "plan"), "owner", "team member")
    for step_path, step in entries(opportunity, ("next_steps",)):
        yield from _single(step, (*path, *step_path), "owner", "team member")


def _single(
    entry: dict[str, Any], path: KeyPath, key: str, kind: str
) -> Iterator[tuple[str, str, KeyPath]]:
    value = text(entry, key)
    if value is not None:
        yield kind, value, (*path, key)


def _listed(
    entry: dict[str, Any], path: KeyPath, key: str, kind: str
) -> Iterator[tuple[str, str, KeyPath]]:
    for index, value in strings(entry.get(key)):
        yield kind, value, (*path, key, index)


@register("unresolved-ref", Severity.ERROR, "A reference names an id that does not exist.")
def unresolved_references(context: CheckContext) -> Iterator[Finding]:
    targets = _Targets(context)
    for kind, value, path in references_in(context.document.data):
        finding = targets.finding(kind, value, path)
        if finding is not None:
            yield finding


@register("reports-to-cycle", Severity.ERROR, "Reporting lines (reports_to) go round in a circle.")
def reports_to_cycles(context: CheckContext) -> Iterator[Finding]:
    data = context.document.data
    manager: dict[str, str] = {}
    where: dict[str, KeyPath] = {}
    for path, contact in contacts(data):
        ident, boss = text(contact, "id"), text(contact, "reports_to")
        if ident is not None and boss is not None and ident not in manager:
            manager[ident] = boss
            where[ident] = (*path, "reports_to")
    reported: set[str] = set()
    for start in manager:
        cycle = _cycle_from(start, manager)
        if cycle and not reported.intersection(cycle):
            reported.update(cycle)
            chain = " → ".join([*cycle, cycle[0]])
            message = Words("reports_to forms a cycle: {chain}", "reports_to 形成了循环：{chain}")
            yield Finding(where[cycle[0]], message.format(chain=chain))


def _cycle_from(start: str, manager: dict[str, str]) -> list[str]:
    """The cycle reached by following managers from ``start``, in order from its first member."""
    order: list[str] = []
    seen: dict[str, int] = {}
    current: str | None = start
    while current is not None and current not in seen:
        seen[current] = len(order)
        order.append(current)
        current = manager.get(current)
    if current is None:
        return []
    return order[seen[current] :]
