"""The playbook's labels in one language: what every report in words (diff, history) says
for a stage, a pillar, a stance or any other code, instead of the code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from battlemap.playbook import text


class Labels:
    """The playbook's labels in one language."""

    def __init__(self, book: Mapping[str, Any], lang: str) -> None:
        self.book, self.lang = book, lang
        self.stage_order = [s["id"] for s in book.get("stages") or ()]

    def listed(self, items: Any, ident: object) -> str:
        for item in items or ():
            if isinstance(item, Mapping) and item.get("id") == ident:
                return text(item.get("label"), self.lang) or str(ident)
        return str(ident)

    def stage(self, ident: object) -> str:
        return self.listed(self.book.get("stages"), ident)

    def pillar(self, ident: object) -> str:
        return self.listed((self.book.get("trust") or {}).get("pillars"), ident)

    def of(self, group: str, ident: object) -> str:
        if ident is None:
            return "–"
        found = self.book.get("labels", {}).get(group, {}).get(ident)
        return text(found, self.lang) or str(ident)
