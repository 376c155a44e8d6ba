"""The battle map as one self-contained HTML file (CSS and SVG inline, no script)."""

from __future__ import annotations

from battlemap.options import BuildOptions
from battlemap.pipeline import Compiled
from battlemap.render.jinja import render_template
from battlemap.render.map.view import build_view

MAIN_TEMPLATE = "base.html"


def render_html(compiled: Compiled, options: BuildOptions) -> bytes:
    view = build_view(compiled, options)
    return render_template(MAIN_TEMPLATE, options.templates, map=view, ui=view.ui).encode("utf-8")
