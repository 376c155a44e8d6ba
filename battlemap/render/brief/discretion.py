"""Discreet wording for a page the customer may see: the printed visit brief.

A brief can end up on the customer's table. By default it never prints how we judge people
(stance words, "coach", "内线"): stances are neutral symbols and the coach a marker, each
explained in a small legend, and every text shown (the account's own, the playbook's, flag
titles) has those words replaced by the same symbols. ``--full`` prints the words.

Why replace rather than drop: a goal such as "Develop an insider coach" keeps its meaning for
the reader who knows the legend ("Develop an insider ◆"), and nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from battlemap.playbook import LANGUAGES, text

STANCE_SYMBOLS = {
    "champion": "▲",
    "supporter": "△",
    "neutral": "○",
    "skeptic": "▽",
    "opponent": "▼",
    "unknown": "?",
}
"""Most to least favourable; the order of the stance scale."""
COACH_MARK = "◆"

SENSITIVE_TERMS: dict[str, tuple[str, ...]] = {
    "▲": ("champion", "champions", "拥护者"),
    "△": ("supporter", "supporters", "支持者"),
    "▽": ("skeptic", "skeptics", "sceptic", "sceptics", "怀疑者"),
    "▼": ("opponent", "opponents", "opposition", "反对者", "反对派"),
    COACH_MARK: ("coach", "coaches", "内线", "教练"),
}
"""Words that tell how we judge a person, in any language, and the symbol each becomes.
The playbook's own labels for these stances and for the coach role are added to them."""

_LABELLED = {"▲": "champion", "△": "supporter", "▽": "skeptic", "▼": "opponent"}


def _playbook_terms(book: Mapping[str, Any]) -> dict[str, set[str]]:
    """The playbook's labels of the judging stances and of the coach role, every language."""
    labels = book.get("labels") or {}
    wanted = {symbol: (labels.get("stances") or {}).get(key) for symbol, key in _LABELLED.items()}
    wanted[COACH_MARK] = (labels.get("roles") or {}).get("coach")
    found: dict[str, set[str]] = {}
    for symbol, value in wanted.items():
        words = {text(value, lang) for lang in LANGUAGES} if value is not None else set()
        found[symbol] = {w for w in words if w.strip()}
    return found


def _pattern(term: str) -> str:
    escaped = re.escape(term)
    return rf"\b{escaped}\b" if term.isascii() else escaped


@dataclass(frozen=True)
class Discretion:
    """Turns texts into what the page may print: unchanged in full mode."""

    discreet: bool
    symbols: Mapping[str, str]
    """Lower-cased sensitive term -> its symbol."""

    @classmethod
    def of(cls, book: Mapping[str, Any], discreet: bool) -> Discretion:
        symbols: dict[str, str] = {}
        extra = _playbook_terms(book)
        for symbol, terms in SENSITIVE_TERMS.items():
            for term in (*terms, *sorted(extra.get(symbol, ()))):
                symbols.setdefault(term.lower(), symbol)
        return cls(discreet, symbols)

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        terms = sorted(self.symbols, key=lambda t: (-len(t), t))
        return re.compile("|".join(_pattern(t) for t in terms), re.IGNORECASE)

    def __call__(self, value: str) -> str:
        """``value`` with every sensitive word replaced by its symbol (when discreet)."""
        if not self.discreet or not value:
            return value
        return self._regex.sub(lambda m: self.symbols.get(m.group(0).lower(), "·"), value)

    def clean(self, value: str) -> bool:
        """Whether ``value`` holds no sensitive word."""
        return self._regex.search(value) is None


def stance_symbol(stance: str) -> str:
    return STANCE_SYMBOLS.get(stance, STANCE_SYMBOLS["unknown"])


def stance_level(stance: str) -> int:
    """1 (most favourable) to 5, 0 for unknown: a neutral class name for the stance."""
    order = list(STANCE_SYMBOLS)
    return order.index(stance) + 1 if stance in order[:5] else 0
