"""Where each value of the layered playbook came from (for `battlemap playbook --explain`).

Values are named by *keys*: the path from the top of the playbook, with map keys, the `id`
of an item in a list merged by id, and the index of an item in any other list. An override
records, for every value it sets, ``"FILE:LINE"``; a value without a recorded key or
ancestor is the default's. Recording follows the merge rules of ``playbook.merge`` (maps
merge, lists with ids merge by id, other lists and values replace), so that the later
layer wins and a replaced list forgets what an earlier layer set inside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from battlemap.playbook import is_keyed
from battlemap.source import Document, KeyPath

Key = tuple[str | int, ...]
Origins = dict[Key, str]

DEFAULT = "default"


def record_origins(origins: Origins, override: Any, document: Document, at: KeyPath) -> None:
    """Record where ``override`` (the value at ``at`` in ``document``) sets values."""
    _record(origins, override, document, at, ())


def _record(origins: Origins, value: Any, document: Document, at: KeyPath, key: Key) -> None:
    if isinstance(value, Mapping):
        for name, item in value.items():
            _record(origins, item, document, (*at, name), (*key, name))
    elif isinstance(value, list) and is_keyed(value):
        for index, item in enumerate(value):
            item_key = (*key, item["id"])
            if item.get("remove") is True:
                _forget(origins, item_key)
                continue
            for name, part in item.items():
                if name != "remove":
                    _record(origins, part, document, (*at, index, name), (*item_key, name))
    else:
        _forget(origins, key)
        origins[key] = f"{document.file}:{document.position(at).line}"


def _forget(origins: Origins, key: Key) -> None:
    for known in [k for k in origins if k[: len(key)] == key]:
        del origins[known]


def origin(origins: Origins, key: Key) -> str:
    """Where the value at ``key`` came from: the override that set it or an ancestor of it
    (a replaced list, a text given as one string), else the default."""
    for end in range(len(key), 0, -1):
        found = origins.get(key[:end])
        if found is not None:
            return found
    return DEFAULT
