"""The YAML slips and syntax errors battlemap names, each under a stable code with its
sentence in both languages (docs/diagnostics.md has an entry per code).

Why a registry: like the semantic checks, a code is registered once with its severity, so
the documentation test can hold every code to an entry, and a second use of a code fails at
import instead of silently meaning two things.
"""

from __future__ import annotations

from dataclasses import dataclass

from battlemap.diagnostics import Diagnostic, Fix, Severity
from battlemap.language import Words
from battlemap.registry import Registry


@dataclass(frozen=True)
class SlipKind:
    """A kind of slip: its code, severity and message (``{field}``s filled per finding)."""

    code: str
    severity: Severity
    words: Words


SLIPS: Registry[SlipKind] = Registry("YAML slip")


def _kind(code: str, severity: Severity, en: str, zh: str) -> SlipKind:
    kind = SlipKind(code, severity, Words(en, zh))
    SLIPS.add(code, kind)
    return kind


FULLWIDTH_COLON = _kind(
    "fullwidth-colon",
    Severity.ERROR,
    'full-width colon "：" here; type a half-width colon and a space ": "',
    "这里是全角冒号「：」，请改为半角冒号「: 」",
)
FULLWIDTH_COMMA = _kind(
    "fullwidth-comma",
    Severity.ERROR,
    'full-width comma "，" between items; type a half-width comma ", "',
    "列表项之间是全角逗号「，」，请改为半角逗号「, 」",
)
COMMA_IN_TEXT = _kind(
    "fullwidth-comma-in-text",
    Severity.WARNING,
    'full-width comma "，" inside the item "{item}", which YAML reads as ONE item; for '
    "separate items type half-width commas: [{split}]; to keep one item, quote it: [{quoted}]",
    "列表项「{item}」里有全角逗号「，」，YAML 把它读作一项；若是多项，请改用半角逗号："
    "[{split}]；若就是一项，请加引号：[{quoted}]",
)
INDENT_NOT_SPACE = _kind(
    "indent-not-space",
    Severity.ERROR,
    "{char} in the indentation; indent with ordinary spaces ({count} here, like the lines "
    "around it)",
    "缩进里有{char}；请用普通空格缩进（这里是 {count} 个，与前后的行对齐）",
)
SPACE_AFTER_COLON = _kind(
    "space-after-colon",
    Severity.ERROR,
    "{char} after the colon; type an ordinary space",
    "冒号后面是{char}；请改为普通空格",
)
SMART_QUOTES = _kind(
    "smart-quotes",
    Severity.ERROR,
    'curly quote "{char}" where YAML needs a straight quote; type {straight} instead',
    "这里是中文引号「{char}」，YAML 的引号要用英文引号 {straight}",
)
SMART_QUOTED_VALUE = _kind(
    "smart-quoted-value",
    Severity.WARNING,
    "the value is wrapped in curly quotes {pair}, which YAML keeps as part of the text (the "
    "map would print them); type straight quotes: {quoted}",
    "值两边的中文引号{pair}会被当作文字的一部分（地图上会印出来）；请改为英文引号：{quoted}",
)
COLON_IN_VALUE = _kind(
    "colon-in-value",
    Severity.ERROR,
    '": " inside a value makes YAML read a new key; put the whole value in quotes: {quoted}',
    "值里的「: 」会被 YAML 当作新的键；请给整个值加上引号：{quoted}",
)
NEEDS_QUOTES = _kind(
    "needs-quotes",
    Severity.ERROR,
    'a value cannot start with "{char}" in YAML; put the whole value in quotes: {quoted}',
    "YAML 的值不能以「{char}」开头；请给整个值加上引号：{quoted}",
)
TEXT_AFTER_QUOTE = _kind(
    "text-after-quote",
    Severity.ERROR,
    "text after the closing {close}: a value in quotes or brackets ends there; to keep "
    "the whole text, put all of it in quotes: {quoted}",
    "「{close}」后面还有文字：引号或括号里的值到此就结束了；要保留整段文字，请给整个值加上引号：{quoted}",
)
ANCHOR_IN_TEXT = _kind(
    "anchor-in-text",
    Severity.WARNING,
    '"{anchor}" at the start of this value is a YAML anchor, not text: the value reads '
    '"{value}"; to keep "{anchor}", put the whole value in quotes: {quoted}',
    "值开头的「{anchor}」被 YAML 当作锚点而不是文字，读到的值是「{value}」；要保留「{anchor}」，"
    "请给整个值加上引号：{quoted}",
)
MISSING_COLON = _kind(
    "missing-colon",
    Severity.ERROR,
    'this line has no ": " after its key; write "key: value" (a half-width colon and a space)',
    "这一行的键后面缺少「: 」；请写成「键: 值」（半角冒号加空格）",
)
BAD_INDENTATION = _kind(
    "bad-indentation",
    Severity.ERROR,
    "this line does not line up with the lines above it: the keys of one block start in the "
    "same column, indented with spaces",
    "这一行和上面的行没有对齐：同一层的键要从同一列开始（用空格缩进）",
)
UNCLOSED_QUOTE = _kind(
    "unclosed-quote",
    Severity.ERROR,
    "the quote {char} that starts here is never closed; type the closing {char} at the end "
    "of the text",
    "从这里开始的引号 {char} 没有结束；请在文字末尾补上 {char}",
)
UNCLOSED_BRACKET = _kind(
    "unclosed-bracket",
    Severity.ERROR,
    'YAML expected ", " or "{close}" here: the "{open}" on line {line} is not closed, or '
    "its items are not separated by half-width commas",
    "这里应为「, 」或「{close}」：第 {line} 行的「{open}」没有闭合，或各项之间不是半角逗号",
)
BAD_ESCAPE = _kind(
    "bad-escape",
    Severity.ERROR,
    'a backslash "\\" inside double quotes starts an escape; type "\\\\" for a backslash, '
    "or use single quotes",
    "双引号里的反斜杠「\\」表示转义；要写反斜杠本身请写「\\\\」，或改用单引号",
)
YAML_SYNTAX = _kind(
    "yaml-syntax",
    Severity.ERROR,
    "YAML cannot read the file from here on; check the quotes, brackets, colons and "
    "indentation at this place and just before it",
    "YAML 无法从这里继续读取；请检查此处及其前面的引号、括号、冒号和缩进",
)

CHARACTER_NAMES = {
    "\t": Words("a tab", "制表符（Tab）"),
    "\u3000": Words('a full-width space "\u3000" (U+3000)', "全角空格「\u3000」（U+3000）"),
    "\xa0": Words("a no-break space (U+00A0)", "不换行空格（U+00A0）"),
}
"""The invisible characters a slip names: said in words, since they cannot be seen."""


@dataclass(frozen=True)
class Slip:
    """One finding: a kind at a 1-based line and column, the values of its message's fields
    (text, or `Words` for what is said differently in each language), and the edit that
    fixes it when the intent is unambiguous."""

    kind: SlipKind
    line: int
    column: int
    fields: tuple[tuple[str, str | Words], ...] = ()
    fix: Fix | None = None
    path: str = ""

    def diagnostic(self, file: str, detail: str | None = None) -> Diagnostic:
        """The finding as a diagnostic in both languages (`Diagnostic.in_` picks one)."""
        words = Words(*(self._said(lang) for lang in ("en", "zh")))
        return Diagnostic(
            file,
            self.line,
            self.column,
            self.kind.severity,
            self.kind.code,
            words.en,
            self.path,
            self.fix,
            words,
            detail,
        )

    def _said(self, lang: str) -> str:
        values = {
            name: value.in_(lang) if isinstance(value, Words) else value
            for name, value in self.fields
        }
        return self.kind.words.in_(lang).format(**values)


def yaml_quoted(text: str, quote: str = '"') -> str:
    """``text`` as a YAML quoted scalar that reads back as exactly ``text``: in ``quote``
    where that needs no escape, else in double quotes with ``\\`` and ``"`` escaped."""
    if quote == "'" and "'" not in text:
        return f"'{text}'"
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
