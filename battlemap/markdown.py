"""Untrusted text made safe inside Markdown (merge-request comments, wikis, chats).

Names and notes come from account files: in a Markdown table or list they must read as the
words they are, never as markup, a table cell break, an HTML tag, a link or a mention.
"""

from __future__ import annotations

import re

from battlemap.diagnostics import printable

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LEADING_MARK = re.compile(r"^(\s*)([#+\-=>]|\d+[.)](?=\s|$))")
"""A mark that starts a heading, list, quote or underline; a number only with the space or
end of line that makes it a list item (``20.7%`` is no list and stays as it is)."""
_MENTION = re.compile(r"@(?=\w)")


def _escape_mark(found: re.Match[str]) -> str:
    """A leading mark with a backslash before its punctuation: ``\\#``, ``20\\.`` (a
    backslash before a digit is no escape in CommonMark and would be shown)."""
    mark = found[2]
    return f"{found[1]}{mark[:-1]}\\{mark[-1]}"


def md_inline(text: str) -> str:
    """``text`` as literal inline Markdown on one line: control characters escaped as `check`
    prints them, Markdown specials backslash-escaped, a leading ``#``, list or quote mark
    escaped, and ``@name`` broken with a zero-width space so that no one is notified."""
    one_line = printable(text)
    escaped = _SPECIAL.sub(r"\\\1", one_line)
    escaped = _LEADING_MARK.sub(_escape_mark, escaped)
    return _MENTION.sub("@\u200b", escaped)
