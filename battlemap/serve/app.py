"""The web application: the routes of a built folder, served from memory, and the event stream
that reloads open pages when a watched file changes.

Routes: ``/`` (and ``/index.html``) the portfolio index, ``/<id>.html`` the map,
``/<id>.brief.html`` the brief of the next visit, ``/<id>.pdf`` the map as a PDF (made on
request). Names are looked up among the accounts in memory, never on disk: no other path,
no YAML, no listing (404). Requests whose Host header is not this server's are refused
(DNS rebinding); no CORS header is ever sent.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from watchfiles import DefaultFilter, awatch

from battlemap.commands.brief import BriefOptions, NoVisit, choose_visit, render_brief
from battlemap.commands.build import renderers
from battlemap.diagnostics import printable, usage_error_line
from battlemap.language import Words, file_lang, os_reason
from battlemap.render.errors import RenderError
from battlemap.serve import pages
from battlemap.serve.workspace import EVERY_PAGE, INDEX, Served, Workspace, render_error_lines

WATCH_STEP_MS = 20
"""How long the watcher waits for more changes after one (an editor's save is several)."""
EVENT_POLL_S = 0.2
"""How often an open event stream checks that the server is stopping."""

_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
_SUFFIXES = {".brief.html": "brief", ".html": "map", ".pdf": "pdf"}
UPDATED = Words("updated: {pages}", "已更新：{pages}")
NOT_FOUND = Words(
    "404 Not Found: no page of battlemap serve has this address", "404 找不到：没有这个地址的页面"
)
CANNOT_READ = Words("cannot read {path}: {why.en}", "无法读取 {path}：{why.zh}")
MORE = Words(" (and {count} more)", "（另有 {count} 条）")
REFUSED_HOST = Words(
    "battlemap serve answers only to its own address (Host header refused)",
    "battlemap serve 只响应它自己的地址（Host 头被拒绝）",
)


def host_name(header: str) -> str:
    """The host of a Host header, without its port: ``[::1]:8000`` -> ``[::1]``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def bracketed(host: str) -> str:
    """An address as a Host header writes it (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class HostCheck:
    """Refuses (421) a request whose Host header names another server: a page of some web
    site whose name was made to resolve to 127.0.0.1 cannot read the accounts. Accepted:
    the served address, localhost, 127.0.0.1 and [::1], with any port; on a wildcard address
    (0.0.0.0, ::) also the address the request came in on (the machine's own interfaces)."""

    def __init__(self, app: ASGIApp, served: str, lang: str) -> None:
        self.app = app
        self.allowed = {"localhost", "127.0.0.1", "[::1]", bracketed(served.lower())}
        self.wildcard = served in ("0.0.0.0", "::")
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self.accepts(scope):
            refused = PlainTextResponse(REFUSED_HOST.in_(self.lang), 421, _HEADERS)
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def accepts(self, scope: Scope) -> bool:
        headers = dict(scope.get("headers") or ())
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host in self.allowed:
            return True
        local = scope.get("server")
        return self.wildcard and local is not None and host == bracketed(str(local[0]))


class Broadcast:
    """The open event streams, each a queue of events; ``generation`` counts the changes."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[str]] = set()
        self.generation = 0

    def event(self, paths: list[str]) -> str:
        return json.dumps({"generation": self.generation, "pages": paths})

    def publish(self, paths: list[str]) -> None:
        self.generation += 1
        for queue in self.queues:
            queue.put_nowait(self.event(paths))


def page_paths(names: Iterable[str]) -> list[str]:
    """The URL paths of the pages a change affects."""
    paths: set[str] = set()
    for name in names:
        if name == INDEX:
            paths.update(("/", "/index.html"))
        elif name == EVERY_PAGE:
            paths.add(EVERY_PAGE)
        else:
            paths.update((f"/{name}.html", f"/{name}.brief.html"))
    return sorted(paths)


class Site:
    """The routes over one workspace."""

    def __init__(
        self,
        workspace: Workspace,
        stopping: Callable[[], bool],
        log: Callable[[str], None],
        terminal_lang: str,
    ) -> None:
        self.workspace = workspace
        self.stopping = stopping
        self.log = log
        self.terminal_lang = terminal_lang
        self.broadcast = Broadcast()

    # ---- watching ------------------------------------------------------------------------

    async def watch(self, stop: asyncio.Event) -> None:
        folders = self.workspace.watched_folders()
        async for changes in awatch(
            *folders, watch_filter=DefaultFilter(), stop_event=stop, step=WATCH_STEP_MS
        ):
            changed = {Path(path).resolve() for _, path in changes}
            started = time.perf_counter()
            try:
                names = await run_in_threadpool(self.workspace.apply, changed)
            except OSError as err:  # a folder removed or made unreadable while being read
                why = CANNOT_READ.format(path=printable(str(err.filename)), why=os_reason(err))
                self.log(usage_error_line(why.in_(self.terminal_lang), self.terminal_lang))
                continue
            if names:
                self.broadcast.publish(page_paths(names))
                self.report(names, time.perf_counter() - started)

    def report(self, names: set[str], seconds: float) -> None:
        """One line per update on the terminal, then the problems of the broken files."""
        shown = ", ".join(sorted(n for n in names if n not in (INDEX, EVERY_PAGE))) or "index"
        self.log(f"{UPDATED.format(pages=shown).in_(self.terminal_lang)} ({seconds:.2f} s)")
        for served in self.workspace.broken():
            for line in served.problems:
                self.log(f"  {line}")

    # ---- pages ---------------------------------------------------------------------------

    def respond(self, html: bytes, status: int = 200, overlay: str = "") -> Response:
        nonce = secrets.token_urlsafe(18)
        body, policy = pages.served_page(html, nonce, self.broadcast.generation, overlay)
        headers = {**_HEADERS, "Content-Security-Policy": policy}
        return Response(body, status, headers, media_type="text/html; charset=utf-8")

    def problems_over(self, served: Served) -> str:
        if not served.broken:
            return ""
        heading = pages.KEPT if served.compiled is not None else pages.NOTHING_YET
        return pages.overlay(served.lang, heading.in_(served.lang), served.problems)

    def render_failed(self, err: RenderError, lang: str) -> Response:
        """A template, stylesheet or tool the page needs cannot be used: said on the page."""
        heading = pages.CANNOT_RENDER.in_(lang)
        page = pages.bare_page(lang, heading)
        return self.respond(page, 500, pages.overlay(lang, heading, render_error_lines(err, lang)))

    async def index(self, request: Request) -> Response:
        broken = self.workspace.broken()
        lang = file_lang(self.workspace.options.lang, broken[0].lang if broken else None)
        try:
            html = await run_in_threadpool(self.workspace.index_html)
        except RenderError as err:
            return self.render_failed(err, lang)
        if not broken:
            return self.respond(html)
        lines = [_first_problem(s, lang) for s in broken]
        links = [f"{s.name}.html" for s in broken]
        heading = pages.INDEX_PROBLEMS.in_(lang)
        return self.respond(html, overlay=pages.overlay(lang, heading, lines, links))

    async def page(self, request: Request) -> Response:
        name = str(request.path_params["name"])
        suffix = next((s for s in _SUFFIXES if name.endswith(s)), None)
        if suffix is None:
            return not_found(self.terminal_lang)
        stem = name[: -len(suffix)]
        served = self.workspace.find(stem)
        if served is None:
            return not_found(self.terminal_lang)
        if served.name != stem:
            return RedirectResponse(f"/{served.name}{suffix}", 307, _HEADERS)
        kind = _SUFFIXES[suffix]
        if kind == "map":
            return self.map_page(served)
        if kind == "brief":
            return await self.brief_page(served)
        return await self.pdf(served)

    def map_page(self, served: Served) -> Response:
        overlay = self.problems_over(served)
        if served.html is None:
            return self.respond(pages.bare_page(served.lang, served.name), overlay=overlay)
        return self.respond(served.html, overlay=overlay)

    async def brief_page(self, served: Served) -> Response:
        compiled, lang = served.compiled, served.lang
        overlay = self.problems_over(served)
        if compiled is None:
            return self.respond(pages.bare_page(lang, served.name), 404, overlay)
        options = self.workspace.options
        try:
            visit = choose_visit(compiled.account, None, options.today)
        except NoVisit as why:
            title = pages.NO_BRIEF.format(name=compiled.account.name).in_(lang)
            body = f"<h1>{escape(title)}</h1><p>{escape(why.why.in_(lang))}</p>"
            body += f"<pre>{escape(chr(10).join(why.visits(lang)))}</pre>"
            return self.respond(pages.bare_page(lang, title, body), 404, overlay)
        brief = BriefOptions(build=options)
        try:
            html = await run_in_threadpool(render_brief, compiled, visit, brief)
        except RenderError as err:
            return self.render_failed(err, lang)
        return self.respond(html, overlay=overlay)

    async def pdf(self, served: Served) -> Response:
        if served.compiled is None:
            return not_found(self.terminal_lang)
        render = renderers()["pdf"]
        try:
            content = await run_in_threadpool(render, served.compiled, self.workspace.options)
        except RenderError as err:
            return self.render_failed(err, served.lang)
        return Response(content, 200, _HEADERS, media_type="application/pdf")

    async def events(self, request: Request) -> Response:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self.broadcast.queues.add(queue)
        queue.put_nowait(self.broadcast.event([]))

        async def stream() -> AsyncIterator[str]:
            try:
                yield "retry: 500\n\n"
                while not self.stopping():
                    try:
                        event = await asyncio.wait_for(queue.get(), EVENT_POLL_S)
                    except TimeoutError:
                        continue
                    yield f"data: {event}\n\n"
            finally:
                self.broadcast.queues.discard(queue)

        return StreamingResponse(stream(), headers=_HEADERS, media_type="text/event-stream")


def _first_problem(served: Served, lang: str) -> str:
    """A file's first problem, and how many more it has."""
    more = len(served.problems) - 1
    return served.problems[0] + (MORE.format(count=more).in_(lang) if more else "")


def not_found(lang: str) -> Response:
    return PlainTextResponse(NOT_FOUND.in_(lang), 404, _HEADERS)


def make_app(site: Site, served_host: str) -> ASGIApp:
    """The application: the site's routes, its watcher while it runs, the Host check."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        watcher = asyncio.create_task(site.watch(stop))
        try:
            yield
        finally:
            stop.set()
            watcher.cancel()

    routes = [
        Route("/", site.index),
        Route("/index.html", site.index),
        Route(pages.EVENTS, site.events),
        Route("/{name}", site.page),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.router.redirect_slashes = False  # a folder's name answers 404 like any other
    return HostCheck(app, served_host, site.terminal_lang)
