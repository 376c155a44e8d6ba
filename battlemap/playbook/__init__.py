"""The playbook: the built-in default, layering of overrides, localized texts and templates.

A playbook is plain data (see ``default.yaml`` and docs/design.md, "Playbook format"). Overrides
(the ``playbook`` section of battlemap.yaml, then ``--playbook FILE``) state only what they
change and are deep-merged over the default with ``merge``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DEFAULT_PATH",
    "LANGUAGES",
    "MONEY_METRICS",
    "fill",
    "is_keyed",
    "load_default",
    "merge",
    "text",
    "text_language",
]

DEFAULT_PATH = Path(__file__).with_name("default.yaml")
LANGUAGES = ("zh", "en")
"""The languages of localized texts, in fallback order after the wanted one."""
MONEY_METRICS = frozenset({"wallet", "revenue_ltm", "profit_ltm"})
"""Condition metrics in the account's currency: their thresholds are stated per currency."""

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _parsed_default() -> dict[str, Any]:
    """Why the plain (YAML 1.1) loader is fine here: the default is our own file, written to
    read the same under YAML 1.1 and 1.2 (a test checks this); libyaml makes it fast."""
    with DEFAULT_PATH.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_Loader)
    if not isinstance(data, dict):
        raise TypeError(f"{DEFAULT_PATH} does not hold a mapping")
    return data


def load_default() -> dict[str, Any]:
    """The built-in default playbook. Parsed once per process; each call returns its own
    copy, so a caller may change the result without affecting later calls."""
    return copy.deepcopy(_parsed_default())


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` deep-merged over ``base``, as a new value (neither input is changed).

    Maps merge key by key (new keys appended); lists of objects with an ``id`` merge by id
    (order kept, new ids appended, an item with ``remove: true`` deletes that id; an empty
    list therefore changes nothing); other lists and all other values replace.
    """
    result = {key: copy.deepcopy(value) for key, value in base.items()}
    for key, value in override.items():
        result[key] = _merge_value(base.get(key), value)
    return result


def _merge_value(base: object, override: object) -> object:
    if isinstance(override, Mapping):
        return merge(base if isinstance(base, Mapping) else {}, override)
    if isinstance(override, list) and is_keyed(override):
        keyed_base = base if isinstance(base, list) and is_keyed(base) else []
        return _merge_by_id(keyed_base, override)
    return copy.deepcopy(override)


def is_keyed(items: list[Any]) -> bool:
    """A list of objects with an ``id`` (vacuously true for an empty list)."""
    return all(isinstance(item, Mapping) and isinstance(item.get("id"), str) for item in items)


def _merge_by_id(base: list[Any], override: list[Any]) -> list[Any]:
    merged: dict[str, Any] = {item["id"]: copy.deepcopy(item) for item in base}
    for item in override:
        key = item["id"]
        if item.get("remove") is True:
            merged.pop(key, None)
            continue
        changes = {name: value for name, value in item.items() if name != "remove"}
        merged[key] = merge(merged.get(key, {}), changes)
    return list(merged.values())


def text(value: object, lang: str) -> str:
    """A localized text (a string, or ``{zh: ..., en: ...}``) in ``lang``, else in another
    language that has it; an empty string when there is no text at all."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        chosen = text_language(value, lang)
        return "" if chosen is None else str(value[chosen])
    return "" if value is None else str(value)


def text_language(value: Mapping[str, Any], lang: str) -> str | None:
    """The key of a localized text ``{zh: ..., en: ...}`` that ``text`` shows in ``lang``."""
    for candidate in (lang, *LANGUAGES, *value):
        found = value.get(candidate)
        if isinstance(found, str) and found:
            return str(candidate)
    return None


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``.

    Why not ``str.format``: templates come from user playbooks, and ``format`` would let
    ``{0.__class__}`` or ``{x.attr}`` reach attribute access. Only plain names are
    replaced, in one pass (a value containing braces is not expanded again); unknown
    placeholders and anything else in braces stay as written.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, template)
