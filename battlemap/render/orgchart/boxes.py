"""A person's box: the rows of its label, and its style.

The rows: name and stance symbol, title, organisation, role badges and our owner, the day a
person left; a chart of part of the account adds "+N" and whom its top person reports to."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from math import ceil, hypot

from battlemap.model import Contact
from battlemap.render import widths
from battlemap.render.orgchart.labels import OrgChartLabels
from battlemap.render.orgchart.measure import clip, escape_html, text_width, wrap
from battlemap.render.orgchart.people import People
from battlemap.render.orgchart.style import (
    CELL_PADDING_PT,
    CORNER_RADIUS_PT,
    DOT_ASCENT_EMS,
    DOT_DESCENT_EMS,
    FONT_SIZE,
    GREY_FILL,
    GREY_INK,
    INFLUENCE_PENWIDTH,
    INK,
    INK_DEPTH_EMS,
    INK_TOP_EMS,
    NODE_MARGIN_PT,
    ROLE_ORDER,
    SMALL_SIZE,
    STANCE_STYLES,
    TEXT_CLEARANCE_PT,
)


@dataclass(frozen=True)
class Line:
    text: str
    size: float = SMALL_SIZE
    bold: bool = False
    italic: bool = False
    colour: str | None = None

    def html(self) -> str:
        body = escape_html(self.text)
        if self.bold:
            body = f"<B>{body}</B>"
        if self.italic:
            body = f"<I>{body}</I>"
        colour = f' COLOR="{self.colour}"' if self.colour else ""
        return f'<FONT POINT-SIZE="{self.size:g}"{colour}>{body}</FONT>'

    def width(self) -> float:
        return text_width(self.text, self.size, self.bold)


@dataclass(frozen=True)
class Row:
    """One line of a node's label, made of runs of text."""

    runs: tuple[Line, ...]

    def html(self) -> str:
        return '<TR><TD ALIGN="LEFT">' + "".join(run.html() for run in self.runs) + "</TD></TR>"

    def width(self) -> float:
        return sum(run.width() for run in self.runs)

    def size(self) -> float:
        return max((run.size for run in self.runs), default=SMALL_SIZE)


def label_rows(contact: Contact, labels: OrgChartLabels, owners: Mapping[str, str]) -> list[Row]:
    """A person's box: name and stance symbol; title (two lines at most); organisation for
    external people; role badges and our relationship owner; the day a person left."""
    grey = GREY_INK if contact.departed or contact.vacant else None
    if contact.vacant:
        vacant = clip(contact.name or labels.vacant, 20)
        head = Row((Line(vacant, FONT_SIZE, italic=True, colour=GREY_INK),))
    else:
        symbol = STANCE_STYLES.get(contact.stance, STANCE_STYLES["unknown"])[1]
        name = Line(clip(contact.label, 20), FONT_SIZE, bold=True, colour=grey)
        head = Row((name, Line(f"  {symbol}", FONT_SIZE, bold=True, colour=grey)))
    rows = [head]
    for line in wrap(contact.title or "", 24) if contact.title else ():
        rows.append(Row((Line(line, colour=grey),)))
    if contact.external and contact.organization:
        rows.append(Row((Line(clip(contact.organization, 24), italic=True, colour=grey),)))
    rows.append(_badge_row(contact, labels, owners, grey))
    if contact.departed:
        text = f"{labels.departed} {contact.departed.isoformat()}"
        rows.append(Row((Line(text, italic=True, colour=grey),)))
    return [row for row in rows if row.runs]


def _badge_row(
    contact: Contact, labels: OrgChartLabels, owners: Mapping[str, str], grey: str | None
) -> Row:
    badges = " ".join(labels.role_badges.get(role, role) for role in _sorted_roles(contact.roles))
    runs: list[Line] = []
    if badges:
        runs.append(Line(badges, bold=True, colour=grey))
    owner = owners.get(contact.owner or "")
    if owner:
        gap = "  " if runs else ""
        runs.append(Line(f"{gap}{labels.owner_prefix} {clip(owner, 14)}", colour=grey or INK))
    return Row(tuple(runs))


def _sorted_roles(roles: Sequence[str]) -> list[str]:
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(dict.fromkeys(roles), key=lambda role: (rank.get(role, len(rank)), role))


def html_table(rows: Sequence[Row]) -> str:
    """The label: its rows, set flush left, between a spacer above and below (``spacers``).

    The spacer above is as wide as the widest row in the font the chart is set in: dot's
    own measure (pango, hinted) can be narrower than the text a browser draws, and text set
    flush left in a table at least that wide cannot reach the border."""
    top, bottom = spacers(rows)
    width = ceil(max((row.width() for row in rows), default=0.0) + 2 * CELL_PADDING_PT)
    body = "".join(row.html() for row in rows)
    return (
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="{CELL_PADDING_PT:g}">'
        f'<TR><TD CELLPADDING="0" HEIGHT="{top}" WIDTH="{width}"></TD></TR>'
        f"{body}{_spacer(bottom)}</TABLE>>"
    )


def spacers(rows: Sequence[Row]) -> tuple[int, int]:
    """The heights in points of the empty rows above and below a label's text, so that the
    text as a browser draws it (the font's ascent and descent) stays clear of the border,
    and the ink of the first and last lines clear of the rounded corners (``corner_rise``)."""
    if not rows:
        return 0, 0
    ascent, descent = widths.line_extents()
    room = TEXT_CLEARANCE_PT - NODE_MARGIN_PT[1] - CELL_PADDING_PT
    first, last = rows[0].size(), rows[-1].size()
    rise = corner_rise() - NODE_MARGIN_PT[1] - CELL_PADDING_PT
    top = max(
        first * (ascent - DOT_ASCENT_EMS) + room, rise + first * (INK_TOP_EMS - DOT_ASCENT_EMS)
    )
    bottom = max(
        last * (descent - DOT_DESCENT_EMS) + room, rise + last * (INK_DEPTH_EMS - DOT_DESCENT_EMS)
    )
    return max(0, ceil(top)), max(0, ceil(bottom))


@cache
def corner_rise() -> float:
    """How far from a box's top or bottom outline the ink of a line must stay where the line
    starts (``NODE_MARGIN_PT`` in from the side), for ``TEXT_CLEARANCE_PT`` between the ink
    and dot's rounded corner there (the curve is walked in small steps; the corner is at the
    origin, the side along y and the bottom along x)."""
    radius, side = CORNER_RADIUS_PT, NODE_MARGIN_PT[0] + CELL_PADDING_PT
    curve = []
    for step in range(65):
        t = step / 64
        # the cubic from (radius, 0) to (0, radius), control points half-way to the corner
        x = (1 - t) ** 3 * radius + 3 * (1 - t) ** 2 * t * radius / 2
        y = 3 * (1 - t) * t**2 * radius / 2 + t**3 * radius
        curve.append((x, y))
    rise = radius
    while rise > 0 and min(hypot(side - x, rise - y) for x, y in curve) >= TEXT_CLEARANCE_PT:
        rise -= 0.05
    return rise + 0.05


def _spacer(height: int) -> str:
    return f'<TR><TD CELLPADDING="0" HEIGHT="{height}"></TD></TR>' if height else ""


def node_style(contact: Contact) -> dict[str, str]:
    fill, _ = STANCE_STYLES.get(contact.stance, STANCE_STYLES["unknown"])
    width = INFLUENCE_PENWIDTH.get(contact.influence, INFLUENCE_PENWIDTH["medium"])
    style = {"class": _node_class(contact)}
    if contact.vacant:
        return style | {"style": "rounded,dashed", "color": GREY_INK, "penwidth": "1.2"}
    if contact.departed:
        return style | {"fillcolor": GREY_FILL, "color": "#AAAAAA"}
    return style | {"fillcolor": fill, "penwidth": f"{width:g}"}


def _node_class(contact: Contact) -> str:
    """SVG classes for stylesheets and tests; only from fixed vocabularies, never raw text."""
    names = ["contact"]
    if contact.stance in STANCE_STYLES:
        names.append(f"stance-{contact.stance}")
    if contact.influence in INFLUENCE_PENWIDTH:
        names.append(f"influence-{contact.influence}")
    flags = {"departed": contact.departed, "vacant": contact.vacant, "external": contact.external}
    names += [name for name, on in flags.items() if on]
    return " ".join(names)


def more_row(people: People, node: int, hidden: Sequence[int], labels: OrgChartLabels) -> Row:
    """A collapsed manager's "+N": how many people are under them, and their departments when
    these are not just the manager's own."""
    runs = [Line(f"+{len(hidden)}", FONT_SIZE, bold=True)]
    departments = Counter(
        people.contacts[i].department for i in hidden if people.contacts[i].department
    )
    names = [str(name) for name, _ in departments.most_common()]
    if names and names != [people.contacts[node].department]:
        runs.append(Line("  " + clip(labels.list_sep.join(names), 22), colour=INK))
    return Row(tuple(runs))


def more_external_rows(people: People, hidden: Sequence[int], labels: OrgChartLabels) -> list[Row]:
    rows = [Row((Line(f"+{len(hidden)}", FONT_SIZE, bold=True),))]
    names = dict.fromkeys(people.contacts[i].organization for i in hidden)
    found = [str(name) for name in names if name]
    for line in wrap(labels.list_sep.join(found), 22) if found else ():
        rows.append(Row((Line(line, italic=True),)))
    return rows


def above_row(people: People, node: int) -> Row:
    """On a chart of one part: whom its top person reports to (drawn on another chart)."""
    boss = people.contacts[people.parent[node]]
    return Row((Line(f"↑ {clip(boss.label, 18)}", italic=True, colour=GREY_INK),))
