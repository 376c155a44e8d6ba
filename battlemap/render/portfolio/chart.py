"""The attack/defend matrix of the portfolio index, as geometry for an inline SVG.

Placement: across, the share of wallet (0 to 100 %) with the playbook's strong-share line;
up, the upper half holds the attractive accounts and the lower half the others (the same
test that decides the posture), and within each half the accounts are ordered by wallet,
largest at the top, and spread evenly. Why rank and not a log scale of the wallet: the halves
then match the posture exactly, wallets in different currencies are never compared as
amounts, and evenly spread points do not overlap. Labels are placed greedily beside their
point where they collide with no other label or point; a label with no free place is left
out (the point keeps its tooltip, and the table lists every account).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from battlemap.render.widths import clip, ems

WIDTH, HEIGHT = 760, 470
LEFT, RIGHT, TOP, BOTTOM = 58, 14, 30, 42
FONT_PX = 11.0
CAPTION_PX = 10.0
LABEL_EMS = 11.0
MAX_RADIUS = 5.0
CROWDED = 80
"""Past this many accounts, a label is tried only beside its point (the chart is too full
for labels set apart to help, and trying them all would take a noticeable time)."""
POSTURE_COLOURS = {
    "attack": "#b3261e",
    "defend": "#1f4fa3",
    "maintain": "#0d7a5f",
    "monitor": "#6b7385",
    "win_back": "#7b3fb8",
    "exit": "#3a3f4b",
}
POSTURE_GLYPHS = {
    "attack": "●",
    "defend": "■",
    "maintain": "◆",
    "monitor": "▲",
    "win_back": "▼",
    "exit": "✕",
}


@dataclass(frozen=True)
class Dot:
    """One account to place: its label, share (None: not placed), half and wallet."""

    label: str
    title: str
    posture: str
    share: float | None
    attractive: bool
    wallet: float


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def hits(self, other: Box) -> bool:
        return not (
            self.x + self.width <= other.x
            or other.x + other.width <= self.x
            or self.y + self.height <= other.y
            or other.y + other.height <= self.y
        )


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    shape: str
    """An SVG path drawing the posture's marker."""
    colour: str
    title: str
    label: str | None
    label_x: float
    label_y: float
    anchor: str
    leader: str | None
    """The path of a line to a label set apart from its point."""


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Caption:
    x: float
    y: float
    anchor: str
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    middle: float
    strong_x: float
    ticks: tuple[Tick, ...]
    captions: tuple[Caption, ...]
    points: tuple[Point, ...]


PAD = 8.0
"""Inside the plot's frame, so that a marker at 0 % or 100 % is drawn whole."""


def plot_x(share: float) -> float:
    return LEFT + PAD + max(0.0, min(share, 1.0)) * (WIDTH - LEFT - RIGHT - 2 * PAD)


def _path(*points: tuple[float, float], closed: bool = True) -> str:
    moves = "L".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f"M{moves}" + ("z" if closed else "")


def _marker(posture: str, x: float, y: float, r: float) -> str:
    """The marker's path: a circle, square, diamond, triangle up or down, or a cross."""
    s = r * 1.25
    shapes = {
        "defend": _path((x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)),
        "maintain": _path((x, y - s), (x + s, y), (x, y + s), (x - s, y)),
        "monitor": _path((x - s, y + s * 0.8), (x + s, y + s * 0.8), (x, y - s)),
        "win_back": _path((x - s, y - s * 0.8), (x + s, y - s * 0.8), (x, y + s)),
        "exit": _path((x - r, y - r), (x + r, y + r), closed=False)
        + _path((x + r, y - r), (x - r, y + r), closed=False),
    }
    circle = f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0"
    return shapes.get(posture, f"{circle}a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0z")


def _positions(dots: Sequence[Dot]) -> list[tuple[Dot, float, float, float]]:
    """Each placed dot with its x, y and marker radius (see the module's docstring)."""
    middle = (TOP + HEIGHT - BOTTOM) / 2
    placed = []
    halves = (
        (True, (TOP + CAPTION_PX + 4, middle)),
        (False, (middle, HEIGHT - BOTTOM - CAPTION_PX - 4)),
    )
    for attractive, (low, high) in halves:
        band = [d for d in dots if d.attractive == attractive and d.share is not None]
        band.sort(key=lambda d: (-d.wallet, d.label))
        step = (high - low) / max(len(band), 1)
        radius = max(2.0, min(MAX_RADIUS, step / 2 - 0.5))
        for rank, dot in enumerate(band):
            placed.append((dot, plot_x(dot.share or 0.0), low + (rank + 0.5) * step, radius))
    return placed


class Taken:
    """The boxes already drawn, bucketed in a grid so that a check looks only nearby."""

    CELL = 32.0

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[Box]] = {}

    def _keys(self, box: Box) -> list[tuple[int, int]]:
        xs = range(int(box.x // self.CELL), int((box.x + box.width) // self.CELL) + 1)
        ys = range(int(box.y // self.CELL), int((box.y + box.height) // self.CELL) + 1)
        return [(i, j) for i in xs for j in ys]

    def add(self, box: Box) -> None:
        for key in self._keys(box):
            self._cells.setdefault(key, []).append(box)

    def hits(self, box: Box) -> bool:
        return any(box.hits(other) for key in self._keys(box) for other in self._cells.get(key, ()))


def _label_box(x: float, y: float, width: float, anchor: str) -> Box:
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return Box(left, y - FONT_PX * 0.85, width, FONT_PX * 1.1)


def _candidates(x: float, y: float, r: float, far: bool) -> list[tuple[float, float, str]]:
    """Where a label may go, nearest first: beside the point (right, left, above, below),
    then (``far``) further out to either side, higher or lower, with a leader line."""
    near = r + 3
    found = [
        (x + near, y + 4, "start"),
        (x - near, y + 4, "end"),
        (x, y - near - 1, "middle"),
        (x, y + near + 10, "middle"),
    ]
    for reach in (8.0, 20.0, 34.0, 50.0, 68.0, 90.0, 115.0) if far else ():
        for rise in (0.0, -7.0, 7.0, -14.0, 14.0, -21.0, 21.0, -28.0, 28.0, -36.0, 36.0):
            found += [
                (x + near + reach, y + 4 + rise, "start"),
                (x - near - reach, y + 4 + rise, "end"),
            ]
    return found


def _inside(box: Box) -> bool:
    return (
        box.x >= LEFT + 1
        and box.x + box.width <= WIDTH - RIGHT - 1
        and box.y >= TOP
        and box.y + box.height <= HEIGHT - BOTTOM
    )


def _place_label(
    text: str, x: float, y: float, r: float, taken: Taken, far: bool = True
) -> tuple[float, float, str] | None:
    width = ems(text) * FONT_PX + 2
    for lx, ly, anchor in _candidates(x, y, r, far):
        box = _label_box(lx, ly, width, anchor)
        if _inside(box) and not taken.hits(box):
            taken.add(box)
            return lx, ly, anchor
    return None


def _leader(x: float, y: float, r: float, spot: tuple[float, float, str]) -> str | None:
    """A line from the point to a label set apart from it (None for a label beside it)."""
    lx, ly, anchor = spot
    if anchor == "middle" or (abs(lx - x) <= r + 3.5 and abs(ly - 4 - y) < 1):
        return None
    end = lx - 1.5 if anchor == "start" else lx + 1.5
    start = x + r if anchor == "start" else x - r
    return f"M{start:.1f},{y:.1f}L{end:.1f},{ly - 3.5:.1f}"


def _captions(texts: Sequence[str]) -> list[Caption]:
    """The quadrants' names in their outer corners: top left, top right, bottom left, right."""
    top, bottom = TOP + CAPTION_PX + 2.0, HEIGHT - BOTTOM - 5.0
    left, right = LEFT + 5.0, WIDTH - RIGHT - 5.0
    spots = [(left, top, "start"), (right, top, "end"), (left, bottom, "start")]
    spots.append((right, bottom, "end"))
    return [Caption(x, y, anchor, t) for (x, y, anchor), t in zip(spots, texts, strict=False)]


def _caption_box(caption: Caption) -> Box:
    width = ems(caption.text) * CAPTION_PX + 2
    left = caption.x - width if caption.anchor == "end" else caption.x
    return Box(left, caption.y - CAPTION_PX, width, CAPTION_PX + 2)


def chart(
    dots: Sequence[Dot], strong_share: float, ticks: Sequence[Tick], captions: Sequence[str] = ()
) -> Chart:
    """The matrix with every dot that has a share placed, labelled where there is room."""
    placed = _positions(dots)
    corners = _captions(captions)
    taken = Taken()
    for box in [Box(x - r - 1, y - r - 1, 2 * r + 2, 2 * r + 2) for _, x, y, r in placed]:
        taken.add(box)
    for caption in corners:
        taken.add(_caption_box(caption))
    points = []
    for dot, x, y, r in sorted(placed, key=lambda item: (item[2], item[1])):
        label = clip(dot.label, LABEL_EMS)
        spot = _place_label(label, x, y, r, taken, len(placed) <= CROWDED)
        points.append(
            Point(
                x=round(x, 1),
                y=round(y, 1),
                shape=_marker(dot.posture, x, y, r),
                colour=POSTURE_COLOURS.get(dot.posture, "#3a3f4b"),
                title=dot.title,
                label=label if spot else None,
                label_x=round(spot[0], 1) if spot else 0.0,
                label_y=round(spot[1], 1) if spot else 0.0,
                anchor=spot[2] if spot else "start",
                leader=_leader(x, y, r, spot) if spot else None,
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=HEIGHT - BOTTOM,
        middle=(TOP + HEIGHT - BOTTOM) / 2,
        strong_x=round(plot_x(strong_share), 1),
        ticks=tuple(ticks),
        captions=tuple(corners),
        points=tuple(points),
    )


def label_boxes(points: Sequence[Point]) -> list[Box]:
    """The boxes of the drawn labels (for tests: no two of them overlap)."""
    return [
        _label_box(p.label_x, p.label_y, ems(p.label) * FONT_PX + 2, p.anchor)
        for p in points
        if p.label is not None
    ]
