"""The view-model of the battle map: everything the templates show, already decided,
ordered, localized and formatted, built from one compiled account.

Why: templates stay simple (loops and fields, no logic), and the one place that turns
account data into markup, the org chart's SVG, is marked safe here, after it was
produced from escaped labels.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from markupsafe import Markup

from battlemap.checks.logo import IMAGE_HEAD_BYTES, image_type, logo_file
from battlemap.checks.logo_size import MAX_LOGO_BYTES
from battlemap.options import DEFAULT_PAGE_SIZE, PAGE_SIZES, BuildOptions
from battlemap.pipeline import Compiled
from battlemap.render.context import Note, RenderContext
from battlemap.render.jinja import extra_css
from battlemap.render.map.details import (
    Deal,
    Matrix,
    NeedTable,
    NegotiationView,
    Profile,
    Wins,
    competition,
    deals,
    needs,
    negotiation,
    profile,
    wins,
)
from battlemap.render.map.front import FlagRow, Front, all_flags, front
from battlemap.render.map.history import (
    PerformanceView,
    Relationship,
    VisitRow,
    performance,
    relationship,
    visits,
)
from battlemap.render.map.layout import PageOneLayout, page_one_layout
from battlemap.render.map.orgchart_view import OrgChart, org_chart
from battlemap.render.strings import html_lang


@dataclass(frozen=True)
class MapView:
    lang: str
    html_lang: str
    ui: dict[str, str]
    title: str
    front: Front
    layout: PageOneLayout
    orgchart: OrgChart
    profile: Profile
    wins: Wins
    deals: tuple[Deal, ...]
    flags: tuple[FlagRow, ...]
    needs: tuple[NeedTable, ...]
    competition: tuple[Matrix, ...]
    negotiation: tuple[NegotiationView, ...]
    relationship: Relationship
    performance: PerformanceView | None
    visits: tuple[VisitRow, ...]
    notes: tuple[Note, ...]
    page_css: str
    extra_css: Markup


def logo_data_uri(compiled: Compiled) -> str | None:
    """The account's logo as a ``data:`` URI, or None (no logo, unsafe path, missing file,
    not an image). The type comes from the bytes embedded, never from the file's name."""
    value = compiled.account.profile.get("logo")
    if not isinstance(value, str):
        return None
    found = logo_file(value, compiled.repository)
    if found is None or not found.is_file() or found.stat().st_size > MAX_LOGO_BYTES:
        return None
    content = found.read_bytes()
    kind = image_type(content[:IMAGE_HEAD_BYTES])
    if kind is None:
        return None
    return f"data:{kind};base64," + base64.b64encode(content).decode("ascii")


def page_css(options: BuildOptions) -> str:
    """The ``@page`` size rule (a name from `PAGE_SIZES` only: no option text reaches the CSS)."""
    size = options.page_size if options.page_size in PAGE_SIZES else DEFAULT_PAGE_SIZE
    return f"@page {{ size: {size} {'landscape' if options.landscape else 'portrait'}; }}"


def build_view(compiled: Compiled, options: BuildOptions) -> MapView:
    ctx = RenderContext.of(compiled)
    first = front(ctx, logo_data_uri(compiled))
    layout = page_one_layout(first, options)
    sections = (deals(ctx), relationship(ctx))
    return MapView(
        lang=compiled.lang,
        html_lang=html_lang(compiled.lang),
        ui=ctx.ui,
        title=f"{compiled.account.name} · {ctx.ui['map_title']}",
        front=first,
        layout=layout,
        orgchart=org_chart(ctx, options, layout),
        profile=profile(ctx),
        wins=wins(ctx),
        deals=sections[0],
        flags=all_flags(ctx),
        needs=needs(ctx),
        competition=competition(ctx),
        negotiation=negotiation(ctx),
        relationship=sections[1],
        performance=performance(ctx),
        visits=visits(ctx),
        notes=tuple(ctx.notes),
        page_css=page_css(options),
        extra_css=extra_css(options.css),
    )
