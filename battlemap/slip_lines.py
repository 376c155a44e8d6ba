"""The lines of a YAML file that does not parse, read for the slips that break YAML: a
full-width colon after a key, odd spaces in the indentation or after a colon, a value that
needs quotes, curly quotes where YAML quotes belong, a full-width comma between the entries
of a ``{...}``. Each at its own line and column, with the edit that fixes it when the
intent is clear; `battlemap.slips` adds the parser's own error in plain words.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from battlemap.diagnostics import Fix
from battlemap.resources import schema_path
from battlemap.slip_words import (
    CHARACTER_NAMES,
    COLON_IN_VALUE,
    FULLWIDTH_COLON,
    FULLWIDTH_COMMA,
    INDENT_NOT_SPACE,
    NEEDS_QUOTES,
    SMART_QUOTES,
    SPACE_AFTER_COLON,
    Slip,
    yaml_quoted,
)

ODD_SPACES = "\u3000\xa0"
"""The full-width space and the no-break space: spaces to a reader, text to YAML."""
INDENT_SLIPS = "\t" + ODD_SPACES
CURLY_QUOTES = {"“": "”", "”": "”", "‘": "’", "’": "’"}
"""Curly quotes an input method types, each with the quote that closes it."""
STRAIGHT = {"“": '"', "”": '"', "‘": "'", "’": "'"}
_CANNOT_START = "@`%"
"""Characters YAML reserves: a plain value can never start with them."""
_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(#.*)?")
_FLOW_KEY = re.compile(r"\s*([^\s,\[\]{}:：#'\"]+)\s*([:：])")


@cache
def account_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path("account").read_text(encoding="utf-8"))
    return schema


@cache
def account_keys() -> frozenset[str]:
    """Every key of the account format: after a ``- ``, ``id：`` is a key with a slip while
    ``成本：高`` is a list item that holds a full-width colon."""
    found: set[str] = set()
    pending: list[Any] = [account_schema()]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            found.update(node.get("properties", {}))
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return frozenset(found)


def split_lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def line_slips(text: str) -> list[Slip]:
    """The slips that break YAML, found in the lines of ``text`` (what `syntax_slips`
    reports besides the parser's error)."""
    return _LineScanner(split_lines(text)).scan()


def comma_edit(raw: str, index: int) -> tuple[str, str]:
    return "，", "," if raw[index + 1 : index + 2] in (" ", "", "\r", "\n") else ", "


def char_at(lines: list[str], place: tuple[int, int]) -> str:
    line, column = place
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return text[column - 1 : column] or " "


def needs_quotes(lines: list[str], place: tuple[int, int]) -> Slip:
    """A value that starts with a character YAML reserves, at that character."""
    index, start = place[0] - 1, place[1] - 1
    text = lines[index] if index < len(lines) else ""
    char = char_at(lines, place)
    if text and BLOCK_VALUE_START.fullmatch(text[:start]):
        quoted, fix = _quoted_value(lines, index, start, _owner(text))
    else:  # an item of a [...] or {...}: up to its end
        item = re.split(r"[,\]}]", text[start + 1 :])[0].rstrip()
        quoted, fix = yaml_quoted(char + item), None
    return Slip(NEEDS_QUOTES, *place, fill(char=char, quoted=quoted), fix)


BLOCK_VALUE_START = re.compile(r"[ ]*(?:-[ ]+)*(?:[^\[\]{}#\"']*?:[ \t]+)?")
"""What may come before a value written in block style: indentation, dashes, a key."""


def _owner(text: str) -> int:
    """The column (0-based) of the key or dash a line's value belongs to."""
    found = re.match(r"[ ]*(?:-[ ]+)*", text)
    return found.end() if found else 0


def fill(**fields: str) -> tuple[tuple[str, str], ...]:
    return tuple(fields.items())


def _quoted_value(lines: list[str], index: int, start: int, owner: int) -> tuple[str, Fix | None]:
    """The value that starts at ``lines[index][start]`` in quotes, and the fix that writes
    them, unless it is unclear where the value ends (a ``#`` that may start a comment, or
    a next line that may continue it)."""
    rest = lines[index][start:].rstrip(" \t")
    quoted = yaml_quoted(rest)
    following = next((line for line in lines[index + 1 :] if line.strip(" \t")), "")
    continues = len(following) - len(following.lstrip(" ")) > owner and ":" not in following
    if " #" in rest or "\t#" in rest or continues:
        return quoted, None
    return quoted, Fix(index + 1, start + 1, rest, quoted)


def indent_slip(lines: list[str], index: int, path: str) -> Slip | None:
    """A tab, full-width or no-break space in the indentation of ``lines[index]``, with the
    fix that indents it like the lines around it."""
    if not 0 <= index < len(lines):
        return None  # a place the parser counted differently (a lone CR breaks its lines)
    text = lines[index]
    lead = text[: len(text) - len(text.lstrip(" " + INDENT_SLIPS))]
    odd = next((column for column, char in enumerate(lead) if char != " "), None)
    if odd is None:
        return None
    rest = text[len(lead) :]
    count = _sibling_indent(lines, index, rest) if rest else 0
    fields = (("char", CHARACTER_NAMES[lead[odd]]), ("count", str(count)))
    fix = Fix(index + 1, 1, lead, " " * count)
    return Slip(INDENT_NOT_SPACE, index + 1, odd + 1, fields, fix, path)


def _spaces(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _written(text: str) -> bool:
    """A line with content indented by plain spaces (not blank, not a comment)."""
    rest = text.lstrip(" ")
    return bool(rest) and rest[0] not in INDENT_SLIPS + "#"


def _sibling_indent(lines: list[str], index: int, rest: str) -> int:
    """The indentation a line should have: that of the key on the written line before it,
    or, when that line opens a block (``key:``), that of the block's next line (else two
    spaces deeper)."""
    before = next((lines[i] for i in range(index - 1, -1, -1) if _written(lines[i])), None)
    if before is None:
        return 0
    key_column = (
        _spaces(before)
        if rest.startswith("- ") and before.lstrip().startswith("-")
        else _owner(before)
    )
    if not re.search(r":[ \t]*(#.*)?$", before):
        return key_column
    after = next((line for line in lines[index + 1 :] if _written(line)), "")
    return _spaces(after) if _spaces(after) > key_column else key_column + 2


class _LineScanner:
    """Reads a file line by line for the slips that break YAML, keeping just enough state
    to skip what is text: block scalars, continued plain values, quoted text and ``[...]``
    or ``{...}`` over several lines."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._slips: list[Slip] = []
        self._continues_over: int | None = None
        """A value may continue on lines indented more than this column."""
        self._block = False
        """Whether that value is a block scalar (``|`` or ``>``), whose lines are all text."""
        self._quote = ""
        self._flow: list[str] = []

    def scan(self) -> list[Slip]:
        for index, text in enumerate(self._lines):
            self._line(index, text)
        return self._slips

    def _line(self, index: int, text: str) -> None:
        start = 0
        if self._quote:
            start = self._close_quote(text, 0)
            if start < 0:
                return
        if self._flow:
            self._scan_flow(index, text, start)
            return
        if start:
            return
        blank = not text.strip(" \t") or text.lstrip(" \t").startswith("#")
        goes_on = self._continues_over is not None and (
            blank or _spaces(text) > self._continues_over
        )
        # text of a block scalar, or of a plain value going on (which never holds ": ")
        if goes_on and (self._block or _colon_in_plain(text, 0) is None):
            return
        self._continues_over, self._block = None, False
        if blank:
            return
        slip = indent_slip(self._lines, index, "")
        if slip is not None:
            self._slips.append(slip)
        self._block_line(index, text, len(text) - len(text.lstrip(" " + INDENT_SLIPS)))

    def _block_line(self, index: int, text: str, position: int) -> None:
        if text.startswith("%"):  # a directive (%YAML 1.2)
            return
        owner, dashed = position, False
        while text[position : position + 1] in ("-", "?", ":") and text[
            position + 1 : position + 2
        ] in ("", " "):  # a list item, or YAML's explicit key (?) and value (:)
            owner, dashed = position, True
            position = _skip_spaces(text, position + 1)
        if position >= len(text) or text[position] == "#":
            return
        colon = _key_colon(text, position)
        plain_colon = text[colon : colon + 2].rstrip(" \t") == ":" if colon is not None else False
        if colon is not None and (
            plain_colon or not dashed or text[position:colon] in account_keys()
        ):
            self._colon(index, text, colon)
            owner = position
            odd_space = text[colon + 1 : colon + 2] in tuple(ODD_SPACES)
            position = _skip_spaces(text, colon + 1 + odd_space)
            if position >= len(text) or text[position] == "#":
                return
        self._value(index, text, position, owner)

    def _colon(self, index: int, text: str, colon: int) -> None:
        after = text[colon + 1 : colon + 2]
        if text[colon] == "：":
            new = ":" if after in ("", " ", "\t") else ": "
            fix = Fix(index + 1, colon + 1, "：", new)
            self._slips.append(Slip(FULLWIDTH_COLON, index + 1, colon + 1, fix=fix))
        elif after in tuple(ODD_SPACES):
            fix = Fix(index + 1, colon + 2, after, " ")
            fields = (("char", CHARACTER_NAMES[after]),)
            self._slips.append(Slip(SPACE_AFTER_COLON, index + 1, colon + 2, fields, fix))

    def _value(self, index: int, text: str, position: int, owner: int) -> None:
        if position >= len(text) or text[position] == "#":
            return
        first = text[position]
        if first in "&!" and " " in text[position:]:  # an anchor or a tag, then the value
            self._value(index, text, _skip_spaces(text, text.index(" ", position)), owner)
        elif first in "&!":
            return
        elif first in "|>" and _BLOCK_HEADER.fullmatch(text, position):
            self._continues_over, self._block = owner, True
        elif first in "|>" or first in _CANNOT_START:
            self._slips.append(needs_quotes(self._lines, (index + 1, position + 1)))
        elif first in "\"'":
            self._quote = first
            self._close_quote(text, position + 1)
        elif first in "[{":
            self._scan_flow(index, text, position)
        elif first in CURLY_QUOTES and _colon_in_plain(text, position) is not None:
            self._smart_quotes(index, text, position, owner)
        else:
            colon = _colon_in_plain(text, position)
            if colon is not None:
                quoted, fix = _quoted_value(self._lines, index, position, owner)
                slip = Slip(COLON_IN_VALUE, index + 1, colon + 1, fill(quoted=quoted), fix)
                self._slips.append(slip)
            self._continues_over = owner

    def _smart_quotes(self, index: int, text: str, position: int, owner: int) -> None:
        """Curly quotes around a value that needs quotes (it holds ``": "``)."""
        value = text[position:].rstrip(" \t")
        opening = value[0]
        fix = None
        if len(value) > 1 and value[-1] == CURLY_QUOTES[opening]:
            quoted = yaml_quoted(value[1:-1], STRAIGHT[opening])
            fix = Fix(index + 1, position + 1, value, quoted)
        fields = fill(char=opening, straight=STRAIGHT[opening])
        self._slips.append(Slip(SMART_QUOTES, index + 1, position + 1, fields, fix))
        self._continues_over = owner

    def _close_quote(self, text: str, position: int) -> int:
        """Reads quoted text from ``position``: the column after its closing quote, or -1
        when it goes on to the next line."""
        quote, index = self._quote, position
        while index < len(text):
            char = text[index]
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                if quote == "'" and text[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                self._quote = ""
                return index + 1
            index += 1
        return -1

    def _scan_flow(self, index: int, text: str, position: int) -> None:
        """Brackets and quotes of ``[...]``/``{...}``; a full-width comma before the next key
        of a ``{...}`` is a separator."""
        column = position
        while column < len(text) and (self._flow or column == position):
            char = text[column]
            if char in "\"'" and text[:column].rstrip(" \t")[-1:] in ("[", "{", ",", ":", ""):
                self._quote = char
                column = self._close_quote(text, column + 1)
                if column < 0:
                    return
                continue
            if char == "#" and text[column - 1 : column] in (" ", "\t"):
                return
            if char in "[{":
                self._flow.append(char)
            elif char in "]}" and self._flow:
                self._flow.pop()
            elif char == "，" and self._flow[-1:] == ["{"] and _next_flow_key(text, column + 1):
                edit = comma_edit(text, column)
                fix = Fix(index + 1, column + 1, *edit)
                self._slips.append(Slip(FULLWIDTH_COMMA, index + 1, column + 1, fix=fix))
            column += 1


def _skip_spaces(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def _next_flow_key(text: str, position: int) -> bool:
    """A key of the mapping starts at ``position``: a word then ``:``, or a key of the
    account format then ``：`` (``{name: 王刚，title：经理}``); other text ending in ``：``
    (``，1：``) may be a value's own words."""
    found = _FLOW_KEY.match(text, position)
    return found is not None and (found[2] == ":" or found[1] in account_keys())


def _key_colon(text: str, position: int) -> int | None:
    """The colon that ends the key starting at ``position`` (``:`` then a space, a tab,
    an odd space or the line's end, or a full-width ``：``), None if the line holds no key."""
    if text[position] in "\"'[{&*!|>%@`#" or text[position] in CURLY_QUOTES:
        return None  # not a plain key
    for column in range(position, len(text)):
        char = text[column]
        ends_key = char == ":" and text[column + 1 : column + 2] in ("", " ", "\t", *ODD_SPACES)
        if char == "：" and column == position:
            continue  # a key may start with "：" (`- ：: null`); it cannot end an empty one
        if char == "：" or ends_key:
            return column if column > position else None
        if char == "#" and text[column - 1] in " \t":
            return None
    return None


def _colon_in_plain(text: str, position: int) -> int | None:
    """The first ``": "`` (or a colon ending the line) in the plain value at ``position``,
    before any comment."""
    for column in range(position, len(text)):
        char = text[column]
        if char == ":" and text[column + 1 : column + 2] in ("", " ", "\t"):
            return column
        if char == "#" and text[column - 1] in " \t":
            return None
    return None
