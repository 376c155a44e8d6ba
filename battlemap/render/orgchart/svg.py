"""The chart drawn: ``dot`` run on the DOT source, its SVG made fit to inline in HTML."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import lru_cache

from battlemap.render.orgchart.measure import HTML_ESCAPES, is_control
from battlemap.render.orgchart.style import LEGIBLE_SCALE


class ToolMissing(RuntimeError):
    """Graphviz's ``dot`` is not on PATH, or cannot be started (``reason``: the OS's words).
    The page that needed the chart says how to install it (``system_tools.dot_missing``)."""

    def __init__(self, reason: str | None = None) -> None:
        super().__init__(f"cannot run Graphviz's `dot`: {reason}" if reason else "no `dot` on PATH")
        self.reason = reason


class DotFailed(RuntimeError):
    """``dot`` ran but failed or timed out (a bug in the DOT we wrote, or a stuck process)."""


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
    the natural size. ``min-width`` keeps the scale readable (``LEGIBLE_SCALE``): on a narrow
    screen the chart's box scrolls sideways (map.css); print.css lifts it for paper, where
    the layout chose the scale.

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
        lambda m: (
            f'<svg width="100%" style="max-width:{m[1]}pt;'
            f'min-width:{float(m[1]) * LEGIBLE_SCALE:.1f}pt;height:auto"'
        ),
        svg,
        count=1,
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
    cleaned = "".join(" " if is_control(ch) else ch for ch in text)
    return "".join(HTML_ESCAPES.get(ch, ch) for ch in cleaned)


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
    return _dot_output(dot, source, timeout)


@lru_cache(maxsize=32)
def _dot_output(dot: str, source: str, timeout: float) -> str:
    """``dot``'s SVG of a DOT source, kept for the last few (it depends on the source alone):
    a resident process (`battlemap serve`) redraws only the charts an edit changed. A
    failure is not kept."""
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
