"""Defensive readers of a loaded document for the checks: wrong types are skipped."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from battlemap.source import KeyPath


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def entries(data: Any, path: KeyPath) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    """The mapping entries of the list at ``path`` under ``data``, with their paths."""
    value = data
    for part in path:
        value = mapping(value).get(part) if isinstance(part, str) else _item(value, part)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, index), item


def _item(value: Any, index: int) -> Any:
    """The item at ``index`` of a list value, else None."""
    return value[index] if isinstance(value, list) and 0 <= index < len(value) else None


def strings(value: Any) -> Iterator[tuple[int, str]]:
    """(index, text) of the strings in a list value."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


def text(entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    return value if isinstance(value, str) else None


def ids(data: Any, path: KeyPath) -> dict[str, KeyPath]:
    """Id -> path of the first entry with that id, for the list at ``path``."""
    found: dict[str, KeyPath] = {}
    for entry_path, entry in entries(data, path):
        ident = text(entry, "id")
        if ident is not None and ident not in found:
            found[ident] = entry_path
    return found


def opportunities(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    return entries(data, ("opportunities",))


def contacts(data: Any) -> Iterator[tuple[KeyPath, dict[str, Any]]]:
    return entries(data, ("contacts",))


def committee_ids(opportunity: dict[str, Any]) -> Iterator[tuple[KeyPath, str]]:
    """(relative path, contact id) of each explicit committee member."""
    members = opportunity.get("buying_committee")
    if not isinstance(members, list):
        return
    for index, member in enumerate(members):
        if isinstance(member, str):
            yield ("buying_committee", index), member
        elif isinstance(member, dict) and isinstance(member.get("contact"), str):
            yield ("buying_committee", index, "contact"), member["contact"]
