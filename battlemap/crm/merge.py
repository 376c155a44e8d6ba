"""Matching imported rows to an account's contacts: what to add, what to update.

A row matches a contact by ``crm_id``, else by exact name (a contact with another CRM id is
another person of the same name). A matched contact's title, department, reports_to and
organization are updated (and its ``crm_id`` set when it had none); nothing else of it, and
nothing is ever deleted. A new contact gets an id read from its name (`ids`). ``reports_to``
is the id of the contact whose name (or CRM id) the manager column holds, among the
account's contacts and the imported ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from battlemap.crm.ids import is_chinese, name_id, unique_id
from battlemap.crm.sources import Cell, Row, Table, problem
from battlemap.diagnostics import Diagnostic
from battlemap.language import Words

UPDATED = ("title", "department", "reports_to", "organization")
"""What an import changes on a contact that exists."""
NEW_ORDER = ("id", "name", "crm_id", "title", "department", "reports_to", "organization")
"""The keys of a new contact, in the order they are written."""

NO_NAME = Words("this row has no name", "这一行没有姓名")
SAME_NAME = Words(
    "two rows with the name '{name}' (the first at row {first}); keep one, or tell them apart",
    "有两行姓名都是“{name}”（第一行在第 {first} 行）；保留一行，或把两人区分开",
)
SAME_CRM_ID = Words(
    "two rows with the CRM id '{crm_id}' (the first at row {first})",
    "有两行 CRM 编号都是“{crm_id}”（第一行在第 {first} 行）",
)
NO_MANAGER = Words(
    "no contact named '{name}' in the account or in this file; add their row, or correct the name",
    "账户文件和本文件中都没有名为“{name}”的联系人；请添加此人的一行，或更正姓名",
)
AMBIGUOUS = Words(
    "{count} contacts of the account are named '{name}'; give each a crm_id to match by",
    "账户中有 {count} 位联系人都叫“{name}”；请为他们填写 crm_id 以便匹配",
)


@dataclass(frozen=True)
class Person:
    """A row read as a person."""

    row: Row
    name: str
    name_cell: Cell
    crm_id: str | None


@dataclass
class Merge:
    """What an import does to the contacts list."""

    new: list[dict[str, str]] = field(default_factory=list)
    updates: dict[int, dict[str, str]] = field(default_factory=dict)
    """Index of an existing contact -> key -> new value."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def joined_name(first: str | None, last: str | None) -> str | None:
    """First and last name as one: surname first without a space when both are Chinese."""
    if first and last and is_chinese(first) and is_chinese(last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part) or None


def _people(table: Table, lang: str, merge: Merge) -> Iterator[Person]:
    seen_names: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for row in table.rows:
        name = row.text("name") or joined_name(row.text("first_name"), row.text("last_name"))
        cell = row.cells.get("name") or row.cells.get("last_name") or row.cells.get("first_name")
        if name is None or cell is None:
            column = table.columns.get("name") or table.columns.get("last_name", 1)
            merge.diagnostics.append(
                problem(table.file, row.number, column, "import-no-name", NO_NAME, lang)
            )
            continue
        crm_id = row.text("crm_id")
        if name in seen_names:
            words = SAME_NAME.format(name=name, first=seen_names[name])
            merge.diagnostics.append(
                problem(table.file, cell.row, cell.column, "import-duplicate-name", words, lang)
            )
            continue
        if crm_id is not None and crm_id in seen_ids:
            where = row.cells["crm_id"]
            words = SAME_CRM_ID.format(crm_id=crm_id, first=seen_ids[crm_id])
            merge.diagnostics.append(
                problem(table.file, where.row, where.column, "import-duplicate-crm-id", words, lang)
            )
            continue
        seen_names[name] = row.number
        if crm_id is not None:
            seen_ids[crm_id] = row.number
        yield Person(row, name, cell, crm_id)


def _text(entry: Any, key: str) -> str | None:
    value = entry.get(key) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else None


class _Contacts:
    """The account's contacts, by CRM id and by name."""

    def __init__(self, contacts: list[Any]) -> None:
        self.entries = contacts
        self.by_crm_id: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for index, entry in enumerate(contacts):
            crm_id, name = _text(entry, "crm_id"), _text(entry, "name")
            if crm_id is not None:
                self.by_crm_id.setdefault(crm_id, index)
            if name is not None:
                self.by_name.setdefault(name, []).append(index)

    def match(self, person: Person) -> list[int]:
        """The contacts ``person`` may be: one, none, or several of the same name."""
        if person.crm_id is not None and person.crm_id in self.by_crm_id:
            return [self.by_crm_id[person.crm_id]]
        return [
            index
            for index in self.by_name.get(person.name, [])
            if person.crm_id is None
            or _text(self.entries[index], "crm_id") in (None, person.crm_id)
        ]

    def ids(self) -> set[str]:
        return {ident for entry in self.entries if (ident := _text(entry, "id")) is not None}


def merge_rows(contacts: list[Any], table: Table, lang: str) -> Merge:
    """What importing ``table`` does to ``contacts`` (the account's list, as loaded)."""
    merge = Merge()
    known = _Contacts(contacts)
    taken = known.ids()
    placed: list[tuple[Person, int | None, str]] = []
    """Each person, the index of the contact they matched (None: new), and their id."""
    for person in _people(table, lang, merge):
        found = known.match(person)
        if len(found) > 1:
            words = AMBIGUOUS.format(count=len(found), name=person.name)
            cell = person.name_cell
            merge.diagnostics.append(
                problem(table.file, cell.row, cell.column, "import-ambiguous-name", words, lang)
            )
            continue
        if found:
            ident = _text(contacts[found[0]], "id") or ""
            placed.append((person, found[0], ident))
        else:
            ident = unique_id(name_id(person.name), taken)
            taken.add(ident)
            placed.append((person, None, ident))
    managers = _manager_ids(known, placed)
    for person, index, ident in placed:
        values = _values(person, managers, table.file, lang, merge)
        if index is None:
            entry = {"id": ident, "name": person.name, **values}
            merge.new.append({key: entry[key] for key in NEW_ORDER if key in entry})
            continue
        current = contacts[index]
        changed = {
            key: value
            for key, value in values.items()
            if (key in UPDATED or _text(current, key) is None) and _text(current, key) != value
        }
        if changed:
            merge.updates[index] = changed
    return merge


def _manager_ids(known: _Contacts, placed: list[tuple[Person, int | None, str]]) -> dict[str, str]:
    """A manager's name or CRM id -> contact id: the account's contacts, then the rows."""
    found: dict[str, str] = {}
    for entry in known.entries:
        ident = _text(entry, "id")
        for key in ("crm_id", "name"):
            value = _text(entry, key)
            if ident is not None and value is not None:
                found.setdefault(value, ident)
    for person, _, ident in placed:
        found[person.name] = ident
        if person.crm_id is not None:
            found[person.crm_id] = ident
    return found


def _values(
    person: Person, managers: dict[str, str], file: str, lang: str, merge: Merge
) -> dict[str, str]:
    values = {
        key: value
        for key in ("crm_id", "title", "department", "organization")
        if (value := person.row.text(key)) is not None
    }
    manager = person.row.cells.get("reports_to")
    if manager is not None:
        if manager.value in managers:
            values["reports_to"] = managers[manager.value]
        else:
            words = NO_MANAGER.format(name=manager.value)
            merge.diagnostics.append(
                problem(file, manager.row, manager.column, "import-manager-not-found", words, lang)
            )
    return values
