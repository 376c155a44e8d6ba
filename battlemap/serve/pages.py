"""Served pages: the built HTML plus, and only when served, the script that reloads it after
a change and, over it, the diagnostics of a file with errors.

Built files stay script-free: the script is added here, to the response, with a nonce made
for that response. The page keeps its own Content-Security-Policy and gains exactly
``script-src 'nonce-…'; connect-src 'self'`` (the script and its event stream): anything else
a page could load (a remote ``@import`` in ``--css``) stays blocked as in the built file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from html import escape

from battlemap.language import Words
from battlemap.resources import data_dir

EVENTS = "/.battlemap/events"
"""The Server-Sent Events stream: each event names the pages (URL paths) to reload."""

_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

_RELOAD_SCRIPT = (
    "(()=>{const page=location.pathname;const born=%d;let first=true;"
    f'const events=new EventSource("{EVENTS}");'
    "events.onmessage=(e)=>{const d=JSON.parse(e.data);const missed=first&&d.generation>born;"
    'first=false;if(missed||d.pages.includes("*")||d.pages.includes(page))location.reload();};})();'
)
"""Each event: ``{"generation": n, "pages": [...]}``; the first, on connecting, names no page
but says whether a change came between the page being made (generation ``born``) and the
stream opening: then the page reloads too."""


def reload_script(generation: int) -> str:
    return _RELOAD_SCRIPT % generation


_OVERLAY_CSS = (
    "#battlemap-diagnostics{position:fixed;top:0;left:0;right:0;z-index:2147483647;"
    "max-height:60vh;overflow:auto;margin:0;padding:12px 20px;background:#fff4f4;"
    "color:#1a1a1a;border-bottom:3px solid #b71c1c;box-shadow:0 2px 10px rgba(0,0,0,.3);"
    "font:14px/1.5 system-ui,sans-serif}"
    "#battlemap-diagnostics h2{margin:0 0 6px;font-size:16px;color:#b71c1c}"
    "#battlemap-diagnostics ol{margin:0;padding-left:1.4em}"
    "#battlemap-diagnostics li{font:13px/1.5 ui-monospace,monospace;white-space:pre-wrap;"
    "overflow-wrap:anywhere}"
)

KEPT = Words(
    "This file has errors: the page shows its last good version. "
    "Fix them and save; the page updates by itself.",
    "文件有错误：页面显示的是上次正确的版本。改正后保存，页面会自动更新。",
)
NOTHING_YET = Words(
    "This file has errors, so it has no map yet. Fix them and save; the page updates by itself.",
    "文件有错误，还不能生成地图。改正后保存，页面会自动更新。",
)
INDEX_PROBLEMS = Words(
    "These account files have errors (the index shows their last good version, if any):",
    "以下客户档案有错误（索引中显示的是它们上次正确的版本，如有）：",
)
CANNOT_RENDER = Words("This page cannot be made", "无法生成这个页面")
NO_BRIEF = Words("No visit brief for {name}", "{name} 没有拜访简报")


@cache
def built_policy() -> str:
    """The Content-Security-Policy of built pages (the shipped ``_csp.html``)."""
    found = _CSP_META.search((data_dir("templates") / "_csp.html").read_text(encoding="utf-8"))
    if found is None:
        raise RuntimeError("templates/_csp.html holds no Content-Security-Policy")
    return found[1]


def served_policy(page_policy: str, nonce: str) -> str:
    return f"{page_policy}; script-src 'nonce-{nonce}'; connect-src 'self'"


def served_page(html: bytes, nonce: str, generation: int, overlay: str = "") -> tuple[bytes, str]:
    """The page as served (its policy widened by the script's nonce only, the overlay and
    the reload script before ``</body>``), and that policy for the response's header."""
    text = html.decode("utf-8")
    found = _CSP_META.search(text)
    policy = served_policy(found[1] if found else built_policy(), nonce)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    if found:
        text = text[: found.start()] + meta + text[found.end() :]
    script = f'<script nonce="{nonce}">{reload_script(generation)}</script>'
    added = overlay + script
    end = text.rfind("</body>")
    text = text + added if end < 0 else text[:end] + added + text[end:]
    return text.encode("utf-8"), policy


def overlay(lang: str, heading: str, lines: Sequence[str], links: Sequence[str] = ()) -> str:
    """The element ``battlemap-diagnostics``: a heading and one item per line (each line
    with a link to its page when ``links`` gives one)."""
    items = []
    for number, line in enumerate(lines):
        link = links[number] if number < len(links) else ""
        body = f'<a href="{escape(link)}">{escape(line)}</a>' if link else escape(line)
        items.append(f"<li>{body}</li>")
    return (
        f'<section id="battlemap-diagnostics" role="alert" lang="{escape(lang)}">'
        f"<style>{_OVERLAY_CSS}</style><h2>{escape(heading)}</h2><ol>{''.join(items)}</ol>"
        "</section>"
    )


def bare_page(lang: str, title: str, body: str = "") -> bytes:
    """A page of its own (no map yet, no brief) with the built pages' policy."""
    policy = escape(built_policy())
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head><body>{body}</body></html>\n"
    ).encode()
