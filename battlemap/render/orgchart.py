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
ranks and pull on no positions. Lines are ``splines=polyline``: ``ortho`` aborts dot 2.43
(an assertion in maze.c) on these layouts. The legend is not drawn here: ``legend`` lists
its entries for the HTML under the chart (it reads at the page's type size there and takes
no room from the chart).

Big organisations (``org_charts``): a chart must print at ``LEGIBLE_SCALE`` (10 pt names at
7 pt) or larger. When the whole chart would not on page one, page one gets an overview of
the top levels (managers whose people are left out carry a "+N" badge) and the whole chart
follows on a page of its own; when not even a page holds it, one chart per department
(the block under each of the top person's reports, split again below its head when still
too big). Every contact is in at least one chart. Which charts to draw is decided from the
planner's size estimates (within about 5 % of dot's), so ``dot`` runs once per chart drawn.

Safety: contact texts only ever reach DOT through ``escape_html`` inside HTML-like labels,
and nodes are named ``c0``, ``c1``... by position, never by contact id or name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from math import ceil, inf
from typing import Any

import graphviz

from battlemap.model import Account, Contact

__all__ = [
    "LEGIBLE_SCALE",
    "ORG_CHART_LABELS",
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
_TITLE_PT = 24.0  # the external people's cluster: its title and margins
_MORE_ROW_PT = 12.0  # the "+N" line of a collapsed manager (the ranks they sit in grow)

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
    more: str
    """The legend's words for a "+N" badge (the people under a manager drawn elsewhere)."""
    chart: str
    """The accessible name of a chart ({count}: the people drawn)."""
    overview_chart: str
    """... of an overview ({levels}, {count}: the levels shown, everyone in the account)."""
    part_chart: str
    """... of a chart of one part ({name}, {count})."""
    overview_note: str
    overview_note_split: str
    whole_heading: str
    part_heading: str
    continued: str
    list_sep: str


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
        more="其下人数（完整架构见后页）",
        chart="组织架构图：{count} 人",
        overview_chart="组织架构概览：共 {count} 人，显示前 {levels} 层",
        part_chart="组织架构图：{name}，{count} 人",
        overview_note=(
            "概览：共 {count} 人，此处显示前 {levels} 层；+N 为其下人数。完整架构图另起一页。"
        ),
        overview_note_split=(
            "概览：共 {count} 人，此处显示前 {levels} 层；+N 为其下人数。"
            "各部门的完整架构图各占一页，见后。"
        ),
        whole_heading="组织架构图（全部 {count} 人）",
        part_heading="组织架构图：{name}（{count} 人）",
        continued="（续）",
        list_sep="、",
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
        more="people under them (charted in full on a later page)",
        chart="Org chart: {count} contacts",
        overview_chart="Org chart overview: top {levels} levels of {count} contacts",
        part_chart="Org chart: {name}, {count} contacts",
        overview_note=(
            "Overview: the top {levels} levels of {count} contacts; +N counts the people "
            "under a manager. The whole chart follows on a page of its own."
        ),
        overview_note_split=(
            "Overview: the top {levels} levels of {count} contacts; +N counts the people "
            "under a manager. Each department follows in full on a page of its own."
        ),
        whole_heading="Org chart: all {count} contacts",
        part_heading="Org chart: {name} ({count} contacts)",
        continued=" (continued)",
        list_sep=", ",
    ),
}


class ToolMissing(RuntimeError):
    """Graphviz's ``dot`` is not on PATH, or cannot be started (``reason``: the OS's words).
    The page that needed the chart says how to install it (``system_tools.dot_missing``)."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(f"cannot run Graphviz's `dot`: {reason}" if reason else "no `dot` on PATH")
        self.reason = reason


class DotFailed(RuntimeError):
    """``dot`` ran but failed or timed out (a bug in the DOT we wrote, or a stuck process)."""


# ---- Text ------------------------------------------------------------------------------------

_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "]": "&#93;"}
"""``]`` too: dot's parser refuses a bold label that is only ``]`` (found by the fuzz tests)."""


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
    a word longer than a line, e.g. CJK text); the last line takes the rest, clipped.

    Linear in ``text``: widths are summed as the lines grow (never re-measured), and the
    reading stops once the last line is wider than ``ems``, since ``clip`` cuts the rest."""
    out: list[str] = []
    current, width = "", 0.0
    for piece in _pieces((word.group() for word in _WORD.finditer(text)), ems):
        joined = _widen(width, " " + piece) if current else _widen(0.0, piece)
        if current and joined > ems and len(out) < lines - 1:
            out.append(current)
            current, joined = piece, _widen(0.0, piece)
        else:
            current = f"{current} {piece}" if current else piece
        width = joined
        if len(out) == lines - 1 and width > ems:
            break
    out.append(current)
    return [clip(line, ems) for line in out if line] or [""]


_WORD = re.compile(r"\S+")


def _widen(width: float, text: str) -> float:
    """``width`` plus the width of ``text``, added a character at a time (the same sum, to
    the last bit, as measuring the joined text from its start)."""
    for ch in text:
        width += _char_ems(ch)
    return width


def _pieces(words: Iterable[str], ems: float) -> Iterator[str]:
    """Each word, cut into pieces no wider than ``ems`` (measured as the piece grows)."""
    for word in words:
        piece, width = "", 0.0
        for ch in word:
            wider = width + _char_ems(ch)
            if piece and wider > ems:
                yield piece
                piece, wider = "", _char_ems(ch)
            piece += ch
            width = wider
        yield piece


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
    bounded depth. A chart of part of the account draws a ``_scope`` of it: the same
    positions, only some of them ``shown``."""

    contacts: tuple[Contact, ...]
    index: Mapping[str, int]
    parent: Mapping[int, int]
    children: Mapping[int, tuple[int, ...]]
    roots: tuple[int, ...]
    externals: tuple[int, ...]
    internal: tuple[int, ...]
    shown: frozenset[int]


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
        internal=tuple(sorted(inside)),
        shown=frozenset(range(len(contacts))),
    )


def _scope(people: _People, shown: Collection[int]) -> _People:
    """The people of ``shown`` only: reporting lines between two of them kept, anyone whose
    manager is not shown a root (a manager whose reports are not shown has none)."""
    keep = frozenset(shown)
    internal = tuple(i for i in people.internal if i in keep)
    parent = {i: b for i, b in people.parent.items() if i in keep and b in keep}
    return _People(
        contacts=people.contacts,
        index=people.index,
        parent=parent,
        children={i: tuple(k for k in people.children[i] if k in keep) for i in internal},
        roots=tuple(i for i in internal if i not in parent),
        externals=tuple(i for i in people.externals if i in keep),
        internal=internal,
        shown=keep,
    )


def _below(people: _People, node: int) -> list[int]:
    """Everyone under ``node`` in the reporting forest, in drawing order (depth first)."""
    found: list[int] = []
    stack = list(reversed(people.children.get(node, ())))
    while stack:
        kid = stack.pop()
        found.append(kid)
        stack.extend(reversed(people.children.get(kid, ())))
    return found


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

    def __init__(self, people: _People, widths: Mapping[int, float], most: int) -> None:
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

    def scale(self, page: tuple[float, float]) -> float:
        return min(page[0] / self.width, page[1] / self.height)


def _best_fit(
    planner: _Planner,
    side: Sequence[Sequence[float]],
    page: tuple[float, float],
    row: float = _ROW_PT,
    extra: float = 0.0,
) -> _Fit:
    """The rank budget that gives the chart the largest scale on the page (never above 1: a
    chart that fits at full size gains nothing from more room); at equal scale, the smallest
    chart. ``side`` holds groups of boxes stacked in columns at most ``budget`` high beside
    the trees (people with neither manager nor reports; the externals); ``row`` is the height
    of a rank and ``extra`` the height of a cluster's title."""
    best = _Fit(1, 1.0, 1.0)
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
    planner: _Planner, side: Sequence[Sequence[float]], budget: int, row: float, extra: float
) -> _Fit | None:
    people = planner.people
    trees = [planner.table[r][budget] for r in people.roots if people.children[r]]
    if any(w == inf for w in trees):
        return None
    width = sum(trees) + _GAP_PT * max(0, len(trees) - 1)
    for group in (g for g in side if g):
        columns = ceil(len(group) / budget)
        width += (_GAP_PT if width else 0.0) + _CLUSTER_PT + columns * (max(group) + _GAP_PT)
    return _Fit(budget, max(width, 1.0), budget * row + extra)


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


@dataclass(frozen=True)
class _Drawing:
    """What one chart draws: the people shown (a ``_scope``), each one's label, the managers
    drawn with a "+N" badge instead of their reports, and the external people summarised in
    one box instead of drawn."""

    people: _People
    rows: Mapping[int, Sequence[_Row]]
    collapsed: frozenset[int] = frozenset()
    more_external: tuple[int, ...] = ()


_MORE_NODE = "xmore"


class _Builder:
    """Writes the DOT for one drawing; every statement in a fixed order (contacts' order)."""

    def __init__(
        self,
        account: Account,
        drawing: _Drawing,
        labels: OrgChartLabels,
        most: int = _MAX_RANKS,
    ) -> None:
        self.account = account
        self.labels = labels
        self.drawing = drawing
        self.people = drawing.people
        self.rows = drawing.rows
        self.widths = {
            i: max(r.width() for r in self.rows[i]) + _PAD_PT
            for i in (*self.people.internal, *self.people.externals)
        }
        self.planner = _Planner(self.people, self.widths, most)
        self.trees = tuple(r for r in self.people.roots if self.people.children[r])
        self.loose = tuple(r for r in self.people.roots if not self.people.children[r])
        self.side = [[self.widths[i] for i in group] for group in self._side_groups()]
        self.fit = _Fit(1, 1.0, 1.0)
        self.layout: _Layout
        self.graph: graphviz.Digraph

    def _side_groups(self) -> list[list[int]]:
        return [list(self.loose), list(self.people.externals)]

    def estimate(self, page: tuple[float, float]) -> _Fit:
        """The layout that prints largest on ``page`` (estimated from label widths)."""
        side, more = self.side, self.drawing.more_external
        if more:
            rows = _more_external_rows(self.people, more, self.labels)
            side = [*side, [max(r.width() for r in rows) + _PAD_PT]]
        row = _ROW_PT + (_MORE_ROW_PT if self.drawing.collapsed else 0.0)
        extra = _TITLE_PT if more or self.people.externals else 0.0
        return _best_fit(self.planner, side, page, row, extra)

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
        style = _node_style(contact)
        if i in self.drawing.collapsed:
            style["class"] += " collapsed"
        graph.node(_node_name(i), _html_table(self.rows[i]), **style)

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
                    _html_table(_more_external_rows(self.people, more, self.labels)),
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


# ---- Extra rows of a label ------------------------------------------------------------------


def _more_row(people: _People, node: int, hidden: Sequence[int], labels: OrgChartLabels) -> _Row:
    """A collapsed manager's "+N": how many people are under them, and their departments when
    these are not just the manager's own."""
    runs = [_Line(f"+{len(hidden)}", FONT_SIZE, bold=True)]
    departments = Counter(
        people.contacts[i].department for i in hidden if people.contacts[i].department
    )
    names = [str(name) for name, _ in departments.most_common()]
    if names and names != [people.contacts[node].department]:
        runs.append(_Line("  " + clip(labels.list_sep.join(names), 22), colour=INK))
    return _Row(tuple(runs))


def _more_external_rows(
    people: _People, hidden: Sequence[int], labels: OrgChartLabels
) -> list[_Row]:
    rows = [_Row((_Line(f"+{len(hidden)}", FONT_SIZE, bold=True),))]
    names = dict.fromkeys(people.contacts[i].organization for i in hidden)
    found = [str(name) for name in names if name]
    for line in wrap(labels.list_sep.join(found), 22) if found else ():
        rows.append(_Row((_Line(line, italic=True),)))
    return rows


def _above_row(people: _People, node: int) -> _Row:
    """On a chart of one part: whom its top person reports to (drawn on another chart)."""
    boss = people.contacts[people.parent[node]]
    return _Row((_Line(f"↑ {clip(boss.label, 18)}", italic=True, colour=GREY_INK),))


# ---- Legend (drawn in HTML beside the chart) -------------------------------------------------


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


def org_chart_dot(
    account: Account, labels: OrgChartLabels, page: tuple[float, float] = PAGE_PT
) -> str:
    """The DOT source of the whole chart, everyone in it, laid out for ``page`` (points): the
    same account and labels always give the same text."""
    charts = _Charts(account, labels)
    return _Builder(account, charts.drawing(charts.people.shown), labels).build(page)


# ---- Which charts: the whole one, or an overview and the whole or its parts ------------------

LEGIBLE_SCALE = 0.7
"""The least print scale of a chart: names set at 10 pt print at 7 pt or larger."""
OVERVIEW_LEVELS = 3
"""An overview shows at most the top three levels of the reporting forest."""
SMALL_PART = 8
"""Departments of fewer people share a page with their neighbours, as long as it fits."""


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
) -> ChartSet:
    """The charts of an account, laid out for their boxes (in points): the whole chart on page
    one (box ``front``) when it prints there at ``LEGIBLE_SCALE`` or larger; else an
    overview of at most ``levels`` levels on page one (box ``overview_front``, by default
    ``front``) and, on pages of their own (box ``page``), the whole chart or, when even a
    page cannot hold it legibly, one chart per department (each block under a top person;
    a block too big for a page is split again below its head). Everyone is in at least one
    chart. ``overview`` and ``split`` force those steps (for a chart that came out bigger
    than estimated)."""
    charts = _Charts(account, labels)
    everyone = charts.drawing(charts.people.shown)
    if not account.contacts or (not overview and charts.estimate(everyone, front) >= LEGIBLE_SCALE):
        return ChartSet(charts.chart("whole", everyone, front))
    first = charts.overview(overview_front or front, levels)
    if not split and charts.estimate(everyone, page) >= LEGIBLE_SCALE:
        return ChartSet(first, (charts.chart("whole", everyone, page),))
    return ChartSet(first, tuple(charts.parts(page)))


@dataclass(frozen=True)
class _Unit:
    """People charted together: ``heads`` and everyone under them; ``top``: the top person
    above them, drawn too (so the pages chart everyone and each page shows whom its
    department reports to); ``loose``: people in no department (with neither manager nor
    reports, or external)."""

    heads: tuple[int, ...]
    people: tuple[int, ...]
    top: tuple[int, ...] = ()
    loose: bool = False


class _Charts:
    """Chooses and writes the charts of one account."""

    def __init__(self, account: Account, labels: OrgChartLabels) -> None:
        self.account = account
        self.labels = labels
        self.people = _people(account)
        owners = {member.id: member.name for member in account.team}
        self.rows = {i: _label_rows(c, labels, owners) for i, c in enumerate(account.contacts)}
        self.depth: dict[int, int] = {}
        for root in self.people.roots:
            self.depth[root] = 0
            for kid in _below(self.people, root):
                self.depth[kid] = self.depth[self.people.parent[kid]] + 1
        self.area: tuple[float, float] = PAGE_PT

    def drawing(
        self,
        shown: Collection[int],
        collapsed: Collection[int] = (),
        more_external: Sequence[int] = (),
        above: bool = False,
    ) -> _Drawing:
        """``shown`` with ``collapsed`` managers "+N"; with ``above``, each top person whose
        manager is not shown says who that is."""
        people = _scope(self.people, shown)
        rows: dict[int, Sequence[_Row]] = {}
        for i in (*people.internal, *people.externals):
            extra = []
            if above and i in self.people.parent and i not in people.parent:
                extra.append(_above_row(self.people, i))
            if i in collapsed:
                extra.append(_more_row(self.people, i, _below(self.people, i), self.labels))
            rows[i] = [*self.rows[i], *extra]
        return _Drawing(people, rows, frozenset(collapsed), tuple(more_external))

    def estimate(self, drawing: _Drawing, area: tuple[float, float]) -> float:
        """The estimated print scale of ``drawing`` in ``area``, exact enough to compare with
        ``LEGIBLE_SCALE``: layouts of more ranks than could print legibly there are not
        tried (the planner's work grows with the ranks)."""
        most = int(area[1] / (LEGIBLE_SCALE * _ROW_PT)) + 1
        fit = _Builder(self.account, drawing, self.labels, most).estimate(area)
        return min(fit.scale(area), 1.0)

    def fits(self, drawing: _Drawing) -> bool:
        return self.estimate(drawing, self.area) >= LEGIBLE_SCALE

    def chart(self, kind: str, drawing: _Drawing, area: tuple[float, float], **how: Any) -> Chart:
        builder = _Builder(self.account, drawing, self.labels)
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
        found: tuple[int, _Drawing] | None = None
        for levels in range(max(1, min(most, deepest)), 0, -1):
            for full in (True, False) if self.people.externals else (False,):
                found = (levels, self._top(levels, full))
                if self.estimate(found[1], area) >= LEGIBLE_SCALE:
                    return self.chart("overview", found[1], area, levels=levels)
        assert found is not None
        return self.chart("overview", found[1], area, levels=found[0])

    def _top(self, levels: int, externals: bool) -> _Drawing:
        shown = [i for i in self.people.internal if self.depth[i] < levels]
        collapsed = [i for i in shown if self.depth[i] == levels - 1 and self.people.children[i]]
        if externals:
            return self.drawing([*shown, *self.people.externals], collapsed)
        return self.drawing(shown, collapsed, self.people.externals)

    # -- the parts

    def parts(self, area: tuple[float, float]) -> list[Chart]:
        """Every department (the block under each report of a top person) on a page of its
        own; small ones share a page when they fit, and so do the people outside any block
        (with neither manager nor reports; the externals) with the page before; one that does
        not fit is split again (``_split``). The pages chart everyone, the overview or not."""
        self.area = area
        pages: list[Chart] = []
        units = self._units()
        start = 0
        while start < len(units):
            unit = units[start]
            if self.fits(self._pack([unit])):
                end = _longest(
                    start + 1, self._packable(units, start), self._fits_units(units, start)
                )
                pages.append(self._part(units[start:end]))
                start = end
                continue
            if len(unit.heads) > 1:  # the externals
                pages += [self._part([chunk]) for chunk in self._chunks(unit.heads)]
            else:
                pages += self._split(unit.heads[0], unit.top)
            start += 1
        return pages

    def _packable(self, units: Sequence[_Unit], start: int) -> int:
        """The end of the units that may share a page with ``units[start]``: small ones
        while all are small, then only loose ones."""
        small = len(units[start].people) < SMALL_PART
        end = start + 1
        while end < len(units):
            small = small and len(units[end].people) < SMALL_PART
            if not (small or units[end].loose):
                break
            end += 1
        return end

    def _fits_units(self, units: Sequence[_Unit], start: int) -> Callable[[int], bool]:
        return lambda end: self.fits(self._pack(units[start:end]))

    def _units(self) -> list[_Unit]:
        units = []
        for root in self.people.roots:
            if not self.people.children[root]:
                units.append(_Unit((root,), (root,), loose=True))
            for kid in self.people.children[root]:
                units.append(_Unit((kid,), (kid, *_below(self.people, kid)), (root,)))
        if self.people.externals:
            units.append(_Unit(self.people.externals, self.people.externals, loose=True))
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
        return [_Unit(tuple(chunk), tuple(chunk), loose=True) for chunk in chunks]

    def _pack(self, units: Sequence[_Unit]) -> _Drawing:
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
            unit = _Unit((kid,), (kid, *_below(self.people, kid)))
            if self.fits(self._pack([unit])):
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
    ) -> _Drawing:
        shown = [*top, head]
        for kid, expand in chosen:
            shown += [kid, *_below(self.people, kid)] if expand else [kid]
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


# ---- SVG -------------------------------------------------------------------------------------

_SVG_START = re.compile(r"<svg\b")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TITLE = re.compile(r"<title>[^<]*</title>\n?")
_GROUP_ID = re.compile(r'<g id="[^"]*" class=')
_EMPTY_GROUP = re.compile(r'<g class="cluster">\s*</g>\s*')
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')


def render_svg(dot_source: str, timeout: float = 60.0, label: str | None = None) -> str:
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

    Added with ``label``: ``role="img"`` and ``aria-label`` on the root, and the same text in
    a ``<title>`` as its first child (the chart's accessible name; the nodes get none).

    Runs ``dot`` once, with a timeout; nothing is written to disk."""
    svg = _run_dot(dot_source, timeout)
    start = _SVG_START.search(svg)
    if start is None:
        raise DotFailed("dot produced no <svg> element")
    svg = _COMMENT.sub("", svg[start.start() :])
    svg = _TITLE.sub("", _GROUP_ID.sub("<g class=", svg))
    svg = _EMPTY_GROUP.sub("", svg).replace("&#45;", "-")
    svg = _SIZE.sub(
        lambda m: f'<svg width="100%" style="max-width:{m[1]}pt;height:auto"', svg, count=1
    ).strip()
    if label is None:
        return svg
    name = _xml_text(label)
    end = svg.index(">") + 1
    head = svg[:end].replace("<svg ", f'<svg role="img" aria-label="{name}" ', 1)
    return f"{head}\n<title>{name}</title>{svg[end:]}"


def _xml_text(text: str) -> str:
    """Text for an XML attribute or element: markup characters as entities, controls as
    spaces."""
    cleaned = "".join(" " if _is_control(ch) else ch for ch in text)
    return "".join(_HTML_ESCAPES.get(ch, ch) for ch in cleaned)


def svg_size_pt(svg: str) -> tuple[float, float]:
    """The natural width and height of a chart from ``render_svg``, in points."""
    found = _VIEWBOX.search(svg)
    if found is None:
        raise ValueError("no viewBox in the SVG")
    return float(found[1]), float(found[2])


def _run_dot(source: str, timeout: float) -> str:
    dot = shutil.which("dot")
    if dot is None:
        raise ToolMissing()
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
        raise ToolMissing(str(err)) from err
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise DotFailed(f"dot failed (exit {done.returncode}): {message[:500]}")
    return done.stdout.decode("utf-8")
