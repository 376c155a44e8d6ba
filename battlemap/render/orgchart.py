"""The org chart: DOT source built from the account, SVG from Graphviz's ``dot``.

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
area). dot still does the placement, held to the plan by:
- a borderless cluster per block and per comb column, so that nothing interleaves;
- spines made of tiny point nodes, one per rank, kept straight by ``group`` and level with
  each report by ``rank=same``; the points beside a report's block sit in its cluster, with
  invisible edges, so that the block always lies right of the spine.
Influence and dotted-line edges have ``constraint=false`` and ``weight=0``: they set no
ranks and pull on no positions. The legend sits level with the top person, where a tree
leaves room. Lines are ``splines=polyline``: ``ortho`` aborts dot 2.43 (an assertion in
maze.c) on these layouts.

Safety: contact texts only ever reach DOT through ``escape_html`` inside HTML-like labels,
and nodes are named ``c0``, ``c1``... by position, never by contact id or name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from math import ceil, inf

import graphviz

from battlemap.model import Account, Contact

__all__ = [
    "ORG_CHART_LABELS",
    "DotFailed",
    "OrgChartLabels",
    "ToolMissing",
    "escape_html",
    "org_chart_dot",
    "render_svg",
    "svg_size_pt",
]

FONT = "Noto Sans CJK SC,WenQuanYi Micro Hei,PingFang SC,Microsoft YaHei,sans-serif"
"""A family list: fontconfig (in dot) and browsers both take the first one installed."""
FONT_SIZE = 10.0
SMALL_SIZE = 8.0
PAGE_PT = (800.0, 500.0)
"""The chart area of an A4 landscape page (842 x 595 pt less margins and the header)."""

# Layout estimates, in points, used only to choose spread or stacked (dot places the nodes).
_ROW_PT = 52.0  # one rank: a three-line node plus ranksep
_GAP_PT = 9.0  # nodesep
_BRANCH_PT = 12.0  # from a spine to the box hanging off it
_PAD_PT = 12.0  # a node's horizontal margins and border
_CLUSTER_PT = 18.0  # a cluster's margins and label

INK = "#333333"
GREY_INK = "#7A7A7A"
GREY_FILL = "#EDEDED"
LINK_COLOUR = "#0072B2"  # Okabe-Ito blue: influence links, distinct from reporting lines

STANCE_STYLES: Mapping[str, tuple[str, str]] = {
    # stance: (fill, symbol). Light tints of the Okabe-Ito palette (colour-blind safe), plus a
    # symbol so that the stance also reads in black and white.
    "champion": ("#8FD6C1", "++"),  # bluish green #009E73
    "supporter": ("#C6E6F7", "+"),  # sky blue #56B4E9
    "neutral": ("#E3E3E3", "○"),
    "skeptic": ("#F6D89B", "−"),  # orange #E69F00
    "opponent": ("#F2AC8C", "−−"),  # vermillion #D55E00
    "unknown": ("#FFFFFF", "?"),
}
INFLUENCE_PENWIDTH: Mapping[str, float] = {"high": 3.0, "medium": 1.5, "low": 0.8}
STRENGTH_PENWIDTH: Mapping[str, float] = {"strong": 2.5, "medium": 1.5, "weak": 0.8}
ROLE_ORDER = (
    "decision_maker",
    "technical_buyer",
    "user",
    "influencer",
    "coach",
    "gatekeeper",
    "procurement",
)


@dataclass(frozen=True)
class OrgChartLabels:
    """The display texts of the chart in one language (the caller may fill it from the
    playbook's labels)."""

    role_badges: Mapping[str, str]
    roles: Mapping[str, str]
    stances: Mapping[str, str]
    departed: str
    vacant: str
    external: str
    owner_prefix: str
    owner: str
    legend: str
    reports_to: str
    dotted_line: str
    influence_link: str
    border: str


ORG_CHART_LABELS: Mapping[str, OrgChartLabels] = {
    "zh": OrgChartLabels(
        role_badges={
            "decision_maker": "决",
            "technical_buyer": "技",
            "user": "用",
            "influencer": "影",
            "coach": "教",
            "gatekeeper": "守",
            "procurement": "采",
        },
        roles={
            "decision_maker": "决策者",
            "technical_buyer": "技术把关者",
            "user": "使用者",
            "influencer": "影响者",
            "coach": "教练",
            "gatekeeper": "守门人",
            "procurement": "采购",
        },
        stances={
            "champion": "拥护者",
            "supporter": "支持者",
            "neutral": "中立",
            "skeptic": "怀疑者",
            "opponent": "反对者",
            "unknown": "未知",
        },
        departed="已离职",
        vacant="空缺职位",
        external="外部人员",
        owner_prefix="▸",
        owner="我方负责人",
        legend="图例",
        reports_to="直线汇报",
        dotted_line="虚线汇报",
        influence_link="影响（线越粗越强）",
        border="边框越粗，影响力越大",
    ),
    "en": OrgChartLabels(
        role_badges={
            "decision_maker": "DM",
            "technical_buyer": "TB",
            "user": "U",
            "influencer": "I",
            "coach": "C",
            "gatekeeper": "G",
            "procurement": "P",
        },
        roles={
            "decision_maker": "Decision maker",
            "technical_buyer": "Technical buyer",
            "user": "User",
            "influencer": "Influencer",
            "coach": "Coach",
            "gatekeeper": "Gatekeeper",
            "procurement": "Procurement",
        },
        stances={
            "champion": "Champion",
            "supporter": "Supporter",
            "neutral": "Neutral",
            "skeptic": "Skeptic",
            "opponent": "Opponent",
            "unknown": "Unknown",
        },
        departed="departed",
        vacant="vacant position",
        external="External",
        owner_prefix="▸",
        owner="our relationship owner",
        legend="Legend",
        reports_to="reports to",
        dotted_line="dotted-line manager",
        influence_link="influences (thicker = stronger)",
        border="thicker border = more influence",
    ),
}


class ToolMissing(RuntimeError):
    """Graphviz's ``dot`` is not installed."""


class DotFailed(RuntimeError):
    """``dot`` ran but failed or timed out (a bug in the DOT we wrote, or a stuck process)."""


# ---- Text ------------------------------------------------------------------------------------

_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}


def escape_html(text: str) -> str:
    """Text for an HTML-like Graphviz label: markup characters as entities, controls and line
    breaks as spaces, and backslashes doubled, because dot still expands ``\\N``, ``\\G``...
    inside HTML-like labels (even when written ``&#92;N``); ``\\\\`` is a literal backslash."""
    cleaned = "".join(" " if _is_control(ch) else ch for ch in text)
    cleaned = cleaned.replace("\\", "\\\\")
    return "".join(_HTML_ESCAPES.get(ch, ch) for ch in cleaned)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in {"Cc", "Cs", "Cn", "Zl", "Zp"}


def _char_ems(ch: str) -> float:
    """A character's width in ems (rough: CJK full width, Latin about half)."""
    if unicodedata.east_asian_width(ch) in {"W", "F"}:
        return 1.0
    if ch in "iljtfrI.,;:'|!()[] -":
        return 0.33
    if ch.isupper() or ch in "mw":
        return 0.68
    return 0.55


def _ems(text: str) -> float:
    return sum(map(_char_ems, text))


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in points of ``text`` at ``size`` (within about 7 % of dot's own
    measure with Noto Sans CJK, checked on the examples)."""
    return _ems(text) * size * (1.06 if bold else 1.0)


def clip(text: str, ems: float) -> str:
    """``text`` cut to about ``ems`` em with an ellipsis, so one long value cannot widen the
    whole chart (the full text is in the report's tables)."""
    text = " ".join(text.split())
    if _ems(text) <= ems:
        return text
    kept: list[str] = []
    used = 0.0
    for ch in text:
        used += _char_ems(ch)
        if used > ems - 0.6:
            break
        kept.append(ch)
    return "".join(kept).rstrip() + "…"


def wrap(text: str, ems: float, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``ems`` em, broken between words (inside
    a word longer than a line, e.g. CJK text); the last line takes the rest, clipped."""
    out: list[str] = []
    current = ""
    for piece in (p for word in text.split() for p in _pieces(word, ems)):
        joined = f"{current} {piece}" if current else piece
        if current and _ems(joined) > ems and len(out) < lines - 1:
            out.append(current)
            joined = piece
        current = joined
    out.append(current)
    return [clip(line, ems) for line in out if line] or [""]


def _pieces(word: str, ems: float) -> list[str]:
    """A word cut into pieces no wider than ``ems``."""
    pieces = [""]
    for ch in word:
        if pieces[-1] and _ems(pieces[-1] + ch) > ems:
            pieces.append("")
        pieces[-1] += ch
    return pieces


# ---- Node labels -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
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
class _Row:
    """One line of a node's label, made of runs of text."""

    runs: tuple[_Line, ...]

    def html(self) -> str:
        return "<TR><TD>" + "".join(run.html() for run in self.runs) + "</TD></TR>"

    def width(self) -> float:
        return sum(run.width() for run in self.runs)


def _label_rows(contact: Contact, labels: OrgChartLabels, owners: Mapping[str, str]) -> list[_Row]:
    """A person's box: name and stance symbol; title (two lines at most); organisation for
    external people; role badges and our relationship owner; the day a person left."""
    grey = GREY_INK if contact.departed or contact.vacant else None
    if contact.vacant:
        vacant = clip(contact.name or labels.vacant, 20)
        head = _Row((_Line(vacant, FONT_SIZE, italic=True, colour=GREY_INK),))
    else:
        symbol = STANCE_STYLES.get(contact.stance, STANCE_STYLES["unknown"])[1]
        name = _Line(clip(contact.label, 20), FONT_SIZE, bold=True, colour=grey)
        head = _Row((name, _Line(f"  {symbol}", FONT_SIZE, bold=True, colour=grey)))
    rows = [head]
    for line in wrap(contact.title or "", 24) if contact.title else ():
        rows.append(_Row((_Line(line, colour=grey),)))
    if contact.external and contact.organization:
        rows.append(_Row((_Line(clip(contact.organization, 24), italic=True, colour=grey),)))
    rows.append(_badge_row(contact, labels, owners, grey))
    if contact.departed:
        text = f"{labels.departed} {contact.departed.isoformat()}"
        rows.append(_Row((_Line(text, italic=True, colour=grey),)))
    return [row for row in rows if row.runs]


def _badge_row(
    contact: Contact, labels: OrgChartLabels, owners: Mapping[str, str], grey: str | None
) -> _Row:
    badges = " ".join(labels.role_badges.get(role, role) for role in _sorted_roles(contact.roles))
    runs: list[_Line] = []
    if badges:
        runs.append(_Line(badges, bold=True, colour=grey))
    owner = owners.get(contact.owner or "")
    if owner:
        gap = "  " if runs else ""
        runs.append(_Line(f"{gap}{labels.owner_prefix} {clip(owner, 14)}", colour=grey or INK))
    return _Row(tuple(runs))


def _sorted_roles(roles: Sequence[str]) -> list[str]:
    rank = {role: index for index, role in enumerate(ROLE_ORDER)}
    return sorted(dict.fromkeys(roles), key=lambda role: (rank.get(role, len(rank)), role))


def _html_table(rows: Sequence[_Row]) -> str:
    body = "".join(row.html() for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>>'


def _node_style(contact: Contact) -> dict[str, str]:
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


# ---- The people as a forest ------------------------------------------------------------------


@dataclass(frozen=True)
class _People:
    """Contacts by position (ids may repeat in a broken file), with the reporting forest of the
    internal ones; cycles and over-deep chains are cut so the layout always sees a forest of
    bounded depth."""

    contacts: tuple[Contact, ...]
    index: Mapping[str, int]
    parent: Mapping[int, int]
    children: Mapping[int, tuple[int, ...]]
    roots: tuple[int, ...]
    externals: tuple[int, ...]

    @property
    def internal(self) -> tuple[int, ...]:
        return tuple(i for i, c in enumerate(self.contacts) if not c.external)


def _people(account: Account) -> _People:
    contacts = account.contacts
    index: dict[str, int] = {}
    for position, contact in enumerate(contacts):
        index.setdefault(contact.id, position)
    inside = {i for i, c in enumerate(contacts) if not c.external}
    parent: dict[int, int] = {}
    for i in sorted(inside):
        boss = index.get(contacts[i].reports_to or "")
        if boss is not None and boss in inside and boss != i:
            parent[i] = boss
    _cut_cycles(parent)
    _cut_deep(parent)
    children: dict[int, list[int]] = {i: [] for i in sorted(inside)}
    for i in sorted(parent):
        children[parent[i]].append(i)
    return _People(
        contacts=contacts,
        index=index,
        parent=parent,
        children={k: tuple(v) for k, v in children.items()},
        roots=tuple(i for i in sorted(inside) if i not in parent),
        externals=tuple(i for i, c in enumerate(contacts) if c.external),
    )


def _cut_cycles(parent: dict[int, int]) -> None:
    """Drop one reporting link of every cycle (a checked account has none)."""
    for start in sorted(parent):
        path: set[int] = set()
        node = start
        while node in parent:
            if node in path:
                del parent[node]
                break
            path.add(node)
            node = parent[node]


_MAX_DEPTH = 40
"""Reporting levels drawn as one tree: a deeper chain starts a new tree (its reporting line
still drawn), which keeps the planner's and builder's recursion bounded for any input."""


def _cut_deep(parent: dict[int, int]) -> None:
    depth: dict[int, int] = {}
    for start in sorted(parent):
        path = []
        node = start
        while node not in depth and node in parent:
            path.append(node)
            node = parent[node]
        level = depth.setdefault(node, 0)
        for item in reversed(path):
            level += 1
            if level >= _MAX_DEPTH:
                del parent[item]
                level = 0
            depth[item] = level


# ---- Layout plan -----------------------------------------------------------------------------


@dataclass
class _Plan:
    """Each manager's reports in columns (each column top to bottom), and the height in ranks
    of each person's block."""

    columns: dict[int, list[list[int]]] = field(default_factory=dict)
    height: dict[int, int] = field(default_factory=dict)


def _report_order(people: _People, manager: int) -> list[int]:
    """A manager's reports as laid out: people without reports first, then the sub-managers
    (each group in file order), so that short branches come before whole blocks."""
    kids = people.children[manager]
    return [k for k in kids if not people.children[k]] + [k for k in kids if people.children[k]]


_MAX_RANKS = 2 * _MAX_DEPTH
"""The tallest layout considered, in ranks: every tree fits (it is at most _MAX_DEPTH deep),
and anything taller would not fit a page at a readable scale anyway."""

_MAX_RUN = 16
"""The most reports in one column (bounds the planner's work for very flat organisations)."""


class _Planner:
    """For every block and every height budget, the narrowest layout (the dynamic programme
    described at the top of this module): a manager's reports, in order, are cut into
    columns; a column of one report hangs straight below the manager, a longer column is a
    spine with each report's block hung off it."""

    def __init__(self, people: _People, widths: Mapping[int, float]) -> None:
        self.people = people
        self.widths = widths
        self.limit = max(1, min(len(people.internal), _MAX_RANKS))
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

    def plan(self, budget: int) -> _Plan:
        """The layout of every tree within ``budget`` ranks."""
        plan = _Plan()
        for root in self.people.roots:
            self._assign(root, budget, plan)
        return plan

    def _assign(self, node: int, budget: int, plan: _Plan) -> int:
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
            width = best[i] + runs[i, j][budget] + (_GAP_PT if i else 0.0)
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
class _Fit:
    budget: int
    width: float
    height: float
    legend: _Legend
    host: int | None
    """The root whose block holds the legend beside it (None: the legend stands alone)."""

    def scale(self, page: tuple[float, float]) -> float:
        return min(page[0] / self.width, page[1] / self.height)


def _best_fit(
    planner: _Planner, side: Sequence[float], labels: OrgChartLabels, page: tuple[float, float]
) -> _Fit:
    """The rank budget and legend shape that give the chart the largest scale on the page
    (never above 1: a chart that fits at full size gains nothing from more room); at equal
    scale, the smallest chart. ``side`` holds the widths of the externals
    (stacked in columns at most ``budget`` high)."""
    legends = _legends(labels)
    best: _Fit | None = None
    best_key = (0.0, 0, 0)
    for budget in range(1, planner.limit + 1):
        for legend in legends:
            fit = _fit(planner, side, legend, budget)
            if fit is None:
                break
            key = (round(min(fit.scale(page), 1.0), 2), -round(fit.width * fit.height), -budget)
            if best is None or key > best_key:
                best, best_key = fit, key
    if best is None:
        legend = legends[0]
        return _Fit(1, legend.width, legend.height, legend, None)
    return best


def _fit(planner: _Planner, side: Sequence[float], legend: _Legend, budget: int) -> _Fit | None:
    trees = [planner.table[r][budget] for r in planner.people.roots]
    if any(w == inf for w in trees):
        return None
    width = sum(trees) + _GAP_PT * max(0, len(trees) - 1)
    if side:
        columns = ceil(len(side) / budget)
        width += _GAP_PT + _CLUSTER_PT + columns * (max(side) + _GAP_PT)
    roots = planner.people.roots
    host = max(roots, key=lambda r: (trees[roots.index(r)], -r), default=None)
    room = 0.0
    if host is not None:
        room = planner.table[host][budget] - planner.widths[host] - _GAP_PT
    width += max(0.0, legend.width - room)
    height = budget * _ROW_PT + max(0.0, legend.height - _ROW_PT + 12.0)
    return _Fit(budget, width, height, legend, host)


# ---- DOT -------------------------------------------------------------------------------------


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

    def __init__(self, people: _People, plan: _Plan) -> None:
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


class _Builder:
    """Writes the DOT for one account; every statement in a fixed order (contacts' order)."""

    def __init__(self, account: Account, labels: OrgChartLabels, page: tuple[float, float]):
        self.account = account
        self.labels = labels
        self.people = _people(account)
        owners = {member.id: member.name for member in account.team}
        self.rows = {i: _label_rows(c, labels, owners) for i, c in enumerate(self.people.contacts)}
        widths = {i: max(r.width() for r in rows) + _PAD_PT for i, rows in self.rows.items()}
        self.planner = _Planner(self.people, widths)
        side = [widths[i] for i in self.people.externals]
        self.fit = _best_fit(self.planner, side, labels, page)
        self.plan = self.planner.plan(self.fit.budget)
        self.layout = _Layout(self.people, self.plan)
        self.graph = _new_graph()

    def build(self) -> str:
        for root in self.people.roots:
            self._block(self.graph, root)
        self._externals()
        self._dotted_lines()
        self._influence()
        if self.fit.host is None or not self.people.children[self.fit.host]:
            self._legend(self.graph, self.fit.host)
        return str(self.graph.source)

    def _contact_node(self, graph: graphviz.Digraph, i: int) -> None:
        contact = self.people.contacts[i]
        graph.node(_node_name(i), _html_table(self.rows[i]), **_node_style(contact))

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
            if node == self.fit.host:
                self._legend(box, node)
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

    def _externals(self) -> None:
        """External people in their own cluster, in columns no taller than the tree."""
        externals = self.people.externals
        if not externals:
            return
        height = max(1, self.fit.budget)
        with self.graph.subgraph(name="cluster_external") as cluster:
            cluster.attr(
                label=_html_title(self.labels.external),
                style="rounded,dashed",
                color=GREY_INK,
                margin="6",
                **{"class": "external"},
            )
            for i in externals:
                self._contact_node(cluster, i)
            for start in range(0, len(externals), height):
                column = externals[start : start + height]
                for upper, lower in pairwise(column):
                    cluster.edge(_node_name(upper), _node_name(lower), style="invis")
        self._external_reporting()

    def _external_reporting(self) -> None:
        contacts, index = self.people.contacts, self.people.index
        for i in self.people.externals:
            boss = index.get(contacts[i].reports_to or "")
            if boss is not None and boss != i:
                self.graph.edge(_node_name(boss), _node_name(i), constraint="false", weight="0")
        for i in self.people.internal:
            boss = index.get(contacts[i].reports_to or "")
            if boss is not None and boss != i and i not in self.people.parent:
                self.graph.edge(_node_name(boss), _node_name(i), constraint="false", weight="0")

    def _dotted_lines(self) -> None:
        for i, contact in enumerate(self.people.contacts):
            for boss_id in contact.also_reports_to:
                boss = self.people.index.get(boss_id)
                if boss is None or boss == i:
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
        for link in self.account.influence:
            source = self.people.index.get(link.source)
            target = self.people.index.get(link.target)
            if source is None or target is None or source == target:
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

    def _legend(self, graph: graphviz.Digraph, host: int | None) -> None:
        """The legend level with the top person, to their right: the top rank of a tree is
        nearly empty, so there it costs no room."""
        graph.node("legend", self.fit.legend.html, shape="plain", style="", **{"class": "legend"})
        if host is not None:
            with graph.subgraph() as row:
                row.attr(rank="same")
                row.edge(_node_name(host), "legend", style="invis")


def _new_graph() -> graphviz.Digraph:
    return graphviz.Digraph(
        "orgchart",
        graph_attr={
            "rankdir": "TB",
            "splines": "polyline",
            "nodesep": "0.12",
            "ranksep": "0.13",
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
            "margin": "0.05,0.02",
            "color": INK,
            "fillcolor": "white",
        },
        edge_attr={"arrowhead": "none", "color": INK, "penwidth": "1", "class": "reports"},
    )


def _html_title(text: str) -> str:
    return f"<<B>{escape_html(text)}</B>>"


# ---- Legend ----------------------------------------------------------------------------------

_LEGEND_LINE_PT = 13.0  # one row of the legend
_SMALL = f'POINT-SIZE="{SMALL_SIZE:g}"'


@dataclass(frozen=True)
class _Item:
    """One legend entry: a sample (HTML cells) and its explanation."""

    sample: str
    sample_width: float
    text: str
    bold: bool = False

    @property
    def text_width(self) -> float:
        return text_width(f" {self.text}   ", SMALL_SIZE, self.bold)

    def cells(self) -> str:
        body = escape_html(self.text)
        body = f"<B>{body}</B>" if self.bold else body
        text = f'<TD ALIGN="LEFT"><FONT POINT-SIZE="{SMALL_SIZE:g}"> {body}   </FONT></TD>'
        return (self.sample or "<TD></TD>") + text


@dataclass(frozen=True)
class _Legend:
    html: str
    width: float
    height: float


def _legends(labels: OrgChartLabels) -> list[_Legend]:
    """The legend as grids of 8 down to 1 entries per row: the layout picks the one that fits
    best beside the top person."""
    groups = _legend_items(labels)
    widest = max(len(group) for group in groups)
    return [_legend_grid(groups, per_row) for per_row in range(widest, 0, -1)]


def _legend_grid(groups: Sequence[Sequence[_Item]], per_row: int) -> _Legend:
    """One table, a sample cell and a text cell per entry, each group of entries starting a
    row: in a grid the rows share their column widths (Graphviz would spread out a short
    row of a nested table)."""
    rows = [
        group[start : start + per_row]
        for group in groups
        for start in range(0, len(group), per_row)
    ]
    count = max(len(row) for row in rows)
    samples = [max(row[j].sample_width for row in rows if j < len(row)) for j in range(count)]
    texts = [max(row[j].text_width for row in rows if j < len(row)) for j in range(count)]
    body = "".join(
        "<TR>"
        + "".join(item.cells() for item in row)
        + "<TD></TD><TD></TD>" * (count - len(row))
        + "</TR>"
        for row in rows
    )
    html = f'<<TABLE BORDER="0" CELLSPACING="2" CELLPADDING="1">{body}</TABLE>>'
    width = sum(samples) + sum(texts) + 6.0 * count
    return _Legend(html, width, len(rows) * _LEGEND_LINE_PT)


def _legend_items(labels: OrgChartLabels) -> list[list[_Item]]:
    """The entries in three groups: stances, lines and borders, roles."""
    stances = [_Item("", 0.0, labels.legend, bold=True)]
    for stance, (fill, symbol) in STANCE_STYLES.items():
        stances.append(_Item(_swatch(fill, symbol), 26.0, labels.stances.get(stance, stance)))
    styles = [
        _Item(_swatch(GREY_FILL, ""), 26.0, labels.departed),
        _Item(_swatch("white", "", style="dashed"), 26.0, labels.vacant),
        _Item(_swatch("white", "", border=2), 26.0, labels.border),
        _Item(_line_sample("", INK, 1), 26.0, labels.reports_to),
        _Item(_line_sample("dotted", INK, 1), 26.0, labels.dotted_line),
        _Item(_line_sample("dashed", LINK_COLOUR, 2), 26.0, labels.influence_link),
    ]
    roles = []
    for role in ROLE_ORDER:
        badge = labels.role_badges.get(role, role)
        sample = f'<TD WIDTH="24"><FONT {_SMALL}><B>{escape_html(badge)}</B></FONT></TD>'
        width = max(26.0, text_width(badge, SMALL_SIZE, True) + 4)
        roles.append(_Item(sample, width, labels.roles.get(role, role)))
    prefix = escape_html(labels.owner_prefix)
    owner = f'<TD WIDTH="24"><FONT {_SMALL}>{prefix}</FONT></TD>'
    roles.append(
        _Item(owner, max(26.0, text_width(labels.owner_prefix, SMALL_SIZE) + 4), labels.owner)
    )
    return [stances, styles, roles]


def _swatch(fill: str, text: str, style: str = "", border: int = 1) -> str:
    extra = f' STYLE="{style}"' if style else ""
    body = f'<FONT POINT-SIZE="{SMALL_SIZE:g}"><B>{escape_html(text) or " "}</B></FONT>'
    return f'<TD BORDER="{border}" BGCOLOR="{fill}" COLOR="{INK}" WIDTH="24"{extra}>{body}</TD>'


def _line_sample(style: str, colour: str, width: int) -> str:
    """A short line, drawn as the bottom border of the upper of two stacked cells."""
    extra = f' STYLE="{style}"' if style else ""
    line = f'<TD HEIGHT="5" WIDTH="24" BORDER="{width}" SIDES="B" COLOR="{colour}"{extra}></TD>'
    return (
        f'<TD><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>{line}</TR>'
        '<TR><TD HEIGHT="5"></TD></TR></TABLE></TD>'
    )


def org_chart_dot(
    account: Account, labels: OrgChartLabels, page: tuple[float, float] = PAGE_PT
) -> str:
    """The chart's DOT source: the same account and labels always give the same text.
    ``page`` is the area (in points) the layout is fitted to."""
    return _Builder(account, labels, page).build()


# ---- SVG -------------------------------------------------------------------------------------

_SVG_START = re.compile(r"<svg\b")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_GROUP_ID = re.compile(r'<g id="[^"]*" class=')
_EMPTY_GROUP = re.compile(r'<g class="cluster">\s*</g>\s*')
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


def render_svg(dot_source: str, timeout: float = 60.0) -> str:
    """The chart as an ``<svg>`` element to inline in HTML.

    Sizing: the fixed ``width``/``height`` in pt are replaced by ``width="100%"`` and
    ``style="max-width:<width>pt;height:auto"`` while the ``viewBox`` is kept, so the chart
    shrinks to its container but never grows past its natural size (browsers and WeasyPrint
    both keep the aspect ratio); a stylesheet can override both, and ``svg_size_pt`` gives
    the natural size.

    Dropped: the XML prolog, DOCTYPE and comments (so ``&#45;`` can be written ``-``); the
    ids of groups (``node1``... would repeat when a page holds two charts); the ``<title>``
    elements, which hold internal node names (``c12``) that browsers would show as tooltips;
    the empty groups of borderless clusters. Groups keep their classes (``node contact
    stance-champion influence-high``, ``edge influence strength-strong``...).

    Runs ``dot`` once, with a timeout; nothing is written to disk."""
    svg = _run_dot(dot_source, timeout)
    start = _SVG_START.search(svg)
    if start is None:
        raise DotFailed("dot produced no <svg> element")
    svg = _COMMENT.sub("", svg[start.start() :])
    svg = _TITLE.sub("", _GROUP_ID.sub("<g class=", svg))
    svg = _EMPTY_GROUP.sub("", svg).replace("&#45;", "-")
    return _SIZE.sub(
        lambda m: f'<svg width="100%" style="max-width:{m[1]}pt;height:auto"', svg, count=1
    ).strip()


def svg_size_pt(svg: str) -> tuple[float, float]:
    """The natural width and height of a chart from ``render_svg``, in points."""
    found = _VIEWBOX.search(svg)
    if found is None:
        raise ValueError("no viewBox in the SVG")
    return float(found[1]), float(found[2])


_INSTALL = "install the Debian package graphviz (apt-get install graphviz)"


def _run_dot(source: str, timeout: float) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise ToolMissing(f"Graphviz's `dot` was not found on PATH; {_INSTALL}")
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    try:
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
            env=env,
        )
    except subprocess.TimeoutExpired as err:
        raise DotFailed(f"dot took longer than {timeout:g} s") from err
    except OSError as err:
        raise ToolMissing(f"cannot run Graphviz's `dot` ({err}); {_INSTALL}") from err
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise DotFailed(f"dot failed (exit {done.returncode}): {message[:500]}")
    return done.stdout.decode("utf-8")
