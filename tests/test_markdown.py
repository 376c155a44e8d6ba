"""Untrusted text in Markdown: rendered by a real Markdown parser, it stays plain words."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from battlemap.markdown import md_inline

HOSTILE = [
    "# 标题",
    "| a | b |",
    "*bold* _it_ `code`",
    "[link](https://evil.example)",
    "<script>alert(1)</script>",
    "@zhang-wei 请看",
    "- item",
    "1. one",
    "> quote",
    "a\\b",
    "line\nbreak",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_one_plain_paragraph(text: str) -> None:
    table = f"| x |\n|---|\n| {md_inline(text)} |\n"
    rendered = MarkdownIt("commonmark").enable("table").render(table)
    assert rendered.count("<td>") == 1
    for tag in ("<h1", "<em", "<strong", "<code", "<a ", "<script", "<li", "<blockquote"):
        assert tag not in rendered
    paragraph = MarkdownIt("commonmark").render(md_inline(text))
    assert paragraph.startswith("<p>")
    assert paragraph.count("<p>") == 1


def test_mentions_are_broken_and_text_kept() -> None:
    assert md_inline("@wang 你好") == "@\u200bwang 你好"
    assert md_inline("a@b") == "a@\u200bb"
    assert md_inline("郑伟") == "郑伟"


def test_a_leading_number_is_escaped_at_its_punctuation() -> None:
    """Regression: "20.7%" became "\\20.7%", and CommonMark showed the backslash."""
    assert md_inline("20.7%") == "20.7%"
    assert md_inline("1. one") == "1\\. one"
    assert md_inline("2)") == "2\\)"
    assert MarkdownIt("commonmark").render(md_inline("1. one")) == "<p>1. one</p>\n"
    assert MarkdownIt("commonmark").render(md_inline("20.7%")) == "<p>20.7%</p>\n"
