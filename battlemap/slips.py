"""Typing slips in YAML, found at the character that caused them (input methods switch
between full-width and half-width punctuation all day), and libyaml's errors in plain words.

Two passes, both cheap where nothing is wrong:

* a file that does not parse: `syntax_slips` reads its lines for the slips that break YAML
  (a full-width colon after a key, odd spaces in the indentation or after a colon, a value
  that needs quotes...), each at its own line and column with the edit that fixes it; the
  parser's error is then said in plain words too, unless a slip just before it explains it;
* a file that parses: the loader asks `odd_indented_key`, `smart_quoted` and
  `commas_in_flow_item` about the few scalars that could hide a silent change (a key
  starting with an odd space, a value in curly quotes, a full-width comma in a ``[...]``
  item). Nothing else is scanned.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from battlemap.diagnostics import Diagnostic, Fix
from battlemap.slip_lines import (
    BLOCK_VALUE_START,
    CURLY_QUOTES,
    INDENT_SLIPS,
    STRAIGHT,
    account_schema,
    char_at,
    comma_edit,
    fill,
    indent_slip,
    line_slips,
    needs_quotes,
    split_lines,
)
from battlemap.slip_words import (
    ANCHOR_IN_TEXT,
    BAD_ESCAPE,
    BAD_INDENTATION,
    COMMA_IN_TEXT,
    FULLWIDTH_COMMA,
    MISSING_COLON,
    SMART_QUOTED_VALUE,
    TEXT_AFTER_QUOTE,
    UNCLOSED_BRACKET,
    UNCLOSED_QUOTE,
    YAML_SYNTAX,
    Slip,
    yaml_quoted,
)

__all__ = [
    "Slip",
    "ValueSlips",
    "YamlError",
    "anchor_in_text",
    "commas_in_flow_item",
    "line_slips",
    "odd_indented_key",
    "smart_quoted",
    "syntax_slips",
]


class Place(Protocol):
    """A 1-based line and column (the loader's ``Position``)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


# --- a file that parses: the scalars that may hide a silent change -----------------------


class ValueSlips:
    """What the loader asks while it builds values from composed nodes: the few scalars
    that may hide a slip are looked at (a test of their first character, or of a ``，`` in
    a ``[...]`` item); the slips found wait in `found` until the end of the file."""

    def __init__(
        self,
        text: str,
        place: Callable[[Any], Place],
        pointer: Callable[[tuple[str | int, ...]], str],
    ) -> None:
        self._text, self._place, self._pointer = text, place, pointer
        self._slips: list[Slip] = []
        self._anchors: dict[int, Slip | None] = {}
        """Plain values after an anchor, by node: the slip, or None once an alias used it."""

    @property
    def found(self) -> list[Slip]:
        return [*self._slips, *(slip for slip in self._anchors.values() if slip)]

    def key(self, key: str, where: Place, parts: tuple[str | int, ...]) -> None:
        if key[:1] in INDENT_SLIPS:
            found = odd_indented_key(key, where, self._pointer(parts), self._text)
            self._slips.extend([found] if found else [])

    def flow_sequence(self, node: Any, parts: tuple[str | int, ...]) -> None:
        """Full-width commas in the plain items of a ``[...]`` list."""
        for index, item in enumerate(node.value):
            if item.id == "scalar" and not item.style and "，" in item.value:
                at = (*parts, index)
                where, raw = self._place(item.start_mark), self._raw(item)
                found = commas_in_flow_item(item.value, raw, where, at, self._pointer(at))
                self._slips.extend(found)

    def plain(self, node: Any, parts: tuple[str | int, ...]) -> None:
        """A plain value after an anchor, or wrapped whole in curly quotes."""
        start = node.start_mark.index
        if self._text[start : start + 1] == "&":
            self._anchored(node, parts)
        if node.value[:1] in CURLY_QUOTES:
            where, path = self._place(node.start_mark), self._pointer(parts)
            quoted = smart_quoted(node.value, self._raw(node), where, path)
            self._slips.extend([quoted] if quoted else [])

    def _anchored(self, node: Any, parts: tuple[str | int, ...]) -> None:
        """A slip unless an alias uses the anchor (which comes later in the file)."""
        if id(node) in self._anchors:
            self._anchors[id(node)] = None  # used by an alias
            return
        where, raw = self._place(node.start_mark), self._raw(node)
        self._anchors[id(node)] = anchor_in_text(node.value, raw, where, self._pointer(parts))

    def _raw(self, node: Any) -> str:
        """The text a node was written as."""
        return self._text[node.start_mark.index : node.end_mark.index]


def odd_indented_key(key: str, where: Place, path: str, text: str) -> Slip | None:
    """A key that starts with a tab, full-width or no-break space: indentation that YAML
    read as part of the key (the line left its mapping)."""
    if key[:1] not in INDENT_SLIPS:
        return None
    return indent_slip(split_lines(text), where.line - 1, path)


def smart_quoted(value: str, raw: str, where: Place, path: str) -> Slip | None:
    """A plain value wrapped whole in curly quotes: YAML keeps them as text."""
    if len(value) < 2 or value[0] not in CURLY_QUOTES or value[-1] != CURLY_QUOTES[value[0]]:
        return None
    straight = STRAIGHT[value[0]]
    quoted = yaml_quoted(value[1:-1], straight)
    fix = Fix(where.line, where.column, raw, quoted) if "\n" not in raw else None
    pair = f"{value[0]}{value[-1]}"
    return Slip(
        SMART_QUOTED_VALUE,
        where.line,
        where.column,
        fill(pair=pair, quoted=quoted),
        fix,
        path,
    )


def anchor_in_text(value: str, raw: str, where: Place, path: str) -> Slip:
    """A plain value written after an anchor (``&1 风险``) that no alias uses: the anchor
    was most likely meant as text, and YAML dropped it."""
    anchor = raw.split()[0]
    quoted = yaml_quoted(raw.rstrip())
    fields = fill(anchor=anchor, value=value, quoted=quoted)
    return Slip(ANCHOR_IN_TEXT, where.line, where.column, fields, None, path)


def commas_in_flow_item(
    value: str, raw: str, where: Place, parts: tuple[str | int, ...], path: str
) -> list[Slip]:
    """Full-width commas in a plain item of a ``[...]`` list. In a list of codes or ids
    (roles, attendees...) they can only be separators: errors with the fix. In a list of
    free text they may be part of the text: a warning that shows both readings."""
    commas = [index for index, char in enumerate(raw) if char == "，"]
    if not commas:
        return []
    if _is_code_list(parts[:-1]):
        return [
            Slip(FULLWIDTH_COMMA, *place, fix=Fix(*place, *comma_edit(raw, index)), path=path)
            for index in commas
            for place in [_advance(where, raw, index)]
        ]
    pieces = [piece.strip() for piece in value.split("，")]
    fields = fill(item=value, split=", ".join(pieces), quoted=yaml_quoted(value))
    return [Slip(COMMA_IN_TEXT, *_advance(where, raw, commas[0]), fields, None, path)]


def _advance(where: Place, raw: str, index: int) -> tuple[int, int]:
    """The line and column of ``raw[index]``, where ``raw`` starts at ``where``."""
    breaks = raw.count("\n", 0, index)
    if not breaks:
        return where.line, where.column + index
    return where.line + breaks, index - raw.rfind("\n", 0, index)


def _is_code_list(parts: tuple[str | int, ...]) -> bool:
    """Whether the account format's list at ``parts`` holds codes or ids (an enum or a
    pattern for its items), not free text. Read from the schema only when a full-width
    comma was found, which is rare."""
    root = account_schema()
    found = _alternatives(root, root)
    for part in (*parts, 0):
        found = [
            alternative
            for node in found
            for child in [_child(node, part)]
            if child is not None
            for alternative in _alternatives(child, root)
        ]
    return any("enum" in node or "pattern" in node for node in found)


def _child(node: dict[str, Any], part: str | int) -> Any:
    if isinstance(part, int):
        return node.get("items")
    return node.get("properties", {}).get(part)


def _alternatives(node: Any, root: dict[str, Any], depth: int = 0) -> list[dict[str, Any]]:
    """``node`` with its local ``$ref`` followed and its ``anyOf``/``oneOf`` spread."""
    if not isinstance(node, dict) or depth > 16:
        return []
    reference = node.get("$ref", "")
    if reference.startswith("#/$defs/"):
        return _alternatives(root["$defs"][reference.removeprefix("#/$defs/")], root, depth + 1)
    spread = [*node.get("anyOf", ()), *node.get("oneOf", ())]
    return [node, *(alt for option in spread for alt in _alternatives(option, root, depth + 1))]


# --- a file that does not parse: its lines ------------------------------------------------


@dataclass(frozen=True)
class YamlError:
    """The parser's error: its words and the places it names (1-based line, column)."""

    problem: str
    context: str
    problem_at: tuple[int, int]
    context_at: tuple[int, int] | None


def syntax_slips(text: str, file: str, error: YamlError) -> list[Diagnostic]:
    """The slips of a file that does not parse, and the parser's error in plain words
    (with its own words as the detail) unless a slip just before it already explains it."""
    lines = split_lines(text)
    slips = line_slips(text)
    detail = ": ".join(part for part in (error.context, error.problem) if part)
    window = _window(lines, error)
    explained = [slip for slip in slips if window[0] <= slip.line <= window[1]]
    found = [slip.diagnostic(file) for slip in slips if slip not in explained[:1]]
    if explained:
        found.append(explained[0].diagnostic(file, detail))
    else:
        found.append(_explain(lines, error).diagnostic(file, detail))
    return found


def _window(lines: list[str], error: YamlError) -> tuple[int, int]:
    """The lines a slip must be on to explain the parser's error: the one it stopped on,
    the last written line before it, and the key it was reading (a missing colon)."""
    stopped = error.problem_at[0]
    before = next(
        (
            number
            for number in range(stopped - 1, 0, -1)
            if lines[number - 1].strip(" \t")
            and not lines[number - 1].lstrip(" \t").startswith("#")
        ),
        stopped,
    )
    if error.context_at and "simple key" in error.context:
        before = min(before, error.context_at[0])
    return before, stopped


def _explain(lines: list[str], error: YamlError) -> Slip:
    """The parser's error in plain words, at the character it concerns."""
    words = f"{error.context} {error.problem}"
    at = error.problem_at
    start = error.context_at or at
    if "tab character" in words or char_at(lines, at) == "\t":
        return indent_slip(lines, at[0] - 1, "") or Slip(YAML_SYNTAX, *at)
    if "could not find expected ':'" in words:
        return Slip(MISSING_COLON, *start)
    if "escape" in words or "hexdecimal" in words or "hexadecimal" in words:
        return Slip(BAD_ESCAPE, *at)
    if "quoted scalar" in words:
        return Slip(
            UNCLOSED_QUOTE,
            *start,
            fill(char=char_at(lines, start)),
        )
    if "flow sequence" in words or "flow mapping" in words:
        return _unclosed(lines, at, start)
    if "flow node" in words and not char_at(lines, at).strip():  # the file ended in [...]
        return _unclosed(lines, at, _last_opening(lines, at))
    place = _reserved_place(words, at, start)
    if place is not None:
        return needs_quotes(lines, place)
    if "expected key" in words or "block end" in words:
        return _text_after_quote(lines, at) or Slip(BAD_INDENTATION, *at)
    if "mapping values" in words or "indicator" in words:
        return Slip(BAD_INDENTATION, *at)
    return Slip(YAML_SYNTAX, *at)


_CLOSING = {'"': '"', "'": "'", "[": "]", "{": "}"}


def _text_after_quote(lines: list[str], at: tuple[int, int]) -> Slip | None:
    """Text after a value in quotes or brackets on the same line (``"郑伟"经理``)."""
    text = lines[at[0] - 1] if at[0] <= len(lines) else ""
    found = BLOCK_VALUE_START.match(text)
    start = found.end() if found else 0
    if text[start : start + 1] not in _CLOSING or at[1] - 1 <= start:
        return None
    close = _CLOSING[text[start]]
    quoted = yaml_quoted(re.split(r"[ \t]#", text[start:])[0].rstrip(" \t"))
    return Slip(TEXT_AFTER_QUOTE, *at, fill(close=close, quoted=quoted))


def _unclosed(lines: list[str], at: tuple[int, int], opened: tuple[int, int]) -> Slip:
    opening = char_at(lines, opened)
    close = "]" if opening == "[" else "}"
    return Slip(UNCLOSED_BRACKET, *at, fill(open=opening, close=close, line=str(opened[0])))


def _last_opening(lines: list[str], at: tuple[int, int]) -> tuple[int, int]:
    """The last ``[`` or ``{`` before ``at``."""
    for number in range(min(at[0], len(lines)), 0, -1):
        text = lines[number - 1][: at[1] - 1] if number == at[0] else lines[number - 1]
        column = max(text.rfind("["), text.rfind("{"))
        if column >= 0:
            return number, column + 1
    return at


def _reserved_place(words: str, at: tuple[int, int], start: tuple[int, int]) -> Any:
    """Where a character that a value cannot start with is, if that is the error."""
    if any(
        found in words
        for found in (
            "cannot start any token",
            "undefined alias",
            "duplicate anchor",
            "node content",
        )
    ):
        return at
    if any(found in words for found in ("are not allowed in this context", "are not allowed here")):
        return None if "mapping values" in words else at
    if any(found in words for found in ("an alias", "an anchor", "block scalar", "a tag")):
        return start
    return None
