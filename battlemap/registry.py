"""One pattern for everything registered under a stable code (semantic checks, flag rules):
a table filled by decorators as their modules are imported, refusing a code twice.

Why refuse at import: a second function under a code already taken would silently replace
the first (or run beside it) and the documentation would describe only one of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TypeVar

Item = TypeVar("Item")


class Registry(Mapping[str, Item]):
    """Code -> item, in registration order; read-only but for ``add``."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, Item] = {}

    def add(self, code: str, item: Item) -> None:
        """Register ``item`` under ``code``; ``ValueError`` if the code is taken."""
        if code in self._items:
            raise ValueError(f"{self.kind} code registered twice: {code}")
        self._items[code] = item

    def __getitem__(self, code: str) -> Item:
        return self._items[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)
