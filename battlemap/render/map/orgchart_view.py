"""The view-model of the org chart: page one's chart, and the chart pages that follow it.

Why pages: a chart is only useful when its names can be read on paper, and page one gives it
about 450 x 350 pt. The chart is laid out for that box; when it would print there below
``LEGIBLE_SCALE`` (names at 7 pt), page one shows an overview of the top levels instead and
the whole chart follows on a page of its own, or, when it would print there below
``PAGE_SCALE`` (names at 9 pt), its departments, as few to a page as hold them at that
scale (``orgchart.org_charts``). Sizes are estimated from label widths
before ``dot`` runs; after it runs, each chart's real size is checked, and a chart that
came out too big is planned again one step further (a rare second run of ``dot``).

The legend is HTML under the chart (it reads at the page's own type size and never widens
or lengthens the chart); a chart page shows it too when it fits below the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from math import ceil
from typing import TYPE_CHECKING

from markupsafe import Markup

from battlemap.model import Account
from battlemap.options import BuildOptions
from battlemap.render.context import RenderContext
from battlemap.render.map.layout import MM, PageOneLayout, columns, page_box
from battlemap.render.system_tools import dot_missing
from battlemap.render.widths import ems

if TYPE_CHECKING:
    from battlemap.render.orgchart import Chart, ChartSet, LegendKey, OrgChartLabels

KEY_FONT_PT = 6.6
"""The legend's type size on paper (print.css: .chart-key)."""
KEY_LINE_PT = 10.2
"""One line of the legend on paper (its line height and the gap between lines)."""
KEY_SAMPLE_PT = 22.0
"""An entry's sample, the space after it and the gap to the next entry."""
NOTE_LINE_PT = 9.6
FIGURE_GAP_PT = 6.0
"""Between the chart and its caption."""
PAGE_HEADING_PT = 20.0
"""A chart page's heading (print.css: .chart-page h2), with its margin."""
PAGE_MARGINS_PT = ((11 + 10) * MM, (9 + 9) * MM)
"""The page's top + bottom and left + right margins (print.css: @page)."""
SAFETY_PT = 6.0
"""Slack between the estimates and the page, for rounding in the layout engine."""


@dataclass(frozen=True)
class ContactLine:
    """A contact in the plain list shown when the org chart cannot be drawn."""

    name: str
    title: str
    stance: str


@dataclass(frozen=True)
class KeyEntry:
    """One legend entry as drawn: ``style`` is CSS made only from the chart's own constants."""

    kind: str
    symbol: str
    text: str
    style: str


@dataclass(frozen=True)
class ChartPage:
    """A chart on a page of its own, after page one."""

    anchor: str
    heading: str
    svg: Markup
    max_height_mm: float
    legend: tuple[KeyEntry, ...]
    legend_prints: bool
    """False when the legend does not fit under the chart on paper (it is on page one):
    the screen shows it, print does not."""
    scale: float
    """The print scale of the chart in its box (checked after ``dot``)."""


@dataclass(frozen=True)
class OrgChart:
    svg: Markup | None
    fallback: tuple[ContactLine, ...]
    empty: bool = False
    """The account has no contacts yet (nothing to draw)."""
    overview: bool = False
    """Page one shows the top levels only; ``pages`` chart everyone."""
    note: str | None = None
    legend: tuple[KeyEntry, ...] = ()
    max_height_mm: float = 150.0
    scale: float = 1.0
    """The print scale of page one's chart in its box."""
    pages: tuple[ChartPage, ...] = ()


def chart_labels(ctx: RenderContext, defaults: Mapping[str, OrgChartLabels]) -> OrgChartLabels:
    """The chart's labels, with roles, badges and stances as the playbook names them."""
    base = defaults.get(ctx.lang) or defaults["en"]
    labels = ctx.book.get("labels", {})
    return replace(
        base,
        roles={k: ctx.label("roles", k) for k in labels.get("roles", {})} or base.roles,
        role_badges={k: ctx.label("role_badges", k) for k in labels.get("role_badges", {})}
        or base.role_badges,
        stances={k: ctx.label("stances", k) for k in labels.get("stances", {})} or base.stances,
    )


def chart_area(options: BuildOptions, layout: PageOneLayout) -> tuple[float, float]:
    """The org chart's card on page one, in points: its inner width and the height left
    for the chart and its caption."""
    left, _, _ = columns(options)
    return (round(left - 16), round(layout.chart_max_mm * MM))


def page_area(options: BuildOptions) -> tuple[float, float]:
    """The box of a chart on a page of its own, in points."""
    width, height = page_box(options)
    return (
        round(width - PAGE_MARGINS_PT[1] - SAFETY_PT),
        round(height - PAGE_MARGINS_PT[0] - PAGE_HEADING_PT - SAFETY_PT),
    )


def key_entries(keys: tuple[LegendKey, ...]) -> tuple[KeyEntry, ...]:
    found = []
    for key in keys:
        if key.kind == "box":
            style = f"background:{key.fill};border:{key.width:g}pt {key.border} {key.colour}"
        elif key.kind == "line":
            style = f"border-top:{key.width:g}pt {key.border} {key.colour}"
        else:
            style = ""
        found.append(KeyEntry(key.kind, key.symbol, key.text, style))
    return tuple(found)


def key_height(entries: tuple[KeyEntry, ...], width: float) -> float:
    """The legend's estimated height on paper when ``width`` points wide (entries flow in
    lines like words)."""
    lines, used = 1, 0.0
    for entry in entries:
        size = KEY_SAMPLE_PT + ems(entry.text) * KEY_FONT_PT
        if used and used + size > width:
            lines, used = lines + 1, 0.0
        used += size
    return lines * KEY_LINE_PT


def _note_height(text: str, width: float) -> float:
    return ceil(ems(text) * KEY_FONT_PT / width) * NOTE_LINE_PT


def org_chart(ctx: RenderContext, options: BuildOptions, layout: PageOneLayout) -> OrgChart:
    """Page one's chart and the chart pages, or the contact list when dot fails. A missing
    ``dot`` is an error naming the package to install, not a map without its chart."""
    from battlemap.render import orgchart

    account = ctx.account
    if not account.contacts:
        return OrgChart(None, (), empty=True)
    labels = chart_labels(ctx, orgchart.ORG_CHART_LABELS)
    card = chart_area(options, layout)
    page = page_area(options)
    whole = key_entries(orgchart.legend(labels))
    more = key_entries(orgchart.legend(labels, more=True))
    count = len(account.contacts)
    # Page one's box for the chart: the card less the legend, and the note of an overview.
    front_whole = (card[0], card[1] - key_height(whole, card[0]) - FIGURE_GAP_PT)
    note = labels.overview_note_split.format(count=count, levels=3)
    front_more = (
        card[0],
        front_whole[1]
        - (key_height(more, card[0]) - key_height(whole, card[0]))
        - _note_height(note, card[0]),
    )
    try:
        charts, drawn = _drawn(account, labels, (front_whole, front_more), page)
    except orgchart.ToolMissing as err:
        raise dot_missing(ctx.lang, err.reason) from err
    except orgchart.DotFailed:
        return OrgChart(None, _contact_lines(ctx))
    first = charts.front
    overview = first.kind == "overview"
    front = front_more if overview else front_whole
    text = None
    if overview:
        pattern = labels.overview_note if len(charts.pages) == 1 else labels.overview_note_split
        text = pattern.format(count=count, levels=first.levels)
    pages = tuple(
        _page(account, labels, chart, svg, page, (whole, more), number)
        for number, (chart, svg) in enumerate(zip(charts.pages, drawn[1:], strict=True), 1)
    )
    return OrgChart(
        svg=drawn[0],
        fallback=(),
        overview=overview,
        note=text,
        legend=more if overview else whole,
        max_height_mm=round(front[1] / MM, 1),
        scale=_scale(drawn[0], front),
        pages=pages,
    )


def _drawn(
    account: Account,
    labels: OrgChartLabels,
    fronts: tuple[tuple[float, float], tuple[float, float]],
    page: tuple[float, float],
) -> tuple[ChartSet, list[Markup]]:
    """The charts and their SVG, ``dot`` run once per chart. A chart that came out smaller
    than its least scale (its estimate was off) is planned again one step further: page
    one's whole chart becomes an overview (below ``LEGIBLE_SCALE``), an overview loses a
    level, a whole chart page is cut into departments (below ``PAGE_SCALE``), department
    pages are planned again with the margin they missed by added to their slack (at most
    ``REPLANS`` times: each plan needs a larger margin, so pages only get smaller).
    ``fronts``: page one's box for the whole chart and for an overview (with its note)."""
    from battlemap.render import orgchart

    drawn: dict[str, Markup] = {}

    def svg(chart: Chart) -> Markup:
        if chart.dot not in drawn:
            drawn[chart.dot] = _svg(account, labels, chart)
        return drawn[chart.dot]

    overview, split, levels = False, False, orgchart.OVERVIEW_LEVELS
    slack, replans = orgchart.PAGE_SLACK, 0
    while True:
        charts = orgchart.org_charts(
            account,
            labels,
            *fronts,
            page,
            overview=overview,
            split=split,
            levels=levels,
            slack=slack,
        )
        first = charts.front
        front = fronts[1] if first.kind == "overview" else fronts[0]
        if _scale(svg(first), front) < orgchart.LEGIBLE_SCALE:
            if first.kind == "whole":
                overview = True
                continue
            if first.levels > 1:
                levels = first.levels - 1
                continue
        smallest = min((_scale(svg(chart), page) for chart in charts.pages), default=1.0)
        if smallest < orgchart.PAGE_SCALE:
            if [c.kind for c in charts.pages] == ["whole"]:
                split = True
                continue
            if replans < REPLANS:
                slack, replans = slack + orgchart.PAGE_SCALE - smallest, replans + 1
                continue
        return charts, [svg(chart) for chart in charts.charts]


REPLANS = 3
"""How many times department pages that dot drew below ``PAGE_SCALE`` are planned again (the
estimates are within about 3 %: the examples never need one)."""


def _svg(account: Account, labels: OrgChartLabels, chart: Chart) -> Markup:
    from battlemap.render import orgchart

    count = len(chart.people)
    if chart.kind == "overview":
        name = labels.overview_chart.format(count=len(account.contacts), levels=chart.levels)
    elif chart.kind == "part":
        part = orgchart.chart_name(account, chart, labels)
        name = labels.part_chart.format(name=part, count=count)
    else:
        name = labels.chart.format(count=count)
    # Safe: Graphviz's output for a DOT source whose every label was escaped (orgchart.dot),
    # and an accessible name escaped by render_svg.
    return Markup(orgchart.render_svg(chart.dot, label=name))


def _scale(svg: str, box: tuple[float, float]) -> float:
    """The print scale of a chart in ``box`` (it is never enlarged)."""
    from battlemap.render.orgchart import svg_size_pt

    width, height = svg_size_pt(svg)
    return round(min(1.0, box[0] / width, box[1] / height), 3)


def _page(
    account: Account,
    labels: OrgChartLabels,
    chart: Chart,
    svg: Markup,
    page: tuple[float, float],
    legends: tuple[tuple[KeyEntry, ...], tuple[KeyEntry, ...]],
    number: int,
) -> ChartPage:
    """A chart page; with the legend (the "+N" entry when some manager is collapsed) under
    the chart when it fits there without making the chart any smaller."""
    from battlemap.render.orgchart import chart_name, svg_size_pt

    scale = _scale(svg, page)
    height = svg_size_pt(svg)[1] * scale
    keys = legends[1] if chart.collapsed else legends[0]
    room = key_height(keys, page[0]) + FIGURE_GAP_PT
    prints = height + room <= page[1]
    if chart.kind == "part":
        name = chart_name(account, chart, labels) + (labels.continued if chart.continued else "")
        heading = labels.part_heading.format(name=name, count=len(chart.people))
    else:
        heading = labels.whole_heading.format(count=len(chart.people))
    box = page[1] - room if prints else page[1]
    anchor = f"org-chart-{number}"
    return ChartPage(anchor, heading, svg, round(box / MM, 1), keys, prints, scale)


def _contact_lines(ctx: RenderContext) -> tuple[ContactLine, ...]:
    return tuple(
        ContactLine(c.label, c.title or "", ctx.label("stances", c.stance))
        for c in ctx.account.contacts
        if c.present
    )
