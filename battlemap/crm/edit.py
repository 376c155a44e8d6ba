"""Edits of an account file by position: the file is never written out again from data.

Why: the file is the user's, with their comments, order, quoting and layout. An import
changes a scalar where it stands (in its own quoting style), adds a missing key after a
contact's last line, and appends new contacts at the end of the contacts list with the
list's own indentation (and flow style, if its items are written ``{...}``). Every other
byte stays as it was; line endings follow the file's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from battlemap.language import Words
from battlemap.source import parse_text

_COMPOSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's composer when present (about ten times faster); its marks count characters of
the text like the pure-Python one's. The text has loaded as an account already, so its
nesting is within `source`'s limits."""
_BOM = "\ufeff"


class EditError(Exception):
    """The file's contacts are not a list of mappings where we can edit by position."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.en)
        self.words = words


NOT_PARSED = Words("the file does not parse", "文件无法解析")
NOT_A_MAPPING = Words("the file is not a mapping", "文件不是键值映射")
CONTACT_NOT_A_MAPPING = Words("a contact is not a mapping", "有联系人不是键值映射")
NOT_A_VALUE = Words("a contact's '{key}' is not a single value", "有联系人的“{key}”不是单个值")
CONTACTS_NOT_A_LIST = Words("the file's contacts are not a list", "文件中的 contacts 不是列表")


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str
    order: int


def _plain_ok(value: str, flow: bool) -> bool:
    """Whether ``value`` written plain reads back as this very text (YAML 1.2 core, as
    battlemap reads it): no number, boolean, null, comment, indicator or line break."""
    if not value or value != value.strip() or "\n" in value:
        return False
    if flow and any(ch in value for ch in ",[]{}"):
        return False
    contexts = ("v: {}\n", "{{v: {}}}\n") if flow else ("v: {}\n",)
    for context in contexts:
        loaded = parse_text(context.format(value), "-")
        if loaded.document is None or loaded.diagnostics or loaded.document.data != {"v": value}:
            return False
    return True


def scalar(value: str, style: str | None = None, flow: bool = False) -> str:
    """``value`` as a YAML scalar: in ``style`` (None plain, ``'`` or ``"``) when that can
    hold it, else double-quoted."""
    if style == "'" and not _ESCAPED_ONLY.search(value):
        return "'" + value.replace("'", "''") + "'"
    if style is None and _plain_ok(value, flow):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_TEXT.sub(lambda found: f"\\u{ord(found[0]):04x}", quoted)


_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters JSON leaves raw that YAML refuses or reads as line breaks: written escaped."""
_ESCAPED_ONLY = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters only a double-quoted scalar can hold (as escapes)."""


def _end(node: yaml.Node) -> int:
    """Where the text of ``node`` ends: a block collection ends with its last value."""
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and not node.flow_style:
        children = node.value
        if children:
            last = children[-1]
            return _end(last[1] if isinstance(last, tuple) else last)
    return int(node.end_mark.index)


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one ``index`` ends (a block scalar ends after its
    own line break already)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _line_prefix(text: str, index: int) -> str:
    return text[text.rfind("\n", 0, index) + 1 : index]


def _key(node: yaml.MappingNode, name: str) -> yaml.Node | None:
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            found: yaml.Node = value
            return found
    return None


def _mapping_text(values: Mapping[str, str], flow: bool, indent: str, newline: str) -> str:
    if flow:
        return "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in values.items()) + "}"
    lines = [f"{k}: {scalar(v)}" for k, v in values.items()]
    return (newline + indent).join(lines)


class _Editor:
    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        try:
            self.root = yaml.compose(text, Loader=_COMPOSER)
        except yaml.YAMLError as err:
            raise EditError(NOT_PARSED) from err
        if not isinstance(self.root, yaml.MappingNode):
            raise EditError(NOT_A_MAPPING)
        self.mapping: yaml.MappingNode = self.root
        self.edits: list[_Edit] = []
        self.ended = False
        """Whether a line break was added at the end of a file that had none."""

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append(_Edit(start, end, text, len(self.edits)))

    def insert(self, at: int, text: str) -> None:
        self.replace(at, at, text)

    def contacts(self) -> yaml.Node | None:
        return _key(self.mapping, "contacts")

    def update(self, entry: yaml.Node, changes: Mapping[str, str]) -> None:
        if not isinstance(entry, yaml.MappingNode):
            raise EditError(CONTACT_NOT_A_MAPPING)
        for name, value in changes.items():
            found = _key(entry, name)
            if isinstance(found, yaml.ScalarNode) and (found.style or found.value):
                style = found.style if found.style in ("'", '"') else None
                written = scalar(value, style, flow=bool(entry.flow_style))
                self.replace(found.start_mark.index, found.end_mark.index, written)
            elif found is not None and not isinstance(found, yaml.ScalarNode):
                raise EditError(NOT_A_VALUE.format(key=name))
            elif entry.flow_style:
                closing = entry.end_mark.index - 1
                pair = f"{name}: {scalar(value, flow=True)}"
                self.insert(closing, f", {pair}" if entry.value else pair)
            else:
                indent = " " * entry.value[0][0].start_mark.column
                line = f"{indent}{name}: {scalar(value)}{self.newline}"
                self.insert(self._line_after(_end(entry)), line)

    def _line_after(self, index: int) -> int:
        at = _after_line(self.text, index)
        if at == len(self.text) and not self.text.endswith("\n") and not self.ended:
            self.insert(at, self.newline)
            self.ended = True
        return at

    def append(self, contacts: yaml.Node | None, new: Sequence[Mapping[str, str]]) -> None:
        if not new:
            return
        if isinstance(contacts, yaml.SequenceNode) and contacts.flow_style:
            items = ", ".join(_mapping_text(v, True, "", "") for v in new)
            closing = contacts.end_mark.index - 1
            if contacts.value:
                self.insert(closing, f", {items}")
            else:
                self._block_after(contacts, new, contacts.start_mark.index)
            return
        if isinstance(contacts, yaml.SequenceNode) and contacts.value:
            last = contacts.value[-1]
            dash, key_indent = self._item_indent(contacts.value[0])
            flow = isinstance(last, yaml.MappingNode) and bool(last.flow_style)
            spaced = self._blank_before(last.start_mark.index)
            block = self._block(new, dash, key_indent, flow, spaced)
            self.insert(self._line_after(_end(last)), block)
            return
        if contacts is None:
            at = self._line_after(len(self.text))
            self.insert(at, "contacts:" + self.newline + self._block(new, "  ", "    ", False))
            return
        if isinstance(contacts, yaml.ScalarNode) and _null(contacts):
            self._block_after(contacts, new, contacts.start_mark.index)
            return
        raise EditError(CONTACTS_NOT_A_LIST)

    def _block_after(
        self, contacts: yaml.Node, new: Sequence[Mapping[str, str]], start: int
    ) -> None:
        """New contacts as a block list in place of an empty value (``[]`` or nothing)."""
        column = _key_column(self.mapping, "contacts")
        block = self._block(new, " " * (column + 2), " " * (column + 4), flow=False)
        while start > 0 and self.text[start - 1] in " \t":
            start -= 1
        self.replace(start, contacts.end_mark.index, self.newline + block.rstrip("\r\n"))

    def _item_indent(self, item: yaml.Node) -> tuple[str, str]:
        """The indentation of the list's dashes, and of an item's keys."""
        prefix = _line_prefix(self.text, item.start_mark.index)
        stripped = prefix.lstrip(" ")
        if stripped.startswith("-"):
            dash = prefix[: len(prefix) - len(stripped)]
            return dash, " " * len(prefix)
        column = item.start_mark.column
        return " " * max(column - 2, 0), " " * column

    def _blank_before(self, index: int) -> bool:
        """Whether the line before the one at ``index`` is blank (items set apart)."""
        start = self.text.rfind("\n", 0, index)
        previous = self.text.rfind("\n", 0, max(start, 0))
        return start > 0 and not self.text[previous + 1 : start].strip()

    def _block(
        self,
        new: Sequence[Mapping[str, str]],
        dash: str,
        key_indent: str,
        flow: bool,
        spaced: bool = False,
    ) -> str:
        """New items as block list lines, each set apart by a blank line when ``spaced``."""
        gap = " " * max(len(key_indent) - len(dash) - 1, 1)
        before = self.newline if spaced else ""
        return "".join(
            f"{before}{dash}-{gap}{_mapping_text(values, flow, key_indent, self.newline)}"
            f"{self.newline}"
            for values in new
        )

    def result(self) -> str:
        text = self.text
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end, e.order), reverse=True):
            text = text[: edit.start] + edit.text + text[edit.end :]
        return text


def _null(node: yaml.ScalarNode) -> bool:
    """Whether a scalar is YAML's null (nothing, ``~`` or ``null`` written plain)."""
    return not node.style and node.value in ("", "~", "null", "Null", "NULL")


def _key_column(root: yaml.MappingNode, name: str) -> int:
    for key, _ in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == name:
            return int(key.start_mark.column)
    return 0


def edited(
    text: str, updates: Mapping[int, Mapping[str, str]], new: Sequence[Mapping[str, str]]
) -> str:
    """``text`` with ``updates`` (contact index -> key -> value) made in place and ``new``
    contacts appended to the contacts list."""
    if not updates and not new:
        return text
    if text.startswith(_BOM):  # libyaml does not count it in its marks
        return _BOM + edited(text[1:], updates, new)
    editor = _Editor(text)
    contacts = editor.contacts()
    if updates:
        if not isinstance(contacts, yaml.SequenceNode):
            raise EditError(CONTACTS_NOT_A_LIST)
        for index, changes in updates.items():
            editor.update(contacts.value[index], changes)
    editor.append(contacts, new)
    return editor.result()
