"""`battlemap diff --format text`: the changes as lines a reviewer reads.

Names, notes and values come from the account, which anyone with push rights may write:
every line goes through `printable` (as `check`'s diagnostics do), so a contact named with
a line break or a terminal escape cannot forge a line or drive the reader's terminal.
"""

from __future__ import annotations

from typing import Any

from battlemap.diagnostics import printable

_SYMBOLS = {"added": "+", "removed": "-", "departed": "→", "opened": "+", "closed": "-"}


def _value(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _change(change: dict[str, Any]) -> str:
    line = f"{change['field']}: {_value(change['from'])} → {_value(change['to'])}"
    extra = change.get("move") or change.get("direction")
    return f"{line} ({extra})" if extra else line


def _entities(title: str, section: dict[str, Any]) -> list[str]:
    lines = []
    for kind in ("added", "removed", "departed"):
        for item in section.get(kind, ()):
            note = f" on {item['on']}" if "on" in item else ""
            lines.append(f"  {_SYMBOLS[kind]} {kind} {item['name']} ({item['id']}){note}")
    for item in section.get("changed", ()):
        for change in item["changes"]:
            lines.append(f"  ~ {item['name']} ({item['id']}) {_change(change)}")
    return [title, *lines] if lines else []


def _opened_closed(title: str, section: dict[str, Any]) -> list[str]:
    lines = [
        f"  {_SYMBOLS[kind]} {kind} {' '.join(str(p) for p in key)}"
        for kind in ("opened", "closed")
        for key in section.get(kind, ())
    ]
    return [title, *lines] if lines else []


def format_diff(result: dict[str, Any]) -> str:
    header = f"{result['from']['revision']} → {result['to']['revision']}"
    lines = [header]
    for side in ("from", "to"):
        info = result[side]
        if not info["exists"]:
            lines.append(f"  ({info['revision']}: the file does not exist; everything is new)")
        for error in info.get("errors", ()):
            lines.append(
                f"  {info['revision']} has errors, not compared: "
                f"{error['line']}:{error['column']}: error[{error['code']}] {error['message']}"
            )
    lines += _entities("contacts", result.get("contacts", {}))
    lines += _entities("opportunities", result.get("opportunities", {}))
    lines += _opened_closed("trust gaps (contact pillar)", result.get("trust_gaps", {}))
    lines += _opened_closed("flags (code kind id)", result.get("flags", {}))
    if len(lines) == 1:
        lines.append("  no changes")
    return "\n".join(printable(line) for line in lines)
