"""Limits on the size of an organisation: contacts per account and the depth of reporting.

Why: the org chart's planning and the rules grow with the people and with the length of
reporting chains; these bounds keep ``check`` and ``build`` within seconds (docs/security.md,
"Limits"). Each is an error at the first item beyond it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.checks.access import contacts, mapping, text
from battlemap.checks.registry import CheckContext, Finding, register
from battlemap.diagnostics import Severity
from battlemap.language import Words
from battlemap.source import KeyPath

MAX_CONTACTS = 2_000
MAX_CHAIN_DEPTH = 50
"""Levels of a reporting chain, the head counting as level 1 (a large group has about 12)."""


@register(
    "too-many-contacts", Severity.ERROR, f"An account has more than {MAX_CONTACTS:,} contacts."
)
def too_many_contacts(context: CheckContext) -> Iterator[Finding]:
    people = mapping(context.document.data).get("contacts")
    if isinstance(people, list) and len(people) > MAX_CONTACTS:
        message = Words(
            "this is contact number {number:,} of {count:,}, over the limit of "
            "{limit:,} per account; split the account (by division or site)",
            "这是第 {number:,} 位联系人（共 {count:,} 位），超过每个客户 {limit:,} 位的上限；"
            "请拆分客户（按事业部或厂区）",
        ).format(number=MAX_CONTACTS + 1, count=len(people), limit=MAX_CONTACTS)
        yield Finding(("contacts", MAX_CONTACTS), message)


@register(
    "chain-too-deep",
    Severity.ERROR,
    f"A reporting chain (reports_to) is longer than {MAX_CHAIN_DEPTH} levels.",
)
def chain_too_deep(context: CheckContext) -> Iterator[Finding]:
    paths, bosses = _reporting(context.document.data)
    levels: dict[str, int] = {}
    for ident, path in paths.items():
        if _level(ident, bosses, levels) > MAX_CHAIN_DEPTH:
            message = Words(
                "'{ident}' is at level {level:,} of their reporting chain (the top "
                "person is level 1), over the limit of {limit}; check reports_to",
                "「{ident}」在汇报链的第 {level:,} 层（最上级为第 1 层），超过上限 {limit} 层；"
                "请检查 reports_to",
            ).format(ident=ident, level=levels[ident], limit=MAX_CHAIN_DEPTH)
            yield Finding((*path, "reports_to"), message)
            return


def _reporting(data: Any) -> tuple[dict[str, KeyPath], dict[str, str]]:
    """Contact id -> path, and contact id -> the id they report to (first of each id)."""
    paths: dict[str, KeyPath] = {}
    bosses: dict[str, str] = {}
    for path, contact in contacts(data):
        ident = text(contact, "id")
        if ident is None or ident in paths:
            continue
        paths[ident] = path
        boss = text(contact, "reports_to")
        if boss is not None:
            bosses[ident] = boss
    return paths, {ident: boss for ident, boss in bosses.items() if boss in paths}


def _level(ident: str, bosses: dict[str, str], levels: dict[str, int]) -> int:
    """The level of ``ident`` (a head is 1), memoized in ``levels``; linear over all calls.
    People in a cycle, and on the way into one, are left to reports-to-cycle (level 0)."""
    chain: list[str] = []
    on_chain: set[str] = set()
    current: str | None = ident
    while current is not None and current not in levels and current not in on_chain:
        chain.append(current)
        on_chain.add(current)
        current = bosses.get(current)
    if current is not None and current in on_chain:
        levels.update(dict.fromkeys(chain, 0))
        return 0
    level = levels.get(current, 0) if current is not None else 0
    for person in reversed(chain):
        level += 1
        levels[person] = level
    return levels[ident]
