"""The org chart: DOT source built from the account, SVG from Graphviz's ``dot``.

The modules, in the order the work flows:
- ``labels``: the chart's texts per language; ``style``: font, sizes, inks, stance fills;
- ``measure``: escaping for dot's HTML-like labels, text widths in ems, clip and wrap;
- ``people``: the contacts as a reporting forest, and the part of it one chart draws;
- ``boxes``: a person's box (its label rows and style);
- ``planner``: how each manager's reports are cut into columns, for the largest print scale;
- ``dot``: the DOT source that holds dot to that plan;
- ``charts``: which charts to draw (the whole one, or an overview and pages), and their DOT;
- ``svg``: running ``dot`` and the SVG made fit to inline in HTML;
- ``legend``: the legend's entries (drawn in HTML under the chart).

Other modules use the names re-exported here; the modules of this package import each other
directly, never this package.
"""

from __future__ import annotations

from battlemap.render.orgchart.charts import (
    OVERVIEW_LEVELS,
    PAGE_SLACK,
    Chart,
    ChartSet,
    chart_name,
    org_chart_dot,
    org_charts,
)
from battlemap.render.orgchart.labels import ORG_CHART_LABELS, OrgChartLabels
from battlemap.render.orgchart.legend import LegendKey, legend
from battlemap.render.orgchart.measure import escape_html
from battlemap.render.orgchart.style import LEGIBLE_SCALE, PAGE_SCALE
from battlemap.render.orgchart.svg import DotFailed, ToolMissing, render_svg, svg_size_pt

__all__ = [
    "LEGIBLE_SCALE",
    "ORG_CHART_LABELS",
    "OVERVIEW_LEVELS",
    "PAGE_SCALE",
    "PAGE_SLACK",
    "Chart",
    "ChartSet",
    "DotFailed",
    "LegendKey",
    "OrgChartLabels",
    "ToolMissing",
    "chart_name",
    "escape_html",
    "legend",
    "org_chart_dot",
    "org_charts",
    "render_svg",
    "svg_size_pt",
]
