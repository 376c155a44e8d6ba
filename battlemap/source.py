"""Read an account file: bytes -> ``Document`` (plain values with positions) or diagnostics.

Why not ``yaml.safe_load``: it reads YAML 1.1 (``ON`` and ``No`` become booleans), silently
keeps the last of duplicate keys, constructs whatever the resolver guesses and forgets
where each value was. We compose nodes (libyaml's C parser when present, with no implicit
resolvers so nothing is guessed), then build plain values ourselves with the YAML 1.2 core
schema, recording the line and column of every key and value.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from battlemap import slips
from battlemap.diagnostics import Diagnostic, Severity, worded
from battlemap.language import Words, declared_lang, os_reason

KeyPath = tuple[str | int, ...]
"""Where a value is in a document: the mapping keys and sequence indexes from the root (the
parts of its JSON Pointer). Not a file's path (that is a `pathlib.Path`)."""

MAX_BYTES_DEFAULT = 5_000_000
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences; the account format needs about eight."""
MAX_ALIAS_NODES = 10_000
"""Values that aliases may add beyond the document itself (refuses "billion laughs")."""
_NESTING_LIMIT = "exceeded maximum nesting depth"
"""The problem libyaml (0.2.6 on, bundled with PyYAML 6.0.4) reports at its own limit of
1,000 levels: our limit is far lower, so this is ``too-deep`` too, never a syntax error."""
MAX_ALIAS_TEXT = 5_000_000
"""Characters of text (keys and values) that aliases may add: few values can still be long
ones (100 names aliasing one 1 MB string would be 100 MB of report)."""
MAX_NUMBER_DIGITS = 30
"""Digits of a number as written: more than money or a count needs, and far below what
makes ``int()`` refuse (4,300 digits) or a formatter fail."""
_C_PARSER_SAFE_NESTING = 10_000
"""libyaml's composer recurses in C and crashes past ~20,000 levels; above this bound on
the possible nesting we use the pure-Python parser, whose recursion is caught."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """A loaded YAML document: plain JSON-like values and where each one was written."""

    file: str
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    key_positions: dict[KeyPath, Position] = field(default_factory=dict)
    text: str = field(default="", repr=False)
    """The text the document was read from (BOM removed): what a `Fix` is written against."""

    def position(self, path: KeyPath) -> Position:
        """Where the value at ``path`` is, else where its nearest written ancestor is."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_position(self, path: KeyPath) -> Position:
        """Where the key of the mapping entry at ``path`` is (the value's place if none)."""
        return self.key_positions.get(path) or self.position(path)


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic]
    io_error: bool = False
    declared_lang: str | None = None
    """The ``lang:`` under ``account:`` of a text that did not parse (found line by line)."""


def json_pointer(path: KeyPath) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def read_file(path: Path, display: str, max_bytes: int = MAX_BYTES_DEFAULT) -> LoadResult:
    """Read and parse one file; I/O failures are diagnostics with ``io_error`` set."""
    try:
        refused = oversized(display, path.stat().st_size, max_bytes)
        if refused is not None:
            return refused
        with path.open("rb") as handle:
            # At most one byte past the limit: a device or a growing file (a link to
            # /dev/zero has size 0) is never read whole.
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return _io_fail(display, "file-not-found", _NO_SUCH_FILE)
    except IsADirectoryError:
        return _io_fail(display, "file-unreadable", _A_FOLDER)
    except OSError as err:
        return _io_fail(display, "file-unreadable", _CANNOT_READ.format(reason=os_reason(err)))
    return parse_bytes(raw, display, max_bytes)


_NO_SUCH_FILE = Words("no such file", "找不到这个文件")
_A_FOLDER = Words("is a folder, not a file", "这是一个文件夹，不是文件")
_CANNOT_READ = Words("cannot read: {reason.en}", "无法读取：{reason.zh}")
_NOT_UTF8 = Words(
    "the file is not UTF-8 text; save it as UTF-8 (in the editor: Save with Encoding, UTF-8)",
    "文件不是 UTF-8 文本；请另存为 UTF-8 编码（编辑器中选择“以 UTF-8 编码保存”）",
)


def oversized(file: str, size: int, max_bytes: int) -> LoadResult | None:
    """The refusal of a file of ``size`` bytes over the limit (None within it), so that a
    caller who knows the size first (a stat, git's object size) never reads such a file."""
    if size > max_bytes:
        return _fail(file, 1, 1, "file-too-large", _too_large(size, max_bytes))
    return None


def parse_bytes(raw: bytes, file: str, max_bytes: int = MAX_BYTES_DEFAULT) -> LoadResult:
    if len(raw) > max_bytes:
        cut = len(raw) == max_bytes + 1  # read only that far: its size is unknown
        return _fail(file, 1, 1, "file-too-large", _too_large(len(raw), max_bytes, cut))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _place_of_byte(raw, err.start)
        return _fail(file, line, column, "not-utf8", _NOT_UTF8)
    loaded = parse_text(text, file)
    if loaded.document is None:
        loaded.declared_lang = declared_lang(text)
    return loaded


def parse_text(text: str, file: str) -> LoadResult:
    """Parse YAML text into a ``Document``; every problem becomes a diagnostic."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        if _NESTING_LIMIT in str(err.problem):
            return _refuse_too_deep(file, text)
        return _from_yaml_error(err, file, text)
    except yaml.reader.ReaderError as err:
        line, column = _place_of_char(text, err.position)
        return _fail(file, line, column, "yaml-syntax", _reader_message(err), str(err))
    except RecursionError:
        return _refuse_too_deep(file, text)
    if node is None:
        return _fail(file, 1, 1, "empty-document", _EMPTY)
    builder = _Builder(file, _Lines(text))
    try:
        data = builder.value(node, (), depth=0, in_alias=False)
    except _Abort as stop:
        return LoadResult(None, [*builder.diagnostics, stop.diagnostic])
    builder.diagnostics.extend(slip.diagnostic(file) for slip in builder.slips.found)
    document = Document(file, data, builder.positions, builder.key_positions, text)
    return LoadResult(document, builder.diagnostics)


_EMPTY = Words(
    "the file holds no YAML document; start from `battlemap init`",
    "文件里没有 YAML 内容；可用 `battlemap init` 生成一个起始文件",
)

_PLAIN = "battlemap:plain"
"""The tag we give untagged plain scalars: only these are read with the core schema."""


class _PlainMarker:
    """Resolves an untagged plain scalar to ``_PLAIN`` and everything else to its default
    tag, so that `!!str 5` and `"5"` stay text while a plain `5` becomes a number."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


class _Loader(_PlainMarker, yaml.SafeLoader):
    """Composes nodes only; nothing is constructed."""


_CLoader: type[Any] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(_PlainMarker, yaml.CSafeLoader):
        """The same as ``_Loader`` with libyaml's parser (about ten times faster)."""

    _CLoader = _FastLoader


def _possible_nesting(text: str) -> int:
    """An upper bound of the nesting depth: brackets plus what indentation can express."""
    longest = max((len(line) for line in text.splitlines()), default=0)
    return text.count("[") + text.count("{") + 2 * longest


def _compose(text: str) -> yaml.Node | None:
    fast = _CLoader is not None and _possible_nesting(text) < _C_PARSER_SAFE_NESTING
    loader = _CLoader(text) if fast and _CLoader is not None else _Loader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


class _Abort(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Builder:
    """Builds plain values from composed nodes with the YAML 1.2 core schema."""

    def __init__(self, file: str, lines: _Lines) -> None:
        self.file = file
        self._lines = lines
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.diagnostics: list[Diagnostic] = []
        self.slips = slips.ValueSlips(lines.text, lines.position, json_pointer)
        self._seen: set[int] = set()
        self._alias_nodes = 0
        self._alias_text = 0

    def value(self, node: yaml.Node, path: KeyPath, depth: int, in_alias: bool) -> Any:
        in_alias = self._count(node, path, depth, in_alias)
        self.positions[path] = self._lines.position(node.start_mark)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if node.tag not in (_MAP, _SEQ):
            self._tag_error(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                self.slips.flow_sequence(node, path)
            return [
                self.value(item, (*path, i), depth + 1, in_alias)
                for i, item in enumerate(node.value)
            ]
        return self._mapping(node, path, depth, in_alias)

    def _count(self, node: yaml.Node, path: KeyPath, depth: int, in_alias: bool) -> bool:
        if depth > MAX_DEPTH:
            raise _Abort(self._diagnostic(node, path, "too-deep", _too_deep()))
        in_alias = in_alias or id(node) in self._seen
        self._seen.add(id(node))
        if in_alias:
            self._alias_nodes += 1
            if self._alias_nodes > MAX_ALIAS_NODES:
                message = Words(
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} values",
                    f"别名（*）展开后超过 {MAX_ALIAS_NODES:,} 个值",
                )
                raise _Abort(self._diagnostic(node, path, "alias-budget", message))
            if isinstance(node, yaml.ScalarNode):
                self._count_text(node, path, len(node.value))
        return in_alias

    def _count_text(self, node: yaml.Node, path: KeyPath, characters: int) -> None:
        """Adds text that an alias repeats (a value, or a key in a repeated mapping)."""
        self._alias_text += characters
        if self._alias_text > MAX_ALIAS_TEXT:
            message = Words(
                f"aliases expand to more than {MAX_ALIAS_TEXT:,} characters of text",
                f"别名（*）展开后文字超过 {MAX_ALIAS_TEXT:,} 个字符",
            )
            raise _Abort(self._diagnostic(node, path, "alias-budget", message))

    def _mapping(
        self, node: yaml.Node, path: KeyPath, depth: int, in_alias: bool
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            where = self._lines.position(key_node.start_mark)
            if key in first_seen:
                message = Words(
                    "duplicate key '{key}' (first at line {line}); "
                    "YAML would silently keep only the last",
                    "键「{key}」重复（第一次在第 {line} 行）；YAML 会悄悄只保留最后一个",
                ).format(key=key, line=first_seen[key].line)
                self.diagnostics.append(self._at(where, (*path, key), "duplicate-key", message))
                continue
            first_seen[key] = where
            if in_alias:
                self._count_text(key_node, (*path, key), len(key))
            self.slips.key(key, where, (*path, key))
            self.key_positions[(*path, key)] = where
            result[key] = self.value(value_node, (*path, key), depth + 1, in_alias)
        return result

    def _key(self, node: yaml.Node, parent: KeyPath) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag in (_STR, _PLAIN):
            return str(node.value)
        message = Words("a mapping key must be plain text", "键必须是普通文字")
        self.diagnostics.append(self._diagnostic(node, parent, "complex-key", message))
        return None

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag != _PLAIN:
            self._tag_error(node, path)
            return node.value
        self.slips.plain(node, path)
        digits = _digits(node.value)
        if digits > MAX_NUMBER_DIGITS:
            message = Words(
                "a number of {digits:,} digits, over the limit of {limit}",
                "数字有 {digits:,} 位，超过上限 {limit} 位",
            ).format(digits=digits, limit=MAX_NUMBER_DIGITS)
            self.diagnostics.append(self._diagnostic(node, path, "number-too-long", message))
            return node.value
        value = resolve_plain(node.value)
        if isinstance(value, float) and not math.isfinite(value):
            message = Words("'{value}' is not a finite number", "「{value}」不是有限的数字").format(
                value=node.value
            )
            self.diagnostics.append(self._diagnostic(node, path, "not-finite", message))
            return node.value
        return value

    def _tag_error(self, node: yaml.Node, path: KeyPath) -> None:
        message = Words(
            "YAML tags are not allowed (found '{tag}'); write plain values",
            "不能使用 YAML 标签（这里是「{tag}」）；请直接写值",
        ).format(tag=_short_tag(node.tag))
        self.diagnostics.append(self._diagnostic(node, path, "yaml-tag", message))

    def _diagnostic(self, node: yaml.Node, path: KeyPath, code: str, message: Words) -> Diagnostic:
        return self._at(self._lines.position(node.start_mark), path, code, message)

    def _at(self, where: Position, path: KeyPath, code: str, message: Words) -> Diagnostic:
        pointer = json_pointer(path)
        return worded(self.file, where.line, where.column, Severity.ERROR, code, message, pointer)


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_NOT_FINITE = re.compile(r"[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")


def _digits(text: str) -> int:
    """How many digits ``text`` has when it is written as a number (else 0)."""
    if _OCT.fullmatch(text) or _HEX.fullmatch(text):
        return len(text) - 2
    if _INT.fullmatch(text) or _FLOAT.fullmatch(text):
        return sum(ch.isdigit() for ch in text)
    return 0


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _NOT_FINITE.fullmatch(text):
        return float(text.replace(".", ""))
    return text


class _Lines:
    """Turns a parser mark into (line, column) counting only LF as a line break.

    Why: the YAML parsers also break lines at U+0085, U+2028 and U+2029 (YAML 1.1), so their
    own line numbers drift from what an editor shows after such a character in a value.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._plain = _ODD_BREAKS.search(text) is None

    @cached_property
    def _starts(self) -> list[int]:
        return [0, *(match.end() for match in re.finditer("\n", self.text))]

    def position(self, mark: Any) -> Position:
        if self._plain:
            return Position(mark.line + 1, mark.column + 1)
        return self.at(int(mark.index))

    def at(self, index: int) -> Position:
        """The line and column of a character offset."""
        index = min(index, len(self.text))
        line = bisect.bisect_right(self._starts, index) - 1
        return Position(line + 1, index - self._starts[line] + 1)

    def clamp(self, where: Position) -> Position:
        """A place past the end of the text moves to the end of its last line."""
        lines = self.text.split("\n")
        if self.text.endswith("\n") and len(lines) > 1:
            lines.pop()
        if where.line <= len(lines):
            return where
        return Position(len(lines), len(lines[-1]) + 1)


_ODD_BREAKS = re.compile("[\u0085\u2028\u2029]")


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _refuse_too_deep(file: str, text: str) -> LoadResult:
    """``too-deep`` where the parser gave up before the builder could count the levels."""
    where = _first_too_deep(text)
    return _fail(file, where.line, where.column, "too-deep", _too_deep())


def _first_too_deep(text: str) -> Position:
    """Where the first value nested deeper than ``MAX_DEPTH`` starts: the place the builder
    reports (the start of the file if none does).

    Why: composing gave up first (Python out of stack, or libyaml at its own nesting limit),
    and the answer must not depend on where, that is on the library version installed.
    """
    try:
        found = _scan_for_too_deep(text)
    except yaml.MarkedYAMLError as err:
        # libyaml reads ahead along a line and can meet its own limit before it hands us the
        # value we look for, which comes before that place: look again in the text up to it.
        mark = err.problem_mark
        found = _scan_for_too_deep(text[: mark.index]) if mark is not None else None
    return found or Position(1, 1)


def _scan_for_too_deep(text: str) -> Position | None:
    """The first value deeper than ``MAX_DEPTH`` in the parser's events, which come from a
    loop, not recursion (libyaml's parser when present: a 5 MB file takes a second)."""
    lines = _Lines(text)
    loader = (_CLoader or _Loader)(text)
    open_collections: list[tuple[bool, int]] = []  # (is a mapping, nodes in it so far)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.CollectionEndEvent):
                open_collections.pop()
            elif isinstance(event, yaml.NodeEvent):
                if open_collections:
                    is_mapping, count = open_collections[-1]
                    open_collections[-1] = (is_mapping, count + 1)
                    is_key = is_mapping and count % 2 == 0  # the builder counts values only
                    if len(open_collections) > MAX_DEPTH and not is_key:
                        return lines.position(event.start_mark)
                if isinstance(event, yaml.CollectionStartEvent):
                    open_collections.append((isinstance(event, yaml.MappingStartEvent), 0))
    finally:
        loader.dispose()
    return None


def _too_deep() -> Words:
    return Words(
        "nesting deeper than {depth} levels (or a recursive alias)",
        "嵌套超过 {depth} 层（或别名引用了自己）",
    ).format(depth=MAX_DEPTH)


def _too_large(size: int, limit: int, cut: bool = False) -> Words:
    """``cut``: reading stopped at one byte past ``limit``, so the size is "more than"."""
    if cut:
        return Words(
            f"the file has more than {limit:,} bytes, over the limit of {limit:,} (--max-bytes)",
            f"文件超过 {limit:,} 字节的上限（--max-bytes）",
        )
    return Words(
        f"the file has {size:,} bytes, over the limit of {limit:,} (--max-bytes)",
        f"文件有 {size:,} 字节，超过上限 {limit:,} 字节（--max-bytes）",
    )


def _fail(
    file: str, line: int, column: int, code: str, message: Words, detail: str | None = None
) -> LoadResult:
    return LoadResult(None, [worded(file, line, column, Severity.ERROR, code, message, "", detail)])


def _io_fail(file: str, code: str, message: Words) -> LoadResult:
    result = _fail(file, 1, 1, code, message)
    result.io_error = True
    return result


def _place_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _place_of_char(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _reader_message(err: yaml.reader.ReaderError) -> Words:
    char = err.character
    point = ord(char) if isinstance(char, str) else int(char)
    return Words(
        "the control character U+{point:04X} is not allowed in YAML text",
        "YAML 文本中不能有控制字符 U+{point:04X}；请删除它",
    ).format(point=point)


def _from_yaml_error(err: yaml.MarkedYAMLError, file: str, text: str) -> LoadResult:
    lines = _Lines(text)

    def place(mark: Any) -> tuple[int, int]:
        where = lines.clamp(lines.position(mark))
        return where.line, where.column

    mark = err.problem_mark or err.context_mark
    if mark is not None and err.context_mark is not None and mark.index >= len(text.rstrip()):
        mark = err.context_mark  # "end of the file": point where the unclosed thing opened
    if "expected a single document" in str(err.context):
        line, column = place(mark) if mark is not None else (1, 1)
        message = Words(
            "several YAML documents in one file; keep one account per file",
            "一个文件里有多个 YAML 文档；每个文件只写一个客户",
        )
        return _fail(file, line, column, "multiple-documents", message, str(err))
    context = err.context_mark
    error = slips.YamlError(
        str(err.problem or ""),
        str(err.context or ""),
        place(mark) if mark is not None else (1, 1),
        place(context) if context is not None else None,
    )
    return LoadResult(None, slips.syntax_slips(text, file, error))


def walk(data: Any, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every (path, value) in a plain value tree, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, item in data.items():
            yield from walk(item, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from walk(item, (*path, index))
