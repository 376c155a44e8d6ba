"""The people of an account as a reporting forest, and the part of it one chart draws."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from battlemap.model import Account, Contact


@dataclass(frozen=True)
class People:
    """Contacts by position (ids may repeat in a broken file), with the reporting forest of the
    internal ones; cycles and over-deep chains are cut so the layout always sees a forest of
    bounded depth. A chart of part of the account draws a ``scope`` of it: the same
    positions, only some of them ``shown``."""

    contacts: tuple[Contact, ...]
    index: Mapping[str, int]
    parent: Mapping[int, int]
    children: Mapping[int, tuple[int, ...]]
    roots: tuple[int, ...]
    externals: tuple[int, ...]
    internal: tuple[int, ...]
    shown: frozenset[int]


def people_of(account: Account) -> People:
    contacts = account.contacts
    index: dict[str, int] = {}
    for position, contact in enumerate(contacts):
        index.setdefault(contact.id, position)
    inside = {i for i, c in enumerate(contacts) if not c.external}
    parent: dict[int, int] = {}
    for i in sorted(inside):
        boss = index.get(contacts[i].reports_to or "")
        if boss is not None and boss in inside and boss != i:
            parent[i] = boss
    _cut_cycles(parent)
    _cut_deep(parent)
    children: dict[int, list[int]] = {i: [] for i in sorted(inside)}
    for i in sorted(parent):
        children[parent[i]].append(i)
    return People(
        contacts=contacts,
        index=index,
        parent=parent,
        children={k: tuple(v) for k, v in children.items()},
        roots=tuple(i for i in sorted(inside) if i not in parent),
        externals=tuple(i for i, c in enumerate(contacts) if c.external),
        internal=tuple(sorted(inside)),
        shown=frozenset(range(len(contacts))),
    )


def scope(people: People, shown: Collection[int]) -> People:
    """The people of ``shown`` only: reporting lines between two of them kept, anyone whose
    manager is not shown a root (a manager whose reports are not shown has none)."""
    keep = frozenset(shown)
    internal = tuple(i for i in people.internal if i in keep)
    parent = {i: b for i, b in people.parent.items() if i in keep and b in keep}
    return People(
        contacts=people.contacts,
        index=people.index,
        parent=parent,
        children={i: tuple(k for k in people.children[i] if k in keep) for i in internal},
        roots=tuple(i for i in internal if i not in parent),
        externals=tuple(i for i in people.externals if i in keep),
        internal=internal,
        shown=keep,
    )


def below(people: People, node: int) -> list[int]:
    """Everyone under ``node`` in the reporting forest, in drawing order (depth first)."""
    found: list[int] = []
    stack = list(reversed(people.children.get(node, ())))
    while stack:
        kid = stack.pop()
        found.append(kid)
        stack.extend(reversed(people.children.get(kid, ())))
    return found


def _cut_cycles(parent: dict[int, int]) -> None:
    """Drop one reporting link of every cycle (a checked account has none)."""
    for start in sorted(parent):
        path: set[int] = set()
        node = start
        while node in parent:
            if node in path:
                del parent[node]
                break
            path.add(node)
            node = parent[node]


MAX_DEPTH = 40
"""Reporting levels drawn as one tree: a deeper chain starts a new tree (its reporting line
still drawn), which keeps the planner's and builder's recursion bounded for any input."""


def _cut_deep(parent: dict[int, int]) -> None:
    depth: dict[int, int] = {}
    for start in sorted(parent):
        path = []
        node = start
        while node not in depth and node in parent:
            path.append(node)
            node = parent[node]
        level = depth.setdefault(node, 0)
        for item in reversed(path):
            level += 1
            if level >= MAX_DEPTH:
                del parent[item]
                level = 0
            depth[item] = level
