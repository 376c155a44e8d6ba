"""The legend's entries, listed in HTML under the chart rather than drawn in it.

There it reads at the page's type size and takes no room from the chart."""

from __future__ import annotations

from dataclasses import dataclass

from battlemap.render.orgchart.labels import OrgChartLabels
from battlemap.render.orgchart.style import (
    GREY_FILL,
    GREY_INK,
    INFLUENCE_PENWIDTH,
    INK,
    LINK_COLOUR,
    ROLE_ORDER,
    STANCE_STYLES,
)


@dataclass(frozen=True)
class LegendKey:
    """One legend entry: a sample and what it means. ``kind`` is ``box`` (a person's box:
    ``fill``, ``symbol``, ``border`` style and ``width`` in pt), ``line`` (a line of
    ``border`` style, ``width`` and ``colour``) or ``badge`` (``symbol`` in bold)."""

    kind: str
    text: str
    symbol: str = ""
    fill: str = "#FFFFFF"
    border: str = "solid"
    width: float = 1.0
    colour: str = INK


def legend(labels: OrgChartLabels, more: bool = False) -> tuple[LegendKey, ...]:
    """The legend's entries: stances, people, lines, role badges, our owner; with ``more``,
    the "+N" badge of an overview."""
    keys = [
        LegendKey("box", labels.stances.get(stance, stance), symbol, fill)
        for stance, (fill, symbol) in STANCE_STYLES.items()
    ]
    keys += [
        LegendKey("box", labels.departed, fill=GREY_FILL, colour="#AAAAAA"),
        LegendKey("box", labels.vacant, border="dashed", colour=GREY_INK),
        LegendKey("box", labels.border, width=INFLUENCE_PENWIDTH["high"]),
        LegendKey("line", labels.reports_to),
        LegendKey("line", labels.dotted_line, border="dotted", width=1.5),
        LegendKey("line", labels.influence_link, border="dashed", width=2, colour=LINK_COLOUR),
    ]
    if more:
        keys.append(LegendKey("badge", labels.more, "+N"))
    keys += [
        LegendKey("badge", labels.roles.get(role, role), labels.role_badges.get(role, role))
        for role in ROLE_ORDER
    ]
    keys.append(LegendKey("badge", labels.owner, labels.owner_prefix))
    return tuple(keys)
