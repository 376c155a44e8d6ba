"""The layered playbook as YAML, optionally in one language and with each value's origin.

Why a small writer of our own: PyYAML cannot write comments, and `--explain` puts the
origin of every value after it (``# default``, ``# battlemap.yaml:12``). Scalars are still
written by PyYAML (or as JSON strings, which YAML reads the same), so the output reads
back as the same data (a test checks this).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import yaml

from battlemap.playbook import LANGUAGES, is_keyed, text_language
from battlemap.playbook.origins import Key, Origins, origin

_NO_WRAP = 2**31 - 1


def show(book: Mapping[str, Any], origins: Origins | None, lang: str | None) -> str:
    """``book`` as block YAML. ``origins`` (not None): each value ends with a comment saying
    where it came from. ``lang``: each localized text in that language only."""
    writer = _Writer(origins, lang)
    writer.mapping(book, (), 0, "")
    return "\n".join(writer.lines) + "\n"


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=_NO_WRAP)
    dumped = dumped.removesuffix("\n").removesuffix("\n...")
    return json.dumps(value, ensure_ascii=False) if "\n" in dumped else dumped


def _is_text(value: Any) -> bool:
    """A localized text ``{zh: ..., en: ...}`` (a map of languages to strings)."""
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(k in LANGUAGES and isinstance(v, str) for k, v in value.items())
    )


class _Writer:
    def __init__(self, origins: Origins | None, lang: str | None) -> None:
        self.origins = origins
        self.lang = lang
        self.lines: list[str] = []

    def note(self, key: Key) -> str:
        return "" if self.origins is None else f"  # {origin(self.origins, key)}"

    def mapping(self, data: Mapping[str, Any], key: Key, indent: int, first: str) -> None:
        """Entries at ``indent``; the first line starts with ``first`` (e.g. ``"  - "``)."""
        for number, (name, value) in enumerate(data.items()):
            lead = first if number == 0 else " " * indent
            self.value(value, (*key, name), indent, f"{lead}{_scalar(name)}:", inline=False)

    def sequence(self, items: list[Any], key: Key, indent: int, first: str) -> None:
        keyed = is_keyed(items)
        for number, item in enumerate(items):
            lead = first if number == 0 else " " * indent
            item_key = (*key, item["id"] if keyed else number)
            self.value(item, item_key, indent, f"{lead}-", inline=True)

    def value(self, value: Any, key: Key, indent: int, head: str, inline: bool) -> None:
        """``value`` after ``head`` (``"  name:"``, or ``"  -"`` for a list item, whose map
        or list starts on the same line)."""
        if self.lang is not None and _is_text(value):
            chosen = text_language(value, self.lang)
            if chosen is not None:
                self.lines.append(f"{head} {_scalar(value[chosen])}{self.note((*key, chosen))}")
                return
        if isinstance(value, Mapping) and value:
            if inline:
                self.mapping(value, key, indent + 2, f"{head} ")
            else:
                self.lines.append(head)
                self.mapping(value, key, indent + 2, " " * (indent + 2))
        elif isinstance(value, list) and value:
            if inline:
                self.sequence(value, key, indent + 2, f"{head} ")
            else:
                self.lines.append(head)
                self.sequence(value, key, indent + 2, " " * (indent + 2))
        else:
            self.lines.append(f"{head} {_scalar(value)}{self.note(key)}")
