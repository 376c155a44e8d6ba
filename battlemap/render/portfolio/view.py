"""The view-model of the portfolio index (``OUT/index.html``): every account built, from the
summary rows of battlemap/portfolio.py (the build cache keeps the rows of accounts that were
not rebuilt, so the index always covers them all).

Stale: an account whose as-of date is more than the playbook's ``stale_after_days`` before
the reference day, which is ``--today`` when given, else the newest as-of date of the
portfolio. Why not the clock: the index would change just because a day passed, and two
builds of the same input must be identical.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from battlemap.diagnostics import Severity
from battlemap.movements import TALLIES
from battlemap.playbook import text
from battlemap.render.formatting import Formatter
from battlemap.render.page_strings import page_strings
from battlemap.render.portfolio.chart import (
    POSTURE_COLOURS,
    POSTURE_GLYPHS,
    Chart,
    Dot,
    Tick,
    chart,
    plot_x,
)
from battlemap.render.strings import html_lang

SEVERITIES: tuple[str, ...] = tuple(Severity)
COVERAGE = ("green", "amber", "red")


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class AccountRow:
    id: str
    name: str
    short_name: str | None
    href: str
    tier_id: str
    tier: str
    posture_id: str
    posture: str
    owner: str
    stages: tuple[str, ...]
    pipeline: str
    coverage: tuple[Count, ...]
    flags: tuple[Count, ...]
    gaps: int
    as_of: str
    as_of_iso: str
    stale: bool
    moved: str
    """What moved in the last 30 days ("–" when git cannot tell); shown with --today."""


@dataclass(frozen=True)
class Summary:
    """A group of accounts (those in one currency, or of one owner) in sum."""

    name: str
    accounts: int
    amounts: dict[str, Decimal]
    """Currency -> open pipeline."""
    pipeline: str
    stages: tuple[str, ...]
    """Open pipeline by stage (a group in one currency; else empty)."""
    flags: tuple[Count, ...]
    gaps: int
    stale: int


@dataclass(frozen=True)
class LegendItem:
    glyph: str
    colour: str
    label: str


@dataclass(frozen=True)
class IndexView:
    lang: str
    html_lang: str
    ui: dict[str, str]
    title: str
    count: str
    reference: str
    stale_rule: str
    stages: tuple[str, ...]
    severities: tuple[Count, ...]
    accounts: tuple[AccountRow, ...]
    show_moved: bool
    totals: tuple[Summary, ...]
    owners: tuple[Summary, ...]
    chart: Chart
    matrix_how: str
    legend: tuple[LegendItem, ...]
    not_placed: str


@dataclass(frozen=True)
class Portfolio:
    """The inputs of the index besides the rows: the playbook, language and day."""

    book: Mapping[str, Any]
    lang: str
    today: date | None
    link_format: str = "html"

    def label(self, section: str, ident: str | None) -> str:
        for item in self.book.get(section) or ():
            if isinstance(item, Mapping) and item.get("id") == ident:
                return text(item.get("label"), self.lang) or str(ident)
        return str(ident) if ident else ""

    def group_label(self, group: str, key: str) -> str:
        value = (self.book.get("labels") or {}).get(group, {}).get(key)
        return text(value, self.lang) or key


def _day(value: Any) -> date:
    return date.fromisoformat(str(value))


def reference_day(rows: Sequence[Mapping[str, Any]], today: date | None) -> date | None:
    """The day staleness is judged on: ``--today``, else the newest as-of date."""
    if today is not None:
        return today
    return max((_day(r["as_of"]) for r in rows), default=None)


def is_stale(row: Mapping[str, Any], reference: date | None, limit: int) -> bool:
    return reference is not None and (reference - _day(row["as_of"])).days > limit


def _dec(value: Any) -> Decimal:
    return Decimal(str(value or 0))


class _Money:
    """A formatter per currency, sharing the language and the reference year."""

    def __init__(self, lang: str, year: int | None) -> None:
        self.lang, self.year = lang, year
        self._found: dict[str, Formatter] = {}

    def __call__(self, currency: str) -> Formatter:
        if currency not in self._found:
            self._found[currency] = Formatter(self.lang, currency, self.year)
        return self._found[currency]


def _counts(
    values: Mapping[str, Any], keys: Sequence[str], labels: Mapping[str, str]
) -> tuple[Count, ...]:
    return tuple(Count(k, labels.get(k, k), int(values.get(k, 0) or 0)) for k in keys)


def _tier_order(portfolio: Portfolio) -> dict[str | None, int]:
    tiers = [t.get("id") for t in portfolio.book.get("tiers") or () if isinstance(t, Mapping)]
    return {ident: n for n, ident in enumerate(tiers)}


def sorted_rows(rows: Sequence[Mapping[str, Any]], portfolio: Portfolio) -> list[Mapping[str, Any]]:
    """By tier (the playbook's order, no tier last), then open pipeline, largest first."""
    order = _tier_order(portfolio)
    return sorted(
        rows,
        key=lambda r: (
            order.get(r.get("tier"), len(order)),
            -_dec(r["pipeline_total"]),
            r["name"],
            r["id"],
        ),
    )


def account_row(
    row: Mapping[str, Any], portfolio: Portfolio, stages: Sequence[str], money: _Money, stale: bool
) -> AccountRow:
    fmt = money(row["currency"])
    pipeline = row.get("pipeline") or {}
    severities = {s: portfolio.group_label("severities", s) for s in SEVERITIES}
    coverage = {c: portfolio.group_label("coverage", c) for c in COVERAGE}
    return AccountRow(
        id=row["id"],
        name=row["name"],
        short_name=row.get("short_name"),
        href=f"{row['id']}.{portfolio.link_format}",
        tier_id=row.get("tier") or "none",
        tier=portfolio.label("tiers", row.get("tier")) or page_strings(portfolio.lang)["no_tier"],
        posture_id=row["posture"],
        posture=portfolio.label("postures", row["posture"]),
        owner=row.get("owner") or "–",
        stages=tuple(fmt.money_short(v) if (v := _dec(pipeline.get(s))) else "" for s in stages),
        pipeline=fmt.money_short(_dec(row["pipeline_total"])),
        coverage=tuple(
            c for c in _counts(row.get("coverage") or {}, COVERAGE, coverage) if c.count
        ),
        flags=_counts(row.get("flags") or {}, SEVERITIES, severities),
        gaps=int(row.get("trust_gaps") or 0),
        as_of=fmt.day(_day(row["as_of"])),
        as_of_iso=str(row["as_of"]),
        stale=stale,
        moved=moved_text(row.get("moved"), portfolio.lang),
    )


def moved_text(moved: Mapping[str, Any] | None, lang: str) -> str:
    """The "moved" cell: each non-zero count in words, in `TALLIES` order."""
    ui = page_strings(lang)
    if moved is None:
        return "–"
    if moved.get("new"):
        return ui["moved_new"]
    if moved.get("broken"):
        return ui["moved_unknown"]
    said = [ui[f"moved_{key}"].replace("{n}", str(moved[key])) for key in TALLIES if moved.get(key)]
    return ui["list_sep"].join(said) or ui["moved_none"]


@dataclass(frozen=True)
class _Sums:
    """What every summary needs besides its group: stages, formats, labels, stale ids."""

    stages: Sequence[str]
    money: _Money
    labels: Mapping[str, str]
    stale: set[str]
    sep: str


def summary(name: str, group: Sequence[Mapping[str, Any]], sums: _Sums) -> Summary:
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for row in group:
        amounts[row["currency"]] += _dec(row["pipeline_total"])
    flags = {s: sum(int((r.get("flags") or {}).get(s, 0)) for r in group) for s in SEVERITIES}
    stages: tuple[str, ...] = ()
    if len(amounts) == 1:
        fmt = sums.money(next(iter(amounts)))
        by_stage = [sum(_dec((r.get("pipeline") or {}).get(s)) for r in group) for s in sums.stages]
        stages = tuple(fmt.money_short(v) if v else "" for v in by_stage)
    return Summary(
        name=name,
        accounts=len(group),
        amounts=dict(sorted(amounts.items())),
        pipeline=sums.sep.join(sums.money(c).money_short(v) for c, v in sorted(amounts.items())),
        stages=stages,
        flags=_counts(flags, SEVERITIES, sums.labels),
        gaps=sum(int(r.get("trust_gaps") or 0) for r in group),
        stale=sum(1 for r in group if r["id"] in sums.stale),
    )


def _groups(rows: Sequence[Mapping[str, Any]], key: str) -> dict[str, list[Mapping[str, Any]]]:
    found: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        found[str(row.get(key) or "–")].append(row)
    return found


def totals(rows: Sequence[Mapping[str, Any]], sums: _Sums) -> tuple[Summary, ...]:
    """One summary per currency, in the currencies' alphabetical order."""
    groups = _groups(rows, "currency")
    return tuple(summary(c, groups[c], sums) for c in sorted(groups))


def owners(rows: Sequence[Mapping[str, Any]], sums: _Sums) -> tuple[Summary, ...]:
    """One summary per owner (by name), those with the most accounts first."""
    groups = _groups(rows, "owner")
    return tuple(
        summary(o, groups[o], sums) for o in sorted(groups, key=lambda o: (-len(groups[o]), o))
    )


def _dots(rows: Sequence[Mapping[str, Any]], portfolio: Portfolio, money: _Money) -> list[Dot]:
    found = []
    for row in rows:
        share = row.get("share_of_wallet")
        fmt = money(row["currency"])
        posture = portfolio.label("postures", row["posture"])
        shown = "–" if share is None else fmt.percent(share)
        found.append(
            Dot(
                label=row.get("short_name") or row["name"],
                title=f"{row['name']} · {posture} · {shown} · {fmt.money_short(row.get('wallet'))}",
                posture=row["posture"],
                share=None if share is None else float(share),
                attractive=bool(row.get("attractive")),
                wallet=float(row.get("wallet") or 0),
            )
        )
    return found


def _quadrants(portfolio: Portfolio) -> list[str]:
    """Each quadrant's caption (top left, top right, bottom left, bottom right): its name
    and the posture it gives an active account."""
    matrix = ((portfolio.book.get("posture") or {}).get("matrix") or {}).get("active") or {}
    found = []
    for key in ("attractive_weak", "attractive_strong", "unattractive_weak", "unattractive_strong"):
        posture = portfolio.label("postures", matrix.get(key)) if matrix.get(key) else ""
        caption = portfolio.group_label("quadrants", key)
        found.append(f"{caption} → {posture}" if posture else caption)
    return found


def _legend(rows: Sequence[Mapping[str, Any]], portfolio: Portfolio) -> tuple[LegendItem, ...]:
    present = {r["posture"] for r in rows}
    postures = [
        str(p.get("id")) for p in portfolio.book.get("postures") or () if isinstance(p, Mapping)
    ]
    return tuple(
        LegendItem(
            POSTURE_GLYPHS.get(p, "●"),
            POSTURE_COLOURS.get(p, "#3a3f4b"),
            portfolio.label("postures", p),
        )
        for p in postures
        if p in present
    )


def _ticks(fmt: Formatter) -> list[Tick]:
    return [Tick(round(plot_x(v), 1), fmt.percent(v)) for v in (0, 0.25, 0.5, 0.75, 1)]


def build_index_view(rows: Sequence[Mapping[str, Any]], portfolio: Portfolio) -> IndexView:
    ui = page_strings(portfolio.lang)
    reference = reference_day(rows, portfolio.today)
    limit = int(portfolio.book.get("stale_after_days") or 90)
    money = _Money(portfolio.lang, reference.year if reference else None)
    stages = [s["id"] for s in portfolio.book.get("stages") or () if isinstance(s, Mapping)]
    stale = {r["id"] for r in rows if is_stale(r, reference, limit)}
    ordered = sorted_rows(rows, portfolio)
    severities = _counts(
        {}, SEVERITIES, {s: portfolio.group_label("severities", s) for s in SEVERITIES}
    )
    strong = float((portfolio.book.get("posture") or {}).get("strong_share") or 0)
    fmt = money("CNY")
    day = fmt.day(reference) if reference else "–"
    sums = _Sums(stages, money, {c.key: c.label for c in severities}, stale, ui["list_sep"])
    return IndexView(
        lang=portfolio.lang,
        html_lang=html_lang(portfolio.lang),
        ui=ui,
        title=ui["portfolio_title"],
        count=ui["accounts_count"].replace("{count}", str(len(rows))),
        reference=day,
        stale_rule=ui["stale_rule"].replace("{days}", str(limit)).replace("{date}", day),
        stages=tuple(portfolio.label("stages", s) for s in stages),
        severities=severities,
        accounts=tuple(account_row(r, portfolio, stages, money, r["id"] in stale) for r in ordered),
        show_moved=portfolio.today is not None,
        totals=totals(rows, sums),
        owners=owners(ordered, sums),
        chart=chart(_dots(ordered, portfolio, money), strong, _ticks(fmt), _quadrants(portfolio)),
        matrix_how=ui["matrix_how"].replace("{line}", fmt.percent(strong)),
        legend=_legend(rows, portfolio),
        not_placed=ui["list_sep"].join(
            r.get("short_name") or r["name"] for r in ordered if r.get("share_of_wallet") is None
        ),
    )


INDEX_TEMPLATE = "index.html"
INDEX_PAGE_CSS = "index_page.css"


def render_index(
    rows: Sequence[Mapping[str, Any]],
    portfolio: Portfolio,
    templates: Path | None,
    pdf: bool = False,
) -> dict[str, bytes]:
    """``index.html``, and ``index.pdf`` when asked for: file name -> content."""
    from battlemap.render.jinja import render_template

    view = build_index_view(rows, portfolio)
    html = render_template(INDEX_TEMPLATE, templates, index=view, ui=view.ui)
    pages = {"index.html": html.encode("utf-8")}
    if pdf:
        day = reference_day(rows, portfolio.today) or date(1970, 1, 1)
        pages["index.pdf"] = index_pdf(html, templates, day, portfolio.lang)
    return pages


def index_pdf(html: str, templates: Path | None, day: date, lang: str) -> bytes:
    """The index as a PDF (A4 landscape, page numbers), through the battle map's pipeline."""
    from battlemap.render.jinja import environment
    from battlemap.render.pdf import pdf_from_html, templates_fetcher

    page_css = environment(templates).get_template(INDEX_PAGE_CSS).render()
    return pdf_from_html(html, templates_fetcher(), day, lang, [page_css])
