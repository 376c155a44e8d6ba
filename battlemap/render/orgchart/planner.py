"""The layout plan: each manager's reports cut into columns, for the largest print scale.

The plan is chosen from estimated label widths before dot runs (dot then places the nodes).

Why not dot's natural tree: a 60-person org chart laid out top to bottom is 2600-3400 pt
wide and prints at a quarter of its size. Printed org charts stack people vertically, and so
does this one. Each manager's reports (people without reports of their own first) are cut
into *columns*: a column of one report hangs straight below the manager; a longer column is
a *comb*, a vertical spine from the manager with a short branch to each report, and a report
who is a manager brings their whole block along (an indented outline). One column of
everyone is the tallest, narrowest layout; one column per report the flattest, widest.

A small dynamic programme chooses the cuts: for every block and every height in ranks it
keeps the narrowest layout (from estimated label widths), and the height is then chosen for
the largest scale on the target page (A4 landscape by default; pass ``page`` for another
area)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from math import ceil, inf

from battlemap.render.orgchart.people import MAX_DEPTH, People

# Layout estimates, in points, used only to choose spread or stacked (dot places the nodes).
ROW_PT = 55.0  # one rank: a three-line node (style.py: spacers and margins) plus ranksep
GAP_PT = 9.0  # nodesep
_BRANCH_PT = 12.0  # from a spine to the box hanging off it
PAD_PT = 17.0  # a node's horizontal margins and border
_CLUSTER_PT = 18.0  # a cluster's margins and label
TITLE_PT = 24.0  # the external people's cluster: its title and margins
MORE_ROW_PT = 12.0  # the "+N" line of a collapsed manager (the ranks they sit in grow)


@dataclass
class Plan:
    """Each manager's reports in columns (each column top to bottom), and the height in ranks
    of each person's block."""

    columns: dict[int, list[list[int]]] = field(default_factory=dict)
    height: dict[int, int] = field(default_factory=dict)


def _report_order(people: People, manager: int) -> list[int]:
    """A manager's reports as laid out: people without reports first, then the sub-managers
    (each group in file order), so that short branches come before whole blocks."""
    kids = people.children[manager]
    return [k for k in kids if not people.children[k]] + [k for k in kids if people.children[k]]


MAX_RANKS = 2 * MAX_DEPTH
"""The tallest layout considered, in ranks: every tree fits (it is at most MAX_DEPTH deep),
and anything taller would not fit a page at a readable scale anyway."""

_MAX_RUN = 16
"""The most reports in one column (bounds the planner's work for very flat organisations)."""


class Planner:
    """For every block and every height budget, the narrowest layout (the dynamic programme
    described at the top of this module): a manager's reports, in order, are cut into
    columns; a column of one report hangs straight below the manager, a longer column is a
    spine with each report's block hung off it."""

    def __init__(self, people: People, widths: Mapping[int, float], most: int) -> None:
        self.people = people
        self.widths = widths
        self.limit = max(1, min(len(widths), most))
        self.table: dict[int, list[float]] = {}
        self.cuts: dict[int, list[tuple[int, ...]]] = {}
        for root in people.roots:
            self._solve(root)

    def _solve(self, node: int) -> None:
        kids = _report_order(self.people, node)
        for kid in kids:
            self._solve(kid)
        own = self.widths[node]
        self.table[node] = [inf] + [own] * self.limit
        self.cuts[node] = [()] * (self.limit + 1)
        if not kids:
            return
        runs = self._runs(kids)
        self.table[node][1] = inf
        for h in range(2, self.limit + 1):
            width, cuts = _partition(len(kids), runs, h - 1)
            self.table[node][h] = max(own, width)
            self.cuts[node][h] = cuts

    def _runs(self, kids: Sequence[int]) -> dict[tuple[int, int], list[float]]:
        """The width of every column kids[i:j] for every height budget."""
        runs: dict[tuple[int, int], list[float]] = {}
        for i, kid in enumerate(kids):
            runs[i, i + 1] = self.table[kid]
            for j in range(i + 2, min(len(kids), i + _MAX_RUN) + 1):
                profile = _stack_profile([self.table[k] for k in kids[i:j]], self.limit)
                runs[i, j] = [_BRANCH_PT + w for w in profile]
        return runs

    def plan(self, budget: int) -> Plan:
        """The layout of every tree within ``budget`` ranks."""
        plan = Plan()
        for root in self.people.roots:
            self._assign(root, budget, plan)
        return plan

    def _assign(self, node: int, budget: int, plan: Plan) -> int:
        kids = _report_order(self.people, node)
        if not kids:
            plan.height[node] = 1
            return 1
        cuts = self.cuts[node][budget]
        columns = [kids[a:b] for a, b in pairwise(cuts)]
        plan.columns[node] = columns
        tallest = 0
        for column in columns:
            budgets = _stack_heights([self.table[k] for k in column], budget - 1)
            used = sum(self._assign(k, b, plan) for k, b in zip(column, budgets, strict=True))
            tallest = max(tallest, used)
        plan.height[node] = tallest + 1
        return tallest + 1


def _partition(
    count: int, runs: Mapping[tuple[int, int], Sequence[float]], budget: int
) -> tuple[float, tuple[int, ...]]:
    """The narrowest cut of ``count`` reports into columns within ``budget`` ranks: (width,
    cut positions from 0 to count)."""
    best: list[float] = [0.0] + [inf] * count
    back = [0] * (count + 1)
    for j in range(1, count + 1):
        for i in range(max(0, j - _MAX_RUN), j):
            width = best[i] + runs[i, j][budget] + (GAP_PT if i else 0.0)
            if width < best[j]:
                best[j], back[j] = width, i
    cuts = [count]
    while cuts[-1] > 0:
        cuts.append(back[cuts[-1]])
    return best[count], tuple(reversed(cuts))


def _stack_steps(tables: Sequence[Sequence[float]]) -> Iterator[tuple[int, float, list[int]]]:
    """Blocks hung one below the other: yields (total height, widest block, heights) as the
    widest block is given more height, step by step. Greedy on the widest block is optimal:
    the maximum can only drop if that block gets narrower."""
    heights = [next(h for h, w in enumerate(t) if w < inf) for t in tables]
    while True:
        widths = [t[h] for t, h in zip(tables, heights, strict=True)]
        widest = max(widths)
        yield sum(heights), widest, list(heights)
        i = widths.index(widest)
        table = tables[i]
        nxt = next((h for h in range(heights[i] + 1, len(table)) if table[h] < widest), None)
        if nxt is None:
            return
        heights[i] = nxt


def _stack_profile(tables: Sequence[Sequence[float]], limit: int) -> list[float]:
    """The widest block for every total height 0..limit."""
    profile = [inf] * (limit + 1)
    for used, widest, _ in _stack_steps(tables):
        if used > limit:
            break
        for h in range(used, limit + 1):
            profile[h] = widest
    return profile


def _stack_heights(tables: Sequence[Sequence[float]], budget: int) -> list[int]:
    """The height budget of each stacked block within ``budget`` ranks."""
    best: list[int] = []
    for used, _, heights in _stack_steps(tables):
        if used > budget and best:
            break
        best = heights
    return best


# ---- Choosing the budget ---------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    budget: int
    width: float
    height: float

    def scale(self, page: tuple[float, float]) -> float:
        return min(page[0] / self.width, page[1] / self.height)


def best_fit(
    planner: Planner,
    side: Sequence[Sequence[float]],
    page: tuple[float, float],
    row: float = ROW_PT,
    extra: float = 0.0,
) -> Fit:
    """The rank budget that gives the chart the largest scale on the page (never above 1: a
    chart that fits at full size gains nothing from more room); at equal scale, the smallest
    chart. ``side`` holds groups of boxes stacked in columns at most ``budget`` high beside
    the trees (people with neither manager nor reports; the externals); ``row`` is the height
    of a rank and ``extra`` the height of a cluster's title."""
    best = Fit(1, 1.0, 1.0)
    best_key = (-1.0, 0, 0)
    for budget in range(1, planner.limit + 1):
        fit = _fit(planner, side, budget, row, extra)
        if fit is None:
            continue
        key = (round(min(fit.scale(page), 1.0), 2), -round(fit.width * fit.height), -budget)
        if key > best_key:
            best, best_key = fit, key
    return best


def _fit(
    planner: Planner, side: Sequence[Sequence[float]], budget: int, row: float, extra: float
) -> Fit | None:
    people = planner.people
    trees = [planner.table[r][budget] for r in people.roots if people.children[r]]
    if any(w == inf for w in trees):
        return None
    width = sum(trees) + GAP_PT * max(0, len(trees) - 1)
    for group in (g for g in side if g):
        columns = ceil(len(group) / budget)
        width += (GAP_PT if width else 0.0) + _CLUSTER_PT + columns * (max(group) + GAP_PT)
    return Fit(budget, max(width, 1.0), budget * row + extra)
