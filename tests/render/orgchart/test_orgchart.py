"""The org chart: deterministic DOT, one node per contact, escaping, styling, and that
organisations too big for page one are charted as an overview and pages (an overview, then
the whole chart or its departments, a few to a page) with everyone in some chart and every
chart legible (its own pages at ``PAGE_SCALE``).

These tests run the real ``dot`` (installed by the test set-up); nothing is skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from battlemap.model import Account, build_account
from battlemap.options import BuildOptions
from battlemap.render.map.orgchart_view import page_area
from battlemap.render.map.view import build_view
from battlemap.render.orgchart import (
    LEGIBLE_SCALE,
    ORG_CHART_LABELS,
    PAGE_SCALE,
    ChartSet,
    DotFailed,
    ToolMissing,
    chart_name,
    escape_html,
    legend,
    org_chart_dot,
    org_charts,
    render_svg,
    svg_size_pt,
)
from battlemap.render.orgchart.style import FONT
from battlemap.source import read_file
from tests.conftest import ROOT
from tests.render_support import compile_file

EXAMPLES = ("examples/zh.yaml", "examples/en.yaml", "examples/large.yaml")
_CONTACT_NODE = re.compile(r'<g class="node contact[^"]*">')
_DOT_CONTACT = re.compile(r"^\s*c(\d+) \[label=<", re.MULTILINE)

FRONT = (453.0, 350.0)
"""About page one's box for the chart (A4 landscape, less the legend under it)."""
PAGE = page_area(BuildOptions())
"""A chart page's box (A4 landscape less margins and the heading)."""


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
    assert escape_html("{x} [y]; 王刚") == "{x} [y&#93;; 王刚"


@pytest.mark.parametrize("name", ["]", "]]", "a]"])
def test_a_name_of_closing_brackets_is_drawn(name: str) -> None:
    """dot refused ``<B>]</B>`` ("syntax error"), and the map fell back to a list."""
    people = [{"id": "a", "name": name}, {"id": "b", "name": "B", "reports_to": "a"}]
    head = {"id": "x", "name": "X", "as_of": "2026-11-01"}
    acc = build_account({"battlemap": 1, "account": head, "contacts": people})
    assert len(contact_groups(render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"])))) == 2


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
    assert re.search(
        r'<svg width="100%" style="max-width:[\d.]+pt;min-width:[\d.]+pt;height:auto"', svg
    )
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
    texts = [key.text for key in legend(labels)]
    for text in (*labels.stances.values(), *labels.roles.values(), labels.departed):
        assert text in texts
    assert labels.influence_link in texts and labels.more not in texts
    assert labels.more in [key.text for key in legend(labels, more=True)]
    assert "legend" not in chart("examples/zh.yaml")  # under the chart, in HTML


def test_chinese_text_is_set_in_a_cjk_font() -> None:
    svg = chart("examples/zh.yaml")
    assert 'font-family="Noto Sans CJK SC,' in svg
    found = subprocess.run(
        ["fc-match", "-f", "%{family}", FONT.split(",")[0]],
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


def test_a_narrower_page_gets_a_narrower_chart() -> None:
    acc = account("examples/large.yaml")
    wide = svg_size_pt(render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"])))
    narrow = svg_size_pt(render_svg(org_chart_dot(acc, ORG_CHART_LABELS["en"], page=(480, 500))))
    assert narrow[0] < wide[0]


def test_large_example_is_the_generator_output() -> None:
    script = ROOT / "scripts" / "make_large_example.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


# ---- Overview and chart pages ---------------------------------------------------------------

DEPARTMENTS = (
    "Operations",
    "Engineering",
    "Information Technology",
    "Quality",
    "Supply Chain",
    "Finance",
    "Sales and Marketing",
)
STANCES = ("champion", "supporter", "neutral", "skeptic", "opponent", "unknown")


def generated_account(count: int = 150, managers: int = 3, staff: int = 6) -> Account:
    return build_account(generated_document(count, managers, staff))


def generated_document(count: int = 150, managers: int = 3, staff: int = 6) -> dict[str, Any]:
    """An account of a chief executive, a vice president per department, ``managers``
    managers under each and ``staff`` people under each manager, until there are ``count``
    people; plus two external advisers and a few influence and dotted lines."""
    contacts: list[dict[str, Any]] = [
        {"id": "ceo", "name": "Casey Chief", "title": "Chief Executive Officer"},
        {"id": "adv1", "name": "Ada Adviser", "external": True, "organization": "Adviser LLP"},
        {"id": "adv2", "name": "Abe Auditor", "external": True, "organization": "Audit AG"},
    ]

    def person(ident: str, name: str, title: str, boss: str, department: str) -> None:
        if len(contacts) < count:
            stance = STANCES[len(contacts) % len(STANCES)]
            contacts.append(
                {"id": ident, "name": name, "title": title, "department": department}
                | {"reports_to": boss, "stance": stance}
            )

    number = 0
    while len(contacts) < count:
        department = DEPARTMENTS[number % len(DEPARTMENTS)]
        vp = f"vp{number}"
        person(vp, f"Vice President {number}", f"VP {department}", "ceo", department)
        for m in range(managers):
            manager = f"m{number}-{m}"
            person(manager, f"Manager {number}.{m}", f"{department} Manager", vp, department)
            for k in range(staff):
                ident = f"p{number}-{m}-{k}"
                person(ident, f"Person {number}.{m}.{k}", "Engineer", manager, department)
        number += 1
    document = {
        "battlemap": 1,
        "account": {"id": "gen", "name": "Generated", "as_of": "2026-11-01", "lang": "en"},
        "contacts": contacts,
        "influence": [
            {"from": "adv1", "to": "ceo", "strength": "strong"},
            {"from": "m0-1", "to": "vp1", "strength": "weak"},
        ],
    }
    contacts[-1]["also_reports_to"] = ["vp0"]
    return document


def flat_account(count: int) -> Account:
    """Contacts whose managers are not known: nobody reports to anybody."""
    people = [{"id": f"p{i}", "name": f"Person {i}", "title": "Manager"} for i in range(count)]
    return _account(people)


def wide_account(count: int) -> Account:
    """A plant manager with ``count`` - 6 operators reporting to them, and a lab lead with
    two technicians, under a head of manufacturing who reports to the chief executive."""
    people: list[dict[str, Any]] = [
        {"id": "ceo", "name": "Chief", "title": "Chief Executive Officer"},
        {"id": "vp", "name": "Head", "title": "Head of Manufacturing", "reports_to": "ceo"},
        {"id": "boss", "name": "Boss", "title": "Plant Manager", "reports_to": "vp"},
        {"id": "lead", "name": "Lead", "title": "Lab Lead", "reports_to": "vp"},
        {"id": "t1", "name": "Tech One", "title": "Technician", "reports_to": "lead"},
        {"id": "t2", "name": "Tech Two", "title": "Technician", "reports_to": "lead"},
    ]
    people += [
        {"id": f"p{i}", "name": f"Person {i}", "title": "Operator", "reports_to": "boss"}
        for i in range(6, count)
    ]
    for person in people:
        person["department"] = "Manufacturing"
    return _account(people)


@cache
def chart_set(name: str) -> tuple[Account, ChartSet]:
    accounts = {
        "zh": lambda: account("examples/zh.yaml"),
        "en": lambda: account("examples/en.yaml"),
        "large": lambda: account("examples/large.yaml"),
        "generated-150": generated_account,
        "generated-40": lambda: generated_account(40),
        "generated-400": lambda: generated_account(400, managers=8, staff=12),
        "flat-40": lambda: flat_account(40),
        "wide-200": lambda: wide_account(200),
    }
    acc = accounts[name]()
    labels = ORG_CHART_LABELS[acc.lang]
    return acc, org_charts(acc, labels, FRONT, FRONT, PAGE)


@cache
def drawn(name: str, number: int) -> str:
    return render_svg(chart_set(name)[1].charts[number].dot)


def printed_scale(svg: str, box: tuple[float, float]) -> float:
    width, height = svg_size_pt(svg)
    return min(1.0, box[0] / width, box[1] / height)


ALL_SETS = (
    "zh",
    "en",
    "large",
    "generated-40",
    "generated-150",
    "generated-400",
    "flat-40",
    "wide-200",
)


@pytest.mark.parametrize("name", ["zh", "en"])
def test_a_small_account_has_its_whole_chart_on_page_one(name: str) -> None:
    acc, charts = chart_set(name)
    assert charts.front.kind == "whole" and charts.pages == ()
    assert charts.front.people == tuple(range(len(acc.contacts)))
    assert printed_scale(drawn(name, 0), FRONT) >= LEGIBLE_SCALE


def test_forty_people_get_an_overview_then_the_whole_chart_on_its_own_page() -> None:
    acc, charts = chart_set("generated-40")
    front, pages = charts.front, charts.pages
    assert front.kind == "overview" and 1 <= front.levels <= 3
    assert front.collapsed and set(front.collapsed) <= set(front.people)
    assert len(front.people) < len(acc.contacts)
    assert [page.kind for page in pages] == ["whole"]
    assert pages[0].people == tuple(range(len(acc.contacts)))
    assert printed_scale(drawn("generated-40", 0), FRONT) >= LEGIBLE_SCALE
    assert printed_scale(drawn("generated-40", 1), PAGE) >= PAGE_SCALE


def test_sixty_people_get_an_overview_then_their_departments_a_few_to_a_page() -> None:
    """The whole chart of examples/large.yaml would print at 0.70 on a page: its eight
    departments follow on three pages instead, each whole on one of them, at 0.9 or more."""
    acc, charts = chart_set("large")
    front, pages = charts.front, charts.pages
    assert front.kind == "overview" and 1 <= front.levels <= 3
    assert front.collapsed and len(front.people) < len(acc.contacts)
    assert all(page.kind == "part" for page in pages)
    assert set().union(*(page.people for page in pages)) == set(range(len(acc.contacts)))
    ceo = next(i for i, c in enumerate(acc.contacts) if c.reports_to is None and not c.external)
    departments = [i for i, c in enumerate(acc.contacts) if c.reports_to == acc.contacts[ceo].id]
    assert 1 < len(pages) < len(departments)
    for head in departments:
        assert sum(head in page.heads for page in pages) == 1, acc.contacts[head].name
    for number in range(1, len(charts.charts)):
        assert printed_scale(drawn("large", number), PAGE) >= PAGE_SCALE, number


def test_the_overview_counts_the_people_under_each_collapsed_manager() -> None:
    acc, charts = chart_set("large")
    svg = drawn("large", 0)
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    index = {c.id: i for i, c in enumerate(acc.contacts)}
    for manager in charts.front.collapsed:
        under, todo = 0, [acc.contacts[manager].id]
        while todo:
            boss = todo.pop()
            kids = [c.id for c in acc.contacts if c.reports_to == boss and not c.external]
            under += len(kids)
            todo += kids
        assert f"+{under}" in texts, acc.contacts[manager].name
        assert index[acc.contacts[manager].id] == manager
    assert "+4" in texts  # the four external people, in one box
    assert svg.count('class="node contact') == len(charts.front.people)


def test_a_hundred_and_fifty_people_are_split_into_department_pages() -> None:
    acc, charts = chart_set("generated-150")
    assert len(acc.contacts) == 150
    assert charts.front.kind == "overview"
    assert len(charts.pages) >= 2 and all(page.kind == "part" for page in charts.pages)
    labels = ORG_CHART_LABELS["en"]
    names = [chart_name(acc, page, labels) for page in charts.pages]
    for department in DEPARTMENTS:
        assert any(department in name for name in names), (department, names)
    externals = [i for i, contact in enumerate(acc.contacts) if contact.external]
    assert set(externals) <= set(charts.front.people) - set(charts.front.collapsed)
    assert names[-1].endswith(f"{DEPARTMENTS[-1]}, {labels.external}")  # on the last page too
    pages = [set(page.people) for page in charts.pages]
    assert set().union(*pages) == set(range(len(acc.contacts)))  # the pages chart everyone
    for number in range(len(charts.charts)):
        box, least = (FRONT, LEGIBLE_SCALE) if number == 0 else (PAGE, PAGE_SCALE)
        scale = printed_scale(drawn("generated-150", number), box)
        assert scale >= least, (number, names[number - 1] if number else "overview")


def test_a_department_too_big_for_a_page_is_split_again() -> None:
    """The head of manufacturing's page shows the plant manager as "+194"; the plant
    manager's 194 operators follow over several pages, all but the first "continued"."""
    acc, charts = chart_set("wide-200")
    ids = [contact.id for contact in acc.contacts]
    head, boss = ids.index("vp"), ids.index("boss")
    first, *rest = charts.pages
    assert first.heads == (head,) and first.collapsed == (boss,)
    assert len(rest) >= 2 and all(page.heads == (boss,) for page in rest)
    assert [page.continued for page in rest] == [False] + [True] * (len(rest) - 1)
    assert "+194" in re.findall(r"<text[^>]*>([^<]*)</text>", drawn("wide-200", 1))
    for number in range(1, len(charts.charts)):
        assert printed_scale(drawn("wide-200", number), PAGE) >= PAGE_SCALE


def test_departments_of_more_than_a_page_continue_on_the_next() -> None:
    _, charts = chart_set("generated-400")
    assert all(page.kind == "part" for page in charts.pages)
    assert any(page.continued for page in charts.pages)
    for number in range(len(charts.charts)):
        box, least = (FRONT, LEGIBLE_SCALE) if number == 0 else (PAGE, PAGE_SCALE)
        assert printed_scale(drawn("generated-400", number), box) >= least


@pytest.mark.parametrize("name", ALL_SETS)
def test_every_contact_is_in_some_chart_and_nothing_is_cut(name: str) -> None:
    acc, charts = chart_set(name)
    seen: set[int] = set()
    for number, found in enumerate(charts.charts):
        in_dot = {int(n) for n in _DOT_CONTACT.findall(found.dot)}
        assert in_dot == set(found.people)
        assert len(contact_groups(drawn(name, number))) == len(found.people)
        seen |= in_dot
    assert seen == set(range(len(acc.contacts)))


@pytest.mark.parametrize("name", ["large", "generated-150"])
def test_charts_are_deterministic(name: str) -> None:
    acc, charts = chart_set(name)
    again = org_charts(acc, ORG_CHART_LABELS[acc.lang], FRONT, FRONT, PAGE)
    assert [c.dot for c in again.charts] == [c.dot for c in charts.charts]


def test_the_svg_has_an_accessible_name() -> None:
    source = org_chart_dot(account("examples/en.yaml"), ORG_CHART_LABELS["en"])
    svg = render_svg(source, label='Org chart: 9 contacts <&">')
    name = "Org chart: 9 contacts &lt;&amp;&quot;&gt;"
    assert svg.startswith(f'<svg role="img" aria-label="{name}" width="100%"')
    start_tag_end = svg.index(">") + 1
    assert svg[start_tag_end:].startswith(f"\n<title>{name}</title>\n<g ")
    assert svg.count("<title>") == 1


def test_the_map_names_every_chart_and_gives_each_page_its_section() -> None:
    from battlemap.render.map.html import render_html
    from tests.render_support import compile_file

    compiled, options = compile_file(ROOT / "examples" / "large.yaml")
    html = render_html(compiled, options).decode("utf-8")
    tags = re.findall(r"<svg [^>]*>", html)
    charts = [tag for tag in tags if 'role="img"' in tag]
    assert len(charts) >= 3
    assert 'aria-label="Org chart overview: top' in charts[0]
    for tag in charts[1:]:  # "Org chart: Finance, IT, 24 contacts"
        assert re.search(r'aria-label="Org chart: [^"]+, \d+ contacts"', tag), tag
    assert html.count('<section class="section chart-page"') == len(charts) - 1
    assert len(re.findall(r"Org chart: [^<]+ \(\d+ contacts\)</h2>", html)) == len(charts) - 1
    assert html.index("chart-page") < html.index('<div class="details">')


# ---- Failures --------------------------------------------------------------------------------


def test_missing_dot_is_tool_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not a chart quietly left out: the page that needed it says how to install Graphviz
    (tests/render/test_system_tools.py)."""
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ToolMissing) as missing:
        render_svg("digraph { a }")
    assert missing.value.reason is None


def test_broken_dot_source_is_reported() -> None:
    with pytest.raises(DotFailed):
        render_svg("digraph { a -> }")


def test_a_lone_external_who_needs_a_page_of_their_own_is_charted() -> None:
    """The externals are one unit even when they are one person (was a KeyError: a single
    external was split like a department head)."""
    compiled, options = compile_file(Path(__file__).with_name("lone_external.yaml"))
    chart = build_view(compiled, options).orgchart
    assert chart.svg
