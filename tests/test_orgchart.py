"""The org chart: deterministic DOT, one node per contact, escaping, styling, and that a
60-person organisation stays legible on one A4 landscape page.

These tests run the real ``dot`` (installed by the test set-up); nothing is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from typing import Any

import pytest

from battlemap.model import Account, build_account
from battlemap.render import orgchart
from battlemap.render.orgchart import (
    ORG_CHART_LABELS,
    PAGE_PT,
    DotFailed,
    ToolMissing,
    escape_html,
    org_chart_dot,
    render_svg,
    svg_size_pt,
)
from battlemap.source import read_file
from tests.conftest import ROOT

EXAMPLES = ("examples/zh.yaml", "examples/en.yaml", "examples/large.yaml")
_CONTACT_NODE = re.compile(r'<g class="node contact[^"]*">')

MIN_SCALE = 0.6
"""The smallest print scale we accept for a 60-person chart on a full A4 landscape page:
names are set at 10 pt and titles at 8 pt, so 0.6 prints them at 6 and 4.8 pt, the least
that reads on paper. With the chart area PAGE_PT (800 x 500 pt: 842 x 595 pt less margins
and the page header), the SVG must stay within 1333 x 833 pt."""


@cache
def account(path: str) -> Account:
    loaded = read_file(ROOT / path, path)
    assert loaded.document is not None
    return build_account(loaded.document.data)


@cache
def chart(path: str) -> str:
    acc = account(path)
    return render_svg(org_chart_dot(acc, ORG_CHART_LABELS[acc.lang]))


def contact_groups(svg: str) -> list[str]:
    """The SVG group of each contact's node, from its start tag to the next group."""
    starts = [m.start() for m in _CONTACT_NODE.finditer(svg)]
    return [svg[s : svg.find("</g>", s)] for s in starts]


def hostile_account() -> Account:
    names = [
        'Quote " double',
        "Quote ' single",
        "back\\slash\\",
        "{braces} [brackets]; x=y",
        "<b>&amp;</b> & < >",
        "line\nbreak\r\nand\ttab",
        "\\N \\G \\E \\T \\H \\L \\l \\n",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "--> <!-- ]]>",
        "\\",
    ]
    contacts: list[dict[str, Any]] = [{"id": "boss", "name": "Boss \\N", "title": "\\G"}]
    for number, name in enumerate(names):
        contact: dict[str, Any] = {"id": f"p{number}", "name": name, "title": name}
        contact["reports_to"] = "boss" if number % 3 else f"p{max(number - 1, 0)}"
        if number == 0:
            contact["reports_to"] = "boss"
        contact |= {"roles": ["user"], "owner": "t1", "organization": name}
        contacts.append(contact)
    contacts[-1]["external"] = True
    data = {
        "battlemap": 1,
        "account": {"id": "x", "name": "<x>", "as_of": "2026-11-01"},
        "team": [{"id": "t1", "name": '<t&>"\\N'}],
        "contacts": contacts,
        "influence": [{"from": "p1", "to": "p7", "strength": "strong"}],
    }
    return build_account(data)


# ---- DOT -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES)
def test_dot_is_deterministic(path: str) -> None:
    acc = account(path)
    first = org_chart_dot(acc, ORG_CHART_LABELS[acc.lang])
    assert first == org_chart_dot(account.__wrapped__(path), ORG_CHART_LABELS[acc.lang])


def test_node_names_are_generated_never_contact_ids() -> None:
    source = org_chart_dot(account("examples/zh.yaml"), ORG_CHART_LABELS["zh"])
    assert "zhou-jianguo" not in source
    assert re.search(r"\bc0 \[label=<", source)


def test_escape_html_makes_markup_and_escapes_inert() -> None:
    assert escape_html('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
    assert escape_html("\\N") == "\\\\N"
    assert escape_html("a\nb\rc\td\x00e\u2028f") == "a b c d e f"
    assert escape_html("{x} [y]; 王刚") == "{x} [y]; 王刚"


# ---- SVG -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES)
def test_one_node_per_contact(path: str) -> None:
    assert len(contact_groups(chart(path))) == len(account(path).contacts)


def test_hostile_names_give_one_literal_node_each() -> None:
    acc = hostile_account()
    svg = render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"]))
    assert len(contact_groups(svg)) == len(acc.contacts)
    assert "<script" not in svg
    assert "<img" not in svg
    texts = "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    for shown in ("&lt;script&gt;alert(1)&lt;/script&gt;", "Quote &quot; double", "back\\slash\\"):
        assert shown in texts
    assert "Boss \\N" in texts  # not replaced by the node's name
    assert "\\G" in texts and "orgchart" not in texts  # not replaced by the graph's name
    assert "line break and tab" in texts


def test_svg_is_ready_to_inline() -> None:
    svg = chart("examples/zh.yaml")
    assert svg.startswith("<svg ")
    assert svg.rstrip().endswith("</svg>")
    for dropped in ("<?xml", "<!DOCTYPE", "<!--", "<title>", "<g id="):
        assert dropped not in svg
    assert re.search(r'<svg width="100%" style="max-width:[\d.]+pt;height:auto"', svg)
    width, height = svg_size_pt(svg)
    assert width > 0 and height > 0


def test_stance_influence_and_people_styles() -> None:
    svg = chart("examples/zh.yaml")
    groups = {g.split('"')[1]: g for g in contact_groups(svg)}
    departed = next(g for c, g in groups.items() if "departed" in c)
    assert 'fill="#ededed"' in departed.lower() and "吕波" in departed
    vacant = next(g for c, g in groups.items() if "vacant" in c)
    assert "stroke-dasharray" in vacant and "合肥基地厂长" in vacant
    champion = next(g for c, g in groups.items() if "stance-champion" in c)
    assert 'fill="#8fd6c1"' in champion.lower() and "++" in champion
    high = next(g for c, g in groups.items() if "influence-high" in c)
    assert 'stroke-width="3"' in high


def test_external_people_are_in_their_own_cluster() -> None:
    svg = chart("examples/zh.yaml")
    cluster = svg[svg.index('<g class="cluster external">') :]
    cluster = cluster[: cluster.index("</g>")]
    assert "外部人员" in cluster
    externals = [g for g in contact_groups(svg) if "external" in g.split('"')[1]]
    assert len(externals) == 2
    assert any("华东机械工业设计研究院" in g for g in externals)


def test_line_styles() -> None:
    svg = chart("examples/zh.yaml")
    assert svg.count('class="edge influence strength-strong"') == 2
    assert svg.count('class="edge dotted-line"') == 3
    strong = svg[svg.index('class="edge influence strength-strong"') :]
    assert 'stroke-dasharray="5,2"' in strong[:400] and 'stroke-width="2.5"' in strong[:400]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_legend_explains_colours_lines_and_badges(lang: str) -> None:
    labels = ORG_CHART_LABELS[lang]
    svg = render_svg(org_chart_dot(account("examples/zh.yaml"), labels))
    legend = svg[svg.index('<g class="node legend">') :]
    legend = legend[: legend.index("</g>")]
    for text in (*labels.stances.values(), *labels.roles.values(), labels.departed):
        assert escape_html(text) in legend
    assert escape_html(labels.influence_link) in legend


def test_chinese_text_is_set_in_a_cjk_font() -> None:
    svg = chart("examples/zh.yaml")
    assert 'font-family="Noto Sans CJK SC,' in svg
    found = subprocess.run(
        ["fc-match", "-f", "%{family}", orgchart.FONT.split(",")[0]],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "CJK" in found or "WenQuanYi" in found


def _account(contacts: list[dict[str, Any]]) -> Account:
    document = {"battlemap": 1, "account": {"id": "x", "name": "x", "as_of": "2026-11-01"}}
    return build_account(document | {"contacts": contacts})


@pytest.mark.parametrize(
    "contacts",
    [
        [],
        [{"id": "e", "name": "E", "external": True}],
        [
            {"id": "a", "name": "A", "reports_to": "c"},
            {"id": "b", "name": "B", "reports_to": "a"},
            {"id": "c", "name": "C", "reports_to": "b"},
            {"id": "d", "name": "D", "reports_to": "d", "also_reports_to": ["d", "nobody"]},
        ],
        [{"id": "a", "name": "A"}, {"id": "a", "name": "A again", "reports_to": "a"}],
        [{"id": "p0", "name": "P0"}]
        + [{"id": f"p{i}", "name": f"P{i}", "reports_to": f"p{i - 1}"} for i in range(1, 150)],
    ],
    ids=["empty", "only-external", "cycles", "duplicate-ids", "deep-chain"],
)
def test_odd_organisations_still_give_one_node_per_contact(contacts: list[dict[str, Any]]) -> None:
    acc = _account(contacts)
    svg = render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"]))
    assert len(contact_groups(svg)) == len(contacts)


# ---- Fit -------------------------------------------------------------------------------------


def test_sixty_people_fit_one_a4_landscape_page() -> None:
    acc = account("examples/large.yaml")
    assert len(acc.contacts) == 60
    width, height = svg_size_pt(chart("examples/large.yaml"))
    scale = min(PAGE_PT[0] / width, PAGE_PT[1] / height)
    assert scale >= MIN_SCALE, f"{width:.0f} x {height:.0f} pt prints at {scale:.2f}"


def test_a_narrower_page_gets_a_narrower_chart() -> None:
    acc = account("examples/large.yaml")
    wide = svg_size_pt(render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"])))
    narrow = svg_size_pt(render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"], page=(480, 500))))
    assert narrow[0] < wide[0]


def test_large_example_is_the_generator_output() -> None:
    script = ROOT / "scripts" / "make_large_example.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---- Failures --------------------------------------------------------------------------------


def test_missing_dot_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ToolMissing, match="graphviz"):
        render_svg("digraph { a }")


def test_broken_dot_source_is_reported() -> None:
    with pytest.raises(DotFailed):
        render_svg("digraph { a -> }")
