"""The DOT source of one chart, written to hold dot to the plan (``planner``).

dot does the placement, held to the plan by:
- a borderless cluster per block and per comb column, so that nothing interleaves;
- spines made of tiny point nodes, one per rank, kept straight by ``group`` and level with
  each report by ``rank=same``; the points beside a report's block sit in its cluster, with
  invisible edges, so that the block always lies right of the spine.
Influence and dotted-line edges have ``constraint=false`` and ``weight=0``: they set no
ranks and pull on no positions. Lines are ``splines=true``: dot routes each edge as a curve
through the free space between boxes, so an influence link bends around the people it passes;
``polyline`` straightened those routes into chords that cut across the corners of boxes on the
way (a link drawn along another person's border), and ``ortho`` aborts dot 2.43 (an assertion
in maze.c) on these layouts.

Safety: nodes are named ``c0``, ``c1``... by position, never by contact id or name; every
text goes through ``escape_html``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import graphviz

from battlemap.model import Account
from battlemap.render.orgchart.boxes import Row, html_table, more_external_rows, node_style
from battlemap.render.orgchart.labels import OrgChartLabels
from battlemap.render.orgchart.measure import escape_html
from battlemap.render.orgchart.people import People
from battlemap.render.orgchart.planner import (
    MAX_RANKS,
    MORE_ROW_PT,
    PAD_PT,
    ROW_PT,
    TITLE_PT,
    Fit,
    Plan,
    Planner,
    best_fit,
)
from battlemap.render.orgchart.style import (
    BORDER_PT,
    COMB_GAP_PT,
    FONT,
    FONT_SIZE,
    GREY_INK,
    INK,
    LINK_COLOUR,
    NODE_MARGIN_PT,
    STRENGTH_PENWIDTH,
)


def _node_name(position: int) -> str:
    return f"c{position}"


@dataclass(frozen=True)
class _Column:
    """Reports drawn one below the other: straight below the manager when there is one,
    else off a spine with, per report, the spine's points level with its block."""

    reports: tuple[int, ...]
    points: tuple[tuple[str, ...], ...]


class _Layout:
    """The drawing order fixed before any DOT is written: names of the spine points, and for
    every block its rows of node names, left to right."""

    def __init__(self, people: People, plan: Plan) -> None:
        self.plan = plan
        self.count = 0
        self.columns: dict[int, list[_Column]] = {}
        self.rows: dict[int, list[list[str]]] = {}
        self.groups: dict[str, str] = {}
        for root in people.roots:
            self._walk(root)

    def _walk(self, node: int) -> list[list[str]]:
        rows: list[list[str]] = [[_node_name(node)]]
        rows += [[] for _ in range(self.plan.height.get(node, 1) - 1)]
        self.columns[node] = []
        for number, reports in enumerate(self.plan.columns.get(node, [])):
            column = self._column(node, number, reports)
            self.columns[node].append(column)
            offset = 1
            for position, kid in enumerate(reports):
                points = column.points[position] if column.points else ()
                kid_rows = self._walk(kid)
                for k, row in enumerate(kid_rows):
                    rows[offset + k] += list(points[k : k + 1]) + row
                offset += len(kid_rows)
        self.rows[node] = rows
        return rows

    def _column(self, manager: int, number: int, reports: Sequence[int]) -> _Column:
        if len(reports) == 1:
            return _Column(tuple(reports), ())
        points = []
        for position, report in enumerate(reports):
            last = position == len(reports) - 1
            count = 1 if last else self.plan.height.get(report, 1)
            points.append(tuple(f"s{self.count + k}" for k in range(count)))
            self.count += count
        for point in (p for level in points for p in level):
            self.groups[point] = f"g{manager}_{number}"
        return _Column(tuple(reports), tuple(points))


@dataclass(frozen=True)
class Drawing:
    """What one chart draws: the people shown (a ``scope``), each one's label, the managers
    drawn with a "+N" badge instead of their reports, and the external people summarised in
    one box instead of drawn."""

    people: People
    rows: Mapping[int, Sequence[Row]]
    collapsed: frozenset[int] = frozenset()
    more_external: tuple[int, ...] = ()


_MORE_NODE = "xmore"


class Builder:
    """Writes the DOT for one drawing; every statement in a fixed order (contacts' order)."""

    def __init__(
        self,
        account: Account,
        drawing: Drawing,
        labels: OrgChartLabels,
        most: int = MAX_RANKS,
    ) -> None:
        self.account = account
        self.labels = labels
        self.drawing = drawing
        self.people = drawing.people
        self.rows = drawing.rows
        self.widths = {
            i: max(r.width() for r in self.rows[i]) + PAD_PT
            for i in (*self.people.internal, *self.people.externals)
        }
        self.planner = Planner(self.people, self.widths, most)
        self.trees = tuple(r for r in self.people.roots if self.people.children[r])
        self.loose = tuple(r for r in self.people.roots if not self.people.children[r])
        self.side = [[self.widths[i] for i in group] for group in self._side_groups()]
        self.fit = Fit(1, 1.0, 1.0)
        self.layout: _Layout
        self.graph: graphviz.Digraph

    def _side_groups(self) -> list[list[int]]:
        return [list(self.loose), list(self.people.externals)]

    def estimate(self, page: tuple[float, float]) -> Fit:
        """The layout that prints largest on ``page`` (estimated from label widths)."""
        side, more = self.side, self.drawing.more_external
        if more:
            rows = more_external_rows(self.people, more, self.labels)
            side = [*side, [max(r.width() for r in rows) + PAD_PT]]
        row = ROW_PT + (MORE_ROW_PT if self.drawing.collapsed else 0.0)
        extra = TITLE_PT if more or self.people.externals else 0.0
        return best_fit(self.planner, side, page, row, extra)

    def build(self, page: tuple[float, float]) -> str:
        self.fit = self.estimate(page)
        self.layout = _Layout(self.people, self.planner.plan(self.fit.budget))
        self.graph = _new_graph()
        for root in self.trees:
            self._block(self.graph, root)
        self._loose()
        self._externals()
        self._dotted_lines()
        self._influence()
        return str(self.graph.source)

    def _contact_node(self, graph: graphviz.Digraph, i: int) -> None:
        contact = self.people.contacts[i]
        style = node_style(contact)
        if i in self.drawing.collapsed:
            style["class"] += " collapsed"
        graph.node(_node_name(i), html_table(self.rows[i]), **style)

    def _block(self, graph: graphviz.Digraph, node: int, spine: Sequence[str] = ()) -> None:
        """A person and everyone under them, in a borderless cluster: clusters keep a block
        in one rectangle, which dot would otherwise interleave with its neighbours.

        ``spine`` holds the points of the manager's spine level with this block (one per rank,
        the first one branching to this person). They go in this block's cluster: a spine
        edge passing a cluster from outside would let dot put the block on either side."""
        if not self.people.children[node]:
            self._contact_node(graph, node)
            self._branch(graph, spine, node)
            return
        with graph.subgraph(name=f"cluster_b{node}") as box:
            box.attr(label="", peripheries="0", margin="2")
            self._contact_node(box, node)
            self._branch(box, spine, node)
            for number, column in enumerate(self.layout.columns[node]):
                if not column.points:
                    box.edge(_node_name(node), _node_name(column.reports[0]))
                    self._block(box, column.reports[0])
                    continue
                with box.subgraph(name=f"cluster_k{node}_{number}") as lane:
                    lane.attr(label="", peripheries="0", margin="0")
                    self._spine(box, lane, node, column)
                    for kid, points in zip(column.reports, column.points, strict=True):
                        self._block(lane, kid, points)

    def _spine(
        self, box: graphviz.Digraph, lane: graphviz.Digraph, manager: int, column: _Column
    ) -> None:
        """A comb: a chain of point nodes, one per rank, so that every spine edge is one rank
        long. The column (``lane``) is a cluster of its own, so that no other column's block
        comes between a spine and a person branching off it; the edge from the manager is
        drawn in the manager's ``box``, outside it. A manager's only column leaves from their
        lower left corner (an indented outline, no indent to pay for)."""
        points = [p for level in column.points for p in level]
        only = len(self.layout.columns[manager]) == 1
        port = {"tailport": "sw"} if only else {}
        box.edge(_node_name(manager), points[0], weight="8", **port)
        for upper, lower in pairwise(points):
            lane.edge(upper, lower, weight="8")

    def _branch(self, graph: graphviz.Digraph, points: Sequence[str], report: int) -> None:
        """Declares the spine points level with the report's block in ``graph``: the first
        branches to the report; invisible edges keep the others left of the block too."""
        rows = self.layout.rows[report]
        for level, point in enumerate(points):
            graph.node(
                point,
                "",
                shape="point",
                width="0.03",
                color=INK,
                group=self.layout.groups[point],
                **{"class": "spine"},
            )
            with graph.subgraph() as row:
                row.attr(rank="same")
                if level == 0:
                    row.edge(point, _node_name(report))
                elif rows[level]:
                    row.edge(point, rows[level][0], style="invis")

    def _loose(self) -> None:
        """People with neither a manager nor reports drawn here: in columns no taller than the
        tree, in a borderless cluster (a row of them would run off the page)."""
        if not self.loose:
            return
        with self.graph.subgraph(name="cluster_loose") as cluster:
            cluster.attr(label="", peripheries="0", margin="2")
            self._columns(cluster, self.loose)

    def _columns(self, cluster: graphviz.Digraph, people: Sequence[int]) -> None:
        for i in people:
            self._contact_node(cluster, i)
        height = max(1, self.fit.budget)
        for start in range(0, len(people), height):
            column = people[start : start + height]
            for upper, lower in pairwise(column):
                cluster.edge(_node_name(upper), _node_name(lower), style="invis")

    def _externals(self) -> None:
        """External people in their own cluster, in columns no taller than the tree; or, in
        an overview, one box that counts them."""
        externals, more = self.people.externals, self.drawing.more_external
        if not externals and not more:
            return
        with self.graph.subgraph(name="cluster_external") as cluster:
            cluster.attr(
                label=_html_title(self.labels.external),
                style="rounded,dashed",
                color=GREY_INK,
                margin="6",
                **{"class": "external"},
            )
            if externals:
                self._columns(cluster, externals)
            else:
                cluster.node(
                    _MORE_NODE,
                    html_table(more_external_rows(self.people, more, self.labels)),
                    style="rounded,dashed",
                    color=GREY_INK,
                    **{"class": "external-summary collapsed"},
                )
        self._external_reporting()

    def _external_reporting(self) -> None:
        contacts, index, shown = self.people.contacts, self.people.index, self.people.shown
        for i in self.people.externals:
            boss = index.get(contacts[i].reports_to or "")
            if boss is not None and boss != i and boss in shown:
                self.graph.edge(_node_name(boss), _node_name(i), constraint="false", weight="0")
        for i in self.people.internal:
            boss = index.get(contacts[i].reports_to or "")
            if boss is not None and boss != i and boss in shown and i not in self.people.parent:
                self.graph.edge(_node_name(boss), _node_name(i), constraint="false", weight="0")

    def _dotted_lines(self) -> None:
        shown = self.people.shown
        for i in sorted(shown):
            for boss_id in self.people.contacts[i].also_reports_to:
                boss = self.people.index.get(boss_id)
                if boss is None or boss == i or boss not in shown:
                    continue
                self.graph.edge(
                    _node_name(boss),
                    _node_name(i),
                    style="dotted",
                    constraint="false",
                    weight="0",
                    **{"class": "dotted-line"},
                )

    def _influence(self) -> None:
        shown = self.people.shown
        for link in self.account.influence:
            source = self.people.index.get(link.source)
            target = self.people.index.get(link.target)
            if source is None or target is None or source == target:
                continue
            if source not in shown or target not in shown:
                continue
            strength = link.strength if link.strength in STRENGTH_PENWIDTH else "medium"
            width = STRENGTH_PENWIDTH[strength]
            self.graph.edge(
                _node_name(source),
                _node_name(target),
                style="dashed",
                color=LINK_COLOUR,
                penwidth=f"{width:g}",
                arrowhead="vee",
                arrowsize="0.6",
                constraint="false",
                weight="0",
                **{"class": f"influence strength-{strength}"},
            )


def _new_graph() -> graphviz.Digraph:
    return graphviz.Digraph(
        "orgchart",
        graph_attr={
            "rankdir": "TB",
            "splines": "true",
            "nodesep": "0.12",
            "ranksep": f"{(COMB_GAP_PT + BORDER_PT) / 72:.3f}",
            "newrank": "true",
            "outputorder": "edgesfirst",
            "fontname": FONT,
            "fontsize": f"{FONT_SIZE:g}",
            "pad": "0.05",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": FONT,
            "fontsize": f"{FONT_SIZE:g}",
            "margin": ",".join(f"{m / 72:g}" for m in NODE_MARGIN_PT),
            "color": INK,
            "fillcolor": "white",
        },
        edge_attr={"arrowhead": "none", "color": INK, "penwidth": "1", "class": "reports"},
    )


def _html_title(text: str) -> str:
    return f"<<B>{escape_html(text)}</B>>"
