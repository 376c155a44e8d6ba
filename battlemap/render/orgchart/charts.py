"""Which charts to draw: the whole one, or an overview and the whole or its parts.

Big organisations (``org_charts``): a chart must print at ``LEGIBLE_SCALE`` (10 pt names at
7 pt) or larger on page one, and at ``PAGE_SCALE`` (9 pt) or larger on a page of its own.
When the whole chart would not on page one, page one gets an overview of the top levels
(managers whose people are left out carry a "+N" badge) and the whole chart follows on a
page of its own; when not even a page holds it that large, the departments (the block under
each of the top person's reports, split again below its head when still too big), a few to
a page. Every contact is in at least one chart. Which charts to draw is decided from the
planner's size estimates (within about 3 % of dot's; pages are planned with that margin,
``PAGE_SLACK``), so ``dot`` runs once per chart drawn."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from battlemap.model import Account
from battlemap.render.orgchart.boxes import Row, above_row, label_rows, more_row
from battlemap.render.orgchart.dot import Builder, Drawing
from battlemap.render.orgchart.labels import OrgChartLabels
from battlemap.render.orgchart.measure import clip
from battlemap.render.orgchart.people import below, people_of, scope
from battlemap.render.orgchart.planner import ROW_PT
from battlemap.render.orgchart.style import LEGIBLE_SCALE, PAGE_SCALE

PAGE_PT = (800.0, 500.0)
"""The chart area of an A4 landscape page (842 x 595 pt less margins and the header)."""
PAGE_SLACK = 0.03
"""The planner's estimates are within about 3 % of dot's size: pages are planned to print at
``PAGE_SCALE`` plus this, so that they come out at ``PAGE_SCALE`` or larger from the first
run of dot."""
OVERVIEW_LEVELS = 3
"""An overview shows at most the top three levels of the reporting forest."""


@dataclass(frozen=True)
class Chart:
    """One chart: its DOT source and what it draws (positions in ``account.contacts``).

    ``kind`` is ``whole`` (everyone), ``overview`` (the top ``levels`` of the reporting
    forest, ``collapsed`` managers with a "+N" badge, externals counted in one box) or
    ``part`` (the people under ``heads``, all of them or with some ``collapsed`` managers
    charted on later pages; ``continued`` when the previous page showed the same head)."""

    kind: str
    dot: str
    people: tuple[int, ...]
    collapsed: tuple[int, ...] = ()
    heads: tuple[int, ...] = ()
    levels: int = 0
    continued: bool = False
    scale: float = 1.0
    """The print scale estimated from label widths in the area it was laid out for."""


@dataclass(frozen=True)
class ChartSet:
    """Page one's chart, and the charts that follow it, each on a page of its own."""

    front: Chart
    pages: tuple[Chart, ...] = ()

    @property
    def charts(self) -> tuple[Chart, ...]:
        return (self.front, *self.pages)


def org_charts(
    account: Account,
    labels: OrgChartLabels,
    front: tuple[float, float] = PAGE_PT,
    overview_front: tuple[float, float] | None = None,
    page: tuple[float, float] = PAGE_PT,
    *,
    overview: bool = False,
    split: bool = False,
    levels: int = OVERVIEW_LEVELS,
    slack: float = PAGE_SLACK,
) -> ChartSet:
    """The charts of an account, laid out for their boxes (in points): the whole chart on page
    one (box ``front``) when it prints there at ``LEGIBLE_SCALE`` or larger; else an
    overview of at most ``levels`` levels on page one (box ``overview_front``, by default
    ``front``) and, on pages of their own (box ``page``), the whole chart when it prints
    there at ``PAGE_SCALE`` + ``slack`` or larger, else its departments (each block under a
    top person; neighbours share a page when they fit, a block too big for a page is split
    again below its head). Everyone is in at least one chart. ``overview`` and ``split``
    force those steps, and a larger ``slack`` plans the pages with more margin (for charts
    that came out bigger than estimated)."""
    charts = _Charts(account, labels)
    everyone = charts.drawing(charts.people.shown)
    if not account.contacts or (not overview and charts.estimate(everyone, front) >= LEGIBLE_SCALE):
        return ChartSet(charts.chart("whole", everyone, front))
    first = charts.overview(overview_front or front, levels)
    least = PAGE_SCALE + slack
    if not split and charts.estimate(everyone, page, least) >= least:
        return ChartSet(first, (charts.chart("whole", everyone, page),))
    return ChartSet(first, tuple(charts.parts(page, least)))


@dataclass(frozen=True)
class _Unit:
    """People charted together: ``heads`` and everyone under them; ``top``: the top person
    above them, drawn too (so the pages chart everyone and each page shows whom its
    department reports to)."""

    heads: tuple[int, ...]
    people: tuple[int, ...]
    top: tuple[int, ...] = ()


class _Charts:
    """Chooses and writes the charts of one account."""

    def __init__(self, account: Account, labels: OrgChartLabels) -> None:
        self.account = account
        self.labels = labels
        self.people = people_of(account)
        owners = {member.id: member.name for member in account.team}
        self.rows = {i: label_rows(c, labels, owners) for i, c in enumerate(account.contacts)}
        self.depth: dict[int, int] = {}
        for root in self.people.roots:
            self.depth[root] = 0
            for kid in below(self.people, root):
                self.depth[kid] = self.depth[self.people.parent[kid]] + 1
        self.area: tuple[float, float] = PAGE_PT
        self.least = PAGE_SCALE
        """The least scale of a page being planned (``parts``)."""
        self._packed: dict[tuple[tuple[_Unit, ...], tuple[float, float], float], float] = {}
        """Estimates of departments packed on a page: finding the pages asks for each run
        more than once (a department alone, then with its neighbours)."""

    def drawing(
        self,
        shown: Collection[int],
        collapsed: Collection[int] = (),
        more_external: Sequence[int] = (),
        above: bool = False,
    ) -> Drawing:
        """``shown`` with ``collapsed`` managers "+N"; with ``above``, each top person whose
        manager is not shown says who that is."""
        people = scope(self.people, shown)
        rows: dict[int, Sequence[Row]] = {}
        for i in (*people.internal, *people.externals):
            extra = []
            if above and i in self.people.parent and i not in people.parent:
                extra.append(above_row(self.people, i))
            if i in collapsed:
                extra.append(more_row(self.people, i, below(self.people, i), self.labels))
            rows[i] = [*self.rows[i], *extra]
        return Drawing(people, rows, frozenset(collapsed), tuple(more_external))

    def estimate(
        self, drawing: Drawing, area: tuple[float, float], least: float = LEGIBLE_SCALE
    ) -> float:
        """The estimated print scale of ``drawing`` in ``area``, exact enough to compare with
        ``least``: layouts of more ranks than could print at ``least`` there are not tried
        (the planner's work grows with the ranks)."""
        most = int(area[1] / (least * ROW_PT)) + 1
        fit = Builder(self.account, drawing, self.labels, most).estimate(area)
        return min(fit.scale(area), 1.0)

    def fits(self, drawing: Drawing) -> bool:
        return self.estimate(drawing, self.area, self.least) >= self.least

    def packed_scale(self, units: Sequence[_Unit]) -> float:
        """The estimated scale of ``units`` packed on one page of the plan's area."""
        key = (tuple(units), self.area, self.least)
        if key not in self._packed:
            self._packed[key] = self.estimate(self._pack(units), self.area, self.least)
        return self._packed[key]

    def chart(self, kind: str, drawing: Drawing, area: tuple[float, float], **how: Any) -> Chart:
        builder = Builder(self.account, drawing, self.labels)
        dot = builder.build(area)
        shown = tuple(sorted(drawing.people.shown))
        collapsed = tuple(sorted(drawing.collapsed))
        scale = min(builder.fit.scale(area), 1.0)
        return Chart(kind, dot, shown, collapsed, scale=scale, **how)

    # -- the overview

    def overview(self, area: tuple[float, float], most: int = OVERVIEW_LEVELS) -> Chart:
        """The top levels that print legibly in ``area``, at most ``most`` and at least one
        (when even that is too big, the fewest levels); the external people drawn in full
        when they fit too, else counted in one box."""
        deepest = max(self.depth.values(), default=0)
        found: tuple[int, Drawing] | None = None
        for levels in range(max(1, min(most, deepest)), 0, -1):
            for full in (True, False) if self.people.externals else (False,):
                found = (levels, self._top(levels, full))
                if self.estimate(found[1], area) >= LEGIBLE_SCALE:
                    return self.chart("overview", found[1], area, levels=levels)
        assert found is not None
        return self.chart("overview", found[1], area, levels=found[0])

    def _top(self, levels: int, externals: bool) -> Drawing:
        shown = [i for i in self.people.internal if self.depth[i] < levels]
        collapsed = [i for i in shown if self.depth[i] == levels - 1 and self.people.children[i]]
        if externals:
            return self.drawing([*shown, *self.people.externals], collapsed)
        return self.drawing(shown, collapsed, self.people.externals)

    # -- the parts

    def parts(self, area: tuple[float, float], least: float) -> list[Chart]:
        """Every department (the block under each report of a top person) on pages that
        print at ``least`` or larger: neighbours that fit share a page (``_shared``), and so
        do the people outside any block (with neither manager nor reports; the externals);
        one that does not fit alone is split again (``_split``). The pages chart everyone,
        the overview or not."""
        self.area, self.least = area, least
        pages: list[Chart] = []
        units = self._units()
        start = 0
        while start < len(units):
            end = start
            while end < len(units) and self.packed_scale([units[end]]) >= self.least:
                end += 1
            if end > start:
                pages += [self._part(group) for group in self._shared(units[start:end])]
                start = end
                continue
            unit = units[start]
            if set(unit.heads) <= set(self.people.externals):  # the externals, even just one
                pages += [self._part([chunk]) for chunk in self._chunks(unit.heads)]
            else:
                pages += self._split(unit.heads[0], unit.top)
            start += 1
        return pages

    def _shared(self, units: Sequence[_Unit]) -> list[Sequence[_Unit]]:
        """``units`` (each fits a page alone), in order, on as few pages as hold them, cut
        where the smallest page prints largest (two pages of 30 rather than one of 45 at the
        limit and one of 15): of the pages filled one after another and those holding about
        as many people each, the cut whose smallest page prints largest (its estimate; every
        page of it must fit), then whose fullest page holds fewest people.

        Why not every cut: a flat organisation has a unit per person, and estimating every
        run of them was quadratic (a manager of 199 reports: 14,726 estimates, minutes);
        filling pages costs O(log n) estimates a page."""
        filled: list[Sequence[_Unit]] = []
        start = 0
        while start < len(units):
            end = _longest(start + 1, len(units), self._packs_from(units, start))
            filled.append(units[start:end])
            start = end
        if len(filled) < 2:
            return filled
        even = _even_cut(units, len(filled))
        cuts = [filled, *([even] if self._smallest(even) >= self.least else [])]
        return max(cuts, key=lambda cut: (self._smallest(cut), -_fullest(cut)))

    def _smallest(self, cut: Sequence[Sequence[_Unit]]) -> float:
        return min(self.packed_scale(group) for group in cut)

    def _packs_from(self, units: Sequence[_Unit], first: int) -> Callable[[int], bool]:
        return lambda end: self.packed_scale(units[first:end]) >= self.least

    def _units(self) -> list[_Unit]:
        units = []
        for root in self.people.roots:
            if not self.people.children[root]:
                units.append(_Unit((root,), (root,)))
            for kid in self.people.children[root]:
                units.append(_Unit((kid,), (kid, *below(self.people, kid)), (root,)))
        if self.people.externals:
            units.append(_Unit(self.people.externals, self.people.externals))
        return units

    def _chunks(self, people: Sequence[int]) -> list[_Unit]:
        """People without reports drawn here, in runs that each fit a page."""
        chunks: list[Sequence[int]] = []

        def fits_from(first: int) -> Callable[[int], bool]:
            return lambda end: self.fits(self.drawing(people[first:end]))

        start = 0
        while start < len(people):
            end = _longest(start + 1, len(people), fits_from(start))
            chunks.append(people[start:end])
            start = end
        return [_Unit(tuple(chunk), tuple(chunk)) for chunk in chunks]

    def _pack(self, units: Sequence[_Unit]) -> Drawing:
        tops = dict.fromkeys(t for u in units for t in u.top)
        return self.drawing([*tops, *(i for u in units for i in u.people)], above=True)

    def _part(self, units: Sequence[_Unit]) -> Chart:
        heads = tuple(h for u in units for h in u.heads)
        return self.chart("part", self._pack(units), self.area, heads=heads)

    def _split(self, head: int, top: tuple[int, ...] = ()) -> list[Chart]:
        """``head`` (below ``top``) and their reports, each with everyone under them while
        that fits, else collapsed ("+N") and split again on later pages; when the reports
        alone overflow a page, they continue on the next page under ``head`` again."""
        kids = self.people.children[head]
        pages: list[Chart] = []
        later: list[int] = []
        chosen: list[tuple[int, bool]] = []
        start = 0
        while start < len(kids):
            end = self._most(head, top, chosen, kids, start)
            if end > start:
                chosen += [(kid, True) for kid in kids[start:end]]
                start = end
                continue
            kid = kids[start]
            collapsed = self._branch(head, top, [*chosen, (kid, False)])
            if self.people.children[kid] and self.fits(collapsed):
                chosen.append((kid, False))
            elif chosen:  # the page is full: the next one starts with this report
                pages.append(self._branch_chart(head, top, chosen, continued=bool(pages)))
                chosen = []
                continue
            else:  # too big even alone on a page: the best there is
                chosen.append((kid, not self.people.children[kid]))
            if not chosen[-1][1]:
                later.append(kid)
            start += 1
        pages.append(self._branch_chart(head, top, chosen, continued=bool(pages)))
        for kid in later:
            unit = _Unit((kid,), (kid, *below(self.people, kid)))
            if self.packed_scale([unit]) >= self.least:
                pages.append(self._part([unit]))
            else:
                pages += self._split(kid)
        return pages

    def _most(
        self,
        head: int,
        top: tuple[int, ...],
        chosen: Sequence[tuple[int, bool]],
        kids: Sequence[int],
        start: int,
    ) -> int:
        """The largest ``end`` such that ``kids[start:end]``, each with everyone under them,
        fit on the page after ``chosen`` (``start`` when not even one does)."""

        def fits(end: int) -> bool:
            more = [(kid, True) for kid in kids[start:end]]
            return self.fits(self._branch(head, top, [*chosen, *more]))

        return _longest(start, len(kids), fits)

    def _branch(
        self, head: int, top: tuple[int, ...], chosen: Sequence[tuple[int, bool]]
    ) -> Drawing:
        shown = [*top, head]
        for kid, expand in chosen:
            shown += [kid, *below(self.people, kid)] if expand else [kid]
        collapsed = [kid for kid, expand in chosen if not expand]
        return self.drawing(shown, collapsed, above=True)

    def _branch_chart(
        self,
        head: int,
        top: tuple[int, ...],
        chosen: Sequence[tuple[int, bool]],
        continued: bool,
    ) -> Chart:
        drawing = self._branch(head, top, chosen)
        return self.chart("part", drawing, self.area, heads=(head,), continued=continued)


def _fullest(cut: Sequence[Sequence[_Unit]]) -> int:
    return max(sum(len(unit.people) for unit in group) for group in cut)


def _even_cut(units: Sequence[_Unit], pages: int) -> list[Sequence[_Unit]]:
    """``units`` in order on at most ``pages`` pages, with as few people on the fullest page
    as can be (the least such count found by halving, then pages filled up to it)."""
    sizes = [len(unit.people) for unit in units]
    least, most = max(sizes), sum(sizes)
    while least < most:
        middle = (least + most) // 2
        if len(_filled_up_to(sizes, middle)) <= pages:
            most = middle
        else:
            least = middle + 1
    ends = _filled_up_to(sizes, least)
    return [units[a:b] for a, b in pairwise([0, *ends])]


def _filled_up_to(sizes: Sequence[int], most: int) -> list[int]:
    """Where each page ends when pages are filled in order with at most ``most`` people."""
    ends: list[int] = []
    held = 0
    for index, size in enumerate(sizes):
        if held and held + size > most:
            ends.append(index)
            held = 0
        held += size
    return [*ends, len(sizes)]


def _longest(good: int, most: int, fits: Callable[[int], bool]) -> int:
    """The largest ``end`` up to ``most`` with ``fits(end)``, given that ``fits(good)`` (a
    page holds fewer people, not more, as people are added): tries ``good`` + 1, 2, 4...,
    then halves the gap, so packing n people costs O(log n) estimates, not n."""
    step = 1
    while good < most:
        end = min(most, good + step)
        if not fits(end):
            bad = end
            break
        good, step = end, step * 2
    else:
        return good
    while bad - good > 1:
        middle = (good + bad) // 2
        good, bad = (middle, bad) if fits(middle) else (good, middle)
    return good


def chart_name(account: Account, chart: Chart, labels: OrgChartLabels) -> str:
    """What a part covers, for its heading: the department and name of its top person; for
    several, their departments (the externals' title for external people), else the first
    and last of them."""
    heads = [account.contacts[i] for i in chart.heads]
    if len(heads) == 1 and not heads[0].external:
        head = heads[0]
        who = clip(head.label, 24)
        return f"{clip(head.department, 30)} · {who}" if head.department else who
    names = dict.fromkeys(clip(c.department, 30) for c in heads if c.department and not c.external)
    if any(c.external for c in heads):
        names[labels.external] = None
    if not names and heads:
        return f"{clip(heads[0].label, 24)} – {clip(heads[-1].label, 24)}"
    return clip(labels.list_sep.join(names), 80)


def org_chart_dot(
    account: Account, labels: OrgChartLabels, page: tuple[float, float] = PAGE_PT
) -> str:
    """The DOT source of the whole chart, everyone in it, laid out for ``page`` (points): the
    same account and labels always give the same text."""
    charts = _Charts(account, labels)
    return Builder(account, charts.drawing(charts.people.shown), labels).build(page)
