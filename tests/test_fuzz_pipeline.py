"""Property tests over the whole pipeline with generated VALID accounts.

Any mix of optional fields; unusual text in every text field (right-to-left scripts and bidi
controls, emoji, CJK, zero-width and control characters, line separators, noncharacters,
very long names, markup and DOT escapes); 0 to 30 contacts (200 in the long `make fuzz`
run), deep reporting chains, every stage. For each account:

- `check` reports no error;
- `build --format html,json` succeeds; the HTML parses without a single parse error
  (html5lib, strict) and survives a serialise-and-parse round trip; every contact's name is
  in it as text (see ``shown``: how the renderer treats control characters); the org chart
  draws every contact (one node each, see ``_assert_one_node_per_contact``);
- a second build writes byte-identical JSON and HTML.

The accounts use values at the limits of docs/security.md (money, ids, reporting chains of
exactly the deepest allowed); one step beyond each limit is exactly its error.

The number of examples comes from BATTLEMAP_FUZZ_EXAMPLES (default 40, about a minute
in all) and the most contacts from BATTLEMAP_FUZZ_CONTACTS (default 30).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from battlemap.commands.build import build_paths
from battlemap.options import BuildOptions, CheckOptions
from battlemap.pipeline import check_file
from tests.conftest import TODAY
from tests.strategies import accounts, beyond_limits, to_yaml, with_aliased_text

EXAMPLES = int(os.environ.get("BATTLEMAP_FUZZ_EXAMPLES", "40"))
MAX_CONTACTS = int(os.environ.get("BATTLEMAP_FUZZ_CONTACTS", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_CONTACT_NODE = re.compile(r'<g class="node contact[^"]*">')
_SVG = "{http://www.w3.org/2000/svg}"


def _write(tmp: Path, data: dict[str, Any]) -> Path:
    path = tmp / "account.yaml"
    path.write_text(to_yaml(data) + "\n", encoding="utf-8")
    return path


def _noncharacter(point: int) -> bool:
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def shown(text: str) -> str:
    """What the HTML map shows of an account text, whitespace normalised.

    The rule: every control character (Unicode category Cc: C0, DEL and C1) other than tab,
    line feed and carriage return, and every noncharacter (U+FDD0..U+FDEF, U+xxFFFE and
    U+xxFFFF), is shown as a space; everything else (format characters such as zero-width
    joiners and bidi controls, line separators, emoji, any script) is kept as written.
    Runs of whitespace count as one space, as in a browser."""
    kept = "".join(
        " "
        if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or _noncharacter(ord(ch))
        else ch
        for ch in text
    )
    return " ".join(kept.split())


def _text_outside_svg(element: ElementTree.Element) -> list[str]:
    """The text of the page's HTML elements (not the chart's SVG, not style or script)."""
    found: list[str] = []
    if element.tag not in ("style", "script", "template") and not element.tag.startswith(_SVG):
        found.append(element.text or "")
        for child in element:
            found.extend(_text_outside_svg(child))
    found.append(element.tail or "")
    return found


def _svg_text(element: ElementTree.Element) -> list[str]:
    """The text of the org chart (the SVG elements)."""
    if element.tag.startswith(_SVG):
        return list(element.itertext())
    return [text for child in element for text in _svg_text(child)]


def _chart_shown(text: str) -> str:
    """What the org chart shows of a text, whitespace normalised: every control character,
    line or paragraph separator and unassigned code point (Cc, Cs, Cn, Zl, Zp) as a space."""
    kept = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cs", "Cn", "Zl", "Zp"} else ch for ch in text
    )
    return " ".join(kept.split())


def _name_is_shown(name: str, page: str, chart: str) -> bool:
    """The name is in the page's HTML text, or else in the org chart: whole, or its first
    ten characters when it is long (the chart clips a long name with an ellipsis, and a
    contact who is in no table of the map, e.g. one who left, is only in the chart)."""
    if shown(name) in page:
        return True
    in_chart = _chart_shown(name)
    return in_chart in chart or (len(in_chart) > 10 and in_chart[:10] in chart)


def _assert_one_node_per_contact(html: str, contacts: int) -> None:
    """The org chart draws every contact: with one chart, as one node each; with more (an
    overview of the top levels on page one, then the whole chart or one chart per
    department on pages of their own), the pages draw every contact at least once, and a
    single whole chart after the overview draws each once."""
    drawn = (len(_CONTACT_NODE.findall(svg)) for svg in html.split("<svg")[1:])
    charts = [count for count in drawn if count]  # not the performance chart
    if not contacts:
        assert charts == []
    elif len(charts) == 1:
        assert charts == [contacts]
    else:
        assert sum(charts[1:]) >= contacts, charts
        if len(charts) == 2:
            assert charts[1] == contacts, charts


def _parse_strictly(html: str) -> ElementTree.Element:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    document: ElementTree.Element = parser.parse(html)
    return document


def _build(path: Path, out: Path) -> dict[str, bytes]:
    options = BuildOptions(out=out, formats=("html", "json"), force=True)
    run = build_paths([path], options)
    errors = [f"{d.line}:{d.column} {d.code} {d.message}" for d in run.diagnostics]
    assert run.failed == 0 and not run.usage_errors and not run.io_error, errors
    return {target.suffix: target.read_bytes() for target in run.written}


@FUZZ
@given(data=accounts(max_contacts=MAX_CONTACTS))
def test_a_generated_valid_account_checks_without_errors(tmp_path_factory: Any, data: Any) -> None:
    path = _write(tmp_path_factory.mktemp("fuzz"), data)
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    errors = [
        f"{d.line}:{d.column} {d.code} {d.message}" for d in diagnostics if d.severity == "error"
    ]
    assert errors == []


def _errors(path: Path) -> list[str]:
    diagnostics, _ = check_file(path, CheckOptions(today=TODAY))
    return [d.code for d in diagnostics if d.severity == "error"]


@FUZZ
@given(data=accounts(max_contacts=5), beyond=beyond_limits)
def test_one_step_beyond_a_limit_is_exactly_its_error(
    tmp_path_factory: Any, data: Any, beyond: tuple[str, Any, str]
) -> None:
    key, value, code = beyond
    data["account"][key] = value
    assert _errors(_write(tmp_path_factory.mktemp("fuzz"), data)) == [code]


@FUZZ
@given(data=accounts(max_contacts=5), beyond=st.booleans())
def test_aliases_at_the_text_limit_pass_and_one_character_more_fails(
    tmp_path_factory: Any, data: Any, beyond: bool
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "account.yaml"
    path.write_text(with_aliased_text(to_yaml(data) + "\n", beyond), encoding="utf-8")
    assert _errors(path) == (["alias-budget"] if beyond else [])


@FUZZ
@given(data=accounts(max_contacts=MAX_CONTACTS))
def test_a_generated_valid_account_builds_safe_html_identically(
    tmp_path_factory: Any, data: Any
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = _write(folder, data)
    first = _build(path, folder / "one")
    html = first[".html"].decode("utf-8")

    document = _parse_strictly(html)
    again = html5lib.serialize(document, tree="etree", omit_optional_tags=False)
    reparsed = html5lib.parse(again, namespaceHTMLElements=False)
    page = " ".join(" ".join(_text_outside_svg(document)).split())
    assert " ".join(" ".join(_text_outside_svg(reparsed)).split()) == page

    chart = " ".join(" ".join(_svg_text(document)).split())
    for contact in data["contacts"]:
        name = contact.get("name")
        if name is not None:
            assert _name_is_shown(name, page, chart), (contact["id"], name)

    _assert_one_node_per_contact(html, len(data["contacts"]))

    second = _build(path, folder / "two")
    assert second[".json"] == first[".json"]
    assert second[".html"] == first[".html"]


def test_the_yaml_writer_round_trips_hostile_text() -> None:
    from battlemap.source import parse_text

    text = "\x01\u2028\u2029\x85\ufeff\"\\\n\t\r😀 <script> ' : # - ? & * ! | > % @ `"
    loaded = parse_text(to_yaml({"k": text, "n": 5, "x": [text, None, True]}), "t")
    assert loaded.document is not None
    assert loaded.document.data == {"k": text, "n": 5, "x": [text, None, True]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x01c\x7fd\x85e\x9ff", "a b c d e f"),
        ("a\ufffeb\uffffc\ufdd0d\U0010ffffe", "a b c d e"),
        ("zero\u200bwidth \u202eevil\u202c \u2028 😀", "zero\u200bwidth \u202eevil\u202c 😀"),
        ("  line\r\nbreak\ttab  ", "line break tab"),
    ],
)
def test_the_rule_for_control_characters(text: str, expected: str) -> None:
    assert shown(text) == expected
