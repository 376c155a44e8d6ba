"""The HTML maps in a real browser (headless Chromium): no script runs whatever an account
holds, nothing is fetched (not even what user CSS asks for), axe-core finds no serious
accessibility problem, and a phone-wide screen stacks the columns instead of scrolling
sideways."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from battlemap.render.map.html import render_html
from tests.conftest import ROOT
from tests.render_support import EXAMPLES, IMG, JS_URL, SCRIPT, compile_file, hostile_file

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("maps")
    found = {}
    for source in [*EXAMPLES, hostile_file(tmp_path_factory.mktemp("hostile"))]:
        compiled, options = compile_file(source)
        target = folder / f"{source.stem}.html"
        target.write_bytes(render_html(compiled, options))
        found[source.stem] = target
    return found


class Visit:
    """One page opened in the browser, with everything it tried to do."""

    def __init__(self, browser: Any, path: Path, width: int = 1400, axe: bool = False) -> None:
        """``axe``: the page's Content-Security-Policy is bypassed so that axe can be injected."""
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        viewport = {"width": width, "height": 900}
        self.context = browser.new_context(viewport=viewport, bypass_csp=axe)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri(), wait_until="load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, width: int = 1400, axe: bool = False) -> Visit:
        opened.append(Visit(browser, path, width, axe))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def test_no_script_runs_and_text_shows_literally(maps: dict[str, Path], visit: Any) -> None:
    opened = visit(maps["hostile"])
    page = opened.page
    page.wait_for_timeout(200)
    assert opened.dialogs == [] and opened.errors == [] and opened.requests == []
    body = page.inner_text("body")
    for payload in (SCRIPT, IMG, JS_URL, "</style><script>alert(2)</script>"):
        assert payload in body
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('img:not(.logo)').length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0


def test_every_map_opens_cleanly_and_passes_axe(maps: dict[str, Path], visit: Any) -> None:
    script = AXE.read_text(encoding="utf-8")
    for name, path in maps.items():
        opened = visit(path, axe=True)
        assert opened.dialogs == [] and opened.errors == [] and opened.requests == [], name
        page = opened.page
        page.add_script_tag(content=script)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], name


def test_a_phone_stacks_the_columns(maps: dict[str, Path], visit: Any) -> None:
    for name in ("zh", "en"):
        page = visit(maps[name], width=390).page
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 392, name
        chart = page.locator(".glance-chart").bounding_box()
        side = page.locator(".glance-side").bounding_box()
        assert chart and side and side["y"] >= chart["y"] + chart["height"] - 1, name
        figure = page.locator(".orgchart .chart").bounding_box()
        assert figure and figure["width"] <= 390, name  # the chart scrolls in its own box


class _Recorder(BaseHTTPRequestHandler):
    """Answers every GET with a stylesheet, and remembers the path asked for."""

    asked: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.asked.append(self.path)
        body = b"body { background: red; }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def local_server() -> Iterator[tuple[str, list[str]]]:
    """A web server on 127.0.0.1 in a thread: its address, and the paths it was asked for."""
    asked: list[str] = []
    handler = type("Handler", (_Recorder,), {"asked": asked})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_user_css_makes_the_browser_fetch_nothing(
    browser: Any, local_server: tuple[str, list[str]], tmp_path: Path
) -> None:
    address, asked = local_server
    css = tmp_path / "team.css"
    css.write_text(
        f"@import url({address}/import.css);\n"
        f".masthead {{ background: url({address}/background.png); }}\n"
        f"@font-face {{ font-family: x; src: url({address}/font.woff); }}\n"
        "body { font-family: x; }\n",
        encoding="utf-8",
    )
    compiled, options = compile_file(EXAMPLES[0], css=css)
    page_file = tmp_path / "map.html"
    page_file.write_bytes(render_html(compiled, options))
    assert f"{address}/import.css" in page_file.read_text(encoding="utf-8")
    page = browser.new_page()
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    page.close()
    assert asked == []
