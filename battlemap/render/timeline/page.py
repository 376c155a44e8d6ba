"""`battlemap history --format html`: the account's trajectory on one self-contained page.

Charts are inline SVG drawn here, one column per point (commit), so that every chart of the
page shares the same horizontal axis: the stage of each deal coloured by its coverage, the
stance and trust of each member of the buying committee as small multiples, and the flag
count. Commit subjects and names are untrusted text: they reach the page only through Jinja's
autoescaping or `markupsafe.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from battlemap.language import Words, counted
from battlemap.playbook.labels import Labels
from battlemap.render.jinja import render_template
from battlemap.render.strings import html_lang
from battlemap.render.timeline.words import account_name, point_sentences
from battlemap.timeline import Timeline

COLUMN = 28
"""Horizontal distance between two points, in SVG units (px on screen)."""
ROW = 16
_STANCE_ORDER = ("opponent", "skeptic", "neutral", "unknown", "supporter", "champion")
_SEVERITY_COLOURS = {"error": "var(--red)", "warning": "var(--amber)", "info": "var(--accent)"}
_SEVERITY_WORDS = {
    "error": ("error", "errors", "个错误级预警"),
    "warning": ("warning", "warnings", "个警告级预警"),
    "info": ("info", "infos", "个提示"),
}
_COVERAGE_COLOURS = {"green": "var(--green)", "amber": "var(--amber)", "red": "var(--red)"}

_TEXTS = {
    "title": Words("{name}: history", "{name}：历史"),
    "deals": Words(
        "Deals: stage over time, coloured by coverage", "商机：各阶段随时间的变化（颜色表示覆盖）"
    ),
    "committee": Words("Buying committee: stance and trust", "采购决策团队：立场与信任"),
    "flags": Words("Flags per commit", "每个提交的预警数"),
    "points": Words("Commits", "提交记录"),
    "date": Words("Date", "日期"),
    "commit": Words("Commit", "提交"),
    "subject": Words("Subject", "说明"),
    "as_of": Words("As of", "数据日期"),
    "changes": Words("What moved", "变化"),
    "broken": Words("{errors.en}: not assessed", "{errors.zh}，未评估"),
    "legend": Words(
        "Dots: stance (higher is warmer, from opponent to champion); bars: trust, the sum of"
        " the four pillars (0-20).",
        "圆点：立场（越高越支持，从反对者到拥护者）；柱：信任，四项信任之和（0-20）。",
    ),
    "none": Words("No deals in any revision.", "各版本均无商机。"),
}


@dataclass(frozen=True)
class PointRow:
    date: str
    commit: str
    link: str | None
    subject: str
    as_of: str
    changes: tuple[str, ...]


GUTTER = 96
"""Room on the left of a deal's chart for the stage names."""


def _width(points: Sequence[object], gutter: int = 0) -> int:
    return gutter + COLUMN * max(len(points), 1)


def _x(index: int, gutter: int = 0) -> int:
    return gutter + COLUMN // 2 + COLUMN * index


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="timeline-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}">{"".join(body)}</svg>'
    )


def _mark(shape: str, attributes: str, tip: str) -> str:
    """One SVG shape with its tooltip (escaped: it may hold names and dates)."""
    return f"<{shape} {attributes}><title>{escape(tip)}</title></{shape}>"


@dataclass(frozen=True)
class Column:
    """One point as the charts read it: its day and its data (`Point.as_dict`)."""

    day: str
    data: dict[str, Any]
    assessed: bool
    errors: int


def columns(found: Timeline) -> list[Column]:
    return [
        Column(p.revision.date[:10], p.as_dict(), p.account is not None, p.errors)
        for p in found.points
    ]


def deal_chart(points: list[Column], ident: str, title: str, labels: Labels) -> Markup:
    """One deal's stage per point (a dot where the deal exists), coloured by coverage."""
    stages = labels.stage_order
    height = ROW * len(stages) + ROW
    width = _width(points, GUTTER)
    body: list[str] = []
    for i, stage in enumerate(stages):
        y = ROW * (len(stages) - i)
        body.append(
            f'<line class="grid" x1="{GUTTER}" y1="{y}" x2="{width}" y2="{y}"/>'
            f'<text class="axis" x="{GUTTER - 6}" y="{y + 4}" text-anchor="end">'
            f"{escape(labels.stage(stage))}</text>"
        )
    previous: tuple[int, int] | None = None
    for index, point in enumerate(points):
        deal = point.data["opportunities"].get(ident)
        if deal is None or deal["stage"] not in stages:
            previous = None
            continue
        x, y = _x(index, GUTTER), ROW * (len(stages) - stages.index(deal["stage"]))
        if previous is not None:
            body.append(f'<line x1="{previous[0]}" y1="{previous[1]}" x2="{x}" y2="{y}"/>')
        colour = _COVERAGE_COLOURS.get(deal["coverage"] or "", "var(--muted)")
        coverage = labels.of("coverage", deal["coverage"])
        tip = f"{point.day} {labels.stage(deal['stage'])} · {coverage}"
        body.append(_mark("circle", f'cx="{x}" cy="{y}" r="5" fill="{colour}"', tip))
        previous = (x, y)
    return _svg(width, height, title, body)


def member_chart(points: list[Column], ident: str, title: str, labels: Labels) -> Markup:
    """One committee member: stance (upper band, higher is warmer) and the sum of the four
    trust pillars (lower band, 0-20) per point."""
    band = ROW * 3
    floor = band * 2 + ROW // 2
    body: list[str] = []
    stance_line: list[str] = []
    for index, point in enumerate(points):
        person = point.data["contacts"].get(ident)
        if person is None or not person["present"]:
            continue
        x = _x(index)
        stance = person["stance"]
        rank = _STANCE_ORDER.index(stance) if stance in _STANCE_ORDER else 3
        y = band - rank * band // len(_STANCE_ORDER)
        tip = f"{point.day} {labels.of('stances', stance)}"
        body.append(_mark("circle", f'class="stance" cx="{x}" cy="{y}" r="4"', tip))
        stance_line.append(f"{x},{y}")
        total = sum(v or 0 for v in person["trust"].values())
        top = floor - total * band // 20
        bar = f'class="trust" x="{x - 5}" y="{top}" width="10" height="{floor - top}"'
        body.append(_mark("rect", bar, f"{point.day} {total}/20"))
    if len(stance_line) > 1:
        body.insert(0, f'<polyline class="stance" points="{" ".join(stance_line)}"/>')
    return _svg(_width(points), floor + ROW // 2, title, body)


def flag_chart(points: list[Column], lang: str) -> Markup:
    """Flags per point, stacked by severity; a broken revision as a hollow mark."""
    top = max((sum(p.data["flags"].values()) for p in points), default=0) or 1
    height = ROW * 5
    body: list[str] = []
    for index, point in enumerate(points):
        x = _x(index) - 6
        if not point.assessed:
            errors = counted(point.errors, "error", "errors", "个错误")
            broken = _TEXTS["broken"].format(errors=errors).in_(lang)
            where = f'class="broken" x="{x}" y="{height - 8}" width="12" height="8"'
            body.append(_mark("rect", where, f"{point.day} {broken}"))
            continue
        bottom = height
        for severity, colour in _SEVERITY_COLOURS.items():
            found = point.data["flags"][severity]
            size = found * (height - ROW) // top
            if size:
                bottom -= size
                where = f'x="{x}" y="{bottom}" width="12" height="{size}" fill="{colour}"'
                named = counted(found, *_SEVERITY_WORDS[severity]).in_(lang)
                body.append(_mark("rect", where, f"{point.day} {named}"))
    return _svg(_width(points), height, _TEXTS["flags"].in_(lang), body)


def _committee(found: Timeline) -> list[tuple[str, str]]:
    """(id, name) of everyone on a deal's buying committee in any assessed revision, in
    the order they first appear."""
    members: dict[str, str] = {}
    for point in found.points:
        if point.account is None or point.assessment is None:
            continue
        for deal in point.assessment.opportunities:
            for ident in deal.committee:
                person = point.account.contact(ident)
                if person is not None and person.present:
                    members.setdefault(ident, person.label)
    return list(members.items())


def _deals(found: Timeline) -> list[tuple[str, str]]:
    deals: dict[str, str] = {}
    for point in found.points:
        for deal in point.account.opportunities if point.account else ():
            deals[deal.id] = deal.name or deal.id
    return list(deals.items())


def history_page(found: Timeline, lang: str, templates: Path | None, commit_url: str | None) -> str:
    """The timeline page. ``commit_url`` (with ``{commit}``) links each point to its commit;
    without it no point links anywhere."""
    labels = Labels(found.playbook, lang)
    rows = [
        PointRow(
            point.revision.date[:10],
            point.revision.commit[:7],
            commit_url.replace("{commit}", point.revision.commit) if commit_url else None,
            point.revision.subject,
            point.as_of.isoformat() if point.as_of else "–",
            tuple(said),
        )
        for point, said in point_sentences(found, lang)
    ]
    texts = {key: words.in_(lang) for key, words in _TEXTS.items()}
    points = columns(found)
    name = account_name(found)
    return render_template(
        "history.html",
        templates,
        page_lang=html_lang(lang),
        page_title=_TEXTS["title"].format(name=name).in_(lang),
        page_css=["common.css", "history.css"],
        texts=texts,
        deals=[(t, deal_chart(points, ident, t, labels)) for ident, t in _deals(found)],
        members=[(t, member_chart(points, ident, t, labels)) for ident, t in _committee(found)],
        flags=flag_chart(points, lang),
        rows=list(reversed(rows)),
    )
