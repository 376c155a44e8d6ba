"""Where a flag's subject is written in the account file (flags print at their subject's key)."""

from __future__ import annotations

from typing import Any

from battlemap.assess.types import Subject
from battlemap.source import KeyPath


def _index(items: Any, ident: str) -> int | None:
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and item.get("id") == ident:
            return index
    return None


def _opportunity(data: dict[str, Any], ident: str) -> tuple[KeyPath, dict[str, Any]] | None:
    index = _index(data.get("opportunities"), ident)
    if index is None:
        return None
    return ("opportunities", index), data["opportunities"][index]


def _need_path(data: dict[str, Any], opportunity: str, need: str) -> KeyPath | None:
    found = _opportunity(data, opportunity)
    if found is None:
        return None
    path, entry = found
    index = _index(entry.get("needs"), need)
    return None if index is None else (*path, "needs", index)


def subject_path(data: dict[str, Any], subject: Subject) -> KeyPath:
    """The path of the subject's `id` key (or the closest written place)."""
    kind, ident = subject.kind, subject.id
    lists = {"contact": "contacts", "visit": "visits", "opportunity": "opportunities"}
    if kind in lists:
        index = _index(data.get(lists[kind]), ident)
        return ("account",) if index is None else (lists[kind], index, "id")
    parts = ident.split("/")
    if kind == "need":
        path = _need_path(data, parts[0], parts[1])
        return ("account",) if path is None else (*path, "id")
    if kind == "plan":
        path = _need_path(data, parts[0], parts[1])
        return ("account",) if path is None else (*path, "plan")
    if kind == "step":
        found = _opportunity(data, parts[0])
        return ("account",) if found is None else (*found[0], "next_steps", int(parts[2]) - 1)
    return ("account",)
